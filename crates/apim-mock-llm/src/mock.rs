//! The mock instance: its configuration, its request counter (for the configured
//! faults) and its clock; [`MockLlm::respond`] answers one request.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;

use crate::answer::{id, stable_hash};
use crate::call::Call;
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::exchange::{MockRequest, MockResponse};
use crate::route::Endpoint;
use crate::{chat, completions, embeddings, fault, responses};

/// The header naming the instance that answered.
pub const BACKEND_HEADER: &str = "x-mock-backend";

type Clock = Box<dyn Fn() -> u64 + Send + Sync>;

pub struct MockLlm {
    config: MockConfig,
    requests: AtomicU64,
    clock: Clock,
}

impl std::fmt::Debug for MockLlm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockLlm").field("config", &self.config).field("requests", &self.requests).finish()
    }
}

impl MockLlm {
    /// A mock whose `created` timestamps are the configuration's (fixed) `created`.
    #[must_use]
    pub fn new(config: MockConfig) -> Self {
        let created = config.created;
        Self::with_clock(config, move || created)
    }

    /// A mock reading `created` from `clock` (Unix seconds), e.g. the gateway's clock.
    #[must_use]
    pub fn with_clock(config: MockConfig, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        Self { config, requests: AtomicU64::new(0), clock: Box::new(clock) }
    }

    #[must_use]
    pub fn config(&self) -> &MockConfig {
        &self.config
    }

    /// How many requests this instance has been asked to answer.
    #[must_use]
    pub fn requests_seen(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The answer to one request: the same request always gets the same answer, apart
    /// from the configured faults, which count requests.
    #[must_use]
    pub fn respond(&self, request: &MockRequest) -> MockResponse {
        let ordinal = self.requests.fetch_add(1, Ordering::Relaxed).wrapping_add(1).max(1);
        let (response, delay_ms) = match fault::plan(&self.config, request, ordinal) {
            Err(error) => (error.response(), 0),
            Ok(plan) => {
                let response = match plan.fault {
                    Some(fault) => fault::response(fault, plan.retry_after_seconds),
                    None => self.answer(request).unwrap_or_else(|error| error.response()),
                };
                (response, plan.delay_ms)
            }
        };
        if response.status == 0 {
            return MockResponse { delay_ms, ..response };
        }
        let request_id = id("", stable_hash(&[request.path_and_query.as_bytes(), &request.body]));
        MockResponse {
            delay_ms,
            ..response.with_header(BACKEND_HEADER, self.config.name.clone()).with_header("x-request-id", request_id)
        }
    }

    fn answer(&self, request: &MockRequest) -> Result<MockResponse, ApiError> {
        let path = request.path();
        let endpoint = Endpoint::for_path(path).ok_or_else(|| ApiError::not_found(&request.method, path))?;
        if !request.method.eq_ignore_ascii_case(endpoint.method()) {
            let response = ApiError::method_not_allowed(&request.method, path).response();
            return Ok(response.with_header("allow", endpoint.method()));
        }
        let handler: fn(&Call) -> Result<MockResponse, ApiError> = match endpoint {
            Endpoint::Models => return Ok(self.models(request)),
            Endpoint::ChatCompletions => chat::respond,
            Endpoint::Completions => completions::respond,
            Endpoint::Embeddings => embeddings::respond,
            Endpoint::Responses => responses::respond,
        };
        handler(&Call::read(request, &self.config, (self.clock)())?)
    }

    /// `GET .../models`: the one model the mock reports.
    fn models(&self, request: &MockRequest) -> MockResponse {
        let model = self
            .config
            .model
            .clone()
            .or_else(|| crate::route::deployment(request.path()).map(str::to_owned))
            .unwrap_or_else(|| crate::config::DEFAULT_MODEL.to_owned());
        let body = json!({
            "object": "list",
            "data": [{"id": model, "object": "model", "created": (self.clock)(), "owned_by": "apim-mock-llm"}],
        });
        MockResponse::json(200, &body)
    }
}
