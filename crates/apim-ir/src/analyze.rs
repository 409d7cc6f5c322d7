//! The expression stage: parses every policy expression of a lowered document once,
//! keeps its syntax tree in the IR, and reports syntax errors (`E301`) and semantic
//! problems (`E302`-`E306`) at their positions in the file.
//!
//! Apart from lowering because it costs more than reading and lowering together (the
//! pest parser), and because tools that only need the structure (fmt, export) skip it.

use std::sync::Arc;

use apim_diagnostics::Diagnostic;
use apim_expr::check::SemanticKind;
use apim_text::Span;

use crate::codes;
use crate::model::{ElementNode, Policy, PolicyDocument, Root};
use crate::value::{Value, ValueKind};

/// Parses and checks every expression in `document`, storing each syntax tree.
pub fn analyze_expressions(document: &mut PolicyDocument) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut visit = |value: &mut Value, role: Role| {
        if let ValueKind::Expression(expression) = &mut value.kind {
            expression.ast = analyze(&expression.source, role, &mut diagnostics).map(Arc::new);
        }
    };
    match &mut document.root {
        Root::Policies(sections) => {
            for section in sections {
                policies(&mut section.policies, &mut visit);
            }
        }
        Root::Fragment(list) => policies(list, &mut visit),
        Root::Section(section) => policies(&mut section.policies, &mut visit),
        Root::Invalid => {}
    }
    diagnostics
}

/// What an expression's value is for, when that fixes its type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A `condition` attribute (`<when>`, `<retry>`): a `bool`.
    Condition,
    Other,
}

fn role_of(attribute: &crate::model::Attribute) -> Role {
    if attribute.name == "condition" { Role::Condition } else { Role::Other }
}

fn policies(list: &mut [Policy], visit: &mut impl FnMut(&mut Value, Role)) {
    for policy in list {
        match policy {
            Policy::Known(node) => {
                node.id.iter_mut().for_each(|value| visit(value, Role::Other));
                node.attributes.iter_mut().for_each(|attribute| {
                    let role = role_of(attribute);
                    visit(&mut attribute.value, role);
                });
                node.text.iter_mut().for_each(|value| visit(value, Role::Other));
                elements(&mut node.elements, visit);
                policies(&mut node.policies, visit);
            }
            Policy::Unknown(element) => elements(std::slice::from_mut(element), visit),
            Policy::Placeholder { .. } => {}
        }
    }
}

fn elements(list: &mut [ElementNode], visit: &mut impl FnMut(&mut Value, Role)) {
    for element in list {
        element.attributes.iter_mut().for_each(|attribute| {
            let role = role_of(attribute);
            visit(&mut attribute.value, role);
        });
        element.text.iter_mut().for_each(|value| visit(value, Role::Other));
        elements(&mut element.elements, visit);
        policies(&mut element.policies, visit);
    }
}

/// Parses one expression, reporting its problems; the tree when it parsed cleanly.
fn analyze(
    expression: &apim_syntax::Expression,
    role: Role,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<apim_expr::ast::Body> {
    // With `\"` escapes (already reported, S103) read the code as the author meant it:
    // `\"` becomes ` "`, which keeps every offset, so later mistakes still show.
    let parsed = if expression.escaped_quotes {
        let repaired = expression.code.replace("$\\\"", " $\"").replace("@\\\"", " @\"").replace("\\\"", " \"");
        apim_expr::parse(&repaired, expression.kind)
    } else {
        apim_expr::parse(&expression.code, expression.kind)
    };
    let opener = Span::new(expression.span.start, expression.span.start + 2);
    for error in &parsed.errors {
        let mut diagnostic = Diagnostic::error(codes::EXPRESSION_SYNTAX, error.message.clone())
            .with_primary(expression.source_span(error.range.clone()), "here")
            .with_secondary(opener, "in this expression");
        if let Some(help) = &error.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        diagnostics.push(diagnostic);
    }
    if !parsed.errors.is_empty() {
        return None;
    }
    let ast = parsed.ast?;
    let semantic = apim_expr::check::check(&ast, &expression.code);
    let clean = semantic.is_empty();
    for error in semantic {
        let mut diagnostic = Diagnostic::error(semantic_code(error.kind), error.message)
            .with_primary(expression.source_span(error.range), "here");
        if let Some(help) = error.help {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostics.push(diagnostic);
    }
    if role == Role::Condition
        && clean
        && let Some(ty) = apim_expr::check::result_type(&ast)
        && ty != "bool"
        && ty != "null"
    {
        let whole = 0..expression.code.len();
        diagnostics.push(
            Diagnostic::error(
                codes::TYPE_MISMATCH,
                format!("a condition must be a `bool`, but this expression is {} `{ty}`", article(&ty)),
            )
            .with_primary(expression.source_span(whole), "not a bool")
            .with_help(match ty.as_str() {
                "string" => {
                    "compare the text, e.g. `@(... == \"true\")`, or parse it with `bool.Parse(...)`".to_owned()
                }
                _ => format!("compare the `{ty}` with a value, e.g. `@(... != 0)`"),
            }),
        );
    }
    Some(ast)
}

/// `a` or `an` before a type name.
fn article(ty: &str) -> &'static str {
    if ty.starts_with(['a', 'e', 'i', 'o', 'u', 'I', 'E', 'A', 'O', 'U']) { "an" } else { "a" }
}

fn semantic_code(kind: SemanticKind) -> apim_diagnostics::Code {
    match kind {
        SemanticKind::MissingReturn => codes::MISSING_RETURN,
        SemanticKind::UnclosedTypeArguments => codes::UNCLOSED_TYPE_ARGUMENTS,
        SemanticKind::DisallowedType => codes::DISALLOWED_TYPE,
        SemanticKind::UnknownName => codes::UNKNOWN_NAME,
        SemanticKind::UnknownContextMember => codes::UNKNOWN_CONTEXT_MEMBER,
        SemanticKind::NewerLanguageFeature => codes::NEWER_CSHARP_FEATURE,
        SemanticKind::TypeMismatch => codes::TYPE_MISMATCH,
        SemanticKind::UnknownMember => codes::UNKNOWN_MEMBER,
    }
}
