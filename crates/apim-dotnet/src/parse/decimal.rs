//! `Decimal.Parse` and `Decimal.TryParse` (invariant culture).
//!
//! `Decimal.Parse(s)` uses `NumberStyles.Number`: whitespace, a leading or trailing sign,
//! `,` group separators, a decimal point, no exponent. The scale written is kept
//! (`"1.50"` is `1.50m`); digits past 28 decimals are rounded half to even.

use super::number::parse_number;
use super::styles::NumberStyles;
use crate::error::{DotNetError, Result};
use crate::number::decimal::Decimal;

/// 2^96 / 10, the largest mantissa that can still take another digit.
const MAX_DIV_10: u128 = 7_922_816_251_426_433_759_354_395_033;
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

/// `Decimal.Parse(s)` (invariant culture).
///
/// ```
/// use apim_dotnet::{decimal_parse, decimal_to_string};
/// assert_eq!(decimal_to_string(&decimal_parse("1.50").unwrap()), "1.50");
/// ```
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` beyond `decimal`.
pub fn decimal_parse(s: &str) -> Result<Decimal> {
    decimal_parse_styles(s, NumberStyles::NUMBER)
}

/// `Decimal.Parse(s, style, CultureInfo.InvariantCulture)`.
///
/// # Errors
///
/// As [`decimal_parse`]; `ArgumentException` for `AllowHexSpecifier` or undefined bits.
pub fn decimal_parse_styles(s: &str, styles: NumberStyles) -> Result<Decimal> {
    styles.validate_floating()?;
    let number = parse_number(s, styles, true).ok_or_else(DotNetError::invalid_string)?;
    digits_to_decimal(&number.digits, number.scale, number.negative).ok_or_else(|| DotNetError::overflow_for("Decimal"))
}

/// `Decimal.TryParse(s, out v)`.
#[must_use]
pub fn decimal_try_parse(s: &str) -> Option<Decimal> {
    decimal_parse(s).ok()
}

/// The runtime's `NumberToDecimal`: at most 28 decimals, banker's rounding of the first
/// dropped digit (looking 20 digits further for a tie).
fn digits_to_decimal(digits: &[u8], scale: i32, negative: bool) -> Option<Decimal> {
    let mut e = scale;
    let mut d: u128 = 0;
    if digits.is_empty() {
        e = e.min(0);
    } else {
        if e > 29 {
            return None;
        }
        let mut p = 0usize;
        while (e > 0 || (p < digits.len() && e > -28))
            && (d < MAX_DIV_10 || (d == MAX_DIV_10 && digits.get(p).is_none_or(|&c| c <= b'5')))
        {
            d *= 10;
            if let Some(&c) = digits.get(p) {
                d += u128::from(c - b'0');
                p += 1;
            }
            e -= 1;
        }
        if let Some(&c) = digits.get(p)
            && c >= b'5'
        {
            let previous_even = p == 0 || (digits[p - 1] - b'0').is_multiple_of(2);
            let mut round = true;
            if c == b'5' && previous_even {
                let rest = &digits[p + 1..];
                let zeros = rest.iter().take(20).take_while(|&&z| z == b'0').count();
                if zeros == 20 || zeros == rest.len() {
                    round = false;
                }
            }
            if round {
                d += 1;
                if d > MAX_MANTISSA {
                    d = MAX_DIV_10 + 1;
                    e += 1;
                }
            }
        }
    }
    if e > 0 {
        return None;
    }
    let (mantissa, scale) = if e <= -29 { (0, 28) } else { (d, e.unsigned_abs()) };
    let lo = u32::try_from(mantissa & 0xFFFF_FFFF).ok()?;
    let mid = u32::try_from((mantissa >> 32) & 0xFFFF_FFFF).ok()?;
    let hi = u32::try_from(mantissa >> 64).ok()?;
    Some(Decimal::from_parts(lo, mid, hi, negative, scale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::decimal::decimal_to_string;

    #[test]
    fn decimal_table() {
        let cases: &[(&str, std::result::Result<&str, &str>)] = &[
            ("1.50", Ok("1.50")),
            ("  -1.50  ", Ok("-1.50")),
            ("0.00", Ok("0.00")),
            ("-0.00", Ok("0.00")),
            ("100", Ok("100")),
            ("1,234.5", Ok("1234.5")),
            ("1.5-", Ok("-1.5")),
            ("79228162514264337593543950335", Ok("79228162514264337593543950335")),
            ("79228162514264337593543950336", Err("Value was either too large or too small for a Decimal.")),
            ("0.00000000000000000000000000001", Ok("0.0000000000000000000000000000")),
            ("0.00000000000000000000000000005", Ok("0.0000000000000000000000000000")),
            ("0.00000000000000000000000000015", Ok("0.0000000000000000000000000002")),
            ("0.00000000000000000000000000025", Ok("0.0000000000000000000000000002")),
            ("0.000000000000000000000000000251", Ok("0.0000000000000000000000000003")),
            ("1.00000000000000000000000000005", Ok("1.0000000000000000000000000000")),
            ("1e3", Err("Input string was not in a correct format.")),
            ("abc", Err("Input string was not in a correct format.")),
        ];
        for (s, want) in cases {
            let got = decimal_parse(s).map(|d| decimal_to_string(&d)).map_err(|e| e.message);
            assert_eq!(got, want.map(str::to_owned).map_err(str::to_owned), "{s:?}");
        }
        assert!(decimal_try_parse("x").is_none());
    }
}
