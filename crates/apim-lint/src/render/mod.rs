//! One file per output format. Every renderer takes the findings of all files at once
//! (SARIF and JSON are one document for the whole run).

mod azure;
mod github;
mod human;
mod json;
mod sarif;

use apim_diagnostics::{Diagnostic, FileDiagnostics};

use crate::finding::Finding;

pub use azure::azure;
pub use github::github;
pub use human::human;
pub use json::json;
pub use sarif::sarif;

/// One linted file as the renderers need it.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user should see it (relative, `/` separators in CI formats).
    pub path: String,
    pub source: String,
    pub findings: Vec<Finding>,
}

impl FileReport {
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.findings.iter().map(|finding| finding.diagnostic.clone()).collect()
    }

    /// Runs `f` with the file as `apim-diagnostics` renderers take it.
    pub fn with_file<T>(&self, f: impl FnOnce(&FileDiagnostics<'_>) -> T) -> T {
        let diagnostics = self.diagnostics();
        f(&FileDiagnostics { path: &self.path, source: &self.source, diagnostics: &diagnostics })
    }
}

/// 1-based start and exclusive end line/column of a diagnostic.
pub(crate) fn region(index: &apim_text::LineIndex, source: &str, diagnostic: &Diagnostic) -> (u32, u32, u32, u32) {
    let span = diagnostic.primary_span();
    let start = index.line_col(source, span.start);
    let end = index.line_col(source, span.end.max(span.start));
    (start.line, start.column, end.line, end.column)
}
