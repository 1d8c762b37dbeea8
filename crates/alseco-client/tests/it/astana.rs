//! Tests of `alseco_client::astana`.

use alseco_client::astana::{
    self, NOT_PREVIOUS_DAY_MESSAGE, OUTSIDE_HOURS_MESSAGE, WindowError, ZONE_NAME,
    day_pays_sum_window,
};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use jiff::tz::offset;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn zone_comes_from_the_database() {
    let tz = astana::time_zone();
    assert_eq!(tz.iana_name(), Some(ZONE_NAME));
    assert_eq!(ZONE_NAME, "Asia/Almaty");
}

#[test]
fn offset_changes_from_plus6_to_plus5_on_2024_03_01() {
    // One second before the change: 2024-02-29 23:59:59 at +06.
    let before = astana::at(ts("2024-02-29T17:59:59Z"));
    assert_eq!(before.offset(), offset(6));
    assert_eq!(before.datetime(), date(2024, 2, 29).at(23, 59, 59, 0));
    // At the change the clocks go back to 23:00 (+05): that hour happens twice.
    let at_change = astana::at(ts("2024-02-29T18:00:00Z"));
    assert_eq!(at_change.offset(), offset(5));
    assert_eq!(at_change.datetime(), date(2024, 2, 29).at(23, 0, 0, 0));
    // 2024-03-01 00:00 local is 19:00 UTC.
    assert_eq!(
        astana::civil(ts("2024-02-29T19:00:00Z")),
        date(2024, 3, 1).at(0, 0, 0, 0)
    );
    // Long before and long after.
    assert_eq!(astana::at(ts("2023-03-19T00:00:00Z")).offset(), offset(6));
    assert_eq!(astana::at(ts("2025-03-19T00:00:00Z")).offset(), offset(5));
    assert_eq!(
        astana::at(ts("2025-03-19T00:00:00Z")).to_string(),
        "2025-03-19T05:00:00+05:00[Asia/Almaty]"
    );
}

#[test]
fn now_is_in_astana() {
    let now = astana::now();
    assert_eq!(now.time_zone().iana_name(), Some(ZONE_NAME));
    let today = astana::today();
    // The two calls may straddle midnight.
    assert!(today == now.date() || now.date().tomorrow().ok() == Some(today));
}

fn window(now: &str, pays_date: Date) -> Result<(), WindowError> {
    day_pays_sum_window(ts(now), pays_date)
}

#[test]
fn window_boundaries() {
    let y = date(2025, 3, 19);
    // 2025-03-20 00:00:00 in Astana = 2025-03-19 19:00:00 UTC: inside.
    assert_eq!(window("2025-03-19T19:00:00Z", y), Ok(()));
    // One second before midnight it is still the 19th: yesterday is the 18th.
    assert_eq!(
        window("2025-03-19T18:59:59Z", date(2025, 3, 18)).map_err(|e| e.to_string()),
        Err(OUTSIDE_HOURS_MESSAGE.to_string())
    );
    // 09:59:59.999999999 in Astana: inside.
    assert_eq!(window("2025-03-20T04:59:59.999999999Z", y), Ok(()));
    // 10:00:00 exactly: outside (the window is [00:00, 10:00)).
    assert_eq!(
        window("2025-03-20T05:00:00Z", y),
        Err(WindowError::OutsideHours {
            astana_time: date(2025, 3, 20).at(10, 0, 0, 0)
        })
    );
    assert_eq!(
        window("2025-03-20T05:00:00Z", y).unwrap_err().to_string(),
        "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны"
    );
    // Afternoon.
    assert!(matches!(
        window("2025-03-20T10:00:00Z", y),
        Err(WindowError::OutsideHours { .. })
    ));
}

#[test]
fn window_date_must_be_yesterday() {
    let now = "2025-03-20T03:00:00Z"; // 08:00 in Astana
    for (pays_date, ok) in [
        (date(2025, 3, 19), true),
        (date(2025, 3, 20), false),
        (date(2025, 3, 18), false),
        (date(2024, 3, 19), false),
    ] {
        let r = window(now, pays_date);
        assert_eq!(r.is_ok(), ok, "{pays_date}");
        if !ok {
            assert_eq!(
                r,
                Err(WindowError::NotPreviousDay {
                    pays_date,
                    expected: Some(date(2025, 3, 19))
                })
            );
        }
    }
    assert_eq!(
        window(now, date(2025, 3, 18)).unwrap_err().to_string(),
        "Дата сверки не соответствует предыдущему дню"
    );
    assert_eq!(
        NOT_PREVIOUS_DAY_MESSAGE,
        "Дата сверки не соответствует предыдущему дню"
    );
    // The date is checked first: wrong date and wrong hour gives the date error.
    assert!(matches!(
        window("2025-03-20T12:00:00Z", date(2025, 3, 1)),
        Err(WindowError::NotPreviousDay { .. })
    ));
    // Across a month and a year.
    assert_eq!(window("2025-02-28T20:00:00Z", date(2025, 2, 28)), Ok(())); // 03-01 01:00
    assert_eq!(window("2024-12-31T20:00:00Z", date(2024, 12, 31)), Ok(())); // 01-01 01:00
}

#[test]
fn window_at_the_2024_03_01_offset_change() {
    let feb29 = date(2024, 2, 29);
    // 2024-02-29 18:30 UTC. With a fixed +06 this would be 00:30 on 1 March, inside the window
    // for 29 February; in fact the clocks went back and it is 23:30 (+05) on 29 February.
    let instant = ts("2024-02-29T18:30:00Z");
    assert_eq!(astana::civil(instant), feb29.at(23, 30, 0, 0));
    assert_eq!(
        day_pays_sum_window(instant, date(2024, 2, 28)),
        Err(WindowError::OutsideHours {
            astana_time: feb29.at(23, 30, 0, 0)
        })
    );
    assert!(matches!(
        day_pays_sum_window(instant, feb29),
        Err(WindowError::NotPreviousDay { .. })
    ));
    // 17:30 UTC was 23:30 at +06, also on 29 February.
    assert_eq!(
        astana::civil(ts("2024-02-29T17:30:00Z")),
        feb29.at(23, 30, 0, 0)
    );
    // From 19:00 UTC it is 1 March (+05), and 29 February is yesterday.
    assert_eq!(
        day_pays_sum_window(ts("2024-02-29T19:00:00Z"), feb29),
        Ok(())
    );
    // The window on 1 March closes at 10:00 +05 = 05:00 UTC (not 04:00 UTC as at +06).
    assert_eq!(
        day_pays_sum_window(ts("2024-03-01T04:30:00Z"), feb29),
        Ok(())
    );
    assert!(matches!(
        day_pays_sum_window(ts("2024-03-01T05:00:00Z"), feb29),
        Err(WindowError::OutsideHours { .. })
    ));
    // A day before the change the window was 00:00–10:00 at +06: 18:00 UTC – 04:00 UTC.
    let feb28 = date(2024, 2, 28);
    assert_eq!(
        day_pays_sum_window(ts("2024-02-28T18:00:00Z"), feb28),
        Ok(())
    );
    assert!(matches!(
        day_pays_sum_window(ts("2024-02-29T04:00:00Z"), feb28),
        Err(WindowError::OutsideHours { .. })
    ));
}
