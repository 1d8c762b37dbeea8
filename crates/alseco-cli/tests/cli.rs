//! The `alseco` binary, run as a user runs it: every command against `--sandbox`, the README's
//! quickstart exactly as written, the offline commands (`calc`, `decode`), `--help` of every
//! command, and bad input with its exit code.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use std::path::{Path, PathBuf};

const ENV: [&str; 6] = [
    "ALSECO_ENDPOINT",
    "ALSECO_BANK_CODE",
    "ALSECO_SOAP_VERSION",
    "ALSECO_TIMEOUT",
    "ALSECO_JOURNAL",
    "ALSECO_CONFIG",
];

/// `alseco` in `dir`, with none of the ALSECO_* variables of the environment running the tests.
fn alseco(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("alseco").expect("the alseco binary");
    cmd.current_dir(dir);
    for var in ENV {
        cmd.env_remove(var);
    }
    cmd
}

fn sandbox(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = alseco(dir);
    cmd.arg("--sandbox").args(args);
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/spec")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// The sandbox's open period, `YYYY-MM`.
fn sandbox_period(dir: &Path) -> String {
    let out = stdout_of(&mut sandbox(dir, &["--json", "period"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v["period"].as_str().expect("a period").to_owned()
}

// ---------------------------------------------------------------- the README's quickstart

/// The commands of the quickstart in crates/alseco-cli/README.md, exactly as written there.
const QUICKSTART: [&str; 4] = [
    "alseco --sandbox invoices 600000",
    "alseco --sandbox pay --account 600000",
    "alseco --sandbox rollback --sys-ref ALSC000000000001 ALSC000000000002",
    "alseco --sandbox pdf --account 600000 -o invoice.pdf",
];

/// The crate's README (whose quickstart `tests/cli-quickstart.sh` runs from `.ci/run`) and
/// the workspace's README show the same commands.
#[test]
fn the_readmes_list_the_quickstart_commands() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for readme in [
        crate_dir.join("README.md"),
        crate_dir.join("../../README.md"),
    ] {
        let text = std::fs::read_to_string(&readme).expect("README.md");
        for command in QUICKSTART {
            assert!(
                text.contains(command),
                "{} lacks `{command}`",
                readme.display()
            );
        }
    }
}

#[test]
fn quickstart_runs_as_written() {
    let dir = tmp();
    let run = |line: &str| {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let mut cmd = alseco(dir.path());
        cmd.args(&args);
        cmd
    };
    // Fetch the invoices: account 600000 has two, with every service.
    let invoices = stdout_of(&mut run(QUICKSTART[0]));
    assert!(invoices.contains("Success"), "{invoices}");
    assert!(invoices.contains("FixSum"), "{invoices}");
    // Pay them, through the guard: one payment per invoice.
    let paid = stdout_of(&mut run(QUICKSTART[1]));
    assert!(paid.contains("ALSC000000000001"), "{paid}");
    assert!(paid.contains("ALSC000000000002"), "{paid}");
    assert_eq!(paid.matches("accepted").count(), 4, "{paid}"); // outcome + detail, twice
    assert!(dir.path().join("alseco-journal.sqlite").exists());
    // Roll them back (the sandbox remembers the payments between runs), through the guard:
    // the journal records them as rolled back.
    let rolled = stdout_of(&mut run(QUICKSTART[2]));
    assert_eq!(rolled.matches("Success").count(), 2, "{rolled}");
    {
        use alseco_client::guard::{EntryState, Journal as _, SqliteJournal};
        let journal = SqliteJournal::open(dir.path().join("alseco-journal.sqlite")).unwrap();
        for sys_ref in ["ALSC000000000001", "ALSC000000000002"] {
            assert_eq!(
                journal.get(sys_ref).unwrap().unwrap().state,
                EntryState::RolledBack {
                    result: "Success".into()
                },
                "{sys_ref}"
            );
        }
    }
    // Only a payment ALSECO kept after its timeout can be acknowledged.
    sandbox(
        dir.path(),
        &["acknowledge", "ALSC000000000001", "ALSC000000000099"],
    )
    .assert()
    .code(4)
    .stdout(contains("not completed after a timeout (rolled_back)"))
    .stdout(contains("not in the journal"))
    .stderr(contains(
        "error: not acknowledged: ALSC000000000001: not completed after a timeout (rolled_back), ALSC000000000099: not in the journal",
    ));
    // Download the PDF.
    stdout_of(&mut run(QUICKSTART[3]));
    let pdf = std::fs::read(dir.path().join("invoice.pdf")).expect("invoice.pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}

// ---------------------------------------------------------------- every command, sandboxed

#[test]
fn period_and_account_state() {
    let dir = tmp();
    let period = sandbox_period(dir.path());
    assert_eq!(period.len(), 7, "{period}");
    sandbox(dir.path(), &["period"])
        .assert()
        .success()
        .stdout(format!("{period}\n"));
    sandbox(dir.path(), &["account", "state", "600000"])
        .assert()
        .success()
        .stdout(contains("600000").and(contains("Active")));
    sandbox(dir.path(), &["--csv", "account", "state", "1"])
        .assert()
        .success()
        .stdout("Account,State\n1,NotFound\n");
}

#[test]
fn invoices_from_arguments_file_and_stdin() {
    let dir = tmp();
    let out = stdout_of(&mut sandbox(
        dir.path(),
        &["--json", "invoices", "600000", "600001"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(v[0]["InputValue"], 600000, "{out}");
    assert_eq!(v[0]["State"], "Success", "{out}");

    std::fs::write(dir.path().join("accounts.txt"), "600000\n600001, 600002\n").unwrap();
    let out = stdout_of(&mut sandbox(
        dir.path(),
        &["--csv", "invoices", "--with-pays", "--file", "accounts.txt"],
    ));
    assert!(
        out.starts_with("Account,State,Name,Invoice,Service,ServiceName,FixSum,PaySum\n"),
        "{out}"
    );
    assert!(out.contains("\n600002,Success,"), "{out}");

    sandbox(dir.path(), &["invoices", "-"])
        .write_stdin("600001\n")
        .assert()
        .success()
        .stdout(contains("600001").and(contains("Success")));
}

#[test]
fn bills_and_formed_bills() {
    let dir = tmp();
    let period = sandbox_period(dir.path());
    sandbox(dir.path(), &["bills", "labels", "--period", &period])
        .assert()
        .success()
        .stdout(contains("Label"));
    sandbox(
        dir.path(),
        &["bills", "list", "--period", &period, "--label", "1"],
    )
    .assert()
    .success()
    .stdout(contains("600000").and(contains("FixSum")));
    sandbox(dir.path(), &["--json", "formed-bills"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("["));
}

#[test]
fn pay_with_sums_status_payments_and_rollback_by_id() {
    let dir = tmp();
    let out = stdout_of(&mut sandbox(
        dir.path(),
        &["--json", "pay", "--account", "600001", "--sum", "13=100.50"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let payment = &v["payments"][0];
    assert_eq!(payment["outcome"], "accepted", "{out}");
    let id = payment["payment_id"].as_i64().expect("a payment id");
    let sys_ref = payment["sys_ref"].as_str().expect("a SysRef").to_owned();

    sandbox(dir.path(), &["status", &sys_ref])
        .assert()
        .success()
        .stdout(contains("InProcess").and(contains(&sys_ref)));

    // Everything received today, whatever the sandbox's date.
    let today = stdout_of(&mut sandbox(dir.path(), &["--json", "status", &sys_ref]));
    let today: serde_json::Value = serde_json::from_str(&today).unwrap();
    let day = today["PaymentDate"].as_str().unwrap()[..10].to_owned();
    sandbox(dir.path(), &["payments", "--from", &day, "--to", &day])
        .assert()
        .success()
        .stdout(contains(&sys_ref));
    let period = sandbox_period(dir.path());
    sandbox(dir.path(), &["--csv", "payments", "--month", &period])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "PaymentId,Account,Invoice,Received,SysRef,PaySum\n",
        ));
    sandbox(dir.path(), &["processed", "--date", &day])
        .assert()
        .success();

    sandbox(dir.path(), &["rollback", "--payment-id", &id.to_string()])
        .assert()
        .success()
        .stdout(contains("Success"));
    // A second time: already rolled back, which is not a failure.
    sandbox(dir.path(), &["rollback", "--payment-id", &id.to_string()])
        .assert()
        .success()
        .stdout(contains("PaymentWasRolledBack"));
    // An unknown SysRef cannot be rolled back: a service-level refusal.
    sandbox(dir.path(), &["rollback", "--sys-ref", "NOPE-1"])
        .assert()
        .code(4)
        .stdout(contains("PaymentNotFound"))
        .stderr(contains("error: not rolled back"));
}

#[test]
fn pay_a_json_document_and_refuse_it_twice() {
    let dir = tmp();
    let out = stdout_of(&mut sandbox(dir.path(), &["--json", "invoices", "600002"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let invoice = &v[0]["AccountInvoices"]["Invoices"][0];
    let number = invoice["InvoceId"].as_str().unwrap();
    let services: Vec<serde_json::Value> = invoice["InvoiceParameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| serde_json::json!({"service_id": line["ServiceId"], "pay_sum": "10.00"}))
        .collect();
    let document = serde_json::json!({
        "account_id": 600002,
        "invoice_id": number,
        "sys_ref": "DOC-1",
        "services": services,
    });
    std::fs::write(dir.path().join("payment.json"), document.to_string()).unwrap();
    sandbox(dir.path(), &["pay", "--document", "payment.json"])
        .assert()
        .success()
        .stdout(contains("DOC-1").and(contains("accepted")));
    // The same SysRef again: the journal refuses it before anything is sent…
    sandbox(dir.path(), &["pay", "--document", "payment.json"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(contains(
            "error: payment refused: SysRef DOC-1 was already used",
        ));
    // …and with another journal, ALSECO does.
    sandbox(
        dir.path(),
        &[
            "--journal",
            "other.sqlite",
            "pay",
            "--document",
            "payment.json",
        ],
    )
    .assert()
    .code(4)
    .stdout(contains("rejected").and(contains("SysRefExists")))
    .stderr(contains("error: payment rejected"));
}

#[test]
fn bill_pays_tax_codes_and_pdf() {
    let dir = tmp();
    let period = sandbox_period(dir.path());
    sandbox(
        dir.path(),
        &["tax-codes", "--account", "600000", "--period", &period],
    )
    .assert()
    .success()
    .stdout(contains("KNO").and(contains("13")));
    let out = stdout_of(&mut sandbox(dir.path(), &["--json", "invoices", "600000"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let number = v[0]["AccountInvoices"]["Invoices"][0]["InvoceId"]
        .as_str()
        .unwrap();
    let bill: i32 = number[4..].parse().unwrap();
    sandbox(
        dir.path(),
        &[
            "bill-pays",
            "--bill",
            &bill.to_string(),
            "--period",
            &period,
        ],
    )
    .assert()
    .success();
    sandbox(
        dir.path(),
        &["--json", "pdf", "--account", "600000", "-o", "a.pdf"],
    )
    .assert()
    .success()
    .stdout(contains("\"bytes\""));
    assert!(
        std::fs::read(dir.path().join("a.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
}

/// Reports answer rows, or the service's «no data» when nothing was processed that day.
#[test]
fn reports_and_day_sum() {
    let dir = tmp();
    let period = sandbox_period(dir.path());
    let day = format!("{period}-01");
    for (report, header) in [("108e", "DAT,KODBN,"), ("nkr", "RowN,TownName,")] {
        let out = sandbox(dir.path(), &["--csv", "report", report, "--date", &day])
            .output()
            .unwrap();
        match out.status.code() {
            Some(0) => assert!(String::from_utf8_lossy(&out.stdout).starts_with(header)),
            Some(4) => assert!(
                String::from_utf8_lossy(&out.stderr).starts_with("error: "),
                "{out:?}"
            ),
            other => panic!("report {report}: exit {other:?}: {out:?}"),
        }
    }
    // DayPaysSum is accepted only for yesterday between 00:00 and 10:00 Astana time.
    let out = sandbox(
        dir.path(),
        &[
            "day-sum", "--branch", "4005", "--date", &day, "--count", "1", "--sum", "10.00",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("DayPaysSum failed"));
}

/// Against ALSECO, the machine's clock refuses DayPaysSum outside its window without sending
/// (nobody listens on port 1, so a request sent would be a transport failure, exit 5);
/// `--outside-window` sends anyway.
#[test]
fn day_sum_outside_the_window_is_refused_before_sending() {
    let dir = tmp();
    let day_sum = |extra: &[&str]| {
        let mut cmd = alseco(dir.path());
        cmd.args(["--endpoint", "http://127.0.0.1:1/x", "--bank-code", "ALSC"])
            .args(["day-sum", "--branch", "4005", "--date", "2019-11-01"])
            .args(["--count", "1", "--sum", "10.00"])
            .args(extra);
        cmd
    };
    day_sum(&[]).assert().code(4).stderr(contains(
        "error: DayPaysSum not sent: Дата сверки не соответствует предыдущему дню (2019-11-01 given;",
    ));
    day_sum(&["--outside-window"])
        .assert()
        .code(5)
        .stderr(contains("error: transport error"));
}

/// Rollbacks by SysRef go one by one through the guard; when none can be sent, the exit code
/// is the failure's own (5, transport).
#[test]
fn a_rollback_that_cannot_be_sent_is_a_transport_failure() {
    let dir = tmp();
    alseco(dir.path())
        .args(["--endpoint", "http://127.0.0.1:1/x", "--bank-code", "ALSC"])
        .args([
            "rollback",
            "--sys-ref",
            "ALSC000000000001",
            "ALSC000000000002",
        ])
        .assert()
        .code(5)
        .stderr(contains("error: transport error"));
    assert!(dir.path().join("alseco-journal.sqlite").exists());
}

/// `alseco sandbox serve` on a free port, killed when dropped.
struct Served {
    child: std::process::Child,
    url: String,
}

impl Served {
    fn start(extra: &[&str]) -> Served {
        use std::io::BufRead as _;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alseco"))
            .args(["sandbox", "serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("alseco sandbox serve");
        let mut url = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut url)
            .unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Served {
            child,
            url: url.trim().to_owned(),
        }
    }

    fn alseco(&self, dir: &Path) -> Command {
        let mut cmd = alseco(dir);
        cmd.args(["--endpoint", &self.url, "--bank-code", "ALSC"]);
        cmd
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[test]
fn sandbox_serve_answers_over_http() {
    let dir = tmp();
    let served = Served::start(&["--accounts", "10", "--seed", "7"]);
    served
        .alseco(dir.path())
        .args(["--soap-version", "1.2", "account", "state", "600000"])
        .assert()
        .success()
        .stdout(contains("Active"));
    served
        .alseco(dir.path())
        .args(["invoices", "600010"])
        .assert()
        .code(4)
        .stdout(contains("AccountNotFound"));
}

/// A payment whose answer never comes: the customer is told it failed (exit 5), and the settle
/// pass after it rolls it back by its SysRef.
#[test]
fn an_unanswered_payment_is_rolled_back() {
    let dir = tmp();
    let served = Served::start(&["--faults", "PayNewD:drop_after_commit=1"]);
    served
        .alseco(dir.path())
        .args(["--timeout", "5s", "pay", "--account", "600001"])
        .assert()
        .code(5)
        .stdout(contains("ALSC000000000001").and(contains("not_completed")))
        .stderr(
            contains("settle pass: 1 rolled back")
                .and(contains("error: payment not completed, being rolled back")),
        );
    served
        .alseco(dir.path())
        .args(["status", "ALSC000000000001"])
        .assert()
        .success()
        .stdout(contains("NotFound"));
}

// ---------------------------------------------------------------- offline commands

const CALC_INPUT: &str = r#"{
    "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
    "norms": {"k1": 70, "k2": 120}, "residents": 2,
    "previous_reading_date": "2025-03-31", "reading_date": "2025-04-30",
    "day": {"previous": 1000, "last": 1150}
}"#;

#[test]
fn calc_electricity() {
    let dir = tmp();
    std::fs::write(dir.path().join("reading.json"), CALC_INPUT).unwrap();
    alseco(dir.path())
        .args(["calc", "electricity", "--input", "reading.json"])
        .assert()
        .success()
        .stdout(contains(r#""total":"3132.60""#));
    alseco(dir.path())
        .args(["calc", "electricity", "--input", "-"])
        .write_stdin(CALC_INPUT)
        .assert()
        .success()
        .stdout(contains("3132.60"));
}

#[test]
fn decode_every_spec_response() {
    let dir = tmp();
    let mut decoded = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((method, _)) = name.split_once(".response") else {
            continue;
        };
        let out = stdout_of(alseco(dir.path()).arg("decode").arg(method).arg(&path));
        let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert!(json.is_object(), "{name}: {out}");
        decoded += 1;
    }
    assert!(decoded >= 20, "only {decoded} responses");
    // Method names match case-insensitively.
    alseco(dir.path())
        .arg("decode")
        .arg("getaccountstate")
        .arg(fixtures().join("GetAccountState.response.xml"))
        .assert()
        .success()
        .stdout(contains("GetAccountStateResult"));
}

#[test]
fn decode_refuses_faults_malformed_xml_and_the_wrong_method() {
    let dir = tmp();
    let fault = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<faultcode>soap:Client</faultcode><faultstring>Не найден банк</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    std::fs::write(dir.path().join("fault.xml"), fault).unwrap();
    alseco(dir.path())
        .args(["decode", "GetAccountState", "fault.xml"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(contains("error: SOAP fault").and(contains("Не найден банк")));

    std::fs::write(dir.path().join("broken.xml"), "<soap:Envelope><oops").unwrap();
    alseco(dir.path())
        .args(["decode", "GetAccountState", "broken.xml"])
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with("error: ").and(contains("\n").count(1)));

    alseco(dir.path())
        .arg("decode")
        .arg("GetCurrentPeriod")
        .arg(fixtures().join("GetAccountState.response.xml"))
        .assert()
        .code(3)
        .stderr(contains("error: not a GetCurrentPeriod response"));

    alseco(dir.path())
        .args(["decode", "NoSuchMethod", "fault.xml"])
        .assert()
        .code(2)
        .stderr(contains("unknown method"));
    alseco(dir.path())
        .args(["decode", "GetAccountState", "missing.xml"])
        .assert()
        .code(3)
        .stderr(contains("error: cannot read missing.xml"));
}

// ---------------------------------------------------------------- help

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tmp();
    let commands: &[&[&str]] = &[
        &["period"],
        &["account", "state"],
        &["invoices"],
        &["bills", "labels"],
        &["bills", "list"],
        &["formed-bills"],
        &["pay"],
        &["rollback"],
        &["acknowledge"],
        &["status"],
        &["payments"],
        &["processed"],
        &["bill-pays"],
        &["tax-codes"],
        &["pdf"],
        &["report", "108e"],
        &["report", "nkr"],
        &["day-sum"],
        &["calc", "electricity"],
        &["decode"],
        &["sandbox", "serve"],
    ];
    for command in commands {
        alseco(dir.path())
            .args(*command)
            .arg("--help")
            .assert()
            .success()
            .stdout(contains("Example").and(contains("alseco ")));
    }
    alseco(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit codes").and(contains("5  transport failure")));
}

// ---------------------------------------------------------------- bad input and settings

#[test]
fn unknown_accounts_are_refused() {
    let dir = tmp();
    sandbox(dir.path(), &["invoices", "1"])
        .assert()
        .code(4)
        .stdout(contains("AccountNotFound"))
        .stderr("error: no invoices for 1: AccountNotFound\n");
    sandbox(dir.path(), &["--csv", "invoices", "1"])
        .assert()
        .code(4)
        .stdout(contains("\n1,AccountNotFound,,,,,\n"));
    sandbox(dir.path(), &["pay", "--account", "1"])
        .assert()
        .code(4)
        .stderr(contains("account 1: AccountNotFound"));
    sandbox(dir.path(), &["invoices", "12x"])
        .assert()
        .code(3)
        .stderr(contains("`12x` is not an account number"));
}

#[test]
fn bad_dates_and_periods_are_bad_input() {
    let dir = tmp();
    sandbox(dir.path(), &["processed", "--date", "2025-13-45"])
        .assert()
        .code(3)
        .stderr(contains("error: bad date `2025-13-45`"));
    sandbox(
        dir.path(),
        &["payments", "--from", "yesterday", "--to", "2025-01-01"],
    )
    .assert()
    .code(3);
    sandbox(dir.path(), &["bills", "labels", "--period", "2025-4"])
        .assert()
        .code(3)
        .stderr(contains("bad period"));
}

#[test]
fn malformed_json_and_unreadable_files_are_bad_input() {
    let dir = tmp();
    std::fs::write(dir.path().join("bad.json"), "{\"account_id\": 1,").unwrap();
    sandbox(dir.path(), &["pay", "--document", "bad.json"])
        .assert()
        .code(3)
        .stderr(contains("error: malformed payment document"));
    sandbox(dir.path(), &["pay", "--document", "nowhere.json"])
        .assert()
        .code(3)
        .stderr(contains("error: cannot read nowhere.json"));
    alseco(dir.path())
        .args(["calc", "electricity", "--input", "bad.json"])
        .assert()
        .code(3)
        .stderr(contains("error: electricity input"));
    sandbox(dir.path(), &["invoices", "--file", "nowhere.txt"])
        .assert()
        .code(3);
    sandbox(
        dir.path(),
        &["pay", "--account", "600000", "--sum", "13=abc"],
    )
    .assert()
    .code(3);
}

#[test]
fn settings_come_from_flags_env_then_file() {
    let dir = tmp();
    // Nothing configured: a usage error.
    alseco(dir.path())
        .arg("period")
        .assert()
        .code(2)
        .stderr(contains("error: no endpoint"));
    // The file: nobody listens on port 1, a transport failure.
    std::fs::write(
        dir.path().join("alseco.toml"),
        "endpoint = \"http://127.0.0.1:1/Alseco.asmx\"\nbank_code = \"ALSC\"\ntimeout = 5\n",
    )
    .unwrap();
    alseco(dir.path())
        .args(["--config", "alseco.toml", "period"])
        .assert()
        .code(5)
        .stderr(contains("error: transport error"));
    // The environment wins over the file…
    alseco(dir.path())
        .env("ALSECO_CONFIG", "alseco.toml")
        .env("ALSECO_ENDPOINT", "ftp://example.invalid/")
        .arg("period")
        .assert()
        .code(2)
        .stderr(contains("invalid endpoint `ftp://example.invalid/`"));
    // …and flags over the environment.
    alseco(dir.path())
        .env("ALSECO_CONFIG", "alseco.toml")
        .env("ALSECO_ENDPOINT", "ftp://example.invalid/")
        .args(["--endpoint", "http://127.0.0.1:1/x", "period"])
        .assert()
        .code(5);
    // A broken config file is bad input; clap's own errors exit 2.
    std::fs::write(dir.path().join("bad.toml"), "endpoint = ").unwrap();
    alseco(dir.path())
        .args(["--config", "bad.toml", "period"])
        .assert()
        .code(3);
    alseco(dir.path())
        .args(["period", "--nope"])
        .assert()
        .code(2);
}
