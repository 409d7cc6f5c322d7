use apim_expr::ast::{BinaryOp, Expr, ExprKind, Literal};

use crate::patterns::{Ty, VariableUse, body_type, variable_read};
use crate::rules::prelude::*;
use crate::variables::setters;
use crate::walk::each_expr;

pub static RULE: Rule = Rule {
    code: Code::new("L419", "object-string-reference-comparison"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `==` and `!=` between a context variable read as `object` (`context.Variables[\"x\"]`, `GetValueOrDefault(\"x\")` without a type) and a string.",
        why: "C# compiles `object == string` as reference equality (warning CS0252): when the variable holds text computed at run time (from a header, a body, a concatenation) the comparison is false even though the characters are equal, because the two strings are different objects. It only seems to work while both sides are the same interned literal.",
        example: r#"<inbound>
    <set-variable name="model" value="@(context.Request.Headers.GetValueOrDefault("x-model", "gpt-4o"))" />
    <choose>
        <when condition="@(context.Variables["model"] == "gpt-4o")">
            <set-backend-service backend-id="gpt4o" />
        </when>
    </choose>
</inbound>"#,
        fix: r#"Compare strings (applied by `--fix`, which casts the variable):

```xml
<when condition="@((string)context.Variables["model"] == "gpt-4o")">
```

or read it typed: `context.Variables.GetValueOrDefault<string>("model") == "gpt-4o"`."#,
    },
    check: Check::Lint(check),
};

fn is_string(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Literal(Literal::String(_)) | ExprKind::Interpolated { .. } => true,
        ExprKind::Parenthesized(inner) => is_string(inner),
        _ => false,
    }
}

/// Whether every setter of `name` evidently stores a string, so `(string)` cannot throw.
fn holds_string(cx: &Context<'_>, name: &str) -> bool {
    let setters: Vec<_> = setters(cx).into_iter().filter(|setter| setter.name == name).collect();
    !setters.is_empty()
        && setters.iter().all(|setter| {
            let node = cx.policies[setter.policy].node;
            node.spec.element == "set-variable"
                && node.attribute("value").is_some_and(|value| match &value.value.kind {
                    apim_ir::ValueKind::Literal(_) => true,
                    apim_ir::ValueKind::Expression(expression) => {
                        expression.ast.as_deref().and_then(body_type) == Some(Ty::String)
                    }
                    _ => false,
                })
        })
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        let mut found = Vec::new();
        each_expr(at.ast, |expr| {
            if let ExprKind::Binary { op: op @ (BinaryOp::Eq | BinaryOp::Ne), left, right } = &expr.kind {
                for (variable, other) in [(left, right), (right, left)] {
                    if let Some(read) = variable_read(variable)
                        && matches!(read.access, VariableUse::Indexer | VariableUse::Get(None))
                        && is_string(other)
                    {
                        found.push((expr.range, variable.range, *op, read.name));
                        break;
                    }
                }
            }
        });
        for (whole, variable, op, name) in found {
            let diagnostic = out
                .diagnostic(format!(
                    "`{}` compares an `object` with a string by reference: it is {} for equal text computed at run time",
                    at.code(whole),
                    if op == BinaryOp::Eq { "false" } else { "true" }
                ))
                .with_primary(at.span(variable), "an `object`")
                .with_help(format!("cast it: `(string){}`, or read it with `GetValueOrDefault<string>`", at.code(variable)));
            if holds_string(cx, name) && at.written_as_is(cx.source, variable) {
                let start = at.span(variable).start;
                let fix = Fix {
                    title: "cast the variable to `(string)`".to_owned(),
                    edits: vec![Edit { span: Span::new(start, start), text: "(string)".to_owned() }],
                };
                out.report_with_fix(diagnostic, fix);
            } else {
                out.report(diagnostic);
            }
        }
    }
}
