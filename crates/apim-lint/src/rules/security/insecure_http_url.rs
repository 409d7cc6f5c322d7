use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L431", "insecure-http-url"),
    category: Category::Security,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds literal `http://` URLs in `set-backend-service base-url`, `send-request`/`send-one-way-request` `<set-url>`, `openid-config url` and `authentication-managed-identity resource`, except for `localhost` and `127.0.0.1`.",
        why: "Requests from the gateway carry the caller's payload and often credentials (`authentication-managed-identity` tokens, keys); over plain HTTP anyone on the path can read or change them.",
        example: r#"<inbound>
    <set-backend-service base-url="http://my-openai.openai.azure.com/openai" />
</inbound>"#,
        fix: "Use `https://`.",
    },
    check: Check::Lint(check),
};

fn insecure(url: &str) -> bool {
    let url = url.trim();
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', ':', '?']).next().unwrap_or("");
    !matches!(host, "localhost" | "127.0.0.1" | "[::1]") && !host.is_empty()
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in &cx.policies {
        let mut values = Vec::new();
        match policy.name() {
            "set-backend-service" => values.extend(policy.node.attribute("base-url").map(|attribute| &attribute.value)),
            "send-request" | "send-one-way-request" => {
                values.extend(policy.node.elements_named("set-url").filter_map(|element| element.text.as_ref()));
            }
            "validate-jwt" | "validate-azure-ad-token" => {
                values.extend(
                    policy
                        .node
                        .elements_named("openid-config")
                        .filter_map(|element| element.attribute("url"))
                        .map(|attribute| &attribute.value),
                );
            }
            _ => {}
        }
        for value in values {
            if value.literal_text().is_some_and(insecure) {
                out.report(
                    out.diagnostic(format!("`{}` sends requests over plain HTTP", policy.name()))
                        .with_primary(value.span, "`http://`")
                        .with_help("use `https://`"),
                );
            }
        }
    }
}
