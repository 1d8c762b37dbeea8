//! A pull decoder over `xmlparser`: no DOM, one pass, scoped by element.
//!
//! The generated decoders walk a document with three calls: [`Reader::next_child`] to step
//! to the next child of the element being decoded, [`Reader::text`] to read a leaf, and
//! [`Reader::skip`] for anything they do not know. Each call consumes exactly one element,
//! so a decoder can only ever see its own subtree.
//!
//! Hostile input is bounded: a DTD is refused (so no entity can expand), nesting depth and
//! text length have limits, and end tags are checked against the open elements.

use super::error::{DecodeError, DecodeErrorKind};
use std::borrow::Cow;
use xmlparser::{ElementEnd, Token, Tokenizer};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Bounds on what a document may make the decoder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting accepted.
    pub max_depth: usize,
    /// Longest text content of one element, in bytes.
    pub max_text_len: usize,
}

impl Default for Limits {
    /// 256 levels and 64 MiB of text (room for a base64 PDF of the printed invoice).
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_text_len: 64 << 20,
        }
    }
}

/// A start tag the reader has stepped onto.
#[derive(Debug, Clone)]
pub struct StartTag<'a> {
    prefix: &'a str,
    local: &'a str,
    namespace: Option<&'a str>,
    offset: usize,
    empty: bool,
    nil: bool,
    xsi_type: Option<(Option<&'a str>, &'a str)>,
    /// Byte position just past the start tag's `>`.
    content_start: usize,
}

impl<'a> StartTag<'a> {
    /// The element's local name.
    pub fn local_name(&self) -> &'a str {
        self.local
    }

    /// The element's namespace URI, if it has one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.namespace
    }

    /// Whether the element is in namespace `ns`.
    pub fn in_namespace(&self, ns: &str) -> bool {
        self.namespace == Some(ns)
    }

    /// The qualified name as written (`soap:Body`).
    pub fn qualified_name(&self) -> String {
        if self.prefix.is_empty() {
            self.local.to_owned()
        } else {
            format!("{}:{}", self.prefix, self.local)
        }
    }

    /// Byte offset of the `<` of the start tag.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether the element carries `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// The element's `xsi:type`, resolved: (namespace URI, local name).
    pub fn xsi_type(&self) -> Option<(Option<&'a str>, &'a str)> {
        self.xsi_type
    }

    /// Whether the tag is self-closing (`<x/>`).
    pub fn is_empty(&self) -> bool {
        self.empty
    }
}

struct Binding<'a> {
    prefix: &'a str,
    uri: &'a str,
    depth: usize,
}

struct Open<'a> {
    prefix: &'a str,
    local: &'a str,
}

/// The pull decoder. See the module docs.
pub struct Reader<'a> {
    src: &'a str,
    tokens: Tokenizer<'a>,
    bindings: Vec<Binding<'a>>,
    open: Vec<Open<'a>>,
    limits: Limits,
    root_seen: bool,
}

impl<'a> Reader<'a> {
    /// A reader of `src` with default [`Limits`].
    pub fn new(src: &'a str) -> Self {
        Reader::with_limits(src, Limits::default())
    }

    /// A reader of `src` with the given limits.
    pub fn with_limits(src: &'a str, limits: Limits) -> Self {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        Reader {
            src,
            tokens: Tokenizer::from(src),
            bindings: Vec::new(),
            open: Vec::new(),
            limits,
            root_seen: false,
        }
    }

    /// A reader of UTF-8 `bytes`; anything else is a [`DecodeErrorKind::NotUtf8`] error.
    pub fn from_bytes(bytes: &'a [u8], limits: Limits) -> Result<Self, DecodeError> {
        match std::str::from_utf8(bytes) {
            Ok(src) => Ok(Reader::with_limits(src, limits)),
            Err(e) => Err(DecodeError::new(DecodeErrorKind::NotUtf8, e.valid_up_to())),
        }
    }

    /// The document being read.
    pub fn source(&self) -> &'a str {
        self.src
    }

    /// Steps onto the document's root element, past the XML declaration, comments and
    /// processing instructions.
    pub fn root(&mut self) -> Result<StartTag<'a>, DecodeError> {
        if self.root_seen {
            return Err(DecodeError::new(
                DecodeErrorKind::Structure("the root element was already read".into()),
                0,
            ));
        }
        loop {
            match self.next_token()? {
                Some(Token::ElementStart {
                    prefix,
                    local,
                    span,
                }) => {
                    self.root_seen = true;
                    return self.start_tag(prefix.as_str(), local.as_str(), span.start());
                }
                Some(Token::Text { text }) if is_xml_whitespace(text.as_str()) => {}
                Some(Token::Text { text }) => {
                    return Err(syntax("text before the root element", text.start()));
                }
                Some(Token::Cdata { span, .. }) => {
                    return Err(syntax("CDATA before the root element", span.start()));
                }
                Some(_) => {}
                None => return Err(syntax("the document has no root element", self.src.len())),
            }
        }
    }

    /// Steps onto the next child element of `parent`, skipping whitespace, comments and
    /// stray text; `None` once `parent`'s end tag has been consumed.
    ///
    /// `parent` must be the innermost open element: each child returned must be consumed
    /// (by a decoder, [`Reader::text`] or [`Reader::skip`]) before the next call.
    pub fn next_child(
        &mut self,
        parent: &StartTag<'a>,
    ) -> Result<Option<StartTag<'a>>, DecodeError> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            match self.next_token()? {
                Some(Token::ElementStart {
                    prefix,
                    local,
                    span,
                }) => {
                    return self
                        .start_tag(prefix.as_str(), local.as_str(), span.start())
                        .map(Some);
                }
                Some(Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                }) => {
                    self.close(prefix.as_str(), local.as_str(), span.start())?;
                    return Ok(None);
                }
                Some(Token::Text { text }) => {
                    self.check_text_len(text.as_str().len(), text.start())?
                }
                Some(Token::Cdata { text, span }) => {
                    self.check_text_len(text.as_str().len(), span.start())?
                }
                Some(_) => {}
                None => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::UnexpectedEof,
                        self.src.len(),
                    ));
                }
            }
        }
    }

    /// Reads the text content of `el` (text and CDATA, entities resolved) and consumes its
    /// end tag. A child element is an error.
    pub fn text(&mut self, el: &StartTag<'a>) -> Result<Cow<'a, str>, DecodeError> {
        if el.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut acc: Option<Cow<'a, str>> = None;
        loop {
            match self.next_token()? {
                Some(Token::Text { text }) => {
                    let piece = unescape(text.as_str(), text.start())?;
                    acc = Some(self.append(acc, piece, text.start())?);
                }
                Some(Token::Cdata { text, span }) => {
                    let piece = normalize_newlines(text.as_str());
                    acc = Some(self.append(acc, piece, span.start())?);
                }
                Some(Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                }) => {
                    self.close(prefix.as_str(), local.as_str(), span.start())?;
                    return Ok(acc.unwrap_or(Cow::Borrowed("")));
                }
                Some(Token::ElementStart {
                    prefix,
                    local,
                    span,
                }) => {
                    let name = qualified(prefix.as_str(), local.as_str());
                    return Err(DecodeError::new(
                        DecodeErrorKind::UnexpectedElement(name),
                        span.start(),
                    ));
                }
                Some(_) => {}
                None => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::UnexpectedEof,
                        self.src.len(),
                    ));
                }
            }
        }
    }

    /// Skips `el` and everything inside it.
    pub fn skip(&mut self, el: &StartTag<'a>) -> Result<(), DecodeError> {
        self.skip_span(el).map(|_| ())
    }

    /// Skips `el` and returns its content exactly as written in the source (between the
    /// start tag's `>` and the end tag's `<`).
    pub fn raw_content(&mut self, el: &StartTag<'a>) -> Result<&'a str, DecodeError> {
        self.skip_span(el)
    }

    fn skip_span(&mut self, el: &StartTag<'a>) -> Result<&'a str, DecodeError> {
        if el.empty {
            return Ok("");
        }
        let target = self.open.len();
        loop {
            match self.next_token()? {
                Some(Token::ElementStart {
                    prefix,
                    local,
                    span,
                }) => {
                    self.start_tag(prefix.as_str(), local.as_str(), span.start())?;
                }
                Some(Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                }) => {
                    let depth = self.open.len();
                    self.close(prefix.as_str(), local.as_str(), span.start())?;
                    if depth == target {
                        return Ok(self.src.get(el.content_start..span.start()).unwrap_or(""));
                    }
                }
                Some(Token::Text { text }) => {
                    self.check_text_len(text.as_str().len(), text.start())?
                }
                Some(_) => {}
                None => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::UnexpectedEof,
                        self.src.len(),
                    ));
                }
            }
        }
    }

    /// Checks that nothing but whitespace, comments and processing instructions follows the
    /// root element (call it once the root element has been consumed).
    pub fn finish_document(&mut self) -> Result<(), DecodeError> {
        loop {
            match self.next_token()? {
                None => return Ok(()),
                Some(Token::Text { text }) if is_xml_whitespace(text.as_str()) => {}
                Some(Token::Comment { .. }) | Some(Token::ProcessingInstruction { .. }) => {}
                Some(other) => {
                    return Err(syntax(
                        "content after the root element",
                        token_start(&other),
                    ));
                }
            }
        }
    }

    fn next_token(&mut self) -> Result<Option<Token<'a>>, DecodeError> {
        match self.tokens.next() {
            None => Ok(None),
            Some(Err(e)) => {
                let pos = e.pos();
                let offset = byte_offset(self.src, pos.row, pos.col);
                Err(DecodeError::new(
                    DecodeErrorKind::Syntax(e.to_string()),
                    offset,
                ))
            }
            Some(Ok(tok)) => match tok {
                Token::DtdStart { span, .. } | Token::EmptyDtd { span, .. } => {
                    Err(DecodeError::new(DecodeErrorKind::Dtd, span.start()))
                }
                Token::EntityDeclaration { span, .. } | Token::DtdEnd { span } => {
                    Err(DecodeError::new(DecodeErrorKind::Dtd, span.start()))
                }
                other => Ok(Some(other)),
            },
        }
    }

    /// Reads the attributes and the end of a start tag whose name was just tokenized.
    fn start_tag(
        &mut self,
        prefix: &'a str,
        local: &'a str,
        offset: usize,
    ) -> Result<StartTag<'a>, DecodeError> {
        let depth = self.open.len() + 1;
        if depth > self.limits.max_depth {
            return Err(DecodeError::new(
                DecodeErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
                offset,
            ));
        }
        let mut nil_attr: Option<(&'a str, &'a str, usize)> = None;
        let mut type_attr: Option<(&'a str, &'a str, usize)> = None;
        let (empty, content_start) = loop {
            match self.next_token()? {
                Some(Token::Attribute {
                    prefix: ap,
                    local: al,
                    value,
                    span,
                }) => {
                    let (ap, al) = (ap.as_str(), al.as_str());
                    if ap == "xmlns" {
                        self.bindings.push(Binding {
                            prefix: al,
                            uri: value.as_str(),
                            depth,
                        });
                    } else if ap.is_empty() && al == "xmlns" {
                        self.bindings.push(Binding {
                            prefix: "",
                            uri: value.as_str(),
                            depth,
                        });
                    } else if al == "nil" && !ap.is_empty() {
                        nil_attr = Some((ap, value.as_str(), span.start()));
                    } else if al == "type" && !ap.is_empty() {
                        type_attr = Some((ap, value.as_str(), span.start()));
                    }
                }
                Some(Token::ElementEnd {
                    end: ElementEnd::Open,
                    span,
                }) => break (false, span.end()),
                Some(Token::ElementEnd {
                    end: ElementEnd::Empty,
                    span,
                }) => break (true, span.end()),
                Some(_) => return Err(syntax("unexpected token in a start tag", offset)),
                None => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::UnexpectedEof,
                        self.src.len(),
                    ));
                }
            }
        };
        let namespace = self.resolve(prefix, offset, true)?;
        let mut nil = false;
        if let Some((ap, value, at)) = nil_attr
            && self.resolve(ap, at, false)? == Some(XSI_NS)
        {
            nil = matches!(value.trim(), "true" | "1");
        }
        let mut xsi_type = None;
        if let Some((ap, value, at)) = type_attr
            && self.resolve(ap, at, false)? == Some(XSI_NS)
        {
            let value = value.trim();
            let (tp, tl) = value.split_once(':').unwrap_or(("", value));
            xsi_type = Some((self.resolve(tp, at, true)?, tl));
        }
        if empty {
            while self.bindings.last().is_some_and(|b| b.depth >= depth) {
                self.bindings.pop();
            }
        } else {
            self.open.push(Open { prefix, local });
        }
        Ok(StartTag {
            prefix,
            local,
            namespace,
            offset,
            empty,
            nil,
            xsi_type,
            content_start,
        })
    }

    fn close(&mut self, prefix: &'a str, local: &'a str, offset: usize) -> Result<(), DecodeError> {
        let depth = self.open.len();
        match self.open.pop() {
            Some(open) if open.prefix == prefix && open.local == local => {
                while self.bindings.last().is_some_and(|b| b.depth >= depth) {
                    self.bindings.pop();
                }
                Ok(())
            }
            Some(open) => Err(DecodeError::new(
                DecodeErrorKind::MismatchedEndTag {
                    expected: qualified(open.prefix, open.local),
                    found: qualified(prefix, local),
                },
                offset,
            )),
            None => Err(syntax("end tag without a start tag", offset)),
        }
    }

    /// Resolves a prefix; the empty prefix means the default namespace for elements and
    /// no namespace for attributes.
    fn resolve(
        &self,
        prefix: &str,
        offset: usize,
        element: bool,
    ) -> Result<Option<&'a str>, DecodeError> {
        if prefix.is_empty() && !element {
            return Ok(None);
        }
        if prefix == "xml" {
            return Ok(Some(XML_NS));
        }
        match self.bindings.iter().rev().find(|b| b.prefix == prefix) {
            Some(b) if b.uri.is_empty() => Ok(None),
            Some(b) => Ok(Some(b.uri)),
            None if prefix.is_empty() => Ok(None),
            None => Err(DecodeError::new(
                DecodeErrorKind::UnboundPrefix(prefix.to_owned()),
                offset,
            )),
        }
    }

    fn check_text_len(&self, len: usize, offset: usize) -> Result<(), DecodeError> {
        if len > self.limits.max_text_len {
            Err(DecodeError::new(
                DecodeErrorKind::TextTooLong {
                    limit: self.limits.max_text_len,
                },
                offset,
            ))
        } else {
            Ok(())
        }
    }

    fn append(
        &self,
        acc: Option<Cow<'a, str>>,
        piece: Cow<'a, str>,
        offset: usize,
    ) -> Result<Cow<'a, str>, DecodeError> {
        let joined = match acc {
            None => piece,
            Some(prev) => {
                let mut s = prev.into_owned();
                s.push_str(&piece);
                Cow::Owned(s)
            }
        };
        self.check_text_len(joined.len(), offset)?;
        Ok(joined)
    }
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

fn syntax(msg: &str, offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(msg.to_owned()), offset)
}

fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn token_start(tok: &Token<'_>) -> usize {
    match tok {
        Token::ElementStart { span, .. }
        | Token::Attribute { span, .. }
        | Token::ElementEnd { span, .. }
        | Token::Cdata { span, .. }
        | Token::Declaration { span, .. } => span.start(),
        Token::Text { text } => text.start(),
        _ => 0,
    }
}

/// Converts the tokenizer's 1-based row/column (in characters) to a byte offset.
fn byte_offset(src: &str, row: u32, col: u32) -> usize {
    let mut line_start = 0;
    for _ in 1..row {
        match src[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return src.len(),
        }
    }
    src[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(src.len(), |(i, _)| line_start + i)
}

fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Resolves the predefined entities and character references, and normalizes line ends.
pub(crate) fn unescape(raw: &str, offset: usize) -> Result<Cow<'_, str>, DecodeError> {
    if !raw.contains('&') {
        return Ok(normalize_newlines(raw));
    }
    let raw = normalize_newlines(raw);
    let mut out = String::with_capacity(raw.len());
    let mut rest: &str = &raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';') else {
            return Err(syntax("an `&` that starts no entity reference", offset));
        };
        let name = &after[..semi];
        let ch = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                match code.and_then(char::from_u32) {
                    Some(c) => c,
                    None => {
                        return Err(DecodeError::new(
                            DecodeErrorKind::UnknownEntity(name.to_owned()),
                            offset,
                        ));
                    }
                }
            }
        };
        out.push(ch);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_resolves_predefined_and_numeric_references() {
        assert_eq!(unescape("a&lt;b&amp;c&#x41;&#66;", 0).unwrap(), "a<b&cAB");
        assert!(
            matches!(unescape("&foo;", 0).unwrap_err().kind(), DecodeErrorKind::UnknownEntity(e) if e == "foo")
        );
        assert_eq!(unescape("a\r\nb\rc", 0).unwrap(), "a\nb\nc");
    }

    #[test]
    fn byte_offset_counts_characters_not_bytes() {
        let src = "ab\nпр<x";
        assert_eq!(byte_offset(src, 2, 3), "ab\nпр".len());
    }
}
