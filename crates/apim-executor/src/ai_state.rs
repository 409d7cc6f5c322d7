//! What the AI gateway policies keep: per gateway, backend pool and breaker state and the
//! semantic cache; per request, the embedding a semantic-cache lookup missed with, for
//! the store policy in outbound.

use crate::backend_pool::PoolState;
use crate::clock::Millis;
use crate::state::CachedValue;

/// One cached completion of the semantic cache.
#[derive(Debug, Clone)]
pub struct SemanticEntry {
    /// The `vary-by` values, joined.
    pub partition: String,
    pub embedding: Vec<f32>,
    /// A [`CachedValue::Response`].
    pub response: CachedValue,
    pub expires: Millis,
}

#[derive(Debug, Default)]
pub struct AiState {
    pub pools: PoolState,
    pub semantic: Vec<SemanticEntry>,
}

impl AiState {
    /// The closest live entry of `partition`, with its cosine distance.
    #[must_use]
    pub fn nearest(&self, partition: &str, embedding: &[f32], now: Millis) -> Option<(f64, &SemanticEntry)> {
        self.semantic
            .iter()
            .filter(|e| e.partition == partition && e.expires > now)
            .map(|e| (apim_llm::cosine_distance(embedding, &e.embedding), e))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    pub fn store(&mut self, entry: SemanticEntry, now: Millis) {
        self.semantic.retain(|e| e.expires > now);
        self.semantic.push(entry);
    }
}

/// Per request.
#[derive(Debug, Default)]
pub struct RequestAi {
    /// (partition, embedding) of the prompt a semantic-cache lookup missed on.
    pub semantic_miss: Option<(String, Vec<f32>)>,
    /// The backend entity forward-request last called (a pool's member, not the pool).
    pub called_backend: Option<String>,
}
