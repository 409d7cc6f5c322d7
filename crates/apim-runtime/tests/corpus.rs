//! Every expression of the real corpus compiles: the compile-time errors the evaluator
//! reports (constant overflow, unassigned locals, overloads .NET Framework lacks, ...)
//! never reject an expression that APIM runs.

use apim_runtime::Program;
use apim_syntax::tree::{Content, Node, Value};

fn expressions() -> Vec<(String, String)> {
    fn walk(name: &str, nodes: &[Node], out: &mut Vec<(String, String)>) {
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
    fn push(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
        if let Content::Expression(expression) = &value.content {
            out.push((name.to_owned(), expression.code.clone()));
        }
    }
    let mut out = Vec::new();
    for file in apim_corpus::real_documents() {
        walk(&file.name, &apim_syntax::parse(&file.text).document.nodes, &mut out);
    }
    out
}

#[test]
fn every_corpus_expression_compiles() {
    let all = expressions();
    if all.is_empty() {
        return; // no corpus on a developer machine (apim_corpus printed SKIPPED)
    }
    let failures: Vec<String> = all
        .iter()
        .filter_map(|(name, code)| {
            let errors = Program::compile(code).err()?;
            let first = errors.first().map_or_else(String::new, |e| e.message.clone());
            Some(format!("{name}: {first}\n    {}", code.chars().take(120).collect::<String>()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus expressions do not compile:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
