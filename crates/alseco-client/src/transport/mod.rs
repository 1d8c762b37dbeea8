//! HTTP(S) transport over hyper, hyper-rustls and tokio: one pooled keep-alive connection
//! pool per [`HttpTransport`], shared by clones.
//!
//! It implements [`alseco_types::Transport`], so the generated client stub
//! (`alseco_types::client::AlsecoPaymentsServiceClient`) runs over it.

mod config;
mod error;
mod http;

pub use config::{Endpoint, EndpointError, TlsRoots, TransportConfig};
pub use error::{TimeoutPhase, TransportError};
pub use http::HttpTransport;
