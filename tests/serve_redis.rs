//! Several `apim serve` processes on one Redis behaving as one gateway: shared caches and
//! counters, `counters = "per-instance"`, Redis dying and coming back, `/health`, and a
//! bounded soak test with mixed traffic (`APIM_SOAK_SECONDS`, 60 by default).
//!
//! Every test starts its own `redis-server` on a free loopback port. Without one
//! installed the Redis tests fail under CI (`CI` set) and print SKIPPED elsewhere.

#[path = "../crates/apim-executor/tests/support/redis_server.rs"]
mod redis_server;
mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis_server::RedisServer;
use support::listening::Listening;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/services/shared-state")
}

/// A fresh `redis-server`, or `None` after printing SKIPPED when none is installed
/// (outside CI; under CI a missing server fails the test).
fn redis(what: &str) -> Option<RedisServer> {
    let installed = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        let message = format!("{what}: redis-server is not installed (scripts/install-test-prereqs)");
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        return None;
    }
    RedisServer::start(what)
}

/// A running `apim serve`; killed on drop.
struct Server {
    process: Listening,
    /// `host:port`, no scheme (the client below speaks to sockets).
    gateway: String,
    admin: String,
}

impl Server {
    fn start(folder: &Path, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
        command.arg("serve").arg(folder).args(["--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"]).args(extra);
        let process = Listening::start(
            command,
            &["apim serve: gateway listening on http://", "apim serve: admin (metrics, traces, health) on http://"],
        );
        let (gateway, admin) = (process.addresses[0].clone(), process.addresses[1].clone());
        Server { process, gateway, admin }
    }

    fn with_redis(redis: &RedisServer) -> Server {
        Server::start(&fixture(), &["--redis", &redis.url()])
    }

    fn stderr(&self) -> String {
        self.process.stderr()
    }

    /// One request on a new connection to the gateway.
    fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        Client::connect(&self.gateway).send(method, path, headers, body).expect("the gateway answers")
    }

    fn admin(&self, path: &str) -> Reply {
        Client::connect(&self.admin).send("GET", path, &[], "").expect("the admin port answers")
    }

    fn health(&self) -> (u16, serde_json::Value) {
        let reply = self.admin("/health");
        (reply.status, reply.json())
    }

    /// `apim_requests_total` (api, operation, status) and `apim_backend_calls_total`
    /// (backend, status) from `/metrics`.
    fn metrics(&self) -> Metrics {
        let text = self.admin("/metrics").body;
        let mut metrics = Metrics::default();
        for line in text.lines() {
            let Some((series, value)) = line.rsplit_once(' ') else { continue };
            let Some((name, labels)) = series.split_once('{') else { continue };
            let labels = labels.trim_end_matches('}');
            let label = |wanted: &str| {
                labels.split(',').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    (k == wanted).then(|| v.trim_matches('"').to_owned())
                })
            };
            let Ok(count) = value.parse::<u64>() else { continue };
            match name {
                "apim_requests_total" => {
                    let key = (label("api").unwrap(), label("operation").unwrap(), status_of(&label("status")));
                    *metrics.requests.entry(key).or_default() += count;
                }
                "apim_backend_calls_total" => {
                    let key = (label("backend").unwrap(), label("status").unwrap());
                    *metrics.backend_calls.entry(key).or_default() += count;
                }
                _ => {}
            }
        }
        metrics
    }

    fn rss_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.process.child.id())).expect("/proc/<pid>/status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS in kB")
    }
}

fn status_of(label: &Option<String>) -> u16 {
    label.as_deref().and_then(|s| s.parse().ok()).expect("a numeric status label")
}

#[derive(Debug, Default)]
struct Metrics {
    requests: BTreeMap<(String, String, u16), u64>,
    backend_calls: BTreeMap<(String, String), u64>,
}

impl Metrics {
    fn requests(&self, api: &str, operation: &str, status: u16) -> u64 {
        self.requests.get(&(api.to_owned(), operation.to_owned(), status)).copied().unwrap_or(0)
    }
}

/// A response: status, headers (lower-cased names), body.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// An HTTP/1.1 client on one keep-alive connection (std only: no curl per request).
struct Client {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Client {
    fn connect(host: &str) -> Client {
        let stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream.set_nodelay(true).unwrap();
        Client { reader: BufReader::new(stream), host: host.to_owned() }
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> std::io::Result<Reply> {
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n", self.host, body.len());
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        self.reader.get_mut().write_all(request.as_bytes())?;
        self.read_reply()
    }

    fn read_reply(&mut self) -> std::io::Result<Reply> {
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
        }
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad(&line))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            let (name, value) = trimmed.split_once(':').ok_or_else(|| bad(trimmed))?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let mut body = Vec::new();
        if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| bad("chunk size"))?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            let length = header("content-length").map_or(Ok(0), |v| v.parse().map_err(|_| bad("content-length")))?;
            body.resize(length, 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok(Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
    }
}

const CHAT: &str = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
const BUDGET_CHAT: &str = "/budget/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
const KEY: (&str, &str) = ("api-key", "team-key");

fn chat_body(text: &str, stream: bool) -> String {
    serde_json::json!({ "messages": [{ "role": "user", "content": text }], "stream": stream }).to_string()
}

/// A prompt of about 40 tokens: the mock's answer repeats it, so one call spends more
/// than the budget API's 60 tokens a minute.
fn long_prompt() -> String {
    "Please tell me everything about the weather in the mountains this week. ".repeat(3)
}

/// `per_instance` clients hammer `GET /limited/call` through `servers` (each client
/// alternates between them, so each instance gets the same number of calls); the
/// statuses per instance.
fn spend_call_budget(servers: &[&Server], clients: usize, calls_per_client: usize) -> Vec<BTreeMap<u16, u64>> {
    let counts: Arc<Mutex<Vec<BTreeMap<u16, u64>>>> = Arc::new(Mutex::new(vec![BTreeMap::new(); servers.len()]));
    let hosts: Vec<String> = servers.iter().map(|s| s.gateway.clone()).collect();
    let handles: Vec<_> = (0..clients)
        .map(|client| {
            let (hosts, counts) = (hosts.clone(), Arc::clone(&counts));
            std::thread::spawn(move || {
                let mut connections: Vec<Client> = hosts.iter().map(|h| Client::connect(h)).collect();
                for call in 0..calls_per_client {
                    let instance = (client + call) % hosts.len();
                    let reply = connections[instance].send("GET", "/limited/call", &[], "").expect("an answer");
                    if reply.status == 429 {
                        assert!(reply.header("retry-after").is_some(), "a 429 says when to retry: {reply:?}");
                    } else {
                        assert_eq!((reply.status, reply.body.as_str()), (200, "admitted"));
                    }
                    *counts.lock().unwrap()[instance].entry(reply.status).or_default() += 1;
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a client thread");
    }
    Arc::try_unwrap(counts).unwrap().into_inner().unwrap()
}

fn total(counts: &[BTreeMap<u16, u64>], status: u16) -> u64 {
    counts.iter().map(|c| c.get(&status).copied().unwrap_or(0)).sum()
}

#[test]
fn health_reports_the_store() {
    let memory = Server::start(&fixture(), &[]);
    assert_eq!(
        memory.health(),
        (200, serde_json::json!({ "status": "ok", "store": { "kind": "memory", "reachable": true } }))
    );
    let Some(redis) = redis("health with Redis") else { return };
    let server = Server::with_redis(&redis);
    let (status, health) = server.health();
    assert_eq!(status, 200, "{health}");
    assert_eq!(
        health,
        serde_json::json!({
            "status": "ok",
            "store": { "kind": "redis", "reachable": true, "counters": "shared", "prefix": "apim:" },
        })
    );
}

#[test]
fn two_instances_share_cache_entries_and_budgets() {
    let Some(redis) = redis("two instances on one Redis") else { return };
    let (a, b) = (Server::with_redis(&redis), Server::with_redis(&redis));

    // A value cached through A is a hit on B; a key nobody stored is a miss on both.
    assert_eq!(a.call("PUT", "/kv/greeting", &[], "hello from A").status, 204);
    let seen = b.call("GET", "/kv/greeting", &[], "");
    assert_eq!((seen.status, seen.header("x-cache"), seen.body.as_str()), (200, Some("hit"), "hello from A"));
    assert_eq!(b.call("GET", "/kv/nobody", &[], "").status, 404);
    assert_eq!(a.call("GET", "/kv/nobody", &[], "").header("x-cache"), Some("miss"));

    // 10 concurrent clients, 60 calls spread evenly over both instances, against one
    // budget of 20 calls: exactly 20 are admitted in all.
    let counts = spend_call_budget(&[&a, &b], 10, 6);
    assert_eq!((total(&counts, 200), total(&counts, 429)), (20, 40), "{counts:?}");
    let (ma, mb) = (a.metrics(), b.metrics());
    assert_eq!(ma.requests("limited", "call", 200) + mb.requests("limited", "call", 200), 20);
    assert_eq!(ma.requests("limited", "call", 429), counts[0][&429]);
    assert_eq!(mb.requests("limited", "call", 429), counts[1][&429]);

    // The token budget too: a call through A spends the 60 tokens of the minute, so B
    // refuses the next one.
    let first = a.call("POST", BUDGET_CHAT, &[KEY], &chat_body(&long_prompt(), false));
    assert_eq!(first.status, 200, "{}", first.body);
    let spent = first.json()["usage"]["total_tokens"].as_u64().unwrap();
    assert!(spent > 60, "the prompt is long enough to spend the budget: {spent}");
    let refused = b.call("POST", BUDGET_CHAT, &[KEY], &chat_body(&long_prompt(), false));
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.header("retry-after").is_some());
    assert_eq!(b.metrics().backend_calls.get(&("mock://llm".to_owned(), "200".to_owned())), None);
}

#[test]
fn per_instance_counters_admit_the_full_budget_on_each_instance() {
    let Some(redis) = redis("per-instance counters") else { return };
    // The switch from apim.toml this time.
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&fixture(), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("apim.toml")).unwrap();
    let store = format!("\n[serve.store]\nredis = \"{}\"\ncounters = \"per-instance\"\n", redis.url());
    std::fs::write(dir.path().join("apim.toml"), toml + &store).unwrap();
    let (a, b) = (Server::start(dir.path(), &[]), Server::start(dir.path(), &[]));
    assert_eq!(a.health().1["store"]["counters"], "per-instance");

    let counts = spend_call_budget(&[&a, &b], 10, 6);
    assert_eq!(counts[0].get(&200), Some(&20), "A admits its own 20: {counts:?}");
    assert_eq!(counts[1].get(&200), Some(&20), "B admits its own 20: {counts:?}");
    assert_eq!(total(&counts, 429), 20);
    assert_eq!(a.metrics().requests("limited", "call", 200), 20);

    // Token budgets are per instance as well ...
    assert_eq!(a.call("POST", BUDGET_CHAT, &[KEY], &chat_body(&long_prompt(), false)).status, 200);
    assert_eq!(a.call("POST", BUDGET_CHAT, &[KEY], &chat_body(&long_prompt(), false)).status, 429);
    assert_eq!(b.call("POST", BUDGET_CHAT, &[KEY], &chat_body(&long_prompt(), false)).status, 200);
    // ... while caches stay shared.
    assert_eq!(a.call("PUT", "/kv/shared", &[], "still shared").status, 204);
    assert_eq!(b.call("GET", "/kv/shared", &[], "").body, "still shared");
}

#[test]
fn redis_down_fails_open_and_sharing_resumes_when_it_is_back() {
    let Some(mut redis) = redis("Redis failures") else { return };
    let (a, b) = (Server::with_redis(&redis), Server::with_redis(&redis));
    assert_eq!(a.call("PUT", "/kv/before", &[], "written before").status, 204);
    assert_eq!(b.call("GET", "/kv/before", &[], "").status, 200);

    redis.stop();
    // Caches fail open: the lookup is a miss, and the trace says why.
    let trace_on = ("Ocp-Apim-Trace", "true");
    let missed = b.call("GET", "/kv/before", &[trace_on], "");
    assert_eq!((missed.status, missed.header("x-cache")), (404, Some("miss")));
    let location = missed.header("ocp-apim-trace-location").expect("a trace location").to_owned();
    let trace = b.admin(location.strip_prefix(&format!("http://{}", b.admin)).unwrap());
    assert_eq!(trace.status, 200);
    assert!(trace.body.contains("cache unavailable (redis at 127.0.0.1:"), "{}", trace.body);
    // A store is skipped, not an error.
    assert_eq!(a.call("PUT", "/kv/during", &[], "lost").status, 204);
    // Counters run on the instance's own memory, noted in the trace.
    let limited = a.call("GET", "/limited/call", &[trace_on], "");
    assert_eq!(limited.status, 200);
    let location = limited.header("ocp-apim-trace-location").unwrap().to_owned();
    let trace = a.admin(location.strip_prefix(&format!("http://{}", a.admin)).unwrap());
    assert!(trace.body.contains("counter store unavailable"), "{}", trace.body);
    // Calls to the backend go on.
    let chat = b.call("POST", CHAT, &[KEY], &chat_body("still there?", false));
    assert_eq!(chat.status, 200, "{}", chat.body);
    for server in [&a, &b] {
        let (status, health) = server.health();
        assert_eq!((status, &health["status"]), (503, &serde_json::json!("degraded")), "{health}");
        assert_eq!(health["store"]["reachable"], false);
        assert!(health["store"]["error"].as_str().unwrap().starts_with("redis at 127.0.0.1:"), "{health}");
    }

    redis.restart();
    // The next operation connects again: health first, then a new entry is shared.
    for server in [&a, &b] {
        let (status, health) = server.health();
        assert_eq!(status, 200, "{health}");
    }
    assert_eq!(a.call("PUT", "/kv/after", &[], "written after").status, 204);
    let seen = b.call("GET", "/kv/after", &[], "");
    assert_eq!((seen.status, seen.body.as_str()), (200, "written after"));
    // The restarted server kept nothing (no persistence): what was written before is gone.
    assert_eq!(b.call("GET", "/kv/before", &[], "").status, 404);
    for server in [&a, &b] {
        assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
    }
}

/// What the soak test sends, in turn.
#[derive(Debug, Clone, Copy)]
enum Call {
    Chat,
    Stream,
    Hit,
    Miss,
    Budget,
    Store,
}

impl Call {
    const MIX: [Call; 6] = [Call::Chat, Call::Stream, Call::Hit, Call::Miss, Call::Budget, Call::Store];

    /// (API, operation) as the gateway's metrics name them.
    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Call::Chat | Call::Stream => ("openai", "ChatCompletions_Create"),
            Call::Budget => ("budget", "ChatCompletions_Create"),
            Call::Hit | Call::Miss => ("kv", "get"),
            Call::Store => ("kv", "put"),
        }
    }

    fn send(self, client: &mut Client, worker: usize, n: u64) -> std::io::Result<Reply> {
        match self {
            Call::Chat => client.send("POST", CHAT, &[KEY], &chat_body(&format!("question {n}"), false)),
            Call::Stream => client.send("POST", CHAT, &[KEY], &chat_body(&format!("stream {n}"), true)),
            Call::Budget => client.send("POST", BUDGET_CHAT, &[KEY], &chat_body(&format!("budget {n}"), false)),
            Call::Hit => client.send("GET", &format!("/kv/hot-{}", n % 4), &[], ""),
            Call::Miss => client.send("GET", &format!("/kv/cold-{worker}-{n}"), &[], ""),
            Call::Store => client.send("PUT", &format!("/kv/hot-{}", n % 4), &[], &format!("value {n}")),
        }
    }

    /// Whether `reply` is a right answer to this call.
    fn check(self, reply: &Reply) -> Result<(), String> {
        let ok = match self {
            Call::Chat => reply.status == 200 && reply.body.contains("\"chat.completion\""),
            Call::Stream => {
                reply.status == 200
                    && reply.header("content-type").is_some_and(|t| t.starts_with("text/event-stream"))
                    && reply.body.trim_end().ends_with("data: [DONE]")
            }
            Call::Budget => {
                (reply.status == 200 && reply.body.contains("\"chat.completion\""))
                    || (reply.status == 429 && reply.header("retry-after").is_some())
            }
            Call::Hit => {
                (reply.status == 200 && reply.body.starts_with("value "))
                    || (reply.status == 404 && reply.header("x-cache") == Some("miss"))
            }
            Call::Miss => reply.status == 404,
            Call::Store => reply.status == 204,
        };
        if ok { Ok(()) } else { Err(format!("{self:?}: unexpected answer {reply:?}")) }
    }
}

#[derive(Debug, Default)]
struct Tally {
    /// (api, operation, status) -> answers.
    answers: BTreeMap<(String, String, u16), u64>,
    /// Answers that came from the mock LLM (its `x-mock-backend` header).
    from_backend: u64,
    errors: Vec<String>,
}

#[test]
fn soak_mixed_traffic_keeps_memory_flat_and_every_request_counted_once() {
    let Some(redis) = redis("the soak test") else { return };
    let seconds: u64 = std::env::var("APIM_SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60).max(6);
    let server = Server::with_redis(&redis);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let warm_up = Duration::from_secs(seconds / 6);
    let tally = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..6)
        .map(|worker| {
            let (host, tally) = (server.gateway.clone(), Arc::clone(&tally));
            std::thread::spawn(move || {
                let mut client = Client::connect(&host);
                let mut mine = Tally::default();
                let mut n = 0u64;
                while Instant::now() < deadline && mine.errors.is_empty() {
                    let call = Call::MIX[(worker + n as usize) % Call::MIX.len()];
                    match call.send(&mut client, worker, n) {
                        Ok(reply) => {
                            let (api, operation) = call.labels();
                            *mine.answers.entry((api.to_owned(), operation.to_owned(), reply.status)).or_default() += 1;
                            mine.from_backend += u64::from(reply.header("x-mock-backend").is_some());
                            if let Err(e) = call.check(&reply) {
                                mine.errors.push(e);
                            }
                        }
                        Err(e) => mine.errors.push(format!("{call:?} #{n}: {e}")),
                    }
                    n += 1;
                }
                let mut tally = tally.lock().unwrap();
                for (key, count) in mine.answers {
                    *tally.answers.entry(key).or_default() += count;
                }
                tally.from_backend += mine.from_backend;
                tally.errors.extend(mine.errors);
            })
        })
        .collect();

    std::thread::sleep(warm_up);
    let warm = server.rss_kb();
    let mut peak = warm;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        peak = peak.max(server.rss_kb());
    }
    for worker in workers {
        worker.join().expect("a load worker");
    }
    let last = server.rss_kb();
    let tally = Arc::try_unwrap(tally).unwrap().into_inner().unwrap();
    assert!(tally.errors.is_empty(), "{:#?}\n--- apim serve:\n{}", tally.errors, server.stderr());

    // Memory: flat after the warm-up.
    let allowed = (warm * 3 / 2).max(warm + 20 * 1024);
    eprintln!("soak: {seconds} s, RSS {warm} kB after warm-up, peak {peak} kB, last {last} kB (allowed {allowed} kB)");
    assert!(last <= allowed, "RSS grew from {warm} kB to {last} kB (peak {peak} kB)");

    // Every answer the clients got is counted once by the gateway, and nothing else is.
    let sent: u64 = tally.answers.values().sum();
    eprintln!("soak: {sent} requests: {:?}", tally.answers);
    let metrics = server.metrics();
    assert_eq!(metrics.requests, tally.answers, "client counts vs apim_requests_total");
    let backend: BTreeMap<_, _> = [(("mock://llm".to_owned(), "200".to_owned()), tally.from_backend)].into();
    assert_eq!(metrics.backend_calls, backend, "answers from the mock vs apim_backend_calls_total");
    // The mix was real: token-limit refusals, cache hits and misses, streams.
    let count = |api: &str, operation: &str, status: u16| metrics.requests(api, operation, status);
    assert!(count("budget", "ChatCompletions_Create", 429) > 0);
    assert!(count("budget", "ChatCompletions_Create", 200) > 0);
    assert!(count("kv", "get", 200) > 0 && count("kv", "get", 404) > 0);
    assert!(count("openai", "ChatCompletions_Create", 200) > 0);
}
