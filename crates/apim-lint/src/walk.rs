//! A pre-order walk over a policy expression's tree: every expression, and every name
//! the code declares.

use apim_expr::ast::{
    ArgValue, Argument, Block, Body, CaseLabel, Expr, ExprKind, Ident, InitElement, InitValue, Initializer,
    InterpolationPart, LambdaBody, LocalDecl, Pattern, PatternKind, Stmt, StmtKind, UsingResource, VarInit,
};

/// What a walk reports.
pub trait Visitor<'a> {
    fn expr(&mut self, _expr: &'a Expr) {}
    /// A local, `foreach`, `out var`, pattern, `catch` or lambda parameter name.
    fn declared(&mut self, _name: &'a Ident) {}
    fn stmt(&mut self, _stmt: &'a Stmt) {}
}

/// Calls `f` for every expression of `body`, outermost first.
pub fn each_expr<'a>(body: &'a Body, f: impl FnMut(&'a Expr)) {
    struct Each<F>(F);
    impl<'a, F: FnMut(&'a Expr)> Visitor<'a> for Each<F> {
        fn expr(&mut self, expr: &'a Expr) {
            (self.0)(expr);
        }
    }
    walk_body(&mut Each(f), body);
}

pub fn walk_body<'a>(v: &mut impl Visitor<'a>, body: &'a Body) {
    match body {
        Body::Expression(e) => expr(v, e),
        Body::Block(b) => block(v, b),
    }
}

fn block<'a>(v: &mut impl Visitor<'a>, block: &'a Block) {
    for s in &block.statements {
        stmt(v, s);
    }
}

fn local<'a>(v: &mut impl Visitor<'a>, decl: &'a LocalDecl) {
    for declarator in &decl.declarators {
        v.declared(&declarator.name);
        match &declarator.init {
            Some(VarInit::Expr(e)) => expr(v, e),
            Some(VarInit::Array(i)) => initializer(v, i),
            None => {}
        }
    }
}

fn stmt<'a>(v: &mut impl Visitor<'a>, s: &'a Stmt) {
    v.stmt(s);
    match &s.kind {
        StmtKind::Block(b) | StmtKind::Checked { block: b, .. } => block(v, b),
        StmtKind::LocalDecl(d) => local(v, d),
        StmtKind::LocalFunction { body, .. } => match body {
            LambdaBody::Expr(b) => expr(v, b),
            LambdaBody::Block(b) => block(v, b),
        },
        StmtKind::Expr(e) | StmtKind::YieldReturn(e) | StmtKind::Lock { expr: e, .. } => {
            expr(v, e);
            if let StmtKind::Lock { body, .. } = &s.kind {
                stmt(v, body);
            }
        }
        StmtKind::If { cond, then, otherwise } => {
            expr(v, cond);
            stmt(v, then);
            if let Some(o) = otherwise {
                stmt(v, o);
            }
        }
        StmtKind::Switch { expr: e, sections } => {
            expr(v, e);
            for section in sections {
                for label in &section.labels {
                    if let CaseLabel::Case { pattern: p, guard } = label {
                        pattern(v, p);
                        if let Some(g) = guard {
                            expr(v, g);
                        }
                    }
                }
                for s in &section.body {
                    stmt(v, s);
                }
            }
        }
        StmtKind::For { init, cond, update, body } => {
            for s in init {
                stmt(v, s);
            }
            if let Some(c) = cond {
                expr(v, c);
            }
            for e in update {
                expr(v, e);
            }
            stmt(v, body);
        }
        StmtKind::Foreach { name, iterable, body, .. } => {
            v.declared(name);
            expr(v, iterable);
            stmt(v, body);
        }
        StmtKind::While { cond, body } | StmtKind::DoWhile { body, cond } => {
            expr(v, cond);
            stmt(v, body);
        }
        StmtKind::Try { block: b, catches, finally } => {
            block(v, b);
            for catch in catches {
                if let Some(n) = &catch.name {
                    v.declared(n);
                }
                if let Some(f) = &catch.filter {
                    expr(v, f);
                }
                block(v, &catch.block);
            }
            if let Some(f) = finally {
                block(v, f);
            }
        }
        StmtKind::Using { resource, body } => {
            match resource {
                UsingResource::Decl(d) => local(v, d),
                UsingResource::Expr(e) => expr(v, e),
            }
            if let Some(b) = body {
                stmt(v, b);
            }
        }
        StmtKind::Return(e) | StmtKind::Throw(e) => {
            if let Some(e) = e {
                expr(v, e);
            }
        }
        StmtKind::Break | StmtKind::Continue | StmtKind::YieldBreak | StmtKind::Empty => {}
    }
}

fn arguments<'a>(v: &mut impl Visitor<'a>, args: &'a [Argument]) {
    for arg in args {
        match &arg.value {
            ArgValue::Expr(e) => expr(v, e),
            ArgValue::OutVar { name, .. } => v.declared(name),
        }
    }
}

fn initializer<'a>(v: &mut impl Visitor<'a>, init: &'a Initializer) {
    for element in &init.elements {
        match element {
            InitElement::Expr(e) => expr(v, e),
            InitElement::Member { value, .. } => init_value(v, value),
            InitElement::Index { args, value } => {
                arguments(v, args);
                init_value(v, value);
            }
            InitElement::List(i) => initializer(v, i),
        }
    }
}

fn init_value<'a>(v: &mut impl Visitor<'a>, value: &'a InitValue) {
    match value {
        InitValue::Expr(e) => expr(v, e),
        InitValue::Initializer(i) => initializer(v, i),
    }
}

fn pattern<'a>(v: &mut impl Visitor<'a>, p: &'a Pattern) {
    match &p.kind {
        PatternKind::Constant(e) | PatternKind::Relational { value: e, .. } => expr(v, e),
        PatternKind::Type { name: Some(name), .. } | PatternKind::Var(name) => v.declared(name),
        PatternKind::Not(inner) => pattern(v, inner),
        PatternKind::And(a, b) | PatternKind::Or(a, b) => {
            pattern(v, a);
            pattern(v, b);
        }
        PatternKind::Type { name: None, .. } | PatternKind::Null | PatternKind::Discard => {}
    }
}

fn expr<'a>(v: &mut impl Visitor<'a>, e: &'a Expr) {
    v.expr(e);
    match &e.kind {
        ExprKind::Interpolated { parts, .. } => {
            for part in parts {
                if let InterpolationPart::Hole { expr: hole, alignment, .. } = part {
                    expr(v, hole);
                    if let Some(a) = alignment {
                        expr(v, a);
                    }
                }
            }
        }
        ExprKind::Member { target, .. } => expr(v, target),
        ExprKind::Call { callee, args } => {
            expr(v, callee);
            arguments(v, args);
        }
        ExprKind::Index { target, args, .. } => {
            expr(v, target);
            arguments(v, args);
        }
        ExprKind::Unary { operand, .. } | ExprKind::Postfix { operand, .. } => expr(v, operand),
        ExprKind::Binary { left, right, .. } => {
            expr(v, left);
            expr(v, right);
        }
        ExprKind::Assign { target, value, .. } => {
            expr(v, target);
            expr(v, value);
        }
        ExprKind::Conditional { cond, then, otherwise } => {
            expr(v, cond);
            expr(v, then);
            expr(v, otherwise);
        }
        ExprKind::Cast { expr: inner, .. }
        | ExprKind::As { expr: inner, .. }
        | ExprKind::Checked { expr: inner, .. }
        | ExprKind::NameOf(inner)
        | ExprKind::Throw(inner)
        | ExprKind::Parenthesized(inner) => expr(v, inner),
        ExprKind::Is { expr: inner, pattern: p } => {
            expr(v, inner);
            pattern(v, p);
        }
        ExprKind::Lambda { params, body } => {
            for param in params {
                v.declared(&param.name);
            }
            match body.as_ref() {
                LambdaBody::Expr(b) => expr(v, b),
                LambdaBody::Block(b) => block(v, b),
            }
        }
        ExprKind::New { args, initializer: init, .. } => {
            if let Some(args) = args {
                arguments(v, args);
            }
            if let Some(i) = init {
                initializer(v, i);
            }
        }
        ExprKind::NewArray { sizes, initializer: init, .. } => {
            for s in sizes {
                expr(v, s);
            }
            if let Some(i) = init {
                initializer(v, i);
            }
        }
        ExprKind::AnonymousObject(members) => {
            for (_, m) in members {
                expr(v, m);
            }
        }
        ExprKind::Switch { scrutinee, arms } => {
            expr(v, scrutinee);
            for arm in arms {
                pattern(v, &arm.pattern);
                if let Some(g) = &arm.guard {
                    expr(v, g);
                }
                expr(v, &arm.value);
            }
        }
        ExprKind::Tuple(items) => {
            for item in items {
                expr(v, item);
            }
        }
        ExprKind::Literal(_)
        | ExprKind::NamedValue(_)
        | ExprKind::Name { .. }
        | ExprKind::TypeOf(_)
        | ExprKind::Default(_)
        | ExprKind::This
        | ExprKind::Base
        | ExprKind::Type(_) => {}
    }
}
