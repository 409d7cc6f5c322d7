//! `Double.ToString(format)` and `Single.ToString(format)` as .NET Framework 4.x prints
//! them (invariant culture).
//!
//! # The rule
//!
//! .NET Framework does **not** print the shortest round-trip string (that is .NET Core
//! 3.0+, see Microsoft's "Floating-point formatting and parsing behavior changed" note for
//! .NET Core 3.0). It takes the first 15 significant digits of the exact value (7 for
//! `float`), rounded half away from zero, and formats those:
//!
//! * `ToString()` is `G`: trailing zeros dropped; fixed notation unless the decimal
//!   exponent is `>= 15` (`>= 7` for `float`) or `< -4`, in which case it is
//!   `d.ddddE+dd` (sign always, at least two exponent digits): `1e15` prints `1E+15`,
//!   `1e14` prints `100000000000000`, `0.0001` prints `0.0001`, `0.00001` prints `1E-05`.
//! * `-0.0` prints `0` (the sign of a number that is zero after rounding is dropped; .NET
//!   Core 3.0+ prints `-0`). NaN and infinities print `NaN`, `Infinity`, `-Infinity`.
//! * `R` tries 15 digits, parses them back with .NET Framework's own (slightly lossy)
//!   parser, and uses 17 digits only if that does not give the same `double`.
//! * `E` with precision above 14 and `G` above 15 use 17 digits (9 and 9 for `float`
//!   above `E6` / `G7`); everything else uses 15 (7). `D` and `X` throw `FormatException`.

use super::buffer::NumberBuffer;
use super::custom::number_to_custom;
use super::double_digits::double_to_number;
use super::invariant as inv;
use super::standard::{FormatSpec, effective_format, number_to_string, parse_format_specifier};
use super::to_double::number_to_double;
use crate::error::Result;

const DOUBLE_PRECISION: i32 = 15;
const FLOAT_PRECISION: i32 = 7;

/// `value.ToString()` on .NET Framework 4.x: 15 significant digits, invariant culture.
///
/// ```
/// use apim_dotnet::double_to_string;
/// assert_eq!(double_to_string(0.1 + 0.2), "0.3");
/// assert_eq!(double_to_string(1e15), "1E+15");
/// assert_eq!(double_to_string(-0.0), "0");
/// ```
#[must_use]
pub fn double_to_string(value: f64) -> String {
    format_double(value, "").unwrap_or_default()
}

/// `value.ToString()` for a `float` (`Single`): 7 significant digits.
#[must_use]
pub fn float_to_string(value: f32) -> String {
    format_float(value, "").unwrap_or_default()
}

/// `value.ToString("R")`: the shortest of 15 or 17 digits that reads back as `value`.
#[must_use]
pub fn double_to_string_roundtrip(value: f64) -> String {
    format_double(value, "R").unwrap_or_default()
}

fn special(value: f64) -> Option<String> {
    if value.is_nan() {
        Some(inv::NAN_SYMBOL.to_owned())
    } else if value == f64::INFINITY {
        Some(inv::POSITIVE_INFINITY_SYMBOL.to_owned())
    } else if value == f64::NEG_INFINITY {
        Some(inv::NEGATIVE_INFINITY_SYMBOL.to_owned())
    } else {
        None
    }
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `double`: standard
/// (`C`, `E`, `F`, `G`, `N`, `P`, `R` with optional precision) or custom formats.
///
/// # Errors
///
/// `FormatException` ("Format specifier was invalid.") for `D`, `X` and other letters
/// that are not double formats.
pub fn format_double(value: f64, format: &str) -> Result<String> {
    format_floating(value, format, DOUBLE_PRECISION, 17, 14, |digits| {
        let back = number_to_double(&digits.digits, digits.scale, digits.negative);
        back == value
    })
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `float` (`Single`).
///
/// # Errors
///
/// As [`format_double`].
pub fn format_float(value: f32, format: &str) -> Result<String> {
    format_floating(f64::from(value), format, FLOAT_PRECISION, 9, 6, |digits| {
        let back = number_to_double(&digits.digits, digits.scale, digits.negative);
        // The runtime narrows the parsed double to float and compares.
        #[allow(clippy::cast_possible_truncation)]
        let narrowed = back as f32;
        narrowed == value
    })
}

fn format_floating(
    value: f64,
    format: &str,
    precision: i32,
    max_precision: i32,
    e_limit: i32,
    round_trips: impl Fn(&NumberBuffer) -> bool,
) -> Result<String> {
    let format = effective_format(format);
    let spec = parse_format_specifier(format);
    let mut digits_precision = precision;
    if let FormatSpec::Standard(letter, digits) = spec {
        match letter.to_ascii_uppercase() {
            'R' => {
                if let Some(s) = special(value) {
                    return Ok(s);
                }
                let mut number = double_to_number(value, precision);
                if round_trips(&number) {
                    return number_to_string(&mut number, 'G', precision, false);
                }
                let mut number = double_to_number(value, max_precision);
                return number_to_string(&mut number, 'G', max_precision, false);
            }
            'E' if digits > e_limit => digits_precision = max_precision,
            'G' if digits > precision => digits_precision = max_precision,
            _ => {}
        }
    }
    if let Some(s) = special(value) {
        return Ok(s);
    }
    let mut number = double_to_number(value, digits_precision);
    match spec {
        FormatSpec::Standard(letter, digits) => number_to_string(&mut number, letter, digits, false),
        FormatSpec::Custom => Ok(number_to_custom(&mut number, format)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ToString()` of .NET Framework 4.x; cross-checked against Mono 6.8 by the
    /// differential test.
    #[test]
    fn to_string_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.333333333333333"),
            (2.0 / 3.0, "0.666666666666667"),
            (-2.0 / 3.0, "-0.666666666666667"),
            (1e21, "1E+21"),
            (1e15, "1E+15"),
            (1e14, "100000000000000"),
            (999_999_999_999_999.0, "999999999999999"),
            (9_999_999_999_999_999.0, "1E+16"),
            (123_456_789_012_345_680.0, "1.23456789012346E+17"),
            (123_456_789.123_456_78, "123456789.123457"),
            (0.0001, "0.0001"),
            (0.000_123_456, "0.000123456"),
            (0.00001, "1E-05"),
            (0.000_012_345, "1.2345E-05"),
            (1e-7, "1E-07"),
            (1e-100, "1E-100"),
            (1e100, "1E+100"),
            (1.5e300, "1.5E+300"),
            (f64::MAX, "1.79769313486232E+308"),
            (f64::MIN, "-1.79769313486232E+308"),
            (f64::MIN_POSITIVE, "2.2250738585072E-308"),
            (5e-324, "4.94065645841247E-324"),
            (f64::EPSILON, "2.22044604925031E-16"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (std::f64::consts::PI, "3.14159265358979"),
            (std::f64::consts::E, "2.71828182845905"),
            (100.0, "100"),
            (1234.5, "1234.5"),
            (-1234.5678, "-1234.5678"),
            (0.5, "0.5"),
            (1.005, "1.005"),
            (2.675, "2.675"),
            (1.1, "1.1"),
            (1.0 - 0.9, "0.1"),
            (0.7 + 0.1, "0.8"),
            (3.0 * 1.1, "3.3"),
            (100.0 * 1.1, "110"),
            (4.35 * 100.0, "435"),
            (0.1 * 3.0, "0.3"),
            (1e16 + 1.0, "1E+16"),
            (12_345_678_901_234_567_890.0, "1.23456789012346E+19"),
            (9_007_199_254_740_993.0, "9.00719925474099E+15"),
            (1_234_567_890_123_445.0, "1.23456789012345E+15"),
            (1_234_567_890_123_455.0, "1.23456789012346E+15"),
            (0.123_456_789_012_345_67, "0.123456789012346"),
            (42.0, "42"),
            (-42.42, "-42.42"),
            (1.0 / 7.0, "0.142857142857143"),
            (1e-5 * 3.0, "3E-05"),
            (0.000_099_999_999_999_999_99, "0.0001"),
            (99_999_999_999_999.99, "100000000000000"),
            (999_999_999_999_999.4, "999999999999999"),
            (-1e-300, "-1E-300"),
            (1e-320, "9.99988867182683E-321"),
            (2_147_483_647.0, "2147483647"),
            (-2_147_483_648.0, "-2147483648"),
            (4_294_967_296.0, "4294967296"),
            (0.015, "0.015"),
            (12.345, "12.345"),
        ];
        for &(value, want) in cases {
            assert_eq!(double_to_string(value), want, "{value:e}");
        }
    }

    #[test]
    fn roundtrip_table() {
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.33333333333333331"),
            (1e15, "1E+15"),
            (1e16, "1E+16"),
            (12_345_678_901_234_567.0, "12345678901234568"),
            (123_456_789_012_345_680.0, "1.2345678901234568E+17"),
            (f64::MAX, "1.7976931348623157E+308"),
            (5e-324, "4.94065645841247E-324"),
            (-0.0, "0"),
            (f64::NAN, "NaN"),
            (2.675, "2.675"),
            (1_234_567_890_123_455.0, "1234567890123455"),
        ];
        for &(value, want) in cases {
            assert_eq!(double_to_string_roundtrip(value), want, "{value:e}");
        }
    }

    #[test]
    fn standard_formats_table() {
        let cases: &[(f64, &str, &str)] = &[
            (1.005, "F2", "1.01"),
            (2.675, "F2", "2.68"),
            (0.125, "F2", "0.13"),
            (2.5, "F0", "3"),
            (-2.5, "F0", "-3"),
            (-0.001, "F2", "0.00"),
            (1234.5678, "F", "1234.57"),
            (1234.5678, "N", "1,234.57"),
            (-1234.5678, "N1", "-1,234.6"),
            (1234.5678, "N0", "1,235"),
            (0.5, "P", "50.00 %"),
            (-0.5, "P0", "-50 %"),
            (0.123_45, "P1", "12.3 %"),
            (1234.5678, "C", "\u{a4}1,234.57"),
            (-1234.5678, "C", "(\u{a4}1,234.57)"),
            (1234.5678, "E", "1.234568E+003"),
            (1234.5678, "e2", "1.23e+003"),
            (0.0, "E", "0.000000E+000"),
            (-0.0, "E2", "0.00E+000"),
            (1234.5678, "E0", "1E+003"),
            (1234.5678, "G", "1234.5678"),
            (1234.5678, "G2", "1.2E+03"),
            (1234.5678, "g2", "1.2e+03"),
            (0.1, "G17", "0.10000000000000001"),
            (0.1, "E16", "1.0000000000000001E-001"),
            (1e15, "G16", "1000000000000000"),
            (123.456, "G0", "123.456"),
            (1e-5, "F7", "0.0000100"),
            (1e20, "F0", "100000000000000000000"),
            (123_456_789_012_345_680.0, "F0", "123456789012346000"),
            (f64::NAN, "F2", "NaN"),
            (f64::NEG_INFINITY, "N", "-Infinity"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_double(value, format).unwrap(), want, "{value:e} {format}");
        }
    }

    #[test]
    fn invalid_specifiers() {
        for format in ["D", "X", "D2", "x4", "Z", "K3"] {
            let err = format_double(1.5, format).unwrap_err();
            assert_eq!(err.message, "Format specifier was invalid.", "{format}");
        }
    }

    #[test]
    fn custom_formats_table() {
        let cases: &[(f64, &str, &str)] = &[
            (1234.5678, "0.00", "1234.57"),
            (1234.5678, "#,##0.##", "1,234.57"),
            (0.5, "0%", "50%"),
            (5.0, "000", "005"),
            (0.5, "#.#", ".5"),
            (0.0, "#.#", ""),
            (-5.0, "0;(0)", "(5)"),
            (0.0, "0;(0);zero", "zero"),
            (-0.001, "0.00;(0.00);zero", "zero"),
            (1.005, "0.00", "1.01"),
            (12345.0, "0.00E+00", "1.23E+04"),
            (1_234_567.0, "#,##0,K", "1,235K"),
            (-0.0, "0.0", "0.0"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_double(value, format).unwrap(), want, "{value:e} {format}");
        }
    }

    #[test]
    fn float_table() {
        let cases: &[(f32, &str, &str)] = &[
            (1.5, "", "1.5"),
            (0.1, "", "0.1"),
            (1.0 / 3.0, "", "0.3333333"),
            (16_777_216.0 * 8.0, "", "1.342177E+08"),
            (0.1, "R", "0.1"),
            (1.0 / 3.0, "R", "0.333333343"),
            (f32::MAX, "", "3.402823E+38"),
            (-0.0, "", "0"),
            (0.1, "G9", "0.100000001"),
            (2.5, "F0", "3"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_float(value, format).unwrap(), want, "{value:e} {format}");
        }
        assert_eq!(float_to_string(1.5), "1.5");
    }
}
