//! The `[serve]` table of `apim.toml` (beside the service folder's `policy.xml`): what an
//! APIOps folder does not hold.
//!
//! ```toml
//! [serve]
//! listen = "127.0.0.1:8080"
//! admin-listen = "127.0.0.1:8081"        # /metrics, /traces/<id>, /health
//! access-log = "stdout"                   # "stdout", "stderr", "off" or a file path
//!
//! [[serve.subscriptions]]                 # keys for local use
//! name = "dev"
//! key = "dev-key"
//! product = "starter"                     # or api = "chat"; neither: all APIs
//!
//! [serve.named-values]                    # override a named value's value
//! openai-api-key = { env = "OPENAI_API_KEY" }
//! region = "westeurope"
//!
//! [serve.mocks.primary]                   # a mock LLM at mock://primary
//! fault = "429"
//!
//! [serve.limits]
//! max-body-bytes = 4194304
//! max-header-bytes = 65536
//! max-concurrency = 256
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

/// A configuration problem: the file, line and column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// `apim lint` reads this table; the gateway does not.
    #[serde(default)]
    #[allow(dead_code)]
    lint: Option<toml::Value>,
    #[serde(default)]
    serve: ServeConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServeConfig {
    pub listen: Option<SocketAddr>,
    pub admin_listen: Option<SocketAddr>,
    #[serde(default)]
    pub access_log: AccessLogTarget,
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionConfig>,
    #[serde(default)]
    pub named_values: BTreeMap<String, NamedValueOverride>,
    #[serde(default)]
    pub mocks: BTreeMap<String, apim_mock_llm::MockConfig>,
    #[serde(default)]
    pub limits: Limits,
    /// Where counters and caches live (`[serve.store]`: redis, prefix, counters); in
    /// memory when absent.
    #[serde(default)]
    pub store: apim_executor::StoreConfig,
}

/// A subscription key for local use.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SubscriptionConfig {
    pub name: String,
    pub key: String,
    /// The product the key subscribes to (its policy applies).
    pub product: Option<String>,
    /// An API the key is limited to.
    pub api: Option<String>,
    /// Whether `Ocp-Apim-Trace: true` is honoured for this key (APIM's `allowTracing`).
    #[serde(default = "yes")]
    pub allow_tracing: bool,
}

fn yes() -> bool {
    true
}

/// A named value's local value: literal or read from the environment at start.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum NamedValueOverride {
    Value(String),
    Env {
        env: String,
        #[serde(default)]
        secret: bool,
    },
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AccessLogTarget {
    #[default]
    Stdout,
    Stderr,
    Off,
    #[serde(untagged)]
    File(String),
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// Larger request bodies get 413.
    pub max_body_bytes: usize,
    /// Larger request heads get 431.
    pub max_header_bytes: usize,
    /// Requests running at once; more wait for a free slot.
    pub max_concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_body_bytes: 16 * 1024 * 1024, max_header_bytes: 64 * 1024, max_concurrency: 256 }
    }
}

impl ServeConfig {
    /// Reads `apim.toml` in `folder`; no file is the default configuration.
    ///
    /// # Errors
    /// When the file cannot be read or does not have the expected shape.
    pub fn load(folder: &Path) -> Result<Self, ConfigError> {
        let path = folder.join("apim.toml");
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(ConfigError { file: shown, line: 1, column: 1, message: e.to_string() }),
        };
        Self::parse(&text, &shown)
    }

    /// Parses the text of an `apim.toml`.
    ///
    /// # Errors
    /// A [`ConfigError`] at the offending key or value.
    pub fn parse(text: &str, file: &str) -> Result<Self, ConfigError> {
        let parsed: File = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let position = apim_text::LineIndex::new(text).line_col(text, u32::try_from(at).unwrap_or(0));
            ConfigError {
                file: file.to_owned(),
                line: position.line as usize,
                column: position.column as usize,
                message: e.message().to_owned(),
            }
        })?;
        let config = parsed.serve;
        if config.limits.max_concurrency == 0 {
            let (line, column) = locate(text, "max-concurrency");
            return Err(ConfigError {
                file: file.to_owned(),
                line,
                column,
                message: "`max-concurrency` must be at least 1".to_owned(),
            });
        }
        Ok(config)
    }
}

/// The 1-based line and column of the first occurrence of `needle` (1:1 if absent).
pub(crate) fn locate(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or(0);
    let position = apim_text::LineIndex::new(text).line_col(text, u32::try_from(at).unwrap_or(0));
    (position.line as usize, position.column as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        let config = ServeConfig::parse("", "apim.toml").unwrap();
        assert_eq!(config.limits, Limits::default());
        assert_eq!(config.access_log, AccessLogTarget::Stdout);
    }

    #[test]
    fn reads_every_key() {
        let config = ServeConfig::parse(
            r#"
[lint]
ignore = ["L411"]
[serve]
listen = "127.0.0.1:9000"
access-log = "off"
[[serve.subscriptions]]
name = "dev"
key = "k1"
product = "starter"
[serve.named-values]
a = "x"
b = { env = "B", secret = true }
[serve.limits]
max-body-bytes = 10
"#,
            "apim.toml",
        )
        .unwrap();
        assert_eq!(config.listen, Some("127.0.0.1:9000".parse().unwrap()));
        assert_eq!(config.access_log, AccessLogTarget::Off);
        assert_eq!(config.subscriptions[0].product.as_deref(), Some("starter"));
        assert!(config.subscriptions[0].allow_tracing);
        assert_eq!(config.named_values["b"], NamedValueOverride::Env { env: "B".into(), secret: true });
        assert_eq!(config.limits.max_body_bytes, 10);
        assert_eq!(config.limits.max_concurrency, 256);
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let error = ServeConfig::parse("[serve]\nlisten = \"127.0.0.1:1\"\nlistn = 3\n", "apim.toml").unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        assert!(error.message.contains("unknown field `listn`"), "{}", error.message);
    }

    #[test]
    fn bad_address_is_an_error() {
        let error = ServeConfig::parse("[serve]\nlisten = \"localhost\"\n", "apim.toml").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn zero_concurrency_is_an_error() {
        let error = ServeConfig::parse("[serve.limits]\nmax-concurrency = 0\n", "apim.toml").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
    }
}
