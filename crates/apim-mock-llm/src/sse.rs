//! Server-sent event frames as OpenAI streams them.

use serde_json::Value;

/// `data: {json}\n\n`.
#[must_use]
pub fn data(event: &Value) -> Vec<u8> {
    format!("data: {event}\n\n").into_bytes()
}

/// `event: {name}\ndata: {json}\n\n` (the Responses API names its events).
#[must_use]
pub fn named(name: &str, event: &Value) -> Vec<u8> {
    format!("event: {name}\ndata: {event}\n\n").into_bytes()
}

/// The end of a Chat Completions or Completions stream.
#[must_use]
pub fn done() -> Vec<u8> {
    b"data: [DONE]\n\n".to_vec()
}
