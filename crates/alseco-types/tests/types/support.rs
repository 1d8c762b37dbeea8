//! Shared by the fixture and round-trip tests: the spec's examples on disk, the table from
//! an operation's name to its generated request type, and a namespace-aware flat view of a
//! SOAP body written directly on `xmlparser` (independent of the decoder under test).

use alseco_types::Operation;
use alseco_types::messages;
use alseco_types::scalars::{DateTime, parse_decimal};
use rust_decimal::Decimal;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use xmlparser::{ElementEnd, Token, Tokenizer};

/// `fixtures/spec/` of the workspace.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/spec")
}

/// Whether a fixture is an operation's request or its response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Request,
    Response,
}

/// A fixture file named `{Op}.request[.variant].xml` or `{Op}.response[.variant].xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fixture {
    /// The file name, e.g. `DayPaysSum.response.error.xml`.
    pub(crate) file: String,
    /// The operation name, e.g. `DayPaysSum`.
    pub(crate) op: String,
    pub(crate) kind: Kind,
}

impl Fixture {
    /// Parses a fixture's file name.
    pub(crate) fn parse(file: &str) -> Result<Fixture, String> {
        let stem = file
            .strip_suffix(".xml")
            .ok_or_else(|| format!("{file}: not an .xml file"))?;
        let parts: Vec<&str> = stem.split('.').collect();
        let kind = match parts.get(1) {
            Some(&"request") => Kind::Request,
            Some(&"response") => Kind::Response,
            _ => {
                return Err(format!(
                    "{file}: expected {{Op}}.request|response[.variant].xml"
                ));
            }
        };
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(format!(
                "{file}: expected {{Op}}.request|response[.variant].xml"
            ));
        }
        Ok(Fixture {
            file: file.to_owned(),
            op: parts[0].to_owned(),
            kind,
        })
    }

    /// The file name without `.xml`, e.g. `DayPaysSum.response.error`.
    pub(crate) fn stem(&self) -> &str {
        self.file.strip_suffix(".xml").unwrap_or(&self.file)
    }

    /// The file's bytes.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        read_fixture(&self.file)
    }
}

/// Every file of `fixtures/spec/` except its `README.md`, sorted; a file that is not named
/// like a fixture is an error.
pub(crate) fn all_fixtures() -> Result<Vec<Fixture>, Vec<String>> {
    let dir = fixtures_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("a readable directory entry");
            entry.file_name().to_string_lossy().into_owned()
        })
        .filter(|name| name != "README.md")
        .collect();
    names.sort();
    let (ok, bad): (Vec<_>, Vec<_>) = names
        .iter()
        .map(|n| Fixture::parse(n))
        .partition(Result::is_ok);
    if !bad.is_empty() {
        return Err(bad.into_iter().map(Result::unwrap_err).collect());
    }
    Ok(ok.into_iter().map(Result::unwrap).collect())
}

/// Reads `fixtures/spec/{file}`.
pub(crate) fn read_fixture(file: &str) -> Vec<u8> {
    let path = fixtures_dir().join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Something done with one operation's generated types, chosen by name at run time.
pub(crate) trait OpVisitor {
    type Output;

    fn visit<O>(&mut self) -> Self::Output
    where
        O: Operation + PartialEq + Debug,
        O::Response: PartialEq + Debug;
}

/// Runs `visitor` with the request type of the operation named `name` (as in the WSDL and
/// in fixture file names); `None` for an unknown name.
pub(crate) fn with_operation<V: OpVisitor>(name: &str, visitor: &mut V) -> Option<V::Output> {
    Some(match name {
        "GetCurrentPeriod" => visitor.visit::<messages::GetCurrentPeriod>(),
        "GetAccountState" => visitor.visit::<messages::GetAccountState>(),
        "GetAccountsWithFormedBill" => visitor.visit::<messages::GetAccountsWithFormedBill>(),
        "GetBillInfoLabels" => visitor.visit::<messages::GetBillInfoLabels>(),
        "GetBillInfo" => visitor.visit::<messages::GetBillInfo>(),
        "GetInvoicesByAccountsNew" => visitor.visit::<messages::GetInvoicesByAccountsNew>(),
        "GetInvoicesByInvoicesNew" => visitor.visit::<messages::GetInvoicesByInvoicesNew>(),
        "GetInvoicesByAccountsReNew" => visitor.visit::<messages::GetInvoicesByAccountsReNew>(),
        "GetInvoicesByAccountsAndPeriod" => {
            visitor.visit::<messages::GetInvoicesByAccountsAndPeriod>()
        }
        "GetInvoicesByAccountsWithInfo" => {
            visitor.visit::<messages::GetInvoicesByAccountsWithInfo>()
        }
        "GetInvoicesByAccountsLastVers" => {
            visitor.visit::<messages::GetInvoicesByAccountsLastVers>()
        }
        "GetInvoicesByAccountsLastVersWithPays" => {
            visitor.visit::<messages::GetInvoicesByAccountsLastVersWithPays>()
        }
        "Pay" => visitor.visit::<messages::Pay>(),
        "PayNew" => visitor.visit::<messages::PayNew>(),
        "PayNewD" => visitor.visit::<messages::PayNewD>(),
        "RollbackPayments" => visitor.visit::<messages::RollbackPayments>(),
        "RollbackPaymentsBySysRef" => visitor.visit::<messages::RollbackPaymentsBySysRef>(),
        "GetPaymentsInfoBySysRef" => visitor.visit::<messages::GetPaymentsInfoBySysRef>(),
        "GetPaymentsInfo" => visitor.visit::<messages::GetPaymentsInfo>(),
        "getPaysInfo" => visitor.visit::<messages::GetPaysInfo>(),
        "GetBankPayByMonth" => visitor.visit::<messages::GetBankPayByMonth>(),
        "GetBillPays" => visitor.visit::<messages::GetBillPays>(),
        "GetServKNO" => visitor.visit::<messages::GetServKNO>(),
        "GetPrintedInvoicePDF" => visitor.visit::<messages::GetPrintedInvoicePDF>(),
        "GetReport108e" => visitor.visit::<messages::GetReport108e>(),
        "GetPaymentsNKR" => visitor.visit::<messages::GetPaymentsNKR>(),
        "DayPaysSum" => visitor.visit::<messages::DayPaysSum>(),
        _ => return None,
    })
}

/// An exact decimal, scale kept (`"1.000"` has scale 3), parsed by `rust_decimal` itself.
pub(crate) fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("bad decimal {text:?}: {e}"))
}

/// A date-time as written.
pub(crate) fn dt(text: &str) -> DateTime {
    let t: DateTime = text
        .parse()
        .unwrap_or_else(|e| panic!("bad dateTime {text:?}: {e}"));
    assert_eq!(t.to_string(), text, "DateTime does not keep {text:?}");
    t
}

/// How two values differ *as written*, if they do: besides `==` (for which `1.0 == 1.00`)
/// their `Debug` forms must match, and `Decimal`'s `Debug` shows its scale.
pub(crate) fn difference<T: PartialEq + Debug>(actual: &T, expected: &T) -> Option<String> {
    let (a, e) = (format!("{actual:#?}"), format!("{expected:#?}"));
    if a == e {
        return (actual != expected).then(|| "Debug forms match but values are not ==".into());
    }
    let line = a.lines().zip(e.lines()).position(|(x, y)| x != y);
    let shown = line.map_or_else(
        || "one Debug form is a prefix of the other".to_owned(),
        |n| {
            format!(
                "first difference at Debug line {}:\n  actual:   {}\n  expected: {}",
                n + 1,
                a.lines().nth(n).unwrap_or_default().trim(),
                e.lines().nth(n).unwrap_or_default().trim()
            )
        },
    );
    Some(format!("{shown}\n--- actual:\n{a}\n--- expected:\n{e}"))
}

/// Asserts that two values are equal as written (see [`difference`]).
#[track_caller]
pub(crate) fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if let Some(d) = difference(actual, expected) {
        panic!("values differ; {d}");
    }
}

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const SOAP_ENVELOPES: [&str; 2] = [
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
];

/// One element inside a SOAP body, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The namespace URI (empty for none).
    pub(crate) ns: String,
    /// The local name.
    pub(crate) name: String,
    /// 0 for the body's child (the message wrapper), 1 for its children, and so on.
    pub(crate) depth: usize,
    /// The text of a leaf element (entities resolved, exact); empty for an element with
    /// child elements (whose whitespace between children must be whitespace only).
    pub(crate) text: String,
    /// Whether it carries `xsi:nil="true"`.
    pub(crate) nil: bool,
    /// Local names from the wrapper down, joined with `/` (for messages).
    pub(crate) path: String,
}

/// A SOAP envelope reduced to its version's namespace and its body's elements in
/// document order.
#[derive(Debug, Clone)]
pub(crate) struct FlatBody {
    pub(crate) envelope_ns: String,
    pub(crate) nodes: Vec<Node>,
}

/// An attribute: prefix, local name, value (entities resolved).
type Attribute = (String, String, String);

struct Open {
    ns: String,
    name: String,
    node: Option<usize>,
    has_children: bool,
    text: String,
    declared: usize,
}

/// Flattens the body of a SOAP 1.1/1.2 envelope.
pub(crate) fn flatten_body(xml: &[u8]) -> Result<FlatBody, String> {
    let src = std::str::from_utf8(xml).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut scopes: Vec<(String, String)> = vec![("xml".into(), XML_NS.into())];
    let mut stack: Vec<Open> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut envelope_ns: Option<String> = None;
    let mut body_seen = false;
    // Inside `<Body>`: the stack length of the body element.
    let mut body_level: Option<usize> = None;
    // The start tag being read: prefix, local name, attributes (prefix, local name, value).
    let mut pending: Option<(String, String, Vec<Attribute>)> = None;

    for token in Tokenizer::from(src) {
        let token = token.map_err(|e| format!("malformed XML: {e}"))?;
        match token {
            Token::ElementStart { prefix, local, .. } => {
                if let Some(top) = stack.last_mut() {
                    top.has_children = true;
                }
                pending = Some((prefix.as_str().into(), local.as_str().into(), Vec::new()));
            }
            Token::Attribute {
                prefix,
                local,
                value,
                ..
            } => {
                let (_, _, attrs) = pending.as_mut().ok_or("attribute outside a start tag")?;
                attrs.push((
                    prefix.as_str().into(),
                    local.as_str().into(),
                    unescape(value.as_str())?,
                ));
            }
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open | ElementEnd::Empty => {
                    let (prefix, local, attrs) = pending.take().ok_or("stray `>`")?;
                    let mut declared = 0;
                    for (p, l, v) in &attrs {
                        if p == "xmlns" {
                            scopes.push((l.clone(), v.clone()));
                            declared += 1;
                        } else if p.is_empty() && l == "xmlns" {
                            scopes.push((String::new(), v.clone()));
                            declared += 1;
                        }
                    }
                    let ns = resolve(&scopes, &prefix)?;
                    let mut nil = false;
                    for (p, l, v) in &attrs {
                        if !p.is_empty()
                            && p != "xmlns"
                            && resolve(&scopes, p)? == XSI
                            && l == "nil"
                        {
                            nil = matches!(v.trim(), "true" | "1");
                        }
                    }
                    let level = stack.len();
                    let mut node = None;
                    if level == 0 {
                        if local != "Envelope" || !SOAP_ENVELOPES.contains(&ns.as_str()) {
                            return Err(format!("root {{{ns}}}{local} is not a SOAP envelope"));
                        }
                        envelope_ns = Some(ns.clone());
                    } else if level == 1 && local == "Body" && Some(&ns) == envelope_ns.as_ref() {
                        if body_seen {
                            return Err("two SOAP bodies".into());
                        }
                        body_seen = true;
                        body_level = Some(stack.len() + 1);
                    } else if let Some(b) = body_level {
                        let depth = level - b;
                        let parent_path = stack
                            .last()
                            .and_then(|o| o.node)
                            .map(|i| nodes[i].path.clone());
                        let path = match parent_path {
                            Some(p) => format!("{p}/{local}"),
                            None => local.clone(),
                        };
                        nodes.push(Node {
                            ns: ns.clone(),
                            name: local.clone(),
                            depth,
                            text: String::new(),
                            nil,
                            path,
                        });
                        node = Some(nodes.len() - 1);
                    }
                    stack.push(Open {
                        ns,
                        name: local,
                        node,
                        has_children: false,
                        text: String::new(),
                        declared,
                    });
                    if end == ElementEnd::Empty {
                        close(&mut stack, &mut scopes, &mut nodes, &mut body_level, None)?;
                    }
                }
                ElementEnd::Close(prefix, local) => {
                    let ns = resolve(&scopes, prefix.as_str())?;
                    close(
                        &mut stack,
                        &mut scopes,
                        &mut nodes,
                        &mut body_level,
                        Some((ns, local.as_str().to_owned())),
                    )?;
                }
            },
            Token::Text { text } => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&unescape(text.as_str())?);
                } else if !text.as_str().trim().is_empty() {
                    return Err("text outside the root element".into());
                }
            }
            Token::Cdata { text, .. } => {
                let top = stack.last_mut().ok_or("CDATA outside the root element")?;
                top.text.push_str(text.as_str());
            }
            Token::DtdStart { .. } | Token::EmptyDtd { .. } | Token::EntityDeclaration { .. } => {
                return Err("a DTD in a SOAP message".into());
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("truncated document".into());
    }
    if !body_seen {
        return Err("no SOAP Body".into());
    }
    Ok(FlatBody {
        envelope_ns: envelope_ns.ok_or("no root element")?,
        nodes,
    })
}

fn close(
    stack: &mut Vec<Open>,
    scopes: &mut Vec<(String, String)>,
    nodes: &mut [Node],
    body_level: &mut Option<usize>,
    end_tag: Option<(String, String)>,
) -> Result<(), String> {
    let open = stack.pop().ok_or("an end tag without a start tag")?;
    if let Some((ns, name)) = end_tag
        && (ns != open.ns || name != open.name)
    {
        return Err(format!("<{}> closed by </{name}>", open.name));
    }
    if let Some(i) = open.node {
        if open.has_children {
            if !open.text.trim().is_empty() {
                return Err(format!(
                    "{}: mixed content {:?}",
                    nodes[i].path,
                    open.text.trim()
                ));
            }
        } else {
            nodes[i].text = open.text;
        }
    }
    if *body_level == Some(stack.len() + 1) {
        *body_level = None;
    }
    scopes.truncate(scopes.len() - open.declared);
    Ok(())
}

fn resolve(scopes: &[(String, String)], prefix: &str) -> Result<String, String> {
    match scopes.iter().rev().find(|(p, _)| p == prefix) {
        Some((_, uri)) => Ok(uri.clone()),
        None if prefix.is_empty() => Ok(String::new()),
        None => Err(format!("unbound prefix {prefix:?}")),
    }
}

fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..]
            .find(';')
            .ok_or_else(|| format!("unterminated reference in {raw:?}"))?;
        let name = &rest[amp + 1..amp + semi];
        let ch = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown reference &{name};"))?
            }
        };
        out.push(ch);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    // XML normalises line ends.
    Ok(out.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A leaf whose texts differ but are the same number (`07` vs `7`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumericLeaf {
    pub(crate) path: String,
    pub(crate) expected: String,
    pub(crate) actual: String,
}

/// Compares two flattened bodies: the same elements (namespace URI, local name, depth,
/// nil) in the same order with the same text. Texts that differ are accepted only when
/// both parse as `xs:decimal` with equal values; such leaves are returned so the caller
/// can assert exactly which ones needed it.
pub(crate) fn compare_bodies(
    expected: &[Node],
    actual: &[Node],
) -> Result<Vec<NumericLeaf>, String> {
    let mut numeric = Vec::new();
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let same_element = e.ns == a.ns && e.name == a.name && e.depth == a.depth;
        if !same_element || e.nil != a.nil {
            return Err(format!(
                "element #{i} differs:\n  expected {{{}}}{} at depth {} (nil {}) — {}\n  actual   {{{}}}{} at depth {} (nil {}) — {}",
                e.ns, e.name, e.depth, e.nil, e.path, a.ns, a.name, a.depth, a.nil, a.path
            ));
        }
        if e.text != a.text {
            match (parse_decimal(&e.text), parse_decimal(&a.text)) {
                (Some(x), Some(y)) if x == y => numeric.push(NumericLeaf {
                    path: e.path.clone(),
                    expected: e.text.clone(),
                    actual: a.text.clone(),
                }),
                _ => {
                    return Err(format!(
                        "text of {} differs:\n  expected {:?}\n  actual   {:?}",
                        e.path, e.text, a.text
                    ));
                }
            }
        }
    }
    if expected.len() != actual.len() {
        let (longer, which) = if expected.len() > actual.len() {
            (expected, "missing from the actual document")
        } else {
            (actual, "not in the expected document")
        };
        let extra = &longer[expected.len().min(actual.len())];
        return Err(format!(
            "{} expected elements, {} actual; first {which}: {{{}}}{} ({})",
            expected.len(),
            actual.len(),
            extra.ns,
            extra.name,
            extra.path
        ));
    }
    Ok(numeric)
}
