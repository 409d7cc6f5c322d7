//! `System.Uri` (absolute http/https URIs) and `WebUtility`/`Uri` escaping.

use crate::error::{Exception, Result};
use crate::value::Value;

/// A parsed absolute URI.
#[derive(Debug)]
pub struct UriObj {
    pub original: String,
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
    pub query: String,
    pub fragment: String,
}

impl UriObj {
    fn default_port(&self) -> u16 {
        match self.scheme.as_str() {
            "http" => 80,
            "https" => 443,
            "ftp" => 21,
            _ => 0,
        }
    }

    /// `Uri.ToString()`.
    #[must_use]
    pub fn to_display(&self) -> String {
        let port = match self.port {
            Some(p) if p != self.default_port() => format!(":{p}"),
            _ => String::new(),
        };
        format!("{}://{}{port}{}{}{}", self.scheme, self.host, self.path, self.query, self.fragment)
    }

    fn parse(s: &str) -> Result<Self> {
        let bad = || {
            Exception::new("System.UriFormatException", "Invalid URI: The format of the URI could not be determined.")
        };
        let (scheme, rest) = s.split_once("://").ok_or_else(bad)?;
        if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return Err(bad());
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (auth, tail) = rest.split_at(end);
        let auth = auth.rsplit('@').next().unwrap_or(auth);
        let (host, port) = match auth.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (
                h,
                Some(p.parse::<u16>().map_err(|_| {
                    Exception::new("System.UriFormatException", "Invalid URI: Invalid port specified.")
                })?),
            ),
            _ => (auth, None),
        };
        if host.is_empty() {
            return Err(Exception::new("System.UriFormatException", "Invalid URI: The hostname could not be parsed."));
        }
        let (before_frag, fragment) = match tail.find('#') {
            Some(i) => (&tail[..i], &tail[i..]),
            None => (tail, ""),
        };
        let (path, query) = match before_frag.find('?') {
            Some(i) => (&before_frag[..i], &before_frag[i..]),
            None => (before_frag, ""),
        };
        Ok(Self {
            original: s.to_owned(),
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
            path: if path.is_empty() { "/".to_owned() } else { path.to_owned() },
            query: query.to_owned(),
            fragment: fragment.to_owned(),
        })
    }
}

/// `new Uri(s)`.
///
/// # Errors
/// `UriFormatException`.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    Ok(match args {
        [Value::Str(s), ..] => Some(Value::Uri(std::rc::Rc::new(UriObj::parse(s)?))),
        [Value::Null, ..] => return Err(Exception::argument_null("uriString")),
        _ => None,
    })
}

/// Properties of a `Uri`.
///
/// # Errors
/// None today.
pub fn member(u: &UriObj, name: &str) -> Result<Option<Value>> {
    let port = u.port.unwrap_or_else(|| u.default_port());
    Ok(Some(match name {
        "Scheme" => Value::string(u.scheme.clone()),
        "Host" | "DnsSafeHost" => Value::string(u.host.clone()),
        "Port" => Value::I32(i32::from(port)),
        "AbsolutePath" => Value::string(u.path.clone()),
        "Query" => Value::string(u.query.clone()),
        "Fragment" => Value::string(u.fragment.clone()),
        "PathAndQuery" => Value::string(format!("{}{}", u.path, u.query)),
        "AbsoluteUri" => Value::string(u.to_display()),
        "OriginalString" => Value::string(u.original.clone()),
        "IsDefaultPort" => Value::Bool(port == u.default_port()),
        "Authority" => {
            Value::string(if port == u.default_port() { u.host.clone() } else { format!("{}:{port}", u.host) })
        }
        "IsAbsoluteUri" => Value::Bool(true),
        "Segments" => {
            let mut segs = Vec::new();
            let mut cur = String::new();
            for c in u.path.chars() {
                cur.push(c);
                if c == '/' {
                    segs.push(Value::string(std::mem::take(&mut cur)));
                }
            }
            if !cur.is_empty() {
                segs.push(Value::string(cur));
            }
            Value::array(crate::types::Ty::String, segs)
        }
        _ => return Ok(None),
    }))
}

/// Methods of a `Uri`.
///
/// # Errors
/// None today.
pub fn call(u: &UriObj, name: &str, args: &[Value]) -> Result<Option<Value>> {
    let _ = args;
    Ok(match name {
        "ToString" => Some(Value::string(u.to_display())),
        "GetLeftPart" => Some(Value::string(format!("{}://{}", u.scheme, u.host))),
        _ => None,
    })
}

const UNRESERVED: &str = "-_.~";

fn escape(s: &str, keep: &str, space_plus: bool, upper: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        let c = char::from(b);
        if b.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else if b == b' ' && space_plus {
            out.push('+');
        } else if upper {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

fn unescape(s: &str, plus_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `Uri.EscapeDataString`, `WebUtility.UrlEncode`, ...
///
/// # Errors
/// `ArgumentNullException` where .NET throws it.
pub fn call_static(ty: &str, name: &str, args: &[Value]) -> Result<Option<Value>> {
    let s = match args.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Null) if ty == "Uri" => return Err(Exception::argument_null("stringToEscape")),
        Some(Value::Null) => return Ok(Some(Value::Null)),
        _ => return Ok(None),
    };
    Ok(Some(match (ty, name) {
        ("Uri", "EscapeDataString") => Value::string(escape(&s, UNRESERVED, false, true)),
        ("Uri", "UnescapeDataString") => Value::string(unescape(&s, false)),
        ("Uri", "EscapeUriString") => Value::string(escape(&s, "-_.~:/?#[]@!$&'()*+,;=%", false, true)),
        ("Uri", "IsWellFormedUriString") => Value::Bool(UriObj::parse(&s).is_ok()),
        ("Uri", "TryCreate") => return Ok(None),
        ("WebUtility", "UrlEncode") => Value::string(escape(&s, "-_.!*()", true, true)),
        ("WebUtility", "UrlDecode") => Value::string(unescape(&s, true)),
        ("WebUtility", "HtmlEncode") => Value::string(
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;"),
        ),
        ("WebUtility", "HtmlDecode") => Value::string(
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
        ),
        _ => return Ok(None),
    }))
}
