//! `alseco`: the command line for ALSECO's payments web service.
//!
//! Every method of the service is a command; payments go through the payment guard
//! (`alseco_client::guard`) with a SQLite journal; `--sandbox` runs any command against an
//! in-process sandbox, so everything can be tried without access to ALSECO. See
//! `alseco --help` and the crate's README.

mod cli;
mod commands;
mod decode;
mod document;
mod error;
mod output;
mod sandbox;
mod settings;

use alseco_client::client::{Client, ClientConfig};
use alseco_client::transport::Endpoint;
use clap::Parser as _;
use cli::{AccountCommand, BillsCommand, CalcCommand, Cli, Command, ReportCommand, SandboxCommand};
use error::{CliError, CliResult};
use output::{Format, Report};
use settings::Settings;
use std::process::ExitCode;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        eprintln!("error: internal error: {}", message.replace('\n', " "));
        std::process::exit(i32::from(error::exit::OTHER));
    }));
    let cli = Cli::parse();
    let format = if cli.global.json {
        Format::Json
    } else if cli.global.csv {
        Format::Csv
    } else {
        Format::Text
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(CliError::other(format!("cannot start the runtime: {e}"))),
    };
    let result = runtime.block_on(run(cli)).and_then(|report| match report {
        None => Ok(()),
        Some(report) => {
            report.print(format)?;
            match report.failure {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn fail(e: CliError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(e.code)
}

/// Runs the command; `None` when it printed what it had to itself.
async fn run(cli: Cli) -> CliResult<Option<Report>> {
    // Commands that need no service.
    match &cli.command {
        Command::Calc(CalcCommand::Electricity { input }) => {
            return commands::calc_electricity(input).map(Some);
        }
        Command::Decode { method, file } => {
            let bytes = std::fs::read(file)
                .map_err(|e| CliError::input(format!("cannot read {}: {e}", file.display())))?;
            let json = decode::decode(method, &bytes)?;
            return Ok(Some(Report::text(json.clone(), json)));
        }
        Command::Sandbox(SandboxCommand::Serve {
            listen,
            accounts,
            seed,
            faults,
        }) => {
            sandbox::serve_forever(*listen, *accounts, *seed, faults.as_deref()).await?;
            return Ok(None);
        }
        _ => {}
    }

    let settings = Settings::resolve(&cli.global)?;
    let (in_process, endpoint, bank_code) = if cli.global.sandbox {
        let server = sandbox::InProcess::start(cli.global.sandbox_state.clone()).await?;
        let url = server.url();
        let bank = settings
            .bank_code
            .clone()
            .unwrap_or_else(|| sandbox::BANK_CODE.to_owned());
        (Some(server), url, bank)
    } else {
        let endpoint = settings.endpoint.clone().ok_or_else(|| {
            CliError::usage(
                "no endpoint: give --endpoint, ALSECO_ENDPOINT or `endpoint` in the config file (or try --sandbox)",
            )
        })?;
        let bank = settings.bank_code.clone().ok_or_else(|| {
            CliError::usage(
                "no bank code: give --bank-code, ALSECO_BANK_CODE or `bank_code` in the config file",
            )
        })?;
        (None, endpoint, bank)
    };
    let endpoint = Endpoint::parse(&endpoint).map_err(CliError::usage)?;
    let mut config = ClientConfig::new(endpoint, bank_code.clone());
    config.transport.soap_version = settings.soap_version;
    config.transport.request_timeout = settings.timeout;
    config.transport.connect_timeout = settings.connect_timeout;
    // The in-process sandbox keeps its own clock and enforces the window by it; against
    // ALSECO, this machine's clock refuses what ALSECO would, unless told otherwise.
    let outside_window = matches!(
        cli.command,
        Command::DaySum {
            outside_window: true,
            ..
        }
    );
    config.check_day_pays_sum_window = !cli.global.sandbox && !outside_window;
    let client = Client::new(config)?;

    let result = dispatch(&cli.command, &client, &bank_code, &settings).await;
    if let Some(server) = in_process {
        server.stop().await;
    }
    result.map(Some)
}

async fn dispatch(
    command: &Command,
    client: &Client,
    bank_code: &str,
    settings: &Settings,
) -> CliResult<Report> {
    match command {
        Command::Period => commands::period(client).await,
        Command::Account(AccountCommand::State { id }) => {
            commands::account_state(client, *id).await
        }
        Command::Invoices(args) => {
            let ids = commands::account_list(&args.accounts, args.file.as_deref())?;
            commands::invoices(client, &ids, args.with_pays).await
        }
        Command::Bills(BillsCommand::Labels { period }) => {
            commands::bill_labels(client, period).await
        }
        Command::Bills(BillsCommand::List { period, label }) => {
            commands::bill_list(client, period, *label).await
        }
        Command::FormedBills => commands::formed_bills(client).await,
        Command::Pay(args) => commands::pay(client, bank_code, &settings.journal, args).await,
        Command::Rollback(args) => {
            commands::rollback(
                client,
                bank_code,
                &settings.journal,
                &args.sys_refs,
                &args.payment_ids,
            )
            .await
        }
        Command::Acknowledge { sys_refs } => {
            commands::acknowledge(client, bank_code, &settings.journal, sys_refs)
        }
        Command::Status { sys_ref } => commands::status(client, sys_ref).await,
        Command::Payments(args) => commands::payments(client, args).await,
        Command::Processed { date } => commands::processed(client, date).await,
        Command::BillPays { bill, period } => {
            commands::bill_pays(client, *bill, period.as_deref()).await
        }
        Command::TaxCodes { account, period } => {
            commands::tax_codes(client, *account, period.as_deref()).await
        }
        Command::Pdf {
            account,
            period,
            output,
        } => commands::pdf(client, *account, period.as_deref(), output).await,
        Command::Report(ReportCommand::Form108e { date }) => {
            commands::report_108e(client, date).await
        }
        Command::Report(ReportCommand::Nkr { date }) => commands::report_nkr(client, date).await,
        Command::DaySum {
            branch,
            date,
            count,
            sum,
            ..
        } => commands::day_sum(client, *branch, date, *count, sum).await,
        Command::Calc(_) | Command::Decode { .. } | Command::Sandbox(_) => {
            Err(CliError::other("handled before connecting"))
        }
    }
}
