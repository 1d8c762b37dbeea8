//! One function per command, each returning what to print.

use crate::cli::{PayArgs, PaymentsArgs};
use crate::error::{CliError, CliResult};
use crate::output::{Report, Table, opt};
use alseco_client::Client;
use alseco_client::astana;
use alseco_client::documents::{PaymentBuilder, wire_date_time};
use alseco_client::guard::{
    EntryState, GuardConfig, Journal as _, PayOutcome, PaymentGuard, SqliteJournal,
};
use alseco_client::period::Period;
use alseco_client::reports::{form108e, nkr};
use alseco_types::scalars::DateTime;
use alseco_types::types::{
    AccountInvoicesState, PaymentDocument, ResultAccountInvoicesLastVersOfInt32,
    ResultRollbackPaymentOfString, RollbackPaymentResult,
};
use rust_decimal::Decimal;
use serde_json::json;
use std::io::{IsTerminal as _, Read as _};
use std::path::Path;

/// Reads a file (`-`: standard input) as text; failures are bad input.
pub(crate) fn read_input(path: &Path) -> CliResult<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::input(format!("cannot read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| CliError::input(format!("cannot read {}: {e}", path.display())))
}

/// `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> CliResult<jiff::civil::Date> {
    text.trim().parse::<jiff::civil::Date>().map_err(|_| {
        CliError::input(format!(
            "bad date `{text}`: expected YYYY-MM-DD, e.g. 2025-04-09"
        ))
    })
}

/// `YYYY-MM-DD` (midnight, or the day's last second with `end_of_day`) or a full date-time.
fn parse_wire_date(text: &str, end_of_day: bool) -> CliResult<DateTime> {
    if let Ok(date) = text.trim().parse::<jiff::civil::Date>() {
        let (h, m, s) = if end_of_day { (23, 59, 59) } else { (0, 0, 0) };
        return date_time(date, h, m, s);
    }
    text.trim().parse::<DateTime>().map_err(|_| {
        CliError::input(format!(
            "bad date `{text}`: expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss"
        ))
    })
}

fn date_time(date: jiff::civil::Date, h: u8, m: u8, s: u8) -> CliResult<DateTime> {
    u16::try_from(date.year())
        .ok()
        .and_then(|y| DateTime::new(y, date.month() as u8, date.day() as u8, h, m, s))
        .ok_or_else(|| CliError::input(format!("date {date} is out of range")))
}

/// `YYYY-MM`.
pub(crate) fn parse_period(text: &str) -> CliResult<Period> {
    text.trim().parse::<Period>().map_err(|e| {
        CliError::input(format!(
            "bad period `{text}`: {e} (expected YYYY-MM, e.g. 2025-04)"
        ))
    })
}

/// The given period, or the service's current one.
async fn period_or_current(client: &Client, period: Option<&str>) -> CliResult<Period> {
    match period {
        Some(p) => parse_period(p),
        None => Ok(client.get_current_period().await?),
    }
}

fn decimal(text: &str, what: &str) -> CliResult<Decimal> {
    text.trim()
        .parse::<Decimal>()
        .map_err(|_| CliError::input(format!("{what} `{text}` is not a decimal amount")))
}

pub(crate) async fn period(client: &Client) -> CliResult<Report> {
    let period = client.get_current_period().await?;
    Ok(Report::text(
        Report::json(&json!({ "period": period.to_string() }))?,
        period.to_string(),
    ))
}

pub(crate) async fn account_state(client: &Client, id: i32) -> CliResult<Report> {
    let state = client.get_account_state(id).await?;
    let mut table = Table::new(&["Account", "State"]);
    table.row(vec![id.to_string(), state.to_string()]);
    Ok(Report::table(
        Report::json(&json!({ "account_id": id, "state": state.to_string() }))?,
        table,
    ))
}

/// Account ids from arguments, a file or standard input.
pub(crate) fn account_list(args: &[String], file: Option<&Path>) -> CliResult<Vec<i32>> {
    let text = match (file, args) {
        (Some(path), _) => read_input(path)?,
        (None, [dash]) if dash == "-" => read_input(Path::new("-"))?,
        (None, args) => args.join(" "),
    };
    let ids: Vec<i32> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .map_err(|_| CliError::input(format!("`{t}` is not an account number")))
        })
        .collect::<CliResult<_>>()?;
    if ids.is_empty() {
        return Err(CliError::input("no account numbers given"));
    }
    Ok(ids)
}

pub(crate) async fn invoices(client: &Client, ids: &[i32], with_pays: bool) -> CliResult<Report> {
    let chunk = client.batch_policy().chunk_size.max(1);
    let chunks: Vec<&[i32]> = ids.chunks(chunk).collect();
    let bar = (chunks.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(ids.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} accounts ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut results: Vec<ResultAccountInvoicesLastVersOfInt32> = Vec::with_capacity(ids.len());
    for part in chunks {
        let got = if with_pays {
            client
                .get_invoices_by_accounts_last_vers_with_pays(part)
                .await
        } else {
            client.get_invoices_by_accounts_last_vers(part).await
        };
        let got = match got {
            Ok(got) => got,
            Err(e) => {
                if let Some(bar) = &bar {
                    bar.abandon();
                }
                return Err(e.into());
            }
        };
        results.extend(got);
        if let Some(bar) = &bar {
            bar.inc(part.len() as u64);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut headers = vec![
        "Account",
        "State",
        "Name",
        "Invoice",
        "Service",
        "ServiceName",
        "FixSum",
    ];
    if with_pays {
        headers.push("PaySum");
    }
    let mut table = Table::new(&headers);
    let mut refused = Vec::new();
    for r in &results {
        let Some(account) = r
            .account_invoices
            .as_ref()
            .filter(|_| r.state == AccountInvoicesState::Success)
        else {
            refused.push(format!("{}: {}", r.input_value, r.state));
            table.row(vec![r.input_value.to_string(), r.state.to_string()]);
            continue;
        };
        for invoice in &account.invoices {
            for line in &invoice.invoice_parameters {
                let mut row = vec![
                    account.account_id.to_string(),
                    r.state.to_string(),
                    opt(account.account_name.as_deref()),
                    opt(invoice.invoce_id.as_deref()),
                    line.service_id.to_string(),
                    opt(line.service_name.as_deref()),
                    opt(line.fix_sum),
                ];
                if with_pays {
                    row.push(opt(line.pay_sum));
                }
                table.row(row);
            }
        }
    }
    let mut report = Report::table(Report::json(&results)?, table);
    if !refused.is_empty() {
        report.failure = Some(CliError::service(format!(
            "no invoices for {}",
            refused.join(", ")
        )));
    }
    Ok(report)
}

pub(crate) async fn bill_labels(client: &Client, period: &str) -> CliResult<Report> {
    let period = parse_period(period)?;
    let labels = client.get_bill_info_labels(period).await?;
    let mut table = Table::new(&["Label"]);
    for l in &labels {
        table.row(vec![l.to_string()]);
    }
    Ok(Report::table(Report::json(&labels)?, table))
}

pub(crate) async fn bill_list(client: &Client, period: &str, label: i32) -> CliResult<Report> {
    let period = parse_period(period)?;
    let bills = client.get_bill_info(period, label).await?;
    let mut table = Table::new(&["Account", "Name", "Address", "Invoice", "FixSum"]);
    for b in &bills {
        table.row(vec![
            b.account_id.to_string(),
            opt(b.account_name.as_deref()),
            opt(b.account_address.as_deref()),
            opt(b.invoice_id.as_deref()),
            b.fix_sum.to_string(),
        ]);
    }
    Ok(Report::table(Report::json(&bills)?, table))
}

pub(crate) async fn formed_bills(client: &Client) -> CliResult<Report> {
    let accounts = client.get_accounts_with_formed_bill().await?;
    let mut table = Table::new(&["Account"]);
    for a in &accounts {
        table.row(vec![a.to_string()]);
    }
    Ok(Report::table(Report::json(&accounts)?, table))
}

fn now_wire() -> CliResult<DateTime> {
    wire_date_time(&astana::now())
        .ok_or_else(|| CliError::other("cannot express the current time as a payment date"))
}

/// `SERVICE=AMOUNT`.
fn parse_sum(text: &str) -> CliResult<(i32, Decimal)> {
    let (service, amount) = text.split_once('=').ok_or_else(|| {
        CliError::input(format!(
            "--sum `{text}`: expected SERVICE=AMOUNT, e.g. 13=1500.00"
        ))
    })?;
    let service = service.trim().parse::<i32>().map_err(|_| {
        CliError::input(format!("--sum `{text}`: `{service}` is not a service code"))
    })?;
    Ok((service, decimal(amount, "--sum amount")?))
}

/// The documents `pay --account` pays: the account's current invoices (or one of them).
async fn documents_of_account(
    client: &Client,
    guard: &Guard,
    account_id: i32,
    invoice: Option<&str>,
    sums: &[String],
) -> CliResult<Vec<PaymentDocument>> {
    let sums: Vec<(i32, Decimal)> = sums
        .iter()
        .map(|s| parse_sum(s))
        .collect::<CliResult<_>>()?;
    let result = client
        .get_invoices_by_accounts_last_vers(&[account_id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::service(format!("no answer for account {account_id}")))?;
    let account = match (&result.state, result.account_invoices) {
        (AccountInvoicesState::Success, Some(account)) => account,
        (state, _) => {
            return Err(CliError::service(format!(
                "account {account_id}: {state}, nothing to pay"
            )));
        }
    };
    let selected: Vec<_> = match invoice {
        None => account.invoices.iter().collect(),
        Some(wanted) => {
            let wanted = wanted.trim();
            let without_check = wanted.get(..wanted.len().saturating_sub(1)).unwrap_or("");
            let found: Vec<_> = account
                .invoices
                .iter()
                .filter(|i| {
                    i.invoce_id
                        .as_deref()
                        .is_some_and(|id| id == wanted || id == without_check)
                })
                .collect();
            if found.is_empty() {
                let known: Vec<&str> = account
                    .invoices
                    .iter()
                    .filter_map(|i| i.invoce_id.as_deref())
                    .collect();
                return Err(CliError::input(format!(
                    "invoice {wanted} is not a current invoice of account {account_id} (its invoices: {})",
                    known.join(", ")
                )));
            }
            found
        }
    };
    if selected.is_empty() {
        return Err(CliError::service(format!(
            "account {account_id} has no invoice to pay"
        )));
    }
    for (service, _) in &sums {
        let on_some = selected.iter().any(|i| {
            i.invoice_parameters
                .iter()
                .any(|l| l.service_id == *service)
        });
        if !on_some {
            return Err(CliError::input(format!(
                "--sum: service {service} is not on the invoice(s) paid"
            )));
        }
    }
    let when = now_wire()?;
    let mut documents = Vec::with_capacity(selected.len());
    for invoice in selected {
        let sys_ref = guard.new_sys_ref()?;
        let mut builder = PaymentBuilder::new(&account, invoice, sys_ref, when);
        for (service, amount) in &sums {
            if invoice
                .invoice_parameters
                .iter()
                .any(|l| l.service_id == *service)
            {
                builder = builder.sum(*service, *amount);
            }
        }
        documents.push(builder.build()?.to_document());
    }
    Ok(documents)
}

type Guard = PaymentGuard<Client, SqliteJournal>;

pub(crate) async fn pay(
    client: &Client,
    bank_code: &str,
    journal: &Path,
    args: &PayArgs,
) -> CliResult<Report> {
    let documents_json = match &args.document {
        Some(path) => Some(crate::document::parse(&read_input(path)?, now_wire()?)?),
        None => None,
    };
    let guard = open_guard(client, bank_code, journal)?;
    let documents = match (documents_json, args.account) {
        (Some(doc), _) => vec![doc],
        (None, Some(account)) => {
            documents_of_account(client, &guard, account, args.invoice.as_deref(), &args.sums)
                .await?
        }
        (None, None) => return Err(CliError::usage("give --document or --account")),
    };
    let mut table = Table::new(&[
        "SysRef",
        "Account",
        "Invoice",
        "Total",
        "Outcome",
        "PaymentId",
        "Detail",
    ]);
    let mut json_rows = Vec::new();
    let mut rejected = Vec::new();
    let mut not_completed = Vec::new();
    for document in &documents {
        if let Some(sys_ref) = document.sys_ref.as_deref()
            && let Some(entry) = guard.journal().get(sys_ref)?
        {
            return Err(CliError::service(format!(
                "payment refused: SysRef {sys_ref} was already used ({}, account {}, invoice {}); a SysRef is used once",
                entry.state.name(),
                entry.account_id,
                entry.invoice_id
            )));
        }
    }
    for document in documents {
        let total: Decimal = document.payment_parameters.iter().map(|p| p.pay_sum).sum();
        let account = document.account_id;
        let invoice = document.invoice_id.clone().unwrap_or_default();
        let outcome = guard.pay(document).await?;
        let (sys_ref, name, payment_id, detail) = match &outcome {
            PayOutcome::Accepted {
                sys_ref,
                payment_id,
                accepted_at,
            } => (
                sys_ref.clone(),
                "accepted",
                Some(*payment_id),
                accepted_at
                    .map(|t| format!("accepted at {t}"))
                    .unwrap_or_default(),
            ),
            PayOutcome::Rejected { sys_ref, state } => {
                rejected.push(format!("{sys_ref}: {state}"));
                (sys_ref.clone(), "rejected", None, state.to_string())
            }
            PayOutcome::NotCompleted { sys_ref, reason } => {
                not_completed.push(format!("{sys_ref}: {reason}"));
                (sys_ref.clone(), "not_completed", None, reason.clone())
            }
        };
        table.row(vec![
            sys_ref.clone(),
            account.to_string(),
            invoice.clone(),
            total.to_string(),
            name.to_owned(),
            opt(payment_id),
            detail.clone(),
        ]);
        json_rows.push(json!({
            "sys_ref": sys_ref,
            "account_id": account,
            "invoice_id": invoice,
            "total": total.to_string(),
            "outcome": name,
            "payment_id": payment_id,
            "detail": detail,
        }));
    }
    let settled = guard.settle_pending().await?;
    if settled.rolled_back + settled.completed_after_timeout + settled.still_pending > 0 {
        eprintln!(
            "settle pass: {} rolled back, {} kept by ALSECO (reconcile them), {} still pending",
            settled.rolled_back, settled.completed_after_timeout, settled.still_pending
        );
    }
    let json = json!({
        "payments": json_rows,
        "settle": {
            "rolled_back": settled.rolled_back,
            "completed_after_timeout": settled.completed_after_timeout,
            "still_pending": settled.still_pending,
        },
    });
    let mut report = Report::table(Report::json(&json)?, table);
    if !not_completed.is_empty() {
        report.failure = Some(CliError::transport(format!(
            "payment not completed, being rolled back: {}",
            not_completed.join("; ")
        )));
    } else if !rejected.is_empty() {
        report.failure = Some(CliError::service(format!(
            "payment rejected: {}",
            rejected.join("; ")
        )));
    }
    Ok(report)
}

fn rolled_back(result: &RollbackPaymentResult) -> bool {
    matches!(
        result,
        RollbackPaymentResult::Success | RollbackPaymentResult::PaymentWasRolledBack
    )
}

/// The guard over the journal at `journal`, for the commands that write it.
fn open_guard(client: &Client, bank_code: &str, journal: &Path) -> CliResult<Guard> {
    let journal = SqliteJournal::open(journal)?;
    Ok(PaymentGuard::new(
        client.clone(),
        journal,
        GuardConfig::new(bank_code),
    )?)
}

/// By SysRef, through the guard (one request each), so that the journal records what was
/// rolled back; by payment id, straight to the service (the journal keys on SysRefs).
pub(crate) async fn rollback(
    client: &Client,
    bank_code: &str,
    journal: &Path,
    sys_refs: &[String],
    payment_ids: &[i32],
) -> CliResult<Report> {
    let mut table = Table::new(&["Payment", "Result"]);
    let mut failed = Vec::new();
    let json = if !sys_refs.is_empty() {
        let guard = open_guard(client, bank_code, journal)?;
        let mut results = Vec::new();
        let mut errors = Vec::new();
        for sys_ref in sys_refs {
            // Each on its own: one that cannot be sent does not hide the others' results.
            let result = match guard.rollback(sys_ref).await {
                Ok(result) => result,
                Err(e) => {
                    failed.push(format!("{sys_ref}: {e}"));
                    table.row(vec![sys_ref.clone(), format!("not sent: {e}")]);
                    errors.push(e);
                    continue;
                }
            };
            if !rolled_back(&result) {
                failed.push(format!("{sys_ref}: {result}"));
            }
            table.row(vec![sys_ref.clone(), result.to_string()]);
            results.push(ResultRollbackPaymentOfString {
                payment_id: Some(sys_ref.clone()),
                result,
            });
        }
        // None could be sent: the error as it is (a transport failure exits as one).
        if results.is_empty()
            && let Some(first) = errors.into_iter().next()
        {
            return Err(first.into());
        }
        Report::json(&results)?
    } else {
        let results = client.rollback_payments(payment_ids).await?;
        for r in &results {
            if !rolled_back(&r.result) {
                failed.push(format!("{}: {}", r.payment_id, r.result));
            }
            table.row(vec![r.payment_id.to_string(), r.result.to_string()]);
        }
        Report::json(&results)?
    };
    let mut report = Report::table(json, table);
    if !failed.is_empty() {
        report.failure = Some(CliError::service(format!(
            "not rolled back: {}",
            failed.join(", ")
        )));
    }
    Ok(report)
}

/// Marks payments ALSECO kept after their timeout as reconciled with the customer, so that
/// their invoices can be paid again.
pub(crate) fn acknowledge(
    client: &Client,
    bank_code: &str,
    journal: &Path,
    sys_refs: &[String],
) -> CliResult<Report> {
    let guard = open_guard(client, bank_code, journal)?;
    let mut table = Table::new(&["SysRef", "Result"]);
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    for sys_ref in sys_refs {
        // The journal is this process's alone (its lock), so the state read is the state.
        let result = match guard.journal().get(sys_ref)?.map(|e| e.state) {
            None => Err("not in the journal".to_owned()),
            Some(EntryState::CompletedAfterTimeout) if guard.acknowledge(sys_ref)? => {
                Ok("reconciled".to_owned())
            }
            Some(state) => Err(format!("not completed after a timeout ({})", state.name())),
        };
        let result = result.unwrap_or_else(|why| {
            refused.push(format!("{sys_ref}: {why}"));
            why
        });
        table.row(vec![sys_ref.clone(), result.clone()]);
        rows.push(json!({"sys_ref": sys_ref, "result": result}));
    }
    let mut report = Report::table(Report::json(&rows)?, table);
    if !refused.is_empty() {
        report.failure = Some(CliError::service(format!(
            "not acknowledged: {}",
            refused.join(", ")
        )));
    }
    Ok(report)
}

pub(crate) async fn status(client: &Client, sys_ref: &str) -> CliResult<Report> {
    let info = client.get_payments_info_by_sys_ref(sys_ref).await?;
    let mut table = Table::new(&[
        "SysRef",
        "Status",
        "PaymentId",
        "Invoice",
        "Account",
        "PaymentDate",
        "PaymentSum",
    ]);
    table.row(vec![
        info.sys_ref.clone().unwrap_or_else(|| sys_ref.to_owned()),
        info.payment_status.to_string(),
        info.payment_id.to_string(),
        opt(info.invoice_id.as_deref()),
        info.account_id.to_string(),
        info.payment_date.to_string(),
        info.payment_sum.to_string(),
    ]);
    Ok(Report::table(Report::json(&info)?, table))
}

pub(crate) async fn payments(client: &Client, args: &PaymentsArgs) -> CliResult<Report> {
    if let Some(month) = &args.month {
        let period = parse_period(month)?;
        let items = client.get_bank_pay_by_month(period).await?;
        let mut table = Table::new(&[
            "PaymentId",
            "Account",
            "Invoice",
            "Received",
            "SysRef",
            "PaySum",
        ]);
        for p in &items {
            table.row(vec![
                p.invoice_payment_id.to_string(),
                p.account_id.to_string(),
                opt(p.invoice_id.as_deref()),
                p.payment_receive_date.to_string(),
                opt(p.sys_ref.as_deref()),
                p.pay_sum.to_string(),
            ]);
        }
        return Ok(Report::table(Report::json(&items)?, table));
    }
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        return Err(CliError::usage("give --from and --to, or --month"));
    };
    let begin = parse_wire_date(from, false)?;
    let end = parse_wire_date(to, true)?;
    let items = client.get_pays_info(begin, end).await?;
    let mut table = Table::new(&[
        "PaymentId",
        "Account",
        "Invoice",
        "PayDate",
        "SysRef",
        "PaySum",
    ]);
    for p in &items {
        table.row(vec![
            p.payment_id.to_string(),
            p.account_id.to_string(),
            opt(p.invoice_id.as_deref()),
            p.pay_date.to_string(),
            opt(p.sys_ref.as_deref()),
            p.pay_sum.to_string(),
        ]);
    }
    Ok(Report::table(Report::json(&items)?, table))
}

pub(crate) async fn processed(client: &Client, date: &str) -> CliResult<Report> {
    let date = parse_date(date)?;
    let items = client
        .get_payments_info(
            i32::from(date.year()),
            i32::from(date.month()),
            Some(i32::from(date.day())),
        )
        .await?;
    let mut table = Table::new(&["PaymentId", "SysRef"]);
    for p in &items {
        table.row(vec![p.payment_id.to_string(), opt(p.sys_ref.as_deref())]);
    }
    Ok(Report::table(Report::json(&items)?, table))
}

pub(crate) async fn bill_pays(
    client: &Client,
    bill: i32,
    period: Option<&str>,
) -> CliResult<Report> {
    let period = period_or_current(client, period).await?;
    let pays = client.get_bill_pays(bill, period).await?;
    let mut table = Table::new(&["Service", "SumPay"]);
    for p in &pays {
        table.row(vec![p.serv_id.to_string(), p.sum_pay.to_string()]);
    }
    Ok(Report::table(Report::json(&pays)?, table))
}

pub(crate) async fn tax_codes(
    client: &Client,
    account: i32,
    period: Option<&str>,
) -> CliResult<Report> {
    let period = period_or_current(client, period).await?;
    let codes = client.get_serv_kno(account, period).await?;
    let mut table = Table::new(&["Service", "KNO"]);
    for c in &codes {
        table.row(vec![c.serv_id.to_string(), c.kno.to_string()]);
    }
    Ok(Report::table(Report::json(&codes)?, table))
}

pub(crate) async fn pdf(
    client: &Client,
    account: i32,
    period: Option<&str>,
    output: &Path,
) -> CliResult<Report> {
    let period = period_or_current(client, period).await?;
    let bytes = client.get_printed_invoice_pdf(account, period).await?;
    if bytes.is_empty() {
        return Err(CliError::service(format!(
            "no printed invoice for account {account} in {period} or the 6 months before"
        )));
    }
    std::fs::write(output, &bytes)
        .map_err(|e| CliError::other(format!("cannot write {}: {e}", output.display())))?;
    let text = format!(
        "wrote {} bytes to {} (account {account}, {period})",
        bytes.len(),
        output.display()
    );
    Ok(Report::text(
        Report::json(
            &json!({ "file": output.display().to_string(), "bytes": bytes.len(), "account_id": account, "period": period.to_string() }),
        )?,
        text,
    ))
}

pub(crate) async fn report_108e(client: &Client, date: &str) -> CliResult<Report> {
    let date = date_time(parse_date(date)?, 0, 0, 0)?;
    let items = client.get_report108e(date).await?;
    let rows = form108e::parse_items(&items).map_err(CliError::other)?;
    let mut table = Table::new(&[
        "DAT", "BIN", "NAME_POL", "NUMRS", "SUMP", "KNP", "SERV_ID", "FIO",
    ]);
    for r in &rows {
        table.row(vec![
            r.date.to_string(),
            r.bin.clone(),
            r.recipient_name.clone(),
            r.account_number.clone(),
            r.amount.to_string(),
            r.knp.clone(),
            opt(r.service_id),
            r.payer_name.clone(),
        ]);
    }
    let mut report = Report::table(Report::json(&items)?, table);
    report.csv = Some(form108e::to_csv(&rows).map_err(CliError::other)?);
    Ok(report)
}

pub(crate) async fn report_nkr(client: &Client, date: &str) -> CliResult<Report> {
    let date = date_time(parse_date(date)?, 0, 0, 0)?;
    let items = client.get_payments_nkr(date).await?;
    let rows = nkr::parse_items(&items).map_err(CliError::other)?;
    let mut table = Table::new(&[
        "RowN",
        "TownName",
        "StreetName",
        "HouseId",
        "FlatNumber",
        "CalcAccount",
        "SumPay",
        "SumTrans",
        "TypePay",
    ]);
    let mut json_rows = Vec::new();
    for r in &rows {
        table.row(vec![
            r.row.to_string(),
            r.town.clone(),
            r.street.clone(),
            r.house.clone(),
            r.flat.clone(),
            r.calc_account.clone(),
            r.sum_paid.to_string(),
            r.sum_transferred.to_string(),
            r.kind.wire_value().to_string(),
        ]);
        json_rows.push(json!({
            "row": r.row, "town": r.town, "street": r.street, "house": r.house, "flat": r.flat,
            "calc_account": r.calc_account, "sum_paid": r.sum_paid.to_string(),
            "sum_transferred": r.sum_transferred.to_string(), "type_pay": r.kind.wire_value(),
        }));
    }
    let mut report = Report::table(Report::json(&json_rows)?, table);
    report.csv = Some(nkr::to_csv(&rows).map_err(CliError::other)?);
    Ok(report)
}

pub(crate) async fn day_sum(
    client: &Client,
    branch: i32,
    date: &str,
    count: i32,
    sum: &str,
) -> CliResult<Report> {
    let day = parse_date(date)?;
    let sum = decimal(sum, "--sum")?;
    client
        .day_pays_sum(branch, date_time(day, 0, 0, 0)?, count, sum)
        .await?;
    Ok(Report::text(
        Report::json(
            &json!({ "accepted": true, "branch": branch, "date": day.to_string(), "count": count, "sum": sum.to_string() }),
        )?,
        format!("accepted: branch {branch}, {day}, {count} payments, {sum}"),
    ))
}

pub(crate) fn calc_electricity(input: &Path) -> CliResult<Report> {
    let text = read_input(input)?;
    let out = alseco_client::calc::json::calculate_json(&text)
        .map_err(|e| CliError::input(format!("electricity input: {e}")))?;
    let json: serde_json::Value = serde_json::from_str(&out).map_err(CliError::other)?;
    Ok(Report::text(Report::json(&json)?, out))
}
