//! GitHub Actions workflow commands: `::error file=...,line=...,col=...::message`.

use apim_diagnostics::Severity;
use apim_text::LineIndex;

use super::{FileReport, region};

/// Escapes a message (`%`, CR, LF), as the Actions toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[must_use]
pub fn github(files: &[FileReport]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let command = match diagnostic.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, col, end_line, end_col) = region(&index, &file.source, diagnostic);
            let code = diagnostic.code();
            let mut message = diagnostic.message().to_owned();
            if let Some(help) = diagnostic.help() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                property(&file.path),
                property(&format!("{} ({})", code.code, code.name)),
                data(&message)
            ));
        }
    }
    out
}
