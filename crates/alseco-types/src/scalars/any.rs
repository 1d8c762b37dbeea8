//! `anyType` values (an element declared with no type): text typed on the wire by `xsi:type`.

use crate::xml::{DecodeError, DecodeErrorKind, Reader, StartTag, Writer, XmlDecode, XmlEncode};
use rust_decimal::Decimal;

const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// The `xsi:type` of a value: a qualified type name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct XsiType {
    /// The type's namespace URI (`http://www.w3.org/2001/XMLSchema` for built-ins).
    pub namespace: Option<String>,
    /// The type's local name (`string`, `decimal`, `int`, …).
    pub name: String,
}

impl XsiType {
    /// A built-in XSD type (`xsd:string`, `xsd:decimal`, …).
    pub fn xsd(name: &str) -> Self {
        XsiType {
            namespace: Some(XSD_NS.to_owned()),
            name: name.to_owned(),
        }
    }

    /// Whether this is the built-in XSD type `name`.
    pub fn is_xsd(&self, name: &str) -> bool {
        self.namespace.as_deref() == Some(XSD_NS) && self.name == name
    }
}

/// A value of an element declared without a type (`anyType`), e.g. NKR's
/// `<Val xsi:type="xsd:decimal">1638.00</Val>`: its text and the `xsi:type` it came with.
///
/// Element content inside such a value is not supported and is a decode error.
///
/// ```
/// use alseco_types::scalars::{AnyValue, XsiType};
/// let v = AnyValue::new(XsiType::xsd("decimal"), "1638.00");
/// assert_eq!(v.to_decimal().unwrap().to_string(), "1638.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyValue {
    /// The `xsi:type` the value carried, if any.
    pub xsi_type: Option<XsiType>,
    /// The text content, entities resolved.
    pub text: String,
}

impl AnyValue {
    /// A value of the given type.
    pub fn new(xsi_type: XsiType, text: impl Into<String>) -> Self {
        AnyValue {
            xsi_type: Some(xsi_type),
            text: text.into(),
        }
    }

    /// The text as an exact decimal, if it is one.
    pub fn to_decimal(&self) -> Option<Decimal> {
        super::parse_decimal(&self.text)
    }

    /// The text as an integer, if it is one.
    pub fn to_i64(&self) -> Option<i64> {
        self.text.trim().parse().ok()
    }
}

impl XmlEncode for AnyValue {
    fn encode_attributes(&self, w: &mut Writer) {
        let Some(ty) = &self.xsi_type else { return };
        match ty.namespace.as_deref() {
            // The envelope declares `xsd` and `xsi`.
            Some(XSD_NS) => w.attribute("xsi:type", &format!("xsd:{}", ty.name)),
            Some(ns) => {
                w.attribute("xmlns:t", ns);
                w.attribute("xsi:type", &format!("t:{}", ty.name));
            }
            // An unqualified type name resolves against the default namespace in scope.
            None => w.attribute("xsi:type", &ty.name),
        }
    }

    fn encode_content(&self, w: &mut Writer) {
        w.text(&self.text);
    }
}

impl XmlDecode for AnyValue {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        let xsi_type = start.xsi_type().map(|(ns, name)| XsiType {
            namespace: ns.map(str::to_owned),
            name: name.to_owned(),
        });
        let text = r.text(start).map_err(|e| match e.kind() {
            DecodeErrorKind::UnexpectedElement(_) => DecodeError::new(
                DecodeErrorKind::Structure(
                    "element content in an anyType value is not supported".into(),
                ),
                start.offset(),
            ),
            _ => e,
        })?;
        Ok(AnyValue {
            xsi_type,
            text: text.into_owned(),
        })
    }
}
