//! The sandbox service, called through the generated trait.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use alseco_client::calc::adapter::{AdapterOptions, NewReadings, calculate_invoice};
use alseco_client::invoice_number::InvoiceNumber;
use alseco_client::period::Period;
use alseco_sandbox::banks::{Bank, BankRegistry};
use alseco_sandbox::clock::Clock;
use alseco_sandbox::dataset::{
    AccountStatus, CAPITAL_REPAIR, COLD_WATER, Dataset, ELECTRICITY_DAY, ELECTRICITY_NIGHT, GAS,
    InvoiceRecord, check_digit, is_valid_barcode,
};
use alseco_sandbox::service::{MAX_PAY_SUM, PaymentLedgerState};
use alseco_sandbox::{Sandbox, SandboxConfig};
use alseco_types::messages as m;
use alseco_types::operation::RequestContext;
use alseco_types::scalars::DateTime;
use alseco_types::server::AlsecoPaymentsService;
use alseco_types::soap::Fault;
use alseco_types::types::{
    AccountInvoicesState, AccountState, BillPaysResult, OperationState, PaymentDocument,
    PaymentParameter, PaymentState, PaymentStatus, RollbackPaymentResult,
};
use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;

/// Polls a future the sandbox returns (always ready).
fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the sandbox's futures are always ready"),
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn wire(s: &str) -> DateTime {
    s.parse().unwrap()
}

/// A sandbox at `now` (UTC; Astana is UTC+5).
fn sandbox_at(now: &str) -> Sandbox {
    Sandbox::new(SandboxConfig {
        clock: Clock::fixed(ts(now)),
        ..SandboxConfig::default()
    })
}

fn ctx() -> RequestContext {
    RequestContext::default()
}

fn alsc() -> Option<String> {
    Some("ALSC".to_owned())
}

/// 2025-04-15 11:00 Astana: mid-period, April's invoices all formed.
const MID_APRIL: &str = "2025-04-15T06:00:00Z";

fn april() -> Period {
    Period::new(2025, 4).unwrap()
}

/// A payment document paying every line of the invoice in full.
fn full_payment(inv: &InvoiceRecord, sys_ref: &str) -> PaymentDocument {
    PaymentDocument {
        account_id: inv.account_id,
        invoice_id: Some(inv.number.clone()),
        payment_date: wire("2025-04-15T10:59:00"),
        sys_ref: Some(sys_ref.to_owned()),
        payment_parameters: inv
            .lines
            .iter()
            .map(|l| PaymentParameter {
                service_id: l.service_id,
                pay_counts: Decimal::ZERO,
                last_counts: Decimal::ZERO,
                last_count_date: None,
                pay_sum: l.fix_sum,
            })
            .collect(),
    }
}

fn pay(sb: &Sandbox, docs: Vec<PaymentDocument>) -> Vec<alseco_types::types::ResultPaymentInvoice> {
    run(sb.pay_new(
        &ctx(),
        m::PayNew {
            payment_documents: docs,
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .pay_new_result
}

fn rollback(sb: &Sandbox, ids: Vec<i32>) -> Vec<RollbackPaymentResult> {
    run(sb.rollback_payments(
        &ctx(),
        m::RollbackPayments {
            payment_ids: ids,
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .rollback_payments_result
    .into_iter()
    .map(|r| r.result)
    .collect()
}

/// GetBillPays of a bill in a month.
fn bill_pays(sb: &Sandbox, bill_id: i32, year: i32, month: i32) -> BillPaysResult {
    run(sb.get_bill_pays(
        &ctx(),
        m::GetBillPays {
            bill_id,
            year,
            month,
        },
    ))
    .unwrap()
    .get_bill_pays_result
    .unwrap()
}

fn main_invoice(sb: &Sandbox) -> InvoiceRecord {
    let ds = sb.dataset();
    ds.invoices(ds.first_account_id(), april()).remove(0)
}

#[test]
fn the_dataset_is_deterministic_per_seed() {
    let a = Dataset::new(7, 1000, 600_000, 3);
    let b = Dataset::new(7, 1000, 600_000, 3);
    let c = Dataset::new(8, 1000, 600_000, 3);
    let ids: Vec<i32> = (600_000..600_050).collect();
    let of = |ds: &Dataset| -> Vec<_> { ids.iter().map(|&id| ds.invoices(id, april())).collect() };
    assert_eq!(of(&a), of(&b));
    assert_ne!(of(&a), of(&c));
    let names = |ds: &Dataset| -> Vec<_> { ids.iter().map(|&id| ds.account(id)).collect() };
    assert_eq!(names(&a), names(&b));
    assert_ne!(names(&a), names(&c));
    // Every kind of account exists, and ids outside the range are unknown.
    for status in [
        AccountStatus::Active,
        AccountStatus::NotFound,
        AccountStatus::Deleted,
        AccountStatus::Merged,
    ] {
        assert!(a.find_account(status).is_some(), "{status:?}");
    }
    assert_eq!(a.status(599_999), AccountStatus::NotFound);
    assert_eq!(a.status(601_000), AccountStatus::NotFound);
    // The first account has everything.
    let first = a.account(600_000).unwrap();
    assert_eq!(first.status, AccountStatus::Active);
    assert!(first.name.chars().any(|c| ('А'..='я').contains(&c)));
    assert!(first.address().starts_with("Алматы қ.|г.Алматы, "));
    let invoices = a.invoices(600_000, april());
    assert_eq!(invoices.len(), 2, "a split bill");
    assert_eq!(invoices[1].service_ids(), vec![8, CAPITAL_REPAIR]);
    // A large dataset is lazy: the last of a million accounts is as cheap as the first.
    let big = Dataset::new(7, 1_000_000, 600_000, 3);
    let last = big.account_ids().last().unwrap();
    assert_eq!(last, 1_599_999);
    let id = (last - 100..=last)
        .find(|&id| big.status(id) == AccountStatus::Active)
        .unwrap();
    let inv = big.invoices(id, april()).remove(0);
    assert_eq!(big.find_invoice(&inv.number), Some(inv));
}

#[test]
fn invoice_numbers_start_with_yymm_and_end_in_a_luhn_check_digit() {
    // The Luhn example: 7992739871 → 3.
    assert_eq!(check_digit("7992739871"), 3);
    assert!(is_valid_barcode("79927398713"));
    assert!(!is_valid_barcode("79927398714"));
    let ds = Dataset::new(42, 1000, 600_000, 3);
    for id in 600_000..600_100 {
        for inv in ds.invoices(id, april()) {
            assert_eq!(inv.number.len(), 12);
            assert!(inv.number.starts_with("2504"));
            let barcode = inv.barcode();
            assert!(is_valid_barcode(&barcode));
            let parsed = InvoiceNumber::from_barcode(&barcode).unwrap();
            assert_eq!(parsed.as_str(), inv.number);
            assert_eq!(parsed.period(), april());
            assert_eq!(ds.find_invoice(&inv.number).as_ref(), Some(&inv));
            assert_eq!(ds.find_bill(inv.bill_id, april()).as_ref(), Some(&inv));
            // The barcode itself (with its check digit) is not a request number.
            assert_eq!(ds.find_invoice(&barcode), None);
        }
    }
}

#[test]
fn the_period_lags_the_calendar_until_the_transition_day() {
    let period = |sb: &Sandbox| {
        run(sb.get_current_period(&ctx(), m::GetCurrentPeriod { bank_code: alsc() }))
            .unwrap()
            .get_current_period_result
            .unwrap()
    };
    // 2025-05-03 12:00 Astana: still April.
    let sb = sandbox_at("2025-05-03T07:00:00Z");
    assert_eq!(period(&sb), "2025-04");
    // 2025-05-03 23:30 Astana is still the 3rd; 19:00Z is 00:00 on the 4th.
    sb.clock().set(ts("2025-05-03T18:30:00Z"));
    assert_eq!(period(&sb), "2025-04");
    sb.clock().set(ts("2025-05-03T19:00:00Z"));
    assert_eq!(period(&sb), "2025-05");
    // Invoices returned during the transition are April's.
    sb.clock().set(ts("2025-05-02T07:00:00Z"));
    let first = sb.dataset().first_account_id();
    let r = run(sb.get_invoices_by_accounts_re_new(
        &ctx(),
        m::GetInvoicesByAccountsReNew {
            accounts: vec![first],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_re_new_result;
    let inv = &r[0].account_invoices.as_ref().unwrap().invoices[0];
    assert_eq!((inv.formed_year, inv.formed_month), (2025, 4));
    // On the 4th at 00:00 no May invoice is formed yet (they form on days 4–10, from 08:00).
    sb.clock().set(ts("2025-05-03T19:00:00Z"));
    let r = run(sb.get_invoices_by_accounts_re_new(
        &ctx(),
        m::GetInvoicesByAccountsReNew {
            accounts: vec![first],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_re_new_result;
    assert_eq!(r[0].state, AccountInvoicesState::InvoicesNotFormed);
    // A transition day of 0: the calendar month from the 1st.
    let sb = Sandbox::new(SandboxConfig {
        transition_day: 0,
        clock: Clock::fixed(ts("2025-05-01T07:00:00Z")),
        ..SandboxConfig::default()
    });
    assert_eq!(period(&sb), "2025-05");
}

#[test]
fn account_states_and_invoice_states() {
    let sb = sandbox_at(MID_APRIL);
    let ds = sb.dataset();
    let deleted = ds.find_account(AccountStatus::Deleted).unwrap();
    let merged = ds.find_account(AccountStatus::Merged).unwrap();
    let missing = ds.find_account(AccountStatus::NotFound).unwrap();
    let first = ds.first_account_id();
    let state = |id| {
        run(sb.get_account_state(
            &ctx(),
            m::GetAccountState {
                account_id: id,
                bank_code: alsc(),
            },
        ))
        .unwrap()
        .get_account_state_result
    };
    assert_eq!(state(first), AccountState::Active);
    assert_eq!(state(deleted), AccountState::Deleted);
    assert_eq!(state(merged), AccountState::Merged);
    assert_eq!(state(missing), AccountState::NotFound);
    assert_eq!(state(1), AccountState::NotFound);

    let r = run(sb.get_invoices_by_accounts_new(
        &ctx(),
        m::GetInvoicesByAccountsNew {
            accounts: vec![first, deleted, merged, missing],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_new_result;
    let states: Vec<_> = r.iter().map(|x| x.state.clone()).collect();
    assert_eq!(
        states,
        vec![
            AccountInvoicesState::Success,
            AccountInvoicesState::AccountIsDeleted,
            AccountInvoicesState::AccountIsMerged,
            AccountInvoicesState::AccountNotFound,
        ]
    );
    // The old structure: ФИО and address together, DebtInfo text, two invoices.
    let acc = r[0].account_invoices.as_ref().unwrap();
    let account = ds.account(first).unwrap();
    assert_eq!(
        acc.account_address.as_deref(),
        Some(account.name_and_address().as_str())
    );
    assert_eq!(acc.invoices.len(), 2);
    let expected = ds.invoices(first, april());
    assert_eq!(
        acc.invoices[0].invoce_id.as_deref(),
        Some(expected[0].number.as_str())
    );
    assert_eq!(
        acc.invoices[0].invoice_parameters[0].fix_sum,
        expected[0].lines[0].fix_sum
    );
    assert_eq!(acc.calculation_parameters[0].parameter_id, 1);
    assert_eq!(
        acc.calculation_parameters[0].parameter_value,
        Decimal::from(account.residents)
    );
}

#[test]
fn every_invoice_structure_is_filled_from_the_same_data() {
    let sb = sandbox_at(MID_APRIL);
    let ds = sb.dataset();
    let first = ds.first_account_id();
    let expected = ds.invoices(first, april());

    // By invoice number (without the check digit); unknown and check-digit forms are not found.
    let r = run(sb.get_invoices_by_invoices_new(
        &ctx(),
        m::GetInvoicesByInvoicesNew {
            input_invoices: vec![
                expected[1].number.clone(),
                expected[1].barcode(),
                "250400000000".into(),
            ],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_invoices_new_result;
    assert_eq!(r[0].state, AccountInvoicesState::Success);
    let acc = r[0].account_invoices.as_ref().unwrap();
    assert_eq!(acc.invoices.len(), 1);
    assert_eq!(
        acc.invoices[0].invoce_id.as_deref(),
        Some(expected[1].number.as_str())
    );
    assert_eq!(r[1].state, AccountInvoicesState::InvoiceNotFound);
    assert_eq!(r[2].state, AccountInvoicesState::InvoiceNotFound);

    // ReNew and AndPeriod agree for the current period; AndPeriod also gives history.
    let renew = run(sb.get_invoices_by_accounts_re_new(
        &ctx(),
        m::GetInvoicesByAccountsReNew {
            accounts: vec![first],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_re_new_result;
    let and_period = |year, month| {
        run(sb.get_invoices_by_accounts_and_period(
            &ctx(),
            m::GetInvoicesByAccountsAndPeriod {
                accounts: vec![first],
                bank_code: alsc(),
                year,
                month,
            },
        ))
        .unwrap()
        .get_invoices_by_accounts_and_period_result
    };
    assert_eq!(and_period(2025, 4), renew);
    let march = and_period(2025, 3);
    assert_eq!(
        march[0].account_invoices.as_ref().unwrap().invoices[0].formed_month,
        3
    );
    assert!(
        march[0].account_invoices.as_ref().unwrap().invoices[0]
            .invoce_id
            .as_deref()
            .unwrap()
            .starts_with("2503")
    );
    assert_eq!(
        and_period(2025, 5)[0].state,
        AccountInvoicesState::InvoicesNotFormed
    );
    assert_eq!(
        and_period(2019, 1)[0].state,
        AccountInvoicesState::InvoicesNotFormed
    );

    // WithInfo: the ReNew lines plus information strings.
    let info = run(sb.get_invoices_by_accounts_with_info(
        &ctx(),
        m::GetInvoicesByAccountsWithInfo {
            accounts: vec![first],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_with_info_result;
    let info_inv = &info[0].account_invoices.as_ref().unwrap().invoices[0];
    assert!(!info_inv.info_strig_list.is_empty());
    assert_eq!(
        info_inv.invoice_parameters,
        renew[0].account_invoices.as_ref().unwrap().invoices[0].invoice_parameters
    );

    // LastVers: servValues for gas, water and suppliers; electricity computable by the bank.
    let lv = run(sb.get_invoices_by_accounts_last_vers(
        &ctx(),
        m::GetInvoicesByAccountsLastVers {
            accounts: vec![first],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .get_invoices_by_accounts_last_vers_result;
    let acc = lv[0].account_invoices.as_ref().unwrap();
    let inv = &acc.invoices[0];
    let names: Vec<(i32, &str)> = inv
        .serv_values
        .iter()
        .map(|v| (v.serv_id, v.value_name.as_deref().unwrap()))
        .collect();
    assert!(names.contains(&(GAS, "TempKoef")));
    for name in [
        "Consumption1",
        "Consumption2",
        "Consumption3",
        "Consumption4",
        "Tarif_Value1",
        "Tarif_Value2",
        "Tarif_Value3",
        "Tarif_Value4",
        "Control_Pok",
        "Control_Date",
        "service_supplier",
    ] {
        assert!(names.contains(&(COLD_WATER, name)), "{name}");
    }
    let tarif1 = inv
        .serv_values
        .iter()
        .find(|v| v.value_name.as_deref() == Some("Tarif_Value1"))
        .unwrap();
    assert_eq!(tarif1.value.as_deref(), Some("73.92"));
    assert_eq!(tarif1.value_type.as_deref(), Some("decimal(9,4)"));
    let ids: Vec<i32> = inv
        .invoice_parameters
        .iter()
        .map(|p| p.service_id)
        .collect();
    assert_eq!(
        ids,
        vec![ELECTRICITY_DAY, ELECTRICITY_NIGHT, GAS, COLD_WATER]
    );
    let day = &inv.invoice_parameters[0];
    let tariff = day.tariff.as_ref().unwrap();
    assert_eq!(tariff.min_tariff_value, Some(d("25.30")));
    assert_eq!(tariff.middle_tariff_value, Some(d("31.63")));
    assert_eq!(tariff.max_tariff_value, Some(d("37.95")));
    assert_eq!(tariff.min_tariff_threshold, Some(d("70")));
    assert_eq!(tariff.middle_tariff_threshold, Some(d("120")));
    // The client's calculator, fed the invoice and ALSECO's estimated readings, gives the charges.
    let night = &inv.invoice_parameters[1];
    let readings = NewReadings {
        day: day.last_count.unwrap(),
        night: night.last_count,
        date: april().last_day(),
    };
    let (_, amount) = calculate_invoice(
        inv,
        &acc.calculation_parameters,
        &readings,
        &AdapterOptions::default(),
    )
    .unwrap();
    assert_eq!(Some(amount.day.amount), day.calc.as_ref().unwrap().calc);
    assert_eq!(
        amount.night.map(|n| n.amount),
        night.calc.as_ref().unwrap().calc
    );
    let tiers = day
        .check_count
        .as_ref()
        .unwrap()
        .quantity_count
        .as_ref()
        .unwrap();
    assert_eq!(
        tiers.min_quantity_count.unwrap()
            + tiers.middle_quantity_count.unwrap()
            + tiers.max_quantity_count.unwrap(),
        day.fix_count.unwrap()
    );
    // FixSum = charge net of the carried debt (DebtSum < 0) or overpayment (> 0).
    for p in &inv.invoice_parameters {
        let charge = p.calc.as_ref().unwrap().calc.unwrap();
        let debt = p.debt_sum.unwrap_or_default();
        assert_eq!(
            p.fix_sum.unwrap(),
            (charge - debt).max(Decimal::ZERO).round_dp(2)
        );
        assert_eq!(p.pay_sum, None);
    }
}

#[test]
fn pay_then_roll_back_the_same_day_then_again_then_next_day() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let r = pay(
        &sb,
        vec![full_payment(&inv, "REF-1"), full_payment(&inv, "REF-2")],
    );
    assert_eq!(r[0].state, PaymentState::Success);
    assert_eq!(r[0].payment_id, 1);
    assert_eq!(r[1].payment_id, 2);
    assert_eq!(r[0].invoice_id.as_deref(), Some(inv.number.as_str()));
    assert_eq!(r[0].pay_res_date, None, "PayNew has no PayResDate");

    assert_eq!(rollback(&sb, vec![1]), vec![RollbackPaymentResult::Success]);
    assert_eq!(
        rollback(&sb, vec![1]),
        vec![RollbackPaymentResult::PaymentWasRolledBack]
    );
    assert_eq!(
        rollback(&sb, vec![99]),
        vec![RollbackPaymentResult::PaymentNotFound]
    );

    // The next day (Astana): too late.
    sb.clock().advance(SignedDuration::from_hours(14));
    assert_eq!(
        rollback(&sb, vec![2]),
        vec![RollbackPaymentResult::PaymentProcessed]
    );

    let ledger = sb.ledger();
    assert_eq!(ledger.len(), 2);
    assert!(ledger[0].rolled_back);
    assert_eq!(ledger[0].state, PaymentLedgerState::RolledBack);
    assert_eq!(ledger[1].state, PaymentLedgerState::Accepted);
    assert_eq!(ledger[1].sys_ref, "REF-2");
    assert_eq!(ledger[1].bank, "ALSC");
    assert_eq!(ledger[1].account_id, inv.account_id);
    assert_eq!(ledger[1].invoice_id, inv.number);
    assert_eq!(ledger[1].sum, inv.total());
    assert_eq!(ledger[1].received_at, ts(MID_APRIL));

    // By SysRef, and the rollback of a rolled-back SysRef.
    let by_ref = |refs: Vec<&str>| {
        run(sb.rollback_payments_by_sys_ref(
            &ctx(),
            m::RollbackPaymentsBySysRef {
                sys_refs: refs.into_iter().map(str::to_owned).collect(),
                bank_code: alsc(),
            },
        ))
        .unwrap()
        .rollback_payments_by_sys_ref_result
    };
    let r = by_ref(vec!["REF-1", "REF-2", "NOPE"]);
    assert_eq!(r[0].payment_id.as_deref(), Some("REF-1"));
    let results: Vec<_> = r.into_iter().map(|x| x.result).collect();
    assert_eq!(
        results,
        vec![
            RollbackPaymentResult::PaymentWasRolledBack,
            RollbackPaymentResult::PaymentProcessed,
            RollbackPaymentResult::PaymentNotFound,
        ]
    );
}

#[test]
fn a_payment_in_the_processing_window_cannot_be_rolled_back_yet() {
    let sb = sandbox_at(MID_APRIL); // 11:00 Astana
    let inv = main_invoice(&sb);
    let id = pay(&sb, vec![full_payment(&inv, "W-1")])[0].payment_id;
    sb.set_processing_window(Some((time(10, 30, 0, 0), time(11, 30, 0, 0))));
    assert_eq!(
        rollback(&sb, vec![id]),
        vec![RollbackPaymentResult::PaymentInProcessing]
    );
    sb.clock().advance(SignedDuration::from_mins(30));
    assert_eq!(
        rollback(&sb, vec![id]),
        vec![RollbackPaymentResult::Success]
    );
    // A zero processing delay: processed at once.
    let sb = Sandbox::new(SandboxConfig {
        processing_delay: SignedDuration::ZERO,
        clock: Clock::fixed(ts(MID_APRIL)),
        ..SandboxConfig::default()
    });
    let id = pay(&sb, vec![full_payment(&main_invoice(&sb), "Z-1")])[0].payment_id;
    assert_eq!(
        rollback(&sb, vec![id]),
        vec![RollbackPaymentResult::PaymentProcessed]
    );
}

#[test]
fn payment_refusals() {
    let sb = sandbox_at(MID_APRIL);
    let ds = sb.dataset();
    let inv = main_invoice(&sb);
    assert_eq!(
        pay(&sb, vec![full_payment(&inv, "S-1")])[0].state,
        PaymentState::Success
    );

    // The same SysRef again, even for another invoice, and after a rollback.
    let r = pay(&sb, vec![full_payment(&inv, "S-1")]);
    assert_eq!(
        (r[0].state.clone(), r[0].payment_id),
        (PaymentState::SysRefExists, -1)
    );
    assert_eq!(rollback(&sb, vec![1]), vec![RollbackPaymentResult::Success]);
    assert_eq!(
        pay(&sb, vec![full_payment(&inv, "S-1")])[0].state,
        PaymentState::SysRefExists
    );

    // Services differing from the invoice's: one missing, one extra, one repeated.
    let mut missing = full_payment(&inv, "S-2");
    missing.payment_parameters.pop();
    let mut extra = full_payment(&inv, "S-3");
    extra.payment_parameters.push(PaymentParameter {
        service_id: CAPITAL_REPAIR,
        ..Default::default()
    });
    let mut repeated = full_payment(&inv, "S-4");
    let last = repeated.payment_parameters.len() - 1;
    repeated.payment_parameters[last].service_id = ELECTRICITY_DAY;
    for r in pay(&sb, vec![missing, extra, repeated]) {
        assert_eq!((r.state, r.payment_id), (PaymentState::InvoiceNotFound, -1));
    }

    // Another account's invoice, an unknown number, a number with its check digit.
    let other_id = ds
        .account_ids()
        .skip(1)
        .find(|&id| ds.status(id) == AccountStatus::Active)
        .unwrap();
    let other = ds.invoices(other_id, april()).remove(0);
    let mut wrong_account = full_payment(&other, "S-5");
    wrong_account.account_id = inv.account_id;
    let mut unknown = full_payment(&inv, "S-6");
    unknown.invoice_id = Some("250499999999".into());
    let mut barcode = full_payment(&inv, "S-7");
    barcode.invoice_id = Some(inv.barcode());
    for r in pay(&sb, vec![wrong_account, unknown, barcode]) {
        assert_eq!(r.state, PaymentState::InvoiceNotFound);
    }

    // Account states.
    let mut deleted = full_payment(&inv, "S-8");
    deleted.account_id = ds.find_account(AccountStatus::Deleted).unwrap();
    let mut merged = full_payment(&inv, "S-9");
    merged.account_id = ds.find_account(AccountStatus::Merged).unwrap();
    let mut missing = full_payment(&inv, "S-10");
    missing.account_id = 42;
    let states: Vec<_> = pay(&sb, vec![deleted, merged, missing])
        .into_iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(
        states,
        vec![
            PaymentState::AccountIsDeleted,
            PaymentState::AccountIsMerged,
            PaymentState::AccountNotFound
        ]
    );
    // Only the one success is in the ledger.
    assert_eq!(sb.ledger().len(), 1);

    // A document without SysRef is a client fault.
    let mut no_ref = full_payment(&inv, "x");
    no_ref.sys_ref = None;
    let fault: Fault = run(sb.pay(
        &ctx(),
        m::Pay {
            payment_documents: vec![no_ref],
            bank_code: alsc(),
        },
    ))
    .unwrap_err();
    assert!(fault.reason.contains("SysRef"));
}

#[test]
fn pay_new_d_returns_the_acceptance_time_and_pay_works_too() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let r = run(sb.pay_new_d(
        &ctx(),
        m::PayNewD {
            payment_documents: vec![full_payment(&inv, "D-1")],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .pay_new_d_result;
    assert_eq!(r[0].state, PaymentState::Success);
    assert_eq!(r[0].pay_res_date, Some(wire("2025-04-15T11:00:00")));
    let r = run(sb.pay(
        &ctx(),
        m::Pay {
            payment_documents: vec![full_payment(&inv, "D-2")],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .pay_result;
    assert_eq!(
        (r[0].state.clone(), r[0].payment_id),
        (PaymentState::Success, 2)
    );
}

#[test]
fn with_pays_nets_fix_sum_by_this_periods_payments() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let first = inv.account_id;
    let mut doc = full_payment(&inv, "N-1");
    // Pay 100.00 on every service.
    for p in &mut doc.payment_parameters {
        p.pay_sum = d("100.00");
    }
    assert_eq!(pay(&sb, vec![doc])[0].state, PaymentState::Success);
    let get = || {
        run(sb.get_invoices_by_accounts_last_vers_with_pays(
            &ctx(),
            m::GetInvoicesByAccountsLastVersWithPays {
                accounts: vec![first],
                bank_code: alsc(),
            },
        ))
        .unwrap()
        .get_invoices_by_accounts_last_vers_with_pays_result
    };
    let r = get();
    let lines = &r[0].account_invoices.as_ref().unwrap().invoices[0].invoice_parameters;
    for (line, expected) in lines.iter().zip(&inv.lines) {
        assert_eq!(line.pay_sum, Some(d("100.00")));
        assert_eq!(
            line.fix_sum,
            Some((expected.fix_sum - d("100")).max(Decimal::ZERO).round_dp(2))
        );
    }
    // The second (unpaid) invoice is untouched; a rollback restores the first.
    let second = &r[0].account_invoices.as_ref().unwrap().invoices[1].invoice_parameters;
    assert!(second.iter().all(|l| l.pay_sum.is_none()));
    assert_eq!(rollback(&sb, vec![1]), vec![RollbackPaymentResult::Success]);
    let r = get();
    let lines = &r[0].account_invoices.as_ref().unwrap().invoices[0].invoice_parameters;
    assert_eq!(lines[0].fix_sum, Some(inv.lines[0].fix_sum));
    assert_eq!(lines[0].pay_sum, None);
}

#[test]
fn payment_reports_follow_the_ledger() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let ds = sb.dataset();
    let second = ds.invoices(inv.account_id, april()).remove(1);
    assert_eq!(
        pay(
            &sb,
            vec![full_payment(&inv, "P-1"), full_payment(&second, "P-2")]
        )
        .len(),
        2
    );

    let by_ref = |r: &str| {
        run(sb.get_payments_info_by_sys_ref(
            &ctx(),
            m::GetPaymentsInfoBySysRef {
                sys_ref: Some(r.to_owned()),
                bank_code: alsc(),
            },
        ))
        .unwrap()
        .get_payments_info_by_sys_ref_result
        .unwrap()
    };
    let info = by_ref("P-1");
    assert_eq!(info.payment_status, PaymentStatus::InProcess);
    assert_eq!(info.payment_id, 1);
    assert_eq!(info.invoice_id.as_deref(), Some(inv.number.as_str()));
    assert_eq!(info.account_id, inv.account_id);
    assert_eq!(info.payment_sum, inv.total());
    assert_eq!(info.payment_date, wire("2025-04-15T11:00:00"));
    assert_eq!(by_ref("nope").payment_status, PaymentStatus::NotFound);

    // getPaysInfo by date range.
    let pays = |from: &str, to: &str| {
        run(sb.get_pays_info(
            &ctx(),
            m::GetPaysInfo {
                bank_code: alsc(),
                date_begin: wire(from),
                date_end: wire(to),
            },
        ))
        .unwrap()
        .get_pays_info_result
    };
    let list = pays("2025-04-15T00:00:00", "2025-04-15T00:00:00");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].sys_ref.as_deref(), Some("P-2"));
    assert_eq!(list[1].pay_sum, second.total());
    assert!(pays("2025-04-16T00:00:00", "2025-04-30T00:00:00").is_empty());

    // GetBankPayByMonth.
    let month = run(sb.get_bank_pay_by_month(
        &ctx(),
        m::GetBankPayByMonth {
            bank_code: alsc(),
            year: 2025,
            month: 4,
        },
    ))
    .unwrap()
    .get_bank_pay_by_month_result
    .unwrap();
    assert!(month.result);
    assert_eq!(
        month
            .list
            .iter()
            .map(|p| p.invoice_payment_id)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        month.list[0].payment_receive_date,
        wire("2025-04-15T11:00:00")
    );

    // GetBillPays by BillId.
    let bill = bill_pays(&sb, inv.bill_id, 2025, 4);
    assert_eq!(bill.state, OperationState::Success);
    assert_eq!(bill.list.len(), inv.lines.len());
    assert_eq!(bill.list[0].sum_pay, inv.lines[0].fix_sum);
    let none = bill_pays(&sb, inv.bill_id, 2019, 1);
    assert_eq!(
        (none.state, none.error_string.as_deref()),
        (OperationState::Error, Some("Нет данных"))
    );
    // The same YYMM a century later is not the same bill.
    let next_century = bill_pays(&sb, inv.bill_id, 2125, 4);
    assert_eq!(
        (next_century.state, next_century.error_string.as_deref()),
        (OperationState::Error, Some("Нет данных"))
    );

    // GetPaymentsInfo: nothing processed yet; 5 days later both, on 2025-04-20.
    let processed = |day: Option<i32>| {
        run(sb.get_payments_info(
            &ctx(),
            m::GetPaymentsInfo {
                year: 2025,
                month: 4,
                day,
                bank_code: alsc(),
            },
        ))
        .unwrap()
        .get_payments_info_result
    };
    assert!(processed(None).is_empty());
    sb.clock().advance(SignedDuration::from_hours(24 * 5));
    assert_eq!(processed(Some(20)).len(), 2);
    assert_eq!(processed(Some(20))[0].sys_ref.as_deref(), Some("P-1"));
    assert!(processed(Some(19)).is_empty());
    assert_eq!(processed(None).len(), 2);
    assert_eq!(by_ref("P-1").payment_status, PaymentStatus::Complete);
    assert!(
        sb.ledger()
            .iter()
            .all(|p| p.state == PaymentLedgerState::Processed)
    );
}

#[test]
fn serv_kno_lists_the_services_of_the_month() {
    let sb = sandbox_at(MID_APRIL);
    let ds = sb.dataset();
    let first = ds.first_account_id();
    let kno = |account_id, year, month| {
        run(sb.get_serv_kno(
            &ctx(),
            m::GetServKNO {
                account_id,
                year,
                month,
            },
        ))
        .unwrap()
        .get_serv_kno_result
        .unwrap()
    };
    let r = kno(first, 2025, 4);
    assert_eq!(r.state, OperationState::Success);
    let ids: Vec<i32> = r.list.iter().map(|k| k.serv_id).collect();
    let expected: Vec<i32> = ds
        .invoices(first, april())
        .iter()
        .flat_map(|i| i.service_ids())
        .collect();
    assert_eq!(ids, expected);
    assert!(
        r.list
            .iter()
            .all(|k| k.kno == ds.account(first).unwrap().kno)
    );
    assert_eq!(
        kno(first, 2025, 6).error_string.as_deref(),
        Some("Месяц позже текущего")
    );
    assert_eq!(kno(42, 2025, 4).state, OperationState::Error);
}

#[test]
fn bill_packs_and_bills() {
    let sb = sandbox_at(MID_APRIL);
    let labels = |year, month, bank: Option<String>| {
        run(sb.get_bill_info_labels(
            &ctx(),
            m::GetBillInfoLabels {
                bank_code: bank,
                year,
                month,
            },
        ))
        .unwrap()
        .get_bill_info_labels_result
        .unwrap()
    };
    let r = labels(2025, 4, alsc());
    let ex = r.ex_res.unwrap();
    assert!(ex.executed);
    assert_eq!(
        r.list.iter().map(|l| l.label_id).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    let err =
        |r: alseco_types::types::BillInfoLabelsResult| r.ex_res.unwrap().error_message.unwrap();
    assert_eq!(err(labels(2025, 5, alsc())), "Месяц позже текущего");
    assert_eq!(
        err(labels(2019, 1, alsc())),
        "Нет данных за выбранный период"
    );
    assert_eq!(err(labels(2025, 4, Some("XXXX".into()))), "Не найден банк");

    let info = |year, month, label_id| {
        run(sb.get_bill_info(
            &ctx(),
            m::GetBillInfo {
                bank_code: alsc(),
                year,
                month,
                label_id,
            },
        ))
        .unwrap()
        .get_bill_info_result
        .unwrap()
    };
    let r = info(2025, 4, 1);
    assert!(r.ex_res.as_ref().unwrap().executed);
    let inv = main_invoice(&sb);
    assert_eq!(r.list[0].account_id, inv.account_id);
    assert_eq!(r.list[0].invoice_id.as_deref(), Some(inv.number.as_str()));
    assert_eq!(r.list[0].fix_sum, inv.total());
    assert!(
        r.list
            .iter()
            .all(|b| (600_000..600_100).contains(&b.account_id))
    );
    assert!(
        info(2025, 3, 1).ex_res.unwrap().executed,
        "the previous month is available"
    );
    let msg = |r: alseco_types::types::BillInfoResult| r.ex_res.unwrap().error_message.unwrap();
    assert_eq!(msg(info(2025, 2, 1)), "Нет данных");
    assert_eq!(msg(info(2025, 4, 999)), "Нет данных");
    assert_eq!(msg(info(2025, 5, 1)), "Месяц позже текущего");
}

#[test]
fn accounts_with_formed_bill_keeps_a_cursor_per_bank() {
    // 2025-04-05 12:00 Astana: April's invoices are being formed (days 4–10).
    let sb = sandbox_at("2025-04-05T07:00:00Z");
    let call = |bank: &str| {
        run(sb.get_accounts_with_formed_bill(
            &ctx(),
            m::GetAccountsWithFormedBill {
                bank_code: Some(bank.to_owned()),
            },
        ))
        .unwrap()
        .get_accounts_with_formed_bill_result
    };
    let ds = *sb.dataset();
    let now = sb.clock().now();
    let formed_by = |t: Timestamp| -> Vec<i32> {
        ds.account_ids()
            .filter(|&id| ds.status(id) == AccountStatus::Active && ds.formed_at(id, april()) <= t)
            .collect()
    };
    let first = call("ALSC");
    assert_eq!(first, formed_by(now));
    assert!(!first.is_empty() && first.len() < 900);
    assert!(
        call("ALSC").is_empty(),
        "nothing new since the previous call"
    );
    sb.clock().advance(SignedDuration::from_hours(24));
    let later = formed_by(sb.clock().now());
    let new = call("ALSC");
    assert_eq!(
        new,
        later
            .iter()
            .copied()
            .filter(|id| !first.contains(id))
            .collect::<Vec<_>>()
    );
    assert!(!new.is_empty());
    // Unknown bank: a fault.
    let fault = run(sb.get_accounts_with_formed_bill(
        &ctx(),
        m::GetAccountsWithFormedBill {
            bank_code: Some("XXXX".into()),
        },
    ))
    .unwrap_err();
    assert_eq!(fault.reason, "Не найден банк");
}

#[test]
fn report_108e_and_nkr_follow_the_ledger() {
    let sb = sandbox_at(MID_APRIL);
    let ds = sb.dataset();
    let inv = main_invoice(&sb);
    let second = ds.invoices(inv.account_id, april()).remove(1);
    assert_eq!(second.service_ids(), vec![8, CAPITAL_REPAIR]);
    let mut doc = full_payment(&second, "R-1");
    doc.payment_parameters[1].pay_sum = d("1638.00");
    let results = pay(&sb, vec![full_payment(&inv, "R-0"), doc]);
    assert!(results.iter().all(|r| r.state == PaymentState::Success));

    let report = |date: &str, bank: Option<String>| {
        run(sb.get_report108e(
            &ctx(),
            m::GetReport108e {
                bank_code: bank,
                date_in: wire(date),
            },
        ))
        .unwrap()
        .get_report108e_result
        .unwrap()
    };
    let nkr = |date: &str, bank: Option<String>| {
        run(sb.get_payments_nkr(
            &ctx(),
            m::GetPaymentsNKR {
                bank_code: bank,
                date_in: wire(date),
            },
        ))
        .unwrap()
        .get_payments_nkr_result
        .unwrap()
    };
    let msg = |r: alseco_types::types::Report108eResult| r.error_message.unwrap();
    assert_eq!(
        msg(report("2025-04-15T00:00:00+05:00", alsc())),
        "День не отмечен"
    );
    assert_eq!(
        msg(report("2019-10-31T00:00:00", alsc())),
        "Дата раньше 1 ноября 2019 г."
    );
    assert_eq!(
        msg(report("2025-05-01T00:00:00", alsc())),
        "Месяц позже текущего"
    );
    assert_eq!(
        msg(report("2025-04-14T00:00:00", alsc())),
        "Нет данных за выбранный день"
    );
    assert_eq!(
        msg(report("2025-04-14T00:00:00", Some("XXXX".into()))),
        "Не найден банк"
    );
    let nmsg = |r: alseco_types::types::PaymentsNKRResult| r.error_message.unwrap();
    assert_eq!(
        nmsg(nkr("2025-04-15T00:00:00", alsc())),
        "Дата позже текущего дня"
    );
    assert_eq!(
        nmsg(nkr("2025-04-20T00:00:00", alsc())),
        "Дата позже текущего дня"
    );
    assert_eq!(
        nmsg(nkr("2025-05-02T00:00:00", alsc())),
        "Месяц позже текущего"
    );
    assert_eq!(
        nmsg(nkr("2025-04-14T00:00:00", alsc())),
        "Нет данных за выбранный день"
    );
    assert_eq!(
        nmsg(nkr("2025-04-14T00:00:00", Some("XXXX".into()))),
        "Не найден банк"
    );

    // The next day the report of the 15th is ready.
    sb.clock().advance(SignedDuration::from_hours(24));
    let r = report("2025-04-15T00:00:00+05:00", alsc());
    assert_eq!(r.result.as_deref(), Some("sucsess"));
    let electricity: Decimal = inv.lines[..2].iter().map(|l| l.fix_sum).sum();
    let energy = r
        .list
        .iter()
        .find(|i| i.name_pol.as_deref() == Some("ТОО \"АлматыЭнергоСбыт\""))
        .unwrap();
    assert_eq!(energy.sump, electricity);
    assert_eq!(energy.dat.as_deref(), Some("15.04.2025"));
    assert_eq!(energy.serv_id, None, "two services of one supplier");
    assert_eq!(energy.knp.as_deref(), Some("856"));
    let repair = r
        .list
        .iter()
        .find(|i| i.serv_id == Some(CAPITAL_REPAIR))
        .unwrap();
    assert_eq!(repair.sump, d("1638.00"));
    let total: Decimal = r.list.iter().map(|i| i.sump).sum();
    assert_eq!(total, sb.ledger().iter().map(|p| p.sum).sum::<Decimal>());

    let n = nkr("2025-04-15T00:00:00", alsc());
    assert_eq!(n.result.as_deref(), Some("sucsess"));
    assert_eq!(n.result_list.len(), 8);
    assert!(n.result_list.iter().all(|i| i.row_n == 1));
    let val = |name: &str| {
        n.result_list
            .iter()
            .find(|i| i.name.as_deref() == Some(name))
            .unwrap()
            .val
            .clone()
            .unwrap()
    };
    assert_eq!(val("TownName").text, "г.Алматы");
    assert_eq!(
        val("StreetName").text,
        ds.account(inv.account_id).unwrap().street
    );
    assert_eq!(val("SumPay").to_decimal(), Some(d("1638.00")));
    assert_eq!(val("SumTrans").to_decimal(), Some(d("1625.71")));
    // Money on the wire with its two decimals, as the spec's example writes it.
    assert_eq!(val("SumPay").text, "1638.00");
    assert_eq!(val("SumTrans").text, "1625.71");
    assert!(val("SumPay").xsi_type.unwrap().is_xsd("decimal"));
    assert!(val("TypePay").xsi_type.unwrap().is_xsd("int"));
    assert_eq!(val("TypePay").text, "0");
}

#[test]
fn day_pays_sum_checks_branch_day_and_window() {
    // 2025-03-20 08:59 Astana.
    let sb = sandbox_at("2025-03-20T03:59:00Z");
    let send = |bank: &str, branch_id, date: &str| {
        run(sb.day_pays_sum(
            &ctx(),
            m::DayPaysSum {
                bank_code: Some(bank.to_owned()),
                branch_id,
                pays_date: wire(date),
                pays_count: 100,
                pays_sum: d("1000000"),
            },
        ))
        .unwrap()
        .day_pays_sum_result
        .unwrap()
    };
    // A date with an offset is an instant, read in Astana (UTC+5 since 2024-03-01), as ASMX
    // does: the spec's `+06:00` style at midnight is 23:00 the day before.
    let not_yesterday = send("ALSC", 4005, "2025-03-19T00:00:00.000+06:00");
    assert_eq!(
        not_yesterday.error_message.as_deref(),
        Some("Дата сверки не соответствует предыдущему дню")
    );
    let ok = send("ALSC", 4005, "2025-03-18T19:00:00Z");
    assert_eq!(ok.result.as_deref(), Some("success"));
    assert_eq!(sb.reconciliations().len(), 1);
    assert_eq!(sb.reconciliations()[0].branch_id, 4005);
    assert_eq!(sb.reconciliations()[0].date.to_string(), "2025-03-19");
    for accepted in ["2025-03-19T00:00:00.000+05:00", "2025-03-19T00:00:00"] {
        let r = send("ALSC", 4006, accepted);
        assert_eq!(r.result.as_deref(), Some("success"), "{accepted}");
    }
    assert_eq!(sb.reconciliations().len(), 3);
    let branch = send("ALSC", 4004, "2025-03-19T00:00:00");
    assert_eq!(branch.result.as_deref(), Some("error"));
    assert_eq!(
        branch.error_message.as_deref(),
        Some("Отделение банка 4004 не соответствует используемой аббревиатуре ALSC")
    );
    assert_eq!(
        send("ALSC", 4006, "2025-03-18T00:00:00")
            .error_message
            .as_deref(),
        Some("Дата сверки не соответствует предыдущему дню")
    );
    assert_eq!(
        send("XXXX", 4005, "2025-03-19T00:00:00")
            .error_message
            .as_deref(),
        Some("Не найден банк")
    );
    // 10:00 Astana: too late.
    sb.clock().advance(SignedDuration::from_mins(61));
    assert_eq!(
        send("ALSC", 4005, "2025-03-19T00:00:00")
            .error_message
            .as_deref(),
        Some(
            "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени г. Астаны"
        )
    );
    assert_eq!(sb.reconciliations().len(), 3);
}

#[test]
fn an_unknown_bank_is_a_fault_where_the_result_has_no_error_text() {
    let sb = sandbox_at(MID_APRIL);
    let xx = || Some("XXXX".to_owned());
    let is_fault = |f: Fault| assert_eq!(f.reason, "Не найден банк");
    is_fault(
        run(sb.get_current_period(&ctx(), m::GetCurrentPeriod { bank_code: xx() })).unwrap_err(),
    );
    is_fault(
        run(sb.get_current_period(&ctx(), m::GetCurrentPeriod { bank_code: None })).unwrap_err(),
    );
    is_fault(
        run(sb.get_account_state(
            &ctx(),
            m::GetAccountState {
                account_id: 600_000,
                bank_code: xx(),
            },
        ))
        .unwrap_err(),
    );
    is_fault(
        run(sb.get_invoices_by_accounts_last_vers(
            &ctx(),
            m::GetInvoicesByAccountsLastVers {
                accounts: vec![600_000],
                bank_code: xx(),
            },
        ))
        .unwrap_err(),
    );
    is_fault(
        run(sb.pay_new(
            &ctx(),
            m::PayNew {
                payment_documents: vec![],
                bank_code: xx(),
            },
        ))
        .unwrap_err(),
    );
    is_fault(
        run(sb.rollback_payments(
            &ctx(),
            m::RollbackPayments {
                payment_ids: vec![1],
                bank_code: xx(),
            },
        ))
        .unwrap_err(),
    );
    is_fault(
        run(sb.get_payments_info(
            &ctx(),
            m::GetPaymentsInfo {
                year: 2025,
                month: 4,
                day: None,
                bank_code: xx(),
            },
        ))
        .unwrap_err(),
    );
    // Where the result carries an error text, it says «Не найден банк» there.
    let month = run(sb.get_bank_pay_by_month(
        &ctx(),
        m::GetBankPayByMonth {
            bank_code: xx(),
            year: 2025,
            month: 4,
        },
    ))
    .unwrap()
    .get_bank_pay_by_month_result
    .unwrap();
    assert!(!month.result);
    assert_eq!(month.error_message.as_deref(), Some("Не найден банк"));
    // SysRefs are per bank, and a bank sees only its own payments.
    let mut banks = alseco_sandbox::banks::BankRegistry::default();
    banks.insert(alseco_sandbox::banks::Bank {
        code: "OTHR".into(),
        branches: vec![1],
        allowed_ips: vec![],
    });
    let sb = Sandbox::new(SandboxConfig {
        banks,
        clock: Clock::fixed(ts(MID_APRIL)),
        ..SandboxConfig::default()
    });
    let inv = main_invoice(&sb);
    assert_eq!(pay(&sb, vec![full_payment(&inv, "B-1")])[0].payment_id, 1);
    let other = |docs| {
        run(sb.pay_new(
            &ctx(),
            m::PayNew {
                payment_documents: docs,
                bank_code: Some("OTHR".into()),
            },
        ))
        .unwrap()
        .pay_new_result
    };
    let r = other(vec![full_payment(&inv, "B-1")]);
    assert_eq!(
        (r[0].state.clone(), r[0].payment_id),
        (PaymentState::Success, 2)
    );
    let r = run(sb.rollback_payments(
        &ctx(),
        m::RollbackPayments {
            payment_ids: vec![1],
            bank_code: Some("OTHR".into()),
        },
    ))
    .unwrap()
    .rollback_payments_result;
    assert_eq!(r[0].result, RollbackPaymentResult::PaymentNotFound);
    let info = run(sb.get_payments_info_by_sys_ref(
        &ctx(),
        m::GetPaymentsInfoBySysRef {
            sys_ref: Some("B-1".into()),
            bank_code: Some("OTHR".into()),
        },
    ))
    .unwrap()
    .get_payments_info_by_sys_ref_result
    .unwrap();
    assert_eq!(info.payment_id, 2);
    assert_eq!(sb.ledger()[1].bank, "OTHR");
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn the_printed_invoice_is_a_pdf_with_a_valid_xref() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let get = |account_id, year, month| {
        run(sb.get_printed_invoice_pdf(
            &ctx(),
            m::GetPrintedInvoicePDF {
                account_id,
                year,
                month,
            },
        ))
        .unwrap()
        .get_printed_invoice_pdf_result
    };
    let pdf = get(inv.account_id, 2025, 4).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    assert!(pdf.ends_with(b"%%EOF\n"));
    // startxref points at the table, and every entry at its object.
    let at = find(&pdf, b"startxref\n").unwrap() + 10;
    let end = at + pdf[at..].iter().position(|&b| b == b'\n').unwrap();
    let start: usize = std::str::from_utf8(&pdf[at..end]).unwrap().parse().unwrap();
    assert!(pdf[start..].starts_with(b"xref\n0 "));
    let table = std::str::from_utf8(&pdf[start..]).unwrap();
    let count: usize = table
        .lines()
        .nth(1)
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(count, 4 + 2 * 2 + 1, "two invoices, two pages");
    for (n, line) in table.lines().skip(3).take(count - 1).enumerate() {
        assert_eq!(line.len(), 19, "{line:?}");
        let off: usize = line[..10].parse().unwrap();
        assert!(
            pdf[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()),
            "object {}",
            n + 1
        );
    }
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains(&inv.barcode()));
    assert!(text.contains("/BaseFont /Helvetica"));
    assert!(text.contains("Total to pay"));
    // No invoice in May yet (not formed, later than the current period): the latest of 6 months.
    let fallback = get(inv.account_id, 2025, 5).unwrap();
    assert!(String::from_utf8_lossy(&fallback).contains(&inv.barcode()));
    assert_eq!(get(42, 2025, 4), None);
    assert_eq!(get(inv.account_id, 2019, 1), None);

    // Render it with poppler's pdftoppm (required under CI, skipped elsewhere if absent).
    let dir = std::env::temp_dir().join(format!("alseco-sandbox-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("invoice.pdf");
    std::fs::write(&file, &pdf).unwrap();
    match std::process::Command::new("pdftoppm")
        .arg("-png")
        .arg("-r")
        .arg("30")
        .arg(&file)
        .arg(dir.join("page"))
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "pdftoppm: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stderr.is_empty(),
                "pdftoppm warned: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let pages = std::fs::read_dir(&dir)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with("page")
                })
                .count();
            assert_eq!(pages, 2);
        }
        // CI installs poppler (`.ci/run`): there the rendering is required, not optional.
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("pdftoppm: {e} (CI installs poppler-utils)")
        }
        Err(_) => println!("note: pdftoppm is not installed; the PDF was not rendered"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Encodes a request, dispatches it to the sandbox and decodes the response.
fn via_xml<O: alseco_types::Operation>(sb: &Sandbox, request: &O) -> O::Response {
    use alseco_types::operation::{decode_response, encode_request};
    use alseco_types::soap::SoapVersion;
    let envelope = encode_request(SoapVersion::Soap12, request).unwrap();
    let response = run(alseco_types::server::dispatch(
        sb,
        &ctx(),
        &envelope,
        Default::default(),
    ));
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    decode_response::<O>(&response.body, Default::default()).unwrap()
}

macro_rules! same_over_xml {
    ($sb:expr, $method:ident, $request:expr) => {{
        let request = $request;
        let direct = run($sb.$method(&ctx(), request.clone())).unwrap();
        assert_eq!(via_xml(&$sb, &request), direct, stringify!($method));
    }};
}

#[test]
fn responses_survive_the_wire() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let second = sb.dataset().invoices(inv.account_id, april()).remove(1);
    let docs = vec![full_payment(&inv, "X-1"), full_payment(&second, "X-2")];
    let paid = via_xml(
        &sb,
        &m::PayNewD {
            payment_documents: docs,
            bank_code: alsc(),
        },
    );
    assert_eq!(paid.pay_new_d_result[1].payment_id, 2);
    assert_eq!(
        paid.pay_new_d_result[0].pay_res_date,
        Some(wire("2025-04-15T11:00:00"))
    );
    let accounts = vec![inv.account_id, 600_001, 600_002, 1];
    same_over_xml!(
        sb,
        get_invoices_by_accounts_new,
        m::GetInvoicesByAccountsNew {
            accounts: accounts.clone(),
            bank_code: alsc()
        }
    );
    same_over_xml!(
        sb,
        get_invoices_by_invoices_new,
        m::GetInvoicesByInvoicesNew {
            input_invoices: vec![inv.number.clone(), "x".into()],
            bank_code: alsc()
        }
    );
    same_over_xml!(
        sb,
        get_invoices_by_accounts_and_period,
        m::GetInvoicesByAccountsAndPeriod {
            accounts: accounts.clone(),
            bank_code: alsc(),
            year: 2025,
            month: 3
        }
    );
    same_over_xml!(
        sb,
        get_invoices_by_accounts_with_info,
        m::GetInvoicesByAccountsWithInfo {
            accounts: accounts.clone(),
            bank_code: alsc()
        }
    );
    same_over_xml!(
        sb,
        get_invoices_by_accounts_last_vers_with_pays,
        m::GetInvoicesByAccountsLastVersWithPays {
            accounts: accounts.clone(),
            bank_code: alsc()
        }
    );
    same_over_xml!(
        sb,
        get_bill_info,
        m::GetBillInfo {
            bank_code: alsc(),
            year: 2025,
            month: 4,
            label_id: 1
        }
    );
    same_over_xml!(
        sb,
        get_printed_invoice_pdf,
        m::GetPrintedInvoicePDF {
            account_id: inv.account_id,
            year: 2025,
            month: 4
        }
    );
    same_over_xml!(
        sb,
        get_bank_pay_by_month,
        m::GetBankPayByMonth {
            bank_code: alsc(),
            year: 2025,
            month: 4
        }
    );
    sb.clock().advance(SignedDuration::from_hours(24));
    same_over_xml!(
        sb,
        get_report108e,
        m::GetReport108e {
            bank_code: alsc(),
            date_in: wire("2025-04-15T00:00:00.000+05:00")
        }
    );
    same_over_xml!(
        sb,
        get_payments_nkr,
        m::GetPaymentsNKR {
            bank_code: alsc(),
            date_in: wire("2025-04-15T00:00:00.000+05:00")
        }
    );
}

fn from(ip: [u8; 4]) -> RequestContext {
    RequestContext {
        remote_addr: Some(SocketAddr::from((ip, 40_000))),
        soap_action: None,
    }
}

/// A bank is its code and its addresses: ALSC's code from another bank's address is an
/// unknown bank, so no bank can roll back or read another's payments. In-process calls (no
/// peer address) go by the code alone.
#[test]
fn a_bank_code_counts_only_from_that_banks_addresses() {
    let mut banks = BankRegistry::default();
    banks.insert(Bank {
        code: "BNKB".to_owned(),
        branches: vec![7001],
        allowed_ips: vec![IpAddr::from([127, 0, 0, 2])],
    });
    let sb = Sandbox::new(SandboxConfig {
        clock: Clock::fixed(ts(MID_APRIL)),
        banks,
        ..SandboxConfig::default()
    });
    let period = |ctx: &RequestContext, code: &str| {
        run(sb.get_current_period(
            ctx,
            m::GetCurrentPeriod {
                bank_code: Some(code.to_owned()),
            },
        ))
    };
    assert!(period(&from([127, 0, 0, 1]), "ALSC").is_ok());
    assert!(period(&from([127, 0, 0, 2]), "BNKB").is_ok());
    assert!(period(&ctx(), "BNKB").is_ok());
    for (ip, code) in [([127, 0, 0, 2], "ALSC"), ([127, 0, 0, 1], "BNKB")] {
        let fault = period(&from(ip), code).unwrap_err();
        assert_eq!(fault.reason, "Не найден банк", "{code} from {ip:?}");
    }
    // Where the result carries an error text, the text.
    let month = run(sb.get_bank_pay_by_month(
        &from([127, 0, 0, 2]),
        m::GetBankPayByMonth {
            bank_code: alsc(),
            year: 2025,
            month: 4,
        },
    ))
    .unwrap()
    .get_bank_pay_by_month_result
    .unwrap();
    assert_eq!(
        (month.result, month.error_message.as_deref()),
        (false, Some("Не найден банк"))
    );
    // ALSC's payment cannot be rolled back from BNKB's address; from ALSC's it can.
    let inv = main_invoice(&sb);
    let id = pay(&sb, vec![full_payment(&inv, "S-1")])[0].payment_id;
    let fault = run(sb.rollback_payments(
        &from([127, 0, 0, 2]),
        m::RollbackPayments {
            payment_ids: vec![id],
            bank_code: alsc(),
        },
    ))
    .unwrap_err();
    assert_eq!(fault.reason, "Не найден банк");
    // Nor by BNKB's own code (in-process): by id or by SysRef, it is not BNKB's payment.
    let bnkb = || Some("BNKB".to_owned());
    let by_id = run(sb.rollback_payments(
        &ctx(),
        m::RollbackPayments {
            payment_ids: vec![id],
            bank_code: bnkb(),
        },
    ))
    .unwrap()
    .rollback_payments_result;
    assert_eq!(by_id[0].result, RollbackPaymentResult::PaymentNotFound);
    let by_ref = run(sb.rollback_payments_by_sys_ref(
        &ctx(),
        m::RollbackPaymentsBySysRef {
            sys_refs: vec!["S-1".into()],
            bank_code: bnkb(),
        },
    ))
    .unwrap()
    .rollback_payments_by_sys_ref_result;
    assert_eq!(by_ref[0].result, RollbackPaymentResult::PaymentNotFound);
    let info = run(sb.get_payments_info_by_sys_ref(
        &ctx(),
        m::GetPaymentsInfoBySysRef {
            sys_ref: Some("S-1".into()),
            bank_code: bnkb(),
        },
    ))
    .unwrap()
    .get_payments_info_by_sys_ref_result
    .unwrap();
    assert_eq!(info.payment_status, PaymentStatus::NotFound);
    let result = run(sb.rollback_payments(
        &from([127, 0, 0, 1]),
        m::RollbackPayments {
            payment_ids: vec![id],
            bank_code: alsc(),
        },
    ))
    .unwrap()
    .rollback_payments_result;
    assert_eq!(result[0].result, RollbackPaymentResult::Success);
}

/// A `PaySum` beyond `Вещественное(19,2)` is a client fault before anything is recorded (no
/// overflow later in the totals, no gap in the PaymentId sequence); the largest one is taken
/// and every report that adds it up still answers.
#[test]
fn a_pay_sum_beyond_the_money_type_is_refused_before_anything_is_recorded() {
    let sb = sandbox_at(MID_APRIL);
    let inv = main_invoice(&sb);
    let mut huge = full_payment(&inv, "S-2");
    huge.payment_parameters[0].pay_sum = Decimal::MAX;
    let fault = run(sb.pay_new(
        &ctx(),
        m::PayNew {
            payment_documents: vec![full_payment(&inv, "S-1"), huge],
            bank_code: alsc(),
        },
    ))
    .unwrap_err();
    assert!(
        fault
            .reason
            .contains("PaySum must not exceed 99999999999999999.99"),
        "{}",
        fault.reason
    );
    assert!(sb.ledger().is_empty());

    let largest = |sys_ref: &str| {
        let mut doc = full_payment(&inv, sys_ref);
        for p in &mut doc.payment_parameters {
            p.pay_sum = MAX_PAY_SUM;
        }
        doc
    };
    let results = pay(&sb, vec![largest("S-3"), largest("S-4")]);
    assert_eq!(
        results
            .iter()
            .map(|r| (r.state.clone(), r.payment_id))
            .collect::<Vec<_>>(),
        vec![(PaymentState::Success, 1), (PaymentState::Success, 2)]
    );
    let with_pays = run(sb.get_invoices_by_accounts_last_vers_with_pays(
        &ctx(),
        m::GetInvoicesByAccountsLastVersWithPays {
            accounts: vec![inv.account_id],
            bank_code: alsc(),
        },
    ))
    .unwrap();
    assert_eq!(
        with_pays.get_invoices_by_accounts_last_vers_with_pays_result[0].state,
        AccountInvoicesState::Success
    );
    let bill = bill_pays(&sb, inv.bill_id, 2025, 4);
    assert_eq!(bill.list[0].sum_pay, MAX_PAY_SUM * Decimal::TWO);
}

/// The sequence refuses a batch it cannot number rather than repeat an id.
#[test]
fn the_payment_id_sequence_never_repeats_an_id() {
    let sb = Sandbox::new(SandboxConfig {
        clock: Clock::fixed(ts(MID_APRIL)),
        first_payment_id: i32::MAX - 1,
        ..SandboxConfig::default()
    });
    let inv = main_invoice(&sb);
    assert_eq!(
        pay(&sb, vec![full_payment(&inv, "S-1")])[0].payment_id,
        i32::MAX - 1
    );
    let fault = run(sb.pay_new(
        &ctx(),
        m::PayNew {
            payment_documents: vec![full_payment(&inv, "S-2")],
            bank_code: alsc(),
        },
    ))
    .unwrap_err();
    assert!(fault.reason.contains("exhausted"), "{}", fault.reason);
    assert_eq!(sb.ledger().len(), 1);
}

/// A payment received while the previous period is still open is recorded in that period
/// (the spec's «Оплата»), and GetBankPayByMonth lists it there, before and after the switch.
#[test]
fn bank_pay_by_month_lists_a_payment_in_the_period_alseco_recorded_it_in() {
    // 2025-05-02 11:00 Astana: the calendar says May, ALSECO is still on April.
    let sb = sandbox_at("2025-05-02T06:00:00Z");
    assert_eq!(sb.current_period(), april());
    let inv = main_invoice(&sb);
    assert_eq!(
        pay(&sb, vec![full_payment(&inv, "S-1")])[0].state,
        PaymentState::Success
    );
    let month = |sb: &Sandbox, month: i32| {
        run(sb.get_bank_pay_by_month(
            &ctx(),
            m::GetBankPayByMonth {
                bank_code: alsc(),
                year: 2025,
                month,
            },
        ))
        .unwrap()
        .get_bank_pay_by_month_result
        .unwrap()
    };
    let april_pays = month(&sb, 4);
    assert!(april_pays.result);
    assert_eq!(april_pays.list.len(), 1);
    assert_eq!(
        april_pays.list[0].payment_receive_date,
        wire("2025-05-02T11:00:00")
    );
    // After the switch, still April's; May has none.
    sb.clock().set(ts("2025-05-20T06:00:00Z"));
    assert_eq!(month(&sb, 4).list.len(), 1);
    let may = month(&sb, 5);
    assert!(may.result);
    assert!(may.list.is_empty());
}
