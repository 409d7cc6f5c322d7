//! Running a test file: load the policy as the file describes, then each case in order
//! against one gateway on a virtual clock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apim_catalog::Scope;
use apim_executor::{
    Environment, GatewayState, IncomingResponse, LoadInput, MemoryStore, NamedValue, PolicySource, RequestInput,
    Scripted, ScriptedBackend, StateStore, VirtualClock,
};

use crate::model::{BackendResponse, Case, Duration, Request, TestFile};

/// The result of one case: what did not hold (empty when it passed).
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    pub failures: Vec<String>,
}

impl CaseResult {
    #[must_use]
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: PathBuf,
    /// The file or its policy could not be loaded (`file:line:col: message`).
    pub error: Option<String>,
    pub cases: Vec<CaseResult>,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count()) + 1;
    (line, column)
}

fn read(base: &Path, relative: &str) -> Result<(String, String), String> {
    let path = base.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// Milliseconds of a duration (`90`, `"500ms"`, `"90s"`, `"5m"`, `"2h"`, `"1d"`).
///
/// # Errors
/// A message naming the malformed text.
pub fn millis(duration: &Duration) -> Result<i64, String> {
    #[allow(clippy::cast_possible_truncation)] // durations in tests are far below i64::MAX ms
    match duration {
        Duration::Seconds(s) => Ok((s * 1000.0).round() as i64),
        Duration::Text(text) => {
            let text = text.trim();
            let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
            let (number, unit) = text.split_at(split);
            let number: f64 =
                number.parse().map_err(|_| format!("`{text}` is not a duration (e.g. 500ms, 90s, 5m, 2h, 1d)"))?;
            let factor = match unit.trim() {
                "ms" => 1.0,
                "" | "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "d" => 86_400_000.0,
                _ => return Err(format!("`{text}` has an unknown unit (use ms, s, m, h or d)")),
            };
            Ok((number * factor).round() as i64)
        }
    }
}

fn scope(name: &str) -> Result<Scope, String> {
    Ok(match name {
        "global" => Scope::Global,
        "workspace" => Scope::Workspace,
        "product" => Scope::Product,
        "api" => Scope::Api,
        "operation" => Scope::Operation,
        other => return Err(format!("unknown scope `{other}` (global, workspace, product, api, operation)")),
    })
}

/// Runs one test file.
#[must_use]
pub fn run_file(path: &Path) -> FileResult {
    let mut result = FileResult { path: path.to_path_buf(), error: None, cases: Vec::new() };
    match run_inner(path, &mut result.cases) {
        Ok(()) => {}
        Err(error) => result.error = Some(error),
    }
    result
}

/// What a test file runs: its load input, and what the service adds (backends, context).
struct Subject {
    input: LoadInput,
    backends: BTreeMap<String, apim_executor::BackendEntity>,
    context: serde_json::Value,
}

fn subject(file: &TestFile, base: &Path) -> Result<Subject, String> {
    let mut subject = match (&file.policy, &file.service) {
        (Some(policy), None) => {
            let mut input = LoadInput::default();
            let mut parents: Vec<(Scope, &String)> =
                file.parents.iter().map(|(name, path)| scope(name).map(|s| (s, path))).collect::<Result<_, _>>()?;
            parents.sort_by_key(|(s, _)| *s);
            for (scope, relative) in parents {
                let (path, text) = read(base, relative)?;
                input.scopes.push(PolicySource { scope, path, text });
            }
            let (path, text) = read(base, policy)?;
            let own = scope(file.scope.as_deref().unwrap_or("api"))?;
            input.scopes.push(PolicySource { scope: own, path, text });
            Subject { input, backends: BTreeMap::new(), context: serde_json::json!({}) }
        }
        (None, Some(folder)) => {
            let (Some(api), Some(operation)) = (&file.api, &file.operation) else {
                return Err("a test file with `service` also names `api` and `operation`".to_owned());
            };
            let root = base.join(folder);
            let loaded = apim_service::load(&root);
            if loaded.has_errors() {
                let problems: Vec<String> = loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.diagnostic.severity() == apim_diagnostics::Severity::Error)
                    .map(|d| {
                        let text = loaded.sources.get(&d.file).map_or("", String::as_str);
                        let (line, column) = line_col(text, d.diagnostic.primary_span().start as usize);
                        format!(
                            "{}/{}:{line}:{column}: {} {}",
                            root.display(),
                            d.file,
                            d.diagnostic.code(),
                            d.diagnostic.message()
                        )
                    })
                    .collect();
                return Err(format!("the service folder does not load:\n  {}", problems.join("\n  ")));
            }
            let service = &loaded.service;
            let input = apim_executor::service::load_input(service, api, operation, file.product.as_deref())
                .map_err(|e| e.0)?;
            Subject {
                input,
                backends: apim_executor::service::backends(service),
                context: apim_executor::service::context(service, api, operation),
            }
        }
        _ => return Err("a test file names either `policy` or `service` (with `api` and `operation`)".to_owned()),
    };
    subject.input.params.clone_from(&file.params);
    for (name, value) in &file.named_values {
        subject.input.named_values.insert(name.clone(), NamedValue { value: value.clone(), secret: false });
    }
    for (name, value) in &file.secrets {
        subject.input.named_values.insert(name.clone(), NamedValue { value: value.clone(), secret: true });
    }
    for (id, relative) in &file.fragments {
        subject.input.fragments.insert(id.clone(), read(base, relative)?);
    }
    for (id, b) in &file.backends {
        subject.backends.insert(
            id.clone(),
            apim_executor::BackendEntity {
                url: b.url.clone(),
                headers: b.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                query: b.query.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                pool: b.pool.iter().map(crate::ai::PoolItem::to_member).collect(),
                circuit_breaker: b
                    .circuit_breaker
                    .as_ref()
                    .map(|c| c.to_rule().map_err(|e| format!("backend `{id}`: {e}")))
                    .transpose()?,
            },
        );
    }
    if let Some(context) = &file.context {
        merge(&mut subject.context, context);
    }
    Ok(subject)
}

fn load_errors(loaded: &apim_executor::Loaded) -> String {
    let mut lines = Vec::new();
    for (index, diagnostic) in &loaded.diagnostics {
        if diagnostic.severity() != apim_diagnostics::Severity::Error {
            continue;
        }
        let file = &loaded.files[*index];
        let (line, column) = line_col(&file.text, diagnostic.primary_span().start as usize);
        let help = diagnostic.help().map(|h| format!("\n    help: {h}")).unwrap_or_default();
        lines.push(format!("{}:{line}:{column}: {} {}{help}", file.path, diagnostic.code(), diagnostic.message()));
    }
    format!("the policy does not load:\n  {}", lines.join("\n  "))
}

fn run_inner(path: &Path, results: &mut Vec<CaseResult>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: TestFile = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_col(&text, span.start));
        format!("{}:{line}:{column}: {}\n  help: see `apim test --schema` for the format", path.display(), e.message())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let subject = subject(&file, base)?;
    let loaded = apim_executor::load(&subject.input);
    let Some(pipeline) = loaded.pipeline.as_ref() else { return Err(load_errors(&loaded)) };

    let start = match &file.start {
        Some(text) => parse_start(text).ok_or_else(|| format!("`start` is not a date: {text}"))?,
        None => apim_executor::clock::DEFAULT_START,
    };
    let clock = VirtualClock::new(start);
    let store = MemoryStore::default();
    let state = std::sync::Mutex::new(GatewayState::default());
    let backends = subject.backends;
    let documents: BTreeMap<String, String> = file
        .documents
        .iter()
        .map(|(url, doc)| (url.clone(), doc.as_str().map_or_else(|| doc.to_string(), str::to_owned)))
        .collect();
    for case in &file.cases {
        let failures =
            match run_case(case, &subject.context, base, pipeline, &clock, &store, &state, &backends, &documents) {
                Ok(failures) => failures,
                Err(error) => vec![error],
            };
        results.push(CaseResult { name: case.name.clone(), failures });
    }
    Ok(())
}

/// Milliseconds since the Unix epoch of an ISO 8601 instant, parsed as .NET does.
fn parse_start(text: &str) -> Option<i64> {
    let date = apim_dotnet::DateTime::parse(text, apim_dotnet::DateTime::MIN_VALUE).ok()?.to_universal_time();
    Some((date.ticks() - apim_dotnet::DateTime::UNIX_EPOCH_TICKS) / apim_dotnet::TimeSpan::TICKS_PER_MILLISECOND)
}

fn merge(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

fn build_request(request: &Request, base: &Path) -> Result<apim_http::Request, String> {
    let mut out = match &request.file {
        Some(relative) => {
            let path = base.join(relative);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            apim_http::parse_request(&bytes)
                .map_err(|e| format!("{}:{}:{}: {}\n  help: {}", path.display(), e.line, e.column, e.message, e.help))?
        }
        None => apim_http::Request {
            method: "GET".to_owned(),
            target: "/".to_owned(),
            headers: apim_http::Headers::new(),
            body: Vec::new(),
        },
    };
    if let Some(method) = &request.method {
        out.method = method.to_ascii_uppercase();
    }
    if let Some(url) = &request.url {
        out.target.clone_from(url);
    }
    for (name, value) in &request.headers {
        out.headers.set(name, value.clone());
    }
    if let Some(body) = &request.body {
        out.body = body.clone().into_bytes();
    }
    if let Some(json) = &request.json {
        out.body = serde_json::to_vec(json).unwrap_or_default();
        if !out.headers.contains("Content-Type") {
            out.headers.set("Content-Type", "application/json");
        }
    }
    Ok(out)
}

pub(crate) fn script(backend: &[BackendResponse]) -> Result<Vec<Scripted>, String> {
    backend
        .iter()
        .map(|b| {
            if let Some(why) = &b.fail {
                return Ok(Scripted::Fail(why.clone()));
            }
            let status = b.status.unwrap_or(200);
            let mut headers = apim_http::Headers::new();
            for (name, value) in &b.headers {
                headers.append(name.clone(), value.clone());
            }
            let mut body = b.body.clone().unwrap_or_default().into_bytes();
            if let Some(events) = &b.sse {
                body = crate::ai::sse_body(events);
                if !headers.contains("Content-Type") {
                    headers.append("Content-Type", "text/event-stream");
                }
            }
            if let Some(json) = &b.json {
                body = serde_json::to_vec(json).unwrap_or_default();
                if !headers.contains("Content-Type") {
                    headers.append("Content-Type", "application/json");
                }
            }
            let reason = b.reason.clone().unwrap_or_else(|| apim_executor::http::reason_phrase(status).to_owned());
            let delay_ms = match &b.delay {
                Some(d) => millis(d)?,
                None => 0,
            };
            Ok(Scripted::Respond { response: IncomingResponse::complete(status, reason, headers, body), delay_ms })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)] // one case needs the whole gateway
fn run_case(
    case: &Case,
    file_context: &serde_json::Value,
    base: &Path,
    pipeline: &apim_executor::Pipeline,
    clock: &VirtualClock,
    store: &dyn StateStore,
    state: &std::sync::Mutex<GatewayState>,
    backends: &BTreeMap<String, apim_executor::BackendEntity>,
    documents: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    use apim_executor::Clock;
    if let Some(advance) = &case.advance {
        clock.sleep(millis(advance)?);
    }
    let request = build_request(&case.request, base)?;
    let mut context = file_context.clone();
    if let Some(over) = &case.context {
        merge(&mut context, over);
    }
    let mut backend = crate::ai::RuleBackend::new(&case.backend_rule, ScriptedBackend::new(script(&case.backend)?))?;
    let mut calls_by_url: Vec<String> = Vec::new();
    let tracing = !case.expect.trace.is_empty();
    let repeat = case.repeat.unwrap_or(1).max(1);
    let mut statuses = Vec::new();
    let mut last = None;
    let lock = || state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (mut metrics_from, mut events_from) = (0, 0);
    for _ in 0..repeat {
        metrics_from = lock().metrics.len();
        events_from = lock().events.len();
        let mut env = Environment { clock, backend: &mut backend, store, state, backends, documents };
        let input = RequestInput {
            request: Some(request.clone()),
            context: Some(context.clone()),
            tracing,
            ..RequestInput::default()
        };
        let outcome = apim_executor::execute(pipeline, input, &mut env).map_err(|e| format!("context: {}", e.0))?;
        statuses.push(outcome.status);
        calls_by_url.extend(outcome.backend_calls.iter().map(|c| c.url.clone()));
        last = Some(outcome);
    }
    let Some(outcome) = last else { return Ok(Vec::new()) };
    let state = lock();
    let metrics = &state.metrics[metrics_from..];
    let events = &state.events[events_from..];
    let mut failures = crate::expect::check(&case.expect, &outcome, &statuses, metrics, events);
    crate::ai::check_call_counts(&case.expect, &calls_by_url, &mut failures);
    Ok(failures)
}
