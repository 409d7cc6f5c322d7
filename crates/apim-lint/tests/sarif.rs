//! `--format sarif` validates with Microsoft's SARIF multitool (npm
//! `@microsoft/sarif-multitool`, installed by `scripts/install-test-prereqs`), including
//! its GitHub code scanning ingestion rules. Under CI a missing validator fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use apim_lint::Settings;
use apim_lint::render::{FileReport, sarif};

fn validator() -> Option<PathBuf> {
    let candidates = std::env::var_os("SARIF_MULTITOOL").map(PathBuf::from).into_iter().chain({
        let tools = std::env::var_os("APIM_TEST_TOOLS")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/apim-test-tools")))
            .unwrap_or_default()
            .join("sarif-multitool/node_modules");
        // The native binary, so arguments are not re-parsed by a shell (the npm wrapper uses one).
        [tools.join("@microsoft/sarif-multitool-linux/Sarif.Multitool"), tools.join(".bin/sarif-multitool")]
    });
    for candidate in candidates {
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    let message = "the SARIF multitool is not installed (run scripts/install-test-prereqs)";
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("SKIPPED: {message}");
    None
}

/// Validates a SARIF file; returns the validator's findings (`path(line,col): error ...`).
fn validate(tool: &Path, file: &Path) -> Vec<String> {
    let log = file.with_extension("validation.sarif");
    let output = Command::new(tool)
        .arg("validate")
        .arg(file)
        .arg("--output")
        .arg(&log)
        .args(["--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"])
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("the SARIF multitool runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the validator failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout.lines().filter(|line| line.contains(": error ") || line.contains(": warning ")).map(str::to_owned).collect()
}

fn reports() -> Vec<FileReport> {
    let settings = Settings::all();
    let mut reports = Vec::new();
    for file in apim_corpus::seed_snippets() {
        let findings = apim_lint::lint(&file.text, &settings);
        // APIOps folder names contain spaces: the URI must encode them.
        let path = format!("apis/chat completions/{}", file.name);
        reports.push(FileReport { path, source: file.text, findings });
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures).unwrap().flatten().map(|entry| entry.path()).collect();
    dirs.sort();
    for dir in dirs {
        let Ok(source) = std::fs::read_to_string(dir.join("invalid.xml")) else { continue };
        let findings = apim_lint::lint(&source, &settings);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        reports.push(FileReport { path: format!("fixtures/{name}/invalid.xml"), source, findings });
    }
    reports
}

#[test]
fn sarif_validates_with_the_multitool() {
    let Some(tool) = validator() else { return };
    let dir = std::env::temp_dir().join(format!("apim-lint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reports = reports();
    let text = sarif(&reports, "0.1.0");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 100, "too few results to exercise the format: {}", results.len());
    assert!(text.contains("apis/chat%20completions/"), "paths with spaces are not encoded");
    let file = dir.join("apim.sarif");
    std::fs::write(&file, &text).unwrap();
    let problems = validate(&tool, &file);
    assert!(problems.is_empty(), "the SARIF multitool reports:\n{}", problems.join("\n"));

    // The validator really validates: a result without a message text is an error.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["message"] = serde_json::json!({});
    let broken_file = dir.join("broken.sarif");
    std::fs::write(&broken_file, serde_json::to_string_pretty(&broken).unwrap()).unwrap();
    let problems = validate(&tool, &broken_file);
    assert!(problems.iter().any(|line| line.contains(": error ")), "the validator accepted a broken log: {problems:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_carries_rule_metadata_and_regions() {
    let reports = reports();
    let log: serde_json::Value = serde_json::from_str(&sarif(&reports, "0.1.0")).unwrap();
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), apim_lint::registry::RULES.len());
    let l401 = rules.iter().find(|rule| rule["id"] == "L401").unwrap();
    assert_eq!(l401["name"], "body-consumed-without-preserve");
    assert_eq!(
        l401["helpUri"],
        "https://github.com/apim-rs/apim/blob/main/docs/rules/L401-body-consumed-without-preserve.md"
    );
    assert_eq!(l401["defaultConfiguration"]["level"], "warning");
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| {
            result["ruleId"] == "L424"
                && result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|uri| uri.ends_with("03-inbound-token-rate-limiting.xml"))
        })
        .expect("the seed article's type mismatch");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(49), Some(63)));
    assert_eq!(result["level"], "error");
    assert_eq!(run["results"].as_array().unwrap().iter().filter(|r| r["ruleIndex"].is_null()).count(), 0);
}
