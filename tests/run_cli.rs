//! End-to-end tests of `apim run` and `apim test`: the executor's fixtures under
//! `fixtures/executor/` (every emulated policy, effective policies, fragments, on-error),
//! readable failures, JUnit output, load errors with their codes and lines, secrets.

use std::path::{Path, PathBuf};
use std::process::Command;

fn apim(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_apim"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the apim binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apim-run-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

const PASS_THROUGH: &str = "<policies><inbound><base /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>";

#[test]
fn every_executor_fixture_passes() {
    let (code, stdout, stderr) = apim(&["test", "fixtures/executor"]);
    let summary = stdout.lines().last().unwrap_or_default();
    assert_eq!(code, 0, "apim test fixtures/executor failed:\n{stdout}\n{stderr}");
    assert!(!stdout.contains("FAIL"), "{stdout}");
    let passed: usize = summary.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(summary.ends_with("passed, 0 failed") && passed >= 90, "{summary}");
    // Every test file was found and run.
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/executor")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".test.toml") {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                assert!(stdout.contains(name), "{name} did not run:\n{stdout}");
            }
        }
    }
}

#[test]
fn a_wrong_expectation_fails_with_a_readable_diff() {
    let dir = temp_dir("wrong");
    write(&dir, "policy.xml", PASS_THROUGH);
    write(
        &dir,
        "wrong.test.toml",
        r#"policy = "policy.xml"

[[case]]
name = "expects the wrong status and body"
request = { url = "/" }
backend = [{ status = 200, headers = { "x-real" = "1" }, body = "line one\nline two\n" }]
expect = { status = 201, body = "line one\nline 2\n", headers = { "x-real" = "2" } }
"#,
    );
    let (code, stdout, _) = apim(&["test", dir.to_str().unwrap_or_default()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAIL") && stdout.contains(":: expects the wrong status and body"), "{stdout}");
    assert!(stdout.contains("expected status 201, got 200 OK"), "{stdout}");
    assert!(stdout.contains("header x-real: expected `2`, got `1`"), "{stdout}");
    assert!(stdout.contains("- line 2") && stdout.contains("+ line two") && stdout.contains("  line one"), "{stdout}");
    assert!(stdout.trim_end().ends_with("0 passed, 1 failed"), "{stdout}");
}

#[test]
fn junit_output_is_well_formed_and_counts_failures() {
    let dir = temp_dir("junit");
    write(&dir, "policy.xml", PASS_THROUGH);
    write(
        &dir,
        "two.test.toml",
        "policy = \"policy.xml\"\n\n[[case]]\nname = \"passes\"\nexpect = { status = 200 }\n\n[[case]]\nname = \"fails <here>\"\nexpect = { status = 404 }\n",
    );
    let (code, stdout, _) = apim(&["test", "--format", "junit", dir.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&stdout).expect("JUnit output is XML");
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("a testsuite");
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let failed = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failed, 1);
    assert!(doc.descendants().any(|n| n.attribute("name") == Some("fails <here>")));
}

#[test]
fn a_malformed_test_file_names_its_line_and_column() {
    let dir = temp_dir("malformed");
    write(&dir, "policy.xml", PASS_THROUGH);
    let file = write(
        &dir,
        "bad.test.toml",
        "policy = \"policy.xml\"\n\n[[case]]\nname = \"x\"\nexpect = { status = \"two hundred\" }\n",
    );
    let (code, stdout, _) = apim(&["test", file.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("bad.test.toml:5:"), "{stdout}");
    assert!(stdout.contains("apim test --schema"), "{stdout}");
}

#[test]
fn the_schema_describes_the_test_file() {
    let (code, stdout, _) = apim(&["test", "--schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(schema["title"], "TestFile");
    assert!(schema["properties"]["case"].is_object(), "{stdout}");
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/test-file.schema.json"))
        .expect("docs/test-file.schema.json is committed");
    assert_eq!(
        committed.trim(),
        stdout.trim(),
        "docs/test-file.schema.json is stale: regenerate it with `apim test --schema`"
    );
}

#[test]
fn run_prints_the_response_as_http_and_json() {
    let dir = temp_dir("run");
    let policy = write(
        &dir,
        "policy.xml",
        r#"<policies><inbound><base /><set-header name="x-user" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("x-user", ""))</value></set-header></inbound><backend><base /></backend><outbound><base /><set-header name="x-backend-status" exists-action="override"><value>@(context.Response.StatusCode.ToString())</value></set-header></outbound><on-error><base /></on-error></policies>"#,
    );
    let request = write(&dir, "req.http", "POST /items?x=1 HTTP/1.1\r\nHost: gw.example\r\nx-user: ada\r\n\r\nhello");
    let response = write(&dir, "resp.http", "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\n\r\nmade");
    let args = [
        "run",
        policy.to_str().unwrap_or_default(),
        "--request",
        request.to_str().unwrap_or_default(),
        "--backend-response",
        response.to_str().unwrap_or_default(),
    ];
    let (code, stdout, stderr) = apim(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("HTTP/1.1 201 Created\r\n"), "{stdout}");
    assert!(stdout.contains("x-backend-status: 201\r\n") && stdout.ends_with("\r\n\r\nmade"), "{stdout}");

    let context = write(&dir, "ctx.json", r#"{"api": {"path": "", "serviceUrl": "https://backend.example/base"}}"#);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "--context", context.to_str().unwrap_or_default()]);
    let (code, stdout, _) = apim(&json_args);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["status"], 201);
    assert_eq!(json["body"], "made");
    assert_eq!(json["backend_calls"][0]["url"], "https://backend.example/base/items?x=1");
    assert_eq!(json["backend_calls"][0]["method"], "POST");
    assert_eq!(json["backend_calls"][0]["body"], "hello");
    assert_eq!(json["backend_calls"][0]["headers"]["x-user"][0], "ada");
}

#[test]
fn run_with_no_backend_response_gets_an_empty_200() {
    let dir = temp_dir("empty");
    let policy = write(&dir, "policy.xml", PASS_THROUGH);
    let (code, stdout, _) = apim(&["run", policy.to_str().unwrap_or_default()]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "HTTP/1.1 200 OK\r\n\r\n");
}

#[test]
fn secrets_never_appear_in_the_trace_or_output() {
    let dir = temp_dir("secret");
    let policy = write(
        &dir,
        "policy.xml",
        r#"<policies><inbound><base /><set-variable name="key" value="{{api-key}}" /><set-header name="api-key" exists-action="override"><value>{{api-key}}</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>"#,
    );
    let (code, stdout, stderr) = apim(&[
        "run",
        policy.to_str().unwrap_or_default(),
        "--secret",
        "api-key=s3cr3t-value",
        "--trace",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(json["trace"]["inbound"].as_array().is_some_and(|a| !a.is_empty()), "{stdout}");
    let shown = stdout.replace(r#""api-key": ["#, "");
    let without_calls = {
        let mut j = json.clone();
        j["backend_calls"] = serde_json::Value::Null;
        j.to_string()
    };
    assert!(!without_calls.contains("s3cr3t-value"), "the secret leaked: {shown}");
    assert!(without_calls.contains("***"), "{stdout}");
    // The backend does receive it: that is what the header is for.
    assert_eq!(json["backend_calls"][0]["headers"]["api-key"][0], "s3cr3t-value");
}

#[test]
fn load_errors_name_the_code_file_and_line() {
    let dir = temp_dir("load");
    let policy = write(
        &dir,
        "policy.xml",
        "<policies>\n    <inbound>\n        <base />\n        <include-fragment fragment-id=\"missing\" />\n        <set-header name=\"x\" exists-action=\"override\">\n            <value>{{undefined-value}}</value>\n        </set-header>\n        <set-backend-service backend-id=\"{backend-id}\" />\n    </inbound>\n    <backend>\n        <base />\n    </backend>\n    <outbound>\n        <base />\n    </outbound>\n    <on-error>\n        <base />\n    </on-error>\n</policies>\n",
    );
    let (code, _, stderr) = apim(&["run", policy.to_str().unwrap_or_default()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("R501(unknown-fragment)") && stderr.contains("policy.xml:4:"), "{stderr}");
    assert!(stderr.contains("R503(unknown-named-value)") && stderr.contains("policy.xml:6:"), "{stderr}");
    assert!(stderr.contains("R504(unfilled-placeholder)") && stderr.contains("policy.xml:8:"), "{stderr}");
    assert!(stderr.contains("--param backend-id=..."), "{stderr}");
}

#[test]
fn a_fragment_may_not_include_another() {
    let dir = temp_dir("nested");
    let policy = write(
        &dir,
        "policy.xml",
        "<policies><inbound><include-fragment fragment-id=\"outer\" /></inbound><backend /><outbound /><on-error /></policies>",
    );
    let outer = write(&dir, "outer.xml", "<fragment>\n    <include-fragment fragment-id=\"inner\" />\n</fragment>\n");
    let inner = write(&dir, "inner.xml", "<fragment><set-variable name=\"a\" value=\"1\" /></fragment>");
    let (code, _, stderr) = apim(&[
        "run",
        policy.to_str().unwrap_or_default(),
        "--fragment",
        &format!("outer={}", outer.display()),
        "--fragment",
        &format!("inner={}", inner.display()),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("R502(nested-fragment)") && stderr.contains("outer.xml:2:"), "{stderr}");
}

#[test]
fn a_policy_apim_does_not_emulate_is_reported_and_fails_loudly() {
    let dir = temp_dir("not-emulated");
    let policy = write(
        &dir,
        "policy.xml",
        "<policies>\n    <inbound>\n        <base />\n        <validate-client-certificate validate-revocation=\"true\" />\n    </inbound>\n    <backend>\n        <base />\n    </backend>\n    <outbound>\n        <base />\n    </outbound>\n    <on-error>\n        <base />\n    </on-error>\n</policies>\n",
    );
    let (code, stdout, stderr) = apim(&["run", policy.to_str().unwrap_or_default(), "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("R506(policy-not-emulated)") && stderr.contains("policy.xml:4:"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["status"], 500);
    assert!(json["backend_calls"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn a_malformed_request_file_is_located() {
    let dir = temp_dir("bad-request");
    let policy = write(&dir, "policy.xml", PASS_THROUGH);
    let request = write(&dir, "req.http", "GET /ok HTTP/1.1\r\nBad Header Line\r\n\r\n");
    let (code, _, stderr) =
        apim(&["run", policy.to_str().unwrap_or_default(), "--request", request.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("req.http:2:"), "{stderr}");
}
