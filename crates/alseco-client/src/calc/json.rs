//! The JSON form of the calculation, for the command line and for tests.
//!
//! Input:
//! ```json
//! {
//!   "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
//!   "norms": {"k1": 70, "k2": 120},
//!   "residents": 2,
//!   "previous_reading_date": "2025-03-31",
//!   "reading_date": "2025-04-30",
//!   "transformation_coefficient": 1,
//!   "day": {"previous": 1000, "last": 1150, "losses": 0},
//!   "night": {"previous": 500, "last": 560, "losses": 0, "tariff_min": null}
//! }
//! ```
//! - Decimals are accepted as JSON numbers or as strings holding one (`0.1` and `"0.1"` alike),
//!   and are read from their text, exactly: `0.1` is 0.1, not the nearest binary fraction. An
//!   exponent is allowed (`1.5e2`). A value that needs more than 28 decimal places or 96 bits of
//!   mantissa is an error, never rounded.
//! - `tariff.mid` / `tariff.max` are `null` or absent for a time-of-day tariff;
//!   `transformation_coefficient` defaults to 1, each `losses` to 0; `night` is `null` or absent
//!   for a single-zone meter; `night.tariff_min` is the night rate of a time-of-day tariff.
//! - Dates are `YYYY-MM-DD`. Unknown fields are errors (a misspelt `loses` must not silently
//!   become 0).
//!
//! Output (decimals as strings; amounts always with 2 decimals):
//! ```json
//! {"norm1":"138","norm2":"237","day":{"consumption":"150","amount":"3132.60"},"night":{"consumption":"60","amount":"1518.00"},"total":"4650.60"}
//! ```
//! (`night` is `null` without a night zone.)
//!
//! Errors name the field: `day.last: expected a decimal number or a string holding one, got true
//! at line 1 column 213` (a [`JsonError::Parse`]), `day.last (X) = 90 is less than the previous
//! reading 100: readings go backwards` (a [`JsonError::Invalid`]); [`JsonError::path`] gives the
//! field alone.

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{
    CalcError, DayZone, ElectricityAmount, ElectricityInput, Field, NightZone, Norms, Tariff,
    ZoneAmount, calculate,
};

/// Why JSON input could not be turned into an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// Not JSON, or a value of the wrong type or form (a bad number or date, a missing or
    /// unknown field).
    #[error("{}{message}", path.as_deref().map(|p| format!("{p}: ")).unwrap_or_default())]
    Parse {
        /// Where: a path like `day.last`; `None` for the document as a whole.
        path: Option<String>,
        /// What is wrong (serde_json's message, with line and column).
        message: String,
    },
    /// Well-formed input that the calculation rejects; [`CalcError::field`] names the field.
    #[error(transparent)]
    Invalid(#[from] CalcError),
    /// The result could not be written as JSON (not expected: it only holds strings).
    #[error("cannot write JSON: {message}")]
    Output {
        /// serde_json's message.
        message: String,
    },
}

impl JsonError {
    /// The JSON path of the offending field (`day.last`), when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            JsonError::Parse { path, .. } => path.as_deref(),
            JsonError::Invalid(e) => e.field().map(Field::json_path),
            JsonError::Output { .. } => None,
        }
    }
}

/// Parses the JSON input form into an [`ElectricityInput`] (without validating it; that is
/// [`calculate`]'s job).
///
/// # Errors
/// [`JsonError::Parse`] with the path of the offending value.
pub fn parse_input(json: &str) -> Result<ElectricityInput, JsonError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let dto: InputDto = serde_path_to_error::deserialize(&mut de).map_err(parse_error)?;
    de.end().map_err(|e| JsonError::Parse {
        path: None,
        message: e.to_string(),
    })?;
    Ok(dto.into())
}

fn parse_error(e: serde_path_to_error::Error<serde_json::Error>) -> JsonError {
    let path = e.path().to_string();
    JsonError::Parse {
        path: (path != ".").then_some(path),
        message: e.into_inner().to_string(),
    }
}

/// Writes an input in the JSON form (decimals as strings); [`parse_input`] reads it back equal.
///
/// # Errors
/// [`JsonError::Output`], not expected in practice.
pub fn input_to_json(input: &ElectricityInput) -> Result<String, JsonError> {
    let dec = |d: Decimal| d.to_string();
    let dto = InputOut {
        tariff: TariffOut {
            min: dec(input.tariff.min),
            mid: input.tariff.mid.map(dec),
            max: input.tariff.max.map(dec),
        },
        norms: NormsOut {
            k1: dec(input.norms.k1),
            k2: dec(input.norms.k2),
        },
        residents: input.residents,
        previous_reading_date: input.previous_reading_date.to_string(),
        reading_date: input.reading_date.to_string(),
        transformation_coefficient: dec(input.transformation_coefficient),
        day: ZoneOut {
            previous: dec(input.day.previous),
            last: dec(input.day.last),
            losses: dec(input.day.losses),
            tariff_min: None,
        },
        night: input.night.map(|n| ZoneOut {
            previous: dec(n.previous),
            last: dec(n.last),
            losses: dec(n.losses),
            tariff_min: n.tariff_min.map(dec),
        }),
    };
    serde_json::to_string(&dto).map_err(|e| JsonError::Output {
        message: e.to_string(),
    })
}

/// Writes a result in the JSON output form.
///
/// # Errors
/// [`JsonError::Output`], not expected in practice.
///
/// # Example
/// ```
/// use alseco_client::calc::json::{amount_to_json, parse_input};
/// use alseco_client::calc::calculate;
///
/// let input = parse_input(r#"{
///     "tariff": {"min": 10, "mid": null, "max": null},
///     "norms": {"k1": 0, "k2": 0}, "residents": 1,
///     "previous_reading_date": "2025-03-31", "reading_date": "2025-04-30",
///     "day": {"previous": 0, "last": 0.5}
/// }"#)?;
/// assert_eq!(
///     amount_to_json(&calculate(&input)?)?,
///     r#"{"norm1":"0","norm2":"0","day":{"consumption":"0.5","amount":"5.00"},"night":null,"total":"5.00"}"#
/// );
/// # Ok::<(), alseco_client::calc::json::JsonError>(())
/// ```
pub fn amount_to_json(amount: &ElectricityAmount) -> Result<String, JsonError> {
    let zone = |z: &ZoneAmount| AmountZoneOut {
        consumption: z.consumption.normalize().to_string(),
        amount: z.amount.to_string(),
    };
    let dto = AmountOut {
        norm1: amount.norm1.normalize().to_string(),
        norm2: amount.norm2.normalize().to_string(),
        day: zone(&amount.day),
        night: amount.night.as_ref().map(zone),
        total: amount.total.to_string(),
    };
    serde_json::to_string(&dto).map_err(|e| JsonError::Output {
        message: e.to_string(),
    })
}

/// Reads the JSON input, calculates and writes the JSON output: the command line's entry point.
///
/// # Errors
/// [`JsonError::Parse`] for malformed input, [`JsonError::Invalid`] for values the calculation
/// rejects; both name the field.
///
/// # Example
/// ```
/// use alseco_client::calc::json::calculate_json;
///
/// let out = calculate_json(r#"{
///     "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
///     "norms": {"k1": 70, "k2": 120}, "residents": 2,
///     "previous_reading_date": "2025-03-31", "reading_date": "2025-04-30",
///     "day": {"previous": 1000, "last": 1150}
/// }"#)?;
/// assert_eq!(
///     out,
///     r#"{"norm1":"138","norm2":"237","day":{"consumption":"150","amount":"3132.60"},"night":null,"total":"3132.60"}"#
/// );
///
/// let err = calculate_json(r#"{
///     "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
///     "norms": {"k1": 70, "k2": 120}, "residents": 2,
///     "previous_reading_date": "2025-03-31", "reading_date": "2025-04-30",
///     "day": {"previous": 1000, "last": "1150 kWh"}
/// }"#).unwrap_err();
/// assert_eq!(err.path(), Some("day.last"));
/// # Ok::<(), alseco_client::calc::json::JsonError>(())
/// ```
pub fn calculate_json(json: &str) -> Result<String, JsonError> {
    let input = parse_input(json)?;
    let amount = calculate(&input)?;
    amount_to_json(&amount)
}

// ---- input DTOs -------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputDto {
    tariff: TariffDto,
    norms: NormsDto,
    residents: u32,
    previous_reading_date: JsonDate,
    reading_date: JsonDate,
    #[serde(default)]
    transformation_coefficient: Option<JsonDecimal>,
    day: DayDto,
    #[serde(default)]
    night: Option<NightDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TariffDto {
    min: JsonDecimal,
    #[serde(default)]
    mid: Option<JsonDecimal>,
    #[serde(default)]
    max: Option<JsonDecimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormsDto {
    k1: JsonDecimal,
    k2: JsonDecimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayDto {
    previous: JsonDecimal,
    last: JsonDecimal,
    #[serde(default)]
    losses: Option<JsonDecimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NightDto {
    previous: JsonDecimal,
    last: JsonDecimal,
    #[serde(default)]
    losses: Option<JsonDecimal>,
    #[serde(default)]
    tariff_min: Option<JsonDecimal>,
}

impl From<InputDto> for ElectricityInput {
    fn from(dto: InputDto) -> Self {
        let losses = |l: Option<JsonDecimal>| l.map_or(Decimal::ZERO, |l| l.0);
        ElectricityInput {
            tariff: Tariff {
                min: dto.tariff.min.0,
                mid: dto.tariff.mid.map(|d| d.0),
                max: dto.tariff.max.map(|d| d.0),
            },
            norms: Norms {
                k1: dto.norms.k1.0,
                k2: dto.norms.k2.0,
            },
            residents: dto.residents,
            previous_reading_date: dto.previous_reading_date.0,
            reading_date: dto.reading_date.0,
            transformation_coefficient: dto
                .transformation_coefficient
                .map_or(Decimal::ONE, |d| d.0),
            day: DayZone {
                previous: dto.day.previous.0,
                last: dto.day.last.0,
                losses: losses(dto.day.losses),
            },
            night: dto.night.map(|n| NightZone {
                previous: n.previous.0,
                last: n.last.0,
                losses: losses(n.losses),
                tariff_min: n.tariff_min.map(|d| d.0),
            }),
        }
    }
}

/// A decimal read exactly from a JSON number's text or from a string.
struct JsonDecimal(Decimal);

impl<'de> Deserialize<'de> for JsonDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The raw text of the value: serde_json has not turned a number into an f64 yet.
        let raw = <Box<RawValue>>::deserialize(deserializer)?;
        let text = raw.get().trim();
        let parsed = if text.starts_with('"') {
            let s: String = serde_json::from_str(text).map_err(de::Error::custom)?;
            parse_decimal(&s).map_err(|why| format!("{s:?} is not a decimal number: {why}"))
        } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            parse_decimal(text).map_err(|why| format!("{text} cannot be read exactly: {why}"))
        } else {
            Err(format!(
                "expected a decimal number or a string holding one, got {}",
                shorten(text)
            ))
        };
        parsed.map(JsonDecimal).map_err(de::Error::custom)
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Largest 96-bit mantissa.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// Parses `-?digits(.digits)?([eE][+-]?digits)?` exactly into a `Decimal`.
fn parse_decimal(s: &str) -> Result<Decimal, &'static str> {
    const FORM: &str = "expected digits with an optional sign, fraction and exponent";
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (number, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int, frac) = match number.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (number, ""),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || (number.contains('.') && !all_digits(frac)) {
        return Err(FORM);
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !all_digits(digits) {
                return Err(FORM);
            }
            // Anything beyond 4 digits is out of range for a Decimal anyway.
            let magnitude: i64 = if digits.trim_start_matches('0').len() > 4 {
                100_000
            } else {
                digits.parse().map_err(|_| FORM)?
            };
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let mut digits: String = format!("{int}{frac}").trim_start_matches('0').to_owned();
    let mut scale = i64::try_from(frac.len()).map_err(|_| FORM)? - exponent;
    while scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if scale < 0 {
        let zeros = usize::try_from(-scale).map_err(|_| "too large")?;
        if digits.len() + zeros > 29 {
            return Err("too large for a decimal (at most 96 bits of mantissa)");
        }
        digits.push_str(&"0".repeat(zeros));
        scale = 0;
    }
    if scale > i64::from(Decimal::MAX_SCALE) {
        return Err("more than 28 decimal places");
    }
    if digits.len() > 29 {
        return Err("more than 28 significant digits");
    }
    let mantissa: u128 = digits.parse().map_err(|_| FORM)?;
    if mantissa > MAX_MANTISSA {
        return Err("more than 28 significant digits");
    }
    let mantissa = i128::try_from(mantissa).map_err(|_| FORM)?;
    let scale = u32::try_from(scale).map_err(|_| FORM)?;
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
        .map_err(|_| "more than 28 significant digits")
}

/// A `YYYY-MM-DD` date.
struct JsonDate(Date);

impl<'de> Deserialize<'de> for JsonDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = JsonDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as a string YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<JsonDate, E> {
                parse_date(s).map(JsonDate).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(format!("{s:?} is not a date YYYY-MM-DD"));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(-1);
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    let month = i8::try_from(month).map_err(|_| format!("{s:?}: bad month"))?;
    let day = i8::try_from(day).map_err(|_| format!("{s:?}: bad day"))?;
    Date::new(year, month, day).map_err(|e| format!("{s:?} is not a valid date: {e}"))
}

// ---- output DTOs ------------------------------------------------------------------------------

#[derive(Serialize)]
struct AmountOut {
    norm1: String,
    norm2: String,
    day: AmountZoneOut,
    night: Option<AmountZoneOut>,
    total: String,
}

#[derive(Serialize)]
struct AmountZoneOut {
    consumption: String,
    amount: String,
}

#[derive(Serialize)]
struct InputOut {
    tariff: TariffOut,
    norms: NormsOut,
    residents: u32,
    previous_reading_date: String,
    reading_date: String,
    transformation_coefficient: String,
    day: ZoneOut,
    night: Option<ZoneOut>,
}

#[derive(Serialize)]
struct TariffOut {
    min: String,
    mid: Option<String>,
    max: Option<String>,
}

#[derive(Serialize)]
struct NormsOut {
    k1: String,
    k2: String,
}

#[derive(Serialize)]
struct ZoneOut {
    previous: String,
    last: String,
    losses: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tariff_min: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<String, &'static str> {
        parse_decimal(s).map(|d| d.to_string())
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(p("0.1"), Ok("0.1".into()));
        assert_eq!(p("-12.50"), Ok("-12.5".into()));
        assert_eq!(p("1.5e2"), Ok("150".into()));
        assert_eq!(p("1.5E+2"), Ok("150".into()));
        assert_eq!(p("15e-3"), Ok("0.015".into()));
        assert_eq!(p("000.000"), Ok("0".into()));
        assert_eq!(p("0e99999999999"), Ok("0".into()));
        assert_eq!(
            p("0.1234567890123456789012345678"),
            Ok("0.1234567890123456789012345678".into())
        );
        assert_eq!(
            p("79228162514264337593543950335"),
            Ok("79228162514264337593543950335".into())
        );
        // Trailing zeros beyond 28 places are not precision.
        assert_eq!(p("1.000000000000000000000000000000000"), Ok("1".into()));
    }

    #[test]
    fn inexact_or_malformed_decimals_are_errors() {
        for s in [
            "",
            "-",
            ".5",
            "5.",
            "1_000",
            "+1",
            "1e",
            "1e+",
            "0x10",
            "1 000",
            "1.2.3",
            "NaN",
            "0.12345678901234567890123456789",
            "79228162514264337593543950336",
            "1e29",
            "1e-29",
            "1e99999",
        ] {
            assert!(parse_decimal(s).is_err(), "{s:?} should be rejected");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-02-29"), Ok(jiff::civil::date(2024, 2, 29)));
        for s in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "20240101",
            "2024-01-01T00:00",
            "+024-01-01",
        ] {
            assert!(parse_date(s).is_err(), "{s:?} should be rejected");
        }
    }
}
