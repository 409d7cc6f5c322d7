//! Standard numeric format strings (`C`, `D`, `E`, `F`, `G`, `N`, `P`, `R`, `X` and a
//! precision of up to two digits) applied to a [`NumberBuffer`], as .NET Framework's
//! `NumberToString` does it.

use super::buffer::NumberBuffer;
use super::invariant as inv;
use crate::error::{BAD_FORMAT_SPECIFIER, DotNetError, Result};

/// What a format string asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatSpec {
    /// A letter with an optional precision (`-1` when absent), e.g. `F2`, `x8`, `G`.
    Standard(char, i32),
    /// Anything else is a custom format (`"0.00"`, `"#,##0"`, `"'x'0"`).
    Custom,
}

/// The format string as the runtime sees it: .NET passes it to native code as a
/// NUL-terminated buffer, so an embedded `\0` ends it.
pub(crate) fn effective_format(format: &str) -> &str {
    format.split('\0').next().unwrap_or("")
}

/// Classifies a (NUL-truncated) format string (the runtime's `ParseFormatSpecifier`): one
/// ASCII letter, then at most two digits of precision; an empty string is `G`.
pub(crate) fn parse_format_specifier(format: &str) -> FormatSpec {
    let mut chars = format.chars();
    let Some(letter) = chars.next() else {
        return FormatSpec::Standard('G', -1);
    };
    if !letter.is_ascii_alphabetic() {
        return FormatSpec::Custom;
    }
    let rest: Vec<char> = chars.collect();
    let mut i = 0;
    let mut n: i32 = -1;
    if let Some(d) = rest.first().and_then(|c| c.to_digit(10)) {
        n = i32::try_from(d).unwrap_or(0);
        i = 1;
        while let Some(d) = rest.get(i).and_then(|c| c.to_digit(10)) {
            n = n * 10 + i32::try_from(d).unwrap_or(0);
            i += 1;
            if n >= 10 {
                break;
            }
        }
    }
    if i == rest.len() { FormatSpec::Standard(letter, n) } else { FormatSpec::Custom }
}

/// Formats `number` with standard format `format` and precision `max_digits` (`-1` when
/// none). `is_decimal` selects the `decimal` rules for `G` (all digits, trailing zeros kept).
pub(crate) fn number_to_string(
    number: &mut NumberBuffer,
    format: char,
    max_digits: i32,
    is_decimal: bool,
) -> Result<String> {
    let mut out = String::new();
    match format.to_ascii_uppercase() {
        'C' => {
            let digits = if max_digits < 0 { inv::DEFAULT_DECIMALS } else { max_digits };
            number.round(number.scale.saturating_add(digits));
            let pattern = if number.negative { inv::CURRENCY_NEGATIVE } else { inv::CURRENCY_POSITIVE };
            apply_pattern(&mut out, pattern, number, digits, inv::CURRENCY_SYMBOL);
        }
        'F' => {
            let digits = if max_digits < 0 { inv::DEFAULT_DECIMALS } else { max_digits };
            number.round(number.scale.saturating_add(digits));
            if number.negative {
                out.push_str(inv::NEGATIVE_SIGN);
            }
            format_fixed(&mut out, number, digits, false);
        }
        'N' => {
            let digits = if max_digits < 0 { inv::DEFAULT_DECIMALS } else { max_digits };
            number.round(number.scale.saturating_add(digits));
            let pattern = if number.negative { inv::NUMBER_NEGATIVE } else { "#" };
            apply_pattern(&mut out, pattern, number, digits, "");
        }
        'E' => {
            let digits = if max_digits < 0 { 6 } else { max_digits } + 1;
            number.round(digits);
            if number.negative {
                out.push_str(inv::NEGATIVE_SIGN);
            }
            format_scientific(&mut out, number, digits, format);
        }
        'G' => {
            let mut digits = max_digits;
            let mut rounding = true;
            if digits < 1 {
                if is_decimal && digits == -1 {
                    digits = 29;
                    rounding = false;
                } else {
                    digits = number.precision;
                }
            }
            if rounding {
                number.round(digits);
            } else if is_decimal && number.is_zero() {
                number.negative = false;
            }
            if number.negative {
                out.push_str(inv::NEGATIVE_SIGN);
            }
            let exp_char = if format == 'G' { 'E' } else { 'e' };
            format_general(&mut out, number, digits, exp_char, !rounding);
        }
        'P' => {
            let digits = if max_digits < 0 { inv::DEFAULT_DECIMALS } else { max_digits };
            number.scale = number.scale.saturating_add(2);
            number.round(number.scale.saturating_add(digits));
            let pattern = if number.negative { inv::PERCENT_NEGATIVE } else { inv::PERCENT_POSITIVE };
            apply_pattern(&mut out, pattern, number, digits, inv::PERCENT_SYMBOL);
        }
        _ => return Err(DotNetError::format(BAD_FORMAT_SPECIFIER)),
    }
    Ok(out)
}

/// Expands a currency, number or percent pattern: `#` is the grouped number, `-` the
/// negative sign, `$` and `%` the symbol.
fn apply_pattern(out: &mut String, pattern: &str, number: &NumberBuffer, digits: i32, symbol: &str) {
    for ch in pattern.chars() {
        match ch {
            '#' => format_fixed(out, number, digits, true),
            '-' => out.push_str(inv::NEGATIVE_SIGN),
            '$' | '%' => out.push_str(symbol),
            other => out.push(other),
        }
    }
}

/// Integer part (optionally grouped by threes) and `decimals` fraction digits.
pub(crate) fn format_fixed(out: &mut String, number: &NumberBuffer, decimals: i32, group: bool) {
    let mut dig_pos = number.scale;
    let mut index = 0usize;
    if dig_pos > 0 {
        let int_len = usize::try_from(dig_pos).unwrap_or(0);
        let mut int_part = String::with_capacity(int_len + int_len / 3);
        for i in 0..int_len {
            if group && i > 0 && (int_len - i) % 3 == 0 {
                int_part.push_str(inv::GROUP_SEPARATOR);
            }
            int_part.push(char::from(number.digit(i).unwrap_or(b'0')));
        }
        out.push_str(&int_part);
        index = int_len.min(number.digits.len());
    } else {
        out.push('0');
    }
    let mut remaining = decimals;
    if remaining > 0 {
        out.push_str(inv::DECIMAL_SEPARATOR);
        while dig_pos < 0 && remaining > 0 {
            out.push('0');
            dig_pos += 1;
            remaining -= 1;
        }
        while remaining > 0 {
            match number.digit(index) {
                Some(d) => {
                    out.push(char::from(d));
                    index += 1;
                }
                None => out.push('0'),
            }
            remaining -= 1;
        }
    }
}

/// `d.ddddE+ddd`: `digits` significant digits, a three-digit exponent with its sign.
fn format_scientific(out: &mut String, number: &NumberBuffer, digits: i32, exp_char: char) {
    let mut index = 0usize;
    let mut next = |out: &mut String| match number.digit(index) {
        Some(d) => {
            out.push(char::from(d));
            index += 1;
        }
        None => out.push('0'),
    };
    next(out);
    if digits != 1 {
        out.push_str(inv::DECIMAL_SEPARATOR);
    }
    for _ in 1..digits {
        next(out);
    }
    let exponent = if number.is_zero() { 0 } else { number.scale - 1 };
    format_exponent(out, exponent, exp_char, true, 3);
}

/// The general format: fixed notation unless the exponent is `>= digits` or `< -4` (then
/// `d.dddE+dd`, at least two exponent digits), no trailing zeros.
fn format_general(out: &mut String, number: &NumberBuffer, digits: i32, exp_char: char, suppress_scientific: bool) {
    let mut dig_pos = number.scale;
    let mut scientific = false;
    if !suppress_scientific && (dig_pos > digits || dig_pos < -3) {
        dig_pos = 1;
        scientific = true;
    }
    let mut index = 0usize;
    if dig_pos > 0 {
        while dig_pos > 0 {
            match number.digit(index) {
                Some(d) => {
                    out.push(char::from(d));
                    index += 1;
                }
                None => out.push('0'),
            }
            dig_pos -= 1;
        }
    } else {
        out.push('0');
    }
    if index < number.digits.len() || dig_pos < 0 {
        out.push_str(inv::DECIMAL_SEPARATOR);
        while dig_pos < 0 {
            out.push('0');
            dig_pos += 1;
        }
        for &d in &number.digits[index..] {
            out.push(char::from(d));
        }
    }
    if scientific {
        format_exponent(out, number.scale - 1, exp_char, true, 2);
    }
}

/// `E+05`, `e-003`: the exponent character, a sign (`+` only when `positive_sign`), then at
/// least `min_digits` digits.
pub(crate) fn format_exponent(out: &mut String, value: i32, exp_char: char, positive_sign: bool, min_digits: usize) {
    out.push(exp_char);
    if value < 0 {
        out.push_str(inv::NEGATIVE_SIGN);
    } else if positive_sign {
        out.push_str(inv::POSITIVE_SIGN);
    }
    let digits = value.unsigned_abs().to_string();
    for _ in digits.len()..min_digits {
        out.push('0');
    }
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifier_table() {
        let cases = [
            ("", FormatSpec::Standard('G', -1)),
            ("G", FormatSpec::Standard('G', -1)),
            ("F2", FormatSpec::Standard('F', 2)),
            ("x8", FormatSpec::Standard('x', 8)),
            ("F05", FormatSpec::Standard('F', 5)),
            ("N99", FormatSpec::Standard('N', 99)),
            ("F100", FormatSpec::Custom),
            ("0.00", FormatSpec::Custom),
            ("F2x", FormatSpec::Custom),
            ("#", FormatSpec::Custom),
        ];
        for (format, want) in cases {
            assert_eq!(parse_format_specifier(format), want, "{format:?}");
        }
        assert_eq!(effective_format("F2\0junk"), "F2");
    }

    #[test]
    fn exponent_table() {
        let cases = [(5, true, 2, "E+05"), (-5, true, 3, "E-005"), (123, false, 1, "E123"), (0, true, 3, "E+000")];
        for (value, plus, min, want) in cases {
            let mut s = String::new();
            format_exponent(&mut s, value, 'E', plus, min);
            assert_eq!(s, want);
        }
    }
}
