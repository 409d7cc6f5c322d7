use apim_ir::{Policy, Root};

use crate::rules::prelude::*;
use crate::rules::tag_name_span;

pub static RULE: Rule = Rule {
    code: Code::new("L406", "missing-base"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds sections of a `<policies>` document without `<base />`. A `<backend>` that forwards the request itself (`forward-request`) is not reported.",
        why: "At product, API and operation scope `<base />` is where the policies of the enclosing scopes run. Without it, global and product policies (authentication, rate limits, CORS, logging) silently stop applying to this API. At global scope there is nothing to inherit: in a service folder the global `policy.xml` is not reported; for single files, configure the rule off for global-scope policies.",
        example: r#"<policies>
    <inbound>
        <set-header name="x-api" exists-action="override"><value>v1</value></set-header>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>"#,
        fix: "Add `<base />` where the inherited policies should run (usually first in the section).",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Root::Policies(sections) = &cx.document.root else { return };
    // The global policy has no enclosing scope to inherit from.
    if cx.environment.is_some_and(|environment| environment.scope == crate::context::ScopeKind::Global) {
        return;
    }
    for section in sections {
        let has =
            |name: &str| section.policies.iter().any(|policy| policy.spec().is_some_and(|spec| spec.name == name));
        if has("base") || section.policies.iter().any(|policy| matches!(policy, Policy::Placeholder { .. })) {
            continue;
        }
        if section.kind == SectionKind::Backend
            && cx
                .policies
                .iter()
                .any(|policy| policy.section == Some(SectionKind::Backend) && policy.name() == "forward-request")
        {
            continue;
        }
        let name = section.kind.element_name();
        out.report(
            out.diagnostic(format!("`<{name}>` has no `<base />`: policies of the enclosing scopes do not run here"))
                .with_primary(tag_name_span(section.span, name), "no `<base />`")
                .with_help(format!(
                    "add `<base />` to `<{name}>` (or configure this rule off for global-scope policies)"
                )),
        );
    }
}
