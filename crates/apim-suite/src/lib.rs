//! `apim test`: test files (`*.test.toml`) that run policies against scripted requests
//! and backends on a virtual clock and check the responses, backend calls, variables,
//! metrics, events and trace.

mod ai;
mod expect;
pub mod model;
pub mod report;
mod run;

pub use expect::{diff, json_subset};
pub use run::{CaseResult, FileResult, millis, run_file};

/// The JSON Schema of the test file format.
#[must_use]
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(model::TestFile)).unwrap_or_default()
}

/// Test files below `paths`: files named `*.test.toml`, directories searched recursively.
#[must_use]
pub fn discover(paths: &[std::path::PathBuf]) -> (Vec<std::path::PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let mut stack = vec![path.clone()];
            let mut here = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(entries) => entries,
                    Err(e) => {
                        errors.push(format!("{}: {e}", dir.display()));
                        continue;
                    }
                };
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".test.toml")) {
                        here.push(p);
                    }
                }
            }
            here.sort();
            found.extend(here);
        } else {
            errors.push(format!("{}: no such file or directory", path.display()));
        }
    }
    (found, errors)
}
