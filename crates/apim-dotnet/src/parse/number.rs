//! Reading a number string into digits, scale and sign (the runtime's `ParseNumber`),
//! shared by the integer, `double` and `decimal` parsers.

use super::styles::NumberStyles;
use crate::number::invariant as inv;

/// At most this many significant digits are kept; later ones only move the scale.
const MAX_DIGITS: usize = 50;

/// What the scanner read: `0.digits * 10^scale`, sign apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedNumber {
    /// Significant digits (ASCII; hex letters too with `AllowHexSpecifier`). Trailing zeros
    /// are dropped unless the target is a `decimal`.
    pub digits: Vec<u8>,
    pub scale: i32,
    pub negative: bool,
}

/// .NET's number whitespace: space and `\t`..`\r` (not Unicode spaces).
pub(crate) fn is_white(c: char) -> bool {
    c == ' ' || ('\t'..='\r').contains(&c)
}

struct Cursor {
    chars: Vec<char>,
    pos: usize,
}

impl Cursor {
    fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    fn ch(&self) -> char {
        self.at(self.pos)
    }

    /// If `text` starts at the cursor, the position after it.
    fn matches(&self, text: &str) -> Option<usize> {
        if text.is_empty() {
            return None;
        }
        let mut i = self.pos;
        for c in text.chars() {
            if self.at(i) != c {
                return None;
            }
            i += 1;
        }
        Some(i)
    }
}

/// Scans `s` with `styles`; `None` is a `FormatException`. `for_decimal` keeps trailing
/// zeros (a `decimal` keeps its scale) and the scale of zero.
pub(crate) fn parse_number(s: &str, styles: NumberStyles, for_decimal: bool) -> Option<ParsedNumber> {
    const SIGN: u32 = 0x1;
    const PARENS: u32 = 0x2;
    const DIGITS: u32 = 0x4;
    const NON_ZERO: u32 = 0x8;
    const DECIMAL: u32 = 0x10;
    const CURRENCY: u32 = 0x20;

    let has = |flag: NumberStyles| styles.contains(flag);
    let hex = has(NumberStyles::ALLOW_HEX_SPECIFIER);
    let mut cur = Cursor { chars: s.chars().collect(), pos: 0 };
    let mut currency_symbol = has(NumberStyles::ALLOW_CURRENCY_SYMBOL).then_some(inv::CURRENCY_SYMBOL);
    let mut state = 0u32;
    let mut negative = false;
    let mut scale: i32 = 0;

    loop {
        let ch = cur.ch();
        let sign_allowed = has(NumberStyles::ALLOW_LEADING_SIGN) && state & SIGN == 0;
        if is_white(ch) && has(NumberStyles::ALLOW_LEADING_WHITE) && (state & SIGN == 0 || state & CURRENCY != 0) {
            cur.pos += 1;
        } else if let Some(next) = cur.matches(inv::POSITIVE_SIGN).filter(|_| sign_allowed) {
            state |= SIGN;
            cur.pos = next;
        } else if let Some(next) = cur.matches(inv::NEGATIVE_SIGN).filter(|_| sign_allowed) {
            state |= SIGN;
            negative = true;
            cur.pos = next;
        } else if ch == '(' && has(NumberStyles::ALLOW_PARENTHESES) && state & SIGN == 0 {
            state |= SIGN | PARENS;
            negative = true;
            cur.pos += 1;
        } else if let Some(next) = currency_symbol.and_then(|c| cur.matches(c)) {
            state |= CURRENCY;
            currency_symbol = None;
            cur.pos = next;
        } else {
            break;
        }
    }

    let mut digits: Vec<u8> = Vec::new();
    let mut dig_end = 0usize;
    loop {
        let ch = cur.ch();
        if ch.is_ascii_digit() || (hex && ch.is_ascii_hexdigit()) {
            state |= DIGITS;
            if ch != '0' || state & NON_ZERO != 0 {
                if digits.len() < MAX_DIGITS {
                    digits.push(u8::try_from(ch).unwrap_or(b'0'));
                    if ch != '0' || for_decimal {
                        dig_end = digits.len();
                    }
                }
                if state & DECIMAL == 0 {
                    scale = scale.saturating_add(1);
                }
                state |= NON_ZERO;
            } else if state & DECIMAL != 0 {
                scale = scale.saturating_sub(1);
            }
            cur.pos += 1;
        } else if has(NumberStyles::ALLOW_DECIMAL_POINT)
            && state & DECIMAL == 0
            && let Some(next) = cur.matches(inv::DECIMAL_SEPARATOR)
        {
            state |= DECIMAL;
            cur.pos = next;
        } else if has(NumberStyles::ALLOW_THOUSANDS)
            && state & DIGITS != 0
            && state & DECIMAL == 0
            && let Some(next) = cur.matches(inv::GROUP_SEPARATOR)
        {
            cur.pos = next;
        } else {
            break;
        }
    }
    digits.truncate(dig_end);

    if state & DIGITS == 0 {
        return None;
    }
    if matches!(cur.ch(), 'E' | 'e') && has(NumberStyles::ALLOW_EXPONENT) {
        let saved = cur.pos;
        cur.pos += 1;
        let mut negative_exponent = false;
        if let Some(next) = cur.matches(inv::POSITIVE_SIGN) {
            cur.pos = next;
        } else if let Some(next) = cur.matches(inv::NEGATIVE_SIGN) {
            cur.pos = next;
            negative_exponent = true;
        }
        if cur.ch().is_ascii_digit() {
            let mut exponent: i32 = 0;
            while let Some(d) = cur.ch().to_digit(10) {
                exponent = exponent * 10 + i32::try_from(d).unwrap_or(0);
                cur.pos += 1;
                if exponent > 1000 {
                    exponent = 9999;
                    while cur.ch().is_ascii_digit() {
                        cur.pos += 1;
                    }
                }
            }
            if negative_exponent {
                exponent = -exponent;
            }
            scale = scale.saturating_add(exponent);
        } else {
            cur.pos = saved;
        }
    }
    loop {
        let ch = cur.ch();
        let sign_allowed = has(NumberStyles::ALLOW_TRAILING_SIGN) && state & SIGN == 0;
        if is_white(ch) && has(NumberStyles::ALLOW_TRAILING_WHITE) {
            cur.pos += 1;
        } else if let Some(next) = cur.matches(inv::POSITIVE_SIGN).filter(|_| sign_allowed) {
            state |= SIGN;
            cur.pos = next;
        } else if let Some(next) = cur.matches(inv::NEGATIVE_SIGN).filter(|_| sign_allowed) {
            state |= SIGN;
            negative = true;
            cur.pos = next;
        } else if ch == ')' && state & PARENS != 0 {
            state &= !PARENS;
            cur.pos += 1;
        } else if let Some(next) = currency_symbol.and_then(|c| cur.matches(c)) {
            currency_symbol = None;
            cur.pos = next;
        } else {
            break;
        }
    }
    if state & PARENS != 0 {
        return None;
    }
    if state & NON_ZERO == 0 {
        if !for_decimal {
            scale = 0;
        }
        if state & DECIMAL == 0 {
            negative = false;
        }
    }
    // Only NULs may follow (the runtime reads strings as NUL-terminated buffers).
    if cur.chars[cur.pos.min(cur.chars.len())..].iter().any(|&c| c != '\0') {
        return None;
    }
    Some(ParsedNumber { digits, scale, negative })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str, styles: NumberStyles) -> Option<(String, i32, bool)> {
        parse_number(s, styles, false).map(|n| (String::from_utf8(n.digits).unwrap(), n.scale, n.negative))
    }

    #[test]
    fn scanner_table() {
        let float = NumberStyles::FLOAT_AND_THOUSANDS;
        let int = NumberStyles::INTEGER;
        type Case<'a> = (&'a str, NumberStyles, Option<(&'a str, i32, bool)>);
        let cases: &[Case] = &[
            ("123", int, Some(("123", 3, false))),
            ("  -123  ", int, Some(("123", 3, true))),
            ("+0", int, Some(("", 0, false))),
            ("-0", int, Some(("", 0, false))),
            ("1000", int, Some(("1", 4, false))),
            ("- 1", int, None),
            ("1 2", int, None),
            ("", int, None),
            ("-", int, None),
            ("1.5", int, None),
            ("1,000", int, None),
            ("1,000.5", float, Some(("10005", 4, false))),
            (",1", float, None),
            ("1e3", float, Some(("1", 4, false))),
            ("1E-3", float, Some(("1", -2, false))),
            ("1e", float, None),
            (".5", float, Some(("5", 0, false))),
            ("5.", float, Some(("5", 1, false))),
            ("-0.0", float, Some(("", 0, true))),
            ("12\0\0", int, Some(("12", 2, false))),
            ("12\0x", int, None),
        ];
        for &(s, styles, want) in cases {
            let want = want.map(|(d, sc, n)| (d.to_owned(), sc, n));
            assert_eq!(scan(s, styles), want, "{s:?}");
        }
    }
}
