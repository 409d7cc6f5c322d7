//! What the AI policies read from a model call: the prompt of the request, the encoding of
//! the model it names, the tokens the response says it used (or, for a stream, what the
//! stream carried), and calls of their own to helper backends (embeddings, Content Safety).

use apim_http::Headers;
use apim_llm::{Encoding, Prompt, StreamCounter, Usage};

use std::rc::Rc;

use crate::ai_state::{ModelRequestMemo, ResponseUsage};
use crate::backend::OutgoingRequest;
use crate::exec::Exec;
use crate::fault::Fault;

/// The model request as the policies see it.
#[derive(Debug, Clone)]
pub struct ModelRequest {
    pub prompt: Prompt,
    pub encoding: Encoding,
}

impl ModelRequest {
    /// The current request's body; the model is the body's `model`, else the Azure OpenAI
    /// deployment in the path (`/deployments/{name}/...`).
    ///
    /// Read once per request body and path: the token limit and the token metrics both
    /// ask, and parsing the body is most of the cost.
    #[must_use]
    pub fn read(exec: &Exec<'_, '_>) -> Rc<Self> {
        let request = exec.ctx.data.request.borrow();
        let same = |memo: &ModelRequestMemo| {
            let same_body = match (&memo.body, &request.body) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            same_body && memo.path == request.url.url.path
        };
        if let Some(memo) = exec.ai.model_request.borrow().as_ref()
            && same(memo)
        {
            return Rc::clone(&memo.request);
        }
        let read = Rc::new(Self::parse(&request));
        *exec.ai.model_request.borrow_mut() = Some(ModelRequestMemo {
            body: request.body.clone(),
            path: request.url.url.path.clone(),
            request: Rc::clone(&read),
        });
        read
    }

    fn parse(request: &apim_runtime::context::RequestData) -> Self {
        let prompt = request.body.as_ref().map(|b| Prompt::from_body(&b.bytes)).unwrap_or_default();
        let path = &request.url.url.path;
        let deployment = path.split('/').skip_while(|s| !s.eq_ignore_ascii_case("deployments")).nth(1);
        let encoding = prompt.encoding(deployment);
        Self { prompt, encoding }
    }

    #[must_use]
    pub fn estimate(&self) -> u64 {
        self.prompt.estimate_tokens(self.encoding)
    }
}

/// Whether a backend (the model) answered this request: a semantic-cache hit or an early
/// `return-response` consumes no tokens.
#[must_use]
pub fn model_answered(exec: &Exec<'_, '_>) -> bool {
    exec.calls.iter().any(|c| c.policy == "forward-request")
}

/// The tokens a model call used. A streamed response (the request asked `stream: true`,
/// or the answer is `text/event-stream`) is estimated as documented: the prompt from the
/// request, the completion by counting each event's text delta as it streams past. A
/// plain response reports its `usage`; without one only the prompt estimate counts.
#[must_use]
pub fn tokens_used(exec: &Exec<'_, '_>, request: &ModelRequest, prompt_estimate: Option<u64>) -> Usage {
    let counted = response_usage(exec, request);
    let estimate = || prompt_estimate.unwrap_or_else(|| request.estimate());
    if let Some(completion) = counted.streamed_completion {
        let prompt = estimate();
        return Usage { prompt, completion, total: prompt + completion };
    }
    counted.reported.unwrap_or_else(|| {
        let prompt = estimate();
        Usage { prompt, completion: 0, total: prompt }
    })
}

/// What the final response's body says about tokens, read once per request (the token
/// limit, the token metrics and the gateway's own metrics all ask).
fn response_usage(exec: &Exec<'_, '_>, request: &ModelRequest) -> ResponseUsage {
    if let Some(counted) = *exec.ai.response_usage.borrow() {
        return counted;
    }
    let response = exec.ctx.data.response.borrow();
    let Some(response) = response.as_ref() else { return ResponseUsage::default() };
    let body = response.body.as_ref().map(|b| b.bytes.as_slice()).unwrap_or_default();
    let content_type = response.headers.joined("Content-Type");
    let counted = if request.prompt.stream || apim_llm::stream::is_event_stream(content_type.as_deref(), body) {
        let mut counter = StreamCounter::new(request.encoding);
        // The stream as the gateway relays it: chunk by chunk, nothing kept.
        for chunk in body.chunks(4096) {
            counter.feed(chunk);
        }
        counter.finish();
        ResponseUsage { reported: counter.reported, streamed_completion: Some(counter.completion_tokens) }
    } else {
        ResponseUsage { reported: Usage::from_body(body), streamed_completion: None }
    };
    *exec.ai.response_usage.borrow_mut() = Some(counted);
    counted
}

/// Sends a JSON POST to a backend entity (its URL plus `path`, its credential headers and
/// query), returning status and body; a failed connection is `None`.
///
/// # Errors
/// `BackendNotFound` when there is no such entity.
pub fn post_json(
    exec: &mut Exec<'_, '_>,
    source: &'static str,
    backend_id: &str,
    path: &str,
    body: &serde_json::Value,
) -> Result<Option<(u16, Vec<u8>)>, Fault> {
    let Some(entity) = exec.env.backends.get(backend_id) else {
        return Err(Fault::internal(
            source,
            "BackendNotFound",
            format!(
                "there is no backend `{backend_id}` (give it in the test file's `backends` or the service folder's `backends/`)"
            ),
        ));
    };
    let mut url = format!("{}{path}", entity.url.trim_end_matches('/'));
    for (name, value) in &entity.query {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("{}={}", crate::http::escape_data(name), crate::http::escape_data(value)));
    }
    let mut headers = Headers::new();
    headers.set("Content-Type", "application/json");
    for (name, value) in &entity.headers {
        headers.set(name, value.clone());
    }
    let outgoing = OutgoingRequest {
        method: "POST".to_owned(),
        url,
        headers,
        body: serde_json::to_vec(body).unwrap_or_default(),
        policy: source,
        stream_response: false,
        body_pending: false,
    };
    let result = exec.env.backend.send(&outgoing, 30_000, exec.env.clock);
    if exec.traced() {
        exec.note(format!("POST {}", outgoing.url));
    }
    exec.calls.push(outgoing);
    Ok(result.ok().map(|r| (r.status, r.body)))
}
