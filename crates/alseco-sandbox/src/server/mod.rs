//! The HTTP(S) front of the sandbox: serves any [`AlsecoPaymentsService`] the way ALSECO's
//! ASMX service is reached.
//!
//! - `POST` (any path) with a SOAP 1.1 (`text/xml` + `SOAPAction` header) or SOAP 1.2
//!   (`application/soap+xml; action="…"`) envelope is dispatched with
//!   [`alseco_types::server::dispatch`]; the answer comes in the request's SOAP version with
//!   that version's `Content-Type`, HTTP 200, or 500 for a SOAP fault. A `SOAPAction` that
//!   names no operation, or another operation than the body's element, gets a client fault,
//!   as ASMX gives. An envelope whose version differs from the `Content-Type`'s gets a client
//!   fault too. Any other `Content-Type` gets 415.
//! - `GET ?wsdl` (any path, `wsdl` in any case) serves `schemas/AlsecoPaymentsService.wsdl`
//!   with both `soap:address` and `soap12:address` pointing at this server (the address the
//!   connection came in on). Any other `GET` gets a short HTML page naming the service.
//! - Bodies over [`ServerConfig::max_request_bytes`] get 413; other methods get 405.
//! - The caller's IP must be allowed by a bank of [`ServerConfig::banks`]: ALSECO identifies
//!   a bank by its registered source address and rejects unknown ones, which the sandbox does
//!   with **HTTP 403** and a one-line text body (`403 Forbidden: the address … is not
//!   registered with ALSECO for any bank`) before looking at the
//!   request (the spec does not say how the real service refuses).
//! - [`ServerConfig::faults`] injects seeded faults into SOAP requests; see [`crate::faults`].
//!   Only requests that reach dispatch (allowed IP, accepted size and media type, a body
//!   naming a known operation, no `SOAPAction` mismatch) are numbered and may get a fault.
//! - `GET /_sandbox/ledger` returns [`ServerConfig::inspect`]'s JSON, only to loopback
//!   peers (others get 403); without `inspect` the path is an ordinary one.
//! - With [`ServerConfig::tls`] the server speaks HTTPS only (rustls, ring provider).

mod body;
mod handler;
mod tls;
pub mod wsdl;

pub use tls::TlsConfig;

use crate::banks::BankRegistry;
use crate::faults::{FaultCounts, FaultInjector, FaultPlan};
use alseco_types::server::AlsecoPaymentsService;
use alseco_types::xml::Limits;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

/// The path the server advertises (any path is served).
pub const SERVICE_PATH: &str = "/AlsecoPaymentsService/AlsecoPaymentsService.asmx";

/// The inspection endpoint's path.
pub const LEDGER_PATH: &str = "/_sandbox/ledger";

/// How long [`ServerHandle::shutdown`] lets requests in flight finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long a client has to complete the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A function returning the sandbox's state as JSON, for `GET /_sandbox/ledger`.
pub type Inspect = Arc<dyn Fn() -> String + Send + Sync>;

/// How to serve.
#[derive(Clone)]
pub struct ServerConfig {
    /// The address to listen on; port 0 picks a free port ([`ServerHandle::local_addr`]).
    pub listen: SocketAddr,
    /// The banks, whose allowed IPs may call.
    pub banks: BankRegistry,
    /// The faults to inject.
    pub faults: FaultPlan,
    /// Serve HTTPS with this certificate.
    pub tls: Option<TlsConfig>,
    /// The XML decoding limits of requests.
    pub limits: Limits,
    /// The largest request body accepted (413 beyond).
    pub max_request_bytes: usize,
    /// When set, `GET /_sandbox/ledger` returns its JSON to loopback peers.
    pub inspect: Option<Inspect>,
}

impl Default for ServerConfig {
    /// `127.0.0.1:0`, the default bank registry, no faults, plain HTTP, the default
    /// limits, 4 MiB requests (ASMX's default `maxRequestLength`), no inspection.
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            banks: BankRegistry::default(),
            faults: FaultPlan::default(),
            tls: None,
            limits: Limits::default(),
            max_request_bytes: 4 << 20,
            inspect: None,
        }
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerConfig")
            .field("listen", &self.listen)
            .field("banks", &self.banks)
            .field("faults", &self.faults)
            .field("tls", &self.tls)
            .field("limits", &self.limits)
            .field("max_request_bytes", &self.max_request_bytes)
            .field("inspect", &self.inspect.as_ref().map(|_| "Fn() -> String"))
            .finish()
    }
}

/// What every connection shares.
struct Shared<S> {
    service: S,
    banks: BankRegistry,
    faults: Arc<FaultInjector>,
    limits: Limits,
    max_request_bytes: usize,
    inspect: Option<Inspect>,
    scheme: &'static str,
    shutdown: watch::Receiver<bool>,
}

/// What one connection's requests know about it.
struct Connection {
    peer: SocketAddr,
    local: SocketAddr,
    /// Notified to close the connection at once, without answering.
    kill: Notify,
}

/// A running server. Dropping it stops the server too (without waiting).
#[derive(Debug)]
pub struct ServerHandle {
    local_addr: SocketAddr,
    scheme: &'static str,
    faults: Arc<FaultInjector>,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ServerHandle {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The service's URL: `http(s)://{local_addr}/AlsecoPaymentsService/AlsecoPaymentsService.asmx`.
    pub fn url(&self) -> String {
        format!("{}://{}{SERVICE_PATH}", self.scheme, self.local_addr)
    }

    /// The WSDL's URL (`{url}?wsdl`).
    pub fn wsdl_url(&self) -> String {
        format!("{}?wsdl", self.url())
    }

    /// The inspection endpoint's URL (served only with [`ServerConfig::inspect`]).
    pub fn ledger_url(&self) -> String {
        format!("{}://{}{LEDGER_PATH}", self.scheme, self.local_addr)
    }

    /// The faults injected so far.
    pub fn fault_counts(&self) -> FaultCounts {
        self.faults.counts()
    }

    /// How many SOAP requests were numbered for fault decisions so far.
    pub fn fault_requests(&self) -> u64 {
        self.faults.requests()
    }

    /// Stops accepting, lets requests in flight finish (up to [`SHUTDOWN_GRACE`]; held-back
    /// answers of delay faults are sent at once), closes idle connections, and returns when
    /// all are closed.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds `config.listen` and serves `service` on it until the returned handle is shut down
/// or dropped.
pub async fn serve<S>(service: S, config: ServerConfig) -> io::Result<ServerHandle>
where
    S: AlsecoPaymentsService + 'static,
{
    let acceptor = config.tls.as_ref().map(TlsConfig::acceptor).transpose()?;
    let listener = TcpListener::bind(config.listen).await?;
    let local_addr = listener.local_addr()?;
    let scheme = if acceptor.is_some() { "https" } else { "http" };
    let faults = Arc::new(FaultInjector::new(config.faults));
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        service,
        banks: config.banks,
        faults: faults.clone(),
        limits: config.limits,
        max_request_bytes: config.max_request_bytes,
        inspect: config.inspect,
        scheme,
        shutdown: shutdown_rx,
    });
    tracing::info!(%local_addr, scheme, "alseco-sandbox listening");
    let task = tokio::spawn(accept_loop(listener, acceptor, shared));
    Ok(ServerHandle {
        local_addr,
        scheme,
        faults,
        shutdown: shutdown_tx,
        task,
    })
}

async fn accept_loop<S>(
    listener: TcpListener,
    acceptor: Option<TlsAcceptor>,
    shared: Arc<Shared<S>>,
) where
    S: AlsecoPaymentsService + 'static,
{
    let mut shutdown = shared.shutdown.clone();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            // A send or the handle's drop both stop the server.
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let shared = shared.clone();
                    let acceptor = acceptor.clone();
                    connections.spawn(async move {
                        if let Err(e) = accept_connection(stream, peer, acceptor, shared).await {
                            tracing::debug!(%peer, error = %e, "connection ended with an error");
                        }
                    });
                }
                Err(e) => {
                    // Out of descriptors and the like: wait a little instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await
    .is_err()
    {
        tracing::warn!(
            left = connections.len(),
            "closing connections still busy after the grace period"
        );
        connections.shutdown().await;
    }
}

async fn accept_connection<S>(
    stream: TcpStream,
    peer: SocketAddr,
    acceptor: Option<TlsAcceptor>,
    shared: Arc<Shared<S>>,
) -> io::Result<()>
where
    S: AlsecoPaymentsService + 'static,
{
    let local = stream.local_addr()?;
    stream.set_nodelay(true)?;
    let connection = Arc::new(Connection {
        peer,
        local,
        kill: Notify::new(),
    });
    match acceptor {
        None => serve_connection(stream, connection, shared).await,
        Some(acceptor) => {
            let tls = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream))
                .await
                .map_err(|_| {
                    io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out")
                })??;
            serve_connection(tls, connection, shared).await
        }
    }
}

async fn serve_connection<S, IO>(
    io: IO,
    connection: Arc<Connection>,
    shared: Arc<Shared<S>>,
) -> io::Result<()>
where
    S: AlsecoPaymentsService + 'static,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut shutdown = shared.shutdown.clone();
    let service = {
        let connection = connection.clone();
        service_fn(move |request| {
            let shared = shared.clone();
            let connection = connection.clone();
            async move {
                Ok::<_, std::convert::Infallible>(
                    handler::handle(request, shared, connection).await,
                )
            }
        })
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => return result.map_err(io::Error::other),
            // Dropping the connection closes the socket without an answer.
            () = connection.kill.notified() => return Ok(()),
            _ = shutdown.changed(), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
