//! `body.As<JObject()`: the `>` is missing, so C# reads `As < JObject()`, a comparison
//! of a method group with a call of a type. Valid syntax, never what the author meant.

use super::walk::{self, Visitor};
use super::{SemanticError, SemanticKind};
use crate::ast::{BinaryOp, Body, Expr, ExprKind};
use crate::model;

/// Generic methods policy authors call with a type argument.
const GENERIC_METHODS: &[&str] =
    &["As", "GetValueOrDefault", "Value", "Values", "ToObject", "DeserializeObject", "Cast", "OfType"];

/// Reports each case; returns the ranges of the type names read as calls, so the name
/// check does not report them again.
pub(super) fn check(body: &Body, errors: &mut Vec<SemanticError>) -> Vec<std::ops::Range<usize>> {
    let mut finder = Finder { errors, callees: Vec::new() };
    walk::body(&mut finder, body);
    finder.callees
}

/// The name called first in `right`: `JObject` in `JObject()` and in `JObject().ToString()`.
fn leftmost_call(expr: &Expr) -> Option<&crate::ast::Ident> {
    match &expr.kind {
        ExprKind::Call { callee, .. } => match &callee.kind {
            ExprKind::Name { ident, .. } => Some(ident),
            _ => leftmost_call(callee),
        },
        ExprKind::Member { target, .. } | ExprKind::Index { target, .. } => leftmost_call(target),
        _ => None,
    }
}

struct Finder<'a> {
    errors: &'a mut Vec<SemanticError>,
    callees: Vec<std::ops::Range<usize>>,
}

impl Visitor for Finder<'_> {
    fn expr(&mut self, expr: &Expr) -> bool {
        let ExprKind::Binary { op: BinaryOp::Lt, left, right } = &expr.kind else { return true };
        let ExprKind::Member { name, type_args, .. } = &left.kind else { return true };
        let Some(type_name) = leftmost_call(right) else { return true };
        if !type_args.is_empty()
            || !GENERIC_METHODS.contains(&name.name.as_str())
            || model::resolve_type(&type_name.name).is_none()
        {
            return true;
        }
        self.callees.push(type_name.range.range());
        self.errors.push(SemanticError {
            range: name.range.start as usize..type_name.range.end as usize,
            kind: SemanticKind::UnclosedTypeArguments,
            message: format!("the type argument list of `{}<{}` is never closed", name.name, type_name.name),
            help: Some(format!("close it with `>`: `{}<{}>()`", name.name, type_name.name)),
        });
        true
    }
}
