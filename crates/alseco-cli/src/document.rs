//! The JSON payment document of `alseco pay --document FILE.json`.
//!
//! ```json
//! {
//!   "account_id": 600000,
//!   "invoice_id": "251100000123",
//!   "sys_ref": "ALSC-2025-0001",
//!   "payment_date": "2025-04-30T10:00:00+05:00",
//!   "services": [
//!     {"service_id": 13, "pay_sum": "1500.00", "pay_counts": "150", "last_counts": "1150",
//!      "last_count_date": "2025-04-30"},
//!     {"service_id": 37, "pay_sum": 977.35}
//!   ]
//! }
//! ```
//!
//! `invoice_id` is the invoice number without its check digit, as the invoices list it.
//! `sys_ref` is optional (the guard generates one), `payment_date` too (now, Astana time).
//! Amounts are decimal strings (exact) or JSON numbers; `pay_counts` and `last_counts`
//! default to 0, `last_count_date` (`YYYY-MM-DD` or `dd.MM.yyyy`) to none.

use crate::error::{CliError, CliResult};
use alseco_client::documents::{format_dotted_date, parse_dotted_date};
use alseco_types::scalars::DateTime;
use alseco_types::types::{PaymentDocument, PaymentParameter};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentJson {
    account_id: i32,
    invoice_id: String,
    #[serde(default)]
    sys_ref: Option<String>,
    #[serde(default)]
    payment_date: Option<String>,
    services: Vec<ServiceJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceJson {
    service_id: i32,
    pay_sum: serde_json::Value,
    #[serde(default)]
    pay_counts: Option<serde_json::Value>,
    #[serde(default)]
    last_counts: Option<serde_json::Value>,
    #[serde(default)]
    last_count_date: Option<String>,
}

/// An amount from a JSON string or number.
fn amount(value: &serde_json::Value, what: &str) -> CliResult<Decimal> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        other => {
            return Err(CliError::input(format!(
                "payment document: {what} must be a decimal string or number, not {other}"
            )));
        }
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| {
            CliError::input(format!(
                "payment document: {what} `{text}` is not a decimal"
            ))
        })
}

/// Parses the document; `now` is the payment date when it gives none.
pub(crate) fn parse(text: &str, now: DateTime) -> CliResult<PaymentDocument> {
    let doc: DocumentJson = serde_json::from_str(text)
        .map_err(|e| CliError::input(format!("malformed payment document: {e}")))?;
    if doc.invoice_id.trim().is_empty() {
        return Err(CliError::input("payment document: invoice_id is empty"));
    }
    if doc.services.is_empty() {
        return Err(CliError::input("payment document: no services"));
    }
    let payment_date = match doc.payment_date.as_deref() {
        None => now,
        Some(text) => text.trim().parse::<DateTime>().map_err(|e| {
            CliError::input(format!("payment document: payment_date `{text}`: {e}"))
        })?,
    };
    let mut parameters = Vec::with_capacity(doc.services.len());
    for s in &doc.services {
        let what = |field: &str| format!("services[{}].{field}", s.service_id);
        let last_count_date = match s.last_count_date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let date = text
                    .parse::<jiff::civil::Date>()
                    .ok()
                    .or_else(|| parse_dotted_date(text))
                    .ok_or_else(|| {
                        CliError::input(format!(
                            "payment document: {} `{text}` is not a date (YYYY-MM-DD)",
                            what("last_count_date")
                        ))
                    })?;
                Some(format_dotted_date(date))
            }
        };
        let optional = |v: &Option<serde_json::Value>, field: &str| match v {
            None => Ok(Decimal::ZERO),
            Some(v) => amount(v, &what(field)),
        };
        parameters.push(PaymentParameter {
            service_id: s.service_id,
            pay_counts: optional(&s.pay_counts, "pay_counts")?,
            last_counts: optional(&s.last_counts, "last_counts")?,
            last_count_date,
            pay_sum: amount(&s.pay_sum, &what("pay_sum"))?,
        });
    }
    Ok(PaymentDocument {
        account_id: doc.account_id,
        invoice_id: Some(doc.invoice_id.trim().to_owned()),
        payment_date,
        sys_ref: doc.sys_ref.filter(|s| !s.trim().is_empty()),
        payment_parameters: parameters,
    })
}
