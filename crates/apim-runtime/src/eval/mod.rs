//! The interpreter over a compiled program. No parsing happens here: every request runs
//! the tree [`crate::compile`] built once.

pub mod convert;
pub mod ops;

use std::rc::Rc;

use apim_expr::ast::BinaryOp;

use crate::budget::Budget;
use crate::builtins;
use crate::compile::node::{Arg, Init, LValue, Label, LambdaBody, LambdaDef, Node, Part, Pattern, STy, Stmt};
use crate::compile::{Compiled, CompiledBody};
use crate::context::Context;
use crate::error::{Exception, Result};
use crate::types::{Ty, is_instance};
use crate::value::{TupleObj, Value};

/// A lambda value. Lambdas share the frame of the expression that created them; a call
/// saves and restores the lambda's own slots, so recursion through a variable works.
#[derive(Debug)]
pub struct Closure {
    pub def: Rc<LambdaDef>,
}

/// How a statement finished.
pub(crate) enum Ctl {
    Normal,
    Return(Value),
    Break,
    Continue,
}

/// The state of one evaluation.
pub struct Interp<'a> {
    slots: Vec<Value>,
    steps: u64,
    depth: u32,
    pub budget: Budget,
    pub ctx: &'a Context,
}

impl<'a> Interp<'a> {
    #[must_use]
    pub fn new(program: &Compiled, ctx: &'a Context, budget: Budget) -> Self {
        Self { slots: vec![Value::Null; program.slots as usize], steps: 0, depth: 0, budget, ctx }
    }

    /// Runs the program.
    ///
    /// # Errors
    /// The exception the expression threw, or a budget stop.
    pub fn run(&mut self, program: &Compiled) -> Result<Value> {
        match &program.body {
            CompiledBody::Expr(n) => self.eval(n),
            CompiledBody::Block(stmts) => match self.exec_block(stmts)? {
                Ctl::Return(v) => Ok(v),
                _ => Ok(Value::Null),
            },
        }
    }

    /// Counts one step against the budget.
    ///
    /// # Errors
    /// `apim.BudgetExceeded` when the step budget is spent.
    #[inline]
    pub fn step(&mut self) -> Result<()> {
        self.steps += 1;
        if self.steps > self.budget.steps {
            return Err(Exception::budget(format!(
                "the expression ran more than {} steps (an endless loop?)",
                self.budget.steps
            )));
        }
        Ok(())
    }

    /// Checks a new string's size.
    ///
    /// # Errors
    /// `apim.BudgetExceeded`.
    pub fn check_string(&self, len: usize) -> Result<()> {
        self.budget.check_string(len)
    }

    /// Checks a collection's size.
    ///
    /// # Errors
    /// `apim.BudgetExceeded`.
    pub fn check_items(&self, count: usize) -> Result<()> {
        self.budget.check_items(count)
    }

    // ------------------------------------------------------------------ statements

    fn exec_block(&mut self, stmts: &[Stmt]) -> Result<Ctl> {
        for s in stmts {
            match self.exec(s)? {
                Ctl::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Ctl::Normal)
    }

    fn exec(&mut self, s: &Stmt) -> Result<Ctl> {
        self.step()?;
        match s {
            Stmt::Expr(n) => {
                self.eval(n)?;
            }
            Stmt::Decl { slot, init, conv } => {
                let v = match init {
                    Some(n) => {
                        let v = self.eval(n)?;
                        convert::implicit(v, conv)?
                    }
                    None => conv.as_ref().map_or(Value::Null, Ty::default_value),
                };
                self.slots[*slot as usize] = v;
            }
            Stmt::Block(b) => return self.exec_block(b),
            Stmt::If { cond, then, otherwise } => {
                if self.truthy(cond)? {
                    return self.exec(then);
                } else if let Some(o) = otherwise {
                    return self.exec(o);
                }
            }
            Stmt::While { cond, body } => {
                while self.truthy(cond)? {
                    self.step()?;
                    match self.exec(body)? {
                        Ctl::Break => break,
                        Ctl::Return(v) => return Ok(Ctl::Return(v)),
                        _ => {}
                    }
                }
            }
            Stmt::DoWhile { body, cond } => loop {
                self.step()?;
                match self.exec(body)? {
                    Ctl::Break => break,
                    Ctl::Return(v) => return Ok(Ctl::Return(v)),
                    _ => {}
                }
                if !self.truthy(cond)? {
                    break;
                }
            },
            Stmt::For { init, cond, update, body } => {
                for i in init {
                    self.exec(i)?;
                }
                loop {
                    if let Some(c) = cond
                        && !self.truthy(c)?
                    {
                        break;
                    }
                    self.step()?;
                    match self.exec(body)? {
                        Ctl::Break => break,
                        Ctl::Return(v) => return Ok(Ctl::Return(v)),
                        _ => {}
                    }
                    for u in update {
                        self.eval(u)?;
                    }
                }
            }
            Stmt::Foreach { slot, conv, iterable, body } => {
                let coll = self.eval(iterable)?;
                if coll.is_null() {
                    return Err(Exception::null_ref());
                }
                let items = builtins::linq::iterate(self, &coll)?;
                // .NET's collection enumerators throw on the next step once the
                // collection changed; a changed count is how that shows here.
                let count = mutable_count(&coll);
                for item in items {
                    if mutable_count(&coll) != count {
                        return Err(Exception::invalid_operation(
                            "Collection was modified; enumeration operation may not execute.",
                        ));
                    }
                    self.step()?;
                    let item = match conv {
                        Some(t) => convert::cast(item, t, true, false)?,
                        None => item,
                    };
                    self.slots[*slot as usize] = item;
                    match self.exec(body)? {
                        Ctl::Break => return Ok(Ctl::Normal),
                        Ctl::Return(v) => return Ok(Ctl::Return(v)),
                        _ => {}
                    }
                }
                if mutable_count(&coll) != count {
                    return Err(Exception::invalid_operation(
                        "Collection was modified; enumeration operation may not execute.",
                    ));
                }
            }
            Stmt::Return(v) => {
                let v = match v {
                    Some(n) => self.eval(n)?,
                    None => Value::Null,
                };
                return Ok(Ctl::Return(v));
            }
            Stmt::Break => return Ok(Ctl::Break),
            Stmt::Continue => return Ok(Ctl::Continue),
            Stmt::Throw(v) => {
                let v = match v {
                    Some(n) => self.eval(n)?,
                    None => return Err(Exception::new("System.Exception", "rethrow")),
                };
                return Err(to_exception(&v));
            }
            Stmt::Try { block, catches, finally } => {
                let r = self.exec_block(block);
                let r = match r {
                    Err(e) if e.catchable() => self.handle(e, catches),
                    other => other,
                };
                if let Some(f) = finally {
                    match self.exec_block(f)? {
                        Ctl::Normal => {}
                        other => return Ok(other),
                    }
                }
                return r;
            }
            Stmt::Switch { expr, sections } => {
                let v = self.eval(expr)?;
                let mut chosen = None;
                'outer: for (i, (labels, _)) in sections.iter().enumerate() {
                    for l in labels {
                        if let Label::Case(p, guard) = l
                            && self.matches(&v, p)?
                            && match guard {
                                Some(g) => self.truthy(g)?,
                                None => true,
                            }
                        {
                            chosen = Some(i);
                            break 'outer;
                        }
                    }
                }
                if chosen.is_none() {
                    chosen = sections.iter().position(|(labels, _)| labels.iter().any(|l| matches!(l, Label::Default)));
                }
                if let Some(i) = chosen {
                    match self.exec_block(&sections[i].1)? {
                        Ctl::Break | Ctl::Normal => {}
                        other => return Ok(other),
                    }
                }
            }
            Stmt::Empty => {}
        }
        Ok(Ctl::Normal)
    }

    fn handle(&mut self, e: Exception, catches: &[crate::compile::node::Catch]) -> Result<Ctl> {
        for c in catches {
            let ok = match c.ty {
                None => true,
                Some(t) => exception_is(e.type_name, t),
            };
            if !ok {
                continue;
            }
            if let Some(slot) = c.slot {
                self.slots[slot as usize] = Value::Exception(Rc::new(e.clone()));
            }
            if let Some(f) = &c.filter
                && !self.truthy(f)?
            {
                continue;
            }
            return self.exec_block(&c.block);
        }
        Err(e)
    }

    fn truthy(&mut self, n: &Node) -> Result<bool> {
        match self.eval(n)? {
            Value::Bool(b) => Ok(b),
            Value::Null => Err(Exception::invalid_operation("Nullable object must have a value.")),
            _ => Err(Exception::invalid_cast()),
        }
    }

    // ------------------------------------------------------------------ expressions

    /// Evaluates an expression node.
    ///
    /// # Errors
    /// The exception it throws.
    pub fn eval(&mut self, n: &Node) -> Result<Value> {
        match n {
            Node::Const(v) => Ok(v.clone()),
            Node::Local(s) => Ok(self.slots[*s as usize].clone()),
            Node::Context => Ok(self.ctx.root()),
            Node::StaticMember { ty, name } => builtins::static_member(self, ty, name),
            Node::Member { target, name, null_cond } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return if *null_cond { Ok(Value::Null) } else { Err(Exception::null_ref()) };
                }
                builtins::get_member(self, &t, name)
            }
            Node::NullableMember { target, name, inner } => {
                let t = self.eval(target)?;
                let _ = inner;
                match (&**name, t.is_null()) {
                    ("HasValue", null) => Ok(Value::Bool(!null)),
                    (_, true) => Err(Exception::invalid_operation("Nullable object must have a value.")),
                    (_, false) => Ok(t),
                }
            }
            Node::Call { target, name, type_args, args, null_cond } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    if *null_cond {
                        return Ok(Value::Null);
                    }
                    // Extension methods accept null receivers.
                    if !builtins::null_receiver_ok(name) {
                        return Err(Exception::null_ref());
                    }
                }
                let mut a = self.eval_args(args)?;
                self.step()?;
                let r = builtins::call_method(self, &t, name, type_args, &mut a)?;
                self.write_outs(args, a)?;
                Ok(r)
            }
            Node::StaticCall { ty, name, type_args, args } => {
                let mut a = self.eval_args(args)?;
                self.step()?;
                let r = builtins::call_static(self, ty, name, type_args, &mut a)?;
                self.write_outs(args, a)?;
                Ok(r)
            }
            Node::Invoke { func, args } => {
                let f = self.eval(func)?;
                let a = self.eval_args(args)?;
                self.call(&f, a)
            }
            Node::Index { target, args, null_cond } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return if *null_cond { Ok(Value::Null) } else { Err(Exception::null_ref()) };
                }
                let a = args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>>>()?;
                builtins::index_get(self, &t, &a)
            }
            Node::Neg { operand, checked } => {
                let v = self.eval(operand)?;
                ops::negate(v, *checked)
            }
            Node::Plus(o) => {
                let v = self.eval(o)?;
                ops::unary_plus(v)
            }
            Node::Not(o) => match self.eval(o)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                Value::Null => Ok(Value::Null),
                _ => Err(Exception::invalid_cast()),
            },
            Node::BitNot(o) => {
                let v = self.eval(o)?;
                ops::bit_not(v)
            }
            Node::Binary { op, left, right, checked, ref_eq } => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                if *ref_eq {
                    let eq = l.ref_eq(&r);
                    return Ok(Value::Bool(if *op == BinaryOp::Eq { eq } else { !eq }));
                }
                let v = ops::binary(*op, &l, &r, *checked)?;
                if let Value::Str(s) = &v {
                    self.check_string(s.len())?;
                }
                Ok(v)
            }
            Node::And(l, r) => {
                if !self.truthy(l)? {
                    return Ok(Value::Bool(false));
                }
                Ok(Value::Bool(self.truthy(r)?))
            }
            Node::Or(l, r) => {
                if self.truthy(l)? {
                    return Ok(Value::Bool(true));
                }
                Ok(Value::Bool(self.truthy(r)?))
            }
            Node::Coalesce(l, r) => {
                let v = self.eval(l)?;
                if v.is_null() { self.eval(r) } else { Ok(v) }
            }
            Node::Assign { target, value, conv } => {
                let v = self.eval(value)?;
                let v = convert::implicit(v, conv)?;
                self.store(target, v.clone())?;
                Ok(v)
            }
            Node::CoalesceAssign { target, value } => {
                let cur = self.load(target)?;
                if !cur.is_null() {
                    return Ok(cur);
                }
                let v = self.eval(value)?;
                self.store(target, v.clone())?;
                Ok(v)
            }
            Node::Compound { target, op, value, conv, checked } => {
                let cur = self.load(target)?;
                let v = self.eval(value)?;
                let r = ops::binary(*op, &cur, &v, *checked)?;
                let r = match conv {
                    Some(t) if t.is_numeric() => convert::cast(r, t, false, *checked)?,
                    _ => r,
                };
                if let Value::Str(s) = &r {
                    self.check_string(s.len())?;
                }
                self.store(target, r.clone())?;
                Ok(r)
            }
            Node::IncDec { target, delta, prefix, checked } => {
                let cur = self.load(target)?;
                let ty = crate::types::type_of(&cur);
                let one = Value::I32(i32::from(*delta));
                let next = ops::binary(BinaryOp::Add, &cur, &one, *checked)?;
                let next = match &ty {
                    Some(t) if t.is_numeric() => convert::cast(next, t, false, *checked)?,
                    _ => next,
                };
                self.store(target, next.clone())?;
                Ok(if *prefix { next } else { cur })
            }
            Node::Cond { cond, then, otherwise, conv } => {
                let v = if self.truthy(cond)? { self.eval(then)? } else { self.eval(otherwise)? };
                match conv {
                    Some(t) => convert::implicit(v, &Some(t.clone())),
                    None => Ok(v),
                }
            }
            Node::Cast { ty, expr, unbox, checked, from_json } => {
                let v = self.eval(expr)?;
                // `(int)token` with a null token: Newtonsoft's operator throws
                // `ArgumentNullException` for its `value` parameter.
                if *from_json && v.is_null() && ty.is_value_type() && !matches!(ty, Ty::Nullable(_)) {
                    return Err(Exception::argument_null("value"));
                }
                convert::cast(v, ty, *unbox, *checked)
            }
            Node::Is { expr, pattern } => {
                let v = self.eval(expr)?;
                Ok(Value::Bool(self.matches(&v, pattern)?))
            }
            Node::As { expr, ty } => {
                let v = self.eval(expr)?;
                Ok(if is_instance(&v, ty) { v } else { Value::Null })
            }
            Node::Lambda(def) => Ok(Value::Func(Rc::new(Closure { def: def.clone() }))),
            Node::New { ty, args, init } => {
                let mut a = self.eval_args(args)?;
                let obj = builtins::construct(self, ty, &mut a)?;
                for i in init {
                    match i {
                        Init::Add(items) => {
                            let mut vals = items.iter().map(|x| self.eval(x)).collect::<Result<Vec<_>>>()?;
                            builtins::call_method(self, &obj, "Add", &[], &mut vals)?;
                        }
                        Init::Member(name, value) => {
                            let v = self.eval(value)?;
                            builtins::set_member(self, &obj, name, v)?;
                        }
                        Init::Index(keys, value) => {
                            let k = keys.iter().map(|x| self.eval(x)).collect::<Result<Vec<_>>>()?;
                            let v = self.eval(value)?;
                            builtins::index_set(self, &obj, &k, v)?;
                        }
                    }
                }
                Ok(obj)
            }
            Node::NewArray { elem, sizes, init } => {
                if let Some(items) = init {
                    let mut out = Vec::with_capacity(items.len());
                    for i in items {
                        let v = self.eval(i)?;
                        out.push(convert::implicit(v, &Some(elem.clone()))?);
                    }
                    return Ok(Value::array(elem.clone(), out));
                }
                let size = match sizes.first() {
                    Some(s) => {
                        let v = self.eval(s)?;
                        convert::to_i64(&v)?
                    }
                    None => 0,
                };
                if size < 0 {
                    return Err(Exception::new(
                        "System.OverflowException",
                        "Arithmetic operation resulted in an overflow.",
                    ));
                }
                let size = usize::try_from(size).unwrap_or(usize::MAX);
                self.check_items(size)?;
                Ok(Value::array(elem.clone(), vec![elem.default_value(); size]))
            }
            Node::Anonymous { names, values } => {
                let vals = values.iter().map(|x| self.eval(x)).collect::<Result<Vec<_>>>()?;
                Ok(Value::Tuple(Rc::new(TupleObj {
                    names: names.clone(),
                    items: vals.into(),
                    anonymous: true,
                    reference: false,
                })))
            }
            Node::Tuple(items) => {
                let vals = items.iter().map(|x| self.eval(x)).collect::<Result<Vec<_>>>()?;
                Ok(Value::Tuple(Rc::new(TupleObj {
                    names: Vec::new(),
                    items: vals.into(),
                    anonymous: false,
                    reference: false,
                })))
            }
            Node::TypeOf(t) => Ok(Value::Type(Rc::new(t.clone()))),
            Node::Default(t) => Ok(t.default_value()),
            Node::Throw(x) => {
                let v = self.eval(x)?;
                Err(to_exception(&v))
            }
            Node::Switch { scrutinee, arms } => {
                let v = self.eval(scrutinee)?;
                for (p, guard, value) in arms {
                    if self.matches(&v, p)?
                        && match guard {
                            Some(g) => self.truthy(g)?,
                            None => true,
                        }
                    {
                        return self.eval(value);
                    }
                }
                Err(Exception::invalid_operation("The switch expression does not handle all possible values."))
            }
            Node::Interpolated(parts) => {
                let mut out = String::new();
                for p in parts {
                    match p {
                        Part::Text(t) => out.push_str(t),
                        Part::Hole { expr, alignment, format } => {
                            let v = self.eval(expr)?;
                            let align = match alignment {
                                Some(a) => {
                                    let a = self.eval(a)?;
                                    Some(convert::to_i64(&a)?)
                                }
                                None => None,
                            };
                            let s = builtins::format::format_value(self, &v, format.as_deref())?;
                            builtins::format::pad_into(&mut out, &s, align);
                        }
                    }
                    self.check_string(out.len())?;
                }
                Ok(Value::string(out))
            }
            Node::NameOf(n) => Ok(Value::Str(n.clone())),
        }
    }

    fn eval_args(&mut self, args: &[Arg]) -> Result<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            out.push(if a.out.is_some() && matches!(a.node, Node::Const(Value::Null)) {
                Value::Null
            } else {
                self.eval(&a.node)?
            });
        }
        Ok(out)
    }

    fn write_outs(&mut self, args: &[Arg], values: Vec<Value>) -> Result<()> {
        for (a, v) in args.iter().zip(values) {
            if let Some(lv) = &a.out {
                self.store(lv, v)?;
            }
        }
        Ok(())
    }

    fn load(&mut self, lv: &LValue) -> Result<Value> {
        match lv {
            LValue::Local(s, _) => Ok(self.slots[*s as usize].clone()),
            LValue::Member { target, name } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return Err(Exception::null_ref());
                }
                builtins::get_member(self, &t, name)
            }
            LValue::Index { target, args } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return Err(Exception::null_ref());
                }
                let a = args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>>>()?;
                builtins::index_get(self, &t, &a)
            }
            LValue::Discard => Ok(Value::Null),
        }
    }

    fn store(&mut self, lv: &LValue, v: Value) -> Result<()> {
        match lv {
            LValue::Local(s, t) => {
                self.slots[*s as usize] = convert::implicit(v, t)?;
                Ok(())
            }
            LValue::Member { target, name } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return Err(Exception::null_ref());
                }
                builtins::set_member(self, &t, name, v)
            }
            LValue::Index { target, args } => {
                let t = self.eval(target)?;
                if t.is_null() {
                    return Err(Exception::null_ref());
                }
                let a = args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>>>()?;
                builtins::index_set(self, &t, &a, v)
            }
            LValue::Discard => Ok(()),
        }
    }

    /// Calls a delegate value with arguments.
    ///
    /// # Errors
    /// What the delegate throws, a null delegate, or a budget stop.
    pub fn call(&mut self, f: &Value, args: Vec<Value>) -> Result<Value> {
        let Value::Func(c) = f else {
            return if f.is_null() { Err(Exception::null_ref()) } else { Err(Exception::invalid_cast()) };
        };
        self.step()?;
        if self.depth >= self.budget.depth {
            return Err(Exception::budget(format!(
                "calls nested deeper than {} (endless recursion?)",
                self.budget.depth
            )));
        }
        let def = c.def.clone();
        let own = def.own.start as usize..def.own.end as usize;
        let saved: Vec<Value> = if self.depth > 0 { self.slots[own.clone()].to_vec() } else { Vec::new() };
        for ((slot, ty), v) in def.params.iter().zip(args) {
            self.slots[*slot as usize] = match ty {
                Some(t) => convert::implicit(v, &Some(t.clone()))?,
                None => v,
            };
        }
        self.depth += 1;
        let r = match &def.body {
            LambdaBody::Expr(e) => self.eval(e),
            LambdaBody::Block(b) => self.exec_block(b).map(|c| match c {
                Ctl::Return(v) => v,
                _ => Value::Null,
            }),
        };
        self.depth -= 1;
        if !saved.is_empty() {
            for (i, v) in own.zip(saved) {
                self.slots[i] = v;
            }
        }
        r
    }

    /// Calls a one-argument delegate.
    ///
    /// # Errors
    /// As [`Interp::call`].
    pub fn call1(&mut self, f: &Value, a: Value) -> Result<Value> {
        self.call(f, vec![a])
    }

    fn matches(&mut self, v: &Value, p: &Pattern) -> Result<bool> {
        Ok(match p {
            Pattern::Null => v.is_null(),
            Pattern::Discard => true,
            Pattern::Var(slot) => {
                self.slots[*slot as usize] = v.clone();
                true
            }
            Pattern::Const(n) => {
                let c = self.eval(n)?;
                ops::equals(v, &c)
            }
            Pattern::Type { ty, bind } => {
                let ok = is_instance(v, ty);
                if ok && let Some(slot) = bind {
                    self.slots[*slot as usize] = v.clone();
                }
                ok
            }
            Pattern::Not(inner) => !self.matches(v, inner)?,
            Pattern::And(a, b) => self.matches(v, a)? && self.matches(v, b)?,
            Pattern::Or(a, b) => self.matches(v, a)? || self.matches(v, b)?,
            Pattern::Relational { op, value } => {
                let c = self.eval(value)?;
                if v.is_null() {
                    return Ok(false);
                }
                matches!(ops::binary(*op, v, &c, false)?, Value::Bool(true))
            }
        })
    }
}

fn exception_is(actual: &str, wanted: &str) -> bool {
    if actual == wanted || wanted == "System.Exception" {
        return true;
    }
    match wanted {
        "System.ArgumentException" => {
            matches!(actual, "System.ArgumentNullException" | "System.ArgumentOutOfRangeException")
        }
        "System.ArithmeticException" => matches!(actual, "System.OverflowException" | "System.DivideByZeroException"),
        "System.FormatException" => actual == "System.UriFormatException",
        "Newtonsoft.Json.JsonException" => actual.starts_with("Newtonsoft.Json."),
        _ => false,
    }
}

fn to_exception(v: &Value) -> Exception {
    match v {
        Value::Exception(e) => (**e).clone(),
        Value::Null => Exception::null_ref(),
        _ => Exception::invalid_cast(),
    }
}

/// The static type of a slot is not needed at run time beyond conversions.
pub type SlotType = STy;

/// The element count of a collection whose enumerator checks for changes (`List`,
/// `Dictionary`, `HashSet`, `Queue`, `Stack`, a JSON container); `None` for arrays,
/// strings and lazy sequences.
fn mutable_count(v: &Value) -> Option<usize> {
    match v {
        Value::List(s) | Value::Set(s) | Value::Queue(s) | Value::Stack(s) => Some(s.items.borrow().len()),
        Value::Dict(d) => Some(d.entries.borrow().len()),
        Value::Json(t) if t.is_container() => Some(t.children().len()),
        _ => None,
    }
}
