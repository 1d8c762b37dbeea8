//! The chaos run of the payment guard (issue: guaranteed payment completion).
//!
//! Runs the guard against an in-process sandbox with faults injected on R of the calls of
//! PayNewD and of RollbackPaymentsBySysRef, each of the four kinds on R/4 (delay past the
//! client's timeout, drop after commit, HTTP 500, truncated body), with the rollback worker
//! running alongside every round's payments; makes a tenth of the rollback passes meet
//! ALSECO processing (`PaymentInProcessing`) and lets midnight pass now and then (so open
//! rollbacks meet `PaymentProcessed`); crashes the guard at random points (drops it with
//! payments in flight and reopens the journal); lets the rollbacks settle; then compares the
//! sandbox's ledger with the journal SysRef by SysRef, and with what every `pay` call told
//! its caller. Prints one JSON line and exits non-zero unless `duplicates`, `lost`,
//! `pending` and `mismatches` are all 0:
//!
//! - `lost`: the journal, or the answer the caller got, says ALSECO holds the money; the
//!   ledger does not;
//! - `duplicates`: the ledger holds money the journal says was refused or rolled back, or
//!   that the caller was told was refused or not completed (unless surfaced as completed
//!   after the timeout) — the customer may pay again;
//! - `pending`: payments still open when the run ends;
//! - `mismatches`: a different amount on each side, a ledger payment the journal does not
//!   know, or an answer "accepted" the journal does not record as such.
//!
//! Usage: `alseco-chaos --payments N --fault-rate R --seed S [--concurrency C] [--crash-rate X]`.

use alseco_client::client::{Client, ClientConfig, RetryPolicy};
use alseco_client::guard::{
    EntryState, GuardConfig, GuardError, Journal, PayOutcome, PaymentGuard, SqliteJournal,
};
use alseco_client::transport::Endpoint;
use alseco_sandbox::clock::Clock;
use alseco_sandbox::faults::{FaultKind, FaultPlan};
use alseco_sandbox::server::{ServerConfig, serve};
use alseco_sandbox::{Sandbox, SandboxConfig};
use alseco_types::types::{AccountInvoicesState, PaymentDocument, PaymentParameter};
use futures_util::StreamExt;
use jiff::civil::Time;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

struct Args {
    payments: usize,
    fault_rate: f64,
    seed: u64,
    concurrency: usize,
    crash_rate: f64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        payments: 2000,
        fault_rate: 0.3,
        seed: 1,
        concurrency: 16,
        crash_rate: 0.05,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |what: &str| format!("{flag}: `{value}` is not {what}");
        match flag.as_str() {
            "--payments" => args.payments = value.parse().map_err(|_| bad("a count"))?,
            "--fault-rate" => args.fault_rate = value.parse().map_err(|_| bad("a rate"))?,
            "--seed" => args.seed = value.parse().map_err(|_| bad("a seed"))?,
            "--concurrency" => args.concurrency = value.parse().map_err(|_| bad("a count"))?,
            "--crash-rate" => args.crash_rate = value.parse().map_err(|_| bad("a rate"))?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if !(0.0..=1.0).contains(&args.fault_rate) || !(0.0..=1.0).contains(&args.crash_rate) {
        return Err("rates are between 0 and 1".into());
    }
    args.concurrency = args.concurrency.max(1);
    Ok(args)
}

/// A small deterministic generator for the run's own choices (crash points).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

const TIMEOUT: Duration = Duration::from_millis(400);

/// The share of rounds whose rollback pass meets ALSECO processing payments.
const PROCESSING_ROUND_RATE: f64 = 0.1;

/// The share of rounds after which midnight passes in Astana before the rollback pass: the
/// rollbacks still open then answer `PaymentProcessed` (only the day of receipt allows one).
const MIDNIGHT_ROUND_RATE: f64 = 0.02;

/// The pause between the passes of the rollback worker that runs alongside every round.
const WORKER_PAUSE: Duration = Duration::from_millis(5);

/// What a `pay` call told its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Told {
    Accepted,
    Rejected,
    NotCompleted,
}

/// What the run saw from the caller's side (the journal is the record of outcomes).
#[derive(Default)]
struct Counts {
    not_completed: usize,
    refused_pending: usize,
    crashed_in_flight: usize,
    crashes: usize,
    in_processing_rounds: usize,
    midnights: usize,
    acknowledged: usize,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(clean) if clean => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<bool, Box<dyn std::error::Error>> {
    // Noon in Astana today: every payment and rollback falls on the day of receipt.
    let today = alseco_client::astana::today();
    let noon = today
        .at(12, 0, 0, 0)
        .to_zoned(alseco_client::astana::time_zone())?
        .timestamp();
    let sandbox = Sandbox::new(SandboxConfig {
        seed: args.seed,
        clock: Clock::fixed(noon),
        ..SandboxConfig::default()
    });

    // Each kind meets R/4 of the calls, R in all: the plan's rules draw in turn and the
    // first that fires wins, so rule k fires with probability (R/4) / (1 − k·R/4).
    let kinds = [
        FaultKind::Delay(TIMEOUT * 2),
        FaultKind::DropAfterCommit,
        FaultKind::Http500,
        FaultKind::TruncatedBody,
    ];
    let share = args.fault_rate / kinds.len() as f64;
    let mut plan = FaultPlan::new(args.seed);
    for operation in ["PayNewD", "RollbackPaymentsBySysRef"] {
        for (k, kind) in kinds.iter().enumerate() {
            let conditional = share / (1.0 - k as f64 * share);
            plan = plan.with_rule(Some(operation), *kind, conditional);
        }
    }
    let server = serve(
        sandbox.clone(),
        ServerConfig {
            faults: plan,
            ..ServerConfig::default()
        },
    )
    .await?;

    let mut config = ClientConfig::new(Endpoint::parse(&server.url())?, "ALSC");
    config.transport.request_timeout = TIMEOUT;
    // Loopback connects at once; the guard's settle window is at least both timeouts.
    config.transport.connect_timeout = TIMEOUT;
    config.retry = RetryPolicy {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
    };
    let client = Client::new(config)?;

    // The invoices to pay: every account of the dataset that has one.
    let accounts: Vec<i32> = (0..1000).map(|i| 600_000 + i).collect();
    let mut invoices = Vec::new();
    for result in client.get_invoices_by_accounts_last_vers(&accounts).await? {
        if result.state != AccountInvoicesState::Success {
            continue;
        }
        let Some(account) = result.account_invoices else {
            continue;
        };
        for invoice in account.invoices {
            let parameters: Vec<PaymentParameter> = invoice
                .invoice_parameters
                .iter()
                .map(|line| PaymentParameter {
                    service_id: line.service_id,
                    pay_sum: line.fix_sum.unwrap_or_default().max(Decimal::new(100, 2)),
                    ..Default::default()
                })
                .collect();
            invoices.push((
                account.account_id,
                invoice.invoce_id.clone().unwrap_or_default(),
                parameters,
            ));
        }
    }
    if invoices.is_empty() {
        return Err("the sandbox has no invoices to pay".into());
    }

    let dir =
        std::env::temp_dir().join(format!("alseco-chaos-{}-{}", std::process::id(), args.seed));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let journal_path: PathBuf = dir.join("journal.sqlite");
    let guard_config = GuardConfig {
        settle_after: TIMEOUT * 3,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(500),
        ..GuardConfig::new("ALSC")
    };
    let open = || -> Result<PaymentGuard<Client, SqliteJournal>, Box<dyn std::error::Error>> {
        Ok(PaymentGuard::new(
            client.clone(),
            SqliteJournal::open(&journal_path)?,
            guard_config.clone(),
        )?)
    };

    let started = Instant::now();
    let mut rng = Rng(args.seed ^ 0x5EED);
    let mut counts = Counts::default();
    let mut told: HashMap<String, Told> = HashMap::new();
    let mut guard = open()?;
    let mut next = 0;
    while next < args.payments {
        let round: Vec<usize> = (next..(next + args.concurrency).min(args.payments)).collect();
        next += round.len();
        // A crash drops the guard with this round in flight, at a random moment.
        let crash_after = rng
            .chance(args.crash_rate)
            .then(|| Duration::from_millis(rng.next() % TIMEOUT.as_millis() as u64));
        let payments = futures_util::stream::iter(round.iter().map(|&i| {
            let (account_id, invoice_id, parameters) = &invoices[i % invoices.len()];
            let document = PaymentDocument {
                account_id: *account_id,
                invoice_id: Some(invoice_id.clone()),
                payment_date: alseco_types::scalars::DateTime::new(2025, 1, 1, 12, 0, 0)
                    .unwrap_or_default(),
                sys_ref: None,
                payment_parameters: parameters.clone(),
            };
            guard.pay(document)
        }))
        .buffer_unordered(args.concurrency)
        .collect::<Vec<_>>();
        // The rollback worker runs alongside the payments, as in production: it must never
        // take a payment whose answer arrives after its pass began for an orphan.
        let worker = async {
            loop {
                if let Err(e) = guard.settle_pending().await {
                    return e;
                }
                tokio::time::sleep(WORKER_PAUSE).await;
            }
        };
        let round_work = async {
            tokio::select! {
                outcomes = payments => Ok(outcomes),
                e = worker => Err(e),
            }
        };
        let outcomes = match crash_after {
            None => Some(round_work.await?),
            Some(after) => match tokio::time::timeout(after, round_work).await {
                Ok(outcomes) => Some(outcomes?),
                Err(_) => None,
            },
        };
        match outcomes {
            Some(outcomes) => {
                for outcome in outcomes {
                    match outcome {
                        Ok(PayOutcome::Accepted { sys_ref, .. }) => {
                            told.insert(sys_ref, Told::Accepted);
                        }
                        Ok(PayOutcome::Rejected { sys_ref, .. }) => {
                            told.insert(sys_ref, Told::Rejected);
                        }
                        Ok(PayOutcome::NotCompleted { sys_ref, .. }) => {
                            counts.not_completed += 1;
                            told.insert(sys_ref, Told::NotCompleted);
                        }
                        Err(GuardError::PaymentPending { .. }) => counts.refused_pending += 1,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            None => {
                counts.crashes += 1;
                counts.crashed_in_flight += round.len();
            }
        }
        if crash_after.is_some() {
            // Restart: a new guard over the same journal file recovers what was in flight.
            drop(guard);
            guard = open()?;
        }
        // Now and then ALSECO is processing while the round's rollbacks are made: they
        // answer PaymentInProcessing, and the guard must keep them open and retry later.
        if rng.chance(MIDNIGHT_ROUND_RATE) {
            counts.midnights += 1;
            sandbox
                .clock()
                .advance(jiff::SignedDuration::from_hours(24));
        }
        let processing = rng.chance(PROCESSING_ROUND_RATE);
        if processing {
            counts.in_processing_rounds += 1;
            sandbox.set_processing_window(Some((Time::MIN, Time::MAX)));
        }
        guard.settle_pending().await?;
        if processing {
            sandbox.set_processing_window(None);
        }
        // The bank's side: payments ALSECO kept after their timeout block their invoices
        // until reconciled with the customer; the run reconciles them at once.
        for entry in guard.needs_reconciliation()? {
            if guard.acknowledge(&entry.sys_ref)? {
                counts.acknowledged += 1;
            }
        }
    }

    // Let every rollback settle (the rollback calls meet faults too).
    let deadline = Instant::now() + Duration::from_secs(120);
    while !guard.journal().pending()?.is_empty() && Instant::now() < deadline {
        guard.settle_pending().await?;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The ledger against the journal, SysRef by SysRef.
    let entries = guard.journal().entries()?;
    let ledger: HashMap<String, _> = sandbox
        .ledger()
        .into_iter()
        .filter(|p| p.bank == "ALSC")
        .map(|p| (p.sys_ref.clone(), p))
        .collect();
    let (mut lost, mut duplicates, mut pending, mut mismatches) = (0, 0, 0, 0);
    let (mut accepted, mut rejected, mut rolled_back, mut completed_after_timeout) = (0, 0, 0, 0);
    for entry in &entries {
        let held = ledger.get(&entry.sys_ref).filter(|p| !p.rolled_back);
        match &entry.state {
            EntryState::Accepted { .. }
            | EntryState::CompletedAfterTimeout
            | EntryState::Reconciled => {
                if matches!(entry.state, EntryState::Accepted { .. }) {
                    accepted += 1;
                } else {
                    completed_after_timeout += 1;
                }
                match held {
                    None => lost += 1,
                    Some(p) if p.sum != entry.amount => mismatches += 1,
                    Some(_) => {}
                }
            }
            EntryState::Rejected { .. } | EntryState::RolledBack { .. } => {
                if matches!(entry.state, EntryState::Rejected { .. }) {
                    rejected += 1;
                } else {
                    rolled_back += 1;
                }
                if held.is_some() {
                    duplicates += 1;
                }
            }
            EntryState::Sending | EntryState::RollbackPending { .. } => pending += 1,
        }
    }
    // What each caller was told, against the ledger: told accepted, ALSECO must hold it;
    // told refused, it must not; told "not completed", it may hold it only if the journal
    // surfaced it as completed after the timeout (checked above, entry by entry).
    let by_sys_ref: HashMap<&str, &EntryState> = entries
        .iter()
        .map(|e| (e.sys_ref.as_str(), &e.state))
        .collect();
    for (sys_ref, told) in &told {
        let held = ledger.get(sys_ref).is_some_and(|p| !p.rolled_back);
        let journal = by_sys_ref.get(sys_ref.as_str());
        match told {
            Told::Accepted if !held => lost += 1,
            Told::Accepted if !matches!(journal, Some(EntryState::Accepted { .. })) => {
                mismatches += 1
            }
            Told::Rejected if held => duplicates += 1,
            Told::NotCompleted
                if held
                    && !matches!(
                        journal,
                        Some(EntryState::CompletedAfterTimeout | EntryState::Reconciled)
                    ) =>
            {
                duplicates += 1
            }
            _ => {}
        }
    }
    let known: std::collections::HashSet<&str> =
        entries.iter().map(|e| e.sys_ref.as_str()).collect();
    mismatches += ledger
        .keys()
        .filter(|k| !known.contains(k.as_str()))
        .count();

    let faults = server.fault_counts();
    let report = serde_json::json!({
        "payments": entries.len(),
        "accepted": accepted,
        "rejected": rejected,
        "rolled_back": rolled_back,
        "completed_after_timeout": completed_after_timeout,
        "duplicates": duplicates,
        "lost": lost,
        "pending": pending,
        "mismatches": mismatches,
        "attempts": args.payments,
        "not_completed_answers": counts.not_completed,
        "refused_while_pending": counts.refused_pending,
        "crashes": counts.crashes,
        "payments_in_crashed_rounds": counts.crashed_in_flight,
        "rounds_in_processing": counts.in_processing_rounds,
        "midnights": counts.midnights,
        "acknowledged": counts.acknowledged,
        "invoices": invoices.len(),
        "answers_checked": told.len(),
        "faults_injected": faults.total(),
        "faults_by_kind": {
            "delay": faults.delay,
            "drop_after_commit": faults.drop_after_commit,
            "http500": faults.http500,
            "truncated_body": faults.truncated_body,
        },
        "requests": server.fault_requests(),
        "seconds": started.elapsed().as_secs_f64().round(),
    });
    println!("{report}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(duplicates == 0 && lost == 0 && pending == 0 && mismatches == 0)
}
