//! What a rate-limit check and a cache read cost in each store: the in-memory one, and a
//! local `redis-server` (one round trip each; skipped, with the reason, when
//! `redis-server` is not installed).

#[path = "../tests/support/redis_server.rs"]
mod redis_server;

use std::hint::black_box;

use apim_executor::state::CachedValue;
use apim_executor::store::WindowLimit;
use apim_executor::{MemoryStore, RedisStore, StateStore};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_store(c: &mut Criterion, name: &str, store: &dyn StateStore) {
    // A limit never reached, with a full window of 100 hits to scan.
    let limit = WindowLimit { period_ms: 60_000, limit: 1_000_000 };
    for now in 0..100 {
        store.window_admit("bench-limit", limit, now, 1, 1).expect("the store answers");
    }
    let mut now = 100;
    c.bench_function(&format!("{name}/rate_limit_check"), |b| {
        b.iter(|| {
            // Each hit replaces one that leaves the window: the window stays at 100.
            now += 1;
            black_box(store.window_admit("bench-limit", WindowLimit { period_ms: 100, ..limit }, now, 1, 1))
        });
    });
    let value = CachedValue::Response {
        status: 200,
        reason: "OK".to_owned(),
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: br#"{"id":"order-1","items":[{"sku":"a","qty":2},{"sku":"b","qty":1}],"total":42.5}"#.to_vec(),
    };
    store.cache_put("bench-cache", &value, 0, 3_600_000).expect("the store answers");
    c.bench_function(&format!("{name}/cache_get"), |b| b.iter(|| black_box(store.cache_get("bench-cache", 1))));
}

fn bench(c: &mut Criterion) {
    bench_store(c, "memory", &MemoryStore::default());
    let Some(server) = redis_server::RedisServer::start("the Redis store bench") else { return };
    let store = RedisStore::connect(&server.url(), "bench:").expect("the local redis-server answers");
    bench_store(c, "redis", &store);
}

criterion_group!(benches, bench);
criterion_main!(benches);
