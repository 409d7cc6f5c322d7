//! The state stores: one behavioural suite run on the memory store and on Redis, then
//! what only a shared store has to get right (concurrent instances, a server that dies
//! and comes back), and how policies fail open when it is down.

#[path = "support/redis_server.rs"]
mod redis_server;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use apim_catalog::Scope;
use apim_executor::ai_state::SemanticEntry;
use apim_executor::state::CachedValue;
use apim_executor::store::{PeriodLimits, PeriodSpan, PeriodUsage, WindowLimit};
use apim_executor::{
    CounterScope, Environment, GatewayState, LoadInput, MemoryStore, Outcome, PolicySource, RedisStore, RequestInput,
    ScriptedBackend, StateStore, StoreConfig, VirtualClock,
};
use redis_server::RedisServer;

const WINDOW: WindowLimit = WindowLimit { period_ms: 10_000, limit: 3 };

fn windows(store: &dyn StateStore) {
    for (at, total) in [(0, 0), (1000, 1), (2000, 2)] {
        let check = store.window_admit("w", WINDOW, at, 1, 1).unwrap();
        assert!(check.accepted, "call at {at}");
        assert_eq!((check.total, check.retry_after_ms), (total, 0));
    }
    // Full: the first hit frees its place at 10 000.
    let check = store.window_admit("w", WINDOW, 3000, 1, 1).unwrap();
    assert!(!check.accepted);
    assert_eq!((check.total, check.retry_after_ms), (3, 7000));
    // Two places are needed: the second hit frees at 11 000.
    assert_eq!(store.window_admit("w", WINDOW, 3000, 2, 2).unwrap().retry_after_ms, 8000);
    // Hits leave the window after exactly one period.
    let check = store.window_admit("w", WINDOW, 10_000, 1, 1).unwrap();
    assert!(check.accepted);
    assert_eq!(check.total, 2);
    // A check that counts nothing (tokens are counted after the response).
    let check = store.window_admit("tokens", WindowLimit { period_ms: 60_000, limit: 100 }, 0, 40, 0).unwrap();
    assert!(check.accepted);
    assert_eq!(store.window_add("tokens", 60_000, 0, 0).unwrap(), 0);
    assert_eq!(store.window_add("tokens", 60_000, 100, 70).unwrap(), 70);
    assert_eq!(store.window_add("tokens", 60_000, 200, 50).unwrap(), 120);
    let check = store.window_admit("tokens", WindowLimit { period_ms: 60_000, limit: 100 }, 300, 1, 0).unwrap();
    assert!(!check.accepted);
    // 50 are left after the first 70 expire at 60 100: under 100 again.
    assert_eq!((check.total, check.retry_after_ms), (120, 59_800));
    assert_eq!(store.window_add("tokens", 60_000, 60_100, 0).unwrap(), 50);
    // Counters are separate per key; a retry-after is at least one second.
    let tight = WindowLimit { period_ms: 500, limit: 1 };
    assert!(store.window_admit("other", tight, 0, 1, 1).unwrap().accepted);
    assert_eq!(store.window_admit("other", tight, 100, 1, 1).unwrap().retry_after_ms, 1000);
}

fn periods(store: &dyn StateStore) {
    let day = PeriodSpan { start: 0, end: 86_400_000 };
    let calls = PeriodLimits { calls: Some(2), bytes: None };
    assert_eq!(store.period_admit("q", day, calls, 1, 1).unwrap().usage, PeriodUsage { start: 0, calls: 1, bytes: 0 });
    assert!(store.period_admit("q", day, calls, 1, 1).unwrap().accepted);
    let third = store.period_admit("q", day, calls, 1, 1).unwrap();
    assert!(!third.accepted);
    assert_eq!(third.usage.calls, 2);
    // The next period starts from zero.
    let next = PeriodSpan { start: 86_400_000, end: 172_800_000 };
    let check = store.period_admit("q", next, calls, 1, 1).unwrap();
    assert!(check.accepted);
    assert_eq!(check.usage, PeriodUsage { start: 86_400_000, calls: 1, bytes: 0 });
    // Counted after the response: bytes, then the bandwidth limit is reached.
    assert_eq!(store.period_add("q", next, 0, 1500).unwrap().bytes, 1500);
    let bandwidth = PeriodLimits { calls: None, bytes: Some(1024) };
    assert!(!store.period_admit("q", next, bandwidth, 1, 1).unwrap().accepted);
    // The old period is over: what is added to it is dropped.
    assert_eq!(store.period_add("q", day, 5, 5).unwrap(), PeriodUsage { start: 86_400_000, calls: 1, bytes: 1500 });
    // A check with nothing to add (token quotas count after the response).
    let tokens = PeriodLimits { calls: Some(100), bytes: None };
    assert!(store.period_admit("t", day, tokens, 60, 0).unwrap().accepted);
    assert_eq!(store.period_add("t", day, 90, 0).unwrap().calls, 90);
    assert!(!store.period_admit("t", day, tokens, 11, 0).unwrap().accepted);
    // A period that never renews.
    let forever = PeriodSpan { start: -62_135_596_800_000, end: i64::MAX };
    assert!(store.period_admit("f", forever, calls, 1, 1).unwrap().accepted);
    assert_eq!(store.period_admit("f", forever, calls, 1, 1).unwrap().usage.calls, 2);
}

fn response() -> CachedValue {
    CachedValue::Response {
        status: 200,
        reason: "OK".to_owned(),
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: b"{\"answer\":42}\xff".to_vec(),
    }
}

fn caches(store: &dyn StateStore) {
    let values = [
        CachedValue::Text("hello".to_owned()),
        CachedValue::Int(-7),
        CachedValue::Double(2.5),
        CachedValue::Bool(true),
        CachedValue::Json("{\"a\":[1,2]}".to_owned()),
        response(),
    ];
    for (i, value) in values.iter().enumerate() {
        store.cache_put(&format!("k{i}"), value, 1000, 61_000).unwrap();
    }
    for (i, value) in values.iter().enumerate() {
        assert_eq!(store.cache_get(&format!("k{i}"), 60_999).unwrap().as_ref(), Some(value));
        assert_eq!(store.cache_get(&format!("k{i}"), 61_000).unwrap(), None, "expired at 61 000");
    }
    store.cache_put("gone", &values[0], 0, 10_000).unwrap();
    store.cache_remove("gone").unwrap();
    assert_eq!(store.cache_get("gone", 1).unwrap(), None);
    store.cache_remove("never stored").unwrap();
    // A zero duration keeps nothing, and replaces what was there.
    store.cache_put("zero", &values[0], 0, 10_000).unwrap();
    store.cache_put("zero", &values[1], 5, 5).unwrap();
    assert_eq!(store.cache_get("zero", 5).unwrap(), None);
}

fn semantic(store: &dyn StateStore) {
    let entry = |partition: &str, embedding: Vec<f32>, reply: &str, expires| SemanticEntry {
        partition: partition.to_owned(),
        embedding,
        response: CachedValue::Text(reply.to_owned()),
        expires,
    };
    assert_eq!(store.semantic_nearest("p", &[1.0, 0.0], 0).unwrap(), None);
    store.semantic_store(&entry("p", vec![1.0, 0.0], "east", 10_000), 0).unwrap();
    store.semantic_store(&entry("p", vec![0.0, 1.0], "north", 20_000), 0).unwrap();
    store.semantic_store(&entry("q", vec![0.9, 0.1], "other partition", 20_000), 0).unwrap();
    let (distance, nearest) = store.semantic_nearest("p", &[0.9, 0.1], 100).unwrap().expect("an entry");
    assert_eq!(nearest, CachedValue::Text("east".to_owned()));
    assert!(distance < 0.01, "distance {distance}");
    // Once "east" expired, "north" is the nearest left.
    let (distance, nearest) = store.semantic_nearest("p", &[0.9, 0.1], 10_000).unwrap().expect("an entry");
    assert_eq!(nearest, CachedValue::Text("north".to_owned()));
    assert!(distance > 0.5, "distance {distance}");
    assert_eq!(store.semantic_nearest("p", &[0.9, 0.1], 20_000).unwrap(), None);
}

fn behaves_as_a_store(store: &dyn StateStore) {
    windows(store);
    periods(store);
    caches(store);
    semantic(store);
}

#[test]
fn the_memory_store_behaves_as_a_store() {
    behaves_as_a_store(&MemoryStore::default());
}

#[test]
fn the_redis_store_behaves_as_a_store() {
    let Some(server) = RedisServer::start("the Redis store suite") else { return };
    behaves_as_a_store(&RedisStore::connect(&server.url(), "suite:").unwrap());
}

#[test]
fn keys_are_namespaced_by_prefix() {
    let Some(server) = RedisServer::start("Redis key prefixes") else { return };
    let one = RedisStore::connect(&server.url(), "one:").unwrap();
    let two = RedisStore::connect(&server.url(), "two:").unwrap();
    one.cache_put("k", &CachedValue::Int(1), 0, 60_000).unwrap();
    assert_eq!(two.cache_get("k", 1).unwrap(), None);
    assert!(one.window_admit("w", WindowLimit { period_ms: 60_000, limit: 1 }, 0, 1, 1).unwrap().accepted);
    assert!(two.window_admit("w", WindowLimit { period_ms: 60_000, limit: 1 }, 0, 1, 1).unwrap().accepted);
    let mut redis = redis::Client::open(server.url()).unwrap().get_connection().unwrap();
    let mut keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut redis).unwrap();
    keys.sort();
    assert_eq!(keys, ["one:cache:k", "one:window-total:w", "one:window:w", "two:window-total:w", "two:window:w"]);
    // Every key expires.
    for key in keys {
        let ttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut redis).unwrap();
        assert!(ttl > 0, "{key} has no expiry ({ttl})");
    }
}

#[test]
fn concurrent_instances_never_over_admit_nor_lose_an_increment() {
    let Some(server) = RedisServer::start("concurrent Redis counters") else { return };
    let shared = RedisStore::connect(&server.url(), "c:").unwrap();
    let own: Vec<RedisStore> = (0..4).map(|_| RedisStore::connect(&server.url(), "c:").unwrap()).collect();
    let limit = WindowLimit { period_ms: 60_000, limit: 100 };
    let big = WindowLimit { period_ms: 60_000, limit: i64::from(i32::MAX) };
    let day = PeriodSpan { start: 0, end: 86_400_000 };
    let accepted: Vec<usize> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|i| {
                // Half the threads share one store (its connection pool), half have their own.
                let store: &RedisStore = if i % 2 == 0 { &shared } else { &own[i / 2] };
                scope.spawn(move || {
                    let mut accepted = 0;
                    for n in 0..30 {
                        if store.window_admit("limited", limit, n, 1, 1).unwrap().accepted {
                            accepted += 1;
                        }
                        assert!(store.window_admit("counted", big, n, 1, 1).unwrap().accepted);
                        store.window_add("added", 60_000, n, 2).unwrap();
                        store.period_add("quota", day, 1, 3).unwrap();
                    }
                    accepted
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(accepted.iter().sum::<usize>(), 100, "240 attempts against a limit of 100: {accepted:?}");
    assert_eq!(shared.window_admit("counted", big, 100, 0, 0).unwrap().total, 240);
    assert_eq!(shared.window_add("added", 60_000, 100, 0).unwrap(), 480);
    assert_eq!(shared.period_add("quota", day, 0, 0).unwrap(), PeriodUsage { start: 0, calls: 240, bytes: 720 });
}

#[test]
fn two_connections_share_a_cache_entry() {
    let Some(server) = RedisServer::start("a shared Redis cache") else { return };
    let writer = RedisStore::connect(&server.url(), "apim:").unwrap();
    let reader = RedisStore::connect(&server.url(), "apim:").unwrap();
    writer.cache_put("value\u{1f}greeting", &response(), 0, 60_000).unwrap();
    assert_eq!(reader.cache_get("value\u{1f}greeting", 1).unwrap(), Some(response()));
    reader.cache_remove("value\u{1f}greeting").unwrap();
    assert_eq!(writer.cache_get("value\u{1f}greeting", 1).unwrap(), None);
}

#[test]
fn counter_scope_splits_counters_from_caches() {
    let Some(server) = RedisServer::start("counter scopes") else { return };
    let config = |counters| StoreConfig { redis: Some(server.url()), prefix: Some("scope:".to_owned()), counters };
    let limit = WindowLimit { period_ms: 60_000, limit: 1 };
    let (a, b) =
        (config(CounterScope::PerInstance).build().unwrap(), config(CounterScope::PerInstance).build().unwrap());
    assert_eq!((a.kind(), a.ping()), ("redis", Ok(())), "the caches are in Redis");
    assert!(a.window_admit("w", limit, 0, 1, 1).unwrap().accepted);
    assert!(b.window_admit("w", limit, 0, 1, 1).unwrap().accepted, "each instance counts its own calls");
    a.cache_put("k", &CachedValue::Bool(true), 0, 60_000).unwrap();
    assert_eq!(b.cache_get("k", 1).unwrap(), Some(CachedValue::Bool(true)), "caches are shared");
    let (a, b) = (config(CounterScope::Shared).build().unwrap(), config(CounterScope::Shared).build().unwrap());
    assert!(a.window_admit("s", limit, 0, 1, 1).unwrap().accepted);
    assert!(!b.window_admit("s", limit, 0, 1, 1).unwrap().accepted, "one count for both instances");
}

#[test]
fn configuration_errors_are_errors() {
    assert!(RedisStore::connect("not a url", "apim:").is_err());
    assert!(RedisStore::connect("http://127.0.0.1:1/", "apim:").is_err());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let refused = RedisStore::connect(&format!("redis://127.0.0.1:{port}/"), "apim:");
    assert!(refused.err().is_some_and(|e| e.0.contains("redis")), "nothing listens there");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!("per-instance".parse::<CounterScope>(), Ok(CounterScope::PerInstance));
    assert_eq!("shared".parse::<CounterScope>(), Ok(CounterScope::Shared));
    assert!("global".parse::<CounterScope>().is_err());
    let memory = StoreConfig::default().build().expect("no Redis: in memory");
    assert_eq!((memory.kind(), memory.ping()), ("memory", Ok(())));
}

#[test]
fn a_dead_server_gives_quick_errors_and_a_restarted_one_works_again() {
    let Some(mut server) = RedisServer::start("Redis failures") else { return };
    let store = RedisStore::connect(&server.url(), "apim:").unwrap();
    store.cache_put("k", &CachedValue::Int(1), 0, 600_000).unwrap();
    assert_eq!(store.kind(), "redis");
    assert_eq!(store.ping(), Ok(()));
    server.stop();
    assert!(store.ping().unwrap_err().0.starts_with("redis at 127.0.0.1:"));
    let limit = WindowLimit { period_ms: 60_000, limit: 5 };
    for _ in 0..3 {
        let started = Instant::now();
        assert!(store.cache_get("k", 1).is_err());
        assert!(store.cache_put("k", &CachedValue::Int(2), 1, 60_000).is_err());
        assert!(store.window_admit("w", limit, 1, 1, 1).is_err());
        assert!(store.period_add("p", PeriodSpan { start: 0, end: 1000 }, 1, 0).is_err());
        assert!(store.semantic_nearest("p", &[1.0], 1).is_err());
        assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    }
    server.restart();
    assert_eq!(store.ping(), Ok(()));
    // The server lost everything (no persistence), but the store connects again.
    assert_eq!(store.cache_get("k", 1).unwrap(), None);
    assert!(store.window_admit("w", limit, 1, 1, 1).unwrap().accepted);
    store.cache_put("k", &CachedValue::Int(3), 1, 60_000).unwrap();
    assert_eq!(store.cache_get("k", 2).unwrap(), Some(CachedValue::Int(3)));
}

/// Runs `policy` once against `store`, traced.
fn run(policy: &str, store: &dyn StateStore, state: &Mutex<GatewayState>) -> Outcome {
    let input = LoadInput {
        scopes: vec![PolicySource { scope: Scope::Api, path: "api.xml".to_owned(), text: policy.to_owned() }],
        ..LoadInput::default()
    };
    let loaded = apim_executor::load(&input);
    let pipeline = loaded.pipeline.expect("the policy loads");
    let clock = VirtualClock::default();
    let mut backend = ScriptedBackend::new([]);
    let (backends, documents) = (BTreeMap::new(), BTreeMap::new());
    let mut env =
        Environment { clock: &clock, backend: &mut backend, store, state, backends: &backends, documents: &documents };
    let context = serde_json::json!({"subscription": {"id": "sub-1"}});
    let request = apim_http::Request {
        method: "GET".to_owned(),
        target: "/orders".to_owned(),
        headers: apim_http::Headers::new(),
        body: Vec::new(),
    };
    let input =
        RequestInput { request: Some(request), context: Some(context), tracing: true, ..RequestInput::default() };
    apim_executor::execute(&pipeline, input, &mut env).expect("runs")
}

fn message_of(outcome: &Outcome, source: &str) -> String {
    let entry = outcome.trace.inbound.iter().find(|e| e.source == source);
    entry.unwrap_or_else(|| panic!("no {source} in the trace: {:?}", outcome.trace.inbound)).message.clone()
}

const CACHED_GREETING: &str = r#"<policies><inbound>
    <cache-store-value key="greeting" value="hello" duration="60" />
    <cache-lookup-value key="greeting" variable-name="greeting" default-value="fallback" />
    <return-response><set-status code="200" reason="OK" /><set-body>@((string)context.Variables["greeting"])</set-body></return-response>
</inbound><backend /><outbound /><on-error /></policies>"#;

const LIMITED: &str = r#"<policies><inbound>
    <rate-limit-by-key calls="1" renewal-period="60" counter-key="k" />
    <return-response><set-status code="200" reason="OK" /></return-response>
</inbound><backend /><outbound /><on-error /></policies>"#;

#[test]
fn policies_fail_open_when_the_store_is_down() {
    let Some(mut server) = RedisServer::start("policies on a dead Redis") else { return };
    let store = RedisStore::connect(&server.url(), "apim:").unwrap();
    let state = Mutex::new(GatewayState::default());
    let up = run(CACHED_GREETING, &store, &state);
    assert_eq!((up.status, String::from_utf8_lossy(&up.body).into_owned()), (200, "hello".to_owned()));

    server.stop();
    let down = run(CACHED_GREETING, &store, &state);
    assert_eq!(down.status, 200, "{:?}", down.error);
    assert_eq!(String::from_utf8_lossy(&down.body), "fallback", "the lookup is a miss");
    assert!(message_of(&down, "cache-store-value").contains("cache unavailable"));
    let lookup = message_of(&down, "cache-lookup-value");
    assert!(lookup.contains("cache unavailable") && lookup.contains("miss"), "{lookup}");

    // Counters go on per instance: the limit still holds.
    let first = run(LIMITED, &store, &state);
    assert_eq!(first.status, 200);
    assert!(message_of(&first, "rate-limit-by-key").contains("counted on this gateway instance"));
    assert_eq!(run(LIMITED, &store, &state).status, 429);
}
