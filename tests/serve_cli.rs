//! End-to-end tests of `apim serve`: the real binary on ephemeral loopback ports, driven
//! by curl and by the official `openai` Python package (its `AzureOpenAI` client).

mod support;

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::curl::{Reply, curl};
use support::listening::Listening;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A running `apim serve`; killed on drop.
struct Server {
    process: Listening,
    gateway: String,
    admin: String,
}

impl Server {
    fn start(folder: Option<&Path>, extra: &[&str]) -> Server {
        Self::start_with_env(folder, extra, &[])
    }

    fn start_with_env(folder: Option<&Path>, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
        command.arg("serve").envs(env.iter().copied());
        if let Some(folder) = folder {
            command.arg(folder);
        }
        command.args(["--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"]).args(extra);
        let process = Listening::start(
            command,
            &["apim serve: gateway listening on ", "apim serve: admin (metrics, traces, health) on "],
        );
        let (gateway, admin) = (process.addresses[0].clone(), process.addresses[1].clone());
        Server { process, gateway, admin }
    }

    fn stderr(&self) -> String {
        self.process.stderr()
    }
}

const CHAT: &str = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

fn chat(server: &Server, key: &str, text: &str) -> Reply {
    let body = serde_json::json!({ "messages": [{ "role": "user", "content": text }] }).to_string();
    curl(&[
        "-X",
        "POST",
        "-H",
        &format!("api-key: {key}"),
        "-H",
        "Content-Type: application/json",
        "-d",
        &body,
        &format!("{}{CHAT}", server.gateway),
    ])
}

#[test]
fn default_gateway_answers_a_chat_completion_with_curl() {
    let server = Server::start(None, &[]);
    let reply = chat(&server, "dev-key", "Hello, gateway!");
    assert_eq!(reply.status, 200, "{}\n{}", reply.body, server.stderr());
    let json = reply.json();
    assert_eq!(json["object"], "chat.completion");
    assert!(json["choices"][0]["message"]["content"].as_str().is_some_and(|c| !c.is_empty()));
    let prompt = json["usage"]["prompt_tokens"].as_u64().unwrap();
    assert!(prompt > 0);
    // The product's token limit ran (20,000 a minute): its consumed header counts the
    // prompt and the completion, as Microsoft documents.
    let consumed: u64 = reply.header("x-tokens-consumed").unwrap().parse().unwrap();
    assert_eq!(consumed, json["usage"]["total_tokens"].as_u64().unwrap());
    let remaining: u64 = reply.header("x-ratelimit-remaining-tokens").unwrap().parse().unwrap();
    assert_eq!(remaining, 20_000 - consumed);
    assert!(reply.header("x-request-id").is_some());

    // Metrics: the request, the backend that answered and the emitted token metrics.
    let metrics = curl(&[&format!("{}/metrics", server.admin)]);
    assert!(
        metrics
            .body
            .contains(r#"apim_requests_total{api="azure-openai",operation="ChatCompletions_Create",status="200"} 1"#),
        "{}",
        metrics.body
    );
    assert!(
        metrics.body.contains(r#"apim_backend_calls_total{backend="mock://llm",status="200"} 1"#),
        "{}",
        metrics.body
    );
    assert!(metrics.body.contains(r#"name="Prompt Tokens""#), "{}", metrics.body);
}

#[test]
fn subscription_keys_and_unknown_paths_get_apims_errors() {
    let server = Server::start(None, &[]);
    let missing = curl(&["-X", "POST", "-d", "{}", &format!("{}{CHAT}", server.gateway)]);
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json()["statusCode"], 401);
    assert!(missing.json()["message"].as_str().unwrap().starts_with("Access denied due to missing subscription key"));
    let invalid = chat(&server, "wrong-key", "hi");
    assert_eq!(invalid.status, 401);
    assert!(invalid.json()["message"].as_str().unwrap().starts_with("Access denied due to invalid subscription key"));
    // The key also works as a query parameter (the API names `api-key` for both).
    let query = curl(&[
        "-X",
        "POST",
        "-d",
        r#"{"messages":[{"role":"user","content":"q"}]}"#,
        &format!("{}{CHAT}&api-key=dev-key", server.gateway),
    ]);
    assert_eq!(query.status, 200, "{}", query.body);
    let unknown = curl(&[&format!("{}/no/such/api", server.gateway)]);
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["message"], "Resource not found");
    // Right API, no operation for GET.
    let wrong_method = curl(&["-H", "api-key: dev-key", &format!("{}{CHAT}", server.gateway)]);
    assert_eq!(wrong_method.status, 404);
}

#[test]
fn trace_header_returns_a_trace_location_on_the_admin_port() {
    let server = Server::start(None, &[]);
    let body = r#"{"messages":[{"role":"user","content":"trace me"}]}"#;
    let reply = curl(&[
        "-X",
        "POST",
        "-H",
        "api-key: dev-key",
        "-H",
        "Ocp-Apim-Trace: true",
        "-d",
        body,
        &format!("{}{CHAT}", server.gateway),
    ]);
    assert_eq!(reply.status, 200);
    let location = reply.header("ocp-apim-trace-location").expect("a trace location");
    assert!(location.starts_with(&server.admin), "{location}");
    let trace = curl(&[location]);
    assert_eq!(trace.status, 200);
    let text = trace.body;
    for policy in ["llm-token-limit", "set-backend-service", "forward-request"] {
        assert!(text.contains(policy), "trace lacks {policy}: {text}");
    }
}

#[test]
fn oversized_body_gets_413() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&workspace().join("policies/gateway"), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("apim.toml")).unwrap();
    std::fs::write(dir.path().join("apim.toml"), format!("{toml}\n[serve.limits]\nmax-body-bytes = 64\n")).unwrap();
    let server = Server::start(Some(dir.path()), &[]);
    let big = format!(r#"{{"messages":[{{"role":"user","content":"{}"}}]}}"#, "x".repeat(200));
    let reply = curl(&["-X", "POST", "-H", "api-key: dev-key", "-d", &big, &format!("{}{CHAT}", server.gateway)]);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["statusCode"], 413);
}

#[test]
fn bad_configuration_stops_serve_with_file_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        ("apim.toml", "[serve]\nlisten = \"127.0.0.1:0\"\nlistn = 1\n", "apim.toml:3:1"),
        ("apim.toml", "[serve.mocks.ptu]\nfault = \"418\"\n", "apim.toml:2:"),
        (
            "apis/azure-openai/policy.xml",
            "<policies><inbound><set-header name=\"x\" exists-action=\"sometimes\" /></inbound></policies>",
            "policy.xml:1:",
        ),
        (
            "backends/ptu/backendInformation.json",
            "{\"properties\": {\"url\": \"mock://nobody/openai\"}}",
            "`mock://nobody`",
        ),
    ];
    for (file, text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        support::copy_dir(&workspace().join("policies/gateway"), dir.path());
        std::fs::write(dir.path().join(file), text).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_apim"))
            .arg("serve")
            .arg(dir.path())
            .args(["--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{file}: {stderr}");
        assert!(stderr.contains(expected), "{file}: expected `{expected}` in:\n{stderr}");
        assert!(stderr.contains("not started"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn watch_reloads_a_changed_policy() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&workspace().join("policies/gateway"), dir.path());
    let server = Server::start(Some(dir.path()), &["--watch"]);
    assert!(chat(&server, "dev-key", "before").header("x-reloaded").is_none());
    let global = dir.path().join("policy.xml");
    let text = std::fs::read_to_string(&global).unwrap();
    let changed = text.replace("<outbound>", "<outbound>\n        <set-header name=\"x-reloaded\" exists-action=\"override\"><value>yes</value></set-header>");
    std::fs::write(&global, changed).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if chat(&server, "dev-key", "after").header("x-reloaded") == Some("yes") {
            break;
        }
        assert!(Instant::now() < deadline, "no reload within 15 s:\n{}", server.stderr());
        std::thread::sleep(Duration::from_millis(200));
    }
    // A broken edit keeps the previous configuration serving.
    std::fs::write(&global, "<policies><inbound>").unwrap();
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(chat(&server, "dev-key", "still").header("x-reloaded"), Some("yes"));
    assert!(server.stderr().contains("still serving the previous configuration"), "{}", server.stderr());
}

/// Runs a scenario of tests/serve/openai_client.py; `None` (skipped) only outside CI.
fn openai(server: &Server, key: &str, scenario: &str) -> Option<serde_json::Value> {
    let Some(python) = support::python::with_module("openai") else {
        let message = "no Python with the `openai` package (run scripts/install-test-prereqs)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        return None;
    };
    let script = workspace().join("tests/serve/openai_client.py");
    let output = Command::new(python).arg(script).args([&server.gateway, key, scenario]).output().unwrap();
    assert!(
        output.status.success(),
        "{scenario}: {}\n--- apim serve:\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.stderr()
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn openai_client_chat_stream_and_embeddings() {
    let server = Server::start(None, &[]);
    let Some(chat) = openai(&server, "dev-key", "chat") else { return };
    assert!(!chat["content"].as_str().unwrap().is_empty());
    assert_eq!(chat["finish_reason"], "stop");
    let (prompt, completion) = (chat["prompt_tokens"].as_u64().unwrap(), chat["completion_tokens"].as_u64().unwrap());
    assert_eq!(chat["total_tokens"].as_u64().unwrap(), prompt + completion);

    let stream = openai(&server, "dev-key", "stream").unwrap();
    assert!(stream["chunks"].as_u64().unwrap() >= 3, "{stream}");
    assert!(!stream["text"].as_str().unwrap().is_empty());
    assert_eq!(stream["finish_reason"], "stop");
    assert!(stream["usage"]["completion_tokens"].as_u64().unwrap() > 0, "{stream}");

    let embeddings = openai(&server, "dev-key", "embeddings").unwrap();
    assert_eq!(embeddings["count"], 2);
    assert!(embeddings["dims"].as_u64().unwrap() > 0);
    // The token metrics counted the streamed completion's usage as well.
    let metrics = curl(&[&format!("{}/metrics", server.admin)]);
    assert!(metrics.body.contains(r#"operation="embeddings_create",status="200"} 1"#), "{}", metrics.body);
}

#[test]
fn token_limit_surfaces_as_the_clients_rate_limit_error_and_retry_after_is_honoured() {
    let server = Server::start(Some(&workspace().join("fixtures/services/token-limit")), &[]);
    let Some(seen) = openai(&server, "small-key", "rate-limit") else { return };
    assert_eq!(seen["refused"], true, "{seen}");
    assert_eq!(seen["status"], 429);
    let retry_after: f64 = seen["retry_after"].as_str().unwrap().parse().unwrap();
    assert!((1.0..=60.0).contains(&retry_after), "{seen}");
    // The retrying client slept the Retry-After (less the little time already gone) and then got through.
    assert!(seen["waited_seconds"].as_f64().unwrap() >= retry_after - 2.0, "{seen}");
}

#[test]
fn priority_pool_fails_over_and_metrics_show_the_spill() {
    let server = Server::start(Some(&workspace().join("fixtures/services/failover")), &[]);
    let Some(seen) = openai(&server, "team-key", "failover") else { return };
    assert_eq!(seen["statuses"], serde_json::json!([200, 200, 200, 200, 200, 200, 200, 200, 200, 200]));
    let metrics = curl(&[&format!("{}/metrics", server.admin)]).body;
    // The first call hit the throttled PTU once; its breaker then kept every call on PAYG.
    assert!(metrics.contains(r#"apim_backend_calls_total{backend="mock://ptu",status="429"} 1"#), "{metrics}");
    assert!(metrics.contains(r#"apim_backend_calls_total{backend="mock://payg",status="200"} 10"#), "{metrics}");
}

/// A loopback listener that accepts connections and never answers; held until dropped.
fn hanging_backend() -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let thread = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(8) {
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    (url, thread)
}

/// A loopback listener that closes every connection as soon as it is accepted.
fn closing_backend() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });
    url
}

#[test]
fn bad_input_and_bad_backends_get_apim_errors_with_on_error_and_the_gateway_keeps_serving() {
    let (hang, _hold) = hanging_backend();
    let reset = closing_backend();
    let server = Server::start_with_env(
        Some(&workspace().join("fixtures/services/faults")),
        &[],
        &[("APIM_TEST_HANG_URL", hang.as_str()), ("APIM_TEST_RESET_URL", reset.as_str())],
    );
    let parse = |body: &str| curl(&["-X", "POST", "-d", body, &format!("{}/faults/parse", server.gateway)]);

    // A body that is not JSON, read with As<JObject>(): the expression fails, on-error runs.
    let bad = parse("not json");
    assert_eq!(bad.status, 500, "{}", bad.body);
    assert_eq!(bad.header("x-error-source"), Some("set-variable"));
    assert_eq!(bad.header("x-error-reason"), Some("ExpressionValueEvaluationFailure"));
    assert_eq!(bad.json()["message"], "Internal server error");
    assert_eq!(parse(r#"{"model":"gpt-4o"}"#).body, "gpt-4o");

    // A backend that never answers: forward-request's 2 s timeout, 504.
    let timed_out = curl(&[&format!("{}/faults/hang", server.gateway)]);
    assert_eq!(timed_out.status, 504, "{}", timed_out.body);
    assert_eq!(timed_out.header("x-error-source"), Some("forward-request"));
    assert_eq!(timed_out.header("x-error-reason"), Some("Timeout"));

    // A backend that closes the connection: 502 with BackendConnectionFailure.
    let closed = curl(&[&format!("{}/faults/reset", server.gateway)]);
    assert_eq!(closed.status, 502, "{}", closed.body);
    assert_eq!(closed.header("x-error-reason"), Some("BackendConnectionFailure"));

    // A client that gives up while its request waits on the backend.
    let gave_up = Command::new("curl")
        .args(["-sS", "--max-time", "0.5", &format!("{}/faults/hang", server.gateway)])
        .output()
        .unwrap();
    assert_eq!(gave_up.status.code(), Some(28), "curl timed out");

    // Malformed HTTP: hyper's 400, and the connection is closed.
    let mut raw = std::net::TcpStream::connect(server.gateway.trim_start_matches("http://")).unwrap();
    std::io::Write::write_all(&mut raw, b"NOT HTTP AT ALL\r\n\r\n").unwrap();
    let mut answer = String::new();
    raw.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = raw.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");

    // Through all of it the gateway kept serving.
    assert_eq!(parse(r#"{"model":"m"}"#).status, 200, "{}", server.stderr());
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

/// The events of [`held_stream_backend`]: the first goes out at once, the rest when the
/// test releases them; the usage event says 11 + 3 tokens.
const HELD_EVENTS: [&str; 5] = [
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Held\"}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" back\"}}]}\n\n",
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}}\n\n",
    "data: [DONE]\n\n",
];

/// An event-stream backend that sends its first event and then waits, per request, for a
/// message on the returned sender before it sends the rest.
fn held_stream_backend() -> (String, std::sync::mpsc::Sender<()>) {
    use std::io::{BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (release, released) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let head = read_head(&mut reader);
            let length = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, value)| value.trim().parse().unwrap_or(0));
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let chunk = |event: &str| format!("{:x}\r\n{event}\r\n", event.len());
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(format!("{head}{}", chunk(HELD_EVENTS[0])).as_bytes());
            let _ = stream.flush();
            if released.recv().is_err() {
                return;
            }
            let rest: String = HELD_EVENTS[1..].iter().map(|e| chunk(e)).collect();
            let _ = stream.write_all(format!("{rest}0\r\n\r\n").as_bytes());
        }
    });
    (url, release)
}

/// An HTTP/1.1 message head: the lines up to the blank one.
fn read_head(reader: &mut impl std::io::BufRead) -> String {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    head
}

/// The body of a chunked HTTP/1.1 response (`raw` from the blank line on).
fn dechunk(mut raw: &str) -> String {
    let mut body = String::new();
    while let Some((size, rest)) = raw.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        body.push_str(&rest[..size]);
        raw = &rest[size + 2..];
    }
    body
}

#[test]
fn an_event_stream_is_relayed_event_by_event_and_counted_once_through() {
    use std::io::Write;
    let (backend, release) = held_stream_backend();
    let server = Server::start_with_env(
        Some(&workspace().join("fixtures/services/streaming")),
        &[],
        &[("APIM_TEST_STREAM_URL", backend.as_str())],
    );
    let body = r#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}"#;
    let mut client = std::net::TcpStream::connect(server.gateway.trim_start_matches("http://")).unwrap();
    write!(
        client,
        "POST /stream/relay HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // The backend holds everything after its first event: if the gateway read the body
    // whole before answering, this read would time out.
    client.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("\"role\":\"assistant\"") {
        match client.read(&mut buffer) {
            Ok(0) => panic!("the gateway closed the stream early: {}", String::from_utf8_lossy(&seen)),
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
            Err(e) => panic!(
                "the first event did not arrive while the backend held the rest ({e}): the stream was buffered\n{}\n{}",
                String::from_utf8_lossy(&seen),
                server.stderr()
            ),
        }
    }
    let early = String::from_utf8_lossy(&seen).into_owned();
    assert!(early.starts_with("HTTP/1.1 200"), "{early}");
    assert!(early.to_ascii_lowercase().contains("content-type: text/event-stream"), "{early}");
    assert!(early.to_ascii_lowercase().contains("x-ms-request-id: "), "{early}");
    assert!(!early.contains("Held"), "the held events came before their release: {early}");

    release.send(()).unwrap();
    client.read_to_end(&mut seen).unwrap();
    let raw = String::from_utf8_lossy(&seen).into_owned();
    let (_, chunked) = raw.split_once("\r\n\r\n").unwrap();
    assert_eq!(dechunk(chunked), HELD_EVENTS.concat(), "every event, in order");

    // Counted once the stream was through: the usage event's tokens, and the completion
    // the stream carried, as llm-emit-token-metric counts it.
    let metrics = curl(&[&format!("{}/metrics", server.admin)]).body;
    assert!(metrics.contains(r#"apim_llm_tokens_total{api="stream",kind="prompt"} 11"#), "{metrics}");
    assert!(metrics.contains(r#"apim_llm_tokens_total{api="stream",kind="completion"} 3"#), "{metrics}");
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with(r#"apim_emitted_metric_total{name="Completion Tokens",namespace="streaming""#)
                && !l.ends_with(" 0.0")),
        "{metrics}"
    );

    // A policy that reads the response body gets it whole: the gateway buffers it.
    release.send(()).unwrap();
    let buffered = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-d",
        body,
        &format!("{}/stream/buffered", server.gateway),
    ]);
    assert_eq!(buffered.status, 200, "{}", buffered.body);
    assert_eq!(buffered.body, HELD_EVENTS.concat());
    assert_eq!(buffered.header("x-body-length"), Some(HELD_EVENTS.concat().len().to_string().as_str()));
}

/// A backend that reports the first chunk of a chunked request body as soon as it has
/// it (on the returned receiver), then reads the rest and answers with the whole body.
fn chunk_reporting_backend() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (report, reported) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let _ = report.send(read_head(&mut reader));
        let mut body = String::new();
        loop {
            let mut size = String::new();
            if reader.read_line(&mut size).unwrap_or(0) == 0 {
                return;
            }
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            if reader.read_exact(&mut chunk).is_err() {
                return;
            }
            if size == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&chunk[..size]).into_owned();
            if body.is_empty() {
                let _ = report.send(text.clone());
            }
            body.push_str(&text);
        }
        let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    });
    (url, reported)
}

#[test]
fn a_chunked_request_body_goes_to_the_backend_while_the_client_still_sends_it() {
    use std::io::Write;
    let (backend, reported) = chunk_reporting_backend();
    let server = Server::start_with_env(
        Some(&workspace().join("fixtures/services/upload")),
        &[],
        &[("APIM_TEST_UPLOAD_URL", backend.as_str())],
    );
    let mut client = std::net::TcpStream::connect(server.gateway.trim_start_matches("http://")).unwrap();
    write!(
        client,
        "POST /upload/send HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\nhello \r\n"
    )
    .unwrap();
    client.flush().unwrap();
    // The client has sent one chunk and waits: a gateway that read the body whole first
    // would never call the backend.
    let wait = Duration::from_secs(10);
    let head = reported.recv_timeout(wait).unwrap_or_else(|_| {
        panic!(
            "the backend got no request while the client was still sending: the body was buffered\n{}",
            server.stderr()
        )
    });
    assert!(head.to_ascii_lowercase().contains("x-forwarded-by: apim"), "the policy ran: {head}");
    assert_eq!(reported.recv_timeout(wait).expect("the first chunk"), "hello ");

    write!(client, "5\r\nworld\r\n0\r\n\r\n").unwrap();
    let mut answer = String::new();
    client.set_read_timeout(Some(wait)).unwrap();
    client.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("hello world"), "{answer}");
}
