//! Codecs of the XSD built-in types: how each Rust type reads and writes element text.
//!
//! | XSD | Rust |
//! |---|---|
//! | `string` | `String` |
//! | `int`, `long`, `short`, `unsignedByte` | `i32`, `i64`, `i16`, `u8` |
//! | `boolean` | `bool` |
//! | `decimal` | [`rust_decimal::Decimal`] (never a float) |
//! | `dateTime` | [`DateTime`] (keeps the offset and up to 7 fraction digits) |
//! | `base64Binary` | `Vec<u8>` |
//! | `anyType` | [`AnyValue`] (keeps its `xsi:type`) |

mod any;
mod datetime;

pub use any::{AnyValue, XsiType};
pub use datetime::{DateTime, DateTimeParseError, UtcOffset};

use crate::xml::{DecodeError, DecodeErrorKind, Reader, StartTag, Writer, XmlDecode, XmlEncode};
use base64::Engine as _;
use rust_decimal::Decimal;

fn invalid(expected: &'static str, found: &str, el: &StartTag<'_>) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::InvalidValue {
            expected,
            found: found.to_owned(),
        },
        el.offset(),
    )
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// XSD's whitespace collapse for non-string types: surrounding whitespace is not part of the value.
#[inline]
fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&first), Some(&last)) if is_xml_space(first) || is_xml_space(last) => {
            s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
        }
        _ => s,
    }
}

impl XmlEncode for String {
    fn encode_content(&self, w: &mut Writer) {
        w.text(self);
    }
}

impl XmlEncode for str {
    fn encode_content(&self, w: &mut Writer) {
        w.text(self);
    }
}

impl XmlDecode for String {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        r.text(start).map(|t| t.into_owned())
    }
}

macro_rules! integer_codec {
    ($($ty:ty => $xsd:literal),* $(,)?) => {$(
        impl XmlEncode for $ty {
            fn encode_content(&self, w: &mut Writer) {
                w.plain_text(&self.to_string());
            }
        }

        impl XmlDecode for $ty {
            fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
                let text = r.text(start)?;
                let t = trimmed(&text);
                // `str::parse` accepts a leading `+` and leading zeros, as XSD does.
                t.parse::<$ty>().map_err(|_| invalid($xsd, t, start))
            }
        }
    )*};
}

integer_codec!(i32 => "int", i64 => "long", i16 => "short", u8 => "unsignedByte");

impl XmlEncode for bool {
    fn encode_content(&self, w: &mut Writer) {
        w.plain_text(if *self { "true" } else { "false" });
    }
}

impl XmlDecode for bool {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        let text = r.text(start)?;
        match trimmed(&text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(invalid("boolean", other, start)),
        }
    }
}

/// Parses an `xs:decimal` lexical value exactly: an optional sign, digits and an optional
/// fraction; no exponent, no grouping. The scale is kept (`1.000` stays `1.000`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    match parse_plain_decimal(text.as_bytes()) {
        Some(d) => Some(d),
        None => parse_decimal_general(text),
    }
}

/// The common case of [`parse_decimal`] in one pass: `[+-]?[0-9]+(\.[0-9]+)?` with at most 19
/// digits (so the coefficient fits a `u64`), no surrounding whitespace. `None` means "not
/// this case", and [`parse_decimal_general`] decides; when it is `Some`, the value is the one
/// `Decimal::from_str_exact` gives (same coefficient, same scale, `-0` normalized the same).
#[inline]
fn parse_plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match *b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    // 19 digits and a point at most.
    if digits.len() > 20 {
        return None;
    }
    let mut coefficient: u64 = 0;
    let mut count = 0u32;
    let mut point: Option<u32> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                coefficient = coefficient
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(c - b'0'));
                count += 1;
            }
            b'.' if point.is_none() && count > 0 => point = Some(count),
            _ => return None,
        }
    }
    let scale = match point {
        None => 0,
        Some(at) if at < count => count - at,
        Some(_) => return None, // `5.`: left to the general path
    };
    if count == 0 || count > 19 {
        return None;
    }
    Some(Decimal::from_parts(
        coefficient as u32,
        (coefficient >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

#[inline(never)]
fn parse_decimal_general(text: &str) -> Option<Decimal> {
    let t = trimmed(text);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !digits(int) || !digits(frac) {
        return None;
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    Decimal::from_str_exact(t).ok()
}

impl XmlEncode for Decimal {
    fn encode_content(&self, w: &mut Writer) {
        w.plain_text(&self.to_string());
    }
}

impl XmlDecode for Decimal {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        let text = r.text(start)?;
        parse_decimal(&text).ok_or_else(|| invalid("decimal", trimmed(&text), start))
    }
}

impl XmlEncode for DateTime {
    fn encode_content(&self, w: &mut Writer) {
        w.plain_text(&self.to_string());
    }
}

impl XmlDecode for DateTime {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        let text = r.text(start)?;
        let t = trimmed(&text);
        t.parse::<DateTime>()
            .map_err(|_| invalid("dateTime", t, start))
    }
}

impl XmlEncode for Vec<u8> {
    fn encode_content(&self, w: &mut Writer) {
        w.plain_text(&base64::engine::general_purpose::STANDARD.encode(self));
    }
}

impl XmlDecode for Vec<u8> {
    fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
        let text = r.text(start)?;
        // Base64 in XML may be wrapped over several lines.
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| {
                let shown: String = compact.chars().take(40).collect();
                invalid("base64Binary", &shown, start)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact_and_keep_their_scale() {
        assert_eq!(parse_decimal("1.000").unwrap().to_string(), "1.000");
        assert_eq!(parse_decimal(" -79.80 ").unwrap().to_string(), "-79.80");
        assert_eq!(parse_decimal("+5").unwrap().to_string(), "5");
        assert_eq!(parse_decimal(".5").unwrap().to_string(), "0.5");
        for bad in ["", ".", "1e5", "1,5", "1_000", "--1", "abc", "1.2.3"] {
            assert!(parse_decimal(bad).is_none(), "{bad:?} accepted");
        }
    }

    /// The one-pass path gives exactly what the general path (`from_str_exact`) gives,
    /// or leaves the text to it.
    #[test]
    fn the_fast_decimal_path_agrees_with_the_general_one() {
        for common in [
            "1850.000",
            "-79.80",
            "0.00",
            "+5",
            "763.25",
            "9999999999999999999",
        ] {
            assert!(
                parse_plain_decimal(common.as_bytes()).is_some(),
                "{common:?}"
            );
        }
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "+0",
            "0.00",
            "-0.00",
            "00012.3400",
            "1.",
            "-1.",
            ".5",
            "-.5",
            "+.5",
            "5.",
            "1..2",
            "-",
            "+",
            "+-1",
            "1-",
            "٣",
            "1.2.3",
            " 1",
            "1 ",
            "\t-2.5\n",
            "9999999999999999999",
            "-9999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "0.0000000000000000001",
            "1234567890.123456789",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000001",
            "1_0",
            "1e3",
            "12,50",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every digit count and point position up to 21 digits.
        for len in 1..=21usize {
            let digits: String = (0..len).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
            cases.push(digits.clone());
            cases.push(format!("-{digits}"));
            for at in 0..=len {
                cases.push(format!("{}.{}", &digits[..at], &digits[at..]));
                cases.push(format!("-{}.{}", &digits[..at], &digits[at..]));
            }
        }
        for case in &cases {
            let general = parse_decimal_general(case);
            let fast = parse_plain_decimal(case.as_bytes());
            if let Some(fast) = fast {
                let general =
                    general.unwrap_or_else(|| panic!("{case:?}: only the fast path accepts it"));
                assert_eq!(fast.serialize(), general.serialize(), "{case:?}");
            }
            assert_eq!(
                parse_decimal(case).map(|d| d.serialize()),
                general.map(|d| d.serialize()),
                "{case:?}"
            );
        }
    }
}

/// Serde support for `base64Binary` fields: bytes as a base64 string.
#[cfg(feature = "serde")]
pub mod base64_serde {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes bytes as a base64 string.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    /// Deserializes bytes from a base64 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }

    /// The same for optional bytes.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serializes optional bytes as a base64 string or null.
        pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
            match bytes {
                Some(b) => super::serialize(b, s),
                None => s.serialize_none(),
            }
        }

        /// Deserializes optional bytes from a base64 string or null.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapped(#[serde(with = "super")] Vec<u8>);
            Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(b)| b))
        }
    }
}
