//! `System.UriBuilder`: a mutable URI made of parts, with .NET Framework's quirks —
//! `ToString()` prints the port whenever one is set (a builder made from
//! `https://a.com/` prints `https://a.com:443/`), and the `Query` and `Fragment` setters
//! always prepend `?` and `#` (`Query = "?x"` gives `??x`, as the documentation warns).

use std::cell::RefCell;
use std::rc::Rc;

use super::uri::{UriObj, escape_uri_chars};
use crate::error::{Exception, Result};
use crate::value::Value;

/// The builder's parts, as its properties return them.
#[derive(Debug, Clone)]
pub struct UriBuilderObj {
    pub scheme: String,
    pub user_name: String,
    pub password: String,
    pub host: String,
    /// -1: no port.
    pub port: i32,
    pub path: String,
    pub query: String,
    pub fragment: String,
}

fn text(v: Option<&Value>, param: &str) -> Result<String> {
    match v {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(Value::Null) | None => Err(Exception::argument_null(param)),
        Some(other) => Ok(super::format::to_string_plain(other)),
    }
}

fn port_arg(v: &Value) -> Result<i32> {
    let port = i32::try_from(crate::eval::convert::to_i64(v)?).unwrap_or(i32::MIN);
    if !(-1..=65535).contains(&port) {
        return Err(Exception::out_of_range("Specified argument was out of the range of valid values.", Some("value")));
    }
    Ok(port)
}

fn from_uri(u: &UriObj) -> UriBuilderObj {
    let (user_name, password) = match u.user_info.split_once(':') {
        Some((n, p)) => (n.to_owned(), p.to_owned()),
        None => (u.user_info.clone(), String::new()),
    };
    let port = match (u.port, u.scheme.as_str()) {
        (Some(p), _) => i32::from(p),
        (None, "http") => 80,
        (None, "https") => 443,
        (None, "ftp") => 21,
        (None, _) => -1,
    };
    UriBuilderObj {
        scheme: u.scheme.clone(),
        user_name,
        password,
        host: u.host.clone(),
        port,
        path: u.path.clone(),
        query: u.query.clone(),
        fragment: u.fragment.clone(),
    }
}

fn parts(scheme: &str, host: &str, port: i32, path: &str) -> UriBuilderObj {
    UriBuilderObj {
        scheme: scheme.to_ascii_lowercase(),
        user_name: String::new(),
        password: String::new(),
        host: host.to_owned(),
        port,
        path: if path.is_empty() { "/".to_owned() } else { escape_uri_chars(&path.replace('\\', "/")) },
        query: String::new(),
        fragment: String::new(),
    }
}

/// `new UriBuilder(...)`.
///
/// # Errors
/// `UriFormatException` for a string that is no URI, `ArgumentNullException`,
/// `ArgumentOutOfRangeException` for a port outside -1..65535.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    let b = match args {
        [] => parts("http", "localhost", -1, "/"),
        [Value::Uri(u)] => from_uri(u),
        [Value::Str(s)] => {
            // A string without a scheme is taken as an http host and path.
            let s = if s.contains("://") { s.to_string() } else { format!("http://{s}") };
            from_uri(&UriObj::parse(&s)?)
        }
        [scheme, host] => parts(&text(Some(scheme), "scheme")?, &text(Some(host), "host")?, -1, "/"),
        [scheme, host, port] => parts(&text(Some(scheme), "scheme")?, &text(Some(host), "host")?, port_arg(port)?, "/"),
        [scheme, host, port, path] => parts(
            &text(Some(scheme), "scheme")?,
            &text(Some(host), "host")?,
            port_arg(port)?,
            &text(Some(path), "path")?,
        ),
        [Value::Null] => return Err(Exception::argument_null("uri")),
        _ => return Ok(None),
    };
    Ok(Some(Value::UriBuilder(Rc::new(RefCell::new(b)))))
}

impl UriBuilderObj {
    /// `ToString()`: `scheme://user:password@host:port/path?query#fragment`.
    #[must_use]
    pub fn display(&self) -> String {
        let mut s = String::new();
        if !self.scheme.is_empty() {
            s.push_str(&self.scheme);
            s.push_str("://");
        }
        if !self.user_name.is_empty() {
            s.push_str(&self.user_name);
            if !self.password.is_empty() {
                s.push(':');
                s.push_str(&self.password);
            }
            s.push('@');
        }
        s.push_str(&self.host);
        if self.port != -1 && !self.host.is_empty() {
            s.push(':');
            s.push_str(&self.port.to_string());
        }
        if !self.path.starts_with('/') && !self.host.is_empty() {
            s.push('/');
        }
        s.push_str(&self.path);
        s.push_str(&self.query);
        s.push_str(&self.fragment);
        s
    }
}

/// `builder.Name`.
///
/// # Errors
/// `UriFormatException` from `Uri` when the parts make no URI.
pub fn member(b: &RefCell<UriBuilderObj>, name: &str) -> Result<Option<Value>> {
    let b = b.borrow();
    Ok(Some(match name {
        "Scheme" => Value::string(b.scheme.clone()),
        "Host" => Value::string(b.host.clone()),
        "Port" => Value::I32(b.port),
        "Path" => Value::string(b.path.clone()),
        "Query" => Value::string(b.query.clone()),
        "Fragment" => Value::string(b.fragment.clone()),
        "UserName" => Value::string(b.user_name.clone()),
        "Password" => Value::string(b.password.clone()),
        "Uri" => Value::Uri(Rc::new(UriObj::parse(&b.display())?)),
        _ => return Ok(None),
    }))
}

/// `builder.Name = value`.
///
/// # Errors
/// `ArgumentOutOfRangeException` for a bad port; `None` for an unknown property.
pub fn set_member(b: &RefCell<UriBuilderObj>, name: &str, value: &Value) -> Result<Option<()>> {
    let text = || match value {
        Value::Null => String::new(),
        other => super::format::to_string_plain(other),
    };
    let mut b = b.borrow_mut();
    match name {
        "Scheme" => {
            let s = text();
            b.scheme = s.split(':').next().unwrap_or_default().to_ascii_lowercase();
        }
        "Host" => b.host = text(),
        "Port" => b.port = port_arg(value)?,
        "Path" => {
            let p = text();
            b.path = if p.is_empty() { "/".to_owned() } else { escape_uri_chars(&p.replace('\\', "/")) };
        }
        "Query" => {
            let q = text();
            b.query = if q.is_empty() { q } else { format!("?{q}") };
        }
        "Fragment" => {
            let f = text();
            b.fragment = if f.is_empty() { f } else { format!("#{f}") };
        }
        "UserName" => b.user_name = text(),
        "Password" => b.password = text(),
        _ => return Ok(None),
    }
    Ok(Some(()))
}
