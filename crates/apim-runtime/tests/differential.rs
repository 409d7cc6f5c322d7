//! The differential test: every case of `tests/differential/cases/*.json` evaluated
//! in-process and compared with what real C# returned (`expected/*.json`, or the case's
//! `netFramework` answer where .NET Framework differs from Mono).
//!
//! `known-failures.txt` lists the cases that do not match yet (`file:case  # reason`).
//! The test fails when a case not on the list fails, and when a listed case now passes,
//! so the list only shrinks. `APIM_UPDATE_KNOWN_FAILURES=1` rewrites the list.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use apim_json::{DateParseHandling, Formatting, JToken, ParseOptions, StdPlatform};
use apim_runtime::{Budget, Context, ContextInput, Program, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/differential")
}

fn parse_file(path: &Path) -> JToken {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = ParseOptions { date_parse_handling: DateParseHandling::None, max_depth: None };
    JToken::parse_with(&text, options, &StdPlatform::APIM).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(t: &JToken, key: &str) -> Option<String> {
    let v = t.get_value(key)?;
    match v.value()? {
        apim_json::Value::String(s) => Some(s),
        apim_json::Value::Null => None,
        other => Some(format!("{other:?}")),
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Value { ty: Option<String>, value: Option<String> },
    Error { ty: String, message: String },
    CompileError,
    Other,
}

fn expected(t: &JToken) -> Outcome {
    if t.get_value("compile_error").is_some() {
        return Outcome::CompileError;
    }
    if let Some(e) = t.get_value("error") {
        return Outcome::Error {
            ty: text(&e, "type").unwrap_or_default(),
            message: text(&e, "message").unwrap_or_default(),
        };
    }
    if t.get_value("type").is_some() {
        return Outcome::Value { ty: text(t, "type"), value: text(t, "value") };
    }
    Outcome::Other
}

fn context_for(case: &JToken) -> Result<Context, String> {
    let mut input = ContextInput::default();
    if let Some(r) = text(case, "request") {
        input.request = Some(apim_http::parse_request(r.as_bytes()).map_err(|e| format!("request: {e}"))?);
    }
    if let Some(r) = text(case, "response") {
        input.response = Some(apim_http::parse_response(r.as_bytes()).map_err(|e| format!("response: {e}"))?);
    }
    if let Some(vars) = case.get_value("vars") {
        for p in vars.properties() {
            let v = p.property_value().map(|v| v.to_string_net(&StdPlatform::APIM)).unwrap_or_default();
            input.variables.push((p.name().unwrap_or_default(), Value::string(v)));
        }
    }
    if let Some(vars) = case.get_value("varsJson") {
        for p in vars.properties() {
            let v = p.property_value().map_or(Value::Null, |t| apim_runtime::var_from_token(&t));
            let name = p.name().unwrap_or_default();
            input.variables.retain(|(n, _)| *n != name);
            input.variables.push((name, v));
        }
    }
    if let Some(c) = case.get_value("context") {
        let json = c.to_json(Formatting::None, &StdPlatform::APIM);
        input.context = Some(serde_json::from_str(&json).map_err(|e| e.to_string())?);
    }
    Context::new(input).map_err(|e| e.message)
}

fn run(case: &JToken) -> Outcome {
    let code = text(case, "expression").unwrap_or_default();
    let Ok(program) = Program::compile(&code) else { return Outcome::CompileError };
    let ctx = match context_for(case) {
        Ok(c) => c,
        Err(e) => return Outcome::Error { ty: "harness".into(), message: e },
    };
    match program.eval(&ctx, Budget::default()) {
        Ok(v) => Outcome::Value {
            ty: apim_runtime::type_name(&v),
            value: if v.is_null() { None } else { Some(apim_runtime::display(&v)) },
        },
        Err(e) => Outcome::Error { ty: e.type_name.to_owned(), message: e.message },
    }
}

fn describe(o: &Outcome) -> String {
    let s = match o {
        Outcome::Value { ty, value } => {
            format!("{} {:?}", ty.as_deref().unwrap_or("null"), value.as_deref().unwrap_or("null"))
        }
        Outcome::Error { ty, message } => format!("throws {ty}: {message:?}"),
        Outcome::CompileError => "compile error".to_owned(),
        Outcome::Other => "?".to_owned(),
    };
    s.chars().take(140).collect::<String>().replace('\n', "\\n").replace('\r', "\\r")
}

/// `Ok(true)` pass, `Ok(false)` fail.
fn compare(case: &JToken, got: &Outcome, want: &Outcome) -> bool {
    let has_netfx = case.get_value("netFramework").is_some();
    match (got, want) {
        (Outcome::Value { ty: a, value: b }, Outcome::Value { ty: c, value: d }) => a == c && b == d,
        (Outcome::Error { ty: a, message: m }, Outcome::Error { ty: b, message: n }) => {
            a == b && (!has_netfx || m == n)
        }
        (Outcome::CompileError, Outcome::CompileError) => true,
        _ => false,
    }
}

#[test]
fn differential() {
    let dir = root();
    let known_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/known-failures.txt");
    let known_text = std::fs::read_to_string(&known_path).unwrap_or_default();
    let known: BTreeMap<String, String> = known_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once("  # ").unwrap_or((l, ""));
            (name.trim().to_owned(), reason.to_owned())
        })
        .collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("cases"))
        .expect("cases directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();

    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut report = String::new();
    let (mut total_pass, mut total) = (0, 0);
    for file in &files {
        let theme = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let cases = parse_file(file);
        let expected_file = parse_file(&dir.join("expected").join(file.file_name().unwrap_or_default()));
        let (mut pass, mut count) = (0, 0);
        for case in cases.children() {
            let name = text(&case, "name").unwrap_or_default();
            let want = match case.get_value("netFramework") {
                Some(n) => expected(&n),
                None => match expected_file.get_value(&name) {
                    Some(e) => expected(&e),
                    None => continue,
                },
            };
            if want == Outcome::Other {
                continue;
            }
            count += 1;
            let got = run(&case);
            if compare(&case, &got, &want) {
                pass += 1;
            } else {
                failures.insert(format!("{theme}:{name}"), format!("want {}, got {}", describe(&want), describe(&got)));
            }
        }
        total_pass += pass;
        total += count;
        let _ = writeln!(
            report,
            "{theme:<18} {pass:>4}/{count:<4} {:>5.1}%",
            100.0 * f64::from(pass) / f64::from(count.max(1))
        );
    }
    let _ = writeln!(
        report,
        "{:<18} {total_pass:>4}/{total:<4} {:>5.1}%",
        "total",
        100.0 * f64::from(total_pass) / f64::from(total.max(1))
    );
    println!("{report}");

    if std::env::var_os("APIM_UPDATE_KNOWN_FAILURES").is_some() {
        let mut out = String::from(
            "# Differential cases that do not match real C# yet: `theme:case  # want ..., got ...`.\n# The list may only shrink; regenerate with APIM_UPDATE_KNOWN_FAILURES=1 cargo test -p apim-runtime --test differential.\n",
        );
        for (k, v) in &failures {
            let _ = writeln!(out, "{k}  # {v}");
        }
        std::fs::write(&known_path, out).expect("write known-failures.txt");
        return;
    }
    let unexpected: Vec<String> =
        failures.iter().filter(|(k, _)| !known.contains_key(*k)).map(|(k, v)| format!("{k}: {v}")).collect();
    let fixed: Vec<&String> = known.keys().filter(|k| !failures.contains_key(*k)).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} new failures:\n{}\n{} listed cases now pass (remove them from known-failures.txt):\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        fixed.len(),
        fixed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}
