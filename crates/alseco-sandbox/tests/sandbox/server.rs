//! The HTTP(S) front over real sockets on 127.0.0.1, with a small test service.

use alseco_sandbox::banks::{Bank, BankRegistry};
use alseco_sandbox::faults::{FaultCounts, FaultKind, FaultPlan};
use alseco_sandbox::server::{ServerConfig, ServerHandle, TlsConfig, serve};
use alseco_types::messages::{self, GetAccountState, GetCurrentPeriod, PayNewD};
use alseco_types::operation::{RequestContext, ResponseError, decode_response, encode_request};
use alseco_types::server::AlsecoPaymentsService;
use alseco_types::soap::{Fault, FaultCode, SoapVersion};
use alseco_types::{Operation, operations};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Answers `Default::default()` everywhere, except: `GetCurrentPeriod` answers `2025-04`,
/// `GetAccountState` faults for a negative account. Records every call.
#[derive(Clone, Default)]
struct TestService {
    calls: Arc<Mutex<Vec<&'static str>>>,
    commits: Arc<AtomicUsize>,
}

impl TestService {
    fn record(&self, name: &'static str) {
        self.calls.lock().unwrap().push(name);
    }

    fn calls(&self) -> Vec<&'static str> {
        self.calls.lock().unwrap().clone()
    }
}

macro_rules! test_service {
    ($($method:ident: $request:ident => $response:ident,)*; $($custom:tt)*) => {
        impl AlsecoPaymentsService for TestService {
            $(
                async fn $method(
                    &self,
                    _ctx: &RequestContext,
                    _request: messages::$request,
                ) -> Result<messages::$response, Fault> {
                    self.record(stringify!($request));
                    Ok(Default::default())
                }
            )*
            $($custom)*
        }
    };
}

test_service! {
    get_accounts_with_formed_bill: GetAccountsWithFormedBill => GetAccountsWithFormedBillResponse,
    get_bill_info_labels: GetBillInfoLabels => GetBillInfoLabelsResponse,
    get_bill_info: GetBillInfo => GetBillInfoResponse,
    get_invoices_by_accounts_new: GetInvoicesByAccountsNew => GetInvoicesByAccountsNewResponse,
    get_invoices_by_invoices_new: GetInvoicesByInvoicesNew => GetInvoicesByInvoicesNewResponse,
    get_invoices_by_accounts_re_new: GetInvoicesByAccountsReNew => GetInvoicesByAccountsReNewResponse,
    get_invoices_by_accounts_and_period: GetInvoicesByAccountsAndPeriod => GetInvoicesByAccountsAndPeriodResponse,
    get_invoices_by_accounts_with_info: GetInvoicesByAccountsWithInfo => GetInvoicesByAccountsWithInfoResponse,
    get_invoices_by_accounts_last_vers: GetInvoicesByAccountsLastVers => GetInvoicesByAccountsLastVersResponse,
    get_invoices_by_accounts_last_vers_with_pays: GetInvoicesByAccountsLastVersWithPays => GetInvoicesByAccountsLastVersWithPaysResponse,
    pay: Pay => PayResponse,
    pay_new: PayNew => PayNewResponse,
    rollback_payments: RollbackPayments => RollbackPaymentsResponse,
    rollback_payments_by_sys_ref: RollbackPaymentsBySysRef => RollbackPaymentsBySysRefResponse,
    get_payments_info_by_sys_ref: GetPaymentsInfoBySysRef => GetPaymentsInfoBySysRefResponse,
    get_payments_info: GetPaymentsInfo => GetPaymentsInfoResponse,
    get_pays_info: GetPaysInfo => GetPaysInfoResponse,
    get_bank_pay_by_month: GetBankPayByMonth => GetBankPayByMonthResponse,
    get_bill_pays: GetBillPays => GetBillPaysResponse,
    get_serv_kno: GetServKNO => GetServKNOResponse,
    get_printed_invoice_pdf: GetPrintedInvoicePDF => GetPrintedInvoicePDFResponse,
    get_report108e: GetReport108e => GetReport108eResponse,
    get_payments_nkr: GetPaymentsNKR => GetPaymentsNKRResponse,
    day_pays_sum: DayPaysSum => DayPaysSumResponse,
    ;
    async fn get_current_period(
        &self,
        _ctx: &RequestContext,
        _request: GetCurrentPeriod,
    ) -> Result<messages::GetCurrentPeriodResponse, Fault> {
        self.record("GetCurrentPeriod");
        Ok(messages::GetCurrentPeriodResponse { get_current_period_result: Some("2025-04".into()) })
    }

    async fn get_account_state(
        &self,
        _ctx: &RequestContext,
        request: GetAccountState,
    ) -> Result<messages::GetAccountStateResponse, Fault> {
        self.record("GetAccountState");
        if request.account_id < 0 {
            return Err(Fault::client("accountId must not be negative"));
        }
        Ok(Default::default())
    }

    async fn pay_new_d(
        &self,
        _ctx: &RequestContext,
        _request: PayNewD,
    ) -> Result<messages::PayNewDResponse, Fault> {
        self.record("PayNewD");
        self.commits.fetch_add(1, Ordering::SeqCst);
        Ok(Default::default())
    }
}

async fn start(config: ServerConfig) -> (TestService, ServerHandle) {
    let service = TestService::default();
    let handle = serve(service.clone(), config)
        .await
        .expect("the server starts");
    (service, handle)
}

async fn start_with_faults(spec: &str) -> (TestService, ServerHandle) {
    start(ServerConfig {
        faults: FaultPlan::parse(spec).unwrap(),
        ..ServerConfig::default()
    })
    .await
}

/// A parsed HTTP/1.1 response, as far as it came.
#[derive(Debug)]
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` as written and reads until the server closes the connection.
async fn exchange_raw(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
        }
    }
    received
}

fn parse_response(bytes: &[u8]) -> Option<RawResponse> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(RawResponse {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

fn http_request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// POSTs `envelope` in `version` with `action` as SOAPAction (1.1) or `action` parameter (1.2).
async fn post_soap(
    addr: SocketAddr,
    version: SoapVersion,
    action: Option<&str>,
    envelope: &[u8],
) -> Vec<u8> {
    let content_type;
    let mut headers = Vec::new();
    match version {
        SoapVersion::Soap11 => {
            headers.push(("Content-Type", "text/xml; charset=utf-8"));
            if let Some(action) = action {
                content_type = format!("\"{action}\"");
                headers.push(("SOAPAction", content_type.as_str()));
            }
        }
        SoapVersion::Soap12 => {
            content_type = match action {
                Some(action) => format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
                None => "application/soap+xml; charset=utf-8".to_owned(),
            };
            headers.push(("Content-Type", content_type.as_str()));
        }
    }
    let request = http_request(
        "POST",
        "/AlsecoPaymentsService/AlsecoPaymentsService.asmx",
        &headers,
        envelope,
    );
    exchange_raw(addr, &request).await
}

/// Calls operation `O` properly (its own SOAPAction) and returns the parsed response.
async fn call<O: Operation>(addr: SocketAddr, version: SoapVersion, request: &O) -> RawResponse {
    let envelope = encode_request(version, request).unwrap();
    let bytes = post_soap(addr, version, Some(O::DESCRIPTOR.soap_action), &envelope).await;
    parse_response(&bytes).expect("a complete response head")
}

fn current_period() -> GetCurrentPeriod {
    GetCurrentPeriod {
        bank_code: Some("ALSC".into()),
    }
}

fn schema_wsdl() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/AlsecoPaymentsService.wsdl"
    );
    std::fs::read_to_string(path).unwrap()
}

#[tokio::test]
async fn a_soap11_request_gets_a_soap11_answer() {
    let (service, server) = start(ServerConfig::default()).await;
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("text/xml; charset=utf-8")
    );
    assert!(
        response
            .text()
            .contains(SoapVersion::Soap11.envelope_namespace())
    );
    let decoded = decode_response::<GetCurrentPeriod>(&response.body, Default::default()).unwrap();
    assert_eq!(
        decoded.get_current_period_result.as_deref(),
        Some("2025-04")
    );
    assert_eq!(service.calls(), ["GetCurrentPeriod"]);
    server.shutdown().await;
}

#[tokio::test]
async fn a_soap12_request_gets_a_soap12_answer() {
    let (service, server) = start(ServerConfig::default()).await;
    let response = call(server.local_addr(), SoapVersion::Soap12, &current_period()).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("application/soap+xml; charset=utf-8")
    );
    assert!(
        response
            .text()
            .contains(SoapVersion::Soap12.envelope_namespace())
    );
    let decoded = decode_response::<GetCurrentPeriod>(&response.body, Default::default()).unwrap();
    assert_eq!(
        decoded.get_current_period_result.as_deref(),
        Some("2025-04")
    );

    // Without the optional action parameter, the body's element decides.
    let envelope = encode_request(SoapVersion::Soap12, &current_period()).unwrap();
    let response =
        parse_response(&post_soap(server.local_addr(), SoapVersion::Soap12, None, &envelope).await)
            .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(service.calls(), ["GetCurrentPeriod", "GetCurrentPeriod"]);
}

#[tokio::test]
async fn a_service_fault_is_a_500_with_a_fault_envelope_in_the_request_version() {
    let (_, server) = start(ServerConfig::default()).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let request = GetAccountState {
            account_id: -1,
            bank_code: Some("ALSC".into()),
        };
        let response = call(server.local_addr(), version, &request).await;
        assert_eq!(response.status, 500);
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with(match version {
                    SoapVersion::Soap11 => "text/xml",
                    SoapVersion::Soap12 => "application/soap+xml",
                })
        );
        match decode_response::<GetAccountState>(&response.body, Default::default()) {
            Err(ResponseError::Fault(fault)) => {
                assert_eq!(fault.code, FaultCode::Client);
                assert_eq!(fault.reason, "accountId must not be negative");
            }
            other => panic!("expected a fault, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_soap_action_naming_another_operation_is_a_client_fault() {
    let (service, server) = start(ServerConfig::default()).await;
    let envelope = encode_request(SoapVersion::Soap11, &current_period()).unwrap();
    let other = operations::GET_ACCOUNT_STATE.soap_action;
    let bytes = post_soap(
        server.local_addr(),
        SoapVersion::Soap11,
        Some(other),
        &envelope,
    )
    .await;
    let response = parse_response(&bytes).unwrap();
    assert_eq!(response.status, 500);
    match decode_response::<GetCurrentPeriod>(&response.body, Default::default()) {
        Err(ResponseError::Fault(fault)) => {
            assert_eq!(fault.code, FaultCode::Client);
            assert!(fault.reason.contains("GetAccountState"), "{}", fault.reason);
        }
        other => panic!("expected a fault, got {other:?}"),
    }

    // Same in SOAP 1.2, through the action parameter.
    let envelope = encode_request(SoapVersion::Soap12, &current_period()).unwrap();
    let bytes = post_soap(
        server.local_addr(),
        SoapVersion::Soap12,
        Some(other),
        &envelope,
    )
    .await;
    let response = parse_response(&bytes).unwrap();
    assert_eq!(response.status, 500);
    assert!(matches!(
        decode_response::<GetCurrentPeriod>(&response.body, Default::default()),
        Err(ResponseError::Fault(f)) if f.code == FaultCode::Client
    ));

    // An action naming no operation at all: ASMX's wording.
    let envelope = encode_request(SoapVersion::Soap11, &current_period()).unwrap();
    let bytes = post_soap(
        server.local_addr(),
        SoapVersion::Soap11,
        Some("urn:nothing"),
        &envelope,
    )
    .await;
    let response = parse_response(&bytes).unwrap();
    assert_eq!(response.status, 500);
    assert!(
        response
            .text()
            .contains("Server did not recognize the value of HTTP Header SOAPAction: urn:nothing.")
    );
    assert!(service.calls().is_empty(), "the method must not run");
}

#[tokio::test]
async fn an_envelope_whose_version_differs_from_the_content_type_is_a_fault() {
    let (service, server) = start(ServerConfig::default()).await;
    let envelope = encode_request(SoapVersion::Soap12, &current_period()).unwrap();
    let request = http_request(
        "POST",
        "/",
        &[("Content-Type", "text/xml; charset=utf-8")],
        &envelope,
    );
    let response = parse_response(&exchange_raw(server.local_addr(), &request).await).unwrap();
    assert_eq!(response.status, 500);
    assert!(response.text().contains("does not match the Content-Type"));
    assert!(service.calls().is_empty());
}

#[tokio::test]
async fn wsdl_is_the_schema_with_this_servers_address() {
    let (_, server) = start(ServerConfig::default()).await;
    for query in ["wsdl", "WSDL", "Wsdl"] {
        let target = format!("/AlsecoPaymentsService/AlsecoPaymentsService.asmx?{query}");
        let request = http_request("GET", &target, &[], b"");
        let response = parse_response(&exchange_raw(server.local_addr(), &request).await).unwrap();
        assert_eq!(response.status, 200);
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("text/xml")
        );
        let served = response.text();
        let url = server.url();
        assert!(url.starts_with(&format!("http://{}/", server.local_addr())));
        assert!(served.contains(&format!("<soap:address location=\"{url}\" />")));
        assert!(served.contains(&format!("<soap12:address location=\"{url}\" />")));
        let placeholder = "https://ws.alseco.kz/AlsecoPaymentsService/AlsecoPaymentsService.asmx";
        assert_eq!(
            served.replace(&url, placeholder),
            schema_wsdl(),
            "only the addresses change"
        );
    }
}

#[tokio::test]
async fn other_methods_large_bodies_and_other_media_types_are_refused() {
    let config = ServerConfig {
        max_request_bytes: 1024,
        ..ServerConfig::default()
    };
    let (service, server) = start(config).await;
    let addr = server.local_addr();

    let response =
        parse_response(&exchange_raw(addr, &http_request("PUT", "/", &[], b"x")).await).unwrap();
    assert_eq!(response.status, 405);
    assert_eq!(response.header("allow"), Some("GET, POST"));

    let big = vec![b' '; 2048];
    let request = http_request("POST", "/", &[("Content-Type", "text/xml")], &big);
    let response = parse_response(&exchange_raw(addr, &request).await).unwrap();
    assert_eq!(response.status, 413);

    let request = http_request("POST", "/", &[("Content-Type", "application/json")], b"{}");
    let response = parse_response(&exchange_raw(addr, &request).await).unwrap();
    assert_eq!(response.status, 415);

    let request = http_request("POST", "/", &[("Content-Type", "text/xml")], b"<not-xml");
    let response = parse_response(&exchange_raw(addr, &request).await).unwrap();
    assert_eq!(
        response.status, 500,
        "a malformed envelope is a client fault"
    );
    assert!(response.text().contains("Client"));
    assert!(service.calls().is_empty());
}

#[tokio::test]
async fn an_address_no_bank_is_registered_for_is_refused_with_403() {
    let banks = BankRegistry::new(vec![Bank {
        code: "ALSC".into(),
        branches: vec![4005],
        allowed_ips: vec![IpAddr::from([10, 20, 30, 40])],
    }]);
    let (service, server) = start(ServerConfig {
        banks,
        ..ServerConfig::default()
    })
    .await;
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert_eq!(response.status, 403);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(response.text().contains("127.0.0.1"), "{}", response.text());
    let wsdl = http_request("GET", "/?wsdl", &[], b"");
    assert_eq!(
        parse_response(&exchange_raw(server.local_addr(), &wsdl).await)
            .unwrap()
            .status,
        403
    );
    assert!(service.calls().is_empty());
}

#[tokio::test]
async fn a_delay_fault_holds_the_answer_back_then_answers() {
    let (service, server) = start_with_faults("GetCurrentPeriod:delay=300ms").await;
    let started = Instant::now();
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.status, 200);
    let decoded = decode_response::<GetCurrentPeriod>(&response.body, Default::default()).unwrap();
    assert_eq!(
        decoded.get_current_period_result.as_deref(),
        Some("2025-04")
    );
    assert_eq!(service.calls(), ["GetCurrentPeriod"]);
    assert_eq!(
        server.fault_counts(),
        FaultCounts {
            delay: 1,
            ..FaultCounts::default()
        }
    );
}

#[tokio::test]
async fn drop_after_commit_runs_the_method_and_closes_without_answering() {
    let (service, server) = start_with_faults("PayNewD:drop_after_commit=1").await;
    let envelope = encode_request(SoapVersion::Soap11, &PayNewD::default()).unwrap();
    let bytes = post_soap(
        server.local_addr(),
        SoapVersion::Soap11,
        Some(operations::PAY_NEW_D.soap_action),
        &envelope,
    )
    .await;
    assert!(
        bytes.is_empty(),
        "no answer at all, got {:?}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        service.commits.load(Ordering::SeqCst),
        1,
        "the payment was committed"
    );
    assert_eq!(server.fault_counts().drop_after_commit, 1);

    // Other methods are untouched.
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert_eq!(response.status, 200);
    assert_eq!(server.fault_counts().total(), 1);
}

#[tokio::test]
async fn a_truncated_body_is_shorter_than_its_content_length() {
    let (service, server) = start_with_faults("*:truncated_body=1").await;
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert_eq!(response.status, 200);
    let length: usize = response.header("content-length").unwrap().parse().unwrap();
    assert!(
        !response.body.is_empty() && response.body.len() < length,
        "{} of {length}",
        response.body.len()
    );
    assert!(decode_response::<GetCurrentPeriod>(&response.body, Default::default()).is_err());
    assert_eq!(service.calls(), ["GetCurrentPeriod"], "the method ran");
    assert_eq!(server.fault_counts().truncated_body, 1);
}

#[tokio::test]
async fn an_http500_fault_is_a_plain_500_without_running_the_method() {
    let (service, server) = start_with_faults("GetCurrentPeriod:http500=1").await;
    let response = call(server.local_addr(), SoapVersion::Soap11, &current_period()).await;
    assert_eq!(response.status, 500);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(!response.text().contains("Envelope"));
    assert!(service.calls().is_empty());
    assert_eq!(server.fault_counts().http500, 1);
}

#[tokio::test]
async fn a_soap_fault_is_a_fault_envelope_without_running_the_method() {
    let (service, server) = start_with_faults("GetCurrentPeriod:soap_fault=1").await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let response = call(server.local_addr(), version, &current_period()).await;
        assert_eq!(response.status, 500);
        match decode_response::<GetCurrentPeriod>(&response.body, Default::default()) {
            Err(ResponseError::Fault(fault)) => assert_eq!(fault.code, FaultCode::Server),
            other => panic!("expected a fault, got {other:?}"),
        }
    }
    assert!(service.calls().is_empty());
    assert_eq!(server.fault_counts().soap_fault, 2);
    assert_eq!(server.fault_requests(), 2);
}

async fn status_sequence(spec: &str, requests: usize) -> Vec<u16> {
    let (_, server) = start_with_faults(spec).await;
    let mut statuses = Vec::new();
    for _ in 0..requests {
        statuses.push(
            call(server.local_addr(), SoapVersion::Soap11, &current_period())
                .await
                .status,
        );
    }
    statuses
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let spec = "seed=42;*:http500=0.5";
    let first = status_sequence(spec, 24).await;
    let second = status_sequence(spec, 24).await;
    assert_eq!(first, second);
    assert!(first.contains(&200) && first.contains(&500), "{first:?}");
    // And the wire agrees with the plan's pure decisions.
    let plan = FaultPlan::parse(spec).unwrap();
    let predicted: Vec<u16> = (0..24)
        .map(|n| {
            if plan.decide(n, "GetCurrentPeriod").is_some() {
                500
            } else {
                200
            }
        })
        .collect();
    assert_eq!(first, predicted);
    let other_seed = status_sequence("seed=43;*:http500=0.5", 24).await;
    assert_ne!(first, other_seed);
}

#[test]
fn fault_plans_parse() {
    let plan = FaultPlan::parse(
        "seed=7;PayNewD:drop_after_commit=0.3;*:delay=5s@0.1;GetAccountState:http500=1",
    )
    .unwrap();
    assert_eq!(plan.seed, 7);
    assert_eq!(
        plan,
        FaultPlan::new(7)
            .with_rule(Some("PayNewD"), FaultKind::DropAfterCommit, 0.3)
            .with_rule(None, FaultKind::Delay(Duration::from_secs(5)), 0.1)
            .with_rule(Some("GetAccountState"), FaultKind::Http500, 1.0)
    );
    // Round trip through Display.
    assert_eq!(FaultPlan::parse(&plan.to_string()).unwrap(), plan);

    let plan =
        FaultPlan::parse(" Pay, PayNew : truncated ; *:soap_fault ; getPaysInfo:delay=250ms ; ")
            .unwrap();
    assert_eq!(plan.seed, 0);
    assert_eq!(
        plan.rules
            .iter()
            .map(|r| (r.operation.as_deref(), r.kind, r.probability))
            .collect::<Vec<_>>(),
        [
            (Some("Pay"), FaultKind::TruncatedBody, 1.0),
            (Some("PayNew"), FaultKind::TruncatedBody, 1.0),
            (None, FaultKind::SoapFault, 1.0),
            (
                Some("getPaysInfo"),
                FaultKind::Delay(Duration::from_millis(250)),
                1.0
            ),
        ]
    );
    assert_eq!(FaultPlan::parse("").unwrap(), FaultPlan::default());
    assert_eq!(
        FaultPlan::parse("*:delay=1.5s").unwrap().rules[0].kind,
        FaultKind::Delay(Duration::from_millis(1500))
    );
    assert_eq!(
        FaultPlan::parse("*:delay=2m").unwrap().rules[0].kind,
        FaultKind::Delay(Duration::from_secs(120))
    );
}

#[test]
fn bad_fault_plans_name_the_bad_token() {
    for (spec, token) in [
        ("seed=x", "x"),
        ("seed=1;seed=2", "seed=2"),
        ("PayNewX:http500=1", "PayNewX"),
        ("*:explode=1", "explode"),
        ("*:http500=1.5", "1.5"),
        ("*:http500=often", "often"),
        ("*:delay", "delay"),
        ("*:delay=5", "5"),
        ("*:delay=5s@2", "2"),
        ("*:delay=-1s", "-1s"),
        ("http500", "http500"),
        (":http500", ":http500"),
    ] {
        let error = FaultPlan::parse(spec).expect_err(spec);
        assert_eq!(error.token, token, "{spec}: {error}");
        assert!(error.to_string().contains(&format!("`{token}`")), "{error}");
    }
}

#[test]
fn decisions_are_a_pure_function_of_seed_and_sequence() {
    let plan = FaultPlan::parse("seed=9;PayNewD:drop_after_commit=0.5;*:http500=0.25").unwrap();
    let run = || {
        (0..200)
            .map(|n| plan.decide(n, "PayNewD"))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
    let drops = run()
        .iter()
        .filter(|k| **k == Some(FaultKind::DropAfterCommit))
        .count();
    assert!((60..140).contains(&drops), "about half: {drops}");
    // Only matching rules fire.
    assert!(
        (0..200).all(|n| plan.decide(n, "GetCurrentPeriod") != Some(FaultKind::DropAfterCommit))
    );
    assert!(
        FaultPlan::default().is_empty()
            && (0..50).all(|n| FaultPlan::default().decide(n, "Pay").is_none())
    );
}

/// A non-loopback address of this machine, if it has one.
fn non_loopback_ip() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn the_ledger_endpoint_is_off_by_default_and_loopback_only() {
    let ledger = http_request("GET", "/_sandbox/ledger", &[], b"");
    let (_, server) = start(ServerConfig::default()).await;
    let response = parse_response(&exchange_raw(server.local_addr(), &ledger).await).unwrap();
    assert!(
        !response
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert!(!response.text().contains("\"payments\""));

    let inspect: Arc<dyn Fn() -> String + Send + Sync> =
        Arc::new(|| r#"{"payments":[]}"#.to_owned());
    let config = ServerConfig {
        listen: "0.0.0.0:0".parse().unwrap(),
        inspect: Some(inspect),
        ..ServerConfig::default()
    };
    let (_, server) = start(config).await;
    let port = server.local_addr().port();
    let response =
        parse_response(&exchange_raw(([127, 0, 0, 1], port).into(), &ledger).await).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.text(), r#"{"payments":[]}"#);

    match non_loopback_ip() {
        Some(ip) => {
            let response = parse_response(&exchange_raw((ip, port).into(), &ledger).await).unwrap();
            assert_eq!(response.status, 403, "from {ip}");
        }
        None => eprintln!("no non-loopback address on this machine: the refusal is not exercised"),
    }
}

#[tokio::test]
async fn https_with_a_self_signed_certificate() {
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;

    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let tls = TlsConfig {
        cert_chain_der: vec![certified.cert.der().to_vec()],
        key_der: certified.key_pair.serialize_der(),
    };
    // The PEM route reads the same material.
    let from_pem = TlsConfig::from_pem(
        certified.cert.pem().as_bytes(),
        certified.key_pair.serialize_pem().as_bytes(),
    )
    .unwrap();
    assert_eq!(from_pem, tls);

    let (service, server) = start(ServerConfig {
        tls: Some(tls),
        ..ServerConfig::default()
    })
    .await;
    assert!(server.url().starts_with("https://127.0.0.1:"));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let client_config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(client_config)
        .https_only()
        .enable_http1()
        .build();
    let client: Client<_, Full<bytes::Bytes>> =
        Client::builder(TokioExecutor::new()).build(connector);

    let envelope = encode_request(SoapVersion::Soap11, &current_period()).unwrap();
    let request = hyper::Request::post(server.url())
        .header("Content-Type", "text/xml; charset=utf-8")
        .header(
            "SOAPAction",
            format!("\"{}\"", operations::GET_CURRENT_PERIOD.soap_action),
        )
        .body(Full::new(bytes::Bytes::from(envelope)))
        .unwrap();
    let response = client.request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let decoded = decode_response::<GetCurrentPeriod>(&body, Default::default()).unwrap();
    assert_eq!(
        decoded.get_current_period_result.as_deref(),
        Some("2025-04")
    );
    assert_eq!(service.calls(), ["GetCurrentPeriod"]);

    let request = hyper::Request::get(server.wsdl_url())
        .body(Full::default())
        .unwrap();
    let response = client.request(request).await.unwrap();
    let wsdl = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert_eq!(
        wsdl.matches(&format!("location=\"{}\"", server.url()))
            .count(),
        2
    );
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_accepting() {
    let (_, server) = start(ServerConfig::default()).await;
    let addr = server.local_addr();
    assert_eq!(
        call(addr, SoapVersion::Soap11, &current_period())
            .await
            .status,
        200
    );
    server.shutdown().await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "nothing listens any more"
    );
}

#[tokio::test]
async fn shutdown_sends_held_back_answers_at_once() {
    let (service, server) = start_with_faults("*:delay=60s").await;
    let addr = server.local_addr();
    let in_flight =
        tokio::spawn(async move { call(addr, SoapVersion::Soap11, &current_period()).await });
    // Wait until the method ran, so the answer is being held back.
    while service.calls().is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let stopping = tokio::spawn(server.shutdown());
    let response = tokio::time::timeout(Duration::from_secs(30), in_flight)
        .await
        .expect("the held-back answer is sent at shutdown")
        .unwrap();
    assert_eq!(response.status, 200);
    stopping.await.unwrap();
}

#[tokio::test]
async fn the_sandbox_service_behind_the_front() {
    use alseco_sandbox::{Sandbox, SandboxConfig};

    let sandbox = Sandbox::new(SandboxConfig {
        accounts: 10,
        ..SandboxConfig::default()
    });
    let server = serve(sandbox, ServerConfig::default()).await.unwrap();
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let response = call(server.local_addr(), version, &current_period()).await;
        assert_eq!(response.status, 200, "{}", response.text());
        let decoded =
            decode_response::<GetCurrentPeriod>(&response.body, Default::default()).unwrap();
        let period = decoded.get_current_period_result.unwrap();
        assert!(
            period.len() == 7 && period.as_bytes()[4] == b'-',
            "{period}"
        );
    }
    server.shutdown().await;
}
