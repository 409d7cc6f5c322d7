use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L427", "empty-choose"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a `choose` none of whose branches contains a policy.",
        why: "The conditions are evaluated on every request and nothing happens either way: the branch bodies were lost or never written.",
        example: r#"<inbound>
    <choose>
        <when condition="@(context.Request.Method == "POST")">
        </when>
    </choose>
</inbound>"#,
        fix: "Write the policies of the branches, or remove the `choose`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("choose") {
        let branches: Vec<_> = policy
            .node
            .elements
            .iter()
            .filter(|element| matches!(element.name.as_str(), "when" | "otherwise"))
            .collect();
        if branches.is_empty() || branches.iter().any(|branch| !branch.policies.is_empty()) {
            continue;
        }
        out.report(
            out.diagnostic("every branch of this `choose` is empty")
                .with_primary(policy.node.name_span, "does nothing")
                .with_help("write the policies of the branches, or remove the `choose`"),
        );
    }
}
