//! `System.Uri` (absolute http/https URIs) and `WebUtility`/`Uri` escaping.

use crate::error::{Exception, Result};
use crate::value::Value;

/// A parsed absolute URI.
#[derive(Debug)]
pub struct UriObj {
    pub original: String,
    pub scheme: String,
    /// `user:password` before `@` (empty when absent).
    pub user_info: String,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
    pub query: String,
    pub fragment: String,
    /// `new Uri("/a/b", UriKind.Relative)`: only `original` is meaningful.
    pub relative: bool,
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

    /// `Uri.AbsoluteUri`: the canonical form, with characters a URI cannot hold escaped.
    #[must_use]
    pub fn absolute_uri(&self) -> String {
        let port = match self.port {
            Some(p) if p != self.default_port() => format!(":{p}"),
            _ => String::new(),
        };
        let user = if self.user_info.is_empty() { String::new() } else { format!("{}@", self.user_info) };
        format!("{}://{user}{}{port}{}{}{}", self.scheme, self.host, self.path, self.query, self.fragment)
    }

    /// `Uri.ToString()`: [`Self::absolute_uri`] with escapes of characters that have no
    /// reserved meaning undone (`UriFormat.SafeUnescaped`), so `%20` shows as a space.
    #[must_use]
    pub fn to_display(&self) -> String {
        if self.relative {
            return safe_unescape(&self.original);
        }
        safe_unescape(&self.absolute_uri())
    }

    pub(crate) fn parse(s: &str) -> Result<Self> {
        let bad = || {
            Exception::new("System.UriFormatException", "Invalid URI: The format of the URI could not be determined.")
        };
        let (scheme, rest) = s.split_once("://").ok_or_else(bad)?;
        if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return Err(bad());
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (auth, tail) = rest.split_at(end);
        let (user_info, auth) = match auth.rsplit_once('@') {
            Some((u, a)) => (u, a),
            None => ("", auth),
        };
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
            user_info: escape_uri_chars(user_info),
            host: host.to_ascii_lowercase(),
            port,
            path: if path.is_empty() { "/".to_owned() } else { remove_dot_segments(&escape_uri_chars(path)) },
            query: escape_uri_chars(query),
            fragment: escape_uri_chars(fragment),
            relative: false,
        })
    }

    /// A relative reference (`UriKind.Relative`, or `RelativeOrAbsolute` without a scheme).
    fn relative(s: &str) -> Self {
        Self {
            original: s.to_owned(),
            scheme: String::new(),
            user_info: String::new(),
            host: String::new(),
            port: None,
            path: String::new(),
            query: String::new(),
            fragment: String::new(),
            relative: true,
        }
    }

    /// `new Uri(base, relative)`: RFC 3986 reference resolution against an absolute base.
    fn resolve(&self, rel: &str) -> Result<Self> {
        if let Ok(abs) = Self::parse(rel) {
            return Ok(abs);
        }
        let authority = {
            let port = match self.port {
                Some(p) => format!(":{p}"),
                None => String::new(),
            };
            let user = if self.user_info.is_empty() { String::new() } else { format!("{}@", self.user_info) };
            format!("{}://{user}{}{port}", self.scheme, self.host)
        };
        let target = if rel.starts_with("//") {
            format!("{}:{rel}", self.scheme)
        } else if rel.starts_with('/') {
            format!("{authority}{rel}")
        } else if rel.is_empty() {
            format!("{authority}{}{}", self.path, self.query)
        } else if rel.starts_with('?') {
            format!("{authority}{}{rel}", self.path)
        } else if rel.starts_with('#') {
            format!("{authority}{}{}{rel}", self.path, self.query)
        } else {
            let dir = &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)];
            format!("{authority}{dir}{rel}")
        };
        let mut u = Self::parse(&target)?;
        u.original = u.absolute_uri();
        Ok(u)
    }
}

/// Characters a URI cannot hold unescaped: the RFC 3986 unreserved and reserved sets and
/// `%` stay, anything else (space, `"`, `<`, non-ASCII as UTF-8, ...) becomes `%XX`.
pub(crate) fn escape_uri_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `s` has a character [`escape_uri_chars`] would escape.
fn needs_escaping(s: &str) -> bool {
    escape_uri_chars(s).len() != s.len()
}

/// Undoes `%XX` escapes of printable ASCII characters without a reserved meaning.
fn safe_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let hex = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) if (0x20..0x7f).contains(&b) && !":/?#[]@!$&'()*+,;=%\\".contains(char::from(b)) => {
                out.push(char::from(b));
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// RFC 3986 `remove_dot_segments` on an absolute path.
fn remove_dot_segments(path: &str) -> String {
    if !path.split('/').any(|seg| seg == "." || seg == "..") {
        return path.to_owned();
    }
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// `new Uri(s)`.
///
/// # Errors
/// `UriFormatException`.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    Ok(match args {
        [Value::Uri(base), Value::Str(rel)] => Some(Value::Uri(std::rc::Rc::new(base.resolve(rel)?))),
        [Value::Uri(_), Value::Null] => return Err(Exception::argument_null("relativeUri")),
        // UriKind: RelativeOrAbsolute = 0, Absolute = 1, Relative = 2.
        [Value::Str(s), Value::Enum(crate::value::EnumTy::UriKind, kind)] => {
            let absolute = UriObj::parse(s);
            Some(Value::Uri(std::rc::Rc::new(match (kind, absolute) {
                (1, r) => r?,
                (2, Ok(_)) => {
                    return Err(Exception::new(
                        "System.UriFormatException",
                        "A relative URI cannot be created because the 'uriString' parameter represents an absolute URI.",
                    ));
                }
                (0, Ok(u)) => u,
                _ => UriObj::relative(s),
            })))
        }
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
    if u.relative {
        return match name {
            "OriginalString" => Ok(Some(Value::string(u.original.clone()))),
            "IsAbsoluteUri" => Ok(Some(Value::Bool(false))),
            "UserEscaped" => Ok(Some(Value::Bool(false))),
            _ => Err(Exception::invalid_operation("This operation is not supported for a relative URI.")),
        };
    }
    let port = u.port.unwrap_or_else(|| u.default_port());
    Ok(Some(match name {
        "Scheme" => Value::string(u.scheme.clone()),
        "Host" | "DnsSafeHost" => Value::string(u.host.clone()),
        "Port" => Value::I32(i32::from(port)),
        "AbsolutePath" => Value::string(u.path.clone()),
        "Query" => Value::string(u.query.clone()),
        "Fragment" => Value::string(u.fragment.clone()),
        "PathAndQuery" => Value::string(format!("{}{}", u.path, u.query)),
        "AbsoluteUri" => Value::string(u.absolute_uri()),
        "UserInfo" => Value::string(u.user_info.clone()),
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
    if u.relative {
        return match (name, args) {
            ("ToString", []) => Ok(Some(Value::string(safe_unescape(&u.original)))),
            ("GetHashCode" | "Equals", _) => Ok(None),
            _ => Err(Exception::invalid_operation("This operation is not supported for a relative URI.")),
        };
    }
    Ok(match (name, args) {
        ("ToString", []) => Some(Value::string(u.to_display())),
        // UriPartial: Scheme = 0, Authority = 1, Path = 2, Query = 3.
        ("GetLeftPart", [Value::Enum(_, part)]) => {
            let port = match u.port {
                Some(p) if p != u.default_port() => format!(":{p}"),
                _ => String::new(),
            };
            let user = if u.user_info.is_empty() { String::new() } else { format!("{}@", u.user_info) };
            let authority = format!("{}://{user}{}{port}", u.scheme, u.host);
            Some(Value::string(match part {
                0 => format!("{}://", u.scheme),
                1 => authority,
                2 => format!("{authority}{}", u.path),
                _ => format!("{authority}{}{}", u.path, u.query),
            }))
        }
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
        ("Uri", "IsWellFormedUriString") => {
            // UriKind: RelativeOrAbsolute = 0, Absolute = 1, Relative = 2.
            let kind = match args.get(1) {
                Some(Value::Enum(_, k)) => *k,
                _ => 0,
            };
            let absolute = UriObj::parse(&s).is_ok();
            let kind_ok = match kind {
                1 => absolute,
                2 => !absolute,
                _ => true,
            };
            Value::Bool(kind_ok && !needs_escaping(&s))
        }
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
        ("WebUtility", "HtmlDecode") => Value::string(super::html::html_decode(&s)),
        _ => return Ok(None),
    }))
}
