//! Token usage a model reports in its response body.

use serde_json::Value;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt: u64,
    pub completion: u64,
    pub total: u64,
}

impl Usage {
    /// The `usage` object of a response: OpenAI Chat Completions
    /// (`prompt_tokens`/`completion_tokens`/`total_tokens`), Responses and Anthropic
    /// (`input_tokens`/`output_tokens`). `None` when the body reports none.
    #[must_use]
    pub fn from_body(body: &[u8]) -> Option<Self> {
        // Only `usage` is built; the rest of the body (choices, content filter results)
        // is skipped without allocating: this runs on every response through the gateway.
        let envelope: Envelope = serde_json::from_slice(body).ok()?;
        let usage = envelope.usage.or_else(|| envelope.response.and_then(|r| r.usage))?;
        let field = |values: [&Option<Value>; 2]| values.into_iter().find_map(|v| v.as_ref().and_then(Value::as_u64));
        let prompt = field([&usage.prompt_tokens, &usage.input_tokens]);
        let completion = field([&usage.completion_tokens, &usage.output_tokens]);
        if prompt.is_none() && completion.is_none() {
            return None;
        }
        let (prompt, completion) = (prompt.unwrap_or(0), completion.unwrap_or(0));
        let total = usage.total_tokens.as_ref().and_then(Value::as_u64).unwrap_or(prompt + completion);
        Some(Self { prompt, completion, total })
    }

    #[must_use]
    pub fn from_json(value: &Value) -> Option<Self> {
        let usage = value.get("usage").or_else(|| value.get("response").and_then(|r| r.get("usage")))?;
        let field = |names: &[&str]| names.iter().find_map(|n| usage.get(*n).and_then(Value::as_u64));
        let prompt = field(&["prompt_tokens", "input_tokens"]);
        let completion = field(&["completion_tokens", "output_tokens"]);
        if prompt.is_none() && completion.is_none() {
            return None;
        }
        let (prompt, completion) = (prompt.unwrap_or(0), completion.unwrap_or(0));
        let total = field(&["total_tokens"]).unwrap_or(prompt + completion);
        Some(Self { prompt, completion, total })
    }
}

/// What [`Usage::from_body`] reads of a body.
#[derive(serde::Deserialize)]
struct Envelope {
    usage: Option<Counts>,
    response: Option<Nested>,
}

#[derive(serde::Deserialize)]
struct Nested {
    usage: Option<Counts>,
}

/// Each count as any JSON value: one that is not a whole number is ignored, not an error.
#[derive(serde::Deserialize)]
struct Counts {
    prompt_tokens: Option<Value>,
    input_tokens: Option<Value>,
    completion_tokens: Option<Value>,
    output_tokens: Option<Value>,
    total_tokens: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::Usage;

    #[test]
    fn reads_both_usage_shapes() {
        let chat = br#"{"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}"#;
        assert_eq!(Usage::from_body(chat), Some(Usage { prompt: 12, completion: 30, total: 42 }));
        let responses = br#"{"usage":{"input_tokens":5,"output_tokens":7}}"#;
        assert_eq!(Usage::from_body(responses), Some(Usage { prompt: 5, completion: 7, total: 12 }));
        assert_eq!(Usage::from_body(br#"{"choices":[]}"#), None);
        assert_eq!(Usage::from_body(b"data: x"), None);
    }

    #[test]
    fn reads_a_nested_response_usage_and_ignores_counts_that_are_not_numbers() {
        let event = br#"{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7}}}"#;
        assert_eq!(Usage::from_body(event), Some(Usage { prompt: 3, completion: 4, total: 7 }));
        let odd = br#"{"usage":{"prompt_tokens":"12","completion_tokens":30,"total_tokens":null}}"#;
        assert_eq!(Usage::from_body(odd), Some(Usage { prompt: 0, completion: 30, total: 30 }));
        assert_eq!(Usage::from_body(br#"{"usage":5}"#), None);
    }
}
