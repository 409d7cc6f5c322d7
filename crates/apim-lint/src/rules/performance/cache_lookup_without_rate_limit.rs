use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L411", "cache-lookup-without-rate-limit"),
    category: Category::Performance,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a semantic cache lookup (`llm-semantic-cache-lookup`, `azure-openai-semantic-cache-lookup`) with no rate limit (`rate-limit`, `rate-limit-by-key`, `llm-token-limit`, `azure-openai-token-limit`, `quota`, `quota-by-key`) after it in the same section.",
        why: "Microsoft's documentation recommends \"a rate-limit or rate-limit-by-key immediately after the lookup to protect the backend if the cache is unavailable\": when the cache fails, every request goes to the model at once.",
        example: r#"<inbound>
    <base />
    <llm-semantic-cache-lookup score-threshold="0.8" embeddings-backend-id="embeddings" embeddings-backend-auth="system-assigned" />
</inbound>"#,
        fix: "Add a limit after the lookup, e.g. `<rate-limit-by-key calls=\"10\" renewal-period=\"60\" counter-key=\"@(context.Subscription.Id)\" />`.",
    },
    check: Check::Lint(check),
};

const LIMITS: &[&str] =
    &["rate-limit", "rate-limit-by-key", "llm-token-limit", "azure-openai-token-limit", "quota", "quota-by-key"];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for (index, policy) in cx.policies.iter().enumerate() {
        if !policy.name().ends_with("semantic-cache-lookup") {
            continue;
        }
        let limited = cx.policies[index + 1..]
            .iter()
            .any(|later| later.section == policy.section && LIMITS.contains(&later.name()));
        if !limited {
            out.report(
                out.diagnostic(format!("`{}` is not followed by a rate limit", policy.name()))
                    .with_primary(policy.node.name_span, "no limit after this lookup")
                    .with_help("add `rate-limit-by-key` (or `llm-token-limit`) after the lookup to protect the backend when the cache is unavailable"),
            );
        }
    }
}
