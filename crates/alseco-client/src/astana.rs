//! Astana time, from the time-zone database.
//!
//! ALSECO's rules are stated in Astana time («по времени г. Астаны»): the DayPaysSum window, "the
//! previous day", the current period. Kazakhstan changed its offset: Astana (zone `Asia/Almaty`)
//! was UTC+6 until 2024-03-01 00:00 and has been UTC+5 since (the clocks went from 00:00 back to
//! 23:00 on 2024-02-29, so that hour happened twice). The spec's examples carry `+06:00` from
//! before the change. A fixed offset would be wrong on one side of that date, so the zone's rules
//! are taken from the IANA database.
//!
//! The database is the one bundled into the binary by jiff's `tzdb-bundle-always` feature, not
//! the system's `/usr/share/zoneinfo`: containers often have none, and a system tzdata older than
//! 2024a still has Astana on UTC+6.
//!
//! # Example
//! ```
//! use alseco_client::astana;
//! use jiff::Timestamp;
//!
//! let before: Timestamp = "2024-02-29T17:59:59Z".parse()?;
//! assert_eq!(astana::at(before).to_string(), "2024-02-29T23:59:59+06:00[Asia/Almaty]");
//! let after: Timestamp = "2024-02-29T19:00:00Z".parse()?;
//! assert_eq!(astana::at(after).to_string(), "2024-03-01T00:00:00+05:00[Asia/Almaty]");
//! # Ok::<(), jiff::Error>(())
//! ```

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, Time, time};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{Timestamp, Zoned};

/// The IANA name of the zone Astana is in.
pub const ZONE_NAME: &str = "Asia/Almaty";

/// The service's error text for a DayPaysSum date other than the previous day.
pub const NOT_PREVIOUS_DAY_MESSAGE: &str = "Дата сверки не соответствует предыдущему дню";

/// The service's error text for DayPaysSum sent outside 00:00–10:00 Astana time.
pub const OUTSIDE_HOURS_MESSAGE: &str =
    "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны";

/// The end of the DayPaysSum window, exclusive: the window is `[00:00, 10:00)`.
pub const DAY_PAYS_SUM_WINDOW_END: Time = time(10, 0, 0, 0);

static ZONE: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZoneDatabase::bundled()
        .get(ZONE_NAME)
        // The bundle is compiled in (`tzdb-bundle-always`) and always has Asia/Almaty; a test
        // checks it. Should it ever not, fall back to the system database.
        .or_else(|_| jiff::tz::db().get(ZONE_NAME))
        // Last resort, only with neither database: the offset in force since 2024-03-01.
        .unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(5)))
});

/// The Astana time zone (`Asia/Almaty` from the bundled database).
pub fn time_zone() -> TimeZone {
    ZONE.clone()
}

/// Now, in Astana.
pub fn now() -> Zoned {
    at(Timestamp::now())
}

/// Today's calendar date in Astana.
pub fn today() -> Date {
    now().date()
}

/// The instant `timestamp` in Astana (with its offset at that instant).
pub fn at(timestamp: Timestamp) -> Zoned {
    timestamp.to_zoned(time_zone())
}

/// The Astana wall-clock date and time of the instant `timestamp`.
pub fn civil(timestamp: Timestamp) -> DateTime {
    at(timestamp).datetime()
}

/// The Astana calendar date the service reads from a request's date-time, as ASMX does:
/// without an offset, the date as written; with one, an instant, which .NET's XmlSerializer
/// turns into the server's local time. `None` for a date that does not exist.
///
/// # Example
/// ```
/// use alseco_client::astana::wire_date;
/// use jiff::civil::date;
///
/// let read = |text: &str| wire_date(&text.parse().unwrap());
/// assert_eq!(read("2025-03-19T00:00:00"), Some(date(2025, 3, 19)));
/// assert_eq!(read("2025-03-18T19:00:00Z"), Some(date(2025, 3, 19)));
/// // The spec's `+06:00` style, since Astana is on UTC+5: 23:00 the day before.
/// assert_eq!(read("2025-03-19T00:00:00+06:00"), Some(date(2025, 3, 18)));
/// ```
pub fn wire_date(value: &alseco_types::scalars::DateTime) -> Option<Date> {
    use alseco_types::scalars::UtcOffset;
    let written = Date::new(
        i16::try_from(value.year()).ok()?,
        value.month() as i8,
        value.day() as i8,
    )
    .ok()?;
    let minutes = match value.offset() {
        UtcOffset::Unspecified => return Some(written),
        UtcOffset::Utc => 0,
        UtcOffset::Minutes(minutes) => minutes,
    };
    let local = written.at(
        value.hour() as i8,
        value.minute() as i8,
        value.second() as i8,
        0,
    );
    let instant = jiff::tz::Offset::from_seconds(i32::from(minutes) * 60)
        .ok()?
        .to_timestamp(local)
        .ok()?;
    Some(civil(instant).date())
}

/// Why DayPaysSum may not be sent now. [`Display`](std::fmt::Display) gives the service's own
/// text ([`NOT_PREVIOUS_DAY_MESSAGE`], [`OUTSIDE_HOURS_MESSAGE`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WindowError {
    /// `PaysDate` is not yesterday in Astana.
    #[error("{}", NOT_PREVIOUS_DAY_MESSAGE)]
    NotPreviousDay {
        /// The date given.
        pays_date: Date,
        /// Yesterday in Astana, the only date allowed.
        expected: Option<Date>,
    },
    /// Astana time is not within 00:00–10:00.
    #[error("{}", OUTSIDE_HOURS_MESSAGE)]
    OutsideHours {
        /// The Astana time at the moment checked.
        astana_time: DateTime,
    },
}

/// Checks, before calling DayPaysSum, the two rules the service enforces: `pays_date` must be the
/// previous calendar day in Astana, and the Astana time must be within 00:00–10:00.
///
/// The window is `[00:00:00, 10:00:00)`: 10:00:00 itself is outside. The spec says «с 00:00 до
/// 10:00», and «до» reads as "until", exclusive; the server's own clock and the request's transit
/// time are unknown, so the stricter reading avoids sending what the service might reject. Callers
/// should not aim for the last seconds anyway. The date is checked first.
///
/// # Errors
/// [`WindowError::NotPreviousDay`] or [`WindowError::OutsideHours`].
///
/// # Example
/// ```
/// use alseco_client::astana::{day_pays_sum_window, WindowError};
/// use jiff::{civil::date, Timestamp};
///
/// // 2025-03-20 03:59:59 UTC = 08:59:59 in Astana (UTC+5).
/// let now: Timestamp = "2025-03-20T03:59:59Z".parse()?;
/// assert_eq!(day_pays_sum_window(now, date(2025, 3, 19)), Ok(()));
/// assert!(matches!(
///     day_pays_sum_window(now, date(2025, 3, 18)),
///     Err(WindowError::NotPreviousDay { .. })
/// ));
/// // 05:00 UTC = 10:00 in Astana: too late.
/// let late: Timestamp = "2025-03-20T05:00:00Z".parse()?;
/// assert_eq!(
///     day_pays_sum_window(late, date(2025, 3, 19)).unwrap_err().to_string(),
///     "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны"
/// );
/// # Ok::<(), jiff::Error>(())
/// ```
pub fn day_pays_sum_window(now: Timestamp, pays_date: Date) -> Result<(), WindowError> {
    let local = civil(now);
    let expected = local.date().yesterday().ok();
    if expected != Some(pays_date) {
        return Err(WindowError::NotPreviousDay {
            pays_date,
            expected,
        });
    }
    if local.time() >= DAY_PAYS_SUM_WINDOW_END {
        return Err(WindowError::OutsideHours { astana_time: local });
    }
    Ok(())
}
