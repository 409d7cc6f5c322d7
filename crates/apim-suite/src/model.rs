//! The test file format (`*.test.toml`). `apim test --schema` prints it as JSON Schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// A test file: the policy under test, its environment, then cases run in order against
/// one gateway (counters, caches and the clock carry over from case to case).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestFile {
    /// The policy document, relative to this file (or give `service`, `api` and `operation`).
    #[serde(default)]
    pub policy: Option<String>,
    /// An APIOps service folder, relative to this file: the operation's effective policy
    /// (global, product, API, operation), fragments, named values and backends come from it.
    #[serde(default)]
    pub service: Option<String>,
    /// With `service`: the API (its folder name under `apis/`).
    #[serde(default)]
    pub api: Option<String>,
    /// With `service`: the operation id.
    #[serde(default)]
    pub operation: Option<String>,
    /// With `service`: the product of the requests' subscription (its policy then applies).
    #[serde(default)]
    pub product: Option<String>,
    /// Its scope: global, product, api (default) or operation.
    #[serde(default)]
    pub scope: Option<String>,
    /// Broader scopes' documents, relative to this file: `{ global = "..", product = "..", api = ".." }`.
    #[serde(default)]
    pub parents: BTreeMap<String, String>,
    /// Named values: `{{name}}` becomes the value.
    #[serde(default)]
    pub named_values: BTreeMap<String, String>,
    /// Secret named values: substituted, masked in traces and output.
    #[serde(default)]
    pub secrets: BTreeMap<String, String>,
    /// Template placeholder values: `{name}` becomes the value.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Fragment id to file (relative to this file).
    #[serde(default)]
    pub fragments: BTreeMap<String, String>,
    /// Backend entities for `set-backend-service backend-id`.
    #[serde(default)]
    pub backends: BTreeMap<String, BackendEntity>,
    /// Documents by URL (OpenID configurations and JWK sets for validate-jwt).
    #[serde(default)]
    pub documents: BTreeMap<String, serde_json::Value>,
    /// The context of every case (`apim eval --context` keys: subscription, user, api,
    /// operation, product, deployment, ipAddress ...); a case's own `context` is merged over it.
    #[serde(default)]
    pub context: Option<serde_json::Value>,
    /// The instant the clock starts at (ISO 8601, default 2024-01-01T00:00:00Z).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default, rename = "case")]
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BackendEntity {
    /// The runtime URL (empty for a pool).
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// A load-balanced pool: its members (backend ids of this file).
    #[serde(default)]
    pub pool: Vec<crate::ai::PoolItem>,
    #[serde(default)]
    pub circuit_breaker: Option<crate::ai::CircuitBreaker>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Case {
    pub name: String,
    /// Let this much time pass before the case: seconds, or text with a unit (`500ms`,
    /// `90s`, `5m`, `2h`, `1d`).
    #[serde(default)]
    pub advance: Option<Duration>,
    /// Send the request this many times (default 1); `expect` is checked on the last
    /// response, `expect.statuses` on every one.
    #[serde(default)]
    pub repeat: Option<u32>,
    #[serde(default)]
    pub request: Request,
    /// Merged over the file's `context`.
    #[serde(default)]
    pub context: Option<serde_json::Value>,
    /// Scripted backend answers, in order of calls (forward-request, send-request ...);
    /// once used up, calls get 200 with an empty body.
    #[serde(default)]
    pub backend: Vec<BackendResponse>,
    /// Answers by URL, for every matching call of the case (repeats included), before
    /// the ordered `backend` script.
    #[serde(default)]
    pub backend_rule: Vec<crate::ai::BackendRule>,
    #[serde(default)]
    pub expect: Expect,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Duration {
    Seconds(f64),
    Text(String),
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Request {
    /// A raw HTTP/1.1 request file, relative to the test file (the other fields then add to it).
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    /// Origin form (`/path?query`) or absolute.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<String>,
    /// A JSON body (sets Content-Type: application/json unless given).
    #[serde(default)]
    pub json: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BackendResponse {
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub json: Option<serde_json::Value>,
    /// Time the backend takes to answer (beyond the policy's timeout: a timeout).
    #[serde(default)]
    pub delay: Option<Duration>,
    /// The connection fails instead, with this reason.
    #[serde(default)]
    pub fail: Option<String>,
    /// A streamed body: each value becomes a `data:` event, then `data: [DONE]`
    /// (Content-Type text/event-stream unless given).
    #[serde(default)]
    pub sse: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Expect {
    #[serde(default)]
    pub status: Option<u16>,
    /// The status of every repeated request, in order.
    #[serde(default)]
    pub statuses: Option<Vec<u16>>,
    /// Response headers that must have exactly these values (repeated lines joined with `,`).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Response headers that must be absent.
    #[serde(default)]
    pub absent_headers: Vec<String>,
    /// The exact body.
    #[serde(default)]
    pub body: Option<String>,
    /// The body parsed as JSON must contain this (objects: these members, recursively).
    #[serde(default)]
    pub body_json: Option<serde_json::Value>,
    /// A regular expression the body must match.
    #[serde(default)]
    pub body_regex: Option<String>,
    /// Context variables at the end, as text (`ToString()`).
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// Variables that must not be set.
    #[serde(default)]
    pub absent_variables: Vec<String>,
    /// How many backend calls this request made.
    #[serde(default)]
    pub backend_calls: Option<usize>,
    /// The calls, in order (each field optional).
    #[serde(default)]
    pub backend_call: Vec<ExpectCall>,
    /// Metrics emitted during this request (each must match one; dimensions as a subset).
    #[serde(default)]
    pub metrics: Vec<ExpectMetric>,
    /// Events sent to Event Hubs during this request.
    #[serde(default)]
    pub events: Vec<ExpectEvent>,
    /// Texts that must appear in the trace (source, path or message of some entry).
    #[serde(default)]
    pub trace: Vec<String>,
    /// `context.LastError.Reason` of the error that reached on-error, or "" for none.
    #[serde(default)]
    pub error_reason: Option<String>,
    /// Backend calls over all repeats of the case whose URL starts with the key.
    #[serde(default)]
    pub backend_call_counts: BTreeMap<String, usize>,
    /// How far each of `backend-call-counts` may be off, as a fraction of it (0.05 = 5%).
    #[serde(default)]
    pub backend_call_tolerance: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectCall {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub absent_headers: Vec<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_json: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectMetric {
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectEvent {
    #[serde(default)]
    pub logger_id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub message_regex: Option<String>,
}
