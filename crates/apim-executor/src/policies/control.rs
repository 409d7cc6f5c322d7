//! Control flow: choose, retry, wait, return-response, mock-response, limit-concurrency.

use apim_http::Headers;
use apim_runtime::Value;

use crate::exec::{Exec, Flow, Target};
use crate::fault::Fault;
use crate::step::{Node, Step};

/// The first `when` whose condition holds runs, else `otherwise`.
pub fn choose(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    for branch in &step.elements {
        match branch.name.as_str() {
            "when" => {
                let Some(condition) = branch.attr("condition") else { continue };
                if exec.eval_bool(condition, "condition")? {
                    exec.note_with(|| format!("`when` with condition `{}` is true", condition_text(condition)));
                    return exec.run_steps(&branch.children);
                }
            }
            "otherwise" => {
                exec.note("no `when` matched: `otherwise` runs");
                return exec.run_steps(&branch.children);
            }
            _ => {}
        }
    }
    exec.note("no `when` matched");
    Ok(Flow::Next)
}

fn condition_text(template: &crate::template::Template) -> String {
    match template {
        crate::template::Template::Text(text) => text.clone(),
        crate::template::Template::Expr(expr) => expr.code.clone(),
    }
}

/// Runs the body once, then again while `condition` holds and retries remain, waiting
/// between attempts (fixed, linear or exponential as documented). The exponential
/// algorithm's random factor in [0.8, 1.2] is taken as 1.0 so runs are reproducible.
pub fn retry(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let count = exec.attr_int(step, "count")?.unwrap_or(1).max(0);
    let interval = exec.attr_int(step, "interval")?.unwrap_or(0).max(0);
    let delta = exec.attr_int(step, "delta")?;
    let max_interval = exec.attr_int(step, "max-interval")?;
    let first_fast = exec.attr_bool(step, "first-fast-retry", false)?;
    let condition = step.attr("condition").cloned();
    let mut retries = 0;
    loop {
        if exec.run_steps(&step.children)? == Flow::Return {
            return Ok(Flow::Return);
        }
        if retries >= count {
            exec.note_with(|| format!("stopped after {retries} retries (count {count})"));
            return Ok(Flow::Next);
        }
        let again = match &condition {
            Some(condition) => exec.eval_bool(condition, "condition")?,
            None => false,
        };
        if !again {
            exec.note_with(|| format!("condition false after {} attempt(s)", retries + 1));
            return Ok(Flow::Next);
        }
        retries += 1;
        let wait_seconds = if first_fast && retries == 1 {
            0
        } else {
            match (delta, max_interval) {
                (Some(delta), Some(max)) => {
                    let exponent = u32::try_from(retries).unwrap_or(31).min(31);
                    let grown = interval.saturating_add((2i64.saturating_pow(exponent) - 1).saturating_mul(delta));
                    grown.min(max)
                }
                (Some(delta), None) => interval + (retries - 1) * delta,
                _ => interval,
            }
        };
        exec.env.clock.sleep(wait_seconds * 1000);
    }
}

/// The children run one after another on the virtual clock (APIM runs them in
/// parallel; with scripted backends the observable results are the same except for
/// elapsed time). `for="any"` stops after the first child.
pub fn wait(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let any = exec.attr_string(step, "for")?.is_some_and(|f| f == "any");
    for child in step.children.iter() {
        if exec.run_steps(std::slice::from_ref(child))? == Flow::Return {
            return Ok(Flow::Return);
        }
        if any {
            exec.note("for=\"any\": the first child completed");
            break;
        }
    }
    Ok(Flow::Next)
}

/// Ends the pipeline with a response built from `response-variable-name` and/or the
/// nested `set-status`, `set-header`, `set-body`.
pub fn return_response(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let mut status = 200u16;
    let mut reason = "OK".to_owned();
    let mut headers = Headers::new();
    let mut body = Vec::new();
    if let Some(name) = exec.attr_string(step, "response-variable-name")? {
        let value = exec.ctx.data.variables.borrow().iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
        match value {
            Some(Value::Host(host)) if host.kind == apim_runtime::context::HostKind::Response => {
                if let Some(response) = host.ctx.response.borrow().as_ref() {
                    status = u16::try_from(response.status).unwrap_or(500);
                    reason.clone_from(&response.reason);
                    headers = response.headers.clone();
                    body = response.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default();
                }
            }
            Some(Value::Null) | None => {
                return Err(Fault::internal(
                    "return-response",
                    "ResponseVariableNotFound",
                    format!("the variable `{name}` holds no response"),
                ));
            }
            Some(other) => {
                return Err(Fault::internal(
                    "return-response",
                    "ResponseVariableInvalid",
                    format!("the variable `{name}` is not a response: {}", apim_runtime::display(&other)),
                ));
            }
        }
    }
    // The request and response bodies are removed from the context.
    exec.set_request_body(Vec::new());
    exec.set_response(status, reason, headers, body);
    let saved = exec.target;
    exec.target = Target::Response;
    let result = exec.run_steps(&step.children);
    exec.target = saved;
    result?;
    exec.note("the pipeline ends here: the response goes to the caller");
    Ok(Flow::Return)
}

/// Ends the pipeline with a mocked response. apim has no API definition examples to
/// draw on, so the body is empty; `content-type` is sent as given.
pub fn mock_response(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let status = exec.attr_int(step, "status-code")?.unwrap_or(200);
    let status = u16::try_from(status).unwrap_or(200);
    let mut headers = Headers::new();
    if let Some(content_type) = exec.attr_string(step, "content-type")? {
        headers.append("Content-Type", content_type);
    }
    exec.set_response(status, crate::http::reason_phrase(status).to_owned(), headers, Vec::new());
    exec.note_with(|| {
        format!("mocked {status}; the API definition's examples are not available to apim, so the body is empty")
    });
    Ok(Flow::Return)
}

/// At most `max-count` requests with the same key run the enclosed policies at once; the
/// rest fail with 429 at once.
pub fn limit_concurrency(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let key = exec.attr_string(step, "key")?.unwrap_or_default();
    let max = exec.attr_int(step, "max-count")?.unwrap_or(0);
    let admitted = {
        let mut state = exec.state();
        let in_flight = state.concurrency.entry(key.clone()).or_insert(0);
        let admitted = *in_flight < max;
        if admitted {
            *in_flight += 1;
        }
        admitted
    };
    if !admitted {
        return Err(Fault::new(
            "limit-concurrency",
            "ConcurrencyLimitExceeded",
            format!("Too many concurrent requests for key `{key}` (max-count {max})"),
            429,
            "Too many concurrent requests.",
        ));
    }
    let result = exec.run_steps(&step.children);
    if let Some(count) = exec.state().concurrency.get_mut(&key) {
        *count -= 1;
    }
    result
}
