//! The command line, as clap derives it.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Exit codes, shown in `alseco --help`.
pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  anything else (an internal error, a journal error, an undecodable answer)
  2  usage error (bad arguments, missing settings)
  3  bad input (file unreadable, malformed JSON or XML, bad date)
  4  service-level refusal (service error, rejected payment, SOAP fault)
  5  transport failure (no connection, no timely answer)

Settings come from flags, then the environment (ALSECO_ENDPOINT, ALSECO_BANK_CODE,
ALSECO_SOAP_VERSION, ALSECO_TIMEOUT, ALSECO_JOURNAL, ALSECO_CONFIG), then the TOML
config file, then defaults. `--sandbox` runs everything against an in-process sandbox.

Example:
  alseco --sandbox invoices 600000";

/// `alseco`: the command line for ALSECO's payments web service.
#[derive(Debug, Parser)]
#[command(name = "alseco", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Settings and output options, accepted before or after the command.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// The service URL (http or https).
    #[arg(long, global = true, env = "ALSECO_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,
    /// The bank's four-letter code (`bankCode`), e.g. ALSC.
    #[arg(long, global = true, env = "ALSECO_BANK_CODE", value_name = "CODE")]
    pub(crate) bank_code: Option<String>,
    /// SOAP version: 1.1 (default) or 1.2.
    #[arg(
        long,
        global = true,
        env = "ALSECO_SOAP_VERSION",
        value_name = "1.1|1.2"
    )]
    pub(crate) soap_version: Option<String>,
    /// How long one request may take, e.g. 60, 60s, 1500ms (default 60s).
    #[arg(long, global = true, env = "ALSECO_TIMEOUT", value_name = "DURATION")]
    pub(crate) timeout: Option<String>,
    /// How long connecting may take (default 10s).
    #[arg(long, global = true, value_name = "DURATION")]
    pub(crate) connect_timeout: Option<String>,
    /// The payment journal (SQLite; default ./alseco-journal.sqlite).
    #[arg(long, global = true, env = "ALSECO_JOURNAL", value_name = "FILE")]
    pub(crate) journal: Option<PathBuf>,
    /// A TOML config file (keys: endpoint, bank_code, soap_version, timeout, connect_timeout, journal).
    #[arg(long, global = true, env = "ALSECO_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Run against an in-process sandbox on 127.0.0.1 instead of ALSECO.
    #[arg(long, global = true)]
    pub(crate) sandbox: bool,
    /// Where `--sandbox` keeps its payments between runs (default ./alseco-sandbox.jsonl).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) sandbox_state: Option<PathBuf>,
    /// Print JSON.
    #[arg(long, global = true, conflicts_with = "csv")]
    pub(crate) json: bool,
    /// Print CSV (tabular results).
    #[arg(long, global = true)]
    pub(crate) csv: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// The open period in ALSECO's database (GetCurrentPeriod).
    #[command(after_help = "Example:\n  alseco --sandbox period")]
    Period,
    /// Accounts (GetAccountState).
    #[command(subcommand)]
    Account(AccountCommand),
    /// Invoices of accounts (GetInvoicesByAccountsLastVers / …LastVersWithPays).
    ///
    /// Accounts come from the arguments, from --file (one per line or separated by blanks or
    /// commas) or from standard input (`-`). Exits 4 when any account has no invoices
    /// (its State is printed).
    #[command(
        after_help = "Examples:\n  alseco --sandbox invoices 600000\n  alseco --sandbox invoices --with-pays --file accounts.txt\n  cat accounts.txt | alseco --sandbox invoices -"
    )]
    Invoices(InvoicesArgs),
    /// Bill packs (GetBillInfoLabels, GetBillInfo).
    #[command(subcommand)]
    Bills(BillsCommand),
    /// Accounts whose bill was formed since the previous call (GetAccountsWithFormedBill).
    #[command(after_help = "Example:\n  alseco --sandbox formed-bills")]
    FormedBills,
    /// Pays through the payment guard (PayNewD; journal, rollback of unanswered payments).
    ///
    /// Either a JSON payment document (--document), or built from the account's current
    /// invoices (--account): every invoice (or only --invoice), each service at its FixSum
    /// unless --sum sets it. One settle pass of pending rollbacks runs after.
    /// Exits 4 when a payment is rejected, 5 when it got no timely answer.
    #[command(
        after_help = "Examples:\n  alseco --sandbox pay --account 600000\n  alseco --sandbox pay --account 600000 --sum 13=1500 --sum 23=400.50\n  alseco pay --document payment.json\n\nThe JSON document:\n  {\"account_id\": 600000, \"invoice_id\": \"251100000123\",\n   \"sys_ref\": \"optional, generated when absent\",\n   \"payment_date\": \"optional, 2025-04-30T10:00:00+05:00; now in Astana when absent\",\n   \"services\": [{\"service_id\": 13, \"pay_sum\": \"1500.00\", \"pay_counts\": \"150\",\n                 \"last_counts\": \"1150\", \"last_count_date\": \"2025-04-30\"}]}\n  pay_counts, last_counts and last_count_date are optional (0, 0, none)."
    )]
    Pay(PayArgs),
    /// Rolls payments back (RollbackPaymentsBySysRef / RollbackPayments).
    ///
    /// Exits 4 when any payment could not be rolled back.
    #[command(
        after_help = "Examples:\n  alseco --sandbox rollback --sys-ref ALSC000000000001\n  alseco rollback --payment-id 1041 1042"
    )]
    Rollback(RollbackArgs),
    /// Marks payments ALSECO kept after their timeout (`completed_after_timeout` in the
    /// journal) as reconciled with the customer: their invoices can be paid again.
    ///
    /// Until then a new payment of such an invoice is refused: ALSECO holds the earlier one.
    /// Exits 4 when a SysRef is not such a payment.
    #[command(after_help = "Example:\n  alseco acknowledge ALSC000000000042")]
    Acknowledge {
        /// The bank's references of the payments.
        #[arg(required = true, value_name = "SYSREF")]
        sys_refs: Vec<String>,
    },
    /// Where a payment stands (GetPaymentsInfoBySysRef).
    #[command(after_help = "Example:\n  alseco --sandbox status ALSC000000000001")]
    Status {
        /// The bank's reference of the payment.
        sys_ref: String,
    },
    /// The bank's payments between two dates (getPaysInfo) or of a month (GetBankPayByMonth).
    #[command(
        after_help = "Examples:\n  alseco --sandbox payments --from 2025-04-01 --to 2025-04-30\n  alseco --sandbox payments --month 2025-04"
    )]
    Payments(PaymentsArgs),
    /// Payments processed on a date (GetPaymentsInfo).
    #[command(after_help = "Example:\n  alseco --sandbox processed --date 2025-04-10")]
    Processed {
        /// The date, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// Payments per service of a bill (GetBillPays).
    #[command(after_help = "Example:\n  alseco --sandbox bill-pays --bill 123 --period 2025-04")]
    BillPays {
        /// The bill id (BillId).
        #[arg(long, value_name = "ID")]
        bill: i32,
        /// The period, YYYY-MM (default: the service's current period).
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
    },
    /// Tax authority codes per service of an account (GetServKNO).
    #[command(after_help = "Example:\n  alseco --sandbox tax-codes --account 600000")]
    TaxCodes {
        /// The account.
        #[arg(long, value_name = "ID")]
        account: i32,
        /// The period, YYYY-MM (default: the service's current period).
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
    },
    /// Downloads the printable invoice (GetPrintedInvoicePDF).
    #[command(after_help = "Example:\n  alseco --sandbox pdf --account 600000 -o invoice.pdf")]
    Pdf {
        /// The account.
        #[arg(long, value_name = "ID")]
        account: i32,
        /// The period, YYYY-MM (default: the service's current period).
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
        /// Where to write the PDF.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Reports of a day (GetReport108e, GetPaymentsNKR).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Sends the day's count and total for reconciliation (DayPaysSum).
    #[command(
        after_help = "Example:\n  alseco --sandbox day-sum --branch 4005 --date 2025-04-09 --count 12 --sum 53120.50\n\nALSECO accepts only the previous day, between 00:00 and 10:00 Astana time: outside that\nwindow (by this machine's clock) nothing is sent, unless --outside-window is given.\nWith --sandbox the sandbox judges by its own clock."
    )]
    DaySum {
        /// The branch (branchId).
        #[arg(long, value_name = "N")]
        branch: i32,
        /// The day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// The number of payments.
        #[arg(long, value_name = "N")]
        count: i32,
        /// The total.
        #[arg(long, value_name = "AMOUNT")]
        sum: String,
        /// Send even outside the window by this machine's clock (ALSECO still judges).
        #[arg(long)]
        outside_window: bool,
    },
    /// Calculators.
    #[command(subcommand)]
    Calc(CalcCommand),
    /// Decodes a captured SOAP 1.1/1.2 response of a method and prints it as JSON.
    ///
    /// METHOD is the wire name (case-insensitive), e.g. GetInvoicesByAccountsLastVers.
    /// A SOAP fault exits 4; malformed XML or another method's response exits 3.
    #[command(
        after_help = "Example:\n  alseco decode GetAccountState fixtures/spec/GetAccountState.response.xml"
    )]
    Decode {
        /// The method, as on the wire.
        method: String,
        /// The response file.
        file: PathBuf,
    },
    /// The sandbox on its own.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum AccountCommand {
    /// Whether an account is Active, NotFound, Deleted or Merged.
    #[command(after_help = "Example:\n  alseco --sandbox account state 600000")]
    State {
        /// The account.
        id: i32,
    },
}

#[derive(Debug, Args)]
pub(crate) struct InvoicesArgs {
    /// Amounts net of this month's payments (GetInvoicesByAccountsLastVersWithPays).
    #[arg(long)]
    pub(crate) with_pays: bool,
    /// Read the accounts from this file.
    #[arg(long, value_name = "FILE", conflicts_with = "accounts")]
    pub(crate) file: Option<PathBuf>,
    /// Accounts; `-` reads them from standard input.
    #[arg(value_name = "ID", required_unless_present = "file")]
    pub(crate) accounts: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BillsCommand {
    /// The bill pack numbers of a month (GetBillInfoLabels).
    #[command(after_help = "Example:\n  alseco --sandbox bills labels --period 2025-04")]
    Labels {
        /// The period, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
    },
    /// The bills of a pack (GetBillInfo).
    #[command(after_help = "Example:\n  alseco --sandbox bills list --period 2025-04 --label 1")]
    List {
        /// The period, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// The pack number.
        #[arg(long, value_name = "N")]
        label: i32,
    },
}

#[derive(Debug, Args)]
pub(crate) struct PayArgs {
    /// A JSON payment document (see below).
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["account", "invoice", "sums"], required_unless_present = "account")]
    pub(crate) document: Option<PathBuf>,
    /// Pay the current invoices of this account.
    #[arg(long, value_name = "ID")]
    pub(crate) account: Option<i32>,
    /// Only this invoice of the account (its number, with or without the check digit).
    #[arg(long, value_name = "N", requires = "account")]
    pub(crate) invoice: Option<String>,
    /// Pay AMOUNT for service SERVICE instead of its FixSum (repeatable).
    #[arg(long = "sum", value_name = "SERVICE=AMOUNT", requires = "account")]
    pub(crate) sums: Vec<String>,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct RollbackArgs {
    /// The bank's references of the payments.
    #[arg(long = "sys-ref", value_name = "R", num_args = 1..)]
    pub(crate) sys_refs: Vec<String>,
    /// ALSECO's payment ids.
    #[arg(long = "payment-id", value_name = "N", num_args = 1..)]
    pub(crate) payment_ids: Vec<i32>,
}

#[derive(Debug, Args)]
pub(crate) struct PaymentsArgs {
    /// First day, YYYY-MM-DD (or a date-time).
    #[arg(long, value_name = "DATE", requires = "to", conflicts_with = "month")]
    pub(crate) from: Option<String>,
    /// Last day, YYYY-MM-DD (or a date-time); a date means up to its end.
    #[arg(long, value_name = "DATE", requires = "from")]
    pub(crate) to: Option<String>,
    /// A whole month, YYYY-MM (GetBankPayByMonth).
    #[arg(long, value_name = "YYYY-MM", required_unless_present = "from")]
    pub(crate) month: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// Electronic payment orders to suppliers of a day (GetReport108e).
    #[command(
        name = "108e",
        after_help = "Example:\n  alseco --sandbox report 108e --date 2025-04-09 --csv"
    )]
    Form108e {
        /// The day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// Capital-repair savings payments of a day before today (GetPaymentsNKR).
    #[command(after_help = "Example:\n  alseco --sandbox report nkr --date 2025-04-09 --csv")]
    Nkr {
        /// The day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CalcCommand {
    /// The electricity amount to pay, from a JSON input (the calculator's JSON form).
    #[command(
        after_help = "Example:\n  alseco calc electricity --input reading.json\n\nreading.json:\n  {\"tariff\": {\"min\": \"20.5\", \"mid\": \"25.3\", \"max\": \"31.1\"},\n   \"norms\": {\"k1\": 70, \"k2\": 120}, \"residents\": 2,\n   \"previous_reading_date\": \"2025-03-31\", \"reading_date\": \"2025-04-30\",\n   \"day\": {\"previous\": 1000, \"last\": 1150}}"
    )]
    Electricity {
        /// The input JSON file (`-` for standard input).
        #[arg(long, value_name = "FILE.json")]
        input: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum SandboxCommand {
    /// Serves the sandbox over HTTP until interrupted (Ctrl-C); prints its URL first.
    #[command(
        after_help = "Examples:\n  alseco sandbox serve --listen 127.0.0.1:8080\n  alseco sandbox serve --listen 127.0.0.1:8080 --faults 'seed=7;PayNewD:drop_after_commit=0.3'\n  alseco --endpoint http://127.0.0.1:8080/AlsecoPaymentsService/AlsecoPaymentsService.asmx period\n\nFault plan grammar: items separated by `;`: `seed=N` or `Operation:kind[=arg]` with kind\ndelay (arg DURATION[@P]), drop_after_commit, http500, soap_fault, truncated_body (arg P)."
    )]
    Serve {
        /// The address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Number of accounts (from 600000).
        #[arg(long, value_name = "N", default_value_t = 1000)]
        accounts: u32,
        /// Seed of the dataset.
        #[arg(long, value_name = "S", default_value_t = 42)]
        seed: u64,
        /// Faults to inject.
        #[arg(long, value_name = "SPEC")]
        faults: Option<String>,
    },
}
