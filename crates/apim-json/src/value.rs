//! The payload of a `JValue` and `JTokenType`.

use std::fmt;

use crate::big_integer::BigInteger;
use crate::datetime::{DateTime, TimeSpan};

/// `Newtonsoft.Json.Linq.JTokenType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JTokenType {
    /// No token.
    None,
    /// `JObject`.
    Object,
    /// `JArray`.
    Array,
    /// `JConstructor` (`new Date(1)`).
    Constructor,
    /// `JProperty`.
    Property,
    /// A comment value.
    Comment,
    /// An integer (`long`, or `BigInteger` beyond).
    Integer,
    /// A `double`.
    Float,
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// A `DateTime`.
    Date,
    /// Raw JSON.
    Raw,
    /// A `byte[]`.
    Bytes,
    /// A `Guid`.
    Guid,
    /// A `Uri`.
    Uri,
    /// A `TimeSpan`.
    TimeSpan,
}

impl JTokenType {
    /// The enum member name (`JTokenType.ToString()`), as used in Newtonsoft's messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Object => "Object",
            Self::Array => "Array",
            Self::Constructor => "Constructor",
            Self::Property => "Property",
            Self::Comment => "Comment",
            Self::Integer => "Integer",
            Self::Float => "Float",
            Self::String => "String",
            Self::Boolean => "Boolean",
            Self::Null => "Null",
            Self::Undefined => "Undefined",
            Self::Date => "Date",
            Self::Raw => "Raw",
            Self::Bytes => "Bytes",
            Self::Guid => "Guid",
            Self::Uri => "Uri",
            Self::TimeSpan => "TimeSpan",
        }
    }
}

impl fmt::Display for JTokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `System.Guid`, its 16 bytes in the order its `"D"` text shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Guid(pub [u8; 16]);

impl Guid {
    /// Parses the `"D"` form (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), optionally in braces
    /// or parentheses, or the `"N"` form (32 hex digits).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let inner = s
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .or_else(|| s.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
            .unwrap_or(s);
        let hex: String = if inner.len() == 36 {
            let b = inner.as_bytes();
            if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            inner.chars().filter(|&c| c != '-').collect()
        } else if inner.len() == 32 {
            inner.to_owned()
        } else {
            return None;
        };
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(Self(out))
    }
}

impl fmt::Display for Guid {
    /// The `"D"` format, lower case.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// What a `JValue` holds. The variant decides the token type ([`Value::token_type`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// JavaScript `undefined`.
    Undefined,
    /// An integer that fits in `long`.
    Integer(i64),
    /// A larger integer (`BigInteger`; also `ulong` values above `long.MaxValue`).
    BigInteger(BigInteger),
    /// A `double`.
    Float(f64),
    /// A `decimal` (scale kept: `1.10m` stays `1.10`).
    Decimal(rust_decimal::Decimal),
    /// A string.
    String(String),
    /// A boolean.
    Boolean(bool),
    /// A `DateTime`.
    Date(DateTime),
    /// A `Guid`.
    Guid(Guid),
    /// A `Uri` (its `OriginalString`).
    Uri(String),
    /// A `TimeSpan`.
    TimeSpan(TimeSpan),
    /// A `byte[]`.
    Bytes(Vec<u8>),
    /// A comment (`/*text*/`).
    Comment(String),
}

impl Value {
    /// The `JTokenType` of a `JValue` holding this.
    #[must_use]
    pub fn token_type(&self) -> JTokenType {
        match self {
            Self::Null => JTokenType::Null,
            Self::Undefined => JTokenType::Undefined,
            Self::Integer(_) | Self::BigInteger(_) => JTokenType::Integer,
            Self::Float(_) | Self::Decimal(_) => JTokenType::Float,
            Self::String(_) => JTokenType::String,
            Self::Boolean(_) => JTokenType::Boolean,
            Self::Date(_) => JTokenType::Date,
            Self::Guid(_) => JTokenType::Guid,
            Self::Uri(_) => JTokenType::Uri,
            Self::TimeSpan(_) => JTokenType::TimeSpan,
            Self::Bytes(_) => JTokenType::Bytes,
            Self::Comment(_) => JTokenType::Comment,
        }
    }

    /// The .NET type name of the boxed value (`Int64`, `String` ...), as used in
    /// `Convert` messages (`Invalid cast from 'Int64' to 'DateTime'.`).
    #[must_use]
    pub fn clr_type_name(&self) -> &'static str {
        match self {
            Self::Null | Self::Undefined => "Object",
            Self::Integer(_) => "Int64",
            Self::BigInteger(_) => "BigInteger",
            Self::Float(_) => "Double",
            Self::Decimal(_) => "Decimal",
            Self::String(_) | Self::Comment(_) => "String",
            Self::Boolean(_) => "Boolean",
            Self::Date(_) => "DateTime",
            Self::Guid(_) => "Guid",
            Self::Uri(_) => "Uri",
            Self::TimeSpan(_) => "TimeSpan",
            Self::Bytes(_) => "Byte[]",
        }
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `Convert.ToBase64String`.
#[must_use]
pub fn to_base64(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_round_trip() {
        let g = Guid::parse("{0F8FAD5B-D9CB-469F-A165-70867728950E}").unwrap();
        assert_eq!(g.to_string(), "0f8fad5b-d9cb-469f-a165-70867728950e");
        assert!(Guid::parse("0f8fad5b-d9cb-469f-a165-70867728950").is_none());
    }

    #[test]
    fn base64() {
        assert_eq!(to_base64(b""), "");
        assert_eq!(to_base64(b"f"), "Zg==");
        assert_eq!(to_base64(b"fo"), "Zm8=");
        assert_eq!(to_base64(b"foo"), "Zm9v");
    }
}
