//! `System.Math` and a deterministic `System.Random`.

use std::cell::RefCell;

use rust_decimal::RoundingStrategy;

use crate::error::{Exception, Result};
use crate::eval::ops::{self, NumKind, as_f64, kind_of};
use crate::value::{EnumTy, Value};

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 { 2.0 * (x / 2.0).round() } else { r }
}

fn round_digits(x: f64, digits: i64, away: bool) -> f64 {
    if digits == 0 {
        return if away { x.round() } else { round_half_even(x) };
    }
    let p = 10f64.powi(i32::try_from(digits).unwrap_or(0));
    let y = x * p;
    let r = if away { y.round() } else { round_half_even(y) };
    // .NET returns the value unchanged when scaling overflows.
    if !r.is_finite() { x } else { r / p }
}

fn mode(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Enum(EnumTy::MidpointRounding, 1)))
}

/// `Math.Xxx(...)`.
///
/// # Errors
/// `OverflowException` (`Math.Abs(int.MinValue)`), `ArgumentOutOfRangeException` (digits).
pub fn call(name: &str, args: &[Value]) -> Result<Option<Value>> {
    let f = |i: usize| args.get(i).map_or(0.0, as_f64);
    Ok(Some(match (name, args) {
        ("Abs", [v]) => match v {
            Value::I32(x) => Value::I32(x.checked_abs().ok_or_else(|| {
                Exception::new(
                    "System.OverflowException",
                    "Negating the minimum value of a twos complement number is invalid.",
                )
            })?),
            Value::I64(x) => Value::I64(x.checked_abs().ok_or_else(|| {
                Exception::new(
                    "System.OverflowException",
                    "Negating the minimum value of a twos complement number is invalid.",
                )
            })?),
            Value::F32(x) => Value::F32(x.abs()),
            Value::Decimal(d) => Value::Decimal(d.abs()),
            Value::I16(x) => Value::I16(x.abs()),
            other if kind_of(other) == Some(NumKind::I32) => {
                Value::I32(i32::try_from(ops::as_i64(other).abs()).unwrap_or(0))
            }
            other => Value::F64(as_f64(other).abs()),
        },
        ("Max" | "Min", [a, b]) => {
            let k = kind_of(a).zip(kind_of(b)).map(|(x, y)| x.max(y));
            let l = ops::binary(apim_expr::ast::BinaryOp::Add, a, &Value::I32(0), false)?;
            let r = ops::binary(apim_expr::ast::BinaryOp::Add, b, &Value::I32(0), false)?;
            // Promote both to the common type by adding zero of the other's kind.
            let (l, r) = match k {
                Some(NumKind::F64 | NumKind::F32) => {
                    let (x, y) = (as_f64(a), as_f64(b));
                    if x.is_nan() || y.is_nan() {
                        return Ok(Some(Value::F64(f64::NAN)));
                    }
                    if k == Some(NumKind::F32) {
                        #[allow(clippy::cast_possible_truncation)]
                        return Ok(Some(Value::F32(if name == "Max" { x.max(y) } else { x.min(y) } as f32)));
                    }
                    return Ok(Some(Value::F64(if name == "Max" { x.max(y) } else { x.min(y) })));
                }
                _ => (
                    ops::binary(apim_expr::ast::BinaryOp::Add, &l, &zero_like(&r), false)?,
                    ops::binary(apim_expr::ast::BinaryOp::Add, &r, &zero_like(&l), false)?,
                ),
            };
            let o = ops::compare(&l, &r).unwrap_or(std::cmp::Ordering::Equal);
            let pick_l = if name == "Max" { o != std::cmp::Ordering::Less } else { o != std::cmp::Ordering::Greater };
            if pick_l { l } else { r }
        }
        ("Round", [Value::Decimal(d), rest @ ..]) => {
            let (digits, away) = match rest {
                [Value::Enum(..)] => (0, mode(rest.first())),
                [n, m @ ..] => (ops::as_i64(n), mode(m.first())),
                [] => (0, false),
            };
            if !(0..=28).contains(&digits) {
                return Err(Exception::out_of_range(
                    "Decimal can only round to between 0 and 28 digits of precision.",
                    Some("decimals"),
                ));
            }
            let strategy =
                if away { RoundingStrategy::MidpointAwayFromZero } else { RoundingStrategy::MidpointNearestEven };
            Value::Decimal(d.round_dp_with_strategy(u32::try_from(digits).unwrap_or(0), strategy))
        }
        ("Round", [v, rest @ ..]) => {
            let (digits, away) = match rest {
                [Value::Enum(..)] => (0, mode(rest.first())),
                [n, m @ ..] => (ops::as_i64(n), mode(m.first())),
                [] => (0, false),
            };
            if !(0..=15).contains(&digits) {
                return Err(Exception::out_of_range(
                    "Rounding digits must be between 0 and 15, inclusive.",
                    Some("digits"),
                ));
            }
            Value::F64(round_digits(as_f64(v), digits, away))
        }
        ("Floor", [Value::Decimal(d)]) => Value::Decimal(d.floor()),
        ("Ceiling", [Value::Decimal(d)]) => Value::Decimal(d.ceil()),
        ("Truncate", [Value::Decimal(d)]) => Value::Decimal(d.trunc()),
        ("Floor", [_]) => Value::F64(f(0).floor()),
        ("Ceiling", [_]) => Value::F64(f(0).ceil()),
        ("Truncate", [_]) => Value::F64(f(0).trunc()),
        ("Pow", [_, _]) => Value::F64(f(0).powf(f(1))),
        ("Sqrt", [_]) => Value::F64(f(0).sqrt()),
        ("Exp", [_]) => Value::F64(f(0).exp()),
        ("Log", [_]) => Value::F64(f(0).ln()),
        ("Log", [_, _]) => Value::F64(f(0).ln() / f(1).ln()),
        ("Log10", [_]) => Value::F64(f(0).log10()),
        ("Log2", [_]) => Value::F64(f(0).log2()),
        ("Sin", [_]) => Value::F64(f(0).sin()),
        ("Cos", [_]) => Value::F64(f(0).cos()),
        ("Tan", [_]) => Value::F64(f(0).tan()),
        ("Atan", [_]) => Value::F64(f(0).atan()),
        ("Atan2", [_, _]) => Value::F64(f(0).atan2(f(1))),
        ("Sign", [v]) => Value::I32(match v {
            Value::F64(_) | Value::F32(_) if as_f64(v).is_nan() => {
                return Err(Exception::new(
                    "System.ArithmeticException",
                    "Function does not accept floating point Not-a-Number values.",
                ));
            }
            Value::Decimal(d) => {
                if d.is_zero() {
                    0
                } else if d.is_sign_negative() {
                    -1
                } else {
                    1
                }
            }
            other => {
                let x = as_f64(other);
                if x > 0.0 {
                    1
                } else if x < 0.0 {
                    -1
                } else {
                    0
                }
            }
        }),
        ("DivRem", [a, b, _]) => ops::binary(apim_expr::ast::BinaryOp::Div, a, b, false)?,
        _ => return Ok(None),
    }))
}

fn zero_like(v: &Value) -> Value {
    match v {
        Value::I64(_) => Value::I64(0),
        Value::U32(_) => Value::U32(0),
        Value::U64(_) => Value::U64(0),
        Value::Decimal(_) => Value::Decimal(rust_decimal::Decimal::ZERO),
        _ => Value::I32(0),
    }
}

/// `System.Random` as .NET Framework implements it (Knuth's subtractive generator), so a
/// seeded `Random` gives the same numbers as in APIM.
#[derive(Debug, Clone)]
pub struct DotNetRandom {
    seeds: [i32; 56],
    inext: usize,
    inextp: usize,
}

impl DotNetRandom {
    /// `new Random(seed)`.
    #[must_use]
    pub fn new(seed: i32) -> Self {
        const MSEED: i32 = 161_803_398;
        let mut seeds = [0i32; 56];
        let subtraction = if seed == i32::MIN { i32::MAX } else { seed.abs() };
        let mut mj = MSEED - subtraction;
        seeds[55] = mj;
        let mut mk = 1i32;
        for i in 1..55 {
            let ii = (21 * i) % 55;
            seeds[ii] = mk;
            mk = mj - mk;
            if mk < 0 {
                mk += i32::MAX;
            }
            mj = seeds[ii];
        }
        for _ in 1..5 {
            for i in 1..56 {
                seeds[i] = seeds[i].wrapping_sub(seeds[1 + (i + 30) % 55]);
                if seeds[i] < 0 {
                    seeds[i] += i32::MAX;
                }
            }
        }
        Self { seeds, inext: 0, inextp: 21 }
    }

    fn internal_sample(&mut self) -> i32 {
        self.inext = if self.inext + 1 >= 56 { 1 } else { self.inext + 1 };
        self.inextp = if self.inextp + 1 >= 56 { 1 } else { self.inextp + 1 };
        let mut r = self.seeds[self.inext].wrapping_sub(self.seeds[self.inextp]);
        if r == i32::MAX {
            r -= 1;
        }
        if r < 0 {
            r += i32::MAX;
        }
        self.seeds[self.inext] = r;
        r
    }

    fn sample(&mut self) -> f64 {
        f64::from(self.internal_sample()) * (1.0 / f64::from(i32::MAX))
    }

    fn sample_large_range(&mut self) -> f64 {
        let mut result = self.internal_sample();
        if self.internal_sample() % 2 == 0 {
            result = -result;
        }
        (f64::from(result) + f64::from(i32::MAX - 1)) / (2.0 * f64::from(i32::MAX) - 1.0)
    }
}

/// `Random.Next(...)`, `NextDouble()`.
///
/// # Errors
/// `ArgumentOutOfRangeException` for an empty range.
#[allow(clippy::cast_possible_truncation)]
pub fn random(state: &RefCell<DotNetRandom>, name: &str, args: &[Value]) -> Result<Option<Value>> {
    let mut r = state.borrow_mut();
    Ok(Some(match (name, args) {
        ("Next", []) => Value::I32(r.internal_sample()),
        ("Next", [max]) => {
            let max = ops::as_i64(max);
            if max < 0 {
                return Err(Exception::out_of_range("'maxValue' must be greater than zero.", Some("maxValue")));
            }
            Value::I32((r.sample() * max as f64) as i32)
        }
        ("Next", [min, max]) => {
            let (min, max) = (ops::as_i64(min), ops::as_i64(max));
            if min > max {
                return Err(Exception::out_of_range("'minValue' cannot be greater than maxValue.", Some("minValue")));
            }
            let range = max - min;
            let v = if range <= i64::from(i32::MAX) {
                (r.sample() * range as f64) as i64 + min
            } else {
                (r.sample_large_range() * range as f64) as i64 + min
            };
            Value::I32(i32::try_from(v).unwrap_or(0))
        }
        ("NextDouble", []) => Value::F64(r.sample()),
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod random_tests {
    use super::DotNetRandom;

    #[test]
    fn matches_dotnet_framework() {
        // new Random(42).Next(100) is 66 on .NET Framework.
        let mut r = DotNetRandom::new(42);
        assert_eq!((r.sample() * 100.0) as i32, 66);
    }
}
