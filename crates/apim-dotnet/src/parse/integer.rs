//! `Int32.Parse`, `Int64.Parse`, `UInt32.Parse`, `UInt64.Parse` and their `TryParse`
//! forms (invariant culture).
//!
//! `Parse(s)` uses `NumberStyles.Integer`: leading and trailing whitespace (space and
//! `\t`..`\r`), one leading `+` or `-`, ASCII digits. A malformed string throws
//! `FormatException` ("Input string was not in a correct format."), a well-formed one out
//! of range `OverflowException` ("Value was either too large or too small for an Int32.").
//! `Convert.ToInt32(string)` is the same call (and returns 0 for `null`).

use super::number::{ParsedNumber, parse_number};
use super::styles::NumberStyles;
use crate::error::{DotNetError, Result};

/// The value of scanned decimal digits if it fits `-(max + 1) ..= max` (unsigned targets
/// reject any minus sign on a non-zero value); at most `max_digits` digits and no fraction.
fn to_integer(number: &ParsedNumber, max_digits: i32, max: u128, signed: bool) -> Option<i128> {
    let count = i32::try_from(number.digits.len()).ok()?;
    if number.scale > max_digits || number.scale < count {
        return None;
    }
    if !signed && number.negative {
        return None;
    }
    let mut n: u128 = 0;
    for i in 0..usize::try_from(number.scale).ok()? {
        n = n * 10 + u128::from(number.digits.get(i).map_or(0, |d| d - b'0'));
    }
    let limit = if number.negative { max + 1 } else { max };
    if n > limit {
        return None;
    }
    let n = i128::try_from(n).ok()?;
    Some(if number.negative { -n } else { n })
}

/// Hex digits (no sign, no prefix) as the unsigned `bits`-wide value.
fn to_hex(number: &ParsedNumber, max_digits: i32) -> Option<u64> {
    let count = i32::try_from(number.digits.len()).ok()?;
    if number.scale > max_digits || number.scale < count {
        return None;
    }
    let mut n: u64 = 0;
    for i in 0..usize::try_from(number.scale).ok()? {
        let digit = number.digits.get(i).and_then(|&d| char::from(d).to_digit(16)).unwrap_or(0);
        n = (n << 4) | u64::from(digit);
    }
    Some(n)
}

fn parse_integer(
    s: &str,
    styles: NumberStyles,
    type_name: &str,
    decimal_digits: i32,
    max: u128,
    signed: bool,
    hex_digits: i32,
) -> Result<i128> {
    styles.validate_integer()?;
    let number = parse_number(s, styles, false).ok_or_else(DotNetError::invalid_string)?;
    let value = if styles.contains(NumberStyles::ALLOW_HEX_SPECIFIER) {
        to_hex(&number, hex_digits).map(|bits| {
            // Hex digits fill the type's width; the top bit is the sign for signed types.
            if signed && hex_digits == 8 {
                i128::from(u32::try_from(bits).unwrap_or(0).cast_signed())
            } else if signed {
                i128::from(bits.cast_signed())
            } else {
                i128::from(bits)
            }
        })
    } else {
        to_integer(&number, decimal_digits, max, signed)
    };
    value.ok_or_else(|| DotNetError::overflow_for(type_name))
}

/// `Int32.Parse(s)` (invariant culture).
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` outside `int`.
pub fn int32_parse(s: &str) -> Result<i32> {
    int32_parse_styles(s, NumberStyles::INTEGER)
}

/// `Int32.Parse(s, style, CultureInfo.InvariantCulture)`.
///
/// # Errors
///
/// As [`int32_parse`]; `ArgumentException` for an invalid style combination.
pub fn int32_parse_styles(s: &str, styles: NumberStyles) -> Result<i32> {
    let v = parse_integer(s, styles, "Int32", 10, u128::from(i32::MAX.cast_unsigned()), true, 8)?;
    i32::try_from(v).map_err(|_| DotNetError::overflow_for("Int32"))
}

/// `Int32.TryParse(s, out v)`.
#[must_use]
pub fn int32_try_parse(s: &str) -> Option<i32> {
    int32_parse(s).ok()
}

/// `UInt32.Parse(s)` (invariant culture).
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` outside `uint` (a
/// minus sign on a non-zero value included).
pub fn uint32_parse(s: &str) -> Result<u32> {
    let v = parse_integer(s, NumberStyles::INTEGER, "UInt32", 10, u128::from(u32::MAX), false, 8)?;
    u32::try_from(v).map_err(|_| DotNetError::overflow_for("UInt32"))
}

/// `Int64.Parse(s)` (invariant culture).
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` outside `long`.
pub fn int64_parse(s: &str) -> Result<i64> {
    int64_parse_styles(s, NumberStyles::INTEGER)
}

/// `Int64.Parse(s, style, CultureInfo.InvariantCulture)`.
///
/// # Errors
///
/// As [`int64_parse`]; `ArgumentException` for an invalid style combination.
pub fn int64_parse_styles(s: &str, styles: NumberStyles) -> Result<i64> {
    let v = parse_integer(s, styles, "Int64", 19, u128::from(i64::MAX.cast_unsigned()), true, 16)?;
    i64::try_from(v).map_err(|_| DotNetError::overflow_for("Int64"))
}

/// `Int64.TryParse(s, out v)`.
#[must_use]
pub fn int64_try_parse(s: &str) -> Option<i64> {
    int64_parse(s).ok()
}

/// `UInt64.Parse(s)` (invariant culture).
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` outside `ulong`.
pub fn uint64_parse(s: &str) -> Result<u64> {
    let v = parse_integer(s, NumberStyles::INTEGER, "UInt64", 20, u128::from(u64::MAX), false, 16)?;
    u64::try_from(v).map_err(|_| DotNetError::overflow_for("UInt64"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: &str = "Input string was not in a correct format.";
    const OVERFLOW: &str = "Value was either too large or too small for an Int32.";

    #[test]
    fn int32_table() {
        let cases: &[(&str, std::result::Result<i32, &str>)] = &[
            ("0", Ok(0)),
            ("42", Ok(42)),
            ("  42  ", Ok(42)),
            ("\t-42\r\n", Ok(-42)),
            ("+42", Ok(42)),
            ("-0", Ok(0)),
            ("007", Ok(7)),
            ("2147483647", Ok(i32::MAX)),
            ("-2147483648", Ok(i32::MIN)),
            ("2147483648", Err(OVERFLOW)),
            ("-2147483649", Err(OVERFLOW)),
            ("99999999999999999999", Err(OVERFLOW)),
            ("", Err(FORMAT)),
            (" ", Err(FORMAT)),
            ("abc", Err(FORMAT)),
            ("1.0", Err(FORMAT)),
            ("1,000", Err(FORMAT)),
            ("1e3", Err(FORMAT)),
            ("- 1", Err(FORMAT)),
            ("1-", Err(FORMAT)),
            ("--1", Err(FORMAT)),
            ("0x10", Err(FORMAT)),
            ("\u{a0}1", Err(FORMAT)),
            ("\u{661}", Err(FORMAT)),
            ("1\0", Ok(1)),
        ];
        for (s, want) in cases {
            let got = int32_parse(s).map_err(|e| e.message);
            assert_eq!(got, want.map_err(str::to_owned), "{s:?}");
        }
    }

    #[test]
    fn styles() {
        assert_eq!(int32_parse_styles("ff", NumberStyles::HEX_NUMBER).unwrap(), 255);
        assert_eq!(int32_parse_styles("FFFFFFFF", NumberStyles::HEX_NUMBER).unwrap(), -1);
        assert!(int32_parse_styles("1FFFFFFFF", NumberStyles::HEX_NUMBER).is_err());
        assert_eq!(int32_parse_styles("1,000", NumberStyles::NUMBER).unwrap(), 1000);
        assert_eq!(int32_parse_styles("1.0", NumberStyles::NUMBER).unwrap(), 1);
        assert_eq!(int32_parse_styles("1.5", NumberStyles::NUMBER).unwrap_err().message, OVERFLOW);
        assert_eq!(int32_parse_styles("(5)", NumberStyles::ANY).unwrap(), -5);
        assert_eq!(int32_parse_styles("5-", NumberStyles::NUMBER).unwrap(), -5);
        assert!(int32_parse_styles("1", NumberStyles(0x1000)).is_err());
        assert_eq!(int64_parse_styles("FFFFFFFFFFFFFFFF", NumberStyles::HEX_NUMBER).unwrap(), -1);
    }

    #[test]
    fn other_widths() {
        assert_eq!(int64_parse("-9223372036854775808").unwrap(), i64::MIN);
        assert!(int64_parse("9223372036854775808").is_err());
        assert_eq!(uint64_parse("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(uint64_parse("-1").unwrap_err().message, "Value was either too large or too small for a UInt64.");
        assert_eq!(uint64_parse("-0").unwrap(), 0);
        assert_eq!(uint32_parse("4294967295").unwrap(), u32::MAX);
        assert_eq!(int32_try_parse("x"), None);
        assert_eq!(int64_try_parse(" 5 "), Some(5));
    }
}
