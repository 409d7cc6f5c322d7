//! Members of `context` and its parts: headers, query and variables with
//! `GetValueOrDefault`, message bodies with the read-once rule.

use std::rc::Rc;

use apim_json::{JToken, StdPlatform};

use crate::context::{Body, Host, HostKind, Section};
use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::cast;
use crate::types::{JsonTy, Ty};
use crate::value::{Dict, Value};

fn section(s: Option<&Section>, kind: HostKind, h: &Host) -> Value {
    if s.is_some() { Host::value(kind, &h.ctx) } else { Value::Null }
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::string(s.to_owned()))
}

/// `host.Name`.
///
/// # Errors
/// None today.
pub fn member(_interp: &mut Interp<'_>, h: &Host, name: &str) -> Result<Option<Value>> {
    let c = &h.ctx;
    Ok(Some(match (h.kind, name) {
        (HostKind::Context, "Request") => Host::value(HostKind::Request, c),
        (HostKind::Context, "Response") => {
            if c.response.borrow().is_some() {
                Host::value(HostKind::Response, c)
            } else {
                Value::Null
            }
        }
        (HostKind::Context, "Variables") => Host::value(HostKind::Variables, c),
        (HostKind::Context, "Subscription") => section(c.subscription.as_ref(), HostKind::Subscription, h),
        (HostKind::Context, "User") => section(c.user.as_ref(), HostKind::User, h),
        (HostKind::Context, "Api") => section(c.api.as_ref(), HostKind::Api, h),
        (HostKind::Context, "Operation") => section(c.operation.as_ref(), HostKind::Operation, h),
        (HostKind::Context, "Product") => section(c.product.as_ref(), HostKind::Product, h),
        (HostKind::Context, "Deployment") => section(c.deployment.as_ref(), HostKind::Deployment, h),
        (HostKind::Context, "LastError") => section(c.last_error.borrow().as_ref(), HostKind::LastError, h),
        (HostKind::Context, "RequestId") => Value::Guid(c.request_id),
        (HostKind::Context, "Timestamp") => Value::DateTime(c.timestamp),
        (HostKind::Context, "Elapsed") => Value::TimeSpan(c.elapsed.get()),
        (HostKind::Context, "Tracing") => Value::Bool(c.tracing.get()),
        (HostKind::Context, "Backend" | "Workspace" | "GraphQL") => Value::Null,
        (HostKind::Request, "Method") => Value::string(c.request.borrow().method.clone()),
        (HostKind::Request, "Url" | "OriginalUrl") => Host::value(HostKind::Url, c),
        (HostKind::Request, "Headers") => Host::value(HostKind::RequestHeaders, c),
        (HostKind::Request, "Body") => {
            if c.request.borrow().body.is_some() {
                Host::value(HostKind::RequestBody, c)
            } else {
                Value::Null
            }
        }
        (HostKind::Request, "IpAddress") => opt_str(c.request.borrow().ip_address.as_deref()),
        (HostKind::Request, "MatchedParameters") => Host::value(HostKind::MatchedParameters, c),
        (HostKind::Request, "Certificate" | "PrivateEndpointConnection") => Value::Null,
        (HostKind::Response, "StatusCode") => Value::I32(c.response.borrow().as_ref().map_or(0, |r| r.status)),
        (HostKind::Response, "StatusReason") => opt_str(c.response.borrow().as_ref().map(|r| r.reason.as_str())),
        (HostKind::Response, "Headers") => Host::value(HostKind::ResponseHeaders, c),
        (HostKind::Response, "Body") => {
            if c.response.borrow().as_ref().is_some_and(|r| r.body.is_some()) {
                Host::value(HostKind::ResponseBody, c)
            } else {
                Value::Null
            }
        }
        (HostKind::Url, "Scheme") => Value::string(c.request.borrow().url.url.scheme.clone()),
        (HostKind::Url, "Host") => Value::string(c.request.borrow().url.url.host.clone()),
        (HostKind::Url, "Port") => Value::I32(i32::from(c.request.borrow().url.url.port)),
        (HostKind::Url, "Path") => Value::string(c.request.borrow().url.url.path.clone()),
        (HostKind::Url, "QueryString") => Value::string(c.request.borrow().url.url.query_string.clone()),
        (HostKind::Url, "Query") => Host::value(HostKind::Query, c),
        (
            HostKind::RequestHeaders
            | HostKind::ResponseHeaders
            | HostKind::Query
            | HostKind::Variables
            | HostKind::MatchedParameters,
            "Count",
        ) => Value::I32(i32::try_from(entries(h).len()).unwrap_or(i32::MAX)),
        (
            HostKind::RequestHeaders
            | HostKind::ResponseHeaders
            | HostKind::Query
            | HostKind::Variables
            | HostKind::MatchedParameters,
            "Keys",
        ) => Value::list(Ty::String, entries(h).into_iter().map(|(k, _)| Value::string(k)).collect()),
        (
            HostKind::RequestHeaders
            | HostKind::ResponseHeaders
            | HostKind::Query
            | HostKind::Variables
            | HostKind::MatchedParameters,
            "Values",
        ) => Value::list(Ty::Object, entries(h).into_iter().map(|(_, v)| v).collect()),
        (HostKind::Deployment, "Gateway") => Host::value(HostKind::Gateway, c),
        (HostKind::Gateway, "Id" | "InstanceId") => {
            c.deployment.as_ref().and_then(|d| d.get("GatewayId")).cloned().unwrap_or(Value::Null)
        }
        (HostKind::Gateway, "IsManaged") => Value::Bool(matches!(
            c.deployment.as_ref().and_then(|d| d.get("GatewayId")),
            Some(Value::Str(s)) if &**s == "managed"
        )),
        (HostKind::LastError, _) => match c.last_error.borrow().as_ref().and_then(|s| s.get(name)) {
            Some(v) => v.clone(),
            None => return Ok(None),
        },
        (HostKind::Api, "Protocols") => Value::list(Ty::String, vec![Value::str("https")]),
        (kind, _) => {
            let s = match kind {
                HostKind::Subscription => c.subscription.as_ref(),
                HostKind::User => c.user.as_ref(),
                HostKind::Api => c.api.as_ref(),
                HostKind::Operation => c.operation.as_ref(),
                HostKind::Product => c.product.as_ref(),
                HostKind::Deployment => c.deployment.as_ref(),
                _ => None,
            };
            match s.and_then(|s| s.get(name)) {
                Some(v) => v.clone(),
                None => return Ok(None),
            }
        }
    }))
}

/// The entries of a dictionary-like host object, values as .NET sees them.
fn entries(h: &Host) -> Vec<(String, Value)> {
    let c = &h.ctx;
    let headers = |hs: &apim_http::Headers| {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (n, v) in hs.iter() {
            match out.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(n)) {
                Some((_, vs)) => vs.push(v.to_owned()),
                None => out.push((n.to_owned(), vec![v.to_owned()])),
            }
        }
        out.into_iter().map(|(k, vs)| (k, string_array(vs))).collect()
    };
    match h.kind {
        HostKind::RequestHeaders => headers(&c.request.borrow().headers),
        HostKind::ResponseHeaders => c.response.borrow().as_ref().map(|r| headers(&r.headers)).unwrap_or_default(),
        HostKind::Query => {
            c.request.borrow().url.url.query.iter().map(|(k, vs)| (k.clone(), string_array(vs.clone()))).collect()
        }
        HostKind::Variables => c.variables.borrow().clone(),
        HostKind::MatchedParameters => {
            c.request.borrow().matched.iter().map(|(k, v)| (k.clone(), Value::string(v.clone()))).collect()
        }
        _ => Vec::new(),
    }
}

fn string_array(vs: Vec<String>) -> Value {
    Value::array(Ty::String, vs.into_iter().map(Value::string).collect())
}

/// The raw values of a multi-valued dictionary entry.
fn lookup_multi(h: &Host, name: &str) -> Option<Vec<String>> {
    let c = &h.ctx;
    match h.kind {
        HostKind::RequestHeaders => {
            let v: Vec<String> = c.request.borrow().headers.get_all(name).map(str::to_owned).collect();
            if v.is_empty() { None } else { Some(v) }
        }
        HostKind::ResponseHeaders => {
            let r = c.response.borrow();
            let v: Vec<String> = r.as_ref()?.headers.get_all(name).map(str::to_owned).collect();
            if v.is_empty() { None } else { Some(v) }
        }
        HostKind::Query => c.request.borrow().url.url.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        _ => None,
    }
}

fn lookup(h: &Host, name: &str) -> Option<Value> {
    match h.kind {
        HostKind::Variables => h.ctx.variables.borrow().iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        HostKind::MatchedParameters => h
            .ctx
            .request
            .borrow()
            .matched
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| Value::string(v.clone())),
        _ => lookup_multi(h, name).map(string_array),
    }
}

fn key_not_found(name: &str) -> Exception {
    let _ = name;
    Exception::key_not_found()
}

/// `host[args]`.
///
/// # Errors
/// `KeyNotFoundException`, `ArgumentNullException` for a null key.
pub fn index(_interp: &mut Interp<'_>, h: &Host, args: &[Value]) -> Result<Option<Value>> {
    let [key] = args else { return Ok(None) };
    let name = match key {
        Value::Str(s) => s.clone(),
        Value::Null => return Err(Exception::argument_null("key")),
        _ => return Ok(None),
    };
    match h.kind {
        HostKind::RequestHeaders
        | HostKind::ResponseHeaders
        | HostKind::Query
        | HostKind::Variables
        | HostKind::MatchedParameters => lookup(h, &name).map(Some).ok_or_else(|| key_not_found(&name)),
        _ => Ok(None),
    }
}

fn body_of(h: &Host) -> Option<Rc<Body>> {
    match h.kind {
        HostKind::RequestBody => h.ctx.request.borrow().body.clone(),
        HostKind::ResponseBody => h.ctx.response.borrow().as_ref().and_then(|r| r.body.clone()),
        _ => None,
    }
}

fn body_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_start_matches('\u{feff}').to_owned()
}

fn preserve(args: &[Value]) -> bool {
    matches!(args.first(), Some(Value::Bool(true)))
}

/// `Body.As<T>(preserveContent)`.
fn body_as(body: &Body, t: &Ty, preserve: bool) -> Result<Value> {
    if body.consumed.get() {
        return Ok(t.default_value());
    }
    if !preserve {
        body.consumed.set(true);
    }
    let text = || body_text(&body.bytes);
    Ok(match t {
        Ty::String => Value::string(text()),
        Ty::Array(e) if **e == Ty::U8 => Value::array(Ty::U8, body.bytes.iter().map(|b| Value::U8(*b)).collect()),
        Ty::Json(JsonTy::Object) => Value::Json(JToken::parse_object(&text())?),
        Ty::Json(JsonTy::Array) => Value::Json(JToken::parse_array(&text())?),
        Ty::Json(JsonTy::Token) => Value::Json(JToken::parse(&text())?),
        other => return Err(Exception::not_supported(format!("Body.As<{}> is not supported", other.full_name()))),
    })
}

/// `host.Name<targs>(args)`.
///
/// # Errors
/// What the member throws (`InvalidCastException` from `GetValueOrDefault<T>` ...).
pub fn call(interp: &mut Interp<'_>, h: &Host, name: &str, targs: &[Ty], args: &mut [Value]) -> Result<Option<Value>> {
    match (h.kind, name) {
        (HostKind::Context, "Trace") => {
            h.ctx.traces.borrow_mut().push(super::format::to_string_plain(args.first().unwrap_or(&Value::Null)));
            Ok(Some(Value::Null))
        }
        (HostKind::RequestBody | HostKind::ResponseBody, "As") => {
            let Some(body) = body_of(h) else { return Ok(Some(Value::Null)) };
            let t = targs.first().cloned().unwrap_or(Ty::String);
            body_as(&body, &t, preserve(args)).map(Some)
        }
        (HostKind::RequestBody | HostKind::ResponseBody, "AsFormUrlEncodedContent") => {
            let Some(body) = body_of(h) else { return Ok(Some(Value::Null)) };
            let text = body_as(&body, &Ty::String, preserve(args))?;
            let Value::Str(text) = text else { return Ok(Some(Value::Null)) };
            let url = apim_http::Url::from_target(&format!("/?{text}"), None);
            let entries: Vec<(Value, Value)> = url
                .query
                .into_iter()
                .map(|(k, vs)| (Value::string(k), Value::list(Ty::String, vs.into_iter().map(Value::string).collect())))
                .collect();
            Ok(Some(Value::Dict(Rc::new(Dict {
                key: Ty::String,
                value: Ty::List(Box::new(Ty::String)),
                ignore_case: false,
                entries: entries.into(),
                slots: std::cell::RefCell::default(),
            }))))
        }
        (HostKind::RequestHeaders | HostKind::ResponseHeaders | HostKind::Query, "GetValueOrDefault") => {
            let name = match args.first() {
                Some(Value::Str(s)) => s.clone(),
                _ => return Ok(Some(args.get(1).cloned().unwrap_or(Value::Null))),
            };
            Ok(Some(match lookup_multi(h, &name) {
                Some(vs) => Value::string(vs.join(",")),
                None => args.get(1).cloned().unwrap_or(Value::Null),
            }))
        }
        (HostKind::Variables, "GetValueOrDefault") => {
            let name = match args.first() {
                Some(Value::Str(s)) => s.clone(),
                Some(Value::Null) => return Err(Exception::argument_null("key")),
                _ => return Ok(None),
            };
            // `GetValueOrDefault(name, default)` is the generic form with `T` inferred
            // from the default.
            let inferred = match (targs.first(), args.get(1)) {
                (None, Some(d)) => crate::types::type_of(d),
                _ => None,
            };
            match (lookup(h, &name), targs.first().or(inferred.as_ref())) {
                (Some(v), Some(t)) => cast(v, t, true, false).map(Some),
                (Some(v), None) => Ok(Some(v)),
                (None, Some(t)) => Ok(Some(args.get(1).cloned().unwrap_or_else(|| t.default_value()))),
                (None, None) => Ok(Some(Value::Null)),
            }
        }
        (HostKind::MatchedParameters, "GetValueOrDefault") => {
            let name = super::format::to_string_plain(args.first().unwrap_or(&Value::Null));
            Ok(Some(lookup(h, &name).unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::Null))))
        }
        (_, "ContainsKey") => {
            let name = match args.first() {
                Some(Value::Str(s)) => s.clone(),
                Some(Value::Null) => return Err(Exception::argument_null("key")),
                _ => return Ok(None),
            };
            Ok(Some(Value::Bool(lookup(h, &name).is_some())))
        }
        (_, "TryGetValue") => {
            let name = match args.first() {
                Some(Value::Str(s)) => s.clone(),
                _ => return Ok(None),
            };
            let v = lookup(h, &name);
            let found = v.is_some();
            if args.len() > 1 {
                args[1] = v.unwrap_or(Value::Null);
            }
            Ok(Some(Value::Bool(found)))
        }
        (HostKind::Url, "ToString") => Ok(Some(Value::string(h.ctx.request.borrow().url.url.to_url_string()))),
        _ => {
            let _ = interp;
            let _ = StdPlatform::APIM;
            Ok(None)
        }
    }
}

/// The entries of a dictionary-like host, as key-value pairs (for `foreach` and LINQ).
#[must_use]
pub fn pairs(h: &Host) -> Option<Vec<Value>> {
    let (vt, kinds) = match h.kind {
        HostKind::RequestHeaders | HostKind::ResponseHeaders | HostKind::Query => {
            (Ty::Array(Box::new(Ty::String)), true)
        }
        HostKind::Variables => (Ty::Object, true),
        HostKind::MatchedParameters => (Ty::String, true),
        _ => (Ty::Object, false),
    };
    if !kinds {
        return None;
    }
    Some(
        entries(h)
            .into_iter()
            .map(|(k, v)| Value::Pair(Rc::new((Value::string(k), v, Ty::String, vt.clone()))))
            .collect(),
    )
}
