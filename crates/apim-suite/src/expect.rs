//! Comparing what happened with what a case expects; each mismatch is a readable message.

use apim_executor::Outcome;
use apim_executor::state::{Event, Metric};

use crate::model::{Expect, ExpectCall};

fn header(headers: &apim_http::Headers, name: &str) -> Option<String> {
    headers.joined(name)
}

/// A unified diff of two texts.
#[must_use]
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => " ",
        };
        out.push_str(&format!("      {sign} {}", change.value()));
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Where `actual` lacks or differs from what `expected` has: object members recursively,
/// arrays element by element, other values equal.
pub fn json_subset(expected: &serde_json::Value, actual: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (expected, actual) {
        (J::Object(want), J::Object(have)) => {
            for (key, value) in want {
                let here = format!("{path}.{key}");
                match have.get(key) {
                    Some(got) => json_subset(value, got, &here, out),
                    None => out.push(format!("{here}: missing (expected {value})")),
                }
            }
        }
        (J::Array(want), J::Array(have)) => {
            if want.len() != have.len() {
                out.push(format!("{path}: expected {} elements, got {}", want.len(), have.len()));
            }
            for (index, (w, h)) in want.iter().zip(have).enumerate() {
                json_subset(w, h, &format!("{path}[{index}]"), out);
            }
        }
        (J::Number(a), J::Number(b)) if a.as_f64() == b.as_f64() => {}
        (want, have) if want == have => {}
        (want, have) => out.push(format!("{path}: expected {want}, got {have}")),
    }
}

fn body_checks(
    what: &str,
    body: &[u8],
    exact: Option<&String>,
    json: Option<&serde_json::Value>,
    regex: Option<&String>,
    out: &mut Vec<String>,
) {
    let text = String::from_utf8_lossy(body);
    if let Some(want) = exact
        && want.as_str() != text
    {
        out.push(format!("{what} differs (- expected, + actual):\n{}", diff(want, &text)));
    }
    if let Some(want) = json {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(have) => {
                let mut problems = Vec::new();
                json_subset(want, &have, "$", &mut problems);
                if !problems.is_empty() {
                    out.push(format!(
                        "{what} JSON does not match:\n      {}\n    {what}: {text}",
                        problems.join("\n      ")
                    ));
                }
            }
            Err(e) => out.push(format!("{what} is not JSON ({e}): {text}")),
        }
    }
    if let Some(pattern) = regex {
        match regex::Regex::new(pattern) {
            Ok(re) if re.is_match(&text) => {}
            Ok(_) => out.push(format!("{what} does not match /{pattern}/: {text}")),
            Err(e) => out.push(format!("body-regex is not a valid regular expression: {e}")),
        }
    }
}

fn call_checks(index: usize, want: &ExpectCall, have: &apim_executor::OutgoingRequest, out: &mut Vec<String>) {
    let what = format!("backend call {}", index + 1);
    if let Some(method) = &want.method
        && !method.eq_ignore_ascii_case(&have.method)
    {
        out.push(format!("{what}: expected method {method}, got {}", have.method));
    }
    if let Some(url) = &want.url
        && *url != have.url
    {
        out.push(format!("{what}: expected URL {url}, got {}", have.url));
    }
    for (name, value) in &want.headers {
        match header(&have.headers, name) {
            Some(got) if got == *value => {}
            Some(got) => out.push(format!("{what}: header {name}: expected `{value}`, got `{got}`")),
            None => out.push(format!("{what}: header {name}: expected `{value}`, but it is absent")),
        }
    }
    for name in &want.absent_headers {
        if let Some(got) = header(&have.headers, name) {
            out.push(format!("{what}: header {name} should be absent, got `{got}`"));
        }
    }
    body_checks(&format!("{what} body"), &have.body, want.body.as_ref(), want.body_json.as_ref(), None, out);
}

/// Everything `expect` says that does not hold.
#[must_use]
pub fn check(
    expect: &Expect,
    outcome: &Outcome,
    statuses: &[u16],
    metrics: &[Metric],
    events: &[Event],
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(status) = expect.status
        && status != outcome.status
    {
        let body = String::from_utf8_lossy(&outcome.body);
        let why = outcome.error.as_ref().map(|e| format!(" ({}: {})", e.reason, e.message)).unwrap_or_default();
        out.push(format!("expected status {status}, got {} {}{why}\n    body: {body}", outcome.status, outcome.reason));
    }
    if let Some(want) = &expect.statuses
        && want != statuses
    {
        out.push(format!("expected statuses {want:?}, got {statuses:?}"));
    }
    for (name, value) in &expect.headers {
        match header(&outcome.headers, name) {
            Some(got) if got == *value => {}
            Some(got) => out.push(format!("header {name}: expected `{value}`, got `{got}`")),
            None => out.push(format!("header {name}: expected `{value}`, but it is absent")),
        }
    }
    for name in &expect.absent_headers {
        if let Some(got) = header(&outcome.headers, name) {
            out.push(format!("header {name} should be absent, got `{got}`"));
        }
    }
    body_checks(
        "body",
        &outcome.body,
        expect.body.as_ref(),
        expect.body_json.as_ref(),
        expect.body_regex.as_ref(),
        &mut out,
    );
    for (name, value) in &expect.variables {
        match outcome.variables.iter().find(|(n, _, _)| n == name) {
            Some((_, _, got)) if got == value => {}
            Some((_, type_name, got)) => {
                out.push(format!("variable {name}: expected `{value}`, got `{got}` ({type_name})"))
            }
            None => out.push(format!("variable {name}: expected `{value}`, but it is not set")),
        }
    }
    for name in &expect.absent_variables {
        if let Some((_, _, got)) = outcome.variables.iter().find(|(n, _, _)| n == name) {
            out.push(format!("variable {name} should not be set, got `{got}`"));
        }
    }
    if let Some(count) = expect.backend_calls
        && count != outcome.backend_calls.len()
    {
        let urls: Vec<String> = outcome.backend_calls.iter().map(|c| format!("{} {}", c.method, c.url)).collect();
        out.push(format!("expected {count} backend call(s), got {}: {urls:?}", outcome.backend_calls.len()));
    }
    for (index, want) in expect.backend_call.iter().enumerate() {
        match outcome.backend_calls.get(index) {
            Some(have) => call_checks(index, want, have, &mut out),
            None => out.push(format!("backend call {} was expected but not made", index + 1)),
        }
    }
    for want in &expect.metrics {
        let found = metrics.iter().any(|m| {
            m.name == want.name
                && want.namespace.as_ref().is_none_or(|n| *n == m.namespace)
                && want.value.is_none_or(|v| (v - m.value).abs() < 1e-9)
                && want.dimensions.iter().all(|(k, v)| m.dimensions.get(k) == Some(v))
        });
        if !found {
            out.push(format!("no emitted metric matches {want:?}; emitted: {metrics:?}"));
        }
    }
    for want in &expect.events {
        let found = events.iter().any(|e| {
            want.logger_id.as_ref().is_none_or(|l| *l == e.logger_id)
                && want.message.as_ref().is_none_or(|m| *m == e.message)
                && want
                    .message_regex
                    .as_ref()
                    .is_none_or(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(&e.message)))
        });
        if !found {
            out.push(format!("no event matches {want:?}; sent: {events:?}"));
        }
    }
    for text in &expect.trace {
        let found = outcome.trace.entries().any(|e| {
            e.source.contains(text.as_str()) || e.path.contains(text.as_str()) || e.message.contains(text.as_str())
        });
        if !found {
            let shown: Vec<String> =
                outcome.trace.entries().map(|e| format!("{} {}: {}", e.source, e.path, e.message)).collect();
            out.push(format!("the trace has no entry with `{text}`; entries:\n      {}", shown.join("\n      ")));
        }
    }
    if let Some(reason) = &expect.error_reason {
        let got = outcome.error.as_ref().map(|e| e.reason.clone()).unwrap_or_default();
        if got != *reason {
            out.push(format!("expected LastError.Reason `{reason}`, got `{got}`"));
        }
    }
    out
}
