//! The XSD subset ASMX emits → [`Schema`].
//!
//! Supported: top-level `s:element` (named type, anonymous `s:complexType`, or no type =
//! `anyType`), named and anonymous `s:complexType` holding one `s:sequence` of local
//! `s:element`s (or nothing), named `s:simpleType` with `s:restriction base=` of a built-in
//! type and `s:enumeration` facets, and `s:annotation/s:documentation` on elements, types
//! and enumeration facets. Everything else in the XML Schema namespace, unknown attributes
//! included, is an error naming the construct.

use super::doc;
use super::xml::{Attr, Element, XML_WS};
use crate::Error;
use crate::model::Element as TopElement;
use crate::model::{
    Builtin, ComplexType, EnumValue, Field, MaxOccurs, Schema, SimpleType, TypeRef,
};

/// The XML Schema namespace.
pub(crate) const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// The names of a schema's named types, to resolve `type=` references.
pub(crate) struct TypeNames<'a> {
    target_ns: &'a str,
    complex: Vec<&'a str>,
    simple: Vec<&'a str>,
}

impl<'a> TypeNames<'a> {
    /// The named types of a read schema.
    pub(crate) fn of(schema: &'a Schema) -> Self {
        TypeNames {
            target_ns: &schema.target_namespace,
            complex: schema
                .complex_types
                .iter()
                .filter_map(|t| t.name.as_deref())
                .collect(),
            simple: schema
                .simple_types
                .iter()
                .map(|t| t.name.as_str())
                .collect(),
        }
    }

    /// Resolves a QName-valued `type=` attribute of `el`.
    pub(crate) fn resolve(&self, el: &Element, attr: &Attr) -> Result<TypeRef, Error> {
        let q = el.resolve_qname(attr)?;
        if q.ns == XSD_NS {
            return builtin(&q.local, attr).map(TypeRef::Builtin);
        }
        if q.ns == self.target_ns {
            if self.complex.contains(&q.local.as_str()) {
                return Ok(TypeRef::Complex(q.local));
            }
            if self.simple.contains(&q.local.as_str()) {
                return Ok(TypeRef::Simple(q.local));
            }
            return Err(Error::new(
                format!(
                    "unresolved type reference `{}`: the schema declares no type `{}`",
                    attr.value, q.local
                ),
                attr.location,
            ));
        }
        Err(Error::new(
            format!(
                "unresolved type reference `{}`: namespace `{}` is neither the schema's target namespace nor XML Schema",
                attr.value, q.ns
            ),
            attr.location,
        ))
    }
}

/// A built-in type by its XSD local name.
fn builtin(local: &str, attr: &Attr) -> Result<Builtin, Error> {
    Builtin::from_xsd_name(local).ok_or_else(|| {
        Error::new(
            format!("unsupported built-in type `{}`", attr.value),
            attr.location,
        )
    })
}

/// Reads an `s:schema` element.
pub(crate) fn read_schema(el: &Element) -> Result<Schema, Error> {
    el.check_attrs(&[
        "targetNamespace",
        "elementFormDefault",
        "attributeFormDefault",
        "id",
        "version",
    ])?;
    let target_namespace = el
        .attr("targetNamespace")
        .map_or_else(String::new, |a| a.value.clone());
    let qualified = match el.attr("elementFormDefault") {
        None => false,
        Some(a) => form(a, el)?,
    };
    let children = el.elements()?;

    // Pass 1: the named types, so references resolve in any order.
    let mut complex = Vec::new();
    let mut simple = Vec::new();
    let mut elements: Vec<&str> = Vec::new();
    for child in &children {
        if child.ns != XSD_NS {
            return Err(child.unsupported_in(el));
        }
        match child.local.as_str() {
            "annotation" => continue,
            "complexType" | "simpleType" | "element" => {}
            _ => return Err(child.unsupported_in(el)),
        }
        let name = child.required_attr("name")?;
        let n = name.value.as_str();
        let (kind, taken) = match child.local.as_str() {
            "element" => ("element", elements.contains(&n)),
            _ => ("type", complex.contains(&n) || simple.contains(&n)),
        };
        if taken {
            return Err(Error::new(
                format!("duplicate {kind} declaration `{n}`"),
                name.location,
            ));
        }
        match child.local.as_str() {
            "complexType" => complex.push(n),
            "simpleType" => simple.push(n),
            _ => elements.push(n),
        }
    }

    // Pass 2: the declarations.
    let reader = Reader {
        names: TypeNames {
            target_ns: &target_namespace,
            complex,
            simple,
        },
        qualified,
    };
    let mut schema = Schema {
        target_namespace: target_namespace.clone(),
        element_form_qualified: qualified,
        ..Schema::default()
    };
    for child in &children {
        match child.local.as_str() {
            "complexType" => schema.complex_types.push(reader.complex_type(child, true)?),
            "simpleType" => schema.simple_types.push(reader.simple_type(child)?),
            "element" => schema.elements.push(reader.top_element(child)?),
            _ => reader.annotation(child).map(drop)?,
        }
    }
    Ok(schema)
}

/// `qualified` / `unqualified`.
fn form(attr: &Attr, el: &Element) -> Result<bool, Error> {
    match attr.value.trim_matches(XML_WS) {
        "qualified" => Ok(true),
        "unqualified" => Ok(false),
        _ => Err(invalid(attr, el)),
    }
}

fn invalid(attr: &Attr, el: &Element) -> Error {
    Error::new(
        format!(
            "invalid value `{}` for `{}` on `{}`",
            attr.value, attr.local, el.qname
        ),
        attr.location,
    )
}

fn boolean(attr: &Attr, el: &Element) -> Result<bool, Error> {
    match attr.value.trim_matches(XML_WS) {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(invalid(attr, el)),
    }
}

fn count(attr: &Attr, el: &Element) -> Result<u32, Error> {
    let v = attr.value.trim_matches(XML_WS);
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(attr, el));
    }
    v.parse().map_err(|_| invalid(attr, el))
}

struct Reader<'a> {
    names: TypeNames<'a>,
    qualified: bool,
}

impl Reader<'_> {
    /// `s:annotation`: its `s:documentation` texts (`s:appinfo` is ignored).
    fn annotation(&self, el: &Element) -> Result<Vec<String>, Error> {
        el.check_attrs(&["id"])?;
        let mut texts = Vec::new();
        for child in el.elements()? {
            if child.is(XSD_NS, "documentation") {
                child.check_attrs(&["source"])?;
                texts.push(child.text()?);
            } else if !child.is(XSD_NS, "appinfo") {
                return Err(child.unsupported_in(el));
            }
        }
        Ok(texts)
    }

    /// A top-level `s:element`.
    fn top_element(&self, el: &Element) -> Result<TopElement, Error> {
        el.check_attrs(&["name", "type", "nillable", "id"])?;
        let name = el.required_attr("name")?.value.clone();
        let nillable = match el.attr("nillable") {
            Some(a) => boolean(a, el)?,
            None => false,
        };
        let (ty, documentation) = self.element_type(el)?;
        Ok(TopElement {
            name,
            ty,
            nillable,
            documentation,
            location: el.location,
        })
    }

    /// A local `s:element` of a sequence.
    fn field(&self, el: &Element) -> Result<Field, Error> {
        if let Some(r) = el.attr("ref") {
            return Err(Error::new(
                format!(
                    "unsupported construct `ref=\"{}\"` on `{}` (element references)",
                    r.value, el.qname
                ),
                r.location,
            ));
        }
        el.check_attrs(&[
            "name",
            "type",
            "minOccurs",
            "maxOccurs",
            "nillable",
            "form",
            "id",
        ])?;
        let name = el.required_attr("name")?.value.clone();
        if let Some(f) = el.attr("form")
            && form(f, el)? != self.qualified
        {
            return Err(Error::new(
                format!(
                    "unsupported `form=\"{}\"` on `{}`: it differs from the schema's elementFormDefault",
                    f.value, el.qname
                ),
                f.location,
            ));
        }
        let min_occurs = match el.attr("minOccurs") {
            Some(a) => count(a, el)?,
            None => 1,
        };
        let max_occurs = match el.attr("maxOccurs") {
            Some(a) if a.value.trim_matches(XML_WS) == "unbounded" => MaxOccurs::Unbounded,
            Some(a) => {
                let max = count(a, el)?;
                if max == 0 || max < min_occurs {
                    return Err(Error::new(
                        format!(
                            "unsupported `maxOccurs=\"{}\"` on `{}`: it must be at least 1 and at least minOccurs",
                            a.value, el.qname
                        ),
                        a.location,
                    ));
                }
                MaxOccurs::Bounded(max)
            }
            None if min_occurs > 1 => {
                return Err(Error::new(
                    format!("`minOccurs` exceeds `maxOccurs` on `{}`", el.qname),
                    el.location,
                ));
            }
            None => MaxOccurs::Bounded(1),
        };
        let nillable = match el.attr("nillable") {
            Some(a) => boolean(a, el)?,
            None => false,
        };
        let (ty, documentation) = self.element_type(el)?;
        Ok(Field {
            name,
            ty,
            min_occurs,
            max_occurs,
            nillable,
            documentation,
            location: el.location,
        })
    }

    /// The type and documentation of an `s:element`: `type=`, an inline anonymous
    /// `s:complexType`, or neither (`anyType`).
    fn element_type(&self, el: &Element) -> Result<(TypeRef, Option<String>), Error> {
        let mut docs = Vec::new();
        let mut inline: Option<ComplexType> = None;
        for child in el.elements()? {
            if child.is(XSD_NS, "annotation") {
                docs.extend(self.annotation(child)?);
            } else if child.is(XSD_NS, "complexType") && inline.is_none() {
                inline = Some(self.complex_type(child, false)?);
            } else {
                return Err(child.unsupported_in(el));
            }
        }
        let ty = match (el.attr("type"), inline) {
            (Some(t), None) => self.names.resolve(el, t)?,
            (None, Some(ct)) => TypeRef::Anonymous(Box::new(ct)),
            (None, None) => TypeRef::Builtin(Builtin::AnyType),
            (Some(t), Some(_)) => {
                return Err(Error::new(
                    format!("`{}` has both `type=` and an inline type", el.qname),
                    t.location,
                ));
            }
        };
        Ok((ty, doc::join(docs)))
    }

    /// An `s:complexType` (named at top level, anonymous inside an element).
    fn complex_type(&self, el: &Element, named: bool) -> Result<ComplexType, Error> {
        if named {
            el.check_attrs(&["name", "mixed", "id"])?;
        } else {
            el.check_attrs(&["mixed", "id"])?;
        }
        if let Some(m) = el.attr("mixed")
            && boolean(m, el)?
        {
            return Err(Error::new(
                format!(
                    "unsupported construct `mixed=\"{}\"` on `{}`",
                    m.value, el.qname
                ),
                m.location,
            ));
        }
        let name = match named {
            true => Some(el.required_attr("name")?.value.clone()),
            false => None,
        };
        let mut docs = Vec::new();
        let mut fields: Option<Vec<Field>> = None;
        for child in el.elements()? {
            if child.is(XSD_NS, "annotation") {
                docs.extend(self.annotation(child)?);
            } else if child.is(XSD_NS, "sequence") && fields.is_none() {
                fields = Some(self.sequence(child)?);
            } else {
                return Err(child.unsupported_in(el));
            }
        }
        Ok(ComplexType {
            name,
            documentation: doc::join(docs),
            fields: fields.unwrap_or_default(),
            location: el.location,
        })
    }

    /// An `s:sequence` of local elements.
    fn sequence(&self, el: &Element) -> Result<Vec<Field>, Error> {
        el.check_attrs(&["minOccurs", "maxOccurs", "id"])?;
        for occurs in ["minOccurs", "maxOccurs"] {
            if let Some(a) = el.attr(occurs)
                && a.value.trim_matches(XML_WS) != "1"
            {
                return Err(Error::new(
                    format!(
                        "unsupported `{occurs}=\"{}\"` on `{}` (repeated sequences)",
                        a.value, el.qname
                    ),
                    a.location,
                ));
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        for child in el.elements()? {
            if child.is(XSD_NS, "element") {
                let field = self.field(child)?;
                if fields.iter().any(|f| f.name == field.name) {
                    return Err(Error::new(
                        format!("duplicate element `{}` in `{}`", field.name, el.qname),
                        child.location,
                    ));
                }
                fields.push(field);
            } else if child.is(XSD_NS, "annotation") {
                self.annotation(child)?;
            } else {
                return Err(child.unsupported_in(el));
            }
        }
        Ok(fields)
    }

    /// A named `s:simpleType`: a restriction of a built-in type by enumeration.
    fn simple_type(&self, el: &Element) -> Result<SimpleType, Error> {
        el.check_attrs(&["name", "id"])?;
        let name = el.required_attr("name")?.value.clone();
        let mut docs = Vec::new();
        let mut restriction = None;
        for child in el.elements()? {
            if child.is(XSD_NS, "annotation") {
                docs.extend(self.annotation(child)?);
            } else if child.is(XSD_NS, "restriction") && restriction.is_none() {
                restriction = Some(self.restriction(child)?);
            } else {
                return Err(child.unsupported_in(el));
            }
        }
        let Some((base, values)) = restriction else {
            return Err(Error::new(
                format!("`{}` `{name}` has no `restriction`", el.qname),
                el.location,
            ));
        };
        Ok(SimpleType {
            name,
            documentation: doc::join(docs),
            base,
            values,
            location: el.location,
        })
    }

    /// `s:restriction base=` of a built-in type, with `s:enumeration` facets only.
    fn restriction(&self, el: &Element) -> Result<(Builtin, Vec<EnumValue>), Error> {
        el.check_attrs(&["base", "id"])?;
        let base_attr = el.required_attr("base")?;
        let q = el.resolve_qname(base_attr)?;
        if q.ns != XSD_NS {
            return Err(Error::new(
                format!(
                    "unsupported restriction base `{}`: only built-in types can be restricted",
                    base_attr.value
                ),
                base_attr.location,
            ));
        }
        let base = builtin(&q.local, base_attr)?;
        let mut values: Vec<EnumValue> = Vec::new();
        for child in el.elements()? {
            if child.is(XSD_NS, "enumeration") {
                child.check_attrs(&["value", "id"])?;
                let value = child.required_attr("value")?;
                let mut docs = Vec::new();
                for grandchild in child.elements()? {
                    if grandchild.is(XSD_NS, "annotation") {
                        docs.extend(self.annotation(grandchild)?);
                    } else {
                        return Err(grandchild.unsupported_in(child));
                    }
                }
                if values.iter().any(|v| v.value == value.value) {
                    return Err(Error::new(
                        format!("duplicate enumeration value `{}`", value.value),
                        value.location,
                    ));
                }
                values.push(EnumValue {
                    value: value.value.clone(),
                    documentation: doc::join(docs),
                });
            } else if child.is(XSD_NS, "annotation") {
                self.annotation(child)?;
            } else {
                return Err(child.unsupported_in(el));
            }
        }
        Ok((base, values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::parse::xml::parse_document;

    fn schema(body: &str) -> Result<Schema, Error> {
        let src = format!(
            r#"<s:schema xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
{body}
</s:schema>"#
        );
        read_schema(&parse_document(&src)?)
    }

    fn ok(body: &str) -> Schema {
        schema(body).unwrap_or_else(|e| panic!("{e}"))
    }

    #[track_caller]
    fn err(body: &str, needle: &str) -> Error {
        match schema(body) {
            Ok(s) => panic!("expected an error, got {s:?}"),
            Err(e) => {
                assert!(
                    e.message.contains(needle),
                    "`{}` lacks `{needle}`",
                    e.message
                );
                e
            }
        }
    }

    fn fields(s: &Schema) -> &[Field] {
        s.complex_types.first().map_or(&[], |t| t.fields.as_slice())
    }

    #[test]
    fn defaults_without_target_namespace() {
        let s = read_schema(
            &parse_document(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="A"><xs:sequence><xs:element name="b" type="B"/></xs:sequence></xs:complexType><xs:complexType name="B"/></xs:schema>"#)
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.target_namespace, "");
        assert!(!s.element_form_qualified);
        // An unprefixed reference with no default namespace is in no namespace = the target.
        assert_eq!(fields(&s)[0].ty, TypeRef::Complex("B".into()));
    }

    #[test]
    fn occurs_and_nillable() {
        let s = ok(r#"<s:complexType name="A"><s:sequence>
            <s:element name="a" type="s:int"/>
            <s:element name="b" type="s:int" minOccurs="0" maxOccurs="5" nillable="1"/>
            <s:element name="c" type="s:int" minOccurs="2" maxOccurs="unbounded" nillable="false"/>
        </s:sequence></s:complexType>"#);
        let f = fields(&s);
        assert_eq!(
            (f[0].min_occurs, f[0].max_occurs, f[0].nillable),
            (1, MaxOccurs::Bounded(1), false)
        );
        assert_eq!(
            (f[1].min_occurs, f[1].max_occurs, f[1].nillable),
            (0, MaxOccurs::Bounded(5), true)
        );
        assert_eq!(
            (f[2].min_occurs, f[2].max_occurs, f[2].nillable),
            (2, MaxOccurs::Unbounded, false)
        );
        assert_eq!(
            f[2].location,
            Location {
                line: 5,
                column: 13
            }
        );
    }

    #[test]
    fn bad_occurs_and_booleans() {
        let seq = |attrs: &str| {
            format!(
                r#"<s:complexType name="A"><s:sequence><s:element name="a" type="s:int" {attrs}/></s:sequence></s:complexType>"#
            )
        };
        err(
            &seq(r#"minOccurs="-1""#),
            "invalid value `-1` for `minOccurs`",
        );
        err(&seq(r#"minOccurs="99999999999""#), "invalid value");
        err(&seq(r#"maxOccurs="many""#), "invalid value `many`");
        err(&seq(r#"minOccurs="3" maxOccurs="2""#), "maxOccurs");
        err(&seq(r#"maxOccurs="0""#), "maxOccurs");
        err(&seq(r#"minOccurs="2""#), "exceeds");
        err(
            &seq(r#"nillable="yes""#),
            "invalid value `yes` for `nillable`",
        );
        assert_eq!(fields(&ok(&seq(r#"form="qualified""#)))[0].name, "a");
    }

    #[test]
    fn types_resolve_in_any_order() {
        let s = ok(r#"<s:element name="E" type="tns:Later"/>
            <s:complexType name="A"><s:sequence><s:element name="k" type="tns:Kind"/></s:sequence></s:complexType>
            <s:complexType name="Later"/>
            <s:simpleType name="Kind"><s:restriction base="s:string"/></s:simpleType>"#);
        assert_eq!(s.elements[0].ty, TypeRef::Complex("Later".into()));
        assert_eq!(
            s.complex_types[0].fields[0].ty,
            TypeRef::Simple("Kind".into())
        );
        assert!(s.simple_types[0].values.is_empty());
    }

    #[test]
    fn references_outside_the_schema_namespaces_fail() {
        let e = err(
            r#"<s:element xmlns:o="urn:other" name="E" type="o:T"/>"#,
            "namespace `urn:other`",
        );
        assert_eq!(
            e.location,
            Location {
                line: 2,
                column: 41
            }
        );
        err(r#"<s:element name="E" type="tns:Nope"/>"#, "no type `Nope`");
        err(
            r#"<s:element name="E" type="s:duration"/>"#,
            "unsupported built-in type `s:duration`",
        );
    }

    #[test]
    fn duplicates_are_errors() {
        err(
            r#"<s:complexType name="A"/><s:simpleType name="A"><s:restriction base="s:string"/></s:simpleType>"#,
            "duplicate type declaration `A`",
        );
        err(
            r#"<s:element name="A"/><s:element name="A"/>"#,
            "duplicate element declaration `A`",
        );
        err(
            r#"<s:complexType name="A"><s:sequence><s:element name="x"/><s:element name="x"/></s:sequence></s:complexType>"#,
            "duplicate element `x`",
        );
        err(
            r#"<s:simpleType name="K"><s:restriction base="s:string"><s:enumeration value="a"/><s:enumeration value="a"/></s:restriction></s:simpleType>"#,
            "duplicate enumeration value `a`",
        );
    }

    #[test]
    fn element_type_forms() {
        let s = ok(r#"<s:element name="Any"/>
            <s:element name="Anon"><s:annotation><s:documentation>Док</s:documentation><s:appinfo><x/></s:appinfo></s:annotation><s:complexType><s:sequence/></s:complexType></s:element>"#);
        assert_eq!(s.elements[0].ty, TypeRef::Builtin(Builtin::AnyType));
        assert_eq!(s.elements[1].documentation.as_deref(), Some("Док"));
        assert!(
            matches!(&s.elements[1].ty, TypeRef::Anonymous(ct) if ct.name.is_none() && ct.fields.is_empty())
        );
        err(
            r#"<s:element name="E" type="s:int"><s:complexType/></s:element>"#,
            "both `type=` and an inline type",
        );
        err(
            r#"<s:element name="E"><s:complexType/><s:complexType/></s:element>"#,
            "`s:complexType` inside `s:element`",
        );
        err(
            r#"<s:element name="E"><s:complexType name="N"/></s:element>"#,
            "unsupported attribute `name` on `s:complexType`",
        );
        err(
            r#"<s:element name="E" minOccurs="0"/>"#,
            "unsupported attribute `minOccurs`",
        );
        err(
            r#"<s:element name="E" abstract="true"/>"#,
            "unsupported attribute `abstract`",
        );
        err(
            r#"<s:element type="s:int"/>"#,
            "missing the required attribute `name`",
        );
    }

    #[test]
    fn documentation_is_joined_and_markup_refused() {
        let s = ok(r#"<s:complexType name="A">
            <s:annotation><s:documentation>Один</s:documentation><s:documentation>
               Два   три
            </s:documentation></s:annotation>
        </s:complexType>"#);
        assert_eq!(
            s.complex_types[0].documentation.as_deref(),
            Some("Один\n\nДва три")
        );
        err(
            r#"<s:complexType name="A"><s:annotation><s:documentation>a <b>b</b></s:documentation></s:annotation></s:complexType>"#,
            "unsupported markup `b`",
        );
        err(
            r#"<s:complexType name="A"><s:annotation><s:note/></s:annotation></s:complexType>"#,
            "`s:note` inside `s:annotation`",
        );
    }

    #[test]
    fn simple_type_shapes() {
        err(
            r#"<s:simpleType name="K"><s:annotation/></s:simpleType>"#,
            "has no `restriction`",
        );
        err(
            r#"<s:simpleType name="K"><s:union memberTypes="s:int"/></s:simpleType>"#,
            "s:union",
        );
        err(
            r#"<s:simpleType name="K"><s:restriction base="s:string"><s:enumeration/></s:restriction></s:simpleType>"#,
            "`value`",
        );
        err(
            r#"<s:simpleType name="K"><s:restriction base="s:string"><s:enumeration value="a"><s:foo/></s:enumeration></s:restriction></s:simpleType>"#,
            "`s:foo` inside `s:enumeration`",
        );
        let s = ok(
            r#"<s:simpleType name="K"><s:restriction base="s:int"><s:enumeration value=" 1 "/></s:restriction></s:simpleType>"#,
        );
        assert_eq!(s.simple_types[0].base, Builtin::Int);
        // Enumeration values are kept exactly (after XML attribute normalization).
        assert_eq!(s.simple_types[0].values[0].value, " 1 ");
    }

    #[test]
    fn foreign_and_unknown_children_are_refused() {
        err(
            r#"<x:thing xmlns:x="urn:x"/>"#,
            "`x:thing` inside `s:schema`",
        );
        err(r#"<s:attributeGroup name="g"/>"#, "`s:attributeGroup`");
        err(
            r#"<s:complexType name="A"><s:sequence/><s:sequence/></s:complexType>"#,
            "`s:sequence` inside `s:complexType`",
        );
        err(
            r#"<s:complexType name="A"><s:sequence><s:sequence/></s:sequence></s:complexType>"#,
            "`s:sequence` inside `s:sequence`",
        );
        err(
            r#"<s:complexType name="A"><s:anyAttribute/></s:complexType>"#,
            "`s:anyAttribute`",
        );
        err(
            r#"<s:complexType name="A" abstract="true"/>"#,
            "unsupported attribute `abstract`",
        );
        err(
            r#"<s:complexType name="A">text</s:complexType>"#,
            "unexpected text",
        );
    }
}
