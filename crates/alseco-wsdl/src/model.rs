//! The resolved model of a service description: what the code generator consumes.
//!
//! Everything here is already resolved: qualified names point at declarations that exist,
//! anonymous types are inlined, and the two SOAP bindings are folded into one list of
//! operations. Declarations keep the order of the source document so generated code
//! follows the WSDL.

/// A whole service: its schema, its operations and where it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The `wsdl:service` name, e.g. `AlsecoPaymentsService`.
    pub name: String,
    /// The `targetNamespace` of the definitions (and of the embedded schema).
    pub target_namespace: String,
    /// `wsdl:documentation` of the service, if any.
    pub documentation: Option<String>,
    /// The embedded XML schema.
    pub schema: Schema,
    /// Operations in portType order, with their binding details.
    pub operations: Vec<Operation>,
    /// The service's ports (one per binding).
    pub ports: Vec<Port>,
}

/// The embedded `s:schema`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    /// The schema's `targetNamespace`.
    pub target_namespace: String,
    /// Whether `elementFormDefault="qualified"`: local elements are in the target namespace.
    pub element_form_qualified: bool,
    /// Top-level element declarations (the operation wrappers), in document order.
    pub elements: Vec<Element>,
    /// Named complex types, in document order.
    pub complex_types: Vec<ComplexType>,
    /// Named simple types (enumerations), in document order.
    pub simple_types: Vec<SimpleType>,
}

/// A top-level `s:element`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The element's local name, e.g. `GetBillInfoResponse`.
    pub name: String,
    /// Its type: an anonymous complex type for ASMX wrappers, otherwise a reference.
    pub ty: TypeRef,
    /// Whether `nillable="true"`.
    pub nillable: bool,
    /// `s:annotation/s:documentation`, if any.
    pub documentation: Option<String>,
    /// Where it was declared.
    pub location: Location,
}

/// A reference to a type, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A built-in XSD type.
    Builtin(Builtin),
    /// A named complex type of the schema (by name; it exists in [`Schema::complex_types`]).
    Complex(String),
    /// A named simple type of the schema (by name; it exists in [`Schema::simple_types`]).
    Simple(String),
    /// An anonymous complex type declared in place (ASMX wrapper elements).
    Anonymous(Box<ComplexType>),
}

/// The built-in XSD types the ASMX subset uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `s:string`
    String,
    /// `s:int`
    Int,
    /// `s:long`
    Long,
    /// `s:short`
    Short,
    /// `s:unsignedByte`
    UnsignedByte,
    /// `s:boolean`
    Boolean,
    /// `s:decimal`
    Decimal,
    /// `s:double`
    Double,
    /// `s:dateTime`
    DateTime,
    /// `s:date`
    Date,
    /// `s:base64Binary`
    Base64Binary,
    /// An element with no `type` attribute, or `s:anyType`: any content, typed on the wire by `xsi:type`.
    AnyType,
}

impl Builtin {
    /// The XSD local name of this type (`int`, `dateTime`, …).
    pub fn xsd_name(self) -> &'static str {
        match self {
            Builtin::String => "string",
            Builtin::Int => "int",
            Builtin::Long => "long",
            Builtin::Short => "short",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::Boolean => "boolean",
            Builtin::Decimal => "decimal",
            Builtin::Double => "double",
            Builtin::DateTime => "dateTime",
            Builtin::Date => "date",
            Builtin::Base64Binary => "base64Binary",
            Builtin::AnyType => "anyType",
        }
    }

    /// The built-in type with this XSD local name, if it is one the subset supports.
    pub fn from_xsd_name(name: &str) -> Option<Builtin> {
        Some(match name {
            "string" => Builtin::String,
            "int" => Builtin::Int,
            "long" => Builtin::Long,
            "short" => Builtin::Short,
            "unsignedByte" => Builtin::UnsignedByte,
            "boolean" => Builtin::Boolean,
            "decimal" => Builtin::Decimal,
            "double" => Builtin::Double,
            "dateTime" => Builtin::DateTime,
            "date" => Builtin::Date,
            "base64Binary" => Builtin::Base64Binary,
            "anyType" => Builtin::AnyType,
            _ => return None,
        })
    }
}

/// A complex type with sequence content (the only content model ASMX emits for classes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexType {
    /// The type's name; `None` for an anonymous type.
    pub name: Option<String>,
    /// `s:annotation/s:documentation`, if any.
    pub documentation: Option<String>,
    /// The `s:sequence` members, in order. Empty for `<s:complexType/>` or an empty sequence.
    pub fields: Vec<Field>,
    /// Where it was declared.
    pub location: Location,
}

impl ComplexType {
    /// The item of an ASMX array type (`ArrayOfInt`, `ArrayOfBillInfo`, …): a type whose
    /// whole content is one element repeated without bound.
    pub fn array_item(&self) -> Option<&Field> {
        match self.fields.as_slice() {
            [only] if only.max_occurs == MaxOccurs::Unbounded => Some(only),
            _ => None,
        }
    }
}

/// A local element of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The element's local name exactly as on the wire (`InvoceId`, `labelId`, …).
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// `minOccurs` (default 1).
    pub min_occurs: u32,
    /// `maxOccurs` (default 1).
    pub max_occurs: MaxOccurs,
    /// Whether `nillable="true"`.
    pub nillable: bool,
    /// `s:annotation/s:documentation`, if any.
    pub documentation: Option<String>,
    /// Where it was declared.
    pub location: Location,
}

/// `maxOccurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    /// A finite bound.
    Bounded(u32),
    /// `unbounded`.
    Unbounded,
}

/// A named simple type: a restriction of a built-in type by enumeration (ASMX enums).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleType {
    /// The type's name.
    pub name: String,
    /// `s:annotation/s:documentation`, if any.
    pub documentation: Option<String>,
    /// The restricted base type (always `s:string` for ASMX enums).
    pub base: Builtin,
    /// The enumerated values, in order.
    pub values: Vec<EnumValue>,
    /// Where it was declared.
    pub location: Location,
}

/// One `s:enumeration` facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value exactly as on the wire.
    pub value: String,
    /// `s:annotation/s:documentation`, if any.
    pub documentation: Option<String>,
}

/// An operation: a portType operation joined with its messages and bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The operation name, e.g. `getPaysInfo`.
    pub name: String,
    /// `wsdl:documentation` of the portType operation, if any.
    pub documentation: Option<String>,
    /// The SOAPAction of the SOAP 1.1 binding (the SOAP 1.2 binding must agree).
    pub soap_action: String,
    /// The top-level element of the input message's `parameters` part.
    pub input_element: String,
    /// The top-level element of the output message's `parameters` part.
    pub output_element: String,
}

/// A `wsdl:port` of the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// The port name.
    pub name: String,
    /// The binding's name.
    pub binding: String,
    /// The SOAP version of the binding.
    pub soap_version: SoapVersion,
    /// The `soap:address location`.
    pub address: String,
}

/// The SOAP version of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`http://schemas.xmlsoap.org/wsdl/soap/`).
    Soap11,
    /// SOAP 1.2 (`http://schemas.xmlsoap.org/wsdl/soap12/`).
    Soap12,
}

/// A position in the source document (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
