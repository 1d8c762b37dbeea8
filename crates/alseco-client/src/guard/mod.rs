//! Guaranteed payment completion: the spec's protocol («Алгоритм гарантированного завершения
//! операции и исключения дублирования платежей»), with a durable journal.
//!
//! When a payment gets no timely answer, the customer is told it failed, the payment is
//! rolled back by its SysRef in the background until ALSECO confirms, and any new attempt
//! for the same account and invoice is refused until then. The guard does exactly that,
//! across crashes and restarts:
//!
//! 1. [`PaymentGuard::pay`] writes the intent to the [`Journal`] (durably) **before** the
//!    request goes out, sends PayNewD once, and writes the outcome after;
//! 2. an accepted or rejected payment is final; anything else — a timeout, a broken
//!    connection, a fault, an undecodable answer — is [`PayOutcome::NotCompleted`] and the
//!    payment is marked for rollback;
//! 3. [`PaymentGuard::settle_pending`] (run in a loop by [`PaymentGuard::run_worker`]) calls
//!    RollbackPaymentsBySysRef for each pending payment with exponential backoff and jitter:
//!    `Success` and `PaymentWasRolledBack` end it as rolled back; `PaymentNotFound` too, once
//!    the request can no longer be in flight ([`GuardConfig::settle_after`]) and
//!    GetPaymentsInfoBySysRef agrees; `PaymentInProcessing` retries later; `PaymentProcessed`
//!    means the payment stands (ALSECO rolls back only on the day of receipt): it is recorded
//!    as [`EntryState::CompletedAfterTimeout`] and surfaced for reconciliation, never silently;
//! 4. on start, payments found mid-request ([`EntryState::Sending`]) are rolled back too;
//!    so are, by the worker, payments left in `Sending` by a call that is no longer in
//!    flight (its outcome could not be journaled: [`GuardError::OutcomeNotRecorded`]).
//!
//! ```no_run
//! use alseco_client::client::{Client, ClientConfig};
//! use alseco_client::guard::{GuardConfig, PayOutcome, PaymentGuard, SqliteJournal};
//! use alseco_client::transport::Endpoint;
//! use alseco_types::types::PaymentDocument;
//!
//! # async fn run(document: PaymentDocument) -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(ClientConfig::new(Endpoint::parse("https://ws.example/Alseco.asmx")?, "ALSC"))?;
//! let journal = SqliteJournal::open("payments.sqlite")?;
//! let guard = std::sync::Arc::new(PaymentGuard::new(client, journal, GuardConfig::new("ALSC"))?);
//! let worker = tokio::spawn({
//!     let guard = guard.clone();
//!     async move { guard.run_worker(std::future::pending()).await }
//! });
//! match guard.pay(document).await? {
//!     PayOutcome::Accepted { payment_id, .. } => println!("paid: {payment_id}"),
//!     PayOutcome::Rejected { state, .. } => println!("refused by ALSECO: {state}"),
//!     PayOutcome::NotCompleted { .. } => println!("not possible now; rolled back in the background"),
//! }
//! # drop(worker);
//! # Ok(()) }
//! ```

mod journal;
mod reconcile;
mod sqlite;

pub use journal::{EntryState, Journal, JournalEntry, JournalError, MemoryJournal};
pub use reconcile::{
    DayTotals, ReconcileError, Reconciliation, ServicePayment, day_totals, entries_made_between,
    reconcile,
};
pub use sqlite::SqliteJournal;

use crate::client::{Client, Error};
use crate::period::Period;
use alseco_types::scalars::DateTime;
use alseco_types::types::{
    PaymentDocument, PaymentInfoBySysRef, PaymentState, PaymentStatus, ResultPaymentInvoice,
    RollbackPaymentResult,
};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

/// The three calls the protocol needs. [`Client`] implements it; tests can script it.
pub trait PaymentGateway: Send + Sync {
    /// Sends one payment document (PayNewD) once.
    fn pay(
        &self,
        document: &PaymentDocument,
    ) -> impl Future<Output = Result<ResultPaymentInvoice, Error>> + Send;
    /// Rolls back one payment by its SysRef.
    fn rollback(
        &self,
        sys_ref: &str,
    ) -> impl Future<Output = Result<RollbackPaymentResult, Error>> + Send;
    /// Asks where a payment stands (GetPaymentsInfoBySysRef).
    fn status(
        &self,
        sys_ref: &str,
    ) -> impl Future<Output = Result<PaymentInfoBySysRef, Error>> + Send;

    /// How long after a payment was sent its request may still be on its way to ALSECO, as
    /// far as this gateway can tell (for the [`Client`], its connect plus request timeout).
    /// The guard believes a `PaymentNotFound` only after the longer of this and
    /// [`GuardConfig::settle_after`].
    fn answer_deadline(&self) -> Duration {
        Duration::ZERO
    }
}

fn empty_answer(operation: &'static str) -> Error {
    Error::Service(crate::client::ServiceError::new(
        operation,
        "the service returned no result for the document",
    ))
}

impl PaymentGateway for Client {
    async fn pay(&self, document: &PaymentDocument) -> Result<ResultPaymentInvoice, Error> {
        let results = self.pay_new_d(std::slice::from_ref(document)).await?;
        results
            .into_iter()
            .next()
            .ok_or_else(|| empty_answer("PayNewD"))
    }

    async fn rollback(&self, sys_ref: &str) -> Result<RollbackPaymentResult, Error> {
        let results = self.rollback_payments_by_sys_ref(&[sys_ref]).await?;
        let mine = results
            .iter()
            .find(|r| r.payment_id.as_deref() == Some(sys_ref))
            .or(results.first());
        mine.map(|r| r.result.clone())
            .ok_or_else(|| empty_answer("RollbackPaymentsBySysRef"))
    }

    async fn status(&self, sys_ref: &str) -> Result<PaymentInfoBySysRef, Error> {
        self.get_payments_info_by_sys_ref(sys_ref).await
    }

    fn answer_deadline(&self) -> Duration {
        let transport = self.stub().transport().config();
        transport
            .connect_timeout
            .saturating_add(transport.request_timeout)
    }
}

/// Settings of a [`PaymentGuard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardConfig {
    /// Prefix of generated SysRefs (usually the bank code); one per journal — see
    /// [`PaymentGuard::new_sys_ref`].
    pub sys_ref_prefix: String,
    /// A `PaymentNotFound` is believed only this long after the payment was sent: before,
    /// the request may still be on its way to ALSECO. Never less than the gateway's
    /// [`PaymentGateway::answer_deadline`] (the client's own timeouts); keep a margin above
    /// it for a request ALSECO queues after the client gave up.
    pub settle_after: Duration,
    /// First wait between rollback attempts of a payment.
    pub initial_backoff: Duration,
    /// Longest wait between rollback attempts.
    pub max_backoff: Duration,
}

impl GuardConfig {
    /// Defaults: settle after 2 minutes, backoff from 1 s to 5 min.
    pub fn new(sys_ref_prefix: impl Into<String>) -> Self {
        GuardConfig {
            sys_ref_prefix: sys_ref_prefix.into(),
            settle_after: Duration::from_secs(120),
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
        }
    }
}

/// What became of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayOutcome {
    /// ALSECO accepted it.
    Accepted {
        /// The payment's SysRef.
        sys_ref: String,
        /// ALSECO's payment id.
        payment_id: i32,
        /// When ALSECO accepted it (`PayResDate`).
        accepted_at: Option<DateTime>,
    },
    /// ALSECO refused it; nothing was taken.
    Rejected {
        /// The payment's SysRef.
        sys_ref: String,
        /// ALSECO's `State` (`InvoiceNotFound`, `AccountIsDeleted`, `SysRefExists`, …).
        state: PaymentState,
    },
    /// No timely answer: tell the customer the payment is not possible now. It is being
    /// rolled back; a new attempt for the same invoice is refused until that is confirmed.
    NotCompleted {
        /// The payment's SysRef.
        sys_ref: String,
        /// What happened.
        reason: String,
    },
}

/// Why the guard did not send a payment, or could not record what became of it.
#[derive(Debug)]
#[non_exhaustive]
pub enum GuardError {
    /// A payment of the same account and invoice is still open (in flight, or being rolled
    /// back): the spec forbids a new attempt until the rollback is confirmed. Or ALSECO kept
    /// an earlier payment of it that got no timely answer (`completed_after_timeout`): a new
    /// attempt would take the money twice, until the bank has reconciled that one with the
    /// customer and [acknowledged](PaymentGuard::acknowledge) it.
    PaymentPending {
        /// The blocking payment.
        sys_ref: String,
        /// Its state (`sending`, `rollback_pending` or `completed_after_timeout`).
        state: &'static str,
        /// Since when it blocks: when it was sent, or when ALSECO was found to have kept it.
        since: Timestamp,
    },
    /// The document lacks something the protocol needs.
    InvalidDocument(String),
    /// The journal failed before the request went out: nothing was sent.
    Journal(JournalError),
    /// ALSECO could not be asked, or refused ([`PaymentGuard::rollback`]).
    Service(crate::client::Error),
    /// The payment was sent, but its outcome could not be written to the journal. Tell the
    /// customer it is not possible now, as for [`PayOutcome::NotCompleted`]: the entry stays
    /// open (`sending`), a new attempt for the invoice is refused, and the rollback worker
    /// rolls it back once the journal can be written again (or the next start does).
    OutcomeNotRecorded {
        /// The payment's SysRef.
        sys_ref: String,
        /// Why the outcome could not be written.
        source: JournalError,
    },
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::PaymentPending {
                sys_ref,
                state,
                since,
            } if *state == EntryState::CompletedAfterTimeout.name() => write!(
                f,
                "ALSECO kept an earlier payment of this invoice that got no timely answer \
                 (SysRef {sys_ref}, completed after the timeout, found {since}); a new attempt is \
                 refused until the bank has reconciled it with the customer and acknowledged it"
            ),
            GuardError::PaymentPending {
                sys_ref,
                state,
                since,
            } => write!(
                f,
                "a payment of this invoice is not settled yet (SysRef {sys_ref}, {state} since {since}); \
                 a new attempt is refused until its rollback is confirmed"
            ),
            GuardError::InvalidDocument(why) => write!(f, "invalid payment document: {why}"),
            GuardError::Journal(e) => write!(f, "payment not sent: {e}"),
            GuardError::Service(e) => e.fmt(f),
            GuardError::OutcomeNotRecorded { sys_ref, source } => write!(
                f,
                "payment {sys_ref} was sent but its outcome could not be recorded ({source}); \
                 treat it as not completed: it stays open and will be rolled back"
            ),
        }
    }
}

impl std::error::Error for GuardError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GuardError::Journal(e) | GuardError::OutcomeNotRecorded { source: e, .. } => Some(e),
            GuardError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl From<JournalError> for GuardError {
    fn from(e: JournalError) -> Self {
        GuardError::Journal(e)
    }
}

/// What one pass of [`PaymentGuard::settle_pending`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settled {
    /// Payments whose rollback was confirmed.
    pub rolled_back: usize,
    /// Payments ALSECO kept (`PaymentProcessed`): to reconcile.
    pub completed_after_timeout: usize,
    /// Payments still open after the pass.
    pub still_pending: usize,
}

/// The payment guard. See the module docs.
pub struct PaymentGuard<G, J> {
    gateway: G,
    journal: J,
    config: GuardConfig,
    jitter: Mutex<u64>,
    wake: tokio::sync::Notify,
    /// SysRefs whose `pay` call is running: their `Sending` entries are not orphans.
    in_flight: Mutex<HashSet<String>>,
}

/// Marks a SysRef in flight for as long as it lives (a `pay` future dropped mid-request
/// unmarks it too, leaving an orphan for the worker).
struct InFlight<'g> {
    set: &'g Mutex<HashSet<String>>,
    sys_ref: String,
    marked: bool,
}

impl<'g> InFlight<'g> {
    fn mark(set: &'g Mutex<HashSet<String>>, sys_ref: &str) -> Self {
        let marked = lock(set).insert(sys_ref.to_owned());
        InFlight {
            set,
            sys_ref: sys_ref.to_owned(),
            marked,
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.marked {
            lock(self.set).remove(&self.sys_ref);
        }
    }
}

/// [`EntryState::name`] of the states transitions start from.
const SENDING: &str = EntryState::Sending.name();
const ROLLBACK_PENDING: &str = EntryState::RollbackPending {
    attempts: 0,
    next_attempt_at: Timestamp::UNIX_EPOCH,
}
.name();

/// A `State` by which ALSECO refused the document: nothing was taken. Any other answer
/// but `Success` (an unknown state, say) leaves it in doubt.
fn is_refusal(state: &PaymentState) -> bool {
    matches!(
        state,
        PaymentState::InvoiceNotFound
            | PaymentState::AccountNotFound
            | PaymentState::AccountIsDeleted
            | PaymentState::AccountIsMerged
            | PaymentState::SysRefExists
    )
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<G, J> fmt::Debug for PaymentGuard<G, J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaymentGuard")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<G: PaymentGateway, J: Journal> PaymentGuard<G, J> {
    /// A guard over `gateway` and `journal`. Payments the journal shows mid-request (the
    /// process stopped while sending) are marked for rollback now.
    pub fn new(gateway: G, journal: J, config: GuardConfig) -> Result<Self, JournalError> {
        let now = Timestamp::now();
        for entry in journal.pending()? {
            if entry.state == EntryState::Sending {
                tracing::warn!(sys_ref = %entry.sys_ref, "payment found mid-request after a restart: rolling it back");
                journal.transition(
                    &entry.sys_ref,
                    SENDING,
                    &EntryState::RollbackPending {
                        attempts: 0,
                        next_attempt_at: now,
                    },
                    now,
                )?;
            }
        }
        let seed = now.as_nanosecond() as u64 | 1;
        Ok(PaymentGuard {
            gateway,
            journal,
            config,
            jitter: Mutex::new(seed),
            wake: tokio::sync::Notify::new(),
            in_flight: Mutex::new(HashSet::new()),
        })
    }

    /// The journal.
    pub fn journal(&self) -> &J {
        &self.journal
    }

    /// The gateway.
    pub fn gateway(&self) -> &G {
        &self.gateway
    }

    /// A new SysRef: the prefix and the journal's durable counter (`ALSC000000000042`),
    /// unique across restarts of guards over the same journal.
    ///
    /// The counter lives in the journal, so a *new* journal counts from 1 again: give a
    /// replacement journal, or a second guard running beside the first (with its own
    /// journal), a prefix of its own. A SysRef repeated at ALSECO is refused there
    /// (`SysRefExists`), but should such a payment get no timely answer, its rollback by
    /// SysRef would roll back the earlier payment of that SysRef.
    pub fn new_sys_ref(&self) -> Result<String, JournalError> {
        Ok(format!(
            "{}{:012}",
            self.config.sys_ref_prefix,
            self.journal.next_sequence()?
        ))
    }

    /// Pays one document following the protocol. The document's `SysRef` is used if set,
    /// otherwise one is generated.
    pub async fn pay(&self, mut document: PaymentDocument) -> Result<PayOutcome, GuardError> {
        let invoice_id = document
            .invoice_id
            .clone()
            .filter(|i| !i.trim().is_empty())
            .ok_or_else(|| GuardError::InvalidDocument("no InvoiceId".into()))?;
        let sys_ref = match document.sys_ref.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => s.to_owned(),
            _ => self.new_sys_ref()?,
        };
        document.sys_ref = Some(sys_ref.clone());
        let amount: Decimal = document.payment_parameters.iter().map(|p| p.pay_sum).sum();
        let now = Timestamp::now();
        let entry = JournalEntry {
            sys_ref: sys_ref.clone(),
            account_id: document.account_id,
            invoice_id,
            amount,
            created_at: now,
            updated_at: now,
            state: EntryState::Sending,
        };
        // Marked before `begin`, so that the worker never takes this entry for an orphan.
        let _in_flight = InFlight::mark(&self.in_flight, &sys_ref);
        if let Some(open) = self.journal.begin(&entry)? {
            let since = match open.state {
                EntryState::CompletedAfterTimeout => open.updated_at,
                _ => open.created_at,
            };
            return Err(GuardError::PaymentPending {
                sys_ref: open.sys_ref,
                state: open.state.name(),
                since,
            });
        }
        let answer = self.gateway.pay(&document).await;
        let at = Timestamp::now();
        let (state, outcome) = match answer {
            Ok(result) if result.state == PaymentState::Success && result.payment_id > 0 => (
                EntryState::Accepted {
                    payment_id: result.payment_id,
                    accepted_at: result.pay_res_date.map(|d| d.to_string()),
                },
                PayOutcome::Accepted {
                    sys_ref: sys_ref.clone(),
                    payment_id: result.payment_id,
                    accepted_at: result.pay_res_date,
                },
            ),
            // Only ALSECO's named refusals mean that nothing was taken.
            Ok(result) if is_refusal(&result.state) => (
                EntryState::Rejected {
                    state: result.state.to_string(),
                },
                PayOutcome::Rejected {
                    sys_ref: sys_ref.clone(),
                    state: result.state,
                },
            ),
            other => {
                let reason = match other {
                    Ok(result) if result.state == PaymentState::Success => format!(
                        "Success with payment id {}, which the spec rules out",
                        result.payment_id
                    ),
                    Ok(result) => format!("unknown State `{}`", result.state),
                    Err(e) => e.to_string(),
                };
                tracing::warn!(%sys_ref, %reason, "payment not completed: rolling it back");
                let state = EntryState::RollbackPending {
                    attempts: 0,
                    next_attempt_at: at,
                };
                let outcome = PayOutcome::NotCompleted {
                    sys_ref: sys_ref.clone(),
                    reason,
                };
                (state, outcome)
            }
        };
        let recorded = self
            .journal
            .transition(&sys_ref, SENDING, &state, at)
            .map_err(|source| GuardError::OutcomeNotRecorded {
                sys_ref: sys_ref.clone(),
                source,
            })?;
        if !recorded {
            // Someone else settled the entry while the request was out — possible only with a
            // journal shared against its contract (SqliteJournal's lock forbids it): whatever
            // ALSECO answered, that entry's fate is now a rollback's, not this answer's.
            let now_in = self.journal.get(&sys_ref)?.map(|e| e.state.name());
            tracing::error!(%sys_ref, state = ?now_in, "journal entry taken over while the payment was in flight");
            self.wake.notify_one();
            return Ok(PayOutcome::NotCompleted {
                reason: format!(
                    "the journal entry was taken over while the request was out (now {})",
                    now_in.unwrap_or("gone")
                ),
                sys_ref,
            });
        }
        if matches!(state, EntryState::RollbackPending { .. }) {
            self.wake.notify_one();
        }
        Ok(outcome)
    }

    /// One pass over the open payments whose next rollback attempt is due.
    pub async fn settle_pending(&self) -> Result<Settled, JournalError> {
        let mut settled = Settled::default();
        let now = Timestamp::now();
        for entry in self.journal.pending()? {
            // `entry` is a snapshot: by the time it is acted on, its `pay` call may have
            // recorded an answer. Every write below is a transition from the state seen, so
            // an entry settled meanwhile is left alone.
            let attempts = match entry.state {
                EntryState::RollbackPending {
                    attempts,
                    next_attempt_at,
                } if next_attempt_at <= now => attempts,
                EntryState::Sending if self.is_orphan(&entry.sys_ref) => {
                    // Claimed before ALSECO is called: if `pay` recorded its answer after
                    // the snapshot, the claim fails and the payment stands as answered.
                    let claim = EntryState::RollbackPending {
                        attempts: 0,
                        next_attempt_at: now,
                    };
                    if !self.journal.transition(
                        &entry.sys_ref,
                        SENDING,
                        &claim,
                        Timestamp::now(),
                    )? {
                        continue;
                    }
                    tracing::warn!(sys_ref = %entry.sys_ref, "payment left mid-request by a call no longer running: rolling it back");
                    0
                }
                _ => {
                    settled.still_pending += 1;
                    continue;
                }
            };
            let state = self.attempt_rollback(&entry, attempts + 1).await;
            // Another pass may have settled it meanwhile (two passes at once, say): then its
            // result stands and is its to count; rollbacks being idempotent, this one's call
            // did no harm.
            if !self.journal.transition(
                &entry.sys_ref,
                ROLLBACK_PENDING,
                &state,
                Timestamp::now(),
            )? {
                continue;
            }
            match &state {
                EntryState::RolledBack { .. } => settled.rolled_back += 1,
                EntryState::CompletedAfterTimeout => {
                    tracing::warn!(sys_ref = %entry.sys_ref, account = entry.account_id, invoice = %entry.invoice_id,
                        amount = %entry.amount, "ALSECO kept a payment the customer was told failed: reconcile it");
                    settled.completed_after_timeout += 1;
                }
                _ => settled.still_pending += 1,
            }
        }
        Ok(settled)
    }

    /// A `Sending` entry no `pay` call of this guard is running for.
    fn is_orphan(&self, sys_ref: &str) -> bool {
        !lock(&self.in_flight).contains(sys_ref)
    }

    async fn attempt_rollback(&self, entry: &JournalEntry, attempts: u32) -> EntryState {
        let retry = EntryState::RollbackPending {
            attempts,
            next_attempt_at: self.next_attempt(attempts),
        };
        let rolled_back = |result: &str| EntryState::RolledBack {
            result: result.to_owned(),
        };
        match self.gateway.rollback(&entry.sys_ref).await {
            Ok(RollbackPaymentResult::Success) => rolled_back("Success"),
            Ok(RollbackPaymentResult::PaymentWasRolledBack) => rolled_back("PaymentWasRolledBack"),
            Ok(RollbackPaymentResult::PaymentProcessed) => EntryState::CompletedAfterTimeout,
            Ok(RollbackPaymentResult::PaymentNotFound) => {
                let settle = self.config.settle_after.max(self.gateway.answer_deadline());
                let settle = SignedDuration::try_from(settle).unwrap_or(SignedDuration::MAX);
                let in_flight = entry
                    .created_at
                    .saturating_add(settle)
                    .is_ok_and(|t| Timestamp::now() < t);
                if in_flight {
                    return retry;
                }
                match self.gateway.status(&entry.sys_ref).await {
                    Ok(info) if info.payment_status == PaymentStatus::NotFound => {
                        rolled_back("PaymentNotFound")
                    }
                    // The rollback did not find it, but ALSECO has it complete: it stands.
                    Ok(info) if info.payment_status == PaymentStatus::Complete => {
                        EntryState::CompletedAfterTimeout
                    }
                    _ => retry,
                }
            }
            Ok(RollbackPaymentResult::PaymentInProcessing) => retry,
            Ok(other) => {
                tracing::warn!(sys_ref = %entry.sys_ref, result = %other, "unknown rollback result: retrying later");
                retry
            }
            Err(e) => {
                tracing::debug!(sys_ref = %entry.sys_ref, error = %e, "rollback attempt failed: retrying later");
                retry
            }
        }
    }

    /// Exponential backoff with jitter: half to all of `initial × 2^(attempts−1)`, capped.
    fn next_attempt(&self, attempts: u32) -> Timestamp {
        let base = self
            .config
            .initial_backoff
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(20))
            .min(self.config.max_backoff);
        let mut x = lock(&self.jitter);
        // xorshift64: jitter need not be cryptographic, only spread out.
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        let fraction = 0.5 + (*x % 1000) as f64 / 2000.0;
        let wait = base.mul_f64(fraction);
        Timestamp::now()
            .saturating_add(SignedDuration::try_from(wait).unwrap_or(SignedDuration::MAX))
            .unwrap_or(Timestamp::MAX)
    }

    /// Runs rollbacks until `stop` completes: a pass whenever one is due or a payment was
    /// just marked for rollback.
    pub async fn run_worker(&self, stop: impl Future<Output = ()>) {
        let mut stop = std::pin::pin!(stop);
        loop {
            let wait = match self.settle_pending().await {
                Ok(_) => self
                    .time_to_next_attempt()
                    .unwrap_or(self.config.max_backoff),
                Err(e) => {
                    tracing::error!(error = %e, "rollback worker: journal error");
                    // Not at once: a journal that cannot be written would otherwise make
                    // the worker call ALSECO in a tight loop.
                    self.config.initial_backoff.max(Duration::from_secs(1))
                }
            };
            tokio::select! {
                _ = &mut stop => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    fn time_to_next_attempt(&self) -> Option<Duration> {
        let now = Timestamp::now();
        self.journal
            .pending()
            .ok()?
            .iter()
            .filter_map(|e| match e.state {
                EntryState::RollbackPending {
                    next_attempt_at, ..
                } => Some(next_attempt_at),
                EntryState::Sending if self.is_orphan(&e.sys_ref) => Some(now),
                _ => None,
            })
            .min()
            .map(|t| Duration::try_from(t.duration_since(now)).unwrap_or(Duration::ZERO))
    }

    /// Rolls a payment back by its SysRef at the bank's request (RollbackPaymentsBySysRef,
    /// sent once, as the client never retries it) and records a confirmed rollback
    /// (`Success`, `PaymentWasRolledBack`) in the journal: a payment the journal holds as
    /// taken or still being rolled back becomes [`EntryState::RolledBack`], so that
    /// reconciliation does not miss it. A SysRef the journal does not know is rolled back
    /// all the same; one whose `pay` call is still running is refused.
    pub async fn rollback(&self, sys_ref: &str) -> Result<RollbackPaymentResult, GuardError> {
        let entry = self.journal.get(sys_ref)?;
        if let Some(entry) = &entry
            && entry.state == EntryState::Sending
        {
            return Err(GuardError::PaymentPending {
                sys_ref: sys_ref.to_owned(),
                state: entry.state.name(),
                since: entry.created_at,
            });
        }
        let result = self
            .gateway
            .rollback(sys_ref)
            .await
            .map_err(GuardError::Service)?;
        let confirmed = matches!(
            result,
            RollbackPaymentResult::Success | RollbackPaymentResult::PaymentWasRolledBack
        );
        if let Some(entry) = entry
            && confirmed
            && (entry.state.is_taken() || entry.state.is_pending())
        {
            let rolled_back = EntryState::RolledBack {
                result: result.to_string(),
            };
            // From the state read: if the worker settled it meanwhile, its record stands.
            self.journal
                .transition(sys_ref, entry.state.name(), &rolled_back, Timestamp::now())?;
        }
        Ok(result)
    }

    /// Records that a payment ALSECO kept after its timeout
    /// ([`EntryState::CompletedAfterTimeout`]) has been reconciled with the customer: it
    /// becomes [`EntryState::Reconciled`] and no longer blocks new attempts for its invoice.
    /// `Ok(false)` if the payment is not in that state (nothing is written); a SysRef not in
    /// the journal is an error.
    pub fn acknowledge(&self, sys_ref: &str) -> Result<bool, JournalError> {
        self.journal.transition(
            sys_ref,
            EntryState::CompletedAfterTimeout.name(),
            &EntryState::Reconciled,
            Timestamp::now(),
        )
    }

    /// Payments ALSECO kept although the customer was told they failed, not yet
    /// [acknowledged](PaymentGuard::acknowledge).
    pub fn needs_reconciliation(&self) -> Result<Vec<JournalEntry>, JournalError> {
        Ok(self
            .journal
            .entries()?
            .into_iter()
            .filter(|e| e.state == EntryState::CompletedAfterTimeout)
            .collect())
    }
}

/// Reconciliation with what ALSECO reports, for a guard over the real client.
impl<J: Journal> PaymentGuard<Client, J> {
    /// Compares the journal's payments made from `from` to `to` (Astana dates, both
    /// included) with ALSECO's getPaysInfo for the same days: payments missing at ALSECO,
    /// extra ones (unknown to the journal, or refused, rolled back or still open in it) and
    /// amount mismatches.
    ///
    /// A payment the bank made just before midnight that ALSECO dated the next day shows up
    /// as missing on one day and extra on the next: reconcile whole ranges to see it match.
    pub async fn reconcile_days(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Reconciliation, ReconcileError> {
        if from > to {
            return Err(ReconcileError::EmptyRange { from, to });
        }
        let at = |d: Date, (h, m, s): (u8, u8, u8)| {
            let wire = u16::try_from(d.year())
                .ok()
                .and_then(|y| DateTime::new(y, d.month() as u8, d.day() as u8, h, m, s));
            wire.ok_or(ReconcileError::DateOutOfRange(d))
        };
        // The last day up to its end: right whether ALSECO compares DateEnd as a date or as
        // an instant (the spec does not say).
        let service = self
            .gateway
            .get_pays_info(at(from, (0, 0, 0))?, at(to, (23, 59, 59))?)
            .await?;
        let service: Vec<ServicePayment> = service.iter().map(ServicePayment::from).collect();
        let journal = entries_made_between(&self.journal.entries()?, from, to);
        Ok(reconcile(&journal, &service))
    }

    /// Compares the journal's payments made in `period` with ALSECO's GetBankPayByMonth.
    pub async fn reconcile_month(&self, period: Period) -> Result<Reconciliation, ReconcileError> {
        let service = self.gateway.get_bank_pay_by_month(period).await?;
        let service: Vec<ServicePayment> = service.iter().map(ServicePayment::from).collect();
        let journal = entries_made_between(
            &self.journal.entries()?,
            period.first_day(),
            period.last_day(),
        );
        Ok(reconcile(&journal, &service))
    }
}
