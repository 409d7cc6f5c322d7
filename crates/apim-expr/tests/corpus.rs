//! Every expression in the real corpus parses without a syntax error.

use apim_syntax::Expression;
use apim_syntax::tree::{Content, Node, Value};

/// Every `@(...)` and `@{...}` in the real corpus, with its file name, in document order.
fn corpus_expressions() -> Vec<(String, Expression)> {
    fn walk(name: &str, nodes: &[Node], out: &mut Vec<(String, Expression)>) {
        for node in nodes {
            match node {
                Node::Element(element) => {
                    for attribute in &element.attributes {
                        push(name, &attribute.value, out);
                    }
                    walk(name, &element.children, out);
                }
                Node::Text(text) => push(name, &text.value, out),
                Node::CData(cdata) => push(name, &cdata.value, out),
                _ => {}
            }
        }
    }
    fn push(name: &str, value: &Value, out: &mut Vec<(String, Expression)>) {
        if let Content::Expression(expression) = &value.content {
            out.push((name.to_owned(), expression.clone()));
        }
    }
    let mut out = Vec::new();
    for file in apim_corpus::real_documents() {
        let parsed = apim_syntax::parse(&file.text);
        walk(&file.name, &parsed.document.nodes, &mut out);
    }
    out
}

#[test]
fn every_corpus_expression_parses() {
    let expressions = corpus_expressions();
    if expressions.is_empty() {
        return; // corpus absent on a developer machine (apim_corpus printed SKIPPED)
    }
    let mut failures = Vec::new();
    for (name, expression) in &expressions {
        let parsed = apim_expr::parse(&expression.code, expression.kind);
        if parsed.ast.is_none() || !parsed.errors.is_empty() {
            for error in &parsed.errors {
                let at = expression.source_offset(error.range.start);
                let context: String =
                    expression.code[error.range.start.min(expression.code.len())..].chars().take(60).collect();
                failures.push(format!("{name}:{at}: {} (at {context:?})", error.message));
            }
            if parsed.errors.is_empty() {
                failures.push(format!("{name}:{}: no tree and no error", expression.span.start));
            }
        }
    }
    let total = expressions.len();
    let passed = total - failures.len();
    assert!(failures.is_empty(), "{passed}/{total} expressions parse; failures:\n{}", failures.join("\n"));
    assert_eq!(total, 582, "the corpus should hold 582 expressions");
}

/// Every range in the tree starts and ends on a token: no node's range begins or ends
/// with whitespace. (Read from the `Debug` form, which lists every `TextRange`.)
#[test]
fn corpus_ranges_are_tight() {
    let mut loose = Vec::new();
    let mut checked = 0;
    for (name, expression) in corpus_expressions() {
        let parsed = apim_expr::parse(&expression.code, expression.kind);
        let Some(ast) = parsed.ast else { continue };
        let debug = format!("{ast:?}");
        let mut rest = debug.as_str();
        while let Some(at) = rest.find("TextRange { start: ") {
            rest = &rest[at + "TextRange { start: ".len()..];
            let start: usize = rest[..rest.find(',').unwrap_or(0)].parse().unwrap_or(0);
            let end_at = rest.find("end: ").map_or(0, |i| i + "end: ".len());
            let end: usize = rest[end_at..end_at + rest[end_at..].find(' ').unwrap_or(0)].parse().unwrap_or(0);
            checked += 1;
            let text = expression.code.get(start..end).unwrap_or("<not on char boundaries>");
            if text.is_empty() || text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
                loose.push(format!("{name}:{}: {text:?}", expression.source_offset(start)));
            }
        }
    }
    if checked == 0 {
        return; // corpus absent on a developer machine
    }
    assert!(checked > 10_000, "only {checked} ranges found");
    assert!(
        loose.is_empty(),
        "{} loose ranges:\n{}",
        loose.len(),
        loose.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}
