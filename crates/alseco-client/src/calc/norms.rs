//! Consumption norms for the billing interval: `K01 = K1 / 30.5 × (N − D) × Q`.
//!
//! The spec divides by 30.5 first, which in decimal arithmetic turns an exact integer into
//! `199.99…` or `200.00…02` (100 / 30.5 has no finite decimal expansion). Rounding up such a value
//! would charge a whole kWh at the wrong tier. So the norm is computed as the exact rational
//! `K × (N − D) × Q × 2 / 61` and its ceiling taken by integer division with remainder: an exact
//! integer stays exact, anything above it goes to the next integer (274.04 → 275).

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{CalcError, exact};

/// Number of days in `(previous, reading]`: `N − D`, the reading date counted, the previous
/// reading date not.
///
/// # Errors
/// [`CalcError::ReadingDateBeforePrevious`] when `reading` (N) is before `previous` (D).
///
/// # Example
/// ```
/// use alseco_client::calc::norms::days;
/// use jiff::civil::date;
///
/// // 2025-03-31 excluded, 2025-04-01 ..= 2025-04-30 included.
/// assert_eq!(days(date(2025, 3, 31), date(2025, 4, 30))?, 30);
/// assert_eq!(days(date(2025, 4, 30), date(2025, 4, 30))?, 0);
/// # Ok::<(), alseco_client::calc::CalcError>(())
/// ```
pub fn days(previous: Date, reading: Date) -> Result<i64, CalcError> {
    if reading < previous {
        return Err(CalcError::ReadingDateBeforePrevious { previous, reading });
    }
    // Civil dates have no time zone, so every day is exactly 86 400 s.
    Ok(reading.duration_since(previous).as_secs() / 86_400)
}

/// The norm for `days` days and `residents` people from the monthly norm `k` per person:
/// `⌈k × days × residents / 30.5⌉`, computed exactly (see the module docs).
///
/// `k` is K1 (giving K01) or K2 (giving K02). The result is a non-negative integer.
///
/// # Errors
/// [`CalcError::Overflow`] when the product does not fit a `Decimal`. The inputs are not validated
/// here ([`calculate`](super::calculate) rejects a negative `k` before calling this).
///
/// # Example
/// ```
/// use alseco_client::calc::norms::period_norm;
/// use rust_decimal::Decimal;
///
/// // 100 / 30.5 × 61 × 1 = 200 exactly (a decimal division first would give 201).
/// assert_eq!(period_norm(Decimal::from(100), 61, 1)?, Decimal::from(200));
/// // 8358.22 / 30.5 × 1 × 1 = 274.04 → 275, the spec's example.
/// assert_eq!(period_norm("8358.22".parse().unwrap(), 1, 1)?, Decimal::from(275));
/// # Ok::<(), alseco_client::calc::CalcError>(())
/// ```
pub fn period_norm(k: Decimal, days: i64, residents: u32) -> Result<Decimal, CalcError> {
    const STEP: &str = "norm K × (N − D) × Q × 2 / 61";
    let product = exact::mul(k, Decimal::from(days), STEP)?;
    let product = exact::mul(product, Decimal::from(residents), STEP)?;
    let numerator = exact::mul(product, Decimal::TWO, STEP)?;
    // numerator = m / 10^s exactly; ceil(m / (61 × 10^s)) by integer division.
    let m = numerator.mantissa();
    let scale = numerator.scale();
    let denominator = 10i128
        .checked_pow(scale)
        .and_then(|p| p.checked_mul(61))
        .ok_or(CalcError::Overflow { step: STEP })?;
    let quotient = m.div_euclid(denominator);
    let remainder = m.rem_euclid(denominator);
    let ceiling = if remainder == 0 {
        quotient
    } else {
        quotient + 1
    };
    Decimal::try_from_i128_with_scale(ceiling, 0).map_err(|_| CalcError::Overflow { step: STEP })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_of_negative_numerator_is_toward_positive_infinity() {
        // Not reachable through `calculate` (inputs are validated), but the arithmetic is right.
        assert_eq!(
            period_norm(Decimal::from(-1), 1, 1).unwrap(),
            Decimal::ZERO // ⌈−2/61⌉ = 0
        );
    }

    #[test]
    fn small_fraction_rounds_up() {
        // 0.0001 × 1 × 1 × 2 / 61 > 0 → 1
        assert_eq!(
            period_norm("0.0001".parse().unwrap(), 1, 1).unwrap(),
            Decimal::ONE
        );
    }
}
