//! set-backend-service and forward-request.

use crate::backend::{BackendFailure, IncomingResponse, OutgoingRequest};
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::Step;

/// Used when neither set-backend-service nor the API's `serviceUrl` says where to go.
pub const DEFAULT_BACKEND_URL: &str = "http://backend";

pub fn set_backend_service(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    if let Some(id) = exec.attr_string(step, "backend-id")? {
        if !exec.env.backends.contains_key(&id) {
            return Err(Fault::internal(
                "set-backend-service",
                "BackendNotFound",
                format!(
                    "there is no backend `{id}` (give it in the test file's `backends` or the service folder's `backends/`)"
                ),
            ));
        }
        exec.note_with(|| format!("backend set to `{id}`"));
        exec.backend_id = Some(id);
        exec.base_url = None;
    } else if let Some(url) = exec.attr_string(step, "base-url")? {
        if exec.backend_id.is_some() {
            // Documented quirk: an inherited backend-id can only be replaced by another.
            exec.note("an inherited backend-id cannot be overridden with base-url: kept");
            return Ok(Flow::Next);
        }
        exec.note_with(|| format!("base URL set to {url}"));
        exec.base_url = Some(url);
    }
    Ok(Flow::Next)
}

/// The URL the request goes to: the backend base URL, then the request path without
/// the API's path prefix, then the query string (and a backend entity's credential query
/// parameters); with the entity's credential headers.
fn backend_url(exec: &Exec<'_, '_>, target: Option<&str>) -> (String, Vec<(String, String)>) {
    let entity = target.and_then(|id| exec.env.backends.get(id));
    let base = match entity {
        Some(entity) => entity.url.clone(),
        None => exec.base_url.clone().or_else(|| exec.service_url()).unwrap_or_else(|| DEFAULT_BACKEND_URL.to_owned()),
    };
    let api_path = exec.api_path();
    let request = exec.ctx.data.request.borrow();
    let path = &request.url.url.path;
    let prefix = format!("/{api_path}");
    let rest =
        if !api_path.is_empty() && path.len() >= prefix.len() && path[..prefix.len()].eq_ignore_ascii_case(&prefix) {
            &path[prefix.len()..]
        } else {
            path.as_str()
        };
    let rest = if rest == "/" { "" } else { rest };
    let mut url = format!("{}{rest}{}", base.trim_end_matches('/'), request.url.url.query_string);
    let mut headers = Vec::new();
    if let Some(entity) = entity {
        headers.clone_from(&entity.headers);
        for (name, value) in &entity.query {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&format!("{}={}", crate::http::escape_data(name), crate::http::escape_data(value)));
        }
    }
    (url, headers)
}

pub fn forward_request(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let timeout_ms = match exec.attr_int(step, "timeout-ms")? {
        Some(ms) => ms,
        None => exec.attr_int(step, "timeout")?.unwrap_or(300) * 1000,
    };
    let fail_on_error = exec.attr_bool(step, "fail-on-error-status-code", false)?;
    let buffer = exec.attr_bool(step, "buffer-request-body", false)?;
    // A pool resolves to one member; a tripped circuit breaker answers 503 (backend_pool.rs).
    let target = crate::policies::pool::target(exec)?;
    let (url, extra) = backend_url(exec, target.as_deref());
    let (method, mut headers, body) = {
        let request = exec.ctx.data.request.borrow();
        (
            request.method.clone(),
            request.headers.clone(),
            request.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default(),
        )
    };
    for (name, value) in extra {
        headers.set(&name, value);
    }
    let already_sent = exec.calls.iter().any(|c| c.policy == "forward-request");
    let body = if already_sent && !buffer && (!body.is_empty() || exec.request_body_pending) {
        exec.note("the request body was already sent and not buffered (buffer-request-body=\"false\"): this attempt sends none");
        Vec::new()
    } else {
        body
    };
    let stream_response = exec.streams_response;
    let mut outgoing =
        OutgoingRequest { method, url, headers, body, policy: "forward-request", stream_response, body_pending: false };
    if exec.request_body_pending && !already_sent {
        exec.note("the request body is sent on as it arrives: no policy reads it");
        outgoing.body_pending = true;
    }
    let result = exec.env.backend.send(&outgoing, timeout_ms, exec.env.clock);
    if let Some(id) = &target {
        crate::policies::pool::record(exec, id, &result);
    }
    if exec.traced() {
        exec.note_with(|| format!("{} {}", outgoing.method, outgoing.url));
    }
    exec.calls.push(outgoing);
    let response = receive(result, "forward-request")?;
    let status = response.status;
    exec.note_with(|| format!("backend answered {status}"));
    exec.set_response(status, response.reason, response.headers, response.body);
    if response.body_pending {
        exec.note("the body is relayed as it arrives: no policy reads it");
        exec.response_pending.set(true);
    }
    if fail_on_error && (400..=599).contains(&status) {
        return Err(Fault::new(
            "forward-request",
            "BackendError",
            format!("The backend responded with status code {status}"),
            status,
            format!("Backend responded with status code {status}"),
        ));
    }
    Ok(Flow::Next)
}

/// A backend answer, or the documented error for none (`Timeout`,
/// `BackendConnectionFailure`). APIM's docs do not give the status codes the caller gets:
/// apim answers 504 for a timeout and 502 for a failed connection.
pub fn receive(result: Result<IncomingResponse, BackendFailure>, source: &str) -> Result<IncomingResponse, Fault> {
    match result {
        Ok(response) => Ok(response),
        Err(BackendFailure::Timeout) => Err(Fault::new(
            source,
            "Timeout",
            "Request to the backend service timed out",
            504,
            "Backend service timeout",
        )),
        Err(BackendFailure::Connection(why)) => Err(Fault::new(
            source,
            "BackendConnectionFailure",
            format!("Error occured while calling backend service: {why}"),
            502,
            "Bad gateway",
        )),
    }
}
