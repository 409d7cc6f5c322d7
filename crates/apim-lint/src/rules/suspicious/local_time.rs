use crate::patterns::member_path;
use crate::rules::prelude::*;
use crate::walk::each_expr;

pub static RULE: Rule = Rule {
    code: Code::new("L434", "local-time"),
    category: Category::Suspicious,
    severity: Severity::Info,
    fix: FixAvailability::Always,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `DateTime.Now` and `DateTime.Today` in expressions.",
        why: "The gateway's local time zone is not yours and differs between regions and self-hosted gateways; time windows, cache keys and logs computed from it shift. `context.Timestamp` and `DateTime.UtcNow` are the same everywhere.",
        example: r#"<inbound>
    <set-header name="x-received" exists-action="override">
        <value>@(DateTime.Now.ToString("o"))</value>
    </set-header>
</inbound>"#,
        fix: "Use `DateTime.UtcNow` (applied by `--fix`) or `context.Timestamp`.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        let mut found = Vec::new();
        each_expr(at.ast, |expr| {
            if let Some(path) = member_path(expr)
                && let ["DateTime" | "System.DateTime", member @ ("Now" | "Today")] = path.as_slice()
            {
                found.push((expr.range, *member));
            }
        });
        for (range, member) in found {
            let span = at.span(range);
            let replacement = if member == "Now" { "DateTime.UtcNow" } else { "DateTime.UtcNow.Date" };
            let diagnostic = out
                .diagnostic(format!("`DateTime.{member}` is the gateway's local time"))
                .with_primary(span, "local time")
                .with_help(format!("use `{replacement}` or `context.Timestamp`"));
            // Only rewrite when the file holds the code as written (no entity references).
            let written = cx.source.get(span.start as usize..span.end as usize) == Some(at.code(range));
            if written {
                out.report_with_fix(
                    diagnostic,
                    Fix {
                        title: format!("use `{replacement}`"),
                        edits: vec![Edit { span, text: replacement.to_owned() }],
                    },
                );
            } else {
                out.report(diagnostic);
            }
        }
    }
}
