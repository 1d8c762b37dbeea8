//! One HTTP request: routing, the IP allow-list, SOAP dispatch and fault injection.

use super::body::ResponseBody;
use super::{Connection, LEDGER_PATH, SERVICE_PATH, Shared, wsdl};
use crate::faults::FaultKind;
use alseco_types::OperationDescriptor;
use alseco_types::operation::{DispatchResponse, RequestContext, peek_request};
use alseco_types::operations;
use alseco_types::server::{AlsecoPaymentsService, dispatch};
use alseco_types::soap::{Fault, SoapVersion};
use alseco_types::types::NAMESPACE;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::net::IpAddr;
use std::sync::Arc;

type Reply = Response<ResponseBody>;

fn text(status: StatusCode, message: &str) -> Reply {
    let mut response = Response::new(ResponseBody::full(format!("{status}: {message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or(v6.is_loopback(), |v4| v4.is_loopback()),
        IpAddr::V4(v4) => v4.is_loopback(),
    }
}

/// Whether the query string has a `wsdl` parameter (any case, with or without a value).
fn asks_for_wsdl(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        q.split('&').any(|p| {
            p.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("wsdl"))
        })
    })
}

pub(super) async fn handle<S>(
    request: Request<Incoming>,
    shared: Arc<Shared<S>>,
    conn: Arc<Connection>,
) -> Reply
where
    S: AlsecoPaymentsService + 'static,
{
    let peer = conn.peer.ip();
    if let Some(inspect) = &shared.inspect
        && request.uri().path() == LEDGER_PATH
    {
        if !is_loopback(peer) {
            return text(
                StatusCode::FORBIDDEN,
                "the sandbox ledger is served to loopback clients only",
            );
        }
        if request.method() != Method::GET {
            return method_not_allowed("GET");
        }
        let mut response = Response::new(ResponseBody::full(inspect()));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return response;
    }
    if !shared.banks.allows_ip(peer) {
        tracing::info!(%peer, "refused: the address is not registered for any bank");
        return text(
            StatusCode::FORBIDDEN,
            &format!("the address {peer} is not registered with ALSECO for any bank"),
        );
    }
    match *request.method() {
        Method::GET | Method::HEAD if asks_for_wsdl(request.uri().query()) => {
            let url = format!("{}://{}{SERVICE_PATH}", shared.scheme, conn.local);
            let mut response =
                Response::new(ResponseBody::full(wsdl::with_address(wsdl::WSDL, &url)));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/xml; charset=utf-8"),
            );
            response
        }
        Method::GET | Method::HEAD => help_page(),
        Method::POST => soap(request, &shared, &conn).await,
        _ => method_not_allowed("GET, POST"),
    }
}

fn method_not_allowed(allow: &'static str) -> Reply {
    let mut response = text(StatusCode::METHOD_NOT_ALLOWED, &format!("allowed: {allow}"));
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

fn help_page() -> Reply {
    let mut page = String::from(
        "<html><head><title>AlsecoPaymentsService</title></head><body>\
         <h1>AlsecoPaymentsService (alseco-sandbox)</h1>\
         <p>The service description is at <a href=\"?wsdl\">?wsdl</a>. Operations:</p><ul>",
    );
    for op in operations::ALL {
        page.push_str("<li>");
        page.push_str(op.name);
        page.push_str("</li>");
    }
    page.push_str("</ul></body></html>\n");
    let mut response = Response::new(ResponseBody::full(page));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// The SOAP version and the action (the 1.2 `action` parameter) a `Content-Type` names.
fn parse_content_type(value: &str) -> Option<(SoapVersion, Option<String>)> {
    let mut parts = value.split(';');
    let version = match parts.next()?.trim().to_ascii_lowercase().as_str() {
        "text/xml" => SoapVersion::Soap11,
        "application/soap+xml" => SoapVersion::Soap12,
        _ => return None,
    };
    let action = parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("action")
            .then(|| value.trim().trim_matches('"').to_owned())
    });
    Some((version, action))
}

/// `Content-Type` of a response: the version's, without the 1.2 `action` parameter (ASMX
/// answers `application/soap+xml; charset=utf-8`).
fn response_content_type(version: SoapVersion) -> String {
    let full = version.content_type("");
    match full.find("; action=") {
        Some(at) => full[..at].to_owned(),
        None => full,
    }
}

fn soap_reply(response: DispatchResponse) -> Reply {
    soap_reply_with(response, ResponseBody::full)
}

fn soap_reply_with(
    response: DispatchResponse,
    body: impl FnOnce(Vec<u8>) -> ResponseBody,
) -> Reply {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let length = response.body.len();
    let mut reply = Response::new(body(response.body));
    *reply.status_mut() = status;
    let headers = reply.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&response_content_type(response.version)) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    reply
}

fn client_fault(
    version: SoapVersion,
    reason: String,
    operation: Option<&'static OperationDescriptor>,
) -> Reply {
    soap_reply(DispatchResponse::fault(
        version,
        &Fault::client(reason),
        operation,
    ))
}

async fn soap<S>(request: Request<Incoming>, shared: &Arc<Shared<S>>, conn: &Connection) -> Reply
where
    S: AlsecoPaymentsService + 'static,
{
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let Some((http_version, action_parameter)) = parse_content_type(&content_type) else {
        return text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)",
        );
    };
    let soap_action = match http_version {
        SoapVersion::Soap11 => request
            .headers()
            .get("SOAPAction")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().trim_matches('"').to_owned()),
        SoapVersion::Soap12 => action_parameter,
    };
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("requests are limited to {} bytes", shared.max_request_bytes),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_request_bytes as u64) {
        return too_large();
    }
    let envelope: Bytes = match Limited::new(request.into_body(), shared.max_request_bytes)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<LengthLimitError>() => return too_large(),
        Err(e) => {
            return text(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the body: {e}"),
            );
        }
    };

    let (version, namespace, element) = match peek_request(&envelope, shared.limits) {
        Ok(found) => found,
        Err(fault) => return soap_reply(fault),
    };
    let operation = if namespace == NAMESPACE {
        operations::by_request_element(&element)
    } else {
        None
    };
    if version != http_version {
        return client_fault(
            version,
            format!(
                "The SOAP envelope's version does not match the Content-Type `{content_type}`",
                content_type = content_type.split(';').next().unwrap_or_default().trim()
            ),
            operation,
        );
    }
    if let Some(action) = soap_action.as_deref().filter(|a| !a.is_empty()) {
        match operations::by_soap_action(action) {
            None => {
                return client_fault(
                    version,
                    format!(
                        "Server did not recognize the value of HTTP Header SOAPAction: {action}."
                    ),
                    None,
                );
            }
            Some(named) if operation.is_none_or(|op| op.name != named.name) => {
                return client_fault(
                    version,
                    format!(
                        "Server was unable to read request. ---> The SOAPAction {action} names the method {}, \
                         but the body's element is {{{namespace}}}{element}.",
                        named.name
                    ),
                    Some(named),
                );
            }
            Some(_) => {}
        }
    }

    let fault = operation.and_then(|op| shared.faults.next_fault(op.name));
    if let Some(kind) = fault {
        tracing::info!(operation = operation.map(|op| op.name), fault = kind.name(), peer = %conn.peer, "injecting a fault");
    }
    match fault {
        Some(FaultKind::Http500) => {
            return text(
                StatusCode::INTERNAL_SERVER_ERROR,
                "fault injected by alseco-sandbox",
            );
        }
        Some(FaultKind::SoapFault) => {
            let fault = Fault::server(
                "Server was unable to process request. ---> Fault injected by alseco-sandbox.",
            );
            return soap_reply(DispatchResponse::fault(version, &fault, operation));
        }
        _ => {}
    }

    // The method runs in its own task: once started it completes (and commits) even if the
    // client goes away, as the real service does.
    let context = RequestContext {
        remote_addr: Some(conn.peer),
        soap_action,
    };
    let task = {
        let shared = shared.clone();
        tokio::spawn(
            async move { dispatch(&shared.service, &context, &envelope, shared.limits).await },
        )
    };
    let response = match task.await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!(error = %e, "the service panicked");
            DispatchResponse::fault(
                version,
                &Fault::server("Server was unable to process request."),
                operation,
            )
        }
    };

    match fault {
        Some(FaultKind::Delay(delay)) => {
            let mut shutdown = shared.shutdown.clone();
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                // Shutting down: answer at once.
                _ = shutdown.wait_for(|stop| *stop) => {}
            }
            soap_reply(response)
        }
        Some(FaultKind::DropAfterCommit) => {
            conn.kill.notify_one();
            std::future::pending().await
        }
        Some(FaultKind::TruncatedBody) => soap_reply_with(response, |mut body| {
            body.truncate(body.len() / 2);
            ResponseBody::truncated(body)
        }),
        _ => soap_reply(response),
    }
}
