//! XML tokens → a small, namespace-resolved element tree.
//!
//! The tree is private to the parser. It keeps what the readers need: the resolved name of
//! every element and attribute, the prefix as written (for messages), decoded attribute
//! values and text, the in-scope namespace declarations (to resolve QName-valued
//! attributes) and the source location of every element and attribute.
//!
//! Refused here: DTDs (and with them entity declarations), undefined entity references,
//! undeclared prefixes, duplicate attributes, mismatched end tags, more than one root and
//! nesting deeper than [`MAX_DEPTH`].

use crate::{Error, model::Location};
use std::rc::Rc;
use xmlparser::{ElementEnd, Token, Tokenizer};

/// The namespace bound to the `xml` prefix.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations (never bindable).
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// The deepest element nesting accepted (WSDLs are shallow; this bounds recursion).
pub(crate) const MAX_DEPTH: usize = 128;

/// In-scope namespace declarations, innermost last: `(prefix, uri)`, `""` = default namespace.
type Scope = Rc<Vec<(String, String)>>;

/// An element of the tree.
#[derive(Debug)]
pub(crate) struct Element {
    /// The namespace URI (`""` for no namespace).
    pub(crate) ns: String,
    /// The local name.
    pub(crate) local: String,
    /// The name as written (`s:element`), for messages.
    pub(crate) qname: String,
    /// The attributes other than namespace declarations, in document order.
    pub(crate) attrs: Vec<Attr>,
    /// Child elements and text, in document order (comments and PIs are dropped).
    pub(crate) children: Vec<Node>,
    /// The namespace declarations in scope here.
    scope: Scope,
    /// Where the start tag begins (its `<`).
    pub(crate) location: Location,
}

/// An attribute (namespace declarations are not attributes here).
#[derive(Debug)]
pub(crate) struct Attr {
    /// The namespace URI (`""` for an unprefixed attribute).
    pub(crate) ns: String,
    /// The local name.
    pub(crate) local: String,
    /// The decoded, normalized value.
    pub(crate) value: String,
    /// Where the attribute's name begins.
    pub(crate) location: Location,
}

/// A child node.
#[derive(Debug)]
pub(crate) enum Node {
    /// A child element.
    Element(Element),
    /// Character data (decoded text or a CDATA section).
    Text(Text),
}

/// Character data.
#[derive(Debug)]
pub(crate) struct Text {
    /// The decoded text, line endings normalized to `\n`.
    pub(crate) value: String,
    /// Where it begins.
    pub(crate) location: Location,
}

/// A resolved qualified name from an attribute value (`tns:Foo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QName {
    /// The namespace URI (`""` for none).
    pub(crate) ns: String,
    /// The local part.
    pub(crate) local: String,
}

impl Element {
    /// Whether this element has the namespace URI `ns` and local name `local`.
    pub(crate) fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    /// The unprefixed attribute `local`.
    pub(crate) fn attr(&self, local: &str) -> Option<&Attr> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_empty() && a.local == local)
    }

    /// The unprefixed attribute `local`, which must be present.
    pub(crate) fn required_attr(&self, local: &str) -> Result<&Attr, Error> {
        self.attr(local).ok_or_else(|| {
            Error::new(
                format!(
                    "`{}` is missing the required attribute `{local}`",
                    self.qname
                ),
                self.location,
            )
        })
    }

    /// Refuses unprefixed attributes other than `allowed` (attributes in other namespaces
    /// are annotations and are ignored).
    pub(crate) fn check_attrs(&self, allowed: &[&str]) -> Result<(), Error> {
        match self
            .attrs
            .iter()
            .find(|a| a.ns.is_empty() && !allowed.contains(&a.local.as_str()))
        {
            Some(a) => Err(Error::new(
                format!("unsupported attribute `{}` on `{}`", a.local, self.qname),
                a.location,
            )),
            None => Ok(()),
        }
    }

    /// The child elements; refuses non-whitespace text (element-only content).
    pub(crate) fn elements(&self) -> Result<Vec<&Element>, Error> {
        let mut out = Vec::new();
        for node in &self.children {
            match node {
                Node::Element(e) => out.push(e),
                Node::Text(t) if is_xml_whitespace(&t.value) => {}
                Node::Text(t) => {
                    return Err(Error::new(
                        format!("unexpected text inside `{}`", self.qname),
                        t.location,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The text content; refuses child elements (markup in documentation is not supported).
    pub(crate) fn text(&self) -> Result<String, Error> {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(&t.value),
                Node::Element(e) => {
                    return Err(Error::new(
                        format!("unsupported markup `{}` inside `{}`", e.qname, self.qname),
                        e.location,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The error for a child this reader does not support.
    pub(crate) fn unsupported_in(&self, parent: &Element) -> Error {
        Error::new(
            format!(
                "unsupported construct `{}` inside `{}`",
                self.qname, parent.qname
            ),
            self.location,
        )
    }

    /// Resolves a QName-valued attribute against the namespace declarations in scope.
    /// An unprefixed value is in the default namespace (as for XSD QNames).
    pub(crate) fn resolve_qname(&self, attr: &Attr) -> Result<QName, Error> {
        let value = attr.value.trim_matches(XML_WS);
        let bad = || {
            Error::new(
                format!(
                    "`{}=\"{}\"` on `{}` is not a qualified name",
                    attr.local, attr.value, self.qname
                ),
                attr.location,
            )
        };
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", value),
        };
        if local.is_empty() || local.contains(':') || (prefix.is_empty() && value.contains(':')) {
            return Err(bad());
        }
        match self.lookup(prefix) {
            Some(ns) => Ok(QName {
                ns: ns.to_owned(),
                local: local.to_owned(),
            }),
            None if prefix.is_empty() => Ok(QName {
                ns: String::new(),
                local: local.to_owned(),
            }),
            None => Err(Error::new(
                format!(
                    "undeclared namespace prefix `{prefix}` in `{}=\"{}\"`",
                    attr.local, attr.value
                ),
                attr.location,
            )),
        }
    }

    /// The namespace bound to `prefix` here (`""` = the default namespace; `None` if
    /// unbound, or for the default namespace when there is none).
    fn lookup(&self, prefix: &str) -> Option<&str> {
        lookup(&self.scope, prefix)
    }
}

fn lookup<'s>(scope: &'s [(String, String)], prefix: &str) -> Option<&'s str> {
    scope
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, uri)| uri.as_str())
        .filter(|uri| !uri.is_empty())
}

/// XML whitespace (not Unicode whitespace: a no-break space is content).
pub(crate) const XML_WS: [char; 4] = [' ', '\t', '\n', '\r'];

/// Whether `s` is only XML whitespace.
pub(crate) fn is_xml_whitespace(s: &str) -> bool {
    s.chars().all(|c| XML_WS.contains(&c))
}

/// Maps byte offsets to 1-based line:column (columns count characters).
pub(crate) struct Locator<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Locator {
            source,
            line_starts,
        }
    }

    pub(crate) fn locate(&self, offset: usize) -> Location {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .source
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// A start tag whose attributes are still being read.
struct Pending<'a> {
    prefix: &'a str,
    local: &'a str,
    offset: usize,
    attrs: Vec<(&'a str, &'a str, &'a str, usize, usize)>,
}

/// Parses a whole document into its root element.
pub(crate) fn parse_document(source: &str) -> Result<Element, Error> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let locator = Locator::new(source);
    let base: Scope = Rc::new(vec![("xml".to_owned(), XML_NS.to_owned())]);
    let mut stack: Vec<Element> = Vec::new();
    let mut pending: Option<Pending<'_>> = None;
    let mut root: Option<Element> = None;

    for token in Tokenizer::from(source) {
        let token = token.map_err(|e| {
            let pos = e.pos();
            Error::new(
                format!("malformed XML: {e}"),
                Location {
                    line: pos.row,
                    column: pos.col,
                },
            )
        })?;
        match token {
            Token::Declaration { .. }
            | Token::ProcessingInstruction { .. }
            | Token::Comment { .. } => {}
            Token::DtdStart { span, .. }
            | Token::EmptyDtd { span, .. }
            | Token::EntityDeclaration { span, .. }
            | Token::DtdEnd { span } => {
                return Err(Error::new(
                    "a DTD (`<!DOCTYPE`) is not allowed: document type and entity declarations are refused",
                    locator.locate(span.start()),
                ));
            }
            Token::ElementStart {
                prefix,
                local,
                span,
            } => {
                if stack.is_empty() && root.is_some() {
                    return Err(Error::new(
                        "more than one root element",
                        locator.locate(span.start()),
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::new(
                        format!("elements are nested deeper than {MAX_DEPTH} levels"),
                        locator.locate(span.start()),
                    ));
                }
                pending = Some(Pending {
                    prefix: prefix.as_str(),
                    local: local.as_str(),
                    offset: span.start(),
                    attrs: Vec::new(),
                });
            }
            Token::Attribute {
                prefix,
                local,
                value,
                span,
            } => {
                let Some(p) = pending.as_mut() else {
                    return Err(Error::new(
                        "malformed XML: attribute outside a start tag",
                        locator.locate(span.start()),
                    ));
                };
                p.attrs.push((
                    prefix.as_str(),
                    local.as_str(),
                    value.as_str(),
                    value.start(),
                    span.start(),
                ));
            }
            Token::ElementEnd { end, span } => match end {
                ElementEnd::Open | ElementEnd::Empty => {
                    let Some(p) = pending.take() else {
                        return Err(Error::new(
                            "malformed XML: unexpected end of a start tag",
                            locator.locate(span.start()),
                        ));
                    };
                    let scope = stack.last().map_or(&base, |e| &e.scope);
                    let element = start_element(p, scope, &locator)?;
                    if matches!(end, ElementEnd::Open) {
                        stack.push(element);
                    } else {
                        attach(element, &mut stack, &mut root);
                    }
                }
                ElementEnd::Close(prefix, local) => {
                    let Some(element) = stack.pop() else {
                        return Err(Error::new(
                            "malformed XML: end tag without a start tag",
                            locator.locate(span.start()),
                        ));
                    };
                    let written = if prefix.is_empty() {
                        local.as_str().to_owned()
                    } else {
                        format!("{}:{}", prefix.as_str(), local.as_str())
                    };
                    if written != element.qname {
                        return Err(Error::new(
                            format!(
                                "malformed XML: end tag `</{written}>` does not match start tag `<{}>` at {}",
                                element.qname, element.location
                            ),
                            locator.locate(span.start()),
                        ));
                    }
                    attach(element, &mut stack, &mut root);
                }
            },
            Token::Text { text } => {
                let location = locator.locate(text.start());
                match stack.last_mut() {
                    Some(parent) => {
                        let value = decode(text.as_str(), text.start(), false, &locator)?;
                        parent.children.push(Node::Text(Text { value, location }));
                    }
                    None if is_xml_whitespace(text.as_str()) => {}
                    None => {
                        return Err(Error::new(
                            "malformed XML: text outside the root element",
                            location,
                        ));
                    }
                }
            }
            Token::Cdata { text, span } => {
                let location = locator.locate(span.start());
                let Some(parent) = stack.last_mut() else {
                    return Err(Error::new(
                        "malformed XML: CDATA outside the root element",
                        location,
                    ));
                };
                let value = normalize_newlines(text.as_str());
                parent.children.push(Node::Text(Text { value, location }));
            }
        }
    }

    let end = locator.locate(source.len());
    if let Some(open) = stack.last() {
        return Err(Error::new(
            format!(
                "malformed XML: unexpected end of document, `<{}>` at {} is not closed",
                open.qname, open.location
            ),
            end,
        ));
    }
    if pending.is_some() {
        return Err(Error::new(
            "malformed XML: unexpected end of document inside a start tag",
            end,
        ));
    }
    root.ok_or_else(|| Error::new("malformed XML: the document has no root element", end))
}

/// Adds a finished element to its parent, or makes it the root.
fn attach(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

/// Resolves the names of a complete start tag.
fn start_element(p: Pending<'_>, parent: &Scope, locator: &Locator<'_>) -> Result<Element, Error> {
    let location = locator.locate(p.offset);
    let mut declared: Vec<(String, String)> = Vec::new();
    let mut plain = Vec::new();
    for &(prefix, local, raw, value_offset, offset) in &p.attrs {
        let value = decode(raw, value_offset, true, locator)?;
        let at = locator.locate(offset);
        let decl_prefix = match (prefix, local) {
            ("", "xmlns") => Some(""),
            ("xmlns", l) => Some(l),
            _ => None,
        };
        match decl_prefix {
            Some(dp) => {
                if !dp.is_empty() && value.is_empty() {
                    return Err(Error::new(
                        format!("namespace prefix `{dp}` cannot be undeclared"),
                        at,
                    ));
                }
                if dp == "xmlns" || (dp == "xml") != (value == XML_NS) || (value == XMLNS_NS) {
                    return Err(Error::new(
                        format!("invalid namespace declaration `{prefix}:{local}=\"{value}\"`"),
                        at,
                    ));
                }
                if declared.iter().any(|(d, _)| d == dp) {
                    return Err(Error::new(
                        format!("duplicate namespace declaration for `{dp}`"),
                        at,
                    ));
                }
                declared.push((dp.to_owned(), value));
            }
            None => plain.push((prefix, local, value, at)),
        }
    }
    let scope = if declared.is_empty() {
        Rc::clone(parent)
    } else {
        let mut s = parent.as_ref().clone();
        s.extend(declared);
        Rc::new(s)
    };

    let ns = match lookup(&scope, p.prefix) {
        Some(ns) => ns.to_owned(),
        None if p.prefix.is_empty() => String::new(),
        None => {
            return Err(Error::new(
                format!("undeclared namespace prefix `{}`", p.prefix),
                location,
            ));
        }
    };
    let qname = if p.prefix.is_empty() {
        p.local.to_owned()
    } else {
        format!("{}:{}", p.prefix, p.local)
    };

    let mut attrs: Vec<Attr> = Vec::with_capacity(plain.len());
    for (prefix, local, value, at) in plain {
        let ans = if prefix.is_empty() {
            String::new()
        } else {
            match lookup(&scope, prefix) {
                Some(ns) => ns.to_owned(),
                None => {
                    return Err(Error::new(
                        format!(
                            "undeclared namespace prefix `{prefix}` on attribute `{prefix}:{local}`"
                        ),
                        at,
                    ));
                }
            }
        };
        if attrs.iter().any(|a| a.ns == ans && a.local == local) {
            return Err(Error::new(
                format!("duplicate attribute `{local}` on `{qname}`"),
                at,
            ));
        }
        attrs.push(Attr {
            ns: ans,
            local: local.to_owned(),
            value,
            location: at,
        });
    }

    Ok(Element {
        ns,
        local: p.local.to_owned(),
        qname,
        attrs,
        children: Vec::new(),
        scope,
        location,
    })
}

/// `\r\n` and lone `\r` become `\n` (XML end-of-line handling).
fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Decodes references in text (`in_attr = false`) or an attribute value (`true`, where
/// literal tabs and line breaks also become spaces, as XML attribute-value normalization
/// requires). `offset` is the byte offset of `raw` in the source, for error locations.
pub(crate) fn decode(
    raw: &str,
    offset: usize,
    in_attr: bool,
    locator: &Locator<'_>,
) -> Result<String, Error> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut pos = offset;
    while let Some(i) = rest.find(['&', '\r', '\n', '\t']) {
        let (before, tail) = rest.split_at(i);
        out.push_str(before);
        pos += i;
        let mut chars = tail.chars();
        match chars.next() {
            Some('&') => {
                let Some(end) = tail.find(';') else {
                    return Err(Error::new(
                        "malformed XML: `&` must start a reference such as `&amp;`",
                        locator.locate(pos),
                    ));
                };
                let name = tail.get(1..end).unwrap_or("");
                match reference(name) {
                    Some(c) => out.push(c),
                    None => {
                        return Err(Error::new(
                            format!("malformed XML: undefined or invalid reference `&{name};`"),
                            locator.locate(pos),
                        ));
                    }
                }
                let used = end + 1;
                rest = tail.get(used..).unwrap_or("");
                pos += used;
            }
            Some(c) => {
                let used = if c == '\r' && chars.next() == Some('\n') {
                    2
                } else {
                    1
                };
                out.push(match (in_attr, c) {
                    (true, _) => ' ',
                    (false, '\t') => '\t',
                    (false, _) => '\n',
                });
                rest = tail.get(used..).unwrap_or("");
                pos += used;
            }
            None => break,
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The character a reference name (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let n = match num.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                Some(_) => return None,
                None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
                    num.parse().ok()?
                }
                None => return None,
            };
            char::from_u32(n)?
        }
    };
    is_xml_char(c).then_some(c)
}

/// `Char` of XML 1.0.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(line: u32, column: u32) -> Location {
        Location { line, column }
    }

    fn first_child(e: &Element) -> &Element {
        match e.elements() {
            Ok(children) => match children.first() {
                Some(c) => c,
                None => panic!("no child"),
            },
            Err(err) => panic!("{err}"),
        }
    }

    fn err(source: &str) -> Error {
        match parse_document(source) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn locator_counts_characters_and_lines() {
        let src = "ab\nЖЖЖx\r\nz";
        let l = Locator::new(src);
        assert_eq!(l.locate(0), loc(1, 1));
        assert_eq!(l.locate(2), loc(1, 3));
        assert_eq!(l.locate(3), loc(2, 1));
        assert_eq!(l.locate(src.find('x').unwrap_or(0)), loc(2, 4));
        assert_eq!(l.locate(src.find('z').unwrap_or(0)), loc(3, 1));
        assert_eq!(l.locate(src.len()), loc(3, 2));
        // Out of range or inside a character never panics.
        assert_eq!(l.locate(4).line, 2);
        assert_eq!(l.locate(1000).line, 3);
    }

    #[test]
    fn decodes_references() {
        let l = Locator::new("");
        let d = |s: &str, attr: bool| decode(s, 0, attr, &l);
        assert_eq!(
            d("a &amp; b &lt;&gt;&quot;&apos;", false).ok().as_deref(),
            Some("a & b <>\"'")
        );
        assert!(d("&#X41;", false).is_err(), "uppercase X is not XML");
        assert_eq!(d("&#8470;&#x416;", false).ok().as_deref(), Some("№Ж"));
        for bad in [
            "&nbsp;",
            "&#0;",
            "&#xD800;",
            "&#x110000;",
            "& b",
            "&;",
            "&#;",
            "&#x;",
            "&#12a;",
        ] {
            assert!(d(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn normalizes_line_ends_and_attribute_whitespace() {
        let l = Locator::new("");
        let d = |s: &str, attr: bool| decode(s, 0, attr, &l).ok();
        assert_eq!(d("a\r\nb\rc\td", false).as_deref(), Some("a\nb\nc\td"));
        assert_eq!(d("a\r\nb\rc\td\ne", true).as_deref(), Some("a b c d e"));
        assert_eq!(d("a&#10;b&#9;", true).as_deref(), Some("a\nb\t"));
    }

    #[test]
    fn reference_errors_point_at_the_reference() {
        let e = err("<a>\n  Жx &bogus; y</a>");
        assert!(e.message.contains("&bogus;"), "{e}");
        assert_eq!(e.location, loc(2, 6));
    }

    #[test]
    fn resolves_element_and_attribute_namespaces() {
        let doc = parse_document(
            r#"<p:a xmlns:p="urn:p" xmlns="urn:d" p:x="1" y="2"><b><c xmlns=""/><p:d xmlns:p="urn:q"/></b></p:a>"#,
        );
        let Ok(root) = doc else { panic!("{doc:?}") };
        assert_eq!(
            (root.ns.as_str(), root.local.as_str(), root.qname.as_str()),
            ("urn:p", "a", "p:a")
        );
        assert_eq!(root.attrs.len(), 2);
        assert_eq!(
            (root.attrs[0].ns.as_str(), root.attrs[0].local.as_str()),
            ("urn:p", "x")
        );
        assert_eq!(root.attrs[1].ns, "");
        assert!(root.attr("y").is_some() && root.attr("x").is_none());
        let b = first_child(&root);
        assert_eq!(b.ns, "urn:d");
        let Ok(kids) = b.elements() else { panic!() };
        assert_eq!(kids[0].ns, "");
        assert_eq!(kids[1].ns, "urn:q");
    }

    #[test]
    fn resolves_qname_values() {
        let doc = parse_document(
            r#"<a xmlns:t="urn:t" xmlns="urn:d" r1="t:X" r2="Y" r3=" t:Z " bad1="u:X" bad2="t:" bad3="a:b:c" bad4=":x"/>"#,
        );
        let Ok(a) = doc else { panic!("{doc:?}") };
        let q = |n: &str| a.attr(n).map(|at| a.resolve_qname(at));
        let ok = |ns: &str, local: &str| {
            Some(Ok(QName {
                ns: ns.into(),
                local: local.into(),
            }))
        };
        assert_eq!(q("r1"), ok("urn:t", "X"));
        assert_eq!(q("r2"), ok("urn:d", "Y"));
        assert_eq!(q("r3"), ok("urn:t", "Z"));
        for bad in ["bad1", "bad2", "bad3", "bad4"] {
            assert!(matches!(q(bad), Some(Err(_))), "{bad}");
        }
        let doc = parse_document(r#"<a r="Y"/>"#);
        let Ok(a) = doc else { panic!() };
        let r = a.attr("r").map(|at| a.resolve_qname(at));
        assert_eq!(
            r,
            Some(Ok(QName {
                ns: String::new(),
                local: "Y".into()
            }))
        );
    }

    #[test]
    fn refuses_namespace_errors() {
        assert!(err("<p:a/>").message.contains("`p`"));
        assert!(err(r#"<a q:x="1"/>"#).message.contains("`q`"));
        assert!(err(r#"<a xmlns:p=""/>"#).message.contains("undeclared"));
        assert!(
            err(r#"<a xmlns:xmlns="urn:x"/>"#)
                .message
                .contains("invalid namespace declaration")
        );
        assert!(
            err(r#"<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>"#)
                .message
                .contains("invalid")
        );
        let e = err(r#"<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>"#);
        assert!(e.message.contains("duplicate attribute `b`"), "{e}");
        assert_eq!(e.location, loc(1, 44));
        assert!(err(r#"<a b="1" b="2"/>"#).message.contains("duplicate"));
    }

    #[test]
    fn refuses_structural_errors() {
        let e = err("<a>\n<b></a></b>");
        assert!(e.message.contains("</a>"), "{e}");
        assert_eq!(e.location, loc(2, 4));
        assert!(err("<a/><b/>").message.starts_with("malformed XML"));
        assert!(err("<a/>text").message.starts_with("malformed XML"));
        assert!(err("<a>").message.contains("not closed"));
        assert!(err("<!-- only a comment -->").message.contains("no root"));
        let e = err("<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n<!ENTITY e \"x\">\n]>\n<a>&e;</a>");
        assert!(e.message.contains("DTD"), "{e}");
        assert_eq!(e.location, loc(2, 1));
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let deep = "<a>".repeat(100_000);
        let e = err(&deep);
        assert!(e.message.contains("nested deeper"), "{e}");
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse_document(&fine).is_ok());
    }

    #[test]
    fn keeps_text_and_cdata_drops_comments() {
        let doc = parse_document(
            "\u{feff}<?xml version=\"1.0\"?>\n<a><?pi x?>x &amp;<!-- c --><![CDATA[<y>&amp;]]></a>",
        );
        let Ok(a) = doc else { panic!("{doc:?}") };
        assert_eq!(a.text().ok().as_deref(), Some("x &<y>&amp;"));
        // The BOM is not a column.
        assert_eq!(a.location, loc(2, 1));
    }

    #[test]
    fn element_only_content_refuses_text_and_text_refuses_markup() {
        let Ok(a) = parse_document("<a>\n  <b/>\n  oops</a>") else {
            panic!()
        };
        let e = a.elements().err();
        assert_eq!(e.map(|e| e.location), Some(loc(2, 7)));
        let Ok(a) = parse_document("<a>x<b/></a>") else {
            panic!()
        };
        assert!(a.text().is_err());
    }

    #[test]
    fn checks_attributes() {
        let Ok(a) = parse_document(r#"<a xmlns:o="urn:o" x="1" o:y="2" z="3"/>"#) else {
            panic!()
        };
        assert!(a.check_attrs(&["x", "z"]).is_ok());
        let e = a.check_attrs(&["x"]).err();
        assert_eq!(
            e.map(|e| (e.message, e.location)),
            Some(("unsupported attribute `z` on `a`".into(), loc(1, 34)))
        );
        assert!(a.required_attr("w").is_err());
    }
}
