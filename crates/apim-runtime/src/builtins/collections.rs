//! Arrays, `List<T>`, `Dictionary<K,V>`, `HashSet<T>`, `Queue<T>`, `Stack<T>`,
//! `KeyValuePair<K,V>`, `StringBuilder`, `BitConverter`, `Array`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{implicit, to_i64};
use crate::eval::ops::object_equals;
use crate::types::Ty;
use crate::value::{Dict, EnumTy, Seq, Value};

use super::format::{string_format, to_string};

fn count(n: usize) -> Value {
    Value::I32(i32::try_from(n).unwrap_or(i32::MAX))
}

fn key_eq(d: &Dict, a: &Value, b: &Value) -> bool {
    if d.ignore_case
        && let (Value::Str(x), Value::Str(y)) = (a, b)
    {
        return x.to_lowercase() == y.to_lowercase();
    }
    object_equals(a, b)
}

/// Element equality of a `HashSet`, under its comparer.
fn set_eq(s: &Seq, a: &Value, b: &Value) -> bool {
    if s.ignore_case.get()
        && let (Value::Str(x), Value::Str(y)) = (a, b)
    {
        return x.chars().map(super::string::upper_char).eq(y.chars().map(super::string::upper_char));
    }
    object_equals(a, b)
}

/// Members (properties) of collections.
///
/// # Errors
/// None today.
pub fn member(v: &Value, name: &str) -> Result<Option<Value>> {
    Ok(match (v, name) {
        (Value::Array(s), "Length" | "LongLength") => Some(count(s.items.borrow().len())),
        (Value::List(s) | Value::Set(s) | Value::Queue(s) | Value::Stack(s), "Count") => {
            Some(count(s.items.borrow().len()))
        }
        (Value::List(s), "Capacity") => Some(count(s.items.borrow().len())),
        (Value::Dict(d), "Count") => Some(count(d.entries.borrow().len())),
        (Value::Dict(d), "Keys") => {
            Some(Value::list(d.key.clone(), d.entries.borrow().iter().map(|(k, _)| k.clone()).collect()))
        }
        (Value::Dict(d), "Values") => {
            Some(Value::list(d.value.clone(), d.entries.borrow().iter().map(|(_, v)| v.clone()).collect()))
        }
        (Value::Pair(p), "Key") => Some(p.0.clone()),
        (Value::Pair(p), "Value") => Some(p.1.clone()),
        (Value::Builder(b), "Length") => Some(count(super::string::utf16_len(&b.borrow()))),
        _ => None,
    })
}

fn seq_index(s: &Seq, args: &[Value], array: bool) -> Result<usize> {
    let i = to_i64(args.first().unwrap_or(&Value::Null))?;
    let len = s.items.borrow().len();
    match usize::try_from(i) {
        Ok(i) if i < len => Ok(i),
        _ if array => Err(Exception::index_out_of_range()),
        _ => Err(Exception::list_index()),
    }
}

/// `c[args]`.
///
/// # Errors
/// `IndexOutOfRangeException`, `ArgumentOutOfRangeException`, `KeyNotFoundException`.
pub fn index_get(v: &Value, args: &[Value]) -> Result<Option<Value>> {
    Ok(match v {
        Value::Array(s) => Some(s.items.borrow()[seq_index(s, args, true)?].clone()),
        Value::List(s) => Some(s.items.borrow()[seq_index(s, args, false)?].clone()),
        Value::Dict(d) => {
            let k = args.first().cloned().unwrap_or(Value::Null);
            if k.is_null() {
                return Err(Exception::argument_null("key"));
            }
            let entries = d.entries.borrow();
            Some(
                entries
                    .iter()
                    .find(|(e, _)| key_eq(d, e, &k))
                    .map(|(_, v)| v.clone())
                    .ok_or_else(Exception::key_not_found)?,
            )
        }
        Value::Builder(b) => {
            let i = to_i64(args.first().unwrap_or(&Value::Null))?;
            let c = usize::try_from(i).ok().and_then(|i| b.borrow().chars().nth(i));
            Some(Value::Char(c.ok_or_else(|| {
                Exception::out_of_range(
                    "Index was out of range. Must be non-negative and less than the size of the collection.",
                    Some("index"),
                )
            })?))
        }
        _ => None,
    })
}

/// `c[args] = value`.
///
/// # Errors
/// Index errors; `ArrayTypeMismatchException` is not modelled.
pub fn index_set(interp: &mut Interp<'_>, v: &Value, args: &[Value], value: Value) -> Result<()> {
    let _ = interp;
    match v {
        Value::Array(s) | Value::List(s) => {
            let i = seq_index(s, args, matches!(v, Value::Array(_)))?;
            // Array covariance: an `object[]` may be a `string[]`, which then refuses an int.
            if matches!(v, Value::Array(_))
                && !s.elem.is_value_type()
                && !value.is_null()
                && !crate::types::is_instance(&value, &s.elem)
            {
                return Err(Exception::new(
                    "System.ArrayTypeMismatchException",
                    "Attempted to access an element as a type incompatible with the array.",
                ));
            }
            let value = implicit(value, &Some(s.elem.clone()))?;
            s.items.borrow_mut()[i] = value;
            Ok(())
        }
        Value::Dict(d) => {
            let k = args.first().cloned().unwrap_or(Value::Null);
            if k.is_null() {
                return Err(Exception::argument_null("key"));
            }
            let value = implicit(value, &Some(d.value.clone()))?;
            let mut entries = d.entries.borrow_mut();
            match entries.iter_mut().find(|(e, _)| key_eq(d, e, &k)) {
                Some(slot) => slot.1 = value,
                None => {
                    drop(entries);
                    d.insert(k, value);
                }
            }
            Ok(())
        }
        _ => Err(Exception::unsupported("indexer assignment")),
    }
}

/// `new List<T>(...)` and friends.
///
/// # Errors
/// Bad arguments.
pub fn construct(interp: &mut Interp<'_>, ty: &Ty, args: &mut [Value]) -> Result<Option<Value>> {
    let initial = |interp: &mut Interp<'_>, args: &[Value]| -> Result<Vec<Value>> {
        match args.first() {
            Some(v) if super::linq::is_enumerable(v) => super::linq::iterate(interp, v),
            Some(Value::Null) => Err(Exception::argument_null("collection")),
            _ => Ok(Vec::new()),
        }
    };
    Ok(Some(match ty {
        Ty::List(e) => Value::List(Seq::new((**e).clone(), initial(interp, args)?)),
        Ty::Queue(e) => Value::Queue(Seq::new((**e).clone(), initial(interp, args)?)),
        Ty::Stack(e) => Value::Stack(Seq::new((**e).clone(), initial(interp, args)?)),
        Ty::Set(e) => {
            let ignore_case = args.iter().any(|a| matches!(a, Value::Enum(EnumTy::StringComparison, x) if x % 2 == 1));
            let set = Seq::new((**e).clone(), Vec::new());
            set.ignore_case.set(ignore_case);
            for x in initial(interp, args)? {
                if !set.items.borrow().iter().any(|y| set_eq(&set, y, &x)) {
                    set.items.borrow_mut().push(x);
                }
            }
            Value::Set(set)
        }
        Ty::Dict(k, v) => {
            let mut ignore_case = false;
            let mut entries = Vec::new();
            for a in args.iter() {
                match a {
                    Value::Enum(EnumTy::StringComparison, x) => ignore_case = x % 2 == 1,
                    Value::Dict(d) => entries = d.entries.borrow().clone(),
                    _ => {}
                }
            }
            Value::Dict(Rc::new(Dict {
                key: (**k).clone(),
                value: (**v).clone(),
                ignore_case,
                entries: entries.into(),
                slots: std::cell::RefCell::default(),
            }))
        }
        Ty::Pair(k, v) => {
            let (a, b) = (args.first().cloned().unwrap_or_default(), args.get(1).cloned().unwrap_or_default());
            Value::Pair(Rc::new((a, b, (**k).clone(), (**v).clone())))
        }
        Ty::Builder => Value::Builder(Rc::new(RefCell::new(match args.first() {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        }))),
        _ => return Ok(None),
    }))
}

/// Methods of collections and `StringBuilder`.
///
/// # Errors
/// .NET's exceptions.
#[allow(clippy::too_many_lines)]
pub fn call(interp: &mut Interp<'_>, v: &Value, name: &str, targs: &[Ty], args: &mut [Value]) -> Result<Option<Value>> {
    let _ = targs;
    Ok(Some(match (v, name, &*args) {
        (Value::List(s), "Add", [x]) => {
            let x = implicit(x.clone(), &Some(s.elem.clone()))?;
            let mut items = s.items.borrow_mut();
            items.push(x);
            interp.check_items(items.len())?;
            Value::Null
        }
        (Value::List(s), "AddRange", [x]) => {
            let more = super::linq::iterate(interp, x)?;
            let mut items = s.items.borrow_mut();
            items.extend(more);
            interp.check_items(items.len())?;
            Value::Null
        }
        (Value::List(s), "Insert", [i, x]) => {
            let i = usize::try_from(to_i64(i)?).unwrap_or(usize::MAX);
            let mut items = s.items.borrow_mut();
            if i > items.len() {
                return Err(Exception::out_of_range("Index must be within the bounds of the List.", Some("index")));
            }
            items.insert(i, x.clone());
            Value::Null
        }
        (Value::List(s), "Remove", [x]) => {
            let mut items = s.items.borrow_mut();
            match items.iter().position(|y| set_eq(s, y, x)) {
                Some(i) => {
                    items.remove(i);
                    Value::Bool(true)
                }
                None => Value::Bool(false),
            }
        }
        (Value::List(s), "RemoveAt", [i]) => {
            let i = seq_index(s, std::slice::from_ref(i), false)?;
            s.items.borrow_mut().remove(i);
            Value::Null
        }
        (Value::List(s), "RemoveAll", [f]) => {
            let items = s.items.borrow().clone();
            let mut keep = Vec::new();
            let mut removed = 0;
            for x in items {
                if matches!(interp.call1(f, x.clone())?, Value::Bool(true)) {
                    removed += 1;
                } else {
                    keep.push(x);
                }
            }
            *s.items.borrow_mut() = keep;
            count(removed)
        }
        (Value::List(s) | Value::Set(s) | Value::Queue(s) | Value::Stack(s), "Clear", []) => {
            s.items.borrow_mut().clear();
            Value::Null
        }
        (Value::List(s) | Value::Array(s), "IndexOf", [x, ..]) => Value::I32(
            s.items.borrow().iter().position(|y| object_equals(y, x)).map_or(-1, |i| i32::try_from(i).unwrap_or(-1)),
        ),
        (Value::Set(s), "Contains", [x]) => Value::Bool(s.items.borrow().iter().any(|y| set_eq(s, y, x))),
        (Value::List(s) | Value::Array(s) | Value::Queue(s) | Value::Stack(s), "Contains", [x]) => {
            Value::Bool(s.items.borrow().iter().any(|y| object_equals(y, x)))
        }
        (Value::List(s), "Sort", []) => {
            let mut items = s.items.borrow().clone();
            let mut err = None;
            items.sort_by(|a, b| {
                super::linq::default_compare(a, b).unwrap_or_else(|e| {
                    err = Some(e);
                    std::cmp::Ordering::Equal
                })
            });
            if let Some(e) = err {
                return Err(Exception::invalid_operation(format!(
                    "Failed to compare two elements in the array. {}",
                    e.message
                )));
            }
            *s.items.borrow_mut() = items;
            Value::Null
        }
        (Value::List(s), "Sort", [f]) => {
            let mut items = s.items.borrow().clone();
            let mut failed = None;
            let mut keyed: Vec<Value> = Vec::new();
            std::mem::swap(&mut keyed, &mut items);
            // Insertion sort through the comparison delegate (stable, small lists).
            let mut sorted: Vec<Value> = Vec::new();
            for x in keyed {
                let mut pos = sorted.len();
                for (i, y) in sorted.iter().enumerate() {
                    match interp.call(f, vec![x.clone(), y.clone()]) {
                        Ok(Value::I32(c)) if c < 0 => {
                            pos = i;
                            break;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                sorted.insert(pos, x);
            }
            if let Some(e) = failed {
                return Err(e);
            }
            *s.items.borrow_mut() = sorted;
            Value::Null
        }
        (Value::List(s), "Reverse", []) => {
            s.items.borrow_mut().reverse();
            Value::Null
        }
        (Value::List(s), "ForEach", [f]) => {
            let items = s.items.borrow().clone();
            for x in items {
                interp.call1(f, x)?;
            }
            Value::Null
        }
        (Value::List(s), "Exists", [f]) => {
            let items = s.items.borrow().clone();
            for x in items {
                if matches!(interp.call1(f, x)?, Value::Bool(true)) {
                    return Ok(Some(Value::Bool(true)));
                }
            }
            Value::Bool(false)
        }
        (Value::List(s), "Find", [f]) => {
            let items = s.items.borrow().clone();
            for x in items {
                if matches!(interp.call1(f, x.clone())?, Value::Bool(true)) {
                    return Ok(Some(x));
                }
            }
            s.elem.default_value()
        }
        (Value::List(s), "FindAll", [f]) => {
            let items = s.items.borrow().clone();
            let mut out = Vec::new();
            for x in items {
                if matches!(interp.call1(f, x.clone())?, Value::Bool(true)) {
                    out.push(x);
                }
            }
            Value::list(s.elem.clone(), out)
        }
        (Value::List(s), "FindIndex", [f]) => {
            let items = s.items.borrow().clone();
            for (i, x) in items.into_iter().enumerate() {
                if matches!(interp.call1(f, x)?, Value::Bool(true)) {
                    return Ok(Some(count(i)));
                }
            }
            Value::I32(-1)
        }
        (Value::List(s), "GetRange", [i, n]) => {
            let (i, n) = (to_i64(i)?, to_i64(n)?);
            let items = s.items.borrow();
            let len = i64::try_from(items.len()).unwrap_or(0);
            if i < 0 || n < 0 || i + n > len {
                return Err(Exception::argument(
                    "Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.",
                    None,
                ));
            }
            let (a, b) = (usize::try_from(i).unwrap_or(0), usize::try_from(i + n).unwrap_or(0));
            Value::list(s.elem.clone(), items[a..b].to_vec())
        }
        (Value::List(s) | Value::Set(s), "ToArray", []) => Value::array(s.elem.clone(), s.items.borrow().clone()),
        (Value::Set(s), "Add", [x]) => {
            let mut items = s.items.borrow_mut();
            if items.iter().any(|y| set_eq(s, y, x)) {
                Value::Bool(false)
            } else {
                items.push(x.clone());
                interp.check_items(items.len())?;
                Value::Bool(true)
            }
        }
        (Value::Set(s), "Remove", [x]) => {
            let mut items = s.items.borrow_mut();
            match items.iter().position(|y| object_equals(y, x)) {
                Some(i) => {
                    items.remove(i);
                    Value::Bool(true)
                }
                None => Value::Bool(false),
            }
        }
        (
            Value::Set(s),
            "IsSubsetOf" | "IsSupersetOf" | "IsProperSubsetOf" | "IsProperSupersetOf" | "Overlaps" | "SetEquals",
            [o],
        ) => {
            if o.is_null() {
                return Err(Exception::argument_null("other"));
            }
            let other = super::linq::iterate(interp, o)?;
            let mine = s.items.borrow().clone();
            let in_other = |x: &Value| other.iter().any(|y| set_eq(s, x, y));
            let in_mine = |x: &Value| mine.iter().any(|y| set_eq(s, x, y));
            let subset = mine.iter().all(in_other);
            let superset = other.iter().all(in_mine);
            Value::Bool(match name {
                "IsSubsetOf" => subset,
                "IsSupersetOf" => superset,
                "IsProperSubsetOf" => subset && !superset,
                "IsProperSupersetOf" => superset && !subset,
                "Overlaps" => mine.iter().any(in_other),
                _ => subset && superset,
            })
        }
        (Value::Set(s), "IntersectWith" | "ExceptWith", [o]) => {
            if o.is_null() {
                return Err(Exception::argument_null("other"));
            }
            let other = super::linq::iterate(interp, o)?;
            let keep = name == "IntersectWith";
            s.items.borrow_mut().retain(|x| other.iter().any(|y| set_eq(s, x, y)) == keep);
            Value::Null
        }
        (Value::Set(s), "UnionWith", [o]) => {
            let more = super::linq::iterate(interp, o)?;
            let mut items = s.items.borrow_mut();
            for x in more {
                if !items.iter().any(|y| set_eq(s, y, &x)) {
                    items.push(x);
                }
            }
            Value::Null
        }
        (Value::Queue(s), "Enqueue", [x]) | (Value::Stack(s), "Push", [x]) => {
            let mut items = s.items.borrow_mut();
            items.push(x.clone());
            interp.check_items(items.len())?;
            Value::Null
        }
        (Value::Queue(s), "Dequeue" | "Peek", []) => {
            let mut items = s.items.borrow_mut();
            if items.is_empty() {
                return Err(Exception::invalid_operation("Queue empty."));
            }
            if name == "Dequeue" { items.remove(0) } else { items[0].clone() }
        }
        (Value::Stack(s), "Pop" | "Peek", []) => {
            let mut items = s.items.borrow_mut();
            let Some(top) = items.last().cloned() else { return Err(Exception::invalid_operation("Stack empty.")) };
            if name == "Pop" {
                items.pop();
            }
            top
        }
        (Value::Dict(d), "Add", [k, x]) => {
            if k.is_null() {
                return Err(Exception::argument_null("key"));
            }
            if d.entries.borrow().iter().any(|(e, _)| key_eq(d, e, k)) {
                return Err(Exception::argument("An item with the same key has already been added.", None));
            }
            let x = implicit(x.clone(), &Some(d.value.clone()))?;
            d.insert(k.clone(), x);
            interp.check_items(d.entries.borrow().len())?;
            Value::Null
        }
        (Value::Dict(d), "ContainsKey", [k]) => {
            if k.is_null() {
                return Err(Exception::argument_null("key"));
            }
            Value::Bool(d.entries.borrow().iter().any(|(e, _)| key_eq(d, e, k)))
        }
        (Value::Dict(d), "ContainsValue", [x]) => {
            Value::Bool(d.entries.borrow().iter().any(|(_, v)| object_equals(v, x)))
        }
        (Value::Dict(d), "Remove", [k]) => {
            let found = d.entries.borrow().iter().position(|(e, _)| key_eq(d, e, k));
            match found {
                Some(i) => {
                    d.remove_at(i);
                    Value::Bool(true)
                }
                None => Value::Bool(false),
            }
        }
        (Value::Dict(d), "Clear", []) => {
            d.entries.borrow_mut().clear();
            Value::Null
        }
        // APIM's `GetValueOrDefault(name, default)` on `IReadOnlyDictionary<string, string[]>`
        // (`Jwt.Claims`): the values joined with ",". (`Dictionary<K, V>` itself has no
        // `GetValueOrDefault` in .NET Framework; the compiler rejects other dictionaries.)
        (Value::Dict(d), "GetValueOrDefault", [k, rest @ ..])
            if d.key == Ty::String && d.value == Ty::Array(Box::new(Ty::String)) && rest.len() <= 1 =>
        {
            let found = d.entries.borrow().iter().find(|(e, _)| key_eq(d, e, k)).map(|(_, v)| v.clone());
            match found {
                Some(Value::Array(values)) => Value::string(
                    values.items.borrow().iter().map(super::format::to_string_plain).collect::<Vec<_>>().join(","),
                ),
                _ => rest.first().cloned().unwrap_or(Value::Null),
            }
        }
        (Value::Dict(d), "TryGetValue", [k, _]) => {
            if k.is_null() {
                return Err(Exception::argument_null("key"));
            }
            let found = d.entries.borrow().iter().find(|(e, _)| key_eq(d, e, k)).map(|(_, v)| v.clone());
            let ok = found.is_some();
            args[1] = found.unwrap_or_else(|| d.value.default_value());
            Value::Bool(ok)
        }
        (Value::Array(s), "Clone", []) => Value::array(s.elem.clone(), s.items.borrow().clone()),
        (Value::Array(s), "GetLength", [_]) => count(s.items.borrow().len()),
        (Value::Pair(p), "Deconstruct", [_, _]) => {
            args[0] = p.0.clone();
            args[1] = p.1.clone();
            Value::Null
        }
        (Value::Builder(b), "Append", [x, rest @ ..]) => {
            let text = match (x, rest) {
                (Value::Char(c), [n]) => std::iter::repeat_n(*c, usize::try_from(to_i64(n)?).unwrap_or(0)).collect(),
                _ => to_string(x)?,
            };
            let mut s = b.borrow_mut();
            s.push_str(&text);
            interp.check_string(s.len())?;
            v.clone()
        }
        (Value::Builder(b), "AppendLine", rest) => {
            let text = match rest.first() {
                Some(x) => to_string(x)?,
                None => String::new(),
            };
            let mut s = b.borrow_mut();
            s.push_str(&text);
            s.push_str("\r\n");
            interp.check_string(s.len())?;
            v.clone()
        }
        (Value::Builder(b), "AppendFormat", [Value::Str(f), rest @ ..]) => {
            let f = f.clone();
            let items = rest.to_vec();
            let text = string_format(interp, &f, &items)?;
            let mut s = b.borrow_mut();
            s.push_str(&text);
            interp.check_string(s.len())?;
            v.clone()
        }
        (Value::Builder(b), "Insert", [i, x]) => {
            let i = usize::try_from(to_i64(i)?).unwrap_or(0);
            let text = to_string(x)?;
            let mut s = b.borrow_mut();
            let mut cs: Vec<char> = s.chars().collect();
            if i > cs.len() {
                return Err(Exception::out_of_range(
                    "Index was out of range. Must be non-negative and less than the size of the collection.",
                    Some("index"),
                ));
            }
            let tail = cs.split_off(i);
            *s = cs.into_iter().chain(text.chars()).chain(tail).collect();
            v.clone()
        }
        (Value::Builder(b), "Replace", [Value::Str(a), bb]) => {
            let r = b.borrow().replace(&**a, &to_string(bb)?);
            *b.borrow_mut() = r;
            v.clone()
        }
        (Value::Builder(b), "Remove", [i, n]) => {
            let (i, n) = (usize::try_from(to_i64(i)?).unwrap_or(0), usize::try_from(to_i64(n)?).unwrap_or(0));
            let cs: Vec<char> = b.borrow().chars().collect();
            if i + n > cs.len() {
                return Err(Exception::out_of_range(
                    "Index was out of range. Must be non-negative and less than the size of the collection.",
                    Some("startIndex"),
                ));
            }
            *b.borrow_mut() = cs[..i].iter().chain(&cs[i + n..]).collect();
            v.clone()
        }
        (Value::Builder(b), "Clear", []) => {
            b.borrow_mut().clear();
            v.clone()
        }
        (Value::Builder(b), "ToString", []) => Value::string(b.borrow().clone()),
        (Value::Builder(b), "ToString", [_, _]) => {
            // Same checks and messages as `Substring(startIndex, length)`.
            let s: std::rc::Rc<str> = b.borrow().as_str().into();
            return super::string::call(interp, &s, "Substring", args);
        }
        _ => return Ok(None),
    }))
}

/// `BitConverter` and `Array` statics.
///
/// # Errors
/// Bad arguments.
pub fn call_static(
    interp: &mut Interp<'_>,
    ty: &str,
    name: &str,
    targs: &[Ty],
    args: &mut [Value],
) -> Result<Option<Value>> {
    if let ("Array", "Find" | "FindLast" | "FindIndex" | "FindLastIndex" | "Exists" | "TrueForAll", [arr, pred]) =
        (ty, name, &*args)
    {
        let Value::Array(s) = arr else {
            return if arr.is_null() { Err(Exception::argument_null("array")) } else { Ok(None) };
        };
        if pred.is_null() {
            return Err(Exception::argument_null("match"));
        }
        let items = s.items.borrow().clone();
        let mut order: Vec<usize> = (0..items.len()).collect();
        if name.starts_with("FindLast") {
            order.reverse();
        }
        for i in order {
            let hit = matches!(interp.call1(pred, items[i].clone())?, Value::Bool(true));
            match (name, hit) {
                ("TrueForAll", false) => return Ok(Some(Value::Bool(false))),
                ("TrueForAll", true) => {}
                ("Exists", true) => return Ok(Some(Value::Bool(true))),
                ("Find" | "FindLast", true) => return Ok(Some(items[i].clone())),
                ("FindIndex" | "FindLastIndex", true) => return Ok(Some(count(i))),
                _ => {}
            }
        }
        return Ok(Some(match name {
            "TrueForAll" => Value::Bool(true),
            "Exists" => Value::Bool(false),
            "Find" | "FindLast" => s.elem.default_value(),
            _ => Value::I32(-1),
        }));
    }
    if let ("Array", "Resize", [arr, n]) = (ty, name, &*args) {
        let n = crate::eval::convert::to_i64(n)?;
        let n = usize::try_from(n)
            .map_err(|_| Exception::out_of_range("Non-negative number required.", Some("newSize")))?;
        interp.check_items(n)?;
        let (elem, mut items) = match arr {
            Value::Array(s) => (s.elem.clone(), s.items.borrow().clone()),
            _ => match targs.first() {
                Some(t) => (t.clone(), Vec::new()),
                None => return Ok(None),
            },
        };
        items.resize(n, elem.default_value());
        args[0] = Value::array(elem, items);
        return Ok(Some(Value::Null));
    }
    Ok(Some(match (ty, name, &*args) {
        ("BitConverter", "ToString", [Value::Array(s)]) => {
            let bytes = super::encoding::bytes_of(&Value::Array(s.clone()))?;
            Value::string(bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join("-"))
        }
        ("BitConverter", "GetBytes", [x]) => {
            let bytes: Vec<u8> = match x {
                Value::I32(i) => i.to_le_bytes().to_vec(),
                Value::I64(i) => i.to_le_bytes().to_vec(),
                Value::F64(f) => f.to_le_bytes().to_vec(),
                Value::Bool(b) => vec![u8::from(*b)],
                _ => return Ok(None),
            };
            Value::array(Ty::U8, bytes.into_iter().map(Value::U8).collect())
        }
        (
            "BitConverter",
            "ToInt16" | "ToUInt16" | "ToInt32" | "ToUInt32" | "ToInt64" | "ToUInt64" | "ToDouble",
            [bytes, start],
        ) => {
            let size = match name {
                "ToInt16" | "ToUInt16" => 2,
                "ToInt32" | "ToUInt32" => 4,
                _ => 8,
            };
            let b = bit_slice(bytes, start, size)?;
            let mut buf = [0u8; 8];
            buf[..size].copy_from_slice(&b);
            let raw = u64::from_le_bytes(buf);
            #[allow(clippy::cast_possible_truncation)]
            match name {
                "ToInt16" => Value::I16(raw as u16 as i16),
                "ToUInt16" => Value::U16(raw as u16),
                "ToInt32" => Value::I32(raw as u32 as i32),
                "ToUInt32" => Value::U32(raw as u32),
                "ToInt64" => Value::I64(raw as i64),
                "ToUInt64" => Value::U64(raw),
                _ => Value::F64(f64::from_bits(raw)),
            }
        }
        ("BitConverter", "ToBoolean", [bytes, start]) => Value::Bool(bit_slice(bytes, start, 1)?[0] != 0),
        ("Array", "IndexOf", [Value::Array(s), x]) => Value::I32(
            s.items.borrow().iter().position(|y| object_equals(y, x)).map_or(-1, |i| i32::try_from(i).unwrap_or(-1)),
        ),
        ("Array", "Reverse", [Value::Array(s)]) => {
            s.items.borrow_mut().reverse();
            Value::Null
        }
        ("Array", "Sort", [Value::Array(s)]) => {
            let mut items = s.items.borrow().clone();
            items.sort_by(|a, b| super::linq::default_compare(a, b).unwrap_or(std::cmp::Ordering::Equal));
            *s.items.borrow_mut() = items;
            Value::Null
        }
        ("Array", "Empty", []) => Value::array(targs.first().cloned().unwrap_or(Ty::Object), Vec::new()),
        _ => return Ok(None),
    }))
}

/// `size` bytes of `bytes` from `start`, with `BitConverter.ToXxx`'s checks.
fn bit_slice(bytes: &Value, start: &Value, size: usize) -> Result<Vec<u8>> {
    if bytes.is_null() {
        return Err(Exception::argument_null("value"));
    }
    let b = super::encoding::bytes_of(bytes)?;
    let start = usize::try_from(crate::eval::convert::to_i64(start)?).unwrap_or(usize::MAX);
    if start >= b.len() {
        return Err(Exception::out_of_range(
            "Index was out of range. Must be non-negative and less than the size of the collection.",
            Some("startIndex"),
        ));
    }
    b.get(start..start + size).map(<[u8]>::to_vec).ok_or_else(|| {
        Exception::argument(
            "Destination array is not long enough to copy all the items in the collection. Check array index and length.",
            None,
        )
    })
}
