//! Per-request cost of the token-limit + token-metrics pipeline: load once, then run a
//! chat request through llm-token-limit (with the prompt estimate) and
//! llm-emit-token-metric against a backend that reports usage, on a virtual clock that
//! moves one second per request (so the minute's window holds 60 entries).

use std::collections::BTreeMap;

use apim_catalog::Scope;
use apim_executor::{
    Backend, BackendFailure, Clock, Environment, GatewayState, IncomingResponse, LoadInput, MemoryStore, Millis,
    OutgoingRequest, PolicySource, RequestInput, VirtualClock,
};
use criterion::{Criterion, criterion_group, criterion_main};

const POLICY: &str = r#"<policies>
    <inbound>
        <base />
        <llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="1000000000"
            estimate-prompt-tokens="true" remaining-tokens-header-name="x-remaining-tokens"
            tokens-consumed-header-name="x-tokens-consumed" />
        <llm-emit-token-metric namespace="ai-gateway">
            <dimension name="Subscription ID" />
            <dimension name="API ID" />
        </llm-emit-token-metric>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>"#;

/// Always answers with a chat completion and its usage.
struct Model(Vec<u8>);

impl Backend for Model {
    fn send(&mut self, _: &OutgoingRequest, _: Millis, _: &dyn Clock) -> Result<IncomingResponse, BackendFailure> {
        let mut headers = apim_http::Headers::new();
        headers.set("Content-Type", "application/json");
        Ok(IncomingResponse::complete(200, "OK".to_owned(), headers, self.0.clone()))
    }
}

fn bench(c: &mut Criterion) {
    let input = LoadInput {
        scopes: vec![PolicySource { scope: Scope::Api, path: "policy.xml".to_owned(), text: POLICY.to_owned() }],
        ..LoadInput::default()
    };
    let loaded = apim_executor::load(&input);
    let pipeline = loaded.pipeline.expect("the benchmark policy loads");
    let body = serde_json::json!({
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are a helpful assistant that answers briefly."},
            {"role": "user", "content": "Summarise the main risks of running a large language model gateway without token limits, in three bullet points."}
        ]
    });
    let request = apim_http::Request {
        method: "POST".to_owned(),
        target: "/openai/deployments/gpt-4o/chat/completions".to_owned(),
        headers: {
            let mut h = apim_http::Headers::new();
            h.set("Content-Type", "application/json");
            h
        },
        body: serde_json::to_vec(&body).unwrap_or_default(),
    };
    let context = serde_json::json!({"subscription": {"id": "sub-1"}, "api": {"id": "openai", "path": "openai"}});
    let answer = br#"{"choices":[{"message":{"role":"assistant","content":"- cost\n- abuse\n- outages"}}],"usage":{"prompt_tokens":48,"completion_tokens":12,"total_tokens":60}}"#;
    let mut model = Model(answer.to_vec());
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    let state = std::sync::Mutex::new(GatewayState::default());
    let backends = BTreeMap::new();
    let documents = BTreeMap::new();
    c.bench_function("token_limit_and_metrics_per_request", |b| {
        b.iter(|| {
            clock.sleep(1000);
            state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).metrics.clear();
            let mut env = Environment {
                clock: &clock,
                backend: &mut model,
                store: &store,
                state: &state,
                backends: &backends,
                documents: &documents,
            };
            let input = RequestInput {
                request: Some(request.clone()),
                context: Some(context.clone()),
                tracing: false,
                ..RequestInput::default()
            };
            let outcome = apim_executor::execute(&pipeline, input, &mut env).expect("runs");
            assert_eq!(outcome.status, 200);
            outcome
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
