//! Joins the read declarations into the resolved [`Service`].
//!
//! The operations are those of the portType the SOAP bindings implement, in portType
//! order. Every SOAP binding must implement that same portType, all of its operations,
//! and agree on each SOAPAction; the value is taken from the (first) SOAP 1.1 binding, or
//! from the SOAP 1.2 one when there is no SOAP 1.1 binding. Each operation's messages must
//! be document/literal wrapped: a single part named `parameters` with `element=`.

use super::wsdl::{Binding, BindingOperation, Definitions, Message, SoapBinding};
use crate::Error;
use crate::model::{Operation, Port, Service, SoapVersion};

pub(crate) fn resolve(defs: Definitions<'_>) -> Result<Service, Error> {
    let soap: Vec<(&Binding<'_>, &SoapBinding<'_>)> = defs
        .bindings
        .iter()
        .filter_map(|b| b.soap.as_ref().map(|s| (b, s)))
        .collect();
    let primary = soap
        .iter()
        .find(|(_, s)| s.version == SoapVersion::Soap11)
        .or_else(|| soap.first())
        .copied();
    let Some((primary, primary_soap)) = primary else {
        return Err(Error::new(
            "no SOAP binding: the definitions have no `soap:binding` or `soap12:binding`",
            defs.root.location,
        ));
    };
    if let Some((other, _)) = soap.iter().find(|(b, _)| b.port_type != primary.port_type) {
        return Err(Error::new(
            format!(
                "unsupported: SOAP bindings `{}` and `{}` implement different portTypes",
                primary.name, other.name
            ),
            other.el.location,
        ));
    }
    let Some(port_type) = defs.port_types.get(primary.port_type) else {
        return Err(Error::new(
            "internal error: unresolved portType",
            primary.el.location,
        ));
    };

    let mut operations = Vec::with_capacity(port_type.operations.len());
    for op in &port_type.operations {
        let Some(primary_op) = binding_operation(primary_soap, op.name) else {
            return Err(Error::new(
                format!("binding `{}` lacks operation `{}`", primary.name, op.name),
                primary.el.location,
            ));
        };
        for (binding, s) in &soap {
            match binding_operation(s, op.name) {
                Some(o) if o.soap_action == primary_op.soap_action => {}
                Some(o) => {
                    return Err(Error::new(
                        format!(
                            "SOAPAction of operation `{}` differs between bindings: `{}` in `{}`, `{}` in `{}`",
                            op.name,
                            primary_op.soap_action,
                            primary.name,
                            o.soap_action,
                            binding.name
                        ),
                        o.action_location,
                    ));
                }
                None => {
                    return Err(Error::new(
                        format!("binding `{}` lacks operation `{}`", binding.name, op.name),
                        binding.el.location,
                    ));
                }
            }
        }
        operations.push(Operation {
            name: op.name.to_owned(),
            documentation: op.documentation.clone(),
            soap_action: primary_op.soap_action.clone(),
            input_element: wrapped_element(defs.messages.get(op.input), op.name, &defs)?,
            output_element: wrapped_element(defs.messages.get(op.output), op.name, &defs)?,
        });
    }

    let mut ports = Vec::new();
    for port in &defs.service.ports {
        let Some(address) = &port.address else {
            continue;
        };
        let Some((binding, s)) = defs
            .bindings
            .get(port.binding)
            .and_then(|b| b.soap.as_ref().map(|s| (b, s)))
        else {
            continue;
        };
        ports.push(Port {
            name: port.name.to_owned(),
            binding: binding.name.to_owned(),
            soap_version: s.version,
            address: address.clone(),
        });
    }
    if ports.is_empty() {
        return Err(Error::new(
            format!("service `{}` has no SOAP port", defs.service.name),
            defs.service.el.location,
        ));
    }

    Ok(Service {
        name: defs.service.name.to_owned(),
        target_namespace: defs.target_namespace,
        documentation: defs.service.documentation,
        schema: defs.schema,
        operations,
        ports,
    })
}

fn binding_operation<'s, 'a>(
    soap: &'s SoapBinding<'a>,
    name: &str,
) -> Option<&'s BindingOperation<'a>> {
    soap.operations.iter().find(|o| o.name == name)
}

/// The element of a document/literal wrapped message: its single `parameters` part.
fn wrapped_element(
    message: Option<&Message<'_>>,
    operation: &str,
    defs: &Definitions<'_>,
) -> Result<String, Error> {
    let Some(message) = message else {
        return Err(Error::new(
            "internal error: unresolved message",
            defs.root.location,
        ));
    };
    match message.parts.as_slice() {
        [part] if part.name == "parameters" => {
            if let Some(element) = &part.element {
                return Ok(element.clone());
            }
        }
        _ => {}
    }
    Err(Error::new(
        format!(
            "unsupported: message `{}` of operation `{operation}` is not document/literal wrapped (it must have a single part `parameters` with `element=`)",
            message.name
        ),
        message.el.location,
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::SoapVersion;
    use crate::parse::test_support::{MINI, fails, mini};

    /// `MINI` without the SOAP 1.1 binding and its port.
    fn without_soap11() -> String {
        let start = MINI.find("<binding name=\"B11\"").unwrap_or(0);
        let end = MINI.find("<binding name=\"B12\"").unwrap_or(0);
        let doc = format!(
            "{}{}",
            MINI.get(..start).unwrap_or(""),
            MINI.get(end..).unwrap_or("")
        );
        doc.replace(
            "<port name=\"S11\" binding=\"t:B11\"><soap:address location=\"http://h/a\"/></port>\n",
            "",
        )
    }

    #[test]
    fn soap11_action_wins_and_must_agree() {
        let e = fails(
            &mini(
                "<soap12:operation soapAction=\"urn:t/Op\"",
                "<soap12:operation soapAction=\"urn:t/Other\"",
            ),
            "differs",
        );
        assert!(
            e.message.contains("`urn:t/Op` in `B11`")
                && e.message.contains("`urn:t/Other` in `B12`"),
            "{e}"
        );
        // Order of the bindings does not matter: SOAP 1.1 is the reference.
        let s = crate::parse(&without_soap11());
        let s = s.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.ports.len(), 1);
        assert_eq!(s.ports[0].soap_version, SoapVersion::Soap12);
        assert_eq!(s.operations[0].soap_action, "urn:t/Op");
    }

    #[test]
    fn missing_soap_action_is_empty_on_both() {
        let doc = mini(
            "<soap:operation soapAction=\"urn:t/Op\" style=\"document\"/>",
            "",
        )
        .replace(
            "<soap12:operation soapAction=\"urn:t/Op\" style=\"document\"/>",
            "",
        );
        let s = crate::parse(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.operations[0].soap_action, "");
        // …but missing on one side only is a disagreement.
        fails(
            &mini(
                "<soap:operation soapAction=\"urn:t/Op\" style=\"document\"/>",
                "",
            ),
            "differs",
        );
    }

    #[test]
    fn bindings_must_share_one_port_type_and_cover_it() {
        let doc = mini("<binding name=\"B11\"", "<portType name=\"P2\"><operation name=\"Op\"><input message=\"t:OpIn\"/><output message=\"t:OpOut\"/></operation></portType>\n<binding name=\"B11\"")
            .replace("<binding name=\"B12\" type=\"t:P\">", "<binding name=\"B12\" type=\"t:P2\">");
        fails(&doc, "different portTypes");
        fails(
            &mini(
                "<operation name=\"Op\"><soap:operation",
                "<operation name=\"Nope\"><soap:operation",
            ),
            "`Nope` is not an operation",
        );
        fails(
            &mini(
                "<binding name=\"B11\" type=\"t:P\"><soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
                "<binding name=\"B11\" type=\"t:P\"><soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/><operation name=\"Op\"><soap:operation soapAction=\"urn:t/Op\"/><input><soap:body use=\"literal\"/></input><output><soap:body use=\"literal\"/></output></operation>",
            ),
            "duplicate binding operation `Op`",
        );
    }

    #[test]
    fn needs_a_soap_binding_and_a_soap_port() {
        let http_only = "<binding name=\"H\" type=\"t:P\"><http:binding verb=\"GET\"/></binding>\n<service name=\"S\"><port name=\"H\" binding=\"t:H\"><http:address location=\"http://h/\"/></port></service>";
        let start = MINI.find("<binding name=\"B11\"").unwrap_or(0);
        let end = MINI
            .find("</service>")
            .map_or(0, |i| i + "</service>".len());
        let doc = format!(
            "{}{http_only}{}",
            MINI.get(..start).unwrap_or(""),
            MINI.get(end..).unwrap_or("")
        );
        fails(&doc, "no SOAP binding");
        let doc = mini(
            "<service name=\"S\">",
            &format!(
                "{}<service name=\"S2\">",
                http_only.replace("<service name=\"S\">", "<service name=\"X\">")
            ),
        );
        fails(&doc, "a second `service`");
        let doc = mini(
            "<binding name=\"B11\"",
            "<binding name=\"H\" type=\"t:P\"><http:binding verb=\"GET\"/></binding>\n<binding name=\"B11\"",
        );
        let doc = doc.replace(
            "<port name=\"S11\" binding=\"t:B11\"><soap:address location=\"http://h/a\"/></port>\n<port name=\"S12\" binding=\"t:B12\"><soap12:address location=\"http://h/b\"/></port>",
            "<port name=\"H\" binding=\"t:H\"><http:address location=\"http://h/\"/></port>",
        );
        fails(&doc, "service `S` has no SOAP port");
    }

    #[test]
    fn documentation_slots() {
        let doc = mini("<operation name=\"Op\"><input", "<operation name=\"Op\"><documentation>  Операция\n  раз </documentation><input")
            .replace("<service name=\"S\">", "<service name=\"S\"><documentation>Сервис</documentation><documentation>ещё</documentation>");
        let s = crate::parse(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.operations[0].documentation.as_deref(),
            Some("Операция раз")
        );
        assert_eq!(s.documentation.as_deref(), Some("Сервис\n\nещё"));
        fails(
            &mini(
                "<service name=\"S\">",
                "<service name=\"S\"><documentation>a<b/></documentation>",
            ),
            "unsupported markup `b`",
        );
    }
}
