//! A hyper HTTP/1 server on `127.0.0.1:0` that answers every POST with a closure of
//! `(soap_action, body)` and records what it received.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::CONTENT_TYPE;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// What the server answers.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    /// How long to wait before answering.
    pub(crate) delay: Duration,
}

impl Reply {
    /// HTTP 200 with a SOAP 1.1 body.
    pub(crate) fn ok(body: impl Into<Vec<u8>>) -> Self {
        Reply::new(200, "text/xml; charset=utf-8", body)
    }

    /// Any status, content type and body.
    pub(crate) fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// The same reply after `delay`.
    pub(crate) fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// The SOAP action: the `SOAPAction` header (1.1) or the content type's `action` (1.2).
    pub(crate) soap_action: String,
    /// The `Content-Type` header.
    pub(crate) content_type: String,
    /// The request body.
    pub(crate) body: String,
}

type Handler = dyn Fn(String, Bytes) -> Reply + Send + Sync;

/// A running server; it stops when the test's runtime shuts down.
pub(crate) struct TestServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    /// Starts a server answering with `handler(soap_action, body)`.
    pub(crate) async fn start(
        handler: impl Fn(String, Bytes) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (handler, log) = (handler.clone(), log.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<Incoming>| {
                        let (handler, log) = (handler.clone(), log.clone());
                        async move { Ok::<_, Infallible>(answer(req, &*handler, &log).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer { addr, received }
    }

    /// Starts a server that serves a fixed reply to everything.
    pub(crate) async fn fixed(
        status: u16,
        content_type: &'static str,
        body: impl Into<Vec<u8>>,
    ) -> TestServer {
        let body: Vec<u8> = body.into();
        TestServer::start(move |_, _| Reply::new(status, content_type, body.clone())).await
    }

    /// The URL to post to.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/AlsecoPaymentsService.asmx", self.addr)
    }

    /// How many requests arrived so far.
    pub(crate) fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    /// The requests received so far, in arrival order.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn answer(
    req: Request<Incoming>,
    handler: &Handler,
    log: &Mutex<Vec<Received>>,
) -> Response<Full<Bytes>> {
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header(CONTENT_TYPE.as_str());
    let mut soap_action = header("SOAPAction").trim_matches('"').to_owned();
    if soap_action.is_empty()
        && let Some(at) = content_type.find("action=")
    {
        soap_action = content_type[at + 7..]
            .split(';')
            .next()
            .unwrap_or_default()
            .trim_matches('"')
            .to_owned();
    }
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    log.lock().unwrap().push(Received {
        soap_action: soap_action.clone(),
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let reply = handler(soap_action, body);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    Response::builder()
        .status(reply.status)
        .header(CONTENT_TYPE, reply.content_type)
        .body(Full::new(Bytes::from(reply.body)))
        .expect("response")
}

/// An address nothing listens on (a port bound and released).
pub(crate) async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}/AlsecoPaymentsService.asmx")
}
