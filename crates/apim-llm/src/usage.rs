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
        if let Some(found) = trailing_usage(body) {
            return found;
        }
        // Only `usage` is built; the rest of the body (choices, content filter results)
        // is skipped without allocating.
        let envelope: Envelope = serde_json::from_slice(body).ok()?;
        envelope.usage.or_else(|| envelope.response.and_then(|r| r.usage))?.usage()
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

/// The common shape, read without parsing the rest of the body: `"usage"` as the last
/// member of the top-level object (where OpenAI and Azure OpenAI put it, after the
/// choices). Proven top-level by what surrounds it: `{` or `,` before the key, the
/// object after it, then only the closing `}` of the body (a nested `usage` is followed
/// by two closing brackets, and inside a string the key's quotes would be escaped).
/// `None` when the body is not of that shape: the caller parses it whole.
fn trailing_usage(body: &[u8]) -> Option<Option<Usage>> {
    let at = memchr::memmem::rfind(body, b"\"usage\"")?;
    let before = body[..at].iter().rev().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(before, b'{' | b',') || body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    let value = body[at + b"\"usage\"".len()..].trim_ascii_start().strip_prefix(b":")?;
    let mut values = serde_json::Deserializer::from_slice(value).into_iter::<Counts>();
    let counts = values.next()?.ok()?;
    let tail = &value[values.byte_offset()..];
    (tail.trim_ascii() == b"}").then(|| counts.usage())
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

impl Counts {
    fn usage(&self) -> Option<Usage> {
        let field = |values: [&Option<Value>; 2]| values.into_iter().find_map(|v| v.as_ref().and_then(Value::as_u64));
        let prompt = field([&self.prompt_tokens, &self.input_tokens]);
        let completion = field([&self.completion_tokens, &self.output_tokens]);
        if prompt.is_none() && completion.is_none() {
            return None;
        }
        let (prompt, completion) = (prompt.unwrap_or(0), completion.unwrap_or(0));
        let total = self.total_tokens.as_ref().and_then(Value::as_u64).unwrap_or(prompt + completion);
        Some(Usage { prompt, completion, total })
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

    #[test]
    fn reads_a_nested_response_usage_and_ignores_counts_that_are_not_numbers() {
        let event = br#"{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7}}}"#;
        assert_eq!(Usage::from_body(event), Some(Usage { prompt: 3, completion: 4, total: 7 }));
        let odd = br#"{"usage":{"prompt_tokens":"12","completion_tokens":30,"total_tokens":null}}"#;
        assert_eq!(Usage::from_body(odd), Some(Usage { prompt: 0, completion: 30, total: 30 }));
        assert_eq!(Usage::from_body(br#"{"usage":5}"#), None);
    }

    #[test]
    fn a_usage_that_is_not_the_last_top_level_member_is_found_by_the_whole_parse() {
        let want = Some(Usage { prompt: 1, completion: 2, total: 3 });
        let last = br#" { "id": "x", "choices": [{"message": {"content": "hi"}}], "usage" : {"prompt_tokens":1,"completion_tokens":2,"total_tokens":3} }
"#;
        assert_eq!(super::trailing_usage(last), Some(want));
        let first = br#"{"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"id":"x"}"#;
        assert_eq!(super::trailing_usage(first), None);
        assert_eq!(Usage::from_body(first), want);
        // Nested usage is not the response's: two closing brackets follow it.
        let nested = br#"{"data":{"usage":{"prompt_tokens":9}}}"#;
        assert_eq!(super::trailing_usage(nested), None);
        assert_eq!(Usage::from_body(nested), None);
        // The key quoted inside a string is escaped: not a member at all.
        let quoted =
            br#"{"text":"say "usage": {"prompt_tokens": 9}}","usage":{"prompt_tokens":1,"completion_tokens":2}}"#;
        assert_eq!(Usage::from_body(quoted), want);
        let only_quoted = br#"{"text":""usage":{"prompt_tokens":9}}"}"#;
        assert_eq!(Usage::from_body(only_quoted), None);
        assert_eq!(Usage::from_body(br#"[{"usage":{"prompt_tokens":9}}]"#), None);
    }
}
