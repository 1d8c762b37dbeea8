//! Decimal arithmetic that is exact or fails.
//!
//! `rust_decimal`'s `checked_*` operations return `None` only when the integer part overflows; when
//! the 96-bit mantissa or the 28-digit scale runs out they silently round instead. These helpers
//! detect that rounding from the scale of the result, so every intermediate value of the
//! calculation is either exact or an [`CalcError::Overflow`] naming the step.

use rust_decimal::Decimal;

use super::CalcError;

/// `a + b`, exactly.
pub(crate) fn add(a: Decimal, b: Decimal, step: &'static str) -> Result<Decimal, CalcError> {
    let (a, b) = (a.normalize(), b.normalize());
    if a.is_zero() {
        return Ok(b);
    }
    if b.is_zero() {
        return Ok(a);
    }
    let r = a.checked_add(b).ok_or(CalcError::Overflow { step })?;
    // Without rounding the sum keeps the larger of the two scales.
    if r.scale() == a.scale().max(b.scale()) {
        Ok(r.normalize())
    } else {
        Err(CalcError::Overflow { step })
    }
}

/// `a - b`, exactly.
pub(crate) fn sub(a: Decimal, b: Decimal, step: &'static str) -> Result<Decimal, CalcError> {
    add(a, -b, step)
}

/// `a × b`, exactly.
pub(crate) fn mul(a: Decimal, b: Decimal, step: &'static str) -> Result<Decimal, CalcError> {
    let (a, b) = (a.normalize(), b.normalize());
    if a.is_zero() || b.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let r = a.checked_mul(b).ok_or(CalcError::Overflow { step })?;
    // Without rounding the product's scale is the sum of the scales.
    if r.scale() == a.scale() + b.scale() {
        Ok(r.normalize())
    } else {
        Err(CalcError::Overflow { step })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_results() {
        assert_eq!(add(d("0.1"), d("0.2"), "t").unwrap(), d("0.3"));
        assert_eq!(sub(d("1"), d("0.001"), "t").unwrap(), d("0.999"));
        assert_eq!(mul(d("0.2"), d("0.5"), "t").unwrap(), d("0.1"));
        assert_eq!(mul(d("-0"), d("5"), "t").unwrap(), Decimal::ZERO);
    }

    #[test]
    fn precision_loss_is_an_error() {
        // 0.1^15 × 0.1^15 needs scale 30 > 28.
        let tiny = d("0.000000000000001");
        assert!(mul(tiny, tiny, "t").is_err());
        // The mantissa cannot hold 10^20 + 10^-20.
        assert!(add(d("100000000000000000000"), d("0.00000000000000000001"), "t").is_err());
        assert!(mul(Decimal::MAX, d("2"), "t").is_err());
        assert!(add(Decimal::MAX, Decimal::ONE, "t").is_err());
    }
}
