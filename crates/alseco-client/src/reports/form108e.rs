//! GetReport108e: the day's electronic payment orders (form 108e) transferring money to
//! suppliers, as typed rows.
//!
//! The generated [`Form108eItems`] already decodes `SUMP` (decimal), `FL` (nillable boolean) and
//! `SERV_ID` (nillable integer). What is left is `DAT`, a `dd.MM.yyyy` string, which becomes a
//! [`jiff::civil::Date`]; the text fields become `String`s (absent reads as empty: the spec marks
//! several as "may be empty").
//!
//! Errors name the row by its index in `list` (0-based) and the field by its wire name.
//!
//! # CSV columns ([`write_csv`])
//! `DAT,KODBN,NUMRS,TSH,BIN,SUMP,NAME_POL,NAZN_PL,KODD,FL,KBE,KNP,IIN_ABON,FIO,SERV_ID`: `DAT` as
//! `YYYY-MM-DD`, `SUMP` as plain decimal text, `FL` as `true`/`false`, empty when nil, `SERV_ID`
//! empty when nil.
//!
//! # Example
//! ```
//! use alseco_client::reports::form108e::{form108e_report, to_csv};
//! use alseco_types::messages::GetReport108e;
//! use alseco_types::operation::decode_response;
//! use jiff::civil::date;
//!
//! let xml = std::fs::read(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../fixtures/spec/GetReport108e.response.xml"
//! ))?;
//! let response = decode_response::<GetReport108e>(&xml, Default::default())?;
//! let rows = form108e_report(response.get_report108e_result.as_ref())?;
//! assert_eq!(rows[0].date, date(2019, 11, 1));
//! assert_eq!(rows[0].amount.to_string(), "12242.57");
//! assert_eq!(rows[0].service_id, Some(128));
//! assert!(to_csv(&rows)?.contains("\n2019-11-01,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alseco_types::types::{Form108eItems, Report108eResult};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{ReportError, check_result, csv_writer, finish_csv};
use crate::documents::parse_dotted_date;

/// The CSV header, in the spec's field order.
pub const CSV_COLUMNS: [&str; 15] = [
    "DAT", "KODBN", "NUMRS", "TSH", "BIN", "SUMP", "NAME_POL", "NAZN_PL", "KODD", "FL", "KBE",
    "KNP", "IIN_ABON", "FIO", "SERV_ID",
];

/// One electronic payment order of the GetReport108e report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form108eRow {
    /// `DAT`: the payment date.
    pub date: Date,
    /// `KODBN`: the bank's BIC, text(8).
    pub bank_bic: String,
    /// `NUMRS`: the supplier's settlement account, text(20).
    pub account_number: String,
    /// `TSH`: the district supplier code, text(7); may be empty.
    pub district_code: String,
    /// `BIN`: the supplier's BIN, text(12).
    pub bin: String,
    /// `SUMP`: the payment amount.
    pub amount: Decimal,
    /// `NAME_POL`: the supplier's name, text(40).
    pub recipient_name: String,
    /// `NAZN_PL`: the payment type (purpose), text(30).
    pub purpose: String,
    /// `KODD`: the budget classification code (KBK), text(6); may be empty.
    pub budget_code: String,
    /// `FL`: a flag the spec describes as empty; `None` when nil or absent.
    pub flag: Option<bool>,
    /// `KBE`: residency and sector code of the beneficiary, text(2).
    pub kbe: String,
    /// `KNP`: the payment purpose code, text(3).
    pub knp: String,
    /// `IIN_ABON`: the subscriber's IIN, text(12); may be empty.
    pub payer_iin: String,
    /// `FIO`: the subscriber's full name, text(40); may be empty.
    pub payer_name: String,
    /// `SERV_ID`: the service code; `None` when nil or absent.
    pub service_id: Option<i32>,
}

/// A malformed GetReport108e row; each variant names the row index and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Form108eError {
    /// A required field is absent or empty.
    #[error("108e row {index}: field {field} is missing")]
    Missing {
        /// The row's index in `list`, from 0.
        index: usize,
        /// The wire field name.
        field: &'static str,
    },
    /// A field's text is not of its form.
    #[error("108e row {index}: field {field} = {value:?} is not {expected}")]
    Mistyped {
        /// The row's index in `list`, from 0.
        index: usize,
        /// The wire field name.
        field: &'static str,
        /// The text received.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

/// The rows of a GetReport108e result: [`check_result`] on `result` / `ErrorMessage`, then
/// [`parse_items`] on `list`. Takes the `Option` the response holds
/// (`GetReport108eResponse::get_report108e_result`).
///
/// # Errors
/// [`ReportError::NoResult`], [`ReportError::Service`] with the service's text, or
/// [`ReportError::Form108e`].
///
/// # Example
/// ```
/// use alseco_client::reports::form108e::form108e_report;
/// use alseco_types::types::Report108eResult;
///
/// let failed = Report108eResult {
///     result: Some("error".into()),
///     error_message: Some("День не отмечен".into()),
///     ..Default::default()
/// };
/// let err = form108e_report(Some(&failed)).unwrap_err();
/// assert_eq!(err.to_string(), "the service answered \"error\": День не отмечен");
/// ```
pub fn form108e_report(result: Option<&Report108eResult>) -> Result<Vec<Form108eRow>, ReportError> {
    let result = result.ok_or(ReportError::NoResult)?;
    check_result(result.result.as_deref(), result.error_message.as_deref())?;
    Ok(parse_items(&result.list)?)
}

/// Typed rows of the items, in order.
///
/// # Errors
/// The first row's [`Form108eError`]: `DAT` absent or empty ([`Form108eError::Missing`]) or not a
/// `dd.MM.yyyy` date ([`Form108eError::Mistyped`]).
///
/// # Example
/// ```
/// use alseco_client::reports::form108e::{parse_items, Form108eError};
/// use alseco_types::types::Form108eItems;
///
/// let items = [
///     Form108eItems { dat: Some("01.11.2019".into()), ..Default::default() },
///     Form108eItems { dat: Some("2019-11-01".into()), ..Default::default() },
/// ];
/// let err = parse_items(&items).unwrap_err();
/// assert_eq!(err.to_string(), "108e row 1: field DAT = \"2019-11-01\" is not a date dd.MM.yyyy");
/// ```
pub fn parse_items(items: &[Form108eItems]) -> Result<Vec<Form108eRow>, Form108eError> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| parse_item(index, item))
        .collect()
}

fn parse_item(index: usize, item: &Form108eItems) -> Result<Form108eRow, Form108eError> {
    let dat =
        item.dat
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .ok_or(Form108eError::Missing {
                index,
                field: "DAT",
            })?;
    let date = parse_dotted_date(dat).ok_or_else(|| Form108eError::Mistyped {
        index,
        field: "DAT",
        value: dat.to_owned(),
        expected: "a date dd.MM.yyyy",
    })?;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    Ok(Form108eRow {
        date,
        bank_bic: text(&item.kodbn),
        account_number: text(&item.numrs),
        district_code: text(&item.tsh),
        bin: text(&item.bin),
        amount: item.sump,
        recipient_name: text(&item.name_pol),
        purpose: text(&item.nazn_pl),
        budget_code: text(&item.kodd),
        flag: item.fl,
        kbe: text(&item.kbe),
        knp: text(&item.knp),
        payer_iin: text(&item.iin_abon),
        payer_name: text(&item.fio),
        service_id: item.serv_id,
    })
}

/// Writes the rows as CSV with a header row (columns in the [module docs](self)).
///
/// # Errors
/// The writer's I/O errors.
///
/// # Example
/// ```
/// use alseco_client::reports::form108e::{write_csv, CSV_COLUMNS};
///
/// let mut out = Vec::new();
/// write_csv(&[], &mut out)?;
/// assert_eq!(String::from_utf8(out)?, format!("{}\n", CSV_COLUMNS.join(",")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv<W: std::io::Write>(rows: &[Form108eRow], out: W) -> std::io::Result<()> {
    let mut writer = csv_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for r in rows {
        writer.write_record([
            r.date.to_string().as_str(),
            &r.bank_bic,
            &r.account_number,
            &r.district_code,
            &r.bin,
            &r.amount.to_string(),
            &r.recipient_name,
            &r.purpose,
            &r.budget_code,
            &r.flag.map(|f| f.to_string()).unwrap_or_default(),
            &r.kbe,
            &r.knp,
            &r.payer_iin,
            &r.payer_name,
            &r.service_id.map(|s| s.to_string()).unwrap_or_default(),
        ])?;
    }
    finish_csv(writer)
}

/// The rows as a CSV string ([`write_csv`] into memory).
///
/// # Errors
/// None in practice (writing to memory); the signature follows [`write_csv`].
pub fn to_csv(rows: &[Form108eRow]) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_csv(rows, &mut out)?;
    String::from_utf8(out).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
