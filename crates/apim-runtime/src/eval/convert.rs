//! Conversions: implicit (assignment to a declared type) and explicit (`(T)x` casts),
//! with unboxing rules and JToken's explicit operators.

use apim_json::{ClrType, ClrValue, StdPlatform, Target};

use super::ops::{NumKind, as_dec, as_f64, as_i64, as_u64, kind_of};
use crate::compile::node::STy;
use crate::error::{Exception, Result};
use crate::types::{JsonTy, Ty, is_instance, type_name};
use crate::value::Value;

/// The implicit conversion of a value stored into a slot of static type `to`.
///
/// # Errors
/// None in practice (implicit conversions do not fail); kept fallible for symmetry.
pub fn implicit(v: Value, to: &STy) -> Result<Value> {
    let Some(t) = to else { return Ok(v) };
    match t {
        Ty::Nullable(inner) => implicit(v, &Some((**inner).clone())),
        t if t.is_numeric() && kind_of(&v).is_some() && !same_kind(&v, t) => numeric(&v, t, false),
        Ty::Json(_) if !v.is_null() && !matches!(v, Value::Json(_)) => to_jtoken_implicit(&v).map(Value::Json),
        _ => Ok(v),
    }
}

fn same_kind(v: &Value, t: &Ty) -> bool {
    crate::types::type_of(v).as_ref() == Some(t)
}

/// An integer value as `i64`.
///
/// # Errors
/// `InvalidCastException` for non-integral values.
pub fn to_i64(v: &Value) -> Result<i64> {
    match kind_of(v) {
        Some(NumKind::I32 | NumKind::I64 | NumKind::U32 | NumKind::U64) => Ok(as_i64(v)),
        _ => match v {
            Value::Enum(_, x) => Ok(*x),
            Value::Null => Err(Exception::null_ref()),
            _ => Err(Exception::invalid_cast()),
        },
    }
}

/// An argument as `i32` (int parameters accept any integral value that fits).
///
/// # Errors
/// `InvalidCastException` for other values.
pub fn to_i32(v: &Value) -> Result<i32> {
    let x = to_i64(v)?;
    i32::try_from(x).map_err(|_| Exception::overflow())
}

/// A value as `double` (numeric parameters).
///
/// # Errors
/// `InvalidCastException` for non-numeric values.
pub fn to_f64(v: &Value) -> Result<f64> {
    if kind_of(v).is_some() {
        Ok(as_f64(v))
    } else if v.is_null() {
        Err(Exception::null_ref())
    } else {
        Err(Exception::invalid_cast())
    }
}

fn cast_message(v: &Value, t: &Ty) -> Exception {
    Exception::invalid_cast_msg(format!(
        "Unable to cast object of type '{}' to type '{}'.",
        type_name(v).unwrap_or_default(),
        t.full_name()
    ))
}

/// A `float` as the `double` with the digits Newtonsoft writes for it (`float.ToString("R")`
/// on .NET Framework: 7 significant digits when they round-trip, else 9), so `1.1f` is
/// written `1.1`, not `1.1000000238418579`.
#[must_use]
pub fn f32_as_written(f: f32) -> f64 {
    if !f.is_finite() {
        return f64::from(f);
    }
    let g7 = format!("{f:.6e}");
    let text = if g7.parse::<f32>().ok() == Some(f) { g7 } else { format!("{f:.8e}") };
    text.parse().unwrap_or_else(|_| f64::from(f))
}

/// `x` converted to a `JToken` parameter (`JObject.Add(name, x)`, `token[key] = x`,
/// `(JToken)x`): C# has no `char` conversion to `JToken`, so a `char` widens to an integer.
///
/// # Errors
/// As [`to_jvalue`].
pub fn to_jtoken_implicit(v: &Value) -> Result<apim_json::JToken> {
    match v {
        Value::Char(c) => Ok(apim_json::JToken::integer(i64::from(u32::from(*c)))),
        _ => to_jvalue(v),
    }
}

/// A primitive as a new `JValue` (JToken's implicit conversions).
///
/// # Errors
/// `ArgumentException` for values JSON cannot hold.
pub fn to_jvalue(v: &Value) -> Result<apim_json::JToken> {
    use apim_json::{JToken, Value as J};
    Ok(match v {
        Value::Json(t) => t.clone(),
        Value::Null => JToken::null(),
        Value::Bool(b) => JToken::boolean(*b),
        Value::Str(s) => JToken::string(s.to_string()),
        Value::Char(c) => JToken::string(c.to_string()),
        Value::F32(f) => JToken::float(f32_as_written(*f)),
        Value::F64(f) => JToken::float(*f),
        Value::Decimal(d) => JToken::from_value(J::Decimal(*d)),
        Value::BigInt(b) => JToken::from_value(J::BigInteger((**b).clone())),
        Value::U64(x) => match i64::try_from(*x) {
            Ok(i) => JToken::integer(i),
            Err(_) => JToken::from_value(J::BigInteger(apim_json::BigInteger::from_i128(i128::from(*x)))),
        },
        Value::DateTime(d) => {
            let kind = match d.kind() {
                apim_dotnet::DateTimeKind::Utc => apim_json::DateTimeKind::Utc,
                apim_dotnet::DateTimeKind::Local => apim_json::DateTimeKind::Local,
                apim_dotnet::DateTimeKind::Unspecified => apim_json::DateTimeKind::Unspecified,
            };
            match apim_json::DateTime::from_ticks(d.ticks(), kind) {
                Some(d) => JToken::date(d),
                None => JToken::null(),
            }
        }
        Value::TimeSpan(t) => JToken::from_value(J::TimeSpan(apim_json::TimeSpan(t.ticks()))),
        Value::Guid(g) => JToken::from_value(J::Guid(apim_json::Guid(g.to_byte_array()))),
        Value::Array(s) if s.elem == Ty::U8 => {
            let bytes = s.items.borrow().iter().map(|b| u8::try_from(as_i64(b)).unwrap_or_default()).collect();
            JToken::from_value(J::Bytes(bytes))
        }
        Value::Uri(u) => JToken::from_value(J::Uri(u.original.clone())),
        other if kind_of(other).is_some() => JToken::integer(as_i64(other)),
        Value::Enum(_, x) => JToken::integer(*x),
        other => {
            return Err(Exception::argument(
                &format!("Could not determine JSON object type for type {}.", type_name(other).unwrap_or_default()),
                None,
            ));
        }
    })
}

fn json_target(t: &Ty) -> Option<Target> {
    let (inner, nullable) = match t {
        Ty::Nullable(i) => (&**i, true),
        other => (other, false),
    };
    let ty = match inner {
        Ty::Bool => ClrType::Boolean,
        Ty::I32 | Ty::I16 | Ty::U16 | Ty::U8 | Ty::I8 => ClrType::Int32,
        Ty::I64 | Ty::U32 | Ty::U64 => ClrType::Int64,
        Ty::F64 | Ty::F32 | Ty::Decimal => ClrType::Double,
        Ty::String => ClrType::String,
        Ty::DateTime => ClrType::DateTime,
        _ => return None,
    };
    Some(Target { ty, nullable })
}

/// A `ClrValue` from apim-json as a runtime value of type `t`.
#[must_use]
pub fn from_clr(v: ClrValue, t: &Ty) -> Value {
    let v = match v {
        ClrValue::Null => Value::Null,
        ClrValue::Boolean(b) => Value::Bool(b),
        ClrValue::Int32(i) => Value::I32(i),
        ClrValue::Int64(i) => Value::I64(i),
        ClrValue::Double(d) => Value::F64(d),
        ClrValue::String(s) => Value::string(s),
        ClrValue::DateTime(d) => {
            let kind = match d.kind() {
                apim_json::DateTimeKind::Utc => apim_dotnet::DateTimeKind::Utc,
                apim_json::DateTimeKind::Local => apim_dotnet::DateTimeKind::Local,
                apim_json::DateTimeKind::Unspecified => apim_dotnet::DateTimeKind::Unspecified,
            };
            apim_dotnet::DateTime::from_ticks(d.ticks(), kind).map_or(Value::Null, Value::DateTime)
        }
        ClrValue::Token(t) => Value::Json(t),
    };
    let inner = match t {
        Ty::Nullable(i) => &**i,
        other => other,
    };
    if inner.is_numeric() && kind_of(&v).is_some() && !same_kind(&v, inner) {
        return numeric(&v, inner, true).unwrap_or(v);
    }
    v
}

/// A `JValue` holding a `decimal` converted to `decimal` (or `decimal?`): the value
/// itself, scale included (`Convert.ToDecimal(decimal)` returns its argument).
#[must_use]
pub fn decimal_as_is(token: &apim_json::JToken, t: &Ty) -> Option<Value> {
    let inner = match t {
        Ty::Nullable(i) => &**i,
        other => other,
    };
    match (inner, token.value()) {
        (Ty::Decimal, Some(apim_json::Value::Decimal(d))) => Some(Value::Decimal(d)),
        _ => None,
    }
}

/// `(T)token`: JToken's explicit conversion operators.
///
/// # Errors
/// What Newtonsoft throws (`ArgumentException` "Can not convert Object to String.", ...).
pub fn json_cast(token: &apim_json::JToken, t: &Ty) -> Result<Value> {
    if let Some(v) = decimal_as_is(token, t) {
        return Ok(v);
    }
    let held = if token.token_type() == apim_json::JTokenType::Property { token.property_value() } else { None };
    if let Some(apim_json::Value::BigInteger(b)) = held.as_ref().unwrap_or(token).value()
        && let Some(r) = big_integer_cast(&b, t)
    {
        return r;
    }
    let Some(target) = json_target(t) else {
        return Err(Exception::argument(
            &format!(
                "Can not convert {} to {}.",
                token.token_type().name(),
                t.full_name().trim_start_matches("System.")
            ),
            None,
        ));
    };
    let v = apim_json::cast(Some(token), target, &StdPlatform::APIM)?;
    Ok(from_clr(v, t))
}

/// `(T)v`: an explicit conversion. `unbox` when the operand's static type is `object`:
/// then a value type must match exactly (`(int)(object)1L` throws).
///
/// # Errors
/// `InvalidCastException`, `NullReferenceException` (unboxing null), `OverflowException`
/// (checked conversions, decimal out of range).
pub fn cast(v: Value, t: &Ty, unbox: bool, checked: bool) -> Result<Value> {
    if *t == Ty::Object {
        return Ok(v);
    }
    if let Value::Json(tok) = &v
        && !matches!(t, Ty::Json(_) | Ty::Enumerable(_))
    {
        return json_cast(tok, t);
    }
    if v.is_null() {
        return if t.is_value_type() { Err(Exception::null_ref()) } else { Ok(Value::Null) };
    }
    if let Ty::Nullable(inner) = t {
        return cast(v, inner, unbox, checked);
    }
    if is_instance(&v, t) {
        return Ok(v);
    }
    match t {
        Ty::Json(j) => {
            if matches!(v, Value::Json(_)) || unbox {
                return Err(cast_message(&v, t));
            }
            let tok = to_jvalue(&v)?;
            if *j == JsonTy::Value || *j == JsonTy::Token { Ok(Value::Json(tok)) } else { Err(cast_message(&v, t)) }
        }
        _ if unbox && t.is_value_type() => {
            // Unboxing: exact type (an enum unboxes to its underlying int and back).
            match (&v, t) {
                (Value::Enum(_, x), Ty::I32) => Ok(Value::I32(i32::try_from(*x).unwrap_or_default())),
                (Value::I32(x), Ty::Enum(e)) => Ok(Value::Enum(*e, i64::from(*x))),
                _ => Err(Exception::invalid_cast()),
            }
        }
        _ if t.is_numeric() && (kind_of(&v).is_some() || matches!(v, Value::Enum(..))) => {
            let v = match v {
                Value::Enum(_, x) => Value::I64(x),
                other => other,
            };
            numeric(&v, t, checked)
        }
        Ty::Enum(e) if kind_of(&v).is_some() => Ok(Value::Enum(*e, as_i64(&v))),
        _ => Err(cast_message(&v, t)),
    }
}

/// The `OverflowException` of a conversion (from `decimal` or `BigInteger`) to the
/// numeric type `t` that the value does not fit.
fn range_overflow(t: &Ty) -> Exception {
    let name = match t {
        Ty::I32 => "an Int32",
        Ty::I64 => "an Int64",
        Ty::U8 => "an unsigned byte",
        Ty::I8 => "a signed byte",
        Ty::I16 => "an Int16",
        Ty::U16 => "a UInt16",
        Ty::U32 => "a UInt32",
        Ty::U64 => "a UInt64",
        Ty::Decimal => "a Decimal",
        _ => "a Char",
    };
    Exception::new("System.OverflowException", format!("Value was either too large or too small for {name}."))
}

/// `(T)token` for a `JValue` holding a `BigInteger`: Newtonsoft's operators apply
/// BigInteger's own explicit conversions, so a value beyond `T` throws
/// `OverflowException` (`(long)` of 2^64 included) and `decimal`/`ulong` take what fits.
/// `None` leaves the conversion to the common path (`bool`, `string`, non-numeric `T`).
fn big_integer_cast(b: &apim_json::BigInteger, t: &Ty) -> Option<Result<Value>> {
    let inner = match t {
        Ty::Nullable(i) => &**i,
        other => other,
    };
    Some(match inner {
        Ty::F64 => Ok(Value::F64(b.to_f64())),
        #[allow(clippy::cast_possible_truncation, reason = "(float)BigInteger rounds to the nearest float")]
        Ty::F32 => Ok(Value::F32(b.to_f64() as f32)),
        Ty::Decimal => b.to_decimal().map(Value::Decimal).ok_or_else(|| range_overflow(inner)),
        Ty::I8 | Ty::U8 | Ty::I16 | Ty::U16 | Ty::I32 | Ty::U32 | Ty::I64 | Ty::U64 => {
            let (min, max) = integral_range(inner);
            match b.to_i128().filter(|v| (min..=max).contains(v)) {
                Some(v) if v < 0 => numeric(&Value::I64(i64::try_from(v).unwrap_or_default()), inner, true),
                Some(v) => numeric(&Value::U64(u64::try_from(v).unwrap_or_default()), inner, true),
                None => Err(range_overflow(inner)),
            }
        }
        _ => return None,
    })
}

/// The range of an integral type.
fn integral_range(t: &Ty) -> (i128, i128) {
    match t {
        Ty::I8 => (i128::from(i8::MIN), i128::from(i8::MAX)),
        Ty::U8 => (0, i128::from(u8::MAX)),
        Ty::I16 => (i128::from(i16::MIN), i128::from(i16::MAX)),
        Ty::U16 | Ty::Char => (0, i128::from(u16::MAX)),
        Ty::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        Ty::U32 => (0, i128::from(u32::MAX)),
        Ty::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
        _ => (0, i128::from(u64::MAX)),
    }
}

/// Explicit numeric conversion of `v` to the numeric type `t`.
///
/// # Errors
/// `OverflowException` when checked (or from decimal) and out of range.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss
)]
pub fn numeric(v: &Value, t: &Ty, checked: bool) -> Result<Value> {
    let k = kind_of(v).ok_or_else(Exception::invalid_cast)?;
    // Floating and decimal targets.
    match t {
        Ty::F64 => return Ok(Value::F64(as_f64(v))),
        Ty::F32 => {
            return Ok(Value::F32(match v {
                Value::F32(x) => *x,
                _ => as_f64(v) as f32,
            }));
        }
        Ty::Decimal => {
            return Ok(Value::Decimal(match k {
                NumKind::F32 | NumKind::F64 => {
                    let f = as_f64(v);
                    apim_dotnet::decimal_from_double(f).map_err(|_| {
                        Exception::new(
                            "System.OverflowException",
                            "Value was either too large or too small for a Decimal.",
                        )
                    })?
                }
                _ => as_dec(v),
            }));
        }
        _ => {}
    }
    // Integral targets: the source as an i128 (or a float / decimal).
    if !matches!(t, Ty::I8 | Ty::U8 | Ty::I16 | Ty::U16 | Ty::Char | Ty::I32 | Ty::U32 | Ty::I64 | Ty::U64) {
        return Err(Exception::invalid_cast());
    }
    let (min, max) = integral_range(t);
    let wide: i128 = match k {
        NumKind::F32 | NumKind::F64 => {
            let f = as_f64(v);
            let truncated = f.trunc();
            if checked && (f.is_nan() || truncated < min as f64 || truncated > max as f64) {
                return Err(Exception::overflow());
            }
            if f.is_nan() || truncated < i64::MIN as f64 || truncated >= 2f64.powi(63) {
                // What x86 produces for an out-of-range conversion.
                if matches!(t, Ty::U64) && (0.0..2f64.powi(64)).contains(&truncated) {
                    truncated as u64 as i128
                } else if matches!(t, Ty::I32) {
                    i128::from(i32::MIN)
                } else {
                    i128::from(i64::MIN)
                }
            } else if matches!(t, Ty::I32) && (truncated < f64::from(i32::MIN) || truncated > f64::from(i32::MAX)) {
                i128::from(i32::MIN)
            } else {
                truncated as i64 as i128
            }
        }
        NumKind::Dec => {
            let d = as_dec(v).trunc();
            let i: i128 = d.try_into().unwrap_or(i128::MAX);
            if i < min || i > max {
                return Err(range_overflow(t));
            }
            i
        }
        NumKind::U64 => i128::from(as_u64(v)),
        _ => i128::from(as_i64(v)),
    };
    if checked && (wide < min || wide > max) {
        return Err(Exception::overflow());
    }
    Ok(match t {
        Ty::I8 => Value::I8(wide as i8),
        Ty::U8 => Value::U8(wide as u8),
        Ty::I16 => Value::I16(wide as i16),
        Ty::U16 => Value::U16(wide as u16),
        Ty::Char => Value::Char(char::from_u32(u32::from(wide as u16)).unwrap_or('\u{fffd}')),
        Ty::I32 => Value::I32(wide as i32),
        Ty::U32 => Value::U32(wide as u32),
        Ty::I64 => Value::I64(wide as i64),
        _ => Value::U64(wide as u64),
    })
}
