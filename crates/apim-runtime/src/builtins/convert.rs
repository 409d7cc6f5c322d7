//! `System.Convert` and the primitive types' statics (`int.Parse`, `int.TryParse`,
//! `double.IsNaN`, ...).

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{cast, numeric};
use crate::eval::ops::{as_f64, as_i64, kind_of};
use crate::types::{Ty, type_name};
use crate::value::Value;

fn str_opt(v: &Value) -> Option<&str> {
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn invalid_cast_from(v: &Value, to: &str) -> Exception {
    Exception::invalid_cast_msg(format!(
        "Invalid cast from '{}' to '{to}'.",
        type_name(v).unwrap_or_default().trim_start_matches("System.")
    ))
}

fn to_target(v: &Value, t: &Ty, name: &str) -> Result<Value> {
    // Convert.ToXxx(value): strings parse, doubles round half to even, bools become 0/1.
    if v.is_null() {
        return Ok(t.default_value());
    }
    match (v, t) {
        (Value::Str(s), Ty::I32) => Ok(Value::I32(apim_dotnet::int32_parse(s)?)),
        (Value::Str(s), Ty::I64) => Ok(Value::I64(apim_dotnet::int64_parse(s)?)),
        (Value::Str(s), Ty::F64) => Ok(Value::F64(apim_dotnet::double_parse(s)?)),
        (Value::Str(s), Ty::Decimal) => Ok(Value::Decimal(apim_dotnet::decimal_parse(s)?)),
        (Value::Str(s), Ty::Bool) => Ok(Value::Bool(apim_dotnet::bool_parse(s)?)),
        (Value::Str(s), Ty::F32) => Ok(Value::F32(apim_dotnet::float_parse(s)?)),
        (Value::Str(s), Ty::U8 | Ty::I16 | Ty::U16 | Ty::U32 | Ty::U64 | Ty::I8) => {
            let i = apim_dotnet::int64_parse(s)?;
            numeric(&Value::I64(i), t, true).map_err(|_| {
                Exception::new(
                    "System.OverflowException",
                    format!("Value was either too large or too small for {}.", article(name)),
                )
            })
        }
        (Value::Bool(b), t) if t.is_numeric() => numeric(&Value::I32(i32::from(*b)), t, false),
        (
            Value::F64(_) | Value::F32(_),
            Ty::I32 | Ty::I64 | Ty::I16 | Ty::U8 | Ty::U16 | Ty::U32 | Ty::U64 | Ty::I8,
        ) => {
            let f = as_f64(v);
            let r = round_even(f);
            if f.is_nan() {
                return Err(overflow_for(name));
            }
            numeric(&Value::F64(r), t, true).map_err(|_| overflow_for(name))
        }
        (Value::Decimal(d), Ty::I32 | Ty::I64 | Ty::I16 | Ty::U8 | Ty::U16 | Ty::U32 | Ty::U64 | Ty::I8) => {
            let r = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
            numeric(&Value::Decimal(r), t, true).map_err(|_| overflow_for(name))
        }
        (_, t) if t.is_numeric() && kind_of(v).is_some() => numeric(v, t, true).map_err(|_| overflow_for(name)),
        (Value::Char(c), t) if t.is_numeric() => {
            numeric(&Value::I32(i32::try_from(u32::from(*c)).unwrap_or(0)), t, true)
        }
        (_, Ty::Bool) if kind_of(v).is_some() => Ok(Value::Bool(as_f64(v) != 0.0)),
        (Value::Bool(_), Ty::Bool) => Ok(v.clone()),
        (Value::Json(tok), _) => cast(Value::Json(tok.clone()), t, false, false),
        (Value::DateTime(_), Ty::DateTime) => Ok(v.clone()),
        _ => Err(invalid_cast_from(v, name)),
    }
}

fn article(name: &str) -> String {
    match name {
        "Int32" | "Int64" | "Int16" => format!("an {name}"),
        "Byte" => "an unsigned byte".to_owned(),
        "SByte" => "a signed byte".to_owned(),
        other => format!("a {other}"),
    }
}

fn overflow_for(name: &str) -> Exception {
    Exception::new(
        "System.OverflowException",
        format!("Value was either too large or too small for {}.", article(name)),
    )
}

fn round_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 { 2.0 * (f / 2.0).round() } else { r }
}

/// `Convert.Xxx(...)`.
///
/// # Errors
/// `FormatException`, `OverflowException`, `InvalidCastException` as .NET.
pub fn call_convert(interp: &mut Interp<'_>, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    let target = match name {
        "ToInt32" => Some((Ty::I32, "Int32")),
        "ToInt64" => Some((Ty::I64, "Int64")),
        "ToInt16" => Some((Ty::I16, "Int16")),
        "ToByte" => Some((Ty::U8, "Byte")),
        "ToSByte" => Some((Ty::I8, "SByte")),
        "ToUInt16" => Some((Ty::U16, "UInt16")),
        "ToUInt32" => Some((Ty::U32, "UInt32")),
        "ToUInt64" => Some((Ty::U64, "UInt64")),
        "ToDouble" => Some((Ty::F64, "Double")),
        "ToSingle" => Some((Ty::F32, "Single")),
        "ToDecimal" => Some((Ty::Decimal, "Decimal")),
        "ToBoolean" => Some((Ty::Bool, "Boolean")),
        _ => None,
    };
    if let Some((t, n)) = target {
        return match &*args {
            [v] | [v, Value::Null] => to_target(v, &t, n).map(Some),
            [Value::Str(s), base] if t != Ty::F64 => {
                let base = as_i64(base);
                let r = i64::from_str_radix(
                    s.trim_start_matches("0x").trim_start_matches("0X"),
                    u32::try_from(base).unwrap_or(10),
                )
                .map_err(|_| Exception::format("Could not find any recognizable digits."))?;
                numeric(&Value::I64(r), &t, false).map(Some)
            }
            [v, _] => to_target(v, &t, n).map(Some),
            _ => Ok(None),
        };
    }
    Ok(Some(match (name, &*args) {
        ("ToString", [v @ (Value::U8(_) | Value::I16(_) | Value::I32(_) | Value::I64(_)), Value::I32(base)]) => {
            // Bases 2, 8 and 16 show the two's-complement bits of the value's own width.
            let bits: u64 = match v {
                Value::U8(x) => u64::from(*x),
                #[allow(clippy::cast_sign_loss)]
                Value::I16(x) => u64::from(*x as u16),
                #[allow(clippy::cast_sign_loss)]
                Value::I32(x) => u64::from(*x as u32),
                #[allow(clippy::cast_sign_loss)]
                Value::I64(x) => *x as u64,
                _ => 0,
            };
            Value::string(match base {
                2 => format!("{bits:b}"),
                8 => format!("{bits:o}"),
                16 => format!("{bits:x}"),
                10 => super::format::to_string(v)?,
                _ => return Err(Exception::argument("Invalid Base.", None)),
            })
        }
        ("ToString", [v, ..]) => match v {
            Value::Null => Value::str(""),
            other => Value::string(super::format::to_string(other)?),
        },
        ("ToBase64String", [v, ..]) => Value::string(apim_json::to_base64(&super::encoding::bytes_of(v)?)),
        ("FromBase64String", [Value::Str(s)]) => {
            let bytes = super::encoding::from_base64(s)?;
            Value::array(Ty::U8, bytes.into_iter().map(Value::U8).collect())
        }
        ("FromBase64String", [Value::Null]) => return Err(Exception::argument_null("s")),
        ("ToChar", [v]) => match v {
            Value::Str(s) if s.chars().count() == 1 => Value::Char(s.chars().next().unwrap_or('\0')),
            Value::Str(_) => return Err(Exception::format("String must be exactly one character long.")),
            other => numeric(other, &Ty::Char, true)?,
        },
        ("ToDateTime", [Value::Str(s), ..]) => {
            Value::DateTime(apim_dotnet::DateTime::parse(s, interp.ctx.data.timestamp)?)
        }
        ("ToHexString", [v]) => {
            Value::string(super::encoding::bytes_of(v)?.iter().map(|b| format!("{b:02X}")).collect())
        }
        ("ChangeType", [v, Value::Type(t)]) => to_target(v, t, t.full_name().trim_start_matches("System."))?,
        _ => return Ok(None),
    }))
}

/// `int.Parse`, `int.TryParse`, `double.IsNaN`, `char.IsDigit`, ...
///
/// # Errors
/// Parse errors.
pub fn call_primitive_static(
    interp: &mut Interp<'_>,
    ty: &str,
    name: &str,
    args: &mut [Value],
) -> Result<Option<Value>> {
    let _ = interp;
    let t = match ty {
        "Int32" => Ty::I32,
        "Int64" => Ty::I64,
        "Double" => Ty::F64,
        "Single" => Ty::F32,
        "Decimal" => Ty::Decimal,
        "Boolean" => Ty::Bool,
        "Int16" => Ty::I16,
        "Byte" => Ty::U8,
        "SByte" => Ty::I8,
        "UInt16" => Ty::U16,
        "UInt32" => Ty::U32,
        "UInt64" => Ty::U64,
        _ => Ty::Char,
    };
    let parse = |s: &str, styles: Option<apim_dotnet::NumberStyles>| -> Result<Value> {
        Ok(match (&t, styles) {
            (Ty::I32, None) => Value::I32(apim_dotnet::int32_parse(s)?),
            (Ty::I32, Some(st)) => Value::I32(apim_dotnet::int32_parse_styles(s, st)?),
            (Ty::I64, None) => Value::I64(apim_dotnet::int64_parse(s)?),
            (Ty::I64, Some(st)) => Value::I64(apim_dotnet::int64_parse_styles(s, st)?),
            (Ty::F64, None) => Value::F64(apim_dotnet::double_parse(s)?),
            (Ty::F64, Some(st)) => Value::F64(apim_dotnet::double_parse_styles(s, st)?),
            (Ty::F32, _) => Value::F32(apim_dotnet::float_parse(s)?),
            (Ty::Decimal, None) => Value::Decimal(apim_dotnet::decimal_parse(s)?),
            (Ty::Decimal, Some(st)) => Value::Decimal(apim_dotnet::decimal_parse_styles(s, st)?),
            (Ty::Bool, _) => Value::Bool(apim_dotnet::bool_parse(s)?),
            (Ty::U32, _) => Value::U32(apim_dotnet::uint32_parse(s)?),
            (Ty::U64, _) => Value::U64(apim_dotnet::uint64_parse(s)?),
            (Ty::Char, _) => {
                let mut cs = s.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => Value::Char(c),
                    _ => return Err(Exception::format("String must be exactly one character long.")),
                }
            }
            (other, _) => {
                let i = apim_dotnet::int64_parse(s)?;
                numeric(&Value::I64(i), other, true).map_err(|_| overflow_for(ty))?
            }
        })
    };
    let styles = |v: Option<&Value>| match v {
        Some(Value::Enum(crate::value::EnumTy::NumberStyles, x)) => {
            Some(apim_dotnet::NumberStyles(u32::try_from(*x).unwrap_or(0)))
        }
        _ => None,
    };
    Ok(Some(match (name, &*args) {
        ("Parse", [Value::Null, ..]) => {
            return Err(Exception::argument_null(if t == Ty::Bool { "value" } else { "s" }));
        }
        ("Parse", [Value::Str(s), rest @ ..]) => parse(s, styles(rest.first()))?,
        ("TryParse", [s, .., _]) => {
            let out_index = args.len() - 1;
            let st = if args.len() > 2 { styles(args.get(1)) } else { None };
            let r = match str_opt(s) {
                Some(s) => parse(s, st).ok(),
                None => None,
            };
            let ok = r.is_some();
            args[out_index] = r.unwrap_or_else(|| t.default_value());
            Value::Bool(ok)
        }
        ("IsNaN", [v]) => Value::Bool(as_f64(v).is_nan()),
        ("IsInfinity", [v]) => Value::Bool(as_f64(v).is_infinite()),
        ("IsPositiveInfinity", [v]) => Value::Bool(as_f64(v) == f64::INFINITY),
        ("IsNegativeInfinity", [v]) => Value::Bool(as_f64(v) == f64::NEG_INFINITY),
        // Only ASCII digits and non-numeric characters are modelled (-1 for the latter).
        ("GetNumericValue", [Value::Char(c)]) if c.is_ascii_digit() || !c.is_numeric() => {
            Value::F64(c.to_digit(10).map_or(-1.0, f64::from))
        }
        ("IsDigit", [Value::Char(c)]) => Value::Bool(c.is_ascii_digit() || c.is_numeric() && !c.is_alphabetic()),
        ("IsLetter", [Value::Char(c)]) => Value::Bool(c.is_alphabetic()),
        ("IsLetterOrDigit", [Value::Char(c)]) => Value::Bool(c.is_alphanumeric()),
        ("IsWhiteSpace", [Value::Char(c)]) => Value::Bool(c.is_whitespace()),
        ("IsUpper", [Value::Char(c)]) => Value::Bool(c.is_uppercase()),
        ("IsLower", [Value::Char(c)]) => Value::Bool(c.is_lowercase()),
        ("ToUpper" | "ToUpperInvariant", [Value::Char(c)]) => Value::Char(super::string::upper_char(*c)),
        ("ToLower" | "ToLowerInvariant", [Value::Char(c)]) => Value::Char(super::string::lower_char(*c)),
        ("IsDigit" | "IsLetter", [Value::Str(s), i]) => {
            let c = s
                .chars()
                .nth(usize::try_from(as_i64(i)).unwrap_or(usize::MAX))
                .ok_or_else(Exception::index_out_of_range)?;
            Value::Bool(if name == "IsDigit" { c.is_ascii_digit() } else { c.is_alphabetic() })
        }
        ("ToString", [v]) => Value::string(super::format::to_string(v)?),
        ("Round" | "Floor" | "Ceiling" | "Truncate" | "Abs" | "Max" | "Min", _) if t == Ty::Decimal => {
            return super::math::call(name, args);
        }
        _ => return Ok(None),
    }))
}
