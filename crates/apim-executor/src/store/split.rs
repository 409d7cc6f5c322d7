//! Caches in one store, counters in another: Redis for caches while each instance counts
//! its own rate limits and quotas ([`CounterScope::PerInstance`](super::CounterScope)).

use super::{PeriodCheck, PeriodLimits, PeriodSpan, PeriodUsage, StateStore, StoreResult, WindowCheck, WindowLimit};
use crate::ai_state::SemanticEntry;
use crate::clock::Millis;
use crate::state::CachedValue;

pub struct SplitStore {
    caches: Box<dyn StateStore>,
    counters: Box<dyn StateStore>,
}

impl SplitStore {
    #[must_use]
    pub fn new(caches: Box<dyn StateStore>, counters: Box<dyn StateStore>) -> Self {
        Self { caches, counters }
    }
}

impl StateStore for SplitStore {
    /// The caches' store: the counters of a split store stay in memory.
    fn kind(&self) -> &'static str {
        self.caches.kind()
    }

    fn ping(&self) -> StoreResult<()> {
        self.caches.ping()?;
        self.counters.ping()
    }

    fn window_admit(
        &self,
        key: &str,
        window: WindowLimit,
        now: Millis,
        needed: i64,
        add: i64,
    ) -> StoreResult<WindowCheck> {
        self.counters.window_admit(key, window, now, needed, add)
    }

    fn window_add(&self, key: &str, period_ms: Millis, now: Millis, amount: i64) -> StoreResult<i64> {
        self.counters.window_add(key, period_ms, now, amount)
    }

    fn period_admit(
        &self,
        key: &str,
        span: PeriodSpan,
        limits: PeriodLimits,
        needed: i64,
        add: i64,
    ) -> StoreResult<PeriodCheck> {
        self.counters.period_admit(key, span, limits, needed, add)
    }

    fn period_add(&self, key: &str, span: PeriodSpan, calls: i64, bytes: i64) -> StoreResult<PeriodUsage> {
        self.counters.period_add(key, span, calls, bytes)
    }

    fn cache_get(&self, key: &str, now: Millis) -> StoreResult<Option<CachedValue>> {
        self.caches.cache_get(key, now)
    }

    fn cache_put(&self, key: &str, value: &CachedValue, now: Millis, expires: Millis) -> StoreResult<()> {
        self.caches.cache_put(key, value, now, expires)
    }

    fn cache_remove(&self, key: &str) -> StoreResult<()> {
        self.caches.cache_remove(key)
    }

    fn semantic_nearest(
        &self,
        partition: &str,
        embedding: &[f32],
        now: Millis,
    ) -> StoreResult<Option<(f64, CachedValue)>> {
        self.caches.semantic_nearest(partition, embedding, now)
    }

    fn semantic_store(&self, entry: &SemanticEntry, now: Millis) -> StoreResult<()> {
        self.caches.semantic_store(entry, now)
    }
}
