//! The spec's XML examples (`fixtures/spec/`), decoded, for the adapter, document and report
//! tests.

use alseco_types::messages::{
    GetInvoicesByAccountsLastVers, GetInvoicesByAccountsLastVersWithPays,
    GetInvoicesByAccountsReNew, GetPaymentsNKR, GetReport108e, Pay,
};
use alseco_types::operation::{decode_request, decode_response};
use alseco_types::types::{
    AccountInvoicesLastVers, AccountInvoicesReNew, PaymentDocument, PaymentsNKRResult,
    Report108eResult,
};
use rust_decimal::Decimal;

/// A decimal from its text.
pub(crate) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/spec/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The account of `GetInvoicesByAccountsLastVers.response.xml` (600970, invoice 6666: gas 37 and
/// cold water 12).
pub(crate) fn last_vers() -> AccountInvoicesLastVers {
    let response = decode_response::<GetInvoicesByAccountsLastVers>(
        &read("GetInvoicesByAccountsLastVers.response.xml"),
        Default::default(),
    )
    .unwrap();
    response.get_invoices_by_accounts_last_vers_result[0]
        .account_invoices
        .clone()
        .unwrap()
}

/// The account of `GetInvoicesByAccountsLastVersWithPays.response.xml` (600970, invoice
/// 241010988797: gas 37 with FixSum 0.00 and PaySum 977.35).
pub(crate) fn last_vers_with_pays() -> AccountInvoicesLastVers {
    let response = decode_response::<GetInvoicesByAccountsLastVersWithPays>(
        &read("GetInvoicesByAccountsLastVersWithPays.response.xml"),
        Default::default(),
    )
    .unwrap();
    response.get_invoices_by_accounts_last_vers_with_pays_result[0]
        .account_invoices
        .clone()
        .unwrap()
}

/// The account of `GetInvoicesByAccountsReNew.response.xml` (88888, invoice 5556666: electricity
/// 13 on the tiered tariff 12.02/15.84/19.80 with thresholds 345/190, and gas 37; 3 residents).
pub(crate) fn re_new() -> AccountInvoicesReNew {
    let response = decode_response::<GetInvoicesByAccountsReNew>(
        &read("GetInvoicesByAccountsReNew.response.xml"),
        Default::default(),
    )
    .unwrap();
    response.get_invoices_by_accounts_re_new_result[0]
        .account_invoices
        .clone()
        .unwrap()
}

/// The payment document of `Pay.request.xml` (444333, invoice 777777, services 36 and 37).
pub(crate) fn pay_document() -> PaymentDocument {
    let (_, pay) = decode_request::<Pay>(&read("Pay.request.xml"), Default::default()).unwrap();
    pay.payment_documents.into_iter().next().unwrap()
}

/// The result of `GetPaymentsNKR.response.xml`.
pub(crate) fn nkr() -> PaymentsNKRResult {
    decode_response::<GetPaymentsNKR>(&read("GetPaymentsNKR.response.xml"), Default::default())
        .unwrap()
        .get_payments_nkr_result
        .unwrap()
}

/// The result of `GetReport108e.response.xml`.
pub(crate) fn report108e() -> Report108eResult {
    decode_response::<GetReport108e>(&read("GetReport108e.response.xml"), Default::default())
        .unwrap()
        .get_report108e_result
        .unwrap()
}
