//! Billing periods: a calendar month, as ALSECO's `GetCurrentPeriod` reports it (`YYYY-MM`).
//!
//! The period runs from the 1st to the last day of the month (spec, «Текущий период»). ALSECO
//! switches to the new period during roughly the 1st–3rd of each month; until the switch is
//! complete its database — and so `GetCurrentPeriod` and every invoice it returns — is still on
//! the previous period. A bank asking for invoices on the 2nd may therefore get last month's.
//! [`status`] and [`is_lagging`] tell that situation apart from a normal one, given the calendar
//! date in Astana (see [`crate::astana::today`]).

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, date};

/// Until this day of the month (inclusive) a lag of one period is the expected transition; the
/// spec says the switch happens "from the 1st to the 3rd (approximately)".
pub const TRANSITION_LAST_DAY: i8 = 3;

/// A billing period: one calendar month of a year in `1..=9999`.
///
/// Ordered chronologically. Parsed from and displayed as `YYYY-MM`.
///
/// # Example
/// ```
/// use alseco_client::period::Period;
/// use jiff::civil::date;
///
/// let p: Period = "2025-04".parse()?;
/// assert_eq!((p.year(), p.month()), (2025, 4));
/// assert_eq!(p.to_string(), "2025-04");
/// assert_eq!(p.first_day(), date(2025, 4, 1));
/// assert_eq!(p.last_day(), date(2025, 4, 30));
/// assert_eq!(p.next(), Some("2025-05".parse()?));
/// assert_eq!("2025-01".parse::<Period>()?.previous(), Some("2024-12".parse()?));
/// assert!(p.contains(date(2025, 4, 15)));
/// # Ok::<(), alseco_client::period::PeriodError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    // Field order matters for the derived `Ord`.
    year: i16,
    month: i8,
}

/// Why a period could not be made or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The text is not `YYYY-MM`.
    #[error("period {text:?} is not in the form YYYY-MM")]
    Format {
        /// The text given.
        text: String,
    },
    /// The year is outside `1..=9999`.
    #[error("period year {year} is outside 1..=9999")]
    Year {
        /// The year given.
        year: i32,
    },
    /// The month is outside `1..=12`.
    #[error("period month {month} is outside 1..=12")]
    Month {
        /// The month given.
        month: i32,
    },
}

impl Period {
    /// The period of `month` (1–12) of `year` (1–9999).
    ///
    /// # Errors
    /// [`PeriodError::Year`] or [`PeriodError::Month`] when out of range.
    pub fn new(year: i32, month: i32) -> Result<Period, PeriodError> {
        let y = i16::try_from(year)
            .ok()
            .filter(|y| (1..=9999).contains(y))
            .ok_or(PeriodError::Year { year })?;
        let m = i8::try_from(month)
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or(PeriodError::Month { month })?;
        Ok(Period { year: y, month: m })
    }

    /// The period containing `date`.
    ///
    /// # Errors
    /// [`PeriodError::Year`] for dates in years before 1 (jiff allows down to −9999).
    pub fn of(date: Date) -> Result<Period, PeriodError> {
        Period::new(date.year().into(), date.month().into())
    }

    /// The year, 1–9999.
    pub fn year(self) -> i16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.month
    }

    /// The following month; `None` after 9999-12.
    pub fn next(self) -> Option<Period> {
        if self.month == 12 {
            Period::new(i32::from(self.year) + 1, 1).ok()
        } else {
            Some(Period {
                year: self.year,
                month: self.month + 1,
            })
        }
    }

    /// The preceding month; `None` before 0001-01.
    pub fn previous(self) -> Option<Period> {
        if self.month == 1 {
            Period::new(i32::from(self.year) - 1, 12).ok()
        } else {
            Some(Period {
                year: self.year,
                month: self.month - 1,
            })
        }
    }

    /// The 1st of the month.
    pub fn first_day(self) -> Date {
        // Valid by construction: year 1..=9999, month 1..=12, day 1.
        date(self.year, self.month, 1)
    }

    /// The last day of the month (28th–31st).
    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    /// Whether `date` falls in this period.
    pub fn contains(self, date: Date) -> bool {
        date.year() == self.year && date.month() == self.month
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Parses `YYYY-MM` (surrounding whitespace, as XML text may carry, is ignored).
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let text = s.trim();
        let format = || PeriodError::Format { text: s.to_owned() };
        let (y, m) = text.split_once('-').ok_or_else(format)?;
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return Err(format());
        }
        let year = y.parse().map_err(|_| format())?;
        let month = m.parse().map_err(|_| format())?;
        Period::new(year, month)
    }
}

/// Where ALSECO's reported period stands relative to the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodStatus {
    /// The service is on the current calendar month: normal.
    Current,
    /// The service is still on the previous month during the 1st–3rd: the switch to the new
    /// period is in progress, as the spec describes. Invoices returned are the previous period's.
    Transition,
    /// The service is still on the previous month after the 3rd. The spec's 1st–3rd is
    /// "approximate", so this is still a transition, but a late one worth reporting.
    LateTransition,
    /// Anything else (the service ahead of the calendar, or more than a month behind): a clock
    /// or data problem.
    Unexpected,
}

/// Compares the period `GetCurrentPeriod` returned with `today`, the calendar date in Astana.
///
/// # Example
/// ```
/// use alseco_client::period::{status, Period, PeriodStatus};
/// use jiff::civil::date;
///
/// let march: Period = "2025-03".parse()?;
/// assert_eq!(status(march, date(2025, 3, 20)), PeriodStatus::Current);
/// assert_eq!(status(march, date(2025, 4, 2)), PeriodStatus::Transition);
/// assert_eq!(status(march, date(2025, 4, 4)), PeriodStatus::LateTransition);
/// assert_eq!(status(march, date(2025, 2, 28)), PeriodStatus::Unexpected);
/// # Ok::<(), alseco_client::period::PeriodError>(())
/// ```
pub fn status(service_period: Period, today: Date) -> PeriodStatus {
    let Ok(calendar) = Period::of(today) else {
        return PeriodStatus::Unexpected;
    };
    if service_period == calendar {
        PeriodStatus::Current
    } else if calendar.previous() == Some(service_period) {
        if today.day() <= TRANSITION_LAST_DAY {
            PeriodStatus::Transition
        } else {
            PeriodStatus::LateTransition
        }
    } else {
        PeriodStatus::Unexpected
    }
}

/// Whether ALSECO is still on the previous period: `service_period` (from `GetCurrentPeriod`) is
/// the month before `today` (the calendar date in Astana), i.e. the switch to the new period
/// (normally on the 1st–3rd) has not completed yet. Whatever the day of the month — see
/// [`status`] to tell an expected transition from a late one.
///
/// # Example
/// ```
/// use alseco_client::period::is_lagging;
/// use jiff::civil::date;
///
/// let march = "2025-03".parse()?;
/// assert!(is_lagging(march, date(2025, 4, 1)));
/// assert!(!is_lagging(march, date(2025, 3, 31)));
/// # Ok::<(), alseco_client::period::PeriodError>(())
/// ```
pub fn is_lagging(service_period: Period, today: Date) -> bool {
    matches!(
        status(service_period, today),
        PeriodStatus::Transition | PeriodStatus::LateTransition
    )
}
