//! Tests of `alseco_client::documents`: payment documents from decoded invoices.

use alseco_client::calc::adapter::{AdapterError, AdapterOptions, NewReadings};
use alseco_client::documents::{
    CounterReading, DocumentError, Payment, PaymentBuilder, PaymentLine, SumSource,
    format_dotted_date, parse_dotted_date, wire_date_time,
};
use alseco_types::messages::Pay;
use alseco_types::operation::encode_request;
use alseco_types::scalars::DateTime;
use alseco_types::soap::SoapVersion;
use alseco_types::types::{
    AccountInvoicesLastVers, CalculationParameter, CheckCount, InvoiceLastVers,
    InvoiceParametersReNew, LastCountInfo, PaymentDocument, PaymentParameter, TariffReNew,
};
use jiff::civil::date;
use rust_decimal::Decimal;

use crate::spec_fixtures::{d, last_vers, last_vers_with_pays, pay_document};

fn when() -> DateTime {
    "2017-04-10T12:30:00.1234567+06:00".parse().unwrap()
}

fn build(account: &AccountInvoicesLastVers) -> PaymentBuilder<'_> {
    PaymentBuilder::new(account, &account.invoices[0], "BANK-42", when())
}

// ---- from the spec's fixtures ----------------------------------------------------------------

#[test]
fn last_vers_fixture_defaults_to_fix_sums_and_invoice_readings() {
    let account = last_vers();
    let payment = build(&account).build().unwrap();
    assert_eq!(payment.account_id(), 600970);
    assert_eq!(payment.invoice_id(), "6666");
    assert_eq!(payment.sys_ref(), "BANK-42");
    assert_eq!(payment.payment_date(), when());
    assert_eq!(payment.electricity(), None);
    assert_eq!(
        payment.lines(),
        [
            // Gas: IsCounterService false → no readings.
            PaymentLine {
                service_id: 37,
                pay_counts: Decimal::ZERO,
                last_counts: Decimal::ZERO,
                last_count_date: None,
                pay_sum: d("763.25"),
            },
            // Cold water: FixCount, LastCount, LastCountDateAlseco (its reading is LastCount).
            PaymentLine {
                service_id: 12,
                pay_counts: d("12.540"),
                last_counts: d("975.000"),
                last_count_date: Some(date(2017, 3, 31)),
                pay_sum: d("1329.07"),
            },
        ]
    );
    assert_eq!(payment.total().to_string(), "2092.32");

    let document = payment.to_document();
    assert_eq!(
        document,
        PaymentDocument {
            account_id: 600970,
            invoice_id: Some("6666".into()),
            payment_date: when(),
            sys_ref: Some("BANK-42".into()),
            payment_parameters: vec![
                PaymentParameter {
                    service_id: 37,
                    pay_counts: Decimal::ZERO,
                    last_counts: Decimal::ZERO,
                    last_count_date: None,
                    pay_sum: d("763.25"),
                },
                PaymentParameter {
                    service_id: 12,
                    pay_counts: d("12.540"),
                    last_counts: d("975.000"),
                    last_count_date: Some("31.03.2017".into()),
                    pay_sum: d("1329.07"),
                },
            ],
        }
    );
    assert_eq!(PaymentDocument::from(&payment), document);
    assert_eq!(PaymentDocument::from(payment), document);
}

#[test]
fn the_document_encodes_as_the_spec_shows() {
    let account = last_vers();
    let payment = build(&account).build().unwrap();
    let request = Pay {
        payment_documents: vec![payment.into()],
        bank_code: Some("ALSC".into()),
    };
    let xml = String::from_utf8(encode_request(SoapVersion::Soap11, &request).unwrap()).unwrap();
    for expected in [
        "<AccountId>600970</AccountId>",
        "<InvoiceId>6666</InvoiceId>",
        "<PaymentDate>2017-04-10T12:30:00.1234567+06:00</PaymentDate>",
        "<LastCountDate>31.03.2017</LastCountDate>",
        "<PaySum>1329.07</PaySum>",
    ] {
        assert!(xml.contains(expected), "{expected} not in {xml}");
    }
}

#[test]
fn with_pays_fixture_pays_the_net_fix_sum() {
    // FixSum 0.00 is already net of the PaySum 977.35 paid this month.
    let account = last_vers_with_pays();
    let payment = build(&account).build().unwrap();
    assert_eq!(payment.invoice_id(), "241010988797");
    assert_eq!(payment.lines().len(), 1);
    assert_eq!(payment.lines()[0].pay_sum, d("0.00"));
    assert_eq!(payment.total(), Decimal::ZERO);
    // The service can still be paid explicitly.
    let payment = build(&account).sum(37, d("977.35")).build().unwrap();
    assert_eq!(payment.total().to_string(), "977.35");
    assert_eq!(
        payment.invoice_number().unwrap().period().to_string(),
        "2024-10"
    );
}

#[test]
fn pay_request_fixture_round_trips_through_hand_built_lines() {
    let expected = pay_document();
    let invoice = InvoiceLastVers {
        invoce_id: Some("777777".into()),
        invoice_parameters: vec![
            InvoiceParametersReNew {
                service_id: 36,
                ..Default::default()
            },
            InvoiceParametersReNew {
                service_id: 37,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let account = AccountInvoicesLastVers {
        account_id: 444333,
        invoices: vec![invoice.clone()],
        ..Default::default()
    };
    let line = |service_id| PaymentLine {
        service_id,
        pay_counts: d("20"),
        last_counts: d("120"),
        last_count_date: Some(date(2010, 6, 15)),
        pay_sum: d("100"),
    };
    let payment = Payment::from_lines(
        &account,
        &invoice,
        "1",
        expected.payment_date,
        vec![line(36), line(37)],
    )
    .unwrap();
    assert_eq!(payment.total(), d("200"));
    assert_eq!(payment.to_document(), expected);
    assert!(payment.invoice_number().is_err()); // "777777": month 77 is a placeholder
}

#[test]
fn placeholder_invoice_ids_are_sent_unchanged_but_do_not_parse() {
    let account = last_vers();
    let payment = build(&account).build().unwrap();
    assert!(payment.invoice_number().is_err()); // "6666" is too short
}

// ---- overrides -------------------------------------------------------------------------------

#[test]
fn sum_override_replaces_fix_sum() {
    let account = last_vers();
    let payment = build(&account)
        .sum(37, d("500"))
        .sum(37, d("600")) // the last one counts
        .build()
        .unwrap();
    assert_eq!(payment.line(37).unwrap().pay_sum, d("600"));
    assert_eq!(payment.total().to_string(), "1929.07");
}

#[test]
fn reading_override_replaces_invoice_readings() {
    let account = last_vers();
    let reading = CounterReading {
        last_counts: d("980"),
        pay_counts: d("17.540"),
        date: Some(date(2017, 4, 9)),
    };
    let payment = build(&account).reading(12, reading).build().unwrap();
    let water = payment.line(12).unwrap();
    assert_eq!(
        (water.last_counts, water.pay_counts, water.last_count_date),
        (d("980"), d("17.540"), Some(date(2017, 4, 9)))
    );
    assert_eq!(water.pay_sum, d("1329.07"));
}

#[test]
fn nil_fix_sum_pays_zero() {
    let mut account = last_vers();
    account.invoices[0].invoice_parameters[0].fix_sum = None;
    let payment = build(&account).build().unwrap();
    assert_eq!(payment.line(37).unwrap().pay_sum, Decimal::ZERO);
    assert_eq!(payment.total(), d("1329.07"));
}

#[test]
fn last_count_date_follows_the_reading_sent() {
    let mut account = last_vers();
    let water = &mut account.invoices[0].invoice_parameters[1];
    water.check_count = Some(CheckCount {
        last_count: Some(LastCountInfo {
            last_count_abonent: Some(d("975")),
            last_count_alseco: Some(d("970")),
            last_count_date_abonent: Some("2017-04-02T10:36:00".parse().unwrap()),
            last_count_date_alseco: Some("2017-03-31T00:00:00".parse().unwrap()),
        }),
        ..Default::default()
    });
    let payment = build(&account).build().unwrap();
    assert_eq!(
        payment.line(12).unwrap().last_count_date,
        Some(date(2017, 4, 2))
    );
    // No reading matches LastCount: ALSECO's date; none at all: no date.
    let water = &mut account.invoices[0].invoice_parameters[1];
    water.last_count = Some(d("1"));
    let payment = build(&account).build().unwrap();
    assert_eq!(
        payment.line(12).unwrap().last_count_date,
        Some(date(2017, 3, 31))
    );
    account.invoices[0].invoice_parameters[1].check_count = None;
    let payment = build(&account).build().unwrap();
    assert_eq!(payment.line(12).unwrap().last_count_date, None);
}

// ---- electricity -----------------------------------------------------------------------------

/// An account whose invoice has electricity (13, 23: two-zone, tiered 10/20/30, K1 61, K2 122,
/// Y 1000 / Y1 500, D 2025-03-31) and gas (37, FixSum 977.35); one resident.
fn electricity_account() -> AccountInvoicesLastVers {
    let day = InvoiceParametersReNew {
        service_id: 13,
        is_counter_service: true,
        tariff: Some(TariffReNew {
            min_tariff_value: Some(d("10")),
            middle_tariff_value: Some(d("20")),
            max_tariff_value: Some(d("30")),
            min_tariff_threshold: Some(d("61")),
            middle_tariff_threshold: Some(d("122")),
        }),
        prev_count: Some(d("1000")),
        last_count: Some(d("1050")),
        fix_count: Some(d("50")),
        fix_sum: Some(d("500.00")),
        prev_count_date: Some("2025-03-31T00:00:00".parse().unwrap()),
        ..Default::default()
    };
    let night = InvoiceParametersReNew {
        service_id: 23,
        prev_count: Some(d("500")),
        last_count: Some(d("510")),
        fix_count: Some(d("10")),
        fix_sum: Some(d("100.00")),
        ..day.clone()
    };
    let gas = InvoiceParametersReNew {
        service_id: 37,
        fix_sum: Some(d("977.35")),
        ..Default::default()
    };
    let invoice = InvoiceLastVers {
        invoce_id: Some("2504123456789".into()),
        invoice_parameters: vec![day, night, gas],
        ..Default::default()
    };
    AccountInvoicesLastVers {
        account_id: 600970,
        invoices: vec![invoice],
        calculation_parameters: vec![CalculationParameter {
            parameter_id: 1,
            parameter_name: None,
            parameter_value: d("1.000"),
        }],
        ..Default::default()
    }
}

fn new_readings() -> NewReadings {
    NewReadings {
        day: d("1100"),
        night: Some(d("550")),
        date: date(2025, 4, 30),
    }
}

#[test]
fn electricity_lines_come_from_the_calculator() {
    let account = electricity_account();
    let payment = build(&account)
        .electricity(new_readings(), AdapterOptions::default())
        .build()
        .unwrap();
    assert_eq!(
        payment.lines(),
        [
            PaymentLine {
                service_id: 13,
                pay_counts: d("100"),
                last_counts: d("1100"),
                last_count_date: Some(date(2025, 4, 30)),
                pay_sum: d("1400.00"),
            },
            PaymentLine {
                service_id: 23,
                pay_counts: d("50"),
                last_counts: d("550"),
                last_count_date: Some(date(2025, 4, 30)),
                pay_sum: d("1300.00"),
            },
            PaymentLine::sum_only(37, d("977.35")),
        ]
    );
    assert_eq!(payment.total().to_string(), "3677.35");
    assert_eq!(payment.electricity().unwrap().total.to_string(), "2700.00");
    let wire = payment.to_document();
    assert_eq!(
        wire.payment_parameters[1].last_count_date.as_deref(),
        Some("30.04.2025")
    );
}

#[test]
fn without_new_readings_electricity_pays_its_fix_sum() {
    let account = electricity_account();
    let payment = build(&account).build().unwrap();
    let day = payment.line(13).unwrap();
    assert_eq!(
        (day.pay_counts, day.last_counts, day.pay_sum),
        (d("50"), d("1050"), d("500.00"))
    );
}

#[test]
fn an_override_wins_over_the_calculated_amount() {
    let account = electricity_account();
    let payment = build(&account)
        .electricity(new_readings(), AdapterOptions::default())
        .sum(13, d("2000"))
        .build()
        .unwrap();
    let day = payment.line(13).unwrap();
    assert_eq!((day.last_counts, day.pay_sum), (d("1100"), d("2000")));
    assert_eq!(payment.total().to_string(), "4277.35");
}

#[test]
fn electricity_errors_are_wrapped() {
    let account = last_vers();
    let e = build(&account)
        .electricity(new_readings(), AdapterOptions::default())
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        DocumentError::Electricity(AdapterError::MissingService { service: 13 })
    );
    assert_eq!(
        e.to_string(),
        "electricity: the invoice has no service 13 (electricity)"
    );

    let account = electricity_account();
    let e = build(&account)
        .electricity(
            NewReadings {
                night: None,
                ..new_readings()
            },
            AdapterOptions::default(),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        DocumentError::Electricity(AdapterError::MissingNightReading)
    );
}

#[test]
fn readings_twice_for_electricity_conflict() {
    let account = electricity_account();
    let reading = CounterReading {
        last_counts: d("1"),
        pay_counts: d("1"),
        date: None,
    };
    let e = build(&account)
        .electricity(new_readings(), AdapterOptions::default())
        .reading(23, reading)
        .build()
        .unwrap_err();
    assert_eq!(e, DocumentError::ConflictingReadings { service_id: 23 });
}

// ---- refusals --------------------------------------------------------------------------------

#[test]
fn unknown_service() {
    let account = last_vers();
    let e = build(&account).sum(13, d("1")).build().unwrap_err();
    assert_eq!(e, DocumentError::UnknownService { service_id: 13 });
    assert_eq!(e.to_string(), "service 13 is not on the invoice");
    let reading = CounterReading {
        last_counts: d("1"),
        pay_counts: d("1"),
        date: None,
    };
    let e = build(&account).reading(99, reading).build().unwrap_err();
    assert_eq!(e, DocumentError::UnknownService { service_id: 99 });
}

#[test]
fn negative_sums() {
    let account = last_vers();
    let e = build(&account).sum(12, d("-0.01")).build().unwrap_err();
    assert_eq!(
        e,
        DocumentError::NegativeSum {
            service_id: 12,
            sum: d("-0.01"),
            origin: SumSource::Override,
        }
    );
    assert_eq!(
        e.to_string(),
        "service 12: PaySum -0.01 (given by the caller) is negative"
    );

    let mut account = last_vers();
    account.invoices[0].invoice_parameters[0].fix_sum = Some(d("-15.00"));
    let e = build(&account).build().unwrap_err();
    assert_eq!(
        e,
        DocumentError::NegativeSum {
            service_id: 37,
            sum: d("-15.00"),
            origin: SumSource::FixSum,
        }
    );
    // Overriding it with 0 is the caller's explicit choice.
    assert!(build(&account).sum(37, Decimal::ZERO).build().is_ok());
}

#[test]
fn sums_below_a_tiyn() {
    let account = last_vers();
    let e = build(&account).sum(12, d("10.005")).build().unwrap_err();
    assert_eq!(
        e,
        DocumentError::TooManyDecimals {
            service_id: 12,
            sum: d("10.005"),
            origin: SumSource::Override,
        }
    );
    // Trailing zeros are fine.
    assert!(build(&account).sum(12, d("10.5000")).build().is_ok());
}

#[test]
fn invoice_of_another_account() {
    let account = last_vers();
    let other = last_vers_with_pays(); // same AccountId, another invoice
    let e = PaymentBuilder::new(&account, &other.invoices[0], "R", when())
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        DocumentError::InvoiceNotOfAccount {
            account_id: 600970,
            invoice_id: Some("241010988797".into()),
        }
    );
    assert_eq!(
        e.to_string(),
        "invoice \"241010988797\" is not an invoice of account 600970"
    );
}

#[test]
fn missing_invoice_id_sys_ref_and_offset() {
    let mut account = last_vers();
    account.invoices[0].invoce_id = Some("  ".into());
    let e = build(&account).build().unwrap_err();
    assert_eq!(e, DocumentError::MissingInvoiceId { account_id: 600970 });

    let account = last_vers();
    let e = PaymentBuilder::new(&account, &account.invoices[0], " ", when())
        .build()
        .unwrap_err();
    assert_eq!(e, DocumentError::EmptySysRef);

    let local: DateTime = "2017-04-10T12:30:00".parse().unwrap();
    let e = PaymentBuilder::new(&account, &account.invoices[0], "R", local)
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        DocumentError::PaymentDateWithoutOffset {
            payment_date: local
        }
    );
    let utc: DateTime = "2017-04-10T06:30:00Z".parse().unwrap();
    assert!(
        PaymentBuilder::new(&account, &account.invoices[0], "R", utc)
            .build()
            .is_ok()
    );
}

#[test]
fn a_service_twice_on_the_invoice() {
    let mut account = last_vers();
    let twice = account.invoices[0].invoice_parameters[1].clone();
    account.invoices[0].invoice_parameters.push(twice);
    let e = build(&account).build().unwrap_err();
    assert_eq!(e, DocumentError::DuplicateService { service_id: 12 });
}

#[test]
fn hand_built_lines_must_be_the_invoice_services() {
    let account = last_vers();
    let invoice = &account.invoices[0];
    let lines = |ids: &[i32]| -> Vec<PaymentLine> {
        ids.iter()
            .map(|&s| PaymentLine::sum_only(s, d("1")))
            .collect()
    };
    let from = |l| Payment::from_lines(&account, invoice, "R", when(), l);

    assert_eq!(
        from(lines(&[37])).unwrap_err(),
        DocumentError::MissingService { service_id: 12 }
    );
    assert_eq!(
        from(lines(&[37, 12, 13])).unwrap_err(),
        DocumentError::UnknownService { service_id: 13 }
    );
    assert_eq!(
        from(lines(&[37, 12, 37])).unwrap_err(),
        DocumentError::DuplicateService { service_id: 37 }
    );
    let mut negative = lines(&[37, 12]);
    negative[1].pay_sum = d("-1");
    assert_eq!(
        from(negative).unwrap_err(),
        DocumentError::NegativeSum {
            service_id: 12,
            sum: d("-1"),
            origin: SumSource::Line,
        }
    );
    // Any order of the invoice's services is accepted and kept.
    let payment = from(lines(&[12, 37])).unwrap();
    assert_eq!(payment.lines()[0].service_id, 12);
    assert_eq!(payment.total(), d("2"));

    let other = last_vers_with_pays();
    assert!(matches!(
        Payment::from_lines(&account, &other.invoices[0], "R", when(), lines(&[37])),
        Err(DocumentError::InvoiceNotOfAccount { .. })
    ));
}

// ---- helpers ---------------------------------------------------------------------------------

#[test]
fn dotted_dates() {
    assert_eq!(format_dotted_date(date(2010, 6, 15)), "15.06.2010");
    assert_eq!(format_dotted_date(date(987, 1, 2)), "02.01.0987");
    assert_eq!(parse_dotted_date(" 15.06.2010 "), Some(date(2010, 6, 15)));
    for bad in [
        "",
        "15.6.2010",
        "15-06-2010",
        "32.01.2010",
        "29.02.2023",
        "aa.bb.cccc",
    ] {
        assert_eq!(parse_dotted_date(bad), None, "{bad:?}");
    }
    assert_eq!(parse_dotted_date("29.02.2024"), Some(date(2024, 2, 29)));
}

#[test]
fn wire_date_time_from_astana_time() {
    let zoned: jiff::Zoned = "2025-04-10T09:15:00.5[Asia/Almaty]".parse().unwrap();
    assert_eq!(
        wire_date_time(&zoned).unwrap().to_string(),
        "2025-04-10T09:15:00.5000000+05:00"
    );
    let utc: jiff::Zoned = "2025-04-10T04:15:00[UTC]".parse().unwrap();
    assert_eq!(
        wire_date_time(&utc).unwrap().to_string(),
        "2025-04-10T04:15:00.0000000+00:00"
    );
}
