use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L441", "unknown-fragment"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "In a service folder, finds `include-fragment` naming a fragment the service does not have (`policy fragments/<name>/`).",
        why: "APIM refuses to save a policy that includes a missing fragment.",
        example: r#"<inbound>
    <include-fragment fragment-id="correlation-ids" />
</inbound>"#,
        fix: "Correct the `fragment-id`, or add the fragment under `policy fragments/`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(environment) = cx.environment else { return };
    for policy in cx.policies_named("include-fragment") {
        let Some(attribute) = policy.node.attribute("fragment-id") else { continue };
        let Some(name) = attribute.value.literal_text() else { continue };
        if environment.fragments.contains(name) {
            continue;
        }
        let help = apim_diagnostics::suggest::closest(name, environment.fragments.iter().map(String::as_str))
            .map_or_else(|| "add it under `policy fragments/`".to_owned(), |near| format!("did you mean `{near}`?"));
        out.report(
            out.diagnostic(format!("the service has no policy fragment `{name}`"))
                .with_primary(attribute.value.span, "unknown fragment")
                .with_help(help),
        );
    }
}
