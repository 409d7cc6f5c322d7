//! Response and value caching: cache-lookup / cache-store and cache-lookup-value /
//! cache-store-value / cache-remove-value, in the store with expiry on the gateway's
//! clock (`caching-type` is accepted and noted). An unavailable cache fails open: a
//! lookup is a miss and a store is skipped, as APIM documents.

use apim_runtime::Value;

use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::state::CachedValue;
use crate::step::{Node, Step};

/// The response cache key: method, path, the `vary-by-query-parameter` and
/// `vary-by-header` values, and the developer (and groups) when asked for.
fn response_key(exec: &mut Exec<'_, '_>, step: &Step) -> Result<String, Fault> {
    let mut key = {
        let request = exec.ctx.data.request.borrow();
        format!("response\u{1f}{}\u{1f}{}", request.method, request.url.url.path.to_ascii_lowercase())
    };
    for element in step.elements_named("vary-by-query-parameter") {
        if let Some(t) = &element.text {
            for name in exec.eval_string(t)?.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                let value = exec.ctx.data.request.borrow().url.url.query_value(name).unwrap_or_default();
                key.push_str(&format!("\u{1f}q:{name}={value}"));
            }
        }
    }
    for element in step.elements_named("vary-by-header") {
        if let Some(t) = &element.text {
            let name = exec.eval_string(t)?;
            let value = exec.ctx.data.request.borrow().headers.joined(name.trim()).unwrap_or_default();
            key.push_str(&format!("\u{1f}h:{}={value}", name.trim().to_ascii_lowercase()));
        }
    }
    if exec.attr_bool(step, "vary-by-developer", false)? {
        let user = match exec.ctx.data.user.as_ref().and_then(|u| u.get("Id")) {
            Some(Value::Str(id)) => id.to_string(),
            _ => String::new(),
        };
        key.push_str(&format!("\u{1f}u:{user}"));
    }
    Ok(key)
}

pub fn cache_lookup(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let method = exec.ctx.data.request.borrow().method.clone();
    if !method.eq_ignore_ascii_case("GET") {
        exec.note_with(|| format!("{method} requests are not looked up"));
        return Ok(Flow::Next);
    }
    let key = response_key(exec, step)?;
    let now = exec.now();
    let found = exec.cache(|store| store.cache_get(&key, now)).flatten();
    match found {
        Some(CachedValue::Response { status, reason, headers, body }) => {
            let mut h = apim_http::Headers::new();
            for (name, value) in headers {
                h.append(name, value);
            }
            exec.set_response(status, reason, h, body);
            exec.note("cache hit: the cached response goes to the caller (backend and outbound do not run)");
            Ok(Flow::Return)
        }
        _ => {
            exec.note("cache miss");
            exec.cache_key = Some(key);
            Ok(Flow::Next)
        }
    }
}

pub fn cache_store(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let duration = exec.attr_int(step, "duration")?.unwrap_or(0);
    let any_status = exec.attr_bool(step, "cache-response", false)?;
    let Some(key) = exec.cache_key.clone() else {
        exec.note("no cache-lookup missed for this request: nothing to store");
        return Ok(Flow::Next);
    };
    let value = exec.ctx.data.response.borrow().as_ref().and_then(|r| {
        (r.status == 200 || any_status).then(|| CachedValue::Response {
            status: u16::try_from(r.status).unwrap_or(200),
            reason: r.reason.clone(),
            headers: r.headers.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect(),
            body: r.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default(),
        })
    });
    match value {
        Some(value) => {
            let now = exec.now();
            if exec.cache(|store| store.cache_put(&key, &value, now, now + duration * 1000)).is_some() {
                exec.note_with(|| format!("response stored for {duration} s"));
            }
        }
        None => exec.note("only 200 responses are stored (cache-response=\"false\")"),
    }
    Ok(Flow::Next)
}

fn to_cached(value: &Value) -> CachedValue {
    match value {
        Value::Str(s) => CachedValue::Text(s.to_string()),
        Value::Bool(b) => CachedValue::Bool(*b),
        Value::F64(f) => CachedValue::Double(*f),
        Value::Json(token) => CachedValue::Json(apim_runtime::display(&Value::Json(token.clone()))),
        other => match crate::exec::as_i64(other) {
            Some(n) if !matches!(other, Value::Str(_)) => CachedValue::Int(n),
            _ => CachedValue::Text(apim_runtime::display(other)),
        },
    }
}

fn from_cached(value: CachedValue) -> Value {
    match value {
        CachedValue::Text(s) => Value::string(s),
        CachedValue::Int(n) => i32::try_from(n).map_or(Value::I64(n), Value::I32),
        CachedValue::Double(f) => Value::F64(f),
        CachedValue::Bool(b) => Value::Bool(b),
        CachedValue::Json(text) => apim_runtime::var_from_json(&text).unwrap_or_else(|_| Value::string(text)),
        CachedValue::Response { body, .. } => Value::string(String::from_utf8_lossy(&body).into_owned()),
    }
}

fn value_key(key: &str) -> String {
    format!("value\u{1f}{key}")
}

/// A hit sets the variable; a miss sets `default-value` when given, else leaves the
/// variable unset (what the docs' two statements agree on).
pub fn cache_lookup_value(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let key = exec.attr_string(step, "key")?.unwrap_or_default();
    let variable = exec.attr_string(step, "variable-name")?.unwrap_or_default();
    let now = exec.now();
    let found = exec.cache(|store| store.cache_get(&value_key(&key), now)).flatten();
    match found {
        Some(value) => {
            exec.note_with(|| format!("hit for `{key}`"));
            exec.ctx.set_variable(&variable, from_cached(value));
        }
        None => {
            exec.note_with(|| format!("miss for `{key}`"));
            if let Some(default) = step.attr("default-value").cloned() {
                let value = exec.eval(&default)?;
                exec.ctx.set_variable(&variable, value);
            }
        }
    }
    Ok(Flow::Next)
}

pub fn cache_store_value(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let key = exec.attr_string(step, "key")?.unwrap_or_default();
    let duration = exec.attr_int(step, "duration")?.unwrap_or(0);
    let value = match step.attr("value") {
        Some(t) => exec.eval(&t.clone())?,
        None => Value::Null,
    };
    let now = exec.now();
    let value = to_cached(&value);
    if exec.cache(|store| store.cache_put(&value_key(&key), &value, now, now + duration * 1000)).is_some() {
        exec.note_with(|| format!("`{key}` stored for {duration} s"));
    }
    Ok(Flow::Next)
}

pub fn cache_remove_value(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let key = exec.attr_string(step, "key")?.unwrap_or_default();
    if exec.cache(|store| store.cache_remove(&value_key(&key))).is_some() {
        exec.note_with(|| format!("`{key}` removed"));
    }
    Ok(Flow::Next)
}
