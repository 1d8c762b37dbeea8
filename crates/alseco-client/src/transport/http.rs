//! The hyper client behind [`HttpTransport`].

use super::config::{TlsRoots, TransportConfig};
use super::error::{TimeoutPhase, TransportError};
use alseco_types::OperationDescriptor;
use alseco_types::soap::SoapVersion;
use alseco_types::xml::Limits;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::future::Future;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::observe::Exchange;

/// Posts SOAP envelopes to the service over one shared, pooled, keep-alive connection pool.
///
/// Cheap to clone: clones share the pool.
#[derive(Clone)]
pub struct HttpTransport {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    config: TransportConfig,
}

impl std::fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTransport")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

fn tls_config(roots: &TlsRoots) -> Result<rustls::ClientConfig, TransportError> {
    let mut store = rustls::RootCertStore::empty();
    let extra: &[Vec<u8>] = match roots {
        TlsRoots::Custom(config) => return Ok(config.as_ref().clone()),
        TlsRoots::Webpki => &[],
        TlsRoots::WebpkiPlus(extra) => extra,
        TlsRoots::Only(certs) => certs,
    };
    if !matches!(roots, TlsRoots::Only(_)) {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    for der in extra {
        store
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| TransportError::Setup(format!("bad root certificate: {e}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError::Setup(e.to_string()))?
        .with_root_certificates(store)
        .with_no_client_auth())
}

impl HttpTransport {
    /// A transport with its own connection pool. Needs a tokio runtime when used.
    pub fn new(config: TransportConfig) -> Result<Self, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(config.connect_timeout));
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls_config(&config.tls)?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(config.pool_idle_timeout)
            .build(https);
        Ok(HttpTransport {
            inner: Arc::new(Inner { client, config }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &TransportConfig {
        &self.inner.config
    }

    /// Posts one envelope with the headers of `soap_action` and returns the response body
    /// (HTTP 200, or 500 carrying a SOAP fault).
    pub async fn post(
        &self,
        soap_action: &str,
        envelope: Vec<u8>,
    ) -> Result<Bytes, TransportError> {
        let config = &self.inner.config;
        let version = config.soap_version;
        let mut request = Request::post(config.endpoint.uri().clone())
            .header(CONTENT_TYPE, version.content_type(soap_action))
            .header(USER_AGENT, &config.user_agent);
        if version == SoapVersion::Soap11 {
            request = request.header("SOAPAction", format!("\"{soap_action}\""));
        }
        let envelope = Bytes::from(envelope);
        let request = request
            .body(Full::new(envelope.clone()))
            .map_err(|e| TransportError::Setup(e.to_string()))?;
        let started = SystemTime::now();
        let clock = Instant::now();
        let mut status_seen = None;
        let exchange = async {
            let response = self
                .inner
                .client
                .request(request)
                .await
                .map_err(|e| self.classify(e))?;
            let status = response.status().as_u16();
            status_seen = Some(status);
            let is_xml = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .is_some_and(|v| v.contains("xml"));
            let limit = config.max_response_bytes;
            let body = Limited::new(response.into_body(), limit)
                .collect()
                .await
                .map_err(|e| {
                    if e.downcast_ref::<http_body_util::LengthLimitError>()
                        .is_some()
                    {
                        TransportError::TooLarge { limit }
                    } else {
                        TransportError::Http(e)
                    }
                })?;
            let body = body.to_bytes();
            if status == 200 || (status == 500 && is_xml) {
                Ok(body)
            } else {
                let text = String::from_utf8_lossy(&body[..body.len().min(512)]).into_owned();
                Err(TransportError::Status { status, body: text })
            }
        };
        let result = match tokio::time::timeout(config.request_timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout {
                phase: TimeoutPhase::Response,
                after: config.request_timeout,
            }),
        };
        if let Some(observer) = &config.observer {
            observer.0.on_exchange(&Exchange {
                soap_action,
                request: &envelope,
                response: result.as_ref().ok().map(|b| b.as_ref()),
                status: status_seen,
                error: result.as_ref().err(),
                started,
                elapsed: clock.elapsed(),
            });
        }
        result
    }

    fn classify(&self, e: hyper_util::client::legacy::Error) -> TransportError {
        if !e.is_connect() {
            return TransportError::Http(Box::new(e));
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
        while let Some(s) = source {
            if s.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            {
                return TransportError::Timeout {
                    phase: TimeoutPhase::Connect,
                    after: self.inner.config.connect_timeout,
                };
            }
            source = s.source();
        }
        TransportError::Connect(Box::new(e))
    }
}

impl alseco_types::Transport for HttpTransport {
    type Error = TransportError;
    type Body = Bytes;

    fn soap_version(&self) -> SoapVersion {
        self.inner.config.soap_version
    }

    fn limits(&self) -> Limits {
        Limits {
            max_text_len: self.inner.config.max_response_bytes,
            ..Limits::default()
        }
    }

    fn send(
        &self,
        operation: &'static OperationDescriptor,
        envelope: Vec<u8>,
    ) -> impl Future<Output = Result<Bytes, TransportError>> + Send {
        self.post(operation.soap_action, envelope)
    }
}
