//! `System.Decimal`: formatting with .NET rules, arithmetic through `rust_decimal` with
//! .NET exceptions, and the .NET Framework conversions to and from `double`.
//!
//! A .NET `decimal` is a 96-bit integer, a sign and a scale of 0..=28, exactly
//! [`rust_decimal::Decimal`]'s layout, which this crate re-exports as [`Decimal`]. The scale
//! is part of the value's text: `1.50m.ToString()` is `"1.50"` and `0.00m` is `"0.00"`.

pub use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::buffer::NumberBuffer;
use super::custom::number_to_custom;
use super::standard::{FormatSpec, effective_format, number_to_string, parse_format_specifier};
use crate::error::{DotNetError, Result};

const DECIMAL_PRECISION: i32 = 29;

/// Powers of ten as the runtime's `dblPower10` table holds them (correctly rounded literals;
/// `powi` can be off by one unit in the last place above 1e22).
const POW10_F64: [f64; 29] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
];

fn pow10_f64(n: i32) -> f64 {
    POW10_F64[usize::try_from(n.clamp(0, 28)).unwrap_or(0)]
}

pub(crate) fn decimal_to_number(value: &Decimal) -> NumberBuffer {
    let mantissa = value.mantissa().unsigned_abs();
    let mut number = NumberBuffer::from_integer(mantissa, value.is_sign_negative(), DECIMAL_PRECISION);
    let digits = i32::try_from(number.digits.len()).unwrap_or(0);
    number.scale = digits - i32::try_from(value.scale()).unwrap_or(0);
    number
}

/// `value.ToString()`: every digit, trailing zeros of the scale kept, never exponential.
///
/// ```
/// use apim_dotnet::{Decimal, decimal_to_string};
/// assert_eq!(decimal_to_string(&Decimal::new(150, 2)), "1.50");
/// ```
#[must_use]
pub fn decimal_to_string(value: &Decimal) -> String {
    format_decimal(value, "").unwrap_or_default()
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `decimal`.
///
/// # Errors
///
/// `FormatException` for letters that are not decimal formats (`D`, `X`, `R`, ...).
pub fn format_decimal(value: &Decimal, format: &str) -> Result<String> {
    let format = effective_format(format);
    let mut number = decimal_to_number(value);
    match parse_format_specifier(format) {
        FormatSpec::Standard(letter, digits) => number_to_string(&mut number, letter, digits, true),
        FormatSpec::Custom => Ok(number_to_custom(&mut number, format)),
    }
}

fn overflow() -> DotNetError {
    DotNetError::overflow_for("Decimal")
}

/// `a + b`.
///
/// # Errors
///
/// `OverflowException` when the result does not fit.
pub fn decimal_add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

/// `a - b`.
///
/// # Errors
///
/// `OverflowException` when the result does not fit.
pub fn decimal_sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(overflow)
}

/// `a * b`: the scale is the sum of the scales (so `1.50m * 0` is `0.00`), reduced to 28.
///
/// # Errors
///
/// `OverflowException` when the result does not fit.
pub fn decimal_mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    if a.is_zero() || b.is_zero() {
        // rust_decimal drops the scale of a zero product; .NET keeps `s1 + s2` (at most 28,
        // and plain 0 when the excess is beyond what a 64-bit product could hold).
        let scale = a.scale() + b.scale();
        let scale = if scale <= 28 {
            scale
        } else if scale - 28 > 19 {
            0
        } else {
            28
        };
        return Ok(Decimal::from_parts(0, 0, 0, a.is_sign_negative() != b.is_sign_negative(), scale));
    }
    a.checked_mul(b).ok_or_else(overflow)
}

/// `a / b`: the quotient rounded half to even to what fits, then stripped of all trailing
/// zeros (`1.50m / 1.00m` is `1.5`, `4.00m / 2` is `2`), as .NET Framework's `VarDecDiv`
/// (oleaut32) does. .NET Core 3.0+ and Mono strip only when the division was inexact at the
/// natural scale, so they print `1.50m / 3` as `0.50` where .NET Framework prints `0.5`.
///
/// # Errors
///
/// `DivideByZeroException` when `b` is zero, `OverflowException` when the result does not fit.
pub fn decimal_div(a: Decimal, b: Decimal) -> Result<Decimal> {
    if b.is_zero() {
        return Err(DotNetError::divide_by_zero());
    }
    a.checked_div(b).map(|q| q.normalize()).ok_or_else(overflow)
}

/// `a % b` with .NET Framework's `Decimal.Remainder` formula: the sign of `a`, `a` itself
/// when `|a| < |b|` (`0m % 1.50m` is `0`), otherwise `a' - Truncate(a' / b) * b` with
/// `a' = a - b` (so `1.50m % 1.50m` is `0.00`).
///
/// # Errors
///
/// `DivideByZeroException` when `b` is zero, `OverflowException` if an intermediate step
/// overflows.
pub fn decimal_rem(a: Decimal, b: Decimal) -> Result<Decimal> {
    let mut divisor = b;
    divisor.set_sign_negative(a.is_sign_negative());
    if !b.is_zero() && a.abs() < b.abs() {
        return Ok(a);
    }
    let mut dividend = decimal_sub(a, divisor)?;
    if dividend.is_zero() {
        dividend.set_sign_negative(divisor.is_sign_negative());
    }
    let quotient = decimal_div(dividend, divisor)?.trunc();
    let product = decimal_mul(quotient, divisor)?;
    let mut result = decimal_sub(dividend, product)?;
    if dividend.is_sign_negative() != result.is_sign_negative() {
        let near_zero = Decimal::new(1, 27);
        if result.abs() <= near_zero {
            result.set_sign_negative(dividend.is_sign_negative());
        } else {
            result = decimal_add(result, divisor)?;
        }
    }
    Ok(result)
}

/// `(double)value`: .NET's `VarR8FromDec`, the 96-bit integer converted to `double` in two
/// halves and divided by the power of ten of the scale (not always the nearest `double`).
#[must_use]
pub fn decimal_to_double(value: &Decimal) -> f64 {
    const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;
    let mantissa = value.mantissa().unsigned_abs();
    let low = u64::try_from(mantissa & u128::from(u64::MAX)).unwrap_or(0);
    let high = u32::try_from(mantissa >> 64).unwrap_or(0);
    let scale = i32::try_from(value.scale()).unwrap_or(0);
    // The runtime converts the low 64 bits as a signed integer and adds 2^64 back.
    #[allow(clippy::cast_precision_loss)]
    let low_signed = low.cast_signed() as f64;
    let numerator = if low.cast_signed() < 0 {
        TWO_TO_64 + low_signed + f64::from(high) * TWO_TO_64
    } else {
        low_signed + f64::from(high) * TWO_TO_64
    };
    let magnitude = numerator / pow10_f64(scale);
    if value.is_sign_negative() { -magnitude } else { magnitude }
}

/// `(decimal)value` / `new Decimal(double)`: .NET's `VarDecFromR8`. The value is scaled
/// by a power of ten in floating point and rounded (half to even) to a 15-digit integer,
/// so only 15 significant digits survive (`(decimal)(1.0 / 3)` is `0.333333333333333`);
/// trailing zeros are dropped and magnitudes below about 1e-28 become `0`.
///
/// # Errors
///
/// `OverflowException` for NaN, infinities and magnitudes of 2^96 or more.
pub fn decimal_from_double(value: f64) -> Result<Decimal> {
    let bits = value.to_bits();
    let exp = i32::try_from((bits >> 52) & 0x7FF).unwrap_or(0) - 1022;
    if exp < -94 {
        return Ok(Decimal::ZERO);
    }
    if exp > 96 {
        return Err(overflow());
    }
    let mut dbl = value.abs();
    let mut power = 14 - ((exp * 19728) >> 16);
    if power >= 0 {
        power = power.min(28);
        dbl *= pow10_f64(power);
    } else if power != -1 || dbl >= 1e15 {
        dbl /= pow10_f64(-power);
    } else {
        power = 0;
    }
    if dbl < 1e14 && power < 28 {
        dbl *= 10.0;
        power += 1;
    }
    // In range by construction (below 1e15), so the truncation is exact.
    #[allow(clippy::cast_possible_truncation)]
    let mut mantissa = dbl as i64;
    #[allow(clippy::cast_precision_loss)]
    let fraction = dbl - mantissa as f64;
    if fraction > 0.5 || (fraction == 0.5 && mantissa & 1 != 0) {
        mantissa += 1;
    }
    if mantissa == 0 {
        return Ok(Decimal::ZERO);
    }
    let mut mantissa = i128::from(mantissa);
    let scale = if power < 0 {
        mantissa *= 10i128.pow(power.unsigned_abs());
        if mantissa >= 1i128 << 96 {
            return Err(overflow());
        }
        0
    } else {
        let mut remaining = power.min(14);
        for step in [8u32, 4, 2, 1] {
            let step_i32 = i32::try_from(step).unwrap_or(0);
            if step_i32 <= remaining && mantissa % 10i128.pow(step) == 0 {
                mantissa /= 10i128.pow(step);
                power -= step_i32;
                remaining -= step_i32;
            }
        }
        u32::try_from(power).unwrap_or(0)
    };
    if value.is_sign_negative() {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| overflow())
}

/// `Convert.ToInt32(decimal)`: rounded half to even, `OverflowException` outside `int`.
///
/// # Errors
///
/// `OverflowException` when the rounded value does not fit an `int`.
pub fn decimal_to_int32(value: &Decimal) -> Result<i32> {
    let rounded = value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
    rounded.to_i32().ok_or_else(|| DotNetError::overflow_for("Int32"))
}

/// `Convert.ToInt64(decimal)`: rounded half to even, `OverflowException` outside `long`.
///
/// # Errors
///
/// `OverflowException` when the rounded value does not fit a `long`.
pub fn decimal_to_int64(value: &Decimal) -> Result<i64> {
    let rounded = value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
    rounded.to_i64().ok_or_else(|| DotNetError::overflow_for("Int64"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(mantissa: i64, scale: u32) -> Decimal {
        Decimal::new(mantissa, scale)
    }

    #[test]
    fn to_string_keeps_scale() {
        let cases = [
            (dec(150, 2), "1.50"),
            (dec(0, 2), "0.00"),
            (dec(-150, 2), "-1.50"),
            (dec(100, 0), "100"),
            (dec(1, 28), "0.0000000000000000000000000001"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            (Decimal::from_parts(0, 0, 0, true, 3), "0.000"),
        ];
        for (value, want) in cases {
            assert_eq!(decimal_to_string(&value), want);
        }
    }

    #[test]
    fn formats_table() {
        let cases = [
            (dec(12345, 3), "F2", "12.35"),
            (dec(12345, 3), "N", "12.35"),
            (dec(1_234_567_891, 2), "N", "12,345,678.91"),
            (dec(12345, 3), "G", "12.345"),
            (dec(12345, 3), "G3", "12.3"),
            (dec(1, 7), "G", "0.0000001"),
            (dec(1, 7), "G29", "1E-07"),
            (dec(150, 2), "0.0", "1.5"),
            (dec(5, 1), "P", "50.00 %"),
            (dec(-5, 1), "C", "(\u{a4}0.50)"),
            (dec(12345, 3), "E", "1.234500E+001"),
            (dec(-1, 3), "F2", "0.00"),
        ];
        for (value, format, want) in cases {
            assert_eq!(format_decimal(&value, format).unwrap(), want, "{value} {format}");
        }
        for format in ["D", "X", "R"] {
            assert_eq!(format_decimal(&dec(1, 0), format).unwrap_err().message, "Format specifier was invalid.");
        }
    }

    #[test]
    fn arithmetic() {
        assert_eq!(decimal_to_string(&decimal_add(dec(150, 2), dec(1, 1)).unwrap()), "1.60");
        assert_eq!(decimal_to_string(&decimal_mul(dec(15, 1), dec(20, 1)).unwrap()), "3.00");
        assert_eq!(decimal_to_string(&decimal_div(dec(1, 0), dec(3, 0)).unwrap()), "0.3333333333333333333333333333");
        assert_eq!(decimal_to_string(&decimal_div(dec(150, 2), dec(100, 2)).unwrap()), "1.5");
        assert_eq!(decimal_to_string(&decimal_div(dec(400, 2), dec(2, 0)).unwrap()), "2");
        assert_eq!(decimal_to_string(&decimal_mul(dec(150, 2), dec(0, 0)).unwrap()), "0.00");
        assert_eq!(decimal_to_string(&decimal_rem(dec(150, 2), dec(150, 2)).unwrap()), "0.00");
        assert_eq!(decimal_to_string(&decimal_rem(dec(-7, 0), dec(2, 0)).unwrap()), "-1");
        assert_eq!(decimal_div(dec(1, 0), dec(0, 0)).unwrap_err().message, "Attempted to divide by zero.");
        assert_eq!(
            decimal_add(Decimal::MAX, dec(1, 0)).unwrap_err().message,
            "Value was either too large or too small for a Decimal."
        );
    }

    #[test]
    fn double_conversions() {
        assert_eq!(decimal_to_string(&decimal_from_double(1.0 / 3.0).unwrap()), "0.333333333333333");
        assert_eq!(decimal_to_string(&decimal_from_double(0.1).unwrap()), "0.1");
        assert_eq!(decimal_to_string(&decimal_from_double(100.0).unwrap()), "100");
        assert_eq!(decimal_to_string(&decimal_from_double(-2.5e-5).unwrap()), "-0.000025");
        assert_eq!(decimal_to_string(&decimal_from_double(1e20).unwrap()), "100000000000000000000");
        assert!(decimal_from_double(f64::NAN).is_err());
        assert!(decimal_from_double(1e29).is_err());
        assert_eq!(decimal_to_string(&decimal_from_double(5e-29).unwrap()), "0");
        assert_eq!(decimal_to_string(&decimal_from_double(1e-28).unwrap()), "0.0000000000000000000000000001");
        assert!((decimal_to_double(&dec(1, 1)) - 0.1).abs() < f64::EPSILON);
        assert_eq!(decimal_to_int32(&dec(25, 1)).unwrap(), 2);
        assert_eq!(decimal_to_int32(&dec(35, 1)).unwrap(), 4);
        assert!(decimal_to_int32(&dec(3_000_000_000, 0)).is_err());
    }
}
