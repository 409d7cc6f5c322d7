//! Compiles a parsed expression once: locals to slots, names to types or the context,
//! literals to values, and the static types that C# semantics depend on (declared local
//! types, `object == string` reference equality, unboxing casts, the type of `?:`).

pub mod node;
mod statics;
pub mod types;

use std::collections::HashMap;
use std::rc::Rc;

use apim_expr::ast::{self, BinaryOp, ExprKind, Literal, StmtKind, TextRange};

use crate::types::Ty;
use crate::value::Value;
use node::{Arg, Catch, Init, LValue, Label, LambdaBody, LambdaDef, Node, Part, Pattern, STy, Stmt};

/// A compile error: what and where (byte offsets into the expression's code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    pub range: TextRange,
}

type CResult<T> = Result<T, CompileError>;

fn err<T>(range: TextRange, message: impl Into<String>) -> CResult<T> {
    Err(CompileError { message: message.into(), range })
}

/// The compiled form of one policy expression.
#[derive(Debug)]
pub struct Compiled {
    pub body: CompiledBody,
    pub slots: u32,
}

#[derive(Debug)]
pub enum CompiledBody {
    Expr(Node),
    Block(Vec<Stmt>),
}

struct Scope {
    names: Vec<(String, u32)>,
}

pub(crate) struct Compiler {
    scopes: Vec<Scope>,
    slot_types: Vec<STy>,
    strings: HashMap<String, Rc<str>>,
    checked: bool,
    /// Inside `unchecked(...)`: constant expressions may overflow (C# reports CS0220 and
    /// CS0221 everywhere else).
    unchecked: bool,
    /// Locals declared without a value and not written anywhere yet: reading one is
    /// CS0165. (Conservative: any earlier write counts, on whatever path.)
    unassigned: std::collections::HashSet<u32>,
}

/// Compiles an expression body.
///
/// # Errors
/// A [`CompileError`] for names, types and constructs the evaluator does not know.
pub fn compile(body: &ast::Body) -> Result<Compiled, CompileError> {
    let mut c = Compiler {
        scopes: vec![Scope { names: Vec::new() }],
        slot_types: Vec::new(),
        strings: HashMap::new(),
        checked: false,
        unchecked: false,
        unassigned: std::collections::HashSet::new(),
    };
    let body = match body {
        ast::Body::Expression(e) => {
            let (node, _) = c.expr(e)?;
            not_a_value(&node, e.range)?;
            CompiledBody::Expr(node)
        }
        ast::Body::Block(b) => CompiledBody::Block(c.block(b)?),
    };
    Ok(Compiled { body, slots: u32::try_from(c.slot_types.len()).unwrap_or(u32::MAX) })
}

fn is_numeric_ty(t: &STy) -> bool {
    t.as_ref().is_some_and(Ty::is_numeric)
}

/// C#'s binary numeric promotion of two static types.
pub(crate) fn promote(a: &Ty, b: &Ty) -> Option<Ty> {
    use Ty::{Decimal, F32, F64, I32, I64, U32, U64};
    if !a.is_numeric() || !b.is_numeric() {
        return None;
    }
    let rank = |t: &Ty| match t {
        Decimal => 7,
        F64 => 6,
        F32 => 5,
        U64 => 4,
        I64 => 3,
        U32 => 2,
        _ => 1,
    };
    let (ra, rb) = (rank(a), rank(b));
    let signed_small = |t: &Ty| matches!(t, Ty::I8 | Ty::I16 | Ty::I32);
    Some(match ra.max(rb) {
        7 => Decimal,
        6 => F64,
        5 => F32,
        4 => U64,
        3 => I64,
        2 => {
            if signed_small(a) || signed_small(b) {
                I64
            } else {
                U32
            }
        }
        _ => I32,
    })
}

impl Compiler {
    fn intern(&mut self, s: &str) -> Rc<str> {
        if let Some(r) = self.strings.get(s) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(s);
        self.strings.insert(s.to_owned(), r.clone());
        r
    }

    fn lookup(&self, name: &str) -> Option<u32> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, slot)) = scope.names.iter().rev().find(|(n, _)| n == name) {
                return Some(*slot);
            }
        }
        None
    }

    fn declare(&mut self, ident: &ast::Ident, ty: STy) -> CResult<u32> {
        if self.lookup(&ident.name).is_some() && ident.name != "_" {
            return err(
                ident.range,
                format!("A local variable named `{}' cannot be declared in this scope", ident.name),
            );
        }
        let slot = u32::try_from(self.slot_types.len()).unwrap_or(u32::MAX);
        self.slot_types.push(ty);
        if let Some(scope) = self.scopes.last_mut() {
            scope.names.push((ident.name.clone(), slot));
        }
        Ok(slot)
    }

    fn push(&mut self) {
        self.scopes.push(Scope { names: Vec::new() });
    }

    fn pop(&mut self) {
        self.scopes.pop();
    }

    fn ty(&self, t: &ast::TypeRef) -> CResult<Ty> {
        types::resolve(t).map_err(|name| CompileError {
            message: format!("The type or namespace name `{name}' could not be found"),
            range: t.range,
        })
    }

    // ------------------------------------------------------------------ statements

    fn block(&mut self, b: &ast::Block) -> CResult<Vec<Stmt>> {
        self.push();
        let r = self.block_statements(b);
        self.pop();
        r
    }

    /// A block's statements. Its local functions are visible in the whole block, so
    /// their slots are declared first and filled before the first statement runs (a
    /// function body reads the block's locals when it is called, not when it is defined).
    fn block_statements(&mut self, b: &ast::Block) -> CResult<Vec<Stmt>> {
        for s in &b.statements {
            if let StmtKind::LocalFunction { name, .. } = &s.kind {
                self.declare(name, None)?;
            }
        }
        let mut functions = Vec::new();
        let mut out = Vec::new();
        for s in &b.statements {
            if let StmtKind::LocalFunction { name, params, body, .. } = &s.kind {
                let slot = self.lookup(&name.name).unwrap_or_default();
                let def = self.lambda(params, body, &[])?;
                functions.push(Stmt::Decl { slot, init: Some(Node::Lambda(def)), conv: None });
            } else {
                out.push(self.stmt(s)?);
            }
        }
        functions.extend(out);
        Ok(functions)
    }

    fn stmt_scoped(&mut self, s: &ast::Stmt) -> CResult<Box<Stmt>> {
        self.push();
        let r = self.stmt(s);
        self.pop();
        r.map(Box::new)
    }

    fn local_decl(&mut self, d: &ast::LocalDecl, out: &mut Vec<Stmt>) -> CResult<()> {
        let declared = match &d.ty {
            Some(t) if !t.is_var() => Some(self.ty(t)?),
            _ => None,
        };
        for decl in &d.declarators {
            let (init, sty) = match &decl.init {
                Some(ast::VarInit::Expr(e)) => {
                    let (n, t) = self.expr_typed(e, declared.as_ref())?;
                    if let (Some(d), Some(t)) = (&declared, &t)
                        && string_vs_value(d, t)
                    {
                        return err(
                            e.range,
                            format!("Cannot implicitly convert type `{}' to `{}'", t.full_name(), d.full_name()),
                        );
                    }
                    (Some(n), t)
                }
                Some(ast::VarInit::Array(init)) => {
                    let elem = declared.as_ref().and_then(Ty::element).cloned().unwrap_or(Ty::Object);
                    let items = self.array_items(init)?;
                    (
                        Some(Node::NewArray { elem: elem.clone(), sizes: Vec::new(), init: Some(items) }),
                        Some(Ty::Array(Box::new(elem))),
                    )
                }
                None => (None, None),
            };
            let slot_ty = declared.clone().or(sty);
            let slot = self.declare(&decl.name, slot_ty)?;
            if init.is_none() {
                self.unassigned.insert(slot);
            }
            out.push(Stmt::Decl { slot, init, conv: declared.clone() });
        }
        Ok(())
    }

    fn array_items(&mut self, init: &ast::Initializer) -> CResult<Vec<Node>> {
        init.elements
            .iter()
            .map(|e| match e {
                ast::InitElement::Expr(e) => Ok(self.expr(e)?.0),
                _ => err(init.range, "nested array initializers are not supported"),
            })
            .collect()
    }

    fn stmt(&mut self, s: &ast::Stmt) -> CResult<Stmt> {
        Ok(match &s.kind {
            StmtKind::Block(b) => Stmt::Block(self.block(b)?),
            StmtKind::LocalDecl(d) => {
                let mut out = Vec::new();
                self.local_decl(d, &mut out)?;
                if out.len() == 1 { out.pop().unwrap_or(Stmt::Empty) } else { Stmt::Block(out) }
            }
            StmtKind::Expr(e) => Stmt::Expr(self.expr(e)?.0),
            StmtKind::If { cond, then, otherwise } => Stmt::If {
                cond: self.expr(cond)?.0,
                then: self.stmt_scoped(then)?,
                otherwise: match otherwise {
                    Some(o) => Some(self.stmt_scoped(o)?),
                    None => None,
                },
            },
            StmtKind::While { cond, body } => Stmt::While { cond: self.expr(cond)?.0, body: self.stmt_scoped(body)? },
            StmtKind::DoWhile { body, cond } => {
                let body = self.stmt_scoped(body)?;
                Stmt::DoWhile { body, cond: self.expr(cond)?.0 }
            }
            StmtKind::For { init, cond, update, body } => {
                self.push();
                let r = (|| {
                    let mut init_out = Vec::new();
                    for i in init {
                        match &i.kind {
                            StmtKind::LocalDecl(d) => self.local_decl(d, &mut init_out)?,
                            _ => init_out.push(self.stmt(i)?),
                        }
                    }
                    let cond = match cond {
                        Some(c) => Some(self.expr(c)?.0),
                        None => None,
                    };
                    let update = update.iter().map(|u| Ok(self.expr(u)?.0)).collect::<CResult<Vec<_>>>()?;
                    let body = self.stmt_scoped(body)?;
                    Ok(Stmt::For { init: init_out, cond, update, body })
                })();
                self.pop();
                r?
            }
            StmtKind::Foreach { ty, name, iterable, body } => {
                let (iter, ity) = self.expr(iterable)?;
                let declared = match ty {
                    Some(t) => Some(self.ty(t)?),
                    None => None,
                };
                let elem = declared.clone().or_else(|| element_of(&ity));
                self.push();
                let slot = self.declare(name, elem)?;
                let body = self.stmt_scoped(body);
                self.pop();
                Stmt::Foreach { slot, conv: declared, iterable: iter, body: body? }
            }
            StmtKind::Return(e) => Stmt::Return(match e {
                Some(e) => Some(self.expr(e)?.0),
                None => None,
            }),
            StmtKind::Throw(e) => Stmt::Throw(match e {
                Some(e) => Some(self.expr(e)?.0),
                None => None,
            }),
            StmtKind::Break => Stmt::Break,
            StmtKind::Continue => Stmt::Continue,
            StmtKind::Empty => Stmt::Empty,
            StmtKind::Checked { checked, block } => {
                let saved = (self.checked, self.unchecked);
                (self.checked, self.unchecked) = (*checked, !*checked);
                let b = self.block(block);
                (self.checked, self.unchecked) = saved;
                Stmt::Block(b?)
            }
            StmtKind::Try { block, catches, finally } => {
                let block = self.block(block)?;
                let mut cs = Vec::new();
                for c in catches {
                    let ty = match &c.ty {
                        Some(t) => match self.ty(t)? {
                            Ty::Exception(name) => Some(name),
                            _ => {
                                return err(t.range, "The type caught or thrown must be derived from System.Exception");
                            }
                        },
                        None => None,
                    };
                    self.push();
                    let slot = match &c.name {
                        Some(n) => Some(self.declare(n, ty.map(Ty::Exception))?),
                        None => None,
                    };
                    let filter = match &c.filter {
                        Some(f) => Some(self.expr(f)?.0),
                        None => None,
                    };
                    let block = self.block(&c.block);
                    self.pop();
                    cs.push(Catch { ty: ty.filter(|t| *t != "System.Exception"), slot, filter, block: block? });
                }
                let finally = match finally {
                    Some(f) => Some(self.block(f)?),
                    None => None,
                };
                Stmt::Try { block, catches: cs, finally }
            }
            StmtKind::Switch { expr, sections } => {
                let (e, _) = self.expr(expr)?;
                self.push();
                let mut out = Vec::new();
                for sec in sections {
                    let mut labels = Vec::new();
                    for l in &sec.labels {
                        labels.push(match l {
                            ast::CaseLabel::Default => Label::Default,
                            ast::CaseLabel::Case { pattern, guard } => {
                                let p = self.pattern(pattern)?;
                                let g = match guard {
                                    Some(g) => Some(self.expr(g)?.0),
                                    None => None,
                                };
                                Label::Case(p, g)
                            }
                        });
                    }
                    let body = sec.body.iter().map(|s| self.stmt(s)).collect::<CResult<Vec<_>>>()?;
                    out.push((labels, body));
                }
                self.pop();
                Stmt::Switch { expr: e, sections: out }
            }
            StmtKind::Using { resource, body } => {
                let mut out = Vec::new();
                self.push();
                match resource {
                    ast::UsingResource::Decl(d) => self.local_decl(d, &mut out)?,
                    ast::UsingResource::Expr(e) => out.push(Stmt::Expr(self.expr(e)?.0)),
                }
                if let Some(b) = body {
                    out.push(self.stmt(b)?);
                }
                self.pop();
                Stmt::Block(out)
            }
            StmtKind::LocalFunction { name, .. } => {
                return err(name.range, "a local function must be declared directly in a block");
            }
            StmtKind::Lock { .. } | StmtKind::YieldReturn(_) | StmtKind::YieldBreak => {
                return err(s.range, "this statement is not supported in policy expressions");
            }
        })
    }

    fn pattern(&mut self, p: &ast::Pattern) -> CResult<Pattern> {
        Ok(match &p.kind {
            ast::PatternKind::Null => Pattern::Null,
            ast::PatternKind::Constant(e) => {
                // A bare name after `is` may be a type.
                if let ExprKind::Name { ident, type_args } = &e.kind
                    && type_args.is_empty()
                    && self.lookup(&ident.name).is_none()
                {
                    let tr =
                        ast::TypeRef { range: e.range, kind: ast::TypeKind::Named(vec![(ident.clone(), Vec::new())]) };
                    if let Ok(ty) = types::resolve(&tr) {
                        return Ok(Pattern::Type { ty, bind: None });
                    }
                }
                Pattern::Const(self.expr(e)?.0)
            }
            ast::PatternKind::Type { ty, name } => {
                let t = self.ty(ty)?;
                let bind = match name {
                    Some(n) => Some(self.declare(n, Some(t.clone()))?),
                    None => None,
                };
                Pattern::Type { ty: t, bind }
            }
            ast::PatternKind::Var(n) => Pattern::Var(self.declare(n, None)?),
            ast::PatternKind::Discard => Pattern::Discard,
            ast::PatternKind::Not(inner) => Pattern::Not(Box::new(self.pattern(inner)?)),
            ast::PatternKind::Relational { op, value } => Pattern::Relational { op: *op, value: self.expr(value)?.0 },
            ast::PatternKind::And(a, b) => Pattern::And(Box::new(self.pattern(a)?), Box::new(self.pattern(b)?)),
            ast::PatternKind::Or(a, b) => Pattern::Or(Box::new(self.pattern(a)?), Box::new(self.pattern(b)?)),
        })
    }

    // ------------------------------------------------------------------ expressions

    pub(crate) fn expr(&mut self, e: &ast::Expr) -> CResult<(Node, STy)> {
        self.expr_typed(e, None)
    }

    /// Compiles `e`; `target` is the type the value flows into (lambdas and `null` use it).
    fn expr_typed(&mut self, e: &ast::Expr, target_ty: Option<&Ty>) -> CResult<(Node, STy)> {
        Ok(match &e.kind {
            ExprKind::Literal(l) => self.literal(l, e.range)?,
            ExprKind::Parenthesized(inner) => self.expr(inner)?,
            ExprKind::Interpolated { parts, .. } => {
                let mut out = Vec::new();
                for p in parts {
                    out.push(match p {
                        ast::InterpolationPart::Text(t) => Part::Text(self.intern(t)),
                        ast::InterpolationPart::Placeholder(name) => Part::Text(self.intern(&format!("{{{name}}}"))),
                        ast::InterpolationPart::Hole { expr, alignment, format } => Part::Hole {
                            expr: self.expr(expr)?.0,
                            alignment: match alignment {
                                Some(a) => Some(self.expr(a)?.0),
                                None => None,
                            },
                            format: format.as_deref().map(|f| self.intern(f)),
                        },
                    });
                }
                (Node::Interpolated(out), Some(Ty::String))
            }
            ExprKind::NamedValue(name) => {
                return err(e.range, format!("named value `{{{{{name}}}}}` has no value here"));
            }
            ExprKind::Name { ident, type_args } => {
                if !type_args.is_empty() {
                    return err(e.range, format!("method group `{}` cannot be used as a value", ident.name));
                }
                if let Some(slot) = self.lookup(&ident.name) {
                    if self.unassigned.contains(&slot) {
                        return err(ident.range, format!("Use of unassigned local variable `{}'", ident.name));
                    }
                    (Node::Local(slot), self.slot_types.get(slot as usize).cloned().flatten())
                } else if ident.name == "context" {
                    (Node::Context, Some(Ty::Host("context")))
                } else {
                    return err(
                        ident.range,
                        format!("The name `{}' does not exist in the current context", ident.name),
                    );
                }
            }
            ExprKind::Type(t) => return err(t.range, "a type cannot be used as a value"),
            ExprKind::Member { target, name, type_args, null_conditional } => {
                if !type_args.is_empty() {
                    return err(e.range, "a generic method must be called");
                }
                if let Some(ty) = self.static_type_of(target) {
                    if names_static_method(ty, &name.name) {
                        // C# converts a method group only to a delegate (CS0428 otherwise).
                        if let (Some(Ty::Func(_)), Some(lambda)) = (target_ty, self.method_group(e)) {
                            return self.expr_typed(&lambda, target_ty);
                        }
                        return err(
                            e.range,
                            format!(
                                "`{ty}.{0}` is a method, not a value: call it, `{ty}.{0}(...)`, or pass it where a delegate is expected",
                                name.name
                            ),
                        );
                    }
                    let name = self.intern(&name.name);
                    let sty = statics::static_member_type(ty, &name);
                    return Ok((Node::StaticMember { ty: self.intern(ty), name }, sty));
                }
                let (t, tty) = self.expr(target)?;
                let sty = statics::member_type(&tty, &name.name);
                if let Some(Ty::Nullable(inner)) = &tty
                    && matches!(name.name.as_str(), "HasValue" | "Value")
                {
                    return Ok((
                        Node::NullableMember {
                            target: Box::new(t),
                            name: self.intern(&name.name),
                            inner: (**inner).clone(),
                        },
                        sty,
                    ));
                }
                (Node::Member { target: Box::new(t), name: self.intern(&name.name), null_cond: *null_conditional }, sty)
            }
            ExprKind::Call { callee, args } => self.call(callee, args, e.range)?,
            ExprKind::Index { target, args, null_conditional } => {
                let (t, tty) = self.expr(target)?;
                let mut a = Vec::new();
                for arg in args {
                    match &arg.value {
                        ast::ArgValue::Expr(x) => a.push(self.expr(x)?.0),
                        ast::ArgValue::OutVar { .. } => return err(arg.range, "out in an indexer"),
                    }
                }
                let sty = statics::index_type(&tty);
                (Node::Index { target: Box::new(t), args: a, null_cond: *null_conditional }, sty)
            }
            ExprKind::Unary { op, operand } => {
                use ast::UnaryOp as U;
                match op {
                    U::PreIncrement | U::PreDecrement => {
                        let (target, sty) = self.lvalue(operand)?;
                        let delta = if *op == U::PreIncrement { 1 } else { -1 };
                        (Node::IncDec { target, delta, prefix: true, checked: self.checked }, sty)
                    }
                    U::Minus => {
                        // `-2147483648` and `-9223372036854775808` are literals.
                        if let ExprKind::Literal(Literal::Int { value, suffix }) = &operand.kind {
                            if *value == 2_147_483_648 && *suffix == ast::IntSuffix::None {
                                return Ok((Node::Const(Value::I32(i32::MIN)), Some(Ty::I32)));
                            }
                            if *value == 9_223_372_036_854_775_808
                                && matches!(suffix, ast::IntSuffix::None | ast::IntSuffix::L)
                            {
                                return Ok((Node::Const(Value::I64(i64::MIN)), Some(Ty::I64)));
                            }
                        }
                        let (n, t) = self.expr(operand)?;
                        let t = match t {
                            Some(Ty::U32) => Some(Ty::I64),
                            Some(t) if t.is_numeric() => promote(&t, &Ty::I32),
                            other => other,
                        };
                        (Node::Neg { operand: Box::new(n), checked: self.checked }, t)
                    }
                    U::Plus => {
                        let (n, t) = self.expr(operand)?;
                        let t = t.and_then(|t| promote(&t, &Ty::I32));
                        (Node::Plus(Box::new(n)), t)
                    }
                    U::Not => (Node::Not(Box::new(self.expr(operand)?.0)), Some(Ty::Bool)),
                    U::BitNot => {
                        let (n, t) = self.expr(operand)?;
                        (Node::BitNot(Box::new(n)), t.and_then(|t| promote(&t, &Ty::I32)))
                    }
                }
            }
            ExprKind::Postfix { op, operand } => {
                let (target, sty) = self.lvalue(operand)?;
                let delta = if *op == ast::PostfixOp::Increment { 1 } else { -1 };
                (Node::IncDec { target, delta, prefix: false, checked: self.checked }, sty)
            }
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right)?,
            ExprKind::Assign { op, target, value } => {
                let (lv, lty) = self.lvalue(target)?;
                let (v, vty) = self.expr_typed(value, lty.as_ref())?;
                let node = match op {
                    ast::AssignOp::Assign => Node::Assign { target: lv, value: Box::new(v), conv: lty.clone() },
                    ast::AssignOp::Coalesce => Node::CoalesceAssign { target: lv, value: Box::new(v) },
                    other => {
                        let bop = match other {
                            ast::AssignOp::Add => BinaryOp::Add,
                            ast::AssignOp::Sub => BinaryOp::Sub,
                            ast::AssignOp::Mul => BinaryOp::Mul,
                            ast::AssignOp::Div => BinaryOp::Div,
                            ast::AssignOp::Rem => BinaryOp::Rem,
                            ast::AssignOp::BitAnd => BinaryOp::BitAnd,
                            ast::AssignOp::BitOr => BinaryOp::BitOr,
                            ast::AssignOp::BitXor => BinaryOp::BitXor,
                            ast::AssignOp::Shl => BinaryOp::Shl,
                            _ => BinaryOp::Shr,
                        };
                        Node::Compound {
                            target: lv,
                            op: bop,
                            value: Box::new(v),
                            conv: lty.clone(),
                            checked: self.checked,
                        }
                    }
                };
                (node, lty.or(vty))
            }
            ExprKind::Conditional { cond, then, otherwise } => {
                let (c, _) = self.expr(cond)?;
                let (t, tt) = self.expr(then)?;
                let (o, ot) = self.expr(otherwise)?;
                let conv = match (&tt, &ot) {
                    (Some(a), Some(b)) if string_vs_value(a, b) => {
                        return err(
                            e.range,
                            format!(
                                "Type of conditional expression cannot be determined because there is no implicit conversion between `{}' and `{}'",
                                a.full_name(),
                                b.full_name()
                            ),
                        );
                    }
                    (Some(a), Some(b)) if a != b => promote(a, b),
                    _ => None,
                };
                let sty = conv.clone().or_else(|| if tt.is_some() { tt.clone() } else { ot.clone() });
                (Node::Cond { cond: Box::new(c), then: Box::new(t), otherwise: Box::new(o), conv }, sty)
            }
            ExprKind::Cast { ty, expr } => {
                let t = self.ty(ty)?;
                let (n, from) = self.expr(expr)?;
                let unbox = matches!(from, Some(Ty::Object | Ty::Enumerable(_)));
                let from_json = matches!(from, Some(Ty::Json(_)));
                // CS0221: a constant that does not fit the integral type it is cast to.
                if !self.unchecked
                    && t.is_numeric()
                    && !matches!(t, Ty::F32 | Ty::F64)
                    && let Some(v) = numeric_constant(&n)
                    && crate::eval::convert::cast(v.clone(), &t, false, true).is_err()
                {
                    return err(
                        expr.range,
                        format!(
                            "Constant value `{}' cannot be converted to a `{}' (use `unchecked' syntax to override)",
                            crate::display(&v),
                            t.full_name()
                        ),
                    );
                }
                (Node::Cast { ty: t.clone(), expr: Box::new(n), unbox, checked: self.checked, from_json }, Some(t))
            }
            ExprKind::Is { expr, pattern } => {
                let (n, _) = self.expr(expr)?;
                let p = self.pattern(pattern)?;
                (Node::Is { expr: Box::new(n), pattern: Box::new(p) }, Some(Ty::Bool))
            }
            ExprKind::As { expr, ty } => {
                let t = self.ty(ty)?;
                if t.is_value_type() && !matches!(t, Ty::Nullable(_)) {
                    return err(
                        ty.range,
                        format!("The `as' operator cannot be used with a non-nullable value type `{}'", t.full_name()),
                    );
                }
                let (n, _) = self.expr(expr)?;
                (Node::As { expr: Box::new(n), ty: t.clone() }, Some(t))
            }
            ExprKind::Lambda { params, body } => (Node::Lambda(self.lambda(params, body, &[])?), None),
            ExprKind::New { ty, args, initializer } => {
                let t = self.ty(ty)?;
                let a = match args {
                    Some(a) => self.args(a)?,
                    None => Vec::new(),
                };
                let mut init = Vec::new();
                if let Some(i) = initializer {
                    for el in &i.elements {
                        init.push(match el {
                            ast::InitElement::Expr(x) => Init::Add(vec![self.expr(x)?.0]),
                            ast::InitElement::List(l) => Init::Add(self.array_items(l)?),
                            ast::InitElement::Member { name, value } => {
                                Init::Member(self.intern(&name.name), self.init_value(value)?)
                            }
                            ast::InitElement::Index { args, value } => {
                                let mut ks = Vec::new();
                                for a in args {
                                    if let ast::ArgValue::Expr(x) = &a.value {
                                        ks.push(self.expr(x)?.0);
                                    }
                                }
                                Init::Index(ks, self.init_value(value)?)
                            }
                        });
                    }
                }
                (Node::New { ty: t.clone(), args: a, init }, Some(t))
            }
            ExprKind::NewArray { element, sizes, ranks, initializer } => {
                let mut elem = match element {
                    Some(t) => self.ty(t)?,
                    None => Ty::Object,
                };
                for _ in ranks.iter().skip(usize::from(sizes.is_empty())) {
                    elem = Ty::Array(Box::new(elem));
                }
                let sz = sizes.iter().map(|s| Ok(self.expr(s)?.0)).collect::<CResult<Vec<_>>>()?;
                // CS0248: a constant size must not be negative.
                let negative = |n: &Node| match n {
                    Node::Const(Value::I32(v)) => *v < 0,
                    Node::Const(Value::I64(v)) => *v < 0,
                    Node::Neg { operand, .. } => {
                        matches!(&**operand, Node::Const(Value::I32(1..) | Value::I64(1..)))
                    }
                    _ => false,
                };
                if let Some((s, _)) = sizes.iter().zip(&sz).find(|(_, n)| negative(n)) {
                    return err(s.range, "Cannot create an array with a negative size");
                }
                let (init, inferred) = match initializer {
                    Some(i) => {
                        let mut items = Vec::new();
                        let mut tys = Vec::new();
                        for el in &i.elements {
                            if let ast::InitElement::Expr(x) = el {
                                let (n, t) = self.expr(x)?;
                                items.push(n);
                                tys.push(t);
                            }
                        }
                        (Some(items), tys)
                    }
                    None => (None, Vec::new()),
                };
                if element.is_none() {
                    // `new[] { ... }`: the best common type.
                    let mut best: Option<Ty> = None;
                    for t in inferred.into_iter().flatten() {
                        best = Some(match best {
                            None => t,
                            Some(b) if b == t => b,
                            Some(b) => promote(&b, &t).unwrap_or(Ty::Object),
                        });
                    }
                    elem = best.unwrap_or(Ty::Object);
                }
                (Node::NewArray { elem: elem.clone(), sizes: sz, init }, Some(Ty::Array(Box::new(elem))))
            }
            ExprKind::AnonymousObject(fields) => {
                let mut names = Vec::new();
                let mut values = Vec::new();
                for (name, value) in fields {
                    let n = match (name, &value.kind) {
                        (Some(n), _) => n.name.clone(),
                        (None, ExprKind::Member { name, .. }) => name.name.clone(),
                        (None, ExprKind::Name { ident, .. }) => ident.name.clone(),
                        _ => return err(value.range, "Invalid anonymous type member declarator"),
                    };
                    names.push(self.intern(&n));
                    values.push(self.expr(value)?.0);
                }
                (Node::Anonymous { names, values }, None)
            }
            ExprKind::Tuple(items) => {
                let mut nodes = Vec::new();
                let mut tys = Vec::new();
                for i in items {
                    let (n, t) = self.expr(i)?;
                    nodes.push(n);
                    tys.push(t.unwrap_or(Ty::Object));
                }
                (Node::Tuple(nodes), Some(Ty::Tuple(tys)))
            }
            ExprKind::TypeOf(t) => (Node::TypeOf(self.ty(t)?), None),
            ExprKind::Default(t) => match t {
                Some(t) => {
                    let ty = self.ty(t)?;
                    (Node::Default(ty.clone()), Some(ty))
                }
                None => match target_ty {
                    Some(t) => (Node::Default(t.clone()), Some(t.clone())),
                    None => (Node::Const(Value::Null), None),
                },
            },
            ExprKind::Checked { checked, expr } => {
                let saved = (self.checked, self.unchecked);
                (self.checked, self.unchecked) = (*checked, !*checked);
                let r = self.expr(expr);
                (self.checked, self.unchecked) = saved;
                r?
            }
            ExprKind::NameOf(inner) => {
                let name = match &inner.kind {
                    ExprKind::Name { ident, .. } => ident.name.clone(),
                    ExprKind::Member { name, .. } => name.name.clone(),
                    _ => return err(inner.range, "Expression does not have a name"),
                };
                (Node::Const(Value::Str(self.intern(&name))), Some(Ty::String))
            }
            ExprKind::This | ExprKind::Base => return err(e.range, "`this` is not available in policy expressions"),
            ExprKind::Throw(x) => (Node::Throw(Box::new(self.expr(x)?.0)), None),
            ExprKind::Switch { scrutinee, arms } => {
                let (s, _) = self.expr(scrutinee)?;
                let mut out = Vec::new();
                let mut sty = None;
                for arm in arms {
                    self.push();
                    let p = self.pattern(&arm.pattern)?;
                    let g = match &arm.guard {
                        Some(g) => Some(self.expr(g)?.0),
                        None => None,
                    };
                    let (v, t) = self.expr(&arm.value)?;
                    self.pop();
                    if sty.is_none() {
                        sty = t;
                    }
                    out.push((p, g, v));
                }
                (Node::Switch { scrutinee: Box::new(s), arms: out }, sty)
            }
        })
    }

    fn init_value(&mut self, v: &ast::InitValue) -> CResult<Node> {
        match v {
            ast::InitValue::Expr(e) => Ok(self.expr(e)?.0),
            ast::InitValue::Initializer(i) => {
                let items = self.array_items(i)?;
                Ok(Node::NewArray { elem: Ty::Object, sizes: Vec::new(), init: Some(items) })
            }
        }
    }

    fn literal(&mut self, l: &Literal, range: TextRange) -> CResult<(Node, STy)> {
        let v = match l {
            Literal::Null => return Ok((Node::Const(Value::Null), None)),
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Char(c) => Value::Char(*c),
            Literal::String(s) => Value::Str(self.intern(s)),
            Literal::Int { value, suffix } => {
                let v = *value;
                match suffix {
                    ast::IntSuffix::None => {
                        if let Ok(i) = i32::try_from(v) {
                            Value::I32(i)
                        } else if let Ok(i) = u32::try_from(v) {
                            Value::U32(i)
                        } else if let Ok(i) = i64::try_from(v) {
                            Value::I64(i)
                        } else {
                            Value::U64(v)
                        }
                    }
                    ast::IntSuffix::U => match u32::try_from(v) {
                        Ok(i) => Value::U32(i),
                        Err(_) => Value::U64(v),
                    },
                    ast::IntSuffix::L => match i64::try_from(v) {
                        Ok(i) => Value::I64(i),
                        Err(_) => Value::U64(v),
                    },
                    ast::IntSuffix::UL => Value::U64(v),
                }
            }
            Literal::Real { text, suffix } => match suffix {
                Some(ast::RealSuffix::M) => {
                    match apim_dotnet::decimal_parse_styles(text, apim_dotnet::NumberStyles::FLOAT) {
                        Ok(d) => Value::Decimal(d),
                        Err(_) => return err(range, "Floating-point constant is outside the range of type `decimal'"),
                    }
                }
                Some(ast::RealSuffix::F) => Value::F32(text.parse::<f32>().unwrap_or(0.0)),
                _ => Value::F64(text.parse::<f64>().unwrap_or(0.0)),
            },
        };
        let t = crate::types::type_of(&v);
        Ok((Node::Const(v), t))
    }

    /// A lambda; `inferred` are the parameter types C# infers from where the lambda is
    /// passed (the element type for `Where`/`Select`): they type the body statically
    /// (so its result type is known) without converting the arguments.
    fn lambda(
        &mut self,
        params: &[ast::LambdaParam],
        body: &ast::LambdaBody,
        inferred: &[Ty],
    ) -> CResult<Rc<LambdaDef>> {
        let start = u32::try_from(self.slot_types.len()).unwrap_or(u32::MAX);
        self.push();
        let saved = self.checked;
        let r = (|| {
            let mut ps = Vec::new();
            for (i, p) in params.iter().enumerate() {
                let t = match &p.ty {
                    Some(t) => Some(self.ty(t)?),
                    None => None,
                };
                let slot = self.declare(&p.name, t.clone().or_else(|| inferred.get(i).cloned()))?;
                ps.push((slot, t));
            }
            let (body, ret) = match body {
                ast::LambdaBody::Expr(e) => {
                    let (node, ret) = self.expr(e)?;
                    (LambdaBody::Expr(node), ret)
                }
                ast::LambdaBody::Block(b) => (LambdaBody::Block(self.block(b)?), None),
            };
            Ok((ps, body, ret))
        })();
        self.checked = saved;
        self.pop();
        let (params, body, ret) = r?;
        let end = u32::try_from(self.slot_types.len()).unwrap_or(u32::MAX);
        Ok(Rc::new(LambdaDef { params, body, ret, own: start..end }))
    }

    fn lvalue(&mut self, e: &ast::Expr) -> CResult<(LValue, STy)> {
        Ok(match &e.kind {
            ExprKind::Name { ident, .. } if ident.name == "_" && self.lookup("_").is_none() => (LValue::Discard, None),
            ExprKind::Name { ident, .. } => match self.lookup(&ident.name) {
                Some(slot) => {
                    self.unassigned.remove(&slot);
                    let t = self.slot_types.get(slot as usize).cloned().flatten();
                    (LValue::Local(slot, t.clone()), t)
                }
                None => {
                    return err(
                        ident.range,
                        format!("The name `{}' does not exist in the current context", ident.name),
                    );
                }
            },
            ExprKind::Parenthesized(inner) => self.lvalue(inner)?,
            ExprKind::Member { target, name, .. } => {
                let (t, tty) = self.expr(target)?;
                if matches!(tty, Some(Ty::Host(_))) {
                    return err(
                        e.range,
                        format!("Property or indexer `{}' cannot be assigned to (it is read-only)", name.name),
                    );
                }
                let sty = statics::member_type(&tty, &name.name);
                (LValue::Member { target: Box::new(t), name: self.intern(&name.name) }, sty)
            }
            ExprKind::Index { target, args, .. } => {
                let (t, tty) = self.expr(target)?;
                if matches!(tty, Some(Ty::Host(_))) {
                    return err(e.range, "Property or indexer cannot be assigned to (it is read-only)");
                }
                let mut a = Vec::new();
                for arg in args {
                    if let ast::ArgValue::Expr(x) = &arg.value {
                        a.push(self.expr(x)?.0);
                    }
                }
                let sty = statics::index_type(&tty);
                (LValue::Index { target: Box::new(t), args: a }, sty)
            }
            _ => {
                return err(
                    e.range,
                    "The left-hand side of an assignment must be a variable, a property or an indexer",
                );
            }
        })
    }

    fn args(&mut self, args: &[ast::Argument]) -> CResult<Vec<Arg>> {
        self.args_inferring(args, &[])
    }

    /// Arguments; a lambda among them gets `lambda_params` as its inferred parameter types.
    fn args_inferring(&mut self, args: &[ast::Argument], lambda_params: &[Ty]) -> CResult<Vec<Arg>> {
        let mut out = Vec::new();
        for a in args {
            let name = a.name.as_ref().map(|n| self.intern(&n.name));
            match &a.value {
                ast::ArgValue::Expr(ast::Expr { kind: ExprKind::Lambda { params, body }, .. })
                    if !lambda_params.is_empty() =>
                {
                    out.push(Arg { node: Node::Lambda(self.lambda(params, body, lambda_params)?), out: None, name });
                }
                ast::ArgValue::Expr(x) => {
                    if matches!(a.modifier, Some(ast::ArgModifier::Out | ast::ArgModifier::Ref)) {
                        let (lv, _) = self.lvalue(x)?;
                        let (node, _) = self.expr(x).unwrap_or((Node::Const(Value::Null), None));
                        out.push(Arg { node, out: Some(lv), name });
                    } else if let Some(lambda) = self.method_group(x) {
                        out.push(Arg { node: self.expr(&lambda)?.0, out: None, name });
                    } else {
                        out.push(Arg { node: self.expr(x)?.0, out: None, name });
                    }
                }
                ast::ArgValue::OutVar { ty, name: var } => {
                    let t = match ty {
                        Some(t) => Some(self.ty(t)?),
                        None => None,
                    };
                    let lv = if var.name == "_" {
                        LValue::Discard
                    } else {
                        let slot = self.declare(var, t.clone())?;
                        LValue::Local(slot, t)
                    };
                    out.push(Arg { node: Node::Const(Value::Null), out: Some(lv), name });
                }
            }
        }
        Ok(out)
    }

    /// A static method of a primitive type, `Convert` or `Math` passed as a delegate
    /// (`.Select(int.Parse)`), as the one-parameter lambda `x => T.M(x)` it converts to.
    fn method_group(&self, e: &ast::Expr) -> Option<ast::Expr> {
        let ExprKind::Member { target, name, type_args, null_conditional: false } = &e.kind else {
            return None;
        };
        let ty = self.static_type_of(target)?;
        if !type_args.is_empty() || !names_static_method(ty, &name.name) {
            return None;
        }
        let range = e.range;
        let param = ast::Ident { range, name: "<arg>".to_owned() };
        let call = ast::Expr {
            range,
            kind: ExprKind::Call {
                callee: Box::new(e.clone()),
                args: vec![ast::Argument {
                    range,
                    name: None,
                    modifier: None,
                    value: ast::ArgValue::Expr(ast::Expr {
                        range,
                        kind: ExprKind::Name { ident: param.clone(), type_args: Vec::new() },
                    }),
                }],
            },
        };
        Some(ast::Expr {
            range,
            kind: ExprKind::Lambda {
                params: vec![ast::LambdaParam { range, modifier: None, ty: None, name: param }],
                body: Box::new(ast::LambdaBody::Expr(call)),
            },
        })
    }

    /// When `e` names a static type (`Convert`, `System.Text.Encoding`, `int`), its short name.
    fn static_type_of(&self, e: &ast::Expr) -> Option<&'static str> {
        match &e.kind {
            ExprKind::Type(t) => match &t.kind {
                ast::TypeKind::Predefined(p) => Some(types::keyword_type_name(*p)),
                _ => None,
            },
            _ => {
                let path = dotted(e)?;
                let first = path.split('.').next()?;
                if self.lookup(first).is_some() || first == "context" {
                    return None;
                }
                types::resolve_type_name(&path)
            }
        }
    }

    fn call(&mut self, callee: &ast::Expr, args: &[ast::Argument], range: TextRange) -> CResult<(Node, STy)> {
        match &callee.kind {
            ExprKind::Member { target, name, type_args, null_conditional } => {
                let targs = type_args.iter().map(|t| self.ty(t)).collect::<CResult<Vec<_>>>()?;
                if let Some(ty) = self.static_type_of(target) {
                    let a = self.args(args)?;
                    let sty = statics::static_call_type(ty, &name.name, &targs);
                    return Ok((
                        Node::StaticCall {
                            ty: self.intern(ty),
                            name: self.intern(&name.name),
                            type_args: targs,
                            args: a,
                        },
                        sty,
                    ));
                }
                let (t, tty) = self.expr(target)?;
                overload_exists(&tty, &name.name, &targs, args, range)?;
                let mut sty = statics::call_type(&tty, &name.name, &targs);
                // `Where`/`Select` over a sequence of known element type: the lambda's
                // parameter is that type (its index, when it takes two, an `int`), and
                // the result is a sequence of the element or of the lambda's result.
                let elem = element_of(&tty).filter(|_| matches!(name.name.as_str(), "Where" | "Select"));
                let a = match elem {
                    Some(e) => {
                        let a = self.args_inferring(args, &[e.clone(), Ty::I32])?;
                        sty = match (name.name.as_str(), a.as_slice()) {
                            ("Where", [_]) => Some(Ty::Enumerable(Box::new(e))),
                            ("Select", [Arg { node: Node::Lambda(def), .. }]) => {
                                def.ret.clone().map(|r| Ty::Enumerable(Box::new(r)))
                            }
                            _ => sty,
                        };
                        a
                    }
                    None => self.args(args)?,
                };
                if let Some(Ty::Nullable(inner)) = &tty
                    && name.name == "GetValueOrDefault"
                {
                    return Ok((
                        Node::Coalesce(
                            Box::new(t),
                            Box::new(a.into_iter().next().map_or(Node::Default((**inner).clone()), |a| a.node)),
                        ),
                        Some((**inner).clone()),
                    ));
                }
                Ok((
                    Node::Call {
                        target: Box::new(t),
                        name: self.intern(&name.name),
                        type_args: targs,
                        args: a,
                        null_cond: *null_conditional,
                    },
                    sty,
                ))
            }
            ExprKind::Name { ident, .. } if self.lookup(&ident.name).is_some() => {
                let (f, _) = self.expr(callee)?;
                let a = self.args(args)?;
                Ok((Node::Invoke { func: Box::new(f), args: a }, None))
            }
            ExprKind::Name { ident, .. } => {
                err(range, format!("The name `{}' does not exist in the current context", ident.name))
            }
            _ => {
                let (f, _) = self.expr(callee)?;
                let a = self.args(args)?;
                Ok((Node::Invoke { func: Box::new(f), args: a }, None))
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr) -> CResult<(Node, STy)> {
        let (node, ty) = self.binary_node(op, left, right)?;
        self.fold(node, ty, left.range.cover(right.range))
    }

    /// C# evaluates arithmetic on numeric constants at compile time, where an overflow
    /// is an error (CS0220) unless the expression is inside `unchecked`.
    fn fold(&self, node: Node, ty: STy, range: TextRange) -> CResult<(Node, STy)> {
        let Node::Binary { op, left, right, checked, .. } = &node else { return Ok((node, ty)) };
        let arithmetic = matches!(
            op,
            BinaryOp::Add
                | BinaryOp::Sub
                | BinaryOp::Mul
                | BinaryOp::Div
                | BinaryOp::Rem
                | BinaryOp::Shl
                | BinaryOp::Shr
                | BinaryOp::BitAnd
                | BinaryOp::BitOr
                | BinaryOp::BitXor
        );
        let (Some(l), Some(r)) = (numeric_constant(left), numeric_constant(right)) else { return Ok((node, ty)) };
        if !arithmetic {
            return Ok((node, ty));
        }
        match crate::eval::ops::binary(*op, &l, &r, !self.unchecked || *checked) {
            Ok(v) => Ok((Node::Const(v), ty)),
            Err(e) if e.type_name == "System.DivideByZeroException" => err(range, "Division by constant zero"),
            Err(e) if e.type_name == "System.OverflowException" => {
                err(range, "The operation overflows at compile time in checked mode")
            }
            Err(_) => Ok((node, ty)),
        }
    }

    fn binary_node(&mut self, op: BinaryOp, left: &ast::Expr, right: &ast::Expr) -> CResult<(Node, STy)> {
        let (mut l, mut lt) = self.expr(left)?;
        let (mut r, mut rt) = self.expr(right)?;
        if !matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce | BinaryOp::Shl | BinaryOp::Shr) {
            unsigned_constant(&mut r, &mut rt, lt.as_ref());
            unsigned_constant(&mut l, &mut lt, rt.as_ref());
        }
        let range = left.range.cover(right.range);
        let arithmetic = !matches!(
            op,
            BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce | BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Add
        );
        if let (Some(a), Some(b)) = (&lt, &rt) {
            let float = |t: &Ty| matches!(t, Ty::F32 | Ty::F64);
            // CS0019: no operator mixes decimal with float/double.
            if !matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce)
                && ((*a == Ty::Decimal && float(b)) || (float(a) && *b == Ty::Decimal))
            {
                return err(
                    range,
                    format!(
                        "Operator cannot be applied to operands of type `{}' and `{}'",
                        a.full_name(),
                        b.full_name()
                    ),
                );
            }
            // CS0019: `object` has no arithmetic or ordering (only `+` with a string).
            if !matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce | BinaryOp::Eq | BinaryOp::Ne)
                && (*a == Ty::Object || *b == Ty::Object)
                && !(op == BinaryOp::Add && (*a == Ty::String || *b == Ty::String))
            {
                return err(
                    range,
                    format!(
                        "Operator cannot be applied to operands of type `{}' and `{}'",
                        a.full_name(),
                        b.full_name()
                    ),
                );
            }
            // CS0019: strings only have `+`, `==` and `!=`.
            if arithmetic && (*a == Ty::String || *b == Ty::String) {
                return err(
                    range,
                    format!(
                        "Operator cannot be applied to operands of type `{}' and `{}'",
                        a.full_name(),
                        b.full_name()
                    ),
                );
            }
            // CS0020: integer division by a constant zero.
            if matches!(op, BinaryOp::Div | BinaryOp::Rem)
                && matches!(promote(a, b), Some(Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64))
                && matches!(r, Node::Const(Value::I32(0) | Value::I64(0) | Value::U32(0) | Value::U64(0)))
            {
                return err(range, "Division by constant zero");
            }
        }
        let bx = |n| Box::new(n);
        Ok(match op {
            BinaryOp::And => (Node::And(bx(l), bx(r)), Some(Ty::Bool)),
            BinaryOp::Or => (Node::Or(bx(l), bx(r)), Some(Ty::Bool)),
            BinaryOp::Coalesce => {
                let t = match (&lt, &rt) {
                    (Some(Ty::Nullable(inner)), _) => Some((**inner).clone()),
                    (Some(a), _) => Some(a.clone()),
                    (None, b) => b.clone(),
                };
                (Node::Coalesce(bx(l), bx(r)), t)
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let is_null = |n: &Node| matches!(n, Node::Const(Value::Null));
                let objish = |t: &STy| matches!(t, Some(Ty::Object | Ty::Json(_) | Ty::Enumerable(_)));
                let reference = |t: &STy| matches!(t, Some(t) if !t.is_value_type()) || t.is_none();
                let ref_eq = !is_null(&l)
                    && !is_null(&r)
                    && ((objish(&lt)
                        && reference(&rt)
                        && !matches!(rt, Some(Ty::Json(_)))
                        && lt != Some(Ty::Json(crate::types::JsonTy::Token)))
                        || (objish(&rt) && reference(&lt) && !matches!(lt, Some(Ty::Json(_))))
                        || (matches!(lt, Some(Ty::Json(_))) && matches!(rt, Some(Ty::Json(_)))))
                    && !(lt == Some(Ty::String) && rt == Some(Ty::String));
                let ref_eq = ref_eq
                    && (matches!(lt, Some(Ty::Object))
                        || matches!(rt, Some(Ty::Object))
                        || (matches!(lt, Some(Ty::Json(_))) && matches!(rt, Some(Ty::Json(_)))));
                (Node::Binary { op, left: bx(l), right: bx(r), checked: self.checked, ref_eq }, Some(Ty::Bool))
            }
            BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => {
                (Node::Binary { op, left: bx(l), right: bx(r), checked: self.checked, ref_eq: false }, Some(Ty::Bool))
            }
            _ => {
                let t = match (&lt, &rt) {
                    (Some(Ty::String), _) | (_, Some(Ty::String)) if op == BinaryOp::Add => Some(Ty::String),
                    (Some(Ty::Char), _) | (_, Some(Ty::Char))
                        if op == BinaryOp::Add && (lt.is_none() || rt.is_none()) =>
                    {
                        None
                    }
                    (Some(a), Some(b)) if matches!(op, BinaryOp::Shl | BinaryOp::Shr) => {
                        promote(a, &Ty::I32).or(Some(b.clone()))
                    }
                    (Some(a), Some(b)) => {
                        promote(a, b).or_else(|| if a == b && *a == Ty::Bool { Some(Ty::Bool) } else { None })
                    }
                    _ => None,
                };
                let _ = is_numeric_ty(&t);
                (Node::Binary { op, left: bx(l), right: bx(r), checked: self.checked, ref_eq: false }, t)
            }
        })
    }
}

/// C#'s implicit constant-expression conversion: a non-negative `int` (or `long`, for
/// `ulong`) constant next to a `uint`/`ulong` operand takes that unsigned type, so
/// `uintValue - 1` is `uint` arithmetic and `1UL + 1` is `ulong`.
fn unsigned_constant(node: &mut Node, ty: &mut STy, other: Option<&Ty>) {
    let converted = match (other, &*node) {
        (Some(Ty::U32), Node::Const(Value::I32(v))) => u32::try_from(*v).ok().map(|v| (Value::U32(v), Ty::U32)),
        (Some(Ty::U64), Node::Const(Value::I32(v))) => u64::try_from(*v).ok().map(|v| (Value::U64(v), Ty::U64)),
        (Some(Ty::U64), Node::Const(Value::I64(v))) => u64::try_from(*v).ok().map(|v| (Value::U64(v), Ty::U64)),
        _ => None,
    };
    if let Some((v, t)) = converted {
        *node = Node::Const(v);
        *ty = Some(t);
    }
}

/// An `@(...)` expression is converted to `object`: a lambda (CS1660) or a `void` call
/// (`context.Trace`, CS0030) is not a value.
fn not_a_value(node: &Node, range: TextRange) -> CResult<()> {
    match node {
        Node::Lambda(_) => err(range, "Cannot convert `lambda expression' to non-delegate type `object'"),
        Node::Call { target, name, .. } if matches!(**target, Node::Context) && &**name == "Trace" => {
            err(range, "Cannot convert type `void' to `object'")
        }
        _ => Ok(()),
    }
}

/// Calls that .NET Framework has no overload for, although a newer .NET (and so the
/// evaluator's general method table) would accept them.
fn overload_exists(target: &STy, name: &str, targs: &[Ty], args: &[ast::Argument], range: TextRange) -> CResult<()> {
    let string_literal = |a: &ast::Argument| {
        matches!(&a.value, ast::ArgValue::Expr(e)
            if matches!(e.kind, ExprKind::Literal(Literal::String(_)) | ExprKind::Interpolated { .. }))
    };
    match (target.as_ref(), name) {
        // `GetValueOrDefault<T>` takes one type argument.
        (Some(Ty::Host(_)), "GetValueOrDefault") if targs.len() > 1 => err(
            range,
            format!(
                "`GetValueOrDefault' does not take {} type arguments; it takes one, `GetValueOrDefault<T>'",
                targs.len()
            ),
        ),
        // `CollectionExtensions.GetValueOrDefault` is .NET Core 2.0+; APIM's own extension
        // takes only `IReadOnlyDictionary<string, string[]>` (headers, query, JWT claims).
        (Some(Ty::Dict(k, v)), "GetValueOrDefault")
            if !(**k == Ty::String && **v == Ty::Array(Box::new(Ty::String))) =>
        {
            err(
                range,
                format!(
                    "`{}' does not contain a definition for `GetValueOrDefault' in .NET Framework; use `TryGetValue'",
                    Ty::Dict(k.clone(), v.clone()).display_name()
                ),
            )
        }
        // `Split(string)` is .NET Core 2.0+; .NET Framework splits on `char[]` or `string[]`.
        (Some(Ty::String), "Split") if args.first().is_some_and(string_literal) => err(
            range,
            "Argument 1: cannot convert from `string' to `char[]' (.NET Framework has no `Split(string)'; use `Split(new[] { \"...\" }, StringSplitOptions.None)')",
        ),
        _ => Ok(()),
    }
}

/// The value of a numeric constant: a literal or a constant member (`int.MaxValue`).
fn numeric_constant(node: &Node) -> Option<Value> {
    let v = match node {
        Node::Const(v) => v.clone(),
        Node::StaticMember { ty, name } => crate::builtins::constant_member(ty, name)?,
        _ => return None,
    };
    crate::types::type_of(&v).is_some_and(|t| t.is_numeric()).then_some(v)
}

/// `string` on one side and a primitive value type on the other: no implicit conversion
/// exists either way (CS0029, CS0173).
fn string_vs_value(a: &Ty, b: &Ty) -> bool {
    let primitive = |t: &Ty| t.is_numeric() || matches!(t, Ty::Bool | Ty::Char);
    (*a == Ty::String && primitive(b)) || (primitive(a) && *b == Ty::String)
}

/// `a.b.c` as a string when `e` is a chain of plain names.
/// Whether `ty.name`, read without a call, is a method group: `ty` is a primitive type,
/// `String`, `Convert` or `Math`, whose static properties and fields are all known here,
/// and `name` is none of them.
fn names_static_method(ty: &str, name: &str) -> bool {
    let is_method_owner = matches!(
        ty,
        "Int32"
            | "Int64"
            | "Int16"
            | "Byte"
            | "UInt32"
            | "UInt64"
            | "Double"
            | "Single"
            | "Decimal"
            | "Boolean"
            | "Char"
            | "String"
            | "Convert"
            | "Math"
    );
    let is_property = statics::static_member_type(ty, name).is_some()
        || matches!(
            name,
            "MaxValue"
                | "MinValue"
                | "Empty"
                | "NaN"
                | "PositiveInfinity"
                | "NegativeInfinity"
                | "Epsilon"
                | "PI"
                | "E"
                | "Zero"
                | "One"
                | "MinusOne"
                | "TrueString"
                | "FalseString"
                | "DBNull"
        );
    is_method_owner && !is_property
}

fn dotted(e: &ast::Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name { ident, type_args } if type_args.is_empty() => Some(ident.name.clone()),
        ExprKind::Member { target, name, type_args, null_conditional: false } if type_args.is_empty() => {
            Some(format!("{}.{}", dotted(target)?, name.name))
        }
        _ => None,
    }
}

fn element_of(t: &STy) -> STy {
    match t.as_ref()? {
        Ty::String => Some(Ty::Char),
        Ty::Dict(k, v) => Some(Ty::Pair(k.clone(), v.clone())),
        Ty::Json(crate::types::JsonTy::Object) => None,
        Ty::Json(_) => Some(Ty::Json(crate::types::JsonTy::Token)),
        other => other.element().cloned(),
    }
}
