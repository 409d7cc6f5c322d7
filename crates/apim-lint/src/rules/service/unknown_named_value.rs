use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L440", "unknown-named-value"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "In a service folder, finds `{{name}}` references to named values the service does not define (`named values/<name>/namedValueInformation.json`, matched by display name). Comments are not checked.",
        why: "APIM substitutes named values before it compiles the policy and refuses to save a policy that names one it does not have; the deployment of the whole service fails.",
        example: r#"<inbound>
    <set-header name="api-key" exists-action="override">
        <value>{{openai-key}}</value>
    </set-header>
</inbound>"#,
        fix: "Correct the name, or add the named value to the service (`named values/<name>/`).",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(environment) = cx.environment else { return };
    let source = cx.source;
    let mut from = 0;
    let mut reported = std::collections::BTreeSet::new();
    while let Some(start) = source[from..].find("{{").map(|at| at + from) {
        // Skip comments.
        if let Some(comment) = source[from..start].rfind("<!--").map(|at| at + from)
            && !source[comment..start].contains("-->")
        {
            from = source[start..].find("-->").map_or(source.len(), |end| start + end + 3);
            continue;
        }
        let Some(length) = source[start + 2..].find("}}") else { break };
        let name = &source[start + 2..start + 2 + length];
        from = start + 4 + length;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            continue;
        }
        if environment.named_values.contains(name) || !reported.insert(name) {
            continue;
        }
        let help = apim_diagnostics::suggest::closest(name, environment.named_values.iter().map(String::as_str))
            .map_or_else(
                || "add it under `named values/`".to_owned(),
                |near| format!("did you mean `{{{{{near}}}}}`?"),
            );
        let span = Span::new(u32::try_from(start).unwrap_or(0), u32::try_from(from).unwrap_or(0));
        out.report(
            out.diagnostic(format!("the service has no named value `{name}`"))
                .with_primary(span, "unknown named value")
                .with_help(help),
        );
    }
}
