//! Tests of `alseco_client::calc::adapter`: invoice + new readings → `ElectricityInput`.

use alseco_client::calc::adapter::{
    AdapterError, AdapterOptions, NewReadings, NormsSource, WireField, calculate_invoice,
    electricity_input, electricity_input_from_lines, residents,
};
use alseco_client::calc::{CalcError, DayZone, NightZone, Norms, Tariff};
use alseco_types::scalars::DateTime;
use alseco_types::types::{
    CalculationParameter, CheckCount, InvoiceLastVers, InvoiceParametersReNew, PrevCountInfo,
    QuantityCountInfo, TariffReNew,
};
use jiff::civil::date;
use rust_decimal::Decimal;

use crate::spec_fixtures::{d, last_vers, last_vers_with_pays, re_new};

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

fn tariff(min: &str, mid: Option<&str>, max: Option<&str>) -> TariffReNew {
    TariffReNew {
        min_tariff_value: Some(d(min)),
        middle_tariff_value: mid.map(d),
        max_tariff_value: max.map(d),
        min_tariff_threshold: Some(d("61")),
        middle_tariff_threshold: Some(d("122")),
    }
}

/// Service 13 on the tiered tariff 10/20/30 with K1 = 61, K2 = 122; Y = 1000,
/// D = 2025-03-31, KT 1.00. With Q = 1 and N = 2025-04-30: K01 = 60, K02 = 120.
fn day_line() -> InvoiceParametersReNew {
    InvoiceParametersReNew {
        service_id: 13,
        service_name: Some("Электр қуаты | Электроэнергия".into()),
        is_counter_service: true,
        tariff: Some(tariff("10", Some("20"), Some("30"))),
        prev_count: Some(d("1000")),
        t_koef: Some(d("1.00")),
        prev_count_date: Some(dt("2025-03-31T00:00:00")),
        fix_sum: Some(d("1500.00")),
        ..Default::default()
    }
}

/// Service 23 of the same meter: Y1 = 500, same tariff, KT and D.
fn night_line() -> InvoiceParametersReNew {
    InvoiceParametersReNew {
        service_id: 23,
        prev_count: Some(d("500")),
        ..day_line()
    }
}

fn invoice(lines: Vec<InvoiceParametersReNew>) -> InvoiceLastVers {
    InvoiceLastVers {
        invoce_id: Some("2504123456789".into()),
        invoice_parameters: lines,
        ..Default::default()
    }
}

fn q(value: &str) -> Vec<CalculationParameter> {
    vec![
        CalculationParameter {
            parameter_id: 2,
            parameter_name: Some("Отапливаемая площадь".into()),
            parameter_value: d("44.000"),
        },
        CalculationParameter {
            parameter_id: 1,
            parameter_name: Some("Количество проживающих".into()),
            parameter_value: d(value),
        },
    ]
}

fn day_only(x: &str) -> NewReadings {
    NewReadings {
        day: d(x),
        night: None,
        date: date(2025, 4, 30),
    }
}

fn two_zone(x: &str, x1: &str) -> NewReadings {
    NewReadings {
        night: Some(d(x1)),
        ..day_only(x)
    }
}

fn defaults() -> AdapterOptions {
    AdapterOptions::default()
}

fn err(lines: Vec<InvoiceParametersReNew>, readings: NewReadings) -> AdapterError {
    electricity_input(&invoice(lines), &q("1.000"), &readings, &defaults()).unwrap_err()
}

// ---- the mapping -----------------------------------------------------------------------------

#[test]
fn single_zone_tiered_maps_every_letter() {
    let mut line = day_line();
    line.t_koef = Some(d("2.00"));
    line.check_count = Some(CheckCount {
        quantity_count: Some(QuantityCountInfo {
            losses_count: Some(d("3")),
            ..Default::default()
        }),
        ..Default::default()
    });
    let input = electricity_input(
        &invoice(vec![line]),
        &q("2.000"),
        &day_only("1100"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.tariff, Tariff::tiered(d("10"), d("20"), d("30")));
    assert_eq!(
        input.norms,
        Norms {
            k1: d("61"),
            k2: d("122")
        }
    );
    assert_eq!(input.residents, 2);
    assert_eq!(input.previous_reading_date, date(2025, 3, 31));
    assert_eq!(input.reading_date, date(2025, 4, 30));
    assert_eq!(input.transformation_coefficient, d("2.00"));
    assert_eq!(
        input.day,
        DayZone {
            previous: d("1000"),
            last: d("1100"),
            losses: d("3"),
        }
    );
    assert_eq!(input.night, None);
}

#[test]
fn two_zone_tiered_continues_the_day_tiers() {
    let (input, amount) = calculate_invoice(
        &invoice(vec![day_line(), night_line()]),
        &q("1.000"),
        &two_zone("1100", "550"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(
        input.night,
        Some(NightZone {
            previous: d("500"),
            last: d("550"),
            losses: Decimal::ZERO,
            tariff_min: None,
        })
    );
    // K01 = 60, K02 = 120. P1 = 100: S1 = 60 × 10 + 40 × 20 = 1400.
    // P2 = 50 continues at 100: 20 × 20 (to 120) + 30 × 30 = 400 + 900 = 1300.
    assert_eq!((amount.norm1, amount.norm2), (d("60"), d("120")));
    assert_eq!(amount.day.amount.to_string(), "1400.00");
    assert_eq!(amount.night.unwrap().amount.to_string(), "1300.00");
    assert_eq!(amount.total.to_string(), "2700.00");
}

#[test]
fn time_of_day_tariff_uses_the_night_line_rate() {
    // Tmid/Tmax "passed empty": 0.00 here (as untiered services show), nil thresholds.
    let mut day = day_line();
    day.tariff = Some(TariffReNew {
        min_tariff_value: Some(d("20.78")),
        middle_tariff_value: Some(d("0.00")),
        max_tariff_value: Some(d("0.00")),
        min_tariff_threshold: None,
        middle_tariff_threshold: None,
    });
    let mut night = night_line();
    night.tariff = Some(TariffReNew {
        min_tariff_value: Some(d("5.00")),
        ..Default::default()
    });
    let (input, amount) = calculate_invoice(
        &invoice(vec![day, night]),
        &q("1.000"),
        &two_zone("1100", "550"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.tariff, Tariff::time_of_day(d("20.78")));
    assert_eq!(
        input.norms,
        Norms {
            k1: Decimal::ZERO,
            k2: Decimal::ZERO
        }
    );
    assert_eq!(input.night.unwrap().tariff_min, Some(d("5.00")));
    // S1 = 100 × 20.78 = 2078; S2 = 50 × 5 = 250.
    assert_eq!(amount.total.to_string(), "2328.00");
}

#[test]
fn nil_middle_and_max_also_mean_time_of_day() {
    let mut day = day_line();
    day.tariff = Some(tariff("20.78", None, None));
    let input =
        electricity_input(&invoice(vec![day]), &q("1"), &day_only("1100"), &defaults()).unwrap();
    assert_eq!(input.tariff, Tariff::time_of_day(d("20.78")));
}

#[test]
fn kt_defaults_to_one_and_losses_to_zero() {
    let mut line = day_line();
    line.t_koef = None;
    let input = electricity_input(
        &invoice(vec![line]),
        &q("1"),
        &day_only("1100"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.transformation_coefficient, Decimal::ONE);
    assert_eq!(input.day.losses, Decimal::ZERO);
}

#[test]
fn previous_reading_falls_back_to_check_count() {
    let prev = |abonent: Option<&str>, alseco: Option<&str>| {
        let mut line = day_line();
        line.prev_count = None;
        line.check_count = Some(CheckCount {
            prev_count: Some(PrevCountInfo {
                prev_count_abonent: abonent.map(d),
                prev_count_alseco: alseco.map(d),
                ..Default::default()
            }),
            ..Default::default()
        });
        electricity_input(
            &invoice(vec![line]),
            &q("1"),
            &day_only("1100"),
            &defaults(),
        )
        .map(|i| i.day.previous)
    };
    assert_eq!(prev(Some("990"), Some("980")), Ok(d("990")));
    assert_eq!(prev(None, Some("980")), Ok(d("980")));
    assert_eq!(
        prev(None, None),
        Err(AdapterError::MissingValue {
            service: 13,
            field: WireField::PrevCount,
        })
    );
}

#[test]
fn previous_reading_date_option_overrides_the_invoice() {
    let options = AdapterOptions {
        previous_reading_date: Some(date(2025, 3, 15)),
        ..defaults()
    };
    let input = electricity_input(
        &invoice(vec![day_line()]),
        &q("1"),
        &day_only("1100"),
        &options,
    )
    .unwrap();
    assert_eq!(input.previous_reading_date, date(2025, 3, 15));
}

#[test]
fn prev_count_date_with_offset_keeps_its_written_date() {
    let mut line = day_line();
    line.prev_count_date = Some(dt("2025-03-31T23:30:00+06:00"));
    let input = electricity_input(
        &invoice(vec![line]),
        &q("1"),
        &day_only("1100"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.previous_reading_date, date(2025, 3, 31));
}

#[test]
fn explicit_norms_ignore_the_thresholds() {
    let options = AdapterOptions {
        norms: NormsSource::Explicit(Norms {
            k1: d("90"),
            k2: d("160"),
        }),
        ..defaults()
    };
    let mut line = day_line();
    line.tariff.as_mut().unwrap().min_tariff_threshold = None;
    let input =
        electricity_input(&invoice(vec![line]), &q("1"), &day_only("1100"), &options).unwrap();
    assert_eq!(
        input.norms,
        Norms {
            k1: d("90"),
            k2: d("160")
        }
    );
}

// ---- the spec's fixtures ---------------------------------------------------------------------

/// The electricity line of the ReNew example (the spec's only one) as a LastVers invoice.
fn re_new_invoice() -> (InvoiceLastVers, Vec<CalculationParameter>) {
    let account = re_new();
    let source = &account.invoices[0];
    let invoice = InvoiceLastVers {
        invoce_id: source.invoce_id.clone(),
        invoice_parameters: source.invoice_parameters.clone(),
        ..Default::default()
    };
    (invoice, account.calculation_parameters)
}

fn re_new_readings() -> NewReadings {
    // X = 13351: the invoice's own LastCount, so P = 90 as on the invoice.
    NewReadings {
        day: d("13351"),
        night: None,
        date: date(2012, 4, 30),
    }
}

#[test]
fn spec_example_thresholds_are_refused_per_resident() {
    let (invoice, params) = re_new_invoice();
    let err = electricity_input(&invoice, &params, &re_new_readings(), &defaults()).unwrap_err();
    assert_eq!(
        err,
        AdapterError::NormsOutOfOrder {
            min_threshold: d("345.00"),
            middle_threshold: d("190.00"),
        }
    );
    assert!(
        err.to_string().starts_with(
            "service 13: Tariff/MinTariffThreshold (K1) = 345.00 is above \
             Tariff/MiddleTariffThreshold (K2) = 190.00"
        ),
        "{err}"
    );
}

#[test]
fn spec_example_needs_a_previous_reading_date() {
    let (invoice, params) = re_new_invoice();
    let options = AdapterOptions {
        norms: NormsSource::MinThresholdPerAccount,
        ..defaults()
    };
    let err = electricity_input(&invoice, &params, &re_new_readings(), &options).unwrap_err();
    assert_eq!(
        err,
        AdapterError::MissingValue {
            service: 13,
            field: WireField::PrevCountDate,
        }
    );
    assert_eq!(
        err.to_string(),
        "service 13: PrevCountDate (D) is nil or absent"
    );
}

#[test]
fn spec_example_with_min_threshold_per_account_gives_its_charge() {
    let (invoice, params) = re_new_invoice();
    let options = AdapterOptions {
        norms: NormsSource::MinThresholdPerAccount,
        previous_reading_date: Some(date(2012, 3, 31)),
    };
    let (input, amount) =
        calculate_invoice(&invoice, &params, &re_new_readings(), &options).unwrap();
    assert_eq!(
        input.tariff,
        Tariff::tiered(d("12.02"), d("15.84"), d("19.80"))
    );
    // 345 = 115 × 3 residents; 190 per resident.
    assert_eq!(
        input.norms,
        Norms {
            k1: d("115"),
            k2: d("190.00")
        }
    );
    assert_eq!(input.residents, 3);
    assert_eq!(input.day.previous, d("13261.000000"));
    assert_eq!(input.transformation_coefficient, Decimal::ONE); // no TKoef in ReNew
    // K01 = ⌈115 × 30 × 3 / 30.5⌉ = ⌈339.3…⌉ = 340; K02 = ⌈190 × 30 × 3 / 30.5⌉ = ⌈560.6…⌉ = 561.
    assert_eq!((amount.norm1, amount.norm2), (d("340"), d("561")));
    // P = 90 ≤ K01: S = 90 × 12.02 = 1081.80, the invoice's MinCalc.
    assert_eq!(amount.total.to_string(), "1081.80");
    assert_eq!(
        Some(amount.total),
        invoice.invoice_parameters[0]
            .calc
            .as_ref()
            .and_then(|c| c.min_calc)
    );
}

#[test]
fn last_vers_fixture_has_no_electricity() {
    let account = last_vers();
    let err = electricity_input(
        &account.invoices[0],
        &account.calculation_parameters,
        &day_only("1"),
        &defaults(),
    )
    .unwrap_err();
    assert_eq!(err, AdapterError::MissingService { service: 13 });
}

#[test]
fn with_pays_invoice_with_an_electricity_line() {
    let mut account = last_vers_with_pays();
    let invoice = &mut account.invoices[0];
    invoice.invoice_parameters.insert(0, day_line());
    let (input, amount) = calculate_invoice(
        invoice,
        &account.calculation_parameters, // 1 resident
        &day_only("1100"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.residents, 1);
    assert_eq!(amount.total.to_string(), "1400.00");
}

#[test]
fn lines_of_a_re_new_invoice_are_accepted_directly() {
    let account = re_new();
    let err = electricity_input_from_lines(
        &account.invoices[0].invoice_parameters,
        &account.calculation_parameters,
        &re_new_readings(),
        &defaults(),
    )
    .unwrap_err();
    assert!(matches!(err, AdapterError::NormsOutOfOrder { .. }));
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn residents_errors() {
    let one = |id: i32, v: &str| CalculationParameter {
        parameter_id: id,
        parameter_name: None,
        parameter_value: d(v),
    };
    assert_eq!(residents(&[one(1, "3.000")]), Ok(3));
    assert_eq!(residents(&[one(1, "0")]), Ok(0));
    assert_eq!(residents(&[one(1, "2"), one(1, "2.00")]), Ok(2));
    assert_eq!(
        residents(&[one(2, "3")]),
        Err(AdapterError::MissingResidents)
    );
    assert_eq!(
        residents(&[one(1, "2.5")]),
        Err(AdapterError::InvalidResidents { value: d("2.5") })
    );
    assert_eq!(
        residents(&[one(1, "-1")]),
        Err(AdapterError::InvalidResidents { value: d("-1") })
    );
    assert_eq!(
        residents(&[one(1, "5000000000")]),
        Err(AdapterError::InvalidResidents {
            value: d("5000000000")
        })
    );
    assert_eq!(
        residents(&[one(1, "2"), one(1, "3")]),
        Err(AdapterError::ConflictingResidents {
            first: d("2"),
            second: d("3"),
        })
    );
    assert_eq!(
        AdapterError::MissingResidents.to_string(),
        "the account has no CalculationParameter with ParameterId 1 (residents, Q)"
    );
}

#[test]
fn missing_residents_is_reported_by_the_adapter() {
    let e = electricity_input(
        &invoice(vec![day_line()]),
        &[],
        &day_only("1100"),
        &defaults(),
    )
    .unwrap_err();
    assert_eq!(e, AdapterError::MissingResidents);
}

#[test]
fn duplicate_electricity_line() {
    assert_eq!(
        err(vec![day_line(), day_line()], day_only("1100")),
        AdapterError::DuplicateService { service: 13 }
    );
}

#[test]
fn nil_tariff_block_and_values() {
    let mut line = day_line();
    line.tariff = None;
    assert_eq!(
        err(vec![line], day_only("1100")),
        AdapterError::MissingValue {
            service: 13,
            field: WireField::Tariff,
        }
    );
    let mut line = day_line();
    line.tariff.as_mut().unwrap().min_tariff_value = None;
    let e = err(vec![line], day_only("1100"));
    assert_eq!(
        e,
        AdapterError::MissingValue {
            service: 13,
            field: WireField::MinTariffValue,
        }
    );
    assert_eq!(
        e.to_string(),
        "service 13: Tariff/MinTariffValue (Tmin) is nil or absent"
    );
}

#[test]
fn partial_tiered_tariff() {
    let mut line = day_line();
    line.tariff = Some(tariff("10", Some("20"), Some("0.00")));
    let e = err(vec![line], day_only("1100"));
    assert_eq!(
        e,
        AdapterError::PartialTieredTariff {
            service: 13,
            middle: Some(d("20")),
            max: Some(d("0.00")),
        }
    );
    assert_eq!(
        e.to_string(),
        "service 13: Tariff/MiddleTariffValue (Tmid) = 20 and Tariff/MaxTariffValue (Tmax) = \
         0.00: both are needed for a tiered tariff, neither for a time-of-day tariff"
    );
    let mut line = day_line();
    line.tariff = Some(tariff("10", None, Some("30")));
    assert_eq!(
        err(vec![line], day_only("1100")),
        AdapterError::PartialTieredTariff {
            service: 13,
            middle: None,
            max: Some(d("30")),
        }
    );
}

#[test]
fn nil_thresholds_on_a_tiered_tariff() {
    let mut line = day_line();
    line.tariff.as_mut().unwrap().min_tariff_threshold = None;
    assert_eq!(
        err(vec![line], day_only("1100")),
        AdapterError::MissingValue {
            service: 13,
            field: WireField::MinTariffThreshold,
        }
    );
    let mut line = day_line();
    line.tariff.as_mut().unwrap().middle_tariff_threshold = None;
    assert_eq!(
        err(vec![line], day_only("1100")),
        AdapterError::MissingValue {
            service: 13,
            field: WireField::MiddleTariffThreshold,
        }
    );
}

#[test]
fn min_threshold_per_account_must_divide_exactly() {
    let options = AdapterOptions {
        norms: NormsSource::MinThresholdPerAccount,
        ..defaults()
    };
    let mut line = day_line();
    line.tariff.as_mut().unwrap().min_tariff_threshold = Some(d("100"));
    let e = electricity_input(
        &invoice(vec![line.clone()]),
        &q("3"),
        &day_only("1100"),
        &options,
    )
    .unwrap_err();
    assert_eq!(
        e,
        AdapterError::ThresholdNotDivisible {
            threshold: d("100"),
            residents: 3,
        }
    );
    // Exact quotients pass, with decimals too: 345.5 / 5 = 69.1.
    line.tariff.as_mut().unwrap().min_tariff_threshold = Some(d("345.5"));
    let mut wide = line.clone();
    wide.tariff.as_mut().unwrap().middle_tariff_threshold = Some(d("200"));
    let input =
        electricity_input(&invoice(vec![wide]), &q("5"), &day_only("1100"), &options).unwrap();
    assert_eq!(input.norms.k1, d("69.1"));
    // Q = 0: only a zero threshold makes sense.
    let e = electricity_input(
        &invoice(vec![line.clone()]),
        &q("0"),
        &day_only("1100"),
        &options,
    )
    .unwrap_err();
    assert!(matches!(
        e,
        AdapterError::ThresholdNotDivisible { residents: 0, .. }
    ));
    line.tariff.as_mut().unwrap().min_tariff_threshold = Some(d("0.00"));
    let input =
        electricity_input(&invoice(vec![line]), &q("0"), &day_only("1100"), &options).unwrap();
    assert_eq!(input.norms.k1, Decimal::ZERO);
}

#[test]
fn min_threshold_per_account_leaves_order_errors_to_the_calculator() {
    // 600 / 2 = 300 per resident > K2 = 122.
    let options = AdapterOptions {
        norms: NormsSource::MinThresholdPerAccount,
        ..defaults()
    };
    let mut line = day_line();
    line.tariff.as_mut().unwrap().min_tariff_threshold = Some(d("600"));
    let e =
        calculate_invoice(&invoice(vec![line]), &q("2"), &day_only("1100"), &options).unwrap_err();
    assert_eq!(
        e,
        AdapterError::Calc(CalcError::Limit2BelowLimit1 {
            k1: d("300"),
            k2: d("122"),
        })
    );
}

#[test]
fn night_reading_and_night_line_must_match() {
    assert_eq!(
        err(vec![day_line()], two_zone("1100", "550")),
        AdapterError::UnexpectedNightReading
    );
    assert_eq!(
        err(vec![day_line(), night_line()], day_only("1100")),
        AdapterError::MissingNightReading
    );
    assert_eq!(
        err(
            vec![day_line(), night_line(), night_line()],
            two_zone("1100", "550")
        ),
        AdapterError::DuplicateService { service: 23 }
    );
}

#[test]
fn night_line_must_share_the_meter_and_tariff() {
    let mut night = night_line();
    night.t_koef = Some(d("2"));
    let e = err(vec![day_line(), night], two_zone("1100", "550"));
    assert_eq!(
        e,
        AdapterError::NightDiffers {
            field: WireField::TKoef,
            day: "1.00".into(),
            night: "2".into(),
        }
    );
    assert_eq!(
        e.to_string(),
        "service 23: TKoef (KT) = 2 differs from service 13's 1.00: a two-zone meter is one \
         meter on one tariff"
    );

    let mut night = night_line();
    night.tariff.as_mut().unwrap().max_tariff_value = Some(d("31"));
    assert_eq!(
        err(vec![day_line(), night], two_zone("1100", "550")),
        AdapterError::NightDiffers {
            field: WireField::MaxTariffValue,
            day: "30".into(),
            night: "31".into(),
        }
    );

    let mut night = night_line();
    night.tariff.as_mut().unwrap().min_tariff_value = Some(d("9"));
    assert!(matches!(
        err(vec![day_line(), night], two_zone("1100", "550")),
        AdapterError::NightDiffers {
            field: WireField::MinTariffValue,
            ..
        }
    ));

    let mut night = night_line();
    night.prev_count_date = Some(dt("2025-03-30T00:00:00"));
    assert_eq!(
        err(vec![day_line(), night], two_zone("1100", "550")),
        AdapterError::NightDiffers {
            field: WireField::PrevCountDate,
            day: "2025-03-31".into(),
            night: "2025-03-30".into(),
        }
    );

    // A night line without its own tariff, KT or date takes the day's.
    let mut night = night_line();
    night.tariff = None;
    night.t_koef = None;
    night.prev_count_date = None;
    let input = electricity_input(
        &invoice(vec![day_line(), night]),
        &q("1"),
        &two_zone("1100", "550"),
        &defaults(),
    )
    .unwrap();
    assert_eq!(input.night.unwrap().tariff_min, None);
}

#[test]
fn time_of_day_night_needs_its_rate() {
    let mut day = day_line();
    day.tariff = Some(tariff("20.78", None, None));
    let mut night = night_line();
    night.tariff = None;
    assert_eq!(
        err(vec![day, night], two_zone("1100", "550")),
        AdapterError::MissingValue {
            service: 23,
            field: WireField::MinTariffValue,
        }
    );
}

#[test]
fn calculator_errors_are_wrapped() {
    // X < Y: readings go backwards.
    let e = calculate_invoice(
        &invoice(vec![day_line()]),
        &q("1"),
        &day_only("999"),
        &defaults(),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        AdapterError::Calc(CalcError::ReadingsBackwards { .. })
    ));
    // N before D.
    let readings = NewReadings {
        date: date(2025, 3, 1),
        ..day_only("1100")
    };
    let e =
        calculate_invoice(&invoice(vec![day_line()]), &q("1"), &readings, &defaults()).unwrap_err();
    assert!(matches!(
        e,
        AdapterError::Calc(CalcError::ReadingDateBeforePrevious { .. })
    ));
}

#[test]
fn wire_field_names() {
    assert_eq!(
        WireField::MiddleTariffThreshold.to_string(),
        "Tariff/MiddleTariffThreshold (K2)"
    );
    assert_eq!(WireField::PrevCount.path(), "PrevCount");
    assert_eq!(WireField::TKoef.letter(), "KT");
}
