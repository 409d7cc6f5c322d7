//! The Responses API (`.../responses`): a `response` object with one assistant message,
//! or its stream of named events (`response.created` ... `response.completed`).

use serde_json::{Value, json};

use crate::answer::{Answer, id};
use crate::call::Call;
use crate::error::ApiError;
use crate::exchange::MockResponse;
use crate::sse;

/// # Errors
/// A body without `input`, or with a bad parameter.
pub fn respond(call: &Call) -> Result<MockResponse, ApiError> {
    match call.body.get("input") {
        None | Some(Value::Null) => return Err(ApiError::missing("input")),
        Some(Value::String(_) | Value::Array(_)) => {}
        Some(_) => return Err(ApiError::wrong_type("input", "a string or an array")),
    }
    let stream = call.stream()?;
    let max_tokens = call.max_tokens(&["max_output_tokens"])?;
    let answer = Answer::to(&call.prompt, call.encoding, max_tokens);
    let response_id = id("resp_", call.seed);
    let message_id = id("msg_", call.seed);
    let input_tokens = call.prompt_tokens();
    let usage = json!({
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": answer.tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + answer.tokens,
    });
    let status = if answer.truncated { "incomplete" } else { "completed" };
    let text_part = |text: &str| json!({"type": "output_text", "text": text, "annotations": [], "logprobs": []});
    let message = |status: &str, content: Value| json!({"id": message_id, "type": "message", "status": status, "role": "assistant", "content": content});
    let response = |status: &str, output: Value, usage: Value| {
        json!({
            "id": response_id,
            "object": "response",
            "created_at": call.created,
            "status": status,
            "error": null,
            "incomplete_details": if answer.truncated && status == "incomplete" { json!({"reason": "max_output_tokens"}) } else { Value::Null },
            "instructions": call.body.get("instructions").cloned().unwrap_or(Value::Null),
            "max_output_tokens": max_tokens,
            "model": call.model,
            "output": output,
            "parallel_tool_calls": true,
            "previous_response_id": null,
            "reasoning": {"effort": null, "summary": null},
            "store": false,
            "temperature": 1.0,
            "text": {"format": {"type": "text"}},
            "tool_choice": "auto",
            "tools": [],
            "top_p": 1.0,
            "truncation": "disabled",
            "usage": usage,
            "metadata": {},
        })
    };
    let finished_message = message(status, json!([text_part(&answer.text)]));
    let finished = response(status, json!([finished_message]), usage);
    if !stream {
        return Ok(MockResponse::json(200, &finished));
    }
    let mut events: Vec<(&str, Value)> = vec![
        ("response.created", json!({"response": response("in_progress", json!([]), Value::Null)})),
        ("response.in_progress", json!({"response": response("in_progress", json!([]), Value::Null)})),
        ("response.output_item.added", json!({"output_index": 0, "item": message("in_progress", json!([]))})),
        (
            "response.content_part.added",
            json!({"item_id": message_id, "output_index": 0, "content_index": 0, "part": text_part("")}),
        ),
    ];
    for piece in &answer.pieces {
        events.push((
            "response.output_text.delta",
            json!({"item_id": message_id, "output_index": 0, "content_index": 0, "delta": piece, "logprobs": []}),
        ));
    }
    events.extend([
        (
            "response.output_text.done",
            json!({"item_id": message_id, "output_index": 0, "content_index": 0, "text": answer.text, "logprobs": []}),
        ),
        (
            "response.content_part.done",
            json!({"item_id": message_id, "output_index": 0, "content_index": 0, "part": text_part(&answer.text)}),
        ),
        ("response.output_item.done", json!({"output_index": 0, "item": finished_message})),
        (if answer.truncated { "response.incomplete" } else { "response.completed" }, json!({"response": finished})),
    ]);
    let frames = events
        .into_iter()
        .enumerate()
        .map(|(sequence, (kind, mut event))| {
            event["type"] = json!(kind);
            event["sequence_number"] = json!(sequence);
            sse::named(kind, &event)
        })
        .collect();
    Ok(MockResponse::events(frames, call.stream_delay_ms))
}
