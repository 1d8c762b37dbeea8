//! The one error type of the command line: a one-line message and the exit code it maps to.

use std::fmt;

/// Exit codes (documented in `--help` and the README).
pub(crate) mod exit {
    /// Anything not covered below.
    pub(crate) const OTHER: u8 = 1;
    /// A usage error (clap's, and missing settings).
    pub(crate) const USAGE: u8 = 2;
    /// Bad input: a file unreadable, malformed JSON or XML, a bad date.
    pub(crate) const INPUT: u8 = 3;
    /// The service refused: a service-level error, a rejected payment, a SOAP fault.
    pub(crate) const SERVICE: u8 = 4;
    /// Transport failure, including no timely answer.
    pub(crate) const TRANSPORT: u8 = 5;
}

/// A failed command: printed as `error: {message}` on stderr, exits with `code`.
#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl CliError {
    pub(crate) fn new(code: u8, message: impl fmt::Display) -> Self {
        CliError {
            code,
            message: one_line(&message.to_string()),
        }
    }

    pub(crate) fn usage(message: impl fmt::Display) -> Self {
        CliError::new(exit::USAGE, message)
    }

    pub(crate) fn input(message: impl fmt::Display) -> Self {
        CliError::new(exit::INPUT, message)
    }

    pub(crate) fn service(message: impl fmt::Display) -> Self {
        CliError::new(exit::SERVICE, message)
    }

    pub(crate) fn transport(message: impl fmt::Display) -> Self {
        CliError::new(exit::TRANSPORT, message)
    }

    pub(crate) fn other(message: impl fmt::Display) -> Self {
        CliError::new(exit::OTHER, message)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Collapses line breaks so that an error is always one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl From<alseco_client::client::Error> for CliError {
    fn from(e: alseco_client::client::Error) -> Self {
        use alseco_client::client::Error;
        let code = match &e {
            Error::Transport(_) => exit::TRANSPORT,
            Error::Fault(_) | Error::Service(_) | Error::Window(_) => exit::SERVICE,
            _ => exit::OTHER,
        };
        let message = if e.is_no_timely_answer() {
            format!("no timely answer from the service: {e}")
        } else {
            e.to_string()
        };
        CliError::new(code, message)
    }
}

impl From<alseco_client::guard::JournalError> for CliError {
    fn from(e: alseco_client::guard::JournalError) -> Self {
        CliError::other(format!("payment journal: {e}"))
    }
}

impl From<alseco_client::guard::GuardError> for CliError {
    fn from(e: alseco_client::guard::GuardError) -> Self {
        use alseco_client::guard::GuardError;
        match e {
            GuardError::PaymentPending { .. } => CliError::service(e),
            GuardError::Service(e) => CliError::from(e),
            GuardError::InvalidDocument(_) => CliError::input(e),
            _ => CliError::other(e),
        }
    }
}

impl From<alseco_client::documents::DocumentError> for CliError {
    fn from(e: alseco_client::documents::DocumentError) -> Self {
        CliError::input(format!("cannot build the payment: {e}"))
    }
}

/// The result of a command.
pub(crate) type CliResult<T> = Result<T, CliError>;
