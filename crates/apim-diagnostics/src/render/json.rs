use apim_text::LineIndex;
use serde::Serialize;

use crate::FileDiagnostics;

/// The JSON shape shared by `apim check --format json` and `apim lint --format json`.
/// Lines and columns are 1-based; the end is exclusive, as in LSP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub help: Option<String>,
}

/// The diagnostics of one file as JSON objects.
#[must_use]
pub fn json_objects(file: &FileDiagnostics<'_>) -> Vec<JsonDiagnostic> {
    let index = LineIndex::new(file.source);
    file.diagnostics
        .iter()
        .map(|diagnostic| {
            let span = diagnostic.primary_span();
            let start = index.line_col(file.source, span.start);
            let end = index.line_col(file.source, span.end);
            JsonDiagnostic {
                code: diagnostic.code().code.to_owned(),
                name: diagnostic.code().name.to_owned(),
                severity: diagnostic.severity().as_str().to_owned(),
                message: diagnostic.message().to_owned(),
                file: file.path.to_owned(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: diagnostic.help().map(str::to_owned),
            }
        })
        .collect()
}
