use apim_ir::{Policy, Root};

use crate::rules::prelude::*;
use crate::rules::tag_name_span;

pub static RULE: Rule = Rule {
    code: Code::new("L408", "backend-without-forward-request"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a `<backend>` section with neither `<base />` nor `forward-request`, in a document that never builds its own response (no `return-response`, `mock-response`, or `set-body` in `<outbound>`).",
        why: "Documented: \"without forward-request in the effective backend section the request is not forwarded and outbound runs right after inbound\". Clients get an empty 200 response instead of the backend's.",
        example: r#"<policies>
    <inbound><base /></inbound>
    <backend>
        <set-header name="x-region" exists-action="override"><value>eu</value></set-header>
    </backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>"#,
        fix: "Add `<base />` (to inherit the global `forward-request`) or `<forward-request />` to `<backend>`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Root::Policies(sections) = &cx.document.root else { return };
    let Some(backend) = sections.iter().find(|section| section.kind == SectionKind::Backend) else { return };
    if backend.policies.iter().any(|policy| matches!(policy, Policy::Placeholder { .. })) {
        return;
    }
    let in_backend = |names: &[&str]| {
        cx.policies.iter().any(|policy| policy.section == Some(SectionKind::Backend) && names.contains(&policy.name()))
    };
    if in_backend(&["base", "forward-request", "return-response", "mock-response", "send-request", "include-fragment"])
    {
        return;
    }
    let answers_itself = cx.policies.iter().any(|policy| {
        matches!(policy.name(), "return-response" | "mock-response")
            || (policy.section == Some(SectionKind::Outbound) && policy.name() == "set-body")
    });
    if answers_itself {
        return;
    }
    out.report(
        out.diagnostic("`<backend>` never forwards the request: it has no `<base />` and no `forward-request`")
            .with_primary(tag_name_span(backend.span, "backend"), "nothing is sent to the backend")
            .with_help("add `<base />` to inherit the global `forward-request`, or `<forward-request />`"),
    );
}
