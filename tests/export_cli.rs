//! End-to-end tests of `apim export`: exit codes, the files written, determinism, the
//! round trip through the IR, and that no secret value reaches any exported file.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The secret named value of the fixture service folder.
const SECRET: &str = "sk-test-3f9c2a7e-NEVER-EXPORT-ME";

fn apim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
    command.env_remove("NO_COLOR").env_remove("CLICOLOR").env_remove("CLICOLOR_FORCE");
    command
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn service() -> PathBuf {
    root().join("fixtures/services/ai-gateway")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(command: &mut Command) -> Run {
    let output = command.output().expect("apim runs");
    Run {
        code: output.status.code().expect("apim exits"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

fn ir_json(source: &str) -> String {
    serde_json::to_string(&apim_ir::read(source, apim_ir::LowerOptions::default()).document).unwrap()
}

/// Every file below `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn xml_prints_the_raw_and_the_escaped_form() {
    let policy = root().join("fixtures/check/apim-not-well-formed.xml");
    let source = std::fs::read_to_string(&policy).unwrap();
    let raw = run(apim().args(["export", "xml"]).arg(&policy));
    assert_eq!(raw.code, 0, "{}", raw.stderr);
    assert_eq!(ir_json(&raw.stdout), ir_json(&source));
    let escaped = run(apim().args(["export", "xml", "--escaped"]).arg(&policy));
    assert_eq!(escaped.code, 0, "{}", escaped.stderr);
    assert!(roxmltree::Document::parse(&source).is_err(), "the fixture is not well-formed XML");
    roxmltree::Document::parse(&escaped.stdout).expect("the escaped form is well-formed");
    assert_eq!(ir_json(&escaped.stdout), ir_json(&source));
}

#[test]
fn xml_fills_placeholders_from_params() {
    let policy = root().join("fixtures/check/backend-id-placeholder.xml");
    let filled = run(apim().args(["export", "xml", "--param", "backend-id=openai-pool"]).arg(&policy));
    assert_eq!(filled.code, 0, "{}", filled.stderr);
    assert!(filled.stdout.contains(r#"backend-id="openai-pool""#), "{}", filled.stdout);
    let unfilled = run(apim().args(["export", "xml"]).arg(&policy));
    assert_eq!(unfilled.code, 0);
    assert!(unfilled.stderr.contains("placeholder `{backend-id}` is left as it is"), "{}", unfilled.stderr);
    let typo = run(apim().args(["export", "xml", "--param", "backend=x"]).arg(&policy));
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    assert!(typo.stderr.contains("no placeholder `{backend}`"), "{}", typo.stderr);
    let malformed = run(apim().args(["export", "xml", "--param", "nothing"]).arg(&policy));
    assert_eq!(malformed.code, 2);
}

#[test]
fn xml_refuses_a_policy_with_errors() {
    let broken = run(apim().args(["export", "xml"]).arg(root().join("fixtures/check/unknown-policy.xml")));
    assert_eq!(broken.code, 1, "{}", broken.stdout);
    assert!(broken.stdout.is_empty());
    assert!(broken.stderr.contains("P210"), "{}", broken.stderr);
    let missing = run(apim().args(["export", "xml", "no/such/file.xml"]));
    assert_eq!(missing.code, 2);
}

#[test]
fn bicep_writes_the_module_parameters_and_policies() {
    let out = tempfile::tempdir().unwrap();
    let result = run(apim().args(["export", "bicep"]).arg(service()).arg("--out").arg(out.path()));
    assert_eq!(result.code, 0, "{}", result.stderr);
    let names: Vec<String> = tree(out.path()).into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "main.bicep",
            "main.bicepparam",
            "policies/apis/chat/operations/createChatCompletion/policy.xml",
            "policies/apis/chat/policy.xml",
            "policies/policy fragments/correlation-id/policy.xml",
            "policies/policy.xml",
            "policies/products/ai starter/policy.xml",
        ]
    );
    let module = std::fs::read_to_string(out.path().join("main.bicep")).unwrap();
    assert!(module.contains("loadTextContent('policies/products/ai starter/policy.xml')"));
    // Round trip: every exported policy reads back to the IR of the folder's policy.
    for (name, bytes) in tree(out.path()) {
        let Some(relative) = name.strip_prefix("policies/") else { continue };
        let original = std::fs::read_to_string(service().join(relative)).unwrap();
        assert_eq!(ir_json(&String::from_utf8(bytes).unwrap()), ir_json(&original), "{name}");
    }
}

#[test]
fn exports_are_byte_identical_on_repeat() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&first, &second] {
        assert_eq!(run(apim().args(["export", "bicep"]).arg(service()).arg("--out").arg(dir.path())).code, 0);
        let arm = dir.path().join("arm/azuredeploy.json");
        assert_eq!(run(apim().args(["export", "arm"]).arg(service()).arg("--out").arg(&arm)).code, 0);
    }
    assert_eq!(tree(first.path()), tree(second.path()));
    for path in [service(), root().join("policies")] {
        let a = run(apim().args(["export", "bicep"]).arg(&path)).stdout;
        let b = run(apim().args(["export", "bicep"]).arg(&path)).stdout;
        assert!(!a.is_empty());
        assert_eq!(a, b);
        assert_eq!(
            run(apim().args(["export", "arm"]).arg(&path)).stdout,
            run(apim().args(["export", "arm"]).arg(&path)).stdout
        );
    }
}

#[test]
fn no_secret_value_appears_in_any_exported_file() {
    // The fixture's secret named value, plus a literal secret in a backend credential.
    let folder = tempfile::tempdir().unwrap();
    copy_dir(&service(), folder.path());
    let credential = "literal-credential-ab12cd34";
    let backend = folder.path().join("backends/openai-westus/backendInformation.json");
    let text = std::fs::read_to_string(&backend).unwrap().replace("{{openai-api-key}}", credential);
    std::fs::write(&backend, text).unwrap();
    assert!(
        std::fs::read_to_string(folder.path().join("named values/openai-api-key/namedValueInformation.json"))
            .unwrap()
            .contains(SECRET)
    );

    let out = tempfile::tempdir().unwrap();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let bicep_files = run(apim().args(["export", "bicep"]).arg(folder.path()).arg("--out").arg(out.path()));
    assert_eq!(bicep_files.code, 0, "{}", bicep_files.stderr);
    outputs.push(("bicep stderr".into(), bicep_files.stderr));
    for (name, bytes) in tree(out.path()) {
        outputs.push((name, String::from_utf8(bytes).unwrap()));
    }
    for args in [vec!["export", "bicep"], vec!["export", "arm"]] {
        let result = run(apim().args(&args).arg(folder.path()));
        assert_eq!(result.code, 0, "{}", result.stderr);
        outputs.push((args.join(" "), result.stdout));
        outputs.push((format!("{} stderr", args.join(" ")), result.stderr));
    }
    for (name, text) in &outputs {
        assert!(!text.contains(SECRET), "the secret named value leaks into {name}");
        assert!(!text.contains(credential), "the literal credential leaks into {name}");
    }
    // The secrets are parameters instead.
    let arm = &outputs.iter().find(|(name, _)| name == "export arm").unwrap().1;
    assert!(
        arm.contains(
            r#""namedValueOpenaiApiKeyValue": {
      "type": "securestring""#
        ),
        "{arm}"
    );
    assert!(arm.contains("securestring"), "{arm}");
    let module = &outputs.iter().find(|(name, _)| name == "main.bicep").unwrap().1;
    assert!(module.contains("@secure()\nparam backendOpenaiWestusCredentialHeaderApiKey0 string"), "{module}");
}

#[test]
fn a_broken_service_folder_is_reported_not_exported() {
    let folder = tempfile::tempdir().unwrap();
    copy_dir(&service(), folder.path());
    let info = folder.path().join("apis/echo/apiInformation.json");
    std::fs::write(&info, "{\n  \"properties\": {\n    \"displayName\": \"Echo\",\n    \"path\": 42\n  }\n}\n")
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = run(apim().args(["export", "bicep"]).arg(folder.path()).arg("--out").arg(out.path()));
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("C403"), "{}", result.stderr);
    assert!(result.stderr.contains("apis/echo/apiInformation.json:4:5"), "{}", result.stderr);
    assert!(tree(out.path()).is_empty(), "nothing is written");
}

#[test]
fn bicep_files_embedding_needs_an_output_folder() {
    let result = run(apim().args(["export", "bicep", "--policies", "files"]).arg(service()));
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("--out"), "{}", result.stderr);
}

#[test]
fn a_lone_policy_is_named_after_its_folder_and_broken_policies_are_refused() {
    let lone = run(apim().args(["export", "bicep"]).arg(root().join("policies/token-rate-limit/policy.xml")));
    assert_eq!(lone.code, 0, "{}", lone.stderr);
    assert!(lone.stdout.contains("param tokenRateLimitApiName string = 'token-rate-limit'"), "{}", lone.stdout);
    let broken = run(apim().args(["export", "arm"]).arg(root().join("fixtures/check/unknown-policy.xml")));
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    assert!(broken.stdout.is_empty());
    assert!(broken.stderr.contains("P210"), "{}", broken.stderr);
}

#[test]
fn mock_urls_are_exported_with_a_warning_per_place() {
    let exported = run(apim().current_dir(root()).args(["export", "bicep", "policies/gateway"]));
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let warnings: Vec<&str> = exported.stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 3, "{}", exported.stderr);
    assert!(
        warnings[0].starts_with(
            "warning: policies/gateway/backends/payg: `mock://llm/openai` is apim serve's built-in mock LLM"
        )
    );
    assert!(exported.stdout.contains("param backendPaygUrl string = 'mock://llm/openai'"));
    // A folder with real URLs exports without one.
    let real = run(apim().args(["export", "bicep"]).arg(service()));
    assert!(!real.stderr.contains("mock LLM"), "{}", real.stderr);
}
