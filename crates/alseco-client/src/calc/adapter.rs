//! From a decoded invoice and the customer's new readings to the calculator's [`ElectricityInput`].
//!
//! The bank computes the electricity amount itself because customers may change their readings
//! (spec, «Оплата»). Everything the formula needs except the new readings is on the invoice: the
//! service lines of services 13 (electricity, day) and 23 (electricity at night) of an
//! [`InvoiceLastVers`] (GetInvoicesByAccountsLastVers and …LastVersWithPays decode to the same
//! type; [`electricity_input_from_lines`] takes the lines of any ReNew-structure invoice), and the
//! account's [`CalculationParameter`]s.
//!
//! # Where each letter comes from
//!
//! | letter | source | when absent |
//! |---|---|---|
//! | X, X1 | the customer's new readings ([`NewReadings::day`], [`NewReadings::night`]) | — |
//! | N (= N1) | the customer's reading date ([`NewReadings::date`]) | — |
//! | Y | service 13 `PrevCount`; if nil, `CheckCount/PrevCount/PrevCountAbonent`, then `…/PrevCountAlseco` | error [`AdapterError::MissingValue`] |
//! | Y1 | the same fields of service 23 | error |
//! | D | service 13 `PrevCountDate` (its calendar date as written; the offset, if any, is ignored), or [`AdapterOptions::previous_reading_date`] when given | error |
//! | Tmin | service 13 `Tariff/MinTariffValue` | error |
//! | Tmid | service 13 `Tariff/MiddleTariffValue` | nil or 0: time-of-day tariff |
//! | Tmax | service 13 `Tariff/MaxTariffValue` | nil or 0: time-of-day tariff |
//! | Tmin1 | service 23 `Tariff/MinTariffValue` (time-of-day tariff only) | error on a time-of-day tariff |
//! | K1 | service 13 `Tariff/MinTariffThreshold` (see [`NormsSource`]) | error on a tiered tariff, 0 on a time-of-day one |
//! | K2 | service 13 `Tariff/MiddleTariffThreshold` (see [`NormsSource`]) | error on a tiered tariff, 0 on a time-of-day one |
//! | L1, L2 | `CheckCount/QuantityCount/LossesCount` of service 13, 23 | 0 |
//! | KT | service 13 `TKoef` | 1 |
//! | Q | `CalculationParameter` with `ParameterId` 1 (Количество проживающих) | error [`AdapterError::MissingResidents`] |
//!
//! Tmid1 and Tmax1 are not used: on a tiered tariff a two-zone meter is billed on *one* tariff
//! (spec, step 6), so the night zone continues the day's tiers at the day's tariffs. Service 23's
//! tariff values, `TKoef` and `PrevCountDate`, when given, must therefore equal service 13's
//! (one physical meter, one tariff); a difference is an error ([`AdapterError::NightDiffers`])
//! rather than a silent choice.
//!
//! "Empty" Tmid/Tmax: the spec says they are "passed empty" for a time-of-day tariff; the
//! examples show untiered services (gas, water) with `0.00` in both, so nil and zero both mean
//! empty. One empty and the other not is an error ([`AdapterError::PartialTieredTariff`]).
//!
//! # K1 and K2: which threshold is which, and in what unit (our reading; the spec is unclear)
//!
//! The formula's K1 and K2 are "норма 1/2 потребления кВт*ч в месяц" and are multiplied by Q
//! (K01 = K1 / 30.5 × (N − D) × Q), so they are **monthly norms per resident**, K1 ≤ K2. The wire
//! has two thresholds, described in the spec's table (ReNew structure) as
//! `MinTariffThreshold` — «Норма потребления» and `MiddleTariffThreshold` — «Норма потребления для
//! среднего тарифа (только ЭЭ)».
//!
//! - **By name**, K1 ← `MinTariffThreshold` and K2 ← `MiddleTariffThreshold`, exactly parallel to
//!   Tmin ← `MinTariffValue` and Tmid ← `MiddleTariffValue`: the "norm" is the tier-1 limit, the
//!   "norm for the middle tariff" the limit up to which the middle tariff applies.
//! - **The spec's only electricity example** (GetInvoicesByAccountsReNew, April 2012) contradicts
//!   that if both are read per resident: `MinTariffThreshold` 345.00, `MiddleTariffThreshold`
//!   190.00, with Q = 3 — limit 2 would be below limit 1. Its tariffs 12.02 / 15.84 / 19.80 are
//!   Almaty's three tiers from April 2012, where the tier-1 norm for homes with electric stoves was
//!   115 kWh per person: 345 = 115 × 3. So in that example `MinTariffThreshold` looks like the
//!   tier-1 norm *for the whole account* and 190 like a per-person tier-2 norm. One example (the
//!   spec's examples are often hand-edited: see `fixtures/spec/README.md`) does not establish a
//!   convention.
//!
//! So the adapter does not guess. [`NormsSource::Thresholds`] (the default) reads both thresholds
//! as per-resident norms, by name, and **refuses** an invoice where K1 > K2 on a tiered tariff
//! ([`AdapterError::NormsOutOfOrder`]) instead of swapping them, which would silently charge a
//! different tier. [`NormsSource::MinThresholdPerAccount`] is the reading that fits the spec's
//! example (K1 = `MinTariffThreshold` / Q, K2 = `MiddleTariffThreshold`), and
//! [`NormsSource::Explicit`] takes the norms from the bank's own tariff tables. Which one holds
//! for real invoices must be confirmed with ALSECO (e.g. against the spec's «Приложение 1», which
//! is not in the copy we have); the zero thresholds on untiered services in every example tell
//! nothing either way.
//!
//! # Other resolutions
//! - Losses: the invoice's `LossesCount` is the only losses value on the wire; it is added as L1 /
//!   L2. Nil means none.
//! - Q must be a whole, non-negative number (`3.000` is 3); parameter 1 listed twice with
//!   different values is an error.
//! - A night reading without service 23 on the invoice, or service 23 without a night reading, is
//!   an error: the calculation must cover exactly the invoice's electricity lines.
//! - The values themselves (negative readings, readings going backwards, N before D, …) are checked
//!   by [`calculate`]; [`calculate_invoice`] returns its errors as [`AdapterError::Calc`].
//!
//! # Example
//! ```
//! use alseco_client::calc::adapter::{calculate_invoice, AdapterOptions, NewReadings};
//! use alseco_types::scalars::DateTime;
//! use alseco_types::types::{
//!     CalculationParameter, InvoiceLastVers, InvoiceParametersReNew, TariffReNew,
//! };
//! use jiff::civil::date;
//! use rust_decimal::Decimal;
//!
//! let d = |s: &str| s.parse::<Decimal>().unwrap();
//! let invoice = InvoiceLastVers {
//!     invoice_parameters: vec![InvoiceParametersReNew {
//!         service_id: 13,
//!         is_counter_service: true,
//!         tariff: Some(TariffReNew {
//!             min_tariff_value: Some(d("20.5")),
//!             middle_tariff_value: Some(d("25.3")),
//!             max_tariff_value: Some(d("31.1")),
//!             min_tariff_threshold: Some(d("70")),
//!             middle_tariff_threshold: Some(d("120")),
//!         }),
//!         prev_count: Some(d("1000")),
//!         t_koef: Some(d("1.00")),
//!         prev_count_date: Some("2025-03-31T00:00:00".parse::<DateTime>()?),
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let residents = [CalculationParameter {
//!     parameter_id: 1,
//!     parameter_name: Some("Количество проживающих".into()),
//!     parameter_value: d("2.000"),
//! }];
//! let readings = NewReadings { day: d("1150"), night: None, date: date(2025, 4, 30) };
//!
//! let (input, amount) =
//!     calculate_invoice(&invoice, &residents, &readings, &AdapterOptions::default())?;
//! assert_eq!((input.residents, input.day.previous), (2, d("1000")));
//! // K01 = ⌈70 × 30 × 2 / 30.5⌉ = 138; S1 = 138 × 20.5 + 12 × 25.3 = 3132.60
//! assert_eq!(amount.total, d("3132.60"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use alseco_types::scalars::DateTime;
use alseco_types::types::{
    CalculationParameter, InvoiceLastVers, InvoiceParametersReNew, TariffReNew,
};
use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    CalcError, DayZone, ElectricityAmount, ElectricityInput, NightZone, Norms, Tariff, calculate,
};

/// Service code of electricity (the day zone, or a single-zone meter).
pub const ELECTRICITY_DAY: i32 = 13;
/// Service code of electricity at night (the night zone of a two-zone meter).
pub const ELECTRICITY_NIGHT: i32 = 23;
/// `ParameterId` of the calculation parameter "number of residents" (Q).
pub const RESIDENTS_PARAMETER: i32 = 1;

/// The customer's new readings: what the invoice cannot know.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::NewReadings;
/// use jiff::civil::date;
/// use rust_decimal::Decimal;
///
/// // A two-zone meter read on 30 April: day 1150 kWh, night 560 kWh.
/// let readings = NewReadings {
///     day: Decimal::from(1150),
///     night: Some(Decimal::from(560)),
///     date: date(2025, 4, 30),
/// };
/// assert!(readings.night.is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewReadings {
    /// X: the new reading of the day zone (service 13).
    pub day: Decimal,
    /// X1: the new reading of the night zone (service 23); required exactly when the invoice has
    /// service 23.
    pub night: Option<Decimal>,
    /// N: the date of the new readings (N1 = N: one physical meter).
    pub date: Date,
}

/// Where K1 and K2 come from (see the [module docs](self) for why this is a choice).
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{AdapterOptions, NormsSource};
/// use alseco_client::calc::Norms;
/// use rust_decimal::Decimal;
///
/// assert_eq!(AdapterOptions::default().norms, NormsSource::Thresholds);
/// // Almaty's 2012 norms for homes with electric stoves, from the bank's own tables.
/// let options = AdapterOptions {
///     norms: NormsSource::Explicit(Norms { k1: Decimal::from(115), k2: Decimal::from(190) }),
///     ..AdapterOptions::default()
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NormsSource {
    /// K1 ← `MinTariffThreshold`, K2 ← `MiddleTariffThreshold`, both monthly norms per resident.
    /// K1 > K2 on a tiered tariff is refused ([`AdapterError::NormsOutOfOrder`]).
    #[default]
    Thresholds,
    /// K1 ← `MinTariffThreshold` / Q (the threshold is for the whole account),
    /// K2 ← `MiddleTariffThreshold` (per resident): the reading that fits the spec's only
    /// electricity example (345 = 115 × 3 residents, 190). The division must be exact.
    MinThresholdPerAccount,
    /// The bank's own per-resident monthly norms (e.g. from the regional tariff tables); the
    /// invoice's thresholds are ignored.
    Explicit(Norms),
}

/// Choices the invoice cannot make for the adapter.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{AdapterOptions, NormsSource};
/// use jiff::civil::date;
///
/// // The invoice sends PrevCountDate as nil: the bank knows the previous reading date.
/// let options = AdapterOptions {
///     norms: NormsSource::MinThresholdPerAccount,
///     previous_reading_date: Some(date(2012, 3, 31)),
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AdapterOptions {
    /// Where K1 and K2 come from; default [`NormsSource::Thresholds`].
    pub norms: NormsSource,
    /// D, when given: used instead of the invoice's `PrevCountDate` (which the spec's examples
    /// often send as nil). `None` (default): D must be on the invoice.
    pub previous_reading_date: Option<Date>,
}

/// A field of a service line on the wire, named in errors as the XML element.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::WireField;
///
/// assert_eq!(WireField::MinTariffThreshold.to_string(), "Tariff/MinTariffThreshold (K1)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WireField {
    /// The `Tariff` block.
    Tariff,
    /// `Tariff/MinTariffValue` (Tmin, Tmin1).
    MinTariffValue,
    /// `Tariff/MiddleTariffValue` (Tmid).
    MiddleTariffValue,
    /// `Tariff/MaxTariffValue` (Tmax).
    MaxTariffValue,
    /// `Tariff/MinTariffThreshold` (K1).
    MinTariffThreshold,
    /// `Tariff/MiddleTariffThreshold` (K2).
    MiddleTariffThreshold,
    /// `PrevCount` (Y, Y1), with its `CheckCount/PrevCount` fallbacks.
    PrevCount,
    /// `PrevCountDate` (D).
    PrevCountDate,
    /// `TKoef` (KT).
    TKoef,
}

impl WireField {
    /// The element's path inside `InvoiceParametersReNew`, e.g. `Tariff/MinTariffValue`.
    pub fn path(self) -> &'static str {
        match self {
            WireField::Tariff => "Tariff",
            WireField::MinTariffValue => "Tariff/MinTariffValue",
            WireField::MiddleTariffValue => "Tariff/MiddleTariffValue",
            WireField::MaxTariffValue => "Tariff/MaxTariffValue",
            WireField::MinTariffThreshold => "Tariff/MinTariffThreshold",
            WireField::MiddleTariffThreshold => "Tariff/MiddleTariffThreshold",
            WireField::PrevCount => "PrevCount",
            WireField::PrevCountDate => "PrevCountDate",
            WireField::TKoef => "TKoef",
        }
    }

    /// The formula's letter the field feeds, e.g. `Tmin`.
    pub fn letter(self) -> &'static str {
        match self {
            WireField::Tariff => "Tmin, Tmid, Tmax",
            WireField::MinTariffValue => "Tmin",
            WireField::MiddleTariffValue => "Tmid",
            WireField::MaxTariffValue => "Tmax",
            WireField::MinTariffThreshold => "K1",
            WireField::MiddleTariffThreshold => "K2",
            WireField::PrevCount => "Y",
            WireField::PrevCountDate => "D",
            WireField::TKoef => "KT",
        }
    }
}

impl fmt::Display for WireField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.path(), self.letter())
    }
}

/// Why an invoice cannot be turned into an [`ElectricityInput`]. Each variant names the service,
/// wire field or value at fault.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{AdapterError, WireField};
///
/// let err = AdapterError::MissingValue { service: 23, field: WireField::MinTariffValue };
/// assert_eq!(err.to_string(), "service 23: Tariff/MinTariffValue (Tmin) is nil or absent");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdapterError {
    /// The invoice has no line for the service (13, or 23 for a night reading).
    #[error("the invoice has no service {service} ({})", service_name(*service))]
    MissingService {
        /// The service code.
        service: i32,
    },
    /// The invoice lists the service more than once, so its line is ambiguous.
    #[error("the invoice lists service {service} ({}) more than once", service_name(*service))]
    DuplicateService {
        /// The service code.
        service: i32,
    },
    /// A value the formula needs is nil or absent on the service line.
    #[error("service {service}: {field} is nil or absent")]
    MissingValue {
        /// The service code.
        service: i32,
        /// The wire field.
        field: WireField,
    },
    /// A date on the service line is not a valid calendar date for the calculation.
    #[error("service {service}: {field} = {value} is not a usable date")]
    InvalidDate {
        /// The service code.
        service: i32,
        /// The wire field.
        field: WireField,
        /// The value as on the wire.
        value: String,
    },
    /// The account has no calculation parameter 1 (number of residents, Q).
    #[error("the account has no CalculationParameter with ParameterId 1 (residents, Q)")]
    MissingResidents,
    /// The number of residents is not a whole non-negative number that fits a `u32`.
    #[error("CalculationParameter 1 (residents, Q) = {value} is not a whole non-negative number")]
    InvalidResidents {
        /// The `ParameterValue`.
        value: Decimal,
    },
    /// Calculation parameter 1 is listed twice with different values.
    #[error(
        "CalculationParameter 1 (residents, Q) is listed with different values {first} and {second}"
    )]
    ConflictingResidents {
        /// The first value.
        first: Decimal,
        /// The differing later value.
        second: Decimal,
    },
    /// Exactly one of `MiddleTariffValue` and `MaxTariffValue` is empty (nil or 0).
    #[error(
        "service {service}: Tariff/MiddleTariffValue (Tmid) = {} and Tariff/MaxTariffValue \
         (Tmax) = {}: both are needed for a tiered tariff, neither for a time-of-day tariff",
        show(*middle), show(*max)
    )]
    PartialTieredTariff {
        /// The service code.
        service: i32,
        /// `MiddleTariffValue` (`None` when nil).
        middle: Option<Decimal>,
        /// `MaxTariffValue` (`None` when nil).
        max: Option<Decimal>,
    },
    /// K1 > K2 with [`NormsSource::Thresholds`] on a tiered tariff.
    #[error(
        "service 13: Tariff/MinTariffThreshold (K1) = {min_threshold} is above \
         Tariff/MiddleTariffThreshold (K2) = {middle_threshold}, read as monthly norms per \
         resident; limit 2 cannot be below limit 1. The invoice may use another convention \
         (see NormsSource::MinThresholdPerAccount) or the norms may be given explicitly"
    )]
    NormsOutOfOrder {
        /// `MinTariffThreshold`.
        min_threshold: Decimal,
        /// `MiddleTariffThreshold`.
        middle_threshold: Decimal,
    },
    /// With [`NormsSource::MinThresholdPerAccount`], `MinTariffThreshold` is not an exact
    /// multiple of Q (or Q is 0 and the threshold is not).
    #[error(
        "service 13: Tariff/MinTariffThreshold = {threshold} is not {residents} residents times \
         a per-resident norm (the division is not exact)"
    )]
    ThresholdNotDivisible {
        /// `MinTariffThreshold`.
        threshold: Decimal,
        /// Q.
        residents: u32,
    },
    /// A night reading was given but the invoice has no service 23.
    #[error(
        "a night reading (X1) was given but the invoice has no service 23 (electricity at night)"
    )]
    UnexpectedNightReading,
    /// The invoice has service 23 but no night reading was given.
    #[error(
        "the invoice has service 23 (electricity at night) but no night reading (X1) was given"
    )]
    MissingNightReading,
    /// Service 23's value differs from service 13's where one meter on one tariff needs them
    /// equal.
    #[error(
        "service 23: {field} = {night} differs from service 13's {day}: a two-zone meter is one \
         meter on one tariff"
    )]
    NightDiffers {
        /// The wire field.
        field: WireField,
        /// Service 13's value, as text.
        day: String,
        /// Service 23's value, as text.
        night: String,
    },
    /// The calculator refused the assembled input.
    #[error(transparent)]
    Calc(#[from] CalcError),
}

fn service_name(service: i32) -> &'static str {
    match service {
        ELECTRICITY_DAY => "electricity",
        ELECTRICITY_NIGHT => "electricity at night",
        _ => "service",
    }
}

fn show(value: Option<Decimal>) -> String {
    value.map_or_else(|| "nil".to_owned(), |v| v.to_string())
}

/// Q from the account's calculation parameters (`ParameterId` 1).
///
/// # Errors
/// [`AdapterError::MissingResidents`], [`AdapterError::InvalidResidents`] (fractional, negative
/// or too large), [`AdapterError::ConflictingResidents`].
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::residents;
/// use alseco_types::types::CalculationParameter;
///
/// let params = [
///     CalculationParameter { parameter_id: 2, parameter_name: None, parameter_value: "72.400".parse()? },
///     CalculationParameter { parameter_id: 1, parameter_name: None, parameter_value: "3.000".parse()? },
/// ];
/// assert_eq!(residents(&params)?, 3);
/// assert!(residents(&params[..1]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn residents(parameters: &[CalculationParameter]) -> Result<u32, AdapterError> {
    let mut found: Option<Decimal> = None;
    for p in parameters
        .iter()
        .filter(|p| p.parameter_id == RESIDENTS_PARAMETER)
    {
        match found {
            None => found = Some(p.parameter_value),
            Some(first) if first != p.parameter_value => {
                return Err(AdapterError::ConflictingResidents {
                    first,
                    second: p.parameter_value,
                });
            }
            Some(_) => {}
        }
    }
    let value = found.ok_or(AdapterError::MissingResidents)?;
    let invalid = || AdapterError::InvalidResidents { value };
    if !value.fract().is_zero() || (value.is_sign_negative() && !value.is_zero()) {
        return Err(invalid());
    }
    value.trunc().to_u32().ok_or_else(invalid)
}

/// The assembled [`ElectricityInput`] for an [`InvoiceLastVers`] (LastVers or LastVersWithPays).
///
/// See the [module docs](self) for the source of each value.
///
/// # Errors
/// An [`AdapterError`] naming what is missing or inconsistent. The values themselves are not
/// validated here: [`calculate`] does that.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{electricity_input, AdapterError, AdapterOptions, NewReadings};
/// use alseco_types::types::{InvoiceLastVers, InvoiceParametersReNew};
/// use jiff::civil::date;
/// use rust_decimal::Decimal;
///
/// // Service 13 without its Tariff block.
/// let invoice = InvoiceLastVers {
///     invoice_parameters: vec![InvoiceParametersReNew { service_id: 13, ..Default::default() }],
///     ..Default::default()
/// };
/// let readings = NewReadings { day: Decimal::from(1150), night: None, date: date(2025, 4, 30) };
/// let err = electricity_input(&invoice, &[], &readings, &AdapterOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), "service 13: Tariff (Tmin, Tmid, Tmax) is nil or absent");
/// ```
pub fn electricity_input(
    invoice: &InvoiceLastVers,
    parameters: &[CalculationParameter],
    readings: &NewReadings,
    options: &AdapterOptions,
) -> Result<ElectricityInput, AdapterError> {
    electricity_input_from_lines(&invoice.invoice_parameters, parameters, readings, options)
}

/// [`electricity_input`] and [`calculate`] in one step: the input (for its readings and
/// provenance) and the amount.
///
/// # Errors
/// As [`electricity_input`], and [`AdapterError::Calc`] when the calculator refuses the values.
///
/// # Example
/// See the [module docs](self).
pub fn calculate_invoice(
    invoice: &InvoiceLastVers,
    parameters: &[CalculationParameter],
    readings: &NewReadings,
    options: &AdapterOptions,
) -> Result<(ElectricityInput, ElectricityAmount), AdapterError> {
    let input = electricity_input(invoice, parameters, readings, options)?;
    let amount = calculate(&input)?;
    Ok((input, amount))
}

/// The only line of `service`, `None` if there is none.
fn line_of(
    lines: &[InvoiceParametersReNew],
    service: i32,
) -> Result<Option<&InvoiceParametersReNew>, AdapterError> {
    let mut matching = lines.iter().filter(|l| l.service_id == service);
    let first = matching.next();
    if matching.next().is_some() {
        return Err(AdapterError::DuplicateService { service });
    }
    Ok(first)
}

/// Tmid/Tmax "passed empty": nil or zero.
fn non_empty(value: Option<Decimal>) -> Option<Decimal> {
    value.filter(|v| !v.is_zero())
}

/// Y: `PrevCount`, then the subscriber's and ALSECO's previous readings of `CheckCount`.
fn previous_reading(line: &InvoiceParametersReNew) -> Result<Decimal, AdapterError> {
    let check = line
        .check_count
        .as_ref()
        .and_then(|c| c.prev_count.as_ref());
    line.prev_count
        .or_else(|| check.and_then(|p| p.prev_count_abonent))
        .or_else(|| check.and_then(|p| p.prev_count_alseco))
        .ok_or(AdapterError::MissingValue {
            service: line.service_id,
            field: WireField::PrevCount,
        })
}

fn losses(line: &InvoiceParametersReNew) -> Decimal {
    line.check_count
        .as_ref()
        .and_then(|c| c.quantity_count.as_ref())
        .and_then(|q| q.losses_count)
        .unwrap_or(Decimal::ZERO)
}

/// The calendar date of a wire date-time, as written (offset ignored).
fn civil_date(service: i32, field: WireField, value: &DateTime) -> Result<Date, AdapterError> {
    let invalid = || AdapterError::InvalidDate {
        service,
        field,
        value: value.to_string(),
    };
    let year = i16::try_from(value.year()).map_err(|_| invalid())?;
    let month = i8::try_from(value.month()).map_err(|_| invalid())?;
    let day = i8::try_from(value.day()).map_err(|_| invalid())?;
    Date::new(year, month, day).map_err(|_| invalid())
}

fn differs(field: WireField, day: impl fmt::Display, night: impl fmt::Display) -> AdapterError {
    AdapterError::NightDiffers {
        field,
        day: day.to_string(),
        night: night.to_string(),
    }
}

/// Checks service 23's optional `value` against service 13's `day` value.
fn same_as_day(
    field: WireField,
    day: Option<Decimal>,
    night: Option<Decimal>,
) -> Result<(), AdapterError> {
    match (day, night) {
        (Some(d), Some(n)) if d != n => Err(differs(field, d, n)),
        (None, Some(n)) => Err(differs(field, "nil", n)),
        _ => Ok(()),
    }
}

/// `total / q` when the quotient is an exact decimal, checked in integers (a decimal
/// multiplication back would round 33.33…3 × 3 to 100).
fn exact_quotient(total: Decimal, q: u32) -> Option<Decimal> {
    let quotient = total.checked_div(Decimal::from(q))?.normalize();
    let total = total.normalize();
    // quotient × q == total, both at the quotient's scale (never below the total's when exact).
    let shift = quotient.scale().checked_sub(total.scale())?;
    let lhs = quotient.mantissa().checked_mul(i128::from(q))?;
    let rhs = total.mantissa().checked_mul(10i128.checked_pow(shift)?)?;
    (lhs == rhs).then_some(quotient)
}

/// K1 and K2 from the chosen source; `tiered` decides whether missing thresholds are errors.
fn norms(
    source: &NormsSource,
    tariff: &TariffReNew,
    residents: u32,
    tiered: bool,
) -> Result<Norms, AdapterError> {
    let threshold = |value: Option<Decimal>, field: WireField| match value {
        Some(v) => Ok(v),
        None if tiered => Err(AdapterError::MissingValue {
            service: ELECTRICITY_DAY,
            field,
        }),
        None => Ok(Decimal::ZERO),
    };
    let min = || threshold(tariff.min_tariff_threshold, WireField::MinTariffThreshold);
    let middle = || {
        threshold(
            tariff.middle_tariff_threshold,
            WireField::MiddleTariffThreshold,
        )
    };
    let norms = match source {
        NormsSource::Explicit(norms) => return Ok(*norms),
        NormsSource::Thresholds => Norms {
            k1: min()?,
            k2: middle()?,
        },
        NormsSource::MinThresholdPerAccount => {
            let total = min()?;
            let not_divisible = || AdapterError::ThresholdNotDivisible {
                threshold: total,
                residents,
            };
            let k1 = if total.is_zero() {
                Decimal::ZERO
            } else {
                exact_quotient(total, residents).ok_or_else(not_divisible)?
            };
            Norms { k1, k2: middle()? }
        }
    };
    // Other sources: the calculator reports K2 < K1 in its own terms.
    if tiered && norms.k1 > norms.k2 && matches!(source, NormsSource::Thresholds) {
        return Err(AdapterError::NormsOutOfOrder {
            min_threshold: norms.k1,
            middle_threshold: norms.k2,
        });
    }
    Ok(norms)
}

/// [`electricity_input`] from the service lines of any ReNew-structure invoice
/// (`InvoiceReNew`, `InvoiceWithInfo`, `InvoiceLastVers` all hold `InvoiceParametersReNew`).
///
/// # Errors
/// As [`electricity_input`].
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{electricity_input_from_lines, AdapterError, AdapterOptions, NewReadings};
/// use jiff::civil::date;
/// use rust_decimal::Decimal;
///
/// let readings = NewReadings { day: Decimal::from(1150), night: None, date: date(2025, 4, 30) };
/// let err = electricity_input_from_lines(&[], &[], &readings, &AdapterOptions::default()).unwrap_err();
/// assert_eq!(err, AdapterError::MissingService { service: 13 });
/// assert_eq!(err.to_string(), "the invoice has no service 13 (electricity)");
/// ```
pub fn electricity_input_from_lines(
    lines: &[InvoiceParametersReNew],
    parameters: &[CalculationParameter],
    readings: &NewReadings,
    options: &AdapterOptions,
) -> Result<ElectricityInput, AdapterError> {
    let day = line_of(lines, ELECTRICITY_DAY)?.ok_or(AdapterError::MissingService {
        service: ELECTRICITY_DAY,
    })?;
    let night = line_of(lines, ELECTRICITY_NIGHT)?;
    let night = match (night, readings.night) {
        (Some(line), Some(reading)) => Some((line, reading)),
        (None, None) => None,
        (Some(_), None) => return Err(AdapterError::MissingNightReading),
        (None, Some(_)) => return Err(AdapterError::UnexpectedNightReading),
    };

    // Tariff of service 13.
    let tariff = day.tariff.as_ref().ok_or(AdapterError::MissingValue {
        service: ELECTRICITY_DAY,
        field: WireField::Tariff,
    })?;
    let tmin = tariff.min_tariff_value.ok_or(AdapterError::MissingValue {
        service: ELECTRICITY_DAY,
        field: WireField::MinTariffValue,
    })?;
    let (mid, max) = (
        non_empty(tariff.middle_tariff_value),
        non_empty(tariff.max_tariff_value),
    );
    let tiered = match (mid, max) {
        (Some(_), Some(_)) => true,
        (None, None) => false,
        _ => {
            return Err(AdapterError::PartialTieredTariff {
                service: ELECTRICITY_DAY,
                middle: tariff.middle_tariff_value,
                max: tariff.max_tariff_value,
            });
        }
    };

    let q = residents(parameters)?;
    let norms = norms(&options.norms, tariff, q, tiered)?;

    // D.
    let previous_reading_date = match options.previous_reading_date {
        Some(date) => date,
        None => {
            let value = day
                .prev_count_date
                .as_ref()
                .ok_or(AdapterError::MissingValue {
                    service: ELECTRICITY_DAY,
                    field: WireField::PrevCountDate,
                })?;
            civil_date(ELECTRICITY_DAY, WireField::PrevCountDate, value)?
        }
    };

    let kt = day.t_koef.unwrap_or(Decimal::ONE);
    let day_zone = DayZone {
        previous: previous_reading(day)?,
        last: readings.day,
        losses: losses(day),
    };

    let night_zone = match night {
        None => None,
        Some((line, reading)) => {
            same_as_day(WireField::TKoef, Some(kt), line.t_koef)?;
            if options.previous_reading_date.is_none()
                && let Some(value) = &line.prev_count_date
            {
                let night_date = civil_date(ELECTRICITY_NIGHT, WireField::PrevCountDate, value)?;
                if night_date != previous_reading_date {
                    return Err(differs(
                        WireField::PrevCountDate,
                        previous_reading_date,
                        night_date,
                    ));
                }
            }
            let night_tariff = line.tariff.as_ref();
            let night_min = night_tariff.and_then(|t| t.min_tariff_value);
            let tariff_min = if tiered {
                // One tariff for both zones: service 23's values, where given, must be the day's.
                same_as_day(WireField::MinTariffValue, Some(tmin), night_min)?;
                same_as_day(
                    WireField::MiddleTariffValue,
                    mid,
                    night_tariff.and_then(|t| non_empty(t.middle_tariff_value)),
                )?;
                same_as_day(
                    WireField::MaxTariffValue,
                    max,
                    night_tariff.and_then(|t| non_empty(t.max_tariff_value)),
                )?;
                None
            } else {
                Some(night_min.ok_or(AdapterError::MissingValue {
                    service: ELECTRICITY_NIGHT,
                    field: WireField::MinTariffValue,
                })?)
            };
            Some(NightZone {
                previous: previous_reading(line)?,
                last: reading,
                losses: losses(line),
                tariff_min,
            })
        }
    };

    Ok(ElectricityInput {
        tariff: Tariff {
            min: tmin,
            mid,
            max,
        },
        norms,
        residents: q,
        previous_reading_date,
        reading_date: readings.date,
        transformation_coefficient: kt,
        day: day_zone,
        night: night_zone,
    })
}
