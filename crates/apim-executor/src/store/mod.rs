//! Where cross-request counters and caches live: the [`StateStore`] trait, with an
//! in-memory ([`MemoryStore`]) and a Redis ([`RedisStore`]) implementation, and
//! [`StoreConfig`] to build one from the gateway's settings.
//!
//! # What is shared and what stays per instance
//!
//! The store holds what gateway instances of one deployment agree on:
//! - sliding-window counters (`rate-limit`, `rate-limit-by-key`, the tokens per minute of
//!   `llm-token-limit`). Microsoft documents that self-hosted gateway instances of one
//!   deployment synchronize their rate-limit counts with each other, but not with other
//!   gateways: [`CounterScope::Shared`] is that, [`CounterScope::PerInstance`] keeps
//!   counts in each process;
//! - fixed-period counters (`quota`, `quota-by-key`, token quotas);
//! - the response and value cache (`cache-lookup`/`cache-store`, `cache-*-value`) and the
//!   semantic cache: APIM's external cache is one Redis-compatible cache for every
//!   instance that uses it.
//!
//! What each instance keeps on its own, in [`GatewayState`](crate::GatewayState): the
//! metrics and events it emitted, backend pool and circuit-breaker state, and the
//! requests in flight of `limit-concurrency`, as APIM keeps those per gateway instance.
//!
//! # Failures
//!
//! Every operation is atomic per call and returns a [`StoreResult`]. Policies fail open,
//! as APIM documents for its caches ("if the cache-related operations fail to connect to
//! the cache ... the API call doesn't raise an error"): a lookup is a miss and a store is
//! skipped, with a trace note. A counter operation that fails runs on this instance's own
//! in-memory counters instead (also noted), so limits still hold per instance while the
//! shared store is down rather than letting every call through.
//!
//! Time is always passed in (`now`, in ms on the gateway's clock): a store never reads the
//! system clock, so `apim test`'s virtual clock works with any store.

mod config;
mod memory;
mod redis;
mod split;

pub use config::{CounterScope, StoreConfig};
pub use memory::MemoryStore;
pub use redis::RedisStore;
pub use split::SplitStore;

use crate::ai_state::SemanticEntry;
use crate::clock::Millis;
use crate::state::CachedValue;

/// A store operation that did not complete (unreachable server, timeout, bad reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

pub type StoreResult<T> = Result<T, StoreError>;

/// A sliding window: at most `limit` counted in any `period_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowLimit {
    pub period_ms: Millis,
    pub limit: i64,
}

/// What [`StateStore::window_admit`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowCheck {
    pub accepted: bool,
    /// Counted in the window before this call.
    pub total: i64,
    /// When rejected: ms until enough of the window expires for the call to fit (at least
    /// one second, as APIM's `Retry-After` is whole seconds); 0 when accepted.
    pub retry_after_ms: Millis,
}

/// One fixed renewal period: `[start, end)`, `end` = [`Millis::MAX`] for a period that
/// never renews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodSpan {
    pub start: Millis,
    pub end: Millis,
}

/// The limits of a fixed period; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodLimits {
    pub calls: Option<i64>,
    pub bytes: Option<i64>,
}

/// What a fixed period has counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodUsage {
    pub start: Millis,
    pub calls: i64,
    pub bytes: i64,
}

/// What [`StateStore::period_admit`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodCheck {
    /// False when `calls + needed` would pass the calls limit or the bytes limit is
    /// already reached.
    pub accepted: bool,
    /// The period after this call.
    pub usage: PeriodUsage,
}

/// Counters and caches that outlive one request, shared by every request (and, for a
/// shared store, every gateway instance). Each call is atomic.
pub trait StateStore: Send + Sync {
    /// What holds the state, for the gateway's `/health`: `memory` or `redis`.
    fn kind(&self) -> &'static str {
        "memory"
    }

    /// A cheap check that the store answers now (a Redis `PING`); always `Ok` in memory.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn ping(&self) -> StoreResult<()> {
        Ok(())
    }

    /// Drops what fell out of the window of counter `key` at `now`; when
    /// `total + needed <= limit`, adds `add` at `now` and accepts.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn window_admit(
        &self,
        key: &str,
        window: WindowLimit,
        now: Millis,
        needed: i64,
        add: i64,
    ) -> StoreResult<WindowCheck>;

    /// Adds `amount` at `now` (counted after the response) and returns the window's total.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn window_add(&self, key: &str, period_ms: Millis, now: Millis, amount: i64) -> StoreResult<i64>;

    /// Starts a new period of `key` when `span` is not the one counted; when the calls
    /// limit allows `needed` more and the bytes limit is not reached, adds `add` calls.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn period_admit(
        &self,
        key: &str,
        span: PeriodSpan,
        limits: PeriodLimits,
        needed: i64,
        add: i64,
    ) -> StoreResult<PeriodCheck>;

    /// Adds calls and bytes counted after the response to period `span` of `key`. A
    /// period already replaced by a later one is over: nothing is added to it.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn period_add(&self, key: &str, span: PeriodSpan, calls: i64, bytes: i64) -> StoreResult<PeriodUsage>;

    /// The live value cached under `key` at `now`.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn cache_get(&self, key: &str, now: Millis) -> StoreResult<Option<CachedValue>>;

    /// Caches `value` under `key` until `expires` (nothing is kept when `expires <= now`).
    ///
    /// # Errors
    /// The store could not be reached.
    fn cache_put(&self, key: &str, value: &CachedValue, now: Millis, expires: Millis) -> StoreResult<()>;

    /// # Errors
    /// The store could not be reached.
    fn cache_remove(&self, key: &str) -> StoreResult<()>;

    /// The live semantic-cache entry of `partition` closest to `embedding`, with its
    /// cosine distance.
    ///
    /// # Errors
    /// The store could not be reached or answered badly.
    fn semantic_nearest(
        &self,
        partition: &str,
        embedding: &[f32],
        now: Millis,
    ) -> StoreResult<Option<(f64, CachedValue)>>;

    /// Adds a semantic-cache entry, dropping expired ones.
    ///
    /// # Errors
    /// The store could not be reached.
    fn semantic_store(&self, entry: &SemanticEntry, now: Millis) -> StoreResult<()>;
}
