//! `System.Text.Encoding` and Base64.

use crate::error::{Exception, Result};
use crate::eval::ops::as_i64;
use crate::types::Ty;
use crate::value::Value;

/// Which encoding an `Encoding` value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingKind {
    Utf8,
    Ascii,
    Unicode,
    Latin1,
}

impl EncodingKind {
    #[must_use]
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Utf8 => "System.Text.UTF8Encoding",
            Self::Ascii => "System.Text.ASCIIEncoding",
            Self::Unicode => "System.Text.UnicodeEncoding",
            Self::Latin1 => "System.Text.Latin1Encoding",
        }
    }
}

/// `Encoding.UTF8` and friends.
///
/// # Errors
/// An unknown encoding.
pub fn static_member(name: &str) -> Result<Value> {
    Ok(Value::Encoding(match name {
        "UTF8" | "Default" => EncodingKind::Utf8,
        "ASCII" => EncodingKind::Ascii,
        "Unicode" => EncodingKind::Unicode,
        "Latin1" => EncodingKind::Latin1,
        _ => return Err(Exception::unsupported(format!("Encoding.{name}"))),
    }))
}

/// `Encoding.GetEncoding(name)`.
///
/// # Errors
/// An unknown encoding name.
pub fn call_static(name: &str, args: &[Value]) -> Result<Option<Value>> {
    Ok(match (name, args) {
        ("GetEncoding", [Value::Str(n)]) => Some(Value::Encoding(match n.to_ascii_lowercase().as_str() {
            "utf-8" => EncodingKind::Utf8,
            "us-ascii" | "ascii" => EncodingKind::Ascii,
            "utf-16" => EncodingKind::Unicode,
            "iso-8859-1" | "latin1" => EncodingKind::Latin1,
            _ => return Err(Exception::argument(&format!("'{n}' is not a supported encoding name."), Some("name"))),
        })),
        _ => None,
    })
}

/// The bytes of a `byte[]`.
///
/// # Errors
/// `ArgumentNullException` for null, `InvalidCastException` for other values.
pub fn bytes_of(v: &Value) -> Result<Vec<u8>> {
    match v {
        Value::Array(s) | Value::List(s) => {
            Ok(s.items.borrow().iter().map(|b| u8::try_from(as_i64(b) & 0xff).unwrap_or(0)).collect())
        }
        Value::Null => Err(Exception::argument_null("inArray")),
        _ => Err(Exception::invalid_cast()),
    }
}

fn byte_array(bytes: Vec<u8>) -> Value {
    Value::array(Ty::U8, bytes.into_iter().map(Value::U8).collect())
}

/// `Convert.FromBase64String`.
///
/// # Errors
/// `FormatException` with .NET Framework's messages.
pub fn from_base64(s: &str) -> Result<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|b| !b" \t\r\n".contains(b)).collect();
    let bad = || {
        Exception::format(
            "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ",
        )
    };
    if clean.iter().any(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/' || *b == b'=')) {
        return Err(bad());
    }
    if !clean.len().is_multiple_of(4) {
        return Err(Exception::format("Invalid length for a Base-64 char array or string."));
    }
    let pad = clean.iter().rev().take_while(|b| **b == b'=').count();
    if pad > 2 || clean[..clean.len() - pad].contains(&b'=') {
        return Err(bad());
    }
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => 0,
        }
    };
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let n = chunk.iter().fold(0u32, |acc, c| (acc << 6) | val(*c));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let real = 3 - chunk.iter().filter(|c| **c == b'=').count();
        out.extend_from_slice(&bytes[..real]);
    }
    Ok(out)
}

fn encode(kind: EncodingKind, s: &str) -> Vec<u8> {
    match kind {
        EncodingKind::Utf8 => s.as_bytes().to_vec(),
        EncodingKind::Ascii => s.chars().map(|c| if c.is_ascii() { c as u8 } else { b'?' }).collect(),
        EncodingKind::Latin1 => s.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect(),
        EncodingKind::Unicode => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    }
}

fn decode(kind: EncodingKind, b: &[u8]) -> String {
    match kind {
        EncodingKind::Utf8 => String::from_utf8_lossy(b).into_owned(),
        EncodingKind::Ascii => b.iter().map(|c| if c.is_ascii() { char::from(*c) } else { '?' }).collect(),
        EncodingKind::Latin1 => b.iter().map(|c| char::from(*c)).collect(),
        EncodingKind::Unicode => {
            let units: Vec<u16> = b.chunks(2).map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            String::from_utf16_lossy(&units)
        }
    }
}

/// `encoding.GetBytes(s)`, `encoding.GetString(bytes)`.
///
/// # Errors
/// `ArgumentNullException` for null arguments.
pub fn call(kind: EncodingKind, name: &str, args: &[Value]) -> Result<Option<Value>> {
    Ok(Some(match (name, args) {
        ("GetBytes", [Value::Str(s)]) => byte_array(encode(kind, s)),
        ("GetBytes", [Value::Null]) => return Err(Exception::argument_null("s")),
        ("GetBytes", [Value::Array(a)]) => {
            let s: String =
                a.items.borrow().iter().filter_map(|c| if let Value::Char(c) = c { Some(*c) } else { None }).collect();
            byte_array(encode(kind, &s))
        }
        ("GetString", [Value::Null, ..]) => {
            return Err(Exception::new(
                "System.ArgumentNullException",
                "Array cannot be null.\r\nParameter name: bytes",
            ));
        }
        ("GetString", [b]) => Value::string(decode(kind, &bytes_of(b)?)),
        ("GetString", [b, i, n]) => {
            let bytes = bytes_of(b)?;
            let (i, n) = (usize::try_from(as_i64(i)).unwrap_or(0), usize::try_from(as_i64(n)).unwrap_or(0));
            let slice = bytes.get(i..i + n).ok_or_else(|| {
                Exception::out_of_range("Index and count must refer to a location within the buffer.", Some("bytes"))
            })?;
            Value::string(decode(kind, slice))
        }
        ("GetByteCount", [Value::Str(s)]) => Value::I32(i32::try_from(encode(kind, s).len()).unwrap_or(0)),
        ("GetPreamble", []) => byte_array(Vec::new()),
        ("ToString", []) => Value::str(kind.type_name()),
        _ => return Ok(None),
    }))
}
