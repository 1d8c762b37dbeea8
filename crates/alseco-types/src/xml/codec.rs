//! The traits every generated type implements, and the helpers generated code calls.
//!
//! Generated decoders are loops over [`Reader::next_child`] that dispatch on the child's
//! local name; these helpers keep that code short and put the rules in one place:
//! nil handling, list items, duplicates and missing required elements.

use super::{DecodeError, DecodeErrorKind, Reader, StartTag, Writer};
use std::borrow::Cow;

/// A value that can be written as the content (and attributes) of an element.
pub trait XmlEncode {
    /// Writes attributes of the element that holds this value. Only `xsi:type` of an
    /// anyType value needs this; the default writes none.
    fn encode_attributes(&self, _w: &mut Writer) {}

    /// Writes the element's content: text for simple values, child elements otherwise.
    fn encode_content(&self, w: &mut Writer);
}

/// A value that can be read from an element.
pub trait XmlDecode: Sized {
    /// Decodes the element `start`, which the reader has just stepped onto, consuming it
    /// through its end tag.
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError>;
}

/// Decodes a non-nillable element: `xsi:nil="true"` on it is an error.
#[inline]
pub fn decode_field<'a, T: XmlDecode>(
    r: &mut Reader<'a>,
    el: &StartTag<'a>,
) -> Result<T, DecodeError> {
    if el.is_nil() {
        return Err(DecodeError::new(
            DecodeErrorKind::UnexpectedNil,
            el.offset(),
        ));
    }
    T::decode(r, el)
}

/// Decodes a nillable element: `None` for `xsi:nil="true"`.
#[inline]
pub fn decode_nillable<'a, T: XmlDecode>(
    r: &mut Reader<'a>,
    el: &StartTag<'a>,
) -> Result<Option<T>, DecodeError> {
    if el.is_nil() {
        r.skip(el)?;
        return Ok(None);
    }
    T::decode(r, el).map(Some)
}

/// Decodes an ASMX array (`ArrayOfX`): the children named `item` in namespace `ns`, in
/// order; other children are skipped. A nil array is empty.
pub fn decode_array<'a, T: XmlDecode>(
    r: &mut Reader<'a>,
    el: &StartTag<'a>,
    item: &'static str,
    ns: &str,
) -> Result<Vec<T>, DecodeError> {
    let mut out = Vec::new();
    if el.is_nil() {
        r.skip(el)?;
        return Ok(out);
    }
    while let Some(child) = r.next_child(el)? {
        if child.local_name() == item && child.in_namespace(ns) {
            let index = out.len();
            out.push(decode_field(r, &child).map_err(|e| e.within(item, Some(index)))?);
        } else {
            r.skip(&child)?;
        }
    }
    Ok(out)
}

/// Stores the value of a non-list element, refusing a second occurrence.
#[inline]
pub fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    name: &'static str,
    el: &StartTag<'_>,
) -> Result<(), DecodeError> {
    if slot.is_some() {
        return Err(DecodeError::new(
            DecodeErrorKind::DuplicateElement(Cow::Borrowed(name)),
            el.offset(),
        ));
    }
    *slot = Some(value);
    Ok(())
}

/// The value of a required element, or an error naming it (at its parent's offset).
#[inline]
pub fn required<T>(
    slot: Option<T>,
    name: &'static str,
    parent: &StartTag<'_>,
) -> Result<T, DecodeError> {
    slot.ok_or_else(|| {
        DecodeError::new(
            DecodeErrorKind::MissingElement(Cow::Borrowed(name)),
            parent.offset(),
        )
    })
}

/// Writes `<name …>content</name>`.
pub fn encode_element<T: XmlEncode + ?Sized>(w: &mut Writer, name: &str, value: &T) {
    w.open_start(name);
    value.encode_attributes(w);
    let at = w.close_start();
    value.encode_content(w);
    w.end(name, at);
}

/// Writes the element if the value is present; omits it otherwise (`minOccurs="0"`).
pub fn encode_optional<T: XmlEncode>(w: &mut Writer, name: &str, value: &Option<T>) {
    if let Some(v) = value {
        encode_element(w, name, v);
    }
}

/// Writes the element, or `<name xsi:nil="true" />` when the value is absent.
pub fn encode_nillable<T: XmlEncode>(w: &mut Writer, name: &str, value: &Option<T>) {
    match value {
        Some(v) => encode_element(w, name, v),
        None => w.nil(name),
    }
}

/// Writes an ASMX array: `<name><item>…</item>…</name>`.
pub fn encode_array<T: XmlEncode>(w: &mut Writer, name: &str, item: &str, values: &[T]) {
    let at = w.start(name);
    for v in values {
        encode_element(w, item, v);
    }
    w.end(name, at);
}
