//! Static result types of members, where C# semantics depend on them (casts from
//! `object` unbox, `object == string` compares references, declared types convert).
//! `None` means "not known statically": the evaluator then follows the runtime type.

use crate::types::{JsonTy, Ty};

use super::node::STy;

fn host_member(host: &str, name: &str) -> STy {
    Some(match (host, name) {
        ("context", "Request") => Ty::Host("IRequest"),
        ("context", "Response") => Ty::Host("IResponse"),
        ("context", "Variables") => Ty::Host("Variables"),
        ("context", "Subscription") => Ty::Host("ISubscription"),
        ("context", "User") => Ty::Host("IUser"),
        ("context", "Api") => Ty::Host("IApi"),
        ("context", "Operation") => Ty::Host("IOperation"),
        ("context", "Product") => Ty::Host("IProduct"),
        ("context", "Deployment") => Ty::Host("IDeployment"),
        ("context", "LastError") => Ty::Host("ILastError"),
        ("context", "RequestId") => Ty::Guid,
        ("context", "Timestamp") => Ty::DateTime,
        ("context", "Elapsed") => Ty::TimeSpan,
        ("context", "Tracing") => Ty::Bool,
        ("IRequest" | "IResponse", "Headers") => Ty::Host("Headers"),
        ("IRequest" | "IResponse", "Body") => Ty::Host("IMessageBody"),
        ("IRequest", "Url" | "OriginalUrl") => Ty::Host("IUrl"),
        ("IRequest", "MatchedParameters") => Ty::Host("MatchedParameters"),
        ("IResponse", "StatusCode") => Ty::I32,
        ("IUrl", "Port") => Ty::I32,
        ("IUrl", "Query") => Ty::Host("Headers"),
        ("IDeployment", "Gateway") => Ty::Host("IGateway"),
        (
            _,
            "Id" | "Name" | "Method" | "Path" | "Host" | "Scheme" | "QueryString" | "IpAddress" | "StatusReason"
            | "Key" | "PrimaryKey" | "SecondaryKey" | "Email" | "FirstName" | "LastName" | "Revision" | "Version"
            | "UrlTemplate" | "Region" | "ServiceName" | "GatewayId" | "Message" | "Reason" | "Source" | "Scope"
            | "Section" | "PolicyId" | "Note" | "ServiceId" | "InstanceId",
        ) => Ty::String,
        _ => return None,
    })
}

/// The type of `target.name` for a target of static type `t`.
pub fn member_type(t: &STy, name: &str) -> STy {
    match t.as_ref()? {
        Ty::Host(h) => host_member(h, name),
        Ty::String => match name {
            "Length" => Some(Ty::I32),
            _ => None,
        },
        Ty::Array(_) => match name {
            "Length" => Some(Ty::I32),
            _ => None,
        },
        Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Queue(_) | Ty::Stack(_) => match name {
            "Count" => Some(Ty::I32),
            _ => None,
        },
        Ty::Pair(k, v) => match name {
            "Key" => Some((**k).clone()),
            "Value" => Some((**v).clone()),
            _ => None,
        },
        Ty::Json(_) => match name {
            "Type" => Some(Ty::Enum(crate::value::EnumTy::JTokenType)),
            "Count" => Some(Ty::I32),
            "Value" => Some(Ty::Object),
            "Name" | "Path" => Some(Ty::String),
            "Parent" | "Root" | "First" | "Last" | "Next" | "Previous" => Some(Ty::Json(JsonTy::Token)),
            _ => None,
        },
        Ty::DateTime => match name {
            "Year" | "Month" | "Day" | "Hour" | "Minute" | "Second" | "Millisecond" | "DayOfYear" => Some(Ty::I32),
            "Ticks" => Some(Ty::I64),
            "Date" => Some(Ty::DateTime),
            "TimeOfDay" => Some(Ty::TimeSpan),
            _ => None,
        },
        Ty::TimeSpan => match name {
            "Days" | "Hours" | "Minutes" | "Seconds" | "Milliseconds" => Some(Ty::I32),
            "Ticks" => Some(Ty::I64),
            n if n.starts_with("Total") => Some(Ty::F64),
            _ => None,
        },
        Ty::Named(record) => crate::builtins::auth::member_type(record, name),
        Ty::Nullable(inner) => match name {
            "Value" => Some((**inner).clone()),
            "HasValue" => Some(Ty::Bool),
            _ => None,
        },
        _ => None,
    }
}

/// The type of `target[...]`.
pub fn index_type(t: &STy) -> STy {
    match t.as_ref()? {
        Ty::Host("Variables") => Some(Ty::Object),
        Ty::Host("Headers") => Some(Ty::Array(Box::new(Ty::String))),
        Ty::Host("MatchedParameters") => Some(Ty::String),
        Ty::Json(_) => Some(Ty::Json(JsonTy::Token)),
        Ty::String => Some(Ty::Char),
        Ty::Array(e) | Ty::List(e) => Some((**e).clone()),
        Ty::Dict(_, v) => Some((**v).clone()),
        _ => None,
    }
}

/// The type of `target.name<targs>(...)`.
pub fn call_type(t: &STy, name: &str, targs: &[Ty]) -> STy {
    if let Some(first) = targs.first()
        && matches!(name, "GetValueOrDefault" | "As" | "Value" | "ToObject" | "Values")
    {
        return Some(first.clone());
    }
    match (t.as_ref(), name) {
        (_, "ToString") => Some(Ty::String),
        (_, "GetHashCode" | "CompareTo") => Some(Ty::I32),
        (_, "Equals") => Some(Ty::Bool),
        (Some(Ty::Host("Variables")), "GetValueOrDefault") => Some(Ty::Object),
        (Some(Ty::Host("Headers")), "GetValueOrDefault") => Some(Ty::String),
        (Some(Ty::Host("Variables" | "Headers")), "ContainsKey") => Some(Ty::Bool),
        (
            Some(Ty::String),
            "Substring" | "ToUpper" | "ToLower" | "Trim" | "TrimStart" | "TrimEnd" | "Replace" | "ToUpperInvariant"
            | "ToLowerInvariant" | "PadLeft" | "PadRight" | "Insert" | "Remove" | "Normalize",
        ) => Some(Ty::String),
        (Some(Ty::String), "IndexOf" | "LastIndexOf" | "IndexOfAny" | "LastIndexOfAny") => Some(Ty::I32),
        (Some(Ty::String), "Contains" | "StartsWith" | "EndsWith") => Some(Ty::Bool),
        (Some(Ty::String), "Split") => Some(Ty::Array(Box::new(Ty::String))),
        (Some(Ty::String), "ToCharArray") => Some(Ty::Array(Box::new(Ty::Char))),
        (Some(Ty::Json(_)), "SelectToken") => Some(Ty::Json(JsonTy::Token)),
        (Some(Ty::Json(_)), "DeepClone") => t.clone(),
        (Some(Ty::Dict(..)), "GetValueOrDefault") => Some(Ty::String),
        (_, "AsJwt") => Some(Ty::Named(crate::builtins::auth::JWT)),
        (_, "AsBasic") => Some(Ty::Named(crate::builtins::auth::BASIC)),
        (_, "TryParseJwt" | "TryParseBasic") => Some(Ty::Bool),
        (Some(Ty::Dict(..) | Ty::Set(_)), "ContainsKey" | "Contains" | "Add" | "Remove" | "TryGetValue") => {
            Some(Ty::Bool)
        }
        (_, "Count") => Some(Ty::I32),
        (_, "LongCount") => Some(Ty::I64),
        (_, "Any" | "All") => Some(Ty::Bool),
        (
            Some(t),
            "First" | "FirstOrDefault" | "Last" | "LastOrDefault" | "Single" | "SingleOrDefault" | "ElementAt"
            | "ElementAtOrDefault",
        ) => super::element_of(&Some(t.clone())),
        (Some(t @ (Ty::Array(_) | Ty::List(_))), "ToArray") => t.element().map(|e| Ty::Array(Box::new(e.clone()))),
        (Some(t @ (Ty::Array(_) | Ty::List(_))), "ToList") => t.element().map(|e| Ty::List(Box::new(e.clone()))),
        _ => None,
    }
}

/// The type of `Type.Member`.
pub fn static_member_type(ty: &str, name: &str) -> STy {
    Some(match (ty, name) {
        ("Int32", "MaxValue" | "MinValue") => Ty::I32,
        ("Int64", "MaxValue" | "MinValue") => Ty::I64,
        ("Double", _) => Ty::F64,
        ("String", "Empty") => Ty::String,
        ("DateTime", "UtcNow" | "Now" | "MinValue" | "MaxValue" | "Today") => Ty::DateTime,
        ("TimeSpan", _) => Ty::TimeSpan,
        ("Guid", "Empty") => Ty::Guid,
        ("BitConverter", "IsLittleEndian") => Ty::Bool,
        _ => return None,
    })
}

/// The type of `Type.Method<targs>(...)`.
pub fn static_call_type(ty: &str, name: &str, targs: &[Ty]) -> STy {
    if let Some(first) = targs.first()
        && matches!(name, "DeserializeObject" | "Parse")
    {
        return Some(first.clone());
    }
    Some(match (ty, name) {
        ("Int32", "Parse") => Ty::I32,
        ("Int64", "Parse") => Ty::I64,
        ("Double", "Parse") => Ty::F64,
        ("Decimal", "Parse") => Ty::Decimal,
        ("Boolean", "Parse") => Ty::Bool,
        (_, "TryParse" | "IsNullOrEmpty" | "IsNullOrWhiteSpace" | "Equals" | "IsMatch") => Ty::Bool,
        ("Convert", "ToInt32") => Ty::I32,
        ("Convert", "ToInt64") => Ty::I64,
        ("Convert", "ToDouble") => Ty::F64,
        ("Convert", "ToDecimal") => Ty::Decimal,
        ("Convert", "ToBoolean") => Ty::Bool,
        ("Convert", "ToString" | "ToBase64String") => Ty::String,
        ("Convert", "FromBase64String") => Ty::Array(Box::new(Ty::U8)),
        ("String", "Format" | "Join" | "Concat") => Ty::String,
        ("String", "Compare" | "CompareOrdinal") => Ty::I32,
        ("JsonConvert", "SerializeObject") => Ty::String,
        ("JsonConvert", "DeserializeObject") => Ty::Object,
        ("JObject", "Parse" | "FromObject") => Ty::Json(JsonTy::Object),
        ("JArray", "Parse" | "FromObject") => Ty::Json(JsonTy::Array),
        ("JToken", "Parse" | "FromObject") => Ty::Json(JsonTy::Token),
        ("Math", "Max" | "Min" | "Abs") => return None,
        ("Math", _) => Ty::F64,
        ("DateTime", "Parse" | "ParseExact" | "SpecifyKind") => Ty::DateTime,
        ("Guid", "NewGuid" | "Parse") => Ty::Guid,
        ("Char", "GetNumericValue") => Ty::F64,
        ("JValue", "CreateNull") => Ty::Json(JsonTy::Value),
        ("Array", "Exists" | "TrueForAll") => Ty::Bool,
        ("Array", "FindIndex" | "FindLastIndex") => Ty::I32,
        ("Decimal", "Add" | "Subtract" | "Multiply" | "Divide" | "Remainder") => Ty::Decimal,
        ("BitConverter", "ToInt16") => Ty::I16,
        ("BitConverter", "ToUInt16") => Ty::U16,
        ("BitConverter", "ToInt32") => Ty::I32,
        ("BitConverter", "ToUInt32") => Ty::U32,
        ("BitConverter", "ToInt64") => Ty::I64,
        ("BitConverter", "ToUInt64") => Ty::U64,
        ("BitConverter", "ToDouble") => Ty::F64,
        ("BitConverter", "ToBoolean") => Ty::Bool,
        ("BitConverter", "ToString") => Ty::String,
        _ => return None,
    })
}
