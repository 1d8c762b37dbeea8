//! Client for ALSECO's payments web service (Kazakhstan's utility billing operator): a thin
//! typed SOAP client over hyper, and the hand-written domain layer a bank needs to take a
//! payment correctly.
//!
//! - [`client`]: [`Client`], one async method per operation (bank code filled in, service
//!   errors mapped to [`client::ServiceErrorKind`], read-only calls retried, long account lists
//!   batched); [`transport`]: the pooled hyper + hyper-rustls transport; [`observe`]: exchange
//!   observers for audit logs, with redaction of personal data.
//! - [`guard`]: the spec's protocol that guarantees a payment is neither lost nor taken twice,
//!   with a durable journal (SQLite) and a rollback worker.
//! - [`calc`]: the electricity amount the bank must compute itself (spec, «Оплата»), in exact
//!   decimals, with a JSON form for the command line; [`calc::adapter`] feeds it from an invoice.
//! - [`documents`]: payment documents built from an invoice; [`reports`]: typed 108e and NKR
//!   reports with CSV export.
//! - [`invoice_number`]: invoice numbers with and without the barcode's check digit.
//! - [`period`]: billing periods (`YYYY-MM`) and the start-of-month transition.
//! - [`astana`]: Astana time from the time-zone database and the DayPaysSum sending window.
//!
//! # Example
//! ```
//! use alseco_client::astana;
//! use alseco_client::calc::json::calculate_json;
//! use alseco_client::invoice_number::InvoiceNumber;
//! use alseco_client::period::{is_lagging, Period};
//! use jiff::civil::date;
//!
//! // A scanned barcode: the request takes it without the check digit.
//! let number = InvoiceNumber::from_barcode("25041234567897")?;
//! assert_eq!(number.as_str(), "2504123456789");
//! assert_eq!(number.period(), "2025-04".parse::<Period>()?);
//!
//! // GetCurrentPeriod still says March on April 2nd: the switch is in progress.
//! assert!(is_lagging("2025-03".parse()?, date(2025, 4, 2)));
//!
//! // The electricity amount, from the JSON form.
//! let out = calculate_json(r#"{
//!     "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
//!     "norms": {"k1": 70, "k2": 120}, "residents": 2,
//!     "previous_reading_date": "2025-03-31", "reading_date": "2025-04-30",
//!     "day": {"previous": 1000, "last": 1150}
//! }"#)?;
//! assert!(out.ends_with(r#""total":"3132.60"}"#));
//!
//! // DayPaysSum for yesterday, at 09:00 in Astana (04:00 UTC).
//! assert!(astana::day_pays_sum_window("2025-04-02T04:00:00Z".parse()?, date(2025, 4, 1)).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod astana;
pub mod calc;
pub mod client;
pub mod documents;
pub mod guard;
pub mod invoice_number;
pub mod observe;
pub mod period;
pub mod reports;
pub mod transport;

pub use client::{Client, ClientConfig};
