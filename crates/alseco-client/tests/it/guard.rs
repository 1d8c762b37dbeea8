//! The payment guard: every rollback result, the refusal of a repeated attempt, restarts,
//! SysRef generation and reconciliation — with a scripted gateway and both journals.

use alseco_client::client::Error;
use alseco_client::guard::{
    EntryState, GuardConfig, GuardError, Journal, JournalEntry, JournalError, MemoryJournal,
    PayOutcome, PaymentGateway, PaymentGuard, ServicePayment, SqliteJournal, day_totals, reconcile,
};
use alseco_client::transport::{TimeoutPhase, TransportError};
use alseco_types::types::{
    PaymentDocument, PaymentInfoBySysRef, PaymentParameter, PaymentState, PaymentStatus,
    ResultPaymentInvoice, RollbackPaymentResult,
};
use rust_decimal::Decimal;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

type PayAnswer = Result<ResultPaymentInvoice, Error>;

/// A gateway that answers from scripts and records what it was asked.
#[derive(Default)]
struct Scripted {
    pays: Mutex<VecDeque<PayAnswer>>,
    rollbacks: Mutex<VecDeque<Result<RollbackPaymentResult, Error>>>,
    statuses: Mutex<VecDeque<PaymentStatus>>,
    calls: Mutex<Vec<String>>,
    answer_deadline: Duration,
}

fn timeout() -> Error {
    Error::Transport(TransportError::Timeout {
        phase: TimeoutPhase::Response,
        after: Duration::from_secs(1),
    })
}

fn accepted(payment_id: i32) -> PayAnswer {
    Ok(ResultPaymentInvoice {
        state: PaymentState::Success,
        invoice_id: Some("25040001".into()),
        payment_id,
        pay_res_date: Some("2025-04-02T10:59:00".parse().unwrap()),
    })
}

impl Scripted {
    fn pays(self, answers: impl IntoIterator<Item = PayAnswer>) -> Self {
        self.pays.lock().unwrap().extend(answers);
        self
    }
    fn rollbacks(
        self,
        answers: impl IntoIterator<Item = Result<RollbackPaymentResult, Error>>,
    ) -> Self {
        self.rollbacks.lock().unwrap().extend(answers);
        self
    }
    fn statuses(self, answers: impl IntoIterator<Item = PaymentStatus>) -> Self {
        self.statuses.lock().unwrap().extend(answers);
        self
    }
    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

impl PaymentGateway for Scripted {
    async fn pay(&self, document: &PaymentDocument) -> PayAnswer {
        self.calls
            .lock()
            .unwrap()
            .push(format!("pay {}", document.sys_ref.as_deref().unwrap_or("")));
        self.pays
            .lock()
            .unwrap()
            .pop_front()
            .expect("unexpected pay")
    }
    async fn rollback(&self, sys_ref: &str) -> Result<RollbackPaymentResult, Error> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("rollback {sys_ref}"));
        self.rollbacks
            .lock()
            .unwrap()
            .pop_front()
            .expect("unexpected rollback")
    }
    fn answer_deadline(&self) -> Duration {
        self.answer_deadline
    }
    async fn status(&self, sys_ref: &str) -> Result<PaymentInfoBySysRef, Error> {
        self.calls.lock().unwrap().push(format!("status {sys_ref}"));
        let status = self
            .statuses
            .lock()
            .unwrap()
            .pop_front()
            .expect("unexpected status");
        Ok(PaymentInfoBySysRef {
            payment_status: status,
            sys_ref: Some(sys_ref.into()),
            ..Default::default()
        })
    }
}

fn document(sys_ref: Option<&str>) -> PaymentDocument {
    PaymentDocument {
        account_id: 600970,
        invoice_id: Some("25040001".into()),
        payment_date: "2025-04-02T10:58:00+05:00".parse().unwrap(),
        sys_ref: sys_ref.map(str::to_owned),
        payment_parameters: vec![
            PaymentParameter {
                service_id: 37,
                pay_sum: Decimal::new(97735, 2),
                ..Default::default()
            },
            PaymentParameter {
                service_id: 13,
                pay_sum: Decimal::new(116160, 2),
                ..Default::default()
            },
        ],
    }
}

/// Rollbacks due at once, `PaymentNotFound` believed at once.
fn eager() -> GuardConfig {
    GuardConfig {
        settle_after: Duration::ZERO,
        initial_backoff: Duration::ZERO,
        ..GuardConfig::new("ALSC")
    }
}

fn guard(gateway: Scripted) -> PaymentGuard<Scripted, MemoryJournal> {
    PaymentGuard::new(gateway, MemoryJournal::new(), eager()).unwrap()
}

fn state_of<G: PaymentGateway, J: Journal>(
    guard: &PaymentGuard<G, J>,
    sys_ref: &str,
) -> EntryState {
    guard.journal().get(sys_ref).unwrap().unwrap().state
}

#[tokio::test]
async fn an_accepted_payment_is_journaled_with_its_id_and_total() {
    let g = guard(Scripted::default().pays([accepted(26)]));
    let outcome = g.pay(document(Some("REF-1"))).await.unwrap();
    assert!(
        matches!(&outcome, PayOutcome::Accepted { sys_ref, payment_id: 26, accepted_at: Some(at) }
        if sys_ref == "REF-1" && at.to_string() == "2025-04-02T10:59:00")
    );
    let entry = g.journal().get("REF-1").unwrap().unwrap();
    assert_eq!(entry.amount.to_string(), "2138.95");
    assert_eq!(
        entry.state,
        EntryState::Accepted {
            payment_id: 26,
            accepted_at: Some("2025-04-02T10:59:00".into())
        }
    );
    assert_eq!(g.gateway().calls(), ["pay REF-1"]);
}

#[tokio::test]
async fn a_refused_payment_is_final_and_needs_no_rollback() {
    let refused = |state| {
        Ok(ResultPaymentInvoice {
            state,
            payment_id: -1,
            ..Default::default()
        })
    };
    let g = guard(Scripted::default().pays([
        refused(PaymentState::SysRefExists),
        refused(PaymentState::InvoiceNotFound),
    ]));
    let first = g.pay(document(Some("REF-1"))).await.unwrap();
    assert!(matches!(
        first,
        PayOutcome::Rejected {
            state: PaymentState::SysRefExists,
            ..
        }
    ));
    assert_eq!(
        state_of(&g, "REF-1"),
        EntryState::Rejected {
            state: "SysRefExists".into()
        }
    );
    // Nothing is pending: the next attempt goes out.
    let second = g.pay(document(Some("REF-2"))).await.unwrap();
    assert!(matches!(
        second,
        PayOutcome::Rejected {
            state: PaymentState::InvoiceNotFound,
            ..
        }
    ));
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 0);
    assert_eq!(g.gateway().calls(), ["pay REF-1", "pay REF-2"]);
}

#[tokio::test]
async fn no_timely_answer_schedules_a_rollback_and_refuses_a_new_attempt_until_it_is_confirmed() {
    let g = guard(
        Scripted::default()
            .pays([Err(timeout()), accepted(27)])
            .rollbacks([
                Err(timeout()),
                Ok(RollbackPaymentResult::PaymentInProcessing),
                Ok(RollbackPaymentResult::Success),
            ]),
    );
    let outcome = g.pay(document(Some("REF-1"))).await.unwrap();
    assert!(
        matches!(&outcome, PayOutcome::NotCompleted { sys_ref, reason } if sys_ref == "REF-1" && reason.contains("no response"))
    );
    assert!(matches!(
        state_of(&g, "REF-1"),
        EntryState::RollbackPending { attempts: 0, .. }
    ));

    // The customer tries again: refused, saying why and since when.
    let err = g.pay(document(Some("REF-2"))).await.unwrap_err();
    let since = g.journal().get("REF-1").unwrap().unwrap().created_at;
    assert!(
        matches!(&err, GuardError::PaymentPending { sys_ref, state: "rollback_pending", since: s } if sys_ref == "REF-1" && *s == since)
    );
    assert!(
        err.to_string().contains("SysRef REF-1") && err.to_string().contains(&since.to_string()),
        "{err}"
    );
    assert!(
        g.journal().get("REF-2").unwrap().is_none(),
        "a refused attempt leaves no trace"
    );

    // Transport failure, then in processing: still pending, attempts counted.
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert!(matches!(
        state_of(&g, "REF-1"),
        EntryState::RollbackPending { attempts: 2, .. }
    ));
    assert!(g.pay(document(Some("REF-3"))).await.is_err());
    // Success: rolled back, and a new attempt may proceed.
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(
        state_of(&g, "REF-1"),
        EntryState::RolledBack {
            result: "Success".into()
        }
    );
    assert!(matches!(
        g.pay(document(Some("REF-4"))).await.unwrap(),
        PayOutcome::Accepted { payment_id: 27, .. }
    ));
    assert_eq!(
        g.gateway().calls(),
        [
            "pay REF-1",
            "rollback REF-1",
            "rollback REF-1",
            "rollback REF-1",
            "pay REF-4"
        ]
    );
}

/// A memory journal whose `transition` fails while `broken` is set (a full disk, say).
#[derive(Default)]
struct BreakableJournal {
    inner: MemoryJournal,
    broken: std::sync::atomic::AtomicBool,
}

impl BreakableJournal {
    fn set_broken(&self, broken: bool) {
        self.broken
            .store(broken, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Journal for BreakableJournal {
    fn begin(&self, entry: &JournalEntry) -> Result<Option<JournalEntry>, JournalError> {
        self.inner.begin(entry)
    }
    fn transition(
        &self,
        sys_ref: &str,
        from: &str,
        to: &EntryState,
        at: jiff::Timestamp,
    ) -> Result<bool, JournalError> {
        if self.broken.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(JournalError::new("disk full"));
        }
        self.inner.transition(sys_ref, from, to, at)
    }
    fn get(&self, sys_ref: &str) -> Result<Option<JournalEntry>, JournalError> {
        self.inner.get(sys_ref)
    }
    fn pending(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.inner.pending()
    }
    fn entries(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.inner.entries()
    }
    fn next_sequence(&self) -> Result<u64, JournalError> {
        self.inner.next_sequence()
    }
}

#[tokio::test]
async fn an_outcome_that_cannot_be_journaled_leaves_the_payment_open_and_the_worker_rolls_it_back()
{
    let gateway = Scripted::default()
        .pays([accepted(26), accepted(28)])
        .rollbacks([Ok(RollbackPaymentResult::Success)]);
    let g = PaymentGuard::new(gateway, BreakableJournal::default(), eager()).unwrap();
    g.journal().set_broken(true);
    // ALSECO accepted it, but the guard cannot record that: the caller must not tell the
    // customer it is paid, and learns the payment went out.
    let err = g.pay(document(Some("REF-1"))).await.unwrap_err();
    assert!(
        matches!(&err, GuardError::OutcomeNotRecorded { sys_ref, .. } if sys_ref == "REF-1"),
        "{err}"
    );
    assert!(err.to_string().contains("was sent"), "{err}");
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(state_of(&g, "REF-1"), EntryState::Sending);
    // Still open: a new attempt for the invoice is refused.
    g.journal().set_broken(false);
    assert!(matches!(
        g.pay(document(Some("REF-2"))).await.unwrap_err(),
        GuardError::PaymentPending {
            state: "sending",
            ..
        }
    ));
    // The worker takes the orphan (no call is running for it) and rolls it back.
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(
        state_of(&g, "REF-1"),
        EntryState::RolledBack {
            result: "Success".into()
        }
    );
    assert!(matches!(
        g.pay(document(Some("REF-3"))).await.unwrap(),
        PayOutcome::Accepted { payment_id: 28, .. }
    ));
    assert_eq!(
        g.gateway().calls(),
        ["pay REF-1", "rollback REF-1", "pay REF-3"]
    );
}

/// A `Sending` entry whose call is still running is not an orphan: the worker leaves it.
#[tokio::test]
async fn the_worker_never_rolls_back_a_payment_whose_call_is_still_running() {
    struct Slow(tokio::sync::Notify, Scripted);
    impl PaymentGateway for Slow {
        async fn pay(&self, document: &PaymentDocument) -> PayAnswer {
            self.0.notified().await;
            self.1.pay(document).await
        }
        async fn rollback(&self, sys_ref: &str) -> Result<RollbackPaymentResult, Error> {
            self.1.rollback(sys_ref).await
        }
        async fn status(&self, sys_ref: &str) -> Result<PaymentInfoBySysRef, Error> {
            self.1.status(sys_ref).await
        }
    }
    let gateway = Slow(
        tokio::sync::Notify::new(),
        Scripted::default().pays([accepted(26)]),
    );
    let g = PaymentGuard::new(gateway, MemoryJournal::new(), eager()).unwrap();
    let pay = g.pay(document(Some("REF-1")));
    tokio::pin!(pay);
    // Start the call: it records the intent and waits for the answer.
    assert!(futures_poll_once(pay.as_mut()).await.is_none());
    assert_eq!(state_of(&g, "REF-1"), EntryState::Sending);
    let pass = g.settle_pending().await.unwrap();
    assert_eq!((pass.rolled_back, pass.still_pending), (0, 1));
    g.gateway().0.notify_one();
    assert!(matches!(
        pay.await.unwrap(),
        PayOutcome::Accepted { payment_id: 26, .. }
    ));
    assert_eq!(g.gateway().1.calls(), ["pay REF-1"]);
}

/// Polls `f` once: its output if it is ready.
async fn futures_poll_once<F: std::future::Future + Unpin>(mut f: F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut f).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}

#[tokio::test]
async fn payment_was_rolled_back_ends_the_rollback() {
    let g = guard(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentWasRolledBack)]),
    );
    g.pay(document(Some("REF-1"))).await.unwrap();
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(
        state_of(&g, "REF-1"),
        EntryState::RolledBack {
            result: "PaymentWasRolledBack".into()
        }
    );
}

#[tokio::test]
async fn payment_processed_means_the_payment_stands_and_is_surfaced_for_reconciliation() {
    let path = temp_journal("processed");
    let g = PaymentGuard::new(
        Scripted::default()
            .pays([Err(timeout()), accepted(8)])
            .rollbacks([Ok(RollbackPaymentResult::PaymentProcessed)]),
        SqliteJournal::open(&path).unwrap(),
        eager(),
    )
    .unwrap();
    g.pay(document(Some("REF-1"))).await.unwrap();
    let settled = g.settle_pending().await.unwrap();
    assert_eq!(
        (settled.completed_after_timeout, settled.rolled_back),
        (1, 0)
    );
    assert_eq!(state_of(&g, "REF-1"), EntryState::CompletedAfterTimeout);
    let to_reconcile = g.needs_reconciliation().unwrap();
    assert_eq!(
        to_reconcile
            .iter()
            .map(|e| e.sys_ref.as_str())
            .collect::<Vec<_>>(),
        ["REF-1"]
    );

    // The customer, told it failed, tries again: refused, since ALSECO kept the first.
    let refused = g.pay(document(Some("REF-2"))).await.unwrap_err();
    assert!(
        matches!(&refused, GuardError::PaymentPending { sys_ref, state: "completed_after_timeout", .. } if sys_ref == "REF-1"),
        "{refused:?}"
    );
    assert!(
        refused
            .to_string()
            .starts_with("ALSECO kept an earlier payment of this invoice that got no timely answer (SysRef REF-1, completed after the timeout, found "),
        "{refused}"
    );
    // Reconciled with the customer and acknowledged: it still counts as taken, blocks no
    // more, and is acknowledged once.
    assert!(g.acknowledge("REF-1").unwrap());
    assert!(!g.acknowledge("REF-1").unwrap());
    assert_eq!(state_of(&g, "REF-1"), EntryState::Reconciled);
    assert!(EntryState::Reconciled.is_taken());
    assert!(g.needs_reconciliation().unwrap().is_empty());
    assert!(matches!(
        g.pay(document(Some("REF-3"))).await.unwrap(),
        PayOutcome::Accepted { payment_id: 8, .. }
    ));
    assert_eq!(
        g.gateway().calls(),
        ["pay REF-1", "rollback REF-1", "pay REF-3"]
    );
}

#[tokio::test]
async fn payment_not_found_is_believed_only_after_the_request_can_no_longer_arrive_and_the_status_agrees()
 {
    // Within the settle window: not believed, no status asked.
    let patient = GuardConfig {
        settle_after: Duration::from_secs(3600),
        ..eager()
    };
    let g = PaymentGuard::new(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentNotFound)]),
        MemoryJournal::new(),
        patient,
    )
    .unwrap();
    g.pay(document(Some("REF-1"))).await.unwrap();
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert_eq!(g.gateway().calls(), ["pay REF-1", "rollback REF-1"]);

    // Nor within the gateway's own answer deadline, whatever `settle_after` says.
    let g = guard(Scripted {
        answer_deadline: Duration::from_secs(3600),
        ..Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentNotFound)])
    });
    g.pay(document(Some("REF-1"))).await.unwrap();
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert_eq!(g.gateway().calls(), ["pay REF-1", "rollback REF-1"]);

    // After the window: the status decides.
    let g = guard(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([
                Ok(RollbackPaymentResult::PaymentNotFound),
                Ok(RollbackPaymentResult::PaymentNotFound),
            ])
            .statuses([PaymentStatus::InProcess, PaymentStatus::NotFound]),
    );
    g.pay(document(Some("REF-1"))).await.unwrap();
    assert_eq!(
        g.settle_pending().await.unwrap().still_pending,
        1,
        "status InProcess contradicts NotFound"
    );
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(
        state_of(&g, "REF-1"),
        EntryState::RolledBack {
            result: "PaymentNotFound".into()
        }
    );
    assert_eq!(
        g.gateway().calls(),
        [
            "pay REF-1",
            "rollback REF-1",
            "status REF-1",
            "rollback REF-1",
            "status REF-1"
        ]
    );
}

#[tokio::test]
async fn unknown_rollback_results_and_faults_are_retried_not_settled() {
    let g = guard(
        Scripted::default()
            .pays([Err(Error::Fault(alseco_types::soap::Fault::server("boom")))])
            .rollbacks([
                Ok(RollbackPaymentResult::Unknown("Frozen".into())),
                Ok(RollbackPaymentResult::Success),
            ]),
    );
    assert!(matches!(
        g.pay(document(Some("REF-1"))).await.unwrap(),
        PayOutcome::NotCompleted { .. }
    ));
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
}

#[tokio::test]
async fn backoff_delays_the_next_attempt() {
    let config = GuardConfig {
        initial_backoff: Duration::from_secs(60),
        ..eager()
    };
    let g = PaymentGuard::new(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentInProcessing)]),
        MemoryJournal::new(),
        config,
    )
    .unwrap();
    g.pay(document(Some("REF-1"))).await.unwrap();
    g.settle_pending().await.unwrap();
    let EntryState::RollbackPending {
        attempts: 1,
        next_attempt_at,
    } = state_of(&g, "REF-1")
    else {
        panic!()
    };
    let wait = next_attempt_at.duration_since(jiff::Timestamp::now());
    assert!(
        wait >= jiff::SignedDuration::from_secs(29) && wait <= jiff::SignedDuration::from_secs(60),
        "{wait:?}"
    );
    // Not due: the next pass does not call the service.
    assert_eq!(g.settle_pending().await.unwrap().still_pending, 1);
    assert_eq!(g.gateway().calls().len(), 2);
}

fn temp_journal(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("alseco-guard-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("journal.sqlite")
}

#[tokio::test]
async fn a_payment_caught_mid_request_by_a_crash_is_rolled_back_after_restart() {
    let path = temp_journal("crash");
    {
        // The process dies after writing the intent, before the answer: simulate by
        // recording the intent through the journal directly.
        let journal = SqliteJournal::open(&path).unwrap();
        let now = jiff::Timestamp::now();
        // Its SysRef drawn from the journal's counter, as the guard draws it.
        assert_eq!(journal.next_sequence().unwrap(), 1);
        let entry = alseco_client::guard::JournalEntry {
            sys_ref: "ALSC000000000001".into(),
            account_id: 600970,
            invoice_id: "25040001".into(),
            amount: Decimal::new(100, 0),
            created_at: now,
            updated_at: now,
            state: EntryState::Sending,
        };
        assert_eq!(journal.begin(&entry).unwrap(), None);
    }
    let g = PaymentGuard::new(
        Scripted::default().rollbacks([Ok(RollbackPaymentResult::Success)]),
        SqliteJournal::open(&path).unwrap(),
        eager(),
    )
    .unwrap();
    assert!(matches!(
        state_of(&g, "ALSC000000000001"),
        EntryState::RollbackPending { attempts: 0, .. }
    ));
    assert!(matches!(
        g.pay(document(None)).await,
        Err(GuardError::PaymentPending { .. })
    ));
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(
        state_of(&g, "ALSC000000000001"),
        EntryState::RolledBack {
            result: "Success".into()
        }
    );
}

#[tokio::test]
async fn generated_sys_refs_are_unique_across_restarts_and_the_sqlite_journal_keeps_every_state() {
    let path = temp_journal("sysref");
    let first = {
        let g = PaymentGuard::new(
            Scripted::default().pays([accepted(1)]),
            SqliteJournal::open(&path).unwrap(),
            eager(),
        )
        .unwrap();
        let PayOutcome::Accepted { sys_ref, .. } = g.pay(document(None)).await.unwrap() else {
            panic!()
        };
        sys_ref
    };
    let g = PaymentGuard::new(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentProcessed)]),
        SqliteJournal::open(&path).unwrap(),
        eager(),
    )
    .unwrap();
    let PayOutcome::NotCompleted {
        sys_ref: second, ..
    } = g.pay(document(None)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(first, "ALSC000000000001");
    assert_eq!(second, "ALSC000000000002");
    g.settle_pending().await.unwrap();
    let entries = g.journal().entries().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0].state,
        EntryState::Accepted {
            payment_id: 1,
            accepted_at: Some("2025-04-02T10:59:00".into())
        }
    );
    assert_eq!(entries[1].state, EntryState::CompletedAfterTimeout);
    assert_eq!(entries[1].amount.to_string(), "2138.95");
    // A SysRef already used is refused by the journal itself.
    let dup = g.pay(document(Some("ALSC000000000001"))).await.unwrap_err();
    assert!(matches!(dup, GuardError::Journal(_)), "{dup}");
}

#[test]
fn reconciliation_reports_missing_extra_and_amount_mismatches() {
    let now = jiff::Timestamp::now();
    let entry =
        |sys_ref: &str, amount: i64, state: EntryState| alseco_client::guard::JournalEntry {
            sys_ref: sys_ref.into(),
            account_id: 1,
            invoice_id: "2504".into(),
            amount: Decimal::new(amount, 2),
            created_at: now,
            updated_at: now,
            state,
        };
    let journal = [
        entry(
            "A",
            1000,
            EntryState::Accepted {
                payment_id: 1,
                accepted_at: None,
            },
        ),
        entry(
            "B",
            2000,
            EntryState::Accepted {
                payment_id: 2,
                accepted_at: None,
            },
        ),
        entry("C", 3000, EntryState::CompletedAfterTimeout),
        entry(
            "D",
            4000,
            EntryState::RolledBack {
                result: "Success".into(),
            },
        ),
        entry(
            "F",
            6000,
            EntryState::RollbackPending {
                attempts: 1,
                next_attempt_at: now,
            },
        ),
    ];
    let paid = |sys_ref: &str, amount: i64| ServicePayment {
        sys_ref: sys_ref.into(),
        account_id: 1,
        invoice_id: "2504".into(),
        payment_id: 9,
        amount: Decimal::new(amount, 2),
    };
    let report = reconcile(
        &journal,
        &[
            paid("A", 1000),
            paid("C", 3100),
            paid("D", 4000),
            paid("E", 5000),
            paid("A", 1000),
        ],
    );
    // A listed twice is matched once and reported as a duplicate.
    assert_eq!(report.matched, 1);
    assert_eq!(
        report
            .duplicates
            .iter()
            .map(|p| p.sys_ref.as_str())
            .collect::<Vec<_>>(),
        ["A"]
    );
    assert_eq!(
        report
            .missing
            .iter()
            .map(|e| e.sys_ref.as_str())
            .collect::<Vec<_>>(),
        ["B"]
    );
    assert_eq!(
        report
            .extra
            .iter()
            .map(|p| p.sys_ref.as_str())
            .collect::<Vec<_>>(),
        ["D", "E"]
    );
    assert_eq!(report.amount_mismatches.len(), 1);
    assert_eq!(report.amount_mismatches[0].0.sys_ref, "C");
    assert!(!report.is_clean());

    let today = alseco_client::astana::civil(now).date();
    let totals = day_totals(&journal, today);
    assert_eq!(
        (totals.count, totals.total.to_string(), totals.unresolved),
        (3, "60.00".into(), 1),
        "A, B and C held; F still open"
    );
    let yesterday = day_totals(&journal, today.yesterday().unwrap());
    assert_eq!(
        (yesterday.count, yesterday.total, yesterday.unresolved),
        (0, Decimal::ZERO, 0)
    );
}

/// A gateway for the race between a `pay` call's answer and the worker's pass over a
/// snapshot: PayNewD of `NEW` answers only once the worker is busy rolling back `OLD`, and
/// that rollback returns only once `pay` has recorded the answer — so the worker reaches
/// `NEW` with a snapshot that still says `Sending` and a call no longer running.
#[derive(Default)]
struct Racing {
    release_pay: tokio::sync::Notify,
    pay_recorded: tokio::sync::Notify,
    calls: Mutex<Vec<String>>,
}

impl PaymentGateway for Racing {
    async fn pay(&self, document: &PaymentDocument) -> PayAnswer {
        let sys_ref = document.sys_ref.clone().unwrap_or_default();
        self.calls.lock().unwrap().push(format!("pay {sys_ref}"));
        if sys_ref == "OLD" {
            return Err(timeout());
        }
        self.release_pay.notified().await;
        accepted(7)
    }
    async fn rollback(&self, sys_ref: &str) -> Result<RollbackPaymentResult, Error> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("rollback {sys_ref}"));
        if sys_ref == "OLD" {
            self.release_pay.notify_one();
            self.pay_recorded.notified().await;
        }
        Ok(RollbackPaymentResult::Success)
    }
    async fn status(&self, _: &str) -> Result<PaymentInfoBySysRef, Error> {
        unreachable!("no PaymentNotFound is answered")
    }
}

#[tokio::test]
async fn the_worker_never_rolls_back_a_payment_answered_after_its_snapshot() {
    let g = PaymentGuard::new(Racing::default(), MemoryJournal::new(), eager()).unwrap();
    assert!(matches!(
        g.pay(document(Some("OLD"))).await.unwrap(),
        PayOutcome::NotCompleted { .. }
    ));
    let mut new = document(Some("NEW"));
    new.invoice_id = Some("25040002".into());
    let pay = async {
        let outcome = g.pay(new).await;
        g.gateway().pay_recorded.notify_one();
        outcome
    };
    // `pay` is polled first: its entry is `Sending` when the worker takes its snapshot.
    let (outcome, settled) = tokio::join!(pay, g.settle_pending());
    assert!(
        matches!(outcome.unwrap(), PayOutcome::Accepted { payment_id: 7, .. }),
        "the customer is told the payment went through"
    );
    assert_eq!(settled.unwrap().rolled_back, 1, "OLD only");
    assert_eq!(
        state_of(&g, "NEW"),
        EntryState::Accepted {
            payment_id: 7,
            accepted_at: Some("2025-04-02T10:59:00".into())
        }
    );
    assert_eq!(
        *g.gateway().calls.lock().unwrap(),
        ["pay OLD", "pay NEW", "rollback OLD"],
        "NEW is never rolled back"
    );
}

#[tokio::test]
async fn an_unknown_pay_state_is_not_a_refusal_but_a_doubt_to_roll_back() {
    let g = guard(
        Scripted::default()
            .pays([Ok(ResultPaymentInvoice {
                state: PaymentState::Unknown("PaymentQueued".into()),
                invoice_id: Some("25040001".into()),
                payment_id: -1,
                pay_res_date: None,
            })])
            .rollbacks([Ok(RollbackPaymentResult::Success)]),
    );
    let PayOutcome::NotCompleted { reason, .. } = g.pay(document(Some("REF-1"))).await.unwrap()
    else {
        panic!("an unknown State must not count as refused");
    };
    assert_eq!(reason, "unknown State `PaymentQueued`");
    assert!(matches!(
        g.pay(document(Some("REF-2"))).await,
        Err(GuardError::PaymentPending { .. })
    ));
    assert_eq!(g.settle_pending().await.unwrap().rolled_back, 1);
    assert_eq!(g.gateway().calls(), ["pay REF-1", "rollback REF-1"]);
}

#[tokio::test]
async fn payment_not_found_but_complete_by_its_status_stands_and_is_surfaced() {
    let g = guard(
        Scripted::default()
            .pays([Err(timeout())])
            .rollbacks([Ok(RollbackPaymentResult::PaymentNotFound)])
            .statuses([PaymentStatus::Complete]),
    );
    g.pay(document(Some("REF-1"))).await.unwrap();
    let settled = g.settle_pending().await.unwrap();
    assert_eq!(
        (settled.completed_after_timeout, settled.still_pending),
        (1, 0)
    );
    assert_eq!(state_of(&g, "REF-1"), EntryState::CompletedAfterTimeout);
    let surfaced: Vec<_> = g
        .needs_reconciliation()
        .unwrap()
        .into_iter()
        .map(|e| e.sys_ref)
        .collect();
    assert_eq!(surfaced, ["REF-1"]);
}

/// `transition` is a compare-and-set in both journals.
#[test]
fn journal_transitions_happen_only_from_the_state_expected() {
    let path = temp_journal("transition");
    let sqlite = SqliteJournal::open(&path).unwrap();
    let memory = MemoryJournal::new();
    let journals: [&dyn Journal; 2] = [&memory, &sqlite];
    for journal in journals {
        let now = jiff::Timestamp::now();
        let entry = JournalEntry {
            sys_ref: "REF-1".into(),
            account_id: 600970,
            invoice_id: "25040001".into(),
            amount: Decimal::ONE,
            created_at: now,
            updated_at: now,
            state: EntryState::Sending,
        };
        assert_eq!(journal.begin(&entry).unwrap(), None);
        // The same SysRef again, while its invoice is pending: an error in both journals.
        assert!(
            journal
                .begin(&entry)
                .unwrap_err()
                .to_string()
                .contains("SysRef REF-1 is already in the journal")
        );
        let accepted = EntryState::Accepted {
            payment_id: 7,
            accepted_at: None,
        };
        let rollback = EntryState::RollbackPending {
            attempts: 0,
            next_attempt_at: now,
        };
        assert!(
            journal
                .transition("REF-1", "sending", &accepted, now)
                .unwrap()
        );
        // The loser of a race writes nothing.
        assert!(
            !journal
                .transition("REF-1", "sending", &rollback, now)
                .unwrap()
        );
        assert_eq!(journal.get("REF-1").unwrap().unwrap().state, accepted);
        assert!(
            journal
                .transition("REF-9", "sending", &rollback, now)
                .unwrap_err()
                .to_string()
                .contains("no entry for SysRef REF-9")
        );
    }
}

/// One guard per journal file: a second open fails, in this process or another, until the
/// first journal is dropped — on a new file and on one already in WAL mode.
#[test]
fn a_sqlite_journal_is_held_by_one_guard_at_a_time() {
    let path = temp_journal("exclusive");
    for round in ["new file", "file in WAL mode"] {
        let first = SqliteJournal::open(&path).unwrap();
        let error = SqliteJournal::open(&path).unwrap_err().to_string();
        assert!(
            error.contains("is in use by another guard (one guard per journal)"),
            "{round}: {error}"
        );
        // The holder works on.
        assert!(first.next_sequence().unwrap() >= 1);
        drop(first);
    }
    let reopened = SqliteJournal::open(&path).unwrap();
    assert_eq!(reopened.next_sequence().unwrap(), 3);
}

#[test]
fn the_clients_answer_deadline_is_its_connect_and_request_timeouts() {
    let endpoint = alseco_client::transport::Endpoint::parse("http://127.0.0.1:1/x").unwrap();
    let mut config = alseco_client::ClientConfig::new(endpoint, "ALSC");
    config.transport.connect_timeout = Duration::from_secs(3);
    config.transport.request_timeout = Duration::from_secs(5);
    let client = alseco_client::Client::new(config).unwrap();
    assert_eq!(client.answer_deadline(), Duration::from_secs(8));
}
