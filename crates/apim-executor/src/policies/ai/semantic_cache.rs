//! llm-semantic-cache-lookup / -store and azure-openai-semantic-cache-lookup / -store:
//! the prompt is embedded by a real call to the embeddings backend (an OpenAI-compatible
//! `POST {url}` with `{"input": prompt}`, answered `{"data": [{"embedding": [...]}]}`),
//! then compared by cosine distance with the prompts cached in the same `vary-by`
//! partition: the closest one at or under `score-threshold` (lower = closer) is a hit,
//! and its completion goes back without calling the model.

use apim_http::Headers;
use apim_llm::Prompt;

use super::model_call::post_json;
use crate::ai_state::SemanticEntry;
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::state::CachedValue;
use crate::step::{Node, Step};

pub fn semantic_cache_lookup(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let source = step.name;
    let threshold_text = exec.attr_string(step, "score-threshold")?.unwrap_or_default();
    let threshold: f64 = threshold_text.trim().parse().map_err(|_| {
        Fault::internal(source, "InvalidConfiguration", format!("score-threshold `{threshold_text}` is not a number"))
    })?;
    let backend_id = exec.attr_string(step, "embeddings-backend-id")?.unwrap_or_default();
    let ignore_system = exec.attr_bool(step, "ignore-system-messages", false)?;
    let max_messages = exec.attr_int(step, "max-message-count")?;
    let mut partition = Vec::new();
    for element in step.elements_named("vary-by") {
        if let Some(text) = &element.text {
            partition.push(exec.eval_string(text)?);
        }
    }
    let partition = partition.join("\u{1f}");
    let prompt = {
        let request = exec.ctx.data.request.borrow();
        request.body.as_ref().map(|b| Prompt::from_body(&b.bytes)).unwrap_or_default()
    };
    let messages = prompt.relevant(ignore_system).count();
    if let Some(max) = max_messages
        && i64::try_from(messages).unwrap_or(i64::MAX) > max
    {
        exec.note(format!("{messages} messages are more than max-message-count {max}: not cached"));
        return Ok(Flow::Next);
    }
    let text = prompt.text(ignore_system);
    if text.is_empty() {
        exec.note("no prompt text: not cached");
        return Ok(Flow::Next);
    }
    let Some(embedding) = embed(exec, source, &backend_id, &text)? else {
        // As with an unavailable cache, the request goes on to the model.
        return Ok(Flow::Next);
    };
    let now = exec.now();
    let nearest = exec.cache(|store| store.semantic_nearest(&partition, &embedding, now)).flatten();
    match nearest {
        Some((distance, CachedValue::Response { status, reason, headers, body })) if distance <= threshold => {
            let mut h = Headers::new();
            for (name, value) in headers {
                h.append(name, value);
            }
            exec.set_response(status, reason, h, body);
            exec.note(format!("semantic cache hit: distance {distance:.4} <= {threshold}; the model is not called"));
            Ok(Flow::Return)
        }
        other => {
            if exec.traced() {
                match other {
                    Some((distance, _)) => exec.note(format!("semantic cache miss: nearest distance {distance:.4}")),
                    None => exec.note("semantic cache miss: nothing cached in this partition"),
                }
            }
            exec.ai.semantic_miss = Some((partition, embedding));
            Ok(Flow::Next)
        }
    }
}

/// The prompt's embedding, `None` (noted) when the embeddings backend fails.
fn embed(
    exec: &mut Exec<'_, '_>,
    source: &'static str,
    backend_id: &str,
    text: &str,
) -> Result<Option<Vec<f32>>, Fault> {
    let answer = post_json(exec, source, backend_id, "", &serde_json::json!({ "input": text }))?;
    let vector = match answer {
        Some((200..=299, body)) => serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| {
            let list = v.pointer("/data/0/embedding")?.as_array()?;
            #[allow(clippy::cast_possible_truncation)] // embeddings are f32 vectors
            list.iter().map(|x| x.as_f64().map(|f| f as f32)).collect::<Option<Vec<f32>>>()
        }),
        _ => None,
    };
    if vector.is_none() {
        exec.note(format!("the embeddings backend `{backend_id}` gave no embedding: the cache is skipped"));
    }
    Ok(vector)
}

pub fn semantic_cache_store(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let duration = exec.attr_int(step, "duration")?.unwrap_or(0);
    let Some((partition, embedding)) = exec.ai.semantic_miss.take() else {
        exec.note("no semantic-cache lookup missed for this request: nothing to store");
        return Ok(Flow::Next);
    };
    let response = exec.ctx.data.response.borrow().as_ref().and_then(|r| {
        (r.status == 200).then(|| CachedValue::Response {
            status: 200,
            reason: r.reason.clone(),
            headers: r.headers.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect(),
            body: r.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default(),
        })
    });
    let Some(response) = response else {
        exec.note("only 200 responses are cached");
        return Ok(Flow::Next);
    };
    let now = exec.now();
    let entry = SemanticEntry { partition, embedding, response, expires: now + duration * 1000 };
    if exec.cache(|store| store.semantic_store(&entry, now)).is_some() {
        exec.note(format!("completion cached for {duration} s"));
    }
    Ok(Flow::Next)
}
