use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L416", "cors-any-origin-with-credentials"),
    category: Category::Security,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `cors` with `allow-credentials=\"true\"` and `<origin>*</origin>`.",
        why: "Browsers refuse `Access-Control-Allow-Origin: *` on credentialed requests, so the configuration either breaks every credentialed call or, where an origin is reflected, lets any web site call the API with the user's cookies.",
        example: r#"<inbound>
    <cors allow-credentials="true">
        <allowed-origins><origin>*</origin></allowed-origins>
        <allowed-methods><method>GET</method></allowed-methods>
        <allowed-headers><header>*</header></allowed-headers>
    </cors>
</inbound>"#,
        fix: "List the origins that may send credentials (`<origin>https://app.contoso.com</origin>`), or set `allow-credentials=\"false\"`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("cors") {
        let credentials =
            literal(policy.node, "allow-credentials").is_some_and(|text| text.trim().eq_ignore_ascii_case("true"));
        if !credentials {
            continue;
        }
        for origins in policy.node.elements_named("allowed-origins") {
            for origin in origins.elements.iter().filter(|element| element.name == "origin") {
                if origin.text.as_ref().and_then(|text| text.literal_text()).is_some_and(|text| text.trim() == "*") {
                    out.report(
                        out.diagnostic("`cors` allows credentials from any origin")
                            .with_primary(origin.text.as_ref().map_or(origin.span, |text| text.span), "any origin")
                            .with_help(
                                "list the origins that may send credentials, or set `allow-credentials=\"false\"`",
                            ),
                    );
                }
            }
        }
    }
}
