//! What the AI gateway policies need to know about model traffic, without any gateway
//! state: which tokenizer a model uses and how many tokens a prompt costs
//! ([`encoding`], [`prompt`]), what a response says it used ([`usage`]), what a
//! streamed (SSE) response used, read event by event ([`stream`]), and how close two
//! embeddings are ([`vector`]).

pub mod encoding;
pub mod prompt;
pub mod stream;
pub mod usage;
pub mod vector;

pub use encoding::Encoding;
pub use prompt::{Message, Prompt};
pub use stream::StreamCounter;
pub use usage::Usage;
pub use vector::cosine_distance;
