//! Chat Completions (`.../chat/completions`): a `chat.completion`, or a stream of
//! `chat.completion.chunk` events ending in `[DONE]`.

use serde_json::{Value, json};

use crate::answer::{Answer, id};
use crate::call::Call;
use crate::error::ApiError;
use crate::exchange::MockResponse;
use crate::sse;

pub const SYSTEM_FINGERPRINT: &str = "fp_apim_mock";

/// # Errors
/// A body without a valid `messages` list, or with a bad parameter.
pub fn respond(call: &Call) -> Result<MockResponse, ApiError> {
    check_messages(call.body.get("messages"))?;
    let stream = call.stream()?;
    let max_tokens = call.max_tokens(&["max_completion_tokens", "max_tokens"])?;
    let n = call.choices()?;
    let answer = Answer::to(&call.prompt, call.encoding, max_tokens);
    let prompt_tokens = call.prompt_tokens();
    let usage = usage(prompt_tokens, answer.tokens * n);
    let id = id("chatcmpl-", call.seed);
    if stream {
        return Ok(MockResponse::events(frames(call, &id, &answer, n, &usage), call.stream_delay_ms));
    }
    let choices: Vec<Value> = (0..n)
        .map(|index| {
            let mut choice = json!({
                "index": index,
                "message": {"role": "assistant", "content": answer.text, "refusal": null, "annotations": []},
                "logprobs": null,
                "finish_reason": answer.finish_reason(),
            });
            if call.azure {
                choice["content_filter_results"] = azure_filter_results();
            }
            choice
        })
        .collect();
    let mut body = json!({
        "id": id,
        "object": "chat.completion",
        "created": call.created,
        "model": call.model,
        "choices": choices,
        "usage": usage,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    });
    if call.azure {
        body["prompt_filter_results"] = json!([{"prompt_index": 0, "content_filter_results": azure_filter_results()}]);
    }
    Ok(MockResponse::json(200, &body))
}

fn check_messages(messages: Option<&Value>) -> Result<(), ApiError> {
    let messages = match messages {
        None | Some(Value::Null) => return Err(ApiError::missing("messages")),
        Some(Value::Array(messages)) => messages,
        Some(_) => return Err(ApiError::wrong_type("messages", "an array")),
    };
    if messages.is_empty() {
        return Err(ApiError::invalid(
            "messages",
            "empty_array",
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        ));
    }
    for (i, message) in messages.iter().enumerate() {
        let param = format!("messages[{i}]");
        if !message.is_object() {
            return Err(ApiError::wrong_type(&param, "an object"));
        }
        if !message.get("role").is_some_and(Value::is_string) {
            return Err(ApiError::missing(&format!("{param}.role")));
        }
    }
    Ok(())
}

/// The stream: per choice a role event, one event per answer piece and a finish event;
/// then, with `include_usage`, an event with empty `choices` and the usage (every other
/// event then carries `"usage": null`, as OpenAI sends it); then `[DONE]`.
fn frames(call: &Call, id: &str, answer: &Answer, n: u64, usage: &Value) -> Vec<Vec<u8>> {
    let include_usage = call.include_usage();
    let chunk = |choices: Value, usage: Option<&Value>| {
        let mut event = json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": call.created,
            "model": call.model,
            "system_fingerprint": SYSTEM_FINGERPRINT,
            "choices": choices,
        });
        if include_usage {
            event["usage"] = usage.cloned().unwrap_or(Value::Null);
        }
        sse::data(&event)
    };
    let choice = |index: u64, delta: Value, finish: Option<&str>| json!([{"index": index, "delta": delta, "logprobs": null, "finish_reason": finish}]);
    let mut frames = Vec::new();
    for index in 0..n {
        frames.push(chunk(choice(index, json!({"role": "assistant", "content": "", "refusal": null}), None), None));
        for piece in &answer.pieces {
            frames.push(chunk(choice(index, json!({"content": piece}), None), None));
        }
        frames.push(chunk(choice(index, json!({}), Some(answer.finish_reason())), None));
    }
    if include_usage {
        frames.push(chunk(json!([]), Some(usage)));
    }
    frames.push(sse::done());
    frames
}

/// The `usage` object of Chat Completions.
#[must_use]
pub fn usage(prompt_tokens: u64, completion_tokens: u64) -> Value {
    json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0
        }
    })
}

/// What Azure's content filter reports for harmless text.
#[must_use]
pub fn azure_filter_results() -> Value {
    let safe = json!({"filtered": false, "severity": "safe"});
    json!({"hate": safe, "self_harm": safe, "sexual": safe, "violence": safe})
}
