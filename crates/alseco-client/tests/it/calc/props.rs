//! Properties of the calculation over generated inputs.

use alseco_client::calc::{
    DayZone, ElectricityAmount, ElectricityInput, NightZone, Norms, Tariff, calculate,
};
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A non-negative decimal `m / 10^scale`, `m ≤ max`.
fn dec(max: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

fn cent() -> Decimal {
    Decimal::new(1, 2)
}

/// Tariffs Tmin ≤ Tmid ≤ Tmax (tenge, 2 decimals) — increasing, as real block tariffs are.
fn ordered_tiered() -> impl Strategy<Value = Tariff> {
    (dec(5000, 2), dec(3000, 2), dec(3000, 2))
        .prop_map(|(min, a, b)| Tariff::tiered(min, min + a, min + a + b))
}

/// Any non-negative tiered tariff, not necessarily increasing.
fn any_tiered() -> impl Strategy<Value = Tariff> {
    (dec(5000, 3), dec(5000, 3), dec(5000, 3)).prop_map(|(a, b, c)| Tariff::tiered(a, b, c))
}

/// Norms with K1 ≤ K2, residents, and the interval's length in days.
fn norms() -> impl Strategy<Value = (Norms, u32, i64)> {
    (dec(50_000, 2), dec(50_000, 2), 0..=6u32, 0..=62i64)
        .prop_map(|(k1, extra, q, days)| (Norms { k1, k2: k1 + extra }, q, days))
}

fn input(tariff: Tariff, (norms, residents, days): (Norms, u32, i64)) -> ElectricityInput {
    let previous = date(2025, 1, 1);
    ElectricityInput {
        tariff,
        norms,
        residents,
        previous_reading_date: previous,
        reading_date: previous.checked_add(days.days()).unwrap(),
        transformation_coefficient: Decimal::ONE,
        day: DayZone {
            previous: Decimal::new(123_456, 1),
            last: Decimal::new(123_456, 1),
            losses: Decimal::ZERO,
        },
        night: None,
    }
}

/// Sets the day consumption to `p` (KT = 1, no losses).
fn set_day(input: &mut ElectricityInput, p: Decimal) {
    input.day.last = input.day.previous + p;
}

fn set_night(input: &mut ElectricityInput, p: Decimal, tariff_min: Option<Decimal>) {
    input.night = Some(NightZone {
        previous: Decimal::new(45_678, 1),
        last: Decimal::new(45_678, 1) + p,
        losses: Decimal::ZERO,
        tariff_min,
    });
}

fn calc(input: &ElectricityInput) -> ElectricityAmount {
    calculate(input).unwrap()
}

/// An input of either kind, with or without a night zone, with KT and losses.
fn any_input() -> impl Strategy<Value = ElectricityInput> {
    (
        prop_oneof![ordered_tiered(), dec(5000, 2).prop_map(Tariff::time_of_day)],
        norms(),
        dec(500, 1).prop_map(|kt| kt + Decimal::new(1, 1)), // KT in 0.1..=50.1
        dec(100_000, 2),
        dec(1000, 1),
        proptest::option::of((dec(100_000, 2), dec(1000, 1), dec(5000, 2))),
    )
        .prop_map(|(tariff, norms, kt, p1, l1, night)| {
            let mut i = input(tariff, norms);
            i.transformation_coefficient = kt;
            set_day(&mut i, p1);
            i.day.losses = l1;
            if let Some((p2, l2, rate)) = night {
                set_night(&mut i, p2, Some(rate));
                if i.tariff.mid.is_some() {
                    // Tiered: the night zone uses the day's tariffs.
                    if let Some(n) = i.night.as_mut() {
                        n.tariff_min = None;
                    }
                }
                if let Some(n) = i.night.as_mut() {
                    n.losses = l2;
                }
            }
            i
        })
}

proptest! {
    /// Growing the day's last reading never lowers the day's amount nor the total; growing the
    /// night's never lowers the night's amount nor the total and leaves the day alone.
    #[test]
    fn amount_never_decreases_when_last_reading_grows(
        input in any_input(),
        delta in dec(1_000_000, 3),
    ) {
        let before = calc(&input);

        let mut more_day = input;
        more_day.day.last += delta;
        let after = calc(&more_day);
        prop_assert!(after.day.amount >= before.day.amount);
        prop_assert!(after.day.unrounded_amount >= before.day.unrounded_amount);
        prop_assert!(after.total >= before.total);

        if let Some(mut night) = input.night {
            night.last += delta;
            let mut more_night = input;
            more_night.night = Some(night);
            let after = calc(&more_night);
            prop_assert_eq!(after.day, before.day);
            prop_assert!(after.night.unwrap().amount >= before.night.unwrap().amount);
            prop_assert!(after.total >= before.total);
        }
    }

    /// No jump at a threshold: around K01 and K02 (and anywhere), `ε` more kWh cost at most
    /// `ε × max(Tmin, Tmid, Tmax)` more exactly, and at most that plus 0.01 after rounding.
    #[test]
    fn no_jump_at_thresholds(
        tariff in any_tiered(),
        norms in norms(),
        anchor in 0..3usize,
        free in dec(100_000, 2),
        offset in -300i64..=300,
        epsilon in dec(2_000, 3),
    ) {
        let mut i = input(tariff, norms);
        let limits = calc(&i);
        let base = [limits.norm1, limits.norm2, free][anchor];
        let p = (base + Decimal::new(offset, 2)).max(Decimal::ZERO);
        set_day(&mut i, p);
        let lower = calc(&i);
        set_day(&mut i, p + epsilon);
        let upper = calc(&i);
        let rate = tariff.min.max(tariff.mid.unwrap()).max(tariff.max.unwrap());
        let exact = upper.day.unrounded_amount - lower.day.unrounded_amount;
        prop_assert!(exact >= Decimal::ZERO);
        prop_assert!(exact <= epsilon * rate, "{exact} > {epsilon} × {rate}");
        prop_assert!(upper.total - lower.total <= epsilon * rate + cent());
    }

    /// On one (tiered) tariff, how a combined consumption C splits between day and night does not
    /// change what it costs:
    /// - exactly, S1 + S2 before rounding equals the single-zone amount of C;
    /// - each zone is rounded half away from zero, an error in (−0.005, +0.005] each, so the total
    ///   lies in (S − 0.01, S + 0.01] around the exact S; being a whole number of tiyn, it differs
    ///   from the total of any other split, and from the single zone's rounded amount, by at most
    ///   0.01.
    #[test]
    fn moving_consumption_between_zones_keeps_the_total(
        tariff in any_tiered(),
        norms in norms(),
        c in dec(100_000, 2),
        split_a in 0..=100i64,
        split_b in 0..=100i64,
    ) {
        let mut single = input(tariff, norms);
        set_day(&mut single, c);
        let single = calc(&single);
        let exact = single.day.unrounded_amount;

        let split = |percent: i64| {
            let mut i = input(tariff, norms);
            let p1 = c * Decimal::new(percent, 2);
            set_day(&mut i, p1);
            set_night(&mut i, c - p1, None);
            calc(&i)
        };
        let (a, b) = (split(split_a), split(split_b));
        for r in [&a, &b] {
            let night = r.night.unwrap();
            prop_assert_eq!(r.day.consumption + night.consumption, c);
            prop_assert_eq!(r.day.unrounded_amount + night.unrounded_amount, exact);
            prop_assert!(r.total - exact > -cent() && r.total - exact <= cent());
            prop_assert!((r.total - single.total).abs() <= cent());
        }
        prop_assert!((a.total - b.total).abs() <= cent());
    }

    /// The tier formula of the spec, case by case, agrees with the cumulative cost function.
    #[test]
    fn single_zone_matches_spec_cases(
        tariff in any_tiered(),
        norms in norms(),
        p in dec(100_000, 2),
    ) {
        let mut i = input(tariff, norms);
        set_day(&mut i, p);
        let r = calc(&i);
        let (k01, k02) = (r.norm1, r.norm2);
        let (tmin, tmid, tmax) = (tariff.min, tariff.mid.unwrap(), tariff.max.unwrap());
        let expected = if p <= k01 {
            p * tmin
        } else if p <= k02 {
            k01 * tmin + (p - k01) * tmid
        } else {
            k01 * tmin + (k02 - k01) * tmid + (p - k02) * tmax
        };
        prop_assert_eq!(r.day.unrounded_amount, expected);
    }

    /// The norms are the ceiling of the exact rational K × days × Q / 30.5.
    #[test]
    fn norms_are_exact_ceilings((norms, q, days) in norms()) {
        let r = calc(&input(Tariff::tiered(Decimal::ONE, Decimal::ONE, Decimal::ONE), (norms, q, days)));
        for (k, limit) in [(norms.k1, r.norm1), (norms.k2, r.norm2)] {
            // limit is the least integer with limit × 61 ≥ K × days × Q × 2.
            let twice = k * Decimal::from(days) * Decimal::from(q) * Decimal::TWO;
            prop_assert_eq!(limit.fract(), Decimal::ZERO);
            prop_assert!(limit * Decimal::from(61) >= twice);
            prop_assert!((limit - Decimal::ONE) * Decimal::from(61) < twice || limit.is_zero());
        }
    }
}
