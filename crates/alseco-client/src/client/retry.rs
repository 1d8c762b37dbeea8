//! Which calls the client may send again, and how long it waits in between (see
//! [`RetryClass`] for why payments are never retried).

use super::error::Error;
use crate::transport::TransportError;
use alseco_types::OperationDescriptor;
use std::time::Duration;

/// How many times a read-only call is attempted, and the exponential backoff between attempts.
///
/// Each attempt has the transport's whole `request_timeout`, so a read-only call can take up to
/// `max_attempts × request_timeout` plus the waits before it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (`1` disables retries; `0` counts as `1`).
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles with each further attempt.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, waiting 200 ms then 400 ms (at most 5 s).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait after failed attempt number `attempt` (1-based): `initial_backoff × 2^(attempt−1)`,
    /// at most `max_backoff`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// How an operation may be retried, decided by the client from the method alone.
///
/// Read-only methods are retried on transport failures that say nothing about the request
/// itself ([`is_transient`]: no connection, a timeout, a broken connection, HTTP 502/503/504).
///
/// Pay, PayNew, PayNewD, RollbackPayments, RollbackPaymentsBySysRef and DayPaysSum are never
/// retried by the client. When such a call gets no timely answer the request may have been
/// processed, and the spec's payment protocol decides what happens next (tell the customer the
/// payment is not possible now, roll back by `SysRef` until that succeeds, refuse the same
/// payment meanwhile); a resend by the transport layer could record a payment twice or hide a
/// state the protocol must see. The caller gets the error, with
/// [`Error::is_not_sent`] and [`Error::is_no_timely_answer`] to decide.
///
/// GetAccountsWithFormedBill moves a per-bank cursor on the server, so it is only sent again
/// when the first request certainly did not reach the service: a resend after a lost answer
/// would silently skip the accounts of the lost answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Read-only: retried on any retryable transport failure.
    ReadOnly,
    /// Changes server state on every call (GetAccountsWithFormedBill's cursor): retried only
    /// when the request certainly was not sent.
    IfNotSent,
    /// Payments, rollbacks and DayPaysSum: never retried by the client.
    Never,
}

impl RetryClass {
    /// The class of an operation.
    pub fn of(operation: &OperationDescriptor) -> Self {
        match operation.name {
            "Pay"
            | "PayNew"
            | "PayNewD"
            | "RollbackPayments"
            | "RollbackPaymentsBySysRef"
            | "DayPaysSum" => RetryClass::Never,
            "GetAccountsWithFormedBill" => RetryClass::IfNotSent,
            _ => RetryClass::ReadOnly,
        }
    }

    /// Whether a call of this class that failed with `error` may be sent again.
    pub fn allows_retry(self, error: &Error) -> bool {
        match self {
            RetryClass::Never => false,
            RetryClass::IfNotSent => error.is_not_sent(),
            RetryClass::ReadOnly => matches!(error, Error::Transport(e) if is_transient(e)),
        }
    }
}

/// Whether a transport failure is worth another attempt: no connection, a timeout, a broken
/// connection, or a gateway status (502, 503, 504).
pub fn is_transient(error: &TransportError) -> bool {
    match error {
        TransportError::Connect(_) | TransportError::Timeout { .. } | TransportError::Http(_) => {
            true
        }
        TransportError::Status { status, .. } => matches!(status, 502..=504),
        _ => false,
    }
}
