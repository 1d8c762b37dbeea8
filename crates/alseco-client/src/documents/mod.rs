//! Payment documents: what `Pay`, `PayNew` and `PayNewD` send for one invoice.
//!
//! A [`Payment`] is checked against the invoice it pays and converts into the generated
//! [`PaymentDocument`] ([`Payment::to_document`], or `From`). Make one with the
//! [`PaymentBuilder`] from a decoded GetInvoicesByAccountsLastVers / …LastVersWithPays invoice, or
//! from lines built by hand with [`Payment::from_lines`]; both refuse what the service would
//! reject or what would pay the wrong amount, with a [`DocumentError`] naming the service and
//! value.
//!
//! # Rules and resolutions
//! - **Services**: exactly the invoice's services, each once, in the invoice's order (spec:
//!   «Список оплачиваемых услуг должен быть такой же, как и в запрошенном электронном счете»). A
//!   sum, reading or line for a service not on the invoice is [`DocumentError::UnknownService`]; a
//!   hand-built list lacking one of the invoice's services is [`DocumentError::MissingService`];
//!   a service twice (in the lines, or on the invoice itself, where it could not be addressed by
//!   `ServiceId`) is [`DocumentError::DuplicateService`].
//! - **Sums** (`PaySum`): by default the line's `FixSum` — the amount to pay (in LastVersWithPays
//!   already net of this month's payments). A nil `FixSum` means nothing is due on that line and
//!   gives 0: the service must still be listed, and paying it is the caller's explicit choice
//!   ([`PaymentBuilder::sum`]). Electricity lines (13, 23) with new readings get the calculator's
//!   amounts instead ([`PaymentBuilder::electricity`]). An explicit [`PaymentBuilder::sum`] wins
//!   over both: the customer decides how much to pay. Every sum, whatever its source, must be
//!   non-negative and have at most 2 decimal places (tenge and tiyn); a negative `FixSum` (an
//!   overpayment on the line) is refused too, not clamped, so the caller decides.
//! - **Readings**: for counter services (`IsCounterService`) `LastCounts` ← `LastCount`,
//!   `PayCounts` ← `FixCount` ("показания к оплате", the same words the spec uses for `PayCounts`),
//!   `LastCountDate` ← the date of the last readings in `CheckCount/LastCount`: the subscriber's
//!   date when the subscriber's reading is the one in `LastCount`, else ALSECO's, else whichever
//!   is given. Nil values give 0 (the spec: "if not used by the bank, pass 0") and no date. Other
//!   services send 0, 0 and no date. [`PaymentBuilder::reading`] replaces a line's readings.
//!   With new electricity readings: `LastCounts` = X (X1), `PayCounts` = X − Y (X1 − Y1, the
//!   spec's "difference between the last and previous readings", before KT and losses),
//!   `LastCountDate` = N.
//! - **`InvoiceId`**: the invoice's `InvoceId`, unchanged. The service returns invoice numbers in
//!   the form requests take — without the barcode's check digit (see
//!   [`InvoiceNumber::from_sent`]) — so no digit is dropped here. It is not required to parse as
//!   an [`InvoiceNumber`] (the spec's own examples use placeholders like `6666`);
//!   [`Payment::invoice_number`] parses it when wanted. A missing or empty `InvoceId` is
//!   [`DocumentError::MissingInvoiceId`].
//! - **Invoice of another account**: the invoice must be one of `account.Invoices` (matched by
//!   `InvoceId`), else [`DocumentError::InvoiceNotOfAccount`].
//! - **`SysRef`**: supplied by the caller, non-empty after trimming (kept as given). Its
//!   uniqueness is the caller's: the service answers `SysRefExists`.
//! - **`PaymentDate`**: supplied by the caller with an explicit offset (`Z` or `±hh:mm`); a local
//!   time without one is ambiguous and refused. [`wire_date_time`] makes one from a
//!   [`jiff::Zoned`] (e.g. [`crate::astana::now`]).
//! - **Debt in electricity amounts (unresolved)**: the calculator's amount is the charge for the
//!   consumption only. An invoice's `FixSum` may include the line's debt: in the spec's ReNew
//!   example `FixSum` 1161.60 = `MinCalc` 1081.80 + the debt 79.80 (`DebtSum` −79.80). The spec's
//!   formula says nothing about debt, so the calculated amount is sent as is; to pay the debt too,
//!   set the sum explicitly ([`PaymentBuilder::sum`]; the readings still come from the new ones).
//! - A total of 0 is allowed (e.g. everything already paid in LastVersWithPays); check
//!   [`Payment::total`] before sending.
//!
//! # Example
//! ```
//! use alseco_client::documents::{PaymentBuilder, format_dotted_date};
//! use alseco_types::messages::GetInvoicesByAccountsLastVers;
//! use alseco_types::operation::decode_response;
//! use alseco_types::scalars::DateTime;
//! use rust_decimal::Decimal;
//!
//! let xml = std::fs::read(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../fixtures/spec/GetInvoicesByAccountsLastVers.response.xml"
//! ))?;
//! let response = decode_response::<GetInvoicesByAccountsLastVers>(&xml, Default::default())?;
//! let account = response.get_invoices_by_accounts_last_vers_result[0]
//!     .account_invoices
//!     .as_ref()
//!     .unwrap();
//! let invoice = &account.invoices[0];
//!
//! let when: DateTime = "2017-04-10T12:30:00+06:00".parse()?;
//! let payment = PaymentBuilder::new(account, invoice, "BANK-000042", when)
//!     .sum(37, Decimal::from(500)) // pay 500 for gas instead of the 763.25 due
//!     .build()?;
//! assert_eq!(payment.total().to_string(), "1829.07"); // 500 + 1329.07 (water's FixSum)
//!
//! let document = payment.to_document();
//! assert_eq!(document.invoice_id.as_deref(), Some("6666"));
//! let water = &document.payment_parameters[1];
//! assert_eq!((water.service_id, water.last_counts, water.pay_counts), (12, "975.000".parse()?, "12.540".parse()?));
//! assert_eq!(water.last_count_date.as_deref(), Some("31.03.2017"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;

use std::fmt;

use alseco_types::scalars::{DateTime, UtcOffset};
use alseco_types::types::{
    AccountInvoicesLastVers, InvoiceLastVers, InvoiceParametersReNew, PaymentDocument,
    PaymentParameter,
};
use jiff::Zoned;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::calc::ElectricityAmount;
use crate::calc::adapter::AdapterError;
use crate::invoice_number::{InvoiceNumber, InvoiceNumberError};

pub use builder::{CounterReading, PaymentBuilder};

/// Where a line's sum came from, for error messages.
///
/// # Example
/// ```
/// use alseco_client::documents::SumSource;
///
/// assert_eq!(SumSource::Calculated.to_string(), "calculated from the new readings");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SumSource {
    /// The invoice line's `FixSum`.
    FixSum,
    /// The calculator's amount for new electricity readings.
    Calculated,
    /// An explicit [`PaymentBuilder::sum`].
    Override,
    /// A line given to [`Payment::from_lines`].
    Line,
}

impl fmt::Display for SumSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SumSource::FixSum => "the invoice's FixSum",
            SumSource::Calculated => "calculated from the new readings",
            SumSource::Override => "given by the caller",
            SumSource::Line => "in the given line",
        })
    }
}

/// Why a payment document cannot be made. Each variant names the service or value at fault.
///
/// # Example
/// ```
/// use alseco_client::documents::{DocumentError, SumSource};
/// use rust_decimal::Decimal;
///
/// let err = DocumentError::NegativeSum {
///     service_id: 37,
///     sum: Decimal::new(-1500, 2),
///     origin: SumSource::FixSum,
/// };
/// assert_eq!(err.to_string(), "service 37: PaySum -15.00 (the invoice's FixSum) is negative");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The invoice is not among the account's invoices.
    #[error("invoice {} is not an invoice of account {account_id}", show(invoice_id.as_deref()))]
    InvoiceNotOfAccount {
        /// The account's `AccountId`.
        account_id: i32,
        /// The invoice's `InvoceId`.
        invoice_id: Option<String>,
    },
    /// The invoice has no (or an empty) `InvoceId`.
    #[error("the invoice of account {account_id} has no InvoceId")]
    MissingInvoiceId {
        /// The account's `AccountId`.
        account_id: i32,
    },
    /// `SysRef` is empty or whitespace.
    #[error("SysRef is empty")]
    EmptySysRef,
    /// `PaymentDate` has no offset.
    #[error("PaymentDate {payment_date} has no offset (Z or ±hh:mm): the moment is ambiguous")]
    PaymentDateWithoutOffset {
        /// The date-time given.
        payment_date: DateTime,
    },
    /// A sum, reading or line for a service that is not on the invoice.
    #[error("service {service_id} is not on the invoice")]
    UnknownService {
        /// The service code.
        service_id: i32,
    },
    /// The hand-built lines lack one of the invoice's services.
    #[error(
        "service {service_id} of the invoice has no line: every service of the invoice must be paid (0 is allowed)"
    )]
    MissingService {
        /// The service code.
        service_id: i32,
    },
    /// A service appears twice in the lines, or on the invoice itself.
    #[error("service {service_id} appears more than once")]
    DuplicateService {
        /// The service code.
        service_id: i32,
    },
    /// A line's sum is below zero.
    #[error("service {service_id}: PaySum {sum} ({origin}) is negative")]
    NegativeSum {
        /// The service code.
        service_id: i32,
        /// The sum.
        sum: Decimal,
        /// Where it came from.
        origin: SumSource,
    },
    /// A line's sum has more than 2 decimal places (below one tiyn).
    #[error("service {service_id}: PaySum {sum} ({origin}) has more than 2 decimal places")]
    TooManyDecimals {
        /// The service code.
        service_id: i32,
        /// The sum.
        sum: Decimal,
        /// Where it came from.
        origin: SumSource,
    },
    /// Readings for an electricity service were given both as new readings
    /// ([`PaymentBuilder::electricity`]) and as a [`PaymentBuilder::reading`].
    #[error(
        "service {service_id}: readings given both as new electricity readings and as a counter reading"
    )]
    ConflictingReadings {
        /// The service code (13 or 23).
        service_id: i32,
    },
    /// The electricity amount could not be computed from the invoice and the new readings.
    #[error("electricity: {0}")]
    Electricity(#[from] AdapterError),
    /// An amount does not fit a decimal (the total of the sums, or `PayCounts`).
    #[error("{what} overflows")]
    Overflow {
        /// What was being computed.
        what: &'static str,
    },
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "(no InvoceId)".to_owned(), |v| format!("{v:?}"))
}

/// One line of a payment: the payment of one service.
///
/// Converts into the generated [`PaymentParameter`] with [`PaymentLine::to_parameter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLine {
    /// `ServiceId`.
    pub service_id: i32,
    /// `PayCounts`: consumption paid for (last minus previous readings); 0 if not used.
    pub pay_counts: Decimal,
    /// `LastCounts`: the last readings; 0 if not used.
    pub last_counts: Decimal,
    /// `LastCountDate`: the date of the last readings, sent as `dd.MM.yyyy`; `None` omits it.
    pub last_count_date: Option<Date>,
    /// `PaySum`: the amount paid for the service, tenge.
    pub pay_sum: Decimal,
}

impl PaymentLine {
    /// A line paying `pay_sum` for `service_id`, without readings (0, 0, no date).
    ///
    /// # Example
    /// ```
    /// use alseco_client::documents::PaymentLine;
    /// use rust_decimal::Decimal;
    ///
    /// let line = PaymentLine::sum_only(37, Decimal::from(100));
    /// let wire = line.to_parameter();
    /// assert_eq!((wire.service_id, wire.pay_sum, wire.pay_counts), (37, Decimal::from(100), Decimal::ZERO));
    /// assert_eq!(wire.last_count_date, None);
    /// ```
    pub fn sum_only(service_id: i32, pay_sum: Decimal) -> PaymentLine {
        PaymentLine {
            service_id,
            pay_counts: Decimal::ZERO,
            last_counts: Decimal::ZERO,
            last_count_date: None,
            pay_sum,
        }
    }

    /// The generated wire type, `LastCountDate` formatted `dd.MM.yyyy`.
    pub fn to_parameter(&self) -> PaymentParameter {
        PaymentParameter {
            service_id: self.service_id,
            pay_counts: self.pay_counts,
            last_counts: self.last_counts,
            last_count_date: self.last_count_date.map(format_dotted_date),
            pay_sum: self.pay_sum,
        }
    }
}

/// A checked payment of one invoice; converts into the generated [`PaymentDocument`].
///
/// Made by [`PaymentBuilder::build`] or [`Payment::from_lines`]; its fields are read-only so the
/// checks and the [`total`](Payment::total) stay true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    account_id: i32,
    invoice_id: String,
    payment_date: DateTime,
    sys_ref: String,
    lines: Vec<PaymentLine>,
    total: Decimal,
    electricity: Option<ElectricityAmount>,
}

impl Payment {
    /// A payment from lines built by hand, checked against the invoice: the invoice belongs to
    /// the account, the lines are exactly the invoice's services, each once, with non-negative
    /// sums of at most 2 decimals; `SysRef` non-empty; `PaymentDate` with an offset.
    ///
    /// The lines are kept in the order given.
    ///
    /// # Errors
    /// [`DocumentError::InvoiceNotOfAccount`], [`DocumentError::MissingInvoiceId`],
    /// [`DocumentError::EmptySysRef`], [`DocumentError::PaymentDateWithoutOffset`],
    /// [`DocumentError::UnknownService`], [`DocumentError::MissingService`],
    /// [`DocumentError::DuplicateService`], [`DocumentError::NegativeSum`],
    /// [`DocumentError::TooManyDecimals`], [`DocumentError::Overflow`].
    ///
    /// # Example
    /// ```
    /// use alseco_client::documents::{DocumentError, Payment, PaymentLine};
    /// use alseco_types::types::{AccountInvoicesLastVers, InvoiceLastVers, InvoiceParametersReNew};
    /// use rust_decimal::Decimal;
    ///
    /// let invoice = InvoiceLastVers {
    ///     invoce_id: Some("2504123456789".into()),
    ///     invoice_parameters: vec![
    ///         InvoiceParametersReNew { service_id: 36, ..Default::default() },
    ///         InvoiceParametersReNew { service_id: 37, ..Default::default() },
    ///     ],
    ///     ..Default::default()
    /// };
    /// let account = AccountInvoicesLastVers {
    ///     account_id: 444333,
    ///     invoices: vec![invoice.clone()],
    ///     ..Default::default()
    /// };
    /// let when = "2025-04-10T12:00:00+05:00".parse()?;
    ///
    /// let only_gas = vec![PaymentLine::sum_only(37, Decimal::from(100))];
    /// let err = Payment::from_lines(&account, &invoice, "7", when, only_gas).unwrap_err();
    /// assert_eq!(err, DocumentError::MissingService { service_id: 36 });
    ///
    /// let both = vec![
    ///     PaymentLine::sum_only(36, Decimal::from(100)),
    ///     PaymentLine::sum_only(37, Decimal::from(100)),
    /// ];
    /// let payment = Payment::from_lines(&account, &invoice, "7", when, both)?;
    /// assert_eq!(payment.total(), Decimal::from(200));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_lines(
        account: &AccountInvoicesLastVers,
        invoice: &InvoiceLastVers,
        sys_ref: impl Into<String>,
        payment_date: DateTime,
        lines: Vec<PaymentLine>,
    ) -> Result<Payment, DocumentError> {
        let header = Header::check(account, invoice, sys_ref.into(), payment_date)?;
        let services = invoice_services(invoice)?;
        for (i, line) in lines.iter().enumerate() {
            if !services.contains(&line.service_id) {
                return Err(DocumentError::UnknownService {
                    service_id: line.service_id,
                });
            }
            if lines[..i].iter().any(|l| l.service_id == line.service_id) {
                return Err(DocumentError::DuplicateService {
                    service_id: line.service_id,
                });
            }
        }
        if let Some(&missing) = services
            .iter()
            .find(|s| !lines.iter().any(|l| l.service_id == **s))
        {
            return Err(DocumentError::MissingService {
                service_id: missing,
            });
        }
        for line in &lines {
            check_sum(line.service_id, line.pay_sum, SumSource::Line)?;
        }
        header.finish(lines, None)
    }

    /// `AccountId`.
    pub fn account_id(&self) -> i32 {
        self.account_id
    }

    /// `InvoiceId`: the invoice's `InvoceId` as the service gave it.
    pub fn invoice_id(&self) -> &str {
        &self.invoice_id
    }

    /// `InvoiceId` parsed as an [`InvoiceNumber`] (the sent form, without the check digit).
    ///
    /// # Errors
    /// [`InvoiceNumberError`] when it is not a valid invoice number (the spec's examples use
    /// placeholders such as `6666`).
    pub fn invoice_number(&self) -> Result<InvoiceNumber, InvoiceNumberError> {
        InvoiceNumber::from_sent(&self.invoice_id)
    }

    /// `PaymentDate`.
    pub fn payment_date(&self) -> DateTime {
        self.payment_date
    }

    /// `SysRef`.
    pub fn sys_ref(&self) -> &str {
        &self.sys_ref
    }

    /// The lines (`PaymentParameters`).
    pub fn lines(&self) -> &[PaymentLine] {
        &self.lines
    }

    /// The line of `service_id`, if any.
    pub fn line(&self, service_id: i32) -> Option<&PaymentLine> {
        self.lines.iter().find(|l| l.service_id == service_id)
    }

    /// The document total: the sum of every line's `PaySum`.
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The electricity calculation, when the payment was built with new electricity readings.
    pub fn electricity(&self) -> Option<&ElectricityAmount> {
        self.electricity.as_ref()
    }

    /// The generated wire type, ready for `Pay` / `PayNew` / `PayNewD`.
    ///
    /// # Example
    /// ```
    /// use alseco_client::documents::{Payment, PaymentLine};
    /// use alseco_types::messages::Pay;
    /// use alseco_types::types::{AccountInvoicesLastVers, InvoiceLastVers, InvoiceParametersReNew};
    /// use rust_decimal::Decimal;
    ///
    /// let invoice = InvoiceLastVers {
    ///     invoce_id: Some("2504123456789".into()),
    ///     invoice_parameters: vec![InvoiceParametersReNew { service_id: 37, ..Default::default() }],
    ///     ..Default::default()
    /// };
    /// let account = AccountInvoicesLastVers { account_id: 1, invoices: vec![invoice.clone()], ..Default::default() };
    /// let lines = vec![PaymentLine::sum_only(37, Decimal::from(100))];
    /// let payment = Payment::from_lines(&account, &invoice, "REF-9", "2025-04-10T12:00:00+05:00".parse()?, lines)?;
    ///
    /// let request = Pay { payment_documents: vec![payment.to_document()], bank_code: Some("ALSC".into()) };
    /// assert_eq!(request.payment_documents[0].sys_ref.as_deref(), Some("REF-9"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_document(&self) -> PaymentDocument {
        PaymentDocument {
            account_id: self.account_id,
            invoice_id: Some(self.invoice_id.clone()),
            payment_date: self.payment_date,
            sys_ref: Some(self.sys_ref.clone()),
            payment_parameters: self.lines.iter().map(PaymentLine::to_parameter).collect(),
        }
    }
}

impl From<&Payment> for PaymentDocument {
    fn from(payment: &Payment) -> PaymentDocument {
        payment.to_document()
    }
}

impl From<Payment> for PaymentDocument {
    fn from(payment: Payment) -> PaymentDocument {
        payment.to_document()
    }
}

/// The checked header fields of a payment.
struct Header {
    account_id: i32,
    invoice_id: String,
    payment_date: DateTime,
    sys_ref: String,
}

impl Header {
    fn check(
        account: &AccountInvoicesLastVers,
        invoice: &InvoiceLastVers,
        sys_ref: String,
        payment_date: DateTime,
    ) -> Result<Header, DocumentError> {
        let invoice_id = invoice
            .invoce_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or(DocumentError::MissingInvoiceId {
                account_id: account.account_id,
            })?;
        let belongs = account
            .invoices
            .iter()
            .any(|i| i.invoce_id.as_deref().map(str::trim) == Some(invoice_id));
        if !belongs {
            return Err(DocumentError::InvoiceNotOfAccount {
                account_id: account.account_id,
                invoice_id: invoice.invoce_id.clone(),
            });
        }
        if sys_ref.trim().is_empty() {
            return Err(DocumentError::EmptySysRef);
        }
        if payment_date.offset() == UtcOffset::Unspecified {
            return Err(DocumentError::PaymentDateWithoutOffset { payment_date });
        }
        Ok(Header {
            account_id: account.account_id,
            invoice_id: invoice_id.to_owned(),
            payment_date,
            sys_ref,
        })
    }

    fn finish(
        self,
        lines: Vec<PaymentLine>,
        electricity: Option<ElectricityAmount>,
    ) -> Result<Payment, DocumentError> {
        let total = lines
            .iter()
            .try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l.pay_sum))
            .ok_or(DocumentError::Overflow {
                what: "the total of the sums",
            })?;
        Ok(Payment {
            account_id: self.account_id,
            invoice_id: self.invoice_id,
            payment_date: self.payment_date,
            sys_ref: self.sys_ref,
            lines,
            total,
            electricity,
        })
    }
}

/// The invoice's service codes in order; a service listed twice is an error.
fn invoice_services(invoice: &InvoiceLastVers) -> Result<Vec<i32>, DocumentError> {
    let mut services: Vec<i32> = Vec::with_capacity(invoice.invoice_parameters.len());
    for line in &invoice.invoice_parameters {
        if services.contains(&line.service_id) {
            return Err(DocumentError::DuplicateService {
                service_id: line.service_id,
            });
        }
        services.push(line.service_id);
    }
    Ok(services)
}

fn check_sum(service_id: i32, sum: Decimal, origin: SumSource) -> Result<(), DocumentError> {
    if sum.is_sign_negative() && !sum.is_zero() {
        return Err(DocumentError::NegativeSum {
            service_id,
            sum,
            origin,
        });
    }
    if sum.normalize().scale() > 2 {
        return Err(DocumentError::TooManyDecimals {
            service_id,
            sum,
            origin,
        });
    }
    Ok(())
}

/// The readings of an invoice line as the document sends them by default (see the
/// [module docs](self)): `(PayCounts, LastCounts, LastCountDate)`.
fn invoice_readings(line: &InvoiceParametersReNew) -> (Decimal, Decimal, Option<Date>) {
    if !line.is_counter_service {
        return (Decimal::ZERO, Decimal::ZERO, None);
    }
    let last = line.last_count;
    let info = line
        .check_count
        .as_ref()
        .and_then(|c| c.last_count.as_ref());
    let date = info.and_then(|i| {
        let abonent = i.last_count_date_abonent.as_ref();
        let alseco = i.last_count_date_alseco.as_ref();
        if last.is_some() && i.last_count_abonent == last && abonent.is_some() {
            abonent
        } else if last.is_some() && i.last_count_alseco == last && alseco.is_some() {
            alseco
        } else {
            alseco.or(abonent)
        }
    });
    (
        line.fix_count.unwrap_or(Decimal::ZERO),
        last.unwrap_or(Decimal::ZERO),
        date.and_then(wire_civil_date),
    )
}

/// The calendar date of a wire date-time as written (its offset, if any, ignored).
fn wire_civil_date(value: &DateTime) -> Option<Date> {
    Date::new(
        i16::try_from(value.year()).ok()?,
        i8::try_from(value.month()).ok()?,
        i8::try_from(value.day()).ok()?,
    )
    .ok()
}

/// Formats a date as `dd.MM.yyyy`, the form of `LastCountDate` (and of GetReport108e's `DAT`).
///
/// # Example
/// ```
/// use alseco_client::documents::format_dotted_date;
/// use jiff::civil::date;
///
/// assert_eq!(format_dotted_date(date(2010, 6, 15)), "15.06.2010");
/// ```
pub fn format_dotted_date(date: Date) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// Parses `dd.MM.yyyy` strictly: two-digit day and month, four-digit year, a valid date.
/// Surrounding whitespace is ignored.
///
/// # Example
/// ```
/// use alseco_client::documents::parse_dotted_date;
/// use jiff::civil::date;
///
/// assert_eq!(parse_dotted_date("01.11.2019"), Some(date(2019, 11, 1)));
/// assert_eq!(parse_dotted_date("1.11.2019"), None);
/// assert_eq!(parse_dotted_date("31.02.2019"), None);
/// assert_eq!(parse_dotted_date("2019-11-01"), None);
/// ```
pub fn parse_dotted_date(text: &str) -> Option<Date> {
    let t = text.trim().as_bytes();
    if t.len() != 10 || t[2] != b'.' || t[5] != b'.' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i16> {
        let digits = &t[range];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            digits
                .iter()
                .fold(0i16, |n, d| n * 10 + i16::from(d - b'0')),
        )
    };
    let day = i8::try_from(number(0..2)?).ok()?;
    let month = i8::try_from(number(3..5)?).ok()?;
    let year = number(6..10)?;
    Date::new(year, month, day).ok()
}

/// A wire date-time from a zoned time, with its offset and 7 fraction digits (.NET ticks,
/// truncated), as the spec's `2007-12-04T18:58:03.5381358+06:00`. `None` for years outside
/// 1–9999 or an offset that is not a whole number of minutes.
///
/// # Example
/// ```
/// use alseco_client::documents::wire_date_time;
///
/// let zoned: jiff::Zoned = "2025-04-10T18:58:03.538135812+05:00[Asia/Almaty]".parse()?;
/// let wire = wire_date_time(&zoned).unwrap();
/// assert_eq!(wire.to_string(), "2025-04-10T18:58:03.5381358+05:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn wire_date_time(zoned: &Zoned) -> Option<DateTime> {
    let offset_seconds = zoned.offset().seconds();
    if offset_seconds % 60 != 0 {
        return None;
    }
    let minutes = i16::try_from(offset_seconds / 60).ok()?;
    let dt = zoned.datetime();
    let nanos = u32::try_from(dt.subsec_nanosecond()).ok()?;
    DateTime::new(
        u16::try_from(dt.year()).ok()?,
        u8::try_from(dt.month()).ok()?,
        u8::try_from(dt.day()).ok()?,
        u8::try_from(dt.hour()).ok()?,
        u8::try_from(dt.minute()).ok()?,
        u8::try_from(dt.second()).ok()?,
    )?
    .with_fraction(nanos, 7)
    .map(|d| d.with_offset(UtcOffset::Minutes(minutes)))
}
