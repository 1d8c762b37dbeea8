//! `alseco-sandbox`: runs the emulator of ALSECO's payments web service over HTTP(S).
//!
//! ```text
//! alseco-sandbox [--listen ADDR] [--accounts N] [--seed S] [--faults SPEC]
//!                [--allow IP]... [--tls-cert PEM --tls-key PEM] [--inspect] [--now INSTANT]
//! ```
//!
//! Runs until Ctrl-C (or SIGTERM), then shuts down gracefully.

use alseco_sandbox::banks::BankRegistry;
use alseco_sandbox::clock::Clock;
use alseco_sandbox::faults::FaultPlan;
use alseco_sandbox::server::{Inspect, ServerConfig, TlsConfig, serve};
use alseco_sandbox::{Sandbox, SandboxConfig};
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "\
usage: alseco-sandbox [options]

  --listen ADDR      address to listen on (default 127.0.0.1:8080)
  --accounts N       number of accounts in the dataset (default 1000)
  --seed S           seed of the dataset (default 42)
  --faults SPEC      fault plan, e.g. \"seed=7;PayNewD:drop_after_commit=0.3;*:delay=5s@0.1\"
                     (grammar: ITEM[;ITEM]..., ITEM = seed=N | OPS:KIND[=ARG], OPS = * or
                     Method[,Method]..., KIND = delay=DURATION[@P] | drop_after_commit[=P] |
                     http500[=P] | soap_fault[=P] | truncated_body[=P], DURATION like 250ms,
                     5s, 2m, P a probability in [0, 1], 1 when omitted)
  --allow IP         also accept requests from IP for every bank (repeatable; by default
                     only loopback is allowed, as the bank ALSC)
  --tls-cert FILE    serve HTTPS with this PEM certificate chain (needs --tls-key)
  --tls-key FILE     the PEM private key of --tls-cert
  --inspect          serve the payment ledger as JSON at GET /_sandbox/ledger (loopback only)
  --now INSTANT      stop the clock at INSTANT (RFC 3339, e.g. 2025-04-15T06:00:00Z), for
                     reproducible runs (default: the system clock)
  -h, --help         this text
";

struct Args {
    listen: SocketAddr,
    accounts: u32,
    seed: u64,
    faults: FaultPlan,
    allow: Vec<IpAddr>,
    tls_cert: Option<String>,
    tls_key: Option<String>,
    inspect: bool,
    now: Option<jiff::Timestamp>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        accounts: SandboxConfig::default().accounts,
        seed: SandboxConfig::default().seed,
        faults: FaultPlan::default(),
        allow: Vec::new(),
        tls_cert: None,
        tls_key: None,
        inspect: false,
        now: None,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--listen" => {
                let v = value("--listen")?;
                parsed.listen = v.parse().map_err(|e| format!("--listen {v}: {e}"))?;
            }
            "--accounts" => {
                let v = value("--accounts")?;
                parsed.accounts = v.parse().map_err(|e| format!("--accounts {v}: {e}"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                parsed.seed = v.parse().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "--faults" => {
                parsed.faults =
                    FaultPlan::parse(&value("--faults")?).map_err(|e| format!("--faults: {e}"))?
            }
            "--allow" => {
                let v = value("--allow")?;
                parsed
                    .allow
                    .push(v.parse().map_err(|e| format!("--allow {v}: {e}"))?);
            }
            "--tls-cert" => parsed.tls_cert = Some(value("--tls-cert")?),
            "--tls-key" => parsed.tls_key = Some(value("--tls-key")?),
            "--inspect" => parsed.inspect = true,
            "--now" => {
                let v = value("--now")?;
                parsed.now = Some(v.parse().map_err(|e| format!("--now {v}: {e}"))?);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(parsed))
}

fn tls_config(cert: Option<&str>, key: Option<&str>) -> Result<Option<TlsConfig>, String> {
    match (cert, key) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => {
            let read =
                |path: &str| std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"));
            TlsConfig::from_pem(&read(cert)?, &read(key)?)
                .map(Some)
                .map_err(|e| e.to_string())
        }
        _ => Err("--tls-cert and --tls-key go together".to_owned()),
    }
}

/// The ledger as JSON, for `GET /_sandbox/ledger`.
fn ledger_json(sandbox: &Sandbox) -> String {
    let payments: Vec<serde_json::Value> = sandbox
        .ledger()
        .into_iter()
        .map(|p| {
            serde_json::json!({
                "payment_id": p.payment_id,
                "bank": p.bank,
                "sys_ref": p.sys_ref,
                "account_id": p.account_id,
                "invoice_id": p.invoice_id,
                "invoice_period": p.invoice_period.to_string(),
                "period": p.period.to_string(),
                "services": p.services.iter().map(|(id, sum)| serde_json::json!({"service_id": id, "sum": sum.to_string()})).collect::<Vec<_>>(),
                "sum": p.sum.to_string(),
                "payment_date": p.payment_date.to_string(),
                "received_at": p.received_at.to_string(),
                "processed_at": p.processed_at.to_string(),
                "rolled_back_at": p.rolled_back_at.map(|t| t.to_string()),
                "state": format!("{:?}", p.state),
            })
        })
        .collect();
    serde_json::json!({ "current_period": sandbox.current_period().to_string(), "payments": payments }).to_string()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("alseco-sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let tls = match tls_config(args.tls_cert.as_deref(), args.tls_key.as_deref()) {
        Ok(tls) => tls,
        Err(e) => {
            eprintln!("alseco-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let mut banks = BankRegistry::default();
    for mut bank in banks.banks().to_vec() {
        bank.allowed_ips.extend(args.allow.iter().copied());
        banks.insert(bank);
    }
    let sandbox = Sandbox::new(SandboxConfig {
        accounts: args.accounts,
        seed: args.seed,
        banks: banks.clone(),
        clock: args.now.map_or_else(Clock::system, Clock::fixed),
        ..SandboxConfig::default()
    });
    let inspect: Option<Inspect> = args.inspect.then(|| {
        let sandbox = sandbox.clone();
        Arc::new(move || ledger_json(&sandbox)) as Inspect
    });
    let faults = args.faults.clone();
    let config = ServerConfig {
        listen: args.listen,
        banks,
        faults,
        tls,
        inspect,
        ..ServerConfig::default()
    };
    let server = match serve(sandbox, config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("alseco-sandbox: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "alseco-sandbox: serving {} accounts (seed {}) at {}",
        args.accounts,
        args.seed,
        server.url()
    );
    eprintln!("alseco-sandbox: WSDL at {}", server.wsdl_url());
    if !args.faults.rules.is_empty() {
        eprintln!("alseco-sandbox: injecting faults: {}", args.faults);
    }
    if args.inspect {
        eprintln!("alseco-sandbox: ledger at {}", server.ledger_url());
    }
    wait_for_signal().await;
    let counts = server.fault_counts();
    eprintln!(
        "alseco-sandbox: shutting down ({} faults injected: {counts:?})",
        counts.total()
    );
    server.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
