//! Type names as written in an expression, resolved against the namespaces APIM imports.

use apim_expr::ast::{PredefinedType, TypeKind, TypeRef};

use crate::types::{JsonTy, Ty};
use crate::value::EnumTy;

/// Namespaces whose types may be named unqualified (APIM's usings).
const IMPORTED: &[&str] = &[
    "System.Collections.Generic.",
    "System.Text.RegularExpressions.",
    "System.Text.",
    "System.Linq.",
    "System.Xml.Linq.",
    "Newtonsoft.Json.Linq.",
    "Newtonsoft.Json.",
    "System.",
];

/// Namespaces reachable only with their full name.
const QUALIFIED: &[&str] = &["System.Security.Cryptography.", "System.Net.", "System.Globalization.", "System.IO."];

/// The short name of a type written as `name` (dotted), when it names a type we know.
/// Crypto and `System.Net` types must be qualified, as in APIM.
#[must_use]
pub fn resolve_type_name(name: &str) -> Option<&'static str> {
    let mut short = name;
    let mut qualified_ok = false;
    for ns in IMPORTED.iter().chain(QUALIFIED) {
        if let Some(rest) = name.strip_prefix(ns)
            && !rest.contains('.')
        {
            short = rest;
            qualified_ok = QUALIFIED.contains(ns);
            break;
        }
    }
    if short.contains('.') {
        return None;
    }
    let found = STATIC_TYPES.iter().find(|(n, _)| *n == short)?;
    if found.1 && !qualified_ok {
        return None;
    }
    Some(found.0)
}

/// Types with static members, and whether they need qualification.
const STATIC_TYPES: &[(&str, bool)] = &[
    ("String", false),
    ("Int32", false),
    ("Int64", false),
    ("Int16", false),
    ("UInt16", false),
    ("UInt32", false),
    ("UInt64", false),
    ("Byte", false),
    ("SByte", false),
    ("Double", false),
    ("Single", false),
    ("Decimal", false),
    ("Boolean", false),
    ("Char", false),
    ("Object", false),
    ("Math", false),
    ("Convert", false),
    ("DateTime", false),
    ("DateTimeOffset", false),
    ("TimeSpan", false),
    ("Guid", false),
    ("Encoding", false),
    ("JObject", false),
    ("JArray", false),
    ("JToken", false),
    ("JValue", false),
    ("JProperty", false),
    ("JsonConvert", false),
    ("Regex", false),
    ("Enumerable", false),
    ("Uri", false),
    ("BitConverter", false),
    ("Array", false),
    ("Nullable", false),
    ("StringComparer", false),
    ("StringComparison", false),
    ("StringSplitOptions", false),
    ("Formatting", false),
    ("JTokenType", false),
    ("DateTimeKind", false),
    ("DayOfWeek", false),
    ("MidpointRounding", false),
    ("RegexOptions", false),
    ("UriKind", false),
    ("UriPartial", false),
    ("Enum", false),
    ("Tuple", false),
    ("WebUtility", true),
    ("CultureInfo", true),
    ("NumberStyles", true),
    ("DateTimeStyles", true),
    ("SHA1", true),
    ("SHA256", true),
    ("SHA384", true),
    ("SHA512", true),
    ("MD5", true),
    ("HMACSHA1", true),
    ("HMACSHA256", true),
    ("HMACSHA384", true),
    ("HMACSHA512", true),
    ("HMACMD5", true),
    ("SHA256Managed", true),
    ("SHA1Managed", true),
    ("SHA512Managed", true),
    ("RandomNumberGenerator", true),
];

/// The short name of a predefined keyword type (`int` -> `Int32`).
#[must_use]
pub fn keyword_type_name(p: PredefinedType) -> &'static str {
    match p {
        PredefinedType::Bool => "Boolean",
        PredefinedType::Byte => "Byte",
        PredefinedType::SByte => "SByte",
        PredefinedType::Char => "Char",
        PredefinedType::Decimal => "Decimal",
        PredefinedType::Double => "Double",
        PredefinedType::Float => "Single",
        PredefinedType::Int => "Int32",
        PredefinedType::UInt => "UInt32",
        PredefinedType::Long => "Int64",
        PredefinedType::ULong => "UInt64",
        PredefinedType::Object => "Object",
        PredefinedType::Short => "Int16",
        PredefinedType::UShort => "UInt16",
        PredefinedType::String => "String",
        PredefinedType::Void => "Void",
    }
}

fn predefined(p: PredefinedType) -> Ty {
    match p {
        PredefinedType::Bool => Ty::Bool,
        PredefinedType::Byte => Ty::U8,
        PredefinedType::SByte => Ty::I8,
        PredefinedType::Char => Ty::Char,
        PredefinedType::Decimal => Ty::Decimal,
        PredefinedType::Double => Ty::F64,
        PredefinedType::Float => Ty::F32,
        PredefinedType::Int => Ty::I32,
        PredefinedType::UInt => Ty::U32,
        PredefinedType::Long => Ty::I64,
        PredefinedType::ULong => Ty::U64,
        PredefinedType::Short => Ty::I16,
        PredefinedType::UShort => Ty::U16,
        PredefinedType::String => Ty::String,
        PredefinedType::Object | PredefinedType::Void => Ty::Object,
    }
}

/// Resolves a written type. `Err` carries the name that is not known.
///
/// # Errors
/// The unknown type's name.
pub fn resolve(ty: &TypeRef) -> Result<Ty, String> {
    Ok(match &ty.kind {
        TypeKind::Predefined(p) => predefined(*p),
        TypeKind::Array { element, ranks } => {
            let mut t = resolve(element)?;
            for _ in ranks {
                t = Ty::Array(Box::new(t));
            }
            t
        }
        TypeKind::Nullable(inner) => Ty::Nullable(Box::new(resolve(inner)?)),
        TypeKind::Tuple(items) => Ty::Tuple(items.iter().map(resolve).collect::<Result<_, _>>()?),
        TypeKind::Named(segments) => {
            let name = segments.iter().map(|(id, _)| id.name.as_str()).collect::<Vec<_>>().join(".");
            let args = match segments.last() {
                Some((_, args)) => args.iter().map(resolve).collect::<Result<Vec<_>, _>>()?,
                None => Vec::new(),
            };
            named(&name, args).ok_or(name)?
        }
    })
}

fn strip_namespace(name: &str) -> &str {
    for ns in IMPORTED.iter().chain(QUALIFIED) {
        if let Some(rest) = name.strip_prefix(ns)
            && !rest.contains('.')
        {
            return rest;
        }
    }
    name
}

fn named(name: &str, mut args: Vec<Ty>) -> Option<Ty> {
    let short = strip_namespace(name);
    let one = |args: &mut Vec<Ty>| args.pop().map(Box::new);
    Some(match (short, args.len()) {
        ("List" | "IList" | "ICollection" | "IReadOnlyList" | "IReadOnlyCollection", 1) => Ty::List(one(&mut args)?),
        ("IEnumerable", 1) => Ty::Enumerable(one(&mut args)?),
        ("HashSet" | "ISet", 1) => Ty::Set(one(&mut args)?),
        ("Queue", 1) => Ty::Queue(one(&mut args)?),
        ("Stack", 1) => Ty::Stack(one(&mut args)?),
        ("Nullable", 1) => Ty::Nullable(one(&mut args)?),
        ("Dictionary" | "IDictionary" | "IReadOnlyDictionary", 2) => {
            let v = one(&mut args)?;
            let k = one(&mut args)?;
            Ty::Dict(k, v)
        }
        ("KeyValuePair", 2) => {
            let v = one(&mut args)?;
            let k = one(&mut args)?;
            Ty::Pair(k, v)
        }
        ("Func" | "Action" | "Predicate", _) => Ty::Func(args),
        ("ValueTuple", _) => Ty::Tuple(args),
        ("Tuple", _) => Ty::RefTuple(args),
        (_, 0) => match short {
            "String" => Ty::String,
            "Int32" => Ty::I32,
            "Int64" => Ty::I64,
            "Int16" => Ty::I16,
            "UInt16" => Ty::U16,
            "UInt32" => Ty::U32,
            "UInt64" => Ty::U64,
            "Byte" => Ty::U8,
            "SByte" => Ty::I8,
            "Double" => Ty::F64,
            "Single" => Ty::F32,
            "Decimal" => Ty::Decimal,
            "Boolean" => Ty::Bool,
            "Char" => Ty::Char,
            "Object" => Ty::Object,
            "DateTime" => Ty::DateTime,
            "DateTimeOffset" => Ty::DateTimeOffset,
            "TimeSpan" => Ty::TimeSpan,
            "Guid" => Ty::Guid,
            "JToken" => Ty::Json(JsonTy::Token),
            "JObject" => Ty::Json(JsonTy::Object),
            "JArray" => Ty::Json(JsonTy::Array),
            "JValue" => Ty::Json(JsonTy::Value),
            "JProperty" => Ty::Json(JsonTy::Property),
            "JContainer" => Ty::Json(JsonTy::Container),
            "StringBuilder" => Ty::Builder,
            "Regex" => Ty::Regex,
            "Match" => Ty::Match,
            "Group" => Ty::Group,
            "Uri" => Ty::Uri,
            "Random" => Ty::Random,
            "StringComparison" => Ty::Enum(EnumTy::StringComparison),
            "StringSplitOptions" => Ty::Enum(EnumTy::StringSplitOptions),
            "DateTimeKind" => Ty::Enum(EnumTy::DateTimeKind),
            "DayOfWeek" => Ty::Enum(EnumTy::DayOfWeek),
            "JTokenType" => Ty::Enum(EnumTy::JTokenType),
            "Formatting" => Ty::Enum(EnumTy::Formatting),
            "MidpointRounding" => Ty::Enum(EnumTy::MidpointRounding),
            "RegexOptions" => Ty::Enum(EnumTy::RegexOptions),
            "UriKind" => Ty::Enum(EnumTy::UriKind),
            "UriPartial" => Ty::Enum(EnumTy::UriPartial),
            "IEnumerable" => Ty::Enumerable(Box::new(Ty::Object)),
            "Exception" => Ty::Exception("System.Exception"),
            "Jwt" => Ty::Named(crate::builtins::auth::JWT),
            "BasicAuthCredentials" => Ty::Named(crate::builtins::auth::BASIC),
            // The context model's interfaces, for values stored in variables
            // (`(IResponse)context.Variables["response"]`).
            "IRequest" | "IResponse" | "IUrl" | "IMessageBody" | "ISubscription" | "IUser" | "IApi" | "IOperation"
            | "IProduct" | "IDeployment" | "IGateway" | "ILastError" => {
                Ty::Host(HOST_INTERFACES.iter().copied().find(|n| *n == short)?)
            }
            // What `get-authorization-context` stores (`AccessToken`, `Claims`).
            "Authorization" => Ty::Named("Apim.Authorization"),
            "UriBuilder" => Ty::Named("System.UriBuilder"),
            other => {
                if let Some(ex) = exception_name(other) {
                    Ty::Exception(ex)
                } else {
                    let known = resolve_type_name(name)?;
                    Ty::Named(known)
                }
            }
        },
        _ => return None,
    })
}

const HOST_INTERFACES: &[&str] = &[
    "IRequest",
    "IResponse",
    "IUrl",
    "IMessageBody",
    "ISubscription",
    "IUser",
    "IApi",
    "IOperation",
    "IProduct",
    "IDeployment",
    "IGateway",
    "ILastError",
];

/// The full name of an exception type written as `short`.
#[must_use]
pub fn exception_name(short: &str) -> Option<&'static str> {
    const EXCEPTIONS: &[&str] = &[
        "System.Exception",
        "System.ArgumentException",
        "System.ArgumentNullException",
        "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException",
        "System.InvalidCastException",
        "System.FormatException",
        "System.OverflowException",
        "System.DivideByZeroException",
        "System.NullReferenceException",
        "System.IndexOutOfRangeException",
        "System.NotSupportedException",
        "System.NotImplementedException",
        "System.ObjectDisposedException",
        "System.ArrayTypeMismatchException",
        "System.ArithmeticException",
        "System.UriFormatException",
        "System.Collections.Generic.KeyNotFoundException",
        "Newtonsoft.Json.JsonReaderException",
        "Newtonsoft.Json.JsonException",
        "Newtonsoft.Json.JsonSerializationException",
        "System.Text.RegularExpressions.RegexMatchTimeoutException",
    ];
    EXCEPTIONS.iter().copied().find(|full| full.rsplit('.').next() == Some(short) || *full == short)
}
