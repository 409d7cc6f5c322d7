use apim_catalog::ValueType;

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L442", "unknown-backend"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "In a service folder, finds backend ids (`set-backend-service backend-id`, `embeddings-backend-id` and every other attribute documented as a backend id) that name no backend of the service (`backends/<name>/`).",
        why: "A request routed to a missing backend fails at run time with a 500 (`BackendNotFound`), typically only on the branch nobody tested.",
        example: r#"<inbound>
    <set-backend-service backend-id="openai-westeurope" />
</inbound>"#,
        fix: "Correct the id, or add the backend under `backends/`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(environment) = cx.environment else { return };
    for policy in &cx.policies {
        for attribute in &policy.node.attributes {
            let is_backend =
                policy.node.spec.attribute(&attribute.name).is_some_and(|spec| spec.value_type == ValueType::BackendId);
            let Some(name) = attribute.value.literal_text().filter(|_| is_backend) else { continue };
            if environment.backends.contains(name) || policy.node.spec.name == "set-backend-service-dapr" {
                continue;
            }
            let help = apim_diagnostics::suggest::closest(name, environment.backends.iter().map(String::as_str))
                .map_or_else(|| "add it under `backends/`".to_owned(), |near| format!("did you mean `{near}`?"));
            out.report(
                out.diagnostic(format!("the service has no backend `{name}`"))
                    .with_primary(attribute.value.span, "unknown backend")
                    .with_help(help),
            );
        }
    }
}
