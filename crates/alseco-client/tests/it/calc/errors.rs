//! Every kind of bad input is an error naming the value.

use alseco_client::calc::{CalcError, ElectricityInput, Field, Tariff, calculate};
use jiff::civil::date;
use rust_decimal::Decimal;

use super::{base, d, day, with_night};

fn err(input: &ElectricityInput) -> CalcError {
    calculate(input).unwrap_err()
}

#[test]
fn negative_values() {
    type Set = fn(&mut ElectricityInput, Decimal);
    let cases: [(Field, Set); 12] = [
        (Field::TariffMin, |i, v| i.tariff.min = v),
        (Field::TariffMid, |i, v| i.tariff.mid = Some(v)),
        (Field::TariffMax, |i, v| i.tariff.max = Some(v)),
        (Field::NormK1, |i, v| i.norms.k1 = v),
        (Field::NormK2, |i, v| i.norms.k2 = v),
        (Field::DayPrevious, |i, v| i.day.previous = v),
        (Field::DayLast, |i, v| i.day.last = v),
        (Field::DayLosses, |i, v| i.day.losses = v),
        (Field::NightPrevious, |i, v| {
            if let Some(n) = i.night.as_mut() {
                n.previous = v;
            }
        }),
        (Field::NightLast, |i, v| {
            if let Some(n) = i.night.as_mut() {
                n.last = v;
            }
        }),
        (Field::NightLosses, |i, v| {
            if let Some(n) = i.night.as_mut() {
                n.losses = v;
            }
        }),
        (Field::NightTariffMin, |i, v| {
            if let Some(n) = i.night.as_mut() {
                n.tariff_min = Some(v);
            }
        }),
    ];
    for (field, set) in cases {
        let mut input = with_night(day("10"), "10", None);
        set(&mut input, d("-1.5"));
        let e = err(&input);
        assert_eq!(
            e,
            CalcError::Negative {
                field,
                value: d("-1.5")
            },
            "{field}"
        );
        assert_eq!(e.field(), Some(field));
        let message = e.to_string();
        assert!(message.contains(field.json_path()), "{message}");
        assert!(message.contains(field.letter()), "{message}");
        assert!(message.contains("-1.5"), "{message}");
    }
}

#[test]
fn negative_zero_is_zero() {
    let mut input = day("10");
    input.day.losses = d("-0");
    assert!(calculate(&input).is_ok());
}

#[test]
fn transformation_coefficient_must_be_positive() {
    for kt in ["0", "-1"] {
        let mut input = day("10");
        input.transformation_coefficient = d(kt);
        let e = err(&input);
        assert_eq!(
            e,
            CalcError::NotPositive {
                field: Field::TransformationCoefficient,
                value: d(kt)
            }
        );
        assert_eq!(
            e.to_string(),
            format!("transformation_coefficient (KT) must be greater than zero, got {kt}")
        );
    }
}

#[test]
fn day_readings_going_backwards() {
    let mut input = base();
    input.day.last = d("990");
    let e = err(&input);
    assert_eq!(
        e,
        CalcError::ReadingsBackwards {
            field: Field::DayLast,
            previous: d("1000"),
            last: d("990")
        }
    );
    assert_eq!(
        e.to_string(),
        "day.last (X) = 990 is less than the previous reading 1000: readings go backwards"
    );
}

#[test]
fn night_readings_going_backwards() {
    let mut input = with_night(day("10"), "0", None);
    if let Some(n) = input.night.as_mut() {
        n.last = d("499.9");
    }
    let e = err(&input);
    assert_eq!(
        e,
        CalcError::ReadingsBackwards {
            field: Field::NightLast,
            previous: d("500"),
            last: d("499.9")
        }
    );
    assert!(e.to_string().starts_with("night.last (X1) = 499.9"));
}

#[test]
fn reading_date_before_previous() {
    let mut input = day("10");
    input.reading_date = date(2025, 3, 30);
    let e = err(&input);
    assert_eq!(
        e,
        CalcError::ReadingDateBeforePrevious {
            previous: date(2025, 3, 31),
            reading: date(2025, 3, 30)
        }
    );
    assert_eq!(e.field(), Some(Field::ReadingDate));
    assert_eq!(
        e.to_string(),
        "reading_date (N) = 2025-03-30 is before previous_reading_date (D) = 2025-03-31"
    );
}

#[test]
fn limit2_below_limit1_on_tiered_tariff() {
    let mut input = day("10");
    input.norms.k2 = d("60.9");
    let e = err(&input);
    assert_eq!(
        e,
        CalcError::Limit2BelowLimit1 {
            k1: d("61"),
            k2: d("60.9")
        }
    );
    assert_eq!(e.field(), Some(Field::NormK2));
    assert!(e.to_string().contains("norms.k2 (K2) = 60.9"));
    // Equal norms are fine: the middle tier is empty.
    input.norms.k2 = d("61");
    assert!(calculate(&input).is_ok());
}

#[test]
fn mid_without_max_and_max_without_mid() {
    let mut input = day("10");
    input.tariff = Tariff {
        min: d("10"),
        mid: Some(d("20")),
        max: None,
    };
    let e = err(&input);
    assert_eq!(e, CalcError::MidWithoutMax { mid: d("20") });
    assert_eq!(e.field(), Some(Field::TariffMax));
    assert!(
        e.to_string()
            .starts_with("tariff.mid (Tmid) = 20 is given but tariff.max")
    );

    input.tariff = Tariff {
        min: d("10"),
        mid: None,
        max: Some(d("30")),
    };
    let e = err(&input);
    assert_eq!(e, CalcError::MaxWithoutMid { max: d("30") });
    assert_eq!(e.field(), Some(Field::TariffMid));
}

#[test]
fn night_zone_on_time_of_day_tariff_needs_its_rate() {
    let mut input = day("10");
    input.tariff = Tariff::time_of_day(d("25"));
    let e = err(&with_night(input, "5", None));
    assert_eq!(e, CalcError::MissingNightTariff);
    assert_eq!(e.field(), Some(Field::NightTariffMin));
    assert!(
        e.to_string()
            .contains("night.tariff_min (Tmin1) is required")
    );
}

#[test]
fn night_rate_different_from_tmin_on_tiered_tariff() {
    let e = err(&with_night(day("10"), "5", Some("12.5")));
    assert_eq!(
        e,
        CalcError::NightTariffMismatch {
            night: d("12.5"),
            day: d("10")
        }
    );
    assert!(e.to_string().contains("night.tariff_min (Tmin1) = 12.5"));
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    // (X − Y) × KT does not fit.
    let mut input = base();
    input.day.previous = Decimal::ZERO;
    input.day.last = Decimal::MAX;
    input.transformation_coefficient = d("2");
    let e = err(&input);
    assert!(matches!(e, CalcError::Overflow { .. }), "{e:?}");
    assert_eq!(e.field(), None);
    assert!(e.to_string().contains("day consumption"), "{e}");

    // A huge norm: K × days × Q × 2 overflows.
    let mut input = day("1");
    input.norms.k1 = Decimal::MAX;
    input.norms.k2 = Decimal::MAX;
    assert!(matches!(err(&input), CalcError::Overflow { .. }));

    // P × tariff exceeds the range.
    let mut input = day("1");
    input.day.last = d("1000000000000000000000");
    input.tariff = Tariff::time_of_day(d("100000000"));
    assert!(matches!(err(&input), CalcError::Overflow { .. }));
}

#[test]
fn loss_of_precision_is_an_error() {
    // 0.1234567890123456789 × 1.000000000000001 needs 34 decimal places: not exact in a Decimal.
    let mut input = day("1.000000000000001");
    input.tariff = Tariff::time_of_day(d("0.1234567890123456789"));
    assert!(matches!(err(&input), CalcError::Overflow { .. }));
}
