//! The client against a real HTTP/1 server on 127.0.0.1: decoding, the bank code, service
//! errors, transport errors, retries and batching.

use crate::support::server::{Reply, TestServer, refused_url};
use alseco_client::astana::WindowError;
use alseco_client::client::{
    BatchPolicy, Client, ClientConfig, Error, RetryClass, RetryPolicy, ServiceErrorKind,
};
use alseco_client::period::Period;
use alseco_client::transport::{Endpoint, TimeoutPhase, TransportError};
use alseco_types::messages;
use alseco_types::operation::{Operation, decode_request, encode_fault, encode_response};
use alseco_types::scalars::DateTime;
use alseco_types::soap::{Fault, SoapVersion};
use alseco_types::types;
use rust_decimal::Decimal;
use std::time::Duration;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/spec/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{SPEC}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn config(url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(Endpoint::parse(url).expect("endpoint"), "TEST");
    config.retry = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
    };
    config.transport.request_timeout = Duration::from_secs(5);
    // These tests put the service's answers to DayPaysSum on fixed dates; the client's own
    // window check, by the real clock, has a test of its own.
    config.check_day_pays_sum_window = false;
    config
}

fn client(url: &str) -> Client {
    Client::new(config(url)).expect("client")
}

fn period(year: i32, month: i32) -> Period {
    Period::new(year, month).expect("period")
}

fn date(text: &str) -> DateTime {
    text.parse().expect("dateTime")
}

fn response<O: Operation>(message: &O::Response) -> Vec<u8> {
    encode_response::<O>(SoapVersion::Soap11, message).expect("encode response")
}

fn document(sys_ref: &str) -> types::PaymentDocument {
    types::PaymentDocument {
        account_id: 444333,
        invoice_id: Some("777777".into()),
        payment_date: date("2025-04-02T10:00:00"),
        sys_ref: Some(sys_ref.into()),
        payment_parameters: vec![types::PaymentParameter {
            service_id: 13,
            pay_sum: Decimal::new(10000, 2),
            ..Default::default()
        }],
    }
}

#[tokio::test]
async fn get_account_state_decodes_the_spec_response_and_sends_the_bank_code() {
    let server = TestServer::fixed(
        200,
        "text/xml; charset=utf-8",
        fixture("GetAccountState.response.xml"),
    )
    .await;
    let state = client(&server.url())
        .get_account_state(325434534)
        .await
        .expect("call");
    assert_eq!(state, types::AccountState::NotFound);

    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].soap_action,
        "http://www.alseco.kz/AlsecoPaymentsService/GetAccountState"
    );
    assert!(
        received[0].content_type.starts_with("text/xml"),
        "{}",
        received[0].content_type
    );
    let (version, request) = decode_request::<messages::GetAccountState>(
        received[0].body.as_bytes(),
        Default::default(),
    )
    .expect("request");
    assert_eq!(version, SoapVersion::Soap11);
    assert_eq!(request.account_id, 325434534);
    assert_eq!(request.bank_code.as_deref(), Some("TEST"));
}

#[tokio::test]
async fn last_vers_over_soap12_decodes_the_spec_response() {
    let server = TestServer::fixed(
        200,
        "application/soap+xml; charset=utf-8",
        fixture("GetInvoicesByAccountsLastVers.response.xml"),
    )
    .await;
    let mut config = config(&server.url());
    config.transport.soap_version = SoapVersion::Soap12;
    let results = Client::new(config)
        .expect("client")
        .get_invoices_by_accounts_last_vers(&[33333])
        .await
        .expect("call");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].input_value, 33333);
    assert_eq!(results[0].state, types::AccountInvoicesState::Success);
    let invoices = results[0].account_invoices.as_ref().expect("invoices");
    assert_eq!(invoices.account_id, 600970);
    assert!(!invoices.invoices[0].serv_values.is_empty());

    let received = &server.received()[0];
    assert!(
        received.content_type.starts_with("application/soap+xml"),
        "{}",
        received.content_type
    );
    assert_eq!(
        received.soap_action,
        "http://www.alseco.kz/AlsecoPaymentsService/GetInvoicesByAccountsLastVers"
    );
    let (version, request) = decode_request::<messages::GetInvoicesByAccountsLastVers>(
        received.body.as_bytes(),
        Default::default(),
    )
    .expect("request");
    assert_eq!(version, SoapVersion::Soap12);
    assert_eq!(request.accounts, vec![33333]);
    assert_eq!(request.bank_code.as_deref(), Some("TEST"));
}

#[tokio::test]
async fn pay_new_d_accepts_the_documented_pay_response_alias() {
    let server = TestServer::fixed(
        200,
        "text/xml; charset=utf-8",
        fixture("PayNewD.response.xml"),
    )
    .await;
    let results = client(&server.url())
        .pay_new_d(&[document("1")])
        .await
        .expect("call");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].state, types::PaymentState::Success);
    assert_eq!(results[0].payment_id, 26);
    assert_eq!(results[0].invoice_id.as_deref(), Some("777777"));
    assert!(results[0].pay_res_date.is_some());

    let received = &server.received()[0];
    let (_, request) =
        decode_request::<messages::PayNewD>(received.body.as_bytes(), Default::default())
            .expect("request");
    assert_eq!(request.bank_code.as_deref(), Some("TEST"));
    assert_eq!(request.payment_documents, vec![document("1")]);
}

#[tokio::test]
async fn spec_responses_of_checked_methods_decode_to_their_inner_values() {
    let ok = |name: &str| Reply::ok(fixture(name));
    let server = TestServer::start(move |action, _| {
        let method = action.rsplit('/').next().unwrap_or_default().to_owned();
        match method.as_str() {
            "GetBillInfoLabels" => ok("GetBillInfoLabels.response.xml"),
            "GetBillInfo" => ok("GetBillInfo.response.xml"),
            "GetBankPayByMonth" => ok("GetBankPayByMonth.response.xml"),
            "GetBillPays" => ok("GetBillPays.response.xml"),
            "GetServKNO" => ok("GetServKNO.response.xml"),
            "GetReport108e" => ok("GetReport108e.response.xml"),
            "GetPaymentsNKR" => ok("GetPaymentsNKR.response.xml"),
            "DayPaysSum" => ok("DayPaysSum.response.success.xml"),
            "GetPrintedInvoicePDF" => ok("GetPrintedInvoicePDF.response.xml"),
            "GetAccountsWithFormedBill" => ok("GetAccountsWithFormedBill.response.xml"),
            "GetPaymentsInfoBySysRef" => ok("GetPaymentsInfoBySysRef.response.xml"),
            "getPaysInfo" => ok("getPaysInfo.response.xml"),
            other => Reply::new(404, "text/plain", format!("no fixture for {other}")),
        }
    })
    .await;
    let client = client(&server.url());
    let p = period(2025, 4);

    assert_eq!(
        client.get_bill_info_labels(p).await.expect("labels"),
        vec![1, 2]
    );
    assert!(
        !client
            .get_bill_info(p, 1)
            .await
            .expect("bill info")
            .is_empty()
    );
    assert_eq!(
        client.get_bank_pay_by_month(p).await.expect("bank pays")[0].invoice_payment_id,
        333
    );
    assert_eq!(
        client.get_bill_pays(1, p).await.expect("bill pays")[0].serv_id,
        11
    );
    assert!(!client.get_serv_kno(1, p).await.expect("kno").is_empty());
    let items = client
        .get_report108e(date("2019-11-01T00:00:00"))
        .await
        .expect("108e");
    assert_eq!(items[0].serv_id, Some(128));
    assert!(
        !client
            .get_payments_nkr(date("2019-11-01T00:00:00"))
            .await
            .expect("nkr")
            .is_empty()
    );
    client
        .day_pays_sum(
            4004,
            date("2019-11-01T00:00:00"),
            3,
            Decimal::new(150000, 2),
        )
        .await
        .expect("day pays sum");
    let pdf = client
        .get_printed_invoice_pdf(222222, period(2025, 3))
        .await
        .expect("pdf");
    assert!(
        pdf.starts_with(b"%PDF-1.4"),
        "{:?}",
        &pdf[..8.min(pdf.len())]
    );
    assert_eq!(
        client
            .get_accounts_with_formed_bill()
            .await
            .expect("formed")
            .len(),
        3
    );
    let info = client
        .get_payments_info_by_sys_ref("1")
        .await
        .expect("by sys ref");
    assert_eq!(info.payment_status, types::PaymentStatus::Complete);
    assert!(
        !client
            .get_pays_info(date("2017-04-01T00:00:00"), date("2017-04-30T00:00:00"))
            .await
            .expect("pays info")
            .is_empty()
    );
    // Methods without bankCode do not send one; the others send the configured one.
    for r in server.received() {
        let has_bank = r.body.contains("<bankCode>TEST</bankCode>");
        let without = ["GetBillPays", "GetServKNO", "GetPrintedInvoicePDF"]
            .iter()
            .any(|m| r.soap_action.ends_with(m));
        assert_eq!(has_bank, !without, "{}", r.soap_action);
    }
}

#[tokio::test]
async fn current_period_is_parsed_and_a_bad_one_is_a_decode_error() {
    let good = response::<messages::GetCurrentPeriod>(&messages::GetCurrentPeriodResponse {
        get_current_period_result: Some("2025-04".into()),
    });
    let server = TestServer::fixed(200, "text/xml", good).await;
    assert_eq!(
        client(&server.url())
            .get_current_period()
            .await
            .expect("period"),
        period(2025, 4)
    );

    let bad = response::<messages::GetCurrentPeriod>(&messages::GetCurrentPeriodResponse {
        get_current_period_result: Some("April".into()),
    });
    let server = TestServer::fixed(200, "text/xml", bad).await;
    match client(&server.url()).get_current_period().await {
        Err(Error::Decode(e)) => {
            assert!(
                e.path().ends_with("/GetCurrentPeriodResult"),
                "{}",
                e.path()
            );
            assert!(e.to_string().contains("April"), "{e}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// An error response for each service-level failure the spec names, through a method that
/// reports it, and the kind it must be recognised as.
fn service_error_cases() -> Vec<(&'static str, Vec<u8>, ServiceErrorKind)> {
    let labels = |text: &str| {
        response::<messages::GetBillInfoLabels>(&messages::GetBillInfoLabelsResponse {
            get_bill_info_labels_result: Some(types::BillInfoLabelsResult {
                ex_res: Some(types::ExecutionResult {
                    executed: false,
                    error_message: Some(text.into()),
                    stack_trace: None,
                }),
                list: vec![],
            }),
        })
    };
    let bill_info = |text: &str| {
        response::<messages::GetBillInfo>(&messages::GetBillInfoResponse {
            get_bill_info_result: Some(types::BillInfoResult {
                ex_res: Some(types::ExecutionResult {
                    executed: false,
                    error_message: Some(text.into()),
                    stack_trace: None,
                }),
                list: vec![],
            }),
        })
    };
    let bank_pay = |text: &str| {
        response::<messages::GetBankPayByMonth>(&messages::GetBankPayByMonthResponse {
            get_bank_pay_by_month_result: Some(types::BankPayByMonthResult {
                result: false,
                error_message: Some(text.into()),
                ..Default::default()
            }),
        })
    };
    let report = |text: &str| {
        response::<messages::GetReport108e>(&messages::GetReport108eResponse {
            get_report108e_result: Some(types::Report108eResult {
                result: Some("error".into()),
                error_message: Some(text.into()),
                ..Default::default()
            }),
        })
    };
    let nkr = |text: &str| {
        response::<messages::GetPaymentsNKR>(&messages::GetPaymentsNKRResponse {
            get_payments_nkr_result: Some(types::PaymentsNKRResult {
                result: Some("error".into()),
                error_message: Some(text.into()),
                ..Default::default()
            }),
        })
    };
    let day = |text: &str| {
        response::<messages::DayPaysSum>(&messages::DayPaysSumResponse {
            day_pays_sum_result: Some(types::ReconciliationResult {
                result: Some("error".into()),
                error_message: Some(text.into()),
                stack_trace: None,
            }),
        })
    };
    let bill_pays = |text: &str| {
        response::<messages::GetBillPays>(&messages::GetBillPaysResponse {
            get_bill_pays_result: Some(types::BillPaysResult {
                state: types::OperationState::Error,
                list: vec![],
                error_string: Some(text.into()),
            }),
        })
    };
    let kno = |text: &str| {
        response::<messages::GetServKNO>(&messages::GetServKNOResponse {
            get_serv_kno_result: Some(types::ServKNOResult {
                state: types::OperationState::Error,
                list: vec![],
                error_string: Some(text.into()),
            }),
        })
    };
    use ServiceErrorKind as K;
    vec![
        (
            "GetBillInfoLabels",
            labels("Месяц позже текущего"),
            K::MonthAfterCurrent,
        ),
        (
            "GetBillInfoLabels",
            labels(" Нет данных за\n выбранный период "),
            K::NoDataForPeriod,
        ),
        ("GetBillInfo", bill_info("Нет данных"), K::NoData),
        (
            "GetBankPayByMonth",
            bank_pay("Не найден банк"),
            K::BankNotFound,
        ),
        (
            "GetReport108e",
            report("Дата раньше 1 ноября 2019 г."),
            K::DateBeforeNovember2019,
        ),
        ("GetReport108e", report("День не отмечен"), K::DayNotMarked),
        (
            "GetPaymentsNKR",
            nkr("Нет данных за выбранный день"),
            K::NoDataForDay,
        ),
        (
            "GetPaymentsNKR",
            nkr("Дата позже текущего дня"),
            K::DateNotBeforeToday,
        ),
        (
            "DayPaysSum",
            day(
                "Данные для сверки необходимо отправлять в период с 00:00 до 10:00 по времени\r\n   г. Астаны",
            ),
            K::OutsideReconciliationWindow,
        ),
        (
            "DayPaysSum",
            day("Дата сверки не соответствует предыдущему дню"),
            K::NotPreviousDay,
        ),
        (
            "DayPaysSum",
            fixture("DayPaysSum.response.error.xml"),
            K::BranchMismatch {
                branch: "4004".into(),
                bank_code: "ALSC".into(),
            },
        ),
        ("GetBillPays", bill_pays("Деление на ноль"), K::Other),
        ("GetServKNO", kno("Нет данных"), K::NoData),
    ]
}

#[tokio::test]
async fn each_service_error_kind_is_recognised_from_an_error_response() {
    let day = date("2025-04-01T00:00:00");
    for (operation, body, expected) in service_error_cases() {
        let server = TestServer::fixed(200, "text/xml; charset=utf-8", body).await;
        let client = client(&server.url());
        let p = period(2025, 4);
        let result = match operation {
            "GetBillInfoLabels" => client.get_bill_info_labels(p).await.map(drop),
            "GetBillInfo" => client.get_bill_info(p, 1).await.map(drop),
            "GetBankPayByMonth" => client.get_bank_pay_by_month(p).await.map(drop),
            "GetReport108e" => client.get_report108e(day).await.map(drop),
            "GetPaymentsNKR" => client.get_payments_nkr(day).await.map(drop),
            "DayPaysSum" => client.day_pays_sum(4004, day, 1, Decimal::ONE).await,
            "GetBillPays" => client.get_bill_pays(1, p).await.map(drop),
            "GetServKNO" => client.get_serv_kno(1, p).await.map(drop),
            other => unreachable!("{other}"),
        };
        let error = result.expect_err(operation);
        let service = error
            .service()
            .unwrap_or_else(|| panic!("{operation}: {error:?}"));
        assert_eq!(service.operation, operation);
        assert_eq!(service.kind, expected, "{operation}: {:?}", service.text);
        assert_eq!(error.service_kind(), Some(&expected));
        assert!(error.to_string().starts_with(operation), "{error}");
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(
            server.count(),
            1,
            "{operation}: service errors are not retried"
        );
    }
}

#[test]
fn service_error_texts_are_matched_after_normalising_whitespace() {
    use ServiceErrorKind as K;
    assert_eq!(K::from_text("  Нет\u{a0}данных\t"), K::NoData);
    assert_eq!(K::from_text("нет данных"), K::NoData);
    assert_eq!(
        K::from_text("Нет данных за выбранный период."),
        K::NoDataForPeriod
    );
    assert_eq!(
        K::from_text("Дата раньше 1 ноября 2019 г"),
        K::DateBeforeNovember2019
    );
    assert_eq!(
        K::from_text("Отделение банка  17\nне соответствует используемой аббревиатуре HSBK"),
        K::BranchMismatch {
            branch: "17".into(),
            bank_code: "HSBK".into()
        }
    );
    assert_eq!(K::from_text(""), K::Other);
    assert_eq!(K::from_text("Нет данных вообще"), K::Other);
}

#[tokio::test]
async fn a_soap_fault_with_http_500_is_a_fault_error() {
    let fault = Fault {
        detail: Some("<code>42</code>".into()),
        ..Fault::server("Server was unable to process request. ---> boom")
    };
    let body = encode_fault(SoapVersion::Soap11, &fault).expect("fault");
    let server = TestServer::fixed(500, "text/xml; charset=utf-8", body).await;
    match client(&server.url()).get_account_state(1).await {
        Err(Error::Fault(f)) => {
            assert!(f.reason.contains("boom"), "{f:?}");
            assert!(
                f.detail.as_deref().is_some_and(|d| d.contains("42")),
                "{f:?}"
            );
        }
        other => panic!("expected a fault, got {other:?}"),
    }
    assert_eq!(server.count(), 1, "faults are not retried");
}

#[tokio::test]
async fn http_502_with_html_is_a_transport_status_error() {
    let server = TestServer::fixed(502, "text/html", "<html><body>Bad Gateway</body></html>").await;
    let mut config = config(&server.url());
    config.retry = RetryPolicy::none();
    let error = Client::new(config)
        .expect("client")
        .get_account_state(1)
        .await
        .expect_err("502");
    match &error {
        Error::Transport(TransportError::Status { status: 502, body }) => {
            assert!(body.contains("Bad Gateway"), "{body}")
        }
        other => panic!("expected status 502, got {other:?}"),
    }
    assert!(!error.is_not_sent());
    assert!(!error.is_no_timely_answer());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let url = refused_url().await;
    let error = client(&url)
        .get_account_state(1)
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::Transport(TransportError::Connect(_))),
        "{error:?}"
    );
    assert!(error.is_not_sent());
    assert!(!error.is_no_timely_answer());
    assert!(error.to_string().contains("cannot connect"), "{error}");
}

#[tokio::test]
async fn a_server_slower_than_the_request_timeout_is_a_response_timeout() {
    let body = fixture("GetAccountState.response.xml");
    let server =
        TestServer::start(move |_, _| Reply::ok(body.clone()).after(Duration::from_secs(3))).await;
    let mut config = config(&server.url());
    config.retry = RetryPolicy::none();
    config.transport.request_timeout = Duration::from_millis(200);
    let error = Client::new(config)
        .expect("client")
        .get_account_state(1)
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            error,
            Error::Transport(TransportError::Timeout {
                phase: TimeoutPhase::Response,
                ..
            })
        ),
        "{error:?}"
    );
    assert!(error.is_no_timely_answer());
    assert!(!error.is_not_sent());
}

#[tokio::test]
async fn a_body_over_the_limit_is_too_large_and_not_retried() {
    let padding = " ".repeat(64 * 1024);
    let body = format!(
        "{}{padding}",
        String::from_utf8(fixture("GetAccountState.response.xml")).expect("utf-8")
    );
    let server = TestServer::fixed(200, "text/xml", body).await;
    let mut config = config(&server.url());
    config.transport.max_response_bytes = 16 * 1024;
    let error = Client::new(config)
        .expect("client")
        .get_account_state(1)
        .await
        .expect_err("too large");
    assert!(
        matches!(
            error,
            Error::Transport(TransportError::TooLarge { limit: 16384 })
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn read_only_calls_are_retried_up_to_max_attempts() {
    let server = TestServer::fixed(503, "text/html", "<html>Service Unavailable</html>").await;
    let error = client(&server.url())
        .get_account_state(1)
        .await
        .expect_err("503");
    assert!(
        matches!(
            error,
            Error::Transport(TransportError::Status { status: 503, .. })
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_read_only_call_succeeds_after_transient_failures() {
    let body = fixture("GetAccountState.response.xml");
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |_, _| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            Reply::new(504, "text/html", "<html>Gateway Timeout</html>")
        } else {
            Reply::ok(body.clone())
        }
    })
    .await;
    let state = client(&server.url())
        .get_account_state(1)
        .await
        .expect("third attempt");
    assert_eq!(state, types::AccountState::NotFound);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_read_only_call_is_retried_after_a_response_timeout() {
    let body = fixture("GetAccountState.response.xml");
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |_, _| {
        let reply = Reply::ok(body.clone());
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            reply.after(Duration::from_secs(3))
        } else {
            reply
        }
    })
    .await;
    let mut config = config(&server.url());
    config.transport.request_timeout = Duration::from_millis(300);
    let state = Client::new(config)
        .expect("client")
        .get_account_state(1)
        .await
        .expect("second attempt");
    assert_eq!(state, types::AccountState::NotFound);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn pay_new_d_is_sent_exactly_once_when_the_first_attempt_times_out() {
    let body = fixture("PayNewD.response.xml");
    let server =
        TestServer::start(move |_, _| Reply::ok(body.clone()).after(Duration::from_secs(3))).await;
    let mut config = config(&server.url());
    config.transport.request_timeout = Duration::from_millis(200);
    let error = Client::new(config)
        .expect("client")
        .pay_new_d(&[document("sys-1")])
        .await
        .expect_err("timeout");
    assert!(error.is_no_timely_answer(), "{error:?}");
    // Give a (wrong) retry every chance to arrive.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn day_pays_sum_outside_its_window_is_refused_without_sending() {
    let server = TestServer::fixed(500, "text/plain", "nothing may be sent").await;
    let mut config = config(&server.url());
    config.check_day_pays_sum_window = true;
    let client = Client::new(config).expect("client");
    // Never yesterday in Astana, whatever the clock says.
    let error = client
        .day_pays_sum(4005, date("2019-11-01T00:00:00"), 1, Decimal::ONE)
        .await
        .expect_err("a date that is not yesterday");
    let Error::Window(WindowError::NotPreviousDay {
        pays_date,
        expected,
    }) = &error
    else {
        panic!("expected a window error, got {error:?}");
    };
    assert_eq!(pays_date.to_string(), "2019-11-01");
    assert_eq!(*expected, alseco_client::astana::today().yesterday().ok());
    let text = error.to_string();
    assert!(
        text.starts_with("DayPaysSum not sent: Дата сверки не соответствует предыдущему дню (2019-11-01 given; only "),
        "{text}"
    );
    assert!(error.service().is_none() && !error.is_no_timely_answer());
    // Yesterday at midnight written in the spec's +06:00 style is, in Astana (UTC+5), 23:00
    // the day before: the service would refuse it, so the client does.
    let yesterday = alseco_client::astana::today().yesterday().unwrap();
    let error = client
        .day_pays_sum(
            4005,
            date(&format!("{yesterday}T00:00:00+06:00")),
            1,
            Decimal::ONE,
        )
        .await
        .expect_err("+06:00 midnight is the day before");
    assert!(
        matches!(
            &error,
            Error::Window(WindowError::NotPreviousDay { pays_date, .. })
                if *pays_date == yesterday.yesterday().unwrap()
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn payments_rollbacks_and_day_pays_sum_are_never_retried() {
    let server = TestServer::fixed(503, "text/html", "<html>Service Unavailable</html>").await;
    let client = client(&server.url());
    let docs = [document("sys-2")];
    let day = date("2025-04-01T00:00:00");
    let results: Vec<(&str, Error)> = vec![
        ("Pay", client.pay(&docs).await.expect_err("Pay")),
        ("PayNew", client.pay_new(&docs).await.expect_err("PayNew")),
        (
            "PayNewD",
            client.pay_new_d(&docs).await.expect_err("PayNewD"),
        ),
        (
            "RollbackPayments",
            client
                .rollback_payments(&[26])
                .await
                .expect_err("RollbackPayments"),
        ),
        (
            "RollbackPaymentsBySysRef",
            client
                .rollback_payments_by_sys_ref(&["sys-2"])
                .await
                .expect_err("RollbackPaymentsBySysRef"),
        ),
        (
            "DayPaysSum",
            client
                .day_pays_sum(1, day, 1, Decimal::ONE)
                .await
                .expect_err("DayPaysSum"),
        ),
        (
            "GetAccountsWithFormedBill",
            client
                .get_accounts_with_formed_bill()
                .await
                .expect_err("GetAccountsWithFormedBill"),
        ),
    ];
    let received = server.received();
    assert_eq!(received.len(), results.len(), "{received:#?}");
    for ((name, error), request) in results.iter().zip(&received) {
        assert!(
            request.soap_action.ends_with(name),
            "{name}: {}",
            request.soap_action
        );
        assert!(
            matches!(
                error,
                Error::Transport(TransportError::Status { status: 503, .. })
            ),
            "{name}: {error:?}"
        );
    }
}

#[test]
fn retry_classes_and_backoff() {
    assert_eq!(
        RetryClass::of(messages::PayNewD::DESCRIPTOR),
        RetryClass::Never
    );
    assert_eq!(
        RetryClass::of(messages::DayPaysSum::DESCRIPTOR),
        RetryClass::Never
    );
    assert_eq!(
        RetryClass::of(messages::RollbackPaymentsBySysRef::DESCRIPTOR),
        RetryClass::Never
    );
    assert_eq!(
        RetryClass::of(messages::GetAccountsWithFormedBill::DESCRIPTOR),
        RetryClass::IfNotSent
    );
    assert_eq!(
        RetryClass::of(messages::GetPaymentsInfoBySysRef::DESCRIPTOR),
        RetryClass::ReadOnly
    );
    let policy = RetryPolicy {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(350),
    };
    let waits: Vec<_> = (1..=4).map(|a| policy.backoff(a).as_millis()).collect();
    assert_eq!(waits, vec![100, 200, 350, 350]);
    assert_eq!(RetryPolicy::default().max_attempts, 3);
}

fn last_vers_echo(body: &[u8]) -> (Vec<i32>, Reply) {
    let (_, request) =
        decode_request::<messages::GetInvoicesByAccountsLastVers>(body, Default::default())
            .expect("request");
    let results = request
        .accounts
        .iter()
        .map(|&account| types::ResultAccountInvoicesLastVersOfInt32 {
            input_value: account,
            state: types::AccountInvoicesState::AccountNotFound,
            account_invoices: None,
        })
        .collect();
    let reply = Reply::ok(response::<messages::GetInvoicesByAccountsLastVers>(
        &messages::GetInvoicesByAccountsLastVersResponse {
            get_invoices_by_accounts_last_vers_result: results,
        },
    ));
    (request.accounts, reply)
}

#[tokio::test]
async fn long_account_lists_are_batched_and_merged_in_input_order() {
    let server = TestServer::start(|_, body| {
        let (accounts, reply) = last_vers_echo(&body);
        // The first chunk answers last: the merge must still keep input order.
        if accounts.first() == Some(&1000) {
            reply.after(Duration::from_millis(300))
        } else {
            reply
        }
    })
    .await;
    let mut config = config(&server.url());
    config.batch = BatchPolicy {
        chunk_size: 100,
        max_concurrency: 4,
    };
    let accounts: Vec<i32> = (1000..1250).collect();
    let results = Client::new(config)
        .expect("client")
        .get_invoices_by_accounts_last_vers(&accounts)
        .await
        .expect("batched call");
    let inputs: Vec<i32> = results.iter().map(|r| r.input_value).collect();
    assert_eq!(inputs, accounts);

    let mut sizes: Vec<usize> = server
        .received()
        .iter()
        .map(|r| {
            decode_request::<messages::GetInvoicesByAccountsLastVers>(
                r.body.as_bytes(),
                Default::default(),
            )
            .expect("request")
            .1
            .accounts
            .len()
        })
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, vec![50, 100, 100]);
}

#[tokio::test]
async fn an_empty_account_list_sends_nothing() {
    let server = TestServer::fixed(500, "text/plain", "unexpected").await;
    let results = client(&server.url())
        .get_invoices_by_accounts_last_vers(&[])
        .await
        .expect("empty");
    assert!(results.is_empty());
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn the_generic_call_sends_the_message_as_given_and_can_be_spawned() {
    let server = TestServer::start(|_, body| last_vers_echo(&body).1).await;
    let client = client(&server.url());
    let request = messages::GetInvoicesByAccountsLastVers {
        accounts: vec![7, 8],
        bank_code: Some("OTHR".into()),
    };
    let response = tokio::spawn({
        let client = client.clone();
        async move { client.call(&request).await }
    })
    .await
    .expect("join")
    .expect("call");
    assert_eq!(response.get_invoices_by_accounts_last_vers_result.len(), 2);
    assert!(
        server.received()[0]
            .body
            .contains("<bankCode>OTHR</bankCode>")
    );
}

#[tokio::test]
async fn invoice_list_methods_decode_the_spec_responses() {
    let server = TestServer::start(|action, _| {
        let name = match action.rsplit('/').next().unwrap_or_default() {
            "GetInvoicesByAccountsNew" => "GetInvoicesByAccountsNew.response.xml",
            "GetInvoicesByAccountsReNew" => "GetInvoicesByAccountsReNew.response.xml",
            "GetInvoicesByAccountsLastVersWithPays" => {
                "GetInvoicesByAccountsLastVersWithPays.response.xml"
            }
            other => return Reply::new(404, "text/plain", format!("no fixture for {other}")),
        };
        Reply::ok(fixture(name))
    })
    .await;
    let client = client(&server.url());

    // The old structure, under the documented wrapper alias GetInvoicesByAccountsResponse.
    let old = client
        .get_invoices_by_accounts_new(&[22233333, 6666666])
        .await
        .expect("accounts new");
    assert_eq!(
        old.iter().map(|r| r.input_value).collect::<Vec<_>>(),
        vec![22233333, 6666666]
    );
    assert_eq!(
        old[0]
            .account_invoices
            .as_ref()
            .expect("invoices")
            .account_id,
        666666
    );

    let re_new = client
        .get_invoices_by_accounts_re_new(&[99999])
        .await
        .expect("re new");
    assert_eq!(
        re_new[0]
            .account_invoices
            .as_ref()
            .expect("invoices")
            .account_id,
        88888
    );

    // SOAP 1.2 response to a SOAP 1.1 client, under the LastVers wrapper names.
    let with_pays = client
        .get_invoices_by_accounts_last_vers_with_pays(&[33333])
        .await
        .expect("with pays");
    let line = &with_pays[0]
        .account_invoices
        .as_ref()
        .expect("invoices")
        .invoices[0]
        .invoice_parameters[0];
    assert_eq!(line.pay_sum, Some(Decimal::new(97735, 2)));
}

#[tokio::test]
async fn invoice_numbers_and_periods_are_sent_as_the_spec_says() {
    let server = TestServer::fixed(500, "text/plain", "not looked at").await;
    let mut config = config(&server.url());
    config.retry = RetryPolicy::none();
    let client = Client::new(config).expect("client");
    let number =
        alseco_client::invoice_number::InvoiceNumber::from_sent("2504109887").expect("number");
    let _ = client.get_invoices_by_invoices_new(&[number]).await;
    let _ = client
        .get_invoices_by_accounts_and_period(&[1, 2], period(2025, 3))
        .await;
    let _ = client.get_payments_info(2025, 4, None).await;

    let received = server.received();
    let (_, by_invoice) = decode_request::<messages::GetInvoicesByInvoicesNew>(
        received[0].body.as_bytes(),
        Default::default(),
    )
    .expect("request");
    assert_eq!(by_invoice.input_invoices, vec!["2504109887".to_owned()]);
    assert_eq!(by_invoice.bank_code.as_deref(), Some("TEST"));
    let (_, by_period) = decode_request::<messages::GetInvoicesByAccountsAndPeriod>(
        received[1].body.as_bytes(),
        Default::default(),
    )
    .expect("request");
    assert_eq!((by_period.year, by_period.month), (2025, 3));
    assert_eq!(by_period.accounts, vec![1, 2]);
    let (_, info) = decode_request::<messages::GetPaymentsInfo>(
        received[2].body.as_bytes(),
        Default::default(),
    )
    .expect("request");
    assert_eq!((info.year, info.month, info.day), (2025, 4, None));
    assert!(
        received[2].body.contains("nil=\"true\""),
        "{}",
        received[2].body
    );
}

#[test]
fn client_and_error_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<Error>();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(Error::Service(
        alseco_client::client::ServiceError::new("DayPaysSum", "Не найден банк"),
    ));
    assert_eq!(
        boxed.to_string(),
        "DayPaysSum failed: the bank was not found («Не найден банк»)"
    );
}
