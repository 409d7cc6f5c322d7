//! Legacy Completions (`.../completions`): a `text_completion` with one choice per prompt
//! (times `n`), or a stream of `text_completion` events ending in `[DONE]`.

use apim_llm::{Message, Prompt};
use serde_json::{Value, json};

use crate::answer::{Answer, id};
use crate::call::Call;
use crate::chat::{SYSTEM_FINGERPRINT, usage};
use crate::error::ApiError;
use crate::exchange::MockResponse;
use crate::sse;

/// More choices than this in one answer are refused (a bound on the work of one request).
const MAX_CHOICES: u64 = 2048;

/// # Errors
/// A body without a valid `prompt`, or with a bad parameter.
pub fn respond(call: &Call) -> Result<MockResponse, ApiError> {
    let prompts = prompts(call.body.get("prompt"))?;
    let stream = call.stream()?;
    let max_tokens = call.max_tokens(&["max_tokens"])?;
    let n = call.choices()?;
    if prompts.len() as u64 * n > MAX_CHOICES {
        return Err(ApiError::invalid(
            "prompt",
            "too_many_choices",
            format!("The prompts times 'n' ask for more than {MAX_CHOICES} choices."),
        ));
    }
    // Each prompt is answered on its own, as the API does with a list of prompts.
    let answers: Vec<Answer> = prompts
        .iter()
        .map(|text| {
            let prompt = Prompt {
                messages: vec![Message { role: "user".to_owned(), text: text.clone(), ..Message::default() }],
                ..Prompt::default()
            };
            Answer::to(&prompt, call.encoding, max_tokens)
        })
        .collect();
    let completion_tokens: u64 = answers.iter().map(|a| a.tokens * n).sum();
    let usage = usage(call.prompt_tokens(), completion_tokens);
    let id = id("cmpl-", call.seed);
    // Choice k answers prompt k / n, as the API numbers them.
    let numbered = || answers.iter().flat_map(|a| std::iter::repeat_n(a, n as usize)).zip(0u64..);
    if stream {
        let include_usage = call.include_usage();
        let event = |choices: Value, usage: Option<&Value>| {
            let mut event = json!({
                "id": id,
                "object": "text_completion",
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
        let choice = |index: u64, text: &str, finish: Option<&str>| json!([{"text": text, "index": index, "logprobs": null, "finish_reason": finish}]);
        let mut frames = Vec::new();
        for (answer, index) in numbered() {
            for piece in &answer.pieces {
                frames.push(event(choice(index, piece, None), None));
            }
            frames.push(event(choice(index, "", Some(answer.finish_reason())), None));
        }
        if include_usage {
            frames.push(event(json!([]), Some(&usage)));
        }
        frames.push(sse::done());
        return Ok(MockResponse::events(frames, call.stream_delay_ms));
    }
    let choices: Vec<Value> = numbered()
        .map(|(answer, index)| {
            json!({"text": answer.text, "index": index, "logprobs": null, "finish_reason": answer.finish_reason()})
        })
        .collect();
    let body = json!({
        "id": id,
        "object": "text_completion",
        "created": call.created,
        "model": call.model,
        "choices": choices,
        "usage": usage,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    });
    Ok(MockResponse::json(200, &body))
}

/// The prompts: a string, a list of strings, or token lists (answered as an empty prompt).
fn prompts(prompt: Option<&Value>) -> Result<Vec<String>, ApiError> {
    match prompt {
        None | Some(Value::Null) => Err(ApiError::missing("prompt")),
        Some(Value::String(text)) => Ok(vec![text.clone()]),
        Some(Value::Array(items)) if items.is_empty() => Err(ApiError::invalid(
            "prompt",
            "empty_array",
            "Invalid 'prompt': empty array. Expected an array with minimum length 1.",
        )),
        Some(Value::Array(items)) if items.iter().all(Value::is_u64) => Ok(vec![String::new()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                Value::Array(tokens) if tokens.iter().all(Value::is_u64) => Ok(String::new()),
                _ => Err(ApiError::wrong_type("prompt", "a string, an array of strings or an array of token arrays")),
            })
            .collect(),
        Some(_) => Err(ApiError::wrong_type("prompt", "a string, an array of strings or an array of token arrays")),
    }
}
