//! Read + lower throughput over the real corpus (MB/s on one core).
//!
//! `cargo bench -p apim-ir --bench read_lower`; the corpus comes from `$APIM_CORPUS` or
//! `../shared/corpus`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn read_lower(c: &mut Criterion) {
    let documents = apim_corpus::real_documents();
    let bytes: usize = documents.iter().map(|file| file.text.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            for file in &documents {
                std::hint::black_box(apim_syntax::parse(std::hint::black_box(&file.text)));
            }
        });
    });
    group.bench_function("read+lower", |b| {
        b.iter(|| {
            for file in &documents {
                let parsed = apim_syntax::parse(std::hint::black_box(&file.text));
                let lowered = apim_ir::lower(&parsed.document, &file.text, apim_ir::LowerOptions::default());
                std::hint::black_box((parsed.diagnostics, lowered));
            }
        });
    });
    group.bench_function("check (read+lower+expressions)", |b| {
        b.iter(|| {
            for file in &documents {
                let lowered = apim_ir::read(std::hint::black_box(&file.text), apim_ir::LowerOptions::default());
                std::hint::black_box(lowered);
            }
        });
    });
    let expressions: Vec<(String, apim_syntax::ExpressionKind)> =
        documents.iter().flat_map(|file| expressions_of(&file.text)).collect();
    group.bench_function("parse expressions", |b| {
        b.iter(|| {
            for (code, kind) in &expressions {
                std::hint::black_box(apim_expr::parse(std::hint::black_box(code), *kind));
            }
        });
    });
    let parsed: Vec<_> =
        expressions.iter().filter_map(|(code, kind)| Some((apim_expr::parse(code, *kind).ast?, code))).collect();
    group.bench_function("check expressions", |b| {
        b.iter(|| {
            for (ast, code) in &parsed {
                std::hint::black_box(apim_expr::check::check(std::hint::black_box(ast), code));
            }
        });
    });
    group.bench_function("fmt", |b| {
        b.iter(|| {
            for file in &documents {
                std::hint::black_box(apim_syntax::format(std::hint::black_box(&file.text)).ok());
            }
        });
    });
    group.finish();
}

/// The code of every expression in a document.
fn expressions_of(text: &str) -> Vec<(String, apim_syntax::ExpressionKind)> {
    fn walk(nodes: &[apim_syntax::tree::Node], out: &mut Vec<(String, apim_syntax::ExpressionKind)>) {
        use apim_syntax::tree::{Content, Node};
        for node in nodes {
            match node {
                Node::Element(element) => {
                    for attribute in &element.attributes {
                        if let Content::Expression(e) = &attribute.value.content {
                            out.push((e.code.clone(), e.kind));
                        }
                    }
                    walk(&element.children, out);
                }
                Node::Text(text) => {
                    if let Content::Expression(e) = &text.value.content {
                        out.push((e.code.clone(), e.kind));
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&apim_syntax::parse(text).document.nodes, &mut out);
    out
}

criterion_group!(benches, read_lower);
criterion_main!(benches);
