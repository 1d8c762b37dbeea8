//! Reads a WSDL 1.1 document and the XSD subset that ASMX publishes into a resolved
//! [`model::Service`].
//!
//! # Supported subset
//!
//! * `wsdl:definitions` (`targetNamespace` required, `name` ignored) with one `wsdl:types`
//!   holding exactly one `s:schema`, `wsdl:message`s, `wsdl:portType`s, `wsdl:binding`s and
//!   exactly one `wsdl:service`.
//! * In the schema: top-level `s:element`s (with `type=`, an anonymous `s:complexType`, or
//!   neither, which is `anyType`), named `s:complexType`s with one `s:sequence` of local
//!   `s:element`s (`name`, `type`, `minOccurs`, `maxOccurs` incl. `unbounded`, `nillable`)
//!   or no content, named `s:simpleType`s restricting a built-in type by `s:enumeration`,
//!   and `s:annotation/s:documentation` on elements, types and enumeration values.
//! * Document/literal wrapped operations: request-response portType operations whose
//!   messages have a single `parameters` part with `element=`; SOAP 1.1 and SOAP 1.2
//!   bindings over HTTP in document style with `use="literal"` bodies; SOAP ports with
//!   `soap:address` / `soap12:address`.
//!
//! Names are resolved by namespace URI, never by prefix: default namespaces and nested
//! declarations are honoured, and QName-valued attributes (`type=`, `base=`, `element=`,
//! `message=`, `binding=`, a binding's `type=`) resolve against the declarations in scope
//! (an unprefixed value takes the default namespace). Every reference must resolve.
//!
//! Every SOAP binding must implement the same portType, every one of its operations, and
//! agree on each SOAPAction; [`model::Operation::soap_action`] comes from the SOAP 1.1
//! binding (from the SOAP 1.2 one if there is no SOAP 1.1 binding). A missing
//! `soapAction` is the empty string.
//!
//! # Ignored, on purpose
//!
//! * Bindings with an `http:binding` (the HttpGet/HttpPost bindings ASMX may publish) and
//!   the ports using them: they do not describe SOAP. Their `type=`/`binding=` and their
//!   messages' references are still checked. A binding with none of `soap:binding`,
//!   `soap12:binding` and `http:binding` is an error.
//! * `wsdl:documentation` where the model has no slot for it (only portType operations
//!   and the service have one), `s:annotation` on the schema, sequences and restrictions,
//!   and `s:appinfo`.
//! * Attributes in foreign namespaces (annotations), `id`, comments and processing
//!   instructions.
//!
//! Everything else, e.g. `s:choice`, `s:all`, `s:attribute`, `s:complexContent`,
//! `s:simpleContent`, `s:import`, `s:include`, `s:any`, `s:group`, `ref=`, facets other than
//! `s:enumeration`, built-in types outside [`model::Builtin`], `wsdl:import`, `wsdl:fault`,
//! `soap:header`, `style="rpc"`, `use="encoded"`, unknown attributes, a DTD (refused, with
//! its entity declarations) and malformed XML, is an [`Error`] naming the construct.
//!
//! # Documentation text
//!
//! Entity and character references are decoded; the text is split into paragraphs at
//! blank lines; inside a paragraph every run of XML whitespace becomes one space and the
//! paragraph is trimmed; paragraphs are joined by one blank line (`"\n\n"`). Several
//! documentation elements on one construct are joined the same way. Blank text is
//! `None`. Markup inside documentation is an error.
//!
//! # Locations
//!
//! [`Error::location`] and the `location` fields of the model are 1-based line:column,
//! with columns counted in characters (not bytes); a leading byte order mark is not
//! counted. An error about an element points at its `<`; an error about an attribute
//! (unsupported attribute, bad value, unresolved reference) at the attribute's name.
//!
//! ```
//! let wsdl = std::fs::read_to_string(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../schemas/AlsecoPaymentsService.wsdl"
//! ))?;
//! let service = alseco_wsdl::parse(&wsdl)?;
//! assert!(service.operations.iter().any(|op| op.name == "GetCurrentPeriod"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod model;

mod error;
mod parse;

pub use error::Error;
pub use model::Service;

/// Parses and resolves a WSDL document.
///
/// Anything outside the supported subset is an [`Error`] that names the construct and
/// where it is: never a panic, never silently dropped.
pub fn parse(source: &str) -> Result<Service, Error> {
    parse::parse(source)
}
