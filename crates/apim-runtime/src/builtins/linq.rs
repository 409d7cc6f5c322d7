//! LINQ to Objects. Operators returning sequences are deferred: a [`Lazy`] records the
//! source and the step and recomputes on every enumeration, so a later change to the
//! source is seen (as in .NET). Aggregates run at once.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{cast, to_i64};
use crate::eval::ops::{self, object_equals};
use crate::types::{Ty, is_instance, type_of};
use crate::value::{Dict, Value};

/// A deferred sequence.
#[derive(Debug)]
pub struct Lazy {
    pub source: Value,
    pub op: Op,
}

#[derive(Debug)]
pub enum Op {
    Where(Value),
    Select(Value),
    SelectMany(Value),
    Skip(i64),
    Take(i64),
    SkipWhile(Value),
    TakeWhile(Value),
    Distinct,
    Reverse,
    /// Keys in priority order: selector and descending.
    /// Key selectors: (selector, descending, `StringComparer` as a `StringComparison`).
    OrderBy(Vec<(Value, bool, Option<i64>)>),
    Concat(Value),
    Union(Value),
    Intersect(Value),
    Except(Value),
    Cast(Ty),
    OfType(Ty),
    DefaultIfEmpty(Value),
    Range(i64, i64),
    Repeat(Value, i64),
    Zip(Value, Value),
}

/// The static result type of a one-parameter lambda (`TResult`).
pub(super) fn lambda_result(f: &Value) -> Option<Ty> {
    match f {
        Value::Func(c) if c.def.params.len() == 1 => c.def.ret.clone(),
        _ => None,
    }
}

fn lazy(source: &Value, op: Op) -> Value {
    Value::Lazy(Rc::new(Lazy { source: source.clone(), op }))
}

/// The name under which a `GroupBy` group keeps its elements (not a member C# can name:
/// an `IGrouping` is enumerated, and has only `Key`).
const GROUP_ELEMENTS: &str = "<elements>";

/// The elements of an `IGrouping` made by `GroupBy`.
fn grouping_elements(v: &Value) -> Option<Value> {
    match v {
        Value::Tuple(t) if t.anonymous && t.names.len() == 2 && &*t.names[1] == GROUP_ELEMENTS => {
            t.items.borrow().get(1).cloned()
        }
        _ => None,
    }
}

/// Whether `v` can be enumerated.
#[must_use]
pub fn is_enumerable(v: &Value) -> bool {
    if grouping_elements(v).is_some() {
        return true;
    }
    match v {
        Value::Array(_)
        | Value::List(_)
        | Value::Set(_)
        | Value::Queue(_)
        | Value::Stack(_)
        | Value::Dict(_)
        | Value::Str(_)
        | Value::Lazy(_) => true,
        Value::Json(t) => t.is_container(),
        Value::Host(h) => super::context::pairs(h).is_some(),
        _ => false,
    }
}

/// The element type of a sequence, when known.
#[must_use]
pub fn elem_type(v: &Value) -> Option<Ty> {
    match v {
        Value::Array(s) | Value::List(s) | Value::Set(s) | Value::Queue(s) | Value::Stack(s) => Some(s.elem.clone()),
        Value::Str(_) => Some(Ty::Char),
        Value::Json(_) => Some(Ty::Json(crate::types::JsonTy::Token)),
        Value::Lazy(l) => match &l.op {
            Op::Where(_)
            | Op::Skip(_)
            | Op::Take(_)
            | Op::SkipWhile(_)
            | Op::TakeWhile(_)
            | Op::Distinct
            | Op::Reverse
            | Op::OrderBy(_)
            | Op::Concat(_)
            | Op::Union(_)
            | Op::Intersect(_)
            | Op::Except(_) => elem_type(&l.source),
            Op::Cast(t) | Op::OfType(t) => Some(t.clone()),
            Op::Select(f) => lambda_result(f),
            Op::Range(..) => Some(Ty::I32),
            _ => None,
        },
        _ => None,
    }
}

/// The elements of a sequence, in order.
///
/// # Errors
/// What a deferred step throws; `InvalidCastException` for a value that is not enumerable.
pub fn iterate(interp: &mut Interp<'_>, v: &Value) -> Result<Vec<Value>> {
    if let Some(elements) = grouping_elements(v) {
        return iterate(interp, &elements);
    }
    Ok(match v {
        Value::Array(s) | Value::List(s) | Value::Set(s) | Value::Queue(s) => s.items.borrow().clone(),
        Value::Stack(s) => s.items.borrow().iter().rev().cloned().collect(),
        Value::Str(s) => s.chars().map(Value::Char).collect(),
        Value::Dict(d) => d
            .entries
            .borrow()
            .iter()
            .map(|(k, x)| Value::Pair(Rc::new((k.clone(), x.clone(), d.key.clone(), d.value.clone()))))
            .collect(),
        Value::Json(t) => super::json::enumerate(t),
        Value::Host(h) => super::context::pairs(h).ok_or_else(Exception::invalid_cast)?,
        Value::Lazy(l) => run(interp, l)?,
        Value::Null => return Err(Exception::argument_null("source")),
        _ => return Err(Exception::invalid_cast()),
    })
}

fn truthy(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

pub(super) fn arity(f: &Value) -> usize {
    match f {
        Value::Func(c) => c.def.params.len(),
        _ => 1,
    }
}

fn call_indexed(interp: &mut Interp<'_>, f: &Value, x: Value, i: usize) -> Result<Value> {
    if arity(f) == 2 {
        interp.call(f, vec![x, Value::I32(i32::try_from(i).unwrap_or(i32::MAX))])
    } else {
        interp.call1(f, x)
    }
}

fn contains(items: &[Value], x: &Value) -> bool {
    items.iter().any(|y| object_equals(y, x))
}

fn run(interp: &mut Interp<'_>, l: &Lazy) -> Result<Vec<Value>> {
    if let Op::Range(start, count) = l.op {
        interp.check_items(usize::try_from(count).unwrap_or(usize::MAX))?;
        return Ok((0..count).map(|i| Value::I32(i32::try_from(start + i).unwrap_or(0))).collect());
    }
    if let Op::Repeat(v, n) = &l.op {
        interp.check_items(usize::try_from(*n).unwrap_or(usize::MAX))?;
        return Ok(vec![v.clone(); usize::try_from(*n).unwrap_or(0)]);
    }
    let src = iterate(interp, &l.source)?;
    Ok(match &l.op {
        Op::Where(f) => {
            let mut out = Vec::new();
            for (i, x) in src.into_iter().enumerate() {
                if truthy(&call_indexed(interp, f, x.clone(), i)?) {
                    out.push(x);
                }
            }
            out
        }
        Op::Select(f) => {
            let mut out = Vec::with_capacity(src.len());
            for (i, x) in src.into_iter().enumerate() {
                out.push(call_indexed(interp, f, x, i)?);
            }
            out
        }
        Op::SelectMany(f) => {
            let mut out = Vec::new();
            for x in src {
                let inner = interp.call1(f, x)?;
                out.extend(iterate(interp, &inner)?);
                interp.check_items(out.len())?;
            }
            out
        }
        Op::Skip(n) => src.into_iter().skip(usize::try_from(*n).unwrap_or(0)).collect(),
        Op::Take(n) => src.into_iter().take(usize::try_from(*n).unwrap_or(0)).collect(),
        Op::SkipWhile(f) => {
            let mut out = Vec::new();
            let mut skipping = true;
            for (i, x) in src.into_iter().enumerate() {
                if skipping && truthy(&call_indexed(interp, f, x.clone(), i)?) {
                    continue;
                }
                skipping = false;
                out.push(x);
            }
            out
        }
        Op::TakeWhile(f) => {
            let mut out = Vec::new();
            for (i, x) in src.into_iter().enumerate() {
                if !truthy(&call_indexed(interp, f, x.clone(), i)?) {
                    break;
                }
                out.push(x);
            }
            out
        }
        Op::Distinct => {
            let mut out: Vec<Value> = Vec::new();
            for x in src {
                if !contains(&out, &x) {
                    out.push(x);
                }
            }
            out
        }
        Op::Reverse => src.into_iter().rev().collect(),
        Op::OrderBy(keys) => {
            let mut keyed = Vec::with_capacity(src.len());
            for x in src {
                let mut ks = Vec::with_capacity(keys.len());
                for (f, _, _) in keys {
                    ks.push(interp.call1(f, x.clone())?);
                }
                keyed.push((ks, x));
            }
            let mut failed = None;
            keyed.sort_by(|(a, _), (b, _)| {
                for (i, (_, desc, comparer)) in keys.iter().enumerate() {
                    let o = match compare_with(&a[i], &b[i], *comparer) {
                        Ok(o) => o,
                        Err(e) => {
                            failed = Some(e);
                            Ordering::Equal
                        }
                    };
                    let o = if *desc { o.reverse() } else { o };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            });
            if let Some(e) = failed {
                return Err(e);
            }
            keyed.into_iter().map(|(_, x)| x).collect()
        }
        Op::Concat(other) => {
            let mut out = src;
            out.extend(iterate(interp, other)?);
            out
        }
        Op::Union(other) => {
            let mut out: Vec<Value> = Vec::new();
            for x in src.into_iter().chain(iterate(interp, other)?) {
                if !contains(&out, &x) {
                    out.push(x);
                }
            }
            out
        }
        Op::Intersect(other) => {
            let o = iterate(interp, other)?;
            let mut out: Vec<Value> = Vec::new();
            for x in src {
                if contains(&o, &x) && !contains(&out, &x) {
                    out.push(x);
                }
            }
            out
        }
        Op::Except(other) => {
            let o = iterate(interp, other)?;
            let mut out: Vec<Value> = Vec::new();
            for x in src {
                if !contains(&o, &x) && !contains(&out, &x) {
                    out.push(x);
                }
            }
            out
        }
        Op::Cast(t) => src.into_iter().map(|x| cast(x, t, true, false)).collect::<Result<Vec<_>>>()?,
        Op::OfType(t) => src.into_iter().filter(|x| is_instance(x, t)).collect(),
        Op::DefaultIfEmpty(d) => {
            if src.is_empty() {
                vec![d.clone()]
            } else {
                src
            }
        }
        Op::Zip(other, f) => {
            let o = iterate(interp, other)?;
            let mut out = Vec::new();
            for (a, b) in src.into_iter().zip(o) {
                out.push(interp.call(f, vec![a, b])?);
            }
            out
        }
        Op::Range(..) | Op::Repeat(..) => Vec::new(),
    })
}

/// `Comparer<T>.Default.Compare(a, b)`.
///
/// # Errors
/// `ArgumentException` when the values are not comparable.
/// `default_compare`, or a `StringComparer`'s order for two strings.
fn compare_with(a: &Value, b: &Value, comparer: Option<i64>) -> Result<Ordering> {
    match (a, b, comparer) {
        (Value::Str(x), Value::Str(y), Some(c)) => Ok(match c {
            4 => x.encode_utf16().cmp(y.encode_utf16()),
            5 => x
                .chars()
                .map(super::string::upper_char)
                .flat_map(|c| c.encode_utf16(&mut [0; 2]).to_vec())
                .cmp(y.chars().map(super::string::upper_char).flat_map(|c| c.encode_utf16(&mut [0; 2]).to_vec())),
            _ => super::string::compare_culture(x, y, c % 2 == 1),
        }),
        _ => default_compare(a, b),
    }
}

pub fn default_compare(a: &Value, b: &Value) -> Result<Ordering> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(Ordering::Equal),
        (Value::Null, _) => Ok(Ordering::Less),
        (_, Value::Null) => Ok(Ordering::Greater),
        _ => ops::compare(a, b)
            .ok_or_else(|| Exception::argument("At least one object must implement IComparable.", None)),
    }
}

fn infer_elem(items: &[Value], fallback: Option<Ty>) -> Ty {
    if let Some(t) = fallback {
        return t;
    }
    let mut t: Option<Ty> = None;
    for i in items {
        let it = type_of(i);
        match (&t, it) {
            (None, Some(x)) => t = Some(x),
            (Some(a), Some(b)) if *a != b => return Ty::Object,
            _ => {}
        }
    }
    t.unwrap_or(Ty::Object)
}

fn no_elements() -> Exception {
    Exception::invalid_operation("Sequence contains no elements")
}

fn sum(items: &[Value], elem: Option<Ty>) -> Result<Value> {
    let first_ty = items.iter().find_map(type_of).or(elem).unwrap_or(Ty::I32);
    let mut acc = match &first_ty {
        Ty::Nullable(inner) => inner.default_value(),
        t => t.default_value(),
    };
    for x in items {
        if x.is_null() {
            continue;
        }
        acc = ops::binary(apim_expr::ast::BinaryOp::Add, &acc, x, true)?;
    }
    Ok(acc)
}

fn min_max(items: Vec<Value>, max: bool, elem: Option<Ty>) -> Result<Value> {
    let nullable = elem.as_ref().is_none_or(|t| !t.is_value_type());
    let mut best: Option<Value> = None;
    for x in items {
        if x.is_null() {
            continue;
        }
        best = Some(match best {
            None => x,
            Some(b) => {
                let o = default_compare(&x, &b)?;
                if (max && o == Ordering::Greater) || (!max && o == Ordering::Less) { x } else { b }
            }
        });
    }
    match best {
        Some(b) => Ok(b),
        None if nullable => Ok(Value::Null),
        None => Err(no_elements()),
    }
}

fn with_pred(interp: &mut Interp<'_>, items: Vec<Value>, pred: Option<&Value>) -> Result<Vec<Value>> {
    match pred {
        None => Ok(items),
        Some(f) => {
            let mut out = Vec::new();
            for x in items {
                if truthy(&interp.call1(f, x.clone())?) {
                    out.push(x);
                }
            }
            Ok(out)
        }
    }
}

/// The first element of `v` that satisfies `pred`, pulling elements one at a time through
/// any `Where`/`Select` stages on top of the source (other stages are run whole first).
fn first_streamed(interp: &mut Interp<'_>, v: &Value, pred: Option<&Value>) -> Result<Option<Value>> {
    let mut stages: Vec<(&Op, usize)> = Vec::new();
    let mut source = v;
    while let Value::Lazy(l) = source
        && matches!(l.op, Op::Where(_) | Op::Select(_))
    {
        stages.push((&l.op, 0));
        source = &l.source;
    }
    stages.reverse();
    'items: for mut x in iterate(interp, source)? {
        for (op, index) in &mut stages {
            match op {
                Op::Where(f) => {
                    let keep = truthy(&call_indexed(interp, f, x.clone(), *index)?);
                    *index += 1;
                    if !keep {
                        continue 'items;
                    }
                }
                Op::Select(f) => {
                    x = call_indexed(interp, f, x, *index)?;
                    *index += 1;
                }
                _ => {}
            }
        }
        if match pred {
            Some(f) => truthy(&interp.call1(f, x.clone())?),
            None => true,
        } {
            return Ok(Some(x));
        }
    }
    Ok(None)
}

/// LINQ extension methods on any sequence.
///
/// # Errors
/// LINQ's exceptions (`InvalidOperationException` "Sequence contains no elements", ...).
#[allow(clippy::too_many_lines)]
pub fn call(
    interp: &mut Interp<'_>,
    recv: &Value,
    name: &str,
    targs: &[Ty],
    args: &mut [Value],
) -> Result<Option<Value>> {
    let a0 = args.first().cloned();
    let deferred = match (name, &*args) {
        ("Where", [f]) => Some(Op::Where(f.clone())),
        ("Select", [f]) => Some(Op::Select(f.clone())),
        ("SelectMany", [f]) => Some(Op::SelectMany(f.clone())),
        ("Skip", [n]) => Some(Op::Skip(to_i64(n)?)),
        ("Take", [n]) => Some(Op::Take(to_i64(n)?)),
        ("SkipWhile", [f]) => Some(Op::SkipWhile(f.clone())),
        ("TakeWhile", [f]) => Some(Op::TakeWhile(f.clone())),
        ("Distinct", []) => Some(Op::Distinct),
        ("Reverse", []) if !matches!(recv, Value::List(_)) => Some(Op::Reverse),
        ("OrderBy", [f]) => Some(Op::OrderBy(vec![(f.clone(), false, None)])),
        ("OrderByDescending", [f]) => Some(Op::OrderBy(vec![(f.clone(), true, None)])),
        ("OrderBy" | "OrderByDescending", [f, Value::Enum(crate::value::EnumTy::StringComparison, c)]) => {
            Some(Op::OrderBy(vec![(f.clone(), name == "OrderByDescending", Some(*c))]))
        }
        ("ThenBy" | "ThenByDescending", [f, rest @ ..]) => {
            let comparer = match rest {
                [] => None,
                [Value::Enum(crate::value::EnumTy::StringComparison, c)] => Some(*c),
                _ => return Ok(None),
            };
            if let Value::Lazy(l) = recv
                && let Op::OrderBy(keys) = &l.op
            {
                let mut keys: Vec<(Value, bool, Option<i64>)> = keys.clone();
                keys.push((f.clone(), name == "ThenByDescending", comparer));
                return Ok(Some(lazy(&l.source, Op::OrderBy(keys))));
            }
            return Ok(None);
        }
        ("Concat", [o]) => Some(Op::Concat(o.clone())),
        ("Union", [o]) => Some(Op::Union(o.clone())),
        ("Intersect", [o]) => Some(Op::Intersect(o.clone())),
        ("Except", [o]) => Some(Op::Except(o.clone())),
        ("Cast", []) => targs.first().map(|t| Op::Cast(t.clone())),
        ("OfType", []) => targs.first().map(|t| Op::OfType(t.clone())),
        ("DefaultIfEmpty", []) => Some(Op::DefaultIfEmpty(elem_type(recv).map_or(Value::Null, |t| t.default_value()))),
        ("DefaultIfEmpty", [d]) => Some(Op::DefaultIfEmpty(d.clone())),
        ("Zip", [o, f]) => Some(Op::Zip(o.clone(), f.clone())),
        ("AsEnumerable", []) => return Ok(Some(recv.clone())),
        _ => None,
    };
    if let Some(op) = deferred {
        return Ok(Some(lazy(recv, op)));
    }
    let elem = elem_type(recv);
    // `First`, `FirstOrDefault` and `Any` stop at the first match: the lambdas of a
    // `Where`/`Select` chain run only as far as needed, as in .NET.
    if matches!(name, "First" | "FirstOrDefault" | "Any") && args.len() <= 1 {
        let found = first_streamed(interp, recv, args.first())?;
        let default = elem.as_ref().map_or(Value::Null, Ty::default_value);
        return Ok(Some(match (name, found) {
            ("Any", found) => Value::Bool(found.is_some()),
            (_, Some(v)) => v,
            ("FirstOrDefault", None) => default,
            (_, None) if !args.is_empty() => {
                return Err(Exception::invalid_operation("Sequence contains no matching element"));
            }
            (_, None) => return Err(no_elements()),
        }));
    }
    let items = iterate(interp, recv)?;
    let default = || elem.as_ref().map_or(Value::Null, Ty::default_value);
    Ok(Some(match (name, &*args) {
        ("Count" | "LongCount", p) => {
            let n = with_pred(interp, items, p.first())?.len();
            if name == "Count" {
                Value::I32(i32::try_from(n).unwrap_or(i32::MAX))
            } else {
                Value::I64(i64::try_from(n).unwrap_or(0))
            }
        }
        ("Any", p) => Value::Bool(!with_pred(interp, items, p.first())?.is_empty()),
        ("All", [f]) => {
            for x in items {
                if !truthy(&interp.call1(f, x)?) {
                    return Ok(Some(Value::Bool(false)));
                }
            }
            Value::Bool(true)
        }
        ("First" | "FirstOrDefault" | "Last" | "LastOrDefault", p) => {
            let had_pred = !p.is_empty();
            let mut found = with_pred(interp, items, p.first())?;
            let pick = if name.starts_with("First") { found.drain(..).next() } else { found.pop() };
            match pick {
                Some(v) => v,
                None if name.ends_with("OrDefault") => default(),
                None if had_pred => return Err(Exception::invalid_operation("Sequence contains no matching element")),
                None => return Err(no_elements()),
            }
        }
        ("Single" | "SingleOrDefault", p) => {
            let had_pred = !p.is_empty();
            let found = with_pred(interp, items, p.first())?;
            match found.len() {
                1 => found.into_iter().next().unwrap_or(Value::Null),
                0 if name == "SingleOrDefault" => default(),
                0 if had_pred => return Err(Exception::invalid_operation("Sequence contains no matching element")),
                0 => return Err(no_elements()),
                _ if had_pred => {
                    return Err(Exception::invalid_operation("Sequence contains more than one matching element"));
                }
                _ => return Err(Exception::invalid_operation("Sequence contains more than one element")),
            }
        }
        ("ElementAt" | "ElementAtOrDefault", [i]) => {
            let i = to_i64(i)?;
            match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                Some(v) => v.clone(),
                None if name == "ElementAtOrDefault" => default(),
                None => {
                    return Err(Exception::out_of_range(
                        "Index was out of range. Must be non-negative and less than the size of the collection.",
                        Some("index"),
                    ));
                }
            }
        }
        ("Contains", [x]) => Value::Bool(contains(&items, x)),
        ("Sum", p) => {
            let vals = match p.first() {
                Some(f) => items.into_iter().map(|x| interp.call1(f, x)).collect::<Result<Vec<_>>>()?,
                None => items,
            };
            sum(&vals, if p.is_empty() { elem } else { None })?
        }
        ("Average", p) => {
            let vals = match p.first() {
                Some(f) => items.into_iter().map(|x| interp.call1(f, x)).collect::<Result<Vec<_>>>()?,
                None => items,
            };
            let vals: Vec<Value> = vals.into_iter().filter(|v| !v.is_null()).collect();
            if vals.is_empty() {
                return Err(no_elements());
            }
            let n = vals.len();
            if matches!(vals[0], Value::Decimal(_)) {
                let s = sum(&vals, None)?;
                ops::binary(apim_expr::ast::BinaryOp::Div, &s, &Value::I64(i64::try_from(n).unwrap_or(1)), false)?
            } else {
                let total: f64 = vals.iter().map(ops::as_f64).sum();
                #[allow(clippy::cast_precision_loss)]
                let avg = total / n as f64;
                if matches!(vals[0], Value::F32(_)) {
                    #[allow(clippy::cast_possible_truncation)]
                    Value::F32(avg as f32)
                } else {
                    Value::F64(avg)
                }
            }
        }
        ("Min" | "Max", p) => {
            let (vals, el) = match p.first() {
                Some(f) => (items.into_iter().map(|x| interp.call1(f, x)).collect::<Result<Vec<_>>>()?, None),
                None => (items, elem),
            };
            let el = el.or_else(|| vals.first().and_then(type_of));
            min_max(vals, name == "Max", el)?
        }
        ("Aggregate", [f]) => {
            let mut it = items.into_iter();
            let mut acc = it.next().ok_or_else(no_elements)?;
            for x in it {
                acc = interp.call(f, vec![acc, x])?;
            }
            acc
        }
        ("Aggregate", [seed, f, rest @ ..]) => {
            let mut acc = seed.clone();
            for x in items {
                acc = interp.call(f, vec![acc, x])?;
            }
            match rest.first() {
                Some(r) => interp.call1(r, acc)?,
                None => acc,
            }
        }
        ("ToList", []) => {
            interp.check_items(items.len())?;
            let e = infer_elem(&items, elem);
            Value::list(e, items)
        }
        ("ToArray", []) => {
            let e = infer_elem(&items, elem);
            Value::array(e, items)
        }
        ("ToHashSet", []) => {
            let mut out: Vec<Value> = Vec::new();
            for x in items {
                if !contains(&out, &x) {
                    out.push(x);
                }
            }
            let e = infer_elem(&out, elem);
            Value::Set(crate::value::Seq::new(e, out))
        }
        ("ToDictionary", [kf, rest @ ..]) => {
            let mut entries: Vec<(Value, Value)> = Vec::new();
            for x in items {
                let k = interp.call1(kf, x.clone())?;
                let v = match rest.first() {
                    Some(vf) if matches!(vf, Value::Func(_)) => interp.call1(vf, x)?,
                    _ => x,
                };
                if k.is_null() {
                    return Err(Exception::argument_null("key"));
                }
                if entries.iter().any(|(e, _)| object_equals(e, &k)) {
                    return Err(Exception::argument("An item with the same key has already been added.", None));
                }
                entries.push((k, v));
            }
            let kt = infer_elem(&entries.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(), None);
            let vt = infer_elem(&entries.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(), None);
            Value::Dict(Rc::new(Dict {
                key: kt,
                value: vt,
                ignore_case: false,
                entries: entries.into(),
                slots: std::cell::RefCell::default(),
            }))
        }
        ("GroupBy", [kf, rest @ ..]) => {
            let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
            for x in items {
                let k = interp.call1(kf, x.clone())?;
                let v = match rest.first() {
                    Some(vf) => interp.call1(vf, x)?,
                    None => x,
                };
                match groups.iter_mut().find(|(g, _)| object_equals(g, &k)) {
                    Some((_, vs)) => vs.push(v),
                    None => groups.push((k, vec![v])),
                }
            }
            let out = groups
                .into_iter()
                .map(|(k, vs)| {
                    let e = infer_elem(&vs, None);
                    Value::Tuple(Rc::new(crate::value::TupleObj {
                        names: vec![Rc::from("Key"), Rc::from(GROUP_ELEMENTS)],
                        items: vec![k, Value::list(e, vs)].into(),
                        anonymous: true,
                        reference: false,
                    }))
                })
                .collect();
            Value::list(Ty::Object, out)
        }
        ("SequenceEqual", [o]) => {
            let other = iterate(interp, o)?;
            Value::Bool(items.len() == other.len() && items.iter().zip(&other).all(|(a, b)| object_equals(a, b)))
        }
        ("Reverse", []) => return Ok(None),
        _ => {
            let _ = a0;
            return Ok(None);
        }
    }))
}

/// `Enumerable.Range/Repeat/Empty` and static-call forms of the extension methods.
///
/// # Errors
/// `ArgumentOutOfRangeException` for a negative count.
pub fn call_static(interp: &mut Interp<'_>, name: &str, targs: &[Ty], args: &mut [Value]) -> Result<Option<Value>> {
    Ok(Some(match (name, &*args) {
        ("Range", [s, c]) => {
            let (s, c) = (to_i64(s)?, to_i64(c)?);
            if c < 0 || s + c - 1 > i64::from(i32::MAX) {
                return Err(Exception::out_of_range(
                    "Specified argument was out of the range of valid values.",
                    Some("count"),
                ));
            }
            Value::Lazy(Rc::new(Lazy { source: Value::Null, op: Op::Range(s, c) }))
        }
        ("Repeat", [v, c]) => {
            let c = to_i64(c)?;
            if c < 0 {
                return Err(Exception::out_of_range(
                    "Specified argument was out of the range of valid values.",
                    Some("count"),
                ));
            }
            Value::Lazy(Rc::new(Lazy { source: Value::Null, op: Op::Repeat(v.clone(), c) }))
        }
        ("Empty", []) => Value::array(targs.first().cloned().unwrap_or(Ty::Object), Vec::new()),
        (_, [recv, rest @ ..]) => {
            let recv = recv.clone();
            let mut rest = rest.to_vec();
            return call(interp, &recv, name, targs, &mut rest);
        }
        _ => return Ok(None),
    }))
}
