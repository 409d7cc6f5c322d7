use crate::rules::prelude::*;
use crate::rules::suspicious::constant_condition::constant;

pub static RULE: Rule = Rule {
    code: Code::new("L421", "unreachable-when"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `when` and `otherwise` branches of a `choose` that can never be taken: after a branch whose condition is always true, or whose condition repeats an earlier one word for word.",
        why: "`choose` takes the first branch whose condition holds. A branch after an always-true one, or after an identical condition, is dead code the author meant to run.",
        example: r#"<inbound>
    <choose>
        <when condition="@(context.Request.Method == "POST")">
            <set-backend-service backend-id="writer" />
        </when>
        <when condition="@(context.Request.Method == "POST")">
            <set-backend-service backend-id="reader" />
        </when>
    </choose>
</inbound>"#,
        fix: "Correct the condition of the shadowed branch, or remove it.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("choose") {
        let mut seen: Vec<(String, Span)> = Vec::new();
        let mut always: Option<Span> = None;
        for branch in &policy.node.elements {
            if let Some(earlier) = always {
                out.report(
                    out.diagnostic(format!("this `<{}>` can never be taken", branch.name))
                        .with_primary(branch.name_span, "unreachable")
                        .with_secondary(earlier, "always true")
                        .with_help("correct the earlier condition, or remove this branch"),
                );
                continue;
            }
            let Some(condition) = branch.attribute("condition") else { continue };
            let code = match &condition.value.kind {
                apim_ir::ValueKind::Expression(expression) => {
                    expression.source.inner().split_whitespace().collect::<Vec<_>>().join(" ")
                }
                _ => String::new(),
            };
            if !code.is_empty()
                && let Some((_, first)) = seen.iter().find(|(earlier, _)| *earlier == code)
            {
                out.report(
                    out.diagnostic("this `<when>` repeats an earlier condition and can never be taken")
                        .with_primary(condition.value.span, "same condition")
                        .with_secondary(*first, "taken first")
                        .with_help("correct the condition, or remove this branch"),
                );
            }
            if constant(&condition.value) == Some(true) {
                always = Some(condition.value.span);
            }
            seen.push((code, condition.value.span));
        }
    }
}
