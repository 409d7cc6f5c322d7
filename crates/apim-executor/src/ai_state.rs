//! What the AI gateway policies keep: per gateway instance, backend pool and breaker
//! state; semantic-cache entries (kept in the store); per request, the embedding a semantic-cache lookup missed with, for
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
}

/// Per request.
#[derive(Debug, Default)]
pub struct RequestAi {
    /// (partition, embedding) of the prompt a semantic-cache lookup missed on.
    pub semantic_miss: Option<(String, Vec<f32>)>,
    /// The backend entity forward-request last called (a pool's member, not the pool).
    pub called_backend: Option<String>,
    /// The model request last read, with the body and path it was read from.
    pub(crate) model_request: std::cell::RefCell<Option<ModelRequestMemo>>,
    /// The token usage of the final response, once a token policy has read it.
    pub response_usage: std::cell::RefCell<Option<ResponseUsage>>,
}

/// The tokens a response's body accounts for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResponseUsage {
    /// The `usage` the backend reported (in the body, or a stream's final usage event).
    pub reported: Option<apim_llm::Usage>,
    /// For a stream: the completion tokens its text deltas carried.
    pub streamed_completion: Option<u64>,
}

/// A [`ModelRequest`](crate::policies::ai::model_call::ModelRequest) and what it was read
/// from (the body is held, so its address identifies it while the memo lives).
#[derive(Debug)]
pub(crate) struct ModelRequestMemo {
    pub body: Option<std::rc::Rc<apim_runtime::context::Body>>,
    pub path: String,
    pub request: std::rc::Rc<crate::policies::ai::model_call::ModelRequest>,
}
