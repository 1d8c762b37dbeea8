//! The three-tier (block) tariff and its cost function.
//!
//! The spec states the tiers as three cases for a single zone (steps 3–5 of «Оплата») and, for a
//! two-zone meter on one tariff, says the limits apply to the combined consumption, day first,
//! then night (step 6). Both are the same thing: the cost of the kWh numbered `from + 1 ..= from +
//! quantity` on a cumulative scale where kWh `1 ..= K01` cost Tmin, `K01 + 1 ..= K02` cost Tmid
//! and the rest Tmax. The day zone is `cost(0, P1)`, the night zone `cost(P1, P2)`; consumption
//! may be fractional, so the "kWh" above are really intervals `(from, from + quantity]`.

use rust_decimal::Decimal;

use super::{CalcError, exact};

/// A block tariff with its limits for the billing interval.
///
/// # Example
/// ```
/// use alseco_client::calc::tiers::Tiers;
/// use rust_decimal::Decimal;
///
/// let tiers = Tiers {
///     limit1: Decimal::from(100),
///     limit2: Decimal::from(200),
///     min: Decimal::from(10),
///     mid: Decimal::from(20),
///     max: Decimal::from(30),
/// };
/// // 100 × 10 + 100 × 20 + 50 × 30 = 4500
/// assert_eq!(tiers.cost(Decimal::ZERO, Decimal::from(250))?, Decimal::from(4500));
/// // The night zone after 150 kWh of day: 50 × 20 + 50 × 30 = 2500
/// assert_eq!(tiers.cost(Decimal::from(150), Decimal::from(100))?, Decimal::from(2500));
/// # Ok::<(), alseco_client::calc::CalcError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tiers {
    /// K01: the first limit for the interval (kWh); consumption up to it costs `min`.
    pub limit1: Decimal,
    /// K02: the second limit (kWh), not below `limit1`; consumption above `limit1` up to it costs
    /// `mid`.
    pub limit2: Decimal,
    /// Tmin: tariff below limit 1 (tenge per kWh).
    pub min: Decimal,
    /// Tmid: tariff above limit 1 (tenge per kWh).
    pub mid: Decimal,
    /// Tmax: tariff above limit 2 (tenge per kWh).
    pub max: Decimal,
}

impl Tiers {
    /// The exact, unrounded cost of `quantity` kWh counted after the first `from` kWh of the
    /// interval's combined consumption.
    ///
    /// Both arguments are expected non-negative; a zero `quantity` costs zero. A `limit2` below
    /// `limit1` is treated as equal to it (no middle tier).
    ///
    /// # Errors
    /// [`CalcError::Overflow`] when a product does not fit a `Decimal` exactly.
    pub fn cost(&self, from: Decimal, quantity: Decimal) -> Result<Decimal, CalcError> {
        const STEP: &str = "tiered amount";
        let end = exact::add(from, quantity, STEP)?;
        let part = |lo: Decimal, hi: Option<Decimal>| -> Result<Decimal, CalcError> {
            let top = hi.map_or(end, |hi| end.min(hi));
            let bottom = from.max(lo);
            if top > bottom {
                exact::sub(top, bottom, STEP)
            } else {
                Ok(Decimal::ZERO)
            }
        };
        // A limit 2 below limit 1 (which `calculate` rejects) is taken as equal to it, so that
        // every kWh is counted exactly once.
        let limit2 = self.limit2.max(self.limit1);
        let low = exact::mul(part(Decimal::ZERO, Some(self.limit1))?, self.min, STEP)?;
        let middle = exact::mul(part(self.limit1, Some(limit2))?, self.mid, STEP)?;
        let high = exact::mul(part(limit2, None)?, self.max, STEP)?;
        exact::add(exact::add(low, middle, STEP)?, high, STEP)
    }

    /// The largest of the three tariffs: the steepest the cost can grow per kWh.
    pub fn max_rate(&self) -> Decimal {
        self.min.max(self.mid).max(self.max)
    }
}
