//! Building a [`Context`] from the `apim eval` inputs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use apim_json::{DateParseHandling, JToken, ParseOptions, StdPlatform};

use super::{Body, Context, ContextData, RequestData, ResponseData, Section, UrlData};
use crate::value::{TupleObj, Value};

/// The inputs of one evaluation (the `apim eval` contract).
#[derive(Debug, Default)]
pub struct ContextInput {
    /// The request; `None` is `GET /` without headers or body.
    pub request: Option<apim_http::Request>,
    pub response: Option<apim_http::Response>,
    /// Variables in order (`--var`, `--var-json`).
    pub variables: Vec<(String, Value)>,
    /// The `--context` JSON document.
    pub context: Option<serde_json::Value>,
    /// `context.Timestamp` when the JSON gives none (a gateway's clock).
    pub timestamp: Option<apim_dotnet::DateTime>,
    /// The entity sections built by the caller (a gateway, per request) instead of read
    /// from `context`; when given, `context` is not read.
    pub entities: Option<Entities>,
}

/// What a gateway knows of a request's service context, as sections built with the
/// [`Schema`]s (the same members `--context` JSON gives).
#[derive(Debug, Clone, Default)]
pub struct Entities {
    pub api: Option<Section>,
    pub operation: Option<Section>,
    pub subscription: Option<Section>,
    pub user: Option<Section>,
    pub product: Option<Section>,
    pub deployment: Option<Section>,
    pub request_id: apim_dotnet::Guid,
    pub ip_address: Option<String>,
    /// `None`: matched from the operation's URL template.
    pub matched: Option<Vec<(String, String)>>,
}

/// The members of one entity section of the context: PascalCase names of strings, of
/// dates (and whether an absent one defaults to 2024-01-01), of booleans with their
/// default; `Groups` for users and products.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// The camelCase key in `--context` JSON.
    pub key: &'static str,
    pub strings: &'static [&'static str],
    pub dates: &'static [(&'static str, bool)],
    pub bools: &'static [(&'static str, bool)],
    groups: bool,
}

impl Schema {
    pub const API: Schema = Schema {
        key: "api",
        strings: &["Id", "Name", "Path", "Revision", "Version", "ServiceUrl"],
        dates: &[],
        bools: &[("IsCurrentRevision", true)],
        groups: false,
    };
    pub const OPERATION: Schema = Schema {
        key: "operation",
        strings: &["Id", "Method", "Name", "UrlTemplate"],
        dates: &[],
        bools: &[],
        groups: false,
    };
    pub const SUBSCRIPTION: Schema = Schema {
        key: "subscription",
        strings: &["Id", "Key", "Name", "PrimaryKey", "SecondaryKey"],
        dates: &[("CreatedDate", true), ("StartDate", false), ("EndDate", false)],
        bools: &[],
        groups: false,
    };
    pub const USER: Schema = Schema {
        key: "user",
        strings: &["Id", "Email", "FirstName", "LastName", "Note"],
        dates: &[("RegistrationDate", true)],
        bools: &[],
        groups: true,
    };
    pub const PRODUCT: Schema = Schema {
        key: "product",
        strings: &["Id", "Name"],
        dates: &[],
        bools: &[("SubscriptionRequired", true), ("ApprovalRequired", false)],
        groups: true,
    };
    pub const DEPLOYMENT: Schema = Schema {
        key: "deployment",
        strings: &["Region", "ServiceName", "GatewayId", "ServiceId"],
        dates: &[],
        bools: &[],
        groups: false,
    };
    pub const LAST_ERROR: Schema = Schema {
        key: "lastError",
        strings: &["Message", "Path", "PolicyId", "Reason", "Scope", "Section", "Source"],
        dates: &[],
        bools: &[],
        groups: false,
    };

    /// A section from the strings given by name (absent ones are null; dates and
    /// booleans take their defaults).
    #[must_use]
    pub fn build(&self, strings: &[(&str, Option<&str>)]) -> Section {
        let mut out = Section::default();
        for name in self.strings {
            let value = strings.iter().find(|(n, _)| n == name).and_then(|(_, v)| *v);
            out.fields.push((name, value.map_or(Value::Null, |v| Value::string(v.to_owned()))));
        }
        for (name, required) in self.dates {
            out.fields.push((name, if *required { Value::DateTime(default_timestamp()) } else { Value::Null }));
        }
        for (name, default) in self.bools {
            out.fields.push((name, Value::Bool(*default)));
        }
        if self.groups {
            out.fields.push(("Groups", Value::list(crate::types::Ty::Object, Vec::new())));
        }
        out
    }
}

/// A malformed `--context` or `--var-json` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextError {
    pub message: String,
}

impl std::fmt::Display for ContextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ContextError {}

/// A `--var-json` value: object -> `JObject`, array -> `JArray`, string -> `string`,
/// `true`/`false` -> `bool`, integer -> `int` (`long` if it does not fit), other number ->
/// `double`, `null` -> null. Date-like strings stay strings.
///
/// # Errors
/// The JSON reader's message (with line and position) when `json` is malformed.
pub fn var_from_json(json: &str) -> Result<Value, ContextError> {
    let options = ParseOptions { date_parse_handling: DateParseHandling::None, max_depth: Some(64) };
    let token =
        JToken::parse_with(json, options, &StdPlatform::APIM).map_err(|e| ContextError { message: e.message })?;
    Ok(var_from_token(&token))
}

/// As [`var_from_json`], from a parsed token.
#[must_use]
pub fn var_from_token(token: &JToken) -> Value {
    use apim_json::Value as J;
    match token.value() {
        None => Value::Json(token.clone()),
        Some(J::Null | J::Undefined) => Value::Null,
        Some(J::Boolean(b)) => Value::Bool(b),
        Some(J::String(s)) => Value::string(s),
        Some(J::Integer(i)) => match i32::try_from(i) {
            Ok(i) => Value::I32(i),
            Err(_) => Value::I64(i),
        },
        Some(J::BigInteger(b)) => Value::F64(b.to_f64()),
        Some(J::Float(f)) => Value::F64(f),
        Some(J::Decimal(d)) => Value::Decimal(d),
        Some(_) => Value::Json(token.clone()),
    }
}

fn default_timestamp() -> apim_dotnet::DateTime {
    apim_dotnet::DateTime::from_date(2024, 1, 1)
        .map(|d| d.specify_kind(apim_dotnet::DateTimeKind::Utc))
        .unwrap_or(apim_dotnet::DateTime::MIN_VALUE)
}

fn parse_date(s: &str) -> Option<apim_dotnet::DateTime> {
    let d = apim_dotnet::DateTime::parse(s, default_timestamp()).ok()?;
    Some(d.to_universal_time())
}

fn camel(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn section(ctx: Option<&serde_json::Value>, schema: &Schema) -> Result<Option<Section>, ContextError> {
    let key = schema.key;
    let Some(s) = ctx.and_then(|c| c.get(key)) else { return Ok(None) };
    if s.is_null() {
        return Ok(None);
    }
    let Some(obj) = s.as_object() else {
        return Err(ContextError { message: format!("`{key}` must be a JSON object") });
    };
    let mut out = Section::default();
    for f in schema.strings {
        let v = match obj.get(&camel(f)) {
            Some(serde_json::Value::String(s)) => Value::string(s.clone()),
            Some(serde_json::Value::Null) | None => Value::Null,
            Some(other) => Value::string(other.to_string()),
        };
        out.fields.push((f, v));
    }
    for (f, required) in schema.dates {
        let v = match obj.get(&camel(f)).and_then(serde_json::Value::as_str) {
            Some(s) => match parse_date(s) {
                Some(d) => Value::DateTime(d),
                None => return Err(ContextError { message: format!("`{key}.{}` is not a date: {s}", camel(f)) }),
            },
            None if *required => Value::DateTime(default_timestamp()),
            None => Value::Null,
        };
        out.fields.push((f, v));
    }
    for (f, default) in schema.bools {
        let v = obj.get(&camel(f)).and_then(serde_json::Value::as_bool).unwrap_or(*default);
        out.fields.push((f, Value::Bool(v)));
    }
    if let Some(groups) = obj.get("groups").and_then(serde_json::Value::as_array) {
        let items = groups
            .iter()
            .map(|g| {
                let get = |k: &str| {
                    g.get(k).and_then(serde_json::Value::as_str).map_or(Value::Null, |s| Value::string(s.to_owned()))
                };
                Value::Tuple(Rc::new(TupleObj {
                    names: vec![Rc::from("Id"), Rc::from("Name")],
                    items: RefCell::new(vec![get("id"), get("name")]),
                    anonymous: true,
                    reference: false,
                }))
            })
            .collect();
        out.fields.push(("Groups", Value::list(crate::types::Ty::Object, items)));
    } else if schema.groups {
        out.fields.push(("Groups", Value::list(crate::types::Ty::Object, Vec::new())));
    }
    Ok(Some(out))
}

/// Matches a request path against `"/" + api.path + operation.urlTemplate`, giving the
/// template parameters (`{id}`) with their values.
fn match_template(path: &str, template: &str) -> Vec<(String, String)> {
    let template = template.split('?').next().unwrap_or("");
    let t: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let p: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if t.len() != p.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (ts, ps) in t.iter().zip(&p) {
        if let Some(name) = ts.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            out.push((name.trim_start_matches('*').to_owned(), (*ps).to_owned()));
        } else if !ts.eq_ignore_ascii_case(ps) {
            return Vec::new();
        }
    }
    out
}

impl Context {
    /// Builds the context.
    ///
    /// # Errors
    /// A [`ContextError`] when a `--context` section has the wrong shape.
    pub fn new(input: ContextInput) -> Result<Context, ContextError> {
        let ctx = input.context.as_ref();
        if let Some(c) = ctx
            && !c.is_object()
        {
            return Err(ContextError { message: "the context must be a JSON object".to_owned() });
        }
        let request = input.request.unwrap_or_else(|| apim_http::Request {
            method: "GET".to_owned(),
            target: "/".to_owned(),
            headers: apim_http::Headers::new(),
            body: Vec::new(),
        });
        let host = request.headers.joined("Host");
        let url = apim_http::Url::from_target(&request.target, host.as_deref());
        let str_of = |key: &str| ctx.and_then(|c| c.get(key)).and_then(serde_json::Value::as_str).map(str::to_owned);
        let entities = match input.entities {
            Some(entities) => entities,
            None => Entities {
                api: section(ctx, &Schema::API)?,
                operation: section(ctx, &Schema::OPERATION)?,
                subscription: section(ctx, &Schema::SUBSCRIPTION)?,
                user: section(ctx, &Schema::USER)?,
                product: section(ctx, &Schema::PRODUCT)?,
                deployment: section(ctx, &Schema::DEPLOYMENT)?,
                request_id: match str_of("requestId") {
                    Some(s) => apim_dotnet::Guid::parse(&s)
                        .map_err(|e| ContextError { message: format!("`requestId`: {}", e.message) })?,
                    None => apim_dotnet::Guid::EMPTY,
                },
                ip_address: str_of("ipAddress"),
                matched: ctx.and_then(|c| c.get("matchedParameters")).and_then(serde_json::Value::as_object).map(
                    |mp| {
                        mp.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                            .collect()
                    },
                ),
            },
        };
        let Entities { api, operation, subscription, user, product, deployment, request_id, ip_address, matched } =
            entities;
        let matched = match matched {
            Some(matched) => matched,
            None => match &operation {
                Some(op) if let Some(Value::Str(template)) = op.get("UrlTemplate") => {
                    let api_path = api.as_ref().and_then(|a| a.get("Path")).and_then(Value::as_str).unwrap_or("");
                    let full = format!("/{}/{}", api_path.trim_matches('/'), template.trim_start_matches('/'));
                    match_template(&url.path, &full)
                }
                _ => Vec::new(),
            },
        };

        let body = |bytes: Vec<u8>| {
            if bytes.is_empty() { None } else { Some(Rc::new(Body { bytes, consumed: Cell::new(false) })) }
        };
        let request = RequestData {
            method: request.method,
            url: UrlData { url },
            headers: request.headers,
            body: body(request.body),
            ip_address,
            matched,
        };
        let response = input.response.map(|r| ResponseData {
            status: i32::from(r.status),
            reason: r.reason,
            headers: r.headers,
            body: body(r.body),
        });
        let timestamp = match str_of("timestamp") {
            Some(s) => {
                parse_date(&s).ok_or_else(|| ContextError { message: format!("`timestamp` is not a date: {s}") })?
            }
            None => input.timestamp.unwrap_or_else(default_timestamp),
        };
        let data = ContextData {
            request: RefCell::new(request),
            response: RefCell::new(response),
            variables: RefCell::new(input.variables),
            subscription,
            user,
            api,
            operation,
            product,
            deployment,
            last_error: RefCell::new(section(ctx, &Schema::LAST_ERROR)?),
            request_id,
            timestamp,
            elapsed: Cell::new(apim_dotnet::TimeSpan::ZERO),
            tracing: Cell::new(false),
            traces: RefCell::new(Vec::new()),
        };
        Ok(Context { data: Rc::new(data) })
    }
}
