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

/// The namespace declarations in scope, innermost last, with the two lookups every element
/// needs kept at hand: the default namespace, and the last prefix resolved (`xsi` of
/// `xsi:nil`, most of the time). Declarations change rarely; lookups happen on every element.
#[derive(Default)]
struct Bindings<'a> {
    stack: Vec<Binding<'a>>,
    /// The default namespace in scope (`None` if none is, or it was undeclared with `xmlns=""`).
    default: Option<&'a str>,
    /// The last prefix looked up and its binding's URI, valid until the stack changes.
    memo: Option<(&'a str, &'a str)>,
}

impl<'a> Bindings<'a> {
    fn push(&mut self, prefix: &'a str, uri: &'a str, depth: usize) {
        if prefix.is_empty() {
            self.default = (!uri.is_empty()).then_some(uri);
        }
        self.memo = None;
        self.stack.push(Binding { prefix, uri, depth });
    }

    /// Drops the declarations made at `depth` or deeper (the element at `depth` is closing).
    #[inline]
    fn close_scope(&mut self, depth: usize) {
        if self.stack.last().is_some_and(|b| b.depth >= depth) {
            self.pop_scope(depth);
        }
    }

    #[inline(never)]
    fn pop_scope(&mut self, depth: usize) {
        while self.stack.last().is_some_and(|b| b.depth >= depth) {
            self.stack.pop();
        }
        self.memo = None;
        self.default = self
            .stack
            .iter()
            .rev()
            .find(|b| b.prefix.is_empty())
            .and_then(|b| (!b.uri.is_empty()).then_some(b.uri));
    }

    /// The URI bound to a non-empty `prefix` (possibly empty: `xmlns:p=""`), if any.
    #[inline]
    fn lookup(&mut self, prefix: &str) -> Option<&'a str> {
        if let Some((p, uri)) = self.memo
            && same_name(p, prefix)
        {
            return Some(uri);
        }
        let b = self
            .stack
            .iter()
            .rev()
            .find(|b| same_name(b.prefix, prefix))?;
        self.memo = Some((b.prefix, b.uri));
        Some(b.uri)
    }
}

struct Open<'a> {
    prefix: &'a str,
    local: &'a str,
}

/// What a start tag says after its name.
struct TagEnd<'a> {
    namespace: Option<&'a str>,
    empty: bool,
    nil: bool,
    xsi_type: Option<(Option<&'a str>, &'a str)>,
    content_start: usize,
}

/// The pull decoder. See the module docs.
pub struct Reader<'a> {
    src: &'a str,
    tokens: Tokenizer<'a>,
    bindings: Bindings<'a>,
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
            bindings: Bindings::default(),
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
    #[inline(always)]
    pub fn next_child(
        &mut self,
        parent: &StartTag<'a>,
    ) -> Result<Option<StartTag<'a>>, DecodeError> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            // The frequent tokens straight from the tokenizer (a token is large: going
            // through `next_token` would copy each one once more); the others checked.
            match self.tokens.next() {
                Some(Ok(Token::ElementStart {
                    prefix,
                    local,
                    span,
                })) => {
                    return self
                        .start_tag(prefix.as_str(), local.as_str(), span.start())
                        .map(Some);
                }
                Some(Ok(Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                })) => {
                    self.close(prefix.as_str(), local.as_str(), span.start())?;
                    return Ok(None);
                }
                other => self.between_children(other)?,
            }
        }
    }

    /// [`Reader::next_child`] for what may come between child elements: text (checked
    /// for length, else ignored), comments and processing instructions; or an error.
    #[inline(never)]
    fn between_children(
        &self,
        token: Option<Result<Token<'a>, xmlparser::Error>>,
    ) -> Result<(), DecodeError> {
        match self.checked(token)? {
            Some(Token::Text { text }) => self.check_text_len(text.as_str().len(), text.start()),
            Some(Token::Cdata { text, span }) => {
                self.check_text_len(text.as_str().len(), span.start())
            }
            Some(_) => Ok(()),
            None => Err(DecodeError::new(
                DecodeErrorKind::UnexpectedEof,
                self.src.len(),
            )),
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
            match self.tokens.next() {
                Some(Ok(Token::Text { text })) => {
                    let piece = unescape(text.as_str(), text.start())?;
                    acc = Some(match acc {
                        None => {
                            self.check_text_len(piece.len(), text.start())?;
                            piece
                        }
                        Some(prev) => self.append(prev, piece, text.start())?,
                    });
                }
                Some(Ok(Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                })) => {
                    self.close(prefix.as_str(), local.as_str(), span.start())?;
                    return Ok(acc.unwrap_or(Cow::Borrowed("")));
                }
                other => acc = self.text_other(acc, other)?,
            }
        }
    }

    /// [`Reader::text`] for the tokens other than text and the end tag.
    #[inline(never)]
    fn text_other(
        &self,
        acc: Option<Cow<'a, str>>,
        token: Option<Result<Token<'a>, xmlparser::Error>>,
    ) -> Result<Option<Cow<'a, str>>, DecodeError> {
        match self.checked(token)? {
            Some(Token::Cdata { text, span }) => {
                let piece = normalize_newlines(text.as_str());
                Ok(Some(match acc {
                    None => {
                        self.check_text_len(piece.len(), span.start())?;
                        piece
                    }
                    Some(prev) => self.append(prev, piece, span.start())?,
                }))
            }
            Some(Token::ElementStart {
                prefix,
                local,
                span,
            }) => {
                let name = qualified(prefix.as_str(), local.as_str());
                Err(DecodeError::new(
                    DecodeErrorKind::UnexpectedElement(name),
                    span.start(),
                ))
            }
            Some(_) => Ok(acc),
            None => Err(DecodeError::new(
                DecodeErrorKind::UnexpectedEof,
                self.src.len(),
            )),
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

    /// The next token; a DTD or entity declaration is an error.
    #[inline]
    fn next_token(&mut self) -> Result<Option<Token<'a>>, DecodeError> {
        let token = self.tokens.next();
        self.checked(token)
    }

    /// What [`Reader::next_token`] makes of a token the hot loops did not take themselves.
    #[inline(never)]
    fn checked(
        &self,
        token: Option<Result<Token<'a>, xmlparser::Error>>,
    ) -> Result<Option<Token<'a>>, DecodeError> {
        match token {
            Some(Ok(tok)) => match tok {
                Token::DtdStart { span, .. }
                | Token::EmptyDtd { span, .. }
                | Token::EntityDeclaration { span, .. }
                | Token::DtdEnd { span } => Err(dtd(span.start())),
                other => Ok(Some(other)),
            },
            None => Ok(None),
            Some(Err(e)) => Err(self.syntax_error(&e)),
        }
    }

    /// The error for a token that cannot be in a start tag (or for none).
    #[cold]
    #[inline(never)]
    fn start_tag_error(
        &self,
        token: Option<Result<Token<'a>, xmlparser::Error>>,
        offset: usize,
    ) -> DecodeError {
        match self.checked(token) {
            Err(e) => e,
            Ok(Some(_)) => syntax("unexpected token in a start tag", offset),
            Ok(None) => DecodeError::new(DecodeErrorKind::UnexpectedEof, self.src.len()),
        }
    }

    #[cold]
    #[inline(never)]
    fn syntax_error(&self, e: &xmlparser::Error) -> DecodeError {
        let pos = e.pos();
        let offset = byte_offset(self.src, pos.row, pos.col);
        DecodeError::new(DecodeErrorKind::Syntax(e.to_string()), offset)
    }

    /// Reads the attributes and the end of a start tag whose name was just tokenized.
    ///
    /// Inlined into its callers (and [`Reader::next_child`] into the generated decoders),
    /// so that the tag is built where it is used: copying it from one frame to another
    /// costs more than building it. The usual tag, without attributes, is read here; the
    /// attributes of the others are read out of line, and the tag is still built here.
    #[inline(always)]
    fn start_tag(
        &mut self,
        prefix: &'a str,
        local: &'a str,
        offset: usize,
    ) -> Result<StartTag<'a>, DecodeError> {
        let depth = self.open.len() + 1;
        if depth > self.limits.max_depth {
            return Err(self.too_deep(offset));
        }
        let end = match self.tokens.next() {
            // No attribute, so no declaration either (nothing to drop from the scope of
            // an empty element).
            Some(Ok(Token::ElementEnd {
                end: ElementEnd::Open,
                span,
            })) => TagEnd {
                namespace: self.resolve(prefix, offset, true)?,
                empty: false,
                nil: false,
                xsi_type: None,
                content_start: span.end(),
            },
            Some(Ok(Token::ElementEnd {
                end: ElementEnd::Empty,
                span,
            })) => TagEnd {
                namespace: self.resolve(prefix, offset, true)?,
                empty: true,
                nil: false,
                xsi_type: None,
                content_start: span.end(),
            },
            other => self.attributes(prefix, offset, depth, other)?,
        };
        if !end.empty {
            self.open.push(Open { prefix, local });
        }
        Ok(StartTag {
            prefix,
            local,
            namespace: end.namespace,
            offset,
            empty: end.empty,
            nil: end.nil,
            xsi_type: end.xsi_type,
            content_start: end.content_start,
        })
    }

    /// The rest of a start tag from its first attribute (`token`) on: namespace
    /// declarations are brought into scope (and out again if the element is empty), the
    /// element's name and `xsi:nil`, `xsi:type` are resolved.
    #[inline(never)]
    fn attributes(
        &mut self,
        prefix: &'a str,
        offset: usize,
        depth: usize,
        mut token: Option<Result<Token<'a>, xmlparser::Error>>,
    ) -> Result<TagEnd<'a>, DecodeError> {
        let mut nil_attr: Option<(&'a str, &'a str, usize)> = None;
        let mut type_attr: Option<(&'a str, &'a str, usize)> = None;
        let (empty, content_start) = loop {
            match token {
                Some(Ok(Token::Attribute {
                    prefix: ap,
                    local: al,
                    value,
                    span,
                })) => {
                    let (ap, al) = (ap.as_str(), al.as_str());
                    if ap == "xmlns" {
                        self.bindings.push(al, value.as_str(), depth);
                    } else if ap.is_empty() && al == "xmlns" {
                        self.bindings.push("", value.as_str(), depth);
                    } else if al == "nil" && !ap.is_empty() {
                        nil_attr = Some((ap, value.as_str(), span.start()));
                    } else if al == "type" && !ap.is_empty() {
                        type_attr = Some((ap, value.as_str(), span.start()));
                    }
                }
                Some(Ok(Token::ElementEnd {
                    end: ElementEnd::Open,
                    span,
                })) => break (false, span.end()),
                Some(Ok(Token::ElementEnd {
                    end: ElementEnd::Empty,
                    span,
                })) => break (true, span.end()),
                other => return Err(self.start_tag_error(other, offset)),
            }
            token = self.tokens.next();
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
            self.bindings.close_scope(depth);
        }
        Ok(TagEnd {
            namespace,
            empty,
            nil,
            xsi_type,
            content_start,
        })
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self, offset: usize) -> DecodeError {
        DecodeError::new(
            DecodeErrorKind::TooDeep {
                limit: self.limits.max_depth,
            },
            offset,
        )
    }

    #[inline(always)]
    fn close(&mut self, prefix: &'a str, local: &'a str, offset: usize) -> Result<(), DecodeError> {
        let depth = self.open.len();
        match self.open.pop() {
            Some(open) if same_name(open.local, local) && same_name(open.prefix, prefix) => {
                self.bindings.close_scope(depth);
                Ok(())
            }
            Some(open) => Err(mismatched_end_tag(&open, prefix, local, offset)),
            None => Err(syntax("end tag without a start tag", offset)),
        }
    }

    /// Resolves a prefix; the empty prefix means the default namespace for elements and
    /// no namespace for attributes.
    #[inline(always)]
    fn resolve(
        &mut self,
        prefix: &str,
        offset: usize,
        element: bool,
    ) -> Result<Option<&'a str>, DecodeError> {
        if prefix.is_empty() {
            return Ok(if element { self.bindings.default } else { None });
        }
        if prefix == "xml" {
            return Ok(Some(XML_NS));
        }
        match self.bindings.lookup(prefix) {
            Some("") => Ok(None),
            Some(uri) => Ok(Some(uri)),
            None => Err(DecodeError::new(
                DecodeErrorKind::UnboundPrefix(prefix.to_owned()),
                offset,
            )),
        }
    }

    #[inline]
    fn check_text_len(&self, len: usize, offset: usize) -> Result<(), DecodeError> {
        if len > self.limits.max_text_len {
            Err(self.text_too_long(offset))
        } else {
            Ok(())
        }
    }

    #[cold]
    fn text_too_long(&self, offset: usize) -> DecodeError {
        DecodeError::new(
            DecodeErrorKind::TextTooLong {
                limit: self.limits.max_text_len,
            },
            offset,
        )
    }

    /// Joins a further piece of text to what an element's text holds so far.
    #[inline(never)]
    fn append(
        &self,
        prev: Cow<'a, str>,
        piece: Cow<'a, str>,
        offset: usize,
    ) -> Result<Cow<'a, str>, DecodeError> {
        let mut joined = prev.into_owned();
        joined.push_str(&piece);
        self.check_text_len(joined.len(), offset)?;
        Ok(Cow::Owned(joined))
    }
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

#[cold]
fn syntax(msg: &str, offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(msg.to_owned()), offset)
}

#[cold]
fn dtd(offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Dtd, offset)
}

#[cold]
fn mismatched_end_tag(open: &Open<'_>, prefix: &str, local: &str, offset: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::MismatchedEndTag {
            expected: qualified(open.prefix, open.local),
            found: qualified(prefix, local),
        },
        offset,
    )
}

/// Whether two names are equal. Names are short and of many lengths: comparing two
/// (overlapping) words at each end is cheaper than a call to `memcmp` and than a byte loop,
/// whose exit the branch predictor keeps missing.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    macro_rules! ends {
        ($t:ty, $w:literal) => {{
            let word =
                |s: &[u8], at: usize| <$t>::from_le_bytes(s[at..at + $w].try_into().unwrap());
            (word(a, 0) ^ word(b, 0)) | (word(a, n - $w) ^ word(b, n - $w)) == 0
        }};
    }
    match n {
        0 => true,
        1..=3 => a == b,
        4..=7 => ends!(u32, 4),
        8..=16 => ends!(u64, 8),
        17..=32 => ends!(u128, 16),
        _ => a == b,
    }
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

/// Whether text needs [`unescape`] to change it: it holds an `&` or a `\r`.
///
/// Values are mostly short: they are checked a word at a time (the classic "has a zero
/// byte" test on the word xor the byte searched for), without a branch per byte; long
/// text goes to `memchr`.
#[inline]
fn is_plain(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    fn holds(word: u64, byte: u8) -> bool {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    }
    fn word(b: &[u8]) -> u64 {
        u64::from_le_bytes(b[..8].try_into().unwrap())
    }
    let b = s.as_bytes();
    if b.len() < 8 {
        return !b
            .iter()
            .fold(false, |found, &c| found | (c == b'&') | (c == b'\r'));
    }
    if b.len() > 256 {
        return !s.contains('&') && !s.contains('\r');
    }
    let mut found = false;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let w = word(chunk);
        found |= holds(w, b'&') | holds(w, b'\r');
    }
    // The last (overlapping) word covers what is left.
    let w = word(&b[b.len() - 8..]);
    found |= holds(w, b'&') | holds(w, b'\r');
    !found
}

/// Resolves the predefined entities and character references, and normalizes line ends.
#[inline]
pub(crate) fn unescape(raw: &str, offset: usize) -> Result<Cow<'_, str>, DecodeError> {
    if is_plain(raw) {
        return Ok(Cow::Borrowed(raw));
    }
    unescape_slow(raw, offset)
}

#[inline(never)]
fn unescape_slow(raw: &str, offset: usize) -> Result<Cow<'_, str>, DecodeError> {
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
    fn is_plain_finds_every_ampersand_and_carriage_return() {
        for len in 0..300 {
            let base: String = "Алматы қ.|г. 7".chars().cycle().take(len).collect();
            assert!(is_plain(&base), "{len}");
            for (at, _) in base.char_indices() {
                for special in ["&", "\r"] {
                    let mut s = base.clone();
                    s.insert_str(at, special);
                    assert!(!is_plain(&s), "{s:?}");
                }
            }
        }
        // Bytes one off from the ones searched for are plain.
        assert!(is_plain("%'\x0c\x0e%'\x0c\x0e%'\x0c\x0e"));
    }

    #[test]
    fn same_name_compares_every_byte_at_every_length() {
        for len in 0..80 {
            let a: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            assert!(same_name(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone().into_bytes();
                b[at] = b'Z';
                assert!(
                    !same_name(&a, std::str::from_utf8(&b).unwrap()),
                    "{len} {at}"
                );
            }
            assert!(!same_name(&a, &format!("{a}x")));
        }
    }

    #[test]
    fn byte_offset_counts_characters_not_bytes() {
        let src = "ab\nпр<x";
        assert_eq!(byte_offset(src, 2, 3), "ab\nпр".len());
    }
}
