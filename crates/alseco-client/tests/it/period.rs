//! Tests of `alseco_client::period`.

use alseco_client::period::{Period, PeriodError, PeriodStatus, is_lagging, status};
use jiff::civil::date;

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

#[test]
fn parses_get_current_period() {
    let period = p("2025-04");
    assert_eq!((period.year(), period.month()), (2025, 4));
    assert_eq!(period.to_string(), "2025-04");
    assert_eq!(p(" 2025-12\n"), Period::new(2025, 12).unwrap());
    assert_eq!(p("0999-01").to_string(), "0999-01");
}

#[test]
fn rejects_other_forms() {
    for text in [
        "",
        "2025-4",
        "2025-004",
        "25-04",
        "2025/04",
        "2025-04-01",
        "+202-04",
        "２０２５-04",
    ] {
        assert_eq!(
            text.parse::<Period>(),
            Err(PeriodError::Format { text: text.into() }),
            "{text:?}"
        );
    }
    assert_eq!(
        "2025-13".parse::<Period>(),
        Err(PeriodError::Month { month: 13 })
    );
    assert_eq!(
        "2025-00".parse::<Period>(),
        Err(PeriodError::Month { month: 0 })
    );
    assert_eq!(
        "0000-01".parse::<Period>(),
        Err(PeriodError::Year { year: 0 })
    );
    assert_eq!(
        "2025-13".parse::<Period>().unwrap_err().to_string(),
        "period month 13 is outside 1..=12"
    );
    assert_eq!(
        Period::new(10_000, 1),
        Err(PeriodError::Year { year: 10_000 })
    );
    assert_eq!(
        Period::new(2025, 300),
        Err(PeriodError::Month { month: 300 })
    );
}

#[test]
fn next_and_previous_cross_years() {
    assert_eq!(p("2024-12").next(), Some(p("2025-01")));
    assert_eq!(p("2025-01").previous(), Some(p("2024-12")));
    assert_eq!(p("2025-06").next(), Some(p("2025-07")));
    assert_eq!(p("2025-06").previous(), Some(p("2025-05")));
    assert_eq!(p("9999-12").next(), None);
    assert_eq!(p("0001-01").previous(), None);
}

#[test]
fn first_and_last_days() {
    assert_eq!(p("2024-02").first_day(), date(2024, 2, 1));
    assert_eq!(p("2024-02").last_day(), date(2024, 2, 29));
    assert_eq!(p("2025-02").last_day(), date(2025, 2, 28));
    assert_eq!(p("2025-04").last_day(), date(2025, 4, 30));
    assert_eq!(p("2025-12").last_day(), date(2025, 12, 31));
}

#[test]
fn contains_and_of() {
    let april = p("2025-04");
    assert!(april.contains(date(2025, 4, 1)));
    assert!(april.contains(date(2025, 4, 30)));
    assert!(!april.contains(date(2025, 3, 31)));
    assert!(!april.contains(date(2025, 5, 1)));
    assert!(!april.contains(date(2024, 4, 15)));
    assert_eq!(Period::of(date(2025, 4, 15)).unwrap(), april);
}

#[test]
fn ordering_is_chronological() {
    assert!(p("2024-12") < p("2025-01"));
    assert!(p("2025-02") < p("2025-10"));
}

#[test]
fn lagging_during_the_transition() {
    let march = p("2025-03");
    // Normal: the service is on the calendar month.
    assert_eq!(status(march, date(2025, 3, 1)), PeriodStatus::Current);
    assert_eq!(status(march, date(2025, 3, 31)), PeriodStatus::Current);
    assert!(!is_lagging(march, date(2025, 3, 31)));
    // The 1st–3rd of April, still on March: the switch is in progress.
    for day in 1..=3 {
        assert_eq!(status(march, date(2025, 4, day)), PeriodStatus::Transition);
        assert!(is_lagging(march, date(2025, 4, day)));
    }
    // Later than the 3rd: still lagging, but late.
    assert_eq!(
        status(march, date(2025, 4, 4)),
        PeriodStatus::LateTransition
    );
    assert!(is_lagging(march, date(2025, 4, 30)));
    // Across a year.
    assert!(is_lagging(p("2024-12"), date(2025, 1, 2)));
    // Not a lag: ahead, or two months behind.
    assert_eq!(status(march, date(2025, 2, 28)), PeriodStatus::Unexpected);
    assert_eq!(status(march, date(2025, 5, 1)), PeriodStatus::Unexpected);
    assert!(!is_lagging(march, date(2025, 5, 1)));
    assert!(!is_lagging(march, date(2025, 2, 28)));
}
