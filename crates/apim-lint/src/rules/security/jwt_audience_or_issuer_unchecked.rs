use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L414", "jwt-audience-or-issuer-unchecked"),
    category: Category::Security,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `validate-jwt` without `<audiences>`, or without `<issuers>` when no `<openid-config>` names the issuer.",
        why: "Without an audience check any token the issuer signed for any other application is accepted; without an issuer check any issuer whose key is configured is trusted. Both turn authentication into \"has some token\".",
        example: r#"<inbound>
    <validate-jwt header-name="Authorization">
        <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
    </validate-jwt>
</inbound>"#,
        fix: r#"List the audiences (and issuers) this API accepts:

```xml
<validate-jwt header-name="Authorization">
    <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
    <audiences><audience>api://my-api</audience></audiences>
</validate-jwt>
```"#,
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("validate-jwt") {
        let has = |name: &str| policy.node.elements.iter().any(|element| element.name == name);
        let mut missing = Vec::new();
        if !has("audiences") {
            missing.push("`<audiences>`");
        }
        if !has("issuers") && !has("openid-config") {
            missing.push("`<issuers>`");
        }
        if missing.is_empty() {
            continue;
        }
        out.report(
            out.diagnostic(format!(
                "`validate-jwt` accepts tokens for any {} (no {})",
                if has("audiences") { "issuer" } else { "audience" },
                missing.join(" and ")
            ))
            .with_primary(policy.node.name_span, "claims not restricted")
            .with_help(format!("add {} listing what this API accepts", missing.join(" and "))),
        );
    }
}
