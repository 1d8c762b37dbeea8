//! Errors of the WSDL reader.

use crate::model::Location;
use std::fmt;

/// Why a WSDL document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, naming the construct (e.g. "unsupported construct `s:choice`").
    pub message: String,
    /// Where in the document.
    pub location: Location,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>, location: Location) -> Self {
        Error {
            message: message.into(),
            location,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Error {}
