//! The parts of the test format the AI gateway scenarios need: backend pools and circuit
//! breakers in `backends`, answers by URL (`backend-rule`), streamed (SSE) bodies, and
//! call counts per backend over repeated requests (load-balancing distributions).

use std::collections::VecDeque;

use apim_executor::{
    Backend, BackendFailure, CircuitBreakerRule, Clock, IncomingResponse, Millis, OutgoingRequest, PoolMember,
    Scripted, ScriptedBackend, parse_iso_duration,
};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::{BackendResponse, Expect};

/// A member of a pool backend.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolItem {
    /// The member's backend id (another entry of `backends`).
    pub id: String,
    /// Smaller is preferred (0-100).
    #[serde(default)]
    pub priority: Option<u32>,
    /// Relative share within its priority group (0-100).
    #[serde(default)]
    pub weight: Option<u32>,
}

impl PoolItem {
    #[must_use]
    pub fn to_member(&self) -> PoolMember {
        PoolMember { id: self.id.clone(), priority: self.priority, weight: self.weight }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusRange {
    pub min: u16,
    pub max: u16,
}

/// A backend's circuit-breaker rule, with APIM's fields (durations in ISO 8601).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CircuitBreaker {
    #[serde(default)]
    pub name: Option<String>,
    /// Failures within `interval` that trip the breaker.
    #[serde(default)]
    pub count: Option<u32>,
    /// Or the percentage of failed calls within `interval`.
    #[serde(default)]
    pub percentage: Option<u32>,
    /// `PT1M`, `PT1H` ...
    pub interval: String,
    #[serde(default)]
    pub status_code_ranges: Vec<StatusRange>,
    #[serde(default)]
    pub error_reasons: Vec<String>,
    pub trip_duration: String,
    #[serde(default)]
    pub accept_retry_after: bool,
}

impl CircuitBreaker {
    /// # Errors
    /// A malformed duration or a rule without a threshold.
    pub fn to_rule(&self) -> Result<CircuitBreakerRule, String> {
        let duration = |what: &str, text: &str| {
            parse_iso_duration(text).ok_or_else(|| format!("{what} `{text}` is not an ISO 8601 duration (e.g. PT1M)"))
        };
        if self.count.is_none() && self.percentage.is_none() {
            return Err("the circuit breaker needs `count` or `percentage`".to_owned());
        }
        Ok(CircuitBreakerRule {
            name: self.name.clone().unwrap_or_else(|| "breaker".to_owned()),
            count: self.count,
            percentage: self.percentage,
            interval_ms: duration("interval", &self.interval)?,
            status_ranges: self.status_code_ranges.iter().map(|r| (r.min, r.max)).collect(),
            error_reasons: self.error_reasons.clone(),
            trip_ms: duration("trip-duration", &self.trip_duration)?,
            accept_retry_after: self.accept_retry_after,
        })
    }
}

/// Answers every call whose URL starts with `url-prefix`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BackendRule {
    pub url_prefix: String,
    /// Only the first this many matching calls (default: all of them).
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(flatten)]
    pub response: BackendResponse,
}

/// The case's backend: rules by URL first, then the ordered script.
pub struct RuleBackend {
    rules: Vec<(String, Option<u32>, Scripted)>,
    script: ScriptedBackend,
}

impl RuleBackend {
    /// # Errors
    /// A malformed rule response.
    pub fn new(rules: &[BackendRule], script: ScriptedBackend) -> Result<Self, String> {
        let mut out = Vec::new();
        for rule in rules {
            let answer = crate::run::script(std::slice::from_ref(&rule.response))?.remove(0);
            out.push((rule.url_prefix.clone(), rule.times, answer));
        }
        Ok(Self { rules: out, script })
    }
}

impl Backend for RuleBackend {
    fn send(
        &mut self,
        request: &OutgoingRequest,
        timeout_ms: Millis,
        clock: &dyn Clock,
    ) -> Result<IncomingResponse, BackendFailure> {
        let rule = self
            .rules
            .iter_mut()
            .find(|(prefix, times, _)| request.url.starts_with(prefix.as_str()) && *times != Some(0));
        let Some((_, times, answer)) = rule else { return self.script.send(request, timeout_ms, clock) };
        if let Some(n) = times {
            *n -= 1;
        }
        // One-off script with this answer, so delays and timeouts behave as scripted ones.
        let mut once = ScriptedBackend { script: VecDeque::from([answer.clone()]), calls: Vec::new() };
        once.send(request, timeout_ms, clock)
    }
}

/// `data: <json>` events, then `data: [DONE]`, as OpenAI streams.
#[must_use]
pub fn sse_body(events: &[serde_json::Value]) -> Vec<u8> {
    let mut body = String::new();
    for event in events {
        body.push_str("data: ");
        body.push_str(&event.to_string());
        body.push_str("\n\n");
    }
    body.push_str("data: [DONE]\n\n");
    body.into_bytes()
}

/// `backend-call-counts` against the URLs called over all repeats.
pub fn check_call_counts(expect: &Expect, urls: &[String], out: &mut Vec<String>) {
    let tolerance = expect.backend_call_tolerance.unwrap_or(0.0);
    for (prefix, want) in &expect.backend_call_counts {
        let got = urls.iter().filter(|u| u.starts_with(prefix.as_str())).count();
        #[allow(clippy::cast_precision_loss)] // call counts are small
        let off = (got as f64 - *want as f64).abs();
        #[allow(clippy::cast_precision_loss)]
        if off > tolerance * *want as f64 {
            out.push(format!(
                "calls to {prefix}*: expected {want}{}, got {got} (of {} calls)",
                if tolerance > 0.0 { format!(" ± {:.0}%", tolerance * 100.0) } else { String::new() },
                urls.len()
            ));
        }
    }
}
