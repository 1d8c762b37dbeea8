//! Tests of `alseco_client::calc`.

mod errors;
mod examples;
mod json;
mod props;

use alseco_client::calc::{
    DayZone, ElectricityAmount, ElectricityInput, NightZone, Norms, Tariff, calculate,
};
use jiff::civil::date;
use rust_decimal::Decimal;

/// A decimal from its text.
fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The base case for the tier examples:
/// - D = 2025-03-31 (excluded), N = 2025-04-30 (included): N − D = 30 days;
/// - K1 = 61, K2 = 122, Q = 1:
///   K01 = 61 × 30 × 1 × 2 / 61 = 60, K02 = 122 × 30 × 1 × 2 / 61 = 120 (exact integers);
/// - Tmin = 10, Tmid = 20, Tmax = 30; KT = 1; Y = 1000, no losses.
fn base() -> ElectricityInput {
    ElectricityInput {
        tariff: Tariff::tiered(d("10"), d("20"), d("30")),
        norms: Norms {
            k1: d("61"),
            k2: d("122"),
        },
        residents: 1,
        previous_reading_date: date(2025, 3, 31),
        reading_date: date(2025, 4, 30),
        transformation_coefficient: Decimal::ONE,
        day: DayZone {
            previous: d("1000"),
            last: d("1000"),
            losses: Decimal::ZERO,
        },
        night: None,
    }
}

/// `base()` with day consumption `p` (X = 1000 + p).
fn day(p: &str) -> ElectricityInput {
    let mut input = base();
    input.day.last = d("1000") + d(p);
    input
}

/// `input` with a night zone of consumption `p` (Y1 = 500, X1 = 500 + p).
fn with_night(mut input: ElectricityInput, p: &str, tariff_min: Option<&str>) -> ElectricityInput {
    input.night = Some(NightZone {
        previous: d("500"),
        last: d("500") + d(p),
        losses: Decimal::ZERO,
        tariff_min: tariff_min.map(d),
    });
    input
}

fn calc(input: &ElectricityInput) -> ElectricityAmount {
    calculate(input).unwrap()
}
