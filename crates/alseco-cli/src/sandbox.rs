//! `--sandbox`: the sandbox of `alseco-sandbox`, served in this process on 127.0.0.1:0, and
//! `alseco sandbox serve`.
//!
//! Each run of `alseco --sandbox …` starts a fresh sandbox, so that a payment made by one
//! command can be rolled back by the next, the requests that change the sandbox's state (the
//! payments, rollbacks, DayPaysSum and the formed-bills cursor) are appended to a state file
//! (`./alseco-sandbox.jsonl` by default) and replayed, at their original time, when the next
//! run starts. Delete the file to start over.
//!
//! The sandbox forms a period's invoices on days 4–10 of the month (after the switch on days
//! 1–3), so during those days most accounts would answer `InvoicesNotFormed`. So that every
//! account has an invoice whatever the day, the in-process sandbox's clock stands on day 3
//! (the previous period still open, all its invoices formed) from day 4 to day 11, at the
//! real time of day; on other days it is real time. `alseco sandbox serve` sets its clock the
//! same way when it starts.

use crate::error::{CliError, CliResult};
use alseco_sandbox::server::{ServerConfig, ServerHandle, serve};
use alseco_sandbox::{Sandbox, SandboxConfig};
use alseco_types::Operation;
use alseco_types::messages;
use alseco_types::operation::RequestContext;
use alseco_types::server::AlsecoPaymentsService;
use alseco_types::soap::Fault;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The state file when none is given.
pub(crate) const DEFAULT_STATE: &str = "alseco-sandbox.jsonl";

/// The bank code the sandbox knows.
pub(crate) const BANK_CODE: &str = "ALSC";

/// One recorded request.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// When the sandbox received it (RFC 3339).
    at: String,
    operation: String,
    request: serde_json::Value,
}

/// The sandbox, recording the requests that change its state.
#[derive(Clone)]
struct Recorder {
    sandbox: Sandbox,
    log: Arc<Mutex<Option<std::fs::File>>>,
}

impl Recorder {
    fn record<T: Serialize + Operation>(&self, request: &T) {
        let record = Record {
            at: self.sandbox.clock().now().to_string(),
            operation: T::DESCRIPTOR.name.to_owned(),
            request: serde_json::to_value(request).unwrap_or_default(),
        };
        let mut log = self
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(file) = log.as_mut()
            && let Ok(mut line) = serde_json::to_string(&record)
        {
            line.push('\n');
            // The sandbox's memory is best effort: a failed write loses it for later runs only.
            let _ = file.write_all(line.as_bytes()).and_then(|()| file.flush());
        }
    }
}

macro_rules! delegate {
    ($($method:ident($req:ident) -> $resp:ident, $record:literal;)*) => {
        impl AlsecoPaymentsService for Recorder {
            $(
                fn $method(
                    &self,
                    ctx: &RequestContext,
                    request: messages::$req,
                ) -> impl Future<Output = Result<messages::$resp, Fault>> + Send {
                    async move {
                        let kept = if $record { Some(request.clone()) } else { None };
                        let response = self.sandbox.$method(ctx, request).await;
                        if let (Ok(_), Some(kept)) = (&response, kept) {
                            self.record(&kept);
                        }
                        response
                    }
                }
            )*
        }

        /// Replays one recorded request.
        async fn replay_one(sandbox: &Sandbox, record: Record) -> Result<(), String> {
            let ctx = RequestContext::default();
            match record.operation.as_str() {
                $(
                    name if $record && name == <messages::$req as Operation>::DESCRIPTOR.name => {
                        let request: messages::$req =
                            serde_json::from_value(record.request).map_err(|e| e.to_string())?;
                        let _ = sandbox.$method(&ctx, request).await;
                        Ok(())
                    }
                )*
                other => Err(format!("unknown operation {other}")),
            }
        }
    };
}

delegate! {
    get_current_period(GetCurrentPeriod) -> GetCurrentPeriodResponse, false;
    get_account_state(GetAccountState) -> GetAccountStateResponse, false;
    get_accounts_with_formed_bill(GetAccountsWithFormedBill) -> GetAccountsWithFormedBillResponse, true;
    get_bill_info_labels(GetBillInfoLabels) -> GetBillInfoLabelsResponse, false;
    get_bill_info(GetBillInfo) -> GetBillInfoResponse, false;
    get_invoices_by_accounts_new(GetInvoicesByAccountsNew) -> GetInvoicesByAccountsNewResponse, false;
    get_invoices_by_invoices_new(GetInvoicesByInvoicesNew) -> GetInvoicesByInvoicesNewResponse, false;
    get_invoices_by_accounts_re_new(GetInvoicesByAccountsReNew) -> GetInvoicesByAccountsReNewResponse, false;
    get_invoices_by_accounts_and_period(GetInvoicesByAccountsAndPeriod) -> GetInvoicesByAccountsAndPeriodResponse, false;
    get_invoices_by_accounts_with_info(GetInvoicesByAccountsWithInfo) -> GetInvoicesByAccountsWithInfoResponse, false;
    get_invoices_by_accounts_last_vers(GetInvoicesByAccountsLastVers) -> GetInvoicesByAccountsLastVersResponse, false;
    get_invoices_by_accounts_last_vers_with_pays(GetInvoicesByAccountsLastVersWithPays) -> GetInvoicesByAccountsLastVersWithPaysResponse, false;
    pay(Pay) -> PayResponse, true;
    pay_new(PayNew) -> PayNewResponse, true;
    pay_new_d(PayNewD) -> PayNewDResponse, true;
    rollback_payments(RollbackPayments) -> RollbackPaymentsResponse, true;
    rollback_payments_by_sys_ref(RollbackPaymentsBySysRef) -> RollbackPaymentsBySysRefResponse, true;
    get_payments_info_by_sys_ref(GetPaymentsInfoBySysRef) -> GetPaymentsInfoBySysRefResponse, false;
    get_payments_info(GetPaymentsInfo) -> GetPaymentsInfoResponse, false;
    get_pays_info(GetPaysInfo) -> GetPaysInfoResponse, false;
    get_bank_pay_by_month(GetBankPayByMonth) -> GetBankPayByMonthResponse, false;
    get_bill_pays(GetBillPays) -> GetBillPaysResponse, false;
    get_serv_kno(GetServKNO) -> GetServKNOResponse, false;
    get_printed_invoice_pdf(GetPrintedInvoicePDF) -> GetPrintedInvoicePDFResponse, false;
    get_report108e(GetReport108e) -> GetReport108eResponse, false;
    get_payments_nkr(GetPaymentsNKR) -> GetPaymentsNKRResponse, false;
    day_pays_sum(DayPaysSum) -> DayPaysSumResponse, true;
}

/// Replays the state file into `sandbox`, each request at its recorded time; then the clock
/// is back to real time.
async fn replay(sandbox: &Sandbox, path: &Path, transition_day: i8) -> CliResult<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(CliError::input(format!(
                "cannot read the sandbox state {}: {e}",
                path.display()
            )));
        }
    };
    let clock = sandbox.clock();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = |e: String| {
            CliError::input(format!(
                "sandbox state {} line {}: {e} (delete the file to start over)",
                path.display(),
                n + 1
            ))
        };
        let record: Record = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let at: Timestamp = record
            .at
            .parse()
            .map_err(|e: jiff::Error| bad(e.to_string()))?;
        clock.advance(at.duration_since(clock.now()));
        replay_one(sandbox, record).await.map_err(bad)?;
    }
    clock.advance(sandbox_now(transition_day).duration_since(clock.now()));
    Ok(())
}

/// The in-process sandbox's "now": real time, or on days `transition_day + 1 ..= + 8` (Astana)
/// the same time of day on day `transition_day`, when every invoice of the open period is formed.
fn sandbox_now(transition_day: i8) -> Timestamp {
    let now = Timestamp::now();
    let day = alseco_client::astana::civil(now).day();
    let behind = day - transition_day;
    if transition_day > 0 && (1..=8).contains(&behind) {
        now.saturating_sub(jiff::SignedDuration::from_hours(24 * i64::from(behind)))
            .unwrap_or(now)
    } else {
        now
    }
}

/// A sandbox served in this process.
pub(crate) struct InProcess {
    handle: ServerHandle,
}

impl InProcess {
    /// Starts the default sandbox on 127.0.0.1:0 with the state of `state` replayed.
    pub(crate) async fn start(state: Option<PathBuf>) -> CliResult<InProcess> {
        let path = state.unwrap_or_else(|| PathBuf::from(DEFAULT_STATE));
        let config = SandboxConfig::default();
        let transition_day = config.transition_day;
        let sandbox = Sandbox::new(config);
        replay(&sandbox, &path, transition_day).await?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| {
                CliError::input(format!(
                    "cannot open the sandbox state {}: {e}",
                    path.display()
                ))
            })?;
        let recorder = Recorder {
            sandbox,
            log: Arc::new(Mutex::new(Some(file))),
        };
        let handle = serve(recorder, ServerConfig::default())
            .await
            .map_err(|e| CliError::other(format!("cannot start the sandbox: {e}")))?;
        Ok(InProcess { handle })
    }

    /// The service URL.
    pub(crate) fn url(&self) -> String {
        self.handle.url()
    }

    pub(crate) async fn stop(self) {
        self.handle.shutdown().await;
    }
}

/// `alseco sandbox serve`.
pub(crate) async fn serve_forever(
    listen: std::net::SocketAddr,
    accounts: u32,
    seed: u64,
    faults: Option<&str>,
) -> CliResult<()> {
    let faults = match faults {
        Some(spec) => alseco_sandbox::faults::FaultPlan::parse(spec)
            .map_err(|e| CliError::usage(format!("--faults: {e}")))?,
        None => Default::default(),
    };
    if !(1..=1_000_000).contains(&accounts) {
        return Err(CliError::usage("--accounts must be between 1 and 1000000"));
    }
    let config = SandboxConfig {
        accounts,
        seed,
        ..SandboxConfig::default()
    };
    let first = config.first_account_id;
    let transition_day = config.transition_day;
    let sandbox = Sandbox::new(config);
    let clock = sandbox.clock();
    clock.advance(sandbox_now(transition_day).duration_since(clock.now()));
    let handle = serve(
        sandbox,
        ServerConfig {
            listen,
            faults,
            ..ServerConfig::default()
        },
    )
    .await
    .map_err(|e| CliError::other(format!("cannot listen on {listen}: {e}")))?;
    println!("{}", handle.url());
    eprintln!(
        "sandbox: bank code {BANK_CODE}, accounts {first}..{}, seed {seed}; Ctrl-C stops it",
        i64::from(first) + i64::from(accounts) - 1
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::other(format!("cannot wait for Ctrl-C: {e}")))?;
    handle.shutdown().await;
    Ok(())
}
