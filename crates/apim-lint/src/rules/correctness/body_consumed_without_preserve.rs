use crate::patterns::{Message, body_of, body_read};
use crate::rules::prelude::*;
use crate::walk::each_expr;
use apim_expr::ast::ExprKind;

pub static RULE: Rule = Rule {
    code: Code::new("L401", "body-consumed-without-preserve"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `context.Request.Body.As<T>()` and `context.Response.Body.As<T>()` without `preserveContent: true` when the body is still needed afterwards: read again, forwarded to the backend, or returned to the client.",
        why: "`As<T>()` consumes the message body stream. Without `preserveContent: true` every later read gets `null`, the backend receives an empty request body, and in `<outbound>` the client receives an empty response.",
        example: r#"<inbound>
    <set-variable name="model" value="@(context.Request.Body.As<JObject>()["model"].ToString())" />
    <base />
</inbound>"#,
        fix: r#"Pass `preserveContent: true` (applied by `--fix` to `As<T>()` written without arguments):

```xml
<set-variable name="model" value="@(context.Request.Body.As<JObject>(preserveContent: true)["model"].ToString())" />
```"#,
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for (index, at) in cx.expressions.iter().enumerate() {
        let mut consumed = Vec::new();
        each_expr(at.ast, |expr| {
            if let Some((message, false)) = body_read(expr) {
                consumed.push((expr, message));
            }
        });
        for (expr, message) in consumed {
            let Some(why) = still_needed(cx, index, expr.range.end, message) else { continue };
            let span = at.span(expr.range);
            let ExprKind::Call { args, .. } = &expr.kind else { continue };
            let diagnostic = out
                .diagnostic(format!(
                    "the {} body is consumed here without `preserveContent: true`, but {why}",
                    message.as_str()
                ))
                .with_primary(span, "consumes the body")
                .with_help("pass `preserveContent: true` to `As<T>()` so later readers still get the body");
            // Only `As<T>()` without arguments is rewritten: insert before its `)`.
            let close = at.span(apim_expr::ast::TextRange::new(expr.range.end - 1, expr.range.end));
            if args.is_empty() && cx.source.get(close.start as usize..close.end as usize) == Some(")") {
                let fix = Fix {
                    title: "pass `preserveContent: true`".to_owned(),
                    edits: vec![Edit {
                        span: Span::new(close.start, close.start),
                        text: "preserveContent: true".to_owned(),
                    }],
                };
                out.report_with_fix(diagnostic, fix);
            } else {
                out.report(diagnostic);
            }
        }
    }
}

/// Why the body is needed after the read at `expression`/`end`, if it is.
fn still_needed(cx: &Context<'_>, expression: usize, end: u32, message: Message) -> Option<&'static str> {
    // Read again later in the same expression or in a later one.
    let mut read_again = false;
    for (index, at) in cx.expressions.iter().enumerate().skip(expression) {
        each_expr(at.ast, |expr| {
            if body_of(expr) == Some(message) && (index > expression || expr.range.start >= end) {
                read_again = true;
            }
        });
    }
    if read_again {
        return Some("the body is read again later (and will be null)");
    }
    let at = &cx.expressions[expression];
    let policy = at.policy;
    let replaced_later = cx.policies.iter().enumerate().skip(policy + 1).any(|(index, later)| {
        later.name() == "set-body"
            && !cx.ancestors(index).any(|name| matches!(name, "send-request" | "return-response"))
            && later.section == at.section
    });
    if replaced_later || cx.ancestors(policy).any(|name| matches!(name, "send-request" | "return-response")) {
        return None;
    }
    match (message, at.section) {
        (Message::Request, Some(SectionKind::Inbound)) if forwards(cx) => {
            Some("the request is forwarded to the backend afterwards (with an empty body)")
        }
        (Message::Response, Some(SectionKind::Outbound)) => {
            Some("the response goes to the client afterwards (with an empty body)")
        }
        _ => None,
    }
}

/// Whether the document forwards the request: a snippet or fragment (the backend section
/// is elsewhere), or a `<backend>` with `forward-request` or `<base />`.
fn forwards(cx: &Context<'_>) -> bool {
    let apim_ir::Root::Policies(sections) = &cx.document.root else { return true };
    let Some(backend) = sections.iter().find(|section| section.kind == SectionKind::Backend) else { return false };
    cx.policies.iter().any(|policy| {
        policy.section == Some(SectionKind::Backend) && matches!(policy.name(), "forward-request" | "base")
    }) || backend.policies.iter().any(|policy| matches!(policy, apim_ir::Policy::Placeholder { .. }))
}
