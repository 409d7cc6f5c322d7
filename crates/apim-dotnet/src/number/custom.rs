//! Custom numeric format strings (`"0.00"`, `"#,##0.##"`, `"0%"`, `"0.0E+00"`,
//! `"pos;neg;zero"`), as .NET Framework's `NumberToStringFormat` applies them.
//!
//! Rounding is half away from zero on the digits of the number (15 significant digits for
//! a `double`). A number that rounds to zero uses the zero section (when there is one) and
//! never shows a minus sign.

use super::buffer::NumberBuffer;
use super::invariant as inv;
use super::standard::format_exponent;

/// Start of section `section` (0 positive, 1 negative, 2 zero) in `format`; section 0 when
/// that section is missing or empty.
fn find_section(format: &[char], section: usize) -> usize {
    if section == 0 {
        return 0;
    }
    let mut wanted = section;
    let mut src = 0;
    while src < format.len() {
        let ch = format[src];
        src += 1;
        match ch {
            '\'' | '"' => {
                while src < format.len() {
                    let c = format[src];
                    src += 1;
                    if c == ch {
                        break;
                    }
                }
            }
            '\\' if src < format.len() => src += 1,
            ';' => {
                wanted -= 1;
                if wanted == 0 {
                    return if src < format.len() && format[src] != ';' { src } else { 0 };
                }
            }
            _ => {}
        }
    }
    0
}

/// What the scan of one section found.
struct SectionInfo {
    digit_count: i32,
    decimal_pos: i32,
    first_digit: i32,
    last_digit: i32,
    scientific: bool,
    thousand_seps: bool,
    scale_adjust: i32,
}

fn scan_section(format: &[char], section: usize) -> SectionInfo {
    let mut info = SectionInfo {
        digit_count: 0,
        decimal_pos: -1,
        first_digit: i32::MAX,
        last_digit: 0,
        scientific: false,
        thousand_seps: false,
        scale_adjust: 0,
    };
    let mut thousand_pos = -1;
    let mut thousand_count = 0i32;
    let mut src = section;
    while src < format.len() && format[src] != ';' {
        let ch = format[src];
        src += 1;
        match ch {
            '#' => info.digit_count += 1,
            '0' => {
                if info.first_digit == i32::MAX {
                    info.first_digit = info.digit_count;
                }
                info.digit_count += 1;
                info.last_digit = info.digit_count;
            }
            '.' if info.decimal_pos < 0 => info.decimal_pos = info.digit_count,
            ',' if info.digit_count > 0 && info.decimal_pos < 0 => {
                if thousand_pos >= 0 {
                    if thousand_pos == info.digit_count {
                        thousand_count += 1;
                        continue;
                    }
                    info.thousand_seps = true;
                }
                thousand_pos = info.digit_count;
                thousand_count = 1;
            }
            '%' => info.scale_adjust = info.scale_adjust.saturating_add(2),
            '\u{2030}' => info.scale_adjust = info.scale_adjust.saturating_add(3),
            '\'' | '"' => {
                while src < format.len() {
                    let c = format[src];
                    src += 1;
                    if c == ch {
                        break;
                    }
                }
            }
            '\\' if src < format.len() => src += 1,
            'E' | 'e' => {
                let next = format.get(src).copied();
                let after = format.get(src + 1).copied();
                if next == Some('0') || (matches!(next, Some('+' | '-')) && after == Some('0')) {
                    src += 1;
                    while format.get(src) == Some(&'0') {
                        src += 1;
                    }
                    info.scientific = true;
                }
            }
            _ => {}
        }
    }
    if info.decimal_pos < 0 {
        info.decimal_pos = info.digit_count;
    }
    if thousand_pos >= 0 {
        if thousand_pos == info.decimal_pos {
            info.scale_adjust = info.scale_adjust.saturating_sub(thousand_count.saturating_mul(3));
        } else {
            info.thousand_seps = true;
        }
    }
    info
}

/// Formats `number` with custom format `format` (already NUL-truncated).
pub(crate) fn number_to_custom(number: &mut NumberBuffer, format: &str) -> String {
    let format: Vec<char> = format.chars().collect();
    let initial = if number.is_zero() {
        2
    } else if number.negative {
        1
    } else {
        0
    };
    let mut section = find_section(&format, initial);
    let info = loop {
        let info = scan_section(&format, section);
        if number.is_zero() {
            number.negative = false;
            number.scale = 0;
            break info;
        }
        number.scale = number.scale.saturating_add(info.scale_adjust);
        let pos = if info.scientific {
            info.digit_count
        } else {
            number.scale.saturating_add(info.digit_count).saturating_sub(info.decimal_pos)
        };
        number.round(pos);
        if number.is_zero() {
            let zero_section = find_section(&format, 2);
            if zero_section != section {
                section = zero_section;
                continue;
            }
        }
        break info;
    };

    let first_digit = if info.first_digit < info.decimal_pos { info.decimal_pos - info.first_digit } else { 0 };
    let last_digit = if info.last_digit > info.decimal_pos { info.decimal_pos - info.last_digit } else { 0 };
    let (mut dig_pos, mut adjust) = if info.scientific {
        (info.decimal_pos, 0)
    } else {
        (number.scale.max(info.decimal_pos), number.scale.saturating_sub(info.decimal_pos))
    };

    // Positions (counted from the decimal point) after which a group separator goes.
    let mut separators: Vec<i32> = Vec::new();
    if info.thousand_seps {
        let total_digits = dig_pos + adjust.min(0);
        let num_digits = first_digit.max(total_digits);
        let mut group_end = inv::GROUP_SIZE;
        while num_digits > group_end {
            separators.push(group_end);
            group_end += inv::GROUP_SIZE;
        }
    }
    let mut push_separator = |out: &mut String, dig_pos: i32| {
        if dig_pos > 1 && separators.last().is_some_and(|&p| dig_pos == p + 1) {
            out.push_str(inv::GROUP_SEPARATOR);
            separators.pop();
        }
    };

    let mut out = String::new();
    if number.negative && section == 0 {
        out.push_str(inv::NEGATIVE_SIGN);
    }
    let mut index = 0usize;
    let mut decimal_written = false;
    let mut scientific = info.scientific;
    let mut src = section;
    while src < format.len() && format[src] != ';' {
        let ch = format[src];
        src += 1;
        if adjust > 0 && matches!(ch, '#' | '0' | '.') {
            while adjust > 0 {
                match number.digit(index) {
                    Some(d) => {
                        out.push(char::from(d));
                        index += 1;
                    }
                    None => out.push('0'),
                }
                push_separator(&mut out, dig_pos);
                dig_pos -= 1;
                adjust -= 1;
            }
        }
        match ch {
            '#' | '0' => {
                let emitted = if adjust < 0 {
                    adjust += 1;
                    (dig_pos <= first_digit).then_some('0')
                } else if let Some(d) = number.digit(index) {
                    index += 1;
                    Some(char::from(d))
                } else {
                    (dig_pos > last_digit).then_some('0')
                };
                if let Some(c) = emitted {
                    out.push(c);
                    push_separator(&mut out, dig_pos);
                }
                dig_pos -= 1;
            }
            '.' => {
                if dig_pos == 0
                    && !decimal_written
                    && (last_digit < 0 || (info.decimal_pos < info.digit_count && index < number.digits.len()))
                {
                    out.push_str(inv::DECIMAL_SEPARATOR);
                    decimal_written = true;
                }
            }
            '\u{2030}' => out.push_str(inv::PER_MILLE_SYMBOL),
            '%' => out.push_str(inv::PERCENT_SYMBOL),
            ',' => {}
            '\'' | '"' => {
                while src < format.len() && format[src] != ch {
                    out.push(format[src]);
                    src += 1;
                }
                if src < format.len() {
                    src += 1;
                }
            }
            '\\' => {
                if let Some(&c) = format.get(src) {
                    out.push(c);
                    src += 1;
                }
            }
            'E' | 'e' => {
                let next = format.get(src).copied();
                let after = format.get(src + 1).copied();
                if scientific {
                    let mut zeros = 0usize;
                    let mut plus = false;
                    if next == Some('0') {
                        zeros += 1;
                    } else if next == Some('+') && after == Some('0') {
                        plus = true;
                    } else if next == Some('-') && after == Some('0') {
                    } else {
                        out.push(ch);
                        continue;
                    }
                    src += 1;
                    while format.get(src) == Some(&'0') {
                        zeros += 1;
                        src += 1;
                    }
                    let exponent = if number.is_zero() { 0 } else { number.scale - info.decimal_pos };
                    format_exponent(&mut out, exponent, ch, plus, zeros.min(10));
                    scientific = false;
                } else {
                    out.push(ch);
                    if matches!(next, Some('+' | '-')) {
                        out.push(next.unwrap_or('+'));
                        src += 1;
                    }
                    while format.get(src) == Some(&'0') {
                        out.push('0');
                        src += 1;
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(digits: &str, scale: i32, negative: bool, format: &str) -> String {
        let mut n = NumberBuffer { digits: digits.as_bytes().to_vec(), scale, negative, precision: 15 };
        number_to_custom(&mut n, format)
    }

    #[test]
    fn custom_table() {
        let cases: &[(&str, i32, bool, &str, &str)] = &[
            ("12345", 3, false, "0.00", "123.45"),
            ("12345", 3, false, "0.0", "123.5"),
            ("1234567", 7, false, "#,##0.##", "1,234,567"),
            ("1234567", 5, false, "#,##0.##", "12,345.67"),
            ("5", 0, false, "0%", "50%"),
            ("5", 1, false, "000", "005"),
            ("5", 0, false, "#.#", ".5"),
            ("", 0, false, "#.#", ""),
            ("5", 1, true, "0;(0)", "(5)"),
            ("5", 1, true, "0;;zero", "-5"),
            ("", 0, false, "0;(0);zero", "zero"),
            ("1", -3, true, "0.00;(0.00);zero", "zero"),
            ("1", -3, true, "0.00", "0.00"),
            ("12345", 5, false, "0.00E+00", "1.23E+04"),
            ("12345", 5, false, "0.0e0", "1.2e4"),
            ("1234567", 7, false, "#,#", "1,234,567"),
            ("1234567", 7, false, "0,,", "1"),
            ("15", 1, false, "'abc'0\\#", "abc2#"),
            ("1", 1, false, "00.00", "01.00"),
        ];
        for &(digits, scale, negative, format, want) in cases {
            assert_eq!(fmt(digits, scale, negative, format), want, "{digits}e{scale} {format:?}");
        }
    }
}
