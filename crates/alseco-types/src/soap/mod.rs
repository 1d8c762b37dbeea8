//! SOAP 1.1 and 1.2 envelopes and faults.

mod envelope;
mod fault;

pub use envelope::{
    BodyContent, OpenEnvelope, SoapVersion, close_envelope, open_body, write_envelope,
};
pub use fault::{Fault, FaultCode};
