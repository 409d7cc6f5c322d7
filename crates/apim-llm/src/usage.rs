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
        let value: Value = serde_json::from_slice(body).ok()?;
        Self::from_json(&value)
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
}
