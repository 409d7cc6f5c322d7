//! Expressions written with `\"` for quotes (reported as S103) are read again as the
//! author meant them, with `"`, so the lint rules see the intended code. Positions in
//! the re-read code map back through the removed backslashes.

use std::collections::HashMap;

use apim_expr::ast::Body;
use apim_ir::{ElementNode, Policy, PolicyDocument, PolicyNode, Root, Value, ValueKind};

/// One expression as the author meant it.
#[derive(Debug)]
pub struct Intent {
    pub code: String,
    pub ast: Body,
    /// Offsets in `code` where a backslash was removed, ascending.
    pub removed: Vec<u32>,
}

impl Intent {
    /// The offset in the original code of an offset in `code`.
    #[must_use]
    pub fn original(&self, offset: u32) -> u32 {
        offset + u32::try_from(self.removed.partition_point(|&at| at <= offset)).unwrap_or(0)
    }
}

/// Intents by the file offset where their expression starts.
pub type Intents = HashMap<u32, Intent>;

#[must_use]
pub fn escaped_quotes(document: &PolicyDocument) -> Intents {
    let mut intents = Intents::new();
    match &document.root {
        Root::Policies(sections) => sections.iter().for_each(|section| policies(&section.policies, &mut intents)),
        Root::Section(section) => policies(&section.policies, &mut intents),
        Root::Fragment(list) => policies(list, &mut intents),
        Root::Invalid => {}
    }
    intents
}

fn policies(list: &[Policy], intents: &mut Intents) {
    for policy in list {
        match policy {
            Policy::Known(node) => self::node(node, intents),
            Policy::Unknown(element) => self::element(element, intents),
            Policy::Placeholder { .. } => {}
        }
    }
}

fn node(node: &PolicyNode, intents: &mut Intents) {
    node.id.iter().chain(node.text.iter()).for_each(|v| value(v, intents));
    node.attributes.iter().for_each(|attribute| value(&attribute.value, intents));
    node.elements.iter().for_each(|e| element(e, intents));
    policies(&node.policies, intents);
}

fn element(element: &ElementNode, intents: &mut Intents) {
    element.text.iter().for_each(|v| value(v, intents));
    element.attributes.iter().for_each(|attribute| value(&attribute.value, intents));
    element.elements.iter().for_each(|e| self::element(e, intents));
    policies(&element.policies, intents);
}

fn value(value: &Value, intents: &mut Intents) {
    let ValueKind::Expression(expression) = &value.kind else { return };
    if !expression.source.escaped_quotes {
        return;
    }
    let original = &expression.source.code;
    let mut code = String::with_capacity(original.len());
    let mut removed = Vec::new();
    let mut rest = original.as_str();
    while let Some(at) = rest.find("\\\"") {
        code.push_str(&rest[..at]);
        removed.push(u32::try_from(code.len()).unwrap_or(u32::MAX));
        code.push('"');
        rest = &rest[at + 2..];
    }
    code.push_str(rest);
    let parsed = apim_expr::parse(&code, expression.source.kind);
    if let (Some(ast), true) = (parsed.ast, parsed.errors.is_empty()) {
        intents.insert(expression.source.span.start, Intent { code, ast, removed });
    }
}
