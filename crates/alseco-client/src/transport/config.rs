//! What a transport needs to know: where, how long to wait, how much to read, whom to trust.

use alseco_types::soap::SoapVersion;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The service's address: an `http` or `https` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    uri: hyper::Uri,
}

/// Why a string is not a usable endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    text: String,
    reason: &'static str,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint `{}`: {}", self.text, self.reason)
    }
}

impl std::error::Error for EndpointError {}

impl Endpoint {
    /// Parses an `http://` or `https://` URL with a host.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        let err = |reason| EndpointError {
            text: text.to_owned(),
            reason,
        };
        let uri: hyper::Uri = text.parse().map_err(|_| err("not a URL"))?;
        match uri.scheme_str() {
            Some("http") | Some("https") => {}
            _ => return Err(err("the scheme must be http or https")),
        }
        if uri.host().is_none() {
            return Err(err("no host"));
        }
        Ok(Endpoint { uri })
    }

    /// The URL.
    pub fn uri(&self) -> &hyper::Uri {
        &self.uri
    }

    /// Whether the endpoint uses TLS.
    pub fn is_https(&self) -> bool {
        self.uri.scheme_str() == Some("https")
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.uri.fmt(f)
    }
}

impl std::str::FromStr for Endpoint {
    type Err = EndpointError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Endpoint::parse(s)
    }
}

/// Which certificate authorities an `https` endpoint is verified against.
#[derive(Clone, Default)]
pub enum TlsRoots {
    /// The Mozilla roots shipped in `webpki-roots` (the default).
    #[default]
    Webpki,
    /// The webpki roots plus these DER certificates (e.g. a bank's own CA, or a test CA).
    WebpkiPlus(Vec<Vec<u8>>),
    /// Only these DER certificates.
    Only(Vec<Vec<u8>>),
    /// A rustls client configuration of your own (client certificates, pinning, …).
    Custom(Arc<rustls::ClientConfig>),
}

impl fmt::Debug for TlsRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsRoots::Webpki => f.write_str("Webpki"),
            TlsRoots::WebpkiPlus(extra) => write!(f, "WebpkiPlus({} certificates)", extra.len()),
            TlsRoots::Only(certs) => write!(f, "Only({} certificates)", certs.len()),
            TlsRoots::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// Settings of an [`super::HttpTransport`].
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// The service URL.
    pub endpoint: Endpoint,
    /// SOAP 1.1 (default) or 1.2.
    pub soap_version: SoapVersion,
    /// How long establishing a connection (TCP and TLS) may take.
    pub connect_timeout: Duration,
    /// How long a whole exchange may take once sent, response body included.
    pub request_timeout: Duration,
    /// The largest response body accepted, in bytes.
    pub max_response_bytes: usize,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Trusted roots for `https`.
    pub tls: TlsRoots,
    /// How long an idle pooled connection is kept.
    pub pool_idle_timeout: Duration,
    /// Sees every exchange (request and response bytes, timing), e.g. for an audit log.
    pub observer: Option<crate::observe::Observer>,
}

impl TransportConfig {
    /// Defaults for `endpoint`: SOAP 1.1, 10 s to connect, 60 s per request, 64 MiB
    /// responses, webpki roots.
    pub fn new(endpoint: Endpoint) -> Self {
        TransportConfig {
            endpoint,
            soap_version: SoapVersion::Soap11,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            max_response_bytes: 64 << 20,
            user_agent: concat!("alseco-client/", env!("CARGO_PKG_VERSION")).to_owned(),
            tls: TlsRoots::Webpki,
            pool_idle_timeout: Duration::from_secs(90),
            observer: None,
        }
    }
}
