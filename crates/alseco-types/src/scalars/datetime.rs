//! `xs:dateTime` as .NET writes it: up to 7 fraction digits, with or without an offset.

use std::fmt;
use std::str::FromStr;

/// The offset part of a date-time, kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum UtcOffset {
    /// No offset: a local time of unknown zone (.NET `DateTimeKind.Unspecified`).
    #[default]
    Unspecified,
    /// `Z`.
    Utc,
    /// `+hh:mm` / `-hh:mm`, in minutes east of UTC.
    Minutes(i16),
}

/// An `xs:dateTime` exactly as it appears on the wire: `2007-12-04T18:58:03.5381358+06:00`.
///
/// It keeps what .NET sends — up to seven fraction digits (100 ns ticks), including
/// trailing zeros, and the offset or its absence — so that decoding then encoding gives
/// back the same text. It does no time-zone arithmetic; convert to your time library
/// through the accessors.
///
/// ```
/// use alseco_types::scalars::{DateTime, UtcOffset};
/// let t: DateTime = "2007-12-04T18:58:03.5381358+06:00".parse()?;
/// assert_eq!((t.year(), t.month(), t.day()), (2007, 12, 4));
/// assert_eq!(t.nanosecond(), 538_135_800);
/// assert_eq!(t.offset(), UtcOffset::Minutes(360));
/// assert_eq!(t.to_string(), "2007-12-04T18:58:03.5381358+06:00");
/// # Ok::<(), alseco_types::scalars::DateTimeParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Fraction of a second in 100 ns ticks (0..10^7).
    ticks: u32,
    /// How many fraction digits were written (0..=7).
    fraction_digits: u8,
    offset: UtcOffset,
}

impl Default for DateTime {
    /// `0001-01-01T00:00:00`, .NET's `DateTime.MinValue`.
    fn default() -> Self {
        DateTime {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            ticks: 0,
            fraction_digits: 0,
            offset: UtcOffset::Unspecified,
        }
    }
}

/// Why text is not a valid `xs:dateTime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    reason: &'static str,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid dateTime: {}", self.reason)
    }
}

impl std::error::Error for DateTimeParseError {}

fn err(reason: &'static str) -> DateTimeParseError {
    DateTimeParseError { reason }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl DateTime {
    /// A date-time with no fraction and no offset; `None` if a field is out of range.
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            ..DateTime::default()
        })
    }

    /// The same instant written with `digits` fraction digits (0..=7) holding `nanos`
    /// (truncated to what the digits can show). `None` if out of range.
    pub fn with_fraction(self, nanos: u32, digits: u8) -> Option<Self> {
        if digits > 7 || nanos >= 1_000_000_000 {
            return None;
        }
        let unit = 10u32.pow(7 - u32::from(digits));
        Some(DateTime {
            ticks: nanos / 100 / unit * unit,
            fraction_digits: digits,
            ..self
        })
    }

    /// The same local time with the given offset.
    pub fn with_offset(self, offset: UtcOffset) -> Self {
        DateTime { offset, ..self }
    }

    /// Year (1..=9999).
    pub fn year(&self) -> u16 {
        self.year
    }
    /// Month (1..=12).
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of the month (1..=31).
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour (0..=23).
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute (0..=59).
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Second (0..=59).
    pub fn second(&self) -> u8 {
        self.second
    }
    /// The fraction of the second in nanoseconds (a multiple of 100).
    pub fn nanosecond(&self) -> u32 {
        self.ticks * 100
    }
    /// How many fraction digits the value is written with.
    pub fn fraction_digits(&self) -> u8 {
        self.fraction_digits
    }
    /// The offset as written.
    pub fn offset(&self) -> UtcOffset {
        self.offset
    }
}

/// An unsigned decimal number of ASCII digits only (no sign, no whitespace).
#[inline]
fn number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
        } else {
            None
        }
    })
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err("expected YYYY-MM-DDThh:mm:ss"));
        }
        let field = |r: std::ops::Range<usize>| {
            s.get(r)
                .and_then(number)
                .ok_or(err("non-digit in date or time"))
        };
        let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
        let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
        let base = DateTime::new(
            year as u16,
            month as u8,
            day as u8,
            hour as u8,
            minute as u8,
            second as u8,
        )
        .ok_or(err("field out of range"))?;
        let mut rest = &s[19..];
        let mut t = base;
        if let Some(frac_and_more) = rest.strip_prefix('.') {
            let digits = frac_and_more.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(err("a `.` with no fraction digits"));
            }
            if digits > 7 {
                return Err(err("more than 7 fraction digits"));
            }
            let frac = &frac_and_more[..digits];
            let value = number(frac).ok_or(err("bad fraction"))?;
            t.ticks = value * 10u32.pow(7 - digits as u32);
            t.fraction_digits = digits as u8;
            rest = &frac_and_more[digits..];
        }
        t.offset = match rest {
            "" => UtcOffset::Unspecified,
            "Z" => UtcOffset::Utc,
            _ => {
                let ob = rest.as_bytes();
                if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                    return Err(err("offset must be Z or ±hh:mm"));
                }
                let hh = number(&rest[1..3]).ok_or(err("bad offset hours"))?;
                let mm = number(&rest[4..6]).ok_or(err("bad offset minutes"))?;
                if hh > 14 || mm > 59 || (hh == 14 && mm > 0) {
                    return Err(err("offset out of range"));
                }
                let minutes = (hh * 60 + mm) as i16;
                UtcOffset::Minutes(if ob[0] == b'-' { -minutes } else { minutes })
            }
        };
        Ok(t)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.fraction_digits > 0 {
            let shown = self.ticks / 10u32.pow(7 - u32::from(self.fraction_digits));
            write!(
                f,
                ".{:0width$}",
                shown,
                width = usize::from(self.fraction_digits)
            )?;
        }
        match self.offset {
            UtcOffset::Unspecified => Ok(()),
            UtcOffset::Utc => f.write_str("Z"),
            UtcOffset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_form_the_spec_shows() {
        for s in [
            "2007-12-04T18:58:03.5381358+06:00",
            "2019-11-01T00:00:00.000+06:00",
            "2017-04-07T14:45:00",
            "2024-03-01T00:00:00Z",
            "2024-03-01T00:00:00-03:30",
        ] {
            assert_eq!(s.parse::<DateTime>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_what_is_not_a_date_time() {
        for s in [
            "",
            "2007-12-04",
            "2007-13-04T00:00:00",
            "2007-02-29T00:00:00",
            "2007-12-04T24:00:00",
            "2007-12-04T18:58:03.12345678",
            "2007-12-04T18:58:03.",
            "2007-12-04T18:58:03+6:00",
            "2007-12-04T18:58:03+15:00",
            "2007-12-04T18:58:03 ",
            "２007-12-04T18:58:03",
        ] {
            assert!(s.parse::<DateTime>().is_err(), "{s:?} accepted");
        }
        assert!("2008-02-29T00:00:00".parse::<DateTime>().is_ok());
    }

    #[test]
    fn with_fraction_truncates_to_the_digits_shown() {
        let t = DateTime::new(2025, 1, 2, 3, 4, 5)
            .unwrap()
            .with_fraction(123_456_789, 3)
            .unwrap();
        assert_eq!(t.to_string(), "2025-01-02T03:04:05.123");
    }
}
