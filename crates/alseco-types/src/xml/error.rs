//! Decode errors: what went wrong, at which element path and byte offset.

use std::borrow::Cow;
use std::fmt;

/// Why a document could not be decoded, with the element path and byte offset where it happened.
///
/// The path is built on the way out of the decoder (each enclosing element adds its
/// segment), so a successful decode pays nothing for it.
///
/// The error is one pointer wide (its contents are boxed): every decoder returns
/// `Result<_, DecodeError>`, and a small error keeps those results cheap to move on the
/// success path.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<ErrorInner>);

#[derive(Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: DecodeErrorKind,
    offset: usize,
    /// Innermost segment first.
    path: Vec<PathSegment>,
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("path", &self.0.path)
            .finish()
    }
}

/// One element of an error path: a name, and an index for items of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSegment {
    /// The element's local name.
    pub name: Cow<'static, str>,
    /// The item's position among its siblings of a list, from 0.
    pub index: Option<usize>,
}

/// What kind of problem a [`DecodeError`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes are not well-formed XML (the tokenizer's message).
    Syntax(String),
    /// The bytes are not UTF-8.
    NotUtf8,
    /// A document type declaration or entity declaration: refused, never expanded.
    Dtd,
    /// An entity reference other than the five predefined ones and character references.
    UnknownEntity(String),
    /// Elements nested deeper than the limit.
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// A text node longer than the limit.
    TextTooLong {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// An end tag that does not close the open element.
    MismatchedEndTag {
        /// The open element.
        expected: String,
        /// The end tag found.
        found: String,
    },
    /// The document ended inside an element.
    UnexpectedEof,
    /// A namespace prefix with no declaration in scope.
    UnboundPrefix(String),
    /// The text of an element is not a valid value of its type.
    InvalidValue {
        /// The XSD type expected (`int`, `decimal`, …).
        expected: &'static str,
        /// The offending text.
        found: String,
    },
    /// A required element is absent.
    MissingElement(Cow<'static, str>),
    /// A non-list element appears twice.
    DuplicateElement(Cow<'static, str>),
    /// `xsi:nil="true"` on an element that is not nillable.
    UnexpectedNil,
    /// An element where only text is allowed.
    UnexpectedElement(String),
    /// The document's or body's root element is not the one expected.
    UnexpectedRoot {
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// Something else about the document's structure (e.g. a SOAP envelope without a body).
    Structure(String),
}

impl DecodeError {
    /// An error of `kind` at byte `offset`, with an empty path.
    #[cold]
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        DecodeError(Box::new(ErrorInner {
            kind,
            offset,
            path: Vec::new(),
        }))
    }

    /// Adds the enclosing element `name` (an item of a list if `index` is given) to the path.
    #[must_use]
    #[cold]
    pub fn within(mut self, name: impl Into<Cow<'static, str>>, index: Option<usize>) -> Self {
        self.0.path.push(PathSegment {
            name: name.into(),
            index,
        });
        self
    }

    /// Adds the enclosing element `name` to the path (shorthand for [`DecodeError::within`]).
    #[must_use]
    #[cold]
    pub fn at(self, name: &'static str) -> Self {
        self.within(name, None)
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// The byte offset in the document where the problem was found.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The element path, outermost first, e.g. `/Envelope/Body/…/InvoiceLastVers[0]/FixSum`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.0.path.iter().rev() {
            out.push('/');
            out.push_str(&seg.name);
            if let Some(i) = seg.index {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Syntax(msg) => write!(f, "malformed XML: {msg}"),
            DecodeErrorKind::NotUtf8 => f.write_str("the document is not UTF-8"),
            DecodeErrorKind::Dtd => f.write_str("a DTD or entity declaration is not allowed"),
            DecodeErrorKind::UnknownEntity(e) => write!(f, "unknown entity reference `&{e};`"),
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "elements nested deeper than {limit} levels")
            }
            DecodeErrorKind::TextTooLong { limit } => {
                write!(f, "a text node longer than {limit} bytes")
            }
            DecodeErrorKind::MismatchedEndTag { expected, found } => {
                write!(f, "end tag `{found}` does not close `{expected}`")
            }
            DecodeErrorKind::UnexpectedEof => f.write_str("the document ends inside an element"),
            DecodeErrorKind::UnboundPrefix(p) => {
                write!(f, "namespace prefix `{p}` is not declared")
            }
            DecodeErrorKind::InvalidValue { expected, found } => {
                write!(f, "`{found}` is not a valid {expected}")
            }
            DecodeErrorKind::MissingElement(name) => {
                write!(f, "required element `{name}` is missing")
            }
            DecodeErrorKind::DuplicateElement(name) => {
                write!(f, "element `{name}` appears more than once")
            }
            DecodeErrorKind::UnexpectedNil => {
                f.write_str("xsi:nil on an element that is not nillable")
            }
            DecodeErrorKind::UnexpectedElement(name) => {
                write!(f, "element `{name}` where only text is allowed")
            }
            DecodeErrorKind::UnexpectedRoot { expected, found } => {
                write!(f, "expected element `{expected}`, found `{found}`")
            }
            DecodeErrorKind::Structure(msg) => f.write_str(msg),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} (byte {})",
            self.0.kind,
            self.path(),
            self.0.offset
        )
    }
}

impl std::error::Error for DecodeError {}

/// Why a value could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    message: String,
}

impl EncodeError {
    /// An encode error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        EncodeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EncodeError {}
