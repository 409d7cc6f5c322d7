//! A compact, deterministic S-expression rendering of the tree, without ranges, for
//! snapshot tests and `cargo dev print-expr`.
//!
//! Operators print as their C# token (`(+ a b)`, `(= x 1)`, `(?. a b)`), types in C#
//! syntax (`Dictionary<string, int[]>`), names bare, literals as Rust literals.

use std::fmt::Write;

use super::{
    ArgValue, Argument, Block, Body, CaseLabel, Expr, ExprKind, InitElement, InitValue, Initializer, IntSuffix,
    InterpolationPart, LambdaBody, Literal, LocalDecl, Pattern, PatternKind, RealSuffix, Stmt, StmtKind, TypeKind,
    TypeRef, UsingResource, VarInit,
};

#[must_use]
pub fn print_body(body: &Body) -> String {
    let mut printer = Printer::default();
    match body {
        Body::Expression(expr) => printer.expr(expr),
        Body::Block(block) => printer.block(block),
    }
    printer.out
}

#[must_use]
pub fn print_expr(expr: &Expr) -> String {
    let mut printer = Printer::default();
    printer.expr(expr);
    printer.out
}

#[must_use]
pub fn print_stmt(stmt: &Stmt) -> String {
    let mut printer = Printer::default();
    printer.stmt(stmt);
    printer.out
}

#[must_use]
pub fn print_pattern(pattern: &Pattern) -> String {
    let mut printer = Printer::default();
    printer.pattern(pattern);
    printer.out
}

#[must_use]
pub fn print_type(ty: &TypeRef) -> String {
    let mut printer = Printer::default();
    printer.ty(ty);
    printer.out
}

#[derive(Default)]
struct Printer {
    out: String,
}

impl Printer {
    fn open(&mut self, head: &str) {
        self.out.push('(');
        self.out.push_str(head);
    }

    fn close(&mut self) {
        self.out.push(')');
    }

    fn space(&mut self) {
        self.out.push(' ');
    }

    fn word(&mut self, word: &str) {
        self.space();
        self.out.push_str(word);
    }

    fn sub_expr(&mut self, expr: &Expr) {
        self.space();
        self.expr(expr);
    }

    fn sub_type(&mut self, ty: &TypeRef) {
        self.space();
        self.ty(ty);
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Literal(literal) => self.literal(literal),
            ExprKind::Interpolated { verbatim, parts } => {
                self.open(if *verbatim { "interp@" } else { "interp" });
                for part in parts {
                    self.space();
                    match part {
                        InterpolationPart::Text(text) => {
                            let _ = write!(self.out, "{text:?}");
                        }
                        InterpolationPart::Hole { expr, alignment, format } => {
                            self.open("hole");
                            self.sub_expr(expr);
                            if let Some(alignment) = alignment {
                                self.word(":align");
                                self.sub_expr(alignment);
                            }
                            if let Some(format) = format {
                                let _ = write!(self.out, " :format {format:?}");
                            }
                            self.close();
                        }
                        InterpolationPart::Placeholder(name) => {
                            self.open("placeholder");
                            self.word(name);
                            self.close();
                        }
                    }
                }
                self.close();
            }
            ExprKind::NamedValue(name) => {
                let _ = write!(self.out, "{{{{{name}}}}}");
            }
            ExprKind::Name { ident, type_args } => {
                self.out.push_str(&ident.name);
                self.type_args(type_args);
            }
            ExprKind::Member { target, name, type_args, null_conditional } => {
                self.open(if *null_conditional { "?." } else { "." });
                self.sub_expr(target);
                self.word(&name.name);
                self.type_args(type_args);
                self.close();
            }
            ExprKind::Call { callee, args } => {
                self.open("call");
                self.sub_expr(callee);
                self.args(args);
                self.close();
            }
            ExprKind::Index { target, args, null_conditional } => {
                self.open(if *null_conditional { "?index" } else { "index" });
                self.sub_expr(target);
                self.args(args);
                self.close();
            }
            ExprKind::Unary { op, operand } => {
                self.open(op.as_str());
                self.sub_expr(operand);
                self.close();
            }
            ExprKind::Postfix { op, operand } => {
                self.open("post");
                self.out.push_str(op.as_str());
                self.sub_expr(operand);
                self.close();
            }
            ExprKind::Binary { op, left, right } => {
                self.open(op.as_str());
                self.sub_expr(left);
                self.sub_expr(right);
                self.close();
            }
            ExprKind::Assign { op, target, value } => {
                self.open(op.as_str());
                self.sub_expr(target);
                self.sub_expr(value);
                self.close();
            }
            ExprKind::Conditional { cond, then, otherwise } => {
                self.open("?");
                self.sub_expr(cond);
                self.sub_expr(then);
                self.sub_expr(otherwise);
                self.close();
            }
            ExprKind::Cast { ty, expr } => {
                self.open("cast");
                self.sub_type(ty);
                self.sub_expr(expr);
                self.close();
            }
            ExprKind::Is { expr, pattern } => {
                self.open("is");
                self.sub_expr(expr);
                self.space();
                self.pattern(pattern);
                self.close();
            }
            ExprKind::As { expr, ty } => {
                self.open("as");
                self.sub_expr(expr);
                self.sub_type(ty);
                self.close();
            }
            ExprKind::Lambda { params, body } => {
                self.open("lambda ");
                self.out.push('(');
                for (index, param) in params.iter().enumerate() {
                    if index > 0 {
                        self.space();
                    }
                    if param.modifier.is_none() && param.ty.is_none() {
                        self.out.push_str(&param.name.name);
                        continue;
                    }
                    self.out.push('(');
                    if let Some(modifier) = param.modifier {
                        self.out.push_str(modifier.as_str());
                        self.space();
                    }
                    if let Some(ty) = &param.ty {
                        self.ty(ty);
                        self.space();
                    }
                    self.out.push_str(&param.name.name);
                    self.out.push(')');
                }
                self.out.push(')');
                self.space();
                match body.as_ref() {
                    LambdaBody::Expr(expr) => self.expr(expr),
                    LambdaBody::Block(block) => self.block(block),
                }
                self.close();
            }
            ExprKind::New { ty, args, initializer } => {
                self.open("new");
                self.sub_type(ty);
                if let Some(args) = args {
                    self.word("(args");
                    self.args(args);
                    self.out.push(')');
                }
                if let Some(initializer) = initializer {
                    self.space();
                    self.initializer(initializer);
                }
                self.close();
            }
            ExprKind::NewArray { element, sizes, ranks, initializer } => {
                self.open("new-array");
                match element {
                    Some(element) => self.sub_type(element),
                    None => self.word("_"),
                }
                self.word("(sizes");
                for size in sizes {
                    self.sub_expr(size);
                }
                self.out.push(')');
                for rank in ranks {
                    let _ = write!(self.out, " [{rank}]");
                }
                if let Some(initializer) = initializer {
                    self.space();
                    self.initializer(initializer);
                }
                self.close();
            }
            ExprKind::AnonymousObject(members) => {
                self.open("new-anon");
                for (name, value) in members {
                    match name {
                        Some(name) => {
                            self.word("(");
                            self.out.push_str(&name.name);
                            self.sub_expr(value);
                            self.out.push(')');
                        }
                        None => self.sub_expr(value),
                    }
                }
                self.close();
            }
            ExprKind::TypeOf(ty) => {
                self.open("typeof");
                self.sub_type(ty);
                self.close();
            }
            ExprKind::Default(ty) => match ty {
                Some(ty) => {
                    self.open("default");
                    self.sub_type(ty);
                    self.close();
                }
                None => self.out.push_str("default"),
            },
            ExprKind::Checked { checked, expr } => {
                self.open(if *checked { "checked" } else { "unchecked" });
                self.sub_expr(expr);
                self.close();
            }
            ExprKind::NameOf(expr) => {
                self.open("nameof");
                self.sub_expr(expr);
                self.close();
            }
            ExprKind::This => self.out.push_str("this"),
            ExprKind::Base => self.out.push_str("base"),
            ExprKind::Throw(expr) => {
                self.open("throw");
                self.sub_expr(expr);
                self.close();
            }
            ExprKind::Switch { scrutinee, arms } => {
                self.open("switch");
                self.sub_expr(scrutinee);
                for arm in arms {
                    self.word("(arm ");
                    self.pattern(&arm.pattern);
                    if let Some(guard) = &arm.guard {
                        self.word("(when");
                        self.sub_expr(guard);
                        self.out.push(')');
                    }
                    self.sub_expr(&arm.value);
                    self.out.push(')');
                }
                self.close();
            }
            ExprKind::Tuple(items) => {
                self.open("tuple");
                for item in items {
                    self.sub_expr(item);
                }
                self.close();
            }
            ExprKind::Type(ty) => self.ty(ty),
            ExprKind::Parenthesized(expr) => {
                self.open("paren");
                self.sub_expr(expr);
                self.close();
            }
        }
    }

    fn literal(&mut self, literal: &Literal) {
        let _ = match literal {
            Literal::Int { value, suffix } => {
                let suffix = match suffix {
                    IntSuffix::None => "",
                    IntSuffix::U => "u",
                    IntSuffix::L => "l",
                    IntSuffix::UL => "ul",
                };
                write!(self.out, "{value}{suffix}")
            }
            Literal::Real { text, suffix } => {
                let suffix = match suffix {
                    None => "",
                    Some(RealSuffix::F) => "f",
                    Some(RealSuffix::D) => "d",
                    Some(RealSuffix::M) => "m",
                };
                write!(self.out, "{text}{suffix}")
            }
            Literal::String(text) => write!(self.out, "{text:?}"),
            Literal::Char(ch) => write!(self.out, "{ch:?}"),
            Literal::Bool(value) => write!(self.out, "{value}"),
            Literal::Null => write!(self.out, "null"),
        };
    }

    fn args(&mut self, args: &[Argument]) {
        for arg in args {
            self.space();
            self.arg(arg);
        }
    }

    fn arg(&mut self, arg: &Argument) {
        if let Some(name) = &arg.name {
            self.out.push('(');
            self.out.push_str(&name.name);
            self.out.push_str(": ");
        }
        if let Some(modifier) = arg.modifier {
            self.open(modifier.as_str());
            self.space();
        }
        match &arg.value {
            ArgValue::Expr(expr) => self.expr(expr),
            ArgValue::OutVar { ty, name } => {
                match ty {
                    Some(ty) => self.ty(ty),
                    None => self.out.push_str("var"),
                }
                self.word(&name.name);
            }
        }
        if arg.modifier.is_some() {
            self.close();
        }
        if arg.name.is_some() {
            self.close();
        }
    }

    fn initializer(&mut self, initializer: &Initializer) {
        self.open("init");
        for element in &initializer.elements {
            self.space();
            match element {
                InitElement::Expr(expr) => self.expr(expr),
                InitElement::Member { name, value } => {
                    self.open("member ");
                    self.out.push_str(&name.name);
                    self.space();
                    self.init_value(value);
                    self.close();
                }
                InitElement::Index { args, value } => {
                    self.open("at");
                    self.args(args);
                    self.space();
                    self.init_value(value);
                    self.close();
                }
                InitElement::List(list) => self.initializer(list),
            }
        }
        self.close();
    }

    fn init_value(&mut self, value: &InitValue) {
        match value {
            InitValue::Expr(expr) => self.expr(expr),
            InitValue::Initializer(initializer) => self.initializer(initializer),
        }
    }

    fn type_args(&mut self, args: &[TypeRef]) {
        if args.is_empty() {
            return;
        }
        self.out.push('<');
        for (index, arg) in args.iter().enumerate() {
            if index > 0 {
                self.out.push_str(", ");
            }
            self.ty(arg);
        }
        self.out.push('>');
    }

    fn ty(&mut self, ty: &TypeRef) {
        match &ty.kind {
            TypeKind::Predefined(predefined) => self.out.push_str(predefined.as_str()),
            TypeKind::Named(segments) => {
                for (index, (name, args)) in segments.iter().enumerate() {
                    if index > 0 {
                        self.out.push('.');
                    }
                    self.out.push_str(&name.name);
                    self.type_args(args);
                }
            }
            TypeKind::Array { element, ranks } => {
                self.ty(element);
                for rank in ranks {
                    self.out.push('[');
                    for _ in 1..*rank {
                        self.out.push(',');
                    }
                    self.out.push(']');
                }
            }
            TypeKind::Nullable(inner) => {
                self.ty(inner);
                self.out.push('?');
            }
            TypeKind::Tuple(items) => {
                self.out.push('(');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(", ");
                    }
                    self.ty(item);
                }
                self.out.push(')');
            }
        }
    }

    fn pattern(&mut self, pattern: &Pattern) {
        match &pattern.kind {
            PatternKind::Null => self.out.push_str("null"),
            PatternKind::Constant(expr) => self.expr(expr),
            PatternKind::Type { ty, name } => {
                self.open("type");
                self.sub_type(ty);
                if let Some(name) = name {
                    self.word(&name.name);
                }
                self.close();
            }
            PatternKind::Var(name) => {
                self.open("var");
                self.word(&name.name);
                self.close();
            }
            PatternKind::Discard => self.out.push('_'),
            PatternKind::Not(inner) => {
                self.open("not ");
                self.pattern(inner);
                self.close();
            }
            PatternKind::Relational { op, value } => {
                self.open(op.as_str());
                self.sub_expr(value);
                self.close();
            }
            PatternKind::And(left, right) | PatternKind::Or(left, right) => {
                self.open(if matches!(pattern.kind, PatternKind::And(..)) { "and " } else { "or " });
                self.pattern(left);
                self.space();
                self.pattern(right);
                self.close();
            }
        }
    }

    fn block(&mut self, block: &Block) {
        self.open("block");
        for stmt in &block.statements {
            self.space();
            self.stmt(stmt);
        }
        self.close();
    }

    fn local_decl(&mut self, decl: &LocalDecl) {
        self.open(if decl.is_const { "const" } else { "decl" });
        match &decl.ty {
            Some(ty) => self.sub_type(ty),
            None => self.word("var"),
        }
        for declarator in &decl.declarators {
            self.word("(");
            self.out.push_str(&declarator.name.name);
            match &declarator.init {
                Some(VarInit::Expr(expr)) => self.sub_expr(expr),
                Some(VarInit::Array(initializer)) => {
                    self.space();
                    self.initializer(initializer);
                }
                None => {}
            }
            self.out.push(')');
        }
        self.close();
    }

    fn optional_expr(&mut self, expr: Option<&Expr>) {
        match expr {
            Some(expr) => self.sub_expr(expr),
            None => self.word("_"),
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Block(block) => self.block(block),
            StmtKind::LocalDecl(decl) => self.local_decl(decl),
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::If { cond, then, otherwise } => {
                self.open("if");
                self.sub_expr(cond);
                self.space();
                self.stmt(then);
                if let Some(otherwise) = otherwise {
                    self.space();
                    self.stmt(otherwise);
                }
                self.close();
            }
            StmtKind::Switch { expr, sections } => {
                self.open("switch");
                self.sub_expr(expr);
                for section in sections {
                    self.word("(section");
                    for label in &section.labels {
                        match label {
                            CaseLabel::Case { pattern, guard } => {
                                self.word("(case ");
                                self.pattern(pattern);
                                if let Some(guard) = guard {
                                    self.word("(when");
                                    self.sub_expr(guard);
                                    self.out.push(')');
                                }
                                self.out.push(')');
                            }
                            CaseLabel::Default => self.word("(default)"),
                        }
                    }
                    for stmt in &section.body {
                        self.space();
                        self.stmt(stmt);
                    }
                    self.out.push(')');
                }
                self.close();
            }
            StmtKind::For { init, cond, update, body } => {
                self.open("for");
                self.word("(");
                for (index, stmt) in init.iter().enumerate() {
                    if index > 0 {
                        self.space();
                    }
                    self.stmt(stmt);
                }
                self.out.push(')');
                self.optional_expr(cond.as_ref());
                self.word("(");
                for (index, expr) in update.iter().enumerate() {
                    if index > 0 {
                        self.space();
                    }
                    self.expr(expr);
                }
                self.out.push(')');
                self.space();
                self.stmt(body);
                self.close();
            }
            StmtKind::Foreach { ty, name, iterable, body } => {
                self.open("foreach");
                match ty {
                    Some(ty) => self.sub_type(ty),
                    None => self.word("var"),
                }
                self.word(&name.name);
                self.sub_expr(iterable);
                self.space();
                self.stmt(body);
                self.close();
            }
            StmtKind::While { cond, body } => {
                self.open("while");
                self.sub_expr(cond);
                self.space();
                self.stmt(body);
                self.close();
            }
            StmtKind::DoWhile { body, cond } => {
                self.open("do ");
                self.stmt(body);
                self.sub_expr(cond);
                self.close();
            }
            StmtKind::Try { block, catches, finally } => {
                self.open("try ");
                self.block(block);
                for catch in catches {
                    self.word("(catch");
                    if let Some(ty) = &catch.ty {
                        self.sub_type(ty);
                    }
                    if let Some(name) = &catch.name {
                        self.word(&name.name);
                    }
                    if let Some(filter) = &catch.filter {
                        self.word("(when");
                        self.sub_expr(filter);
                        self.out.push(')');
                    }
                    self.space();
                    self.block(&catch.block);
                    self.out.push(')');
                }
                if let Some(finally) = finally {
                    self.word("(finally ");
                    self.block(finally);
                    self.out.push(')');
                }
                self.close();
            }
            StmtKind::Using { resource, body } => {
                self.open("using ");
                match resource {
                    UsingResource::Decl(decl) => self.local_decl(decl),
                    UsingResource::Expr(expr) => self.expr(expr),
                }
                if let Some(body) = body {
                    self.space();
                    self.stmt(body);
                }
                self.close();
            }
            StmtKind::Lock { expr, body } => {
                self.open("lock");
                self.sub_expr(expr);
                self.space();
                self.stmt(body);
                self.close();
            }
            StmtKind::Return(expr) => {
                self.open("return");
                if let Some(expr) = expr {
                    self.sub_expr(expr);
                }
                self.close();
            }
            StmtKind::Throw(expr) => {
                self.open("throw");
                if let Some(expr) = expr {
                    self.sub_expr(expr);
                }
                self.close();
            }
            StmtKind::Break => self.out.push_str("(break)"),
            StmtKind::Continue => self.out.push_str("(continue)"),
            StmtKind::Checked { checked, block } => {
                self.open(if *checked { "checked " } else { "unchecked " });
                self.block(block);
                self.close();
            }
            StmtKind::YieldReturn(expr) => {
                self.open("yield-return");
                self.sub_expr(expr);
                self.close();
            }
            StmtKind::YieldBreak => self.out.push_str("(yield-break)"),
            StmtKind::LocalFunction { return_type, name, params, body } => {
                self.open("local-function ");
                self.ty(return_type);
                self.space();
                self.out.push_str(&name.name);
                self.out.push_str(" (");
                for (index, param) in params.iter().enumerate() {
                    if index > 0 {
                        self.space();
                    }
                    if let Some(ty) = &param.ty {
                        self.ty(ty);
                        self.space();
                    }
                    self.out.push_str(&param.name.name);
                }
                self.out.push(')');
                self.space();
                match body {
                    LambdaBody::Expr(expr) => self.expr(expr),
                    LambdaBody::Block(block) => self.block(block),
                }
                self.close();
            }
            StmtKind::Empty => self.out.push_str("(empty)"),
        }
    }
}
