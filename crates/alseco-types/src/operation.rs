//! What the generated client stub and server dispatcher stand on: operation descriptors,
//! request/response framing, and the transport a client plugs in.

use crate::soap::{BodyContent, Fault, SoapVersion, close_envelope, open_body, write_envelope};
use crate::xml::{
    DecodeError, DecodeErrorKind, EncodeError, Limits, Reader, StartTag, XmlDecode, XmlEncode,
};
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;

/// A response wrapper name pair the service may use for an operation besides ASMX's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseAlias {
    /// The body element (instead of `{Op}Response`).
    pub response: &'static str,
    /// Its child (instead of `{Op}Result`).
    pub result: &'static str,
}

/// Everything static about one operation of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationDescriptor {
    /// The method name, e.g. `GetInvoicesByAccountsLastVers`.
    pub name: &'static str,
    /// The `SOAPAction` (SOAP 1.1 header; SOAP 1.2 `action` parameter).
    pub soap_action: &'static str,
    /// The target namespace of the messages.
    pub namespace: &'static str,
    /// The request's body element.
    pub request_element: &'static str,
    /// The response's body element as ASMX names it.
    pub response_element: &'static str,
    /// The result element inside the response as ASMX names it (`None` for a method
    /// that returns nothing).
    pub result_element: Option<&'static str>,
    /// Other wrapper names accepted in responses (the spec's examples show some).
    pub response_aliases: &'static [ResponseAlias],
}

impl OperationDescriptor {
    /// Whether `name` is an accepted response body element of this operation.
    pub fn accepts_response(&self, name: &str) -> bool {
        name == self.response_element || self.response_aliases.iter().any(|a| a.response == name)
    }
}

/// Ties a request message to its response and descriptor. Implemented by every generated
/// request type, so `client.call(request)` knows what comes back.
pub trait Operation: XmlEncode + XmlDecode {
    /// The response message.
    type Response: XmlEncode + XmlDecode;
    /// The operation's descriptor.
    const DESCRIPTOR: &'static OperationDescriptor;
}

/// Encodes a request envelope for operation `O`.
pub fn encode_request<O: Operation>(
    version: SoapVersion,
    request: &O,
) -> Result<Vec<u8>, EncodeError> {
    encode_message(
        version,
        O::DESCRIPTOR.request_element,
        O::DESCRIPTOR.namespace,
        request,
    )
}

/// Encodes a response envelope for operation `O`.
pub fn encode_response<O: Operation>(
    version: SoapVersion,
    response: &O::Response,
) -> Result<Vec<u8>, EncodeError> {
    encode_message(
        version,
        O::DESCRIPTOR.response_element,
        O::DESCRIPTOR.namespace,
        response,
    )
}

/// Encodes a fault envelope.
pub fn encode_fault(version: SoapVersion, fault: &Fault) -> Result<Vec<u8>, EncodeError> {
    write_envelope(version, |w| fault.encode(w, version))
}

fn encode_message<T: XmlEncode>(
    version: SoapVersion,
    element: &str,
    ns: &str,
    message: &T,
) -> Result<Vec<u8>, EncodeError> {
    write_envelope(version, |w| {
        w.open_start(element);
        w.attribute("xmlns", ns);
        message.encode_attributes(w);
        let at = w.close_start();
        message.encode_content(w);
        w.end(element, at);
    })
}

/// Why a response could not be turned into a typed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The service answered with a SOAP fault.
    Fault(Fault),
    /// The response is not a valid envelope of the expected message.
    Decode(DecodeError),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Fault(fault) => fault.fmt(f),
            ResponseError::Decode(e) => write!(f, "cannot decode the response: {e}"),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Fault(f) => Some(f),
            ResponseError::Decode(e) => Some(e),
        }
    }
}

/// Decodes a response envelope of operation `O` (either SOAP version, any accepted wrapper name).
pub fn decode_response<O: Operation>(
    bytes: &[u8],
    limits: Limits,
) -> Result<O::Response, ResponseError> {
    let desc = O::DESCRIPTOR;
    decode_body(
        bytes,
        limits,
        |name| desc.accepts_response(name),
        desc.response_element,
        desc.namespace,
    )
    .map(|(_, message)| message)
}

/// Decodes a request envelope of operation `O`; returns the SOAP version it came in.
pub fn decode_request<O: Operation>(
    bytes: &[u8],
    limits: Limits,
) -> Result<(SoapVersion, O), ResponseError> {
    let desc = O::DESCRIPTOR;
    decode_body(
        bytes,
        limits,
        |name| name == desc.request_element,
        desc.request_element,
        desc.namespace,
    )
}

fn decode_body<T: XmlDecode>(
    bytes: &[u8],
    limits: Limits,
    accepts: impl Fn(&str) -> bool,
    expected: &str,
    ns: &str,
) -> Result<(SoapVersion, T), ResponseError> {
    let mut r = Reader::from_bytes(bytes, limits).map_err(ResponseError::Decode)?;
    let open = open_body(&mut r).map_err(ResponseError::Decode)?;
    let el = match &open.content {
        BodyContent::Fault(fault) => return Err(ResponseError::Fault(fault.clone())),
        BodyContent::Message(el) => el.clone(),
    };
    let message = decode_message(&mut r, &el, &accepts, expected, ns)
        .map_err(|e| ResponseError::Decode(e.at("Body").at("Envelope")))?;
    close_envelope(&mut r, &open).map_err(ResponseError::Decode)?;
    Ok((open.version, message))
}

fn decode_message<'a, T: XmlDecode>(
    r: &mut Reader<'a>,
    el: &StartTag<'a>,
    accepts: &impl Fn(&str) -> bool,
    expected: &str,
    ns: &str,
) -> Result<T, DecodeError> {
    if !el.in_namespace(ns) || !accepts(el.local_name()) {
        return Err(DecodeError::new(
            DecodeErrorKind::UnexpectedRoot {
                expected: format!("{{{ns}}}{expected}"),
                found: el.qualified_name(),
            },
            el.offset(),
        ));
    }
    let name = el.local_name();
    T::decode(r, el).map_err(|e| e.within(name.to_owned(), None))
}

/// Writes a message as the body element `name` with the default namespace `ns`; used by
/// hand-written tests and tools that need a body without an operation.
pub fn encode_body_element<T: XmlEncode>(
    version: SoapVersion,
    name: &str,
    ns: &str,
    message: &T,
) -> Result<Vec<u8>, EncodeError> {
    encode_message(version, name, ns, message)
}

/// Sends request envelopes and returns response envelopes: what a client stub needs from
/// HTTP. `alseco-client` implements it over hyper; tests can implement it in memory.
pub trait Transport: Send + Sync {
    /// The transport's own error.
    type Error: std::error::Error + Send + Sync + 'static;
    /// The response body.
    type Body: AsRef<[u8]> + Send;

    /// The SOAP version to write envelopes in.
    fn soap_version(&self) -> SoapVersion;

    /// The limits to decode responses with.
    fn limits(&self) -> Limits {
        Limits::default()
    }

    /// Sends one envelope of operation `operation` and returns the response body (a SOAP
    /// fault comes back as a body too, usually with HTTP 500).
    fn send(
        &self,
        operation: &'static OperationDescriptor,
        envelope: Vec<u8>,
    ) -> impl Future<Output = Result<Self::Body, Self::Error>> + Send;
}

/// Why a call through a client stub failed.
#[derive(Debug)]
pub enum CallError<E> {
    /// The request could not be encoded.
    Encode(EncodeError),
    /// The transport failed.
    Transport(E),
    /// The service answered with a SOAP fault.
    Fault(Fault),
    /// The response could not be decoded.
    Decode(DecodeError),
}

impl<E> From<ResponseError> for CallError<E> {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::Fault(f) => CallError::Fault(f),
            ResponseError::Decode(d) => CallError::Decode(d),
        }
    }
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Encode(e) => write!(f, "cannot encode the request: {e}"),
            CallError::Transport(e) => write!(f, "transport error: {e}"),
            CallError::Fault(fault) => fault.fmt(f),
            CallError::Decode(e) => write!(f, "cannot decode the response: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Encode(e) => Some(e),
            CallError::Transport(e) => Some(e),
            CallError::Fault(f) => Some(f),
            CallError::Decode(e) => Some(e),
        }
    }
}

/// Performs one call over `transport`: encode, send, decode.
pub async fn call<T: Transport, O: Operation>(
    transport: &T,
    request: &O,
) -> Result<O::Response, CallError<T::Error>> {
    let envelope = encode_request(transport.soap_version(), request).map_err(CallError::Encode)?;
    let body = transport
        .send(O::DESCRIPTOR, envelope)
        .await
        .map_err(CallError::Transport)?;
    Ok(decode_response::<O>(body.as_ref(), transport.limits())?)
}

/// What a server knows about a request besides its message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestContext {
    /// The peer's address, if the server knows it.
    pub remote_addr: Option<SocketAddr>,
    /// The `SOAPAction` (1.1 header or 1.2 `action` parameter), if sent.
    pub soap_action: Option<String>,
}

/// The outcome of dispatching one request envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchResponse {
    /// The SOAP version of the exchange.
    pub version: SoapVersion,
    /// The HTTP status: 200, or 500 for a fault (as ASMX does).
    pub status: u16,
    /// The response envelope.
    pub body: Vec<u8>,
    /// The operation dispatched to, if the request named one.
    pub operation: Option<&'static OperationDescriptor>,
}

impl DispatchResponse {
    /// A fault response.
    pub fn fault(
        version: SoapVersion,
        fault: &Fault,
        operation: Option<&'static OperationDescriptor>,
    ) -> Self {
        let body = encode_fault(version, fault).unwrap_or_else(|e| {
            // The fault text itself could not be written; a plain one always can.
            encode_fault(version, &Fault::server(format!("cannot encode fault: {e}")))
                .unwrap_or_default()
        });
        DispatchResponse {
            version,
            status: 500,
            body,
            operation,
        }
    }
}

/// Reads the request envelope's body element name and SOAP version, for a dispatcher to
/// pick an operation. Malformed envelopes give a client fault in the best-guess version.
pub fn peek_request(
    bytes: &[u8],
    limits: Limits,
) -> Result<(SoapVersion, String, String), DispatchResponse> {
    let fail = |version: SoapVersion, reason: String| {
        DispatchResponse::fault(version, &Fault::client(reason), None)
    };
    let mut r =
        Reader::from_bytes(bytes, limits).map_err(|e| fail(SoapVersion::Soap11, e.to_string()))?;
    match open_body(&mut r).map(|open| (open.version, open.content)) {
        Ok((version, BodyContent::Message(el))) => Ok((
            version,
            el.namespace().unwrap_or_default().to_owned(),
            el.local_name().to_owned(),
        )),
        Ok((version, BodyContent::Fault(_))) => {
            Err(fail(version, "a request cannot be a fault".into()))
        }
        Err(e) => {
            let version = if std::str::from_utf8(bytes)
                .is_ok_and(|s| s.contains(SoapVersion::Soap12.envelope_namespace()))
            {
                SoapVersion::Soap12
            } else {
                SoapVersion::Soap11
            };
            Err(fail(version, e.to_string()))
        }
    }
}

/// Decodes a request of `O`, runs `handler`, and encodes its response or fault: the body of
/// each arm of a generated dispatcher.
pub async fn serve<O, F>(
    bytes: &[u8],
    limits: Limits,
    handler: impl FnOnce(O) -> F,
) -> DispatchResponse
where
    O: Operation,
    F: Future<Output = Result<O::Response, Fault>>,
{
    let desc = O::DESCRIPTOR;
    let (version, request) = match decode_request::<O>(bytes, limits) {
        Ok(ok) => ok,
        Err(ResponseError::Fault(_)) => {
            return DispatchResponse::fault(
                SoapVersion::Soap11,
                &Fault::client("a request cannot be a fault"),
                Some(desc),
            );
        }
        Err(ResponseError::Decode(e)) => {
            let version = peek_request(bytes, limits)
                .map(|(v, _, _)| v)
                .unwrap_or_default();
            return DispatchResponse::fault(version, &Fault::client(e.to_string()), Some(desc));
        }
    };
    match handler(request).await {
        Ok(response) => match encode_response::<O>(version, &response) {
            Ok(body) => DispatchResponse {
                version,
                status: 200,
                body,
                operation: Some(desc),
            },
            Err(e) => DispatchResponse::fault(version, &Fault::server(e.to_string()), Some(desc)),
        },
        Err(fault) => DispatchResponse::fault(version, &fault, Some(desc)),
    }
}
