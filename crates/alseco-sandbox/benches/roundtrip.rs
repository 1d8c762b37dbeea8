//! Client round-trips per second against the sandbox on loopback, against a bare hyper client
//! posting the same bytes, in one criterion group and against one server:
//!
//! - `bare/<op>`: the request envelope, encoded once before timing, posted with a bare
//!   `hyper_util::client::legacy::Client` (HTTP/1, keep-alive pool, `TCP_NODELAY`, the same
//!   `Content-Type`, `User-Agent` and `SOAPAction` headers as the client); the whole response
//!   body is read, status checked, nothing decoded — the floor for a client on this server;
//! - `bare_decode/<op>`: the bare round-trip, then `decode_response` of its body into the
//!   generated types with the client's limits — what any client must at least do, so that
//!   `client / bare_decode` is the cost of the client's own layers (encode, headers, timeout,
//!   observer hook, span, retry loop, result checks) and `client / bare` adds the decode;
//! - `client/<op>`: the `alseco_client::Client` method, the full path: encode, POST, read,
//!   decode into the generated types, service-level checks, `tracing` span, retry loop.
//!
//! Two operations: `get_account_state` (a request and a response of a few hundred bytes:
//! the client's fixed costs) and `get_invoices_by_accounts_last_vers` of 50 accounts (one
//! request, a response of tens of KiB: the decode cost).
//!
//! Before timing, the client's request bytes (seen through an exchange observer) are checked
//! to be the pre-built ones, and the bare response to be the client's.
//!
//! Each iteration is one sequential round-trip (`Throughput::Elements(1)`: criterion's
//! `elem/s` is round-trips per second). One tokio runtime (two workers) carries the server and
//! the clients' connection tasks; the timed loop runs on the bench thread. At the end a
//! summary prints client/bare ratios from the totals of every timed batch (warm-up included).
//!
//! Run: `cargo bench -p alseco-sandbox --bench roundtrip`. Results: `BENCHMARKS.md`.

use alseco_client::observe::{Exchange, ExchangeObserver, Observer};
use alseco_client::transport::{Endpoint, TransportConfig};
use alseco_client::{Client, ClientConfig};
use alseco_sandbox::server::{ServerConfig, ServerHandle, serve};
use alseco_sandbox::{Sandbox, SandboxConfig};
use alseco_types::operation::{decode_response, encode_request};
use alseco_types::soap::SoapVersion;
use alseco_types::xml::Limits;
use alseco_types::{Operation, messages};
use bytes::Bytes;
use criterion::{Bencher, BenchmarkId, Criterion, Throughput};
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const BANK: &str = "ALSC";
const ACCOUNT: i32 = 600_000;
const INVOICE_ACCOUNTS: i32 = 50;

type BareClient = HyperClient<HttpConnector, Full<Bytes>>;

/// A request ready to post: the envelope and headers, built once.
struct Prebuilt {
    uri: hyper::Uri,
    content_type: HeaderValue,
    user_agent: HeaderValue,
    soap_action: HeaderValue,
    body: Bytes,
}

impl Prebuilt {
    fn new<O: Operation>(config: &TransportConfig, request: &O) -> Prebuilt {
        let version = config.soap_version;
        assert_eq!(version, SoapVersion::Soap11);
        let action = O::DESCRIPTOR.soap_action;
        Prebuilt {
            uri: config.endpoint.uri().clone(),
            content_type: HeaderValue::from_str(&version.content_type(action)).unwrap(),
            user_agent: HeaderValue::from_str(&config.user_agent).unwrap(),
            soap_action: HeaderValue::from_str(&format!("\"{action}\"")).unwrap(),
            body: Bytes::from(encode_request(version, request).unwrap()),
        }
    }

    /// One round-trip with the bare client: the whole body, undecoded.
    async fn post(&self, client: &BareClient) -> Bytes {
        let request = Request::post(self.uri.clone())
            .header(CONTENT_TYPE, self.content_type.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header("SOAPAction", self.soap_action.clone())
            .body(Full::new(self.body.clone()))
            .unwrap();
        let response = client.request(request).await.unwrap();
        assert_eq!(response.status(), 200);
        response.into_body().collect().await.unwrap().to_bytes()
    }
}

/// Keeps the last exchange's request and response bytes.
#[derive(Default)]
struct LastExchange(Mutex<Option<(Vec<u8>, Vec<u8>)>>);

impl ExchangeObserver for LastExchange {
    fn on_exchange(&self, exchange: &Exchange<'_>) {
        let response = exchange.response.unwrap_or_default().to_vec();
        *self.0.lock().unwrap() = Some((exchange.request.to_vec(), response));
    }
}

/// Total iterations and time of every timed batch, per benchmark, for the closing ratios.
static TALLY: Mutex<Vec<(String, u64, Duration)>> = Mutex::new(Vec::new());

fn tally(name: &str, iters: u64, elapsed: Duration) {
    let mut tally = TALLY.lock().unwrap();
    match tally.iter_mut().find(|(n, _, _)| n == name) {
        Some((_, i, t)) => {
            *i += iters;
            *t += elapsed;
        }
        None => tally.push((name.to_owned(), iters, elapsed)),
    }
}

fn per_second(name: &str) -> Option<f64> {
    let tally = TALLY.lock().unwrap();
    let (_, iters, time) = tally.iter().find(|(n, _, _)| n == name)?;
    Some(*iters as f64 / time.as_secs_f64())
}

/// Times `iters` sequential awaits of `routine` on `rt`.
fn time_async<F, Fut, T>(b: &mut Bencher<'_>, rt: &Runtime, name: &str, routine: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = T>,
{
    b.iter_custom(|iters| {
        let elapsed = rt.block_on(async {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(routine().await);
            }
            start.elapsed()
        });
        tally(name, iters, elapsed);
        elapsed
    });
}

struct Setup {
    rt: Runtime,
    server: ServerHandle,
    client: Client,
    bare: BareClient,
    state: Prebuilt,
    invoices: Prebuilt,
    accounts: Vec<i32>,
    /// The decode limits the client uses (`max_text_len` = its maximum response size).
    limits: Limits,
}

fn setup() -> Setup {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt
        .block_on(serve(
            Sandbox::new(SandboxConfig::default()),
            ServerConfig::default(),
        ))
        .unwrap();
    let endpoint = Endpoint::parse(&server.url()).unwrap();
    let config = ClientConfig::new(endpoint, BANK);
    let client = rt.block_on(async { Client::new(config.clone()) }).unwrap();
    let limits = Limits {
        max_text_len: config.transport.max_response_bytes,
        ..Limits::default()
    };

    let mut http = HttpConnector::new();
    http.set_nodelay(true);
    let bare = HyperClient::builder(TokioExecutor::new())
        .pool_idle_timeout(config.transport.pool_idle_timeout)
        .build(http);

    let accounts: Vec<i32> = (ACCOUNT..ACCOUNT + INVOICE_ACCOUNTS).collect();
    let state = Prebuilt::new(
        &config.transport,
        &messages::GetAccountState {
            account_id: ACCOUNT,
            bank_code: Some(BANK.to_owned()),
        },
    );
    let invoices = Prebuilt::new(
        &config.transport,
        &messages::GetInvoicesByAccountsLastVers {
            accounts: accounts.clone(),
            bank_code: Some(BANK.to_owned()),
        },
    );

    // The client sends the pre-built bytes and gets what the bare client gets.
    let seen = std::sync::Arc::new(LastExchange::default());
    let mut observed = config;
    observed.transport.observer = Some(Observer(seen.clone()));
    rt.block_on(async {
        let observed = Client::new(observed).unwrap();
        observed.get_account_state(ACCOUNT).await.unwrap();
        let (request, response) = seen.0.lock().unwrap().take().unwrap();
        assert_eq!(request, state.body, "GetAccountState request bytes differ");
        assert_eq!(
            response,
            state.post(&bare).await,
            "GetAccountState responses differ"
        );

        let found = observed
            .get_invoices_by_accounts_last_vers(&accounts)
            .await
            .unwrap();
        assert_eq!(found.len(), accounts.len());
        let (request, response) = seen.0.lock().unwrap().take().unwrap();
        assert_eq!(request, invoices.body, "invoices request bytes differ");
        assert_eq!(
            response,
            invoices.post(&bare).await,
            "invoices responses differ"
        );
        eprintln!(
            "GetAccountState: request {} B, response {} B; \
             GetInvoicesByAccountsLastVers({INVOICE_ACCOUNTS}): request {} B, response {} B",
            state.body.len(),
            state.post(&bare).await.len(),
            invoices.body.len(),
            response.len(),
        );
    });

    Setup {
        rt,
        server,
        client,
        bare,
        state,
        invoices,
        accounts,
        limits,
    }
}

fn bench_roundtrips(c: &mut Criterion, s: &Setup) {
    let mut group = c.benchmark_group("roundtrip");
    group
        .throughput(Throughput::Elements(1))
        .sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));

    let op = "get_account_state";
    group.bench_function(BenchmarkId::new("bare", op), |b| {
        time_async(b, &s.rt, "bare/get_account_state", || s.state.post(&s.bare))
    });
    group.bench_function(BenchmarkId::new("bare_decode", op), |b| {
        time_async(b, &s.rt, "bare_decode/get_account_state", || async {
            let body = s.state.post(&s.bare).await;
            decode_response::<messages::GetAccountState>(&body, s.limits).unwrap()
        })
    });
    group.bench_function(BenchmarkId::new("client", op), |b| {
        time_async(b, &s.rt, "client/get_account_state", || async {
            s.client.get_account_state(ACCOUNT).await.unwrap()
        })
    });

    let op = "invoices_last_vers_50";
    group.bench_function(BenchmarkId::new("bare", op), |b| {
        time_async(b, &s.rt, "bare/invoices_last_vers_50", || {
            s.invoices.post(&s.bare)
        })
    });
    group.bench_function(BenchmarkId::new("bare_decode", op), |b| {
        time_async(b, &s.rt, "bare_decode/invoices_last_vers_50", || async {
            let body = s.invoices.post(&s.bare).await;
            decode_response::<messages::GetInvoicesByAccountsLastVers>(&body, s.limits).unwrap()
        })
    });
    group.bench_function(BenchmarkId::new("client", op), |b| {
        time_async(b, &s.rt, "client/invoices_last_vers_50", || async {
            s.client
                .get_invoices_by_accounts_last_vers(&s.accounts)
                .await
                .unwrap()
        })
    });
    group.finish();
}

fn summary() {
    eprintln!("\nround-trips/s over all timed batches (warm-up included):");
    for op in ["get_account_state", "invoices_last_vers_50"] {
        let (Some(client), Some(bare), Some(bare_decode)) = (
            per_second(&format!("client/{op}")),
            per_second(&format!("bare/{op}")),
            per_second(&format!("bare_decode/{op}")),
        ) else {
            continue;
        };
        let ratio = client / bare;
        let verdict = if ratio >= 0.8 { "meets" } else { "BELOW" };
        eprintln!(
            "  {op}: client {client:.0}/s, bare {bare:.0}/s, bare+decode {bare_decode:.0}/s\n    \
             client / bare = {ratio:.3} ({verdict} the 0.8 target); \
             client / (bare+decode) = {:.3}",
            client / bare_decode
        );
    }
}

fn main() {
    let s = setup();
    let mut c = Criterion::default().configure_from_args();
    bench_roundtrips(&mut c, &s);
    c.final_summary();
    summary();
    let Setup { rt, server, .. } = s;
    rt.block_on(server.shutdown());
}
