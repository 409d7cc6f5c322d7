use apim_expr::ast::ExprKind;

use crate::patterns::{member_path, string_literal};
use crate::rules::prelude::*;
use crate::walk::each_expr;

pub static RULE: Rule = Rule {
    code: Code::new("L417", "secret-in-log"),
    category: Category::Security,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `trace`, `log-to-eventhub` and `emit-metric` values that write a credential: the `Authorization`, `api-key` or subscription key header, `context.Subscription.Key`/`PrimaryKey`/`SecondaryKey`, or a whole header collection.",
        why: "Traces go to Application Insights and logs to Event Hubs, which far more people and systems can read than the gateway's secrets. A bearer token in a log is a replayable credential.",
        example: r#"<inbound>
    <trace source="auth">
        <message>@(context.Request.Headers.GetValueOrDefault("Authorization", ""))</message>
    </trace>
</inbound>"#,
        fix: "Log a non-secret identifier instead (`context.Subscription.Id`, the token's `oid` claim).",
    },
    check: Check::Lint(check),
};

const SECRET_HEADERS: &[&str] = &["authorization", "api-key", "ocp-apim-subscription-key", "x-api-key", "cookie"];
const LOGGERS: &[&str] = &["trace", "log-to-eventhub", "emit-metric"];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        if !LOGGERS.contains(&cx.policies[at.policy].name()) {
            continue;
        }
        let mut found = Vec::new();
        each_expr(at.ast, |expr| {
            if let Some(what) = secret(expr) {
                found.push((expr.range, what));
            }
        });
        for (range, what) in found {
            out.report(
                out.diagnostic(format!("`{}` writes {what} to a log", cx.policies[at.policy].name()))
                    .with_primary(at.span(range), "credential")
                    .with_help("log a non-secret identifier instead, such as `context.Subscription.Id`"),
            );
        }
    }
}

fn secret(expr: &apim_expr::ast::Expr) -> Option<String> {
    if let Some(path) = member_path(expr) {
        if let ["context", "Subscription", key @ ("Key" | "PrimaryKey" | "SecondaryKey")] = path.as_slice() {
            return Some(format!("the subscription key (`context.Subscription.{key}`)"));
        }
        return None;
    }
    let (target, args) = match &expr.kind {
        ExprKind::Index { target, args, .. } => (target.as_ref(), args),
        ExprKind::Call { callee, args } => match &callee.kind {
            ExprKind::Member { target, name, .. } if name.name == "GetValueOrDefault" => (target.as_ref(), args),
            _ => return None,
        },
        _ => return None,
    };
    let path = member_path(target)?;
    if !matches!(path.as_slice(), ["context", "Request", "Headers"]) {
        return None;
    }
    let first = args.first()?;
    let apim_expr::ast::ArgValue::Expr(name) = &first.value else { return None };
    let name = string_literal(name)?;
    SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()).then(|| format!("the `{name}` header"))
}
