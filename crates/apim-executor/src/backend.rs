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
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingResponse {
    pub status: u16,
    pub reason: String,
    pub headers: Headers,
    pub body: Vec<u8>,
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
            None => {
                Ok(IncomingResponse { status: 200, reason: "OK".to_owned(), headers: Headers::new(), body: Vec::new() })
            }
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
