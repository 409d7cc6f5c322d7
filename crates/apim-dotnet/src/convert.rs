//! `System.Convert` numeric conversions and C# casts whose .NET results differ from Rust's
//! `as`.

use crate::error::{DotNetError, Result};
use crate::parse::boolean::bool_parse;
use crate::parse::double::double_parse;
use crate::parse::integer::{int32_parse, int64_parse};

/// `Convert.ToInt32(double)`: rounds half to even ("banker's rounding"), then checks range.
///
/// ```
/// use apim_dotnet::convert_to_int32_f64;
/// assert_eq!(convert_to_int32_f64(2.5).unwrap(), 2);
/// assert_eq!(convert_to_int32_f64(3.5).unwrap(), 4);
/// ```
///
/// # Errors
///
/// `OverflowException` for NaN and values outside `int` after rounding.
pub fn convert_to_int32_f64(value: f64) -> Result<i32> {
    if value >= 0.0 {
        if value < 2_147_483_647.5 {
            return Ok(round_half_even_in_range(value));
        }
    } else if value >= -2_147_483_648.5 {
        return Ok(round_half_even_in_range(value));
    }
    Err(DotNetError::overflow_for("Int32"))
}

/// Rounds `value` (known to be within `int` after rounding) half to even.
fn round_half_even_in_range(value: f64) -> i32 {
    // In range by the caller's checks, so the truncation is exact.
    #[allow(clippy::cast_possible_truncation)]
    let mut result = value as i32;
    let dif = value - f64::from(result);
    if value >= 0.0 {
        if dif > 0.5 || (dif == 0.5 && result & 1 != 0) {
            result += 1;
        }
    } else if dif < -0.5 || (dif == -0.5 && result & 1 != 0) {
        result -= 1;
    }
    result
}

/// `Convert.ToInt64(double)`: `checked((long)Math.Round(value))`.
///
/// # Errors
///
/// `OverflowException` "Arithmetic operation resulted in an overflow." for NaN and values
/// outside `long`.
pub fn convert_to_int64_f64(value: f64) -> Result<i64> {
    let rounded = value.round_ties_even();
    // -2^63 is representable; 2^63 is the first value out of range.
    if rounded.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&rounded) {
        return Err(DotNetError::overflow("Arithmetic operation resulted in an overflow."));
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(rounded as i64)
}

/// `Convert.ToInt32(string)`: `null` is 0, anything else is `Int32.Parse`.
///
/// # Errors
///
/// As [`crate::int32_parse`].
pub fn convert_to_int32_str(value: Option<&str>) -> Result<i32> {
    value.map_or(Ok(0), int32_parse)
}

/// `Convert.ToInt64(string)`: `null` is 0, anything else is `Int64.Parse`.
///
/// # Errors
///
/// As [`crate::int64_parse`].
pub fn convert_to_int64_str(value: Option<&str>) -> Result<i64> {
    value.map_or(Ok(0), int64_parse)
}

/// `Convert.ToDouble(string)`: `null` is 0, anything else is `Double.Parse`.
///
/// # Errors
///
/// As [`crate::double_parse`].
pub fn convert_to_double_str(value: Option<&str>) -> Result<f64> {
    value.map_or(Ok(0.0), double_parse)
}

/// `Convert.ToBoolean(string)`: `null` is `false`, anything else is `Boolean.Parse`.
///
/// # Errors
///
/// As [`crate::bool_parse`].
pub fn convert_to_boolean_str(value: Option<&str>) -> Result<bool> {
    value.map_or(Ok(false), bool_parse)
}

/// The C# cast `(int)value` of a `double` in an unchecked context on x64: truncation
/// toward zero; NaN and out-of-range values give `int.MinValue` (Rust's `as` saturates
/// and maps NaN to 0 instead).
#[must_use]
pub fn cast_f64_to_i32(value: f64) -> i32 {
    if value.is_nan() || value <= -2_147_483_649.0 || value >= 2_147_483_648.0 {
        i32::MIN
    } else {
        #[allow(clippy::cast_possible_truncation)]
        let v = value as i32;
        v
    }
}

/// The C# cast `(long)value` of a `double` in an unchecked context on x64: truncation
/// toward zero; NaN and out-of-range values give `long.MinValue`.
#[must_use]
pub fn cast_f64_to_i64(value: f64) -> i64 {
    if value.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&value) {
        i64::MIN
    } else {
        #[allow(clippy::cast_possible_truncation)]
        let v = value as i64;
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_int32_table() {
        let cases: &[(f64, Option<i32>)] = &[
            (0.0, Some(0)),
            (0.5, Some(0)),
            (1.5, Some(2)),
            (2.5, Some(2)),
            (3.5, Some(4)),
            (-0.5, Some(0)),
            (-1.5, Some(-2)),
            (-2.5, Some(-2)),
            (2.4999, Some(2)),
            (2.5001, Some(3)),
            (-2.6, Some(-3)),
            (2_147_483_647.4, Some(i32::MAX)),
            (2_147_483_647.5, None),
            (-2_147_483_648.5, Some(i32::MIN)),
            (-2_147_483_648.6, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for &(value, want) in cases {
            assert_eq!(convert_to_int32_f64(value).ok(), want, "{value}");
        }
        assert_eq!(
            convert_to_int32_f64(1e10).unwrap_err().message,
            "Value was either too large or too small for an Int32."
        );
    }

    #[test]
    fn to_int64_and_casts() {
        assert_eq!(convert_to_int64_f64(2.5).unwrap(), 2);
        assert_eq!(convert_to_int64_f64(-3.5).unwrap(), -4);
        assert!(convert_to_int64_f64(9.3e18).is_err());
        assert!(convert_to_int64_f64(f64::NAN).is_err());
        assert_eq!(cast_f64_to_i32(-2.9), -2);
        assert_eq!(cast_f64_to_i32(f64::NAN), i32::MIN);
        assert_eq!(cast_f64_to_i32(3e9), i32::MIN);
        assert_eq!(cast_f64_to_i64(1e19), i64::MIN);
        assert_eq!(convert_to_int32_str(None).unwrap(), 0);
        assert_eq!(convert_to_int32_str(Some(" 12 ")).unwrap(), 12);
        assert!(convert_to_double_str(Some("x")).is_err());
        assert!(!convert_to_boolean_str(None).unwrap());
    }
}
