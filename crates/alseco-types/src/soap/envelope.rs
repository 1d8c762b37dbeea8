//! Writing and opening SOAP envelopes.

use super::fault::Fault;
use crate::xml::{DecodeError, DecodeErrorKind, EncodeError, Reader, StartTag, Writer};

/// The SOAP version of an exchange. ASMX serves both; the spec's examples use 1.1, and 1.2
/// for the `GetInvoicesByAccountsLastVers*` methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml` with a `SOAPAction` header.
    #[default]
    Soap11,
    /// SOAP 1.2: `application/soap+xml; action=…`.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "http://schemas.xmlsoap.org/soap/envelope/",
            SoapVersion::Soap12 => "http://www.w3.org/2003/05/soap-envelope",
        }
    }

    /// The version whose envelope namespace is `ns`.
    pub fn from_namespace(ns: &str) -> Option<Self> {
        match ns {
            "http://schemas.xmlsoap.org/soap/envelope/" => Some(SoapVersion::Soap11),
            "http://www.w3.org/2003/05/soap-envelope" => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The HTTP `Content-Type` of a message; SOAP 1.2 carries the action in it.
    pub fn content_type(self, soap_action: &str) -> String {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8".to_owned(),
            SoapVersion::Soap12 => {
                format!("application/soap+xml; charset=utf-8; action=\"{soap_action}\"")
            }
        }
    }
}

/// Writes a whole envelope, with `body` writing the content of `soap:Body`.
///
/// The envelope declares `xsi` and `xsd`, as ASMX does, so that `xsi:nil` and
/// `xsi:type="xsd:…"` can be used anywhere inside.
pub fn write_envelope(
    version: SoapVersion,
    body: impl FnOnce(&mut Writer),
) -> Result<Vec<u8>, EncodeError> {
    let mut w = Writer::with_capacity(1024);
    w.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.raw("<soap:Envelope xmlns:soap=\"");
    w.raw(version.envelope_namespace());
    w.raw("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>");
    body(&mut w);
    w.raw("</soap:Body></soap:Envelope>");
    w.finish()
}

/// What a SOAP body holds.
#[derive(Debug)]
pub enum BodyContent<'a> {
    /// A message: the reader stands on its root element.
    Message(StartTag<'a>),
    /// A fault, already read.
    Fault(Fault),
}

/// An envelope opened by [`open_body`]: close it with [`close_envelope`] once the body's
/// content has been read.
#[derive(Debug)]
pub struct OpenEnvelope<'a> {
    /// The SOAP version, from the envelope's namespace.
    pub version: SoapVersion,
    /// What the body holds.
    pub content: BodyContent<'a>,
    envelope: StartTag<'a>,
    body: StartTag<'a>,
}

/// Reads an envelope up to the first element of its body.
///
/// Headers are skipped. A fault in the body is read whole and returned as
/// [`BodyContent::Fault`]. Errors carry the path `/Envelope/Body`.
pub fn open_body<'a>(r: &mut Reader<'a>) -> Result<OpenEnvelope<'a>, DecodeError> {
    let root = r.root()?;
    let version = root
        .namespace()
        .filter(|_| root.local_name() == "Envelope")
        .and_then(SoapVersion::from_namespace)
        .ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::UnexpectedRoot {
                    expected: "a SOAP 1.1 or 1.2 Envelope".into(),
                    found: root.qualified_name(),
                },
                root.offset(),
            )
        })?;
    let ns = version.envelope_namespace();
    loop {
        let Some(child) = r.next_child(&root).map_err(|e| e.at("Envelope"))? else {
            return Err(DecodeError::new(
                DecodeErrorKind::MissingElement("Body".into()),
                root.offset(),
            )
            .at("Envelope"));
        };
        if child.in_namespace(ns) && child.local_name() == "Body" {
            let Some(first) = r
                .next_child(&child)
                .map_err(|e| e.at("Body").at("Envelope"))?
            else {
                return Err(DecodeError::new(
                    DecodeErrorKind::Structure("the SOAP body is empty".into()),
                    child.offset(),
                )
                .at("Body")
                .at("Envelope"));
            };
            let content = if first.in_namespace(ns) && first.local_name() == "Fault" {
                let fault = Fault::decode(r, &first, version)
                    .map_err(|e| e.at("Fault").at("Body").at("Envelope"))?;
                BodyContent::Fault(fault)
            } else {
                BodyContent::Message(first)
            };
            return Ok(OpenEnvelope {
                version,
                content,
                envelope: root,
                body: child,
            });
        }
        r.skip(&child).map_err(|e| e.at("Envelope"))?;
    }
}

/// Reads the rest of an envelope after its body's first element: further body entries
/// are skipped, and the document must end properly (a truncated envelope is an error).
pub fn close_envelope<'a>(r: &mut Reader<'a>, open: &OpenEnvelope<'a>) -> Result<(), DecodeError> {
    while let Some(extra) = r
        .next_child(&open.body)
        .map_err(|e| e.at("Body").at("Envelope"))?
    {
        r.skip(&extra).map_err(|e| e.at("Body").at("Envelope"))?;
    }
    while let Some(extra) = r.next_child(&open.envelope).map_err(|e| e.at("Envelope"))? {
        r.skip(&extra).map_err(|e| e.at("Envelope"))?;
    }
    r.finish_document()
}
