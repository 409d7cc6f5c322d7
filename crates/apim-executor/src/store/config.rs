//! Which store a gateway uses, from `--redis URL` and apim.toml.

use serde::Deserialize;

use super::{MemoryStore, RedisStore, SplitStore, StateStore, StoreError};

/// Where rate-limit and quota counters live when caches go to Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CounterScope {
    /// In Redis, shared by every instance using it: APIM's self-hosted gateway instances
    /// of one deployment synchronize their rate-limit counts with each other.
    #[default]
    Shared,
    /// In each instance's memory: every instance admits the full limit, as separate APIM
    /// gateways do (their counts are not synchronized with each other).
    PerInstance,
}

impl std::str::FromStr for CounterScope {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self, StoreError> {
        match text {
            "shared" => Ok(Self::Shared),
            "per-instance" => Ok(Self::PerInstance),
            other => Err(StoreError(format!("counter scope `{other}`: expected `shared` or `per-instance`"))),
        }
    }
}

/// The store settings of a gateway.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StoreConfig {
    /// A `redis://` (or `rediss://`, `redis+unix://`) URL; none keeps everything in memory.
    pub redis: Option<String>,
    /// Prepended to every Redis key; [`StoreConfig::DEFAULT_PREFIX`] when not given.
    pub prefix: Option<String>,
    #[serde(default)]
    pub counters: CounterScope,
}

impl StoreConfig {
    pub const DEFAULT_PREFIX: &'static str = "apim:";

    /// The configured store: in memory without `redis`; with it, caches in Redis and
    /// counters in Redis or in memory as `counters` says.
    ///
    /// # Errors
    /// The Redis URL is malformed or the server does not answer.
    pub fn build(&self) -> Result<Box<dyn StateStore>, StoreError> {
        let Some(url) = &self.redis else {
            return Ok(Box::new(MemoryStore::default()));
        };
        let redis = RedisStore::connect(url, self.prefix.as_deref().unwrap_or(Self::DEFAULT_PREFIX))?;
        Ok(match self.counters {
            CounterScope::Shared => Box::new(redis),
            CounterScope::PerInstance => Box::new(SplitStore::new(Box::new(redis), Box::new(MemoryStore::default()))),
        })
    }
}
