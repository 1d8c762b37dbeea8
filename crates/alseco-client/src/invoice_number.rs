//! Invoice numbers (electronic bill numbers), in the form every request takes.
//!
//! The number printed as a barcode on the paper bill ends with a check digit whose algorithm is not
//! published; every request to the service takes the number *without* it (spec, «Электронные
//! счета»). Mixing the two forms up gives `InvoiceNotFound`, so they are kept apart by
//! construction: [`InvoiceNumber::from_barcode`] drops the check digit,
//! [`InvoiceNumber::from_sent`] (and [`FromStr`]) takes a number already in the sent form, e.g. an
//! `InvoiceId` the service returned.
//!
//! The first four digits are the period the invoice was formed for, `YYMM`: `2504…` is April 2025.
//! The century is taken as 2000–2099.

use std::fmt;
use std::str::FromStr;

use crate::period::Period;

/// The shortest number accepted in the sent form: `YYMM` and at least one more digit.
pub const MIN_SENT_LEN: usize = 5;

/// An invoice number as sent to the service: ASCII digits only, without the check digit, at least
/// [`MIN_SENT_LEN`] long, starting with a valid `YYMM`.
///
/// # Example
/// ```
/// use alseco_client::invoice_number::InvoiceNumber;
///
/// let scanned = InvoiceNumber::from_barcode("25041234567897")?;
/// assert_eq!(scanned.as_str(), "2504123456789");
/// assert_eq!(scanned, "2504123456789".parse()?);
/// assert_eq!(scanned.period().to_string(), "2025-04");
/// # Ok::<(), alseco_client::invoice_number::InvoiceNumberError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InvoiceNumber {
    // Field order matters for the derived `Ord`: by digits.
    digits: String,
    period: Period,
}

/// Why a text is not an invoice number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvoiceNumberError {
    /// Nothing (or only whitespace) was given.
    #[error("invoice number is empty")]
    Empty,
    /// A character other than an ASCII digit.
    #[error("invoice number {text:?} has a non-digit {character:?} at position {position}")]
    NonDigit {
        /// The text given.
        text: String,
        /// The offending character.
        character: char,
        /// Its position (counting characters from 0, after trimming whitespace).
        position: usize,
    },
    /// Too few digits to hold `YYMM` and a serial number.
    #[error("invoice number {text:?} has {len} digits; at least {min} are needed")]
    TooShort {
        /// The text given.
        text: String,
        /// Its number of digits.
        len: usize,
        /// The minimum for this form (with the check digit for a barcode).
        min: usize,
    },
    /// The digits 3–4 (`MM` of `YYMM`) are not a month.
    #[error("invoice number {text:?} starts with {yymm}, whose month {month:02} is not 01–12")]
    InvalidMonth {
        /// The text given.
        text: String,
        /// The first four digits.
        yymm: String,
        /// The month they hold.
        month: u8,
    },
}

impl InvoiceNumber {
    /// From the barcode (the printed number): drops the last, check digit.
    ///
    /// Surrounding whitespace (a scanner's line end) is ignored.
    ///
    /// # Errors
    /// [`InvoiceNumberError`] for empty input, non-digits, fewer than [`MIN_SENT_LEN`]` + 1`
    /// digits, or an invalid month.
    pub fn from_barcode(barcode: &str) -> Result<InvoiceNumber, InvoiceNumberError> {
        let text = check_digits(barcode, MIN_SENT_LEN + 1)?;
        // ASCII digits only, so dropping the last byte drops the last character.
        let sent = &text[..text.len() - 1];
        let period = check_period(barcode, sent)?;
        Ok(InvoiceNumber {
            digits: sent.to_owned(),
            period,
        })
    }

    /// From a number already without the check digit (as sent to or returned by the service).
    ///
    /// Surrounding whitespace is ignored.
    ///
    /// # Errors
    /// [`InvoiceNumberError`] for empty input, non-digits, fewer than [`MIN_SENT_LEN`] digits, or
    /// an invalid month.
    pub fn from_sent(number: &str) -> Result<InvoiceNumber, InvoiceNumberError> {
        let text = check_digits(number, MIN_SENT_LEN)?;
        let period = check_period(number, text)?;
        Ok(InvoiceNumber {
            digits: text.to_owned(),
            period,
        })
    }

    /// The number as sent to the service.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The period the invoice was formed for, from its first four digits `YYMM` (year 20YY).
    pub fn period(&self) -> Period {
        self.period
    }
}

fn check_digits(input: &str, min: usize) -> Result<&str, InvoiceNumberError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(InvoiceNumberError::Empty);
    }
    if let Some((position, character)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(InvoiceNumberError::NonDigit {
            text: input.to_owned(),
            character,
            position,
        });
    }
    if text.len() < min {
        return Err(InvoiceNumberError::TooShort {
            text: input.to_owned(),
            len: text.len(),
            min,
        });
    }
    Ok(text)
}

/// The period of `YYMM`, the first four of `digits` (at least four ASCII digits).
fn check_period(input: &str, digits: &str) -> Result<Period, InvoiceNumberError> {
    let two = |i: usize| -> u8 {
        let b = digits.as_bytes();
        (b[i] - b'0') * 10 + (b[i + 1] - b'0')
    };
    let (yy, mm) = (two(0), two(2));
    Period::new(2000 + i32::from(yy), i32::from(mm)).map_err(|_| InvoiceNumberError::InvalidMonth {
        text: input.to_owned(),
        yymm: digits[..4].to_owned(),
        month: mm,
    })
}

impl fmt::Display for InvoiceNumber {
    /// The number as sent (without the check digit).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

impl FromStr for InvoiceNumber {
    type Err = InvoiceNumberError;

    /// Same as [`InvoiceNumber::from_sent`]: the text form is the sent form.
    fn from_str(s: &str) -> Result<InvoiceNumber, InvoiceNumberError> {
        InvoiceNumber::from_sent(s)
    }
}

impl AsRef<str> for InvoiceNumber {
    fn as_ref(&self) -> &str {
        &self.digits
    }
}
