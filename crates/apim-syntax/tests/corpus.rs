//! The reader over the real corpus: every document reads without a diagnostic, and
//! where a document is well-formed XML our tree agrees with a strict XML parser.

use apim_syntax::tree::{Content, Element, Node};

#[test]
fn every_real_document_reads_without_diagnostics() {
    let files = apim_corpus::real_documents();
    let mut failures = Vec::new();
    for file in &files {
        let parsed = apim_syntax::parse(&file.text);
        for diagnostic in &parsed.diagnostics {
            failures.push(format!("{}: {diagnostic}", file.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if !files.is_empty() {
        assert_eq!(files.len(), 150, "the corpus holds 150 real documents");
    }
}

/// A comparable rendering of an element: name, decoded attributes, decoded text.
fn ours(element: &Element, out: &mut Vec<String>) {
    out.push(format!("<{}>", element.name));
    for attribute in &element.attributes {
        let value = match &attribute.value.content {
            Content::Literal(text) => text.clone(),
            Content::Expression(expression) => expression.code.clone(),
        };
        out.push(format!("@{}={value}", attribute.name));
    }
    for child in &element.children {
        match child {
            Node::Element(child) => ours(child, out),
            Node::Text(text) => {
                let value = match &text.value.content {
                    Content::Literal(text) => text.trim().to_owned(),
                    Content::Expression(expression) => expression.code.clone(),
                };
                if !value.is_empty() {
                    out.push(format!("text:{value}"));
                }
            }
            Node::CData(cdata) => {
                let value = match &cdata.value.content {
                    Content::Literal(text) => text.trim().to_owned(),
                    Content::Expression(expression) => expression.code.clone(),
                };
                if !value.is_empty() {
                    out.push(format!("text:{value}"));
                }
            }
            Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => {}
        }
    }
    out.push(format!("</{}>", element.name));
}

fn theirs(node: roxmltree::Node<'_, '_>, out: &mut Vec<String>) {
    out.push(format!("<{}>", node.tag_name().name()));
    for attribute in node.attributes() {
        out.push(format!("@{}={}", attribute.name(), attribute.value()));
    }
    // roxmltree merges adjacent text and CDATA; so do we, by trimming each run.
    for child in node.children() {
        if child.is_element() {
            theirs(child, out);
        } else if child.is_text() {
            let value = child.text().unwrap_or_default().trim();
            if !value.is_empty() {
                out.push(format!("text:{value}"));
            }
        }
    }
    out.push(format!("</{}>", node.tag_name().name()));
}

#[test]
fn tree_agrees_with_a_strict_xml_parser_on_well_formed_documents() {
    let mut compared = 0;
    for file in apim_corpus::real_documents() {
        let Ok(strict) = roxmltree::Document::parse(file.text.trim_start_matches('\u{feff}')) else {
            continue;
        };
        compared += 1;
        let parsed = apim_syntax::parse(&file.text);
        let mut a = Vec::new();
        ours(parsed.document.root().expect("a root"), &mut a);
        let mut b = Vec::new();
        theirs(strict.root_element(), &mut b);
        assert_eq!(a, b, "{}", file.name);
    }
    if compared > 0 {
        assert!(compared >= 100, "only {compared} well-formed documents compared");
    }
}

#[test]
fn expression_offsets_map_back_to_the_file() {
    for file in apim_corpus::real_documents() {
        let parsed = apim_syntax::parse(&file.text);
        let mut stack: Vec<&Element> = parsed.document.root().into_iter().collect();
        while let Some(element) = stack.pop() {
            let values = element.attributes.iter().map(|attribute| &attribute.value).chain(
                element.children.iter().filter_map(|child| match child {
                    Node::Text(text) => Some(&text.value),
                    _ => None,
                }),
            );
            for value in values {
                if let Content::Expression(expression) = &value.content {
                    let raw = expression.span.text(&file.text);
                    if expression.offsets.is_identity() {
                        assert_eq!(expression.code, raw, "{}", file.name);
                    }
                    // The last byte of the code is the closing bracket, at the span's end.
                    let last = expression.code.len() - 1;
                    assert_eq!(expression.source_offset(last) + 1, expression.span.end, "{}", file.name);
                    assert_eq!(expression.source_offset(0), expression.span.start, "{}", file.name);
                }
            }
            stack.extend(element.child_elements());
        }
    }
}

fn expressions(source: &str) -> Vec<String> {
    fn walk(nodes: &[Node], source: &str, out: &mut Vec<String>) {
        for node in nodes {
            if let Node::Element(element) = node {
                for attribute in &element.attributes {
                    if let Content::Expression(expression) = &attribute.value.content {
                        out.push(expression.span.text(source).to_owned());
                    }
                }
                walk(&element.children, source, out);
            } else if let Node::Text(text) = node
                && let Content::Expression(expression) = &text.value.content
            {
                out.push(expression.span.text(source).to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(&apim_syntax::parse(source).document.nodes, source, &mut out);
    out
}

#[test]
fn fmt_is_lossless_and_idempotent_over_the_corpus() {
    let mut expression_count = 0;
    for file in apim_corpus::real_documents() {
        let once = apim_syntax::format(&file.text).unwrap_or_else(|error| panic!("{}: {error:?}", file.name));
        let twice = apim_syntax::format(&once).unwrap_or_else(|error| panic!("{}: {error:?}", file.name));
        assert_eq!(once, twice, "{}: fmt is not idempotent", file.name);
        let before = expressions(&file.text);
        assert_eq!(before, expressions(&once), "{}: an expression changed", file.name);
        expression_count += before.len();
    }
    if expression_count > 0 {
        // 583 `@(`/`@{` occur in the corpus; one of them is inside an XML comment.
        assert_eq!(expression_count, 582, "expressions found in the corpus");
    }
}
