//! SOAP faults, both versions.

use super::envelope::SoapVersion;
use crate::xml::{DecodeError, Reader, StartTag, Writer};
use std::fmt;

/// Who a fault blames, in version-neutral terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The request was at fault (`soap:Client` in 1.1, `soap:Sender` in 1.2).
    Client,
    /// The service failed (`soap:Server` / `soap:Receiver`).
    Server,
    /// Any other code, as written (e.g. `soap:VersionMismatch`).
    Other(String),
}

/// A SOAP fault: what ASMX sends when a method throws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The fault code.
    pub code: FaultCode,
    /// The human-readable reason (`faultstring` / `Reason/Text`).
    pub reason: String,
    /// The actor (1.1) or role (1.2), if given.
    pub actor: Option<String>,
    /// The `detail` element's content as written, if any.
    pub detail: Option<String>,
}

impl Fault {
    /// A fault blaming the request.
    pub fn client(reason: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Client,
            reason: reason.into(),
            actor: None,
            detail: None,
        }
    }

    /// A fault blaming the service.
    pub fn server(reason: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Server,
            reason: reason.into(),
            actor: None,
            detail: None,
        }
    }

    fn code_from_qname(value: &str) -> FaultCode {
        let local = value.rsplit(':').next().unwrap_or(value);
        match local.split('.').next().unwrap_or(local) {
            "Client" | "Sender" => FaultCode::Client,
            "Server" | "Receiver" => FaultCode::Server,
            _ => FaultCode::Other(value.to_owned()),
        }
    }

    /// Reads a `Fault` element (the reader stands on it).
    pub(crate) fn decode<'a>(
        r: &mut Reader<'a>,
        el: &StartTag<'a>,
        version: SoapVersion,
    ) -> Result<Fault, DecodeError> {
        let mut fault = Fault {
            code: FaultCode::Other(String::new()),
            reason: String::new(),
            actor: None,
            detail: None,
        };
        while let Some(child) = r.next_child(el)? {
            match (version, child.local_name()) {
                (SoapVersion::Soap11, "faultcode") => {
                    fault.code = Fault::code_from_qname(r.text(&child)?.trim())
                }
                (SoapVersion::Soap11, "faultstring") => fault.reason = r.text(&child)?.into_owned(),
                (SoapVersion::Soap11, "faultactor") => {
                    fault.actor = Some(r.text(&child)?.into_owned())
                }
                (SoapVersion::Soap11, "detail") | (SoapVersion::Soap12, "Detail") => {
                    fault.detail = Some(r.raw_content(&child)?.to_owned());
                }
                (SoapVersion::Soap12, "Code") => {
                    while let Some(part) = r.next_child(&child)? {
                        if part.local_name() == "Value" {
                            fault.code = Fault::code_from_qname(r.text(&part)?.trim());
                        } else {
                            r.skip(&part)?;
                        }
                    }
                }
                (SoapVersion::Soap12, "Reason") => {
                    while let Some(text) = r.next_child(&child)? {
                        if text.local_name() == "Text" && fault.reason.is_empty() {
                            fault.reason = r.text(&text)?.into_owned();
                        } else {
                            r.skip(&text)?;
                        }
                    }
                }
                (SoapVersion::Soap12, "Role") => fault.actor = Some(r.text(&child)?.into_owned()),
                _ => r.skip(&child)?,
            }
        }
        Ok(fault)
    }

    /// Writes this fault as the content of a `soap:Body` of `version`.
    pub fn encode(&self, w: &mut Writer, version: SoapVersion) {
        let at = w.start("soap:Fault");
        match version {
            SoapVersion::Soap11 => {
                let code = match &self.code {
                    FaultCode::Client => "soap:Client",
                    FaultCode::Server => "soap:Server",
                    FaultCode::Other(c) => c,
                };
                leaf(w, "faultcode", code);
                leaf(w, "faultstring", &self.reason);
                if let Some(actor) = &self.actor {
                    leaf(w, "faultactor", actor);
                }
                if let Some(detail) = &self.detail {
                    let d = w.start("detail");
                    w.text(detail);
                    w.end("detail", d);
                }
            }
            SoapVersion::Soap12 => {
                let code = match &self.code {
                    FaultCode::Client => "soap:Sender",
                    FaultCode::Server => "soap:Receiver",
                    FaultCode::Other(c) => c,
                };
                let c = w.start("soap:Code");
                leaf(w, "soap:Value", code);
                w.end("soap:Code", c);
                let reason = w.start("soap:Reason");
                w.open_start("soap:Text");
                w.attribute("xml:lang", "en");
                let t = w.close_start();
                w.text(&self.reason);
                w.end("soap:Text", t);
                w.end("soap:Reason", reason);
                if let Some(actor) = &self.actor {
                    leaf(w, "soap:Role", actor);
                }
                if let Some(detail) = &self.detail {
                    let d = w.start("soap:Detail");
                    w.text(detail);
                    w.end("soap:Detail", d);
                }
            }
        }
        w.end("soap:Fault", at);
    }
}

fn leaf(w: &mut Writer, name: &str, text: &str) {
    let at = w.start(name);
    w.text(text);
    w.end(name, at);
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = match &self.code {
            FaultCode::Client => "client",
            FaultCode::Server => "server",
            FaultCode::Other(c) => c,
        };
        write!(f, "SOAP fault ({code}): {}", self.reason)
    }
}

impl std::error::Error for Fault {}
