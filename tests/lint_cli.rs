//! End-to-end tests of `apim lint` and `apim rule`: exit codes, output formats,
//! configuration, suppressions, `--fix` and `--diff`, as a user sees them.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn apim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
    command.env_remove("NO_COLOR").env_remove("CLICOLOR").env_remove("CLICOLOR_FORCE");
    command
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint").join(name)
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
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A temporary directory with a copy of the routing fixture, deleted on drop.
struct Workspace(PathBuf);

impl Workspace {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("apim-lint-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("apis/chat api")).unwrap();
        std::fs::copy(fixture("routing.xml"), dir.join("apis/chat api/policy.xml")).unwrap();
        Self(dir)
    }

    fn policy(&self) -> PathBuf {
        self.0.join("apis/chat api/policy.xml")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn codes(json: &str) -> Vec<(String, u64, String)> {
    let value: Value = serde_json::from_str(json).expect("JSON output");
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn human_output_and_exit_code() {
    let run = run(apim().current_dir(env!("CARGO_MANIFEST_DIR")).args(["lint", "fixtures/lint/routing.xml"]));
    assert_eq!(run.code, 1, "an error-level finding exits 1");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_objects_match_apim_check() {
    let run = run(apim().arg("lint").arg("--format").arg("json").arg(fixture("routing.xml")));
    assert_eq!(run.code, 1);
    let found = codes(&run.stdout);
    let expected = [
        ("L400", 8, "warning"),
        ("L419", 10, "warning"),
        ("L412", 11, "info"),
        ("L405", 17, "warning"),
        ("L424", 23, "error"),
    ];
    let expected: Vec<_> = expected.iter().map(|(c, l, s)| ((*c).to_owned(), *l, (*s).to_owned())).collect();
    assert_eq!(found, expected);
    // The `L403` finding on `audit-tag` is suppressed by its comment.
    assert!(!run.stdout.contains("audit-tag"));
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&str> = value[0].as_object().unwrap().keys().map(String::as_str).collect();
    let check = run_check_keys();
    assert_eq!(keys, check.iter().map(String::as_str).collect::<Vec<_>>(), "lint and check print the same objects");
}

fn run_check_keys() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/check/attribute-typo.xml");
    let run = run(apim().arg("check").arg("--format").arg("json").arg(path));
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    value[0].as_object().expect("check reports the typo").keys().cloned().collect()
}

#[test]
fn github_and_azure_annotations() {
    let github = run(apim().current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "lint",
        "--format",
        "github",
        "fixtures/lint/routing.xml",
    ]));
    assert_eq!(github.code, 1);
    let azure = run(apim().current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "lint",
        "--format",
        "azure",
        "fixtures/lint/routing.xml",
    ]));
    assert_eq!(azure.code, 1);
    assert!(github.stdout.lines().any(|line| line.starts_with(
        "::error file=fixtures/lint/routing.xml,line=23,col=69,endLine=23,endColumn=75,title=L424 (variable-type-mismatch)::"
    )));
    assert!(azure.stdout.lines().any(|line| line.starts_with(
        "##vso[task.logissue type=error;sourcepath=fixtures/lint/routing.xml;linenumber=23;columnnumber=69;code=L424;]"
    )));
    insta::assert_snapshot!(format!("{}\n{}", github.stdout, azure.stdout));
}

#[test]
fn configuration_selects_ignores_and_overrides_per_path() {
    let workspace = Workspace::new("config");
    std::fs::write(
        workspace.0.join("apim.toml"),
        r#"[lint]
ignore = ["L400", "style"]
severity = { L405 = "error" }

[[lint.overrides]]
paths = ["apis/chat api/**"]
severity = { L424 = "info" }
"#,
    )
    .unwrap();
    let run = run(apim().current_dir(&workspace.0).args(["lint", "--format", "json", "apis"]));
    let found = codes(&run.stdout);
    let expected: Vec<(String, u64, String)> = vec![
        ("L419".into(), 10, "warning".into()),
        ("L405".into(), 17, "error".into()),
        ("L424".into(), 23, "info".into()),
    ];
    assert_eq!(found, expected, "{}", run.stderr);
    assert_eq!(run.code, 1, "L405 raised to error fails the run");

    std::fs::write(workspace.0.join("apim.toml"), "[lint]\nignore = [\"L999\"]\n").unwrap();
    let bad = self::run(apim().current_dir(&workspace.0).args(["lint", "apis"]));
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("apim.toml: `L999` selects no rule"), "{}", bad.stderr);
}

#[test]
fn fix_applies_safe_fixes_and_diff_only_shows_them() {
    let workspace = Workspace::new("fix");
    let before = std::fs::read_to_string(workspace.policy()).unwrap();
    let diff = run(apim().current_dir(&workspace.0).args(["lint", "--diff", "apis"]));
    assert_eq!(diff.code, 1, "fixes are available");
    assert_eq!(std::fs::read_to_string(workspace.policy()).unwrap(), before, "--diff changes nothing");
    insta::assert_snapshot!(diff.stdout);

    let fixed = run(apim().current_dir(&workspace.0).args(["lint", "--fix", "--format", "json", "apis"]));
    let after = std::fs::read_to_string(workspace.policy()).unwrap();
    assert!(after.contains("<llm-token-limit "));
    assert!(after.contains(r#"<forward-request buffer-request-body="true" />"#));
    assert!(after.contains(r#"@((string)context.Variables["model"] == "gpt-4o")"#));
    let remaining: Vec<String> = codes(&fixed.stdout).into_iter().map(|(code, _, _)| code).collect();
    assert_eq!(remaining, ["L400", "L424"], "only unfixable findings remain");
    assert_eq!(fixed.code, 1);

    let again = run(apim().current_dir(&workspace.0).args(["lint", "--diff", "apis"]));
    assert_eq!(again.code, 0, "nothing left to fix");
}

#[test]
fn rule_prints_documentation() {
    let run = run(apim().args(["rule", "L402"]));
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# L402 `undefined-variable`\n"));
    assert!(run.stdout.contains("## Why is this bad?"));
    let by_name = self::run(apim().args(["rule", "undefined-variable"]));
    assert_eq!(by_name.stdout, run.stdout);
    let typo = self::run(apim().args(["rule", "undefned-variable"]));
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("did you mean `undefined-variable`?"), "{}", typo.stderr);
    let list = self::run(apim().args(["rule", "--list"]));
    assert!(list.stdout.lines().count() > 80);
}

#[test]
fn missing_path_is_a_tool_error() {
    let run = run(apim().args(["lint", "no/such/dir"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/dir: no such file or directory"));
}

#[test]
fn service_folder_is_linted_as_a_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/apim-lint/tests/fixtures/L442-unknown-backend");
    let run = run(apim().current_dir(&root).args(["lint", "--format", "json", "invalid-service"]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String, u64)> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("invalid-service/apis/chat api/policy.xml".to_owned(), "L442".to_owned(), 4),
            ("invalid-service/policy fragments/correlation-id/policy.xml".to_owned(), "L403".to_owned(), 2),
        ]
    );
    // The global policy.xml has nothing to inherit: no missing-base there.
    let clean = self::run(apim().current_dir(&root).args(["lint", "valid-service", "--format", "github"]));
    assert!(!clean.stdout.contains("L406"), "{}", clean.stdout);
    assert!(!clean.stdout.contains("L442"), "{}", clean.stdout);
}
