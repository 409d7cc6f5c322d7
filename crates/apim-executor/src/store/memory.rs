//! The in-process store: one gateway instance's counters and caches behind a mutex,
//! what `apim run` and `apim test` use and what a gateway falls back to.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{PeriodCheck, PeriodLimits, PeriodSpan, PeriodUsage, StateStore, StoreResult, WindowCheck, WindowLimit};
use crate::ai_state::SemanticEntry;
use crate::clock::Millis;
use crate::state::CachedValue;

/// Never fails: every operation returns `Ok`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    windows: HashMap<String, Window>,
    periods: HashMap<String, PeriodUsage>,
    cache: HashMap<String, CacheEntry>,
    semantic: Vec<SemanticEntry>,
}

#[derive(Debug)]
struct CacheEntry {
    value: CachedValue,
    expires: Millis,
}

/// A sliding window of counted amounts for one counter key, with a running total: a
/// busy key has thousands of hits a minute, and a check must not add them all up.
#[derive(Debug, Default)]
struct Window {
    /// (when, amount), oldest first (time only moves forward; hits of one millisecond
    /// are merged).
    hits: VecDeque<(Millis, i64)>,
    /// The sum of the amounts in `hits`.
    sum: i64,
}

impl Window {
    /// Drops what fell out of the window and returns the total still in it.
    fn total(&mut self, now: Millis, period_ms: Millis) -> i64 {
        while let Some(&(at, amount)) = self.hits.front() {
            if now - at < period_ms {
                break;
            }
            self.sum -= amount;
            self.hits.pop_front();
        }
        self.sum
    }

    fn add(&mut self, now: Millis, amount: i64) {
        if amount == 0 {
            return;
        }
        self.sum += amount;
        match self.hits.back_mut() {
            Some((at, last)) if *at == now => *last += amount,
            _ => self.hits.push_back((now, amount)),
        }
    }

    /// Milliseconds until enough of the window expires for `needed` more to fit under
    /// `limit` (at least one second).
    fn retry_after(&self, now: Millis, period_ms: Millis, limit: i64, needed: i64) -> Millis {
        let mut total = self.sum;
        for (at, n) in &self.hits {
            total -= n;
            if total + needed <= limit {
                return (at + period_ms - now).max(1000);
            }
        }
        period_ms.max(1000)
    }
}

impl MemoryStore {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl StateStore for MemoryStore {
    fn window_admit(
        &self,
        key: &str,
        window: WindowLimit,
        now: Millis,
        needed: i64,
        add: i64,
    ) -> StoreResult<WindowCheck> {
        let mut inner = self.lock();
        let hits = inner.windows.entry(key.to_owned()).or_default();
        let total = hits.total(now, window.period_ms);
        if total + needed <= window.limit {
            hits.add(now, add);
            return Ok(WindowCheck { accepted: true, total, retry_after_ms: 0 });
        }
        let retry_after_ms = hits.retry_after(now, window.period_ms, window.limit, needed);
        Ok(WindowCheck { accepted: false, total, retry_after_ms })
    }

    fn window_add(&self, key: &str, period_ms: Millis, now: Millis, amount: i64) -> StoreResult<i64> {
        let mut inner = self.lock();
        let hits = inner.windows.entry(key.to_owned()).or_default();
        hits.add(now, amount);
        Ok(hits.total(now, period_ms))
    }

    fn period_admit(
        &self,
        key: &str,
        span: PeriodSpan,
        limits: PeriodLimits,
        needed: i64,
        add: i64,
    ) -> StoreResult<PeriodCheck> {
        let mut inner = self.lock();
        let usage = inner.periods.entry(key.to_owned()).or_default();
        if usage.start != span.start {
            *usage = PeriodUsage { start: span.start, calls: 0, bytes: 0 };
        }
        let calls_out = limits.calls.is_some_and(|limit| usage.calls + needed > limit);
        let bytes_out = limits.bytes.is_some_and(|limit| usage.bytes >= limit);
        let accepted = !calls_out && !bytes_out;
        if accepted {
            usage.calls += add;
        }
        Ok(PeriodCheck { accepted, usage: *usage })
    }

    fn period_add(&self, key: &str, span: PeriodSpan, calls: i64, bytes: i64) -> StoreResult<PeriodUsage> {
        let mut inner = self.lock();
        let usage =
            inner.periods.entry(key.to_owned()).or_insert(PeriodUsage { start: span.start, calls: 0, bytes: 0 });
        if usage.start < span.start {
            *usage = PeriodUsage { start: span.start, calls: 0, bytes: 0 };
        }
        if usage.start == span.start {
            usage.calls += calls;
            usage.bytes += bytes;
        }
        Ok(*usage)
    }

    fn cache_get(&self, key: &str, now: Millis) -> StoreResult<Option<CachedValue>> {
        let mut inner = self.lock();
        Ok(match inner.cache.get(key) {
            Some(entry) if entry.expires > now => Some(entry.value.clone()),
            Some(_) => {
                inner.cache.remove(key);
                None
            }
            None => None,
        })
    }

    fn cache_put(&self, key: &str, value: &CachedValue, _now: Millis, expires: Millis) -> StoreResult<()> {
        self.lock().cache.insert(key.to_owned(), CacheEntry { value: value.clone(), expires });
        Ok(())
    }

    fn cache_remove(&self, key: &str) -> StoreResult<()> {
        self.lock().cache.remove(key);
        Ok(())
    }

    fn semantic_nearest(
        &self,
        partition: &str,
        embedding: &[f32],
        now: Millis,
    ) -> StoreResult<Option<(f64, CachedValue)>> {
        let inner = self.lock();
        Ok(inner
            .semantic
            .iter()
            .filter(|e| e.partition == partition && e.expires > now)
            .map(|e| (apim_llm::cosine_distance(embedding, &e.embedding), e))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(distance, e)| (distance, e.response.clone())))
    }

    fn semantic_store(&self, entry: &SemanticEntry, now: Millis) -> StoreResult<()> {
        let mut inner = self.lock();
        inner.semantic.retain(|e| e.expires > now);
        inner.semantic.push(entry.clone());
        Ok(())
    }
}
