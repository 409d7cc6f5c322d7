//! What one gateway instance keeps across requests: what policies emitted (metrics,
//! events), requests in flight, backend pools, and the counters it falls back to when the
//! shared store fails. Counters and caches shared between instances are in the
//! [`StateStore`](crate::store::StateStore). `apim test` keeps one of each per test file
//! so cases see each other's counts.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::store::MemoryStore;

/// What a cache holds: plain data, so a shared store can serialize it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Requests in flight per `limit-concurrency` key.
    pub concurrency: HashMap<String, i64>,
    pub metrics: Vec<Metric>,
    pub events: Vec<Event>,
    /// Backend pools and circuit breakers.
    pub ai: crate::ai_state::AiState,
    /// This instance's own counters, used while the shared store fails.
    pub fallback_counters: MemoryStore,
}
