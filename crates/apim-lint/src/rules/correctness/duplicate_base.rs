use apim_ir::{Policy, Root};

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L407", "duplicate-base"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a section with more than one `<base />`.",
        why: "Each `<base />` runs every policy of the enclosing scopes again: rate limits count twice, headers are appended twice, the request may be forwarded twice.",
        example: r#"<inbound>
    <base />
    <set-header name="x-api" exists-action="override"><value>v1</value></set-header>
    <base />
</inbound>"#,
        fix: "Keep one `<base />` per section.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let sections: Vec<&apim_ir::Section> = match &cx.document.root {
        Root::Policies(sections) => sections.iter().collect(),
        Root::Section(section) => vec![section],
        _ => return,
    };
    for section in sections {
        let bases: Vec<&Policy> =
            section.policies.iter().filter(|policy| policy.spec().is_some_and(|spec| spec.name == "base")).collect();
        for duplicate in bases.iter().skip(1) {
            let Policy::Known(node) = duplicate else { continue };
            out.report(
                out.diagnostic(format!("`<{}>` has a second `<base />`", section.kind.element_name()))
                    .with_primary(node.name_span, "inherited policies run again here")
                    .with_secondary(bases[0].span(), "first `<base />`")
                    .with_help("remove all but one `<base />`"),
            );
        }
    }
}
