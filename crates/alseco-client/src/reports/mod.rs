//! The daily reports: GetPaymentsNKR (capital-repair savings payments) and GetReport108e
//! (electronic payment orders to suppliers, form 108e), as typed rows and as CSV.
//!
//! Both results carry a status text: `sucsess` (sic) on success, otherwise one of the texts the
//! spec lists in `ErrorMessage`. [`check_result`] turns the pair into `Ok` or a [`ServiceError`]
//! carrying the service's text; [`nkr::nkr_report`] and [`form108e::form108e_report`] check it
//! and then parse the rows.
//!
//! # CSV
//! [`nkr::write_csv`] and [`form108e::write_csv`] write a header row and one record per row, with
//! the `csv` crate's defaults (comma, `"` quoting only where needed, `\n` line ends, UTF-8 without
//! a byte-order mark). The columns are the wire's field names in the spec's order; decimals are
//! written as plain text with the scale they arrived with (`1638.00`), dates as ISO `YYYY-MM-DD`,
//! absent optional values as empty fields. See each module for its columns.
//!
//! # Example
//! ```
//! use alseco_client::reports::{check_result, KnownServiceMessage};
//!
//! assert!(check_result(Some("sucsess"), Some("")).is_ok());
//! let err = check_result(Some("error"), Some("День не отмечен")).unwrap_err();
//! assert_eq!(err.message.as_deref(), Some("День не отмечен"));
//! assert_eq!(err.known(), Some(KnownServiceMessage::DayNotMarked));
//! assert_eq!(err.to_string(), "the service answered \"error\": День не отмечен");
//! ```

pub mod form108e;
pub mod nkr;

use std::fmt;

pub use form108e::{Form108eError, Form108eRow};
pub use nkr::{NkrError, NkrField, NkrPaymentKind, NkrRow};

/// The spelling of success in GetReport108e and GetPaymentsNKR (sic).
pub const SUCCESS_TEXT: &str = "sucsess";

/// The service reported a failure: its `result` and `ErrorMessage` texts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceError {
    /// The `result` text (anything but `sucsess`), `None` when absent.
    pub result: Option<String>,
    /// The `ErrorMessage` text, trimmed; `None` when absent or empty.
    pub message: Option<String>,
}

impl ServiceError {
    /// The message as one of the texts the spec lists, if it is one.
    pub fn known(&self) -> Option<KnownServiceMessage> {
        self.message
            .as_deref()
            .and_then(KnownServiceMessage::from_text)
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.result {
            Some(result) => write!(f, "the service answered {result:?}")?,
            None => f.write_str("the service answered without a result")?,
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None => f.write_str(" and no error message"),
        }
    }
}

impl std::error::Error for ServiceError {}

/// The failure texts the spec lists for GetReport108e and GetPaymentsNKR (verbatim).
///
/// # Example
/// ```
/// use alseco_client::reports::KnownServiceMessage;
///
/// let known = KnownServiceMessage::from_text(" Не найден банк ");
/// assert_eq!(known, Some(KnownServiceMessage::BankNotFound));
/// assert_eq!(KnownServiceMessage::BankNotFound.text(), "Не найден банк");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownServiceMessage {
    /// «Дата раньше 1 ноября 2019 г.»: GetReport108e works from 2019-11-01.
    DateBeforeNovember2019,
    /// «Месяц позже текущего»: the date's month is after the open period.
    MonthAfterCurrent,
    /// «Не найден банк»: no bank with that code.
    BankNotFound,
    /// «День не отмечен»: ALSECO has not yet marked the day ready (retry later).
    DayNotMarked,
    /// «Нет данных за выбранный день»: no data for that day.
    NoDataForDay,
    /// «Дата позже текущего дня»: GetPaymentsNKR works only for days before today.
    DateNotBeforeToday,
}

impl KnownServiceMessage {
    /// The spec's text.
    pub fn text(self) -> &'static str {
        match self {
            KnownServiceMessage::DateBeforeNovember2019 => "Дата раньше 1 ноября 2019 г.",
            KnownServiceMessage::MonthAfterCurrent => "Месяц позже текущего",
            KnownServiceMessage::BankNotFound => "Не найден банк",
            KnownServiceMessage::DayNotMarked => "День не отмечен",
            KnownServiceMessage::NoDataForDay => "Нет данных за выбранный день",
            KnownServiceMessage::DateNotBeforeToday => "Дата позже текущего дня",
        }
    }

    /// The message for `text` (trimmed, exact otherwise), if the spec lists it.
    pub fn from_text(text: &str) -> Option<KnownServiceMessage> {
        const ALL: [KnownServiceMessage; 6] = [
            KnownServiceMessage::DateBeforeNovember2019,
            KnownServiceMessage::MonthAfterCurrent,
            KnownServiceMessage::BankNotFound,
            KnownServiceMessage::DayNotMarked,
            KnownServiceMessage::NoDataForDay,
            KnownServiceMessage::DateNotBeforeToday,
        ];
        let text = text.trim();
        ALL.into_iter().find(|m| m.text() == text)
    }
}

/// `Ok(())` when `result` says success, else a [`ServiceError`] carrying the service's texts.
///
/// Success is `sucsess` (the service's spelling) or `success` (in case it is ever corrected),
/// ignoring case and surrounding whitespace. `result` decides alone: an `ErrorMessage` next to a
/// success is ignored, and an absent `result` is a failure.
///
/// # Errors
/// [`ServiceError`] with `result` and the trimmed, non-empty `ErrorMessage`.
///
/// # Example
/// ```
/// use alseco_client::reports::check_result;
///
/// assert!(check_result(Some("sucsess"), None).is_ok());
/// let err = check_result(None, None).unwrap_err();
/// assert_eq!(err.to_string(), "the service answered without a result and no error message");
/// ```
pub fn check_result(result: Option<&str>, error_message: Option<&str>) -> Result<(), ServiceError> {
    let success = result.is_some_and(|r| {
        let r = r.trim();
        r.eq_ignore_ascii_case(SUCCESS_TEXT) || r.eq_ignore_ascii_case("success")
    });
    if success {
        return Ok(());
    }
    Err(ServiceError {
        result: result.map(str::to_owned),
        message: error_message
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
    })
}

/// Why a report could not be turned into rows.
///
/// # Example
/// ```
/// use alseco_client::reports::nkr::nkr_report;
/// use alseco_client::reports::ReportError;
///
/// assert_eq!(nkr_report(None).unwrap_err(), ReportError::NoResult);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The response has no `…Result` element at all.
    #[error("the response has no result element")]
    NoResult,
    /// The service reported a failure.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// A GetPaymentsNKR row is malformed.
    #[error(transparent)]
    Nkr(#[from] NkrError),
    /// A GetReport108e row is malformed.
    #[error(transparent)]
    Form108e(#[from] Form108eError),
}

/// A CSV writer with the module's conventions, over `out`.
fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// Finishes a CSV writer, returning I/O errors as such.
fn finish_csv<W: std::io::Write>(mut writer: csv::Writer<W>) -> std::io::Result<()> {
    writer.flush()
}
