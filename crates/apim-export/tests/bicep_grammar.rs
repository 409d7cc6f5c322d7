//! The generated Bicep parses without error with an independent Bicep grammar
//! (tree-sitter-bicep): no ERROR and no MISSING node anywhere, and the resources and
//! parameters the template declares are all there.

mod common;

use apim_export::bicep::{self, Embed};

/// Every ERROR or MISSING node, as `line:column kind`.
fn problems(source: &str) -> Vec<String> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&tree_sitter_bicep::LANGUAGE.into()).expect("the Bicep grammar loads");
    let tree = parser.parse(source, None).expect("parses");
    let mut found = Vec::new();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            let at = node.start_position();
            let line = source.lines().nth(at.row).unwrap_or("");
            found.push(format!("{}:{} {}: {line}", at.row + 1, at.column + 1, node.kind()));
        }
        stack.extend(node.children(&mut cursor));
    }
    found
}

fn count(source: &str, kind: &str) -> usize {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&tree_sitter_bicep::LANGUAGE.into()).unwrap();
    let tree = parser.parse(source, None).unwrap();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    let mut total = 0;
    while let Some(node) = stack.pop() {
        total += usize::from(node.kind() == kind);
        stack.extend(node.children(&mut cursor));
    }
    total
}

#[test]
fn the_grammar_rejects_broken_bicep() {
    // The check itself can fail: a missing brace and a stray token are found.
    assert!(!problems("resource x 'a@b' = {\n  name: 'x'\n").is_empty());
    assert!(!problems("param x string = = 'y'\n").is_empty());
}

#[test]
fn service_bicep_parses() {
    let template = common::fixture_template();
    for embed in [Embed::Files, Embed::Inline] {
        let module = bicep::module(&template, embed, "fixtures/services/ai-gateway");
        assert_eq!(problems(&module), Vec::<String>::new(), "{embed:?}");
        // The service plus every declared resource; every parameter.
        assert_eq!(count(&module, "resource_declaration"), template.resources.len() + 1);
        assert_eq!(count(&module, "parameter_declaration"), template.parameters.len());
    }
}

#[test]
fn the_parameters_file_assigns_every_parameter_once() {
    // tree-sitter-bicep has no `.bicepparam` syntax (`param x = value`), so this file is
    // checked line by line: `using` the module, then each parameter exactly once.
    let template = common::fixture_template();
    let file = bicep::parameters_file(&template);
    assert_eq!(file.lines().filter(|line| *line == "using 'main.bicep'").count(), 1);
    let assigned: Vec<&str> = file
        .lines()
        .filter_map(|line| line.strip_prefix("param "))
        .filter_map(|rest| rest.split(" = ").next())
        .collect();
    let declared: Vec<&str> = template.parameters.iter().map(|parameter| parameter.name.as_str()).collect();
    assert_eq!(assigned, declared);
    for parameter in template.parameters.iter().filter(|parameter| parameter.secure) {
        assert!(file.contains(&format!("param {} = readEnvironmentVariable(", parameter.name)), "{}", parameter.name);
    }
}

#[test]
fn library_bicep_parses() {
    let template = common::library_template();
    for embed in [Embed::Files, Embed::Inline] {
        let module = bicep::module(&template, embed, "policies");
        assert_eq!(problems(&module), Vec::<String>::new(), "{embed:?}");
        assert_eq!(count(&module, "resource_declaration"), template.resources.len() + 1);
    }
}

#[test]
fn corpus_policies_embed_as_valid_bicep_strings() {
    // Real policies hold quotes, `${`, backslashes and `'''`: each must stay one string.
    let sources: Vec<_> = apim_corpus::real_documents()
        .into_iter()
        .map(|file| apim_export::plan::PolicySource { path: file.name, text: file.text })
        .collect();
    if sources.is_empty() {
        return;
    }
    let template = apim_export::plan::policies(&sources).expect("plans");
    let module = bicep::module(&template, Embed::Inline, "corpus");
    assert_eq!(problems(&module), Vec::<String>::new());
    assert_eq!(count(&module, "resource_declaration"), template.resources.len() + 1);
}
