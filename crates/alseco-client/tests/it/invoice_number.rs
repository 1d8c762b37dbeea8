//! Tests of `alseco_client::invoice_number`.

use alseco_client::invoice_number::{InvoiceNumber, InvoiceNumberError, MIN_SENT_LEN};
use alseco_client::period::Period;

#[test]
fn barcode_drops_the_check_digit() {
    let n = InvoiceNumber::from_barcode("25041234567897").unwrap();
    assert_eq!(n.as_str(), "2504123456789");
    assert_eq!(n.to_string(), "2504123456789");
    assert_eq!(n, InvoiceNumber::from_sent("2504123456789").unwrap());
    assert_eq!(n, "2504123456789".parse().unwrap());
    // A scanner's line end is ignored.
    assert_eq!(
        InvoiceNumber::from_barcode(" 25041234567897\r\n").unwrap(),
        n
    );
}

#[test]
fn sent_form_is_kept_as_is() {
    let n = InvoiceNumber::from_sent("2504123456789").unwrap();
    assert_eq!(n.as_str(), "2504123456789");
    let display_then_parse: InvoiceNumber = n.to_string().parse().unwrap();
    assert_eq!(display_then_parse, n);
    let as_ref: &str = n.as_ref();
    assert_eq!(as_ref, "2504123456789");
}

#[test]
fn period_from_yymm() {
    let p = |s: &str| InvoiceNumber::from_sent(s).unwrap().period();
    assert_eq!(p("2504123"), "2025-04".parse::<Period>().unwrap());
    assert_eq!(p("2412999"), "2024-12".parse::<Period>().unwrap());
    assert_eq!(p("0001000"), "2000-01".parse::<Period>().unwrap());
    assert_eq!(p("9912000"), "2099-12".parse::<Period>().unwrap());
    assert_eq!(
        InvoiceNumber::from_barcode("250412345")
            .unwrap()
            .period()
            .to_string(),
        "2025-04"
    );
}

#[test]
fn empty() {
    for s in ["", "   "] {
        assert_eq!(InvoiceNumber::from_sent(s), Err(InvoiceNumberError::Empty));
        assert_eq!(
            InvoiceNumber::from_barcode(s),
            Err(InvoiceNumberError::Empty)
        );
    }
    assert_eq!(
        InvoiceNumberError::Empty.to_string(),
        "invoice number is empty"
    );
}

#[test]
fn non_digits() {
    let e = InvoiceNumber::from_sent("2504-123").unwrap_err();
    assert_eq!(
        e,
        InvoiceNumberError::NonDigit {
            text: "2504-123".into(),
            character: '-',
            position: 4
        }
    );
    assert_eq!(
        e.to_string(),
        "invoice number \"2504-123\" has a non-digit '-' at position 4"
    );
    assert!(matches!(
        InvoiceNumber::from_barcode("2504 1234"),
        Err(InvoiceNumberError::NonDigit { character: ' ', .. })
    ));
    // Non-ASCII digits are not digits here.
    assert!(matches!(
        InvoiceNumber::from_sent("２５04123"),
        Err(InvoiceNumberError::NonDigit {
            character: '２',
            position: 0,
            ..
        })
    ));
    assert!(matches!(
        "+2504123".parse::<InvoiceNumber>(),
        Err(InvoiceNumberError::NonDigit { character: '+', .. })
    ));
}

#[test]
fn too_short() {
    assert_eq!(MIN_SENT_LEN, 5);
    assert_eq!(
        InvoiceNumber::from_sent("2504"),
        Err(InvoiceNumberError::TooShort {
            text: "2504".into(),
            len: 4,
            min: 5
        })
    );
    assert!(InvoiceNumber::from_sent("25041").is_ok());
    // A barcode needs one more digit: the check digit.
    assert_eq!(
        InvoiceNumber::from_barcode("25041"),
        Err(InvoiceNumberError::TooShort {
            text: "25041".into(),
            len: 5,
            min: 6
        })
    );
    assert_eq!(
        InvoiceNumber::from_barcode("250417").unwrap().as_str(),
        "25041"
    );
}

#[test]
fn invalid_month() {
    for (s, month) in [("2513123", 13), ("2500123", 0), ("2599123", 99)] {
        let e = InvoiceNumber::from_sent(s).unwrap_err();
        assert_eq!(
            e,
            InvoiceNumberError::InvalidMonth {
                text: s.into(),
                yymm: s[..4].into(),
                month
            }
        );
    }
    assert_eq!(
        InvoiceNumber::from_sent("2513123").unwrap_err().to_string(),
        "invoice number \"2513123\" starts with 2513, whose month 13 is not 01–12"
    );
    // The check digit is dropped before, but the month is the same digits.
    assert!(matches!(
        InvoiceNumber::from_barcode("25001234"),
        Err(InvoiceNumberError::InvalidMonth { month: 0, .. })
    ));
}
