//! The electricity amount to pay, computed on the bank's side.
//!
//! ALSECO lets customers change their meter readings in the invoice, so the bank has to compute
//! the amount for electricity itself (spec, section «Оплата»): services 13 (day) and 23 (night).
//! Everything here is exact [`Decimal`] arithmetic — no floating point anywhere; an intermediate
//! value that would not fit exactly is an error ([`CalcError::Overflow`]), never a silent rounding.
//!
//! # The formula
//! 1. Norms for the interval between readings (see [`norms`]):
//!    `K01 = ⌈K1 / 30.5 × (N − D) × Q⌉`, `K02 = ⌈K2 / 30.5 × (N − D) × Q⌉`, where `N − D` counts
//!    the days after the previous reading date D up to and including the reading date N. The
//!    ceiling is taken of the exact rational, so an exact integer stays exact.
//! 2. Consumption per zone: `P1 = (X − Y) × KT + L1`, `P2 = (X1 − Y1) × KT + L2`.
//! 3. Tiered tariff (Tmin, Tmid, Tmax all given; see [`tiers`]):
//!    - `P ≤ K01`: `S = P × Tmin`;
//!    - `K01 < P ≤ K02`: `S = K01 × Tmin + (P − K01) × Tmid`;
//!    - `P > K02`: `S = K01 × Tmin + (K02 − K01) × Tmid + (P − K02) × Tmax`.
//!
//!    A two-zone meter on one tariff: the limits apply to the combined consumption, day first,
//!    then night — the night's kWh continue the tiers where the day's ended, at the same tariffs.
//!    E.g. with `K01 < P1 < K02` and `P2 > K02 − P1`:
//!    `S2 = (K02 − P1) × Tmid + (P2 − (K02 − P1)) × Tmax`.
//! 4. Time-of-day tariff (Tmid and Tmax absent): `S1 = P1 × Tmin`, `S2 = P2 × Tmin1` (the night
//!    zone's own rate); the norms are computed and reported but limit nothing.
//!
//! # Rounding (our resolution; the spec does not state it)
//! Each zone's amount is rounded to 2 decimals (tiyn), half away from zero
//! ([`RoundingStrategy::MidpointAwayFromZero`]): that is what a customer sees per service line on
//! the invoice and what is sent per service in `PaymentParameter.PaySum`. The total is the sum of
//! the rounded zone amounts, so it always equals what is paid line by line. It may therefore
//! differ by 0.01 from rounding the exact combined amount; the unrounded amounts are kept in
//! [`ZoneAmount::unrounded_amount`].
//!
//! # Other resolutions
//! - Readings going backwards (meter replaced or rolled over) are an error, not a negative
//!   consumption: such a case needs a human.
//! - `N = D` is allowed: zero days give zero norms, so all consumption is charged at Tmax.
//! - Zero residents are allowed (zero norms); negative residents cannot be represented (`u32`).
//! - The transformation coefficient KT must be greater than zero; tariffs, norms, losses and
//!   readings must not be negative; K2 must not be below K1 on a tiered tariff.
//! - On a tiered tariff the night zone uses the day's tariffs; a night `tariff_min` (Tmin1) given
//!   there is accepted only if it equals Tmin, anything else is an error rather than ignored.
//!
//! # Example
//! ```
//! use alseco_client::calc::{calculate, DayZone, ElectricityInput, Norms, Tariff};
//! use jiff::civil::date;
//! use rust_decimal::Decimal;
//!
//! let d = |s: &str| s.parse::<Decimal>().unwrap();
//! let input = ElectricityInput {
//!     tariff: Tariff::tiered(d("20.5"), d("25.3"), d("31.1")),
//!     norms: Norms { k1: d("70"), k2: d("120") },
//!     residents: 2,
//!     previous_reading_date: date(2025, 3, 31),
//!     reading_date: date(2025, 4, 30),
//!     transformation_coefficient: Decimal::ONE,
//!     day: DayZone { previous: d("1000"), last: d("1150"), losses: Decimal::ZERO },
//!     night: None,
//! };
//! let amount = calculate(&input)?;
//! // K01 = ⌈70 × 30 × 2 / 30.5⌉ = ⌈137.70…⌉ = 138; P1 = 150 > K01:
//! // S1 = 138 × 20.5 + 12 × 25.3 = 2829 + 303.6 = 3132.60
//! assert_eq!(amount.norm1, d("138"));
//! assert_eq!(amount.total, d("3132.60"));
//! # Ok::<(), alseco_client::calc::CalcError>(())
//! ```

pub mod adapter;
mod exact;
pub mod json;
pub mod norms;
pub mod tiers;

use std::fmt;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};

use self::tiers::Tiers;

/// The tariff of the electricity service: Tmin, Tmid, Tmax.
///
/// ALSECO sends them as `MinTariffValue`, `MiddleTariffValue`, `MaxTariffValue`; the latter two
/// are empty for a time-of-day tariff. Either both `mid` and `max` are given (tiered tariff) or
/// neither (time-of-day tariff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tariff {
    /// Tmin: tariff below limit 1 (tenge per kWh); on a time-of-day tariff, the day rate.
    pub min: Decimal,
    /// Tmid: tariff above limit 1; `None` for a time-of-day tariff.
    pub mid: Option<Decimal>,
    /// Tmax: tariff above limit 2; `None` for a time-of-day tariff.
    pub max: Option<Decimal>,
}

impl Tariff {
    /// A tiered (block) tariff: Tmin, Tmid, Tmax.
    pub fn tiered(min: Decimal, mid: Decimal, max: Decimal) -> Self {
        Tariff {
            min,
            mid: Some(mid),
            max: Some(max),
        }
    }

    /// A time-of-day tariff: only the day rate Tmin (the night rate is
    /// [`NightZone::tariff_min`]).
    pub fn time_of_day(min: Decimal) -> Self {
        Tariff {
            min,
            mid: None,
            max: None,
        }
    }
}

/// Monthly consumption norms per resident, kWh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Norms {
    /// K1: norm 1 per resident per month (kWh); gives limit K01.
    pub k1: Decimal,
    /// K2: norm 2 per resident per month (kWh); gives limit K02. Not below K1 on a tiered tariff.
    pub k2: Decimal,
}

/// Readings of the day zone (service 13), or of a single-zone meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayZone {
    /// Y: previous reading.
    pub previous: Decimal,
    /// X: last reading (entered by the customer); not below `previous`.
    pub last: Decimal,
    /// L1: losses, kWh, added to the consumption.
    pub losses: Decimal,
}

/// Readings of the night zone (service 23) of a two-zone meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightZone {
    /// Y1: previous reading.
    pub previous: Decimal,
    /// X1: last reading; not below `previous`.
    pub last: Decimal,
    /// L2: losses, kWh, added to the consumption.
    pub losses: Decimal,
    /// Tmin1: the night rate of a time-of-day tariff (required there). On a tiered tariff the
    /// night zone uses the day's tariffs, so leave it `None` (or equal to Tmin).
    pub tariff_min: Option<Decimal>,
}

/// Everything the calculation needs for one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElectricityInput {
    /// Tmin, Tmid, Tmax.
    pub tariff: Tariff,
    /// K1, K2.
    pub norms: Norms,
    /// Q: residents registered on the account (`CalculationParameter` 1).
    pub residents: u32,
    /// D: date of the previous readings (`PrevCountDate`); excluded from the interval.
    pub previous_reading_date: Date,
    /// N: date of the last readings (entered by the customer; N1 = N); included in the interval.
    pub reading_date: Date,
    /// KT: transformation coefficient (`TKoef`), usually 1; greater than zero.
    pub transformation_coefficient: Decimal,
    /// Day zone (service 13): Y, X, L1.
    pub day: DayZone,
    /// Night zone (service 23) of a two-zone meter: Y1, X1, L2, Tmin1; `None` for a single-zone
    /// meter.
    pub night: Option<NightZone>,
}

/// Consumption and amount of one zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneAmount {
    /// P1 or P2: `(X − Y) × KT + L`, kWh, exact.
    pub consumption: Decimal,
    /// S1 or S2 exactly, before rounding.
    pub unrounded_amount: Decimal,
    /// S1 or S2 rounded to 2 decimals, half away from zero ([`round_amount`]); what to pay.
    pub amount: Decimal,
}

/// The result of [`calculate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElectricityAmount {
    /// K01: limit 1 for the interval, kWh (an integer).
    pub norm1: Decimal,
    /// K02: limit 2 for the interval, kWh (an integer).
    pub norm2: Decimal,
    /// Day zone (service 13): P1, S1.
    pub day: ZoneAmount,
    /// Night zone (service 23): P2, S2; `None` when no night zone was given.
    pub night: Option<ZoneAmount>,
    /// S1 + S2 of the rounded amounts, tenge with 2 decimals.
    pub total: Decimal,
}

/// An input value of the calculation, named for error messages.
///
/// [`Display`](fmt::Display) shows the JSON path and the spec's letter: `day.last (X)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `tariff.min` (Tmin).
    TariffMin,
    /// `tariff.mid` (Tmid).
    TariffMid,
    /// `tariff.max` (Tmax).
    TariffMax,
    /// `norms.k1` (K1).
    NormK1,
    /// `norms.k2` (K2).
    NormK2,
    /// `residents` (Q).
    Residents,
    /// `previous_reading_date` (D).
    PreviousReadingDate,
    /// `reading_date` (N).
    ReadingDate,
    /// `transformation_coefficient` (KT).
    TransformationCoefficient,
    /// `day.previous` (Y).
    DayPrevious,
    /// `day.last` (X).
    DayLast,
    /// `day.losses` (L1).
    DayLosses,
    /// `night.previous` (Y1).
    NightPrevious,
    /// `night.last` (X1).
    NightLast,
    /// `night.losses` (L2).
    NightLosses,
    /// `night.tariff_min` (Tmin1).
    NightTariffMin,
}

impl Field {
    /// The field's path in the JSON form ([`json`]), e.g. `day.last`.
    pub fn json_path(self) -> &'static str {
        match self {
            Field::TariffMin => "tariff.min",
            Field::TariffMid => "tariff.mid",
            Field::TariffMax => "tariff.max",
            Field::NormK1 => "norms.k1",
            Field::NormK2 => "norms.k2",
            Field::Residents => "residents",
            Field::PreviousReadingDate => "previous_reading_date",
            Field::ReadingDate => "reading_date",
            Field::TransformationCoefficient => "transformation_coefficient",
            Field::DayPrevious => "day.previous",
            Field::DayLast => "day.last",
            Field::DayLosses => "day.losses",
            Field::NightPrevious => "night.previous",
            Field::NightLast => "night.last",
            Field::NightLosses => "night.losses",
            Field::NightTariffMin => "night.tariff_min",
        }
    }

    /// The letter the spec uses for the value, e.g. `X`.
    pub fn letter(self) -> &'static str {
        match self {
            Field::TariffMin => "Tmin",
            Field::TariffMid => "Tmid",
            Field::TariffMax => "Tmax",
            Field::NormK1 => "K1",
            Field::NormK2 => "K2",
            Field::Residents => "Q",
            Field::PreviousReadingDate => "D",
            Field::ReadingDate => "N",
            Field::TransformationCoefficient => "KT",
            Field::DayPrevious => "Y",
            Field::DayLast => "X",
            Field::DayLosses => "L1",
            Field::NightPrevious => "Y1",
            Field::NightLast => "X1",
            Field::NightLosses => "L2",
            Field::NightTariffMin => "Tmin1",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.json_path(), self.letter())
    }
}

/// Why the amount cannot be calculated. Each variant names the offending value and shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalcError {
    /// A tariff, norm, loss or reading is below zero.
    #[error("{field} must not be negative, got {value}")]
    Negative {
        /// Which value.
        field: Field,
        /// Its value.
        value: Decimal,
    },
    /// The transformation coefficient KT is zero or negative.
    #[error("{field} must be greater than zero, got {value}")]
    NotPositive {
        /// Which value ([`Field::TransformationCoefficient`]).
        field: Field,
        /// Its value.
        value: Decimal,
    },
    /// The last reading is below the previous one (X < Y or X1 < Y1).
    #[error("{field} = {last} is less than the previous reading {previous}: readings go backwards")]
    ReadingsBackwards {
        /// The last reading's field ([`Field::DayLast`] or [`Field::NightLast`]).
        field: Field,
        /// The previous reading (Y or Y1).
        previous: Decimal,
        /// The last reading (X or X1).
        last: Decimal,
    },
    /// The reading date N is before the previous reading date D.
    #[error("reading_date (N) = {reading} is before previous_reading_date (D) = {previous}")]
    ReadingDateBeforePrevious {
        /// D.
        previous: Date,
        /// N.
        reading: Date,
    },
    /// K2 < K1 on a tiered tariff: limit 2 would be below limit 1.
    #[error(
        "norms.k2 (K2) = {k2} is less than norms.k1 (K1) = {k1}; limit 2 cannot be below limit 1"
    )]
    Limit2BelowLimit1 {
        /// K1.
        k1: Decimal,
        /// K2.
        k2: Decimal,
    },
    /// Tmid given without Tmax.
    #[error(
        "tariff.mid (Tmid) = {mid} is given but tariff.max (Tmax) is absent: \
         give both for a tiered tariff, neither for a time-of-day tariff"
    )]
    MidWithoutMax {
        /// Tmid.
        mid: Decimal,
    },
    /// Tmax given without Tmid.
    #[error(
        "tariff.max (Tmax) = {max} is given but tariff.mid (Tmid) is absent: \
         give both for a tiered tariff, neither for a time-of-day tariff"
    )]
    MaxWithoutMid {
        /// Tmax.
        max: Decimal,
    },
    /// A night zone with a time-of-day tariff but no night rate Tmin1.
    #[error(
        "night.tariff_min (Tmin1) is required for the night zone with a time-of-day tariff \
         (tariff.mid and tariff.max absent)"
    )]
    MissingNightTariff,
    /// A night rate Tmin1 different from Tmin on a tiered tariff, where the night zone continues
    /// the day's tiers at the same tariffs.
    #[error(
        "night.tariff_min (Tmin1) = {night} differs from tariff.min (Tmin) = {day}: on a tiered \
         tariff the night zone continues the day's tiers at the same tariffs"
    )]
    NightTariffMismatch {
        /// Tmin1.
        night: Decimal,
        /// Tmin.
        day: Decimal,
    },
    /// An intermediate value does not fit a `Decimal` exactly (28 significant digits).
    #[error(
        "arithmetic overflow or loss of precision computing the {step}: \
         values too large or with too many decimal places"
    )]
    Overflow {
        /// Which step of the calculation.
        step: &'static str,
    },
}

impl CalcError {
    /// The input value the error is about, if it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            CalcError::Negative { field, .. }
            | CalcError::NotPositive { field, .. }
            | CalcError::ReadingsBackwards { field, .. } => Some(*field),
            CalcError::ReadingDateBeforePrevious { .. } => Some(Field::ReadingDate),
            CalcError::Limit2BelowLimit1 { .. } => Some(Field::NormK2),
            CalcError::MidWithoutMax { .. } => Some(Field::TariffMax),
            CalcError::MaxWithoutMid { .. } => Some(Field::TariffMid),
            CalcError::MissingNightTariff | CalcError::NightTariffMismatch { .. } => {
                Some(Field::NightTariffMin)
            }
            CalcError::Overflow { .. } => None,
        }
    }
}

/// Rounds an amount to 2 decimals, half away from zero, always showing 2 decimals.
///
/// # Example
/// ```
/// use alseco_client::calc::round_amount;
/// use rust_decimal::Decimal;
///
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(round_amount(d("10.005")).to_string(), "10.01");
/// assert_eq!(round_amount(d("10.0049")).to_string(), "10.00");
/// assert_eq!(round_amount(d("7")).to_string(), "7.00");
/// ```
pub fn round_amount(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

fn non_negative(field: Field, value: Decimal) -> Result<Decimal, CalcError> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(CalcError::Negative { field, value })
    } else {
        Ok(value.normalize())
    }
}

/// How the zones are charged, after validation.
enum Mode {
    Tiered { mid: Decimal, max: Decimal },
    TimeOfDay,
}

/// Validated readings of one zone.
struct Readings {
    previous: Decimal,
    last: Decimal,
    losses: Decimal,
}

fn readings(
    fields: [Field; 3],
    previous: Decimal,
    last: Decimal,
    losses: Decimal,
) -> Result<Readings, CalcError> {
    let [previous_field, last_field, losses_field] = fields;
    let previous = non_negative(previous_field, previous)?;
    let last = non_negative(last_field, last)?;
    let losses = non_negative(losses_field, losses)?;
    if last < previous {
        return Err(CalcError::ReadingsBackwards {
            field: last_field,
            previous,
            last,
        });
    }
    Ok(Readings {
        previous,
        last,
        losses,
    })
}

fn consumption(r: &Readings, kt: Decimal, step: &'static str) -> Result<Decimal, CalcError> {
    let difference = exact::sub(r.last, r.previous, step)?;
    let transformed = exact::mul(difference, kt, step)?;
    exact::add(transformed, r.losses, step)
}

fn zone_amount(consumption: Decimal, unrounded: Decimal) -> ZoneAmount {
    ZoneAmount {
        consumption,
        unrounded_amount: unrounded,
        amount: round_amount(unrounded),
    }
}

/// Computes the electricity amount to pay (see the [module docs](self) for the formula and the
/// rounding).
///
/// # Errors
/// A [`CalcError`] naming the offending value: negative tariffs, norms, losses or readings, KT not
/// above zero, readings going backwards, N before D, K2 < K1 on a tiered tariff, Tmid without Tmax
/// or the reverse, a night zone on a time-of-day tariff without Tmin1 (or with a Tmin1 different
/// from Tmin on a tiered tariff), or values too large to compute exactly.
pub fn calculate(input: &ElectricityInput) -> Result<ElectricityAmount, CalcError> {
    // Validate everything first, in the order of the JSON form.
    let tmin = non_negative(Field::TariffMin, input.tariff.min)?;
    let mode = match (input.tariff.mid, input.tariff.max) {
        (Some(mid), Some(max)) => Mode::Tiered {
            mid: non_negative(Field::TariffMid, mid)?,
            max: non_negative(Field::TariffMax, max)?,
        },
        (None, None) => Mode::TimeOfDay,
        (Some(mid), None) => return Err(CalcError::MidWithoutMax { mid }),
        (None, Some(max)) => return Err(CalcError::MaxWithoutMid { max }),
    };
    let k1 = non_negative(Field::NormK1, input.norms.k1)?;
    let k2 = non_negative(Field::NormK2, input.norms.k2)?;
    if matches!(mode, Mode::Tiered { .. }) && k2 < k1 {
        return Err(CalcError::Limit2BelowLimit1 { k1, k2 });
    }
    let days = norms::days(input.previous_reading_date, input.reading_date)?;
    let kt = input.transformation_coefficient.normalize();
    if kt <= Decimal::ZERO {
        return Err(CalcError::NotPositive {
            field: Field::TransformationCoefficient,
            value: input.transformation_coefficient,
        });
    }
    let day = readings(
        [Field::DayPrevious, Field::DayLast, Field::DayLosses],
        input.day.previous,
        input.day.last,
        input.day.losses,
    )?;
    let night = match &input.night {
        None => None,
        Some(n) => {
            let r = readings(
                [Field::NightPrevious, Field::NightLast, Field::NightLosses],
                n.previous,
                n.last,
                n.losses,
            )?;
            let rate = match (&mode, n.tariff_min) {
                (Mode::TimeOfDay, None) => return Err(CalcError::MissingNightTariff),
                (Mode::TimeOfDay, Some(t)) => Some(non_negative(Field::NightTariffMin, t)?),
                (Mode::Tiered { .. }, None) => None,
                (Mode::Tiered { .. }, Some(t)) => {
                    let t = non_negative(Field::NightTariffMin, t)?;
                    if t != tmin {
                        return Err(CalcError::NightTariffMismatch {
                            night: t,
                            day: tmin,
                        });
                    }
                    None
                }
            };
            Some((r, rate))
        }
    };

    // Compute.
    let norm1 = norms::period_norm(k1, days, input.residents)?;
    let norm2 = norms::period_norm(k2, days, input.residents)?;
    let tiers = match mode {
        Mode::Tiered { mid, max } => Some(Tiers {
            limit1: norm1,
            limit2: norm2,
            min: tmin,
            mid,
            max,
        }),
        Mode::TimeOfDay => None,
    };
    let p1 = consumption(&day, kt, "day consumption (X − Y) × KT + L1")?;
    let s1 = match &tiers {
        Some(tiers) => tiers.cost(Decimal::ZERO, p1)?,
        None => exact::mul(p1, tmin, "day amount P1 × Tmin")?,
    };
    let day = zone_amount(p1, s1);
    let night = match night {
        None => None,
        Some((readings, rate)) => {
            let p2 = consumption(&readings, kt, "night consumption (X1 − Y1) × KT + L2")?;
            let s2 = match (&tiers, rate) {
                // The night's kWh continue the tiers after the day's P1.
                (Some(tiers), _) => tiers.cost(p1, p2)?,
                (None, Some(rate)) => exact::mul(p2, rate, "night amount P2 × Tmin1")?,
                (None, None) => return Err(CalcError::MissingNightTariff),
            };
            Some(zone_amount(p2, s2))
        }
    };
    let total = match &night {
        Some(n) => exact::add(day.amount, n.amount, "total S1 + S2")?,
        None => day.amount,
    };
    Ok(ElectricityAmount {
        norm1,
        norm2,
        day,
        night,
        total: round_amount(total),
    })
}
