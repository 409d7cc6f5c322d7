//! Linting the whole real corpus: read, check, every lint rule (one core).
//!
//! `cargo bench -p apim-lint --bench lint_corpus`; the corpus comes from `$APIM_CORPUS`
//! or `../shared/corpus`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn lint_corpus(c: &mut Criterion) {
    let documents = apim_corpus::real_documents();
    let bytes: usize = documents.iter().map(|file| file.text.len()).sum();
    let settings = apim_lint::Settings::all();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("lint", |b| {
        b.iter(|| {
            for file in &documents {
                std::hint::black_box(apim_lint::lint(std::hint::black_box(&file.text), &settings));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, lint_corpus);
criterion_main!(benches);
