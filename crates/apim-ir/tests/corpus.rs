//! The catalog check over the real corpus, and the fmt round trip through the IR.

use apim_diagnostics::Severity;
use apim_ir::LowerOptions;

fn ir_json(source: &str) -> String {
    serde_json::to_string_pretty(&apim_ir::read(source, LowerOptions::default()).document).expect("serializes")
}

#[test]
fn every_real_document_checks_without_errors() {
    let mut failures = Vec::new();
    for file in apim_corpus::real_documents() {
        let lowered = apim_ir::read(&file.text, LowerOptions::default());
        for diagnostic in &lowered.diagnostics {
            if diagnostic.severity() == Severity::Error {
                let at = apim_text::LineIndex::new(&file.text).line_col(&file.text, diagnostic.primary_span().start);
                failures.push(format!("{}:{}:{}: {diagnostic}", file.name, at.line, at.column));
            }
        }
    }
    assert!(failures.is_empty(), "{} errors:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn formatted_documents_lower_to_the_same_ir() {
    for file in apim_corpus::real_documents() {
        let formatted = apim_syntax::format(&file.text).expect("formats");
        assert_eq!(ir_json(&file.text), ir_json(&formatted), "{}", file.name);
    }
}

#[test]
fn strict_mode_reports_template_placeholders() {
    let documents = apim_corpus::real_documents();
    let Some(file) = documents.iter().find(|file| file.text.contains("backend-id=\"{backend-id}\"")) else {
        return;
    };
    let lowered = apim_ir::read(&file.text, LowerOptions { strict_placeholders: true });
    assert!(
        lowered.diagnostics.iter().any(|diagnostic| diagnostic.code() == apim_ir::codes::TEMPLATE_PLACEHOLDER),
        "{}",
        file.name
    );
}
