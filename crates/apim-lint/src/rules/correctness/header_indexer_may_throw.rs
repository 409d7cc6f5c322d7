use apim_expr::ast::ExprKind;

use crate::patterns::{member_path, string_literal};
use crate::rules::prelude::*;
use crate::walk::each_expr;

pub static RULE: Rule = Rule {
    code: Code::new("L433", "header-indexer-may-throw"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `context.Request.Headers[\"name\"]`, `context.Response.Headers[\"name\"]` and `context.Request.Url.Query[\"name\"]` in expressions that do not check the key first (`ContainsKey`, `TryGetValue`).",
        why: "These are dictionaries: indexing a header or query parameter the client did not send throws `KeyNotFoundException`, and the request fails with a 500 instead of being handled.",
        example: r#"<inbound>
    <set-variable name="region" value="@(context.Request.Headers["x-region"][0])" />
</inbound>"#,
        fix: "Use `GetValueOrDefault(\"x-region\", \"default\")`, which returns the values joined with commas, or the default.",
    },
    check: Check::Lint(check),
};

const DICTIONARIES: &[&[&str]] =
    &[&["context", "Request", "Headers"], &["context", "Response", "Headers"], &["context", "Request", "Url", "Query"]];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        let mut probed = false;
        let mut indexed = Vec::new();
        each_expr(at.ast, |expr| match &expr.kind {
            ExprKind::Index { target, args, null_conditional: false } => {
                let Some(path) = member_path(target) else { return };
                if DICTIONARIES.iter().any(|dictionary| path == *dictionary)
                    && let Some(apim_expr::ast::ArgValue::Expr(key)) = args.first().map(|arg| &arg.value)
                    && let Some(name) = string_literal(key)
                {
                    indexed.push((expr.range, name, path.join(".")));
                }
            }
            ExprKind::Member { name, .. } if matches!(name.name.as_str(), "ContainsKey" | "TryGetValue") => {
                probed = true
            }
            _ => {}
        });
        if probed {
            continue;
        }
        for (range, name, dictionary) in indexed {
            out.report(
                out.diagnostic(format!(
                    "`{dictionary}[\"{name}\"]` throws `KeyNotFoundException` when `{name}` is absent"
                ))
                .with_primary(at.span(range), "throws when absent")
                .with_help(format!("use `{dictionary}.GetValueOrDefault(\"{name}\", \"\")`")),
            );
        }
    }
}
