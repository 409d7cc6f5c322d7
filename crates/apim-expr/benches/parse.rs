//! Expression parsing throughput over every `@(...)` and `@{...}` of the real corpus.
//!
//! `cargo bench -p apim-expr --bench parse`; the corpus comes from `$APIM_CORPUS` or
//! `../shared/corpus`.

use apim_syntax::Expression;
use apim_syntax::tree::{Content, Node};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn expressions() -> Vec<Expression> {
    fn walk(nodes: &[Node], out: &mut Vec<Expression>) {
        for node in nodes {
            let value = match node {
                Node::Element(element) => {
                    out.extend(
                        element.attributes.iter().filter_map(|attribute| attribute.value.as_expression().cloned()),
                    );
                    walk(&element.children, out);
                    continue;
                }
                Node::Text(text) => &text.value,
                Node::CData(cdata) => &cdata.value,
                _ => continue,
            };
            if let Content::Expression(expression) = &value.content {
                out.push(expression.clone());
            }
        }
    }
    let mut out = Vec::new();
    for file in apim_corpus::real_documents() {
        walk(&apim_syntax::parse(&file.text).document.nodes, &mut out);
    }
    out
}

fn parse(c: &mut Criterion) {
    let expressions = expressions();
    let bytes: usize = expressions.iter().map(|expression| expression.code.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse expressions", |b| {
        b.iter(|| {
            for expression in &expressions {
                std::hint::black_box(apim_expr::parse(std::hint::black_box(&expression.code), expression.kind));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
