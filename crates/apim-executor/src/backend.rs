//! Outgoing HTTP calls (`forward-request`, `send-request`, `send-one-way-request`)
//! go through [`Backend`], so `apim run` and `apim test` can script the answers and the
//! gateway can put a real client behind the same trait.

use std::collections::VecDeque;

use apim_http::Headers;
use serde::Serialize;

use crate::clock::{Clock, Millis};

/// A request the gateway sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutgoingRequest {
    pub method: String,
    pub url: String,
    #[serde(serialize_with = "crate::trace::serialize_headers")]
    pub headers: Headers,
    #[serde(serialize_with = "crate::trace::serialize_body")]
    pub body: Vec<u8>,
    /// Which policy sent it (`forward-request`, `send-request` ...).
    #[serde(skip)]
    pub policy: &'static str,
    /// The response body may be left to arrive later ([`IncomingResponse::body_pending`]):
    /// no policy of the pipeline reads it, so the gateway can relay it as it arrives.
    #[serde(skip)]
    pub stream_response: bool,
    /// The body is the caller's, still arriving (`body` is empty): the backend sends it
    /// on from the connection.
    #[serde(skip)]
    pub body_pending: bool,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingResponse {
    pub status: u16,
    pub reason: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// The body has not been read (`body` is empty): it is relayed to the caller by
    /// [`Backend::relay`] once the pipeline has set the response head. Only for requests
    /// with [`OutgoingRequest::stream_response`].
    pub body_pending: bool,
}

impl IncomingResponse {
    /// A response whose whole body has been read.
    #[must_use]
    pub fn complete(status: u16, reason: String, headers: Headers, body: Vec<u8>) -> Self {
        Self { status, reason, headers, body, body_pending: false }
    }
}

/// The response head sent before a relayed body.
#[derive(Debug, Clone, Copy)]
pub struct ResponseHead<'a> {
    pub status: u16,
    pub reason: &'a str,
    pub headers: &'a Headers,
}

/// What a relay sent on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relayed {
    /// The bytes relayed, kept for the policies that count them afterwards (token usage);
    /// empty when the backend chose not to keep them (a body no counter reads).
    pub body: Vec<u8>,
    /// Why the body stopped before its end (the backend or the caller went away).
    pub broke_off: Option<String>,
}

/// Why no response came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendFailure {
    /// The connection could not be made or was reset.
    Connection(String),
    /// No response headers within the timeout.
    Timeout,
}

pub trait Backend {
    /// Sends `request`, waiting at most `timeout_ms` for the response.
    ///
    /// # Errors
    /// A [`BackendFailure`] when no response arrives.
    fn send(
        &mut self,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure>;

    /// Sends `head` to the caller, then the pending body of the last response (see
    /// [`IncomingResponse::body_pending`]) as it arrives. Backends that never leave a body
    /// pending need not implement it.
    fn relay(&mut self, head: ResponseHead<'_>) -> Relayed {
        let _ = head;
        Relayed { body: Vec::new(), broke_off: Some("this backend does not relay bodies".to_owned()) }
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// A response after `delay_ms` (a delay beyond the caller's timeout is a timeout).
    Respond { response: IncomingResponse, delay_ms: Millis },
    /// The connection fails.
    Fail(String),
}

/// Answers calls in order from a script; once it runs out, every call gets 200 with an
/// empty body. Records every call.
#[derive(Debug, Default)]
pub struct ScriptedBackend {
    pub script: VecDeque<Scripted>,
    pub calls: Vec<OutgoingRequest>,
}

impl ScriptedBackend {
    #[must_use]
    pub fn new(script: impl IntoIterator<Item = Scripted>) -> Self {
        Self { script: script.into_iter().collect(), calls: Vec::new() }
    }
}

impl Backend for ScriptedBackend {
    fn send(
        &mut self,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure> {
        self.calls.push(request.clone());
        match self.script.pop_front() {
            None => Ok(IncomingResponse::complete(200, "OK".to_owned(), Headers::new(), Vec::new())),
            Some(Scripted::Fail(why)) => Err(BackendFailure::Connection(why)),
            Some(Scripted::Respond { response, delay_ms }) => {
                if delay_ms > timeout_ms {
                    clock.sleep(timeout_ms);
                    return Err(BackendFailure::Timeout);
                }
                clock.sleep(delay_ms);
                Ok(response)
            }
        }
    }
}

/// A backend entity (`backends/<id>`): where it is and the credentials the gateway adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackendEntity {
    pub url: String,
    /// Headers added to every request (credentials.header).
    pub headers: Vec<(String, String)>,
    /// Query parameters added to every request (credentials.query).
    pub query: Vec<(String, String)>,
    /// A load-balanced pool (`type: Pool`): its members; empty for a single backend.
    pub pool: Vec<crate::backend_pool::PoolMember>,
    pub circuit_breaker: Option<crate::backend_pool::CircuitBreakerRule>,
}
