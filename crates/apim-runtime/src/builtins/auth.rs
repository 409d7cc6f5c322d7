//! APIM's authorization helpers on strings: `AsJwt()` / `TryParseJwt(out Jwt)` and
//! `AsBasic()` / `TryParseBasic(out BasicAuthCredentials)`, and the two result objects.
//!
//! Parsing only, as documented: a JWT is three dot-separated base64url parts (the third,
//! the signature, may be empty) whose first two are JSON objects; nothing is validated.
//! Undocumented choices (the same in the C# stub, `tests/differential/Context.cs`): a
//! leading `Bearer ` scheme is skipped; a claim's values are its string, or each element
//! of an array, with other JSON written compactly (`true`, `1700000000`).

use std::cell::RefCell;
use std::rc::Rc;

use apim_dotnet::{DateTime, DateTimeKind};
use apim_json::{DateParseHandling, Formatting, JToken, JTokenType, ParseOptions, StdPlatform};

use crate::error::Result;
use crate::types::Ty;
use crate::value::{Dict, DictSlots, Seq, Value};

/// The full names of the two record types.
pub const JWT: &str = "Apim.Jwt";
pub const BASIC: &str = "Apim.BasicAuthCredentials";

/// An object with named read-only properties (`Jwt`, `BasicAuthCredentials`).
#[derive(Debug)]
pub struct Record {
    /// The type's full name (the C# stub's: `Apim.Jwt`, `Apim.BasicAuthCredentials`).
    pub type_name: &'static str,
    pub fields: Vec<(&'static str, Value)>,
}

impl Record {
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Value> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    }
}

/// The static type of a record member, for the compiler.
#[must_use]
pub fn member_type(type_name: &str, name: &str) -> Option<Ty> {
    let string_array = || Ty::Array(Box::new(Ty::String));
    Some(match (type_name, name) {
        (JWT, "Id" | "Issuer" | "Subject" | "Algorithm" | "Type") => Ty::String,
        (JWT, "Audiences") => Ty::Enumerable(Box::new(Ty::String)),
        (JWT, "ExpirationTime" | "NotBefore" | "IssuedAt") => Ty::Nullable(Box::new(Ty::DateTime)),
        (JWT, "Claims") => Ty::Dict(Box::new(Ty::String), Box::new(string_array())),
        (BASIC, "UserId" | "Password") => Ty::String,
        _ => return None,
    })
}

/// `s.AsJwt()`, `s.TryParseJwt(out jwt)`, `s.AsBasic()`, `s.TryParseBasic(out creds)`;
/// `None` for any other name. `s` is `None` for a null receiver.
///
/// # Errors
/// None: malformed input gives null or `false`.
pub fn call(s: Option<&str>, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    let parse: fn(&str) -> Option<Value> = match name {
        "AsJwt" | "TryParseJwt" => jwt,
        "AsBasic" | "TryParseBasic" => basic,
        _ => return Ok(None),
    };
    let parsed = s.and_then(parse);
    Ok(Some(match (name, args) {
        ("AsJwt" | "AsBasic", []) => parsed.unwrap_or(Value::Null),
        ("TryParseJwt" | "TryParseBasic", [out]) => {
            let ok = parsed.is_some();
            *out = parsed.unwrap_or(Value::Null);
            Value::Bool(ok)
        }
        _ => return Ok(None),
    }))
}

fn record(type_name: &'static str, fields: Vec<(&'static str, Value)>) -> Value {
    Value::Record(Rc::new(Record { type_name, fields }))
}

/// The token after an optional `Bearer ` scheme.
fn credentials<'a>(s: &'a str, scheme: &str) -> &'a str {
    let s = s.trim();
    match s.split_once(' ') {
        Some((first, rest)) if first.eq_ignore_ascii_case(scheme) => rest.trim_start(),
        _ => s,
    }
}

fn base64url(part: &str) -> Option<Vec<u8>> {
    let s = part.trim_end_matches('=');
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') || s.len() % 4 == 1 {
        return None;
    }
    let mut b64 = s.replace('-', "+").replace('_', "/");
    b64.push_str(&"=="[..(4 - s.len() % 4) % 4]);
    super::encoding::from_base64(&b64).ok()
}

fn json_object(part: &str) -> Option<JToken> {
    let text = String::from_utf8(base64url(part)?).ok()?;
    let options = ParseOptions { date_parse_handling: DateParseHandling::None, max_depth: Some(64) };
    let token = JToken::parse_with(&text, options, &StdPlatform::APIM).ok()?;
    (token.token_type() == JTokenType::Object).then_some(token)
}

/// A claim's values: a string as is, each element of an array, other JSON compact.
fn claim_values(t: &JToken) -> Vec<String> {
    let one = |t: &JToken| match t.token_type() {
        JTokenType::String => t.to_string_net(&StdPlatform::APIM),
        _ => t.to_json(Formatting::None, &StdPlatform::APIM),
    };
    if t.token_type() == JTokenType::Array { t.children().iter().map(one).collect() } else { vec![one(t)] }
}

fn jwt(s: &str) -> Option<Value> {
    let token = credentials(s, "Bearer");
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts[..] else { return None };
    if header.is_empty() || payload.is_empty() || (!signature.is_empty() && base64url(signature).is_none()) {
        return None;
    }
    let header = json_object(header)?;
    let payload = json_object(payload)?;
    let claims: Vec<(String, Vec<String>)> = payload
        .properties()
        .iter()
        .map(|p| (p.name().unwrap_or_default(), p.property_value().map(|v| claim_values(&v)).unwrap_or_default()))
        .collect();
    let first = |name: &str| {
        claims
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, vs)| vs.first().cloned())
            .map_or(Value::Null, Value::string)
    };
    let header_text = |name: &str| match header.get_value(name) {
        Some(v) if v.token_type() == JTokenType::String => Value::string(v.to_string_net(&StdPlatform::APIM)),
        _ => Value::Null,
    };
    let time = |name: &str| -> Value {
        let seconds = payload.get_value(name).and_then(|v| match v.value()? {
            apim_json::Value::Integer(i) => Some(i as f64),
            apim_json::Value::Float(f) => Some(f),
            _ => None,
        });
        seconds
            .and_then(|s| DateTime::from_ticks(DateTime::UNIX_EPOCH_TICKS, DateTimeKind::Utc).ok()?.add_seconds(s).ok())
            .map_or(Value::Null, Value::DateTime)
    };
    let audiences = claims.iter().find(|(n, _)| n == "aud").map(|(_, vs)| vs.clone()).unwrap_or_default();
    let string_array = Ty::Array(Box::new(Ty::String));
    let entries: Vec<(Value, Value)> = claims
        .iter()
        .map(|(n, vs)| {
            let values = vs.iter().cloned().map(Value::string).collect();
            (Value::string(n.clone()), Value::Array(Seq::new(Ty::String, values)))
        })
        .collect();
    let dict = Dict {
        key: Ty::String,
        value: string_array,
        ignore_case: false,
        entries: RefCell::new(entries),
        slots: RefCell::new(DictSlots::default()),
    };
    Some(record(
        JWT,
        vec![
            ("Id", first("jti")),
            ("Issuer", first("iss")),
            ("Subject", first("sub")),
            ("Audiences", Value::Array(Seq::new(Ty::String, audiences.into_iter().map(Value::string).collect()))),
            ("ExpirationTime", time("exp")),
            ("NotBefore", time("nbf")),
            ("IssuedAt", time("iat")),
            ("Algorithm", header_text("alg")),
            ("Type", header_text("typ")),
            ("Claims", Value::Dict(Rc::new(dict))),
        ],
    ))
}

/// `Basic base64(user:password)`; the scheme is required, as in an `Authorization` header.
fn basic(s: &str) -> Option<Value> {
    let s = s.trim();
    let (scheme, rest) = s.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let bytes = super::encoding::from_base64(rest.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some(record(
        BASIC,
        vec![("UserId", Value::string(user.to_owned())), ("Password", Value::string(password.to_owned()))],
    ))
}
