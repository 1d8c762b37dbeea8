//! The journal: what the guard knows about every payment it was asked to make, written
//! before the request goes out and after its outcome is known.

use jiff::Timestamp;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

/// Where a payment stands, as far as the bank knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryState {
    /// The intent is recorded and the request may be in flight. Found on start-up, it means
    /// the process stopped mid-request: the payment is then rolled back like a timeout.
    Sending,
    /// ALSECO accepted the payment.
    Accepted {
        /// ALSECO's payment id (> 0).
        payment_id: i32,
        /// When ALSECO accepted it (PayNewD's `PayResDate`), as sent.
        accepted_at: Option<String>,
    },
    /// ALSECO refused the payment with this `State` (`InvoiceNotFound`, `SysRefExists`, …).
    Rejected {
        /// The state as sent.
        state: String,
    },
    /// No timely answer: the payment is being rolled back by its SysRef; a new attempt for
    /// the same account and invoice is refused meanwhile.
    RollbackPending {
        /// How many rollback calls were made so far.
        attempts: u32,
        /// Not before this instant is the next one made.
        next_attempt_at: Timestamp,
    },
    /// The rollback is confirmed (`Success`, `PaymentWasRolledBack`, or a confirmed
    /// `PaymentNotFound`): no money was taken.
    RolledBack {
        /// The rollback result that settled it.
        result: String,
    },
    /// ALSECO answered `PaymentProcessed` to the rollback: the payment stands although the
    /// customer was told it failed. It must be reconciled with the customer; until it is
    /// acknowledged ([`PaymentGuard::acknowledge`](super::PaymentGuard::acknowledge)), a new
    /// attempt for the same account and invoice is refused — it would take the money twice.
    CompletedAfterTimeout,
    /// A payment completed after its timeout, reconciled with the customer and acknowledged
    /// by the bank: ALSECO holds it, and new attempts for the invoice are allowed again.
    Reconciled,
}

impl EntryState {
    /// The short name stored in the journal.
    pub const fn name(&self) -> &'static str {
        match self {
            EntryState::Sending => "sending",
            EntryState::Accepted { .. } => "accepted",
            EntryState::Rejected { .. } => "rejected",
            EntryState::RollbackPending { .. } => "rollback_pending",
            EntryState::RolledBack { .. } => "rolled_back",
            EntryState::CompletedAfterTimeout => "completed_after_timeout",
            EntryState::Reconciled => "reconciled",
        }
    }

    /// Whether the payment's fate is still open (a new attempt must wait).
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            EntryState::Sending | EntryState::RollbackPending { .. }
        )
    }

    /// Whether ALSECO holds the money of this payment.
    pub fn is_taken(&self) -> bool {
        matches!(
            self,
            EntryState::Accepted { .. }
                | EntryState::CompletedAfterTimeout
                | EntryState::Reconciled
        )
    }

    /// Whether a new attempt for the same account and invoice must be refused: the payment
    /// is open, or ALSECO kept it after telling nobody in time and the bank has not
    /// reconciled it yet.
    pub fn blocks_new_attempt(&self) -> bool {
        self.is_pending() || *self == EntryState::CompletedAfterTimeout
    }
}

/// One payment in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// The bank's unique reference of the payment.
    pub sys_ref: String,
    /// The account paid.
    pub account_id: i32,
    /// The invoice paid (without its check digit).
    pub invoice_id: String,
    /// The document's total.
    pub amount: Decimal,
    /// When the intent was recorded.
    pub created_at: Timestamp,
    /// When the state last changed.
    pub updated_at: Timestamp,
    /// The state.
    pub state: EntryState,
}

/// A journal could not be read or written. The guard then refuses to pay: a payment it
/// cannot record is a payment it cannot protect.
#[derive(Debug)]
pub struct JournalError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl JournalError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        JournalError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with this message, caused by `source`.
    pub fn caused_by(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        JournalError {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "journal: {}: {source}", self.message),
            None => write!(f, "journal: {}", self.message),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// Durable storage of the guard's entries.
///
/// Every write must be durable when the method returns: the guard sends a payment only
/// after [`Journal::begin`] has returned.
pub trait Journal: Send + Sync {
    /// Records a new payment in state [`EntryState::Sending`], unless a payment of the same
    /// account and invoice blocks it ([`EntryState::blocks_new_attempt`]): then nothing is
    /// written and that entry is returned. A SysRef already in the journal is an error.
    fn begin(&self, entry: &JournalEntry) -> Result<Option<JournalEntry>, JournalError>;

    /// Moves a payment from the state named `from` ([`EntryState::name`]) to `to`, as one
    /// atomic compare-and-set: if the entry is no longer in `from` — another task settled it
    /// first — nothing is written and `Ok(false)` is returned. A SysRef not in the journal is
    /// an error.
    ///
    /// Every change of state goes through here, so that two tasks racing over one payment
    /// (a `pay` call getting its answer, the worker taking it for an orphan) cannot both win.
    fn transition(
        &self,
        sys_ref: &str,
        from: &str,
        to: &EntryState,
        at: Timestamp,
    ) -> Result<bool, JournalError>;

    /// The entry of `sys_ref`.
    fn get(&self, sys_ref: &str) -> Result<Option<JournalEntry>, JournalError>;

    /// Entries whose fate is open ([`EntryState::is_pending`]), oldest first.
    fn pending(&self) -> Result<Vec<JournalEntry>, JournalError>;

    /// Every entry, oldest first.
    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError>;

    /// The next value of a durable counter (1, 2, …): never the same twice, even across restarts.
    fn next_sequence(&self) -> Result<u64, JournalError>;
}

/// A journal in memory, for tests: nothing survives the process.
#[derive(Debug, Default)]
pub struct MemoryJournal {
    inner: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    entries: BTreeMap<String, (u64, JournalEntry)>,
    order: u64,
    sequence: u64,
}

impl MemoryJournal {
    /// An empty journal.
    pub fn new() -> Self {
        MemoryJournal::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn sorted(state: &MemoryState, filter: impl Fn(&JournalEntry) -> bool) -> Vec<JournalEntry> {
        let mut out: Vec<_> = state
            .entries
            .values()
            .filter(|(_, e)| filter(e))
            .cloned()
            .collect();
        out.sort_by_key(|(order, _)| *order);
        out.into_iter().map(|(_, e)| e).collect()
    }
}

impl Journal for MemoryJournal {
    fn begin(&self, entry: &JournalEntry) -> Result<Option<JournalEntry>, JournalError> {
        let mut state = self.lock();
        if state.entries.contains_key(&entry.sys_ref) {
            return Err(JournalError::new(format!(
                "SysRef {} is already in the journal",
                entry.sys_ref
            )));
        }
        let blocking = state.entries.values().find(|(_, e)| {
            e.account_id == entry.account_id
                && e.invoice_id == entry.invoice_id
                && e.state.blocks_new_attempt()
        });
        if let Some((_, existing)) = blocking {
            return Ok(Some(existing.clone()));
        }
        state.order += 1;
        let order = state.order;
        let mut stored = entry.clone();
        stored.state = EntryState::Sending;
        state.entries.insert(entry.sys_ref.clone(), (order, stored));
        Ok(None)
    }

    fn transition(
        &self,
        sys_ref: &str,
        from: &str,
        to: &EntryState,
        at: Timestamp,
    ) -> Result<bool, JournalError> {
        let mut state = self.lock();
        let (_, entry) = state
            .entries
            .get_mut(sys_ref)
            .ok_or_else(|| JournalError::new(format!("no entry for SysRef {sys_ref}")))?;
        if entry.state.name() != from {
            return Ok(false);
        }
        entry.state = to.clone();
        entry.updated_at = at;
        Ok(true)
    }

    fn get(&self, sys_ref: &str) -> Result<Option<JournalEntry>, JournalError> {
        Ok(self.lock().entries.get(sys_ref).map(|(_, e)| e.clone()))
    }

    fn pending(&self) -> Result<Vec<JournalEntry>, JournalError> {
        Ok(Self::sorted(&self.lock(), |e| e.state.is_pending()))
    }

    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError> {
        Ok(Self::sorted(&self.lock(), |_| true))
    }

    fn next_sequence(&self) -> Result<u64, JournalError> {
        let mut state = self.lock();
        state.sequence += 1;
        Ok(state.sequence)
    }
}
