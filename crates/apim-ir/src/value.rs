//! Typed values: every attribute and element value is a literal (checked against the
//! documented type), a policy expression, a named value or a template placeholder.

use std::sync::Arc;

use apim_text::Span;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Serialize)]
pub struct Value {
    #[serde(skip)]
    pub span: Span,
    #[serde(flatten)]
    pub kind: ValueKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// Literal text (entity references decoded), with its typed reading.
    Literal(Literal),
    /// `@(...)` or `@{...}`, evaluated per request.
    Expression(#[serde(serialize_with = "expression_code")] Expression),
    /// The whole value is `{{name}}`: substituted before the policy is compiled, so its
    /// type is checked only once the value is known.
    NamedValue(String),
    /// The whole value is `{name}`, a deploy-time template placeholder.
    Placeholder(String),
}

fn expression_code<S: Serializer>(expression: &Expression, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&expression.source.code)
}

/// A policy expression: where it stands in the file, and its syntax tree, parsed once
/// when the policy is read (absent when it has syntax errors, which are reported).
#[derive(Debug, Clone)]
pub struct Expression {
    pub source: apim_syntax::Expression,
    pub ast: Option<Arc<apim_expr::ast::Body>>,
}

impl Expression {
    /// The `{{name}}` named values the expression uses (substituted before compiling).
    #[must_use]
    pub fn named_values(&self) -> Vec<String> {
        named_value_refs(&self.source.code)
    }
}

impl Value {
    #[must_use]
    pub fn as_literal(&self) -> Option<&Literal> {
        match &self.kind {
            ValueKind::Literal(literal) => Some(literal),
            _ => None,
        }
    }

    /// The literal text, if the value is a literal.
    #[must_use]
    pub fn literal_text(&self) -> Option<&str> {
        self.as_literal().map(|literal| literal.text.as_str())
    }

    #[must_use]
    pub fn as_expression(&self) -> Option<&Expression> {
        match &self.kind {
            ValueKind::Expression(expression) => Some(expression),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Literal {
    pub text: String,
    #[serde(skip_serializing_if = "Typed::is_text")]
    pub typed: Typed,
    /// `{{name}}` references inside the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub named_values: Vec<String>,
}

/// The literal read as its documented type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Typed {
    /// Text, or a value whose type depends on named values not known yet.
    Text,
    Int(i64),
    Bool(bool),
    Number(f64),
    /// One of the documented enum values, as written.
    Enum(String),
}

impl Typed {
    #[must_use]
    pub fn is_text(&self) -> bool {
        matches!(self, Self::Text)
    }
}

/// The `{{name}}` references in a text.
#[must_use]
pub fn named_value_refs(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            names.push(name.to_owned());
        }
        rest = &after[end + 2..];
    }
    names
}

/// `{name}` placeholders in a text, excluding `{{named values}}`.
#[must_use]
pub fn placeholders(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while let Some(offset) = text[index..].find('{') {
        let start = index + offset;
        if bytes.get(start + 1) == Some(&b'{') {
            index = text[start..].find("}}").map_or(text.len(), |end| start + end + 2);
            continue;
        }
        let Some(length) = text[start..].find('}') else { break };
        let candidate = &text[start..=start + length];
        if apim_syntax::is_placeholder(candidate) {
            found.push((start, candidate[1..candidate.len() - 1].to_owned()));
        }
        index = start + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_named_values_and_placeholders() {
        assert_eq!(named_value_refs("Bearer {{api-key}} {{x.y_z}}"), vec!["api-key", "x.y_z"]);
        let found = placeholders("https://login/{tenant}/v2 {{nv}} {a b} {retry-count}");
        assert_eq!(found, vec![(14, "tenant".to_owned()), (39, "retry-count".to_owned())]);
    }
}
