//! Transport failures, told apart the way the payment protocol needs: "could not connect"
//! (nothing was sent) versus "no timely answer" (the request may have been processed).

use std::fmt;
use std::time::Duration;

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Establishing the connection: the request was not sent.
    Connect,
    /// Waiting for the response: the request may have been processed.
    Response,
}

/// Why an exchange failed below the SOAP level.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be established (refused, DNS, TLS handshake): the request
    /// was not sent.
    Connect(Box<dyn std::error::Error + Send + Sync>),
    /// A timeout.
    Timeout {
        /// Which wait ran out.
        phase: TimeoutPhase,
        /// After how long.
        after: Duration,
    },
    /// The connection broke or the HTTP exchange failed after the request was sent.
    Http(Box<dyn std::error::Error + Send + Sync>),
    /// An HTTP status other than 200 that does not carry a SOAP fault.
    Status {
        /// The status code.
        status: u16,
        /// The beginning of the body, for the log.
        body: String,
    },
    /// The response body is larger than the configured limit.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The request could not be built (e.g. a TLS configuration error).
    Setup(String),
}

impl TransportError {
    /// Whether the request certainly did not reach the service (safe to send again, even a payment).
    pub fn is_not_sent(&self) -> bool {
        matches!(
            self,
            TransportError::Connect(_)
                | TransportError::Timeout {
                    phase: TimeoutPhase::Connect,
                    ..
                }
                | TransportError::Setup(_)
        )
    }

    /// Whether the service gave no timely answer: the request may or may not have been processed.
    pub fn is_no_timely_answer(&self) -> bool {
        !self.is_not_sent() && !matches!(self, TransportError::Status { .. })
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(e) => write!(f, "cannot connect: {e}"),
            TransportError::Timeout {
                phase: TimeoutPhase::Connect,
                after,
            } => {
                write!(f, "no connection within {after:?}")
            }
            TransportError::Timeout {
                phase: TimeoutPhase::Response,
                after,
            } => {
                write!(f, "no response within {after:?}")
            }
            TransportError::Http(e) => write!(f, "HTTP exchange failed: {e}"),
            TransportError::Status { status, body } => write!(f, "HTTP status {status}: {body}"),
            TransportError::TooLarge { limit } => write!(f, "response larger than {limit} bytes"),
            TransportError::Setup(msg) => write!(f, "cannot set up the request: {msg}"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TransportError::Connect(e) | TransportError::Http(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
