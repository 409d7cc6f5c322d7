use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L432", "jwt-signature-not-required"),
    category: Category::Security,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `validate-jwt` with `require-signed-tokens=\"false\"`.",
        why: "An unsigned token can be written by anyone: every claim check after it (audience, roles, scopes) checks what the caller chose to write.",
        example: r#"<inbound>
    <validate-jwt header-name="Authorization" require-signed-tokens="false">
        <audiences><audience>api://my-api</audience></audiences>
        <issuers><issuer>https://sts.windows.net/contoso/</issuer></issuers>
    </validate-jwt>
</inbound>"#,
        fix: "Remove `require-signed-tokens=\"false\"` and configure the signing keys (`<openid-config>` or `<issuer-signing-keys>`).",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("validate-jwt") {
        let Some(attribute) = policy.node.attribute("require-signed-tokens") else { continue };
        if attribute.value.literal_text().is_some_and(|text| text.trim().eq_ignore_ascii_case("false")) {
            out.report(
                out.diagnostic("`validate-jwt` accepts unsigned tokens")
                    .with_primary(attribute.value.span, "signature not required")
                    .with_help("remove `require-signed-tokens=\"false\"` and configure the signing keys"),
            );
        }
    }
}
