//! A pre-order walk over every expression, type and declared name of a body.

use crate::ast::{
    ArgValue, Argument, Block, Body, CaseLabel, Expr, ExprKind, Ident, InitElement, InitValue, Initializer,
    InterpolationPart, LambdaBody, LocalDecl, Pattern, PatternKind, Stmt, StmtKind, TypeKind, TypeRef, UsingResource,
    VarInit,
};

/// What a walk reports. `expr` returns whether to walk into the expression's children.
pub(super) trait Visitor {
    fn expr(&mut self, _expr: &Expr) -> bool {
        true
    }
    fn type_ref(&mut self, _ty: &TypeRef) {}
    fn declared(&mut self, _name: &Ident) {}
    fn pattern(&mut self, _pattern: &Pattern) {}
    fn stmt(&mut self, _stmt: &Stmt) {}
}

pub(super) fn body(visitor: &mut impl Visitor, body: &Body) {
    match body {
        Body::Expression(e) => expr(visitor, e),
        Body::Block(b) => block(visitor, b),
    }
}

pub(super) fn block(visitor: &mut impl Visitor, block: &Block) {
    for statement in &block.statements {
        stmt(visitor, statement);
    }
}

fn local(visitor: &mut impl Visitor, decl: &LocalDecl) {
    if let Some(ty) = &decl.ty {
        type_ref(visitor, ty);
    }
    for declarator in &decl.declarators {
        visitor.declared(&declarator.name);
        match &declarator.init {
            Some(VarInit::Expr(e)) => expr(visitor, e),
            Some(VarInit::Array(i)) => initializer(visitor, i),
            None => {}
        }
    }
}

fn stmt(visitor: &mut impl Visitor, statement: &Stmt) {
    visitor.stmt(statement);
    match &statement.kind {
        StmtKind::Block(b) => block(visitor, b),
        StmtKind::LocalDecl(d) => local(visitor, d),
        StmtKind::Expr(e) | StmtKind::YieldReturn(e) => expr(visitor, e),
        StmtKind::If { cond, then, otherwise } => {
            expr(visitor, cond);
            stmt(visitor, then);
            if let Some(s) = otherwise {
                stmt(visitor, s);
            }
        }
        StmtKind::Switch { expr: e, sections } => {
            expr(visitor, e);
            for section in sections {
                for label in &section.labels {
                    if let CaseLabel::Case { pattern: p, guard } = label {
                        pattern(visitor, p);
                        if let Some(g) = guard {
                            expr(visitor, g);
                        }
                    }
                }
                for s in &section.body {
                    stmt(visitor, s);
                }
            }
        }
        StmtKind::For { init, cond, update, body } => {
            for s in init {
                stmt(visitor, s);
            }
            if let Some(c) = cond {
                expr(visitor, c);
            }
            for e in update {
                expr(visitor, e);
            }
            stmt(visitor, body);
        }
        StmtKind::Foreach { ty, name, iterable, body } => {
            if let Some(t) = ty {
                type_ref(visitor, t);
            }
            visitor.declared(name);
            expr(visitor, iterable);
            stmt(visitor, body);
        }
        StmtKind::While { cond, body } | StmtKind::DoWhile { body, cond } => {
            expr(visitor, cond);
            stmt(visitor, body);
        }
        StmtKind::Try { block: b, catches, finally } => {
            block(visitor, b);
            for catch in catches {
                if let Some(t) = &catch.ty {
                    type_ref(visitor, t);
                }
                if let Some(n) = &catch.name {
                    visitor.declared(n);
                }
                if let Some(f) = &catch.filter {
                    expr(visitor, f);
                }
                block(visitor, &catch.block);
            }
            if let Some(f) = finally {
                block(visitor, f);
            }
        }
        StmtKind::Using { resource, body } => {
            match resource {
                UsingResource::Decl(d) => local(visitor, d),
                UsingResource::Expr(e) => expr(visitor, e),
            }
            if let Some(b) = body {
                stmt(visitor, b);
            }
        }
        StmtKind::Lock { expr: e, body } => {
            expr(visitor, e);
            stmt(visitor, body);
        }
        StmtKind::Return(e) | StmtKind::Throw(e) => {
            if let Some(e) = e {
                expr(visitor, e);
            }
        }
        StmtKind::Checked { block: b, .. } => block(visitor, b),
        StmtKind::LocalFunction { return_type, name, params, body } => {
            type_ref(visitor, return_type);
            visitor.declared(name);
            for param in params {
                if let Some(t) = &param.ty {
                    type_ref(visitor, t);
                }
                visitor.declared(&param.name);
            }
            match body {
                LambdaBody::Expr(b) => expr(visitor, b),
                LambdaBody::Block(b) => block(visitor, b),
            }
        }
        StmtKind::Break | StmtKind::Continue | StmtKind::YieldBreak | StmtKind::Empty => {}
    }
}

pub(super) fn type_ref(visitor: &mut impl Visitor, ty: &TypeRef) {
    visitor.type_ref(ty);
    match &ty.kind {
        TypeKind::Named(segments) => {
            for (_, arguments) in segments {
                for argument in arguments {
                    type_ref(visitor, argument);
                }
            }
        }
        TypeKind::Array { element, .. } | TypeKind::Nullable(element) => type_ref(visitor, element),
        TypeKind::Tuple(elements) => {
            for element in elements {
                type_ref(visitor, element);
            }
        }
        TypeKind::Predefined(_) => {}
    }
}

fn pattern(visitor: &mut impl Visitor, p: &Pattern) {
    visitor.pattern(p);
    match &p.kind {
        PatternKind::Constant(e) | PatternKind::Relational { value: e, .. } => expr(visitor, e),
        PatternKind::Type { ty, name } => {
            type_ref(visitor, ty);
            if let Some(n) = name {
                visitor.declared(n);
            }
        }
        PatternKind::Var(n) => visitor.declared(n),
        PatternKind::Not(inner) => pattern(visitor, inner),
        PatternKind::And(a, b) | PatternKind::Or(a, b) => {
            pattern(visitor, a);
            pattern(visitor, b);
        }
        PatternKind::Null | PatternKind::Discard => {}
    }
}

fn arguments(visitor: &mut impl Visitor, args: &[Argument]) {
    for argument in args {
        match &argument.value {
            ArgValue::Expr(e) => expr(visitor, e),
            ArgValue::OutVar { ty, name } => {
                if let Some(t) = ty {
                    type_ref(visitor, t);
                }
                visitor.declared(name);
            }
        }
    }
}

fn initializer(visitor: &mut impl Visitor, init: &Initializer) {
    for element in &init.elements {
        match element {
            InitElement::Expr(e) => expr(visitor, e),
            InitElement::Member { value, .. } => init_value(visitor, value),
            InitElement::Index { args, value } => {
                arguments(visitor, args);
                init_value(visitor, value);
            }
            InitElement::List(i) => initializer(visitor, i),
        }
    }
}

fn init_value(visitor: &mut impl Visitor, value: &InitValue) {
    match value {
        InitValue::Expr(e) => expr(visitor, e),
        InitValue::Initializer(i) => initializer(visitor, i),
    }
}

pub(super) fn expr(visitor: &mut impl Visitor, e: &Expr) {
    if !visitor.expr(e) {
        return;
    }
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::NamedValue(_) | ExprKind::This | ExprKind::Base | ExprKind::Default(None) => {}
        ExprKind::Interpolated { parts, .. } => {
            for part in parts {
                if let InterpolationPart::Hole { expr: h, alignment, .. } = part {
                    expr(visitor, h);
                    if let Some(a) = alignment {
                        expr(visitor, a);
                    }
                }
            }
        }
        ExprKind::Name { type_args, .. } => {
            for t in type_args {
                type_ref(visitor, t);
            }
        }
        ExprKind::Member { target, type_args, .. } => {
            expr(visitor, target);
            for t in type_args {
                type_ref(visitor, t);
            }
        }
        ExprKind::Call { callee, args } => {
            expr(visitor, callee);
            arguments(visitor, args);
        }
        ExprKind::Index { target, args, .. } => {
            expr(visitor, target);
            arguments(visitor, args);
        }
        ExprKind::Unary { operand, .. } | ExprKind::Postfix { operand, .. } => expr(visitor, operand),
        ExprKind::Binary { left, right, .. } => {
            expr(visitor, left);
            expr(visitor, right);
        }
        ExprKind::Assign { target, value, .. } => {
            expr(visitor, target);
            expr(visitor, value);
        }
        ExprKind::Conditional { cond, then, otherwise } => {
            expr(visitor, cond);
            expr(visitor, then);
            expr(visitor, otherwise);
        }
        ExprKind::Cast { ty, expr: inner } | ExprKind::As { expr: inner, ty } => {
            type_ref(visitor, ty);
            expr(visitor, inner);
        }
        ExprKind::Is { expr: inner, pattern: p } => {
            expr(visitor, inner);
            pattern(visitor, p);
        }
        ExprKind::Lambda { params, body } => {
            for param in params {
                if let Some(t) = &param.ty {
                    type_ref(visitor, t);
                }
                visitor.declared(&param.name);
            }
            match body.as_ref() {
                LambdaBody::Expr(b) => expr(visitor, b),
                LambdaBody::Block(b) => block(visitor, b),
            }
        }
        ExprKind::New { ty, args, initializer: init } => {
            type_ref(visitor, ty);
            if let Some(a) = args {
                arguments(visitor, a);
            }
            if let Some(i) = init {
                initializer(visitor, i);
            }
        }
        ExprKind::NewArray { element, sizes, initializer: init, .. } => {
            if let Some(t) = element {
                type_ref(visitor, t);
            }
            for size in sizes {
                expr(visitor, size);
            }
            if let Some(i) = init {
                initializer(visitor, i);
            }
        }
        ExprKind::AnonymousObject(members) => {
            for (_, value) in members {
                expr(visitor, value);
            }
        }
        ExprKind::TypeOf(t) | ExprKind::Default(Some(t)) | ExprKind::Type(t) => type_ref(visitor, t),
        ExprKind::Checked { expr: inner, .. }
        | ExprKind::NameOf(inner)
        | ExprKind::Throw(inner)
        | ExprKind::Parenthesized(inner) => expr(visitor, inner),
        ExprKind::Switch { scrutinee, arms } => {
            expr(visitor, scrutinee);
            for arm in arms {
                pattern(visitor, &arm.pattern);
                if let Some(g) = &arm.guard {
                    expr(visitor, g);
                }
                expr(visitor, &arm.value);
            }
        }
        ExprKind::Tuple(items) => {
            for item in items {
                expr(visitor, item);
            }
        }
    }
}
