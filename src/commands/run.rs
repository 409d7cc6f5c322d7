//! `apim run`: runs one request through a policy with scripted backend responses and
//! prints the response the caller would get.

use std::collections::BTreeMap;
use std::path::Path;

use apim_diagnostics::FileDiagnostics;
use apim_diagnostics::render::{GraphicalOptions, graphical};
use apim_executor::{
    Environment, GatewayState, LoadInput, MemoryStore, NamedValue, Outcome, PolicySource, RequestInput, Scripted,
    ScriptedBackend, VirtualClock,
};

use crate::args::{RunArgs, RunFormat};
use crate::exit::ExitStatus;
use crate::files;

pub fn run(args: &RunArgs) -> ExitStatus {
    match run_inner(args) {
        Ok(status) => status,
        Err(message) => {
            eprintln!("error: {message}");
            ExitStatus::Error
        }
    }
}

/// `NAME=VALUE` pairs.
pub fn pairs(items: &[String], what: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for item in items {
        let Some((name, value)) = item.split_once('=') else {
            return Err(format!("{what} `{item}` is not NAME=VALUE"));
        };
        out.insert(name.trim().to_owned(), value.to_owned());
    }
    Ok(out)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Prints load diagnostics (warnings too) to stderr; `true` when the load failed.
pub fn report_load(loaded: &apim_executor::Loaded) -> bool {
    let options = GraphicalOptions { color: super::use_color_stderr(), ..GraphicalOptions::default() };
    for (index, file) in loaded.files.iter().enumerate() {
        let diagnostics: Vec<_> =
            loaded.diagnostics.iter().filter(|(f, _)| *f == index).map(|(_, d)| d.clone()).collect();
        if diagnostics.is_empty() {
            continue;
        }
        let shown = FileDiagnostics { path: &file.path, source: &file.text, diagnostics: &diagnostics };
        eprint!("{}", graphical(&shown, options));
    }
    loaded.pipeline.is_none()
}

fn run_inner(args: &RunArgs) -> Result<ExitStatus, String> {
    let text = files::read(&args.policy)?;
    let mut input = LoadInput {
        scopes: vec![PolicySource { scope: args.scope.into(), path: files::display(&args.policy), text }],
        params: pairs(&args.params, "--param")?,
        ..LoadInput::default()
    };
    for (name, value) in pairs(&args.named_values, "--named-value")? {
        input.named_values.insert(name, NamedValue { value, secret: false });
    }
    for (name, value) in pairs(&args.secrets, "--secret")? {
        input.named_values.insert(name, NamedValue { value, secret: true });
    }
    for (id, file) in pairs(&args.fragments, "--fragment")? {
        let path = Path::new(&file);
        input.fragments.insert(id, (files::display(path), files::read(path)?));
    }
    let loaded = apim_executor::load(&input);
    if report_load(&loaded) {
        return Ok(ExitStatus::Failure);
    }
    let Some(pipeline) = loaded.pipeline else { return Ok(ExitStatus::Failure) };

    let request = match &args.request {
        Some(path) => Some(apim_http::parse_request(&read_bytes(path)?).map_err(|e| {
            format!("{}:{}:{}: {}\n  help: {}", files::display(path), e.line, e.column, e.message, e.help)
        })?),
        None => None,
    };
    let context = match &args.context {
        Some(path) => {
            let text = files::read(path)?;
            Some(serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                format!(
                    "{}:{}:{}: {e}\n  help: the context is a JSON object (see `apim eval --help`)",
                    files::display(path),
                    e.line(),
                    e.column()
                )
            })?)
        }
        None => None,
    };
    let mut script = Vec::new();
    for path in &args.backend_responses {
        let response = apim_http::parse_response(&read_bytes(path)?).map_err(|e| {
            format!("{}:{}:{}: {}\n  help: {}", files::display(path), e.line, e.column, e.message, e.help)
        })?;
        script.push(Scripted::Respond {
            response: apim_executor::IncomingResponse::complete(
                response.status,
                response.reason,
                response.headers,
                response.body,
            ),
            delay_ms: 0,
        });
    }
    let clock = VirtualClock::default();
    let mut backend = ScriptedBackend::new(script);
    let store = MemoryStore::default();
    let state = std::sync::Mutex::new(GatewayState::default());
    let backends = BTreeMap::new();
    let documents = BTreeMap::new();
    let mut env = Environment {
        clock: &clock,
        backend: &mut backend,
        store: &store,
        state: &state,
        backends: &backends,
        documents: &documents,
    };
    let outcome = apim_executor::execute(
        &pipeline,
        RequestInput { request, context, tracing: args.trace, ..RequestInput::default() },
        &mut env,
    )
    .map_err(|e| format!("--context: {}", e.0))?;
    match args.format {
        RunFormat::Http => {
            print!("{}", raw_response(&outcome));
            if args.trace {
                eprintln!("{}", serde_json::to_string_pretty(&outcome.trace).unwrap_or_default());
            }
        }
        RunFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&outcome_json(&outcome, args.trace)).unwrap_or_default())
        }
    }
    Ok(ExitStatus::Success)
}

/// The response as a raw HTTP/1.1 message.
pub fn raw_response(outcome: &Outcome) -> String {
    let mut out = format!("HTTP/1.1 {} {}\r\n", outcome.status, outcome.reason);
    for (name, value) in outcome.headers.iter() {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&String::from_utf8_lossy(&outcome.body));
    out
}

/// `{"status", "reason", "headers", "body", "backend_calls", "variables", "trace"?}`.
pub fn outcome_json(outcome: &Outcome, trace: bool) -> serde_json::Value {
    let headers = |h: &apim_http::Headers| {
        let mut map = serde_json::Map::new();
        for name in h.names() {
            map.insert(name.to_owned(), h.get_all(name).map(|v| serde_json::Value::String(v.to_owned())).collect());
        }
        serde_json::Value::Object(map)
    };
    let calls: Vec<_> = outcome
        .backend_calls
        .iter()
        .map(|c| {
            serde_json::json!({
                "method": c.method,
                "url": c.url,
                "headers": headers(&c.headers),
                "body": String::from_utf8_lossy(&c.body),
            })
        })
        .collect();
    let variables: serde_json::Map<String, serde_json::Value> = outcome
        .variables
        .iter()
        .map(|(name, type_name, value)| (name.clone(), serde_json::json!({ "type": type_name, "value": value })))
        .collect();
    let mut json = serde_json::json!({
        "status": outcome.status,
        "reason": outcome.reason,
        "headers": headers(&outcome.headers),
        "body": String::from_utf8_lossy(&outcome.body),
        "backend_calls": calls,
        "variables": variables,
    });
    if trace && let Some(object) = json.as_object_mut() {
        object.insert("trace".to_owned(), serde_json::to_value(&outcome.trace).unwrap_or_default());
    }
    json
}
