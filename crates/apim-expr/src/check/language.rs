//! APIM compiles policy expressions as C# 7 (Microsoft's policy-expressions page): C# 7.0,
//! so not even 7.1's `default` literal. Syntax from later versions parses here but APIM
//! rejects it; each gets a C# 7 rewrite.

use super::walk::{self, Visitor};
use super::{SemanticError, SemanticKind};
use crate::ast::{AssignOp, Body, Expr, ExprKind, Pattern, PatternKind, Stmt, StmtKind, UsingResource};

pub(super) fn check(body: &Body, code: &str, errors: &mut Vec<SemanticError>) {
    walk::body(&mut Finder { code, errors }, body);
}

struct Finder<'a> {
    code: &'a str,
    errors: &'a mut Vec<SemanticError>,
}

impl Finder<'_> {
    fn report(&mut self, range: std::ops::Range<usize>, feature: &str, version: &str, help: &str) {
        self.errors.push(SemanticError {
            range,
            kind: SemanticKind::NewerLanguageFeature,
            message: format!("{feature} need C# {version}; APIM compiles policy expressions as C# 7"),
            help: Some(help.to_owned()),
        });
    }
}

impl Visitor for Finder<'_> {
    fn expr(&mut self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Switch { scrutinee, .. } => {
                // Point at the `switch` keyword after the scrutinee.
                let after = scrutinee.range.end as usize;
                let keyword = self
                    .code
                    .get(after..expr.range.end as usize)
                    .and_then(|rest| rest.find("switch"))
                    .map_or(expr.range.range(), |offset| after + offset..after + offset + "switch".len());
                self.report(
                    keyword,
                    "switch expressions",
                    "8",
                    "use a switch statement in a `@{...}` block, or a chain of `?:` conditionals",
                );
            }
            ExprKind::Assign { op: AssignOp::Coalesce, .. } => {
                self.report(expr.range.range(), "`??=` assignments", "8", "write `x = x ?? value` instead");
            }
            ExprKind::Default(None) => {
                self.report(
                    expr.range.range(),
                    "`default` literals",
                    "7.1",
                    "name the type: `default(int)`, `default(string)`",
                );
            }
            _ => {}
        }
        true
    }

    fn pattern(&mut self, pattern: &Pattern) {
        let feature = match &pattern.kind {
            PatternKind::Not(_) => "`not` patterns",
            PatternKind::And(..) | PatternKind::Or(..) => "`and`/`or` patterns",
            PatternKind::Relational { .. } => "relational patterns",
            _ => return,
        };
        self.report(pattern.range.range(), feature, "9", "compare with `==`, `!=`, `<`, `>` and `&&`/`||` instead");
    }

    fn stmt(&mut self, stmt: &Stmt) {
        if let StmtKind::Using { resource: UsingResource::Decl(_), body: None } = &stmt.kind {
            self.report(
                stmt.range.range(),
                "`using` declarations",
                "8",
                "write `using (var x = ...) { ... }` with a block",
            );
        }
    }
}
