//! Decoding of literal text: escapes, numbers, suffixes. The grammar has already checked
//! the shape, so these functions only compute values; what can still be wrong (a number
//! too large, a `\U` escape beyond Unicode) is returned as an error message.

use crate::ast::{IntSuffix, Literal, RealSuffix};

/// How a run of string text is written.
#[derive(Copy, Clone)]
pub(crate) struct Style {
    /// `\n`, `\u0041`, ... are escapes (regular strings).
    pub escapes: bool,
    /// `""` is a quote (verbatim strings).
    pub doubled_quotes: bool,
    /// `{{` and `}}` are braces (interpolated strings).
    pub doubled_braces: bool,
}

pub(crate) const REGULAR: Style = Style { escapes: true, doubled_quotes: false, doubled_braces: false };
pub(crate) const VERBATIM: Style = Style { escapes: false, doubled_quotes: true, doubled_braces: false };
pub(crate) const INTERPOLATED: Style = Style { escapes: true, doubled_quotes: false, doubled_braces: true };
pub(crate) const VERBATIM_INTERPOLATED: Style = Style { escapes: false, doubled_quotes: true, doubled_braces: true };

/// Decodes `text` (without its delimiters). `Err` names an escape that is not a valid
/// Unicode scalar value; the text is still decoded with U+FFFD in its place.
pub(crate) fn decode(text: &str, style: Style) -> (String, Option<&'static str>) {
    let mut out = String::with_capacity(text.len());
    let mut problem = None;
    let mut chars = text.char_indices().peekable();
    let mut pending_high: Option<u32> = None;
    while let Some((index, ch)) = chars.next() {
        let unit = match ch {
            '\\' if style.escapes => {
                let Some((_, kind)) = chars.next() else { break };
                match kind {
                    'u' | 'x' => {
                        // `\u` has exactly four digits, `\x` one to four (greedy).
                        let start = index + 2;
                        let mut end = start;
                        while end - start < 4 && text.as_bytes().get(end).is_some_and(u8::is_ascii_hexdigit) {
                            chars.next();
                            end += 1;
                        }
                        let value = u32::from_str_radix(&text[start..end], 16).unwrap_or(0xFFFD);
                        Unit::Utf16(value)
                    }
                    'U' => {
                        let start = index + 2;
                        let end = (start + 8).min(text.len());
                        for _ in start..end {
                            chars.next();
                        }
                        let value = text.get(start..end).and_then(|hex| u32::from_str_radix(hex, 16).ok());
                        match value.and_then(char::from_u32) {
                            Some(ch) => Unit::Char(ch),
                            None => {
                                problem = Some("the `\\U` escape is not a Unicode character");
                                Unit::Char(char::REPLACEMENT_CHARACTER)
                            }
                        }
                    }
                    other => Unit::Char(match other {
                        '0' => '\0',
                        'a' => '\u{07}',
                        'b' => '\u{08}',
                        'f' => '\u{0C}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'v' => '\u{0B}',
                        // `\'`, `\"`, `\\`
                        other => other,
                    }),
                }
            }
            '"' if style.doubled_quotes && chars.peek().is_some_and(|&(_, next)| next == '"') => {
                chars.next();
                Unit::Char('"')
            }
            '{' | '}' if style.doubled_braces && chars.peek().is_some_and(|&(_, next)| next == ch) => {
                chars.next();
                Unit::Char(ch)
            }
            other => Unit::Char(other),
        };
        // UTF-16 escapes may form surrogate pairs (`\uD83D\uDE00`).
        match unit {
            Unit::Utf16(value @ 0xD800..=0xDBFF) => {
                if pending_high.replace(value).is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
            }
            Unit::Utf16(value @ 0xDC00..=0xDFFF) => match pending_high.take() {
                Some(high) => {
                    let scalar = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00);
                    out.push(char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                None => out.push(char::REPLACEMENT_CHARACTER),
            },
            Unit::Utf16(value) => {
                if pending_high.take().is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                out.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Unit::Char(ch) => {
                if pending_high.take().is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                out.push(ch);
            }
        }
    }
    if pending_high.is_some() {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    (out, problem)
}

enum Unit {
    Char(char),
    Utf16(u32),
}

/// `42`, `0xFF_FF`, `0b1010`, `10UL`.
pub(crate) fn int(text: &str) -> Result<Literal, &'static str> {
    let lower_tail: Vec<u8> = text.bytes().rev().take(2).map(|b| b.to_ascii_lowercase()).collect();
    let hex = text.len() > 1 && matches!(&text.as_bytes()[..2], b"0x" | b"0X");
    let (suffix, suffix_len) = match lower_tail.as_slice() {
        [b'u', b'l'] | [b'l', b'u'] => (IntSuffix::UL, 2),
        [b'u', ..] => (IntSuffix::U, 1),
        [b'l', ..] => (IntSuffix::L, 1),
        _ => (IntSuffix::None, 0),
    };
    let digits = &text[..text.len() - suffix_len];
    let (radix, digits) = if hex {
        (16, &digits[2..])
    } else if digits.len() > 1 && matches!(&digits.as_bytes()[..2], b"0b" | b"0B") {
        (2, &digits[2..])
    } else {
        (10, digits)
    };
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    match u64::from_str_radix(&clean, radix) {
        Ok(value) => Ok(Literal::Int { value, suffix }),
        Err(_) => Err("the integer literal is too large"),
    }
}

/// Whether a number token is a real: not hexadecimal or binary, and with a `.`, an
/// exponent or a real suffix (`f`, `d`, `m`).
pub(crate) fn is_real(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() > 1 && bytes[0] == b'0' && matches!(bytes[1], b'x' | b'X' | b'b' | b'B') {
        return false;
    }
    bytes.iter().any(|&b| matches!(b, b'.' | b'e' | b'E'))
        || bytes.last().is_some_and(|b| matches!(b.to_ascii_lowercase(), b'f' | b'd' | b'm'))
}

/// `1.5`, `.5`, `1e3`, `2.5m`.
pub(crate) fn real(text: &str) -> Literal {
    let suffix = match text.as_bytes().last().map(u8::to_ascii_lowercase) {
        Some(b'f') => Some(RealSuffix::F),
        Some(b'd') => Some(RealSuffix::D),
        Some(b'm') => Some(RealSuffix::M),
        _ => None,
    };
    let number = if suffix.is_some() { &text[..text.len() - 1] } else { text };
    Literal::Real { text: number.chars().filter(|&c| c != '_').collect(), suffix }
}

/// `[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+`: a deploy-time placeholder such as `group-id`.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let mut parts = text.split('-');
    let first_ok = parts.next().is_some_and(|first| {
        first.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && first.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    let mut rest = 0;
    let rest_ok = parts.all(|part| {
        rest += 1;
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    first_ok && rest_ok && rest > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes() {
        assert_eq!(decode(r#"a\"b\\c\n\u0041\x42\x4a"#, REGULAR).0, "a\"b\\c\nAB\u{4a}");
        assert_eq!(decode(r"\uD83D\uDE00", REGULAR).0, "\u{1F600}");
        assert_eq!(decode(r"\U0001F600", REGULAR).0, "\u{1F600}");
        assert!(decode(r"\UFFFFFFFF", REGULAR).1.is_some());
        assert_eq!(decode(r#"say ""hi"""#, VERBATIM).0, "say \"hi\"");
        assert_eq!(decode("{{x}} \\n", INTERPOLATED).0, "{x} \n");
        assert_eq!(decode(r#"{{x}} \n """#, VERBATIM_INTERPOLATED).0, "{x} \\n \"");
    }

    #[test]
    fn numbers() {
        assert_eq!(int("0xFF_FF"), Ok(Literal::Int { value: 0xFFFF, suffix: IntSuffix::None }));
        assert_eq!(int("10UL"), Ok(Literal::Int { value: 10, suffix: IntSuffix::UL }));
        assert_eq!(int("10lu"), Ok(Literal::Int { value: 10, suffix: IntSuffix::UL }));
        assert_eq!(int("7u"), Ok(Literal::Int { value: 7, suffix: IntSuffix::U }));
        assert_eq!(int("0b1010L"), Ok(Literal::Int { value: 10, suffix: IntSuffix::L }));
        assert!(int("99999999999999999999").is_err());
        assert_eq!(real("1_000.5m"), Literal::Real { text: "1000.5".into(), suffix: Some(RealSuffix::M) });
        assert_eq!(real("1e3"), Literal::Real { text: "1e3".into(), suffix: None });
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("group-id"));
        assert!(is_placeholder("a1-b2-c3"));
        assert!(!is_placeholder("groupid"));
        assert!(!is_placeholder("a-"));
        assert!(!is_placeholder("1a-b"));
        assert!(!is_placeholder("a - b"));
    }
}
