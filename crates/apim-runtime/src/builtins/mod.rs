//! The .NET members policy expressions may use, grouped by theme, behind one dispatch:
//! static members and calls by type name, instance members by the receiver's runtime
//! type. A member that is not here is an `apim.NotSupported` error naming it.

pub mod auth;
pub mod collections;
pub mod context;
pub mod convert;
pub mod crypto;
pub mod datetime;
pub mod datetime_offset;
pub mod encoding;
pub mod format;
pub mod html;
pub mod json;
pub mod linq;
mod linq_type;
pub mod math;
pub mod regex;
pub mod string;
pub mod uri;
pub mod uri_builder;

use std::rc::Rc;

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::types::{Ty, type_name};
use crate::value::{EnumTy, Value};

/// Extension methods that accept a null receiver.
#[must_use]
pub fn null_receiver_ok(name: &str) -> bool {
    matches!(name, "IsNullOrEmpty" | "AsJwt" | "AsBasic" | "TryParseJwt" | "TryParseBasic")
}

/// `Type.Member`.
///
/// # Errors
/// An unknown member.
pub fn static_member(interp: &mut Interp<'_>, ty: &str, name: &str) -> Result<Value> {
    let enum_ty = match ty {
        "StringComparison" => Some(EnumTy::StringComparison),
        "StringSplitOptions" => Some(EnumTy::StringSplitOptions),
        "DateTimeKind" => Some(EnumTy::DateTimeKind),
        "DayOfWeek" => Some(EnumTy::DayOfWeek),
        "JTokenType" => Some(EnumTy::JTokenType),
        "Formatting" => Some(EnumTy::Formatting),
        "MidpointRounding" => Some(EnumTy::MidpointRounding),
        "RegexOptions" => Some(EnumTy::RegexOptions),
        "UriKind" => Some(EnumTy::UriKind),
        "UriPartial" => Some(EnumTy::UriPartial),
        _ => None,
    };
    if let Some(e) = enum_ty {
        return format::enum_value(e, name)
            .map(|v| Value::Enum(e, v))
            .ok_or_else(|| Exception::unsupported(format!("{ty}.{name}")));
    }
    if let Some(v) = constant_member(ty, name) {
        return Ok(v);
    }
    match ty {
        "DateTimeOffset" => {
            datetime_offset::static_member(interp, name)?.ok_or_else(|| Exception::unsupported(format!("{ty}.{name}")))
        }
        "DateTime" | "TimeSpan" | "Guid" => datetime::static_member(interp, ty, name),
        "Encoding" => encoding::static_member(name),
        "StringComparer" => Ok(Value::Enum(
            EnumTy::StringComparison,
            format::enum_value(EnumTy::StringComparison, name)
                .ok_or_else(|| Exception::unsupported(format!("StringComparer.{name}")))?,
        )),
        "CultureInfo" if matches!(name, "InvariantCulture" | "CurrentCulture") => Ok(Value::Null),
        _ => Err(Exception::unsupported(format!("{ty}.{name}"))),
    }
}

/// The static members that are constants (`int.MaxValue`, `Math.PI`, `string.Empty`),
/// which the compiler folds like C# does.
#[must_use]
pub fn constant_member(ty: &str, name: &str) -> Option<Value> {
    match (ty, name) {
        ("String", "Empty") => Some(Value::str("")),
        ("Int32", "MaxValue") => Some(Value::I32(i32::MAX)),
        ("Int32", "MinValue") => Some(Value::I32(i32::MIN)),
        ("Int64", "MaxValue") => Some(Value::I64(i64::MAX)),
        ("Int64", "MinValue") => Some(Value::I64(i64::MIN)),
        ("UInt32", "MaxValue") => Some(Value::U32(u32::MAX)),
        ("UInt64", "MaxValue") => Some(Value::U64(u64::MAX)),
        ("Int16", "MaxValue") => Some(Value::I16(i16::MAX)),
        ("Int16", "MinValue") => Some(Value::I16(i16::MIN)),
        ("Byte", "MaxValue") => Some(Value::U8(u8::MAX)),
        ("Byte", "MinValue") => Some(Value::U8(0)),
        ("Char", "MaxValue") => Some(Value::Char('\u{ffff}')),
        ("Double", "MaxValue") => Some(Value::F64(f64::MAX)),
        ("Double", "MinValue") => Some(Value::F64(f64::MIN)),
        ("Double", "NaN") => Some(Value::F64(f64::NAN)),
        ("Double", "PositiveInfinity") => Some(Value::F64(f64::INFINITY)),
        ("Double", "NegativeInfinity") => Some(Value::F64(f64::NEG_INFINITY)),
        ("Double", "Epsilon") => Some(Value::F64(f64::from_bits(1))),
        ("Single", "MaxValue") => Some(Value::F32(f32::MAX)),
        ("Decimal", "MaxValue") => Some(Value::Decimal(apim_dotnet::Decimal::MAX)),
        ("Decimal", "MinValue") => Some(Value::Decimal(apim_dotnet::Decimal::MIN)),
        ("Decimal", "Zero") => Some(Value::Decimal(apim_dotnet::Decimal::ZERO)),
        ("Decimal", "One") => Some(Value::Decimal(apim_dotnet::Decimal::ONE)),
        ("BitConverter", "IsLittleEndian") => Some(Value::Bool(true)),
        ("Math", "PI") => Some(Value::F64(std::f64::consts::PI)),
        ("Math", "E") => Some(Value::F64(std::f64::consts::E)),
        ("Boolean", "TrueString") => Some(Value::str("True")),
        ("Boolean", "FalseString") => Some(Value::str("False")),
        _ => None,
    }
}

/// `Type.Method(args)`.
///
/// # Errors
/// What the method throws, or an unknown member.
pub fn call_static(interp: &mut Interp<'_>, ty: &str, name: &str, targs: &[Ty], args: &mut [Value]) -> Result<Value> {
    let r = match ty {
        "String" => string::call_static(interp, name, args)?,
        "Convert" => convert::call_convert(interp, name, args)?,
        "Decimal" if matches!(name, "Add" | "Subtract" | "Multiply" | "Divide" | "Remainder") => {
            let op = match name {
                "Add" => apim_expr::ast::BinaryOp::Add,
                "Subtract" => apim_expr::ast::BinaryOp::Sub,
                "Multiply" => apim_expr::ast::BinaryOp::Mul,
                "Divide" => apim_expr::ast::BinaryOp::Div,
                _ => apim_expr::ast::BinaryOp::Rem,
            };
            match &*args {
                [a, b] => {
                    let a = crate::eval::convert::numeric(a, &Ty::Decimal, false)?;
                    let b = crate::eval::convert::numeric(b, &Ty::Decimal, false)?;
                    Some(crate::eval::ops::binary(op, &a, &b, true)?)
                }
                _ => None,
            }
        }
        "Int32" | "Int64" | "Double" | "Decimal" | "Boolean" | "Single" | "Int16" | "Byte" | "UInt32" | "UInt64"
        | "Char" | "SByte" | "UInt16" => convert::call_primitive_static(interp, ty, name, args)?,
        "Math" => math::call(name, args)?,
        "DateTimeOffset" => datetime_offset::call_static(interp, name, args)?,
        "DateTime" | "TimeSpan" | "Guid" => datetime::call_static(interp, ty, name, args)?,
        "JObject" | "JArray" | "JToken" | "JValue" | "JProperty" | "JsonConvert" => {
            json::call_static(interp, ty, name, targs, args)?
        }
        "Enumerable" => linq::call_static(interp, name, targs, args)?,
        "Regex" => regex::call_static(interp, name, args)?,
        "Encoding" => encoding::call_static(name, args)?,
        "Uri" | "WebUtility" => uri::call_static(ty, name, args)?,
        "BitConverter" | "Array" => collections::call_static(interp, ty, name, targs, args)?,
        "Object" => match (name, &args[..]) {
            ("ReferenceEquals", [a, b]) => Some(Value::Bool(a.ref_eq(b))),
            ("Equals", [a, b]) => Some(Value::Bool(crate::eval::ops::object_equals(a, b))),
            _ => None,
        },
        "Enum" => enum_parse(name, args)?,
        "Tuple" if name == "Create" && (1..=7).contains(&args.len()) => {
            Some(Value::Tuple(Rc::new(crate::value::TupleObj {
                names: Vec::new(),
                items: args.to_vec().into(),
                anonymous: false,
                reference: true,
            })))
        }
        _ if ty.starts_with("SHA") || ty.starts_with("HMAC") || ty == "MD5" || ty == "RandomNumberGenerator" => {
            crypto::call_static(ty, name, args)?
        }
        _ => None,
    };
    r.ok_or_else(|| Exception::unsupported(format!("{ty}.{name}({})", arg_types(args))))
}

fn arg_types(args: &[Value]) -> String {
    args.iter().map(|a| type_name(a).unwrap_or_else(|| "null".into())).collect::<Vec<_>>().join(", ")
}

/// `new T(args)`.
///
/// # Errors
/// What the constructor throws, or an unknown type.
pub fn construct(interp: &mut Interp<'_>, ty: &Ty, args: &mut [Value]) -> Result<Value> {
    let r = match ty {
        Ty::Json(_) => json::construct(interp, ty, args)?,
        Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Queue(_) | Ty::Stack(_) | Ty::Builder | Ty::Pair(..) => {
            collections::construct(interp, ty, args)?
        }
        Ty::String => string::construct(args)?,
        Ty::DateTime | Ty::TimeSpan | Ty::Guid => datetime::construct(ty, args)?,
        Ty::DateTimeOffset => datetime_offset::construct(args)?,
        Ty::Regex => regex::construct(args)?,
        Ty::Uri => uri::construct(args)?,
        Ty::Named("System.UriBuilder") => uri_builder::construct(args)?,
        // An unseeded `Random` gets a fixed seed: evaluation stays deterministic.
        Ty::Random => {
            Some(Value::Random(Rc::new(std::cell::RefCell::new(math::DotNetRandom::new(match args.first() {
                Some(v) => i32::try_from(crate::eval::convert::to_i64(v)?).unwrap_or(i32::MAX),
                None => 0x2545_f491,
            })))))
        }
        Ty::Exception(name) => {
            let text = |v: Option<&Value>| match v {
                Some(Value::Str(s)) => Some(s.to_string()),
                _ => None,
            };
            // .NET Framework appends "\r\nParameter name: p" for argument exceptions; the
            // one-string constructor of ArgumentNull/ArgumentOutOfRange takes the parameter name.
            let message = match (*name, text(args.first()), text(args.get(1))) {
                ("System.ArgumentNullException", Some(p), None) => with_param("Value cannot be null.", &p),
                ("System.ArgumentOutOfRangeException", Some(p), None) => {
                    with_param("Specified argument was out of the range of valid values.", &p)
                }
                ("System.ArgumentNullException" | "System.ArgumentOutOfRangeException", Some(p), Some(m)) => {
                    with_param(&m, &p)
                }
                ("System.ArgumentException", Some(m), Some(p)) => with_param(&m, &p),
                ("System.ArgumentNullException", None, _) => "Value cannot be null.".to_owned(),
                ("System.ArgumentOutOfRangeException", None, _) => {
                    "Specified argument was out of the range of valid values.".to_owned()
                }
                ("System.ArgumentException", None, _) => "Value does not fall within the expected range.".to_owned(),
                (_, Some(m), _) => m,
                (_, None, _) => format!("Exception of type '{name}' was thrown."),
            };
            Some(Value::Exception(Rc::new(Exception::new(name, message))))
        }
        Ty::Named(n) if n.starts_with("HMAC") || n.starts_with("SHA") || *n == "MD5" => crypto::construct(n, args)?,
        t if t.is_value_type() && args.is_empty() => Some(t.default_value()),
        _ => None,
    };
    r.ok_or_else(|| Exception::unsupported(format!("new {}({})", ty.full_name(), arg_types(args))))
}

/// `target.Name`.
///
/// # Errors
/// What the getter throws, or an unknown member.
pub fn get_member(interp: &mut Interp<'_>, target: &Value, name: &str) -> Result<Value> {
    let r = match target {
        Value::Host(h) => context::member(interp, h, name)?,
        Value::Str(s) => match name {
            "Length" => Some(Value::I32(i32::try_from(string::utf16_len(s)).unwrap_or(i32::MAX))),
            _ => None,
        },
        Value::Json(t) => json::member(interp, t, name)?,
        Value::Array(_)
        | Value::List(_)
        | Value::Dict(_)
        | Value::Set(_)
        | Value::Queue(_)
        | Value::Stack(_)
        | Value::Pair(_)
        | Value::Builder(_) => collections::member(target, name)?,
        Value::DateTime(_) | Value::TimeSpan(_) => datetime::member(target, name)?,
        Value::DateTimeOffset(d) => datetime_offset::member(*d, name)?,
        Value::Match(_) | Value::Group(_) => regex::member(target, name)?,
        Value::Uri(u) => uri::member(u, name)?,
        Value::Tuple(t) => {
            let idx = t.names.iter().position(|n| &**n == name).or_else(|| {
                name.strip_prefix("Item").and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1))
            });
            idx.and_then(|i| t.items.borrow().get(i).cloned())
        }
        Value::Exception(e) => match name {
            "Message" => Some(Value::string(e.message.clone())),
            _ => None,
        },
        Value::Hasher(h) => crypto::member(h, name)?,
        Value::Record(r) => r.get(name),
        Value::UriBuilder(b) => uri_builder::member(b, name)?,
        Value::Type(t) => match name {
            "FullName" => Some(Value::string(t.full_name())),
            "Name" => Some(Value::string(t.full_name().rsplit('.').next().unwrap_or_default().to_owned())),
            _ => None,
        },
        _ => None,
    };
    match r {
        Some(v) => Ok(v),
        None => match (name, target) {
            ("HasValue", v) => Ok(Value::Bool(!v.is_null())),
            ("Value", v) if v.is_value_type() => Ok(v.clone()),
            _ => Err(Exception::unsupported(format!("{}.{name}", type_name(target).unwrap_or_default()))),
        },
    }
}

/// `target.Name = value`.
///
/// # Errors
/// A read-only or unknown member.
pub fn set_member(interp: &mut Interp<'_>, target: &Value, name: &str, value: Value) -> Result<()> {
    match target {
        Value::Json(t) => json::set_member(interp, t, name, value),
        Value::Tuple(t) => {
            let idx = t.names.iter().position(|n| &**n == name).or_else(|| {
                name.strip_prefix("Item").and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1))
            });
            match idx {
                Some(i) if !t.anonymous && !t.reference => {
                    if let Some(slot) = t.items.borrow_mut().get_mut(i) {
                        *slot = value;
                    }
                    Ok(())
                }
                _ => Err(Exception::unsupported(format!("assignment to {name}"))),
            }
        }
        Value::UriBuilder(b) => uri_builder::set_member(b, name, &value)?
            .ok_or_else(|| Exception::unsupported(format!("UriBuilder.{name} = ..."))),
        Value::Builder(b) if name == "Length" => {
            let n = usize::try_from(crate::eval::convert::to_i64(&value)?).unwrap_or(0);
            let mut s = b.borrow_mut();
            let cut: String = s.chars().take(n).collect();
            *s = cut;
            Ok(())
        }
        _ => Err(Exception::unsupported(format!("{}.{name} = ...", type_name(target).unwrap_or_default()))),
    }
}

/// `target[args]`.
///
/// # Errors
/// Index and key errors.
pub fn index_get(interp: &mut Interp<'_>, target: &Value, args: &[Value]) -> Result<Value> {
    let r = match target {
        Value::Host(h) => context::index(interp, h, args)?,
        Value::Json(t) => Some(json::index(t, args)?),
        Value::Str(s) => {
            let i = crate::eval::convert::to_i64(args.first().unwrap_or(&Value::Null))?;
            Some(string::char_at(s, i)?)
        }
        Value::Match(_) | Value::Group(_) => regex::index(target, args)?,
        _ => collections::index_get(target, args)?,
    };
    r.ok_or_else(|| Exception::unsupported(format!("{}[{}]", type_name(target).unwrap_or_default(), arg_types(args))))
}

/// `target[args] = value`.
///
/// # Errors
/// Index and key errors.
pub fn index_set(interp: &mut Interp<'_>, target: &Value, args: &[Value], value: Value) -> Result<()> {
    match target {
        Value::Json(t) => json::index_set(interp, t, args, value),
        Value::Host(_) => Err(Exception::unsupported("assignment to a read-only context member")),
        _ => collections::index_set(interp, target, args, value),
    }
}

/// `target.Name<targs>(args)`.
///
/// # Errors
/// What the method throws, or an unknown member.
pub fn call_method(
    interp: &mut Interp<'_>,
    target: &Value,
    name: &str,
    targs: &[Ty],
    args: &mut [Value],
) -> Result<Value> {
    let r = match target {
        Value::Host(h) => context::call(interp, h, name, targs, args)?,
        Value::Str(s) => match auth::call(Some(s), name, args)? {
            Some(v) => Some(v),
            None => string::call(interp, s, name, args)?,
        },
        Value::Json(t) => json::call(interp, t, name, targs, args)?,
        Value::Array(_)
        | Value::List(_)
        | Value::Dict(_)
        | Value::Set(_)
        | Value::Queue(_)
        | Value::Stack(_)
        | Value::Builder(_)
        | Value::Pair(_) => collections::call(interp, target, name, targs, args)?,
        Value::DateTime(_) | Value::TimeSpan(_) | Value::Guid(_) => datetime::call(interp, target, name, args)?,
        Value::DateTimeOffset(d) => datetime_offset::call(*d, name, args)?,
        Value::Regex(_) | Value::Match(_) | Value::Group(_) => regex::call(interp, target, name, args)?,
        Value::Hasher(h) => crypto::call(h, name, args)?,
        Value::Encoding(e) => encoding::call(*e, name, args)?,
        Value::Uri(u) => uri::call(u, name, args)?,
        Value::UriBuilder(b) if name == "ToString" && args.is_empty() => Some(Value::string(b.borrow().display())),
        Value::Func(_) if name == "Invoke" => Some(interp.call(target, args.to_vec())?),
        Value::Random(r) => math::random(r, name, args)?,
        Value::Null if name == "IsNullOrEmpty" => Some(Value::Bool(true)),
        Value::Null => auth::call(None, name, args)?,
        _ => None,
    };
    if let Some(v) = r {
        return Ok(v);
    }
    // Members every object has, then LINQ over anything enumerable.
    match (name, &*args) {
        ("ToString", []) => return Ok(Value::string(format::to_string(target)?)),
        ("ToString", [Value::Str(f)]) => return Ok(Value::string(format::format_value(interp, target, Some(f))?)),
        ("ToString", [Value::Null]) => return Ok(Value::string(format::to_string(target)?)),
        ("ToString", [Value::Str(f), _]) => return Ok(Value::string(format::format_value(interp, target, Some(f))?)),
        ("ToString", [_]) => return Ok(Value::string(format::to_string(target)?)),
        ("Equals", [other]) => return Ok(Value::Bool(crate::eval::ops::object_equals(target, other))),
        ("GetType", []) => {
            return crate::types::type_of(target).map(|t| Value::Type(Rc::new(t))).ok_or_else(Exception::null_ref);
        }
        ("GetHashCode", []) => return Ok(Value::I32(0)),
        ("CompareTo", [other]) => {
            if other.is_null() {
                return Ok(Value::I32(1));
            }
            return match crate::eval::ops::compare(target, other) {
                Some(o) => Ok(Value::I32(o as i32)),
                None => Err(Exception::argument("Object must be of the same type.", None)),
            };
        }
        _ => {}
    }
    if linq::is_enumerable(target)
        && let Some(v) = linq::call(interp, target, name, targs, args)?
    {
        return Ok(v);
    }
    Err(Exception::unsupported(format!(
        "{}.{name}({})",
        type_name(target).unwrap_or_else(|| "null".into()),
        arg_types(args)
    )))
}

fn with_param(message: &str, param: &str) -> String {
    if param.is_empty() { message.to_owned() } else { format!("{message}\r\nParameter name: {param}") }
}

/// `Enum.Parse(typeof(E), value[, ignoreCase])`: a member name, a comma-separated list of
/// names (or'ed together) or a number.
fn enum_parse(name: &str, args: &[Value]) -> Result<Option<Value>> {
    let (Value::Type(t), value, ignore_case) = (match args {
        [t, v] if name == "Parse" => (t, v, false),
        [t, v, Value::Bool(ic)] if name == "Parse" => (t, v, *ic),
        _ => return Ok(None),
    }) else {
        return Ok(None);
    };
    let Ty::Enum(e) = &**t else {
        return Err(Exception::argument("Type provided must be an Enum.", Some("enumType")));
    };
    let s = match value {
        Value::Str(s) => s.trim(),
        Value::Null => return Err(Exception::argument_null("value")),
        _ => return Ok(None),
    };
    if s.is_empty() {
        return Err(Exception::argument("Must specify valid information for parsing in the string.", None));
    }
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
        return s
            .parse::<i64>()
            .map(|v| Some(Value::Enum(*e, v)))
            .map_err(|_| Exception::argument(&format!("Requested value '{s}' was not found."), None));
    }
    let mut total = 0i64;
    for part in s.split(',').map(str::trim) {
        let found = format::enum_value(*e, part).or_else(|| {
            if ignore_case {
                (0..32).find(|i| format::enum_name(*e, *i).is_some_and(|n| n.eq_ignore_ascii_case(part)))
            } else {
                None
            }
        });
        match found {
            Some(v) => total |= v,
            None => return Err(Exception::argument(&format!("Requested value '{s}' was not found."), None)),
        }
    }
    Ok(Some(Value::Enum(*e, total)))
}
