//! The APIM `context` object: request, response, variables and the service entities,
//! loaded from raw HTTP messages and the `--context` JSON (see [`ContextInput`]).

mod load;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub use load::{ContextError, ContextInput, Entities, Schema, var_from_json, var_from_token};

use crate::value::Value;

/// A message body with the read-once rule: reading without `preserveContent` consumes it.
#[derive(Debug)]
pub struct Body {
    pub bytes: Vec<u8>,
    pub consumed: Cell<bool>,
}

#[derive(Debug)]
pub struct UrlData {
    pub url: apim_http::Url,
}

#[derive(Debug)]
pub struct RequestData {
    pub method: String,
    pub url: UrlData,
    pub headers: apim_http::Headers,
    pub body: Option<Rc<Body>>,
    pub ip_address: Option<String>,
    pub matched: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct ResponseData {
    pub status: i32,
    pub reason: String,
    pub headers: apim_http::Headers,
    pub body: Option<Rc<Body>>,
}

/// A flat entity section of the context (`Subscription`, `User`, ...): member name
/// (PascalCase) to value.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub fields: Vec<(&'static str, Value)>,
}

impl Section {
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// Everything `context` exposes.
#[derive(Debug)]
pub struct ContextData {
    pub request: RefCell<RequestData>,
    pub response: RefCell<Option<ResponseData>>,
    pub variables: RefCell<Vec<(String, Value)>>,
    pub subscription: Option<Section>,
    pub user: Option<Section>,
    pub api: Option<Section>,
    pub operation: Option<Section>,
    pub product: Option<Section>,
    pub deployment: Option<Section>,
    pub last_error: RefCell<Option<Section>>,
    pub request_id: apim_dotnet::Guid,
    pub timestamp: apim_dotnet::DateTime,
    pub elapsed: Cell<apim_dotnet::TimeSpan>,
    pub tracing: Cell<bool>,
    /// What `context.Trace(message)` recorded.
    pub traces: RefCell<Vec<String>>,
}

/// A context object or one of its members.
#[derive(Clone, Debug)]
pub struct Host {
    pub kind: HostKind,
    pub ctx: Rc<ContextData>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    Context,
    Request,
    Response,
    Url,
    RequestHeaders,
    ResponseHeaders,
    Query,
    RequestBody,
    ResponseBody,
    Variables,
    MatchedParameters,
    Subscription,
    User,
    Api,
    Operation,
    Product,
    Deployment,
    Gateway,
    LastError,
}

impl Host {
    #[must_use]
    pub fn value(kind: HostKind, ctx: &Rc<ContextData>) -> Value {
        Value::Host(Host { kind, ctx: ctx.clone() })
    }

    #[must_use]
    pub fn same(&self, other: &Host) -> bool {
        self.kind == other.kind && Rc::ptr_eq(&self.ctx, &other.ctx)
    }

    /// The type name `GetType()` reports (the stub's interface names).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            HostKind::Context => "Apim.IProxyRequestContext",
            HostKind::Request => "Apim.IRequest",
            HostKind::Response => "Apim.IResponse",
            HostKind::Url => "Apim.IUrl",
            HostKind::RequestHeaders | HostKind::ResponseHeaders | HostKind::Query => {
                "System.Collections.Generic.Dictionary`2[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089],[System.String[], mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]"
            }
            HostKind::RequestBody | HostKind::ResponseBody => "Apim.IMessageBody",
            HostKind::Variables => {
                "System.Collections.Generic.Dictionary`2[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089],[System.Object, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]"
            }
            HostKind::MatchedParameters => {
                "System.Collections.Generic.Dictionary`2[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089],[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]"
            }
            HostKind::Subscription => "Apim.ISubscription",
            HostKind::User => "Apim.IUser",
            HostKind::Api => "Apim.IApi",
            HostKind::Operation => "Apim.IOperation",
            HostKind::Product => "Apim.IProduct",
            HostKind::Deployment => "Apim.IDeployment",
            HostKind::Gateway => "Apim.IGateway",
            HostKind::LastError => "Apim.ILastError",
        }
    }
}

/// The `context` of one evaluation.
#[derive(Clone, Debug)]
pub struct Context {
    pub data: Rc<ContextData>,
}

impl Context {
    /// The `context` root value.
    #[must_use]
    pub fn root(&self) -> Value {
        Host::value(HostKind::Context, &self.data)
    }

    /// Sets a variable (what `set-variable` does).
    pub fn set_variable(&self, name: &str, value: Value) {
        let mut vars = self.data.variables.borrow_mut();
        match vars.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => vars.push((name.to_owned(), value)),
        }
    }
}
