//! End-to-end tests of `apim mock-llm`: the real binary on an ephemeral loopback port,
//! driven by curl and by the official `openai` Python package (AzureOpenAI).

mod support;

use std::path::Path;
use std::process::Command;

use support::curl::{Reply, curl};
use support::listening::Listening;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A running `apim mock-llm`; killed on drop.
struct Mock {
    _process: Listening,
    url: String,
}

impl Mock {
    fn start(args: &[&str]) -> Mock {
        let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
        command.args(["mock-llm", "--listen", "127.0.0.1:0"]).args(args);
        let process = Listening::start(command, &["apim mock-llm: listening on "]);
        let url = process.addresses[0].clone();
        Mock { _process: process, url }
    }
}

const CHAT: &str = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

fn chat(mock: &Mock) -> Reply {
    let body = r#"{"messages":[{"role":"user","content":"Hello, mock!"}]}"#;
    curl(&["-X", "POST", "-H", "Content-Type: application/json", "-d", body, &format!("{}{CHAT}", mock.url)])
}

#[test]
fn answers_an_azure_chat_completion_with_usage() {
    let mock = Mock::start(&["--name", "east"]);
    let reply = chat(&mock);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("x-mock-backend"), Some("east"));
    let json = reply.json();
    assert_eq!(json["object"], "chat.completion");
    assert_eq!(json["model"], "gpt-4o");
    let usage = &json["usage"];
    assert_eq!(
        usage["total_tokens"],
        usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
    );
}

#[test]
fn fail_first_gives_a_429_with_retry_after_then_answers() {
    let mock = Mock::start(&["--fault", "429", "--fail-first", "1", "--retry-after-seconds", "7"]);
    let reply = chat(&mock);
    assert_eq!(reply.status, 429, "{}", reply.body);
    assert_eq!(reply.header("retry-after"), Some("7"));
    assert_eq!(reply.json()["error"]["code"], "429");
    assert_eq!(chat(&mock).status, 200);
}

#[test]
fn a_bad_config_file_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mock.toml");
    std::fs::write(&config, "name = \"east\"\nlatncy-ms = 5\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_apim"))
        .args(["mock-llm", "--listen", "127.0.0.1:0", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("mock.toml: 2:1: unknown field `latncy-ms`"), "{stderr}");
}

#[test]
fn the_openai_client_talks_to_it() {
    let Some(python) = support::python::with_module("openai") else {
        let message = "no Python venv with `openai` (run scripts/install-test-prereqs)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        return;
    };
    let mock = Mock::start(&[]);
    let script = workspace().join("tests/serve/openai_client.py");
    let output = Command::new(python).arg(script).args([&mock.url, "any-key", "chat"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(seen["finish_reason"], "stop");
    assert!(!seen["content"].as_str().unwrap().is_empty());
}
