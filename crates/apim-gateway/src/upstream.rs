//! The executor's [`Backend`] for the gateway: `mock://name` URLs go to an in-process mock
//! LLM, everything else to a hyper client (HTTP/1.1 and HTTP/2, TLS with rustls and the
//! webpki roots). The pipeline is suspended while an HTTP call is in flight
//! ([`crate::suspend`]): [`exchange`] runs on the connection's event loop.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use apim_executor::{Backend, BackendFailure, Clock, IncomingResponse, Millis, OutgoingRequest};
use apim_http::Headers;
use apim_mock_llm::{MockBody, MockLlm, MockRequest};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::site::mock_name;
use crate::suspend::Suspender;

pub type HttpClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

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
}

impl Upstream<'_> {
    fn send_mock(
        &self,
        name: &str,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure> {
        let Some(mock) = self.mocks.get(name) else {
            return Err(BackendFailure::Connection(format!("no mock backend `mock://{name}` is configured")));
        };
        let after_host = request.url.strip_prefix("mock://").and_then(|r| r.find('/').map(|i| &r[i..]));
        let mock_request = MockRequest {
            method: request.method.clone(),
            path_and_query: after_host.unwrap_or("/").to_owned(),
            headers: request.headers.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect(),
            body: request.body.clone(),
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
        let body = match response.body {
            MockBody::Full(body) => body,
            MockBody::Events { frames, .. } => frames.concat(),
            MockBody::Drop => return Err(BackendFailure::Connection("the backend closed the connection".to_owned())),
        };
        Ok(IncomingResponse { status: response.status, reason: response.reason, headers, body })
    }

    fn send_http(&self, request: &OutgoingRequest, timeout_ms: Millis) -> Result<IncomingResponse, BackendFailure> {
        let mut builder = hyper::Request::builder().method(request.method.as_str()).uri(request.url.as_str());
        for (name, value) in request.headers.iter() {
            // hyper sets these from the connection and the body.
            if name.eq_ignore_ascii_case("host")
                || name.eq_ignore_ascii_case("content-length")
                || name.eq_ignore_ascii_case("transfer-encoding")
                || name.eq_ignore_ascii_case("connection")
            {
                continue;
            }
            builder = builder.header(name, value);
        }
        let outgoing = builder
            .body(Full::new(Bytes::from(request.body.clone())))
            .map_err(|e| BackendFailure::Connection(format!("invalid backend request: {e}")))?;
        let timeout = Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(0));
        self.suspender.http(outgoing, timeout)
    }
}

/// One HTTP backend call, the whole response read, within `timeout`.
pub async fn exchange(
    client: &HttpClient,
    outgoing: hyper::Request<Full<Bytes>>,
    timeout: Duration,
) -> Result<IncomingResponse, BackendFailure> {
    let exchange = async {
        let response = client.request(outgoing).await.map_err(|e| BackendFailure::Connection(describe(&e)))?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| BackendFailure::Connection(format!("reading the response body: {e}")))?
            .to_bytes();
        let mut headers = Headers::new();
        for (name, value) in &parts.headers {
            headers.append(name.as_str(), String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
        Ok(IncomingResponse {
            status: parts.status.as_u16(),
            reason: parts.status.canonical_reason().unwrap_or("").to_owned(),
            headers,
            body: body.to_vec(),
        })
    };
    tokio::time::timeout(timeout, exchange).await.unwrap_or(Err(BackendFailure::Timeout))
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
