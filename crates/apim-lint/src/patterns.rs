//! Shapes of expressions that rules look for: `context.Variables[...]`, body reads, and a
//! small static type inference for literals, casts and well-known members.

use std::collections::HashMap;

use apim_expr::ast::{
    ArgValue, Argument, BinaryOp, Body, Expr, ExprKind, Literal, PredefinedType, Stmt, StmtKind, TextRange, TypeKind,
    TypeRef, UnaryOp, VarInit,
};

/// `context.Request.Body` as `["context", "Request", "Body"]`; `None` unless the
/// expression is a chain of names and member accesses.
#[must_use]
pub fn member_path(expr: &Expr) -> Option<Vec<&str>> {
    match &expr.kind {
        ExprKind::Name { ident, .. } => Some(vec![ident.name.as_str()]),
        ExprKind::Member { target, name, .. } => {
            let mut path = member_path(target)?;
            path.push(name.name.as_str());
            Some(path)
        }
        ExprKind::Parenthesized(inner) => member_path(inner),
        _ => None,
    }
}

/// Whether the expression is exactly the member path `path`.
#[must_use]
pub fn is_path(expr: &Expr, path: &[&str]) -> bool {
    member_path(expr).is_some_and(|found| found == path)
}

#[must_use]
pub fn string_literal(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Literal(Literal::String(text)) => Some(text),
        ExprKind::Parenthesized(inner) => string_literal(inner),
        _ => None,
    }
}

fn positional(args: &[Argument], index: usize) -> Option<&Expr> {
    match &args.get(index)?.value {
        ArgValue::Expr(expr) => Some(expr),
        ArgValue::OutVar { .. } => None,
    }
}

/// How an expression touches `context.Variables`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VariableUse<'a> {
    /// `context.Variables["x"]` (an `object`).
    Indexer,
    /// `GetValueOrDefault<T>("x")`; `None` without a type argument (an `object`).
    Get(Option<&'a TypeRef>),
    /// `TryGetValue("x", out ...)`, `ContainsKey("x")`: asks whether it exists.
    Probe,
}

/// A read of a variable with a literal name.
#[derive(Debug, Clone, Copy)]
pub struct VariableRead<'a> {
    pub name: &'a str,
    /// The string literal holding the name.
    pub name_range: TextRange,
    pub access: VariableUse<'a>,
}

/// `context.Variables["x"]`, `context.Variables.GetValueOrDefault<T>("x", ...)`,
/// `TryGetValue("x", out ...)`, `ContainsKey("x")`.
#[must_use]
pub fn variable_read(expr: &Expr) -> Option<VariableRead<'_>> {
    match &expr.kind {
        ExprKind::Index { target, args, .. } if is_path(target, &["context", "Variables"]) => {
            let name_expr = positional(args, 0)?;
            Some(VariableRead {
                name: string_literal(name_expr)?,
                name_range: name_expr.range,
                access: VariableUse::Indexer,
            })
        }
        ExprKind::Call { callee, args } => {
            let ExprKind::Member { target, name, type_args, .. } = &callee.kind else { return None };
            if !is_path(target, &["context", "Variables"]) {
                return None;
            }
            let access = match name.name.as_str() {
                "GetValueOrDefault" => VariableUse::Get(type_args.first()),
                "TryGetValue" | "ContainsKey" => VariableUse::Probe,
                _ => return None,
            };
            let name_expr = positional(args, 0)?;
            Some(VariableRead { name: string_literal(name_expr)?, name_range: name_expr.range, access })
        }
        _ => None,
    }
}

/// Which message a body read consumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Request,
    Response,
}

impl Message {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Response => "response",
        }
    }
}

/// `context.Request.Body.As<T>(...)`: which message, and whether `preserveContent: true`
/// keeps the body for later readers.
#[must_use]
pub fn body_read(expr: &Expr) -> Option<(Message, bool)> {
    let ExprKind::Call { callee, args } = &expr.kind else { return None };
    let ExprKind::Member { target, name, .. } = &callee.kind else { return None };
    if name.name != "As" {
        return None;
    }
    let message = body_of(target)?;
    let preserved = args.iter().enumerate().any(|(index, arg)| {
        let named = arg.name.as_ref().is_some_and(|name| name.name == "preserveContent");
        let is_true =
            matches!(&arg.value, ArgValue::Expr(e) if !matches!(e.kind, ExprKind::Literal(Literal::Bool(false))));
        (named || (arg.name.is_none() && index == 0)) && is_true
    });
    Some((message, preserved))
}

/// `context.Request.Body` / `context.Response.Body` (also with `?.`).
#[must_use]
pub fn body_of(expr: &Expr) -> Option<Message> {
    let path = member_path(expr)?;
    match path.as_slice() {
        ["context", "Request", "Body"] => Some(Message::Request),
        ["context", "Response", "Body"] => Some(Message::Response),
        _ => None,
    }
}

/// A static type, as far as this small inference knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Long,
    Double,
    Decimal,
    String,
    /// Statically `object` (a variable read without a type).
    Object,
    /// Any other named type (`JObject`), as written.
    Named(String),
}

impl Ty {
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Bool => "bool",
            Self::Int => "int",
            Self::Long => "long",
            Self::Double => "double",
            Self::Decimal => "decimal",
            Self::String => "string",
            Self::Object => "object",
            Self::Named(name) => name,
        }
    }

    #[must_use]
    pub fn from_type_ref(ty: &TypeRef) -> Option<Self> {
        match &ty.kind {
            TypeKind::Predefined(predefined) => Some(match predefined {
                PredefinedType::Bool => Self::Bool,
                PredefinedType::Int => Self::Int,
                PredefinedType::Long => Self::Long,
                PredefinedType::Double => Self::Double,
                PredefinedType::Decimal => Self::Decimal,
                PredefinedType::String => Self::String,
                PredefinedType::Object => Self::Object,
                other => Self::Named(other.as_str().to_owned()),
            }),
            TypeKind::Named(segments) if segments.len() == 1 && segments[0].1.is_empty() => {
                let name = segments[0].0.name.as_str();
                Some(match name {
                    "String" => Self::String,
                    "Boolean" => Self::Bool,
                    "Int32" => Self::Int,
                    "Int64" => Self::Long,
                    _ => Self::Named(name.to_owned()),
                })
            }
            _ => None,
        }
    }
}

/// The static type of an expression when it is evident: literals, casts, typed variable
/// reads, comparisons, `ToString()`, `.Length`, arithmetic on those. `locals` holds the
/// types of `var` locals inferred so far.
#[must_use]
pub fn infer(expr: &Expr, locals: &HashMap<&str, Ty>) -> Option<Ty> {
    match &expr.kind {
        ExprKind::Literal(literal) => match literal {
            Literal::Int { value, suffix } => Some(match suffix {
                apim_expr::ast::IntSuffix::None if *value <= i32::MAX as u64 => Ty::Int,
                apim_expr::ast::IntSuffix::None | apim_expr::ast::IntSuffix::L => Ty::Long,
                _ => return None,
            }),
            Literal::Real { suffix, .. } => match suffix {
                None | Some(apim_expr::ast::RealSuffix::D) => Some(Ty::Double),
                Some(apim_expr::ast::RealSuffix::M) => Some(Ty::Decimal),
                Some(apim_expr::ast::RealSuffix::F) => None,
            },
            Literal::String(_) => Some(Ty::String),
            Literal::Bool(_) => Some(Ty::Bool),
            Literal::Char(_) | Literal::Null => None,
        },
        ExprKind::Interpolated { .. } => Some(Ty::String),
        ExprKind::Parenthesized(inner) => infer(inner, locals),
        ExprKind::Cast { ty, .. } => Ty::from_type_ref(ty),
        ExprKind::Name { ident, type_args } if type_args.is_empty() => locals.get(ident.name.as_str()).cloned(),
        ExprKind::Unary { op: UnaryOp::Not, .. } | ExprKind::Is { .. } => Some(Ty::Bool),
        ExprKind::Unary { op: UnaryOp::Minus | UnaryOp::Plus, operand } => infer(operand, locals),
        ExprKind::Binary { op, left, right } => match op {
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Gt
            | BinaryOp::Le
            | BinaryOp::Ge
            | BinaryOp::And
            | BinaryOp::Or => Some(Ty::Bool),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                let (l, r) = (infer(left, locals)?, infer(right, locals)?);
                match (&l, &r) {
                    (Ty::String, _) | (_, Ty::String) if *op == BinaryOp::Add => Some(Ty::String),
                    (Ty::Int, Ty::Int) => Some(Ty::Int),
                    (Ty::Int | Ty::Long, Ty::Int | Ty::Long) => Some(Ty::Long),
                    (Ty::Double, Ty::Int | Ty::Long | Ty::Double) | (Ty::Int | Ty::Long, Ty::Double) => {
                        Some(Ty::Double)
                    }
                    _ => None,
                }
            }
            _ => None,
        },
        ExprKind::Member { name, .. } if name.name == "Length" => Some(Ty::Int),
        ExprKind::Index { .. } | ExprKind::Call { .. } if variable_read(expr).is_some() => {
            match variable_read(expr).map(|read| read.access) {
                Some(VariableUse::Indexer | VariableUse::Get(None)) => Some(Ty::Object),
                Some(VariableUse::Get(Some(ty))) => Ty::from_type_ref(ty),
                _ => Some(Ty::Bool),
            }
        }
        ExprKind::Call { callee, .. } => {
            let ExprKind::Member { target, name, .. } = &callee.kind else { return None };
            match name.name.as_str() {
                "ToString" | "ToLower" | "ToUpper" | "ToLowerInvariant" | "ToUpperInvariant" | "Trim" | "Substring"
                | "Replace" => Some(Ty::String),
                "Contains" | "StartsWith" | "EndsWith" | "Equals" | "IsNullOrEmpty" | "IsNullOrWhiteSpace" => {
                    Some(Ty::Bool)
                }
                "Parse" => match &target.kind {
                    ExprKind::Type(ty) => Ty::from_type_ref(ty),
                    _ => None,
                },
                // Header and query values are joined into one string.
                "GetValueOrDefault"
                    if member_path(target).is_some_and(|path| {
                        matches!(
                            path.as_slice(),
                            ["context", "Request" | "Response", "Headers"] | ["context", "Request", "Url", "Query"]
                        )
                    }) =>
                {
                    Some(Ty::String)
                }
                "Join" | "Format" | "Concat"
                    if is_path(target, &["string"]) || is_type(target, PredefinedType::String) =>
                {
                    Some(Ty::String)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_type(expr: &Expr, predefined: PredefinedType) -> bool {
    matches!(&expr.kind, ExprKind::Type(ty) if ty.kind == TypeKind::Predefined(predefined))
}

/// The type of what a policy expression evaluates to: the expression of `@(...)`, or the
/// common type of every `return` of `@{...}` (outside lambdas). `None` when unknown or
/// when returns disagree.
#[must_use]
pub fn body_type(body: &Body) -> Option<Ty> {
    match body {
        Body::Expression(expr) => infer(expr, &HashMap::new()),
        Body::Block(block) => {
            let mut locals = HashMap::new();
            let mut found: Option<Option<Ty>> = None;
            returns(&block.statements, &mut locals, &mut found);
            found.flatten()
        }
    }
}

fn returns<'a>(statements: &'a [Stmt], locals: &mut HashMap<&'a str, Ty>, found: &mut Option<Option<Ty>>) {
    for statement in statements {
        match &statement.kind {
            StmtKind::LocalDecl(decl) => {
                for declarator in &decl.declarators {
                    let ty = match (&decl.ty, &declarator.init) {
                        (Some(ty), _) if !ty.is_var() => Ty::from_type_ref(ty),
                        (_, Some(VarInit::Expr(init))) => infer(init, locals),
                        _ => None,
                    };
                    match ty {
                        Some(ty) => locals.insert(declarator.name.name.as_str(), ty),
                        None => locals.remove(declarator.name.name.as_str()),
                    };
                }
            }
            StmtKind::Return(value) => {
                let ty = value.as_ref().and_then(|value| infer(value, locals));
                *found = match found.take() {
                    None => Some(ty),
                    Some(previous) if previous == ty => Some(previous),
                    Some(_) => Some(None),
                };
            }
            StmtKind::Block(block) | StmtKind::Checked { block, .. } => returns(&block.statements, locals, found),
            StmtKind::If { then, otherwise, .. } => {
                returns(std::slice::from_ref(then), locals, found);
                if let Some(otherwise) = otherwise {
                    returns(std::slice::from_ref(otherwise), locals, found);
                }
            }
            StmtKind::Switch { sections, .. } => {
                for section in sections {
                    returns(&section.body, locals, found);
                }
            }
            StmtKind::For { body, .. }
            | StmtKind::Foreach { body, .. }
            | StmtKind::While { body, .. }
            | StmtKind::DoWhile { body, .. }
            | StmtKind::Lock { body, .. } => returns(std::slice::from_ref(body), locals, found),
            StmtKind::Using { body: Some(body), .. } => returns(std::slice::from_ref(body), locals, found),
            StmtKind::Try { block, catches, finally } => {
                returns(&block.statements, locals, found);
                for catch in catches {
                    returns(&catch.block.statements, locals, found);
                }
                if let Some(finally) = finally {
                    returns(&finally.statements, locals, found);
                }
            }
            _ => {}
        }
    }
}
