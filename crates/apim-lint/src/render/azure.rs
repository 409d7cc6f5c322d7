//! Azure Pipelines logging commands: `##vso[task.logissue type=error;sourcepath=...]message`.

use apim_diagnostics::Severity;
use apim_text::LineIndex;

use super::{FileReport, region};

/// Escapes a message as azure-pipelines-task-lib does (`%AZP25` first, then CR, LF).
fn data(text: &str) -> String {
    text.replace('%', "%AZP25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (also `;` and `]`, which end properties and the command).
fn property(text: &str) -> String {
    data(text).replace(';', "%3B").replace(']', "%5D")
}

#[must_use]
pub fn azure(files: &[FileReport]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            // Azure Pipelines knows only errors and warnings.
            let kind = if diagnostic.severity() == Severity::Error { "error" } else { "warning" };
            let (line, col, _, _) = region(&index, &file.source, diagnostic);
            let code = diagnostic.code();
            out.push_str(&format!(
                "##vso[task.logissue type={kind};sourcepath={};linenumber={line};columnnumber={col};code={};]{}\n",
                property(&file.path),
                property(code.code),
                data(&format!("{} ({}): {}", code.code, code.name, diagnostic.message()))
            ));
        }
    }
    out
}
