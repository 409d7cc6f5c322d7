//! .NET types as the evaluator knows them, and their full names (`GetType().FullName`).

use crate::value::{EnumTy, Value};

/// A .NET type. Types outside the allow-list do not exist here.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    Object,
    Bool,
    Char,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Decimal,
    BigInteger,
    String,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Guid,
    Enum(EnumTy),
    /// `JToken` and its subclasses: `JToken`, `JObject`, `JArray`, `JValue`, `JProperty`, `JContainer`.
    Json(JsonTy),
    Array(Box<Ty>),
    List(Box<Ty>),
    Dict(Box<Ty>, Box<Ty>),
    Set(Box<Ty>),
    Queue(Box<Ty>),
    Stack(Box<Ty>),
    Pair(Box<Ty>, Box<Ty>),
    /// `IEnumerable<T>` and the other collection interfaces.
    Enumerable(Box<Ty>),
    Nullable(Box<Ty>),
    Tuple(Vec<Ty>),
    /// `System.Tuple<...>` (`Tuple.Create`).
    RefTuple(Vec<Ty>),
    Builder,
    Regex,
    Match,
    Group,
    Uri,
    Random,
    Exception(&'static str),
    /// `Func<...>` / `Action<...>`: parameter types then the result.
    Func(Vec<Ty>),
    /// A host object type of the context model (`IRequest` ...).
    Host(&'static str),
    /// Hash algorithms, encodings and other objects only known by name.
    Named(&'static str),
    /// A generic class known by name and its type arguments (boxed: `Ty` stays small).
    Generic(Box<GenericTy>),
}

/// A constructed generic class: `System.Linq.Enumerable+WhereArrayIterator`1` of `Int32`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GenericTy {
    pub name: &'static str,
    pub args: Vec<Ty>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonTy {
    Token,
    Object,
    Array,
    Value,
    Property,
    Container,
}

const MSCORLIB: &str = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";

impl Ty {
    /// `Type.FullName`.
    #[must_use]
    pub fn full_name(&self) -> String {
        match self {
            Ty::Array(e) => format!("{}[]", e.full_name()),
            Ty::List(e) => generic("System.Collections.Generic.List`1", &[e]),
            Ty::Dict(k, v) => generic("System.Collections.Generic.Dictionary`2", &[k, v]),
            Ty::Set(e) => generic("System.Collections.Generic.HashSet`1", &[e]),
            Ty::Queue(e) => generic("System.Collections.Generic.Queue`1", &[e]),
            Ty::Stack(e) => generic("System.Collections.Generic.Stack`1", &[e]),
            Ty::Pair(k, v) => generic("System.Collections.Generic.KeyValuePair`2", &[k, v]),
            Ty::Enumerable(e) => generic("System.Collections.Generic.IEnumerable`1", &[e]),
            Ty::Nullable(e) => generic("System.Nullable`1", &[e]),
            Ty::Tuple(items) => {
                let refs: Vec<&Ty> = items.iter().collect();
                generic(&format!("System.ValueTuple`{}", items.len()), &refs)
            }
            Ty::RefTuple(items) => {
                let refs: Vec<&Ty> = items.iter().collect();
                generic(&format!("System.Tuple`{}", items.len()), &refs)
            }
            Ty::Func(items) => {
                let refs: Vec<&Ty> = items.iter().collect();
                generic(&format!("System.Func`{}", items.len()), &refs)
            }
            Ty::Generic(g) if !g.args.is_empty() => generic(g.name, &g.args.iter().collect::<Vec<_>>()),
            other => other.simple_full_name().to_owned(),
        }
    }

    /// `Type.ToString()`: generic arguments without assembly names
    /// (`System.Collections.Generic.List`1[System.Int32]`).
    #[must_use]
    pub fn display_name(&self) -> String {
        let short = |name: &str, args: &[&Ty]| {
            format!("{name}[{}]", args.iter().map(|a| a.display_name()).collect::<Vec<_>>().join(","))
        };
        match self {
            Ty::Array(e) => format!("{}[]", e.display_name()),
            Ty::List(e) => short("System.Collections.Generic.List`1", &[e]),
            Ty::Dict(k, v) => short("System.Collections.Generic.Dictionary`2", &[k, v]),
            Ty::Set(e) => short("System.Collections.Generic.HashSet`1", &[e]),
            Ty::Queue(e) => short("System.Collections.Generic.Queue`1", &[e]),
            Ty::Stack(e) => short("System.Collections.Generic.Stack`1", &[e]),
            Ty::Pair(k, v) => short("System.Collections.Generic.KeyValuePair`2", &[k, v]),
            Ty::Nullable(e) => short("System.Nullable`1", &[e]),
            Ty::Generic(g) if !g.args.is_empty() => short(g.name, &g.args.iter().collect::<Vec<_>>()),
            _ => self.full_name(),
        }
    }

    fn simple_full_name(&self) -> &'static str {
        match self {
            Ty::Object => "System.Object",
            Ty::Bool => "System.Boolean",
            Ty::Char => "System.Char",
            Ty::I8 => "System.SByte",
            Ty::U8 => "System.Byte",
            Ty::I16 => "System.Int16",
            Ty::U16 => "System.UInt16",
            Ty::I32 => "System.Int32",
            Ty::U32 => "System.UInt32",
            Ty::I64 => "System.Int64",
            Ty::U64 => "System.UInt64",
            Ty::F32 => "System.Single",
            Ty::F64 => "System.Double",
            Ty::Decimal => "System.Decimal",
            Ty::BigInteger => "System.Numerics.BigInteger",
            Ty::String => "System.String",
            Ty::DateTime => "System.DateTime",
            Ty::DateTimeOffset => "System.DateTimeOffset",
            Ty::TimeSpan => "System.TimeSpan",
            Ty::Guid => "System.Guid",
            Ty::Enum(e) => match e {
                EnumTy::StringComparison => "System.StringComparison",
                EnumTy::StringSplitOptions => "System.StringSplitOptions",
                EnumTy::DateTimeKind => "System.DateTimeKind",
                EnumTy::DayOfWeek => "System.DayOfWeek",
                EnumTy::JTokenType => "Newtonsoft.Json.Linq.JTokenType",
                EnumTy::Formatting => "Newtonsoft.Json.Formatting",
                EnumTy::MidpointRounding => "System.MidpointRounding",
                EnumTy::RegexOptions => "System.Text.RegularExpressions.RegexOptions",
                EnumTy::UriKind => "System.UriKind",
                EnumTy::UriPartial => "System.UriPartial",
                EnumTy::DateTimeStyles => "System.Globalization.DateTimeStyles",
                EnumTy::NumberStyles => "System.Globalization.NumberStyles",
            },
            Ty::Json(j) => match j {
                JsonTy::Token => "Newtonsoft.Json.Linq.JToken",
                JsonTy::Object => "Newtonsoft.Json.Linq.JObject",
                JsonTy::Array => "Newtonsoft.Json.Linq.JArray",
                JsonTy::Value => "Newtonsoft.Json.Linq.JValue",
                JsonTy::Property => "Newtonsoft.Json.Linq.JProperty",
                JsonTy::Container => "Newtonsoft.Json.Linq.JContainer",
            },
            Ty::Builder => "System.Text.StringBuilder",
            Ty::Regex => "System.Text.RegularExpressions.Regex",
            Ty::Match => "System.Text.RegularExpressions.Match",
            Ty::Group => "System.Text.RegularExpressions.Group",
            Ty::Uri => "System.Uri",
            Ty::Random => "System.Random",
            Ty::Exception(name) | Ty::Host(name) | Ty::Named(name) => name,
            Ty::Generic(g) => g.name,
            _ => "System.Object",
        }
    }

    /// Whether values of this type are .NET value types.
    #[must_use]
    pub fn is_value_type(&self) -> bool {
        matches!(
            self,
            Ty::Bool
                | Ty::Char
                | Ty::I8
                | Ty::U8
                | Ty::I16
                | Ty::U16
                | Ty::I32
                | Ty::U32
                | Ty::I64
                | Ty::U64
                | Ty::F32
                | Ty::F64
                | Ty::Decimal
                | Ty::BigInteger
                | Ty::DateTime
                | Ty::DateTimeOffset
                | Ty::TimeSpan
                | Ty::Guid
                | Ty::Enum(_)
                | Ty::Pair(..)
                | Ty::Tuple(_)
        )
    }

    /// Whether this is a numeric type (including `char` for promotion purposes).
    #[must_use]
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Ty::Char
                | Ty::I8
                | Ty::U8
                | Ty::I16
                | Ty::U16
                | Ty::I32
                | Ty::U32
                | Ty::I64
                | Ty::U64
                | Ty::F32
                | Ty::F64
                | Ty::Decimal
        )
    }

    /// The element type when this is a sequence type.
    #[must_use]
    pub fn element(&self) -> Option<&Ty> {
        match self {
            Ty::Array(e) | Ty::List(e) | Ty::Set(e) | Ty::Queue(e) | Ty::Stack(e) | Ty::Enumerable(e) => Some(e),
            _ => None,
        }
    }

    /// `default(T)`.
    #[must_use]
    pub fn default_value(&self) -> Value {
        match self {
            Ty::Bool => Value::Bool(false),
            Ty::Char => Value::Char('\0'),
            Ty::I8 => Value::I8(0),
            Ty::U8 => Value::U8(0),
            Ty::I16 => Value::I16(0),
            Ty::U16 => Value::U16(0),
            Ty::I32 => Value::I32(0),
            Ty::U32 => Value::U32(0),
            Ty::I64 => Value::I64(0),
            Ty::U64 => Value::U64(0),
            Ty::F32 => Value::F32(0.0),
            Ty::F64 => Value::F64(0.0),
            Ty::Decimal => Value::Decimal(apim_dotnet::Decimal::ZERO),
            Ty::DateTime => Value::DateTime(apim_dotnet::DateTime::MIN_VALUE),
            Ty::DateTimeOffset => Value::DateTimeOffset(crate::builtins::datetime_offset::Dto {
                clock: apim_dotnet::DateTime::MIN_VALUE,
                offset: 0,
            }),
            Ty::TimeSpan => Value::TimeSpan(apim_dotnet::TimeSpan::ZERO),
            Ty::Guid => Value::Guid(apim_dotnet::Guid::from_bytes([0; 16])),
            Ty::Enum(e) => Value::Enum(*e, 0),
            _ => Value::Null,
        }
    }
}

fn generic(name: &str, args: &[&Ty]) -> String {
    let mut s = String::from(name);
    s.push('[');
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        s.push_str(&a.full_name());
        s.push_str(", ");
        s.push_str(assembly_of(a));
        s.push(']');
    }
    s.push(']');
    s
}

fn assembly_of(ty: &Ty) -> &'static str {
    match ty {
        Ty::Json(_) | Ty::Enum(EnumTy::JTokenType | EnumTy::Formatting) => {
            "Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"
        }
        Ty::Set(_) | Ty::Queue(_) | Ty::Stack(_) | Ty::Uri | Ty::Regex | Ty::Match | Ty::Group => {
            "System, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
        }
        Ty::BigInteger => "System.Numerics, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089",
        Ty::Generic(g) if g.name.starts_with("System.Linq.") => {
            "System.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
        }
        _ => MSCORLIB,
    }
}

/// The runtime type of a value (`GetType()`); `None` for null.
#[must_use]
pub fn type_of(v: &Value) -> Option<Ty> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => Ty::Bool,
        Value::Char(_) => Ty::Char,
        Value::I8(_) => Ty::I8,
        Value::U8(_) => Ty::U8,
        Value::I16(_) => Ty::I16,
        Value::U16(_) => Ty::U16,
        Value::I32(_) => Ty::I32,
        Value::U32(_) => Ty::U32,
        Value::I64(_) => Ty::I64,
        Value::U64(_) => Ty::U64,
        Value::F32(_) => Ty::F32,
        Value::F64(_) => Ty::F64,
        Value::Decimal(_) => Ty::Decimal,
        Value::BigInt(_) => Ty::BigInteger,
        Value::Str(_) => Ty::String,
        Value::DateTime(_) => Ty::DateTime,
        Value::DateTimeOffset(_) => Ty::DateTimeOffset,
        Value::TimeSpan(_) => Ty::TimeSpan,
        Value::Guid(_) => Ty::Guid,
        Value::Enum(e, _) => Ty::Enum(*e),
        Value::Array(s) => Ty::Array(Box::new(s.elem.clone())),
        Value::List(s) => Ty::List(Box::new(s.elem.clone())),
        Value::Set(s) => Ty::Set(Box::new(s.elem.clone())),
        Value::Queue(s) => Ty::Queue(Box::new(s.elem.clone())),
        Value::Stack(s) => Ty::Stack(Box::new(s.elem.clone())),
        Value::Dict(d) => Ty::Dict(Box::new(d.key.clone()), Box::new(d.value.clone())),
        Value::Pair(p) => Ty::Pair(Box::new(p.2.clone()), Box::new(p.3.clone())),
        Value::Tuple(t) => {
            if t.anonymous {
                Ty::Named("<>f__AnonymousType0")
            } else if t.reference {
                Ty::RefTuple(t.items.borrow().iter().map(|v| type_of(v).unwrap_or(Ty::Object)).collect())
            } else {
                Ty::Tuple(t.items.borrow().iter().map(|v| type_of(v).unwrap_or(Ty::Object)).collect())
            }
        }
        Value::Json(t) => Ty::Json(json_ty(t)),
        Value::Builder(_) => Ty::Builder,
        Value::Regex(_) => Ty::Regex,
        Value::Match(_) => Ty::Match,
        Value::Group(_) => Ty::Group,
        Value::Uri(_) => Ty::Uri,
        Value::Random(_) => Ty::Random,
        Value::Hasher(h) => Ty::Named(h.type_name()),
        Value::Encoding(e) => Ty::Named(e.type_name()),
        Value::Exception(e) => Ty::Named(e.type_name),
        Value::Host(h) => Ty::Host(h.type_name()),
        Value::Func(_) => Ty::Named("System.Func"),
        Value::Lazy(l) => l.clr_type(),
        Value::Type(_) => Ty::Named("System.RuntimeType"),
        Value::Record(r) => Ty::Named(r.type_name),
        Value::UriBuilder(_) => Ty::Named("System.UriBuilder"),
    })
}

/// The `JToken` subclass of a token.
#[must_use]
pub fn json_ty(t: &apim_json::JToken) -> JsonTy {
    use apim_json::JTokenType as T;
    match t.token_type() {
        T::Object => JsonTy::Object,
        T::Array => JsonTy::Array,
        T::Property => JsonTy::Property,
        T::Constructor => JsonTy::Container,
        _ => JsonTy::Value,
    }
}

/// `GetType().FullName` of a value, `None` for null.
#[must_use]
pub fn type_name(v: &Value) -> Option<String> {
    type_of(v).map(|t| t.full_name())
}

/// Whether a value of runtime type `actual` is an instance of `target` (`is`, `as`, unboxing).
#[must_use]
pub fn is_instance(v: &Value, target: &Ty) -> bool {
    let Some(actual) = type_of(v) else { return false };
    match target {
        Ty::Object => true,
        Ty::Nullable(inner) => is_instance(v, inner),
        Ty::Json(j) => match (v, j) {
            (Value::Json(_), JsonTy::Token) => true,
            (Value::Json(t), JsonTy::Container) => t.is_container(),
            (Value::Json(_), _) => actual == Ty::Json(*j),
            _ => false,
        },
        Ty::Enumerable(e) => match v {
            Value::Str(_) => **e == Ty::Char || **e == Ty::Object,
            Value::Array(s) | Value::List(s) | Value::Set(s) | Value::Queue(s) | Value::Stack(s) => {
                s.elem == **e || (**e == Ty::Object && !s.elem.is_value_type())
            }
            Value::Lazy(_) => true,
            Value::Json(t) => t.is_container(),
            _ => false,
        },
        Ty::Func(_) => matches!(v, Value::Func(_)),
        // Static types name the interface (`IResponse`), runtime ones qualify it (`Apim.IResponse`).
        Ty::Host(name) => match v {
            Value::Host(h) => h.type_name().rsplit('.').next() == Some(name),
            _ => false,
        },
        Ty::Exception(name) => match v {
            Value::Exception(ex) => *name == "System.Exception" || ex.type_name == *name,
            _ => false,
        },
        _ => &actual == target,
    }
}
