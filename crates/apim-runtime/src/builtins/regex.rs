//! `System.Text.RegularExpressions` over fancy-regex (lookaround and backreferences).
//! .NET options map to inline flags; replacement patterns (`$1`, `${name}`, `$$`, `$0`)
//! are expanded here with .NET's rules.

use std::rc::Rc;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::ops::as_i64;
use crate::types::Ty;
use crate::value::{EnumTy, Value};

/// A compiled regex.
#[derive(Debug)]
pub struct RegexObj {
    pub pattern: String,
    pub re: fancy_regex::Regex,
}

/// A group's name and captured (UTF-16 index, text).
pub type GroupSlot = (Option<String>, Option<(usize, String)>);

/// One match.
#[derive(Debug)]
pub struct MatchObj {
    pub success: bool,
    pub value: String,
    pub index: usize,
    /// Groups in number order: name and captured (char index, text).
    pub groups: Vec<GroupSlot>,
}

/// One group.
#[derive(Debug)]
pub struct GroupObj {
    pub success: bool,
    pub value: String,
    pub index: usize,
}

fn build(pattern: &str, options: i64) -> Result<RegexObj> {
    let mut flags = String::new();
    if options & 1 != 0 {
        flags.push('i');
    }
    if options & 2 != 0 {
        flags.push('m');
    }
    if options & 16 != 0 {
        flags.push('s');
    }
    if options & 32 != 0 {
        flags.push('x');
    }
    let full = if flags.is_empty() { pattern.to_owned() } else { format!("(?{flags}){pattern}") };
    let re = fancy_regex::Regex::new(&full)
        .map_err(|e| Exception::argument(&format!("parsing \"{pattern}\" - {e}"), None))?;
    Ok(RegexObj { pattern: pattern.to_owned(), re })
}

fn char_index(s: &str, byte: usize) -> usize {
    s[..byte].chars().map(char::len_utf16).sum()
}

fn run_error(e: &fancy_regex::Error) -> Exception {
    Exception::new("System.Text.RegularExpressions.RegexMatchTimeoutException", e.to_string())
}

fn to_match(re: &RegexObj, input: &str, caps: Option<fancy_regex::Captures<'_>>) -> MatchObj {
    let Some(c) = caps else {
        return MatchObj { success: false, value: String::new(), index: 0, groups: Vec::new() };
    };
    let names: Vec<Option<String>> = re.re.capture_names().map(|n| n.map(str::to_owned)).collect();
    let groups = (0..c.len())
        .map(|i| {
            (names.get(i).cloned().flatten(), c.get(i).map(|m| (char_index(input, m.start()), m.as_str().to_owned())))
        })
        .collect::<Vec<_>>();
    let m0 = c.get(0);
    MatchObj {
        success: true,
        value: m0.map(|m| m.as_str().to_owned()).unwrap_or_default(),
        index: m0.map_or(0, |m| char_index(input, m.start())),
        groups,
    }
}

/// Successive matches as .NET finds them: the next search starts where the last match
/// ended, so an empty match right after a non-empty one counts (`a*` on "aaa" matches
/// "aaa" and then "" at the end); after an empty match the search moves on one character.
fn dotnet_captures<'t>(re: &RegexObj, input: &'t str) -> Result<Vec<fancy_regex::Captures<'t>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= input.len() {
        let Some(c) = re.re.captures_from_pos(input, pos).map_err(|e| run_error(&e))? else { break };
        let Some(m) = c.get(0) else { break };
        pos = if m.end() > m.start() {
            m.end()
        } else {
            match input[m.end()..].chars().next() {
                Some(ch) => m.end() + ch.len_utf8(),
                None => input.len() + 1,
            }
        };
        out.push(c);
    }
    Ok(out)
}

fn all_matches(re: &RegexObj, input: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for c in dotnet_captures(re, input)? {
        out.push(Value::Match(Rc::new(to_match(re, input, Some(c)))));
    }
    Ok(out)
}

fn expand(re: &RegexObj, c: &fancy_regex::Captures<'_>, replacement: &str) -> String {
    let chars: Vec<char> = replacement.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' || i + 1 >= chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        if next == '$' {
            out.push('$');
            i += 2;
        } else if next.is_ascii_digit() {
            let mut j = i + 1;
            let mut n = String::new();
            while j < chars.len() && chars[j].is_ascii_digit() {
                n.push(chars[j]);
                j += 1;
            }
            // The longest number that names a group.
            let mut taken = None;
            for k in (1..=n.len()).rev() {
                if let Ok(idx) = n[..k].parse::<usize>()
                    && idx < c.len()
                {
                    taken = Some((idx, k));
                    break;
                }
            }
            match taken {
                Some((idx, k)) => {
                    out.push_str(c.get(idx).map_or("", |m| m.as_str()));
                    i += 1 + k;
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            }
        } else if next == '{' {
            match chars[i + 2..].iter().position(|c| *c == '}') {
                Some(end) => {
                    let name: String = chars[i + 2..i + 2 + end].iter().collect();
                    let text = match name.parse::<usize>() {
                        Ok(idx) => c.get(idx).map(|m| m.as_str()),
                        Err(_) => c.name(&name).map(|m| m.as_str()),
                    };
                    match text {
                        Some(t) => out.push_str(t),
                        None if re.re.capture_names().any(|n| n == Some(name.as_str())) => {}
                        None => out.extend(&chars[i..i + 3 + end]),
                    }
                    i += 3 + end;
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            }
        } else if next == '&' {
            out.push_str(c.get(0).map_or("", |m| m.as_str()));
            i += 2;
        } else {
            out.push('$');
            i += 1;
        }
    }
    out
}

fn replace(interp: &mut Interp<'_>, re: &RegexObj, input: &str, replacement: &Value) -> Result<String> {
    let mut out = String::new();
    let mut last = 0;
    for c in dotnet_captures(re, input)? {
        let Some(m) = c.get(0) else { continue };
        out.push_str(&input[last..m.start()]);
        match replacement {
            Value::Str(r) => out.push_str(&expand(re, &c, r)),
            Value::Func(_) => {
                let mv = Value::Match(Rc::new(to_match(re, input, Some(c))));
                let r = interp.call1(replacement, mv)?;
                out.push_str(&super::format::to_string_plain(&r));
            }
            _ => {}
        }
        last = m.end();
        interp.check_string(out.len())?;
    }
    out.push_str(&input[last..]);
    Ok(out)
}

fn split(re: &RegexObj, input: &str) -> Result<Value> {
    let mut parts = Vec::new();
    let mut last = 0;
    for c in dotnet_captures(re, input)? {
        let Some(m) = c.get(0) else { continue };
        parts.push(Value::string(input[last..m.start()].to_owned()));
        for g in 1..c.len() {
            if let Some(g) = c.get(g) {
                parts.push(Value::string(g.as_str().to_owned()));
            }
        }
        last = m.end();
    }
    parts.push(Value::string(input[last..].to_owned()));
    Ok(Value::array(Ty::String, parts))
}

fn opts(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Enum(EnumTy::RegexOptions, x)) => *x,
        _ => 0,
    }
}

fn input_arg(v: &Value) -> Result<&str> {
    match v {
        Value::Str(s) => Ok(s),
        Value::Null => Err(Exception::argument_null("input")),
        _ => Err(Exception::invalid_cast()),
    }
}

fn instance_op(interp: &mut Interp<'_>, re: &RegexObj, name: &str, args: &[Value]) -> Result<Option<Value>> {
    Ok(Some(match (name, args) {
        ("IsMatch", [i, ..]) => Value::Bool(re.re.is_match(input_arg(i)?).map_err(|e| run_error(&e))?),
        ("Match", [i, ..]) => {
            let input = input_arg(i)?;
            let caps = re.re.captures(input).map_err(|e| run_error(&e))?;
            Value::Match(Rc::new(to_match(re, input, caps)))
        }
        ("Matches", [i, ..]) => Value::list(Ty::Match, all_matches(re, input_arg(i)?)?),
        ("Replace", [i, r, ..]) => {
            let input = input_arg(i)?.to_owned();
            Value::string(replace(interp, re, &input, r)?)
        }
        ("Split", [i, ..]) => split(re, input_arg(i)?)?,
        ("ToString", []) => Value::string(re.pattern.clone()),
        _ => return Ok(None),
    }))
}

/// `Regex.IsMatch(input, pattern)` and the other statics.
///
/// # Errors
/// `ArgumentException` for a bad pattern, `ArgumentNullException` for null input.
pub fn call_static(interp: &mut Interp<'_>, name: &str, args: &[Value]) -> Result<Option<Value>> {
    match (name, args) {
        ("Escape", [Value::Str(s)]) => {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '\\' | '*' | '+' | '?' | '|' | '{' | '[' | '(' | ')' | '^' | '$' | '.' | '#' | ' ' => {
                        out.push('\\');
                        out.push(if c == ' ' { ' ' } else { c });
                    }
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    _ => out.push(c),
                }
            }
            Ok(Some(Value::string(out)))
        }
        ("Unescape", [Value::Str(s)]) => Ok(Some(Value::string(s.replace('\\', "")))),
        (_, [input, pattern, rest @ ..]) => {
            let p = match pattern {
                Value::Str(p) => p.to_string(),
                Value::Null => return Err(Exception::argument_null("pattern")),
                _ => return Ok(None),
            };
            let (inst_args, o) = if name == "Replace" {
                (vec![input.clone(), rest.first().cloned().unwrap_or(Value::Null)], opts(rest.get(1)))
            } else {
                (vec![input.clone()], opts(rest.first()))
            };
            if name == "Replace" && rest.first().is_some_and(Value::is_null) {
                return Err(Exception::argument_null("replacement"));
            }
            let re = build(&p, o)?;
            instance_op(interp, &re, name, &inst_args)
        }
        _ => Ok(None),
    }
}

/// `new Regex(pattern[, options])`.
///
/// # Errors
/// `ArgumentException` for a bad pattern.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    match args {
        [Value::Str(p), rest @ ..] => Ok(Some(Value::Regex(Rc::new(build(p, opts(rest.first()))?)))),
        [Value::Null, ..] => Err(Exception::argument_null("pattern")),
        _ => Ok(None),
    }
}

fn group_of(m: &MatchObj, key: &Value) -> GroupObj {
    let found = match key {
        Value::Str(name) => m.groups.iter().find(|(n, _)| n.as_deref() == Some(&**name)).and_then(|(_, g)| g.clone()),
        other => usize::try_from(as_i64(other)).ok().and_then(|i| m.groups.get(i)).and_then(|(_, g)| g.clone()),
    };
    match found {
        Some((index, value)) => GroupObj { success: true, value, index },
        None => GroupObj { success: false, value: String::new(), index: 0 },
    }
}

/// `match.Groups[i]` / `match.Groups["name"]`.
///
/// # Errors
/// None today.
pub fn index(v: &Value, args: &[Value]) -> Result<Option<Value>> {
    Ok(match (v, args) {
        (Value::Match(m), [k]) => Some(Value::Group(Rc::new(group_of(m, k)))),
        _ => None,
    })
}

/// Properties of matches and groups.
///
/// # Errors
/// None today.
pub fn member(v: &Value, name: &str) -> Result<Option<Value>> {
    let count = |n: usize| Value::I32(i32::try_from(n).unwrap_or(0));
    Ok(Some(match (v, name) {
        (Value::Match(m), "Success") => Value::Bool(m.success),
        (Value::Match(m), "Value") => Value::string(m.value.clone()),
        (Value::Match(m), "Index") => count(m.index),
        (Value::Match(m), "Length") => count(super::string::utf16_len(&m.value)),
        (Value::Match(_), "Groups" | "Captures") => v.clone(),
        (Value::Match(m), "Count") => count(m.groups.len()),
        (Value::Group(g), "Success") => Value::Bool(g.success),
        (Value::Group(g), "Value") => Value::string(g.value.clone()),
        (Value::Group(g), "Index") => count(g.index),
        (Value::Group(g), "Length") => count(super::string::utf16_len(&g.value)),
        _ => return Ok(None),
    }))
}

/// Methods of `Regex` instances and matches.
///
/// # Errors
/// As the statics.
pub fn call(interp: &mut Interp<'_>, v: &Value, name: &str, args: &[Value]) -> Result<Option<Value>> {
    match v {
        Value::Regex(re) => instance_op(interp, re, name, args),
        _ => Ok(None),
    }
}
