//! Which context variables a document sets and reads.

use apim_catalog::ValueType;
use apim_text::Span;

use crate::context::Context;
use crate::patterns::{VariableRead, variable_read};
use crate::walk::each_expr;

/// A variable a policy sets: `set-variable name`, or a policy output such as
/// `variable-name` or `response-variable-name`.
#[derive(Debug, Clone, Copy)]
pub struct Setter<'a> {
    pub name: &'a str,
    /// The attribute value.
    pub span: Span,
    /// Index into [`Context::policies`].
    pub policy: usize,
}

/// A read of a variable with a literal name, and where.
#[derive(Debug, Clone, Copy)]
pub struct Read<'a> {
    pub read: VariableRead<'a>,
    pub span: Span,
    /// Index into [`Context::expressions`].
    pub expression: usize,
}

/// Every variable set in the document.
#[must_use]
pub fn setters<'a>(cx: &Context<'a>) -> Vec<Setter<'a>> {
    let mut found = Vec::new();
    for (index, policy) in cx.policies.iter().enumerate() {
        // `return-response response-variable-name` reads a response variable.
        if policy.name() == "return-response" {
            continue;
        }
        for attribute in &policy.node.attributes {
            let is_output = policy
                .node
                .spec
                .attribute(&attribute.name)
                .is_some_and(|spec| spec.value_type == ValueType::VariableName);
            if is_output && let Some(name) = attribute.value.literal_text() {
                found.push(Setter { name, span: attribute.value.span, policy: index });
            }
        }
    }
    found
}

/// Every read of a variable with a literal name.
#[must_use]
pub fn reads<'a>(cx: &Context<'a>) -> Vec<Read<'a>> {
    let mut found = Vec::new();
    for (index, at) in cx.expressions.iter().enumerate() {
        each_expr(at.ast, |expr| {
            if let Some(read) = variable_read(expr) {
                found.push(Read { read, span: at.span(read.name_range), expression: index });
            }
        });
    }
    found
}

/// Whether some expression reads variables by a computed name (`context.Variables[key]`),
/// so which variables are read cannot be known.
#[must_use]
pub fn has_dynamic_reads(cx: &Context<'_>) -> bool {
    use apim_expr::ast::ExprKind;
    let mut dynamic = false;
    for at in &cx.expressions {
        each_expr(at.ast, |expr| {
            let target = match &expr.kind {
                ExprKind::Index { target, .. } => Some(target),
                ExprKind::Call { callee, .. } => match &callee.kind {
                    ExprKind::Member { target, .. } => Some(target),
                    _ => None,
                },
                _ => None,
            };
            if target.is_some_and(|target| crate::patterns::is_path(target, &["context", "Variables"]))
                && variable_read(expr).is_none()
            {
                dynamic = true;
            }
        });
    }
    dynamic
}
