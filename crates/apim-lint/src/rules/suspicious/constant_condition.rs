use apim_expr::ast::{Body, ExprKind, Literal};

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L420", "constant-condition"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `condition` attributes (`when`, `retry`) that are a constant: `@(true)`, `@(false)`, or the literal `true`/`false`.",
        why: "A constant condition is left-over debugging or a placeholder: the branch always (or never) runs, and `retry` with `true` retries every response.",
        example: r#"<inbound>
    <choose>
        <when condition="@(true)">
            <set-backend-service backend-id="primary" />
        </when>
    </choose>
</inbound>"#,
        fix: "Write the real condition, or remove the `choose` and keep the branch that should run.",
    },
    check: Check::Lint(check),
};

/// The value of a constant condition, if it is one.
pub(crate) fn constant(value: &apim_ir::Value) -> Option<bool> {
    match &value.kind {
        apim_ir::ValueKind::Literal(literal) => match literal.text.trim() {
            "true" | "True" => Some(true),
            "false" | "False" => Some(false),
            _ => None,
        },
        apim_ir::ValueKind::Expression(expression) => match expression.ast.as_deref() {
            Some(Body::Expression(expr)) => {
                let mut expr = expr;
                while let ExprKind::Parenthesized(inner) = &expr.kind {
                    expr = inner;
                }
                match &expr.kind {
                    ExprKind::Literal(Literal::Bool(value)) => Some(*value),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    }
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in &cx.policies {
        let conditions = policy
            .node
            .attribute("condition")
            .into_iter()
            .chain(policy.node.elements.iter().filter_map(|element| element.attribute("condition")));
        for attribute in conditions {
            if let Some(value) = constant(&attribute.value) {
                out.report(
                    out.diagnostic(format!("the condition is always {value}"))
                        .with_primary(attribute.value.span, "constant")
                        .with_help("write the real condition, or remove the branch that never runs"),
                );
            }
        }
    }
}
