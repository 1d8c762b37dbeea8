//! The parser: xmlparser tokens → a private element tree → resolved model.
//!
//! * [`xml`]: tokens → namespace-resolved element tree with locations; refuses DTDs.
//! * [`schema`]: the embedded `s:schema` → [`crate::model::Schema`].
//! * [`wsdl`]: messages, portTypes, bindings and the service, references resolved.
//! * [`resolve`]: joins them into the [`Service`].
//! * [`doc`]: documentation text normalization.
//!
//! Errors point at the construct they are about: an element error at its `<`, an
//! attribute error (unsupported attribute, bad value, unresolved reference) at the
//! attribute's name.

mod doc;
mod resolve;
mod schema;
mod wsdl;
mod xml;

use crate::{Error, Service};

pub(crate) fn parse(source: &str) -> Result<Service, Error> {
    let root = xml::parse_document(source)?;
    let defs = wsdl::read(&root)?;
    resolve::resolve(defs)
}

/// A minimal document/literal WSDL for the unit tests of the readers.
#[cfg(test)]
mod test_support {
    use crate::Error;

    pub(crate) const MINI: &str = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:t="urn:t" targetNamespace="urn:t">
<types>
<s:schema targetNamespace="urn:t" elementFormDefault="qualified">
<s:element name="Op"><s:complexType/></s:element>
<s:element name="OpResponse"><s:complexType/></s:element>
</s:schema>
</types>
<message name="OpIn"><part name="parameters" element="t:Op"/></message>
<message name="OpOut"><part name="parameters" element="t:OpResponse"/></message>
<portType name="P"><operation name="Op"><input message="t:OpIn"/><output message="t:OpOut"/></operation></portType>
<binding name="B11" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<operation name="Op"><soap:operation soapAction="urn:t/Op" style="document"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
</binding>
<binding name="B12" type="t:P"><soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<operation name="Op"><soap12:operation soapAction="urn:t/Op" style="document"/><input><soap12:body use="literal"/></input><output><soap12:body use="literal"/></output></operation>
</binding>
<service name="S">
<port name="S11" binding="t:B11"><soap:address location="http://h/a"/></port>
<port name="S12" binding="t:B12"><soap12:address location="http://h/b"/></port>
</service>
</definitions>"#;

    /// `MINI` with the first `from` replaced by `to`.
    pub(crate) fn mini(from: &str, to: &str) -> String {
        assert!(MINI.contains(from), "`{from}` not in MINI");
        MINI.replacen(from, to, 1)
    }

    /// The error of parsing `doc`, which must name `needle`.
    #[track_caller]
    pub(crate) fn fails(doc: &str, needle: &str) -> Error {
        match super::parse(doc) {
            Ok(s) => panic!("expected an error naming `{needle}`, got {s:?}"),
            Err(e) => {
                assert!(e.message.contains(needle), "`{e}` does not name `{needle}`");
                e
            }
        }
    }
}
