//! The exchange observer and the redaction of personal data.

use crate::support::server::TestServer;
use alseco_client::client::{Client, ClientConfig};
use alseco_client::observe::{Exchange, ExchangeObserver, Observer, redact_personal_data};
use alseco_client::transport::Endpoint;
use std::sync::{Arc, Mutex};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/spec/");

/// What the test keeps of an exchange: action, request, response, status, failed.
type Seen = (String, String, Option<String>, Option<u16>, bool);

#[derive(Default)]
struct Recorder(Mutex<Vec<Seen>>);

impl ExchangeObserver for Recorder {
    fn on_exchange(&self, e: &Exchange<'_>) {
        self.0.lock().unwrap().push((
            e.soap_action.to_owned(),
            String::from_utf8_lossy(e.request).into_owned(),
            e.response.map(|r| String::from_utf8_lossy(r).into_owned()),
            e.status,
            e.error.is_some(),
        ));
    }
}

#[tokio::test]
async fn the_observer_sees_request_and_response_bytes_of_every_exchange() {
    let body = std::fs::read(format!("{SPEC}GetAccountState.response.xml")).unwrap();
    let server = TestServer::fixed(200, "text/xml; charset=utf-8", body.clone()).await;
    let recorder = Arc::new(Recorder::default());
    let mut config = ClientConfig::new(Endpoint::parse(&server.url()).unwrap(), "ALSC");
    config.transport.observer = Some(Observer(recorder.clone()));
    let client = Client::new(config).unwrap();
    client.get_account_state(325434534).await.unwrap();

    let seen = recorder.0.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let (action, request, response, status, failed) = &seen[0];
    assert_eq!(
        action,
        "http://www.alseco.kz/AlsecoPaymentsService/GetAccountState"
    );
    assert!(
        request.contains("<accountId>325434534</accountId>"),
        "{request}"
    );
    assert_eq!(
        response.as_deref(),
        Some(String::from_utf8_lossy(&body).as_ref())
    );
    assert_eq!((*status, *failed), (Some(200), false));
}

#[tokio::test]
async fn the_observer_sees_failed_exchanges_too() {
    let server = TestServer::fixed(502, "text/html", "<html>bad gateway</html>").await;
    let recorder = Arc::new(Recorder::default());
    let mut config = ClientConfig::new(Endpoint::parse(&server.url()).unwrap(), "ALSC");
    config.transport.observer = Some(Observer(recorder.clone()));
    config.retry.max_attempts = 1;
    let client = Client::new(config).unwrap();
    assert!(client.get_account_state(1).await.is_err());
    let seen = recorder.0.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].2.as_deref(), seen[0].3, seen[0].4),
        (None, Some(502), true)
    );
}

#[test]
fn redaction_blanks_names_addresses_and_nkr_address_fields_only() {
    let last_vers =
        std::fs::read(format!("{SPEC}GetInvoicesByAccountsLastVers.response.xml")).unwrap();
    let redacted = redact_personal_data(&last_vers);
    assert!(!redacted.contains("плательщик"), "{redacted}");
    assert!(redacted.contains("<AccountName>***</AccountName>"));
    assert!(redacted.contains("<AccountAddress>***</AccountAddress>"));
    assert!(
        redacted.contains("<AccountId>600970</AccountId>"),
        "non-personal data stays"
    );
    // Everything but the blanked texts is unchanged.
    let original = String::from_utf8(last_vers).unwrap();
    assert_eq!(
        redacted.replace("***", ""),
        original
            .replace("плательщик ", "")
            .replace("Алматы қ.|г.Алматы", "")
    );

    let nkr = std::fs::read(format!("{SPEC}GetPaymentsNKR.response.xml")).unwrap();
    let redacted = redact_personal_data(&nkr);
    assert!(!redacted.contains("г.Алматы"), "town is redacted");
    assert!(
        redacted.contains(r#"<Val xsi:type="xsd:decimal">1638.00</Val>"#),
        "sums stay"
    );

    let report = r#"<Form108eItems><BIN>44444</BIN><IIN_ABON>850101300123</IIN_ABON><FIO>Иванов Иван</FIO></Form108eItems>"#;
    assert_eq!(
        redact_personal_data(report.as_bytes()),
        "<Form108eItems><BIN>44444</BIN><IIN_ABON>***</IIN_ABON><FIO>***</FIO></Form108eItems>"
    );
    // A truncated response is still redacted as far as it goes; one that is not XML at all
    // is replaced whole.
    assert_eq!(
        redact_personal_data("<a><FIO>Иванов".as_bytes()),
        "<a><FIO>***"
    );
    assert_eq!(
        redact_personal_data(b"<a <FIO>x</FIO>"),
        "[unparseable document redacted: 15 bytes]"
    );
}
