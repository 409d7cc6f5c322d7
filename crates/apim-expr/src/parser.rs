//! pest parses the code; the builder turns its pairs into the AST at once, so no pest
//! type leaves this module.
//!
//! The builder never trusts the shape of the pairs blindly: a missing child yields a
//! placeholder node and an internal error instead of a panic. Its recursion is bounded
//! by [`MAX_TREE_DEPTH`], counted so that long operator or member chains (which pest
//! parses by repetition, not recursion) count too.

use std::iter::Peekable;

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};

use crate::ast::{
    ArgModifier, ArgValue, Argument, AssignOp, BinaryOp, Block, Body, CaseLabel, Catch, Declarator, Expr, ExprKind,
    Ident, InitElement, InitValue, Initializer, InterpolationPart, LambdaBody, LambdaParam, Literal, LocalDecl,
    Pattern, PatternKind, PostfixOp, PredefinedType, Stmt, StmtKind, SwitchArm, SwitchSection, TextRange, TypeKind,
    TypeRef, UnaryOp, UsingResource, VarInit,
};
use crate::errors::{self, SyntaxError};
use crate::literal;

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/policy-expression.pest"]
struct ExprParser;

/// How deep the built tree may get. Brackets are limited to
/// [`crate::scan::MAX_NESTING`] before parsing; this bounds what remains (long
/// chains of `.member`, unary operators, `else if`, ...) so that walking the tree
/// recursively (printing, dropping, later passes) stays within a thread's stack.
pub const MAX_TREE_DEPTH: usize = 500;

type P<'i> = Pair<'i, Rule>;

pub(crate) fn parse(code: &str, kind: apim_syntax::ExpressionKind) -> (Option<Body>, Vec<SyntaxError>) {
    let rule = match kind {
        apim_syntax::ExpressionKind::Single => Rule::single,
        apim_syntax::ExpressionKind::Block => Rule::block,
    };
    let top = match ExprParser::parse(rule, code) {
        Ok(mut pairs) => pairs.next(),
        Err(error) => return (None, vec![errors::from_pest(code, &error)]),
    };
    let mut builder = Builder { errors: Vec::new(), depth: 0, too_deep: false };
    let whole = TextRange::new(0, offset(code.len()));
    let body = match (kind, top) {
        (apim_syntax::ExpressionKind::Single, Some(top)) => {
            let expr = children(top).find(|pair| pair.as_rule() == Rule::expression);
            match expr {
                Some(expr) => Body::Expression(builder.expr(expr)),
                None => Body::Expression(builder.bug(whole)),
            }
        }
        (apim_syntax::ExpressionKind::Block, Some(top)) => {
            let statements = children(top).filter(|pair| pair.as_rule() == Rule::statement);
            let statements = statements.map(|stmt| builder.stmt(stmt)).collect();
            Body::Block(Block { range: whole, statements })
        }
        (_, None) => Body::Expression(builder.bug(whole)),
    };
    if builder.too_deep {
        return (None, builder.errors);
    }
    (Some(body), builder.errors)
}

fn offset(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The pair's source range without trailing whitespace.
///
/// pest skips whitespace before an optional or repeated element even when that element
/// then matches nothing, so a rule's span may end with the whitespace that follows it.
/// (Comments are whitespace by then: see `scan::blank_comments`.)
fn range(pair: &P<'_>) -> TextRange {
    let span = pair.as_span();
    let text = span.as_str();
    let end = span.start() + text.trim_end_matches(char::is_whitespace).len();
    TextRange::new(offset(span.start()), offset(end))
}

/// Tokens that carry no information once parsed.
fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::close_paren
            | Rule::close_bracket
            | Rule::close_brace
            | Rule::semi
            | Rule::comma
            | Rule::colon
            | Rule::arrow
            | Rule::open_paren
            | Rule::open_brace
            | Rule::assign_eq
    )
}

/// The children of a pair.
fn children(pair: P<'_>) -> Peekable<Pairs<'_, Rule>> {
    pair.into_inner().peekable()
}

/// The meaningful children of a pair: no punctuation.
fn kids<'i>(pair: P<'i>) -> impl Iterator<Item = P<'i>> {
    children(pair).filter(|child| !is_punctuation(child.as_rule()))
}

/// A node to stand in for one that could not be built.
trait Placeholder {
    fn placeholder(range: TextRange) -> Self;
}

impl Placeholder for Expr {
    fn placeholder(range: TextRange) -> Self {
        Expr { range, kind: ExprKind::Literal(Literal::Null) }
    }
}

impl Placeholder for TypeRef {
    fn placeholder(range: TextRange) -> Self {
        TypeRef { range, kind: TypeKind::Predefined(PredefinedType::Object) }
    }
}

impl Placeholder for Pattern {
    fn placeholder(range: TextRange) -> Self {
        Pattern { range, kind: PatternKind::Discard }
    }
}

impl Placeholder for Stmt {
    fn placeholder(range: TextRange) -> Self {
        Stmt { range, kind: StmtKind::Empty }
    }
}

impl Placeholder for Ident {
    fn placeholder(range: TextRange) -> Self {
        Ident { range, name: String::new() }
    }
}

/// Takes the next child or returns a placeholder (after recording an internal error).
macro_rules! next {
    ($self:ident, $iter:expr, $range:expr) => {
        match $iter.next() {
            Some(pair) => pair,
            None => return $self.bug($range),
        }
    };
}

enum Tail {
    Binary(BinaryOp, Expr),
    Is(Pattern),
    As(TypeRef),
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum PatternContext {
    /// After `is`: a bare name is a type.
    Is,
    /// `case` labels and switch-expression arms: a bare name is a constant.
    Case,
}

struct Builder {
    errors: Vec<SyntaxError>,
    depth: usize,
    too_deep: bool,
}

impl Builder {
    fn bug<T: Placeholder>(&mut self, at: TextRange) -> T {
        self.errors.push(SyntaxError::new(at.range(), "internal error: the parser produced an unexpected tree"));
        T::placeholder(at)
    }

    fn error(&mut self, at: TextRange, message: &str) {
        self.errors.push(SyntaxError::new(at.range(), message));
    }

    /// Enters `levels` tree levels; `false` (and an error, once) past [`MAX_TREE_DEPTH`].
    fn descend(&mut self, levels: usize, at: TextRange) -> bool {
        if self.too_deep || self.depth + levels > MAX_TREE_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.errors.push(
                    SyntaxError::new(at.range(), "the expression is nested too deeply")
                        .with_help("split it into several expressions or variables"),
                );
            }
            return false;
        }
        self.depth += levels;
        true
    }

    fn ascend(&mut self, levels: usize) {
        self.depth -= levels;
    }

    fn ident(pair: &P<'_>) -> Ident {
        let text = pair.as_str();
        Ident { range: range(pair), name: text.strip_prefix('@').unwrap_or(text).to_owned() }
    }

    // -----------------------------------------------------------------------
    // Expressions

    fn expr(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        if !self.descend(1, at) {
            return Expr::placeholder(at);
        }
        let expr = self.expr_inner(pair, at);
        self.ascend(1);
        expr
    }

    fn expr_inner(&mut self, pair: P<'_>, at: TextRange) -> Expr {
        let mut inner = children(pair);
        let first = next!(self, inner, at);
        let head = match first.as_rule() {
            Rule::throw_expr => return self.throw_expr(first),
            Rule::lambda => return self.lambda(first),
            _ => self.binary(first),
        };
        let Some(tail) = inner.next() else { return head };
        match tail.as_rule() {
            Rule::lambda_tail => self.lambda_tail(head, tail, at),
            Rule::assign_tail => {
                let mut parts = children(tail);
                let op = next!(self, parts, at);
                let value = next!(self, parts, at);
                let op = AssignOp::from_token(op.as_str()).unwrap_or(AssignOp::Assign);
                let value = self.expr(value);
                Expr { range: at, kind: ExprKind::Assign { op, target: Box::new(head), value: Box::new(value) } }
            }
            _ => {
                let mut branches = children(tail).filter(|pair| pair.as_rule() == Rule::expression);
                let then = next!(self, branches, at);
                let otherwise = next!(self, branches, at);
                let then = self.expr(then);
                let otherwise = self.expr(otherwise);
                Expr {
                    range: at,
                    kind: ExprKind::Conditional {
                        cond: Box::new(head),
                        then: Box::new(then),
                        otherwise: Box::new(otherwise),
                    },
                }
            }
        }
    }

    /// `x => body`, `(x) => body`, `(a, b) => body`: the parameters were parsed as a name,
    /// a parenthesized name or a tuple of names.
    fn lambda_tail(&mut self, head: Expr, tail: P<'_>, at: TextRange) -> Expr {
        let names = match head.kind {
            ExprKind::Name { ident, type_args } if type_args.is_empty() => {
                vec![Expr { range: head.range, kind: ExprKind::Name { ident, type_args } }]
            }
            ExprKind::Parenthesized(inner) => vec![*inner],
            ExprKind::Tuple(items) => items,
            kind => vec![Expr { range: head.range, kind }],
        };
        let mut params = Vec::with_capacity(names.len());
        for name in names {
            match name.kind {
                ExprKind::Name { ident, type_args } if type_args.is_empty() => {
                    params.push(LambdaParam { range: name.range, modifier: None, ty: None, name: ident });
                }
                _ => self.error(name.range, "a lambda parameter must be a name"),
            }
        }
        let body = match children(tail).next() {
            Some(body) if body.as_rule() == Rule::statement_block => LambdaBody::Block(self.block(body)),
            Some(body) => LambdaBody::Expr(self.expr(body)),
            None => LambdaBody::Expr(self.bug(at)),
        };
        Expr { range: at, kind: ExprKind::Lambda { params, body: Box::new(body) } }
    }

    fn throw_expr(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut inner = kids(pair).filter(|pair| pair.as_rule() == Rule::binary);
        let operand = next!(self, inner, at);
        let operand = self.binary(operand);
        Expr { range: at, kind: ExprKind::Throw(Box::new(operand)) }
    }

    fn lambda(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut params = Vec::new();
        let mut body = None;
        for part in children(pair) {
            match part.as_rule() {
                Rule::lambda_param => params.push(self.lambda_param(part)),
                Rule::statement_block => body = Some(LambdaBody::Block(self.block(part))),
                Rule::expression => body = Some(LambdaBody::Expr(self.expr(part))),
                _ => {}
            }
        }
        let body = body.unwrap_or_else(|| LambdaBody::Expr(self.bug(at)));
        Expr { range: at, kind: ExprKind::Lambda { params, body: Box::new(body) } }
    }

    fn lambda_param(&mut self, pair: P<'_>) -> LambdaParam {
        let at = range(&pair);
        let mut modifier = None;
        let mut ty = None;
        let mut name = Ident::placeholder(at);
        for part in children(pair) {
            match part.as_rule() {
                Rule::arg_modifier => modifier = Some(Self::modifier(part.as_str())),
                Rule::plain_type => ty = Some(self.type_ref(part)),
                Rule::identifier => name = Self::ident(&part),
                _ => {}
            }
        }
        LambdaParam { range: at, modifier, ty, name }
    }

    fn modifier(text: &str) -> ArgModifier {
        match text {
            "ref" => ArgModifier::Ref,
            "in" => ArgModifier::In,
            _ => ArgModifier::Out,
        }
    }

    /// A flat sequence `operand (op operand | is pattern | as type)*`, ordered by
    /// precedence here.
    fn binary(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut inner = children(pair);
        let first = next!(self, inner, at);
        if inner.peek().is_none() {
            return self.unary(first);
        }
        // Each operator may add one level above the first operand.
        let levels = inner.clone().count() / 2;
        if !self.descend(levels, at) {
            return Expr::placeholder(at);
        }
        let first = self.unary(first);
        let mut tails = Vec::with_capacity(levels);
        while let Some(op) = inner.next() {
            let operand = next!(self, inner, at);
            match op.as_rule() {
                Rule::kw_is => tails.push(Tail::Is(self.pattern(operand, PatternContext::Is))),
                Rule::kw_as => tails.push(Tail::As(self.type_ref(operand))),
                _ => {
                    let binary = BinaryOp::from_token(op.as_str()).unwrap_or(BinaryOp::Add);
                    let operand = if operand.as_rule() == Rule::throw_expr {
                        if binary != BinaryOp::Coalesce {
                            self.error(range(&operand), "a throw expression is only allowed after `??`");
                        }
                        self.throw_expr(operand)
                    } else {
                        self.unary(operand)
                    };
                    tails.push(Tail::Binary(binary, operand));
                }
            }
        }
        self.ascend(levels);
        climb(first, tails)
    }

    fn unary(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut inner = children(pair);
        let mut prefixes: Vec<P<'_>> = Vec::new();
        let operand = loop {
            let next = next!(self, inner, at);
            if matches!(next.as_rule(), Rule::prefix_op | Rule::cast) {
                prefixes.push(next);
            } else {
                break next;
            }
        };
        if prefixes.is_empty() {
            return self.postfix(operand);
        }
        if !self.descend(prefixes.len(), at) {
            return Expr::placeholder(at);
        }
        let mut expr = self.postfix(operand);
        let levels = prefixes.len();
        for prefix in prefixes.into_iter().rev() {
            let whole = range(&prefix).cover(expr.range);
            let kind = if prefix.as_rule() == Rule::cast {
                let ty = match children(prefix).find(|part| part.as_rule() == Rule::plain_type) {
                    Some(ty) => self.type_ref(ty),
                    None => self.bug(whole),
                };
                ExprKind::Cast { ty, expr: Box::new(expr) }
            } else {
                let op = match prefix.as_str() {
                    "++" => UnaryOp::PreIncrement,
                    "--" => UnaryOp::PreDecrement,
                    "+" => UnaryOp::Plus,
                    "-" => UnaryOp::Minus,
                    "~" => UnaryOp::BitNot,
                    _ => UnaryOp::Not,
                };
                ExprKind::Unary { op, operand: Box::new(expr) }
            };
            expr = Expr { range: whole, kind };
        }
        self.ascend(levels);
        expr
    }

    fn postfix(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut inner = children(pair);
        let primary = next!(self, inner, at);
        if inner.peek().is_none() {
            return self.primary(primary);
        }
        let levels = inner.clone().count();
        if !self.descend(levels, at) {
            return Expr::placeholder(at);
        }
        let mut expr = self.primary(primary);
        for op in inner {
            expr = self.apply_postfix(expr, op);
        }
        self.ascend(levels);
        expr
    }

    /// `expr.name`, `expr(args)`, `expr[args]`, `expr++`, `expr switch { ... }`.
    fn apply_postfix(&mut self, expr: Expr, op: P<'_>) -> Expr {
        let whole = TextRange::new(expr.range.start, range(&op).end);
        let kind = match op.as_rule() {
            Rule::member_access | Rule::null_member => {
                let null_conditional = op.as_rule() == Rule::null_member;
                let (name, type_args) = self.name_and_type_args(op);
                ExprKind::Member { target: Box::new(expr), name, type_args, null_conditional }
            }
            Rule::call => self.call(expr, op),
            Rule::index | Rule::null_index => {
                let null_conditional = op.as_rule() == Rule::null_index;
                ExprKind::Index { target: Box::new(expr), args: self.call_args(op), null_conditional }
            }
            Rule::postfix_incdec => {
                let op = if op.as_str() == "++" { PostfixOp::Increment } else { PostfixOp::Decrement };
                ExprKind::Postfix { op, operand: Box::new(expr) }
            }
            _ => {
                let arms = kids(op).filter(|part| part.as_rule() == Rule::switch_arm);
                let arms = arms.map(|arm| self.switch_arm(arm)).collect();
                ExprKind::Switch { scrutinee: Box::new(expr), arms }
            }
        };
        Expr { range: whole, kind }
    }

    fn call(&mut self, callee: Expr, op: P<'_>) -> ExprKind {
        let mut args = self.call_args(op);
        // `nameof(x)`: C# reads a call to a `nameof` it cannot bind as the operator.
        let is_nameof = matches!(&callee.kind, ExprKind::Name { ident, type_args }
            if ident.name == "nameof" && type_args.is_empty());
        if is_nameof
            && let [Argument { name: None, modifier: None, value: ArgValue::Expr(_), .. }] = args.as_slice()
            && let Some(Argument { value: ArgValue::Expr(operand), .. }) = args.pop()
        {
            return ExprKind::NameOf(Box::new(operand));
        }
        ExprKind::Call { callee: Box::new(callee), args }
    }

    /// `identifier type_args?` (in `simple_name`, `member_access`, `null_member`).
    fn name_and_type_args(&mut self, pair: P<'_>) -> (Ident, Vec<TypeRef>) {
        let at = range(&pair);
        let mut name = Ident::placeholder(at);
        let mut type_args = Vec::new();
        for part in children(pair) {
            match part.as_rule() {
                Rule::identifier | Rule::name => name = Self::ident(&part),
                Rule::type_args => type_args = self.type_args(part),
                _ => {}
            }
        }
        (name, type_args)
    }

    /// The arguments inside `call`, `index` and `null_index`.
    fn call_args(&mut self, pair: P<'_>) -> Vec<Argument> {
        match children(pair).find(|part| part.as_rule() == Rule::arguments) {
            Some(arguments) => self.arguments(arguments),
            None => Vec::new(),
        }
    }

    fn arguments(&mut self, pair: P<'_>) -> Vec<Argument> {
        kids(pair).map(|argument| self.argument(argument)).collect()
    }

    fn argument(&mut self, pair: P<'_>) -> Argument {
        let at = range(&pair);
        let mut name = None;
        let mut modifier = None;
        let mut value = None;
        let mut parts = children(pair);
        while let Some(part) = parts.next() {
            match part.as_rule() {
                // `name:` in `name: value`.
                Rule::expression if parts.peek().is_some_and(|next| next.as_rule() == Rule::colon) => {
                    let expr = self.expr(part);
                    match expr.kind {
                        ExprKind::Name { ident, type_args } if type_args.is_empty() => name = Some(ident),
                        _ => self.error(expr.range, "a named argument needs a plain name before `:`"),
                    }
                }
                Rule::arg_modifier => modifier = Some(Self::modifier(part.as_str())),
                Rule::out_var => {
                    let mut ty = None;
                    let mut var_name = Ident::placeholder(at);
                    for piece in children(part) {
                        match piece.as_rule() {
                            Rule::r#type => ty = Some(self.type_ref(piece)),
                            Rule::identifier => var_name = Self::ident(&piece),
                            _ => {}
                        }
                    }
                    let ty = ty.filter(|ty| !ty.is_var());
                    value = Some(ArgValue::OutVar { ty, name: var_name });
                }
                Rule::expression => {
                    let expr = self.expr(part);
                    // `out _` discards, like `out var _`.
                    value = Some(match expr.kind {
                        ExprKind::Name { ident, type_args }
                            if modifier == Some(ArgModifier::Out) && ident.name == "_" && type_args.is_empty() =>
                        {
                            ArgValue::OutVar { ty: None, name: ident }
                        }
                        kind => ArgValue::Expr(Expr { range: expr.range, kind }),
                    });
                }
                _ => {}
            }
        }
        let value = value.unwrap_or_else(|| ArgValue::Expr(self.bug(at)));
        Argument { range: at, name, modifier, value }
    }

    fn switch_arm(&mut self, pair: P<'_>) -> SwitchArm {
        let at = range(&pair);
        let mut pattern = None;
        let mut guard = None;
        let mut value = None;
        for part in kids(pair) {
            match part.as_rule() {
                Rule::pattern => pattern = Some(self.pattern(part, PatternContext::Case)),
                Rule::binary => guard = Some(self.binary(part)),
                Rule::expression => value = Some(self.expr(part)),
                _ => {}
            }
        }
        let pattern = pattern.unwrap_or_else(|| self.bug(at));
        let value = value.unwrap_or_else(|| self.bug(at));
        SwitchArm { range: at, pattern, guard, value }
    }

    /// Each kind of primary is built in its own function, so the recursion through
    /// parentheses, arguments and holes keeps small stack frames (debug builds too).
    fn primary(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let kind = match pair.as_rule() {
            Rule::simple_name => {
                let (ident, type_args) = self.name_and_type_args(pair);
                ExprKind::Name { ident, type_args }
            }
            Rule::paren_expr => self.paren(pair),
            Rule::new_expr => return self.new_expr(pair),
            Rule::interpolated | Rule::verbatim_interpolated => self.interpolated(pair),
            Rule::checked_expr => self.checked(pair, at),
            Rule::typeof_expr | Rule::default_expr => self.type_operator(pair),
            Rule::kw_this => ExprKind::This,
            Rule::kw_base => ExprKind::Base,
            Rule::predefined_type => ExprKind::Type(Self::predefined(&pair)),
            Rule::named_value => {
                let text = pair.as_str();
                ExprKind::NamedValue(text.get(2..text.len().saturating_sub(2)).unwrap_or("").to_owned())
            }
            _ => ExprKind::Literal(self.literal(&pair, at)),
        };
        Expr { range: at, kind }
    }

    fn paren(&mut self, pair: P<'_>) -> ExprKind {
        let mut items: Vec<Expr> = kids(pair).map(|item| self.expr(item)).collect();
        if items.len() == 1 { ExprKind::Parenthesized(Box::new(items.remove(0))) } else { ExprKind::Tuple(items) }
    }

    fn checked(&mut self, pair: P<'_>, at: TextRange) -> ExprKind {
        let checked = pair.as_str().starts_with("checked");
        match kids(pair).find(|part| part.as_rule() == Rule::expression) {
            Some(expr) => ExprKind::Checked { checked, expr: Box::new(self.expr(expr)) },
            None => ExprKind::Checked { checked, expr: Box::new(self.bug(at)) },
        }
    }

    /// `typeof(T)`, `default(T)`, `default`.
    fn type_operator(&mut self, pair: P<'_>) -> ExprKind {
        let is_typeof = pair.as_rule() == Rule::typeof_expr;
        let at = range(&pair);
        let ty = kids(pair).find(|part| part.as_rule() == Rule::r#type).map(|ty| self.type_ref(ty));
        match (is_typeof, ty) {
            (true, Some(ty)) => ExprKind::TypeOf(ty),
            (true, None) => ExprKind::TypeOf(self.bug(at)),
            (false, ty) => ExprKind::Default(ty),
        }
    }

    fn literal(&mut self, pair: &P<'_>, at: TextRange) -> Literal {
        let text = pair.as_str();
        match pair.as_rule() {
            Rule::number_lit if literal::is_real(text) => literal::real(text),
            Rule::number_lit => literal::int(text).unwrap_or_else(|message| {
                self.error(at, message);
                Literal::Int { value: 0, suffix: crate::ast::IntSuffix::None }
            }),
            Rule::string_lit => Literal::String(self.decode(strip(text, 1, 1), literal::REGULAR, at)),
            Rule::verbatim_string => Literal::String(self.decode(strip(text, 2, 1), literal::VERBATIM, at)),
            Rule::char_lit => {
                let decoded = self.decode(strip(text, 1, 1), literal::REGULAR, at);
                let mut chars = decoded.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), None) => Literal::Char(ch),
                    _ => {
                        self.error(at, "a character literal holds exactly one character");
                        Literal::Char(char::REPLACEMENT_CHARACTER)
                    }
                }
            }
            Rule::keyword_lit => match text {
                "true" => Literal::Bool(true),
                "false" => Literal::Bool(false),
                _ => Literal::Null,
            },
            _ => {
                self.bug::<Expr>(at);
                Literal::Null
            }
        }
    }

    fn decode(&mut self, text: &str, style: literal::Style, at: TextRange) -> String {
        let (decoded, problem) = literal::decode(text, style);
        if let Some(problem) = problem {
            self.error(at, problem);
        }
        decoded
    }

    fn interpolated(&mut self, pair: P<'_>) -> ExprKind {
        let verbatim = pair.as_rule() == Rule::verbatim_interpolated;
        let style = if verbatim { literal::VERBATIM_INTERPOLATED } else { literal::INTERPOLATED };
        let mut parts = Vec::new();
        for part in children(pair) {
            let at = range(&part);
            match part.as_rule() {
                Rule::interp_text | Rule::verbatim_text => {
                    parts.push(InterpolationPart::Text(self.decode(part.as_str(), style, at)));
                }
                Rule::interp_hole => parts.push(self.hole(part)),
                _ => {}
            }
        }
        ExprKind::Interpolated { verbatim, parts }
    }

    fn hole(&mut self, pair: P<'_>) -> InterpolationPart {
        let at = range(&pair);
        let text = pair.as_str();
        let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
        if literal::is_placeholder(inner) {
            return InterpolationPart::Placeholder(inner.to_owned());
        }
        let mut expr = None;
        let mut alignment = None;
        let mut format = None;
        for part in kids(pair) {
            match part.as_rule() {
                Rule::expression if expr.is_none() => expr = Some(self.expr(part)),
                Rule::expression => alignment = Some(Box::new(self.expr(part))),
                Rule::interp_format => format = Some(part.as_str()[1..].to_owned()),
                Rule::hole_placeholder => return InterpolationPart::Placeholder(part.as_str().to_owned()),
                _ => {}
            }
        }
        let expr = expr.unwrap_or_else(|| self.bug(at));
        InterpolationPart::Hole { expr: Box::new(expr), alignment, format }
    }

    fn new_expr(&mut self, pair: P<'_>) -> Expr {
        let at = range(&pair);
        let mut inner = kids(pair).skip(1); // `new`
        let head = next!(self, inner, at);
        let kind = match head.as_rule() {
            Rule::anonymous_object => {
                let members = kids(head)
                    .map(|member| {
                        let expr = self.expr(member);
                        match expr.kind {
                            ExprKind::Assign { op: AssignOp::Assign, target, value } => match target.kind {
                                ExprKind::Name { ident, type_args } if type_args.is_empty() => (Some(ident), *value),
                                kind => {
                                    let target = Box::new(Expr { range: target.range, kind });
                                    let kind = ExprKind::Assign { op: AssignOp::Assign, target, value };
                                    (None, Expr { range: expr.range, kind })
                                }
                            },
                            kind => (None, Expr { range: expr.range, kind }),
                        }
                    })
                    .collect();
                ExprKind::AnonymousObject(members)
            }
            Rule::implicit_array => {
                let mut ranks = Vec::new();
                let mut initializer = None;
                for part in children(head) {
                    match part.as_rule() {
                        Rule::rank_spec => ranks.push(rank(part.as_str())),
                        Rule::initializer => initializer = Some(self.initializer(part, false)),
                        _ => {}
                    }
                }
                ExprKind::NewArray { element: None, sizes: Vec::new(), ranks, initializer }
            }
            _ => {
                let ty = self.type_ref(head);
                let mut sizes = None;
                let mut ranks = Vec::new();
                let mut args = None;
                let mut init_pair = None;
                for part in inner {
                    match part.as_rule() {
                        Rule::array_sizes => sizes = Some(kids(part).map(|size| self.expr(size)).collect()),
                        Rule::rank_spec => ranks.push(rank(part.as_str())),
                        Rule::call => args = Some(self.call_args(part)),
                        Rule::initializer => init_pair = Some(part),
                        _ => {}
                    }
                }
                if sizes.is_some() || !ranks.is_empty() {
                    let initializer = init_pair.map(|part| self.initializer(part, false));
                    ExprKind::NewArray { element: Some(ty), sizes: sizes.unwrap_or_default(), ranks, initializer }
                } else {
                    let initializer = init_pair.map(|part| self.initializer(part, true));
                    ExprKind::New { ty, args, initializer }
                }
            }
        };
        Expr { range: at, kind }
    }

    /// `{ ... }`. In an object initializer (`object`), `Name = value` sets a member.
    fn initializer(&mut self, pair: P<'_>, object: bool) -> Initializer {
        let at = range(&pair);
        if !self.descend(1, at) {
            return Initializer { range: at, elements: Vec::new() };
        }
        let mut elements = Vec::new();
        for element in kids(pair) {
            let element_range = range(&element);
            let element = match element.as_rule() {
                Rule::member_initializer => {
                    let mut parts = kids(element);
                    let name =
                        parts.next().map_or_else(|| Ident::placeholder(element_range), |name| Self::ident(&name));
                    let value = match parts.next() {
                        Some(value) => InitValue::Initializer(self.initializer(value, true)),
                        None => InitValue::Expr(self.bug(element_range)),
                    };
                    InitElement::Member { name, value }
                }
                Rule::index_initializer => {
                    let mut args = Vec::new();
                    let mut value = None;
                    for part in kids(element) {
                        match part.as_rule() {
                            Rule::arguments => args = self.arguments(part),
                            Rule::initializer => value = Some(InitValue::Initializer(self.initializer(part, true))),
                            _ => value = Some(InitValue::Expr(self.expr(part))),
                        }
                    }
                    let value = value.unwrap_or_else(|| InitValue::Expr(self.bug(element_range)));
                    InitElement::Index { args, value }
                }
                Rule::initializer => InitElement::List(self.initializer(element, false)),
                _ => {
                    let expr = self.expr(element);
                    match expr.kind {
                        ExprKind::Assign { op: AssignOp::Assign, target, value } if object => match target.kind {
                            ExprKind::Name { ident, type_args } if type_args.is_empty() => {
                                InitElement::Member { name: ident, value: InitValue::Expr(*value) }
                            }
                            kind => {
                                let target = Box::new(Expr { range: target.range, kind });
                                let kind = ExprKind::Assign { op: AssignOp::Assign, target, value };
                                InitElement::Expr(Expr { range: expr.range, kind })
                            }
                        },
                        kind => InitElement::Expr(Expr { range: expr.range, kind }),
                    }
                }
            };
            elements.push(element);
        }
        self.ascend(1);
        Initializer { range: at, elements }
    }

    // -----------------------------------------------------------------------
    // Types

    fn predefined(pair: &P<'_>) -> TypeRef {
        let predefined = PredefinedType::from_keyword(pair.as_str()).unwrap_or(PredefinedType::Object);
        TypeRef { range: range(pair), kind: TypeKind::Predefined(predefined) }
    }

    /// `type`, `type_no_nullable` or `new_type`: a core type and its suffixes.
    fn type_ref(&mut self, pair: P<'_>) -> TypeRef {
        let at = range(&pair);
        if !self.descend(1, at) {
            return TypeRef::placeholder(at);
        }
        let mut inner = children(pair);
        let Some(core) = inner.next() else {
            self.ascend(1);
            return self.bug(at);
        };
        let mut ty = match core.as_rule() {
            Rule::predefined_type => Self::predefined(&core),
            Rule::tuple_type => {
                let core_range = range(&core);
                let items = children(core)
                    .filter_map(|element| children(element).next())
                    .map(|item| self.type_ref(item))
                    .collect();
                TypeRef { range: core_range, kind: TypeKind::Tuple(items) }
            }
            _ => {
                let core_range = range(&core);
                let segments = children(core).map(|segment| self.name_and_type_args(segment)).collect();
                TypeRef { range: core_range, kind: TypeKind::Named(segments) }
            }
        };
        let mut previous_rank = false;
        for suffix in inner {
            let whole = TextRange::new(ty.range.start, range(&suffix).end);
            if suffix.as_rule() == Rule::rank_spec {
                let dimensions = rank(suffix.as_str());
                if previous_rank && let TypeKind::Array { ranks, .. } = &mut ty.kind {
                    ranks.push(dimensions);
                    ty.range = whole;
                    continue;
                }
                ty = TypeRef { range: whole, kind: TypeKind::Array { element: Box::new(ty), ranks: vec![dimensions] } };
                previous_rank = true;
            } else {
                ty = TypeRef { range: whole, kind: TypeKind::Nullable(Box::new(ty)) };
                previous_rank = false;
            }
        }
        self.ascend(1);
        ty
    }

    fn type_args(&mut self, pair: P<'_>) -> Vec<TypeRef> {
        children(pair).map(|arg| self.type_ref(arg)).collect()
    }

    // -----------------------------------------------------------------------
    // Patterns

    fn pattern(&mut self, pair: P<'_>, context: PatternContext) -> Pattern {
        let at = range(&pair);
        if !self.descend(1, at) {
            return Pattern::placeholder(at);
        }
        let pattern = self.pattern_inner(pair, context, at);
        self.ascend(1);
        pattern
    }

    fn pattern_inner(&mut self, pair: P<'_>, context: PatternContext, at: TextRange) -> Pattern {
        match pair.as_rule() {
            // `a or b or c`, `a and b`: left-associative chains.
            Rule::pattern | Rule::pattern_and => {
                let or = pair.as_rule() == Rule::pattern;
                let mut inner = children(pair).filter(|part| !matches!(part.as_rule(), Rule::kw_or | Rule::kw_and));
                let first = next!(self, inner, at);
                let rest: Vec<P<'_>> = inner.collect();
                if !self.descend(rest.len(), at) {
                    return Pattern::placeholder(at);
                }
                let mut pattern = self.pattern(first, context);
                for next in &rest {
                    let right = self.pattern(next.clone(), context);
                    let whole = pattern.range.cover(right.range);
                    let (left, right) = (Box::new(pattern), Box::new(right));
                    let kind = if or { PatternKind::Or(left, right) } else { PatternKind::And(left, right) };
                    pattern = Pattern { range: whole, kind };
                }
                self.ascend(rest.len());
                pattern
            }
            Rule::not_pattern => {
                let mut inner = children(pair).skip(1);
                let operand = next!(self, inner, at);
                Pattern { range: at, kind: PatternKind::Not(Box::new(self.pattern(operand, context))) }
            }
            Rule::relational_pattern => {
                let mut inner = children(pair);
                let op = next!(self, inner, at);
                let value = next!(self, inner, at);
                let op = BinaryOp::from_token(op.as_str()).unwrap_or(BinaryOp::Lt);
                Pattern { range: at, kind: PatternKind::Relational { op, value: self.unary(value) } }
            }
            Rule::discard_pattern => Pattern { range: at, kind: PatternKind::Discard },
            // `(pattern)`: the parentheses only group.
            Rule::paren_pattern => match children(pair).find(|part| part.as_rule() == Rule::pattern) {
                Some(inner) => self.pattern(inner, context),
                None => self.bug(at),
            },
            Rule::var_pattern => {
                let name = children(pair).find(|part| part.as_rule() == Rule::designation);
                let name = name.and_then(|name| children(name).next()).map(|ident| Self::ident(&ident));
                Pattern { range: at, kind: PatternKind::Var(name.unwrap_or_else(|| Ident::placeholder(at))) }
            }
            Rule::type_pattern => {
                let mut ty = None;
                let mut name = None;
                for part in children(pair) {
                    match part.as_rule() {
                        Rule::type_no_nullable => ty = Some(self.type_ref(part)),
                        Rule::designation => name = children(part).next().map(|ident| Self::ident(&ident)),
                        _ => {}
                    }
                }
                let Some(ty) = ty else { return self.bug(at) };
                if context == PatternContext::Case
                    && name.is_none()
                    && let Some(expr) = constant_name(&ty)
                {
                    return Pattern { range: at, kind: PatternKind::Constant(expr) };
                }
                Pattern { range: at, kind: PatternKind::Type { ty, name } }
            }
            _ => {
                // constant_pattern
                let mut inner = children(pair);
                let value = next!(self, inner, at);
                let value = self.unary(value);
                if matches!(value.kind, ExprKind::Literal(Literal::Null)) {
                    return Pattern { range: at, kind: PatternKind::Null };
                }
                Pattern { range: at, kind: PatternKind::Constant(value) }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Statements

    fn block(&mut self, pair: P<'_>) -> Block {
        let at = range(&pair);
        let statements = kids(pair).map(|stmt| self.stmt(stmt)).collect();
        Block { range: at, statements }
    }

    fn stmt(&mut self, pair: P<'_>) -> Stmt {
        let at = range(&pair);
        if !self.descend(1, at) {
            return Stmt::placeholder(at);
        }
        let stmt = match children(pair).find(|part| !is_punctuation(part.as_rule())) {
            Some(inner) => self.stmt_inner(inner, at),
            None => self.bug(at),
        };
        self.ascend(1);
        stmt
    }

    fn stmt_inner(&mut self, pair: P<'_>, at: TextRange) -> Stmt {
        let rule = pair.as_rule();
        let kind = match rule {
            Rule::statement_block => StmtKind::Block(self.block(pair)),
            Rule::empty_stmt => StmtKind::Empty,
            Rule::expression_stmt => match kids(pair).next() {
                Some(expr) => StmtKind::Expr(self.expr(expr)),
                None => return self.bug(at),
            },
            Rule::local_function_stmt => {
                let mut return_type = None;
                let mut name = Ident::placeholder(at);
                let mut params = Vec::new();
                let mut body = None;
                for part in children(pair) {
                    match part.as_rule() {
                        Rule::r#type => return_type = Some(self.type_ref(part)),
                        Rule::identifier => name = Self::ident(&part),
                        Rule::lambda_param => params.push(self.lambda_param(part)),
                        Rule::statement_block => body = Some(LambdaBody::Block(self.block(part))),
                        Rule::expression => body = Some(LambdaBody::Expr(self.expr(part))),
                        _ => {}
                    }
                }
                let (Some(return_type), Some(body)) = (return_type, body) else { return self.bug(at) };
                StmtKind::LocalFunction { return_type, name, params, body }
            }
            Rule::local_decl_stmt => match kids(pair).next() {
                Some(decl) => StmtKind::LocalDecl(self.local_decl(decl)),
                None => return self.bug(at),
            },
            Rule::if_stmt => {
                let mut inner = kids(pair).filter(|part| !matches!(part.as_rule(), Rule::kw_if | Rule::kw_else));
                let cond = next!(self, inner, at);
                let then = next!(self, inner, at);
                let cond = self.expr(cond);
                let then = Box::new(self.stmt(then));
                let otherwise = inner.next().map(|otherwise| Box::new(self.stmt(otherwise)));
                StmtKind::If { cond, then, otherwise }
            }
            Rule::switch_stmt => {
                let mut inner = kids(pair).skip(1);
                let expr = next!(self, inner, at);
                let expr = self.expr(expr);
                let sections = inner.map(|section| self.switch_section(section)).collect();
                StmtKind::Switch { expr, sections }
            }
            Rule::for_stmt => self.for_stmt(pair),
            Rule::foreach_stmt => {
                let mut inner = kids(pair).filter(|part| !matches!(part.as_rule(), Rule::kw_foreach | Rule::kw_in));
                let ty = next!(self, inner, at);
                let name = next!(self, inner, at);
                let iterable = next!(self, inner, at);
                let body = next!(self, inner, at);
                let ty = Some(self.type_ref(ty)).filter(|ty| !ty.is_var());
                let name = Self::ident(&name);
                let iterable = self.expr(iterable);
                StmtKind::Foreach { ty, name, iterable, body: Box::new(self.stmt(body)) }
            }
            Rule::while_stmt => {
                let mut inner = kids(pair).skip(1);
                let cond = next!(self, inner, at);
                let body = next!(self, inner, at);
                StmtKind::While { cond: self.expr(cond), body: Box::new(self.stmt(body)) }
            }
            Rule::do_stmt => {
                let mut inner = kids(pair).filter(|part| !matches!(part.as_rule(), Rule::kw_do | Rule::kw_while));
                let body = next!(self, inner, at);
                let cond = next!(self, inner, at);
                StmtKind::DoWhile { body: Box::new(self.stmt(body)), cond: self.expr(cond) }
            }
            Rule::try_stmt => {
                let mut block = None;
                let mut catches = Vec::new();
                let mut finally = None;
                for part in kids(pair) {
                    match part.as_rule() {
                        Rule::statement_block => block = Some(self.block(part)),
                        Rule::catch_clause => catches.push(self.catch_clause(part)),
                        Rule::finally_clause => {
                            finally = kids(part).nth(1).map(|block| self.block(block));
                        }
                        _ => {}
                    }
                }
                let block = block.unwrap_or(Block { range: at, statements: Vec::new() });
                StmtKind::Try { block, catches, finally }
            }
            Rule::using_stmt => {
                let mut inner = kids(pair).skip(1);
                let resource = next!(self, inner, at);
                let resource = if resource.as_rule() == Rule::local_decl {
                    UsingResource::Decl(self.local_decl(resource))
                } else {
                    UsingResource::Expr(self.expr(resource))
                };
                let body = inner.next().map(|body| Box::new(self.stmt(body)));
                StmtKind::Using { resource, body }
            }
            Rule::lock_stmt => {
                let mut inner = kids(pair).skip(1);
                let expr = next!(self, inner, at);
                let body = next!(self, inner, at);
                StmtKind::Lock { expr: self.expr(expr), body: Box::new(self.stmt(body)) }
            }
            Rule::return_stmt | Rule::throw_stmt => {
                let expr = kids(pair).nth(1).map(|expr| self.expr(expr));
                if rule == Rule::return_stmt { StmtKind::Return(expr) } else { StmtKind::Throw(expr) }
            }
            Rule::break_stmt => StmtKind::Break,
            Rule::continue_stmt => StmtKind::Continue,
            Rule::checked_stmt => {
                let mut inner = kids(pair);
                let keyword = next!(self, inner, at);
                let block = next!(self, inner, at);
                StmtKind::Checked { checked: keyword.as_rule() == Rule::kw_checked, block: self.block(block) }
            }
            Rule::yield_stmt => match kids(pair).nth(2) {
                Some(expr) => StmtKind::YieldReturn(self.expr(expr)),
                None => StmtKind::YieldBreak,
            },
            _ => return self.bug(at),
        };
        Stmt { range: at, kind }
    }

    fn for_stmt(&mut self, pair: P<'_>) -> StmtKind {
        let at = range(&pair);
        let mut init = Vec::new();
        let mut cond = None;
        let mut update = Vec::new();
        let mut body = None;
        let mut semis = 0;
        for part in children(pair) {
            match part.as_rule() {
                Rule::semi => semis += 1,
                Rule::for_init => {
                    for item in kids(part) {
                        let item_range = range(&item);
                        let kind = if item.as_rule() == Rule::local_decl {
                            StmtKind::LocalDecl(self.local_decl(item))
                        } else {
                            StmtKind::Expr(self.expr(item))
                        };
                        init.push(Stmt { range: item_range, kind });
                    }
                }
                Rule::expression if semis == 1 => cond = Some(self.expr(part)),
                Rule::for_update => update = kids(part).map(|expr| self.expr(expr)).collect(),
                Rule::statement => body = Some(self.stmt(part)),
                _ => {}
            }
        }
        let body = body.unwrap_or_else(|| self.bug(at));
        StmtKind::For { init, cond, update, body: Box::new(body) }
    }

    fn switch_section(&mut self, pair: P<'_>) -> SwitchSection {
        let at = range(&pair);
        let mut labels = Vec::new();
        let mut body = Vec::new();
        for part in children(pair) {
            match part.as_rule() {
                Rule::switch_label => {
                    let mut inner = kids(part);
                    let label = match inner.next() {
                        Some(keyword) if keyword.as_rule() == Rule::kw_case => {
                            let pattern = match inner.next() {
                                Some(pattern) => self.pattern(pattern, PatternContext::Case),
                                None => self.bug(at),
                            };
                            let guard = inner.nth(1).map(|guard| self.expr(guard));
                            CaseLabel::Case { pattern, guard }
                        }
                        _ => CaseLabel::Default,
                    };
                    labels.push(label);
                }
                Rule::statement => body.push(self.stmt(part)),
                _ => {}
            }
        }
        SwitchSection { range: at, labels, body }
    }

    fn catch_clause(&mut self, pair: P<'_>) -> Catch {
        let at = range(&pair);
        let mut ty = None;
        let mut name = None;
        let mut filter = None;
        let mut block = None;
        for part in kids(pair) {
            match part.as_rule() {
                Rule::r#type => ty = Some(self.type_ref(part)),
                Rule::identifier => name = Some(Self::ident(&part)),
                Rule::catch_filter => filter = kids(part).nth(1).map(|filter| self.expr(filter)),
                Rule::statement_block => block = Some(self.block(part)),
                _ => {}
            }
        }
        let block = block.unwrap_or(Block { range: at, statements: Vec::new() });
        Catch { range: at, ty, name, filter, block }
    }

    fn local_decl(&mut self, pair: P<'_>) -> LocalDecl {
        let at = range(&pair);
        let mut is_const = false;
        let mut ty = None;
        let mut declarators = Vec::new();
        for part in kids(pair) {
            match part.as_rule() {
                Rule::kw_const => is_const = true,
                Rule::r#type => ty = Some(self.type_ref(part)),
                Rule::declarator => {
                    let declarator_range = range(&part);
                    let mut inner = kids(part);
                    let name =
                        inner.next().map_or_else(|| Ident::placeholder(declarator_range), |name| Self::ident(&name));
                    let init = inner.next().map(|init| {
                        if init.as_rule() == Rule::initializer {
                            VarInit::Array(self.initializer(init, false))
                        } else {
                            VarInit::Expr(self.expr(init))
                        }
                    });
                    declarators.push(Declarator { range: declarator_range, name, init });
                }
                _ => {}
            }
        }
        let ty = ty.filter(|ty| !ty.is_var());
        LocalDecl { range: at, is_const, ty, declarators }
    }
}

/// `text` without `start` bytes at the front and `end` at the back.
fn strip(text: &str, start: usize, end: usize) -> &str {
    text.get(start..text.len().saturating_sub(end)).unwrap_or("")
}

fn rank(text: &str) -> u32 {
    offset(text.bytes().filter(|&b| b == b',').count()) + 1
}

/// In `case` labels, a bare dotted name (`HttpStatusCode.OK`, `MaxSize`) is a constant.
fn constant_name(ty: &TypeRef) -> Option<Expr> {
    let TypeKind::Named(segments) = &ty.kind else { return None };
    let mut expr: Option<Expr> = None;
    for (name, args) in segments {
        if !args.is_empty() {
            return None;
        }
        expr = Some(match expr {
            None => Expr { range: name.range, kind: ExprKind::Name { ident: name.clone(), type_args: Vec::new() } },
            Some(target) => Expr {
                range: TextRange::new(target.range.start, name.range.end),
                kind: ExprKind::Member {
                    target: Box::new(target),
                    name: name.clone(),
                    type_args: Vec::new(),
                    null_conditional: false,
                },
            },
        });
    }
    expr
}

/// Orders a flat operator sequence by precedence (shunting-yard, no recursion).
fn climb(first: Expr, tails: Vec<Tail>) -> Expr {
    let mut operands: Vec<Expr> = Vec::with_capacity(tails.len() + 1);
    operands.push(first);
    let mut ops: Vec<BinaryOp> = Vec::new();
    for tail in tails {
        match tail {
            Tail::Binary(op, right) => {
                let precedence = op.precedence();
                while let Some(&top) = ops.last() {
                    let top_precedence = top.precedence();
                    if top_precedence > precedence || (top_precedence == precedence && !op.is_right_associative()) {
                        reduce(&mut operands, &mut ops);
                    } else {
                        break;
                    }
                }
                ops.push(op);
                operands.push(right);
            }
            Tail::Is(_) | Tail::As(_) => {
                while ops.last().is_some_and(|top| top.precedence() >= BinaryOp::RELATIONAL) {
                    reduce(&mut operands, &mut ops);
                }
                let Some(operand) = operands.pop() else { continue };
                let expr = match tail {
                    Tail::Is(pattern) => Expr {
                        range: operand.range.cover(pattern.range),
                        kind: ExprKind::Is { expr: Box::new(operand), pattern: Box::new(pattern) },
                    },
                    Tail::As(ty) => Expr {
                        range: operand.range.cover(ty.range),
                        kind: ExprKind::As { expr: Box::new(operand), ty },
                    },
                    Tail::Binary(..) => operand,
                };
                operands.push(expr);
            }
        }
    }
    while !ops.is_empty() {
        reduce(&mut operands, &mut ops);
    }
    operands.pop().unwrap_or_else(|| Expr::placeholder(TextRange::default()))
}

fn reduce(operands: &mut Vec<Expr>, ops: &mut Vec<BinaryOp>) {
    let (Some(op), Some(right), Some(left)) = (ops.pop(), operands.pop(), operands.pop()) else { return };
    operands.push(Expr {
        range: left.range.cover(right.range),
        kind: ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) },
    });
}
