//! End-to-end runs of `apim eval` (the binary): output shape and exit codes.

use std::process::Command;

fn apim(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_apim")).args(args).output().expect("run apim");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn value_as_json() {
    let (out, _, code) =
        apim(&["eval", "--format", "json", "--var", "n=41", r#"@(int.Parse((string)context.Variables["n"]) + 1)"#]);
    assert_eq!(out.trim(), r#"{"type":"System.Int32","value":"42"}"#);
    assert_eq!(code, 0);
}

#[test]
fn request_and_context_files() {
    let dir = tempfile::tempdir().unwrap();
    let request = dir.path().join("request.http");
    std::fs::write(&request, "POST /openai/deployments/gpt-4o/chat?api-version=1 HTTP/1.1\nHost: contoso.azure-api.net\n\n{\"model\":\"gpt-4o\"}").unwrap();
    let context = dir.path().join("context.json");
    std::fs::write(
        &context,
        r#"{"api":{"path":"openai"},"operation":{"urlTemplate":"/deployments/{deployment-id}/chat"}}"#,
    )
    .unwrap();
    let (out, err, code) = apim(&[
        "eval",
        "--format",
        "json",
        "--request",
        request.to_str().unwrap(),
        "--context",
        context.to_str().unwrap(),
        r#"@(context.Request.MatchedParameters["deployment-id"] + "/" + context.Request.Body.As<JObject>()["model"] + context.Request.Url.QueryString)"#,
    ]);
    assert_eq!(out.trim(), r#"{"type":"System.String","value":"gpt-4o/gpt-4o?api-version=1"}"#, "{err}");
    assert_eq!(code, 0);
}

#[test]
fn exception_exits_1() {
    let (out, _, code) = apim(&["eval", "--format", "json", r#"@{ object o = 1L; return (int)o; }"#]);
    assert_eq!(
        out.trim(),
        r#"{"error":{"type":"System.InvalidCastException","message":"Specified cast is not valid."}}"#
    );
    assert_eq!(code, 1);
}

#[test]
fn syntax_error_exits_1() {
    let (out, _, code) = apim(&["eval", "--format", "json", "@(1 +)"]);
    assert!(out.contains(r#""type":"apim.SyntaxError""#), "{out}");
    assert_eq!(code, 1);
}

#[test]
fn malformed_context_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.json");
    std::fs::write(&context, "{\n  \"api\": ,\n}").unwrap();
    let (_, err, code) = apim(&["eval", "--context", context.to_str().unwrap(), "@(1)"]);
    assert!(err.contains("context.json:2:"), "{err}");
    assert_eq!(code, 2);
}
