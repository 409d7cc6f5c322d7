//! Per-request cost of running a loaded policy with a scripted backend (load once, run
//! many requests), from a pass-through policy to the corpus's zero-to-production policy
//! (managed identity, token limit, token metrics, retry around forward-request).

use std::collections::BTreeMap;
use std::hint::black_box;

use apim_catalog::Scope;
use apim_executor::{
    BackendEntity, Environment, GatewayState, IncomingResponse, LoadInput, MemoryStore, Pipeline, PolicySource,
    RequestInput, Scripted, ScriptedBackend, VirtualClock,
};
use criterion::{Criterion, criterion_group, criterion_main};

const PASS_THROUGH: &str = "<policies><inbound><base /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>";

fn load(text: &str, params: &[(&str, &str)]) -> Pipeline {
    let input = LoadInput {
        scopes: vec![PolicySource { scope: Scope::Api, path: "bench.xml".to_owned(), text: text.to_owned() }],
        params: params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        ..LoadInput::default()
    };
    let loaded = apim_executor::load(&input);
    let errors: Vec<String> = loaded.diagnostics.iter().map(|(_, d)| format!("{} {}", d.code(), d.message())).collect();
    loaded.pipeline.unwrap_or_else(|| panic!("the benchmark policy does not load: {errors:?}"))
}

fn chat_request() -> apim_http::Request {
    let mut headers = apim_http::Headers::new();
    headers.append("Host", "gateway.example");
    headers.append("Content-Type", "application/json");
    headers.append("api-key", "k");
    let body = br#"{"messages":[{"role":"user","content":"Say hello in three languages."}],"max_tokens":50}"#.to_vec();
    apim_http::Request {
        method: "POST".to_owned(),
        target: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21".to_owned(),
        headers,
        body,
    }
}

fn completion() -> Scripted {
    let mut headers = apim_http::Headers::new();
    headers.append("Content-Type", "application/json");
    let body = br#"{"id":"c1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hello, Hola, Bonjour"},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":6,"total_tokens":20}}"#.to_vec();
    Scripted::Respond { response: IncomingResponse::complete(200, "OK".to_owned(), headers, body), delay_ms: 0 }
}

fn context() -> serde_json::Value {
    serde_json::json!({
        "subscription": { "id": "sub-1", "key": "k" },
        "api": { "id": "openai", "path": "openai", "serviceUrl": "https://aoai.example/openai" },
        "ipAddress": "10.0.0.1"
    })
}

/// Runs one request; returns the status.
fn run(
    pipeline: &Pipeline,
    backends: &BTreeMap<String, BackendEntity>,
    request: &apim_http::Request,
    context: &serde_json::Value,
) -> u16 {
    let clock = VirtualClock::default();
    let mut backend = ScriptedBackend::new([completion()]);
    let store = MemoryStore::default();
    let state = std::sync::Mutex::new(GatewayState::default());
    let documents = BTreeMap::new();
    let mut env = Environment {
        clock: &clock,
        backend: &mut backend,
        store: &store,
        state: &state,
        backends,
        documents: &documents,
    };
    let input = RequestInput {
        request: Some(request.clone()),
        context: Some(context.clone()),
        tracing: false,
        ..RequestInput::default()
    };
    apim_executor::execute(pipeline, input, &mut env).map(|o| o.status).unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let mut backends = BTreeMap::new();
    backends.insert(
        "openai-backend".to_owned(),
        BackendEntity { url: "https://aoai.example/openai".to_owned(), ..BackendEntity::default() },
    );
    let request = chat_request();
    let context = context();

    let pass_through = load(PASS_THROUGH, &[]);
    assert_eq!(run(&pass_through, &backends, &request, &context), 200);
    c.bench_function("execute pass-through policy", |b| {
        b.iter(|| black_box(run(&pass_through, &backends, &request, &context)))
    });

    let path = apim_corpus::root().map(|root| root.join("ai-gateway/labs/zero-to-production/policy-3.xml"));
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
        eprintln!("SKIPPED zero-to-production: the corpus is not beside the checkout (set APIM_CORPUS)");
        return;
    };
    let production = load(&text, &[("backend-id", "openai-backend"), ("tpm", "100000"), ("retry-count", "2")]);
    let status = run(&production, &backends, &request, &context);
    assert_eq!(status, 200, "the zero-to-production policy must run to a 200 to be measured");
    c.bench_function("execute zero-to-production policy-3", |b| {
        b.iter(|| black_box(run(&production, &backends, &request, &context)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
