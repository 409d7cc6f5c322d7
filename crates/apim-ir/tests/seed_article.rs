//! The tutorial snippets in `seed-article/` carry real authoring mistakes: each must be
//! reported with its code at its line and column.

use std::fmt::Write as _;

use apim_ir::LowerOptions;
use apim_text::LineIndex;

#[test]
fn seed_article_diagnostics() {
    let snippets = apim_corpus::seed_snippets();
    if snippets.is_empty() {
        return;
    }
    let mut report = String::new();
    for file in &snippets {
        let lowered = apim_ir::read(&file.text, LowerOptions::default());
        let index = LineIndex::new(&file.text);
        let _ = writeln!(report, "{}", file.name);
        for diagnostic in &lowered.diagnostics {
            let at = index.line_col(&file.text, diagnostic.primary_span().start);
            let _ = writeln!(
                report,
                "  {}:{} {} {} [{}] {}",
                at.line,
                at.column,
                diagnostic.severity(),
                diagnostic.code().code,
                diagnostic.code().name,
                diagnostic.message()
            );
        }
    }
    insta::assert_snapshot!(report);
}
