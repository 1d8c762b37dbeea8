//! Bad input: malformed, truncated and hostile documents give errors that say what and
//! where — never a panic, never a stack overflow.

use alseco_types::messages::{
    GetAccountState, GetBillInfo, GetInvoicesByAccountsLastVers, PayNewD,
};
use alseco_types::operation::{ResponseError, decode_response};
use alseco_types::soap::FaultCode;
use alseco_types::types::{AccountInvoicesState, AccountState};
use alseco_types::xml::{DecodeError, DecodeErrorKind, Limits};

const NS: &str = "http://www.alseco.kz/AlsecoPaymentsService/";

fn envelope(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
}

fn decode_error<O: alseco_types::Operation>(doc: &str) -> DecodeError {
    match decode_response::<O>(doc.as_bytes(), Limits::default()) {
        Err(ResponseError::Decode(e)) => e,
        Err(ResponseError::Fault(f)) => panic!("expected a decode error, got fault {f}"),
        Ok(_) => panic!("expected a decode error, got a message"),
    }
}

fn last_vers(fix_sum: &str) -> String {
    envelope(&format!(
        r#"<GetInvoicesByAccountsLastVersResponse xmlns="{NS}"><GetInvoicesByAccountsLastVersResult>
        <ResultAccountInvoicesLastVersOfInt32><InputValue>1</InputValue><State>Success</State>
          <AccountInvoices><AccountId>1</AccountId><Invoices><InvoiceLastVers>
            <InvoceId>2504</InvoceId><FormedYear>2025</FormedYear><FormedMonth>4</FormedMonth>
            <FormedDate>2025-04-07T08:35:00</FormedDate><ExpireDate>2025-04-30T00:00:00</ExpireDate>
            <InvoiceParameters><InvoiceParametersReNew>
              <ServiceId>37</ServiceId><IsCounterService>false</IsCounterService>
              <AvgPaySum>1</AvgPaySum><AvgCount>1</AvgCount><LastCount>1</LastCount><PrevCount>1</PrevCount>
              <FixCount>1</FixCount><FixSum>{fix_sum}</FixSum><DebtSum xsi:nil="true"/>
              <DebtSumAbonent xsi:nil="true"/><PeniSum xsi:nil="true"/><PrevCountDate xsi:nil="true"/>
            </InvoiceParametersReNew></InvoiceParameters>
          </InvoiceLastVers></Invoices></AccountInvoices>
        </ResultAccountInvoicesLastVersOfInt32></GetInvoicesByAccountsLastVersResult></GetInvoicesByAccountsLastVersResponse>"#
    ))
}

#[test]
fn a_bad_value_names_its_element_path_and_offset() {
    let doc = last_vers("12,50");
    let e = decode_error::<GetInvoicesByAccountsLastVers>(&doc);
    assert_eq!(
        e.path(),
        "/Envelope/Body/GetInvoicesByAccountsLastVersResponse/GetInvoicesByAccountsLastVersResult\
         /ResultAccountInvoicesLastVersOfInt32[0]/AccountInvoices/Invoices/InvoiceLastVers[0]\
         /InvoiceParameters/InvoiceParametersReNew[0]/FixSum"
    );
    assert!(
        matches!(e.kind(), DecodeErrorKind::InvalidValue { expected: "decimal", found } if found == "12,50")
    );
    assert_eq!(e.offset(), doc.find("<FixSum>").unwrap());
    assert!(
        e.to_string().contains("`12,50` is not a valid decimal"),
        "{e}"
    );
}

#[test]
fn the_same_document_with_a_good_value_decodes() {
    let ok = decode_response::<GetInvoicesByAccountsLastVers>(
        last_vers("12.50").as_bytes(),
        Limits::default(),
    )
    .unwrap();
    let result = &ok.get_invoices_by_accounts_last_vers_result[0];
    assert_eq!(result.state, AccountInvoicesState::Success);
    let line = &result.account_invoices.as_ref().unwrap().invoices[0].invoice_parameters[0];
    assert_eq!(line.fix_sum.unwrap().to_string(), "12.50");
    assert_eq!(line.debt_sum, None);
}

#[test]
fn a_missing_required_element_is_an_error() {
    let doc = envelope(&format!(
        r#"<GetBillInfoResponse xmlns="{NS}"><GetBillInfoResult><list><BillInfo><accountName>x</accountName><fixSum>1</fixSum></BillInfo></list></GetBillInfoResult></GetBillInfoResponse>"#
    ));
    let e = decode_error::<GetBillInfo>(&doc);
    assert!(
        matches!(e.kind(), DecodeErrorKind::MissingElement(name) if name == "accountId"),
        "{e}"
    );
    assert_eq!(
        e.path(),
        "/Envelope/Body/GetBillInfoResponse/GetBillInfoResult/list/BillInfo[0]"
    );
}

#[test]
fn unknown_elements_are_skipped_and_unknown_enum_values_kept() {
    let doc = envelope(&format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><Novelty a="1"><Deep><Deeper>text</Deeper></Deep></Novelty><x:Foreign xmlns:x="urn:other"/><GetAccountStateResult>Frozen</GetAccountStateResult></GetAccountStateResponse>"#
    ));
    let r = decode_response::<GetAccountState>(doc.as_bytes(), Limits::default()).unwrap();
    assert_eq!(
        r.get_account_state_result,
        AccountState::Unknown("Frozen".into())
    );
    assert_eq!(r.get_account_state_result.as_str(), "Frozen");
}

#[test]
fn nil_on_a_non_nillable_element_and_duplicates_are_errors() {
    let nil = envelope(&format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><GetAccountStateResult xsi:nil="true"/></GetAccountStateResponse>"#
    ));
    assert!(matches!(
        decode_error::<GetAccountState>(&nil).kind(),
        DecodeErrorKind::UnexpectedNil
    ));
    let twice = envelope(&format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><GetAccountStateResult>Active</GetAccountStateResult><GetAccountStateResult>Deleted</GetAccountStateResult></GetAccountStateResponse>"#
    ));
    assert!(
        matches!(decode_error::<GetAccountState>(&twice).kind(), DecodeErrorKind::DuplicateElement(n) if n == "GetAccountStateResult")
    );
}

#[test]
fn a_dtd_is_refused_before_any_entity_can_expand() {
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>{}"#,
        envelope("&lol2;")
    );
    let e = decode_error::<GetAccountState>(&laughs);
    assert_eq!(e.kind(), &DecodeErrorKind::Dtd);
    assert_eq!(e.offset(), laughs.find("<!DOCTYPE").unwrap());
    let external = format!(
        r#"<!DOCTYPE x SYSTEM "file:///etc/passwd">{}"#,
        envelope("")
    );
    assert_eq!(
        decode_error::<GetAccountState>(&external).kind(),
        &DecodeErrorKind::Dtd
    );
}

#[test]
fn an_undeclared_entity_is_an_error() {
    let doc = envelope(&format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><GetAccountStateResult>&xxe;</GetAccountStateResult></GetAccountStateResponse>"#
    ));
    assert!(
        matches!(decode_error::<GetAccountState>(&doc).kind(), DecodeErrorKind::UnknownEntity(e) if e == "xxe")
    );
}

#[test]
fn a_hundred_thousand_nested_elements_hit_the_depth_limit() {
    let depth = 100_000;
    let body = format!(
        r#"<GetAccountStateResponse xmlns="{NS}">{}{}</GetAccountStateResponse>"#,
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let e = decode_error::<GetAccountState>(&envelope(&body));
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::TooDeep {
            limit: Limits::default().max_depth
        }
    );
}

#[test]
fn a_hundred_megabyte_text_node_hits_the_text_limit() {
    let huge = "A".repeat(100 << 20);
    let body = format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><GetAccountStateResult>{huge}</GetAccountStateResult></GetAccountStateResponse>"#
    );
    let e = decode_error::<GetAccountState>(&envelope(&body));
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::TextTooLong {
            limit: Limits::default().max_text_len
        }
    );
    assert_eq!(
        e.path(),
        "/Envelope/Body/GetAccountStateResponse/GetAccountStateResult"
    );
}

#[test]
fn malformed_and_truncated_documents_are_errors() {
    let good = envelope(&format!(
        r#"<GetAccountStateResponse xmlns="{NS}"><GetAccountStateResult>Active</GetAccountStateResult></GetAccountStateResponse>"#
    ));
    assert!(decode_response::<GetAccountState>(good.as_bytes(), Limits::default()).is_ok());
    // Every truncation of a valid document is an error, none panics.
    for cut in 0..good.len() {
        if good.is_char_boundary(cut) {
            assert!(
                decode_response::<GetAccountState>(&good.as_bytes()[..cut], Limits::default())
                    .is_err(),
                "prefix {cut} accepted"
            );
        }
    }
    let mismatched = good.replace("</GetAccountStateResult>", "</GetAccountStateResul>");
    assert!(matches!(
        decode_error::<GetAccountState>(&mismatched).kind(),
        DecodeErrorKind::MismatchedEndTag { .. }
    ));
    let unbound = good.replace("<GetAccountStateResult>", "<p:GetAccountStateResult>");
    assert!(
        matches!(decode_error::<GetAccountState>(&unbound).kind(), DecodeErrorKind::UnboundPrefix(p) if p == "p")
    );
    let mut not_utf8 = good.clone().into_bytes();
    let at = good.find("Active").unwrap();
    not_utf8[at] = 0xff;
    let e = match decode_response::<GetAccountState>(&not_utf8, Limits::default()) {
        Err(ResponseError::Decode(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!((e.kind(), e.offset()), (&DecodeErrorKind::NotUtf8, at));
    assert!(matches!(
        decode_error::<GetAccountState>("<<<>>>").kind(),
        DecodeErrorKind::Syntax(_)
    ));
    assert!(matches!(
        decode_error::<GetAccountState>("").kind(),
        DecodeErrorKind::Syntax(_)
    ));
    let trailing = format!("{good}<more/>");
    assert!(matches!(
        decode_error::<GetAccountState>(&trailing).kind(),
        DecodeErrorKind::Syntax(_)
    ));
}

#[test]
fn the_wrong_message_or_a_non_soap_document_is_an_error() {
    let other = envelope(&format!(r#"<GetBillInfoResponse xmlns="{NS}"/>"#));
    let e = decode_error::<GetAccountState>(&other);
    assert!(
        matches!(e.kind(), DecodeErrorKind::UnexpectedRoot { found, .. } if found == "GetBillInfoResponse"),
        "{e}"
    );
    let wrong_ns = envelope(r#"<GetAccountStateResponse xmlns="urn:elsewhere"/>"#);
    assert!(matches!(
        decode_error::<GetAccountState>(&wrong_ns).kind(),
        DecodeErrorKind::UnexpectedRoot { .. }
    ));
    let not_soap = "<html><body>502 Bad Gateway</body></html>";
    assert!(
        matches!(decode_error::<GetAccountState>(not_soap).kind(), DecodeErrorKind::UnexpectedRoot { found, .. } if found == "html")
    );
    let empty_body = envelope("");
    assert!(matches!(
        decode_error::<GetAccountState>(&empty_body).kind(),
        DecodeErrorKind::Structure(_)
    ));
}

#[test]
fn soap_faults_of_both_versions_are_read() {
    let v11 = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
        <faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Object reference not set</faultstring>
        <detail><x>1</x></detail></soap:Fault></soap:Body></soap:Envelope>"#;
    match decode_response::<GetAccountState>(v11.as_bytes(), Limits::default()) {
        Err(ResponseError::Fault(f)) => {
            assert_eq!(f.code, FaultCode::Server);
            assert_eq!(
                f.reason,
                "Server was unable to process request. ---> Object reference not set"
            );
            assert_eq!(f.detail.as_deref(), Some("<x>1</x>"));
        }
        other => panic!("{other:?}"),
    }
    let v12 = r#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault>
        <soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>
        <soap:Reason><soap:Text xml:lang="en">Bad request</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>"#;
    match decode_response::<PayNewD>(v12.as_bytes(), Limits::default()) {
        Err(ResponseError::Fault(f)) => assert_eq!(
            (f.code, f.reason.as_str()),
            (FaultCode::Client, "Bad request")
        ),
        other => panic!("{other:?}"),
    }
}
