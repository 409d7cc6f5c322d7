//! The differential suite through the real binary: every case of
//! `tests/differential/cases/*.json` run as `apim eval --format json` with its request,
//! response, variables and context as files and flags, compared with what real C#
//! answered (`tests/differential/expected/`, or the case's `netFramework` answer).
//!
//! The cases listed in `crates/apim-runtime/tests/known-failures.txt` (which the
//! in-process test keeps exact) are skipped; every other case must match: type and value
//! exactly, an exception's type (and its message where the case has a `netFramework`
//! answer), or a compile error where C# reports one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use apim_json::{DateParseHandling, Formatting, JToken, ParseOptions, StdPlatform};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

fn parse(path: &Path) -> JToken {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = ParseOptions { date_parse_handling: DateParseHandling::None, max_depth: None };
    JToken::parse_with(&text, options, &StdPlatform::APIM).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(t: &JToken, key: &str) -> Option<String> {
    let v = t.get_value(key)?;
    match v.value()? {
        apim_json::Value::Null => None,
        _ => Some(v.to_string_net(&StdPlatform::APIM)),
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Value { ty: Option<String>, value: Option<String> },
    Error { ty: String, message: String },
    CompileError,
}

fn expected(t: &JToken) -> Option<Outcome> {
    if t.get_value("compile_error").is_some() {
        return Some(Outcome::CompileError);
    }
    if let Some(e) = t.get_value("error") {
        return Some(Outcome::Error {
            ty: text(&e, "type").unwrap_or_default(),
            message: text(&e, "message").unwrap_or_default(),
        });
    }
    t.get_value("type").map(|_| Outcome::Value { ty: text(t, "type"), value: text(t, "value") })
}

/// Runs one case through the binary; `dir` is a scratch directory for its files.
fn run(case: &JToken, dir: &Path) -> Result<Outcome, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apim"));
    cmd.args(["eval", "--format", "json"]);
    let write = |name: &str, content: &str| -> Result<PathBuf, String> {
        let path = dir.join(name);
        std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    if let Some(request) = text(case, "request") {
        cmd.arg("--request").arg(write("request.http", &request)?);
    }
    if let Some(response) = text(case, "response") {
        cmd.arg("--response").arg(write("response.http", &response)?);
    }
    if let Some(vars) = case.get_value("vars") {
        for p in vars.properties() {
            let value = p.property_value().map(|v| v.to_string_net(&StdPlatform::APIM)).unwrap_or_default();
            cmd.arg("--var").arg(format!("{}={value}", p.name().unwrap_or_default()));
        }
    }
    if let Some(vars) = case.get_value("varsJson") {
        for p in vars.properties() {
            let json = p
                .property_value()
                .map_or_else(|| "null".to_owned(), |v| v.to_json(Formatting::None, &StdPlatform::APIM));
            cmd.arg("--var-json").arg(format!("{}={json}", p.name().unwrap_or_default()));
        }
    }
    if let Some(context) = case.get_value("context") {
        cmd.arg("--context").arg(write("context.json", &context.to_json(Formatting::None, &StdPlatform::APIM))?);
    }
    cmd.arg(text(case, "expression").unwrap_or_default());
    let out = cmd.output().map_err(|e| format!("cannot run apim: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).map_err(|e| {
        format!(
            "exit {:?}, not one JSON line ({e}): {stdout}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let field = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
    let code = out.status.code();
    if let Some(error) = json.get("error") {
        let ty = field(error, "type").unwrap_or_default();
        if code != Some(1) {
            return Err(format!("an exception must exit 1, got {code:?}"));
        }
        if ty == "apim.CompileError" || ty == "apim.SyntaxError" {
            return Ok(Outcome::CompileError);
        }
        return Ok(Outcome::Error { ty, message: field(error, "message").unwrap_or_default() });
    }
    if code != Some(0) {
        return Err(format!("a value must exit 0, got {code:?}"));
    }
    Ok(Outcome::Value { ty: field(&json, "type"), value: field(&json, "value") })
}

fn matches(case: &JToken, got: &Outcome, want: &Outcome) -> bool {
    match (got, want) {
        (Outcome::Error { ty: a, message: m }, Outcome::Error { ty: b, message: n }) => {
            a == b && (case.get_value("netFramework").is_none() || m == n)
        }
        _ => got == want,
    }
}

#[test]
fn differential_cases_through_apim_eval() {
    let dir = root();
    let known_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/apim-runtime/tests/known-failures.txt");
    let known: BTreeSet<String> = std::fs::read_to_string(&known_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once("  # ").map_or(l, |(name, _)| name).trim().to_owned())
        .collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("cases"))
        .expect("tests/differential/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut work: Vec<(String, JToken, Outcome)> = Vec::new();
    for file in &files {
        let theme = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let expected_file = parse(&dir.join("expected").join(file.file_name().unwrap_or_default()));
        for case in parse(file).children() {
            let name = format!("{theme}:{}", text(&case, "name").unwrap_or_default());
            let want = match case.get_value("netFramework") {
                Some(n) => expected(&n),
                None => expected_file.get_value(&text(&case, "name").unwrap_or_default()).and_then(|e| expected(&e)),
            };
            if let Some(want) = want
                && !known.contains(&name)
            {
                work.push((name, case, want));
            }
        }
    }
    assert!(work.len() >= 300, "only {} cases to run", work.len());

    // JToken handles are not `Send`: the workers get each case as JSON text.
    let jobs: Vec<String> =
        work.iter().map(|(_, case, _)| case.to_json(Formatting::None, &StdPlatform::APIM)).collect();
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Result<Outcome, String>>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let scratch = tempfile::tempdir().expect("a scratch directory");
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        *n += 1;
                        *n - 1
                    };
                    let Some(json) = jobs.get(i) else { break };
                    let options = ParseOptions { date_parse_handling: DateParseHandling::None, max_depth: None };
                    let case = JToken::parse_with(json, options, &StdPlatform::APIM).expect("case JSON");
                    let outcome = run(&case, scratch.path());
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut failures = Vec::new();
    for ((name, case, want), got) in work.iter().zip(results) {
        match got {
            Some(Ok(got)) if matches(case, &got, want) => {}
            Some(Ok(got)) => failures.push(format!("{name}: want {want:?}, got {got:?}")),
            Some(Err(e)) => failures.push(format!("{name}: {e}")),
            None => failures.push(format!("{name}: not run")),
        }
    }
    println!("{} of {} cases match through apim eval", work.len() - failures.len(), work.len());
    assert!(failures.is_empty(), "{} cases differ through apim eval:\n{}", failures.len(), failures.join("\n"));
}
