//! Azure Pipelines logging commands: `##vso[task.logissue type=error;sourcepath=...]message`.

use apim_diagnostics::Severity;
use apim_text::LineIndex;

use super::{FileReport, region};

/// Escapes as the Azure Pipelines agent expects (`%AZP25` first, then `;`, `]`, CR, LF).
fn escape(text: &str) -> String {
    text.replace('%', "%AZP25").replace(';', "%3B").replace(']', "%5D").replace('\r', "%0D").replace('\n', "%0A")
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
                escape(&file.path),
                escape(code.code),
                escape(&format!("{} ({}): {}", code.code, code.name, diagnostic.message()))
            ));
        }
    }
    out
}
