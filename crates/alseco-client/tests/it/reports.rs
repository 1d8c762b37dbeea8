//! Tests of `alseco_client::reports`: GetPaymentsNKR and GetReport108e as rows and CSV.

use alseco_client::reports::form108e::{self, Form108eError, Form108eRow};
use alseco_client::reports::nkr::{self, NkrError, NkrField, NkrPaymentKind, NkrRow};
use alseco_client::reports::{KnownServiceMessage, ReportError, ServiceError, check_result};
use alseco_types::scalars::{AnyValue, XsiType};
use alseco_types::types::{Form108eItems, Item, PaymentsNKRResult, Report108eResult};
use jiff::civil::date;

use crate::spec_fixtures::{d, nkr, report108e};

// ---- result check ----------------------------------------------------------------------------

#[test]
fn success_texts() {
    assert_eq!(check_result(Some("sucsess"), None), Ok(()));
    assert_eq!(check_result(Some(" Sucsess\n"), Some("")), Ok(()));
    assert_eq!(check_result(Some("success"), None), Ok(()));
    // `result` decides: a message next to a success is ignored.
    assert_eq!(check_result(Some("sucsess"), Some("Нет данных")), Ok(()));
}

#[test]
fn failures_carry_the_service_text() {
    let e = check_result(Some("error"), Some(" Нет данных за выбранный день ")).unwrap_err();
    assert_eq!(
        e,
        ServiceError {
            result: Some("error".into()),
            message: Some("Нет данных за выбранный день".into()),
        }
    );
    assert_eq!(e.known(), Some(KnownServiceMessage::NoDataForDay));
    assert_eq!(
        e.to_string(),
        "the service answered \"error\": Нет данных за выбранный день"
    );

    let e = check_result(None, Some("")).unwrap_err();
    assert_eq!(
        e,
        ServiceError {
            result: None,
            message: None,
        }
    );
    assert_eq!(e.known(), None);
    assert_eq!(
        e.to_string(),
        "the service answered without a result and no error message"
    );

    let e = check_result(Some(""), Some("Что-то новое")).unwrap_err();
    assert_eq!(e.known(), None);
}

#[test]
fn known_messages_round_trip() {
    for (text, known) in [
        (
            "Дата раньше 1 ноября 2019 г.",
            KnownServiceMessage::DateBeforeNovember2019,
        ),
        (
            "Месяц позже текущего",
            KnownServiceMessage::MonthAfterCurrent,
        ),
        ("Не найден банк", KnownServiceMessage::BankNotFound),
        ("День не отмечен", KnownServiceMessage::DayNotMarked),
        (
            "Нет данных за выбранный день",
            KnownServiceMessage::NoDataForDay,
        ),
        (
            "Дата позже текущего дня",
            KnownServiceMessage::DateNotBeforeToday,
        ),
    ] {
        assert_eq!(KnownServiceMessage::from_text(text), Some(known));
        assert_eq!(known.text(), text);
    }
}

// ---- GetPaymentsNKR --------------------------------------------------------------------------

fn fixture_row() -> NkrRow {
    NkrRow {
        row: 1,
        town: "г.Алматы".into(),
        street: "ул. Абая".into(),
        house: "10".into(),
        flat: "25".into(),
        calc_account: "KZ86125KZT5004100100".into(),
        sum_paid: d("1638.00"),
        sum_transferred: d("1625.71"),
        kind: NkrPaymentKind::Payment,
        unknown: vec![],
    }
}

#[test]
fn nkr_fixture_rows() {
    let rows = nkr::nkr_report(Some(&nkr())).unwrap();
    assert_eq!(rows, [fixture_row()]);
    assert_eq!(rows[0].sum_paid.to_string(), "1638.00");
}

#[test]
fn nkr_fixture_csv() {
    let rows = nkr::nkr_report(Some(&nkr())).unwrap();
    assert_eq!(
        nkr::to_csv(&rows).unwrap(),
        "RowN,TownName,StreetName,HouseId,FlatNumber,CalcAccount,SumPay,SumTrans,TypePay\n\
         1,г.Алматы,ул. Абая,10,25,KZ86125KZT5004100100,1638.00,1625.71,0\n"
    );
    let mut out = Vec::new();
    nkr::write_csv(&[], &mut out).unwrap();
    assert_eq!(
        out,
        b"RowN,TownName,StreetName,HouseId,FlatNumber,CalcAccount,SumPay,SumTrans,TypePay\n"
    );
}

fn item(row: i32, name: &str, ty: &str, text: &str) -> Item {
    Item {
        row_n: row,
        name: Some(name.into()),
        val: Some(AnyValue::new(XsiType::xsd(ty), text)),
    }
}

/// A complete row: `town`, `SumPay` `sum`, `TypePay` `type_pay`.
fn row_items(row: i32, town: &str, sum: &str, type_pay: &str) -> Vec<Item> {
    vec![
        item(row, "TownName", "string", town),
        item(row, "StreetName", "string", "ул. Сатпаева"),
        item(row, "HouseId", "string", "5а"),
        item(row, "FlatNumber", "string", "1"),
        item(row, "CalcAccount", "string", "KZ00"),
        item(row, "SumPay", "decimal", sum),
        item(row, "SumTrans", "decimal", "0"),
        item(row, "TypePay", "int", type_pay),
    ]
}

#[test]
fn nkr_rows_are_ordered_by_row_number_and_kinds_read() {
    // Rows 3, 1, 2, with row 1's items interleaved with row 2's.
    let mut items = row_items(3, "Астана", "3", "1");
    let one = row_items(1, "Алматы", "1", "0");
    let two = row_items(2, "Шымкент", "2.50", "0");
    for (a, b) in one.into_iter().zip(two) {
        items.push(b);
        items.push(a);
    }
    let rows = nkr::parse_items(&items).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.row, r.town.as_str(), r.sum_paid.to_string(), r.kind))
            .collect::<Vec<_>>(),
        [
            (1, "Алматы", "1".to_owned(), NkrPaymentKind::Payment),
            (2, "Шымкент", "2.50".to_owned(), NkrPaymentKind::Payment),
            (3, "Астана", "3".to_owned(), NkrPaymentKind::Transfer),
        ]
    );
    assert_eq!(
        nkr::to_csv(&rows).unwrap().lines().nth(3),
        Some("3,Астана,ул. Сатпаева,5а,1,KZ00,3,0,1")
    );
}

#[test]
fn nkr_unknown_names_are_kept() {
    let mut items = row_items(1, "Алматы", "1", "0");
    let extra = item(1, "Comment", "string", "новое поле");
    items.insert(2, extra.clone());
    let rows = nkr::parse_items(&items).unwrap();
    assert_eq!(rows[0].unknown, [extra]);
    // Not in the CSV.
    assert!(!nkr::to_csv(&rows).unwrap().contains("новое"));
}

#[test]
fn nkr_text_without_val_is_empty_and_type_is_not_checked() {
    let mut items = row_items(1, "Алматы", "1", "0");
    items[3].val = None; // FlatNumber
    items[5] = item(1, "SumPay", "string", "12.30"); // decimal text typed as string
    let rows = nkr::parse_items(&items).unwrap();
    assert_eq!(rows[0].flat, "");
    assert_eq!(rows[0].sum_paid, d("12.30"));
}

#[test]
fn nkr_missing_field() {
    let mut items = row_items(4, "Алматы", "1", "0");
    items.retain(|i| i.name.as_deref() != Some("CalcAccount"));
    let e = nkr::parse_items(&items).unwrap_err();
    assert_eq!(
        e,
        NkrError::Missing {
            row: 4,
            field: NkrField::CalcAccount,
        }
    );
    assert_eq!(e.to_string(), "NKR row 4: field CalcAccount is missing");
}

#[test]
fn nkr_duplicated_field() {
    let mut items = row_items(2, "Алматы", "1", "0");
    items.push(item(2, "SumTrans", "decimal", "5"));
    let e = nkr::parse_items(&items).unwrap_err();
    assert_eq!(
        e,
        NkrError::Duplicated {
            row: 2,
            field: NkrField::SumTrans,
        }
    );
    assert_eq!(
        e.to_string(),
        "NKR row 2: field SumTrans appears more than once"
    );
}

#[test]
fn nkr_mistyped_fields() {
    let e = nkr::parse_items(&row_items(1, "Алматы", "1 638,00", "0")).unwrap_err();
    assert_eq!(
        e,
        NkrError::Mistyped {
            row: 1,
            field: NkrField::SumPay,
            value: "1 638,00".into(),
            expected: "a decimal",
        }
    );
    assert_eq!(
        e.to_string(),
        "NKR row 1: field SumPay = \"1 638,00\" is not a decimal"
    );

    let e = nkr::parse_items(&row_items(7, "Алматы", "1", "2")).unwrap_err();
    assert_eq!(
        e,
        NkrError::Mistyped {
            row: 7,
            field: NkrField::TypePay,
            value: "2".into(),
            expected: "0 (payment) or 1 (transfer)",
        }
    );

    let mut items = row_items(1, "Алматы", "1", "0");
    items[7].val = None;
    assert_eq!(
        nkr::parse_items(&items).unwrap_err(),
        NkrError::Mistyped {
            row: 1,
            field: NkrField::TypePay,
            value: String::new(),
            expected: "0 (payment) or 1 (transfer)",
        }
    );

    let mut items = row_items(1, "Алматы", "1", "0");
    items[6] = item(1, "SumTrans", "decimal", "abc");
    assert!(matches!(
        nkr::parse_items(&items).unwrap_err(),
        NkrError::Mistyped {
            field: NkrField::SumTrans,
            ..
        }
    ));
}

#[test]
fn nkr_unnamed_item() {
    let mut items = row_items(9, "Алматы", "1", "0");
    items[0].name = None;
    assert_eq!(
        nkr::parse_items(&items).unwrap_err(),
        NkrError::Unnamed { row: 9 }
    );
}

#[test]
fn nkr_service_failure_and_no_result() {
    let failed = PaymentsNKRResult {
        result: Some("error".into()),
        error_message: Some("Дата позже текущего дня".into()),
        ..Default::default()
    };
    let e = nkr::nkr_report(Some(&failed)).unwrap_err();
    let ReportError::Service(service) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        service.known(),
        Some(KnownServiceMessage::DateNotBeforeToday)
    );
    assert_eq!(
        e.to_string(),
        "the service answered \"error\": Дата позже текущего дня"
    );
    assert_eq!(nkr::nkr_report(None).unwrap_err(), ReportError::NoResult);

    let mut bad = nkr();
    bad.result_list[5].val = Some(AnyValue::new(XsiType::xsd("decimal"), "x"));
    assert!(matches!(
        nkr::nkr_report(Some(&bad)).unwrap_err(),
        ReportError::Nkr(NkrError::Mistyped { row: 1, .. })
    ));
}

// ---- GetReport108e ---------------------------------------------------------------------------

fn fixture_108e_row() -> Form108eRow {
    Form108eRow {
        date: date(2019, 11, 1),
        bank_bic: "ВВВВ".into(),
        account_number: "ААААА".into(),
        district_code: String::new(),
        bin: "44444".into(),
        amount: d("12242.57"),
        recipient_name: "ТОО \"Алма Домофон\"".into(),
        purpose: "ЗА ДОМОФОН".into(),
        budget_code: String::new(),
        flag: Some(false),
        kbe: "17".into(),
        knp: "856".into(),
        payer_iin: String::new(),
        payer_name: String::new(),
        service_id: Some(128),
    }
}

#[test]
fn report108e_fixture_rows() {
    let rows = form108e::form108e_report(Some(&report108e())).unwrap();
    assert_eq!(rows, [fixture_108e_row()]);
}

#[test]
fn report108e_fixture_csv() {
    let rows = form108e::form108e_report(Some(&report108e())).unwrap();
    assert_eq!(
        form108e::to_csv(&rows).unwrap(),
        "DAT,KODBN,NUMRS,TSH,BIN,SUMP,NAME_POL,NAZN_PL,KODD,FL,KBE,KNP,IIN_ABON,FIO,SERV_ID\n\
         2019-11-01,ВВВВ,ААААА,,44444,12242.57,\"ТОО \"\"Алма Домофон\"\"\",ЗА ДОМОФОН,,false,17,856,,,128\n"
    );
}

#[test]
fn report108e_nil_flag_and_service_are_empty_in_csv() {
    let row = Form108eRow {
        flag: None,
        service_id: None,
        recipient_name: "A, B".into(),
        ..fixture_108e_row()
    };
    assert_eq!(
        form108e::to_csv(&[row]).unwrap().lines().nth(1),
        Some("2019-11-01,ВВВВ,ААААА,,44444,12242.57,\"A, B\",ЗА ДОМОФОН,,,17,856,,,")
    );
}

#[test]
fn report108e_date_errors() {
    let ok = Form108eItems {
        dat: Some("01.11.2019".into()),
        ..Default::default()
    };
    let items = [
        ok.clone(),
        ok.clone(),
        Form108eItems {
            dat: None,
            ..Default::default()
        },
    ];
    let e = form108e::parse_items(&items).unwrap_err();
    assert_eq!(
        e,
        Form108eError::Missing {
            index: 2,
            field: "DAT"
        }
    );
    assert_eq!(e.to_string(), "108e row 2: field DAT is missing");

    let blank = Form108eItems {
        dat: Some(" ".into()),
        ..Default::default()
    };
    assert_eq!(
        form108e::parse_items(&[blank]).unwrap_err(),
        Form108eError::Missing {
            index: 0,
            field: "DAT"
        }
    );

    let bad = Form108eItems {
        dat: Some("31.11.2019".into()),
        ..Default::default()
    };
    assert_eq!(
        form108e::parse_items(&[ok, bad]).unwrap_err(),
        Form108eError::Mistyped {
            index: 1,
            field: "DAT",
            value: "31.11.2019".into(),
            expected: "a date dd.MM.yyyy",
        }
    );
}

#[test]
fn report108e_service_failure_and_no_result() {
    let failed = Report108eResult {
        result: Some("error".into()),
        error_message: Some("Дата раньше 1 ноября 2019 г.".into()),
        ..Default::default()
    };
    let e = form108e::form108e_report(Some(&failed)).unwrap_err();
    assert!(matches!(
        &e,
        ReportError::Service(s) if s.known() == Some(KnownServiceMessage::DateBeforeNovember2019)
    ));
    assert_eq!(
        form108e::form108e_report(None).unwrap_err(),
        ReportError::NoResult
    );

    let mut bad = report108e();
    bad.list[0].dat = Some("2019-11-01".into());
    assert_eq!(
        form108e::form108e_report(Some(&bad)).unwrap_err(),
        ReportError::Form108e(Form108eError::Mistyped {
            index: 0,
            field: "DAT",
            value: "2019-11-01".into(),
            expected: "a date dd.MM.yyyy",
        })
    );

    // Success with an empty list: no rows, a header-only CSV.
    let empty = Report108eResult {
        result: Some("sucsess".into()),
        ..Default::default()
    };
    let rows = form108e::form108e_report(Some(&empty)).unwrap();
    assert!(rows.is_empty());
    assert_eq!(form108e::to_csv(&rows).unwrap().lines().count(), 1);
}
