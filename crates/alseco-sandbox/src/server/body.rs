//! The response body: whole, or cut short by [`FaultKind::TruncatedBody`](crate::faults::FaultKind).

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

/// How long a truncated body waits, after its first half, before failing the connection, so
/// that hyper flushes the half to the socket first.
const TRUNCATE_FLUSH_WAIT: Duration = Duration::from_millis(50);

/// A response body.
#[derive(Debug)]
pub(crate) enum ResponseBody {
    /// The whole body (taken once sent).
    Full(Option<Bytes>),
    /// A part of the body, after which the connection fails.
    Truncated {
        part: Option<Bytes>,
        wait: Option<Pin<Box<Sleep>>>,
    },
}

impl ResponseBody {
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        ResponseBody::Full(Some(bytes.into()))
    }

    pub(crate) fn truncated(part: impl Into<Bytes>) -> Self {
        ResponseBody::Truncated {
            part: Some(part.into()),
            wait: None,
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            ResponseBody::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            ResponseBody::Truncated { part, wait } => {
                if let Some(part) = part.take() {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                let wait =
                    wait.get_or_insert_with(|| Box::pin(tokio::time::sleep(TRUNCATE_FLUSH_WAIT)));
                match wait.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "response truncated by fault injection",
                    )))),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ResponseBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            // The Content-Length header carries the full length.
            ResponseBody::Truncated { .. } => SizeHint::default(),
        }
    }
}
