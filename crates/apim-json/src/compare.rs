//! `JValue.Compare` and `ValuesEquals`: how Newtonsoft compares values of one type.

use std::cmp::Ordering;

use crate::big_integer::BigInteger;
use crate::value::Value;

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
