use crate::patterns::body_of;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L426", "body-object-as-value"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a policy value that is the whole `context.Request.Body` or `context.Response.Body` object (`@(context.Response.Body)`) rather than its content.",
        why: "`Body` is an `IMessageBody`, not text: a cached or stored value is the stream object (gone after the request), and text values become its type name. The content is read with `Body.As<string>(preserveContent: true)`.",
        example: r#"<outbound>
    <cache-store-value key="last-response" value="@(context.Response.Body)" duration="60" />
</outbound>"#,
        fix: "Read the content: `@(context.Response.Body.As<string>(preserveContent: true))`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        let apim_expr::ast::Body::Expression(expr) = at.ast else { continue };
        let Some(message) = body_of(expr) else { continue };
        out.report(
            out.diagnostic(format!("`{}` is the {} body object, not its content", at.role, message.as_str()))
                .with_primary(at.span(expr.range), "an `IMessageBody`")
                .with_help(format!("read the content: `{}.As<string>(preserveContent: true)`", at.code(expr.range))),
        );
    }
}
