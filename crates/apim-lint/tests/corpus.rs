//! The linter over real documents: the tutorial snippets with deliberate mistakes
//! (`seed-article/`), and the 150 real public policies, whose findings are snapshot so
//! every change shows in review.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use apim_diagnostics::Severity;
use apim_lint::{Finding, Settings};
use apim_text::LineIndex;

fn listing(name: &str, text: &str, findings: &[Finding], report: &mut String) {
    let index = LineIndex::new(text);
    let _ = writeln!(report, "{name}");
    for finding in findings {
        let diagnostic = &finding.diagnostic;
        let at = index.line_col(text, diagnostic.primary_span().start);
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

/// The authoring mistakes of the tutorial, each at its line: (file, line, code).
const SEED_MISTAKES: &[(&str, u32, &str)] = &[
    ("01-backend-openai-api-key.xml", 2, "P215"),
    ("02-backend-managed-identity.xml", 3, "P215"),
    // The body is consumed without preserveContent and then forwarded empty.
    ("03-inbound-token-rate-limiting.xml", 4, "L401"),
    ("03-inbound-token-rate-limiting.xml", 10, "S103"),
    ("03-inbound-token-rate-limiting.xml", 15, "E306"),
    // An int stored, read as long: InvalidCastException.
    ("03-inbound-token-rate-limiting.xml", 49, "L424"),
    // `{used}` and `{limit}` are sent as literal text.
    ("03-inbound-token-rate-limiting.xml", 57, "L423"),
    ("04-inbound-prompt-cache-lookup.xml", 4, "L401"),
    ("04-inbound-prompt-cache-lookup.xml", 14, "E307"),
    ("05-outbound-prompt-cache-store.xml", 5, "L401"),
    ("05-outbound-prompt-cache-store.xml", 9, "L402"),
    ("06-inbound-regional-routing.xml", 14, "P221"),
    ("06-inbound-regional-routing.xml", 16, "E307"),
    ("07-inbound-request-transform.xml", 4, "E303"),
    ("08-outbound-response-transform.xml", 4, "E303"),
    ("09-policies-complete-example.xml", 11, "L403"),
    ("09-policies-complete-example.xml", 12, "L401"),
    ("09-policies-complete-example.xml", 21, "L425"),
    ("09-policies-complete-example.xml", 34, "E302"),
    ("09-policies-complete-example.xml", 45, "P221"),
    ("09-policies-complete-example.xml", 49, "P210"),
    // The response body object is cached instead of its content.
    ("09-policies-complete-example.xml", 57, "L426"),
];

#[test]
fn seed_article_mistakes_are_reported_at_their_lines() {
    let snippets = apim_corpus::seed_snippets();
    if snippets.is_empty() {
        return;
    }
    let settings = Settings::all();
    let mut report = String::new();
    let mut found = BTreeSet::new();
    for file in &snippets {
        let findings = apim_lint::lint(&file.text, &settings);
        let index = LineIndex::new(&file.text);
        let short = file.name.trim_start_matches("seed-article/");
        for finding in &findings {
            let line = index.line_col(&file.text, finding.diagnostic.primary_span().start).line;
            found.insert((short.to_owned(), line, finding.diagnostic.code().code));
        }
        listing(&file.name, &file.text, &findings, &mut report);
    }
    for &(file, line, code) in SEED_MISTAKES {
        assert!(found.contains(&(file.to_owned(), line, code)), "{file}:{line}: {code} is not reported");
    }
    insta::assert_snapshot!(report);
}

#[test]
fn real_corpus_findings() {
    let documents = apim_corpus::real_documents();
    if documents.is_empty() {
        return;
    }
    let settings = Settings::all();
    let mut report = String::new();
    let mut errors = Vec::new();
    for file in &documents {
        let findings = apim_lint::lint(&file.text, &settings);
        if findings.is_empty() {
            continue;
        }
        for finding in findings.iter().filter(|finding| finding.diagnostic.severity() == Severity::Error) {
            errors.push(format!("{}: {}", file.name, finding.diagnostic));
        }
        listing(&file.name, &file.text, &findings, &mut report);
    }
    // Reviewed: real, deployed policies carry no error a careful APIM engineer would accept.
    assert!(errors.is_empty(), "error-level findings on deployed policies:\n{}", errors.join("\n"));
    insta::assert_snapshot!(report);
}

/// Every safe fix over the corpus: re-read without a new error, and the fixed findings
/// are gone (fixes converge in one pass).
#[test]
fn fixes_over_the_corpus_introduce_no_errors() {
    let documents: Vec<_> = apim_corpus::real_documents().into_iter().chain(apim_corpus::seed_snippets()).collect();
    let settings = Settings::all();
    let mut fixed_files = 0;
    for file in &documents {
        let before = apim_lint::lint(&file.text, &settings);
        let (fixed, applied) = apim_lint::fix::apply(&file.text, &before);
        if applied == 0 {
            continue;
        }
        fixed_files += 1;
        let after = apim_lint::lint(&fixed, &settings);
        let old: BTreeSet<String> = before.iter().map(|f| format!("{}", f.diagnostic)).collect();
        for finding in after.iter().filter(|f| f.diagnostic.severity() == Severity::Error) {
            assert!(
                old.contains(&format!("{}", finding.diagnostic)),
                "{}: the fixes introduce {}",
                file.name,
                finding.diagnostic
            );
        }
        let (_, again) = apim_lint::fix::apply(&fixed, &after);
        assert_eq!(again, 0, "{}: fixes do not converge in one pass", file.name);
    }
    if !documents.is_empty() {
        assert!(fixed_files > 0, "no corpus document has a fixable finding: the test checks nothing");
    }
}
