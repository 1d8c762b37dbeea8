//! Worked examples, the arithmetic done by hand in the comments.

use alseco_client::calc::norms::{days, period_norm};
use alseco_client::calc::{DayZone, ElectricityInput, Norms, Tariff, round_amount};
use jiff::civil::date;
use rust_decimal::Decimal;

use super::{base, calc, d, day, with_night};

/// Asserts norms, day consumption and amount, and total of a day-only calculation.
fn assert_day(input: &ElectricityInput, norm1: &str, norm2: &str, p: &str, s: &str) {
    let r = calc(input);
    assert_eq!(r.norm1, d(norm1), "K01");
    assert_eq!(r.norm2, d(norm2), "K02");
    assert_eq!(r.day.consumption, d(p), "P1");
    assert_eq!(r.day.amount.to_string(), s, "S1");
    assert_eq!(r.total.to_string(), s, "total");
    assert_eq!(r.night, None);
}

// ---- tiers of a single zone (K01 = 60, K02 = 120, Tmin/Tmid/Tmax = 10/20/30) --------------------

#[test]
fn tier1_below_limit1() {
    // P = 50 ≤ K01: S = 50 × 10 = 500
    assert_day(&day("50"), "60", "120", "50", "500.00");
}

#[test]
fn boundary_exactly_limit1_stays_in_tier1() {
    // P = 60 = K01 (P ≤ K01): S = 60 × 10 = 600
    assert_day(&day("60"), "60", "120", "60", "600.00");
}

#[test]
fn boundary_one_kwh_over_limit1() {
    // P = 61: S = 60 × 10 + (61 − 60) × 20 = 600 + 20 = 620
    assert_day(&day("61"), "60", "120", "61", "620.00");
}

#[test]
fn tier2_between_limits() {
    // P = 100: S = 60 × 10 + (100 − 60) × 20 = 600 + 800 = 1400
    assert_day(&day("100"), "60", "120", "100", "1400.00");
}

#[test]
fn boundary_exactly_limit2_stays_in_tier2() {
    // P = 120 = K02 (K01 < P ≤ K02): S = 60 × 10 + 60 × 20 = 1800
    assert_day(&day("120"), "60", "120", "120", "1800.00");
}

#[test]
fn boundary_one_kwh_over_limit2() {
    // P = 121: S = 60 × 10 + 60 × 20 + 1 × 30 = 1830
    assert_day(&day("121"), "60", "120", "121", "1830.00");
}

#[test]
fn tier3_above_limit2() {
    // P = 200: S = 600 + 1200 + (200 − 120) × 30 = 1800 + 2400 = 4200
    assert_day(&day("200"), "60", "120", "200", "4200.00");
}

#[test]
fn fraction_of_a_kwh_over_a_limit() {
    // P = 60.25: S = 60 × 10 + 0.25 × 20 = 605
    assert_day(&day("60.25"), "60", "120", "60.25", "605.00");
}

#[test]
fn zero_consumption() {
    assert_day(&day("0"), "60", "120", "0", "0.00");
}

#[test]
fn transformation_coefficient_and_losses() {
    // X − Y = 3.5, KT = 40, L1 = 2.5: P = 3.5 × 40 + 2.5 = 142.5
    // S = 60 × 10 + 60 × 20 + (142.5 − 120) × 30 = 600 + 1200 + 675 = 2475
    let mut input = day("3.5");
    input.transformation_coefficient = d("40");
    input.day.losses = d("2.5");
    assert_day(&input, "60", "120", "142.5", "2475.00");
}

#[test]
fn realistic_tariff_with_decimals() {
    // D = 2025-03-31, N = 2025-04-30: 30 days; K1 = 70, K2 = 120, Q = 2:
    //   K01 = ⌈70 × 30 × 2 / 30.5⌉ = ⌈8400 / 61⌉ = ⌈137.70…⌉ = 138
    //   K02 = ⌈120 × 30 × 2 / 30.5⌉ = ⌈14400 / 61⌉ = ⌈236.06…⌉ = 237
    // Y = 12345.6, X = 12589.3, L1 = 2.5: P = 243.7 + 2.5 = 246.2 > K02
    // S = 138 × 19.81 + (237 − 138) × 24.77 + (246.2 − 237) × 29.72
    //   = 2733.78 + 2452.23 + 273.424 = 5459.434 → 5459.43
    let input = ElectricityInput {
        tariff: Tariff::tiered(d("19.81"), d("24.77"), d("29.72")),
        norms: Norms {
            k1: d("70"),
            k2: d("120"),
        },
        residents: 2,
        previous_reading_date: date(2025, 3, 31),
        reading_date: date(2025, 4, 30),
        transformation_coefficient: Decimal::ONE,
        day: DayZone {
            previous: d("12345.6"),
            last: d("12589.3"),
            losses: d("2.5"),
        },
        night: None,
    };
    assert_day(&input, "138", "237", "246.2", "5459.43");
    assert_eq!(calc(&input).day.unrounded_amount, d("5459.434"));
}

// ---- two-zone meter on one tariff: night continues the day's tiers -------------------------------

#[test]
fn spec_two_zone_example() {
    // The spec's case: K01 < P1 < K02 and P2 > K02 − P1.
    // P1 = 100 (60 < 100 < 120), P2 = 50 > K02 − P1 = 20.
    // S1 = 60 × 10 + (100 − 60) × 20 = 1400
    // S2 = (K02 − P1) × Tmid + (P2 − (K02 − P1)) × Tmax = 20 × 20 + 30 × 30 = 400 + 900 = 1300
    // Total 2700 = the single-zone amount of P = 150: 600 + 1200 + 30 × 30.
    let r = calc(&with_night(day("100"), "50", None));
    assert_eq!(r.day.amount, d("1400.00"));
    let night = r.night.unwrap();
    assert_eq!(night.consumption, d("50"));
    assert_eq!(night.amount, d("1300.00"));
    assert_eq!(r.total, d("2700.00"));
    assert_eq!(r.total, calc(&day("150")).total);
}

#[test]
fn two_zone_night_spans_all_tiers() {
    // P1 = 30, P2 = 100: combined kWh 31..=130.
    // S1 = 30 × 10 = 300
    // S2 = (60 − 30) × 10 + (120 − 60) × 20 + (130 − 120) × 30 = 300 + 1200 + 300 = 1800
    let r = calc(&with_night(day("30"), "100", None));
    assert_eq!(r.day.amount, d("300.00"));
    assert_eq!(r.night.unwrap().amount, d("1800.00"));
    assert_eq!(r.total, d("2100.00"));
}

#[test]
fn two_zone_day_already_above_limit2() {
    // P1 = 130 > K02: S1 = 600 + 1200 + 10 × 30 = 2100; all of P2 = 10 is at Tmax: S2 = 300
    let r = calc(&with_night(day("130"), "10", None));
    assert_eq!(r.day.amount, d("2100.00"));
    assert_eq!(r.night.unwrap().amount, d("300.00"));
    assert_eq!(r.total, d("2400.00"));
}

#[test]
fn two_zone_both_within_limit1() {
    // P1 = 20, P2 = 40: combined 60 = K01, all at Tmin: S1 = 200, S2 = 400
    let r = calc(&with_night(day("20"), "40", None));
    assert_eq!(r.day.amount, d("200.00"));
    assert_eq!(r.night.unwrap().amount, d("400.00"));
}

#[test]
fn two_zone_night_tariff_equal_to_tmin_is_accepted() {
    let r = calc(&with_night(day("100"), "50", Some("10")));
    assert_eq!(r.night.unwrap().amount, d("1300.00"));
}

#[test]
fn two_zone_losses_per_zone() {
    // P1 = 50 + L1 5 = 55, P2 = 10 + L2 1.5 = 11.5: combined 66.5
    // S1 = 55 × 10 = 550; S2 = (60 − 55) × 10 + 6.5 × 20 = 50 + 130 = 180
    let mut input = with_night(day("50"), "10", None);
    input.day.losses = d("5");
    if let Some(n) = input.night.as_mut() {
        n.losses = d("1.5");
    }
    let r = calc(&input);
    assert_eq!(r.day.consumption, d("55"));
    assert_eq!(r.day.amount, d("550.00"));
    let night = r.night.unwrap();
    assert_eq!(night.consumption, d("11.5"));
    assert_eq!(night.amount, d("180.00"));
    assert_eq!(r.total, d("730.00"));
}

// ---- time-of-day tariff -------------------------------------------------------------------------

#[test]
fn time_of_day_rates_ignore_limits() {
    // Tmid and Tmax empty: S1 = P1 × Tmin = 100 × 25.5 = 2550,
    // S2 = P2 × Tmin1 = 40 × 12.75 = 510; although P1 + P2 = 140 > K02 = 120.
    let mut input = day("100");
    input.tariff = Tariff::time_of_day(d("25.5"));
    let r = calc(&with_night(input, "40", Some("12.75")));
    assert_eq!((r.norm1, r.norm2), (d("60"), d("120")));
    assert_eq!(r.day.amount, d("2550.00"));
    assert_eq!(r.night.unwrap().amount, d("510.00"));
    assert_eq!(r.total, d("3060.00"));
}

#[test]
fn time_of_day_single_zone() {
    // 250 × 25.5 = 6375
    let mut input = day("250");
    input.tariff = Tariff::time_of_day(d("25.5"));
    assert_day(&input, "60", "120", "250", "6375.00");
}

#[test]
fn time_of_day_allows_k2_below_k1() {
    // The norms limit nothing on a time-of-day tariff, so K2 < K1 is not an error there.
    // K01 = 61 × 30 × 2 / 61 = 60, K02 = 30.5 × 30 × 2 / 61 = 30
    let mut input = day("10");
    input.tariff = Tariff::time_of_day(d("3"));
    input.norms.k2 = d("30.5");
    assert_day(&input, "60", "30", "10", "30.00");
}

// ---- rounding -----------------------------------------------------------------------------------

#[test]
fn half_cent_rounds_away_from_zero() {
    // P = 0.2 × Tmin 0.125 = 0.025 exactly → 0.03 (banker's rounding would give 0.02)
    let mut input = day("0.2");
    input.tariff.min = d("0.125");
    let r = calc(&input);
    assert_eq!(r.day.unrounded_amount, d("0.025"));
    assert_eq!(r.day.amount.to_string(), "0.03");
}

#[test]
fn just_below_half_cent_rounds_down() {
    // 1 × 10.0049 = 10.0049 → 10.00
    let mut input = day("1");
    input.tariff.min = d("10.0049");
    assert_eq!(calc(&input).day.amount.to_string(), "10.00");
}

#[test]
fn total_is_sum_of_rounded_zones() {
    // Time-of-day, P1 = P2 = 1, Tmin = Tmin1 = 10.005:
    // S1 = 10.005 → 10.01, S2 = 10.005 → 10.01, total = 20.02 (rounding 20.01 exact would give
    // 20.01): the total equals what is paid line by line.
    let mut input = day("1");
    input.tariff = Tariff::time_of_day(d("10.005"));
    let r = calc(&with_night(input, "1", Some("10.005")));
    assert_eq!(r.day.amount.to_string(), "10.01");
    assert_eq!(r.night.unwrap().amount.to_string(), "10.01");
    assert_eq!(r.total.to_string(), "20.02");
}

#[test]
fn round_amount_always_two_decimals() {
    assert_eq!(round_amount(d("5")).to_string(), "5.00");
    assert_eq!(round_amount(d("5.1")).to_string(), "5.10");
    assert_eq!(round_amount(d("2.675")).to_string(), "2.68");
    assert_eq!(round_amount(d("-2.675")).to_string(), "-2.68");
}

// ---- norms --------------------------------------------------------------------------------------

#[test]
fn days_count_reading_date_included_previous_excluded() {
    assert_eq!(days(date(2025, 3, 31), date(2025, 4, 30)).unwrap(), 30);
    assert_eq!(days(date(2024, 2, 28), date(2024, 3, 1)).unwrap(), 2); // 29 Feb, 1 Mar
    assert_eq!(days(date(2023, 2, 28), date(2023, 3, 1)).unwrap(), 1);
    assert_eq!(days(date(2024, 12, 31), date(2025, 12, 31)).unwrap(), 365);
    assert_eq!(days(date(2025, 4, 30), date(2025, 4, 30)).unwrap(), 0);
}

#[test]
fn norm_exact_integer_stays_exact() {
    // 100 / 30.5 × 61 × 1 = 200 exactly. A decimal division first gives
    // 3.2786885245901639344262295082 × 61 = 200.0000000000000000000000000002, whose ceiling, 201,
    // would put the 201st kWh at Tmin.
    assert_eq!(period_norm(d("100"), 61, 1).unwrap(), d("200"));
    // D = 2025-01-01, N = 2025-03-03: 30 (Jan) + 28 (Feb) + 3 (Mar) = 61 days.
    let mut input = day("201");
    input.norms = Norms {
        k1: d("100"),
        k2: d("200"),
    };
    input.previous_reading_date = date(2025, 1, 1);
    input.reading_date = date(2025, 3, 3);
    // K01 = 200, K02 = 400; P = 201: S = 200 × 10 + 1 × 20 = 2020
    assert_day(&input, "200", "400", "201", "2020.00");
}

#[test]
fn norm_rounds_up_spec_example() {
    // K1 = 8358.22, N − D = 1, Q = 1: K01 = 8358.22 × 2 / 61 = 16716.44 / 61 = 274.04 → 275
    assert_eq!(period_norm(d("8358.22"), 1, 1).unwrap(), d("275"));
    // 100 × 30 × 3 / 30.5 = 9000 / 30.5 = 295.08… → 296
    assert_eq!(period_norm(d("100"), 30, 3).unwrap(), d("296"));
    // Half-integers: 30.5 × 3 × 1 / 30.5 = 3; 15.25 × 1 × 1 / 30.5 = 0.5 → 1
    assert_eq!(period_norm(d("30.5"), 3, 1).unwrap(), d("3"));
    assert_eq!(period_norm(d("15.25"), 1, 1).unwrap(), d("1"));
}

#[test]
fn zero_days_or_residents_give_zero_norms() {
    // N = D: no days, K01 = K02 = 0, all at Tmax: 5 × 30 = 150
    let mut input = day("5");
    input.reading_date = input.previous_reading_date;
    assert_day(&input, "0", "0", "5", "150.00");
    let mut input = day("5");
    input.residents = 0;
    assert_day(&input, "0", "0", "5", "150.00");
}

#[test]
fn base_case_is_consistent() {
    // Guard for the helpers: nothing consumed, nothing to pay.
    let r = calc(&base());
    assert_eq!(r.total, d("0.00"));
}
