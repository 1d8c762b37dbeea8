//! The spec's examples (`fixtures/spec/`): every response decodes into exactly the values
//! it shows, and every request is decoded and then reproduced element for element by the
//! encoder.
//!
//! Each fixture has a test of its own, named after the file; `RESPONSE_TESTS` and
//! `REQUEST_TESTS` list them, and `every_fixture_has_a_test_of_its_own` checks those lists
//! against the directory, so a new fixture cannot be silently ignored.

use crate::support::{
    Fixture, Kind, Node, NumericLeaf, OpVisitor, all_fixtures, assert_same, compare_bodies, dec,
    dt, flatten_body, read_fixture, with_operation,
};
use alseco_types::Operation;
use alseco_types::messages::{self, *};
use alseco_types::operation::{decode_request, decode_response, encode_request};
use alseco_types::operations;
use alseco_types::scalars::{AnyValue, DateTime, XsiType};
use alseco_types::soap::SoapVersion;
use alseco_types::types::*;
use alseco_types::xml::Limits;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Debug;

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

// --- helpers -------------------------------------------------------------------------------

thread_local! {
    /// The fixture files the current thread's tests have opened, for the coverage test.
    static OPENED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Checks that `file` is a `kind` fixture of operation `O`, and records that it was opened.
fn open<O: Operation>(file: &str, kind: Kind) -> Vec<u8> {
    OPENED.with(|o| o.borrow_mut().push(file.to_owned()));
    let fixture = Fixture::parse(file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (fixture.op.as_str(), fixture.kind),
        (O::DESCRIPTOR.name, kind),
        "{file} is tested with the wrong operation or direction"
    );
    read_fixture(file)
}

/// Decodes a response fixture of `O`.
fn response<O: Operation>(file: &str) -> O::Response {
    let bytes = open::<O>(file, Kind::Response);
    decode_response::<O>(&bytes, Limits::default()).unwrap_or_else(|e| {
        panic!(
            "{file} does not decode as a {} response: {e}",
            O::DESCRIPTOR.name
        )
    })
}

/// Decodes a request fixture of `O`, encodes the message again in the same SOAP version,
/// and asserts that both bodies hold the same elements in the same order with the same
/// text. Leaves whose texts differ only as numbers (`07` vs `7`) must be exactly
/// `numeric` (path, fixture text, encoded text).
fn request<O: Operation>(file: &str, numeric: &[(&str, &str, &str)]) -> O {
    let bytes = open::<O>(file, Kind::Request);
    let (version, message) = decode_request::<O>(&bytes, Limits::default()).unwrap_or_else(|e| {
        panic!(
            "{file} does not decode as a {} request: {e}",
            O::DESCRIPTOR.name
        )
    });
    let original = flatten_body(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(
        version.envelope_namespace(),
        original.envelope_ns,
        "{file}: decode_request reports the wrong SOAP version"
    );
    let encoded = encode_request(version, &message)
        .unwrap_or_else(|e| panic!("{file}: the decoded request does not encode: {e}"));
    let ours = flatten_body(&encoded).unwrap_or_else(|e| {
        panic!(
            "{file}: the encoder wrote a bad envelope ({e}):\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(
        ours.envelope_ns, original.envelope_ns,
        "{file}: SOAP version changed"
    );
    let normalized = compare_bodies(&original.nodes, &ours.nodes).unwrap_or_else(|e| {
        panic!(
            "{file}: the encoder does not reproduce the request: {e}\nencoded:\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    let expected: Vec<NumericLeaf> = numeric
        .iter()
        .map(|&(path, expected, actual)| NumericLeaf {
            path: path.into(),
            expected: expected.into(),
            actual: actual.into(),
        })
        .collect();
    assert_eq!(
        normalized, expected,
        "{file}: leaves compared as numbers (only non-canonical numerals are allowed)"
    );
    message
}

/// `Some(text)`.
fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// `Some(decimal)`, scale kept.
fn d(text: &str) -> Option<Decimal> {
    Some(dec(text))
}

/// `Some(date-time)`.
fn t(text: &str) -> Option<DateTime> {
    Some(dt(text))
}

fn calculation_parameter(id: i32, name: &str, value: &str) -> CalculationParameter {
    CalculationParameter {
        parameter_id: id,
        parameter_name: s(name),
        parameter_value: dec(value),
    }
}

fn service_value(id: i32, name: &str, ty: &str, value: &str) -> ServiceValueItem {
    ServiceValueItem {
        serv_id: id,
        value_name: s(name),
        value_type: s(ty),
        value: s(value),
    }
}

fn nkr_item(name: &str, xsd_type: &str, value: &str) -> Item {
    Item {
        row_n: 1,
        name: s(name),
        val: Some(AnyValue {
            xsi_type: Some(XsiType {
                namespace: Some(XSD.to_owned()),
                name: xsd_type.to_owned(),
            }),
            text: value.to_owned(),
        }),
    }
}

/// `<ReCalc>` with both values nil, as every example shows it.
fn nil_re_calc() -> Option<ReCalc> {
    Some(ReCalc {
        re_calc_kvt_count: None,
        re_calc_sum: None,
    })
}

/// A `<QuantityCount>` with only its `QuantityCount` set.
fn quantity(value: &str) -> Option<QuantityCountInfo> {
    Some(QuantityCountInfo {
        quantity_count: d(value),
        min_quantity_count: None,
        max_quantity_count: None,
        losses_count: None,
        middle_quantity_count: None,
    })
}

/// `<Tariff>` of the ReNew structure: an untiered tariff, the other values `0.00`.
fn flat_tariff(min_value: &str) -> Option<TariffReNew> {
    Some(TariffReNew {
        min_tariff_value: d(min_value),
        max_tariff_value: d("0.00"),
        min_tariff_threshold: d("0.00"),
        middle_tariff_value: d("0.00"),
        middle_tariff_threshold: d("0.00"),
    })
}

/// `<Calc>` with only `Calc` set.
fn calc(value: &str) -> Option<CalcInfo> {
    Some(CalcInfo {
        calc: d(value),
        min_calc: None,
        max_calc: None,
        middle_calc: None,
    })
}

/// Replaces the alias wrapper names by the canonical ones and checks the document decodes
/// to the same value: the alias is accepted as a synonym, not a different message.
fn assert_alias_is_synonym<O: Operation>(file: &str, alias: (&str, &str), decoded: &O::Response)
where
    O::Response: PartialEq + Debug,
{
    let text = String::from_utf8(read_fixture(file)).expect("UTF-8");
    let desc = O::DESCRIPTOR;
    let canonical_result = desc.result_element.expect("a result element");
    assert!(
        desc.response_aliases
            .iter()
            .any(|a| (a.response, a.result) == alias),
        "{alias:?} is not a declared alias of {}",
        desc.name
    );
    assert!(
        text.contains(&format!("<{}", alias.0)) && text.contains(&format!("<{}>", alias.1)),
        "{file} does not use the alias {alias:?}"
    );
    assert!(
        !text.contains(desc.response_element),
        "{file} already uses the canonical name"
    );
    let renamed = text
        .replace(&format!("{}>", alias.1), &format!("{canonical_result}>"))
        .replace(
            &format!("<{} ", alias.0),
            &format!("<{} ", desc.response_element),
        )
        .replace(
            &format!("</{}>", alias.0),
            &format!("</{}>", desc.response_element),
        );
    assert!(
        renamed.contains(&format!("<{canonical_result}>"))
            && renamed.contains(&format!("<{} ", desc.response_element))
            && !renamed.contains(alias.0)
            && !renamed.contains(alias.1),
        "{file}: renaming the alias failed"
    );
    let canonical = decode_response::<O>(renamed.as_bytes(), Limits::default())
        .unwrap_or_else(|e| panic!("{file} with canonical names does not decode: {e}"));
    assert_same(&canonical, decoded);
}

// --- coverage ------------------------------------------------------------------------------

/// Response fixtures and their tests.
const RESPONSE_TESTS: &[(&str, fn())] = &[
    ("DayPaysSum.response.error.xml", day_pays_sum_response_error),
    (
        "DayPaysSum.response.success.xml",
        day_pays_sum_response_success,
    ),
    ("GetAccountState.response.xml", get_account_state_response),
    (
        "GetAccountsWithFormedBill.response.xml",
        get_accounts_with_formed_bill_response,
    ),
    (
        "GetBankPayByMonth.response.xml",
        get_bank_pay_by_month_response,
    ),
    ("GetBillInfo.response.xml", get_bill_info_response),
    (
        "GetBillInfoLabels.response.xml",
        get_bill_info_labels_response,
    ),
    ("GetBillPays.response.xml", get_bill_pays_response),
    (
        "GetInvoicesByAccountsLastVers.response.xml",
        get_invoices_by_accounts_last_vers_response,
    ),
    (
        "GetInvoicesByAccountsLastVersWithPays.response.xml",
        get_invoices_by_accounts_last_vers_with_pays_response,
    ),
    (
        "GetInvoicesByAccountsNew.response.xml",
        get_invoices_by_accounts_new_response,
    ),
    (
        "GetInvoicesByAccountsReNew.response.xml",
        get_invoices_by_accounts_re_new_response,
    ),
    ("GetPaymentsInfo.response.xml", get_payments_info_response),
    (
        "GetPaymentsInfoBySysRef.response.xml",
        get_payments_info_by_sys_ref_response,
    ),
    ("GetPaymentsNKR.response.xml", get_payments_nkr_response),
    (
        "GetPrintedInvoicePDF.response.xml",
        get_printed_invoice_pdf_response,
    ),
    ("GetReport108e.response.xml", get_report108e_response),
    ("GetServKNO.response.xml", get_serv_kno_response),
    ("Pay.response.xml", pay_response),
    ("PayNewD.response.xml", pay_new_d_response),
    ("RollbackPayments.response.xml", rollback_payments_response),
    (
        "RollbackPaymentsBySysRef.response.xml",
        rollback_payments_by_sys_ref_response,
    ),
    ("getPaysInfo.response.xml", get_pays_info_response),
];

/// Request fixtures and their tests.
const REQUEST_TESTS: &[(&str, fn())] = &[
    ("DayPaysSum.request.xml", day_pays_sum_request),
    ("GetAccountState.request.xml", get_account_state_request),
    (
        "GetAccountsWithFormedBill.request.xml",
        get_accounts_with_formed_bill_request,
    ),
    (
        "GetBankPayByMonth.request.xml",
        get_bank_pay_by_month_request,
    ),
    ("GetBillInfo.request.xml", get_bill_info_request),
    (
        "GetBillInfoLabels.request.xml",
        get_bill_info_labels_request,
    ),
    ("GetBillPays.request.xml", get_bill_pays_request),
    (
        "GetInvoicesByAccountsAndPeriod.request.xml",
        get_invoices_by_accounts_and_period_request,
    ),
    (
        "GetInvoicesByAccountsLastVers.request.xml",
        get_invoices_by_accounts_last_vers_request,
    ),
    (
        "GetInvoicesByAccountsLastVersWithPays.request.xml",
        get_invoices_by_accounts_last_vers_with_pays_request,
    ),
    (
        "GetInvoicesByAccountsNew.request.xml",
        get_invoices_by_accounts_new_request,
    ),
    (
        "GetInvoicesByAccountsReNew.request.xml",
        get_invoices_by_accounts_re_new_request,
    ),
    (
        "GetInvoicesByInvoicesNew.request.xml",
        get_invoices_by_invoices_new_request,
    ),
    ("GetPaymentsInfo.request.xml", get_payments_info_request),
    (
        "GetPaymentsInfoBySysRef.request.xml",
        get_payments_info_by_sys_ref_request,
    ),
    ("GetPaymentsNKR.request.xml", get_payments_nkr_request),
    (
        "GetPrintedInvoicePDF.request.xml",
        get_printed_invoice_pdf_request,
    ),
    ("GetReport108e.request.xml", get_report108e_request),
    ("GetServKNO.request.xml", get_serv_kno_request),
    ("Pay.request.xml", pay_request),
    ("RollbackPayments.request.xml", rollback_payments_request),
    (
        "RollbackPaymentsBySysRef.request.xml",
        rollback_payments_by_sys_ref_request,
    ),
    ("getPaysInfo.request.xml", get_pays_info_request),
];

/// Gives the descriptor of the type the operation table picks.
struct DescriptorOf;

impl OpVisitor for DescriptorOf {
    type Output = &'static alseco_types::OperationDescriptor;

    fn visit<O>(&mut self) -> Self::Output
    where
        O: Operation + PartialEq + Debug,
        O::Response: PartialEq + Debug,
    {
        O::DESCRIPTOR
    }
}

#[test]
fn every_fixture_has_a_test_of_its_own() {
    let fixtures = all_fixtures().unwrap_or_else(|bad| panic!("badly named fixtures: {bad:#?}"));
    assert!(!fixtures.is_empty(), "no fixtures found");
    let mut problems = Vec::new();

    let on_disk = |kind| -> BTreeSet<&str> {
        fixtures
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.file.as_str())
            .collect()
    };
    for (kind, table) in [
        (Kind::Response, RESPONSE_TESTS),
        (Kind::Request, REQUEST_TESTS),
    ] {
        let tested: BTreeSet<&str> = table.iter().map(|(file, _)| *file).collect();
        if tested.len() != table.len() {
            problems.push(format!("{kind:?} table lists a fixture twice"));
        }
        let files = on_disk(kind);
        for missing in files.difference(&tested) {
            problems.push(format!(
                "{missing}: no test (add one to the {kind:?} table)"
            ));
        }
        for stale in tested.difference(&files) {
            problems.push(format!("{stale}: tested but not in fixtures/spec/"));
        }
    }

    for f in &fixtures {
        match with_operation(&f.op, &mut DescriptorOf) {
            None => problems.push(format!("{}: unknown operation {:?}", f.file, f.op)),
            Some(desc) if desc.name != f.op => {
                problems.push(format!("{}: mapped to operation {}", f.file, desc.name));
            }
            Some(_) => {}
        }
    }

    // Each table entry's test must open exactly its own fixture. Run it (a failing test
    // fails on its own; here only which file it opened matters).
    for (file, test) in RESPONSE_TESTS.iter().chain(REQUEST_TESTS) {
        OPENED.with(|o| o.borrow_mut().clear());
        let _ = std::panic::catch_unwind(*test);
        let opened = OPENED.with(|o| o.borrow().clone());
        if opened != [file.to_string()] {
            problems.push(format!("the test listed for {file} opened {opened:?}"));
        }
    }

    assert!(
        problems.is_empty(),
        "fixture coverage:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_operation_table_maps_all_27_operations_to_their_types() {
    assert_eq!(operations::ALL.len(), 27);
    for desc in operations::ALL {
        let picked = with_operation(desc.name, &mut DescriptorOf)
            .unwrap_or_else(|| panic!("{} is not in the operation table", desc.name));
        assert!(
            std::ptr::eq(picked, desc),
            "{} maps to the type of {}",
            desc.name,
            picked.name
        );
    }
    assert!(with_operation("GetPaysInfo", &mut DescriptorOf).is_none());
    assert!(with_operation("Nope", &mut DescriptorOf).is_none());
}

// --- responses -----------------------------------------------------------------------------

#[test]
fn day_pays_sum_response_error() {
    let r = response::<DayPaysSum>("DayPaysSum.response.error.xml");
    let result = r.day_pays_sum_result.as_ref().expect("DayPaysSumResult");
    assert_eq!(result.result.as_deref(), Some("error"));
    assert_eq!(
        result.error_message.as_deref(),
        Some("Отделение банка 4004 не соответствует используемой аббревиатуре ALSC")
    );
    // `<StackTrace/>` is an empty string, not nil.
    assert_eq!(result.stack_trace.as_deref(), Some(""));
    assert_same(
        &r,
        &DayPaysSumResponse {
            day_pays_sum_result: Some(ReconciliationResult {
                result: s("error"),
                error_message: s(
                    "Отделение банка 4004 не соответствует используемой аббревиатуре ALSC",
                ),
                stack_trace: s(""),
            }),
        },
    );
}

#[test]
fn day_pays_sum_response_success() {
    let r = response::<DayPaysSum>("DayPaysSum.response.success.xml");
    assert_same(
        &r,
        &DayPaysSumResponse {
            day_pays_sum_result: Some(ReconciliationResult {
                result: s("success"),
                error_message: s(""),
                stack_trace: s(""),
            }),
        },
    );
}

#[test]
fn get_account_state_response() {
    let r = response::<GetAccountState>("GetAccountState.response.xml");
    assert_eq!(r.get_account_state_result, AccountState::NotFound);
    assert_eq!(r.get_account_state_result.as_str(), "NotFound");
}

#[test]
fn get_accounts_with_formed_bill_response() {
    let r = response::<GetAccountsWithFormedBill>("GetAccountsWithFormedBill.response.xml");
    assert_eq!(
        r.get_accounts_with_formed_bill_result,
        [111222, 333444, 555666]
    );
}

#[test]
fn get_bank_pay_by_month_response() {
    let r = response::<GetBankPayByMonth>("GetBankPayByMonth.response.xml");
    let result = r.get_bank_pay_by_month_result.as_ref().expect("result");
    assert_eq!(result.list.len(), 1);
    assert_eq!(result.list[0].pay_sum.to_string(), "7865.08");
    assert_eq!(
        result.list[0].payment_receive_date.to_string(),
        "2018-03-01T00:00:00"
    );
    assert_same(
        &r,
        &GetBankPayByMonthResponse {
            get_bank_pay_by_month_result: Some(BankPayByMonthResult {
                result: true,
                error_message: s(""),
                stack_trace: s(""),
                list: vec![PayItem {
                    invoice_payment_id: 333,
                    account_id: 444,
                    invoice_id: s("555"),
                    payment_receive_date: dt("2018-03-01T00:00:00"),
                    sys_ref: s("799398416"),
                    pay_sum: dec("7865.08"),
                }],
            }),
        },
    );
}

#[test]
fn get_bill_info_response() {
    let r = response::<GetBillInfo>("GetBillInfo.response.xml");
    let result = r.get_bill_info_result.as_ref().expect("result");
    assert_eq!(result.list[0].fix_sum.to_string(), "49639.02");
    // `<accountName></accountName>`: empty, not absent.
    assert_eq!(result.list[0].account_name.as_deref(), Some(""));
    assert_same(
        &r,
        &GetBillInfoResponse {
            get_bill_info_result: Some(BillInfoResult {
                ex_res: Some(ExecutionResult {
                    executed: true,
                    error_message: s(""),
                    stack_trace: s(""),
                }),
                list: vec![BillInfo {
                    account_id: 4444,
                    account_name: s(""),
                    account_address: s("Алматы қ.|г.Алматы"),
                    invoice_id: s("33333"),
                    fix_sum: dec("49639.02"),
                }],
            }),
        },
    );
}

#[test]
fn get_bill_info_labels_response() {
    let r = response::<GetBillInfoLabels>("GetBillInfoLabels.response.xml");
    assert_same(
        &r,
        &GetBillInfoLabelsResponse {
            get_bill_info_labels_result: Some(BillInfoLabelsResult {
                ex_res: Some(ExecutionResult {
                    executed: true,
                    error_message: s(""),
                    stack_trace: s(""),
                }),
                list: vec![
                    BillInfoLabels { label_id: 1 },
                    BillInfoLabels { label_id: 2 },
                ],
            }),
        },
    );
}

#[test]
fn get_bill_pays_response() {
    let r = response::<GetBillPays>("GetBillPays.response.xml");
    let result = r.get_bill_pays_result.as_ref().expect("result");
    assert_eq!(result.state, OperationState::Success);
    assert_eq!(result.list[0].sum_pay.to_string(), "340.00");
    assert_eq!(result.error_string, None, "the example has no ErrorString");
    assert_same(
        &r,
        &GetBillPaysResponse {
            get_bill_pays_result: Some(BillPaysResult {
                state: OperationState::Success,
                list: vec![BillPay {
                    serv_id: 11,
                    sum_pay: dec("340.00"),
                }],
                error_string: None,
            }),
        },
    );
}

#[test]
fn get_invoices_by_accounts_last_vers_response() {
    let r = response::<GetInvoicesByAccountsLastVers>("GetInvoicesByAccountsLastVers.response.xml");
    let result = &r.get_invoices_by_accounts_last_vers_result;
    assert_eq!(result.len(), 1);
    let account = result[0]
        .account_invoices
        .as_ref()
        .expect("AccountInvoices");
    let invoice = &account.invoices[0];
    assert!(invoice.info_strig_list.is_empty());
    assert_eq!(invoice.serv_values.len(), 11);
    assert_eq!(invoice.serv_values[9].value.as_deref(), Some("975.0000"));
    assert_eq!(invoice.formed_date.to_string(), "2017-04-07T14:45:00");
    assert_eq!(invoice.invoice_parameters.len(), 2);
    let water = &invoice.invoice_parameters[1];
    assert_eq!(
        water.fix_sum.map(|v| v.to_string()).as_deref(),
        Some("1329.07")
    );
    assert_eq!(water.t_koef.map(|v| v.to_string()).as_deref(), Some("1.00"));
    assert_eq!(water.pay_sum, None, "PaySum belongs to WithPays");
    assert_eq!(water.debt_sum, None);
    assert_same(
        &r,
        &GetInvoicesByAccountsLastVersResponse {
            get_invoices_by_accounts_last_vers_result: vec![ResultAccountInvoicesLastVersOfInt32 {
                input_value: 33333,
                state: AccountInvoicesState::Success,
                account_invoices: Some(AccountInvoicesLastVers {
                    account_id: 600970,
                    account_name: s("плательщик "),
                    account_address: s("Алматы қ.|г.Алматы"),
                    invoices: vec![InvoiceLastVers {
                        info_strig_list: vec![],
                        serv_values: vec![
                            service_value(37, "TempKoef", "decimal(10,3)", "1.000"),
                            service_value(12, "Consumption1", "decimal(15,3)", "3.000"),
                            service_value(12, "Consumption2", "decimal(15,3)", "2.000"),
                            service_value(12, "Consumption3", "decimal(15,3)", "5.000"),
                            service_value(12, "Consumption4", "decimal(15,3)", "2.540"),
                            service_value(12, "Tarif_Value1", "decimal(9,4)", "73.92"),
                            service_value(12, "Tarif_Value2", "decimal(9,4)", "88.70"),
                            service_value(12, "Tarif_Value3", "decimal(9,4)", "110.88"),
                            service_value(12, "Tarif_Value4", "decimal(9,4)", "147.84"),
                            service_value(12, "Control_Pok", "decimal(20,3)", "975.0000"),
                            service_value(12, "Control_Date", "date", "2024-09-19"),
                        ],
                        invoce_id: s("6666"),
                        formed_year: 2017,
                        formed_month: 4,
                        formed_date: dt("2017-04-07T14:45:00"),
                        expire_date: dt("2017-04-30T00:00:00"),
                        invoice_parameters: vec![
                            InvoiceParametersReNew {
                                service_id: 37,
                                service_name: s("Есеп-іш бойынша газ | Газ со счетчиком"),
                                is_counter_service: false,
                                measure: s("тг/м3"),
                                check_count: Some(CheckCount {
                                    last_count: Some(LastCountInfo {
                                        last_count_abonent: None,
                                        last_count_alseco: d("1850.000"),
                                        last_count_date_abonent: None,
                                        last_count_date_alseco: t("2017-03-31T00:00:00"),
                                    }),
                                    prev_count: Some(PrevCountInfo {
                                        prev_count_abonent: None,
                                        prev_count_alseco: d("1825.000"),
                                        prev_count_date_abonent: None,
                                        prev_count_date_alseco: t("2017-02-28T00:00:00"),
                                    }),
                                    quantity_count: quantity("25.000"),
                                }),
                                tariff: flat_tariff("30.53"),
                                calc: calc("763.25"),
                                expire_date_info: s(""),
                                avg_pay_sum: d("610.60"),
                                avg_count: d("20.000"),
                                last_count: d("1850.000"),
                                prev_count: d("1825.000"),
                                fix_count: d("25.000"),
                                fix_sum: d("763.25"),
                                debt_info: s(""),
                                debt_sum: None,
                                pay_sum: None,
                                debt_sum_abonent: None,
                                peni_sum: None,
                                t_koef: d("1.00"),
                                re_calc: nil_re_calc(),
                                prev_count_date: None,
                            },
                            InvoiceParametersReNew {
                                service_id: 12,
                                service_name: s("Суық су есептегішпен | Холодная вода Счетчик"),
                                is_counter_service: true,
                                measure: s("тг/м3"),
                                check_count: Some(CheckCount {
                                    last_count: Some(LastCountInfo {
                                        last_count_abonent: None,
                                        last_count_alseco: d("975.000"),
                                        last_count_date_abonent: None,
                                        last_count_date_alseco: t("2017-03-31T00:00:00"),
                                    }),
                                    prev_count: Some(PrevCountInfo {
                                        prev_count_abonent: None,
                                        prev_count_alseco: d("962.460"),
                                        prev_count_date_abonent: None,
                                        prev_count_date_alseco: t("2017-02-28T00:00:00"),
                                    }),
                                    quantity_count: quantity("12.540"),
                                }),
                                tariff: flat_tariff("73.92"),
                                calc: calc("1329.07"),
                                expire_date_info: s(""),
                                avg_pay_sum: d("1180.44"),
                                avg_count: d("12.000"),
                                last_count: d("975.000"),
                                prev_count: d("962.460"),
                                fix_count: d("12.540"),
                                fix_sum: d("1329.07"),
                                debt_info: s(""),
                                debt_sum: None,
                                pay_sum: None,
                                debt_sum_abonent: None,
                                peni_sum: None,
                                t_koef: d("1.00"),
                                re_calc: nil_re_calc(),
                                prev_count_date: None,
                            },
                        ],
                    }],
                    calculation_parameters: vec![
                        calculation_parameter(1, "Количество проживающих", "1.000"),
                        calculation_parameter(2, "Отапливаемая площадь", "44.000"),
                    ],
                }),
            }],
        },
    );
}

#[test]
fn get_invoices_by_accounts_last_vers_with_pays_response() {
    let file = "GetInvoicesByAccountsLastVersWithPays.response.xml";
    // The spec's example uses the wrapper names of GetInvoicesByAccountsLastVers.
    let r = response::<GetInvoicesByAccountsLastVersWithPays>(file);
    let result = &r.get_invoices_by_accounts_last_vers_with_pays_result;
    assert_eq!(result.len(), 1, "the aliased Result element was not read");
    let line = &result[0]
        .account_invoices
        .as_ref()
        .expect("AccountInvoices")
        .invoices[0]
        .invoice_parameters[0];
    assert_eq!(
        line.pay_sum.map(|v| v.to_string()).as_deref(),
        Some("977.35")
    );
    assert_eq!(line.fix_sum.map(|v| v.to_string()).as_deref(), Some("0.00"));
    let tariff = line.tariff.as_ref().expect("Tariff");
    assert_eq!(
        tariff.min_tariff_value.map(|v| v.to_string()).as_deref(),
        Some("39.09410")
    );
    assert_same(
        &r,
        &GetInvoicesByAccountsLastVersWithPaysResponse {
            get_invoices_by_accounts_last_vers_with_pays_result: vec![
                ResultAccountInvoicesLastVersOfInt32 {
                    input_value: 33333,
                    state: AccountInvoicesState::Success,
                    account_invoices: Some(AccountInvoicesLastVers {
                        account_id: 600970,
                        account_name: s("плательщик "),
                        account_address: s("Алматы қ.|г.Алматы"),
                        invoices: vec![InvoiceLastVers {
                            info_strig_list: vec![],
                            serv_values: vec![service_value(
                                37,
                                "TempKoef",
                                "decimal(10,3)",
                                "1.000",
                            )],
                            invoce_id: s("241010988797"),
                            formed_year: 2025,
                            formed_month: 10,
                            formed_date: dt("2025-10-07T08:35:00"),
                            expire_date: dt("2025-10-31T00:00:00"),
                            invoice_parameters: vec![InvoiceParametersReNew {
                                service_id: 37,
                                service_name: s("Есеп-іш бойынша газ | Газ со счетчиком"),
                                is_counter_service: false,
                                measure: s("тг/м3"),
                                check_count: Some(CheckCount {
                                    last_count: Some(LastCountInfo {
                                        last_count_abonent: None,
                                        last_count_alseco: d("2207.000"),
                                        last_count_date_abonent: None,
                                        last_count_date_alseco: t("2025-09-30T00:00:00"),
                                    }),
                                    prev_count: Some(PrevCountInfo {
                                        prev_count_abonent: None,
                                        prev_count_alseco: d("2182.000"),
                                        prev_count_date_abonent: None,
                                        prev_count_date_alseco: t("2025-08-31T00:00:00"),
                                    }),
                                    quantity_count: quantity("25.000"),
                                }),
                                tariff: flat_tariff("39.09410"),
                                calc: calc("977.35"),
                                expire_date_info: s(""),
                                avg_pay_sum: d("626.57"),
                                avg_count: d("16.000"),
                                last_count: d("2207.000"),
                                prev_count: d("2182.000"),
                                fix_count: d("25.000"),
                                fix_sum: d("0.00"),
                                debt_info: s(""),
                                debt_sum: None,
                                pay_sum: d("977.35"),
                                debt_sum_abonent: None,
                                peni_sum: None,
                                t_koef: d("1.00"),
                                re_calc: nil_re_calc(),
                                prev_count_date: None,
                            }],
                        }],
                        calculation_parameters: vec![calculation_parameter(
                            1,
                            "Количество проживающих",
                            "1.000",
                        )],
                    }),
                },
            ],
        },
    );
    assert_alias_is_synonym::<GetInvoicesByAccountsLastVersWithPays>(
        file,
        (
            "GetInvoicesByAccountsLastVersResponse",
            "GetInvoicesByAccountsLastVersResult",
        ),
        &r,
    );
}

#[test]
fn get_invoices_by_accounts_new_response() {
    let file = "GetInvoicesByAccountsNew.response.xml";
    // The spec's example of the old structure uses GetInvoicesByAccounts{Response,Result}.
    let r = response::<GetInvoicesByAccountsNew>(file);
    let result = &r.get_invoices_by_accounts_new_result;
    assert_eq!(result.len(), 2, "the aliased Result element was not read");
    assert_eq!(result[1].state, AccountInvoicesState::AccountNotFound);
    assert_eq!(result[1].account_invoices, None);
    let lines = &result[0]
        .account_invoices
        .as_ref()
        .expect("AccountInvoices")
        .invoices[0]
        .invoice_parameters;
    assert_eq!(lines[0].avg_count.to_string(), "140.000000");
    assert_eq!(
        lines[0].prev_count_date.map(|v| v.to_string()).as_deref(),
        Some("2007-10-25T00:00:00")
    );
    assert_eq!(lines[1].prev_count_date, None, "nil PrevCountDate");
    assert_same(
        &r,
        &GetInvoicesByAccountsNewResponse {
            get_invoices_by_accounts_new_result: vec![
                ResultAccountInvoicesOfInt32 {
                    input_value: 22233333,
                    state: AccountInvoicesState::Success,
                    account_invoices: Some(AccountInvoices {
                        account_id: 666666,
                        account_address: s("г. Алматы, ул…. дом… кв… "),
                        invoices: vec![Invoice {
                            invoce_id: s("33333"),
                            formed_date: dt("2007-11-10T11:49:00"),
                            expire_date: dt("2007-11-30T00:00:00"),
                            invoice_parameters: vec![
                                InvoiceParameter {
                                    service_id: 13,
                                    service_name: s("Электроэнергия"),
                                    is_counter_service: true,
                                    measure: s("тг/кВт.ч"),
                                    tariff: Some(Tariff {
                                        min_tariff_value: d("6.40"),
                                        min_tariff_threshold: d("150.00"),
                                        max_tariff_value: d("8.00"),
                                    }),
                                    expire_date_info: None,
                                    avg_pay_sum: dec("896.00"),
                                    avg_count: dec("140.000000"),
                                    last_count: dec("0.000000"),
                                    prev_count: dec("4870.000000"),
                                    prev_count_date: t("2007-10-25T00:00:00"),
                                    fix_count: dec("0.000000"),
                                    fix_sum: dec("0.00"),
                                    debt_info: s("долг 339.78"),
                                },
                                InvoiceParameter {
                                    service_id: 37,
                                    service_name: s("Газ со счетчиком"),
                                    is_counter_service: false,
                                    measure: s("тг/м3"),
                                    tariff: Some(Tariff {
                                        min_tariff_value: d("12.96"),
                                        min_tariff_threshold: d("0.00"),
                                        max_tariff_value: d("0.00"),
                                    }),
                                    expire_date_info: s(
                                        "Тґлеу мерзімі 30.11.2007 ж. дейін.Срок оплаты до 30.11.2007г.",
                                    ),
                                    avg_pay_sum: dec("0.00"),
                                    avg_count: dec("0.000000"),
                                    last_count: dec("610.000000"),
                                    prev_count: dec("595.000000"),
                                    prev_count_date: None,
                                    fix_count: dec("15.000000"),
                                    fix_sum: dec("0.00"),
                                    debt_info: s("арт.төлен переп. 415.90"),
                                },
                            ],
                        }],
                        calculation_parameters: vec![
                            calculation_parameter(1, "Количество проживающих", "1.000000"),
                            calculation_parameter(2, "Отапливаемая площадь", "44.000000"),
                        ],
                    }),
                },
                ResultAccountInvoicesOfInt32 {
                    input_value: 6666666,
                    state: AccountInvoicesState::AccountNotFound,
                    account_invoices: None,
                },
            ],
        },
    );
    assert_alias_is_synonym::<GetInvoicesByAccountsNew>(
        file,
        (
            "GetInvoicesByAccountsResponse",
            "GetInvoicesByAccountsResult",
        ),
        &r,
    );
}

#[test]
fn get_invoices_by_accounts_re_new_response() {
    let r = response::<GetInvoicesByAccountsReNew>("GetInvoicesByAccountsReNew.response.xml");
    let account = r.get_invoices_by_accounts_re_new_result[0]
        .account_invoices
        .as_ref()
        .expect("AccountInvoices");
    let electricity = &account.invoices[0].invoice_parameters[0];
    assert_eq!(
        electricity.fix_sum.map(|v| v.to_string()).as_deref(),
        Some("1161.60")
    );
    assert_eq!(
        electricity.debt_sum.map(|v| v.to_string()).as_deref(),
        Some("-79.80")
    );
    assert_eq!(
        electricity.measure.as_deref(),
        Some(""),
        "`<Measure />` is empty, not nil"
    );
    assert_eq!(electricity.debt_sum_abonent, None);
    assert_eq!(
        account.calculation_parameters[1]
            .parameter_value
            .to_string(),
        "72.400"
    );
    assert_same(
        &r,
        &GetInvoicesByAccountsReNewResponse {
            get_invoices_by_accounts_re_new_result: vec![ResultAccountInvoicesReNewOfInt32 {
                input_value: 99999,
                state: AccountInvoicesState::Success,
                account_invoices: Some(AccountInvoicesReNew {
                    account_id: 88888,
                    account_name: s("Плательщик"),
                    account_address: s("Алматы қал.|г.Алматы"),
                    invoices: vec![InvoiceReNew {
                        invoce_id: s("5556666"),
                        formed_year: 2012,
                        formed_month: 4,
                        formed_date: dt("2012-04-09T11:12:00"),
                        expire_date: dt("2012-04-30T00:00:00"),
                        invoice_parameters: vec![
                            InvoiceParametersReNew {
                                service_id: 13,
                                service_name: s("Электр қуаты | Электроэнергия"),
                                is_counter_service: true,
                                measure: s(""),
                                check_count: Some(CheckCount {
                                    last_count: Some(LastCountInfo {
                                        last_count_abonent: None,
                                        last_count_alseco: None,
                                        last_count_date_abonent: t("2012-04-11T10:36:00"),
                                        last_count_date_alseco: t("2012-04-30T00:00:00"),
                                    }),
                                    prev_count: Some(PrevCountInfo {
                                        prev_count_abonent: None,
                                        prev_count_alseco: None,
                                        prev_count_date_abonent: None,
                                        prev_count_date_alseco: None,
                                    }),
                                    quantity_count: Some(QuantityCountInfo {
                                        quantity_count: d("90.000000"),
                                        min_quantity_count: d("90.000000"),
                                        max_quantity_count: None,
                                        losses_count: None,
                                        middle_quantity_count: None,
                                    }),
                                }),
                                tariff: Some(TariffReNew {
                                    min_tariff_value: d("12.02"),
                                    max_tariff_value: d("19.80"),
                                    min_tariff_threshold: d("345.00"),
                                    middle_tariff_value: d("15.84"),
                                    middle_tariff_threshold: d("190.00"),
                                }),
                                calc: Some(CalcInfo {
                                    calc: None,
                                    min_calc: d("1081.80"),
                                    max_calc: None,
                                    middle_calc: None,
                                }),
                                expire_date_info: None,
                                avg_pay_sum: d("1117.20"),
                                avg_count: d("98.000000"),
                                last_count: d("13351.000000"),
                                prev_count: d("13261.000000"),
                                fix_count: d("90.000000"),
                                fix_sum: d("1161.60"),
                                debt_info: s("қарыз|долг 79.80"),
                                debt_sum: d("-79.80"),
                                pay_sum: None,
                                debt_sum_abonent: None,
                                peni_sum: None,
                                t_koef: None,
                                re_calc: nil_re_calc(),
                                prev_count_date: None,
                            },
                            InvoiceParametersReNew {
                                service_id: 37,
                                service_name: s("Газ санауышпен | Газ со счетчиком"),
                                is_counter_service: true,
                                measure: s("тг/м3"),
                                check_count: Some(CheckCount {
                                    last_count: Some(LastCountInfo {
                                        last_count_abonent: None,
                                        last_count_alseco: None,
                                        last_count_date_abonent: t("2012-04-11T10:36:00"),
                                        last_count_date_alseco: None,
                                    }),
                                    prev_count: Some(PrevCountInfo {
                                        prev_count_abonent: None,
                                        prev_count_alseco: None,
                                        prev_count_date_abonent: None,
                                        prev_count_date_alseco: None,
                                    }),
                                    quantity_count: quantity("500.000000"),
                                }),
                                tariff: flat_tariff("21.76"),
                                calc: calc("10880.00"),
                                expire_date_info: None,
                                avg_pay_sum: d("10858.24"),
                                avg_count: d("499.000000"),
                                last_count: d("45600.000000"),
                                prev_count: d("45100.000000"),
                                fix_count: d("500.000000"),
                                fix_sum: d("10880.00"),
                                debt_info: s(""),
                                debt_sum: None,
                                pay_sum: None,
                                debt_sum_abonent: None,
                                peni_sum: None,
                                t_koef: None,
                                re_calc: nil_re_calc(),
                                prev_count_date: None,
                            },
                        ],
                    }],
                    calculation_parameters: vec![
                        calculation_parameter(1, "Количество проживающих", "3.000"),
                        calculation_parameter(2, "Отапливаемая площадь", "72.400"),
                    ],
                }),
            }],
        },
    );
}

#[test]
fn get_payments_info_response() {
    let r = response::<GetPaymentsInfo>("GetPaymentsInfo.response.xml");
    assert_same(
        &r,
        &GetPaymentsInfoResponse {
            get_payments_info_result: vec![PaymentInfo {
                payment_id: 1,
                sys_ref: s("54654545"),
            }],
        },
    );
}

#[test]
fn get_payments_info_by_sys_ref_response() {
    let r = response::<GetPaymentsInfoBySysRef>("GetPaymentsInfoBySysRef.response.xml");
    let info = r
        .get_payments_info_by_sys_ref_result
        .as_ref()
        .expect("result");
    assert_eq!(info.payment_status, PaymentStatus::Complete);
    assert_eq!(info.payment_date.to_string(), "2007-12-04T18:58:03");
    assert_eq!(info.payment_sum.to_string(), "200.00");
    assert_same(
        &r,
        &GetPaymentsInfoBySysRefResponse {
            get_payments_info_by_sys_ref_result: Some(PaymentInfoBySysRef {
                payment_status: PaymentStatus::Complete,
                payment_id: 26,
                sys_ref: s("1"),
                invoice_id: s("777777"),
                account_id: 444333,
                payment_date: dt("2007-12-04T18:58:03"),
                payment_sum: dec("200.00"),
            }),
        },
    );
}

#[test]
fn get_payments_nkr_response() {
    let r = response::<GetPaymentsNKR>("GetPaymentsNKR.response.xml");
    let result = r.get_payments_nkr_result.as_ref().expect("result");
    assert_eq!(result.result_list.len(), 8);
    let sum_pay = result.result_list[5].val.as_ref().expect("Val");
    assert!(
        sum_pay
            .xsi_type
            .as_ref()
            .is_some_and(|t| t.is_xsd("decimal")),
        "{sum_pay:?}"
    );
    assert_eq!(
        sum_pay.to_decimal().map(|v| v.to_string()).as_deref(),
        Some("1638.00")
    );
    let type_pay = result.result_list[7].val.as_ref().expect("Val");
    assert!(
        type_pay.xsi_type.as_ref().is_some_and(|t| t.is_xsd("int")),
        "{type_pay:?}"
    );
    assert_eq!(type_pay.to_i64(), Some(0));
    assert_same(
        &r,
        &GetPaymentsNKRResponse {
            get_payments_nkr_result: Some(PaymentsNKRResult {
                result: s("sucsess"),
                error_message: s(""),
                stack_trace: s(""),
                result_list: vec![
                    nkr_item("TownName", "string", "г.Алматы"),
                    nkr_item("StreetName", "string", "ул. Абая"),
                    nkr_item("HouseId", "string", "10"),
                    nkr_item("FlatNumber", "string", "25"),
                    nkr_item("CalcAccount", "string", "KZ86125KZT5004100100"),
                    nkr_item("SumPay", "decimal", "1638.00"),
                    nkr_item("SumTrans", "decimal", "1625.71"),
                    nkr_item("TypePay", "int", "0"),
                ],
            }),
        },
    );
}

#[test]
fn get_printed_invoice_pdf_response() {
    let file = "GetPrintedInvoicePDF.response.xml";
    let r = response::<GetPrintedInvoicePDF>(file);
    let pdf = r.get_printed_invoice_pdf_result.as_ref().expect("a PDF");
    assert_eq!(pdf.len(), 604);
    assert!(
        pdf.starts_with(b"%PDF-1.4\n"),
        "{:?}",
        String::from_utf8_lossy(&pdf[..16])
    );
    assert!(pdf.ends_with(b"%%EOF\n"));
    let needle = b"(ALSECO invoice 222222 2025-03) Tj";
    assert!(pdf.windows(needle.len()).any(|w| w == needle));
    // The same bytes as base64 in the file.
    let text = String::from_utf8(read_fixture(file)).expect("UTF-8");
    let b64 = text
        .split_once("<GetPrintedInvoicePDFResult>")
        .and_then(|(_, rest)| rest.split_once("</GetPrintedInvoicePDFResult>"))
        .map(|(b64, _)| b64)
        .expect("the base64 text");
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    assert_eq!(pdf, &expected);
}

#[test]
fn get_report108e_response() {
    let r = response::<GetReport108e>("GetReport108e.response.xml");
    let result = r.get_report108e_result.as_ref().expect("result");
    assert_eq!(result.list[0].sump.to_string(), "12242.57");
    assert_eq!(result.list[0].fl, Some(false));
    assert_eq!(result.list[0].serv_id, Some(128));
    assert_same(
        &r,
        &GetReport108eResponse {
            get_report108e_result: Some(Report108eResult {
                result: s("sucsess"),
                list: vec![Form108eItems {
                    dat: s("01.11.2019"),
                    kodbn: s("ВВВВ"),
                    numrs: s("ААААА"),
                    tsh: s(""),
                    bin: s("44444"),
                    sump: dec("12242.57"),
                    name_pol: s("ТОО \"Алма Домофон\""),
                    nazn_pl: s("ЗА ДОМОФОН"),
                    kodd: s(""),
                    fl: Some(false),
                    kbe: s("17"),
                    knp: s("856"),
                    iin_abon: s(""),
                    fio: s(""),
                    serv_id: Some(128),
                }],
                error_message: s(""),
                stack_trace: s(""),
            }),
        },
    );
}

#[test]
fn get_serv_kno_response() {
    let r = response::<GetServKNO>("GetServKNO.response.xml");
    assert_same(
        &r,
        &GetServKNOResponse {
            get_serv_kno_result: Some(ServKNOResult {
                state: OperationState::Success,
                list: vec![
                    ServKNO {
                        serv_id: 133,
                        kno: 6003,
                    },
                    ServKNO {
                        serv_id: 233,
                        kno: 6003,
                    },
                ],
                error_string: None,
            }),
        },
    );
}

#[test]
fn pay_response() {
    let r = response::<Pay>("Pay.response.xml");
    // A string, leading zero kept.
    assert_eq!(r.pay_result[0].invoice_id.as_deref(), Some("080410136346"));
    assert_same(
        &r,
        &PayResponse {
            pay_result: vec![ResultPaymentInvoice {
                state: PaymentState::Success,
                invoice_id: s("080410136346"),
                payment_id: 26,
                pay_res_date: None,
            }],
        },
    );
}

#[test]
fn pay_new_d_response() {
    let file = "PayNewD.response.xml";
    // The spec's PayNewD example uses PayResponse/PayResult.
    let r = response::<PayNewD>(file);
    assert_eq!(
        r.pay_new_d_result.len(),
        1,
        "the aliased Result element was not read"
    );
    let pay_res_date = r.pay_new_d_result[0].pay_res_date.map(|v| v.to_string());
    assert_eq!(pay_res_date.as_deref(), Some("2016-01-15T10:59:00"));
    assert_same(
        &r,
        &PayNewDResponse {
            pay_new_d_result: vec![ResultPaymentInvoice {
                state: PaymentState::Success,
                invoice_id: s("777777"),
                payment_id: 26,
                pay_res_date: t("2016-01-15T10:59:00"),
            }],
        },
    );
    assert_alias_is_synonym::<PayNewD>(file, ("PayResponse", "PayResult"), &r);
}

#[test]
fn rollback_payments_response() {
    let r = response::<RollbackPayments>("RollbackPayments.response.xml");
    assert_same(
        &r,
        &RollbackPaymentsResponse {
            rollback_payments_result: vec![ResultRollbackPaymentOfInt32 {
                payment_id: 4,
                result: RollbackPaymentResult::PaymentNotFound,
            }],
        },
    );
}

#[test]
fn rollback_payments_by_sys_ref_response() {
    let r = response::<RollbackPaymentsBySysRef>("RollbackPaymentsBySysRef.response.xml");
    assert_same(
        &r,
        &RollbackPaymentsBySysRefResponse {
            rollback_payments_by_sys_ref_result: vec![ResultRollbackPaymentOfString {
                payment_id: s("4"),
                result: RollbackPaymentResult::PaymentNotFound,
            }],
        },
    );
}

#[test]
fn get_pays_info_response() {
    let r = response::<GetPaysInfo>("getPaysInfo.response.xml");
    assert_eq!(r.get_pays_info_result[0].pay_sum.to_string(), "49500.00");
    assert_eq!(
        r.get_pays_info_result[0].pay_date.to_string(),
        "2017-04-06T00:00:00"
    );
    assert_same(
        &r,
        &GetPaysInfoResponse {
            get_pays_info_result: vec![BankPayInfo {
                account_id: 777,
                invoice_id: s("555"),
                payment_id: 3333,
                sys_ref: s("8888"),
                pay_sum: dec("49500.00"),
                pay_date: dt("2017-04-06T00:00:00"),
            }],
        },
    );
}

// --- requests ------------------------------------------------------------------------------

#[test]
fn day_pays_sum_request() {
    let m = request::<DayPaysSum>("DayPaysSum.request.xml", &[]);
    assert_eq!(m.pays_date.to_string(), "2023-03-19T00:00:00.000+06:00");
    assert_eq!(m.pays_sum.to_string(), "1000000");
    assert_same(
        &m,
        &DayPaysSum {
            bank_code: s("ALSC"),
            branch_id: 4005,
            pays_date: dt("2023-03-19T00:00:00.000+06:00"),
            pays_count: 100,
            pays_sum: dec("1000000"),
        },
    );
}

#[test]
fn get_account_state_request() {
    let m = request::<GetAccountState>("GetAccountState.request.xml", &[]);
    assert_same(
        &m,
        &GetAccountState {
            account_id: 325434534,
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_accounts_with_formed_bill_request() {
    let m = request::<GetAccountsWithFormedBill>("GetAccountsWithFormedBill.request.xml", &[]);
    assert_same(
        &m,
        &GetAccountsWithFormedBill {
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_bank_pay_by_month_request() {
    let m = request::<GetBankPayByMonth>("GetBankPayByMonth.request.xml", &[]);
    assert_same(
        &m,
        &GetBankPayByMonth {
            bank_code: s("ALSC"),
            year: 2024,
            month: 10,
        },
    );
}

#[test]
fn get_bill_info_request() {
    let m = request::<GetBillInfo>(
        "GetBillInfo.request.xml",
        &[("GetBillInfo/month", "07", "7")],
    );
    assert_same(
        &m,
        &GetBillInfo {
            bank_code: s("ALSC"),
            year: 2025,
            month: 7,
            label_id: 14,
        },
    );
}

#[test]
fn get_bill_info_labels_request() {
    let m = request::<GetBillInfoLabels>(
        "GetBillInfoLabels.request.xml",
        &[("GetBillInfoLabels/month", "07", "7")],
    );
    assert_same(
        &m,
        &GetBillInfoLabels {
            bank_code: s("ALSC"),
            year: 2025,
            month: 7,
        },
    );
}

#[test]
fn get_bill_pays_request() {
    let m = request::<GetBillPays>("GetBillPays.request.xml", &[]);
    assert_same(
        &m,
        &GetBillPays {
            bill_id: 11111,
            year: 2016,
            month: 9,
        },
    );
}

#[test]
fn get_invoices_by_accounts_and_period_request() {
    let m = request::<GetInvoicesByAccountsAndPeriod>(
        "GetInvoicesByAccountsAndPeriod.request.xml",
        &[("GetInvoicesByAccountsAndPeriod/month", "04", "4")],
    );
    assert_same(
        &m,
        &GetInvoicesByAccountsAndPeriod {
            accounts: vec![246456, 274546, 4444444],
            bank_code: s("ALSC"),
            year: 2012,
            month: 4,
        },
    );
}

#[test]
fn get_invoices_by_accounts_last_vers_request() {
    let file = "GetInvoicesByAccountsLastVers.request.xml";
    let m = request::<GetInvoicesByAccountsLastVers>(file, &[]);
    let (version, _) =
        decode_request::<GetInvoicesByAccountsLastVers>(&read_fixture(file), Limits::default())
            .expect("decodes");
    assert_eq!(version, SoapVersion::Soap12);
    assert_same(
        &m,
        &GetInvoicesByAccountsLastVers {
            accounts: vec![66666],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_invoices_by_accounts_last_vers_with_pays_request() {
    let m = request::<GetInvoicesByAccountsLastVersWithPays>(
        "GetInvoicesByAccountsLastVersWithPays.request.xml",
        &[],
    );
    assert_same(
        &m,
        &GetInvoicesByAccountsLastVersWithPays {
            accounts: vec![9966919],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_invoices_by_accounts_new_request() {
    let m = request::<GetInvoicesByAccountsNew>("GetInvoicesByAccountsNew.request.xml", &[]);
    assert_same(
        &m,
        &GetInvoicesByAccountsNew {
            accounts: vec![444, 555, 666],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_invoices_by_accounts_re_new_request() {
    let m = request::<GetInvoicesByAccountsReNew>("GetInvoicesByAccountsReNew.request.xml", &[]);
    assert_same(
        &m,
        &GetInvoicesByAccountsReNew {
            accounts: vec![777, 888, 999],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_invoices_by_invoices_new_request() {
    let m = request::<GetInvoicesByInvoicesNew>("GetInvoicesByInvoicesNew.request.xml", &[]);
    assert_same(
        &m,
        &GetInvoicesByInvoicesNew {
            input_invoices: vec!["234324".into(), "34242344".into(), "25041098879".into()],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_payments_info_request() {
    let m = request::<GetPaymentsInfo>("GetPaymentsInfo.request.xml", &[]);
    assert_eq!(m.day, None, "`<day xsi:nil=\"true\" />`");
    assert_same(
        &m,
        &GetPaymentsInfo {
            year: 2008,
            month: 11,
            day: None,
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_payments_info_by_sys_ref_request() {
    let m = request::<GetPaymentsInfoBySysRef>("GetPaymentsInfoBySysRef.request.xml", &[]);
    assert_same(
        &m,
        &GetPaymentsInfoBySysRef {
            sys_ref: s("1"),
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_payments_nkr_request() {
    let m = request::<GetPaymentsNKR>("GetPaymentsNKR.request.xml", &[]);
    assert_eq!(m.date_in.to_string(), "2020-03-18T00:00:00.000+06:00");
    assert_same(
        &m,
        &GetPaymentsNKR {
            bank_code: s("BKCD"),
            date_in: dt("2020-03-18T00:00:00.000+06:00"),
        },
    );
}

#[test]
fn get_printed_invoice_pdf_request() {
    let m = request::<GetPrintedInvoicePDF>(
        "GetPrintedInvoicePDF.request.xml",
        &[("GetPrintedInvoicePDF/month", "03", "3")],
    );
    assert_same(
        &m,
        &GetPrintedInvoicePDF {
            account_id: 222222,
            year: 2025,
            month: 3,
        },
    );
}

#[test]
fn get_report108e_request() {
    let m = request::<GetReport108e>("GetReport108e.request.xml", &[]);
    assert_eq!(m.date_in.to_string(), "2019-11-01T00:00:00.000+06:00");
    assert_same(
        &m,
        &GetReport108e {
            bank_code: s("ALSC"),
            date_in: dt("2019-11-01T00:00:00.000+06:00"),
        },
    );
}

#[test]
fn get_serv_kno_request() {
    let m = request::<GetServKNO>("GetServKNO.request.xml", &[("GetServKNO/month", "09", "9")]);
    assert_same(
        &m,
        &GetServKNO {
            account_id: 88888,
            year: 2016,
            month: 9,
        },
    );
}

#[test]
fn pay_request() {
    let m = request::<Pay>("Pay.request.xml", &[]);
    assert_eq!(m.payment_documents.len(), 1);
    let doc = &m.payment_documents[0];
    assert_eq!(
        doc.sys_ref.as_deref(),
        Some("1"),
        "<SysRef xsi:type=\"xsd:string\">"
    );
    assert_eq!(
        doc.payment_date.to_string(),
        "2007-12-04T18:58:03.5381358+06:00"
    );
    assert_eq!(doc.payment_date.nanosecond(), 538_135_800);
    assert_eq!(doc.payment_parameters.len(), 2);
    for p in &doc.payment_parameters {
        assert_eq!(p.last_count_date.as_deref(), Some("15.06.2010"));
        assert_eq!(p.pay_sum.to_string(), "100");
    }
    let parameter = |service_id| PaymentParameter {
        service_id,
        pay_counts: dec("20"),
        last_counts: dec("120"),
        last_count_date: s("15.06.2010"),
        pay_sum: dec("100"),
    };
    assert_same(
        &m,
        &Pay {
            payment_documents: vec![PaymentDocument {
                account_id: 444333,
                invoice_id: s("777777"),
                payment_date: dt("2007-12-04T18:58:03.5381358+06:00"),
                sys_ref: s("1"),
                payment_parameters: vec![parameter(36), parameter(37)],
            }],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn rollback_payments_request() {
    let m = request::<RollbackPayments>("RollbackPayments.request.xml", &[]);
    assert_same(
        &m,
        &RollbackPayments {
            payment_ids: vec![4],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn rollback_payments_by_sys_ref_request() {
    let m = request::<RollbackPaymentsBySysRef>("RollbackPaymentsBySysRef.request.xml", &[]);
    assert_same(
        &m,
        &RollbackPaymentsBySysRef {
            sys_refs: vec!["4".into()],
            bank_code: s("ALSC"),
        },
    );
}

#[test]
fn get_pays_info_request() {
    let m = request::<messages::GetPaysInfo>("getPaysInfo.request.xml", &[]);
    assert_same(
        &m,
        &GetPaysInfo {
            bank_code: s("ALSC"),
            date_begin: dt("2017-04-01T00:00:00"),
            date_end: dt("2017-04-30T00:00:00"),
        },
    );
}

// --- the body comparison itself ------------------------------------------------------------

fn flat(body: &str) -> Vec<Node> {
    let doc = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><x>1</x></s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    );
    flatten_body(doc.as_bytes())
        .unwrap_or_else(|e| panic!("{body}: {e}"))
        .nodes
}

#[test]
fn the_body_comparison_ignores_prefixes_layout_and_comments() {
    let a = flat(
        r#"<a:Op xmlns:a="urn:x">
             <!--Optional:-->
             <a:v>1 &amp; 2</a:v>
             <a:n xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>
           </a:Op>"#,
    );
    let b = flat(
        r#"<Op xmlns="urn:x"><v><![CDATA[1 & 2]]></v><n xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="1"></n></Op>"#,
    );
    assert_eq!(compare_bodies(&a, &b), Ok(vec![]));
    let shape: Vec<_> = a
        .iter()
        .map(|n| {
            (
                n.ns.as_str(),
                n.path.as_str(),
                n.depth,
                n.text.as_str(),
                n.nil,
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("urn:x", "Op", 0, "", false),
            ("urn:x", "Op/v", 1, "1 & 2", false),
            ("urn:x", "Op/n", 1, "", true),
        ]
    );
}

#[test]
fn the_body_comparison_notices_every_kind_of_difference() {
    let base = flat(r#"<Op xmlns="urn:x"><a><c/></a><b>x</b></Op>"#);
    for (what, other) in [
        ("namespace", r#"<Op xmlns="urn:y"><a><c/></a><b>x</b></Op>"#),
        ("name", r#"<Op xmlns="urn:x"><a><c/></a><B>x</B></Op>"#),
        ("order", r#"<Op xmlns="urn:x"><b>x</b><a><c/></a></Op>"#),
        ("depth", r#"<Op xmlns="urn:x"><a/><c/><b>x</b></Op>"#),
        ("text", r#"<Op xmlns="urn:x"><a><c/></a><b>y</b></Op>"#),
        (
            "leaf whitespace",
            r#"<Op xmlns="urn:x"><a><c/></a><b> x</b></Op>"#,
        ),
        ("missing", r#"<Op xmlns="urn:x"><a><c/></a></Op>"#),
        ("extra", r#"<Op xmlns="urn:x"><a><c/></a><b>x</b><d/></Op>"#),
        (
            "nil",
            r#"<Op xmlns="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><a><c i:nil="true"/></a><b>x</b></Op>"#,
        ),
    ] {
        assert!(
            compare_bodies(&base, &flat(other)).is_err(),
            "a different {what} went unnoticed"
        );
    }
}

#[test]
fn the_body_comparison_accepts_only_equal_numbers_and_reports_them() {
    let ours = flat(r#"<Op xmlns="urn:x"><m>7</m><s>10</s></Op>"#);
    assert_eq!(
        compare_bodies(&flat(r#"<Op xmlns="urn:x"><m>07</m><s>10</s></Op>"#), &ours),
        Ok(vec![NumericLeaf {
            path: "Op/m".into(),
            expected: "07".into(),
            actual: "7".into(),
        }])
    );
    for other in [
        r#"<Op xmlns="urn:x"><m>8</m><s>10</s></Op>"#,
        r#"<Op xmlns="urn:x"><m>x7</m><s>10</s></Op>"#,
        r#"<Op xmlns="urn:x"><m>7</m><s>1e1</s></Op>"#,
    ] {
        assert!(compare_bodies(&flat(other), &ours).is_err(), "{other}");
    }
}

#[test]
fn the_body_view_refuses_what_it_cannot_compare() {
    for doc in [
        r#"<Envelope xmlns="urn:not-soap"><Body/></Envelope>"#,
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Op xmlns="urn:x">text<a/></Op></s:Body></s:Envelope>"#,
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><p:Op/></s:Body></s:Envelope>"#,
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Op>"#,
    ] {
        assert!(flatten_body(doc.as_bytes()).is_err(), "{doc}");
    }
}

#[test]
fn same_as_written_sees_the_scale_of_decimals() {
    use crate::support::difference;
    assert!(difference(&dec("1.0"), &dec("1.00")).is_some());
    assert!(difference(&d("79.80"), &d("79.8")).is_some());
    assert!(difference(&dt("2019-11-01T00:00:00.000"), &dt("2019-11-01T00:00:00")).is_some());
    assert_eq!(difference(&dec("1.00"), &dec("1.00")), None);
}
