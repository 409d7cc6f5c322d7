//! The AI gateway policies: token limits and quotas, token metrics, the semantic cache and
//! content safety. `llm-*` and `azure-openai-*` share one implementation each, as APIM's
//! documentation says they share one engine.

pub mod content_safety;
pub mod model_call;
pub mod quota_period;
pub mod semantic_cache;
pub mod token_limit;
pub mod token_metric;
