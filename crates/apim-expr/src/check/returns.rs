//! A `@{...}` block is the body of a method returning `object`: every path must end in
//! `return value;` or `throw` (C# error CS0161), and `return;` alone is not allowed.

use super::{SemanticError, SemanticKind};
use crate::ast::{Block, CaseLabel, ExprKind, Literal, Stmt, StmtKind};

pub(super) fn check(block: &Block, errors: &mut Vec<SemanticError>) {
    bare_returns(&block.statements, errors);
    if !always_exits(&block.statements) {
        let end = block.range.end as usize;
        errors.push(SemanticError {
            range: end.saturating_sub(1)..end,
            kind: SemanticKind::MissingReturn,
            message: "not every path through this block returns a value".into(),
            help: Some("end every path with `return <value>;` (a policy expression block must produce a value)".into()),
        });
    }
}

/// `return;` without a value, outside lambdas (whose own bodies may return nothing).
fn bare_returns(statements: &[Stmt], errors: &mut Vec<SemanticError>) {
    for statement in statements {
        for_each_child_stmt(statement, &mut |child| bare_returns(std::slice::from_ref(child), errors));
        if let StmtKind::Return(None) = statement.kind {
            errors.push(SemanticError {
                range: statement.range.range(),
                kind: SemanticKind::MissingReturn,
                message: "`return;` gives the expression no value".into(),
                help: Some("return a value, for example `return null;`".into()),
            });
        }
    }
}

fn for_each_child_stmt(statement: &Stmt, f: &mut impl FnMut(&Stmt)) {
    match &statement.kind {
        StmtKind::Block(b) | StmtKind::Checked { block: b, .. } => b.statements.iter().for_each(&mut *f),
        StmtKind::If { then, otherwise, .. } => {
            f(then);
            if let Some(s) = otherwise {
                f(s);
            }
        }
        StmtKind::Switch { sections, .. } => sections.iter().flat_map(|s| &s.body).for_each(&mut *f),
        StmtKind::For { body, .. }
        | StmtKind::Foreach { body, .. }
        | StmtKind::While { body, .. }
        | StmtKind::DoWhile { body, .. }
        | StmtKind::Lock { body, .. } => f(body),
        StmtKind::Using { body: Some(body), .. } => f(body),
        StmtKind::Try { block, catches, finally } => {
            block.statements.iter().for_each(&mut *f);
            catches.iter().flat_map(|c| &c.block.statements).for_each(&mut *f);
            if let Some(b) = finally {
                b.statements.iter().for_each(&mut *f);
            }
        }
        _ => {}
    }
}

/// Whether control never reaches the end of this statement list.
fn always_exits(statements: &[Stmt]) -> bool {
    statements.iter().any(exits)
}

fn exits(statement: &Stmt) -> bool {
    match &statement.kind {
        StmtKind::Return(_) | StmtKind::Throw(_) => true,
        StmtKind::Block(b) | StmtKind::Checked { block: b, .. } => always_exits(&b.statements),
        StmtKind::If { then, otherwise: Some(otherwise), .. } => exits(then) && exits(otherwise),
        StmtKind::Switch { sections, .. } => {
            let has_default = sections.iter().any(|s| s.labels.iter().any(|l| matches!(l, CaseLabel::Default)));
            has_default && sections.iter().all(|s| always_exits(&s.body))
        }
        StmtKind::Try { block, catches, finally } => {
            finally.as_ref().is_some_and(|f| always_exits(&f.statements))
                || (always_exits(&block.statements) && catches.iter().all(|c| always_exits(&c.block.statements)))
        }
        StmtKind::While { cond, body } => is_true(cond) && !breaks(body),
        StmtKind::DoWhile { cond, body } => exits(body) || (is_true(cond) && !breaks(body)),
        StmtKind::For { cond, body, .. } => cond.as_ref().is_none_or(is_true) && !breaks(body),
        StmtKind::Using { body: Some(body), .. } | StmtKind::Lock { body, .. } => exits(body),
        _ => false,
    }
}

fn is_true(expr: &crate::ast::Expr) -> bool {
    matches!(expr.kind, ExprKind::Literal(Literal::Bool(true)))
}

/// Whether a `break` leaves this loop body (breaks inside nested loops or switches don't).
fn breaks(statement: &Stmt) -> bool {
    match &statement.kind {
        StmtKind::Break => true,
        StmtKind::For { .. } | StmtKind::Foreach { .. } | StmtKind::While { .. } | StmtKind::DoWhile { .. } => false,
        StmtKind::Switch { .. } => false,
        _ => {
            let mut found = false;
            for_each_child_stmt(statement, &mut |child| found |= breaks(child));
            found
        }
    }
}
