use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L415", "jwt-expiration-not-required"),
    category: Category::Security,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `validate-jwt` with `require-expiration-time=\"false\"`.",
        why: "A token without `exp` never expires: once leaked it grants access forever.",
        example: r#"<inbound>
    <validate-jwt header-name="Authorization" require-expiration-time="false">
        <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
        <audiences><audience>api://my-api</audience></audiences>
    </validate-jwt>
</inbound>"#,
        fix: "Remove `require-expiration-time=\"false\"` (the default requires `exp`).",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("validate-jwt") {
        let Some(attribute) = policy.node.attribute("require-expiration-time") else { continue };
        if attribute.value.literal_text().is_some_and(|text| text.trim().eq_ignore_ascii_case("false")) {
            out.report(
                out.diagnostic("`validate-jwt` accepts tokens that never expire")
                    .with_primary(attribute.value.span, "`exp` not required")
                    .with_help("remove `require-expiration-time=\"false\"`"),
            );
        }
    }
}
