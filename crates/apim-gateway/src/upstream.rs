//! The executor's [`Backend`] for the gateway: `mock://name` URLs go to an in-process mock
//! LLM, everything else to a hyper client (HTTP/1.1 and HTTP/2, TLS with rustls and the
//! webpki roots). The pipeline is suspended while an HTTP call is in flight
//! ([`crate::suspend`]): [`exchange`] runs on the connection's event loop. When the
//! pipeline lets it, an event stream or a large body is left pending and relayed to the
//! caller after outbound ([`Backend::relay`]).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use apim_executor::{Backend, BackendFailure, Clock, IncomingResponse, Millis, OutgoingRequest, Relayed, ResponseHead};
use apim_http::Headers;
use apim_mock_llm::{MockBody, MockLlm, MockRequest};
use bytes::Bytes;
use http_body_util::{BodyExt, Either, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::body::RequestBody;
use crate::site::mock_name;
use crate::suspend::{Frames, Suspender};

/// A backend body larger than this (or of unknown size) is relayed rather than read
/// whole, when the pipeline allows.
const STREAM_ABOVE_BYTES: u64 = 1024 * 1024;

pub type HttpClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, RequestBody>;

/// Builds the shared client.
///
/// # Panics
/// Never in practice: the rustls provider is compiled in.
#[must_use]
pub fn http_client() -> HttpClient {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(90)).build(connector)
}

/// One request's backend: where the calls go, and which mock or host answered each.
pub struct Upstream<'y> {
    pub mocks: Arc<BTreeMap<String, Arc<MockLlm>>>,
    pub suspender: Suspender<'y>,
    /// Each call made, in order: the host (or `mock://name`) and the status it answered
    /// (`None` when no response came), for the access log and the metrics.
    pub called: Vec<(String, Option<u16>)>,
    /// The request's id, for the head of a relayed response.
    pub request_id: String,
    /// A mock's event stream left pending by the last call.
    pending_frames: Option<Frames>,
    /// The caller's body, not read yet, and the size limit it is sent on within.
    pending_request: Option<(Incoming, usize)>,
}

impl Backend for Upstream<'_> {
    fn send(
        &mut self,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure> {
        let (target, result) = match mock_name(&request.url) {
            Some(name) => (format!("mock://{name}"), self.send_mock(name, request, timeout_ms, clock)),
            None => (host_of(&request.url), self.send_http(request, timeout_ms)),
        };
        self.called.push((target, result.as_ref().ok().map(|r| r.status)));
        result
    }

    fn relay(&mut self, head: ResponseHead<'_>) -> Relayed {
        let mut headers = head.headers.clone();
        crate::gateway::finish_headers(&mut headers, &self.request_id);
        // The token counters read event streams and JSON afterwards; other bodies pass
        // through without a copy.
        let keep = headers.joined("Content-Type").is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("text/event-stream") || t.contains("json")
        });
        self.suspender.relay(head.status, headers, self.pending_frames.take(), keep)
    }
}

impl<'y> Upstream<'y> {
    #[must_use]
    pub fn new(
        mocks: Arc<BTreeMap<String, Arc<MockLlm>>>,
        suspender: Suspender<'y>,
        request_id: String,
        pending_request: Option<(Incoming, usize)>,
    ) -> Self {
        Self { mocks, suspender, called: Vec::new(), request_id, pending_frames: None, pending_request }
    }

    /// The caller's pending body, for the one call that sends it on (`forward-request`
    /// marks it); any other call leaves it in place.
    fn take_pending_request(&mut self, request: &OutgoingRequest) -> Option<(Incoming, usize)> {
        if request.body_pending { self.pending_request.take() } else { None }
    }

    /// The body to send: the request's, or the caller's pending one (taken: it is sent
    /// once).
    fn outgoing_body(&mut self, request: &OutgoingRequest) -> RequestBody {
        match self.take_pending_request(request) {
            Some((incoming, limit)) => Either::Right(http_body_util::Limited::new(incoming, limit)),
            None => Either::Left(Full::new(Bytes::from(request.body.clone()))),
        }
    }
}

impl Upstream<'_> {
    fn send_mock(
        &mut self,
        name: &str,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure> {
        let Some(mock) = self.mocks.get(name).cloned() else {
            return Err(BackendFailure::Connection(format!("no mock backend `mock://{name}` is configured")));
        };
        let after_host = request.url.strip_prefix("mock://").and_then(|r| r.find('/').map(|i| &r[i..]));
        // The mock answers from the whole body.
        let body = match self.take_pending_request(request) {
            Some((incoming, limit)) => {
                self.suspender.read_body(incoming, limit).map_err(|e| BackendFailure::Connection(e.to_string()))?
            }
            None => request.body.clone(),
        };
        let mock_request = MockRequest {
            method: request.method.clone(),
            path_and_query: after_host.unwrap_or("/").to_owned(),
            headers: request.headers.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect(),
            body,
        };
        let response = mock.respond(&mock_request);
        let delay = i64::try_from(response.delay_ms).unwrap_or(i64::MAX);
        if delay > timeout_ms {
            clock.sleep(timeout_ms);
            return Err(BackendFailure::Timeout);
        }
        clock.sleep(delay);
        let mut headers = Headers::new();
        for (name, value) in response.headers {
            headers.append(name, value);
        }
        self.pending_frames = None;
        let body = match response.body {
            MockBody::Full(body) => body,
            MockBody::Events { frames, delay_ms } if request.stream_response => {
                self.pending_frames = Some(Frames { frames, delay: Duration::from_millis(delay_ms) });
                let mut pending = IncomingResponse::complete(response.status, response.reason, headers, Vec::new());
                pending.body_pending = true;
                return Ok(pending);
            }
            MockBody::Events { frames, .. } => frames.concat(),
            MockBody::Drop => return Err(BackendFailure::Connection("the backend closed the connection".to_owned())),
        };
        Ok(IncomingResponse::complete(response.status, response.reason, headers, body))
    }

    fn send_http(&mut self, request: &OutgoingRequest, timeout_ms: Millis) -> Result<IncomingResponse, BackendFailure> {
        let mut outgoing = hyper::Request::new(self.outgoing_body(request));
        *outgoing.method_mut() = hyper::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| BackendFailure::Connection(format!("invalid backend request method: {e}")))?;
        *outgoing.uri_mut() = request
            .url
            .parse()
            .map_err(|e| BackendFailure::Connection(format!("invalid backend request URL `{}`: {e}", request.url)))?;
        let mut headers = crate::body::header_map(&request.headers);
        // hyper sets these from the connection and the body.
        for name in [
            hyper::header::HOST,
            hyper::header::CONTENT_LENGTH,
            hyper::header::TRANSFER_ENCODING,
            hyper::header::CONNECTION,
        ] {
            headers.remove(name);
        }
        *outgoing.headers_mut() = headers;
        let timeout = Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(0));
        self.pending_frames = None;
        self.suspender.http(outgoing, timeout, request.stream_response)
    }
}

/// One HTTP backend call within `timeout`: the whole response, or with `stream` and a
/// body worth relaying (an event stream, large or of unknown size), the head with the body
/// left pending (returned beside it).
pub async fn exchange(
    client: &HttpClient,
    outgoing: hyper::Request<RequestBody>,
    timeout: Duration,
    stream: bool,
) -> (Result<IncomingResponse, BackendFailure>, Option<Incoming>) {
    let deadline = tokio::time::Instant::now() + timeout;
    let response = match tokio::time::timeout_at(deadline, client.request(outgoing)).await {
        Err(_) => return (Err(BackendFailure::Timeout), None),
        Ok(Err(e)) => return (Err(BackendFailure::Connection(describe(&e))), None),
        Ok(Ok(response)) => response,
    };
    let (parts, body) = response.into_parts();
    let mut headers = Headers::new();
    for (name, value) in &parts.headers {
        headers.append(name.as_str(), String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    let reason = parts.status.canonical_reason().unwrap_or("").to_owned();
    let status = parts.status.as_u16();
    if stream && worth_relaying(&parts.headers, &body) {
        let mut pending = IncomingResponse::complete(status, reason, headers, Vec::new());
        pending.body_pending = true;
        return (Ok(pending), Some(body));
    }
    let collected = match tokio::time::timeout_at(deadline, body.collect()).await {
        Err(_) => return (Err(BackendFailure::Timeout), None),
        Ok(Err(e)) => return (Err(BackendFailure::Connection(format!("reading the response body: {e}"))), None),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    (Ok(IncomingResponse::complete(status, reason, headers, collected.to_vec())), None)
}

fn worth_relaying(headers: &hyper::HeaderMap, body: &Incoming) -> bool {
    use hyper::body::Body as _;
    if body.is_end_stream() {
        return false;
    }
    let event_stream = headers
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/event-stream"));
    event_stream || body.size_hint().exact().is_none_or(|n| n > STREAM_ABOVE_BYTES)
}

/// The error and its causes, as one line.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn host_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.split(['/', '?']).next().unwrap_or(after_scheme).to_owned()
}
