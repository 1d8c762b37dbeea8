//! GetPaymentsNKR: payments for the capital-repair savings service («Накопление на капитальный
//! ремонт»), from the service's pivoted name/value list to typed rows.
//!
//! The result is a flat list of `Item{RowN, Name, Val}`; the items sharing a `RowN` form one
//! payment. [`parse_items`] regroups them into [`NkrRow`]s, ordered by `RowN`.
//!
//! # Resolutions
//! - Every known field (`TownName`, `StreetName`, `HouseId`, `FlatNumber`, `CalcAccount`,
//!   `SumPay`, `SumTrans`, `TypePay`) must appear exactly once per row: a missing one is
//!   [`NkrError::Missing`], a repeated one [`NkrError::Duplicated`], both naming the row and field.
//! - Values are read from their text; the `xsi:type` is not checked (it is informational and a
//!   decimal sent as `xsd:string` is still a decimal). `SumPay` and `SumTrans` must be
//!   `xs:decimal` literals, `TypePay` 0 (payment) or 1 (transfer, «переброс»); anything else is
//!   [`NkrError::Mistyped`]. A text field whose `Val` is absent reads as empty (a house without
//!   flats may send no flat number).
//! - Items with a `Name` the spec does not list are **kept**, in order, in [`NkrRow::unknown`]:
//!   the spec warns that the description may change, and a new column must not break a bank's
//!   daily report. They are not written to CSV. An item without a `Name` is
//!   [`NkrError::Unnamed`].
//!
//! # CSV columns ([`write_csv`])
//! `RowN,TownName,StreetName,HouseId,FlatNumber,CalcAccount,SumPay,SumTrans,TypePay`, with
//! `TypePay` as on the wire (`0` payment, `1` transfer).
//!
//! # Example
//! ```
//! use alseco_client::reports::nkr::{nkr_report, to_csv, NkrPaymentKind};
//! use alseco_types::messages::GetPaymentsNKR;
//! use alseco_types::operation::decode_response;
//!
//! let xml = std::fs::read(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../fixtures/spec/GetPaymentsNKR.response.xml"
//! ))?;
//! let response = decode_response::<GetPaymentsNKR>(&xml, Default::default())?;
//! let rows = nkr_report(response.get_payments_nkr_result.as_ref())?;
//! assert_eq!(rows[0].calc_account, "KZ86125KZT5004100100");
//! assert_eq!(rows[0].sum_paid.to_string(), "1638.00");
//! assert_eq!(rows[0].kind, NkrPaymentKind::Payment);
//! assert!(to_csv(&rows)?.starts_with("RowN,TownName,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use alseco_types::scalars::AnyValue;
use alseco_types::types::{Item, PaymentsNKRResult};
use rust_decimal::Decimal;

use super::{ReportError, check_result, csv_writer, finish_csv};

/// `TypePay`: what the row records.
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::NkrPaymentKind;
///
/// assert_eq!(NkrPaymentKind::Transfer.wire_value(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NkrPaymentKind {
    /// `TypePay` 0: a payment.
    Payment,
    /// `TypePay` 1: a transfer («переброс»).
    Transfer,
}

impl NkrPaymentKind {
    /// The wire value: 0 or 1.
    pub fn wire_value(self) -> u8 {
        match self {
            NkrPaymentKind::Payment => 0,
            NkrPaymentKind::Transfer => 1,
        }
    }
}

/// One payment of the GetPaymentsNKR report.
#[derive(Debug, Clone, PartialEq)]
pub struct NkrRow {
    /// `RowN`: the row number the items shared.
    pub row: i32,
    /// `TownName`: settlement, text(120).
    pub town: String,
    /// `StreetName`: street, text(60).
    pub street: String,
    /// `HouseId`: house, text(20).
    pub house: String,
    /// `FlatNumber`: flat, text(8).
    pub flat: String,
    /// `CalcAccount`: the settlement account, text(20).
    pub calc_account: String,
    /// `SumPay`: the payment amount.
    pub sum_paid: Decimal,
    /// `SumTrans`: the amount to transfer.
    pub sum_transferred: Decimal,
    /// `TypePay`: payment or transfer.
    pub kind: NkrPaymentKind,
    /// Items of this row with a `Name` the spec does not list, in the order received.
    pub unknown: Vec<Item>,
}

/// A field of an NKR row, named as on the wire.
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::NkrField;
///
/// assert_eq!(NkrField::from_name("CalcAccount"), Some(NkrField::CalcAccount));
/// assert_eq!(NkrField::from_name("calcaccount"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NkrField {
    /// `TownName`.
    TownName,
    /// `StreetName`.
    StreetName,
    /// `HouseId`.
    HouseId,
    /// `FlatNumber`.
    FlatNumber,
    /// `CalcAccount`.
    CalcAccount,
    /// `SumPay`.
    SumPay,
    /// `SumTrans`.
    SumTrans,
    /// `TypePay`.
    TypePay,
}

impl NkrField {
    /// Every field, in the spec's (and the CSV's) order.
    pub const ALL: [NkrField; 8] = [
        NkrField::TownName,
        NkrField::StreetName,
        NkrField::HouseId,
        NkrField::FlatNumber,
        NkrField::CalcAccount,
        NkrField::SumPay,
        NkrField::SumTrans,
        NkrField::TypePay,
    ];

    /// The `Name` on the wire.
    pub fn name(self) -> &'static str {
        match self {
            NkrField::TownName => "TownName",
            NkrField::StreetName => "StreetName",
            NkrField::HouseId => "HouseId",
            NkrField::FlatNumber => "FlatNumber",
            NkrField::CalcAccount => "CalcAccount",
            NkrField::SumPay => "SumPay",
            NkrField::SumTrans => "SumTrans",
            NkrField::TypePay => "TypePay",
        }
    }

    /// The field of a wire `Name` (exact, case-sensitive), if the spec lists it.
    pub fn from_name(name: &str) -> Option<NkrField> {
        NkrField::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for NkrField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A malformed GetPaymentsNKR row; each variant names the row (`RowN`) and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NkrError {
    /// The row has no item for the field.
    #[error("NKR row {row}: field {field} is missing")]
    Missing {
        /// `RowN`.
        row: i32,
        /// The field.
        field: NkrField,
    },
    /// The row has more than one item for the field.
    #[error("NKR row {row}: field {field} appears more than once")]
    Duplicated {
        /// `RowN`.
        row: i32,
        /// The field.
        field: NkrField,
    },
    /// The field's value is not of its type.
    #[error("NKR row {row}: field {field} = {value:?} is not {expected}")]
    Mistyped {
        /// `RowN`.
        row: i32,
        /// The field.
        field: NkrField,
        /// The value's text (empty when `Val` is absent).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// An item of the row has no (or an empty) `Name`.
    #[error("NKR row {row}: an item has no Name")]
    Unnamed {
        /// `RowN`.
        row: i32,
    },
}

/// The rows of a GetPaymentsNKR result: [`check_result`] on `result` / `ErrorMessage`, then
/// [`parse_items`] on `resultList`. Takes the `Option` the response holds
/// (`GetPaymentsNKRResponse::get_payments_nkr_result`).
///
/// # Errors
/// [`ReportError::NoResult`], [`ReportError::Service`] with the service's text, or
/// [`ReportError::Nkr`].
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::nkr_report;
/// use alseco_client::reports::{KnownServiceMessage, ReportError};
/// use alseco_types::types::PaymentsNKRResult;
///
/// let failed = PaymentsNKRResult {
///     result: Some("error".into()),
///     error_message: Some("Дата позже текущего дня".into()),
///     ..Default::default()
/// };
/// match nkr_report(Some(&failed)) {
///     Err(ReportError::Service(e)) => assert_eq!(e.known(), Some(KnownServiceMessage::DateNotBeforeToday)),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn nkr_report(result: Option<&PaymentsNKRResult>) -> Result<Vec<NkrRow>, ReportError> {
    let result = result.ok_or(ReportError::NoResult)?;
    check_result(result.result.as_deref(), result.error_message.as_deref())?;
    Ok(parse_items(&result.result_list)?)
}

/// Regroups the pivoted items into rows ordered by `RowN` (see the [module docs](self)).
///
/// # Errors
/// The first [`NkrError`] in `RowN` order, then field order.
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::{parse_items, NkrError, NkrField};
/// use alseco_types::scalars::{AnyValue, XsiType};
/// use alseco_types::types::Item;
///
/// let item = |row, name: &str, ty: &str, text: &str| Item {
///     row_n: row,
///     name: Some(name.into()),
///     val: Some(AnyValue::new(XsiType::xsd(ty), text)),
/// };
/// let items = vec![item(2, "SumPay", "decimal", "12,50")];
/// let err = parse_items(&items).unwrap_err();
/// assert_eq!(err, NkrError::Missing { row: 2, field: NkrField::TownName });
/// ```
pub fn parse_items(items: &[Item]) -> Result<Vec<NkrRow>, NkrError> {
    let mut rows: BTreeMap<i32, Vec<&Item>> = BTreeMap::new();
    for item in items {
        rows.entry(item.row_n).or_default().push(item);
    }
    rows.into_iter()
        .map(|(row, items)| parse_row(row, &items))
        .collect()
}

fn parse_row(row: i32, items: &[&Item]) -> Result<NkrRow, NkrError> {
    let mut fields: [Option<Option<&AnyValue>>; 8] = [None; 8];
    let mut unknown = Vec::new();
    for item in items {
        let name = item
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or(NkrError::Unnamed { row })?;
        match NkrField::from_name(name) {
            Some(field) => {
                let slot = &mut fields[field as usize];
                if slot.is_some() {
                    return Err(NkrError::Duplicated { row, field });
                }
                *slot = Some(item.val.as_ref());
            }
            None => unknown.push((*item).clone()),
        }
    }
    let get = |field: NkrField| -> Result<Option<&AnyValue>, NkrError> {
        fields[field as usize].ok_or(NkrError::Missing { row, field })
    };
    let text = |field: NkrField| -> Result<String, NkrError> {
        Ok(get(field)?.map(|v| v.text.clone()).unwrap_or_default())
    };
    let mistyped =
        |field: NkrField, value: Option<&AnyValue>, expected: &'static str| NkrError::Mistyped {
            row,
            field,
            value: value.map(|v| v.text.clone()).unwrap_or_default(),
            expected,
        };
    let decimal = |field: NkrField| -> Result<Decimal, NkrError> {
        let value = get(field)?;
        value
            .and_then(AnyValue::to_decimal)
            .ok_or_else(|| mistyped(field, value, "a decimal"))
    };
    let town = text(NkrField::TownName)?;
    let street = text(NkrField::StreetName)?;
    let house = text(NkrField::HouseId)?;
    let flat = text(NkrField::FlatNumber)?;
    let calc_account = text(NkrField::CalcAccount)?;
    let sum_paid = decimal(NkrField::SumPay)?;
    let sum_transferred = decimal(NkrField::SumTrans)?;
    let type_pay = get(NkrField::TypePay)?;
    let kind = match type_pay.and_then(AnyValue::to_i64) {
        Some(0) => NkrPaymentKind::Payment,
        Some(1) => NkrPaymentKind::Transfer,
        _ => {
            return Err(mistyped(
                NkrField::TypePay,
                type_pay,
                "0 (payment) or 1 (transfer)",
            ));
        }
    };
    Ok(NkrRow {
        row,
        town,
        street,
        house,
        flat,
        calc_account,
        sum_paid,
        sum_transferred,
        kind,
        unknown,
    })
}

/// Writes the rows as CSV with a header row (columns in the [module docs](self)).
///
/// # Errors
/// The writer's I/O errors.
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::{write_csv, NkrPaymentKind, NkrRow};
/// use rust_decimal::Decimal;
///
/// let row = NkrRow {
///     row: 1,
///     town: "г.Алматы".into(),
///     street: "ул. Абая".into(),
///     house: "10".into(),
///     flat: "25".into(),
///     calc_account: "KZ86125KZT5004100100".into(),
///     sum_paid: Decimal::new(163800, 2),
///     sum_transferred: Decimal::new(162571, 2),
///     kind: NkrPaymentKind::Transfer,
///     unknown: vec![],
/// };
/// let mut out = Vec::new();
/// write_csv(&[row], &mut out)?;
/// assert_eq!(
///     String::from_utf8(out)?,
///     "RowN,TownName,StreetName,HouseId,FlatNumber,CalcAccount,SumPay,SumTrans,TypePay\n\
///      1,г.Алматы,ул. Абая,10,25,KZ86125KZT5004100100,1638.00,1625.71,1\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv<W: std::io::Write>(rows: &[NkrRow], out: W) -> std::io::Result<()> {
    let mut writer = csv_writer(out);
    writer.write_record(std::iter::once("RowN").chain(NkrField::ALL.iter().map(|f| f.name())))?;
    for r in rows {
        writer.write_record([
            r.row.to_string().as_str(),
            &r.town,
            &r.street,
            &r.house,
            &r.flat,
            &r.calc_account,
            &r.sum_paid.to_string(),
            &r.sum_transferred.to_string(),
            &r.kind.wire_value().to_string(),
        ])?;
    }
    finish_csv(writer)
}

/// The rows as a CSV string ([`write_csv`] into memory).
///
/// # Errors
/// None in practice (writing to memory); the signature follows [`write_csv`].
pub fn to_csv(rows: &[NkrRow]) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_csv(rows, &mut out)?;
    String::from_utf8(out).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
