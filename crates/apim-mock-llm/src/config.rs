//! How one mock instance behaves: the model it reports, its name, its latency, and the
//! faults it injects. Deserializable so it can come from a TOML table (`apim.toml`,
//! `apim mock-llm --config`).

use serde::Deserialize;

/// `created` (and Responses' `created_at`) when the caller passes no clock: a fixed
/// instant (2024-12-01T00:00:00Z) so the same request always gets the same answer.
pub const DEFAULT_CREATED: u64 = 1_733_011_200;

/// The model reported when neither the configuration, the body nor the path names one.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MockConfig {
    /// The instance name, sent back in the `x-mock-backend` header of every response.
    pub name: String,
    /// The model reported in responses; when unset, the body's `model`, else the Azure
    /// deployment of the path. Token counts always use the request's model (or
    /// deployment), as the gateway's estimate does.
    pub model: Option<String>,
    /// The fault to inject (on every request unless `fail-first` or `fault-rate` say
    /// which ones).
    pub fault: Option<Fault>,
    /// Only the first N requests to this instance fail with `fault`.
    pub fail_first: Option<u64>,
    /// The share of requests (0.0 to 1.0) failing with `fault`, spread evenly and
    /// deterministically: 0.5 fails the 2nd, 4th, 6th ... request.
    pub fault_rate: Option<f64>,
    /// The `Retry-After` of injected 429s (and 503s), in seconds.
    pub retry_after_seconds: u64,
    /// A delay before every response.
    pub latency_ms: u64,
    /// A delay before each event of a streamed response.
    pub stream_chunk_delay_ms: u64,
    /// The `created` timestamp of responses (Unix seconds).
    pub created: u64,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            name: "mock-llm".to_owned(),
            model: None,
            fault: None,
            fail_first: None,
            fault_rate: None,
            retry_after_seconds: 1,
            latency_ms: 0,
            stream_chunk_delay_ms: 0,
            created: DEFAULT_CREATED,
        }
    }
}

/// A failure the mock can produce instead of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Fault {
    /// 429 Too Many Requests with `Retry-After`, as Azure OpenAI rate-limits.
    #[serde(rename = "429")]
    RateLimited,
    /// 500 Internal Server Error.
    #[serde(rename = "500")]
    ServerError,
    /// 503 Service Unavailable with `Retry-After`.
    #[serde(rename = "503")]
    Unavailable,
    /// The connection is closed without a response.
    #[serde(rename = "drop")]
    Drop,
}

impl Fault {
    /// The fault named by an `x-mock-fault` header value or a config string; `None` for
    /// `none` (which turns a configured fault off for one request) is handled by the caller.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "429" => Some(Self::RateLimited),
            "500" => Some(Self::ServerError),
            "503" => Some(Self::Unavailable),
            "drop" => Some(Self::Drop),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_toml_table_and_rejects_unknown_keys() {
        let config: MockConfig = toml::from_str(
            "name = \"east\"\nmodel = \"gpt-4o\"\nfault = \"429\"\nfail-first = 2\nretry-after-seconds = 7\nlatency-ms = 5\nstream-chunk-delay-ms = 3\n",
        )
        .unwrap();
        assert_eq!(config.name, "east");
        assert_eq!(config.model.as_deref(), Some("gpt-4o"));
        assert_eq!(config.fault, Some(Fault::RateLimited));
        assert_eq!(config.fail_first, Some(2));
        assert_eq!(config.retry_after_seconds, 7);
        assert_eq!((config.latency_ms, config.stream_chunk_delay_ms), (5, 3));
        assert_eq!(config.created, DEFAULT_CREATED);

        let drop: MockConfig = toml::from_str("fault = \"drop\"").unwrap();
        assert_eq!(drop.fault, Some(Fault::Drop));
        let typo = toml::from_str::<MockConfig>("latncy-ms = 5").unwrap_err().to_string();
        assert!(typo.contains("latncy-ms"), "{typo}");
        let bad = toml::from_str::<MockConfig>("fault = \"418\"").unwrap_err().to_string();
        assert!(bad.contains("418"), "{bad}");
    }
}
