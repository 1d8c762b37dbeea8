//! The 27 operations.

use std::collections::{BTreeMap, HashMap};
use std::future::{Future, ready};

use alseco_client::astana;
use alseco_client::period::Period;
use alseco_types::messages;
use alseco_types::operation::RequestContext;
use alseco_types::scalars::{AnyValue, XsiType};
use alseco_types::server::AlsecoPaymentsService;
use alseco_types::soap::Fault;
use alseco_types::types::{
    AccountInvoicesState, AccountState, BankPayByMonthResult, BankPayInfo, BillInfo,
    BillInfoLabels, BillInfoLabelsResult, BillInfoResult, BillPay, BillPaysResult, ExecutionResult,
    Form108eItems, Item, OperationState, PayItem, PaymentDocument, PaymentInfo,
    PaymentInfoBySysRef, PaymentState, PaymentStatus, PaymentsNKRResult, ReconciliationResult,
    Report108eResult, ResultAccountInvoicesLastVersOfInt32, ResultAccountInvoicesOfInt32,
    ResultAccountInvoicesOfString, ResultAccountInvoicesReNewOfInt32,
    ResultAccountInvoicesWithInfoOfInt32, ResultPaymentInvoice, ResultRollbackPaymentOfInt32,
    ResultRollbackPaymentOfString, RollbackPaymentResult, ServKNO, ServKNOResult,
};
use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{
    Call, LedgerPayment, MAX_PAY_SUM, PaymentKey, PaymentLedgerState, Reconciliation, Sandbox,
    UNKNOWN_BANK, wire, wire_time,
};
use crate::dataset::{Account, AccountStatus, CAPITAL_REPAIR, InvoiceRecord, history_start};

type R<T> = Result<T, Fault>;

const MONTH_LATER: &str = "Месяц позже текущего";
const NO_DATA_PERIOD: &str = "Нет данных за выбранный период";
const NO_DATA: &str = "Нет данных";
const NO_DATA_DAY: &str = "Нет данных за выбранный день";
const DATE_TOO_EARLY: &str = "Дата раньше 1 ноября 2019 г.";
const DAY_NOT_MARKED: &str = "День не отмечен";
const DATE_NOT_BEFORE_TODAY: &str = "Дата позже текущего дня";
const SUCCESS_108: &str = "sucsess";

fn ex_res(error: Option<&str>) -> Option<ExecutionResult> {
    Some(ExecutionResult {
        executed: error.is_none(),
        error_message: Some(error.unwrap_or_default().to_owned()),
        stack_trace: Some(String::new()),
    })
}

fn bill_info_labels_error(text: &str) -> messages::GetBillInfoLabelsResponse {
    messages::GetBillInfoLabelsResponse {
        get_bill_info_labels_result: Some(BillInfoLabelsResult {
            ex_res: ex_res(Some(text)),
            list: Vec::new(),
        }),
    }
}

fn bill_info_error(text: &str) -> messages::GetBillInfoResponse {
    messages::GetBillInfoResponse {
        get_bill_info_result: Some(BillInfoResult {
            ex_res: ex_res(Some(text)),
            list: Vec::new(),
        }),
    }
}

fn report_error(text: &str) -> messages::GetReport108eResponse {
    messages::GetReport108eResponse {
        get_report108e_result: Some(Report108eResult {
            result: Some("error".to_owned()),
            list: Vec::new(),
            error_message: Some(text.to_owned()),
            stack_trace: Some(String::new()),
        }),
    }
}

fn nkr_error(text: &str) -> messages::GetPaymentsNKRResponse {
    messages::GetPaymentsNKRResponse {
        get_payments_nkr_result: Some(PaymentsNKRResult {
            result: Some("error".to_owned()),
            error_message: Some(text.to_owned()),
            stack_trace: Some(String::new()),
            result_list: Vec::new(),
        }),
    }
}

fn reconciliation(error: Option<&str>) -> messages::DayPaysSumResponse {
    messages::DayPaysSumResponse {
        day_pays_sum_result: Some(ReconciliationResult {
            result: Some(if error.is_some() { "error" } else { "success" }.to_owned()),
            error_message: Some(error.unwrap_or_default().to_owned()),
            stack_trace: Some(String::new()),
        }),
    }
}

fn bill_pays_error(text: &str) -> messages::GetBillPaysResponse {
    messages::GetBillPaysResponse {
        get_bill_pays_result: Some(BillPaysResult {
            state: OperationState::Error,
            list: Vec::new(),
            error_string: Some(text.to_owned()),
        }),
    }
}

fn serv_kno_error(text: &str) -> messages::GetServKNOResponse {
    messages::GetServKNOResponse {
        get_serv_kno_result: Some(ServKNOResult {
            state: OperationState::Error,
            list: Vec::new(),
            error_string: Some(text.to_owned()),
        }),
    }
}

/// Which payment method: PayNewD also returns `PayResDate`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PayKind {
    Plain,
    WithDate,
}

impl Call<'_> {
    /// Account and its formed invoices of `period`, or the state explaining why not.
    fn lookup(
        &self,
        account_id: i32,
        period: Option<Period>,
    ) -> Result<(Account, Vec<InvoiceRecord>), AccountInvoicesState> {
        let ds = self.dataset();
        match ds.status(account_id) {
            AccountStatus::NotFound => return Err(AccountInvoicesState::AccountNotFound),
            AccountStatus::Deleted => return Err(AccountInvoicesState::AccountIsDeleted),
            AccountStatus::Merged => return Err(AccountInvoicesState::AccountIsMerged),
            AccountStatus::Active => {}
        }
        let account = ds
            .account(account_id)
            .ok_or(AccountInvoicesState::AccountNotFound)?;
        let current = self.current_period();
        let period = period
            .filter(|p| *p <= current)
            .ok_or(AccountInvoicesState::InvoicesNotFormed)?;
        let now = self.now();
        let invoices: Vec<_> = ds
            .invoices(account_id, period)
            .into_iter()
            .filter(|i| i.formed_at <= now)
            .collect();
        if invoices.is_empty() {
            return Err(AccountInvoicesState::InvoicesNotFormed);
        }
        Ok((account, invoices))
    }

    fn op_get_current_period(
        &self,
        r: messages::GetCurrentPeriod,
    ) -> R<messages::GetCurrentPeriodResponse> {
        self.bank(r.bank_code.as_deref())?;
        Ok(messages::GetCurrentPeriodResponse {
            get_current_period_result: Some(self.current_period().to_string()),
        })
    }

    fn op_get_account_state(
        &self,
        r: messages::GetAccountState,
    ) -> R<messages::GetAccountStateResponse> {
        self.bank(r.bank_code.as_deref())?;
        let state = match self.dataset().status(r.account_id) {
            AccountStatus::Active => AccountState::Active,
            AccountStatus::NotFound => AccountState::NotFound,
            AccountStatus::Deleted => AccountState::Deleted,
            AccountStatus::Merged => AccountState::Merged,
        };
        Ok(messages::GetAccountStateResponse {
            get_account_state_result: state,
        })
    }

    fn op_get_accounts_with_formed_bill(
        &self,
        r: messages::GetAccountsWithFormedBill,
    ) -> R<messages::GetAccountsWithFormedBillResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let now = self.now();
        // Move the cursor first, so that concurrent calls never return the same accounts twice.
        let previous = self.state().cursors.insert(bank, now);
        let start = match previous {
            Some(t) => t,
            None => {
                let first = astana::civil(now).date().first_of_month();
                first
                    .to_zoned(astana::time_zone())
                    .map(|z| z.timestamp())
                    .unwrap_or(now)
            }
        };
        let ds = self.dataset();
        let from = Period::of(astana::civil(start).date()).unwrap_or_else(|_| history_start());
        let to = Period::of(astana::civil(now).date()).unwrap_or(from);
        let mut periods = Vec::new();
        let mut p = from;
        while p <= to && periods.len() < 24 {
            periods.push(p);
            match p.next() {
                Some(n) => p = n,
                None => break,
            }
        }
        let mut out = Vec::new();
        for id in ds.account_ids() {
            if ds.status(id) != AccountStatus::Active {
                continue;
            }
            let formed = periods.iter().any(|&p| {
                let t = ds.formed_at(id, p);
                let after_start = if previous.is_some() {
                    t > start
                } else {
                    t >= start
                };
                after_start && t <= now
            });
            if formed {
                out.push(id);
            }
        }
        Ok(messages::GetAccountsWithFormedBillResponse {
            get_accounts_with_formed_bill_result: out,
        })
    }

    fn op_get_bill_info_labels(
        &self,
        r: messages::GetBillInfoLabels,
    ) -> R<messages::GetBillInfoLabelsResponse> {
        if self.find_bank(r.bank_code.as_deref()).is_none() {
            return Ok(bill_info_labels_error(UNKNOWN_BANK));
        }
        let Ok(period) = Period::new(r.year, r.month) else {
            return Ok(bill_info_labels_error(NO_DATA_PERIOD));
        };
        let current = self.current_period();
        if period > current {
            return Ok(bill_info_labels_error(MONTH_LATER));
        }
        if period < history_start() {
            return Ok(bill_info_labels_error(NO_DATA_PERIOD));
        }
        let ds = self.dataset();
        let now = self.now();
        let labels: Vec<i32> = ds
            .labels()
            .into_iter()
            .filter(|&label| {
                ds.pack_accounts(label).into_iter().any(|id| {
                    ds.status(id) == AccountStatus::Active && ds.formed_at(id, period) <= now
                })
            })
            .collect();
        if labels.is_empty() {
            return Ok(bill_info_labels_error(NO_DATA_PERIOD));
        }
        Ok(messages::GetBillInfoLabelsResponse {
            get_bill_info_labels_result: Some(BillInfoLabelsResult {
                ex_res: ex_res(None),
                list: labels
                    .into_iter()
                    .map(|label_id| BillInfoLabels { label_id })
                    .collect(),
            }),
        })
    }

    fn op_get_bill_info(&self, r: messages::GetBillInfo) -> R<messages::GetBillInfoResponse> {
        if self.find_bank(r.bank_code.as_deref()).is_none() {
            return Ok(bill_info_error(UNKNOWN_BANK));
        }
        let Ok(period) = Period::new(r.year, r.month) else {
            return Ok(bill_info_error(NO_DATA));
        };
        let current = self.current_period();
        if period > current {
            return Ok(bill_info_error(MONTH_LATER));
        }
        if period != current && Some(period) != current.previous() {
            return Ok(bill_info_error(NO_DATA));
        }
        let mut list = Vec::new();
        for id in self.dataset().pack_accounts(r.label_id) {
            if let Ok((account, invoices)) = self.lookup(id, Some(period)) {
                for inv in invoices {
                    list.push(BillInfo {
                        account_id: id,
                        account_name: Some(account.name.clone()),
                        account_address: Some(account.address()),
                        invoice_id: Some(inv.number.clone()),
                        fix_sum: inv.total(),
                    });
                }
            }
        }
        if list.is_empty() {
            return Ok(bill_info_error(NO_DATA));
        }
        Ok(messages::GetBillInfoResponse {
            get_bill_info_result: Some(BillInfoResult {
                ex_res: ex_res(None),
                list,
            }),
        })
    }

    fn op_get_invoices_by_accounts_new(
        &self,
        r: messages::GetInvoicesByAccountsNew,
    ) -> R<messages::GetInvoicesByAccountsNewResponse> {
        self.bank(r.bank_code.as_deref())?;
        let period = Some(self.current_period());
        let result = r
            .accounts
            .iter()
            .map(|&id| match self.lookup(id, period) {
                Ok((account, invoices)) => ResultAccountInvoicesOfInt32 {
                    input_value: id,
                    state: AccountInvoicesState::Success,
                    account_invoices: Some(wire::old_account(&account, &invoices)),
                },
                Err(state) => ResultAccountInvoicesOfInt32 {
                    input_value: id,
                    state,
                    account_invoices: None,
                },
            })
            .collect();
        Ok(messages::GetInvoicesByAccountsNewResponse {
            get_invoices_by_accounts_new_result: result,
        })
    }

    fn op_get_invoices_by_invoices_new(
        &self,
        r: messages::GetInvoicesByInvoicesNew,
    ) -> R<messages::GetInvoicesByInvoicesNewResponse> {
        self.bank(r.bank_code.as_deref())?;
        let now = self.now();
        let current = self.current_period();
        let result = r
            .input_invoices
            .iter()
            .map(|number| {
                let found = self
                    .dataset()
                    .find_invoice(number)
                    .filter(|inv| inv.formed_at <= now && inv.period <= current);
                let outcome = match found {
                    None => Err(AccountInvoicesState::InvoiceNotFound),
                    Some(inv) => self
                        .lookup(inv.account_id, Some(inv.period))
                        .map(|(a, all)| {
                            let mine: Vec<_> =
                                all.into_iter().filter(|i| i.number == inv.number).collect();
                            wire::old_account(&a, &mine)
                        }),
                };
                match outcome {
                    Ok(account_invoices) => ResultAccountInvoicesOfString {
                        input_value: Some(number.clone()),
                        state: AccountInvoicesState::Success,
                        account_invoices: Some(account_invoices),
                    },
                    Err(state) => ResultAccountInvoicesOfString {
                        input_value: Some(number.clone()),
                        state,
                        account_invoices: None,
                    },
                }
            })
            .collect();
        Ok(messages::GetInvoicesByInvoicesNewResponse {
            get_invoices_by_invoices_new_result: result,
        })
    }

    fn renew_results(
        &self,
        accounts: &[i32],
        period: Option<Period>,
    ) -> Vec<ResultAccountInvoicesReNewOfInt32> {
        accounts
            .iter()
            .map(|&id| match self.lookup(id, period) {
                Ok((account, invoices)) => ResultAccountInvoicesReNewOfInt32 {
                    input_value: id,
                    state: AccountInvoicesState::Success,
                    account_invoices: Some(wire::renew_account(&account, &invoices)),
                },
                Err(state) => ResultAccountInvoicesReNewOfInt32 {
                    input_value: id,
                    state,
                    account_invoices: None,
                },
            })
            .collect()
    }

    fn op_get_invoices_by_accounts_re_new(
        &self,
        r: messages::GetInvoicesByAccountsReNew,
    ) -> R<messages::GetInvoicesByAccountsReNewResponse> {
        self.bank(r.bank_code.as_deref())?;
        Ok(messages::GetInvoicesByAccountsReNewResponse {
            get_invoices_by_accounts_re_new_result: self
                .renew_results(&r.accounts, Some(self.current_period())),
        })
    }

    fn op_get_invoices_by_accounts_and_period(
        &self,
        r: messages::GetInvoicesByAccountsAndPeriod,
    ) -> R<messages::GetInvoicesByAccountsAndPeriodResponse> {
        self.bank(r.bank_code.as_deref())?;
        let period = Period::new(r.year, r.month).ok();
        Ok(messages::GetInvoicesByAccountsAndPeriodResponse {
            get_invoices_by_accounts_and_period_result: self.renew_results(&r.accounts, period),
        })
    }

    fn op_get_invoices_by_accounts_with_info(
        &self,
        r: messages::GetInvoicesByAccountsWithInfo,
    ) -> R<messages::GetInvoicesByAccountsWithInfoResponse> {
        self.bank(r.bank_code.as_deref())?;
        let period = Some(self.current_period());
        let result = r
            .accounts
            .iter()
            .map(|&id| match self.lookup(id, period) {
                Ok((account, invoices)) => ResultAccountInvoicesWithInfoOfInt32 {
                    input_value: id,
                    state: AccountInvoicesState::Success,
                    account_invoices: Some(wire::with_info_account(
                        self.dataset(),
                        &account,
                        &invoices,
                    )),
                },
                Err(state) => ResultAccountInvoicesWithInfoOfInt32 {
                    input_value: id,
                    state,
                    account_invoices: None,
                },
            })
            .collect();
        Ok(messages::GetInvoicesByAccountsWithInfoResponse {
            get_invoices_by_accounts_with_info_result: result,
        })
    }

    fn last_vers_results(
        &self,
        accounts: &[i32],
        with_pays: bool,
    ) -> Vec<ResultAccountInvoicesLastVersOfInt32> {
        let period = Some(self.current_period());
        accounts
            .iter()
            .map(|&id| match self.lookup(id, period) {
                Ok((account, invoices)) => {
                    let paid: Option<HashMap<String, HashMap<i32, Decimal>>> =
                        with_pays.then(|| {
                            invoices
                                .iter()
                                .map(|i| (i.number.clone(), self.paid_by_service(&i.number)))
                                .collect()
                        });
                    ResultAccountInvoicesLastVersOfInt32 {
                        input_value: id,
                        state: AccountInvoicesState::Success,
                        account_invoices: Some(wire::last_vers_account(
                            self.dataset(),
                            &account,
                            &invoices,
                            paid.as_ref(),
                        )),
                    }
                }
                Err(state) => ResultAccountInvoicesLastVersOfInt32 {
                    input_value: id,
                    state,
                    account_invoices: None,
                },
            })
            .collect()
    }

    fn op_get_invoices_by_accounts_last_vers(
        &self,
        r: messages::GetInvoicesByAccountsLastVers,
    ) -> R<messages::GetInvoicesByAccountsLastVersResponse> {
        self.bank(r.bank_code.as_deref())?;
        Ok(messages::GetInvoicesByAccountsLastVersResponse {
            get_invoices_by_accounts_last_vers_result: self.last_vers_results(&r.accounts, false),
        })
    }

    fn op_get_invoices_by_accounts_last_vers_with_pays(
        &self,
        r: messages::GetInvoicesByAccountsLastVersWithPays,
    ) -> R<messages::GetInvoicesByAccountsLastVersWithPaysResponse> {
        self.bank(r.bank_code.as_deref())?;
        Ok(messages::GetInvoicesByAccountsLastVersWithPaysResponse {
            get_invoices_by_accounts_last_vers_with_pays_result: self
                .last_vers_results(&r.accounts, true),
        })
    }

    /// Records payment documents; the whole call is one critical section.
    fn pay_documents(
        &self,
        bank: Option<&str>,
        docs: &[PaymentDocument],
        kind: PayKind,
    ) -> R<Vec<ResultPaymentInvoice>> {
        let bank = self.bank(bank)?.code.clone();
        for doc in docs {
            if doc.sys_ref.as_deref().is_none_or(|s| s.trim().is_empty()) {
                return Err(Fault::client("SysRef is required in every PaymentDocument"));
            }
            if doc
                .payment_parameters
                .iter()
                .any(|p| p.pay_sum < Decimal::ZERO)
            {
                return Err(Fault::client("PaySum must not be negative"));
            }
            if doc
                .payment_parameters
                .iter()
                .any(|p| p.pay_sum > MAX_PAY_SUM)
            {
                return Err(Fault::client(format!(
                    "PaySum must not exceed {MAX_PAY_SUM} (Вещественное(19,2))"
                )));
            }
        }
        let now = self.now();
        let current = self.current_period();
        let ds = self.dataset();
        let mut state = self.state();
        // Refused before anything is recorded, rather than failing halfway through the batch.
        if i32::try_from(docs.len())
            .ok()
            .and_then(|n| state.next_payment_id.checked_add(n))
            .is_none()
        {
            return Err(Fault::server("The PaymentId sequence is exhausted"));
        }
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let sys_ref = doc.sys_ref.as_deref().unwrap_or_default().trim().to_owned();
            let fail = |state: PaymentState| ResultPaymentInvoice {
                state,
                invoice_id: doc.invoice_id.clone(),
                payment_id: -1,
                pay_res_date: None,
            };
            if state
                .position(&bank, PaymentKey::SysRef(&sys_ref))
                .is_some()
            {
                out.push(fail(PaymentState::SysRefExists));
                continue;
            }
            match ds.status(doc.account_id) {
                AccountStatus::NotFound => {
                    out.push(fail(PaymentState::AccountNotFound));
                    continue;
                }
                AccountStatus::Deleted => {
                    out.push(fail(PaymentState::AccountIsDeleted));
                    continue;
                }
                AccountStatus::Merged => {
                    out.push(fail(PaymentState::AccountIsMerged));
                    continue;
                }
                AccountStatus::Active => {}
            }
            let invoice = doc
                .invoice_id
                .as_deref()
                .and_then(|n| ds.find_invoice(n))
                .filter(|inv| {
                    inv.account_id == doc.account_id
                        && inv.formed_at <= now
                        && inv.period <= current
                });
            let Some(invoice) = invoice else {
                out.push(fail(PaymentState::InvoiceNotFound));
                continue;
            };
            let mut paid: Vec<i32> = doc
                .payment_parameters
                .iter()
                .map(|p| p.service_id)
                .collect();
            let mut expected = invoice.service_ids();
            paid.sort_unstable();
            expected.sort_unstable();
            if paid != expected {
                out.push(fail(PaymentState::InvoiceNotFound));
                continue;
            }
            let payment_id = state.next_payment_id;
            // Cannot overflow: checked for the whole batch above.
            state.next_payment_id += 1;
            let services: Vec<(i32, Decimal)> = doc
                .payment_parameters
                .iter()
                .map(|p| (p.service_id, p.pay_sum))
                .collect();
            // At most MAX_PAY_SUM per line, and no more lines than a request can carry.
            let sum = services
                .iter()
                .fold(Decimal::ZERO, |total, (_, s)| total.saturating_add(*s));
            let position = state.payments.len();
            state
                .sys_refs
                .insert((bank.clone(), sys_ref.clone()), position);
            state.payments.push(LedgerPayment {
                payment_id,
                bank: bank.clone(),
                sys_ref,
                account_id: doc.account_id,
                invoice_id: invoice.number.clone(),
                invoice_period: invoice.period,
                period: current,
                services,
                sum,
                payment_date: doc.payment_date,
                received_at: now,
                processed_at: now
                    .saturating_add(self.inner.processing_delay)
                    .unwrap_or(jiff::Timestamp::MAX),
                rolled_back_at: None,
                rolled_back: false,
                state: PaymentLedgerState::Accepted,
            });
            out.push(ResultPaymentInvoice {
                state: PaymentState::Success,
                invoice_id: doc.invoice_id.clone(),
                payment_id,
                pay_res_date: (kind == PayKind::WithDate).then(|| wire_time(now)),
            });
        }
        Ok(out)
    }

    /// Rolls back the bank's payment `which`.
    fn rollback(&self, bank: &str, which: PaymentKey<'_>) -> RollbackPaymentResult {
        let now = self.now();
        let today = astana::civil(now).date();
        let mut state = self.state();
        let window = state.processing_window;
        let Some(position) = state.position(bank, which) else {
            return RollbackPaymentResult::PaymentNotFound;
        };
        let p = &mut state.payments[position];
        if p.rolled_back {
            return RollbackPaymentResult::PaymentWasRolledBack;
        }
        if now >= p.processed_at || astana::civil(p.received_at).date() != today {
            return RollbackPaymentResult::PaymentProcessed;
        }
        if let Some((start, end)) = window {
            let t = astana::civil(now).time();
            if start <= t && t < end {
                return RollbackPaymentResult::PaymentInProcessing;
            }
        }
        p.rolled_back = true;
        p.rolled_back_at = Some(now);
        RollbackPaymentResult::Success
    }

    fn op_rollback_payments(
        &self,
        r: messages::RollbackPayments,
    ) -> R<messages::RollbackPaymentsResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let result = r
            .payment_ids
            .iter()
            .map(|&id| ResultRollbackPaymentOfInt32 {
                payment_id: id,
                result: self.rollback(&bank, PaymentKey::Id(id)),
            })
            .collect();
        Ok(messages::RollbackPaymentsResponse {
            rollback_payments_result: result,
        })
    }

    fn op_rollback_payments_by_sys_ref(
        &self,
        r: messages::RollbackPaymentsBySysRef,
    ) -> R<messages::RollbackPaymentsBySysRefResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let result = r
            .sys_refs
            .iter()
            .map(|s| ResultRollbackPaymentOfString {
                payment_id: Some(s.clone()),
                result: self.rollback(&bank, PaymentKey::SysRef(s.trim())),
            })
            .collect();
        Ok(messages::RollbackPaymentsBySysRefResponse {
            rollback_payments_by_sys_ref_result: result,
        })
    }

    fn op_get_payments_info_by_sys_ref(
        &self,
        r: messages::GetPaymentsInfoBySysRef,
    ) -> R<messages::GetPaymentsInfoBySysRefResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let sys_ref = r.sys_ref.as_deref().unwrap_or_default().trim().to_owned();
        let found = {
            let state = self.state();
            state
                .position(&bank, PaymentKey::SysRef(&sys_ref))
                .map(|i| &state.payments[i])
                .filter(|p| !p.rolled_back)
                .map(|p| self.with_state(p.clone(), self.now()))
        };
        let info = match found {
            None => PaymentInfoBySysRef {
                payment_status: PaymentStatus::NotFound,
                sys_ref: r.sys_ref.clone(),
                ..PaymentInfoBySysRef::default()
            },
            Some(p) => PaymentInfoBySysRef {
                payment_status: if p.state == PaymentLedgerState::Processed {
                    PaymentStatus::Complete
                } else {
                    PaymentStatus::InProcess
                },
                payment_id: p.payment_id,
                sys_ref: Some(p.sys_ref.clone()),
                invoice_id: Some(p.invoice_id.clone()),
                account_id: p.account_id,
                payment_date: wire_time(p.received_at),
                payment_sum: p.sum,
            },
        };
        Ok(messages::GetPaymentsInfoBySysRefResponse {
            get_payments_info_by_sys_ref_result: Some(info),
        })
    }

    fn op_get_payments_info(
        &self,
        r: messages::GetPaymentsInfo,
    ) -> R<messages::GetPaymentsInfoResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let list = self
            .live_payments(&bank)
            .into_iter()
            .filter(|p| p.state == PaymentLedgerState::Processed)
            .filter(|p| {
                let d = astana::civil(p.processed_at).date();
                i32::from(d.year()) == r.year
                    && i32::from(d.month()) == r.month
                    && r.day.is_none_or(|day| i32::from(d.day()) == day)
            })
            .map(|p| PaymentInfo {
                payment_id: p.payment_id,
                sys_ref: Some(p.sys_ref),
            })
            .collect();
        Ok(messages::GetPaymentsInfoResponse {
            get_payments_info_result: list,
        })
    }

    fn op_get_pays_info(&self, r: messages::GetPaysInfo) -> R<messages::GetPaysInfoResponse> {
        let bank = self.bank(r.bank_code.as_deref())?.code.clone();
        let (Some(begin), Some(end)) = (
            astana::wire_date(&r.date_begin),
            astana::wire_date(&r.date_end),
        ) else {
            return Ok(messages::GetPaysInfoResponse {
                get_pays_info_result: Vec::new(),
            });
        };
        let list = self
            .live_payments(&bank)
            .into_iter()
            .filter(|p| {
                let d = astana::civil(p.received_at).date();
                begin <= d && d <= end
            })
            .map(|p| BankPayInfo {
                account_id: p.account_id,
                invoice_id: Some(p.invoice_id),
                payment_id: p.payment_id,
                sys_ref: Some(p.sys_ref),
                pay_sum: p.sum,
                pay_date: wire_time(p.received_at),
            })
            .collect();
        Ok(messages::GetPaysInfoResponse {
            get_pays_info_result: list,
        })
    }

    fn op_get_bank_pay_by_month(
        &self,
        r: messages::GetBankPayByMonth,
    ) -> R<messages::GetBankPayByMonthResponse> {
        let result =
            |ok: bool, error: &str, list: Vec<PayItem>| messages::GetBankPayByMonthResponse {
                get_bank_pay_by_month_result: Some(BankPayByMonthResult {
                    result: ok,
                    error_message: Some(error.to_owned()),
                    stack_trace: Some(String::new()),
                    list,
                }),
            };
        let Some(bank) = self
            .find_bank(r.bank_code.as_deref())
            .map(|b| b.code.clone())
        else {
            return Ok(result(false, UNKNOWN_BANK, Vec::new()));
        };
        let Ok(period) = Period::new(r.year, r.month) else {
            return Ok(result(false, NO_DATA_PERIOD, Vec::new()));
        };
        if period > self.current_period() {
            return Ok(result(false, MONTH_LATER, Vec::new()));
        }
        let list = self
            .live_payments(&bank)
            .into_iter()
            // The period ALSECO recorded it in: a payment arriving while the previous period is
            // still open belongs to that period (the spec's «Оплата»).
            .filter(|p| p.period == period)
            .map(|p| PayItem {
                invoice_payment_id: p.payment_id,
                account_id: p.account_id,
                invoice_id: Some(p.invoice_id),
                payment_receive_date: wire_time(p.received_at),
                sys_ref: Some(p.sys_ref),
                pay_sum: p.sum,
            })
            .collect();
        Ok(result(true, "", list))
    }

    fn op_get_bill_pays(&self, r: messages::GetBillPays) -> R<messages::GetBillPaysResponse> {
        let Ok(period) = Period::new(r.year, r.month) else {
            return Ok(bill_pays_error(NO_DATA));
        };
        let now = self.now();
        let Some(invoice) = self
            .dataset()
            .find_bill(r.bill_id, period)
            .filter(|i| i.formed_at <= now)
        else {
            return Ok(bill_pays_error(NO_DATA));
        };
        let paid = self.paid_by_service(&invoice.number);
        let list = invoice
            .lines
            .iter()
            .filter_map(|l| {
                paid.get(&l.service_id).map(|s| BillPay {
                    serv_id: l.service_id,
                    sum_pay: *s,
                })
            })
            .collect();
        Ok(messages::GetBillPaysResponse {
            get_bill_pays_result: Some(BillPaysResult {
                state: OperationState::Success,
                list,
                error_string: None,
            }),
        })
    }

    fn op_get_serv_kno(&self, r: messages::GetServKNO) -> R<messages::GetServKNOResponse> {
        let Ok(period) = Period::new(r.year, r.month) else {
            return Ok(serv_kno_error(NO_DATA));
        };
        if period > self.current_period() {
            return Ok(serv_kno_error(MONTH_LATER));
        }
        let Ok((account, invoices)) = self.lookup(r.account_id, Some(period)) else {
            return Ok(serv_kno_error(NO_DATA));
        };
        let list = invoices
            .iter()
            .flat_map(|i| i.lines.iter())
            .map(|l| ServKNO {
                serv_id: l.service_id,
                kno: account.kno,
            })
            .collect();
        Ok(messages::GetServKNOResponse {
            get_serv_kno_result: Some(ServKNOResult {
                state: OperationState::Success,
                list,
                error_string: None,
            }),
        })
    }

    fn op_get_printed_invoice_pdf(
        &self,
        r: messages::GetPrintedInvoicePDF,
    ) -> R<messages::GetPrintedInvoicePDFResponse> {
        let mut period = Period::new(r.year, r.month).ok();
        let mut found = None;
        // The month asked for, then the last 6 months before it.
        for _ in 0..=6 {
            let Some(p) = period else { break };
            if let Ok(hit) = self.lookup(r.account_id, Some(p)) {
                found = Some(hit);
                break;
            }
            period = p.previous();
        }
        let pdf = found.map(|(account, invoices)| crate::pdf::invoice_pdf(&account, &invoices));
        Ok(messages::GetPrintedInvoicePDFResponse {
            get_printed_invoice_pdf_result: pdf,
        })
    }

    /// The bank's live payments received on an Astana date.
    fn payments_on(&self, bank: &str, date: Date) -> Vec<LedgerPayment> {
        self.live_payments(bank)
            .into_iter()
            .filter(|p| astana::civil(p.received_at).date() == date)
            .collect()
    }

    fn op_get_report108e(&self, r: messages::GetReport108e) -> R<messages::GetReport108eResponse> {
        let Some(bank) = self
            .find_bank(r.bank_code.as_deref())
            .map(|b| b.code.clone())
        else {
            return Ok(report_error(UNKNOWN_BANK));
        };
        let Some(date) = astana::wire_date(&r.date_in) else {
            return Ok(report_error(NO_DATA_DAY));
        };
        if date < history_start().first_day() {
            return Ok(report_error(DATE_TOO_EARLY));
        }
        if Period::of(date).is_ok_and(|p| p > self.current_period()) {
            return Ok(report_error(MONTH_LATER));
        }
        if date >= self.today() {
            return Ok(report_error(DAY_NOT_MARKED));
        }
        let mut by_supplier: BTreeMap<i32, (Decimal, Vec<i32>)> = BTreeMap::new();
        for p in self.payments_on(&bank, date) {
            for (service, sum) in &p.services {
                if let Some(s) = crate::dataset::supplier(*service) {
                    let e = by_supplier.entry(s.code).or_default();
                    e.0 = e.0.saturating_add(*sum);
                    if !e.1.contains(service) {
                        e.1.push(*service);
                    }
                }
            }
        }
        let kodbn: String = format!("{bank}KZKA").chars().take(8).collect();
        let dat = format!("{:02}.{:02}.{}", date.day(), date.month(), date.year());
        let list: Vec<Form108eItems> = by_supplier
            .into_iter()
            .filter(|(_, (sum, _))| !sum.is_zero())
            .filter_map(|(_, (sum, services))| {
                let s = crate::dataset::supplier(*services.first()?)?;
                Some(Form108eItems {
                    dat: Some(dat.clone()),
                    kodbn: Some(kodbn.clone()),
                    numrs: Some(s.iban.to_owned()),
                    tsh: Some(String::new()),
                    bin: Some(s.bin.to_owned()),
                    sump: sum,
                    name_pol: Some(s.name.to_owned()),
                    nazn_pl: Some(s.purpose.to_owned()),
                    kodd: Some(String::new()),
                    fl: Some(false),
                    kbe: Some("17".to_owned()),
                    knp: Some("856".to_owned()),
                    iin_abon: Some(String::new()),
                    fio: Some(String::new()),
                    serv_id: (services.len() == 1).then(|| services[0]),
                })
            })
            .collect();
        if list.is_empty() {
            return Ok(report_error(NO_DATA_DAY));
        }
        Ok(messages::GetReport108eResponse {
            get_report108e_result: Some(Report108eResult {
                result: Some(SUCCESS_108.to_owned()),
                list,
                error_message: Some(String::new()),
                stack_trace: Some(String::new()),
            }),
        })
    }

    fn op_get_payments_nkr(
        &self,
        r: messages::GetPaymentsNKR,
    ) -> R<messages::GetPaymentsNKRResponse> {
        let Some(bank) = self
            .find_bank(r.bank_code.as_deref())
            .map(|b| b.code.clone())
        else {
            return Ok(nkr_error(UNKNOWN_BANK));
        };
        let Some(date) = astana::wire_date(&r.date_in) else {
            return Ok(nkr_error(NO_DATA_DAY));
        };
        if Period::of(date).is_ok_and(|p| p > self.current_period()) {
            return Ok(nkr_error(MONTH_LATER));
        }
        if date >= self.today() {
            return Ok(nkr_error(DATE_NOT_BEFORE_TODAY));
        }
        let ds = self.dataset();
        let mut items = Vec::new();
        let mut row = 0;
        for p in self.payments_on(&bank, date) {
            let Some(sum) = p
                .services
                .iter()
                .find(|(s, _)| *s == CAPITAL_REPAIR)
                .map(|(_, v)| *v)
                .filter(|v| !v.is_zero())
            else {
                continue;
            };
            let Some(account) = ds.account(p.account_id) else {
                continue;
            };
            row += 1;
            let trans =
                (sum * Decimal::new(9925, 4)).round_dp_with_strategy(2, RoundingStrategy::ToZero);
            let s = |t: &str| AnyValue::new(XsiType::xsd("string"), t);
            let fields = [
                ("TownName", s("г.Алматы")),
                ("StreetName", s(account.street)),
                ("HouseId", s(&account.house)),
                ("FlatNumber", s(&account.flat)),
                ("CalcAccount", s(&ds.house_account(&account))),
                (
                    "SumPay",
                    AnyValue::new(XsiType::xsd("decimal"), wire::d2(sum).to_string()),
                ),
                (
                    "SumTrans",
                    AnyValue::new(XsiType::xsd("decimal"), wire::d2(trans).to_string()),
                ),
                ("TypePay", AnyValue::new(XsiType::xsd("int"), "0")),
            ];
            for (name, val) in fields {
                items.push(Item {
                    row_n: row,
                    name: Some(name.to_owned()),
                    val: Some(val),
                });
            }
        }
        if items.is_empty() {
            return Ok(nkr_error(NO_DATA_DAY));
        }
        Ok(messages::GetPaymentsNKRResponse {
            get_payments_nkr_result: Some(PaymentsNKRResult {
                result: Some(SUCCESS_108.to_owned()),
                error_message: Some(String::new()),
                stack_trace: Some(String::new()),
                result_list: items,
            }),
        })
    }

    fn op_day_pays_sum(&self, r: messages::DayPaysSum) -> R<messages::DayPaysSumResponse> {
        let Some(bank) = self.find_bank(r.bank_code.as_deref()).cloned() else {
            return Ok(reconciliation(Some(UNKNOWN_BANK)));
        };
        if !bank.branches.contains(&r.branch_id) {
            let text = format!(
                "Отделение банка {} не соответствует используемой аббревиатуре {}",
                r.branch_id, bank.code
            );
            return Ok(reconciliation(Some(&text)));
        }
        let now = self.now();
        let Some(date) = astana::wire_date(&r.pays_date) else {
            return Ok(reconciliation(Some(astana::NOT_PREVIOUS_DAY_MESSAGE)));
        };
        if let Err(e) = astana::day_pays_sum_window(now, date) {
            return Ok(reconciliation(Some(&e.to_string())));
        }
        self.state().reconciliations.push(Reconciliation {
            bank: bank.code.clone(),
            branch_id: r.branch_id,
            date,
            count: r.pays_count,
            sum: r.pays_sum,
            received_at: now,
        });
        Ok(reconciliation(None))
    }
}

macro_rules! operations {
    ($($method:ident($req:ident) -> $resp:ident => $imp:ident;)*) => {
        impl AlsecoPaymentsService for Sandbox {
            $(
                fn $method(
                    &self,
                    ctx: &RequestContext,
                    request: messages::$req,
                ) -> impl Future<Output = Result<messages::$resp, Fault>> + Send {
                    ready(Call::new(self, ctx).$imp(request))
                }
            )*
        }
    };
}

impl Call<'_> {
    fn op_pay(&self, r: messages::Pay) -> R<messages::PayResponse> {
        let pay_result =
            self.pay_documents(r.bank_code.as_deref(), &r.payment_documents, PayKind::Plain)?;
        Ok(messages::PayResponse { pay_result })
    }

    fn op_pay_new(&self, r: messages::PayNew) -> R<messages::PayNewResponse> {
        let pay_new_result =
            self.pay_documents(r.bank_code.as_deref(), &r.payment_documents, PayKind::Plain)?;
        Ok(messages::PayNewResponse { pay_new_result })
    }

    fn op_pay_new_d(&self, r: messages::PayNewD) -> R<messages::PayNewDResponse> {
        let pay_new_d_result = self.pay_documents(
            r.bank_code.as_deref(),
            &r.payment_documents,
            PayKind::WithDate,
        )?;
        Ok(messages::PayNewDResponse { pay_new_d_result })
    }
}

operations! {
    get_current_period(GetCurrentPeriod) -> GetCurrentPeriodResponse => op_get_current_period;
    get_account_state(GetAccountState) -> GetAccountStateResponse => op_get_account_state;
    get_accounts_with_formed_bill(GetAccountsWithFormedBill) -> GetAccountsWithFormedBillResponse => op_get_accounts_with_formed_bill;
    get_bill_info_labels(GetBillInfoLabels) -> GetBillInfoLabelsResponse => op_get_bill_info_labels;
    get_bill_info(GetBillInfo) -> GetBillInfoResponse => op_get_bill_info;
    get_invoices_by_accounts_new(GetInvoicesByAccountsNew) -> GetInvoicesByAccountsNewResponse => op_get_invoices_by_accounts_new;
    get_invoices_by_invoices_new(GetInvoicesByInvoicesNew) -> GetInvoicesByInvoicesNewResponse => op_get_invoices_by_invoices_new;
    get_invoices_by_accounts_re_new(GetInvoicesByAccountsReNew) -> GetInvoicesByAccountsReNewResponse => op_get_invoices_by_accounts_re_new;
    get_invoices_by_accounts_and_period(GetInvoicesByAccountsAndPeriod) -> GetInvoicesByAccountsAndPeriodResponse => op_get_invoices_by_accounts_and_period;
    get_invoices_by_accounts_with_info(GetInvoicesByAccountsWithInfo) -> GetInvoicesByAccountsWithInfoResponse => op_get_invoices_by_accounts_with_info;
    get_invoices_by_accounts_last_vers(GetInvoicesByAccountsLastVers) -> GetInvoicesByAccountsLastVersResponse => op_get_invoices_by_accounts_last_vers;
    get_invoices_by_accounts_last_vers_with_pays(GetInvoicesByAccountsLastVersWithPays) -> GetInvoicesByAccountsLastVersWithPaysResponse => op_get_invoices_by_accounts_last_vers_with_pays;
    pay(Pay) -> PayResponse => op_pay;
    pay_new(PayNew) -> PayNewResponse => op_pay_new;
    pay_new_d(PayNewD) -> PayNewDResponse => op_pay_new_d;
    rollback_payments(RollbackPayments) -> RollbackPaymentsResponse => op_rollback_payments;
    rollback_payments_by_sys_ref(RollbackPaymentsBySysRef) -> RollbackPaymentsBySysRefResponse => op_rollback_payments_by_sys_ref;
    get_payments_info_by_sys_ref(GetPaymentsInfoBySysRef) -> GetPaymentsInfoBySysRefResponse => op_get_payments_info_by_sys_ref;
    get_payments_info(GetPaymentsInfo) -> GetPaymentsInfoResponse => op_get_payments_info;
    get_pays_info(GetPaysInfo) -> GetPaysInfoResponse => op_get_pays_info;
    get_bank_pay_by_month(GetBankPayByMonth) -> GetBankPayByMonthResponse => op_get_bank_pay_by_month;
    get_bill_pays(GetBillPays) -> GetBillPaysResponse => op_get_bill_pays;
    get_serv_kno(GetServKNO) -> GetServKNOResponse => op_get_serv_kno;
    get_printed_invoice_pdf(GetPrintedInvoicePDF) -> GetPrintedInvoicePDFResponse => op_get_printed_invoice_pdf;
    get_report108e(GetReport108e) -> GetReport108eResponse => op_get_report108e;
    get_payments_nkr(GetPaymentsNKR) -> GetPaymentsNKRResponse => op_get_payments_nkr;
    day_pays_sum(DayPaysSum) -> DayPaysSumResponse => op_day_pays_sum;
}
