//! Watching exchanges for audit logs: every request and response as bytes, with timing,
//! and a helper that blanks personal data before anything is written down.
//!
//! ```
//! use alseco_client::observe::{Exchange, ExchangeObserver, redact_personal_data};
//! use std::sync::Mutex;
//!
//! /// Keeps redacted responses, e.g. for an audit table.
//! #[derive(Default)]
//! struct AuditLog(Mutex<Vec<String>>);
//!
//! impl ExchangeObserver for AuditLog {
//!     fn on_exchange(&self, exchange: &Exchange<'_>) {
//!         if let Some(body) = exchange.response {
//!             self.0.lock().unwrap().push(redact_personal_data(body));
//!         }
//!     }
//! }
//!
//! let xml = "<AccountInvoices><AccountId>600970</AccountId><AccountName>Иванов И.И.</AccountName></AccountInvoices>";
//! let redacted = redact_personal_data(xml.as_bytes());
//! assert_eq!(redacted, "<AccountInvoices><AccountId>600970</AccountId><AccountName>***</AccountName></AccountInvoices>");
//! ```

use crate::transport::TransportError;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use xmlparser::{ElementEnd, Token, Tokenizer};

/// One request/response exchange as it happened on the wire.
#[derive(Debug)]
pub struct Exchange<'a> {
    /// The SOAPAction of the operation.
    pub soap_action: &'a str,
    /// The request envelope as sent.
    pub request: &'a [u8],
    /// The response body, if one was read.
    pub response: Option<&'a [u8]>,
    /// The HTTP status, if a response arrived.
    pub status: Option<u16>,
    /// The transport failure, if the exchange failed below SOAP.
    pub error: Option<&'a TransportError>,
    /// When the request was sent.
    pub started: SystemTime,
    /// How long the exchange took.
    pub elapsed: Duration,
}

/// Receives every exchange of a transport. Called on the calling task once the exchange
/// ends: keep it quick (hand the bytes to a channel for slow sinks).
pub trait ExchangeObserver: Send + Sync {
    /// One exchange has ended (successfully or not).
    fn on_exchange(&self, exchange: &Exchange<'_>);
}

/// A shareable observer, as stored in a [`crate::transport::TransportConfig`].
#[derive(Clone)]
pub struct Observer(pub Arc<dyn ExchangeObserver>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer(..)")
    }
}

/// Elements whose text is personal data: account holders' names and addresses, IIN and
/// full names in reports.
pub const PERSONAL_DATA_ELEMENTS: &[&str] = &[
    "AccountName",
    "AccountAddress",
    "accountName",
    "accountAddress",
    "FIO",
    "IIN_ABON",
];

/// NKR report fields (`Item/Name`) whose `Val` is part of an address.
pub const PERSONAL_DATA_NKR_FIELDS: &[&str] = &["TownName", "StreetName", "HouseId", "FlatNumber"];

/// Replaces the text of personal-data elements with `***`, leaving the rest of the document
/// byte for byte. Covers [`PERSONAL_DATA_ELEMENTS`] and the `Val` of NKR items named in
/// [`PERSONAL_DATA_NKR_FIELDS`]. A document that is not well-formed XML is replaced whole
/// (`[unparseable document redacted: N bytes]`), since its personal data cannot be located.
pub fn redact_personal_data(xml: &[u8]) -> String {
    let unparseable = || format!("[unparseable document redacted: {} bytes]", xml.len());
    let Ok(text) = std::str::from_utf8(xml) else {
        return unparseable();
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut current: Option<&str> = None;
    let mut last_nkr_name: Option<&str> = None;
    let mut in_name = false;
    for token in Tokenizer::from(text) {
        let Ok(token) = token else {
            return unparseable();
        };
        match token {
            Token::ElementStart { local, .. } => {
                current = Some(local.as_str());
                in_name = local.as_str() == "Name";
                if local.as_str() == "Item" {
                    last_nkr_name = None;
                }
            }
            Token::ElementEnd {
                end: ElementEnd::Close(..) | ElementEnd::Empty,
                ..
            } => {
                current = None;
                in_name = false;
            }
            Token::Text { text: t } | Token::Cdata { text: t, .. } => {
                if in_name {
                    last_nkr_name = Some(t.as_str().trim());
                    continue;
                }
                let personal = current.is_some_and(|el| {
                    PERSONAL_DATA_ELEMENTS.contains(&el)
                        || (el == "Val"
                            && last_nkr_name.is_some_and(|n| PERSONAL_DATA_NKR_FIELDS.contains(&n)))
                });
                if personal && !t.as_str().trim().is_empty() {
                    let (start, end) = (t.start(), t.end());
                    out.push_str(&text[copied..start]);
                    out.push_str("***");
                    copied = end;
                }
            }
            _ => {}
        }
    }
    out.push_str(&text[copied..]);
    out
}
