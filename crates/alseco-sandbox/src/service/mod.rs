//! The sandbox service: every method of
//! [`AlsecoPaymentsService`](alseco_types::server::AlsecoPaymentsService) over a seeded
//! [`Dataset`] and a payment ledger, driven by a [`Clock`].
//!
//! # Conventions (where the spec is silent, the sandbox's decisions)
//! - **Banks.** A bank is its code *and* its addresses, as the spec identifies it: over the
//!   network, a `bankCode` counts only from an address registered for that bank (another bank's
//!   code is an unknown bank); called in-process, without a peer address, the code alone. A
//!   method whose result has no error text refuses an unknown `bankCode` with a
//!   SOAP client fault («Не найден банк»); methods whose result carries an error text
//!   (`exRes` of GetBillInfoLabels / GetBillInfo, `result`/`ErrorMessage` of GetBankPayByMonth,
//!   GetReport108e, GetPaymentsNKR, DayPaysSum) answer «Не найден банк» there. GetBillPays,
//!   GetServKNO and GetPrintedInvoicePDF take no bank code.
//! - **Periods.** The current period is the calendar month in Astana, except on days
//!   `1..=transition_day` when the previous month is still open ([`SandboxConfig::transition_day`]).
//!   A period's invoices are formed after the switch, on days `transition_day + 1 ..= + 7`;
//!   before its invoice is formed an account answers `InvoicesNotFormed`.
//! - **Payments.** Per document, in this order: an already recorded `SysRef` of the bank (even if
//!   rolled back) → `SysRefExists`; an unknown, deleted or merged account → `AccountNotFound`,
//!   `AccountIsDeleted`, `AccountIsMerged`; an invoice number that does not exist, is not formed
//!   yet or belongs to another account → `InvoiceNotFound`; **services paid that differ from the
//!   invoice's** (a missing, extra or repeated service) → `InvoiceNotFound` as well (the spec
//!   requires the same services but names no state for it; the payment is refused as one not
//!   matching the requested invoice). A missing `SysRef`, a negative `PaySum` or one beyond
//!   the money type ([`MAX_PAY_SUM`]) is a client fault. Success gives a `PaymentId` from a
//!   sequence (> 0), failures `-1`.
//! - **Processing.** A payment is processed [`SandboxConfig::processing_delay`] after ALSECO
//!   received it (default 5 days). It may be rolled back only on the Astana date it was received
//!   and before it is processed; otherwise `PaymentProcessed`. During the daily
//!   [`SandboxConfig::processing_window`] (Astana time; none by default) a rollback answers
//!   `PaymentInProcessing`. A second rollback answers `PaymentWasRolledBack`. Rolled-back
//!   payments disappear from every report.
//! - **Dates on the wire** are Astana wall-clock times without an offset, as in the spec's
//!   examples (`2016-01-15T10:59:00`). A request date without an offset is taken by its calendar
//!   date as written; one with an offset is an instant, read in Astana time, as ASMX's
//!   XmlSerializer does on a server there.
//! - **GetBillPays' `BillId`** is the invoice's 8-digit serial (the number without `YYMM` and
//!   check digit, [`InvoiceRecord::bill_id`](crate::dataset::InvoiceRecord::bill_id)); the
//!   spec only calls it «Код квитанции» and types it `int`, which a 12-digit number cannot be.
//! - **GetAccountsWithFormedBill** keeps one cursor per bank: the first call returns the accounts
//!   whose invoices were formed since the 1st of the calendar month (Astana), each later call
//!   those formed since the previous call.
//! - GetBankPayByMonth (which the spec gives no error texts) answers `result` false with
//!   «Месяц позже текущего» for a month after the current period, and «Нет данных за выбранный
//!   период» for an invalid month.
//! - GetBillPays and GetServKNO answer `state` Error with «Нет данных» when there is no such
//!   invoice or account (and GetServKNO «Месяц позже текущего» for a later month).
//! - GetPrintedInvoicePDF answers nil (no PDF) for an account without invoices in the month
//!   asked or the 6 before it.
//! - Error `result` of GetReport108e and GetPaymentsNKR is `error` (success is the spec's
//!   `sucsess`).

mod api;
mod wire;

use std::collections::HashMap;
use std::net::IpAddr;
use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use alseco_client::astana;
use alseco_client::period::Period;
use alseco_types::scalars::DateTime as WireDateTime;
use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;

use crate::banks::{Bank, BankRegistry};
use crate::clock::Clock;
use crate::dataset::Dataset;

/// How the sandbox is set up.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Seed of the dataset: the same seed gives the same accounts and invoices.
    pub seed: u64,
    /// Number of account ids (clamped to 1..=1,000,000).
    pub accounts: u32,
    /// The first account id.
    pub first_account_id: i32,
    /// On days `1..=transition_day` of a month the previous period is still open (clamped to
    /// `0..=20`; 0: the calendar month from the 1st).
    pub transition_day: i8,
    /// Time from receipt to processing of a payment.
    pub processing_delay: SignedDuration,
    /// A daily window (Astana time, `[start, end)`) during which ALSECO "processes" payments:
    /// rollbacks then answer `PaymentInProcessing`.
    pub processing_window: Option<(Time, Time)>,
    /// The first `PaymentId` given out.
    pub first_payment_id: i32,
    /// The banks.
    pub banks: BankRegistry,
    /// The clock.
    pub clock: Clock,
}

impl Default for SandboxConfig {
    /// Seed 42, 1,000 accounts from 600000, transition day 3, processing after 5 days, no
    /// processing window, payment ids from 1, the default banks, the system clock.
    fn default() -> Self {
        SandboxConfig {
            seed: 42,
            accounts: 1000,
            first_account_id: 600_000,
            transition_day: alseco_client::period::TRANSITION_LAST_DAY,
            processing_delay: SignedDuration::from_hours(24 * 5),
            processing_window: None,
            first_payment_id: 1,
            banks: BankRegistry::default(),
            clock: Clock::system(),
        }
    }
}

/// A payment's state in the ledger, at the time of the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentLedgerState {
    /// Received, not processed yet.
    Accepted,
    /// Processed (cannot be rolled back).
    Processed,
    /// Rolled back.
    RolledBack,
}

/// One recorded payment.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerPayment {
    /// `PaymentId`.
    pub payment_id: i32,
    /// The bank's code.
    pub bank: String,
    /// The bank's reference.
    pub sys_ref: String,
    /// The account paid.
    pub account_id: i32,
    /// The invoice number paid (without check digit).
    pub invoice_id: String,
    /// The invoice's period.
    pub invoice_period: Period,
    /// The service period open when the payment was received.
    pub period: Period,
    /// Amount per service, in the document's order.
    pub services: Vec<(i32, Decimal)>,
    /// The total.
    pub sum: Decimal,
    /// The bank's `PaymentDate`, as sent.
    pub payment_date: WireDateTime,
    /// When ALSECO (the sandbox) received it.
    pub received_at: Timestamp,
    /// When it is (or was) processed.
    pub processed_at: Timestamp,
    /// When it was rolled back, if it was.
    pub rolled_back_at: Option<Timestamp>,
    /// Whether it was rolled back.
    pub rolled_back: bool,
    /// Its state at the time of the snapshot.
    pub state: PaymentLedgerState,
}

/// A DayPaysSum accepted by the sandbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// The bank.
    pub bank: String,
    /// The branch.
    pub branch_id: i32,
    /// The day reconciled.
    pub date: Date,
    /// Count of payments the bank reports.
    pub count: i32,
    /// Their sum.
    pub sum: Decimal,
    /// When it was received.
    pub received_at: Timestamp,
}

/// The largest `PaySum` accepted, 99 999 999 999 999 999.99 (the mantissa 10^19 − 1 at
/// scale 2): the spec's money type, `Вещественное(19,2)`, holds 17 digits before the point.
/// It also keeps every total the sandbox adds up far from `Decimal`'s limit.
pub const MAX_PAY_SUM: Decimal = Decimal::from_parts(0x89E7_FFFF, 0x8AC7_2304, 0, false, 2);

#[derive(Debug)]
struct State {
    payments: Vec<LedgerPayment>,
    /// `(bank, SysRef)` of every payment recorded, rolled back or not → its position in
    /// `payments`.
    sys_refs: HashMap<(String, String), usize>,
    next_payment_id: i32,
    cursors: HashMap<String, Timestamp>,
    reconciliations: Vec<Reconciliation>,
    processing_window: Option<(Time, Time)>,
}

/// How a request names one of the bank's payments.
#[derive(Debug, Clone, Copy)]
enum PaymentKey<'a> {
    /// ALSECO's PaymentId.
    Id(i32),
    /// The bank's SysRef.
    SysRef(&'a str),
}

impl State {
    /// The position in the ledger of the bank's payment `key`, without a scan: SysRefs are
    /// indexed, and the ledger is in PaymentId order (ids are handed out in sequence as
    /// payments are pushed, under the same lock).
    fn position(&self, bank: &str, key: PaymentKey<'_>) -> Option<usize> {
        let position = match key {
            PaymentKey::SysRef(sys_ref) => {
                *self.sys_refs.get(&(bank.to_owned(), sys_ref.to_owned()))?
            }
            PaymentKey::Id(id) => self
                .payments
                .binary_search_by_key(&id, |p| p.payment_id)
                .ok()?,
        };
        self.payments
            .get(position)
            .filter(|p| p.bank == bank)
            .map(|_| position)
    }
}

#[derive(Debug)]
struct Inner {
    dataset: Dataset,
    banks: BankRegistry,
    clock: Clock,
    processing_delay: SignedDuration,
    state: Mutex<State>,
}

/// The sandbox service. Clones share the same state; it implements
/// [`AlsecoPaymentsService`](alseco_types::server::AlsecoPaymentsService), so it can be served
/// with [`dispatch`](alseco_types::server::dispatch) or called directly.
///
/// # Example
/// ```
/// use alseco_sandbox::clock::Clock;
/// use alseco_sandbox::{Sandbox, SandboxConfig};
/// use alseco_types::messages::GetCurrentPeriod;
/// use alseco_types::operation::RequestContext;
/// use alseco_types::server::AlsecoPaymentsService;
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll, Waker};
///
/// // 2025-05-02 12:00 in Astana: the switch to May is not complete yet.
/// let sandbox = Sandbox::new(SandboxConfig {
///     clock: Clock::fixed("2025-05-02T07:00:00Z".parse()?),
///     ..SandboxConfig::default()
/// });
/// let ctx = RequestContext::default();
/// let call = sandbox.get_current_period(
///     &ctx,
///     GetCurrentPeriod { bank_code: Some("ALSC".into()) },
/// );
/// // The sandbox's futures are always ready at once.
/// let Poll::Ready(Ok(response)) = pin!(call).poll(&mut Context::from_waker(Waker::noop()))
/// else {
///     unreachable!()
/// };
/// assert_eq!(response.get_current_period_result.as_deref(), Some("2025-04"));
/// assert!(sandbox.ledger().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

/// The error text for an unknown bank code.
pub const UNKNOWN_BANK: &str = "Не найден банк";

impl Default for Sandbox {
    /// [`Sandbox::new`] with [`SandboxConfig::default`].
    fn default() -> Self {
        Sandbox::new(SandboxConfig::default())
    }
}

impl Sandbox {
    /// A sandbox with this configuration.
    pub fn new(config: SandboxConfig) -> Self {
        let dataset = Dataset::new(
            config.seed,
            config.accounts,
            config.first_account_id,
            config.transition_day,
        );
        Sandbox {
            inner: Arc::new(Inner {
                dataset,
                banks: config.banks,
                clock: config.clock,
                processing_delay: config.processing_delay,
                state: Mutex::new(State {
                    payments: Vec::new(),
                    sys_refs: HashMap::new(),
                    next_payment_id: config.first_payment_id.max(1),
                    cursors: HashMap::new(),
                    reconciliations: Vec::new(),
                    processing_window: config.processing_window,
                }),
            }),
        }
    }

    /// The clock (shared: moving it moves the sandbox's time).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.inner.dataset
    }

    /// The banks.
    pub fn banks(&self) -> &BankRegistry {
        &self.inner.banks
    }

    /// A snapshot of the payment ledger, in the order received, with states as of now.
    pub fn ledger(&self) -> Vec<LedgerPayment> {
        let now = self.now();
        let state = self.state();
        state
            .payments
            .iter()
            .map(|p| self.with_state(p.clone(), now))
            .collect()
    }

    /// The DayPaysSum data accepted so far.
    pub fn reconciliations(&self) -> Vec<Reconciliation> {
        self.state().reconciliations.clone()
    }

    /// Sets (or clears) the daily processing window, Astana time, `[start, end)`.
    pub fn set_processing_window(&self, window: Option<(Time, Time)>) {
        self.state().processing_window = window;
    }

    /// The period the service reports now.
    pub fn current_period(&self) -> Period {
        self.inner.dataset.current_period(self.today())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every update is a single push or field write: a panic cannot leave it half-done.
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    fn today(&self) -> Date {
        astana::civil(self.now()).date()
    }

    fn registered_bank(&self, code: Option<&str>) -> Option<&Bank> {
        self.inner.banks.find(code?.trim())
    }

    fn with_state(&self, mut p: LedgerPayment, now: Timestamp) -> LedgerPayment {
        p.state = if p.rolled_back {
            PaymentLedgerState::RolledBack
        } else if now >= p.processed_at {
            PaymentLedgerState::Processed
        } else {
            PaymentLedgerState::Accepted
        };
        p
    }

    /// The non-rolled-back payments of a bank.
    fn live_payments(&self, bank: &str) -> Vec<LedgerPayment> {
        let now = self.now();
        self.state()
            .payments
            .iter()
            .filter(|p| p.bank == bank && !p.rolled_back)
            .map(|p| self.with_state(p.clone(), now))
            .collect()
    }

    /// Amount paid per service against an invoice (rolled-back payments excluded).
    fn paid_by_service(&self, invoice: &str) -> HashMap<i32, Decimal> {
        let mut out = HashMap::new();
        for p in self
            .state()
            .payments
            .iter()
            .filter(|p| p.invoice_id == invoice && !p.rolled_back)
        {
            for (s, sum) in &p.services {
                let total = out.entry(*s).or_insert(Decimal::ZERO);
                // Sums are at most MAX_PAY_SUM each: 10^11 of them still fit.
                *total = total.saturating_add(*sum);
            }
        }
        out
    }
}

/// One request's view of the sandbox: the sandbox, and who is calling.
struct Call<'s> {
    sandbox: &'s Sandbox,
    /// The caller's address; `None` when the sandbox is called in-process.
    peer: Option<IpAddr>,
}

impl<'s> Call<'s> {
    fn new(sandbox: &'s Sandbox, context: &alseco_types::operation::RequestContext) -> Self {
        Call {
            sandbox,
            peer: context.remote_addr.map(|a| a.ip()),
        }
    }

    /// The bank of `code`, if the caller may speak for it: a registered code, sent from one of
    /// that bank's addresses (any, in-process).
    fn find_bank(&self, code: Option<&str>) -> Option<&'s Bank> {
        self.sandbox
            .registered_bank(code)
            .filter(|bank| self.peer.is_none_or(|ip| bank.allowed_ips.contains(&ip)))
    }

    /// [`Call::find_bank`], or the client fault «Не найден банк».
    fn bank(&self, code: Option<&str>) -> Result<&'s Bank, alseco_types::soap::Fault> {
        self.find_bank(code)
            .ok_or_else(|| alseco_types::soap::Fault::client(UNKNOWN_BANK))
    }
}

impl Deref for Call<'_> {
    type Target = Sandbox;

    fn deref(&self) -> &Sandbox {
        self.sandbox
    }
}

/// An Astana wall-clock time as the service writes it: no offset, whole seconds.
pub(crate) fn wire_time(t: Timestamp) -> WireDateTime {
    let c = astana::civil(t);
    wire_civil(c)
}

pub(crate) fn wire_civil(c: jiff::civil::DateTime) -> WireDateTime {
    WireDateTime::new(
        c.year() as u16,
        c.month() as u8,
        c.day() as u8,
        c.hour() as u8,
        c.minute() as u8,
        c.second() as u8,
    )
    .unwrap_or_default()
}

pub(crate) fn wire_date(d: Date) -> WireDateTime {
    wire_civil(d.at(0, 0, 0, 0))
}
