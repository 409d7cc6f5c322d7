//! The AI gateway policy library (`policies/`) and the executor fixtures (`fixtures/`)
//! pass their `apim test` files, run through the built binary as a user runs them; and a
//! case whose expectation does not hold makes `apim test` fail.

use std::path::{Path, PathBuf};
use std::process::Command;

fn apim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apim"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.test.toml` below `dir`, sorted.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.to_string_lossy().ends_with(".test.toml"))
        .collect();
    files.sort();
    files
}

/// Runs `apim test` on each file; returns the failures, each with apim's output.
fn failures(files: &[PathBuf]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let output = apim().arg("test").arg(file).output().expect("apim runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last = stdout.lines().last().unwrap_or_default();
        if output.status.code() != Some(0) || !last.ends_with(" passed, 0 failed") || last.starts_with("0 passed") {
            out.push(format!(
                "{} (exit {:?}):\n{stdout}{}",
                file.display(),
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    out
}

#[test]
fn every_policy_in_the_library_passes_its_tests() {
    let files = test_files(&root().join("policies"));
    assert!(files.len() >= 14, "the library has at least 14 tested scenarios, found {}", files.len());
    // Each scenario is a documented policy.xml beside its test file.
    for file in &files {
        let policy = file.parent().map(|d| d.join("policy.xml")).unwrap_or_default();
        let text = std::fs::read_to_string(&policy).unwrap_or_default();
        assert!(text.trim_start().starts_with("<!--"), "{} opens with its documentation comment", policy.display());
    }
    let failed = failures(&files);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_executor_fixture_passes_its_tests() {
    let files = test_files(&root().join("fixtures"));
    assert!(!files.is_empty());
    let failed = failures(&files);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_library_is_clean_for_check_lint_and_fmt() {
    let check = apim().args(["check"]).arg(root().join("policies")).output().expect("apim runs");
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    let fmt = apim().args(["fmt", "--check"]).arg(root().join("policies")).output().expect("apim runs");
    assert_eq!(fmt.status.code(), Some(0), "{}", String::from_utf8_lossy(&fmt.stdout));
    let lint = apim().args(["lint", "--format", "json"]).arg(root().join("policies")).output().expect("apim runs");
    let findings: serde_json::Value = serde_json::from_slice(&lint.stdout).expect("lint prints JSON");
    assert_eq!(findings.as_array().map(Vec::len), Some(0), "apim lint policies has findings: {findings}");
}

/// A wrong expectation about a token limit is reported, with what happened instead.
#[test]
fn a_wrong_token_expectation_fails_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let policy = root().join("policies/token-rate-limit/policy.xml");
    std::fs::copy(&policy, dir.path().join("policy.xml")).expect("copy");
    let test = r#"
policy = "policy.xml"
context = { subscription = { id = "sub-a" } }
[[case]]
name = "claims 2,400 tokens remain where 2,500 do"
request = { method = "POST", url = "/chat/completions", json = { messages = [{ role = "user", content = "Hi" }] } }
backend = [{ json = { usage = { prompt_tokens = 500, completion_tokens = 2000, total_tokens = 2500 } } }]
expect = { status = 200, headers = { "x-ratelimit-remaining-tokens" = "2400" } }
"#;
    let file = dir.path().join("wrong.test.toml");
    std::fs::write(&file, test).expect("write");
    let output = apim().arg("test").arg(&file).output().expect("apim runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("header x-ratelimit-remaining-tokens: expected `2400`, got `2500`"), "{stdout}");
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
}

/// A circuit-breaker duration that is not ISO 8601 is reported, not guessed.
#[test]
fn a_malformed_breaker_duration_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join("policies/circuit-breaker/policy.xml"), dir.path().join("policy.xml")).expect("copy");
    let test = r#"
policy = "policy.xml"
[backends.east]
url = "https://east.example"
circuit-breaker = { count = 2, interval = "1h", trip-duration = "PT30S" }
[backends.openai-pool]
pool = [{ id = "east" }]
[[case]]
name = "never runs"
"#;
    let file = dir.path().join("bad.test.toml");
    std::fs::write(&file, test).expect("write");
    let output = apim().arg("test").arg(&file).output().expect("apim runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("backend `east`: interval `1h` is not an ISO 8601 duration (e.g. PT1M)"), "{stdout}");
}
