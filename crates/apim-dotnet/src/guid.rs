//! `System.Guid`: parsing (`N`, `D`, `B`, `P`, `X` forms) and `ToString(format)`.
//!
//! A GUID is an `int`, two `short`s and eight bytes, printed in that order as lowercase
//! hex: `D` `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (the default), `N` without dashes, `B`
//! in braces, `P` in parentheses, `X` as `{0x...,0x...,0x...,{0x..,...}}`. `NewGuid` needs
//! randomness and is left to the caller ([`Guid::from_bytes`]).

use std::fmt;

use crate::error::{DotNetError, Result};

const UNRECOGNIZED: &str = "Unrecognized Guid format.";
const INVALID_LENGTH: &str = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).";
const INVALID_CHAR: &str = "Guid string should only contain hexadecimal characters.";
const DASHES: &str = "Dashes are in the wrong position for GUID parsing.";
const BRACE: &str =
    "Could not find a brace, or the length between the previous token and the brace was zero (i.e., '0x,'etc.).";
const COMMA: &str =
    "Could not find a comma, or the length between the previous token and the comma was zero (i.e., '0x,'etc.).";
const END_BRACE: &str = "Could not find the ending brace.";
const EXTRA_JUNK: &str = "Additional non-parsable characters are at the end of the string.";
const NO_DIGITS: &str = "Could not find any recognizable digits.";
const BAD_SPECIFIER: &str =
    "Format String can be only \"D\", \"d\", \"N\", \"n\", \"P\", \"p\", \"B\", \"b\", \"X\" or \"x\".";

/// A .NET `Guid`. Ordering is .NET's `CompareTo` (fields as unsigned, in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid {
    a: u32,
    b: u16,
    c: u16,
    d: [u8; 8],
}

/// Which decorations a parse accepts (the runtime's `GuidStyles`).
#[derive(Debug, Clone, Copy)]
enum Style {
    Any,
    N,
    D,
    B,
    P,
    X,
}

fn err(message: &str) -> DotNetError {
    DotNetError::format(message)
}

impl Guid {
    /// `Guid.Empty`.
    pub const EMPTY: Self = Self { a: 0, b: 0, c: 0, d: [0; 8] };

    /// `new Guid(a, b, c, d)`.
    #[must_use]
    pub const fn from_fields(a: u32, b: u16, c: u16, d: [u8; 8]) -> Self {
        Self { a, b, c, d }
    }

    /// `new Guid(byte[] b)`: the first three fields little-endian, as .NET lays them out.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        let mut d = [0u8; 8];
        d.copy_from_slice(&bytes[8..]);
        Self {
            a: u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            b: u16::from_le_bytes([bytes[4], bytes[5]]),
            c: u16::from_le_bytes([bytes[6], bytes[7]]),
            d,
        }
    }

    /// `ToByteArray()`.
    #[must_use]
    pub fn to_byte_array(self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..4].copy_from_slice(&self.a.to_le_bytes());
        out[4..6].copy_from_slice(&self.b.to_le_bytes());
        out[6..8].copy_from_slice(&self.c.to_le_bytes());
        out[8..].copy_from_slice(&self.d);
        out
    }

    /// `Guid.Parse(input)`: any of the five forms, surrounding whitespace ignored.
    ///
    /// # Errors
    ///
    /// `FormatException` with .NET Framework's message.
    pub fn parse(input: &str) -> Result<Self> {
        parse(input, Style::Any)
    }

    /// `Guid.TryParse(input, out g)`.
    #[must_use]
    pub fn try_parse(input: &str) -> Option<Self> {
        Self::parse(input).ok()
    }

    /// `Guid.ParseExact(input, format)` with `format` one of `N`, `D`, `B`, `P`, `X`.
    ///
    /// # Errors
    ///
    /// `FormatException` for another format or input not in that form.
    pub fn parse_exact(input: &str, format: &str) -> Result<Self> {
        let style = match format {
            "D" | "d" => Style::D,
            "N" | "n" => Style::N,
            "B" | "b" => Style::B,
            "P" | "p" => Style::P,
            "X" | "x" => Style::X,
            _ => return Err(err(BAD_SPECIFIER)),
        };
        parse(input, style)
    }

    /// `ToString(format)`; an empty format is `D`.
    ///
    /// # Errors
    ///
    /// `FormatException` for a format other than `N`, `D`, `B`, `P`, `X` (either case).
    pub fn format(self, format: &str) -> Result<String> {
        let d = &self.d;
        let body = self.dashed();
        Ok(match format {
            "" | "D" | "d" => body,
            "N" | "n" => body.replace('-', ""),
            "B" | "b" => format!("{{{body}}}"),
            "P" | "p" => format!("({body})"),
            "X" | "x" => {
                let bytes: Vec<String> = d.iter().map(|b| format!("0x{b:02x}")).collect();
                format!("{{0x{:08x},0x{:04x},0x{:04x},{{{}}}}}", self.a, self.b, self.c, bytes.join(","))
            }
            _ => return Err(err(BAD_SPECIFIER)),
        })
    }
}

impl Guid {
    /// The `D` form, hex digits written directly (it is every request id's `ToString()`).
    fn dashed(self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&self.a.to_be_bytes());
        bytes[4..6].copy_from_slice(&self.b.to_be_bytes());
        bytes[6..8].copy_from_slice(&self.c.to_be_bytes());
        bytes[8..].copy_from_slice(&self.d);
        let mut out = String::with_capacity(36);
        for (i, byte) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                out.push('-');
            }
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        out
    }
}

impl fmt::Display for Guid {
    /// `ToString()`: the `D` form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format("D").unwrap_or_default())
    }
}

fn parse(input: &str, style: Style) -> Result<Guid> {
    let s: Vec<char> = input.trim_matches(char::is_whitespace).chars().collect();
    if s.is_empty() {
        return Err(err(UNRECOGNIZED));
    }
    let dashes = s.contains(&'-');
    let braces = s.contains(&'{');
    let parens = s.contains(&'(');
    let allowed = match style {
        Style::Any => true,
        Style::N => !dashes && !braces && !parens,
        Style::D => dashes && !braces && !parens,
        Style::B => dashes && braces && !parens,
        Style::P => dashes && parens && !braces,
        Style::X => braces && !dashes && !parens,
    };
    if !allowed {
        return Err(err(UNRECOGNIZED));
    }
    if dashes {
        parse_dashes(&s)
    } else if braces {
        parse_hex_prefix(&s)
    } else {
        parse_digits_only(&s)
    }
}

fn hex_value(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// One dash-separated group as the runtime's `ParseNumbers.StringToInt` reads it (a `+`
/// and a `0x` prefix are tolerated); it must use exactly `len` characters.
fn group(s: &[char], pos: usize, len: usize) -> Result<u64> {
    let end = pos + len;
    let mut i = pos;
    if s.get(i) == Some(&'-') {
        return Err(err(UNRECOGNIZED));
    }
    if s.get(i) == Some(&'+') {
        i += 1;
    }
    if s.get(i) == Some(&'0') && matches!(s.get(i + 1), Some('x' | 'X')) {
        i += 2;
    }
    let digits_start = i;
    let mut value = 0u64;
    while i < s.len()
        && let Some(d) = hex_value(s[i])
    {
        value = value.checked_mul(16).and_then(|v| v.checked_add(u64::from(d))).ok_or_else(|| err(UNRECOGNIZED))?;
        i += 1;
    }
    if i == digits_start {
        return Err(err(NO_DIGITS));
    }
    if i != end {
        return Err(err(if len == 12 { INVALID_LENGTH } else { INVALID_CHAR }));
    }
    Ok(value)
}

fn from_groups(a: u64, b: u64, c: u64, d: u64, e: u64) -> Result<Guid> {
    let a = u32::try_from(a).map_err(|_| err(UNRECOGNIZED))?;
    let b = u16::try_from(b & 0xFFFF).unwrap_or(0);
    let c = u16::try_from(c & 0xFFFF).unwrap_or(0);
    let de = (d & 0xFFFF).to_be_bytes();
    let rest = (e & 0xFFFF_FFFF_FFFF).to_be_bytes();
    Ok(Guid { a, b, c, d: [de[6], de[7], rest[2], rest[3], rest[4], rest[5], rest[6], rest[7]] })
}

fn parse_dashes(s: &[char]) -> Result<Guid> {
    let start = match s[0] {
        '{' => {
            if s.len() != 38 || s[37] != '}' {
                return Err(err(INVALID_LENGTH));
            }
            1
        }
        '(' => {
            if s.len() != 38 || s[37] != ')' {
                return Err(err(INVALID_LENGTH));
            }
            1
        }
        _ => {
            if s.len() != 36 {
                return Err(err(INVALID_LENGTH));
            }
            0
        }
    };
    if [8, 13, 18, 23].iter().any(|&p| s[start + p] != '-') {
        return Err(err(DASHES));
    }
    let a = group(s, start, 8)?;
    let b = group(s, start + 9, 4)?;
    let c = group(s, start + 14, 4)?;
    let d = group(s, start + 19, 4)?;
    let e = group(s, start + 24, 12)?;
    from_groups(a, b, c, d, e)
}

fn parse_digits_only(s: &[char]) -> Result<Guid> {
    if s.len() != 32 {
        return Err(err(INVALID_LENGTH));
    }
    if !s.iter().all(char::is_ascii_hexdigit) {
        return Err(err(INVALID_CHAR));
    }
    let text: String = s.iter().collect();
    let value = u128::from_str_radix(&text, 16).map_err(|_| err(INVALID_CHAR))?;
    let bytes = value.to_be_bytes();
    let mut d = [0u8; 8];
    d.copy_from_slice(&bytes[8..]);
    Ok(Guid {
        a: u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
        b: u16::from_be_bytes([bytes[4], bytes[5]]),
        c: u16::from_be_bytes([bytes[6], bytes[7]]),
        d,
    })
}

/// `{0xdddddddd,0xdddd,0xdddd,{0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd}}`, whitespace
/// anywhere ignored.
fn parse_hex_prefix(s: &[char]) -> Result<Guid> {
    let s: Vec<char> = s.iter().copied().filter(|c| !c.is_whitespace()).collect();
    let is_prefix = |i: usize| s.get(i) == Some(&'0') && matches!(s.get(i + 1), Some('x' | 'X'));
    let prefix_error = |what: &str| err(&format!("Expected hex 0x in '{what}'."));
    let number = |from: usize, to: usize, max_digits: usize| -> Result<u64> {
        let digits = &s[from..to];
        if digits.len() > max_digits {
            return Err(err(UNRECOGNIZED));
        }
        if digits.is_empty() || !digits.iter().all(char::is_ascii_hexdigit) {
            return Err(err(NO_DIGITS));
        }
        let text: String = digits.iter().collect();
        u64::from_str_radix(&text, 16).map_err(|_| err(UNRECOGNIZED))
    };
    let find = |c: char, from: usize| s.iter().skip(from).position(|&x| x == c).map(|p| p + from);
    if s.first() != Some(&'{') {
        return Err(err(BRACE));
    }
    if !is_prefix(1) {
        return Err(prefix_error("{0xdddddddd, etc}"));
    }
    let mut start = 3;
    let mut end = find(',', start).filter(|&e| e > start).ok_or_else(|| err(COMMA))?;
    let a = number(start, end, 8)?;
    if !is_prefix(end + 1) {
        return Err(prefix_error("{0xdddddddd, 0xdddd, etc}"));
    }
    start = end + 3;
    end = find(',', start).filter(|&e| e > start).ok_or_else(|| err(COMMA))?;
    let b = number(start, end, 4)?;
    if !is_prefix(end + 1) {
        return Err(prefix_error("{0xdddddddd, 0xdddd, 0xdddd, etc}"));
    }
    start = end + 3;
    end = find(',', start).filter(|&e| e > start).ok_or_else(|| err(COMMA))?;
    let c = number(start, end, 4)?;
    if s.get(end + 1) != Some(&'{') {
        return Err(err(BRACE));
    }
    let mut d = [0u8; 8];
    let mut last = end + 1;
    for (i, byte) in d.iter_mut().enumerate() {
        if !is_prefix(last + 1) {
            return Err(prefix_error("{... { ... 0xdd, ...}}"));
        }
        start = last + 3;
        let terminator = if i < 7 { ',' } else { '}' };
        last = find(terminator, start).filter(|&e| e > start).ok_or_else(|| err(if i < 7 { COMMA } else { BRACE }))?;
        let value = number(start, last, 8)?;
        *byte =
            u8::try_from(value).map_err(|_| err("Value was either too large or too small for an unsigned byte."))?;
    }
    if s.get(last + 1) != Some(&'}') {
        return Err(err(END_BRACE));
    }
    if last + 1 != s.len() - 1 {
        return Err(err(EXTRA_JUNK));
    }
    let a = u32::try_from(a).map_err(|_| err(UNRECOGNIZED))?;
    let b = u16::try_from(b).map_err(|_| err(UNRECOGNIZED))?;
    let c = u16::try_from(c).map_err(|_| err(UNRECOGNIZED))?;
    Ok(Guid { a, b, c, d })
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "ca761232-ed42-11ce-bacd-00aa0057b223";

    #[test]
    fn parse_forms() {
        let want = Guid::parse(D).unwrap();
        let forms = [
            "CA761232-ED42-11CE-BACD-00AA0057B223",
            "ca761232ed4211cebacd00aa0057b223",
            "{ca761232-ed42-11ce-bacd-00aa0057b223}",
            "(ca761232-ed42-11ce-bacd-00aa0057b223)",
            "  ca761232-ed42-11ce-bacd-00aa0057b223\n",
            "{0xca761232,0xed42,0x11ce,{0xba,0xcd,0x00,0xaa,0x00,0x57,0xb2,0x23}}",
            "{0xca761232, 0xed42, 0x11ce, {0xba, 0xcd, 0x0, 0xaa, 0x0, 0x57, 0xb2, 0x23}}",
        ];
        for form in forms {
            assert_eq!(Guid::parse(form).unwrap(), want, "{form}");
        }
        assert_eq!(want.to_string(), D);
        assert_eq!(want.format("N").unwrap(), "ca761232ed4211cebacd00aa0057b223");
        assert_eq!(want.format("B").unwrap(), "{ca761232-ed42-11ce-bacd-00aa0057b223}");
        assert_eq!(want.format("P").unwrap(), "(ca761232-ed42-11ce-bacd-00aa0057b223)");
        assert_eq!(want.format("X").unwrap(), "{0xca761232,0xed42,0x11ce,{0xba,0xcd,0x00,0xaa,0x00,0x57,0xb2,0x23}}");
        assert_eq!(Guid::from_bytes(want.to_byte_array()), want);
        assert_eq!(want.to_byte_array()[0], 0x32);
        assert_eq!(Guid::EMPTY.to_string(), "00000000-0000-0000-0000-000000000000");
    }

    #[test]
    fn parse_errors() {
        let cases = [
            ("", UNRECOGNIZED),
            ("   ", UNRECOGNIZED),
            ("ca761232-ed42-11ce-bacd-00aa0057b22", INVALID_LENGTH),
            ("ca761232ed42-11ce-bacd-00aa0057b2233", DASHES),
            ("ca761232-ed42-11ce-bacd-00aa0057b22g", INVALID_LENGTH),
            ("ga761232-ed42-11ce-bacd-00aa0057b223", NO_DIGITS),
            ("cg761232-ed42-11ce-bacd-00aa0057b223", INVALID_CHAR),
            ("ca761232ed4211cebacd00aa0057b22", INVALID_LENGTH),
            ("ca761232ed4211cebacd00aa0057b22z", INVALID_CHAR),
            ("{ca761232-ed42-11ce-bacd-00aa0057b223)", INVALID_LENGTH),
            ("{0xca761232,0xed42,0x11ce,{0xba,0xcd,0x00,0xaa,0x00,0x57,0xb2,0x23}", END_BRACE),
        ];
        for (input, want) in cases {
            assert_eq!(Guid::parse(input).unwrap_err().message, want, "{input:?}");
        }
        assert!(Guid::parse_exact(D, "N").is_err());
        assert!(Guid::parse_exact(D, "D").is_ok());
        assert_eq!(Guid::parse_exact(D, "Z").unwrap_err().message, BAD_SPECIFIER);
        assert_eq!(Guid::EMPTY.format("Z").unwrap_err().message, BAD_SPECIFIER);
    }
}
