use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L435", "send-request-body-with-get"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `send-request` and `send-one-way-request` with `mode=\"new\"` (the default) that set a body but no method.",
        why: "Without `<set-method>` a new request is a `GET`; most services ignore or reject a GET body, so the call does not send what the policy builds.",
        example: r#"<inbound>
    <send-request mode="new" response-variable-name="moderation" timeout="10">
        <set-url>https://contoso.cognitiveservices.azure.com/contentsafety/text:analyze?api-version=2023-10-01</set-url>
        <set-body>@(context.Request.Body.As<string>(preserveContent: true))</set-body>
    </send-request>
</inbound>"#,
        fix: "Add `<set-method>POST</set-method>`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in &cx.policies {
        if !matches!(policy.name(), "send-request" | "send-one-way-request") {
            continue;
        }
        let copy = literal(policy.node, "mode").is_some_and(|mode| mode.trim() == "copy");
        // `set-method` and `set-body` are policies written as children of `send-request`.
        let has = |name: &str| {
            policy.node.elements.iter().any(|element| element.name == name)
                || policy.node.policies.iter().any(|child| child.spec().is_some_and(|spec| spec.element == name))
        };
        if copy || has("set-method") || !has("set-body") {
            continue;
        }
        out.report(
            out.diagnostic(format!("`{}` sets a body but no method: it is sent as a GET", policy.name()))
                .with_primary(policy.node.name_span, "GET with a body")
                .with_help("add `<set-method>POST</set-method>`"),
        );
    }
}
