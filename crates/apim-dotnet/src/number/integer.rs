//! `Int32`, `UInt32`, `Int64` and `UInt64` `ToString(format)` (invariant culture).
//!
//! `D` and `G` without precision print all digits (`D5` pads with zeros, keeping the
//! sign in front); `X` prints the two's complement of negative values in the type's width;
//! `G` with a precision, `C`, `E`, `F`, `N`, `P` and custom formats go through the shared
//! digit formatting. `R` is not an integer format on .NET Framework (`FormatException`).

use super::buffer::NumberBuffer;
use super::custom::number_to_custom;
use super::standard::{FormatSpec, effective_format, number_to_string, parse_format_specifier};
use crate::error::Result;

/// `value.ToString(format, CultureInfo.InvariantCulture)` for an `int`.
///
/// # Errors
///
/// `FormatException` for a letter that is not an integer format (`R`, `Z`, ...).
pub fn format_int32(value: i32, format: &str) -> Result<String> {
    format_integer(i128::from(value), u64::from(value.cast_unsigned()), 10, format)
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `uint`.
///
/// # Errors
///
/// As [`format_int32`].
pub fn format_uint32(value: u32, format: &str) -> Result<String> {
    format_integer(i128::from(value), u64::from(value), 10, format)
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `long`.
///
/// # Errors
///
/// As [`format_int32`].
pub fn format_int64(value: i64, format: &str) -> Result<String> {
    format_integer(i128::from(value), value.cast_unsigned(), 19, format)
}

/// `value.ToString(format, CultureInfo.InvariantCulture)` for a `ulong`.
///
/// # Errors
///
/// As [`format_int32`].
pub fn format_uint64(value: u64, format: &str) -> Result<String> {
    format_integer(i128::from(value), value, 20, format)
}

/// `value` is the number, `bits` its two's complement in the type's width (for `X`),
/// `precision` the type's digit count (10, 19 or 20).
fn format_integer(value: i128, bits: u64, precision: i32, format: &str) -> Result<String> {
    let format = effective_format(format);
    let spec = parse_format_specifier(format);
    let number = || NumberBuffer::from_integer(value.unsigned_abs(), value < 0, precision);
    match spec {
        FormatSpec::Standard(letter, digits) => match letter.to_ascii_uppercase() {
            'G' if digits > 0 => number_to_string(&mut number(), letter, digits, false),
            'G' | 'D' => Ok(decimal_string(value, digits)),
            'X' => Ok(hex_string(bits, letter == 'X', digits)),
            _ => number_to_string(&mut number(), letter, digits, false),
        },
        FormatSpec::Custom => Ok(number_to_custom(&mut number(), format)),
    }
}

fn decimal_string(value: i128, min_digits: i32) -> String {
    let width = usize::try_from(min_digits.max(1)).unwrap_or(1);
    let magnitude = value.unsigned_abs();
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{magnitude:0width$}")
}

fn hex_string(bits: u64, upper: bool, min_digits: i32) -> String {
    let width = usize::try_from(min_digits.max(1)).unwrap_or(1);
    if upper { format!("{bits:0width$X}") } else { format!("{bits:0width$x}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int32_table() {
        let cases: &[(i32, &str, &str)] = &[
            (0, "", "0"),
            (123, "", "123"),
            (-123, "", "-123"),
            (i32::MIN, "", "-2147483648"),
            (i32::MAX, "G", "2147483647"),
            (42, "D5", "00042"),
            (-42, "D5", "-00042"),
            (42, "D0", "42"),
            (255, "X", "FF"),
            (255, "x4", "00ff"),
            (-1, "X", "FFFFFFFF"),
            (-1, "x2", "ffffffff"),
            (1234, "N", "1,234.00"),
            (-1234, "N0", "-1,234"),
            (1234, "F1", "1234.0"),
            (1234, "E2", "1.23E+003"),
            (12345, "G2", "1.2E+04"),
            (12345, "g3", "1.23e+04"),
            (1, "P", "100.00 %"),
            (1234, "C", "\u{a4}1,234.00"),
            (-1234, "C0", "(\u{a4}1,234)"),
            (1234, "0.00", "1234.00"),
            (1_234_567, "#,##0", "1,234,567"),
            (5, "000", "005"),
            (-5, "0;(0);-", "(5)"),
            (0, "0;(0);-", "-"),
            (7, "#", "7"),
            (0, "#", ""),
            (50, "0%", "5000%"),
            (1234, "F100", "F11234"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_int32(value, format).unwrap(), want, "{value} {format}");
        }
    }

    #[test]
    fn int64_and_uint64() {
        assert_eq!(format_int64(i64::MIN, "").unwrap(), "-9223372036854775808");
        assert_eq!(format_int64(-1, "X").unwrap(), "FFFFFFFFFFFFFFFF");
        assert_eq!(format_int64(1_234_567_890_123, "N0").unwrap(), "1,234,567,890,123");
        assert_eq!(format_uint64(u64::MAX, "").unwrap(), "18446744073709551615");
        assert_eq!(format_uint64(u64::MAX, "x").unwrap(), "ffffffffffffffff");
        assert_eq!(format_uint32(u32::MAX, "N0").unwrap(), "4,294,967,295");
        assert_eq!(format_int64(123_456_789, "G0").unwrap(), "123456789");
    }

    #[test]
    fn invalid_specifiers() {
        for format in ["R", "Z", "r5"] {
            assert_eq!(format_int32(1, format).unwrap_err().message, "Format specifier was invalid.", "{format}");
        }
    }
}
