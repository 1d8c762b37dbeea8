//! The one error type of [`super::Client`], and the service-level failures the spec names.

use crate::transport::TransportError;
use alseco_types::operation::CallError;
use alseco_types::soap::Fault;
use alseco_types::xml::{DecodeError, EncodeError};
use std::fmt;

/// Why a [`super::Client`] call failed: one enum a caller can match on.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Below the SOAP level: no connection, a timeout, a broken connection, an HTTP status
    /// without a fault, a response over the size limit. See [`Error::is_not_sent`] and
    /// [`Error::is_no_timely_answer`] for what that means for a payment.
    Transport(TransportError),
    /// The service answered with a SOAP fault (ASMX's answer when a method throws).
    Fault(Fault),
    /// The response is not a valid envelope of the expected message (with the element path
    /// and byte offset).
    Decode(DecodeError),
    /// The request could not be encoded.
    Encode(EncodeError),
    /// The service answered, but reported that the operation failed (`exRes.Executed = false`,
    /// `result = false`, `result = error`, `state = Error`).
    Service(ServiceError),
    /// Refused before sending: DayPaysSum outside its window (previous day only, 00:00–10:00
    /// Astana time), which the service would refuse too. See
    /// [`ClientConfig::check_day_pays_sum_window`](super::ClientConfig::check_day_pays_sum_window).
    Window(crate::astana::WindowError),
}

impl Error {
    /// Whether the request certainly did not reach the service (no connection, connect
    /// timeout): sending it again cannot duplicate anything, even a payment.
    pub fn is_not_sent(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_not_sent())
    }

    /// Whether the service gave no timely answer (response timeout, connection broken after
    /// sending, response cut short): the request may or may not have been processed. For a
    /// payment this is the spec's case for rolling back by `SysRef`.
    pub fn is_no_timely_answer(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_no_timely_answer())
    }

    /// The service-level failure, if this is one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The kind of service-level failure, if this is one.
    pub fn service_kind(&self) -> Option<&ServiceErrorKind> {
        self.service().map(|e| &e.kind)
    }

    /// The transport failure, if this is one.
    pub fn transport(&self) -> Option<&TransportError> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Fault(fault) => fault.fmt(f),
            Error::Decode(e) => write!(f, "cannot decode the response: {e}"),
            Error::Encode(e) => write!(f, "cannot encode the request: {e}"),
            Error::Service(e) => e.fmt(f),
            Error::Window(e) => write!(f, "DayPaysSum not sent: {e}{}", window_detail(e)),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Fault(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Encode(e) => Some(e),
            Error::Service(e) => Some(e),
            Error::Window(e) => Some(e),
        }
    }
}

/// What the spec's text of a window error leaves out: the dates or the time checked.
fn window_detail(e: &crate::astana::WindowError) -> String {
    use crate::astana::WindowError;
    match e {
        WindowError::NotPreviousDay {
            pays_date,
            expected: Some(expected),
        } => format!(" ({pays_date} given; only {expected}, yesterday in Astana, is accepted)"),
        WindowError::OutsideHours { astana_time } => {
            format!(
                " (it is {} in Astana)",
                astana_time.strftime("%Y-%m-%d %H:%M")
            )
        }
        _ => String::new(),
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<Fault> for Error {
    fn from(e: Fault) -> Self {
        Error::Fault(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Error::Service(e)
    }
}

impl From<CallError<TransportError>> for Error {
    fn from(e: CallError<TransportError>) -> Self {
        match e {
            CallError::Encode(e) => Error::Encode(e),
            CallError::Transport(e) => Error::Transport(e),
            CallError::Fault(e) => Error::Fault(e),
            CallError::Decode(e) => Error::Decode(e),
        }
    }
}

/// An operation the service answered but reported as failed, with its error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The method, e.g. `DayPaysSum`.
    pub operation: &'static str,
    /// The failure, recognised from the text.
    pub kind: ServiceErrorKind,
    /// The error text as the service sent it (`ErrorMessage` / `ErrorString`; the `result`
    /// value when there is no message).
    pub text: String,
}

impl ServiceError {
    /// A failure of `operation` with the service's `text`; the kind is recognised from the text.
    pub fn new(operation: &'static str, text: impl Into<String>) -> Self {
        let text = text.into();
        ServiceError {
            operation,
            kind: ServiceErrorKind::from_text(&text),
            text,
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.operation, self.kind)?;
        if !matches!(self.kind, ServiceErrorKind::BranchMismatch { .. })
            && !self.text.trim().is_empty()
        {
            write!(f, " («{}»)", self.text.trim())?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// The service-level failures the spec names, recognised from their (Russian) text after
/// trimming and collapsing whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServiceErrorKind {
    /// «Месяц позже текущего»: the month is after the current open period.
    MonthAfterCurrent,
    /// «Нет данных»: no data for the given parameters.
    NoData,
    /// «Нет данных за выбранный период»: no data for the period.
    NoDataForPeriod,
    /// «Нет данных за выбранный день»: no data for the day.
    NoDataForDay,
    /// «Не найден банк»: the bank code is unknown.
    BankNotFound,
    /// «День не отмечен»: the day is not marked as closed yet.
    DayNotMarked,
    /// «Дата раньше 1 ноября 2019 г.»: GetReport108e has no data before 2019-11-01.
    DateBeforeNovember2019,
    /// «Дата позже текущего дня»: the date must be before today.
    DateNotBeforeToday,
    /// «Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны»:
    /// DayPaysSum was sent outside its window.
    OutsideReconciliationWindow,
    /// «Дата сверки не соответствует предыдущему дню»: DayPaysSum is only for the previous day.
    NotPreviousDay,
    /// «Отделение банка N не соответствует используемой аббревиатуре XXXX»: the branch does not
    /// belong to the bank code.
    BranchMismatch {
        /// The branch `N`, as written.
        branch: String,
        /// The bank code `XXXX`.
        bank_code: String,
    },
    /// Any other text (kept in [`ServiceError::text`]), including none.
    Other,
}

const BRANCH_PREFIX: &str = "Отделение банка ";
const BRANCH_MIDDLE: &str = " не соответствует используемой аббревиатуре ";

impl ServiceErrorKind {
    /// Recognises one of the spec's error texts; anything else is [`ServiceErrorKind::Other`].
    pub fn from_text(text: &str) -> Self {
        let text = normalize(text);
        let known = [
            ("Месяц позже текущего", ServiceErrorKind::MonthAfterCurrent),
            ("Нет данных", ServiceErrorKind::NoData),
            (
                "Нет данных за выбранный период",
                ServiceErrorKind::NoDataForPeriod,
            ),
            (
                "Нет данных за выбранный день",
                ServiceErrorKind::NoDataForDay,
            ),
            ("Не найден банк", ServiceErrorKind::BankNotFound),
            ("День не отмечен", ServiceErrorKind::DayNotMarked),
            (
                "Дата раньше 1 ноября 2019 г",
                ServiceErrorKind::DateBeforeNovember2019,
            ),
            (
                "Дата позже текущего дня",
                ServiceErrorKind::DateNotBeforeToday,
            ),
            (
                "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны",
                ServiceErrorKind::OutsideReconciliationWindow,
            ),
            (
                "Дата сверки не соответствует предыдущему дню",
                ServiceErrorKind::NotPreviousDay,
            ),
        ];
        let bare = text.trim_end_matches('.');
        let lower = bare.to_lowercase();
        if let Some((_, kind)) = known.into_iter().find(|(t, _)| t.to_lowercase() == lower) {
            return kind;
        }
        if let Some(rest) = bare.strip_prefix(BRANCH_PREFIX)
            && let Some((branch, bank_code)) = rest.split_once(BRANCH_MIDDLE)
            && !branch.is_empty()
            && !branch.contains(' ')
            && !bank_code.is_empty()
            && !bank_code.contains(' ')
        {
            return ServiceErrorKind::BranchMismatch {
                branch: branch.to_owned(),
                bank_code: bank_code.to_owned(),
            };
        }
        ServiceErrorKind::Other
    }
}

/// Trims and collapses every run of whitespace (line breaks, non-breaking spaces) to one space.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for ServiceErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceErrorKind::MonthAfterCurrent => {
                f.write_str("the month is after the current period")
            }
            ServiceErrorKind::NoData => f.write_str("no data"),
            ServiceErrorKind::NoDataForPeriod => f.write_str("no data for the period"),
            ServiceErrorKind::NoDataForDay => f.write_str("no data for the day"),
            ServiceErrorKind::BankNotFound => f.write_str("the bank was not found"),
            ServiceErrorKind::DayNotMarked => f.write_str("the day is not marked"),
            ServiceErrorKind::DateBeforeNovember2019 => {
                f.write_str("the date is before 2019-11-01")
            }
            ServiceErrorKind::DateNotBeforeToday => f.write_str("the date is not before today"),
            ServiceErrorKind::OutsideReconciliationWindow => f.write_str(
                "reconciliation data may only be sent between 00:00 and 10:00 Astana time",
            ),
            ServiceErrorKind::NotPreviousDay => {
                f.write_str("the reconciliation date is not the previous day")
            }
            ServiceErrorKind::BranchMismatch { branch, bank_code } => {
                write!(
                    f,
                    "bank branch {branch} does not belong to bank code {bank_code}"
                )
            }
            ServiceErrorKind::Other => f.write_str("the service reported an error"),
        }
    }
}

impl From<alseco_types::operation::ResponseError> for Error {
    fn from(e: alseco_types::operation::ResponseError) -> Self {
        match e {
            alseco_types::operation::ResponseError::Fault(f) => Error::Fault(f),
            alseco_types::operation::ResponseError::Decode(d) => Error::Decode(d),
        }
    }
}
