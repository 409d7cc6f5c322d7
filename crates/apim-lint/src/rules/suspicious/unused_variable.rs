use crate::rules::prelude::*;
use crate::variables::{has_dynamic_reads, reads, setters};

pub static RULE: Rule = Rule {
    code: Code::new("L403", "unused-variable"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `set-variable` whose variable nothing in the document reads. Documents that read variables by computed names are skipped; alone, fragments are skipped too. In a service folder a variable read by any other policy of the service counts as read.",
        why: "A variable set and never read is dead work per request (often an expensive body parse) or a sign that the reader misspells the name.",
        example: r#"<inbound>
    <set-variable name="prompt-tokens" value="@(context.Request.Body.As<string>(preserveContent: true).Length / 4)" />
    <base />
</inbound>"#,
        fix: "Remove the `set-variable`, or read the variable where it was meant to be used.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let elsewhere = cx.environment.map(|environment| &environment.variables_read_elsewhere);
    if (cx.is_fragment() && elsewhere.is_none()) || has_dynamic_reads(cx) {
        return;
    }
    let read = reads(cx);
    for setter in setters(cx) {
        if cx.policies[setter.policy].name() != "set-variable"
            || read.iter().any(|r| r.read.name == setter.name)
            || elsewhere.is_some_and(|names| names.contains(setter.name))
        {
            continue;
        }
        // Liquid templates and other text may name it: only report names found nowhere else.
        if cx.source.matches(setter.name).count() > 1 {
            continue;
        }
        out.report(
            out.diagnostic(format!("variable `{}` is set but never read", setter.name))
                .with_primary(setter.span, "never read")
                .with_help("remove the `set-variable`, or read the variable where it was meant to be used"),
        );
    }
}
