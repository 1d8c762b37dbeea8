//! WSDL 1.1 definitions → the raw declarations of the document, references checked.
//!
//! Reads `wsdl:types` (through [`super::schema`]), `wsdl:message`, `wsdl:portType`,
//! `wsdl:binding` and `wsdl:service`. Every QName reference (`element=`, `type=`,
//! `message=`, `binding=`) is resolved here, so [`super::resolve`] only joins.
//!
//! Bindings that carry an `http:binding` (the HttpGet/HttpPost bindings ASMX may publish)
//! are not SOAP: their `type=` is checked, the rest of them is skipped, and ports using
//! them are left out of the model. A binding with no `soap:binding`, `soap12:binding` or
//! `http:binding` is an error, so a misspelt SOAP namespace cannot drop a port silently.

use super::doc;
use super::schema::{self, TypeNames};
use super::xml::{Attr, Element, XML_WS};
use crate::Error;
use crate::model::{Location, Schema, SoapVersion};

/// WSDL 1.1.
pub(crate) const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// The WSDL SOAP 1.1 binding.
pub(crate) const SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// The WSDL SOAP 1.2 binding.
pub(crate) const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// The WSDL HTTP GET/POST binding.
pub(crate) const HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
/// The only transport supported for SOAP bindings.
const SOAP_HTTP_TRANSPORT: &str = "http://schemas.xmlsoap.org/soap/http";

/// Everything the document declares, references resolved to indices.
pub(crate) struct Definitions<'a> {
    pub(crate) root: &'a Element,
    pub(crate) target_namespace: String,
    pub(crate) schema: Schema,
    pub(crate) messages: Vec<Message<'a>>,
    pub(crate) port_types: Vec<PortType<'a>>,
    pub(crate) bindings: Vec<Binding<'a>>,
    pub(crate) service: ServiceDef<'a>,
}

pub(crate) struct Message<'a> {
    pub(crate) name: &'a str,
    pub(crate) el: &'a Element,
    pub(crate) parts: Vec<Part<'a>>,
}

pub(crate) struct Part<'a> {
    pub(crate) name: &'a str,
    /// The local name of the top-level schema element of `element=`; `None` for `type=`.
    pub(crate) element: Option<String>,
}

pub(crate) struct PortType<'a> {
    pub(crate) name: &'a str,
    pub(crate) operations: Vec<PortOperation<'a>>,
}

pub(crate) struct PortOperation<'a> {
    pub(crate) name: &'a str,
    pub(crate) documentation: Option<String>,
    /// Index into [`Definitions::messages`].
    pub(crate) input: usize,
    /// Index into [`Definitions::messages`].
    pub(crate) output: usize,
}

pub(crate) struct Binding<'a> {
    pub(crate) name: &'a str,
    pub(crate) el: &'a Element,
    /// Index into [`Definitions::port_types`].
    pub(crate) port_type: usize,
    /// `None` for a non-SOAP (`http:binding`) binding.
    pub(crate) soap: Option<SoapBinding<'a>>,
}

pub(crate) struct SoapBinding<'a> {
    pub(crate) version: SoapVersion,
    pub(crate) operations: Vec<BindingOperation<'a>>,
}

pub(crate) struct BindingOperation<'a> {
    pub(crate) name: &'a str,
    pub(crate) soap_action: String,
    /// Where the SOAPAction is given (or the operation, if it is not).
    pub(crate) action_location: Location,
}

pub(crate) struct ServiceDef<'a> {
    pub(crate) name: &'a str,
    pub(crate) el: &'a Element,
    pub(crate) documentation: Option<String>,
    pub(crate) ports: Vec<PortDef<'a>>,
}

pub(crate) struct PortDef<'a> {
    pub(crate) name: &'a str,
    /// Index into [`Definitions::bindings`].
    pub(crate) binding: usize,
    /// `None` for a port of a non-SOAP binding.
    pub(crate) address: Option<String>,
}

/// The WSDL SOAP extension namespace of a SOAP version.
fn soap_ns(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::Soap11 => SOAP11_NS,
        SoapVersion::Soap12 => SOAP12_NS,
    }
}

fn soap_version(ns: &str) -> Option<SoapVersion> {
    match ns {
        SOAP11_NS => Some(SoapVersion::Soap11),
        SOAP12_NS => Some(SoapVersion::Soap12),
        _ => None,
    }
}

/// Splits a WSDL element's children into its `wsdl:documentation` (joined) and the rest.
fn content(el: &Element) -> Result<(Vec<&Element>, Option<String>), Error> {
    let mut rest = Vec::new();
    let mut docs = Vec::new();
    for child in el.elements()? {
        if child.is(WSDL_NS, "documentation") {
            docs.push(child.text()?);
        } else {
            rest.push(child);
        }
    }
    Ok((rest, doc::join(docs)))
}

/// Refuses content inside an element that must be empty (SOAP extensibility elements).
fn empty(el: &Element) -> Result<(), Error> {
    match el.elements()?.first() {
        Some(child) => Err(child.unsupported_in(el)),
        None => Ok(()),
    }
}

/// Refuses `name` if a declaration of the same kind already has it.
fn check_unique<T>(
    items: &[T],
    name: &Attr,
    kind: &str,
    name_of: impl Fn(&T) -> &str,
) -> Result<(), Error> {
    if items.iter().any(|i| name_of(i) == name.value) {
        return Err(Error::new(
            format!("duplicate {kind} `{}`", name.value),
            name.location,
        ));
    }
    Ok(())
}

/// Reads the root `wsdl:definitions`.
pub(crate) fn read(root: &Element) -> Result<Definitions<'_>, Error> {
    if !root.is(WSDL_NS, "definitions") {
        return Err(Error::new(
            format!(
                "the root element `{}` is not a WSDL 1.1 `definitions` (namespace `{WSDL_NS}`)",
                root.qname
            ),
            root.location,
        ));
    }
    root.check_attrs(&["targetNamespace", "name"])?;
    let target_namespace = root.required_attr("targetNamespace")?.value.clone();

    let mut types = None;
    let mut groups: [Vec<&Element>; 4] = Default::default();
    let (children, _) = content(root)?;
    for child in children {
        if child.ns != WSDL_NS {
            return Err(child.unsupported_in(root));
        }
        let slot = match child.local.as_str() {
            "types" if types.is_none() => {
                types = Some(child);
                continue;
            }
            "message" => 0,
            "portType" => 1,
            "binding" => 2,
            "service" => 3,
            _ => return Err(child.unsupported_in(root)),
        };
        if let Some(group) = groups.get_mut(slot) {
            group.push(child);
        }
    }
    let [messages, port_types, bindings, services] = groups;

    let Some(types) = types else {
        return Err(Error::new(
            "`wsdl:definitions` has no `wsdl:types`",
            root.location,
        ));
    };
    let schema = read_types(types)?;
    let messages = read_messages(&messages, &schema)?;
    let port_types = read_port_types(&port_types, &messages, &target_namespace)?;
    let bindings = read_bindings(&bindings, &port_types, &target_namespace)?;
    let service = match services.as_slice() {
        [one] => read_service(one, &bindings, &target_namespace)?,
        [] => {
            return Err(Error::new(
                "`wsdl:definitions` has no `wsdl:service`",
                root.location,
            ));
        }
        [_, second, ..] => {
            return Err(Error::new(
                format!("unsupported construct: a second `{}`", second.qname),
                second.location,
            ));
        }
    };
    Ok(Definitions {
        root,
        target_namespace,
        schema,
        messages,
        port_types,
        bindings,
        service,
    })
}

/// `wsdl:types` with exactly one `s:schema`.
fn read_types(el: &Element) -> Result<Schema, Error> {
    el.check_attrs(&[])?;
    let (children, _) = content(el)?;
    match children.as_slice() {
        [one] if one.is(schema::XSD_NS, "schema") => schema::read_schema(one),
        [] => Err(Error::new(
            format!("`{}` has no `schema`", el.qname),
            el.location,
        )),
        [one] => Err(one.unsupported_in(el)),
        [first, second, ..] => {
            let odd = if first.is(schema::XSD_NS, "schema") {
                second
            } else {
                first
            };
            Err(Error::new(
                format!(
                    "unsupported construct `{}` inside `{}`: exactly one `schema` is supported",
                    odd.qname, el.qname
                ),
                odd.location,
            ))
        }
    }
}

/// Resolves a reference to a WSDL declaration (`message=`, `type=`, `binding=`) in the
/// definitions' target namespace.
fn def_ref<T>(
    el: &Element,
    attr: &Attr,
    kind: &str,
    target_namespace: &str,
    items: &[T],
    name_of: impl Fn(&T) -> &str,
) -> Result<usize, Error> {
    let q = el.resolve_qname(attr)?;
    let found = (q.ns == target_namespace)
        .then(|| items.iter().position(|i| name_of(i) == q.local))
        .flatten();
    found.ok_or_else(|| {
        let why = if q.ns == target_namespace {
            format!("no {kind} `{}` is declared", q.local)
        } else {
            format!(
                "namespace `{}` is not the target namespace `{target_namespace}`",
                q.ns
            )
        };
        Error::new(
            format!("unresolved {kind} reference `{}`: {why}", attr.value),
            attr.location,
        )
    })
}

fn read_messages<'a>(els: &[&'a Element], schema: &Schema) -> Result<Vec<Message<'a>>, Error> {
    let names = TypeNames::of(schema);
    let mut out: Vec<Message<'a>> = Vec::new();
    for &el in els {
        el.check_attrs(&["name"])?;
        let name = el.required_attr("name")?;
        check_unique(&out, name, "message", |m| m.name)?;
        let (children, _) = content(el)?;
        let mut parts: Vec<Part<'a>> = Vec::new();
        for child in children {
            if !child.is(WSDL_NS, "part") {
                return Err(child.unsupported_in(el));
            }
            child.check_attrs(&["name", "element", "type"])?;
            let part_name = child.required_attr("name")?;
            check_unique(&parts, part_name, "part", |p| p.name)?;
            let (rest, _) = content(child)?;
            if let Some(x) = rest.first() {
                return Err(x.unsupported_in(child));
            }
            let element = match (child.attr("element"), child.attr("type")) {
                (Some(e), None) => Some(schema_element(child, e, schema)?),
                (None, Some(t)) => {
                    names.resolve(child, t)?;
                    None
                }
                (Some(_), Some(t)) => {
                    return Err(Error::new(
                        format!("`{}` has both `element=` and `type=`", child.qname),
                        t.location,
                    ));
                }
                (None, None) => {
                    return Err(Error::new(
                        format!("`{}` has neither `element=` nor `type=`", child.qname),
                        child.location,
                    ));
                }
            };
            parts.push(Part {
                name: &part_name.value,
                element,
            });
        }
        out.push(Message {
            name: &name.value,
            el,
            parts,
        });
    }
    Ok(out)
}

/// Resolves `element=` to a top-level element of the schema; returns its local name.
fn schema_element(el: &Element, attr: &Attr, schema: &Schema) -> Result<String, Error> {
    let q = el.resolve_qname(attr)?;
    if q.ns == schema.target_namespace && schema.elements.iter().any(|e| e.name == q.local) {
        return Ok(q.local);
    }
    let why = if q.ns == schema.target_namespace {
        format!("the schema declares no element `{}`", q.local)
    } else {
        format!(
            "namespace `{}` is not the schema's target namespace `{}`",
            q.ns, schema.target_namespace
        )
    };
    Err(Error::new(
        format!("unresolved element reference `{}`: {why}", attr.value),
        attr.location,
    ))
}

fn read_port_types<'a>(
    els: &[&'a Element],
    messages: &[Message<'a>],
    target_namespace: &str,
) -> Result<Vec<PortType<'a>>, Error> {
    let mut out: Vec<PortType<'a>> = Vec::new();
    for &el in els {
        el.check_attrs(&["name"])?;
        let name = el.required_attr("name")?;
        check_unique(&out, name, "portType", |p| p.name)?;
        let (children, _) = content(el)?;
        let mut operations: Vec<PortOperation<'a>> = Vec::new();
        for child in children {
            if !child.is(WSDL_NS, "operation") {
                return Err(child.unsupported_in(el));
            }
            child.check_attrs(&["name", "parameterOrder"])?;
            let op_name = child.required_attr("name")?;
            if operations.iter().any(|o| o.name == op_name.value) {
                return Err(Error::new(
                    format!(
                        "unsupported construct: overloaded operation `{}` in portType `{}`",
                        op_name.value, name.value
                    ),
                    op_name.location,
                ));
            }
            let (io, documentation) = content(child)?;
            let mut input = None;
            let mut output = None;
            for m in io {
                let slot = if m.is(WSDL_NS, "input") && input.is_none() && output.is_none() {
                    &mut input
                } else if m.is(WSDL_NS, "output") && input.is_some() && output.is_none() {
                    &mut output
                } else {
                    return Err(m.unsupported_in(child));
                };
                m.check_attrs(&["name", "message"])?;
                let (rest, _) = content(m)?;
                if let Some(x) = rest.first() {
                    return Err(x.unsupported_in(m));
                }
                let attr = m.required_attr("message")?;
                *slot = Some(def_ref(
                    m,
                    attr,
                    "message",
                    target_namespace,
                    messages,
                    |x| x.name,
                )?);
            }
            let (Some(input), Some(output)) = (input, output) else {
                return Err(Error::new(
                    format!(
                        "unsupported construct: operation `{}` is not request-response (it needs `wsdl:input` then `wsdl:output`)",
                        op_name.value
                    ),
                    child.location,
                ));
            };
            operations.push(PortOperation {
                name: &op_name.value,
                documentation,
                input,
                output,
            });
        }
        out.push(PortType {
            name: &name.value,
            operations,
        });
    }
    Ok(out)
}

fn read_bindings<'a>(
    els: &[&'a Element],
    port_types: &[PortType<'a>],
    target_namespace: &str,
) -> Result<Vec<Binding<'a>>, Error> {
    let mut out: Vec<Binding<'a>> = Vec::new();
    for &el in els {
        el.check_attrs(&["name", "type"])?;
        let name = el.required_attr("name")?;
        check_unique(&out, name, "binding", |b| b.name)?;
        let type_attr = el.required_attr("type")?;
        let port_type = def_ref(
            el,
            type_attr,
            "portType",
            target_namespace,
            port_types,
            |p| p.name,
        )?;
        let (children, _) = content(el)?;
        let mut kind: Option<(&Element, Option<SoapVersion>)> = None;
        for &child in &children {
            let version = soap_version(&child.ns);
            let is_binding = child.local == "binding" && (version.is_some() || child.ns == HTTP_NS);
            if !is_binding {
                continue;
            }
            if let Some((first, _)) = kind {
                return Err(Error::new(
                    format!(
                        "unsupported construct `{}` inside `{}`: the binding already has `{}`",
                        child.qname, el.qname, first.qname
                    ),
                    child.location,
                ));
            }
            kind = Some((child, version));
        }
        let soap = match kind {
            None => {
                return Err(Error::new(
                    format!(
                        "binding `{}` has no `soap:binding`, `soap12:binding` or `http:binding`",
                        name.value
                    ),
                    el.location,
                ));
            }
            Some((_, None)) => None,
            Some((ext, Some(version))) => Some(read_soap_binding(
                el,
                ext,
                version,
                &children,
                port_types.get(port_type),
            )?),
        };
        out.push(Binding {
            name: &name.value,
            el,
            port_type,
            soap,
        });
    }
    Ok(out)
}

/// Refuses `style="rpc"` (and anything but `document`).
fn check_style(el: &Element) -> Result<(), Error> {
    match el.attr("style") {
        Some(a) if a.value.trim_matches(XML_WS) == "document" => Ok(()),
        Some(a) if a.value.trim_matches(XML_WS) == "rpc" => Err(Error::new(
            format!(
                "unsupported construct `style=\"rpc\"` on `{}`: only document style is supported",
                el.qname
            ),
            a.location,
        )),
        Some(a) => Err(Error::new(
            format!("invalid value `{}` for `style` on `{}`", a.value, el.qname),
            a.location,
        )),
        None => Ok(()),
    }
}

fn read_soap_binding<'a>(
    el: &'a Element,
    ext: &'a Element,
    version: SoapVersion,
    children: &[&'a Element],
    port_type: Option<&PortType<'a>>,
) -> Result<SoapBinding<'a>, Error> {
    ext.check_attrs(&["transport", "style"])?;
    empty(ext)?;
    let transport = ext.required_attr("transport")?;
    if transport.value.trim_matches(XML_WS) != SOAP_HTTP_TRANSPORT {
        return Err(Error::new(
            format!(
                "unsupported transport `{}` on `{}` (only `{SOAP_HTTP_TRANSPORT}`)",
                transport.value, ext.qname
            ),
            transport.location,
        ));
    }
    check_style(ext)?;
    let ns = soap_ns(version);
    let port_type_ops = port_type.map_or(&[][..], |p| p.operations.as_slice());
    let mut operations: Vec<BindingOperation<'a>> = Vec::new();
    for &child in children {
        if std::ptr::eq(child, ext) {
            continue;
        }
        if !child.is(WSDL_NS, "operation") {
            return Err(child.unsupported_in(el));
        }
        child.check_attrs(&["name"])?;
        let op_name = child.required_attr("name")?;
        if !port_type_ops.iter().any(|o| o.name == op_name.value) {
            return Err(Error::new(
                format!(
                    "binding operation `{}` is not an operation of the binding's portType",
                    op_name.value
                ),
                op_name.location,
            ));
        }
        check_unique(&operations, op_name, "binding operation", |o| o.name)?;
        let (parts, _) = content(child)?;
        let mut soap_operation: Option<&Element> = None;
        let (mut input, mut output) = (false, false);
        for part in parts {
            if part.is(ns, "operation") && soap_operation.is_none() {
                part.check_attrs(&["soapAction", "style", "soapActionRequired"])?;
                check_style(part)?;
                empty(part)?;
                soap_operation = Some(part);
            } else if part.is(WSDL_NS, "input") && !input && !output {
                read_soap_body(part, ns)?;
                input = true;
            } else if part.is(WSDL_NS, "output") && input && !output {
                read_soap_body(part, ns)?;
                output = true;
            } else {
                return Err(part.unsupported_in(child));
            }
        }
        if !(input && output) {
            return Err(Error::new(
                format!(
                    "binding operation `{}` needs `wsdl:input` then `wsdl:output`",
                    op_name.value
                ),
                child.location,
            ));
        }
        let action = soap_operation.and_then(|o| o.attr("soapAction"));
        operations.push(BindingOperation {
            name: &op_name.value,
            soap_action: action.map_or_else(String::new, |a| a.value.clone()),
            action_location: action
                .map(|a| a.location)
                .or(soap_operation.map(|o| o.location))
                .unwrap_or(child.location),
        });
    }
    if let Some(missing) = port_type_ops
        .iter()
        .find(|o| !operations.iter().any(|b| b.name == o.name))
    {
        return Err(Error::new(
            format!(
                "binding `{}` lacks operation `{}` of its portType",
                el.attr("name").map_or("", |a| a.value.as_str()),
                missing.name
            ),
            el.location,
        ));
    }
    Ok(SoapBinding {
        version,
        operations,
    })
}

/// A binding operation's `wsdl:input`/`wsdl:output`: exactly one literal `soap:body`.
fn read_soap_body(el: &Element, ns: &str) -> Result<(), Error> {
    el.check_attrs(&["name"])?;
    let (children, _) = content(el)?;
    let body = match children.as_slice() {
        [body] if body.is(ns, "body") => body,
        [] => {
            return Err(Error::new(
                format!("`{}` has no `body`", el.qname),
                el.location,
            ));
        }
        [one] => return Err(one.unsupported_in(el)),
        [first, second, ..] => {
            return Err(if first.is(ns, "body") { second } else { first }.unsupported_in(el));
        }
    };
    body.check_attrs(&["use", "parts", "namespace", "encodingStyle"])?;
    empty(body)?;
    let use_ = body.required_attr("use")?;
    match use_.value.trim_matches(XML_WS) {
        "literal" => {}
        "encoded" => {
            return Err(Error::new(
                format!(
                    "unsupported construct `use=\"encoded\"` on `{}`: only literal is supported",
                    body.qname
                ),
                use_.location,
            ));
        }
        _ => {
            return Err(Error::new(
                format!(
                    "invalid value `{}` for `use` on `{}`",
                    use_.value, body.qname
                ),
                use_.location,
            ));
        }
    }
    if let Some(parts) = body.attr("parts")
        && parts.value.trim_matches(XML_WS) != "parameters"
    {
        return Err(Error::new(
            format!(
                "unsupported construct `parts=\"{}\"` on `{}`",
                parts.value, body.qname
            ),
            parts.location,
        ));
    }
    Ok(())
}

fn read_service<'a>(
    el: &'a Element,
    bindings: &[Binding<'a>],
    target_namespace: &str,
) -> Result<ServiceDef<'a>, Error> {
    el.check_attrs(&["name"])?;
    let name = el.required_attr("name")?;
    let (children, documentation) = content(el)?;
    let mut ports: Vec<PortDef<'a>> = Vec::new();
    for child in children {
        if !child.is(WSDL_NS, "port") {
            return Err(child.unsupported_in(el));
        }
        child.check_attrs(&["name", "binding"])?;
        let port_name = child.required_attr("name")?;
        check_unique(&ports, port_name, "port", |p| p.name)?;
        let binding_attr = child.required_attr("binding")?;
        let binding = def_ref(
            child,
            binding_attr,
            "binding",
            target_namespace,
            bindings,
            |b| b.name,
        )?;
        let (addresses, _) = content(child)?;
        let address = match addresses.as_slice() {
            [a] if a.local == "address" && (soap_version(&a.ns).is_some() || a.ns == HTTP_NS) => a,
            [] => {
                return Err(Error::new(
                    format!("port `{}` has no address", port_name.value),
                    child.location,
                ));
            }
            [one] => return Err(one.unsupported_in(child)),
            [_, second, ..] => return Err(second.unsupported_in(child)),
        };
        address.check_attrs(&["location"])?;
        empty(address)?;
        let location = address.required_attr("location")?;
        let binding_version = bindings
            .get(binding)
            .and_then(|b| b.soap.as_ref())
            .map(|s| s.version);
        let address_version = soap_version(&address.ns);
        if binding_version != address_version {
            return Err(Error::new(
                format!(
                    "port `{}`: `{}` does not match the kind of binding `{}`",
                    port_name.value, address.qname, binding_attr.value
                ),
                address.location,
            ));
        }
        ports.push(PortDef {
            name: &port_name.value,
            binding,
            address: binding_version.map(|_| location.value.clone()),
        });
    }
    Ok(ServiceDef {
        name: &name.value,
        el,
        documentation,
        ports,
    })
}

#[cfg(test)]
mod tests {
    use crate::parse::test_support::{MINI, fails, mini};

    #[test]
    fn mini_parses() {
        let s = crate::parse(MINI).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.operations.len(), 1);
        assert_eq!(s.ports.len(), 2);
    }

    #[test]
    fn definitions_shape() {
        fails(
            &mini(r#" targetNamespace="urn:t">"#, ">"),
            "`targetNamespace`",
        );
        fails(
            &mini("<types>", "<foo/><types>"),
            "`foo` inside `definitions`",
        );
        fails(
            &mini("<types>", "<x:ext xmlns:x=\"urn:x\"/><types>"),
            "`x:ext`",
        );
        fails(
            &mini(
                "<types>",
                "<import namespace=\"urn:x\" location=\"x\"/><types>",
            ),
            "`import`",
        );
        fails(
            &mini("<types>", "<types/><types>"),
            "`types` inside `definitions`",
        );
        let no_types = {
            let start = MINI.find("<types>").unwrap_or(0);
            let end = MINI.find("</types>").map_or(0, |i| i + "</types>".len());
            format!(
                "{}{}",
                MINI.get(..start).unwrap_or(""),
                MINI.get(end..).unwrap_or("")
            )
        };
        fails(&no_types, "no `wsdl:types`");
        fails(
            &mini(
                "<service name=\"S\">",
                "<service name=\"T\"/><service name=\"S\">",
            ),
            "a second `service`",
        );
        let no_service = {
            let start = MINI.find("<service").unwrap_or(0);
            let end = MINI
                .find("</service>")
                .map_or(0, |i| i + "</service>".len());
            format!(
                "{}{}",
                MINI.get(..start).unwrap_or(""),
                MINI.get(end..).unwrap_or("")
            )
        };
        fails(&no_service, "no `wsdl:service`");
    }

    #[test]
    fn types_needs_exactly_one_schema() {
        fails(
            &mini("</s:schema>\n", "</s:schema>\n<s:schema/>"),
            "exactly one `schema`",
        );
        fails(
            &mini(
                "<types>",
                "<types><documentation>d</documentation><s:element name=\"x\"/>",
            ),
            "`s:element` inside `types`",
        );
        let empty = {
            let start = MINI.find("<s:schema").unwrap_or(0);
            let end = MINI
                .find("</s:schema>")
                .map_or(0, |i| i + "</s:schema>".len());
            format!(
                "{}{}",
                MINI.get(..start).unwrap_or(""),
                MINI.get(end..).unwrap_or("")
            )
        };
        fails(&empty, "has no `schema`");
    }

    #[test]
    fn parts() {
        fails(
            &mini(r#"element="t:Op""#, r#"element="t:Op" type="s:int""#),
            "both `element=` and `type=`",
        );
        fails(
            &mini(
                r#"<part name="parameters" element="t:Op"/>"#,
                r#"<part name="parameters"/>"#,
            ),
            "neither",
        );
        fails(
            &mini(
                r#"element="t:Op"/>"#,
                r#"element="t:Op"/><part name="parameters" type="s:int"/>"#,
            ),
            "duplicate part `parameters`",
        );
        fails(
            &mini(
                r#"<part name="parameters" element="t:Op"/>"#,
                r#"<part name="parameters" type="t:Nope"/>"#,
            ),
            "t:Nope",
        );
        // A typed part resolves, but is not document/literal wrapped.
        fails(
            &mini(
                r#"<part name="parameters" element="t:Op"/>"#,
                r#"<part name="parameters" type="s:int"/>"#,
            ),
            "`OpIn`",
        );
        fails(
            &mini(
                r#"element="t:Op"/>"#,
                r#"element="t:Op"><documentation>d</documentation><x/></part>"#,
            ),
            "`x` inside `part`",
        );
    }

    #[test]
    fn duplicates() {
        fails(
            &mini("<message name=\"OpOut\">", "<message name=\"OpIn\">"),
            "duplicate message `OpIn`",
        );
        fails(
            &mini(
                "<portType name=\"P\">",
                "<portType name=\"Q\"/><portType name=\"Q\">",
            ),
            "duplicate portType `Q`",
        );
        fails(
            &mini("<binding name=\"B12\"", "<binding name=\"B11\""),
            "duplicate binding `B11`",
        );
        fails(
            &mini("<port name=\"S12\"", "<port name=\"S11\""),
            "duplicate port `S11`",
        );
        fails(
            &mini(
                "</operation></portType>",
                "</operation><operation name=\"Op\"><input message=\"t:OpIn\"/><output message=\"t:OpOut\"/></operation></portType>",
            ),
            "overloaded operation `Op`",
        );
    }

    #[test]
    fn port_type_operations_are_request_response() {
        fails(
            &mini(
                "<input message=\"t:OpIn\"/><output message=\"t:OpOut\"/>",
                "<output message=\"t:OpOut\"/><input message=\"t:OpIn\"/>",
            ),
            "`output` inside `operation`",
        );
        fails(
            &mini(
                "<input message=\"t:OpIn\"/><output message=\"t:OpOut\"/>",
                "<input message=\"t:OpIn\"/>",
            ),
            "not request-response",
        );
        fails(
            &mini("<input message=\"t:OpIn\"/>", "<input/>"),
            "`message`",
        );
    }

    #[test]
    fn soap_bindings() {
        fails(
            &mini(
                "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
                "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/><soap12:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
            ),
            "already has `soap:binding`",
        );
        fails(
            &mini("<soap:operation soapAction", "<soap12:operation soapAction"),
            "`soap12:operation` inside `operation`",
        );
        fails(
            &mini("<soap:body use=\"literal\"/>", "<soap:body/>"),
            "`use`",
        );
        fails(
            &mini("<soap:body use=\"literal\"/>", "<soap:body use=\"plain\"/>"),
            "invalid value `plain`",
        );
        fails(
            &mini(
                "<soap:body use=\"literal\"/>",
                "<soap:body use=\"literal\" parts=\"a b\"/>",
            ),
            "parts=",
        );
        fails(&mini("<soap:body use=\"literal\"/>", ""), "has no `body`");
        fails(
            &mini(
                "<soap:body use=\"literal\"/>",
                "<soap:body use=\"literal\"/><soap:body use=\"literal\"/>",
            ),
            "`soap:body` inside `input`",
        );
        fails(
            &mini(
                "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
                "<soap:binding/>",
            ),
            "`transport`",
        );
        fails(
            &mini("style=\"document\"", "style=\"fancy\""),
            "invalid value `fancy` for `style`",
        );
        fails(
            &mini(
                "<output><soap:body use=\"literal\"/></output></operation>",
                "</operation>",
            ),
            "needs `wsdl:input` then `wsdl:output`",
        );
        let s = crate::parse(&mini(
            "<soap:body use=\"literal\"/>",
            "<soap:body use=\"literal\" parts=\"parameters\" namespace=\"urn:t\"/>",
        ));
        assert!(s.is_ok(), "{s:?}");
    }

    #[test]
    fn ports() {
        fails(
            &mini("<soap:address location=\"http://h/a\"/>", ""),
            "port `S11` has no address",
        );
        fails(
            &mini(
                "<soap:address location=\"http://h/a\"/>",
                "<soap:address location=\"http://h/a\"/><soap:address location=\"http://h/c\"/>",
            ),
            "`soap:address` inside `port`",
        );
        fails(
            &mini("<soap:address location=\"http://h/a\"/>", "<soap:address/>"),
            "`location`",
        );
        fails(
            &mini(
                "<soap:address location=\"http://h/a\"/>",
                "<http:address location=\"http://h/a\"/>",
            ),
            "does not match",
        );
        fails(
            &mini(
                "<soap:address location=\"http://h/a\"/>",
                "<x:address xmlns:x=\"urn:x\" location=\"http://h/a\"/>",
            ),
            "`x:address` inside `port`",
        );
        fails(
            &mini(
                "<soap:address location=\"http://h/a\"/>",
                "<soap:address location=\"http://h/a\"><x/></soap:address>",
            ),
            "`x` inside `soap:address`",
        );
        fails(
            &mini(
                "<soap:body use=\"literal\"/>",
                "<soap:body use=\"literal\">oops</soap:body>",
            ),
            "unexpected text inside `soap:body`",
        );
    }
}
