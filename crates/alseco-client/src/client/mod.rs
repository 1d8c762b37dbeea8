//! The client: one async method per operation with plain arguments, the bank code filled in,
//! service-level failures turned into errors, retries for read-only calls, long account lists
//! split into concurrent chunks.
//!
//! ```no_run
//! use alseco_client::client::{Client, ClientConfig, Error, ServiceErrorKind};
//! use alseco_client::transport::Endpoint;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let endpoint = Endpoint::parse("https://ws.alseco.kz/AlsecoPaymentsService.asmx")?;
//! let client = Client::new(ClientConfig::new(endpoint, "ALSC"))?;
//!
//! let period = client.get_current_period().await?;
//! let invoices = client.get_invoices_by_accounts_last_vers(&[600970, 325434534]).await?;
//! println!("{period}: {} results", invoices.len());
//!
//! match client.get_bill_info_labels(period).await {
//!     Ok(labels) => println!("{labels:?}"),
//!     Err(Error::Service(e)) if e.kind == ServiceErrorKind::NoDataForPeriod => println!("nothing yet"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every call runs in a `tracing` span `alseco.call` (at debug level) recording the method,
//! the request and response sizes in bytes, the attempts and the elapsed time.

mod batch;
mod error;
mod retry;

pub use batch::BatchPolicy;
pub use error::{Error, ServiceError, ServiceErrorKind};
pub use retry::{RetryClass, RetryPolicy, is_transient};

/// The parts of [`Error`] that come from other modules, for matching without extra imports.
pub use crate::transport::{TimeoutPhase, TransportError};
pub use alseco_types::soap::{Fault, FaultCode};
pub use alseco_types::xml::{DecodeError, DecodeErrorKind, EncodeError};

use crate::invoice_number::InvoiceNumber;
use crate::period::Period;
use crate::transport::{Endpoint, HttpTransport, TransportConfig};
use alseco_types::client::AlsecoPaymentsServiceClient;
use alseco_types::operation::{decode_response, encode_request};
use alseco_types::scalars::DateTime;
use alseco_types::types::{self, ExecutionResult, OperationState};
use alseco_types::{Operation, OperationDescriptor, Transport as _, messages};
use rust_decimal::Decimal;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument as _;

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The HTTP(S) transport: endpoint, SOAP version, timeouts, size limit, TLS.
    pub transport: TransportConfig,
    /// The bank's four-letter code agreed with ALSECO (e.g. `ALSC`), sent as `bankCode`.
    pub bank_code: String,
    /// Retries of read-only calls.
    pub retry: RetryPolicy,
    /// Splitting of long account lists.
    pub batch: BatchPolicy,
    /// Whether [`Client::day_pays_sum`] refuses, without sending, what the service refuses
    /// anyway: a `PaysDate` other than yesterday, or a time outside 00:00–10:00 in Astana
    /// ([`crate::astana::day_pays_sum_window`], by this machine's clock). On by default; turn
    /// it off when the machine's clock is not to be trusted over the service's, or against a
    /// sandbox whose clock is not the real one.
    pub check_day_pays_sum_window: bool,
}

impl ClientConfig {
    /// Defaults for `endpoint` and `bank_code`: the transport's defaults, three attempts for
    /// read-only calls, chunks of 100 accounts four at a time.
    pub fn new(endpoint: Endpoint, bank_code: impl Into<String>) -> Self {
        ClientConfig {
            transport: TransportConfig::new(endpoint),
            bank_code: bank_code.into(),
            retry: RetryPolicy::default(),
            batch: BatchPolicy::default(),
            check_day_pays_sum_window: true,
        }
    }
}

/// A client of ALSECO's payments service. Cheap to clone: clones share the connection pool.
///
/// Needs a tokio runtime (with the time driver) when used.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    stub: AlsecoPaymentsServiceClient<HttpTransport>,
    bank_code: String,
    retry: RetryPolicy,
    batch: BatchPolicy,
    check_day_pays_sum_window: bool,
}

/// The body and result element path of `operation`'s response, for errors about its content.
fn result_error(operation: &'static OperationDescriptor, kind: DecodeErrorKind) -> Error {
    let mut e = DecodeError::new(kind, 0);
    if let Some(result) = operation.result_element {
        e = e.within(result, None);
    }
    Error::Decode(
        e.within(operation.response_element, None)
            .at("Body")
            .at("Envelope"),
    )
}

/// The response carries no result element where one is needed.
fn missing(operation: &'static OperationDescriptor) -> Error {
    let name = operation
        .result_element
        .unwrap_or(operation.response_element);
    let mut e = DecodeError::new(DecodeErrorKind::MissingElement(name.into()), 0);
    if operation.result_element.is_some() {
        e = e.within(operation.response_element, None);
    }
    Error::Decode(e.at("Body").at("Envelope"))
}

/// The first non-blank of the texts, trimmed; empty if none.
fn first_text(texts: &[Option<&str>]) -> String {
    texts
        .iter()
        .flatten()
        .map(|t| t.trim())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// `exRes.Executed = false` is a failure with `exRes.ErrorMessage`; no `exRes` is success.
fn check_executed(
    operation: &'static OperationDescriptor,
    ex_res: Option<&ExecutionResult>,
) -> Result<(), Error> {
    match ex_res {
        Some(ex) if !ex.executed => Err(ServiceError::new(
            operation.name,
            first_text(&[ex.error_message.as_deref()]),
        )
        .into()),
        _ => Ok(()),
    }
}

/// `result` must be `sucsess` (sic, as the service writes it) or `success`; anything else is a
/// failure with `ErrorMessage` (or the `result` text when there is no message).
fn check_result_text(
    operation: &'static OperationDescriptor,
    result: Option<&str>,
    error_message: Option<&str>,
) -> Result<(), Error> {
    let ok = result
        .map(str::trim)
        .is_some_and(|r| r.eq_ignore_ascii_case("sucsess") || r.eq_ignore_ascii_case("success"));
    if ok {
        Ok(())
    } else {
        Err(ServiceError::new(operation.name, first_text(&[error_message, result])).into())
    }
}

/// `state` must be `Success`; anything else is a failure with `ErrorString`.
fn check_state(
    operation: &'static OperationDescriptor,
    state: &OperationState,
    error_string: Option<&str>,
) -> Result<(), Error> {
    match state {
        OperationState::Success => Ok(()),
        other => Err(ServiceError::new(
            operation.name,
            first_text(&[error_string, Some(other.as_str())]),
        )
        .into()),
    }
}

fn year(period: Period) -> i32 {
    i32::from(period.year())
}

fn month(period: Period) -> i32 {
    i32::from(period.month())
}

impl Client {
    /// A client with its own connection pool.
    pub fn new(config: ClientConfig) -> Result<Client, Error> {
        let transport = HttpTransport::new(config.transport)?;
        Ok(Client {
            inner: Arc::new(Inner {
                stub: AlsecoPaymentsServiceClient::new(transport),
                bank_code: config.bank_code,
                retry: config.retry,
                batch: config.batch,
                check_day_pays_sum_window: config.check_day_pays_sum_window,
            }),
        })
    }

    /// The generated client stub underneath, for calls without this layer's conveniences
    /// (no retries, no service-level checks).
    pub fn stub(&self) -> &AlsecoPaymentsServiceClient<HttpTransport> {
        &self.inner.stub
    }

    /// The bank code sent as `bankCode`.
    pub fn bank_code(&self) -> &str {
        &self.inner.bank_code
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The batch policy.
    pub fn batch_policy(&self) -> &BatchPolicy {
        &self.inner.batch
    }

    fn bank(&self) -> Option<String> {
        Some(self.inner.bank_code.clone())
    }

    /// Calls the operation of any request message as it is (the bank code is not filled in),
    /// with the retries its method allows ([`RetryClass::of`]) and a `tracing` span. Returns
    /// the whole response message; service-level failures inside it are not checked.
    pub async fn call<O: Operation + Sync>(&self, request: &O) -> Result<O::Response, Error> {
        let operation = O::DESCRIPTOR;
        let transport = self.inner.stub.transport();
        let envelope = encode_request(transport.soap_version(), request)?;
        let span = tracing::debug_span!(
            "alseco.call",
            operation = operation.name,
            request_bytes = envelope.len(),
            response_bytes = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let class = RetryClass::of(operation);
        let policy = self.inner.retry;
        async move {
            let started = Instant::now();
            let mut attempt = 1u32;
            let outcome = loop {
                let result = match transport
                    .post(operation.soap_action, envelope.clone())
                    .await
                {
                    Ok(body) => {
                        tracing::Span::current().record("response_bytes", body.len());
                        decode_response::<O>(&body, transport.limits()).map_err(Error::from)
                    }
                    Err(e) => Err(Error::Transport(e)),
                };
                match result {
                    Err(e) if attempt < policy.max_attempts && class.allows_retry(&e) => {
                        let wait = policy.backoff(attempt);
                        tracing::debug!(error = %e, attempt, ?wait, "retrying");
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                    }
                    other => break other,
                }
            };
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            match &outcome {
                Ok(_) => tracing::debug!("done"),
                Err(e) => tracing::debug!(error = %e, "failed"),
            }
            outcome
        }
        .instrument(span)
        .await
    }

    /// Sends `items` in chunks under the batch policy, one request per chunk built by `build`,
    /// and merges the lists `extract` takes from the responses in input order.
    async fn batched<I, O, T>(
        &self,
        items: &[I],
        build: impl Fn(&[I]) -> O,
        extract: impl Fn(O::Response) -> Vec<T>,
    ) -> Result<Vec<T>, Error>
    where
        O: Operation + Sync,
    {
        let (build, extract) = (&build, &extract);
        batch::run(&self.inner.batch, items, |chunk| async move {
            let request = build(chunk);
            self.call(&request).await.map(extract)
        })
        .await
    }

    /// GetCurrentPeriod: the open period in ALSECO's database. At the start of a month it stays
    /// the previous one until ALSECO finishes switching (see [`crate::period::status`]).
    pub async fn get_current_period(&self) -> Result<Period, Error> {
        let operation = <messages::GetCurrentPeriod as Operation>::DESCRIPTOR;
        let response = self
            .call(&messages::GetCurrentPeriod {
                bank_code: self.bank(),
            })
            .await?;
        let text = response
            .get_current_period_result
            .ok_or_else(|| missing(operation))?;
        text.trim().parse::<Period>().map_err(|_| {
            result_error(
                operation,
                DecodeErrorKind::InvalidValue {
                    expected: "period YYYY-MM",
                    found: text.clone(),
                },
            )
        })
    }

    /// GetAccountState: whether an account is active, not found, deleted or merged.
    pub async fn get_account_state(&self, account_id: i32) -> Result<types::AccountState, Error> {
        let request = messages::GetAccountState {
            account_id,
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.get_account_state_result)
    }

    /// GetAccountsWithFormedBill: the accounts whose bill was formed since this bank's previous
    /// call (the server keeps a cursor per bank, so this is only retried when the request was
    /// certainly not sent).
    pub async fn get_accounts_with_formed_bill(&self) -> Result<Vec<i32>, Error> {
        let request = messages::GetAccountsWithFormedBill {
            bank_code: self.bank(),
        };
        Ok(self
            .call(&request)
            .await?
            .get_accounts_with_formed_bill_result)
    }

    /// GetBillInfoLabels: the bill pack numbers of a month. Fails with
    /// [`ServiceErrorKind::MonthAfterCurrent`] or [`ServiceErrorKind::NoDataForPeriod`].
    pub async fn get_bill_info_labels(&self, period: Period) -> Result<Vec<i32>, Error> {
        let operation = <messages::GetBillInfoLabels as Operation>::DESCRIPTOR;
        let request = messages::GetBillInfoLabels {
            bank_code: self.bank(),
            year: year(period),
            month: month(period),
        };
        let result = self
            .call(&request)
            .await?
            .get_bill_info_labels_result
            .ok_or_else(|| missing(operation))?;
        check_executed(operation, result.ex_res.as_ref())?;
        Ok(result.list.into_iter().map(|l| l.label_id).collect())
    }

    /// GetBillInfo: the bills of bill pack `label_id` (current and previous month only). Fails
    /// with [`ServiceErrorKind::MonthAfterCurrent`] or [`ServiceErrorKind::NoData`].
    pub async fn get_bill_info(
        &self,
        period: Period,
        label_id: i32,
    ) -> Result<Vec<types::BillInfo>, Error> {
        let operation = <messages::GetBillInfo as Operation>::DESCRIPTOR;
        let request = messages::GetBillInfo {
            bank_code: self.bank(),
            year: year(period),
            month: month(period),
            label_id,
        };
        let result = self
            .call(&request)
            .await?
            .get_bill_info_result
            .ok_or_else(|| missing(operation))?;
        check_executed(operation, result.ex_res.as_ref())?;
        Ok(result.list)
    }

    /// GetInvoicesByAccountsNew: invoices in the old structure, one result per account, in
    /// input order (long lists are batched).
    pub async fn get_invoices_by_accounts_new(
        &self,
        accounts: &[i32],
    ) -> Result<Vec<types::ResultAccountInvoicesOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsNew {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_accounts_new_result,
        )
        .await
    }

    /// GetInvoicesByInvoicesNew: invoices in the old structure by invoice number (without the
    /// check digit), one result per number, in input order (long lists are batched).
    pub async fn get_invoices_by_invoices_new(
        &self,
        invoices: &[InvoiceNumber],
    ) -> Result<Vec<types::ResultAccountInvoicesOfString>, Error> {
        self.batched(
            invoices,
            |chunk| messages::GetInvoicesByInvoicesNew {
                input_invoices: chunk.iter().map(|n| n.as_str().to_owned()).collect(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_invoices_new_result,
        )
        .await
    }

    /// GetInvoicesByAccountsReNew: invoices in the updated structure, in input order (long
    /// lists are batched).
    pub async fn get_invoices_by_accounts_re_new(
        &self,
        accounts: &[i32],
    ) -> Result<Vec<types::ResultAccountInvoicesReNewOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsReNew {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_accounts_re_new_result,
        )
        .await
    }

    /// GetInvoicesByAccountsAndPeriod: invoices of `period` in the updated structure, in input
    /// order (long lists are batched).
    pub async fn get_invoices_by_accounts_and_period(
        &self,
        accounts: &[i32],
        period: Period,
    ) -> Result<Vec<types::ResultAccountInvoicesReNewOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsAndPeriod {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
                year: year(period),
                month: month(period),
            },
            |r| r.get_invoices_by_accounts_and_period_result,
        )
        .await
    }

    /// GetInvoicesByAccountsWithInfo: the updated structure plus info strings, in input order
    /// (long lists are batched).
    pub async fn get_invoices_by_accounts_with_info(
        &self,
        accounts: &[i32],
    ) -> Result<Vec<types::ResultAccountInvoicesWithInfoOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsWithInfo {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_accounts_with_info_result,
        )
        .await
    }

    /// GetInvoicesByAccountsLastVers, the recommended method: invoices with service values, in
    /// input order (long lists are batched).
    pub async fn get_invoices_by_accounts_last_vers(
        &self,
        accounts: &[i32],
    ) -> Result<Vec<types::ResultAccountInvoicesLastVersOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsLastVers {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_accounts_last_vers_result,
        )
        .await
    }

    /// GetInvoicesByAccountsLastVersWithPays: as LastVers with amounts net of this month's
    /// payments, in input order (long lists are batched).
    pub async fn get_invoices_by_accounts_last_vers_with_pays(
        &self,
        accounts: &[i32],
    ) -> Result<Vec<types::ResultAccountInvoicesLastVersOfInt32>, Error> {
        self.batched(
            accounts,
            |chunk| messages::GetInvoicesByAccountsLastVersWithPays {
                accounts: chunk.to_vec(),
                bank_code: self.bank(),
            },
            |r| r.get_invoices_by_accounts_last_vers_with_pays_result,
        )
        .await
    }

    /// Pay: records payments; success is judged per document by `State`. Sent once, never
    /// retried and never split: after a failure the payment protocol decides (see
    /// [`RetryClass`]).
    pub async fn pay(
        &self,
        documents: &[types::PaymentDocument],
    ) -> Result<Vec<types::ResultPaymentInvoice>, Error> {
        let request = messages::Pay {
            payment_documents: documents.to_vec(),
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.pay_result)
    }

    /// PayNew: as [`Client::pay`]. Sent once, never retried.
    pub async fn pay_new(
        &self,
        documents: &[types::PaymentDocument],
    ) -> Result<Vec<types::ResultPaymentInvoice>, Error> {
        let request = messages::PayNew {
            payment_documents: documents.to_vec(),
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.pay_new_result)
    }

    /// PayNewD: as [`Client::pay`] plus the time each payment was accepted. Sent once, never
    /// retried: on [`Error::is_no_timely_answer`] the spec's protocol rolls back by `SysRef`.
    pub async fn pay_new_d(
        &self,
        documents: &[types::PaymentDocument],
    ) -> Result<Vec<types::ResultPaymentInvoice>, Error> {
        let request = messages::PayNewD {
            payment_documents: documents.to_vec(),
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.pay_new_d_result)
    }

    /// RollbackPayments: rolls back payments by payment id (only on the day ALSECO received
    /// them). Sent once, never retried.
    pub async fn rollback_payments(
        &self,
        payment_ids: &[i32],
    ) -> Result<Vec<types::ResultRollbackPaymentOfInt32>, Error> {
        let request = messages::RollbackPayments {
            payment_ids: payment_ids.to_vec(),
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.rollback_payments_result)
    }

    /// RollbackPaymentsBySysRef: rolls back payments by the bank's references. Sent once, never
    /// retried: the payment protocol repeats it until it answers success.
    pub async fn rollback_payments_by_sys_ref<S: AsRef<str>>(
        &self,
        sys_refs: &[S],
    ) -> Result<Vec<types::ResultRollbackPaymentOfString>, Error> {
        let request = messages::RollbackPaymentsBySysRef {
            sys_refs: sys_refs.iter().map(|s| s.as_ref().to_owned()).collect(),
            bank_code: self.bank(),
        };
        Ok(self
            .call(&request)
            .await?
            .rollback_payments_by_sys_ref_result)
    }

    /// GetPaymentsInfoBySysRef: the status of the payment with the bank's reference `sys_ref`.
    pub async fn get_payments_info_by_sys_ref(
        &self,
        sys_ref: &str,
    ) -> Result<types::PaymentInfoBySysRef, Error> {
        let operation = <messages::GetPaymentsInfoBySysRef as Operation>::DESCRIPTOR;
        let request = messages::GetPaymentsInfoBySysRef {
            sys_ref: Some(sys_ref.to_owned()),
            bank_code: self.bank(),
        };
        self.call(&request)
            .await?
            .get_payments_info_by_sys_ref_result
            .ok_or_else(|| missing(operation))
    }

    /// GetPaymentsInfo: the payments processed on a date (`day` `None`: the whole month).
    pub async fn get_payments_info(
        &self,
        year: i32,
        month: i32,
        day: Option<i32>,
    ) -> Result<Vec<types::PaymentInfo>, Error> {
        let request = messages::GetPaymentsInfo {
            year,
            month,
            day,
            bank_code: self.bank(),
        };
        Ok(self.call(&request).await?.get_payments_info_result)
    }

    /// getPaysInfo: the bank's payments between two dates; empty if none.
    pub async fn get_pays_info(
        &self,
        begin: DateTime,
        end: DateTime,
    ) -> Result<Vec<types::BankPayInfo>, Error> {
        let request = messages::GetPaysInfo {
            bank_code: self.bank(),
            date_begin: begin,
            date_end: end,
        };
        Ok(self.call(&request).await?.get_pays_info_result)
    }

    /// GetBankPayByMonth: the bank's payments of a month; `result = false` is a failure.
    pub async fn get_bank_pay_by_month(
        &self,
        period: Period,
    ) -> Result<Vec<types::PayItem>, Error> {
        let operation = <messages::GetBankPayByMonth as Operation>::DESCRIPTOR;
        let request = messages::GetBankPayByMonth {
            bank_code: self.bank(),
            year: year(period),
            month: month(period),
        };
        let result = self
            .call(&request)
            .await?
            .get_bank_pay_by_month_result
            .ok_or_else(|| missing(operation))?;
        if !result.result {
            return Err(ServiceError::new(
                operation.name,
                first_text(&[result.error_message.as_deref()]),
            )
            .into());
        }
        Ok(result.list)
    }

    /// GetBillPays: the payments per service of bill `bill_id`; `state = Error` is a failure.
    pub async fn get_bill_pays(
        &self,
        bill_id: i32,
        period: Period,
    ) -> Result<Vec<types::BillPay>, Error> {
        let operation = <messages::GetBillPays as Operation>::DESCRIPTOR;
        let request = messages::GetBillPays {
            bill_id,
            year: year(period),
            month: month(period),
        };
        let result = self
            .call(&request)
            .await?
            .get_bill_pays_result
            .ok_or_else(|| missing(operation))?;
        check_state(operation, &result.state, result.error_string.as_deref())?;
        Ok(result.list)
    }

    /// GetServKNO: the tax authority code per service of an account; `state = Error` is a failure.
    pub async fn get_serv_kno(
        &self,
        account_id: i32,
        period: Period,
    ) -> Result<Vec<types::ServKNO>, Error> {
        let operation = <messages::GetServKNO as Operation>::DESCRIPTOR;
        let request = messages::GetServKNO {
            account_id,
            year: year(period),
            month: month(period),
        };
        let result = self
            .call(&request)
            .await?
            .get_serv_kno_result
            .ok_or_else(|| missing(operation))?;
        check_state(operation, &result.state, result.error_string.as_deref())?;
        Ok(result.list)
    }

    /// GetPrintedInvoicePDF: the printable invoice as PDF bytes (the latest of the last six
    /// months if there is none for `period`); empty if the service sends none.
    pub async fn get_printed_invoice_pdf(
        &self,
        account_id: i32,
        period: Period,
    ) -> Result<Vec<u8>, Error> {
        let request = messages::GetPrintedInvoicePDF {
            account_id,
            year: year(period),
            month: month(period),
        };
        Ok(self
            .call(&request)
            .await?
            .get_printed_invoice_pdf_result
            .unwrap_or_default())
    }

    /// GetReport108e: the electronic payment orders to suppliers for a day (from 2019-11-01).
    /// Anything but `result = sucsess` is a failure.
    pub async fn get_report108e(&self, date: DateTime) -> Result<Vec<types::Form108eItems>, Error> {
        let operation = <messages::GetReport108e as Operation>::DESCRIPTOR;
        let request = messages::GetReport108e {
            bank_code: self.bank(),
            date_in: date,
        };
        let result = self
            .call(&request)
            .await?
            .get_report108e_result
            .ok_or_else(|| missing(operation))?;
        check_result_text(
            operation,
            result.result.as_deref(),
            result.error_message.as_deref(),
        )?;
        Ok(result.list)
    }

    /// GetPaymentsNKR: capital-repair savings payments of a day before today, as the service's
    /// pivoted items (rows share a `RowN`). Anything but `result = sucsess` is a failure.
    pub async fn get_payments_nkr(&self, date: DateTime) -> Result<Vec<types::Item>, Error> {
        let operation = <messages::GetPaymentsNKR as Operation>::DESCRIPTOR;
        let request = messages::GetPaymentsNKR {
            bank_code: self.bank(),
            date_in: date,
        };
        let result = self
            .call(&request)
            .await?
            .get_payments_nkr_result
            .ok_or_else(|| missing(operation))?;
        check_result_text(
            operation,
            result.result.as_deref(),
            result.error_message.as_deref(),
        )?;
        Ok(result.result_list)
    }

    /// DayPaysSum: sends the bank's count and total of a day's payments for reconciliation
    /// (previous day only, 00:00–10:00 Astana time; see [`crate::astana`]). Anything but
    /// `result = success` is a failure. Sent once, never retried.
    ///
    /// Outside that window nothing is sent and the error is [`Error::Window`], unless
    /// [`ClientConfig::check_day_pays_sum_window`] is off.
    pub async fn day_pays_sum(
        &self,
        branch_id: i32,
        pays_date: DateTime,
        count: i32,
        sum: Decimal,
    ) -> Result<(), Error> {
        if self.inner.check_day_pays_sum_window {
            // The date as the service will read it (an offset makes it an instant). One that
            // does not exist is left for the service to refuse in its own words.
            if let Some(day) = crate::astana::wire_date(&pays_date) {
                crate::astana::day_pays_sum_window(jiff::Timestamp::now(), day)
                    .map_err(Error::Window)?;
            }
        }
        let operation = <messages::DayPaysSum as Operation>::DESCRIPTOR;
        let request = messages::DayPaysSum {
            bank_code: self.bank(),
            branch_id,
            pays_date,
            pays_count: count,
            pays_sum: sum,
        };
        let result = self
            .call(&request)
            .await?
            .day_pays_sum_result
            .ok_or_else(|| missing(operation))?;
        check_result_text(
            operation,
            result.result.as_deref(),
            result.error_message.as_deref(),
        )
    }
}
