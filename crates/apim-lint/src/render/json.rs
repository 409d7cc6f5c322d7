//! JSON: the same objects as `apim check --format json`, one array for the run.

use apim_diagnostics::render::{JsonDiagnostic, json_objects};

use super::FileReport;

#[must_use]
pub fn json(files: &[FileReport]) -> String {
    let objects: Vec<JsonDiagnostic> = files.iter().flat_map(|file| file.with_file(json_objects)).collect();
    serde_json::to_string_pretty(&objects).unwrap_or_else(|_| "[]".to_owned()) + "\n"
}
