use apim_ir::Policy;

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L428", "duplicate-set-header"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds two `set-header` policies for the same header in the same list of policies where the second overrides (or deletes) the first.",
        why: "The first `set-header` has no effect: usually a copy-paste mistake where the second one was meant for another header.",
        example: r#"<inbound>
    <set-header name="x-model" exists-action="override"><value>gpt-4o</value></set-header>
    <set-header name="x-model" exists-action="override"><value>gpt-4o-mini</value></set-header>
</inbound>"#,
        fix: "Remove the first `set-header`, or correct the header name of the second.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for list in &cx.lists {
        let mut seen: Vec<(String, Span)> = Vec::new();
        for policy in list.policies {
            let Policy::Known(node) = policy else { continue };
            if node.spec.name != "set-header" {
                continue;
            }
            let Some(name) = literal(node, "name") else { continue };
            let name = name.trim().to_ascii_lowercase();
            let action = literal(node, "exists-action").unwrap_or("override").trim();
            if matches!(action, "override" | "delete")
                && let Some((_, first)) = seen.iter().find(|(earlier, _)| *earlier == name)
            {
                out.report(
                    out.diagnostic(format!("header `{name}` is set again: the earlier `set-header` has no effect"))
                        .with_primary(node.name_span, format!("{action}s it"))
                        .with_secondary(*first, "set here first")
                        .with_help("remove the first `set-header`, or correct the header name"),
                );
            }
            seen.push((name, node.name_span));
        }
    }
}
