//! send-request and send-one-way-request.

use apim_runtime::context::HostKind;
use apim_runtime::{Context, ContextInput};

use crate::exec::{Exec, Flow, Target};
use crate::fault::Fault;
use crate::message::new_outgoing;
use crate::step::{Node, Step};

/// Builds the request: `mode="copy"` starts from the current request, `new` from an
/// empty GET; then `set-url`, and the nested set-method, set-header, set-body and
/// authentication policies.
fn build(exec: &mut Exec<'_, '_>, step: &Step, policy: &'static str) -> Result<crate::backend::OutgoingRequest, Fault> {
    let mode = exec.attr_string(step, "mode")?.unwrap_or_else(|| "new".to_owned());
    let mut outgoing = new_outgoing();
    outgoing.policy = policy;
    if mode == "copy" {
        let request = exec.ctx.data.request.borrow();
        outgoing.method.clone_from(&request.method);
        outgoing.url = request.url.url.to_url_string();
        outgoing.headers = request.headers.clone();
        outgoing.body = request.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default();
    }
    if let Some(url) = step.element("set-url").and_then(|e| e.text.clone()) {
        outgoing.url = exec.eval_string(&url)?.trim().to_owned();
    }
    if let Some(method) = step.element("set-method").and_then(|e| e.text.clone()) {
        outgoing.method = exec.eval_string(&method)?.trim().to_ascii_uppercase();
    }
    let saved_target = exec.target;
    let saved = exec.outgoing.replace(outgoing);
    exec.target = Target::Outgoing;
    let result = exec.run_steps(&step.children);
    exec.target = saved_target;
    let outgoing = std::mem::replace(&mut exec.outgoing, saved).unwrap_or_else(new_outgoing);
    result?;
    if outgoing.url.is_empty() {
        return Err(Fault::internal(policy, "InvalidUrl", format!("{policy} has no URL: add <set-url>")));
    }
    Ok(outgoing)
}

pub fn send_request(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let variable = exec.attr_string(step, "response-variable-name")?;
    let timeout = exec.attr_int(step, "timeout")?.unwrap_or(60);
    let ignore_error = exec.attr_bool(step, "ignore-error", false)?;
    let outgoing = build(exec, step, "send-request")?;
    let result = exec.env.backend.send(&outgoing, timeout * 1000, exec.env.clock);
    exec.note_with(|| format!("{} {}", outgoing.method, outgoing.url));
    exec.calls.push(outgoing);
    let value = match super::forward::receive(result, "send-request") {
        Ok(response) => {
            exec.note_with(|| format!("answered {}", response.status));
            let holder = Context::new(ContextInput {
                request: None,
                response: Some(apim_http::Response {
                    status: response.status,
                    reason: response.reason,
                    headers: response.headers,
                    body: response.body,
                }),
                variables: Vec::new(),
                context: None,
                timestamp: None,
                entities: None,
            })
            .map_err(|e| Fault::internal("send-request", "InvalidResponse", e.message))?;
            apim_runtime::context::Host::value(HostKind::Response, &holder.data)
        }
        Err(fault) if ignore_error => {
            exec.note_with(|| format!("failed ({}), ignored: the variable is null", fault.reason));
            apim_runtime::Value::Null
        }
        Err(fault) => return Err(fault),
    };
    if let Some(variable) = variable {
        exec.ctx.set_variable(&variable, value);
    }
    Ok(Flow::Next)
}

/// Sends without waiting: the pipeline goes on whatever the answer.
pub fn send_one_way_request(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let outgoing = build(exec, step, "send-one-way-request")?;
    let _ = exec.env.backend.send(&outgoing, 0, exec.env.clock);
    exec.note_with(|| format!("{} {} (not awaited)", outgoing.method, outgoing.url));
    exec.calls.push(outgoing);
    Ok(Flow::Next)
}
