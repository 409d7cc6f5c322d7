use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L409", "policy-repeated"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a policy documented as \"only once per policy section\" (`cache-lookup`, `cache-store`, the semantic cache policies, `cors`, `jsonp`, `redirect-content-urls`, `validate-headers`, `validate-parameters`, `validate-odata-request`) or \"only once per policy definition\" (`rate-limit`, `quota`) used again. Uses in different branches of a `choose` are not counted against each other.",
        why: "APIM rejects such a document, or applies only the first occurrence (for `cors`), so the second one does not do what it says.",
        example: r#"<inbound>
    <rate-limit calls="100" renewal-period="60" />
    <base />
    <rate-limit calls="10" renewal-period="1" />
</inbound>"#,
        fix: "Keep one, or move per-key limits to `rate-limit-by-key` / `quota-by-key`, which may repeat. Note that `llm-token-limit` and `azure-openai-token-limit` may be used several times (documented).",
    },
    check: Check::Lint(check),
};

const ONCE_PER_SECTION: &[&str] = &[
    "cache-lookup",
    "cache-store",
    "azure-openai-semantic-cache-lookup",
    "azure-openai-semantic-cache-store",
    "llm-semantic-cache-lookup",
    "llm-semantic-cache-store",
    "cors",
    "jsonp",
    "redirect-content-urls",
    "validate-headers",
    "validate-odata-request",
    "validate-parameters",
];

const ONCE_PER_DEFINITION: &[&str] = &["rate-limit", "quota"];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for (index, policy) in cx.policies.iter().enumerate() {
        let name = policy.name();
        let per_section = ONCE_PER_SECTION.contains(&name);
        if !per_section && !ONCE_PER_DEFINITION.contains(&name) {
            continue;
        }
        let in_choose = |at: usize| cx.ancestors(at).any(|ancestor| ancestor == "choose");
        let first = cx.policies[..index].iter().enumerate().find(|(earlier, other)| {
            other.name() == name
                && (!per_section || other.section == policy.section)
                && !(in_choose(index) && in_choose(*earlier))
        });
        if let Some((_, first)) = first {
            let scope = if per_section { "section" } else { "policy document" };
            out.report(
                out.diagnostic(format!("`{name}` may be used only once per {scope}"))
                    .with_primary(policy.node.name_span, "used again")
                    .with_secondary(first.node.name_span, "first use")
                    .with_help("keep one of them"),
            );
        }
    }
}
