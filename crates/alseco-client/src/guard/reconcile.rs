//! Reconciliation: the journal against what ALSECO reports (getPaysInfo,
//! GetBankPayByMonth), and the DayPaysSum figures computed from the journal.

use super::journal::{JournalEntry, JournalError};
use alseco_types::types::{BankPayInfo, PayItem};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt;

/// A payment as ALSECO reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePayment {
    /// The bank's reference.
    pub sys_ref: String,
    /// The account.
    pub account_id: i32,
    /// The invoice.
    pub invoice_id: String,
    /// ALSECO's payment id.
    pub payment_id: i32,
    /// The amount.
    pub amount: Decimal,
}

impl From<&BankPayInfo> for ServicePayment {
    fn from(p: &BankPayInfo) -> Self {
        ServicePayment {
            sys_ref: p.sys_ref.clone().unwrap_or_default(),
            account_id: p.account_id,
            invoice_id: p.invoice_id.clone().unwrap_or_default(),
            payment_id: p.payment_id,
            amount: p.pay_sum,
        }
    }
}

impl From<&PayItem> for ServicePayment {
    fn from(p: &PayItem) -> Self {
        ServicePayment {
            sys_ref: p.sys_ref.clone().unwrap_or_default(),
            account_id: p.account_id,
            invoice_id: p.invoice_id.clone().unwrap_or_default(),
            payment_id: p.invoice_payment_id,
            amount: p.pay_sum,
        }
    }
}

/// What differs between the journal and ALSECO.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Payments the journal says ALSECO holds, which ALSECO does not report.
    pub missing: Vec<JournalEntry>,
    /// Payments ALSECO reports that the journal does not hold as taken (unknown SysRef, or
    /// rejected/rolled back/still open in the journal).
    pub extra: Vec<ServicePayment>,
    /// Payments on both sides with different amounts.
    pub amount_mismatches: Vec<(JournalEntry, ServicePayment)>,
    /// Repeated listings of a SysRef ALSECO already listed (each after the first): one bank
    /// operation held twice, or a report listing it twice — either way, to be looked into.
    pub duplicates: Vec<ServicePayment>,
    /// Payments that agree.
    pub matched: usize,
}

impl Reconciliation {
    /// Whether both sides agree.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.amount_mismatches.is_empty()
            && self.duplicates.is_empty()
    }
}

/// Compares journal entries with ALSECO's list of the same period, SysRef by SysRef.
///
/// ```
/// use alseco_client::guard::{reconcile, ServicePayment};
/// let report = reconcile(&[], &[ServicePayment {
///     sys_ref: "ALSC000000000001".into(), account_id: 1, invoice_id: "2504".into(),
///     payment_id: 7, amount: "10.00".parse()?,
/// }]);
/// assert_eq!(report.extra.len(), 1);
/// # Ok::<(), rust_decimal::Error>(())
/// ```
pub fn reconcile(journal: &[JournalEntry], service: &[ServicePayment]) -> Reconciliation {
    let mut report = Reconciliation::default();
    let by_ref: HashMap<&str, &JournalEntry> =
        journal.iter().map(|e| (e.sys_ref.as_str(), e)).collect();
    let mut seen = std::collections::HashSet::new();
    for payment in service {
        if !seen.insert(payment.sys_ref.as_str()) {
            report.duplicates.push(payment.clone());
            continue;
        }
        match by_ref.get(payment.sys_ref.as_str()) {
            Some(entry) if entry.state.is_taken() => {
                if entry.amount == payment.amount {
                    report.matched += 1;
                } else {
                    report
                        .amount_mismatches
                        .push(((*entry).clone(), payment.clone()));
                }
            }
            _ => report.extra.push(payment.clone()),
        }
    }
    report.missing = journal
        .iter()
        .filter(|e| e.state.is_taken() && !seen.contains(e.sys_ref.as_str()))
        .cloned()
        .collect();
    report
}

/// The DayPaysSum figures of a day, from the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayTotals {
    /// Payments of the day ALSECO holds.
    pub count: usize,
    /// Their total.
    pub total: Decimal,
    /// Payments of the day whose fate is still open (a rollback pending): each may yet end
    /// as held (`PaymentProcessed`) or not. While any remain, the figures may be too low:
    /// send them once this is 0.
    pub unresolved: usize,
}

/// The DayPaysSum figures from the journal: the count and total of payments ALSECO holds
/// that were made on `day` (Astana time), and how many of that day are still unresolved.
pub fn day_totals(journal: &[JournalEntry], day: Date) -> DayTotals {
    let of_day = journal
        .iter()
        .filter(|e| crate::astana::civil(e.created_at).date() == day);
    let mut totals = DayTotals {
        count: 0,
        total: Decimal::ZERO,
        unresolved: 0,
    };
    for entry in of_day {
        if entry.state.is_taken() {
            totals.count += 1;
            totals.total += entry.amount;
        } else if entry.state.is_pending() {
            totals.unresolved += 1;
        }
    }
    totals
}

/// The journal's entries made (by the bank, Astana time) from `from` to `to`, both included:
/// the journal's side of a reconciliation of those days.
pub fn entries_made_between(journal: &[JournalEntry], from: Date, to: Date) -> Vec<JournalEntry> {
    journal
        .iter()
        .filter(|e| {
            let day = crate::astana::civil(e.created_at).date();
            from <= day && day <= to
        })
        .cloned()
        .collect()
}

/// Why a reconciliation against the service could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReconcileError {
    /// ALSECO's list could not be fetched.
    Service(crate::client::Error),
    /// The journal could not be read.
    Journal(JournalError),
    /// A date the service cannot be asked about (before year 1).
    DateOutOfRange(Date),
    /// The range is empty (`from` after `to`).
    EmptyRange {
        /// The first day asked for.
        from: Date,
        /// The last day asked for.
        to: Date,
    },
}

impl fmt::Display for ReconcileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReconcileError::Service(e) => write!(f, "cannot fetch ALSECO's payments: {e}"),
            ReconcileError::Journal(e) => write!(f, "cannot read the journal: {e}"),
            ReconcileError::DateOutOfRange(d) => write!(f, "{d} cannot be sent to the service"),
            ReconcileError::EmptyRange { from, to } => {
                write!(
                    f,
                    "the range {from} to {to} is empty: the first day is after the last"
                )
            }
        }
    }
}

impl std::error::Error for ReconcileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReconcileError::Service(e) => Some(e),
            ReconcileError::Journal(e) => Some(e),
            ReconcileError::DateOutOfRange(_) | ReconcileError::EmptyRange { .. } => None,
        }
    }
}

impl From<crate::client::Error> for ReconcileError {
    fn from(e: crate::client::Error) -> Self {
        ReconcileError::Service(e)
    }
}

impl From<JournalError> for ReconcileError {
    fn from(e: JournalError) -> Self {
        ReconcileError::Journal(e)
    }
}
