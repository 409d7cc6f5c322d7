//! C# operators with .NET semantics: binary numeric promotion, unchecked wrap-around
//! (`checked` throws `OverflowException`), integer division by zero, string
//! concatenation, lifted (nullable) operators, `DateTime`/`TimeSpan` arithmetic.

use std::cmp::Ordering;

use apim_dotnet::Decimal;
use apim_expr::ast::BinaryOp;

use crate::builtins::format::to_string_plain;
use crate::error::{Exception, Result};
use crate::value::Value;

/// The promoted kind of a numeric operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NumKind {
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Dec,
}

/// The numeric kind of a value after unary promotion (`char`, `byte`, `short` -> `int`).
#[must_use]
pub fn kind_of(v: &Value) -> Option<NumKind> {
    Some(match v {
        Value::Char(_) | Value::I8(_) | Value::U8(_) | Value::I16(_) | Value::U16(_) | Value::I32(_) => NumKind::I32,
        Value::U32(_) => NumKind::U32,
        Value::I64(_) => NumKind::I64,
        Value::U64(_) => NumKind::U64,
        Value::F32(_) => NumKind::F32,
        Value::F64(_) => NumKind::F64,
        Value::Decimal(_) => NumKind::Dec,
        _ => return None,
    })
}

fn promote(a: NumKind, b: NumKind) -> Option<NumKind> {
    use NumKind::{Dec, F32, F64, I32, I64, U32, U64};
    Some(match (a, b) {
        (Dec, F32 | F64) | (F32 | F64, Dec) => return None,
        (Dec, _) | (_, Dec) => Dec,
        (F64, _) | (_, F64) => F64,
        (F32, _) | (_, F32) => F32,
        (U64, I32 | I64) | (I32 | I64, U64) => return None,
        (U64, _) | (_, U64) => U64,
        (I64, _) | (_, I64) => I64,
        (U32, I32) | (I32, U32) => I64,
        (U32, _) => U32,
        _ => I32,
    })
}

/// The value as `i64` (integral values only; `u64` above `i64::MAX` wraps).
#[must_use]
#[allow(clippy::cast_possible_wrap)] // u64 -> i64 reinterpretation matches unchecked C# casts.
pub fn as_i64(v: &Value) -> i64 {
    match v {
        Value::Char(c) => i64::from(u32::from(*c)),
        Value::I8(x) => i64::from(*x),
        Value::U8(x) => i64::from(*x),
        Value::I16(x) => i64::from(*x),
        Value::U16(x) => i64::from(*x),
        Value::I32(x) => i64::from(*x),
        Value::U32(x) => i64::from(*x),
        Value::I64(x) => *x,
        Value::U64(x) => *x as i64,
        Value::Enum(_, x) => *x,
        _ => 0,
    }
}

/// The value as `u64` (integral values only).
#[must_use]
#[allow(clippy::cast_sign_loss)] // unchecked C# semantics.
pub fn as_u64(v: &Value) -> u64 {
    match v {
        Value::U64(x) => *x,
        other => as_i64(other) as u64,
    }
}

/// The value as `f64`.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn as_f64(v: &Value) -> f64 {
    match v {
        Value::F32(x) => f64::from(*x),
        Value::F64(x) => *x,
        Value::U64(x) => *x as f64,
        Value::Decimal(d) => apim_dotnet::decimal_to_double(d),
        other => as_i64(other) as f64,
    }
}

/// The value as `decimal` (integral and decimal values).
#[must_use]
pub fn as_dec(v: &Value) -> Decimal {
    match v {
        Value::Decimal(d) => *d,
        Value::U64(x) => Decimal::from(*x),
        Value::F32(_) | Value::F64(_) => apim_dotnet::decimal_from_double(as_f64(v)).unwrap_or_default(),
        other => Decimal::from(as_i64(other)),
    }
}

fn bad_operands(op: BinaryOp, l: &Value, r: &Value) -> Exception {
    Exception::new(
        crate::error::UNSUPPORTED,
        format!(
            "Operator `{}' cannot be applied to operands of type `{}' and `{}'",
            op.as_str(),
            crate::types::type_name(l).unwrap_or_else(|| "null".into()),
            crate::types::type_name(r).unwrap_or_else(|| "null".into())
        ),
    )
}

/// `l op r`.
///
/// # Errors
/// `DivideByZeroException`, `OverflowException` (checked or `int.MinValue / -1`), and
/// operands the operator does not apply to.
#[allow(clippy::too_many_lines)]
pub fn binary(op: BinaryOp, l: &Value, r: &Value, checked: bool) -> Result<Value> {
    use BinaryOp as B;
    match op {
        B::Eq => return Ok(Value::Bool(equals(l, r))),
        B::Ne => return Ok(Value::Bool(!equals(l, r))),
        _ => {}
    }
    if (matches!(l, Value::DateTimeOffset(_)) || matches!(r, Value::DateTimeOffset(_)))
        && let Some(v) = crate::builtins::datetime_offset::binary(op, l, r)?
    {
        return Ok(v);
    }
    // String concatenation.
    if op == B::Add && (matches!(l, Value::Str(_)) || matches!(r, Value::Str(_))) {
        let mut s = to_string_plain(l);
        s.push_str(&to_string_plain(r));
        return Ok(Value::string(s));
    }
    if matches!(op, B::Lt | B::Gt | B::Le | B::Ge) {
        if l.is_null() || r.is_null() {
            return Ok(Value::Bool(false));
        }
        let ord = compare(l, r).ok_or_else(|| bad_operands(op, l, r));
        let ord = match ord {
            Ok(o) => o,
            Err(e) => {
                // NaN compares false.
                if matches!(l, Value::F32(_) | Value::F64(_)) || matches!(r, Value::F32(_) | Value::F64(_)) {
                    return Ok(Value::Bool(false));
                }
                return Err(e);
            }
        };
        return Ok(Value::Bool(match op {
            B::Lt => ord == Ordering::Less,
            B::Gt => ord == Ordering::Greater,
            B::Le => ord != Ordering::Greater,
            _ => ord != Ordering::Less,
        }));
    }
    if l.is_null() || r.is_null() {
        // Lifted operators: null in, null out.
        return Ok(Value::Null);
    }
    match (l, r) {
        (Value::Bool(a), Value::Bool(b)) => {
            return Ok(Value::Bool(match op {
                B::BitAnd => *a & *b,
                B::BitOr => *a | *b,
                B::BitXor => *a ^ *b,
                _ => return Err(bad_operands(op, l, r)),
            }));
        }
        (Value::DateTime(a), Value::TimeSpan(b)) => {
            return Ok(Value::DateTime(match op {
                B::Add => a.add_span(*b)?,
                B::Sub => a.subtract(*b)?,
                _ => return Err(bad_operands(op, l, r)),
            }));
        }
        (Value::DateTime(a), Value::DateTime(b)) if op == B::Sub => return Ok(Value::TimeSpan(a.subtract_date(*b))),
        (Value::TimeSpan(a), Value::TimeSpan(b)) => {
            return Ok(Value::TimeSpan(match op {
                B::Add => a.add_span(*b)?,
                B::Sub => a.subtract(*b)?,
                _ => return Err(bad_operands(op, l, r)),
            }));
        }
        (Value::Enum(t, a), Value::Enum(_, b)) => {
            return Ok(Value::Enum(
                *t,
                match op {
                    B::BitAnd => a & b,
                    B::BitOr => a | b,
                    B::BitXor => a ^ b,
                    _ => return Err(bad_operands(op, l, r)),
                },
            ));
        }
        _ => {}
    }
    let (Some(lk), Some(rk)) = (kind_of(l), kind_of(r)) else { return Err(bad_operands(op, l, r)) };
    if matches!(op, B::Shl | B::Shr) {
        let count = as_i64(r);
        return Ok(match lk {
            NumKind::I32 => {
                let a = i32::try_from(as_i64(l)).unwrap_or_default();
                let c = (count & 31) as u32;
                Value::I32(if op == B::Shl { a.wrapping_shl(c) } else { a >> c })
            }
            NumKind::U32 => {
                let a = u32::try_from(as_u64(l)).unwrap_or_default();
                let c = (count & 31) as u32;
                Value::U32(if op == B::Shl { a.wrapping_shl(c) } else { a >> c })
            }
            NumKind::I64 => {
                let a = as_i64(l);
                let c = (count & 63) as u32;
                Value::I64(if op == B::Shl { a.wrapping_shl(c) } else { a >> c })
            }
            NumKind::U64 => {
                let a = as_u64(l);
                let c = (count & 63) as u32;
                Value::U64(if op == B::Shl { a.wrapping_shl(c) } else { a >> c })
            }
            _ => return Err(bad_operands(op, l, r)),
        });
    }
    let Some(k) = promote(lk, rk) else { return Err(bad_operands(op, l, r)) };
    match k {
        NumKind::I32 => {
            let a = i32::try_from(as_i64(l)).unwrap_or_default();
            let b = i32::try_from(as_i64(r)).unwrap_or_default();
            int_op(op, a, b, checked).map(Value::I32)
        }
        NumKind::I64 => int_op(op, as_i64(l), as_i64(r), checked).map(Value::I64),
        NumKind::U32 => {
            let a = u32::try_from(as_u64(l)).unwrap_or_default();
            let b = u32::try_from(as_u64(r)).unwrap_or_default();
            uint_op(op, a, b, checked).map(Value::U32)
        }
        NumKind::U64 => uint_op(op, as_u64(l), as_u64(r), checked).map(Value::U64),
        #[allow(clippy::cast_possible_truncation)]
        NumKind::F32 => {
            let (a, b) = (as_f64(l) as f32, as_f64(r) as f32);
            Ok(Value::F32(match op {
                B::Add => a + b,
                B::Sub => a - b,
                B::Mul => a * b,
                B::Div => a / b,
                B::Rem => a % b,
                _ => return Err(bad_operands(op, l, r)),
            }))
        }
        NumKind::F64 => {
            let (a, b) = (as_f64(l), as_f64(r));
            Ok(Value::F64(match op {
                B::Add => a + b,
                B::Sub => a - b,
                B::Mul => a * b,
                B::Div => a / b,
                B::Rem => a % b,
                _ => return Err(bad_operands(op, l, r)),
            }))
        }
        NumKind::Dec => {
            let (a, b) = (as_dec(l), as_dec(r));
            Ok(Value::Decimal(match op {
                B::Add => apim_dotnet::decimal_add(a, b)?,
                B::Sub => apim_dotnet::decimal_sub(a, b)?,
                B::Mul => apim_dotnet::decimal_mul(a, b)?,
                B::Div => apim_dotnet::decimal_div(a, b)?,
                B::Rem => apim_dotnet::decimal_rem(a, b)?,
                _ => return Err(bad_operands(op, l, r)),
            }))
        }
    }
}

trait Int: Copy + Sized {
    fn wadd(self, o: Self) -> Self;
    fn wsub(self, o: Self) -> Self;
    fn wmul(self, o: Self) -> Self;
    fn cadd(self, o: Self) -> Option<Self>;
    fn csub(self, o: Self) -> Option<Self>;
    fn cmul(self, o: Self) -> Option<Self>;
    fn cdiv(self, o: Self) -> Option<Self>;
    fn crem(self, o: Self) -> Option<Self>;
    fn is_zero(self) -> bool;
    fn and(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
}

macro_rules! int_impl {
    ($($t:ty),*) => {$(
        impl Int for $t {
            fn wadd(self, o: Self) -> Self { self.wrapping_add(o) }
            fn wsub(self, o: Self) -> Self { self.wrapping_sub(o) }
            fn wmul(self, o: Self) -> Self { self.wrapping_mul(o) }
            fn cadd(self, o: Self) -> Option<Self> { self.checked_add(o) }
            fn csub(self, o: Self) -> Option<Self> { self.checked_sub(o) }
            fn cmul(self, o: Self) -> Option<Self> { self.checked_mul(o) }
            fn cdiv(self, o: Self) -> Option<Self> { self.checked_div(o) }
            fn crem(self, o: Self) -> Option<Self> { self.checked_rem(o) }
            fn is_zero(self) -> bool { self == 0 }
            fn and(self, o: Self) -> Self { self & o }
            fn or(self, o: Self) -> Self { self | o }
            fn xor(self, o: Self) -> Self { self ^ o }
        }
    )*};
}
int_impl!(i32, i64, u32, u64);

fn int_op<T: Int>(op: BinaryOp, a: T, b: T, checked: bool) -> Result<T> {
    use BinaryOp as B;
    let overflow = Exception::overflow;
    Ok(match op {
        B::Add if checked => a.cadd(b).ok_or_else(overflow)?,
        B::Sub if checked => a.csub(b).ok_or_else(overflow)?,
        B::Mul if checked => a.cmul(b).ok_or_else(overflow)?,
        B::Add => a.wadd(b),
        B::Sub => a.wsub(b),
        B::Mul => a.wmul(b),
        B::Div | B::Rem => {
            if b.is_zero() {
                return Err(Exception::divide_by_zero());
            }
            let r = if op == B::Div { a.cdiv(b) } else { a.crem(b) };
            r.ok_or_else(overflow)?
        }
        B::BitAnd => a.and(b),
        B::BitOr => a.or(b),
        B::BitXor => a.xor(b),
        _ => return Err(Exception::unsupported(op.as_str())),
    })
}

fn uint_op<T: Int>(op: BinaryOp, a: T, b: T, checked: bool) -> Result<T> {
    int_op(op, a, b, checked)
}

/// `a.CompareTo(b)` for values of comparable types.
#[must_use]
pub fn compare(l: &Value, r: &Value) -> Option<Ordering> {
    match (l, r) {
        (Value::Str(a), Value::Str(b)) => Some(crate::builtins::string::compare_culture(a, b, false)),
        (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
        (Value::DateTimeOffset(a), Value::DateTimeOffset(b)) => Some(a.utc_ticks().cmp(&b.utc_ticks())),
        (Value::TimeSpan(a), Value::TimeSpan(b)) => Some(a.cmp(b)),
        (Value::Guid(a), Value::Guid(b)) => Some(a.cmp(b)),
        (Value::BigInt(a), Value::BigInt(b)) => Some(a.cmp_value(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Enum(_, a), Value::Enum(_, b)) => Some(a.cmp(b)),
        _ => {
            let k = promote(kind_of(l)?, kind_of(r)?)?;
            match k {
                NumKind::I32 | NumKind::I64 => Some(as_i64(l).cmp(&as_i64(r))),
                NumKind::U32 | NumKind::U64 => Some(as_u64(l).cmp(&as_u64(r))),
                NumKind::Dec => Some(as_dec(l).cmp(&as_dec(r))),
                NumKind::F32 | NumKind::F64 => as_f64(l).partial_cmp(&as_f64(r)),
            }
        }
    }
}

/// `l == r` with C#'s rules for the runtime types (numeric promotion, string value
/// equality, reference equality for other objects).
#[must_use]
pub fn equals(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Char(a), Value::Char(b)) => a == b,
        (Value::DateTime(a), Value::DateTime(b)) => a == b,
        (Value::DateTimeOffset(a), Value::DateTimeOffset(b)) => a.utc_ticks() == b.utc_ticks(),
        (Value::TimeSpan(a), Value::TimeSpan(b)) => a == b,
        (Value::Guid(a), Value::Guid(b)) => a == b,
        (Value::BigInt(a), Value::BigInt(b)) => a == b,
        (Value::Enum(ta, a), Value::Enum(tb, b)) => ta == tb && a == b,
        (Value::Pair(a), Value::Pair(b)) => equals(&a.0, &b.0) && equals(&a.1, &b.1),
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::Tuple(a), Value::Tuple(b)) if !a.anonymous && !b.anonymous => {
            let (x, y) = (a.items.borrow(), b.items.borrow());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| object_equals(p, q))
        }
        _ => {
            if kind_of(l).is_some() && kind_of(r).is_some() {
                compare(l, r) == Some(Ordering::Equal)
            } else {
                l.ref_eq(r)
            }
        }
    }
}

/// `object.Equals(a, b)`: value equality of the same type, no numeric conversion
/// (`((object)1).Equals(1L)` is false).
#[must_use]
pub fn object_equals(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Json(a), Value::Json(b)) => {
            if a.ptr_eq(b) {
                return true;
            }
            // JValue overrides Equals with value comparison.
            match (a.value(), b.value()) {
                (Some(x), Some(y)) => apim_json::values_equal(&x, &y),
                _ => false,
            }
        }
        (Value::Tuple(a), Value::Tuple(b)) => {
            let (x, y) = (a.items.borrow(), b.items.borrow());
            a.names == b.names && x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| object_equals(p, q))
        }
        // `double.Equals` is reflexive for NaN, unlike `==`.
        (Value::F64(a), Value::F64(b)) if a.is_nan() && b.is_nan() => true,
        (Value::F32(a), Value::F32(b)) if a.is_nan() && b.is_nan() => true,
        _ => {
            if l.is_value_type() && r.is_value_type() {
                crate::types::type_of(l) == crate::types::type_of(r) && equals(l, r)
            } else {
                equals(l, r)
            }
        }
    }
}

/// `-v`.
///
/// # Errors
/// `OverflowException` in a checked context.
pub fn negate(v: Value, checked: bool) -> Result<Value> {
    Ok(match kind_of(&v) {
        Some(NumKind::I32) => {
            let a = i32::try_from(as_i64(&v)).unwrap_or_default();
            Value::I32(if checked { a.checked_neg().ok_or_else(Exception::overflow)? } else { a.wrapping_neg() })
        }
        Some(NumKind::U32 | NumKind::I64) => {
            let a = as_i64(&v);
            Value::I64(if checked { a.checked_neg().ok_or_else(Exception::overflow)? } else { a.wrapping_neg() })
        }
        Some(NumKind::F32) => match v {
            Value::F32(x) => Value::F32(-x),
            _ => v,
        },
        Some(NumKind::F64) => Value::F64(-as_f64(&v)),
        Some(NumKind::Dec) => Value::Decimal(-as_dec(&v)),
        Some(NumKind::U64) => return Err(Exception::unsupported("-ulong")),
        None if v.is_null() => Value::Null,
        None => match v {
            Value::TimeSpan(t) => Value::TimeSpan(t.negate()?),
            _ => return Err(Exception::unsupported("unary -")),
        },
    })
}

/// `+v` (promotes small integers to `int`).
///
/// # Errors
/// A non-numeric operand.
pub fn unary_plus(v: Value) -> Result<Value> {
    Ok(match kind_of(&v) {
        Some(NumKind::I32) => Value::I32(i32::try_from(as_i64(&v)).unwrap_or_default()),
        Some(_) => v,
        None => return Err(Exception::unsupported("unary +")),
    })
}

/// `~v`.
///
/// # Errors
/// A non-integral operand.
#[allow(clippy::cast_possible_truncation)]
pub fn bit_not(v: Value) -> Result<Value> {
    Ok(match kind_of(&v) {
        Some(NumKind::I32) => Value::I32(!(as_i64(&v) as i32)),
        Some(NumKind::U32) => Value::U32(!(as_u64(&v) as u32)),
        Some(NumKind::I64) => Value::I64(!as_i64(&v)),
        Some(NumKind::U64) => Value::U64(!as_u64(&v)),
        _ => match v {
            Value::Enum(t, x) => Value::Enum(t, !x),
            Value::Null => Value::Null,
            _ => return Err(Exception::unsupported("~")),
        },
    })
}
