//! `System.String`: instance methods, `string.Join/Format/Concat/...`, with .NET's
//! exceptions. Indexes count UTF-16 code units for BMP text (characters otherwise).

use std::cmp::Ordering;
use std::rc::Rc;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::to_i64;
use crate::types::Ty;
use crate::value::{EnumTy, Value};

use super::format::{string_format, to_string, to_string_plain};

/// `s.Length` in UTF-16 code units.
#[must_use]
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s[i]`.
///
/// # Errors
/// `IndexOutOfRangeException`.
pub fn char_at(s: &str, i: i64) -> Result<Value> {
    let i = usize::try_from(i).map_err(|_| Exception::index_out_of_range())?;
    s.chars().nth(i).map(Value::Char).ok_or_else(Exception::index_out_of_range)
}

/// Culture-aware comparison (invariant culture), approximated: case-insensitive order
/// first, with punctuation and symbols before digits and digits before letters (as in the
/// culture sort tables), then lower case before upper case.
#[must_use]
pub fn compare_culture(a: &str, b: &str, ignore_case: bool) -> Ordering {
    let class = |c: char| {
        if c.is_alphabetic() {
            2u8
        } else if c.is_numeric() {
            1
        } else {
            0
        }
    };
    let fold = |s: &str| s.chars().flat_map(char::to_lowercase).map(|c| (class(c), c)).collect::<Vec<_>>();
    let (fa, fb) = (fold(a), fold(b));
    match fa.cmp(&fb) {
        Ordering::Equal if !ignore_case => {
            for (x, y) in a.chars().zip(b.chars()) {
                if x != y {
                    return if x.is_lowercase() { Ordering::Less } else { Ordering::Greater };
                }
            }
            a.len().cmp(&b.len())
        }
        o => o,
    }
}

fn comparison(v: Option<&Value>) -> (bool, bool) {
    // (ordinal, ignore_case)
    match v {
        Some(Value::Enum(EnumTy::StringComparison, x)) => (*x >= 4, x % 2 == 1),
        Some(Value::Bool(b)) => (false, *b),
        _ => (false, false),
    }
}

fn str_arg<'a>(v: &'a Value, param: &str) -> Result<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        Value::Null => Err(Exception::argument_null(param)),
        _ => Err(Exception::invalid_cast()),
    }
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn find(hay: &[char], needle: &[char], from: usize, ignore_case: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    if needle.len() > hay.len() {
        return None;
    }
    let eq = |a: char, b: char| if ignore_case { a.to_lowercase().eq(b.to_lowercase()) } else { a == b };
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].iter().zip(needle).all(|(a, b)| eq(*a, *b)))
}

fn rfind(hay: &[char], needle: &[char], ignore_case: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len().saturating_sub(1));
    }
    if needle.len() > hay.len() {
        return None;
    }
    let eq = |a: char, b: char| if ignore_case { a.to_lowercase().eq(b.to_lowercase()) } else { a == b };
    (0..=hay.len() - needle.len()).rev().find(|&i| hay[i..i + needle.len()].iter().zip(needle).all(|(a, b)| eq(*a, *b)))
}

fn idx(i: Option<usize>) -> Value {
    Value::I32(i.map_or(-1, |i| i32::try_from(i).unwrap_or(i32::MAX)))
}

fn usize_arg(v: &Value) -> Result<i64> {
    to_i64(v)
}

fn trim_set(args: &[Value]) -> Option<Vec<char>> {
    let mut set = Vec::new();
    for a in args {
        match a {
            Value::Char(c) => set.push(*c),
            Value::Array(s) => {
                for c in s.items.borrow().iter() {
                    if let Value::Char(c) = c {
                        set.push(*c);
                    }
                }
            }
            _ => {}
        }
    }
    if set.is_empty() { None } else { Some(set) }
}

fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// .NET Framework's invariant `char.ToUpper`: a one-to-one simple case mapping, so `ß` and
/// other characters whose full uppercase is several characters stay as they are, and the
/// dotless `ı` has no invariant uppercase.
#[must_use]
pub fn upper_char(c: char) -> char {
    if c == '\u{131}' {
        return c;
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// .NET's `char.ToLower`: one character in, one character out (no context-dependent final sigma).
#[must_use]
pub fn lower_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Instance methods of `string`.
///
/// # Errors
/// .NET's exceptions for bad arguments.
#[allow(clippy::too_many_lines)]
pub fn call(interp: &mut Interp<'_>, s: &Rc<str>, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    let out = |x: String| Ok(Some(Value::string(x)));
    match (name, &*args) {
        ("ToUpper" | "ToUpperInvariant", _) => out(s.chars().map(upper_char).collect()),
        ("ToLower" | "ToLowerInvariant", _) => out(s.chars().map(lower_char).collect()),
        ("Trim", a) => match trim_set(a) {
            Some(set) => out(s.trim_matches(|c| set.contains(&c)).to_owned()),
            None => out(s.trim_matches(is_ws).to_owned()),
        },
        ("TrimStart", a) => match trim_set(a) {
            Some(set) => out(s.trim_start_matches(|c| set.contains(&c)).to_owned()),
            None => out(s.trim_start_matches(is_ws).to_owned()),
        },
        ("TrimEnd", a) => match trim_set(a) {
            Some(set) => out(s.trim_end_matches(|c| set.contains(&c)).to_owned()),
            None => out(s.trim_end_matches(is_ws).to_owned()),
        },
        ("Substring", [start, rest @ ..]) => {
            let cs = chars(s);
            let start = usize_arg(start)?;
            let len_total = i64::try_from(cs.len()).unwrap_or(i64::MAX);
            if start < 0 {
                return Err(Exception::out_of_range("StartIndex cannot be less than zero.", Some("startIndex")));
            }
            if start > len_total {
                return Err(Exception::out_of_range(
                    "startIndex cannot be larger than length of string.",
                    Some("startIndex"),
                ));
            }
            let len = match rest.first() {
                Some(l) => usize_arg(l)?,
                None => len_total - start,
            };
            if len < 0 {
                return Err(Exception::out_of_range("Length cannot be less than zero.", Some("length")));
            }
            if start + len > len_total {
                return Err(Exception::out_of_range(
                    "Index and length must refer to a location within the string.",
                    Some("length"),
                ));
            }
            let (a, b) = (usize::try_from(start).unwrap_or(0), usize::try_from(start + len).unwrap_or(0));
            out(cs[a..b].iter().collect())
        }
        ("Contains", [Value::Str(x)]) => Ok(Some(Value::Bool(s.contains(&**x)))),
        ("Contains", [Value::Char(c)]) => Ok(Some(Value::Bool(s.contains(*c)))),
        ("Contains", [Value::Null]) => Err(Exception::argument_null("value")),
        ("Contains", [Value::Str(x), cmp]) => {
            let (_, ic) = comparison(Some(cmp));
            Ok(Some(Value::Bool(find(&chars(s), &chars(x), 0, ic).is_some())))
        }
        ("StartsWith", [x, rest @ ..]) => {
            let x = match x {
                Value::Char(c) => c.to_string(),
                other => str_arg(other, "value")?.to_owned(),
            };
            let (_, ic) = comparison(rest.first());
            Ok(Some(Value::Bool(if ic { s.to_lowercase().starts_with(&x.to_lowercase()) } else { s.starts_with(&*x) })))
        }
        ("EndsWith", [x, rest @ ..]) => {
            let x = match x {
                Value::Char(c) => c.to_string(),
                other => str_arg(other, "value")?.to_owned(),
            };
            let (_, ic) = comparison(rest.first());
            Ok(Some(Value::Bool(if ic { s.to_lowercase().ends_with(&x.to_lowercase()) } else { s.ends_with(&*x) })))
        }
        ("IndexOf" | "LastIndexOf", [x, rest @ ..]) => {
            let cs = chars(s);
            let needle = match x {
                Value::Char(c) => vec![*c],
                other => chars(str_arg(other, "value")?),
            };
            let mut from = 0usize;
            let mut ic = false;
            for r in rest {
                match r {
                    Value::Enum(..) => ic = comparison(Some(r)).1,
                    other => {
                        let f = usize_arg(other)?;
                        if f < 0 || f > i64::try_from(cs.len()).unwrap_or(i64::MAX) {
                            return Err(Exception::out_of_range(
                                "Index was out of range. Must be non-negative and less than the size of the collection.",
                                Some("startIndex"),
                            ));
                        }
                        from = usize::try_from(f).unwrap_or(0);
                        break;
                    }
                }
            }
            if name == "IndexOf" {
                Ok(Some(idx(find(&cs, &needle, from, ic))))
            } else {
                Ok(Some(idx(rfind(&cs, &needle, ic))))
            }
        }
        ("IndexOfAny", [Value::Array(set)]) => {
            let set: Vec<char> = set
                .items
                .borrow()
                .iter()
                .filter_map(|c| if let Value::Char(c) = c { Some(*c) } else { None })
                .collect();
            Ok(Some(idx(s.chars().position(|c| set.contains(&c)))))
        }
        ("Replace", [a, b]) => match (a, b) {
            (Value::Char(a), Value::Char(b)) => out(s.replace(*a, &b.to_string())),
            (Value::Str(a), b) => {
                if a.is_empty() {
                    return Err(Exception::argument("String cannot be of zero length.", Some("oldValue")));
                }
                let b = match b {
                    Value::Str(b) => b.to_string(),
                    _ => String::new(),
                };
                let r = s.replace(&**a, &b);
                interp.check_string(r.len())?;
                out(r)
            }
            (Value::Null, _) => Err(Exception::argument_null("oldValue")),
            _ => Ok(None),
        },
        ("Split", a) => split(s, a).map(Some),
        ("PadLeft" | "PadRight", [w, rest @ ..]) => {
            let w = usize_arg(w)?;
            if w < 0 {
                return Err(Exception::out_of_range("Non-negative number required.", Some("totalWidth")));
            }
            let c = match rest.first() {
                Some(Value::Char(c)) => *c,
                _ => ' ',
            };
            let n = usize::try_from(w).unwrap_or(0).saturating_sub(s.chars().count());
            interp.check_string(n)?;
            let pad: String = std::iter::repeat_n(c, n).collect();
            out(if name == "PadLeft" { format!("{pad}{s}") } else { format!("{s}{pad}") })
        }
        ("Insert", [i, Value::Str(x)]) => {
            let mut cs = chars(s);
            let i = usize::try_from(usize_arg(i)?).map_err(|_| {
                Exception::out_of_range("Specified argument was out of the range of valid values.", Some("startIndex"))
            })?;
            if i > cs.len() {
                return Err(Exception::out_of_range(
                    "Specified argument was out of the range of valid values.",
                    Some("startIndex"),
                ));
            }
            let tail = cs.split_off(i);
            out(cs.into_iter().chain(x.chars()).chain(tail).collect())
        }
        ("Remove", [start, rest @ ..]) => {
            let cs = chars(s);
            let start = usize_arg(start)?;
            let total = i64::try_from(cs.len()).unwrap_or(0);
            if start < 0 {
                return Err(Exception::out_of_range("StartIndex cannot be less than zero.", Some("startIndex")));
            }
            let count = match rest.first() {
                Some(c) => usize_arg(c)?,
                None => {
                    if start >= total {
                        return Err(Exception::out_of_range(
                            "startIndex must be less than length of string.",
                            Some("startIndex"),
                        ));
                    }
                    total - start
                }
            };
            if count < 0 || start + count > total {
                return Err(Exception::out_of_range(
                    "Index and count must refer to a location within the string.",
                    Some("count"),
                ));
            }
            let (a, b) = (usize::try_from(start).unwrap_or(0), usize::try_from(start + count).unwrap_or(0));
            out(cs[..a].iter().chain(&cs[b..]).collect())
        }
        ("Equals", [Value::Str(x), cmp]) => {
            let (_, ic) = comparison(Some(cmp));
            Ok(Some(Value::Bool(if ic { s.to_lowercase() == x.to_lowercase() } else { **s == **x })))
        }
        ("Equals", [Value::Null, _]) => Ok(Some(Value::Bool(false))),
        ("Equals", [x]) => Ok(Some(Value::Bool(matches!(x, Value::Str(x) if **x == **s)))),
        ("CompareTo", [x]) => Ok(Some(Value::I32(match x {
            Value::Null => 1,
            Value::Str(x) => compare_culture(s, x, false) as i32,
            _ => return Err(Exception::argument("Object must be of type String.", None)),
        }))),
        ("ToCharArray", []) => Ok(Some(Value::array(Ty::Char, s.chars().map(Value::Char).collect()))),
        // Form C, the default of `Normalize()`.
        ("Normalize", []) => {
            use unicode_normalization::UnicodeNormalization as _;
            let nfc: String = s.nfc().collect();
            Ok(Some(if nfc == **s { Value::Str(s.clone()) } else { Value::string(nfc) }))
        }
        ("IsNormalized", []) => Ok(Some(Value::Bool(unicode_normalization::is_nfc(s)))),
        ("ToString", _) | ("Clone", []) => Ok(Some(Value::Str(s.clone()))),
        ("GetHashCode", []) => Ok(Some(Value::I32(0))),
        _ => Ok(None),
    }
}

fn split(s: &str, args: &[Value]) -> Result<Value> {
    let mut seps: Vec<String> = Vec::new();
    let mut remove_empty = false;
    let mut count: Option<usize> = None;
    for a in args {
        match a {
            Value::Char(c) => seps.push(c.to_string()),
            Value::Str(x) => seps.push(x.to_string()),
            Value::Array(arr) => {
                for v in arr.items.borrow().iter() {
                    match v {
                        Value::Char(c) => seps.push(c.to_string()),
                        Value::Str(x) if !x.is_empty() => seps.push(x.to_string()),
                        _ => {}
                    }
                }
            }
            Value::Enum(EnumTy::StringSplitOptions, x) => remove_empty = x & 1 == 1,
            Value::Null => {}
            other => count = usize::try_from(to_i64(other)?).ok(),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if seps.is_empty() {
        parts = s.split(char::is_whitespace).map(str::to_owned).collect();
    } else {
        let mut rest = s;
        loop {
            if count.is_some_and(|c| parts.len() + 1 >= c) {
                parts.push(rest.to_owned());
                break;
            }
            let hit =
                seps.iter().filter_map(|sep| rest.find(sep.as_str()).map(|i| (i, sep.len()))).min_by_key(|(i, _)| *i);
            match hit {
                Some((i, l)) => {
                    parts.push(rest[..i].to_owned());
                    rest = &rest[i + l..];
                }
                None => {
                    parts.push(rest.to_owned());
                    break;
                }
            }
        }
    }
    if remove_empty {
        parts.retain(|p| !p.is_empty());
    }
    if count == Some(0) {
        parts.clear();
    }
    Ok(Value::array(Ty::String, parts.into_iter().map(Value::string).collect()))
}

/// `new string(c, n)`, `new string(char[])`.
///
/// # Errors
/// Bad arguments.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    Ok(match args {
        [Value::Char(c), n] => {
            let n = usize::try_from(to_i64(n)?)
                .map_err(|_| Exception::out_of_range("Non-negative number required.", Some("count")))?;
            Some(Value::string(std::iter::repeat_n(*c, n).collect()))
        }
        [Value::Array(a)] => Some(Value::string(a.items.borrow().iter().map(to_string_plain).collect())),
        _ => None,
    })
}

/// Static members of `string`.
///
/// # Errors
/// .NET's exceptions for bad arguments.
pub fn call_static(interp: &mut Interp<'_>, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    Ok(Some(match (name, &*args) {
        ("IsNullOrEmpty", [v]) => Value::Bool(match v {
            Value::Null => true,
            Value::Str(s) => s.is_empty(),
            _ => false,
        }),
        ("IsNullOrWhiteSpace", [v]) => Value::Bool(match v {
            Value::Null => true,
            Value::Str(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }),
        ("Join", [sep, rest @ ..]) => {
            let sep = match sep {
                Value::Char(c) => c.to_string(),
                other => to_string_plain(other),
            };
            let items: Vec<Value> = match rest {
                [one] if super::linq::is_enumerable(one) && !matches!(one, Value::Str(_)) => {
                    super::linq::iterate(interp, one)?
                }
                // `Join(string, string[] value)` is the overload a null array binds to.
                [Value::Null] => return Err(Exception::argument_null("value")),
                many => many.to_vec(),
            };
            let parts = items.iter().map(to_string).collect::<Result<Vec<_>>>()?;
            let r = parts.join(&sep);
            interp.check_string(r.len())?;
            Value::string(r)
        }
        ("Concat", items) => {
            let items: Vec<Value> = match items {
                [one] if super::linq::is_enumerable(one) && !matches!(one, Value::Str(_)) => {
                    super::linq::iterate(interp, one)?
                }
                many => many.to_vec(),
            };
            let mut r = String::new();
            for i in &items {
                r.push_str(&to_string(i)?);
            }
            interp.check_string(r.len())?;
            Value::string(r)
        }
        ("Format", [f, rest @ ..]) => {
            let f = match f {
                Value::Str(f) => f.clone(),
                Value::Null => return Err(Exception::argument_null("format")),
                _ => {
                    // Format(IFormatProvider, format, args...)
                    match rest.first() {
                        Some(Value::Str(f)) => {
                            let f = f.clone();
                            let items = expand_params(&rest[1..]);
                            return Ok(Some(Value::string(string_format(interp, &f, &items)?)));
                        }
                        _ => return Ok(None),
                    }
                }
            };
            let items = expand_params(rest);
            Value::string(string_format(interp, &f, &items)?)
        }
        ("Equals", [a, b, rest @ ..]) => {
            let (_, ic) = comparison(rest.first());
            Value::Bool(match (a, b) {
                (Value::Str(a), Value::Str(b)) => {
                    if ic {
                        a.to_lowercase() == b.to_lowercase()
                    } else {
                        a == b
                    }
                }
                (Value::Null, Value::Null) => true,
                _ => false,
            })
        }
        ("Compare", [a, b, rest @ ..]) => {
            let (ordinal, ic) = comparison(rest.first());
            Value::I32(match (a, b) {
                (Value::Null, Value::Null) => 0,
                (Value::Null, _) => -1,
                (_, Value::Null) => 1,
                (Value::Str(a), Value::Str(b)) => {
                    if ordinal && !ic {
                        ordinal_compare(a, b)
                    } else if ordinal {
                        ordinal_compare(&a.to_uppercase(), &b.to_uppercase())
                    } else {
                        compare_culture(a, b, ic) as i32
                    }
                }
                _ => return Ok(None),
            })
        }
        ("CompareOrdinal", [Value::Str(a), Value::Str(b)]) => Value::I32(ordinal_compare(a, b)),
        ("Copy", [Value::Str(s)]) => Value::string(s.to_string()),
        _ => return Ok(None),
    }))
}

fn ordinal_compare(a: &str, b: &str) -> i32 {
    let (x, y): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
    for (p, q) in x.iter().zip(&y) {
        if p != q {
            return i32::from(*p) - i32::from(*q);
        }
    }
    i32::try_from(x.len()).unwrap_or(0) - i32::try_from(y.len()).unwrap_or(0)
}

/// `params object[]`: a single array argument spreads.
fn expand_params(rest: &[Value]) -> Vec<Value> {
    match rest {
        [Value::Array(a)] if !a.elem.is_value_type() => a.items.borrow().clone(),
        other => other.to_vec(),
    }
}
