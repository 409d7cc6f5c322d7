//! Changing messages: set-header, set-query-parameter, set-method, set-status, set-body,
//! rewrite-uri, find-and-replace.

use crate::exec::{Exec, Flow, Target};
use crate::fault::Fault;
use crate::step::{Node, Step};

/// Headers whose values may contain commas or dates: several values stay separate lines.
const SEPARATE_LINES: &[&str] = &[
    "user-agent",
    "www-authenticate",
    "proxy-authenticate",
    "cookie",
    "set-cookie",
    "warning",
    "date",
    "expires",
    "if-modified-since",
    "if-unmodified-since",
    "last-modified",
    "retry-after",
];

/// Headers the gateway owns: APIM does not let policies modify or delete them.
const PROTECTED: &[&str] = &["connection", "content-length", "keep-alive", "transfer-encoding"];

fn values(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Vec<String>, Fault> {
    let mut values = Vec::new();
    for element in step.elements_named("value") {
        values.push(match &element.text {
            Some(template) => exec.eval_string(template)?,
            None => String::new(),
        });
    }
    Ok(values)
}

pub fn set_header(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let name = exec.attr_string(step, "name")?.unwrap_or_default();
    let action = exec.attr_string(step, "exists-action")?.unwrap_or_else(|| "override".to_owned());
    let values = values(exec, step)?;
    let lower = name.to_ascii_lowercase();
    if PROTECTED.contains(&lower.as_str()) {
        exec.note_with(|| format!("`{name}` is managed by the gateway and cannot be changed: left as it is"));
        return Ok(Flow::Next);
    }
    let separate = SEPARATE_LINES.contains(&lower.as_str());
    let lines = if separate || values.len() <= 1 { values.clone() } else { vec![values.join(",")] };
    let message = exec.with_target_headers(|headers| match action.as_str() {
        "skip" if headers.contains(&name) => "exists: skipped".to_owned(),
        "delete" => {
            headers.remove(&name);
            "deleted".to_owned()
        }
        "append" => {
            for line in &lines {
                headers.append(name.clone(), line.clone());
            }
            format!("appended {}", lines.join(", "))
        }
        _ => {
            headers.remove(&name);
            for line in &lines {
                headers.append(name.clone(), line.clone());
            }
            format!("set to {}", lines.join(", "))
        }
    });
    if exec.traced() {
        let target = if exec.target == Target::Request { "request" } else { "response" };
        exec.note_with(|| format!("{target} header `{name}` {message}"));
    }
    Ok(Flow::Next)
}

pub fn set_query_parameter(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let name = exec.attr_string(step, "name")?.unwrap_or_default();
    let action = exec.attr_string(step, "exists-action")?.unwrap_or_else(|| "override".to_owned());
    let values = values(exec, step)?;
    if exec.target == Target::Outgoing {
        return Err(Fault::internal(
            "set-query-parameter",
            "NotEmulated",
            "not emulated: set-query-parameter inside send-request (put the query in set-url)",
        ));
    }
    let mut request = exec.ctx.data.request.borrow_mut();
    let url = &mut request.url.url;
    let position = url.query.iter().position(|(key, _)| *key == name);
    match (action.as_str(), position) {
        ("skip", Some(_)) => {}
        ("delete", Some(index)) => {
            url.query.remove(index);
        }
        ("delete", None) => {}
        ("append", Some(index)) => url.query[index].1.extend(values),
        (_, Some(index)) => url.query[index].1 = values,
        (_, None) => url.query.push((name, values)),
    }
    url.query_string = crate::http::query_string(&url.query);
    Ok(Flow::Next)
}

pub fn set_method(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let method = match &step.text {
        Some(template) => exec.eval_string(template)?.trim().to_owned(),
        None => String::new(),
    };
    if method.is_empty() {
        return Err(Fault::internal("set-method", "InvalidMethod", "set-method needs an HTTP method"));
    }
    match exec.target {
        Target::Outgoing => exec.outgoing.get_or_insert_with(crate::message::new_outgoing).method.clone_from(&method),
        _ => exec.ctx.data.request.borrow_mut().method.clone_from(&method),
    }
    exec.note_with(|| format!("method set to {method}"));
    Ok(Flow::Next)
}

pub fn set_status(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let code = exec.attr_int(step, "code")?.unwrap_or(200);
    let code = u16::try_from(code).ok().filter(|c| (100..=599).contains(c)).ok_or_else(|| {
        Fault::internal("set-status", "InvalidStatusCode", format!("{code} is not an HTTP status code"))
    })?;
    let reason = match exec.attr_string(step, "reason")? {
        Some(reason) => reason,
        None => crate::http::reason_phrase(code).to_owned(),
    };
    exec.note_with(|| format!("status set to {code} {reason}"));
    exec.with_response(|response| {
        response.status = i32::from(code);
        response.reason = reason;
    });
    Ok(Flow::Next)
}

pub fn set_body(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    if let Some(template) = exec.attr_string(step, "template")?
        && template.eq_ignore_ascii_case("liquid")
    {
        return Err(Fault::internal(
            "set-body",
            "NotEmulated",
            "not emulated: set-body with template=\"liquid\" (Liquid templates are not run by apim yet)",
        ));
    }
    let text = match &step.text {
        Some(template) => exec.eval_string(template)?,
        None => String::new(),
    };
    if exec.traced() {
        exec.note_with(|| format!("body set ({} bytes)", text.len()));
    }
    exec.set_target_body(text.into_bytes());
    Ok(Flow::Next)
}

/// Replaces the path (relative to the API) and query with the template: `{name}` takes a
/// matched template parameter or a query parameter; query parameters the template does not
/// use are kept unless `copy-unmatched-params="false"`.
pub fn rewrite_uri(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let template = exec.attr_string(step, "template")?.unwrap_or_default();
    let copy_unmatched = exec.attr_bool(step, "copy-unmatched-params", true)?;
    let api_path = exec.api_path();
    let mut request = exec.ctx.data.request.borrow_mut();
    let mut used = Vec::new();
    let mut expanded = String::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        expanded.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            expanded.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = after[..close].trim_start_matches('*');
        let value = request
            .matched
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .or_else(|| request.url.url.query_value(name));
        if let Some(value) = value {
            expanded.push_str(&value);
        }
        used.push(name.to_owned());
        rest = &after[close + 1..];
    }
    expanded.push_str(rest);
    let (path, query) = match expanded.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (expanded.clone(), String::new()),
    };
    let mut new_query = apim_http::Url::from_target(&format!("/?{query}"), None).query;
    new_query.retain(|(_, values)| values.iter().any(|v| !v.is_empty()));
    if copy_unmatched {
        for (name, values) in &request.url.url.query {
            if !used.iter().any(|u| u == name) && !new_query.iter().any(|(n, _)| n == name) {
                new_query.push((name.clone(), values.clone()));
            }
        }
    }
    let prefix = if api_path.is_empty() { String::new() } else { format!("/{api_path}") };
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let url = &mut request.url.url;
    url.path = format!("{prefix}{path}");
    url.query_string = crate::http::query_string(&new_query);
    url.query = new_query;
    let shown = format!("{}{}", url.path, url.query_string);
    drop(request);
    exec.note_with(|| format!("URL rewritten to {shown}"));
    Ok(Flow::Next)
}

pub fn find_and_replace(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let from = exec.attr_string(step, "from")?.unwrap_or_default();
    let to = exec.attr_string(step, "to")?.unwrap_or_default();
    if from.is_empty() {
        return Ok(Flow::Next);
    }
    let body = String::from_utf8_lossy(&exec.target_body()).into_owned();
    let count = body.matches(from.as_str()).count();
    exec.set_target_body(body.replace(from.as_str(), &to).into_bytes());
    exec.note_with(|| format!("replaced {count} occurrence(s)"));
    Ok(Flow::Next)
}
