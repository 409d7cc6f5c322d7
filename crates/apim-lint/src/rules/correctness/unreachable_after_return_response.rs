use apim_ir::Policy;

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L404", "unreachable-after-return-response"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds policies that follow `return-response` in the same list of policies.",
        why: "`return-response` ends the pipeline: the response is sent and no later policy of the branch runs, so those policies are dead code that the author expected to run.",
        example: r#"<inbound>
    <return-response>
        <set-status code="403" reason="Forbidden" />
    </return-response>
    <set-header name="x-blocked" exists-action="override">
        <value>true</value>
    </set-header>
</inbound>"#,
        fix: "Move the policies before `return-response` (inside it, for headers of the returned response), or remove them.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for list in &cx.lists {
        let Some(position) =
            list.policies.iter().position(|policy| policy.spec().is_some_and(|spec| spec.name == "return-response"))
        else {
            continue;
        };
        let returned = list.policies[position].span();
        if let Some(next) = list.policies[position + 1..].iter().find(|policy| matches!(policy, Policy::Known(_))) {
            let Policy::Known(node) = next else { continue };
            out.report(
                out.diagnostic(format!(
                    "`{}` can never run: `return-response` before it ends the pipeline",
                    node.spec.element
                ))
                .with_primary(node.name_span, "unreachable")
                .with_secondary(Span::new(returned.start, returned.start + 16), "the response is sent here")
                .with_help("move it before `return-response`, or remove it"),
            );
        }
    }
}
