//! Quick start: a whole payment against the sandbox, as a bank integrates it.
//!
//! ```text
//! cargo run -p alseco-sandbox --example quickstart
//! ```
//!
//! It starts an in-process sandbox on a free loopback port (its clock fixed at 2025-04-15
//! 11:00 Astana time, so the output is the same every day), then with `alseco_client`:
//!
//! 1. fetches the invoices of account 600000 (GetInvoicesByAccountsLastVers);
//! 2. builds the payment document of its first invoice with `PaymentBuilder` (every service of
//!    the invoice with its `FixSum`);
//! 3. pays through a `PaymentGuard` with an in-memory journal (PayNewD, sent once; on no
//!    timely answer the guard would roll it back by SysRef);
//! 4. rolls the payment back by its SysRef (RollbackPaymentsBySysRef) and checks its status;
//! 5. downloads the printed invoice (GetPrintedInvoicePDF).
//!
//! Against the real service, only the endpoint (and `TransportConfig::tls` if the bank uses
//! its own CA) changes.

use std::error::Error;
use std::io::Write;

use alseco_client::client::{Client, ClientConfig};
use alseco_client::documents::PaymentBuilder;
use alseco_client::guard::{GuardConfig, MemoryJournal, PayOutcome, PaymentGuard};
use alseco_client::transport::Endpoint;
use alseco_sandbox::clock::Clock;
use alseco_sandbox::server::{ServerConfig, serve};
use alseco_sandbox::{Sandbox, SandboxConfig};
use alseco_types::types::{PaymentStatus, RollbackPaymentResult};

/// The account paid.
const ACCOUNT: i32 = 600_000;

/// What [`run`] did.
#[derive(Debug)]
pub(crate) struct Summary {
    /// ALSECO's id of the payment.
    pub(crate) payment_id: i32,
    /// Whether the rollback was confirmed.
    pub(crate) rolled_back: bool,
    /// The size of the downloaded PDF.
    pub(crate) pdf_bytes: usize,
}

/// Runs the example, writing what it does to `out`.
pub(crate) async fn run(out: &mut impl Write) -> Result<Summary, Box<dyn Error>> {
    // An in-process sandbox on a free port, at a fixed time.
    let sandbox = Sandbox::new(SandboxConfig {
        clock: Clock::fixed("2025-04-15T06:00:00Z".parse()?),
        ..SandboxConfig::default()
    });
    let server = serve(sandbox.clone(), ServerConfig::default()).await?;
    writeln!(out, "sandbox listening at {}", server.url())?;

    // The client: the endpoint and the bank code agreed with ALSECO.
    let client = Client::new(ClientConfig::new(Endpoint::parse(&server.url())?, "ALSC"))?;
    let period = client.get_current_period().await?;
    writeln!(out, "current period: {period}")?;

    // 1. The invoices of the account.
    let results = client
        .get_invoices_by_accounts_last_vers(&[ACCOUNT])
        .await?;
    let account = results
        .first()
        .and_then(|r| r.account_invoices.as_ref())
        .ok_or("account 600000 has no invoices")?;
    for invoice in &account.invoices {
        let services: Vec<String> = invoice
            .invoice_parameters
            .iter()
            .map(|p| format!("{}={}", p.service_id, p.fix_sum.unwrap_or_default()))
            .collect();
        writeln!(
            out,
            "invoice {} of account {}: {}",
            invoice.invoce_id.as_deref().unwrap_or("?"),
            account.account_id,
            services.join(", ")
        )?;
    }
    let invoice = account.invoices.first().ok_or("no invoice to pay")?;

    // 2. The payment document: every service of the invoice with its FixSum. The guard
    //    generates the SysRef when the document has none; here the bank sets its own.
    let payment_date = "2025-04-15T11:00:00+05:00".parse()?;
    let payment = PaymentBuilder::new(account, invoice, "QUICKSTART-0001", payment_date).build()?;
    writeln!(
        out,
        "paying {} for invoice {} (SysRef {})",
        payment.total(),
        payment.invoice_id(),
        payment.sys_ref()
    )?;

    // 3. Pay through the guard (PayNewD once; a payment without a timely answer would be
    //    rolled back by SysRef in the background by `run_worker`).
    let guard = PaymentGuard::new(
        client.clone(),
        MemoryJournal::new(),
        GuardConfig::new("ALSC"),
    )?;
    let (sys_ref, payment_id) = match guard.pay(payment.to_document()).await? {
        PayOutcome::Accepted {
            sys_ref,
            payment_id,
            accepted_at,
        } => {
            let at = accepted_at.map(|t| t.to_string()).unwrap_or_default();
            writeln!(out, "accepted: PaymentId {payment_id} at {at}")?;
            (sys_ref, payment_id)
        }
        other => return Err(format!("the payment was not accepted: {other:?}").into()),
    };

    // 4. Roll it back by SysRef (possible on the day ALSECO received it).
    let rollback = client.rollback_payments_by_sys_ref(&[&sys_ref]).await?;
    let rolled_back = rollback
        .first()
        .is_some_and(|r| r.result == RollbackPaymentResult::Success);
    let status = client.get_payments_info_by_sys_ref(&sys_ref).await?;
    writeln!(
        out,
        "rolled back {sys_ref}: {} (status now {})",
        if rolled_back { "yes" } else { "no" },
        status.payment_status.as_str()
    )?;
    if !rolled_back || status.payment_status != PaymentStatus::NotFound {
        return Err("the rollback was not confirmed".into());
    }

    // 5. The printed invoice.
    let pdf = client.get_printed_invoice_pdf(ACCOUNT, period).await?;
    if !pdf.starts_with(b"%PDF") {
        return Err("the printed invoice is not a PDF".into());
    }
    writeln!(out, "printed invoice: {} bytes of PDF", pdf.len())?;

    server.shutdown().await;
    Ok(Summary {
        payment_id,
        rolled_back,
        pdf_bytes: pdf.len(),
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let summary = run(&mut std::io::stdout()).await?;
    println!(
        "done: payment {} paid, rolled back: {}, {} bytes of PDF",
        summary.payment_id, summary.rolled_back, summary.pdf_bytes
    );
    Ok(())
}
