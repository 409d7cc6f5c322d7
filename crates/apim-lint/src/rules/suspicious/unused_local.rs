use std::collections::BTreeMap;

use apim_expr::ast::{Expr, ExprKind, Ident, TextRange};

use crate::rules::prelude::*;
use crate::walk::{Visitor, walk_body};

pub static RULE: Rule = Rule {
    code: Code::new("L425", "unused-local"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds a local declared in a `@{...}` block (`var x = ...;`) that the block never uses. Discards (`_`) and `out` variables are not reported.",
        why: "An unused local is usually a computation whose result was meant to be used: a user id that should have gone into a cache key, a parsed body that should have been checked.",
        example: r#"<inbound>
    <set-variable name="check" value="@{
        var userId = context.User?.Id;
        return true;
    }" />
    <set-header name="x-check" exists-action="override"><value>@(context.Variables.GetValueOrDefault<bool>("check").ToString())</value></set-header>
</inbound>"#,
        fix: "Use the value where it was meant to go, or remove the declaration.",
    },
    check: Check::Lint(check),
};

#[derive(Default)]
struct Uses<'a> {
    declared: BTreeMap<&'a str, TextRange>,
    used: Vec<&'a str>,
}

impl<'a> Visitor<'a> for Uses<'a> {
    fn stmt(&mut self, stmt: &'a apim_expr::ast::Stmt) {
        if let apim_expr::ast::StmtKind::LocalDecl(decl) = &stmt.kind {
            for declarator in &decl.declarators {
                if declarator.name.name != "_" {
                    self.declared.entry(declarator.name.name.as_str()).or_insert(declarator.name.range);
                }
            }
        }
    }
    fn declared(&mut self, _name: &'a Ident) {}
    fn expr(&mut self, expr: &'a Expr) {
        if let ExprKind::Name { ident, .. } = &expr.kind {
            self.used.push(ident.name.as_str());
        }
    }
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    for at in &cx.expressions {
        let mut uses = Uses::default();
        walk_body(&mut uses, at.ast);
        for (name, range) in &uses.declared {
            if !uses.used.contains(name) {
                out.report(
                    out.diagnostic(format!("local `{name}` is declared but never used"))
                        .with_primary(at.span(*range), "never used")
                        .with_help("use the value where it was meant to go, or remove the declaration"),
                );
            }
        }
    }
}
