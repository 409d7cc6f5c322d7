use crate::patterns::{Ty, body_type};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L429", "non-boolean-condition"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `condition` expressions (`when`, `retry`) whose type is evidently not `bool`: a string, a number, or a context variable read as `object`.",
        why: "APIM compiles the condition as a `bool` expression: anything else fails to compile (CS0029/CS0266) and the policy cannot be saved, or throws at run time.",
        example: r#"<inbound>
    <choose>
        <when condition="@(context.Variables["is-premium"])">
            <set-backend-service backend-id="premium" />
        </when>
    </choose>
</inbound>"#,
        fix: "Compare or read it typed: `@(context.Variables.GetValueOrDefault<bool>(\"is-premium\"))`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        if at.role != "condition" {
            continue;
        }
        let Some(ty) = body_type(at.ast) else { continue };
        if matches!(ty, Ty::Bool | Ty::Named(_)) {
            continue;
        }
        out.report(
            out.diagnostic(format!("the condition is a `{}`, not a `bool`", ty.name()))
                .with_primary(at.expression.source.span, format!("`{}`", ty.name()))
                .with_help("compare it, or read the variable as `GetValueOrDefault<bool>(...)`"),
        );
    }
}
