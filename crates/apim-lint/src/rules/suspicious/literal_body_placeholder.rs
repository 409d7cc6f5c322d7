use std::collections::BTreeSet;

use apim_expr::ast::Ident;

use crate::rules::prelude::*;
use crate::variables::setters;
use crate::walk::{Visitor, walk_body};

pub static RULE: Rule = Rule {
    code: Code::new("L423", "literal-body-placeholder"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `{name}` in literal `set-body` text where `name` is a C# local or a context variable of the document, as if the body were an interpolated string.",
        why: "A literal body is sent as written: the client receives the text `{used}`, not the number. Only expressions (`@(...)`) and Liquid templates substitute values.",
        example: r#"<inbound>
    <set-variable name="used" value="@(42)" />
    <return-response>
        <set-status code="429" reason="Too Many Requests" />
        <set-body>{"message": "You have used {used} tokens"}</set-body>
    </return-response>
</inbound>"#,
        fix: r#"Build the body in an expression:

```xml
<set-body>@($"{{\"message\": \"You have used {context.Variables["used"]} tokens\"}}")</set-body>
```

or use `template="liquid"` with `{{context.Variables["used"]}}`."#,
    },
    check: Check::Lint(check),
};

struct Locals<'a>(BTreeSet<&'a str>);

impl<'a> Visitor<'a> for Locals<'a> {
    fn declared(&mut self, name: &'a Ident) {
        self.0.insert(name.name.as_str());
    }
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    let mut locals = Locals(BTreeSet::new());
    for at in &cx.expressions {
        walk_body(&mut locals, at.ast);
    }
    let mut names = locals.0;
    names.extend(setters(cx).iter().map(|setter| setter.name));
    for policy in cx.policies_named("set-body") {
        if literal(policy.node, "template").is_some_and(|template| template.trim().eq_ignore_ascii_case("liquid")) {
            continue;
        }
        let Some(value) = &policy.node.text else { continue };
        let Some(text) = value.literal_text() else { continue };
        let raw = cx.source.get(value.span.start as usize..value.span.end as usize).unwrap_or("");
        for (offset, name) in apim_ir::placeholders(text) {
            if !names.contains(name.as_str()) {
                continue;
            }
            let span = if raw == text {
                let start = value.span.start + u32::try_from(offset).unwrap_or(0);
                Span::new(start, start + u32::try_from(name.len() + 2).unwrap_or(0))
            } else {
                value.span
            };
            out.report(
                out.diagnostic(format!("`{{{name}}}` is sent as literal text: `set-body` text is not interpolated"))
                    .with_primary(span, "not substituted")
                    .with_help("build the body in an expression (`@($\"...\")`) or use `template=\"liquid\"`"),
            );
        }
    }
}
