//! State that outlives one request: rate-limit windows, quota periods, caches, and what
//! policies emitted (metrics, events). One [`GatewayState`] stands for one gateway
//! instance; `apim test` keeps one per test file so cases see each other's counts.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::clock::Millis;

/// A sliding window of counted calls for one counter key.
#[derive(Debug, Default, Clone)]
pub struct Window {
    /// (when, amount), oldest first.
    hits: Vec<(Millis, i64)>,
}

impl Window {
    /// Drops what fell out of the window and returns the total still in it.
    pub fn total(&mut self, now: Millis, period_ms: Millis) -> i64 {
        self.hits.retain(|(at, _)| now - *at < period_ms);
        self.hits.iter().map(|(_, n)| n).sum()
    }

    pub fn add(&mut self, now: Millis, amount: i64) {
        self.hits.push((now, amount));
    }

    /// Milliseconds until enough of the window expires for `needed` more to fit under
    /// `limit` (at least one second, as APIM's `Retry-After` is whole seconds).
    #[must_use]
    pub fn retry_after(&self, now: Millis, period_ms: Millis, limit: i64, needed: i64) -> Millis {
        let mut total: i64 = self.hits.iter().map(|(_, n)| n).sum();
        for (at, n) in &self.hits {
            if total + needed <= limit {
                break;
            }
            total -= n;
            let free_at = at + period_ms;
            if total + needed <= limit {
                return (free_at - now).max(1000);
            }
        }
        period_ms.max(1000)
    }
}

/// A fixed renewal period of a quota, counting calls and kilobytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub start: Millis,
    pub calls: i64,
    pub bytes: i64,
}

/// A cached value with its expiry.
#[derive(Debug, Clone)]
pub struct CacheEntry {
    pub value: CachedValue,
    pub expires: Millis,
}

/// What a cache holds: plain data, so a shared store can serialize it.
#[derive(Debug, Clone, PartialEq)]
pub enum CachedValue {
    Text(String),
    Int(i64),
    Double(f64),
    Bool(bool),
    /// A JSON token, kept as its JSON text.
    Json(String),
    /// A whole response (`cache-store`).
    Response {
        status: u16,
        reason: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
}

/// A metric value emitted by `emit-metric` (and the token-metric policies).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub name: String,
    pub namespace: String,
    pub value: f64,
    pub dimensions: BTreeMap<String, String>,
}

/// An event sent by `log-to-eventhub`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub logger_id: String,
    pub partition_id: Option<String>,
    pub partition_key: Option<String>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct GatewayState {
    pub windows: HashMap<String, Window>,
    pub periods: HashMap<String, Period>,
    pub cache: HashMap<String, CacheEntry>,
    /// Requests in flight per `limit-concurrency` key.
    pub concurrency: HashMap<String, i64>,
    pub metrics: Vec<Metric>,
    pub events: Vec<Event>,
    /// Backend pools, circuit breakers and the semantic cache.
    pub ai: crate::ai_state::AiState,
}

impl GatewayState {
    /// The live cache entry for `key`, dropping it once expired.
    pub fn cache_get(&mut self, key: &str, now: Millis) -> Option<CachedValue> {
        match self.cache.get(key) {
            Some(entry) if entry.expires > now => Some(entry.value.clone()),
            Some(_) => {
                self.cache.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn cache_put(&mut self, key: String, value: CachedValue, now: Millis, duration_ms: Millis) {
        self.cache.insert(key, CacheEntry { value, expires: now + duration_ms });
    }
}
