//! `ToString()`, `ToString(format)`, `string.Format` and interpolation holes, with the
//! invariant culture.

use apim_json::StdPlatform;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::ops::as_i64;
use crate::value::{EnumTy, Value};

/// `v.ToString()` where it cannot fail; null is `""` (as in concatenation).
#[must_use]
pub fn to_string_plain(v: &Value) -> String {
    to_string(v).unwrap_or_default()
}

pub(crate) fn enum_name(e: EnumTy, x: i64) -> Option<&'static str> {
    let names: &[&str] = match e {
        EnumTy::StringComparison => &[
            "CurrentCulture",
            "CurrentCultureIgnoreCase",
            "InvariantCulture",
            "InvariantCultureIgnoreCase",
            "Ordinal",
            "OrdinalIgnoreCase",
        ],
        EnumTy::StringSplitOptions => &["None", "RemoveEmptyEntries", "TrimEntries"],
        EnumTy::DateTimeKind => &["Unspecified", "Utc", "Local"],
        EnumTy::DayOfWeek => &["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        EnumTy::JTokenType => &[
            "None",
            "Object",
            "Array",
            "Constructor",
            "Property",
            "Comment",
            "Integer",
            "Float",
            "String",
            "Boolean",
            "Null",
            "Undefined",
            "Date",
            "Raw",
            "Bytes",
            "Guid",
            "Uri",
            "TimeSpan",
        ],
        EnumTy::Formatting => &["None", "Indented"],
        EnumTy::MidpointRounding => &["ToEven", "AwayFromZero", "ToZero", "ToNegativeInfinity", "ToPositiveInfinity"],
        EnumTy::UriKind => &["RelativeOrAbsolute", "Absolute", "Relative"],
        EnumTy::UriPartial => &["Scheme", "Authority", "Path", "Query"],
        EnumTy::RegexOptions => {
            return match x {
                0 => Some("None"),
                1 => Some("IgnoreCase"),
                2 => Some("Multiline"),
                4 => Some("ExplicitCapture"),
                8 => Some("Compiled"),
                16 => Some("Singleline"),
                32 => Some("IgnorePatternWhitespace"),
                _ => None,
            };
        }
        EnumTy::DateTimeStyles | EnumTy::NumberStyles => &[],
    };
    usize::try_from(x).ok().and_then(|i| names.get(i).copied())
}

/// The member value of an enum by name.
#[must_use]
pub fn enum_value(e: EnumTy, name: &str) -> Option<i64> {
    if e == EnumTy::RegexOptions {
        return [
            ("None", 0),
            ("IgnoreCase", 1),
            ("Multiline", 2),
            ("ExplicitCapture", 4),
            ("Compiled", 8),
            ("Singleline", 16),
            ("IgnorePatternWhitespace", 32),
            ("CultureInvariant", 512),
        ]
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v);
    }
    (0..32).find(|i| enum_name(e, *i) == Some(name))
}

/// `v.ToString()` with the invariant culture; `None` for null.
///
/// # Errors
/// None today; kept fallible for types whose `ToString` can throw.
pub fn to_string(v: &Value) -> Result<String> {
    Ok(match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Char(c) => c.to_string(),
        Value::I8(_) | Value::U8(_) | Value::I16(_) | Value::U16(_) | Value::I32(_) | Value::I64(_) | Value::U32(_) => {
            as_i64(v).to_string()
        }
        Value::U64(x) => x.to_string(),
        Value::F32(f) => apim_dotnet::float_to_string(*f),
        Value::F64(f) => apim_dotnet::double_to_string(*f),
        Value::Decimal(d) => apim_dotnet::decimal_to_string(d),
        Value::BigInt(b) => b.to_string(),
        Value::Str(s) => s.to_string(),
        Value::DateTime(d) => d.format("")?,
        Value::DateTimeOffset(d) => d.format("")?,
        Value::TimeSpan(t) => t.format("")?,
        Value::Guid(g) => g.format("D")?,
        Value::Enum(e, x) => enum_name(*e, *x).map_or_else(|| x.to_string(), str::to_owned),
        Value::Json(t) => t.to_string_net(&StdPlatform::APIM),
        Value::Builder(b) => b.borrow().clone(),
        Value::Pair(p) => format!("[{}, {}]", to_string(&p.0)?, to_string(&p.1)?),
        Value::Tuple(t) => {
            let items = t.items.borrow();
            if t.anonymous {
                let mut s = String::from("{ ");
                for (i, (n, v)) in t.names.iter().zip(items.iter()).enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(n);
                    s.push_str(" = ");
                    s.push_str(&to_string(v)?);
                }
                s.push_str(" }");
                s
            } else {
                let parts = items.iter().map(to_string).collect::<Result<Vec<_>>>()?;
                format!("({})", parts.join(", "))
            }
        }
        Value::Match(m) => m.value.clone(),
        Value::Group(g) => g.value.clone(),
        Value::Regex(r) => r.pattern.clone(),
        Value::Uri(u) => u.to_display(),
        Value::UriBuilder(b) => b.borrow().display(),
        Value::Exception(e) => format!("{}: {}", e.type_name, e.message),
        Value::Type(t) => t.display_name(),
        Value::Host(h) if h.kind == crate::context::HostKind::Url => h.ctx.request.borrow().url.url.to_url_string(),
        other => crate::types::type_of(other).map(|t| t.display_name()).unwrap_or_default(),
    })
}

/// `v.ToString(format)` (the format part of a `{0:format}` hole).
///
/// # Errors
/// `FormatException` for a malformed format string.
pub fn format_value(interp: &mut Interp<'_>, v: &Value, format: Option<&str>) -> Result<String> {
    let _ = interp;
    let Some(f) = format else { return to_string(v) };
    Ok(match v {
        Value::I8(_) | Value::U8(_) | Value::I16(_) | Value::U16(_) | Value::I32(_) => {
            apim_dotnet::format_int32(i32::try_from(as_i64(v)).unwrap_or_default(), f)?
        }
        Value::U32(x) => apim_dotnet::format_uint32(*x, f)?,
        Value::I64(x) => apim_dotnet::format_int64(*x, f)?,
        Value::U64(x) => apim_dotnet::format_uint64(*x, f)?,
        Value::F32(x) => apim_dotnet::format_float(*x, f)?,
        Value::F64(x) => apim_dotnet::format_double(*x, f)?,
        Value::Decimal(d) => apim_dotnet::format_decimal(d, f)?,
        Value::DateTime(d) => d.format(f)?,
        Value::DateTimeOffset(d) => d.format(f)?,
        Value::TimeSpan(t) => t.format(f)?,
        Value::Guid(g) => g.format(f)?,
        Value::Enum(_, x) if matches!(f, "D" | "d") => x.to_string(),
        _ => to_string(v)?,
    })
}

/// Appends `s` padded to `alignment` (negative: left-aligned).
pub fn pad_into(out: &mut String, s: &str, alignment: Option<i64>) {
    let Some(a) = alignment else {
        out.push_str(s);
        return;
    };
    let width = usize::try_from(a.unsigned_abs()).unwrap_or(0);
    let len = s.chars().count();
    let pad = width.saturating_sub(len);
    if a >= 0 {
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(s);
    } else {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', pad));
    }
}

/// `string.Format(format, args)`.
///
/// # Errors
/// `FormatException` for a malformed format or an index beyond the arguments.
pub fn string_format(interp: &mut Interp<'_>, format: &str, args: &[Value]) -> Result<String> {
    let bad = || Exception::format("Input string was not in a correct format.");
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            i += 1;
            let mut index = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                index.push(chars[i]);
                i += 1;
            }
            if index.is_empty() {
                return Err(bad());
            }
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            let mut align = None;
            if chars.get(i) == Some(&',') {
                i += 1;
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                let mut a = String::new();
                if chars.get(i) == Some(&'-') {
                    a.push('-');
                    i += 1;
                }
                while i < chars.len() && chars[i].is_ascii_digit() {
                    a.push(chars[i]);
                    i += 1;
                }
                align = Some(a.parse::<i64>().map_err(|_| bad())?);
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
            }
            let mut fmt = None;
            if chars.get(i) == Some(&':') {
                i += 1;
                let mut f = String::new();
                loop {
                    match chars.get(i) {
                        None => return Err(bad()),
                        Some('}') if chars.get(i + 1) == Some(&'}') => {
                            f.push('}');
                            i += 2;
                        }
                        Some('}') => break,
                        Some('{') if chars.get(i + 1) == Some(&'{') => {
                            f.push('{');
                            i += 2;
                        }
                        Some('{') => return Err(bad()),
                        Some(ch) => {
                            f.push(*ch);
                            i += 1;
                        }
                    }
                }
                fmt = Some(f);
            }
            if chars.get(i) != Some(&'}') {
                return Err(bad());
            }
            i += 1;
            let n: usize = index.parse().map_err(|_| bad())?;
            let Some(v) = args.get(n) else {
                return Err(Exception::format(
                    "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.",
                ));
            };
            let s = format_value(interp, v, fmt.as_deref())?;
            pad_into(&mut out, &s, align);
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(bad());
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}
