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
                let lowered = apim_ir::read(std::hint::black_box(&file.text), apim_ir::LowerOptions::default());
                std::hint::black_box(lowered);
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

criterion_group!(benches, read_lower);
criterion_main!(benches);
