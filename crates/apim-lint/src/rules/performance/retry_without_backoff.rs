use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L430", "retry-without-backoff"),
    category: Category::Performance,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `retry` with `interval=\"0\"`, no `delta` and a `count` of 3 or more: every retry is sent at once. One or two immediate retries (failing over to another member of a backend pool) are not reported.",
        why: "A backend that answers 429 or 503 is overloaded; retrying immediately, several times, multiplies the load exactly when it hurts, and burns the retry budget before the backend recovers (for Azure OpenAI, `Retry-After` is usually several seconds).",
        example: r#"<backend>
    <retry condition="@(context.Response.StatusCode == 429)" count="5" interval="0">
        <forward-request buffer-request-body="true" />
    </retry>
</backend>"#,
        fix: "Wait between attempts: `interval=\"1\" delta=\"1\" max-interval=\"10\"` (exponential), or route to another backend pool member.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("retry") {
        let Some(interval) = policy.node.attribute("interval") else { continue };
        let zero = interval.value.literal_text().is_some_and(|text| text.trim() == "0");
        let count = literal(policy.node, "count").and_then(|count| count.trim().parse::<u32>().ok()).unwrap_or(0);
        if zero && policy.node.attribute("delta").is_none() && count >= 3 {
            out.report(
                out.diagnostic(format!("`retry` resends up to {count} times without waiting"))
                    .with_primary(interval.value.span, "no wait")
                    .with_help("wait between attempts, e.g. `interval=\"1\" delta=\"1\" max-interval=\"10\"`"),
            );
        }
    }
}
