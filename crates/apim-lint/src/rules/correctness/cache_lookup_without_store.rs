use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L410", "cache-lookup-without-store"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `cache-lookup`, `llm-semantic-cache-lookup` or `azure-openai-semantic-cache-lookup` in a `<policies>` document without the matching store policy (`cache-store`, `llm-semantic-cache-store`, `azure-openai-semantic-cache-store`).",
        why: "Documented: a lookup \"must have a corresponding store policy\". Without it nothing is ever cached: every lookup misses and costs an embeddings call or a cache round trip for nothing.",
        example: r#"<policies>
    <inbound>
        <base />
        <llm-semantic-cache-lookup score-threshold="0.8" embeddings-backend-id="embeddings" embeddings-backend-auth="system-assigned" />
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>"#,
        fix: "Add the store policy to `<outbound>`, e.g. `<llm-semantic-cache-store duration=\"60\" />`.",
    },
    check: Check::Lint(check),
};

const PAIRS: &[(&str, &str)] = &[
    ("cache-lookup", "cache-store"),
    ("llm-semantic-cache-lookup", "llm-semantic-cache-store"),
    ("azure-openai-semantic-cache-lookup", "azure-openai-semantic-cache-store"),
];

fn check(cx: &Context<'_>, out: &mut Findings) {
    if !cx.is_full_document() {
        return;
    }
    for &(lookup, store) in PAIRS {
        // Either semantic store serves either semantic lookup.
        let stored = cx.policies.iter().any(|policy| {
            policy.name() == store
                || (store.ends_with("semantic-cache-store") && policy.name().ends_with("semantic-cache-store"))
        });
        if stored {
            continue;
        }
        for policy in cx.policies_named(lookup) {
            out.report(
                out.diagnostic(format!("`{lookup}` has no matching `{store}`: nothing is ever cached"))
                    .with_primary(policy.node.name_span, "always misses")
                    .with_help(format!("add `<{store} duration=\"...\" />` to `<outbound>`")),
            );
        }
    }
}
