//! Every real policy of the shared corpus loads and runs through the executor without a
//! panic: placeholders and named values are filled with "1", each document gets a chat
//! completion request, and whatever its policies do (forward, refuse, fail in an
//! expression, reach a policy apim does not emulate) the caller gets a response.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use apim_catalog::Scope;
use apim_executor::{
    BackendEntity, Environment, GatewayState, IncomingResponse, LoadInput, MemoryStore, NamedValue, PolicySource,
    RequestInput, Scripted, ScriptedBackend, VirtualClock,
};

fn is_fragment(text: &str) -> bool {
    matches!(apim_ir::read(text, apim_ir::LowerOptions::default()).document.root, apim_ir::Root::Fragment(_))
}

/// The fragment a document's `include-fragment fragment-id` means, as these repositories
/// deploy them: a file of that name in the document's folder (the toolkit's `-v2` folders
/// deploy `x.xml` as `x-v2`), else any corpus fragment with that file name.
fn find_fragment<'a>(
    id: &str,
    document: &Path,
    fragments: &'a [apim_corpus::CorpusFile],
) -> Option<&'a apim_corpus::CorpusFile> {
    let stem =
        |f: &apim_corpus::CorpusFile| f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let here = |f: &&apim_corpus::CorpusFile| f.path.parent() == document.parent();
    let short = id.strip_suffix("-v2").unwrap_or(id);
    fragments
        .iter()
        .filter(here)
        .find(|f| stem(f) == id || stem(f) == short)
        .or_else(|| fragments.iter().find(|f| stem(f) == id))
}

/// The document with its placeholders and named values filled.
fn fill(text: &str) -> LoadInput {
    let mut input = LoadInput::default();
    for (_, name) in apim_ir::placeholders(text) {
        input.params.insert(name, "1".to_owned());
    }
    for name in apim_ir::named_value_refs(text) {
        input.named_values.insert(name, NamedValue { value: "1".to_owned(), secret: false });
    }
    input.scopes.push(PolicySource { scope: Scope::Api, path: "corpus.xml".to_owned(), text: text.to_owned() });
    input
}

#[test]
fn every_corpus_policy_runs_to_a_response() {
    let documents = apim_corpus::real_documents();
    let count = documents.len();
    if count == 0 {
        assert!(std::env::var_os("CI").is_none(), "the corpus is missing under CI");
        println!("SKIPPED: the corpus is not beside the checkout (set APIM_CORPUS)");
        return;
    }
    let mut request = apim_http::Request {
        method: "POST".to_owned(),
        target: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21".to_owned(),
        headers: apim_http::Headers::new(),
        body: br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hello"}],"max_tokens":10}"#.to_vec(),
    };
    request.headers.append("Content-Type", "application/json");
    request.headers.append("api-key", "k");
    let completion = br#"{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}"#;
    let context = serde_json::json!({
        "subscription": { "id": "sub-1", "key": "k", "name": "team" },
        "user": { "id": "u1", "email": "ada@example.com" },
        "api": { "id": "openai", "path": "openai", "serviceUrl": "https://aoai.example/openai" },
        "operation": { "id": "chat", "method": "POST", "urlTemplate": "/deployments/{deployment-id}/chat/completions" },
        "ipAddress": "10.0.0.1"
    });
    let mut backends = BTreeMap::new();
    backends.insert(
        "1".to_owned(),
        BackendEntity { url: "https://aoai.example/openai".to_owned(), ..BackendEntity::default() },
    );
    let (fragments, runnable): (Vec<_>, Vec<_>) = documents.into_iter().partition(|d| is_fragment(&d.text));
    let (mut ran, mut not_loaded) = (0, Vec::new());
    for document in &runnable {
        let mut input = fill(&document.text);
        let included: Vec<String> = document
            .text
            .split("fragment-id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_owned))
            .collect();
        for id in included {
            if let Some(fragment) = find_fragment(&id, &document.path, &fragments) {
                let filled = fill(&fragment.text);
                input.params.extend(filled.params);
                input.named_values.extend(filled.named_values);
                input.fragments.insert(id, (fragment.name.clone(), fragment.text.clone()));
            }
        }
        let loaded = apim_executor::load(&input);
        let Some(pipeline) = loaded.pipeline else {
            let errors: Vec<String> =
                loaded.diagnostics.iter().map(|(_, d)| format!("{} {}", d.code(), d.message())).collect();
            not_loaded.push(format!("{}: {errors:?}", document.name));
            continue;
        };
        let clock = VirtualClock::default();
        let response = IncomingResponse::complete(200, "OK".to_owned(), apim_http::Headers::new(), completion.to_vec());
        let mut backend =
            ScriptedBackend::new((0..5).map(|_| Scripted::Respond { response: response.clone(), delay_ms: 0 }));
        let store = MemoryStore::default();
        let state = Mutex::new(GatewayState::default());
        let docs = BTreeMap::new();
        let mut env = Environment {
            clock: &clock,
            backend: &mut backend,
            store: &store,
            state: &state,
            backends: &backends,
            documents: &docs,
        };
        let input = RequestInput {
            request: Some(request.clone()),
            context: Some(context.clone()),
            tracing: true,
            ..RequestInput::default()
        };
        let outcome =
            apim_executor::execute(&pipeline, input, &mut env).unwrap_or_else(|e| panic!("{}: {}", document.name, e.0));
        assert!((100..600).contains(&outcome.status), "{}: status {}", document.name, outcome.status);
        ran += 1;
    }
    // Documents whose expressions C# would not compile cannot be loaded (as in APIM).
    assert!(not_loaded.len() <= 10, "{} corpus documents do not load:\n{}", not_loaded.len(), not_loaded.join("\n"));
    let total = runnable.len();
    assert!(ran + not_loaded.len() == total && ran + 10 >= total, "only {ran} of {total} documents ran");
}
