use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L405", "retry-without-buffered-body"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `forward-request` inside `retry` without `buffer-request-body=\"true\"`.",
        why: "The request body is a stream sent once. Documented: \"buffer-request-body=true required for retry to resend the body\"; without it a retried POST (every LLM call) reaches the backend with an empty body.",
        example: r#"<backend>
    <retry condition="@(context.Response.StatusCode == 429)" count="3" interval="1">
        <forward-request />
    </retry>
</backend>"#,
        fix: r#"Buffer the body (applied by `--fix`):

```xml
<forward-request buffer-request-body="true" />
```"#,
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for (index, policy) in cx.policies.iter().enumerate() {
        if policy.name() != "forward-request" || !cx.ancestors(index).any(|name| name == "retry") {
            continue;
        }
        let buffered = policy.node.attribute("buffer-request-body");
        if buffered.is_some_and(|attribute| attribute.value.literal_text().is_none_or(|text| text.trim() != "false")) {
            continue;
        }
        let diagnostic = out
            .diagnostic("`forward-request` is retried but does not buffer the request body")
            .with_primary(policy.node.name_span, "retried without `buffer-request-body=\"true\"`")
            .with_help("add `buffer-request-body=\"true\"` so each retry resends the body");
        let fix = match buffered {
            Some(attribute) => Fix {
                title: "set `buffer-request-body=\"true\"`".to_owned(),
                edits: vec![Edit { span: attribute.value.span, text: "true".to_owned() }],
            },
            None => Fix {
                title: "add `buffer-request-body=\"true\"`".to_owned(),
                edits: vec![Edit {
                    span: Span::new(policy.node.name_span.end, policy.node.name_span.end),
                    text: " buffer-request-body=\"true\"".to_owned(),
                }],
            },
        };
        out.report_with_fix(diagnostic, fix);
    }
}
