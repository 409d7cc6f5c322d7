//! Prompt-token estimation throughput: tiktoken over English prose (this repository's
//! README, as a stand-in for a long prompt) and a whole chat request body.

use apim_llm::{Encoding, Prompt};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PROSE: &str = include_str!("../../../README.md");

fn chat_body() -> Vec<u8> {
    let messages: Vec<serde_json::Value> = PROSE
        .split("\n\n")
        .enumerate()
        .map(|(i, p)| serde_json::json!({"role": if i % 2 == 0 { "user" } else { "assistant" }, "content": p}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"model": "gpt-4o", "messages": messages})).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("prompt_tokens");
    group.throughput(Throughput::Bytes(PROSE.len() as u64));
    for encoding in [Encoding::O200k, Encoding::Cl100k] {
        let _ = encoding.count("warm up the singleton");
        group.bench_function(format!("count_text/{}", encoding.name()), |b| b.iter(|| encoding.count(PROSE)));
    }
    let body = chat_body();
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("estimate_chat_body/o200k_base", |b| {
        b.iter(|| {
            let prompt = Prompt::from_body(&body);
            prompt.estimate_tokens(prompt.encoding(None))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
