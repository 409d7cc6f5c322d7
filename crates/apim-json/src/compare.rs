//! `JValue.Compare` and `ValuesEquals`: how Newtonsoft compares values of one type.

use std::cmp::Ordering;

use crate::big_integer::BigInteger;
use crate::convert::{ClrType, ClrValue, change_type};
use crate::error::{JsonError, Result};
use crate::platform::{Culture, Platform};
use crate::value::{JTokenType, Value};
use crate::writer::value_to_string;

/// `MathUtils.ApproxEquals`: equal within `(|a| + |b| + 10) * 2.2e-16`.
fn approx_equals(d1: f64, d2: f64) -> bool {
    const EPSILON: f64 = 2.220_446_049_250_313E-16;
    if d1 == d2 {
        return true;
    }
    let tolerance = (d1.abs() + d2.abs() + 10.0) * EPSILON;
    let difference = d1 - d2;
    -tolerance < difference && tolerance > difference
}

fn compare_float(d1: f64, d2: f64) -> Ordering {
    if approx_equals(d1, d2) {
        return Ordering::Equal;
    }
    // double.CompareTo: NaN sorts first and equals itself.
    d1.partial_cmp(&d2).unwrap_or_else(|| d1.is_nan().cmp(&d2.is_nan()).reverse())
}

fn compare_integers(a: &Value, b: &Value) -> Option<Ordering> {
    let big = |v: &Value| match v {
        Value::Integer(i) => Some(BigInteger::from_i128(i128::from(*i))),
        Value::BigInteger(b) => Some(b.clone()),
        _ => None,
    };
    Some(big(a)?.cmp_value(&big(b)?))
}

/// UTF-16 ordinal comparison (`string.CompareOrdinal`).
pub(crate) fn compare_ordinal(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `JValue.Compare(type, a, b)` for two payloads of the same token type; `None` when .NET
/// would throw (mismatched types).
#[must_use]
pub fn compare_values(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Null | Value::Undefined, Value::Null | Value::Undefined) => Some(Ordering::Equal),
        (Value::Null | Value::Undefined, _) => Some(Ordering::Less),
        (_, Value::Null | Value::Undefined) => Some(Ordering::Greater),
        (Value::Integer(_) | Value::BigInteger(_), Value::Integer(_) | Value::BigInteger(_)) => compare_integers(a, b),
        (Value::BigInteger(x), Value::Float(y)) => x.cmp_f64(*y),
        (Value::Float(x), Value::BigInteger(y)) => y.cmp_f64(*x).map(Ordering::reverse),
        (Value::BigInteger(x), Value::Decimal(y)) => Some(x.cmp_decimal(*y)),
        (Value::Decimal(x), Value::BigInteger(y)) => Some(y.cmp_decimal(*x).reverse()),
        (Value::Float(x), Value::Float(y)) => Some(compare_float(*x, *y)),
        (Value::Float(x), Value::Integer(y)) => Some(compare_float(*x, *y as f64)),
        (Value::Integer(x), Value::Float(y)) => Some(compare_float(*x as f64, *y)),
        (Value::Decimal(x), Value::Decimal(y)) => Some(x.cmp(y)),
        (Value::Decimal(x), Value::Integer(y)) => Some(x.cmp(&rust_decimal::Decimal::from(*y))),
        (Value::Integer(x), Value::Decimal(y)) => Some(rust_decimal::Decimal::from(*x).cmp(y)),
        (Value::Decimal(x), Value::Float(y)) => Some(compare_float(decimal_to_f64(*x), *y)),
        (Value::Float(x), Value::Decimal(y)) => Some(compare_float(*x, decimal_to_f64(*y))),
        (Value::String(x) | Value::Comment(x), Value::String(y) | Value::Comment(y)) => Some(compare_ordinal(x, y)),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Guid(x), Value::Guid(y)) => Some(x.cmp(y)),
        (Value::Uri(x), Value::Uri(y)) => Some(x.cmp(y)),
        (Value::TimeSpan(x), Value::TimeSpan(y)) => Some(x.cmp(y)),
        (Value::Bytes(x), Value::Bytes(y)) => Some(x.len().cmp(&y.len()).then_with(|| x.cmp(y))),
        _ => None,
    }
}

/// `JValue.Compare(type, a, b)` for payloads of any types, as `JValue.CompareTo` and
/// JSONPath filters call it: both values are converted to `ty`'s .NET type the way
/// `Convert.ToXxx(object)` does (a string `"15"` compared as an integer is 15), so the
/// conversion's exception is the comparison's (`Convert.ToInt64("x")`). A null value
/// is below everything else.
///
/// # Errors
/// `FormatException`, `InvalidCastException`, `OverflowException` from the conversion;
/// `ArgumentException` for a GUID, URI, time span or bytes against another type.
pub fn compare_as(ty: JTokenType, a: &Value, b: &Value, platform: &dyn Platform) -> Result<Ordering> {
    let is_null = |v: &Value| matches!(v, Value::Null | Value::Undefined);
    match (is_null(a), is_null(b)) {
        (true, true) => return Ok(Ordering::Equal),
        (_, true) => return Ok(Ordering::Greater),
        (true, _) => return Ok(Ordering::Less),
        _ => {}
    }
    let convert = |v: &Value, to: ClrType| change_type(v, to, platform);
    match ty {
        JTokenType::String | JTokenType::Comment | JTokenType::Raw => Ok(compare_ordinal(
            &value_to_string(a, platform, Culture::Invariant),
            &value_to_string(b, platform, Culture::Invariant),
        )),
        JTokenType::Integer | JTokenType::Float => {
            if let Value::BigInteger(x) = a {
                return compare_big_integer(x, b);
            }
            if let Value::BigInteger(y) = b {
                return compare_big_integer(y, a).map(Ordering::reverse);
            }
            if matches!(a, Value::Decimal(_)) || matches!(b, Value::Decimal(_)) {
                return Ok(to_decimal(a)?.cmp(&to_decimal(b)?));
            }
            if ty == JTokenType::Float || matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
                let (ClrValue::Double(x), ClrValue::Double(y)) =
                    (convert(a, ClrType::Double)?, convert(b, ClrType::Double)?)
                else {
                    return Err(JsonError::invalid_cast("Specified cast is not valid."));
                };
                return Ok(compare_float(x, y));
            }
            match (convert(a, ClrType::Int64)?, convert(b, ClrType::Int64)?) {
                (ClrValue::Int64(x), ClrValue::Int64(y)) => Ok(x.cmp(&y)),
                _ => Err(JsonError::invalid_cast("Specified cast is not valid.")),
            }
        }
        JTokenType::Boolean => match (convert(a, ClrType::Boolean)?, convert(b, ClrType::Boolean)?) {
            (ClrValue::Boolean(x), ClrValue::Boolean(y)) => Ok(x.cmp(&y)),
            _ => Err(JsonError::invalid_cast("Specified cast is not valid.")),
        },
        JTokenType::Date => match (convert(a, ClrType::DateTime)?, convert(b, ClrType::DateTime)?) {
            (ClrValue::DateTime(x), ClrValue::DateTime(y)) => Ok(x.ticks().cmp(&y.ticks())),
            _ => Err(JsonError::invalid_cast("Specified cast is not valid.")),
        },
        JTokenType::Bytes | JTokenType::Guid | JTokenType::Uri | JTokenType::TimeSpan => {
            compare_values(a, b).filter(|_| a.token_type() == b.token_type()).ok_or_else(|| {
                let name = match ty {
                    JTokenType::Bytes => "byte[]",
                    other => other.name(),
                };
                JsonError::argument(format!("Object must be of type {name}."))
            })
        }
        other => Err(JsonError::out_of_range(&format!("Unexpected value type: {}", other.name()), "valueType")),
    }
}

/// `CompareBigInteger(i1, i2)`: `i2` as a `BigInteger` (`ConvertUtils.ToBigInteger`; a
/// fraction decides a tie).
fn compare_big_integer(x: &BigInteger, other: &Value) -> Result<Ordering> {
    match other {
        Value::Integer(i) => Ok(x.cmp_value(&BigInteger::from_i128(i128::from(*i)))),
        Value::BigInteger(y) => Ok(x.cmp_value(y)),
        Value::Float(f) => x
            .cmp_f64(*f)
            .ok_or_else(|| JsonError::overflow("Value was either too large or too small for a BigInteger.")),
        Value::Decimal(d) => Ok(x.cmp_decimal(*d)),
        Value::String(s) => BigInteger::parse(s.trim())
            .map(|y| x.cmp_value(&y))
            .ok_or_else(|| JsonError::format("The value could not be parsed.")),
        other => {
            Err(JsonError::invalid_cast(format!("Cannot convert System.{} to BigInteger.", other.clr_type_name())))
        }
    }
}

/// `Convert.ToDecimal(value, CultureInfo.InvariantCulture)` for the payloads that have one.
fn to_decimal(v: &Value) -> Result<rust_decimal::Decimal> {
    use rust_decimal::prelude::FromPrimitive;
    let overflow = || JsonError::overflow("Value was either too large or too small for a Decimal.");
    match v {
        Value::Decimal(d) => Ok(*d),
        Value::Integer(i) => Ok(rust_decimal::Decimal::from(*i)),
        Value::Float(f) => rust_decimal::Decimal::from_f64(*f).ok_or_else(overflow),
        Value::Boolean(b) => Ok(rust_decimal::Decimal::from(u8::from(*b))),
        Value::String(s) => {
            s.trim().parse().map_err(|_| JsonError::format("Input string was not in a correct format."))
        }
        other => Err(JsonError::invalid_cast(format!("Invalid cast from '{}' to 'Decimal'.", other.clr_type_name()))),
    }
}

/// `Convert.ToDouble(decimal)`.
pub(crate) fn decimal_to_f64(d: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

/// `JValue.ValuesEquals`: same token type and `Compare == 0`.
#[must_use]
pub fn values_equal(a: &Value, b: &Value) -> bool {
    a.token_type() == b.token_type() && compare_values(a, b) == Some(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_rules() {
        assert!(values_equal(&Value::Float(0.1 + 0.2), &Value::Float(0.3)));
        assert!(!values_equal(&Value::Integer(1), &Value::Float(1.0)));
        assert!(values_equal(&Value::Null, &Value::Null));
        assert!(!values_equal(&Value::Null, &Value::Undefined));
        assert!(values_equal(&Value::String("a".into()), &Value::String("a".into())));
        assert_eq!(compare_ordinal("\u{FFFF}", "\u{10000}"), Ordering::Greater);
    }
}
