//! Newtonsoft.Json through apim-json: `JObject`/`JArray`/`JToken`/`JValue`/`JProperty`,
//! `JsonConvert`.

use std::rc::Rc;

use apim_json::{ClrType, Formatting, JToken, JTokenType, Key, StdPlatform, Target};

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{from_clr, json_cast, to_i64, to_jtoken_implicit, to_jvalue};
use crate::eval::ops::as_i64;
use crate::types::{JsonTy, Ty};
use crate::value::{EnumTy, Value};

const P: &StdPlatform = &StdPlatform::APIM;

fn tok(t: Option<JToken>) -> Value {
    t.map_or(Value::Null, Value::Json)
}

fn jt_index(t: JTokenType) -> i64 {
    use JTokenType as T;
    match t {
        T::None => 0,
        T::Object => 1,
        T::Array => 2,
        T::Constructor => 3,
        T::Property => 4,
        T::Comment => 5,
        T::Integer => 6,
        T::Float => 7,
        T::String => 8,
        T::Boolean => 9,
        T::Null => 10,
        T::Undefined => 11,
        T::Date => 12,
        T::Raw => 13,
        T::Bytes => 14,
        T::Guid => 15,
        T::Uri => 16,
        T::TimeSpan => 17,
    }
}

/// The .NET value a `JValue` holds (`JValue.Value`).
#[must_use]
pub fn jvalue_object(t: &JToken) -> Value {
    use apim_json::Value as J;
    match t.value() {
        None | Some(J::Null | J::Undefined) => Value::Null,
        Some(J::Integer(i)) => Value::I64(i),
        Some(J::BigInteger(b)) => Value::BigInt(Rc::new(b)),
        Some(J::Float(f)) => Value::F64(f),
        Some(J::Decimal(d)) => Value::Decimal(d),
        Some(J::String(s) | J::Comment(s)) => Value::string(s),
        Some(J::Boolean(b)) => Value::Bool(b),
        Some(J::Date(d)) => from_clr(apim_json::ClrValue::DateTime(d), &Ty::DateTime),
        Some(J::Guid(g)) => Value::Guid(apim_dotnet::Guid::from_bytes(g.0)),
        Some(J::Uri(u)) => Value::string(u),
        Some(J::TimeSpan(ts)) => Value::TimeSpan(apim_dotnet::TimeSpan::from_ticks(ts.0)),
        Some(J::Bytes(b)) => Value::array(Ty::U8, b.into_iter().map(Value::U8).collect()),
    }
}

/// Enumerating a token: an object gives `KeyValuePair<string, JToken>`, others their children.
#[must_use]
pub fn enumerate(t: &JToken) -> Vec<Value> {
    if t.token_type() == JTokenType::Object {
        return t
            .properties()
            .into_iter()
            .map(|p| {
                Value::Pair(Rc::new((
                    Value::string(p.name().unwrap_or_default()),
                    tok(p.property_value()),
                    Ty::String,
                    Ty::Json(JsonTy::Token),
                )))
            })
            .collect();
    }
    t.children().into_iter().map(Value::Json).collect()
}

/// Properties of tokens.
///
/// # Errors
/// `InvalidOperationException` for child access on a value.
pub fn member(_interp: &mut Interp<'_>, t: &JToken, name: &str) -> Result<Option<Value>> {
    Ok(Some(match name {
        "Type" => Value::Enum(EnumTy::JTokenType, jt_index(t.token_type())),
        "Count" if t.is_container() => Value::I32(i32::try_from(t.count()).unwrap_or(i32::MAX)),
        "HasValues" => Value::Bool(t.has_values()),
        "Parent" => tok(t.parent()),
        "Root" => Value::Json(t.root()),
        "First" => tok(t.first()?),
        "Last" => tok(t.last()?),
        "Next" => tok(t.next()),
        "Previous" => tok(t.previous()),
        "Path" => Value::string(t.path()),
        "Name" if t.token_type() == JTokenType::Property => Value::string(t.name().unwrap_or_default()),
        "Value" if t.token_type() == JTokenType::Property => tok(t.property_value()),
        "Value" if t.is_value() => jvalue_object(t),
        _ => return Ok(None),
    }))
}

/// `JProperty.Value = x`, `JValue.Value = x`.
///
/// # Errors
/// Unknown members.
pub fn set_member(_interp: &mut Interp<'_>, t: &JToken, name: &str, value: Value) -> Result<()> {
    match name {
        "Value" if t.token_type() == JTokenType::Property => {
            Ok(t.set_property_value(Some(to_jtoken_implicit(&value)?))?)
        }
        "Value" if t.is_value() => {
            let v = to_jvalue(&value)?;
            if let Some(inner) = v.value() {
                t.set_value(inner)?;
            }
            Ok(())
        }
        _ => Err(Exception::unsupported(format!("JToken.{name} = ..."))),
    }
}

fn key_of(v: &Value) -> Result<(Option<String>, Option<i32>)> {
    Ok(match v {
        Value::Str(s) => (Some(s.to_string()), None),
        Value::Null => (None, None),
        other => (None, Some(i32::try_from(to_i64(other)?).unwrap_or(i32::MAX))),
    })
}

fn get(t: &JToken, k: &Value) -> Result<Option<JToken>> {
    Ok(match key_of(k)? {
        (Some(name), _) => t.get(Key::Name(&name))?,
        (None, Some(i)) => t.get(Key::Index(i))?,
        (None, None) => t.get(Key::Null)?,
    })
}

/// `token[key]`.
///
/// # Errors
/// Newtonsoft's indexer errors.
pub fn index(t: &JToken, args: &[Value]) -> Result<Value> {
    let k = args.first().cloned().unwrap_or(Value::Null);
    Ok(tok(get(t, &k)?))
}

/// `token[key] = value`.
///
/// # Errors
/// Newtonsoft's indexer errors.
pub fn index_set(_interp: &mut Interp<'_>, t: &JToken, args: &[Value], value: Value) -> Result<()> {
    let k = args.first().cloned().unwrap_or(Value::Null);
    let v = if value.is_null() { None } else { Some(to_jtoken_implicit(&value)?) };
    let v = v.or_else(|| Some(JToken::null()));
    match key_of(&k)? {
        (Some(name), _) => t.set(Key::Name(&name), v)?,
        (None, Some(i)) => t.set(Key::Index(i), v)?,
        (None, None) => t.set(Key::Null, v)?,
    }
    Ok(())
}

fn target_of(t: &Ty) -> Option<Target> {
    let (inner, nullable) = match t {
        Ty::Nullable(i) => (&**i, true),
        o => (o, false),
    };
    let ty = match inner {
        Ty::Bool => ClrType::Boolean,
        Ty::I32 | Ty::I16 | Ty::U16 | Ty::U8 | Ty::I8 => ClrType::Int32,
        Ty::I64 | Ty::U32 | Ty::U64 => ClrType::Int64,
        Ty::F64 | Ty::F32 | Ty::Decimal => ClrType::Double,
        Ty::String => ClrType::String,
        Ty::DateTime => ClrType::DateTime,
        Ty::Json(_) | Ty::Object => ClrType::JToken,
        _ => return None,
    };
    Some(Target { ty, nullable })
}

/// `Value<T>()` / `ToObject<T>()` of a token (or of a missing one).
fn convert_token(t: Option<&JToken>, ty: &Ty) -> Result<Value> {
    if let Some(v) = t.and_then(|t| crate::eval::convert::decimal_as_is(t, ty)) {
        return Ok(v);
    }
    let Some(target) = target_of(ty) else {
        return Err(Exception::unsupported(format!("conversion of a JToken to {}", ty.full_name())));
    };
    let v = apim_json::convert(t, target, P)?;
    Ok(from_clr(v, ty))
}

fn formatting(args: &[Value]) -> Formatting {
    match args.first() {
        Some(Value::Enum(EnumTy::Formatting, 1)) => Formatting::Indented,
        Some(Value::Enum(EnumTy::Formatting, _)) => Formatting::None,
        _ => Formatting::Indented,
    }
}

/// Methods of tokens.
///
/// # Errors
/// What Newtonsoft throws.
#[allow(clippy::too_many_lines)]
pub fn call(
    interp: &mut Interp<'_>,
    t: &JToken,
    name: &str,
    targs: &[Ty],
    args: &mut [Value],
) -> Result<Option<Value>> {
    Ok(Some(match (name, &*args) {
        ("ToString", []) => Value::string(t.to_string_net(P)),
        ("ToString", [Value::Enum(EnumTy::Formatting, _), ..]) => Value::string(t.to_json(formatting(args), P)),
        ("Value", [k]) => {
            let ty = targs.first().cloned().unwrap_or(Ty::Json(JsonTy::Token));
            let found = get(t, k)?;
            convert_token(found.as_ref(), &ty)?
        }
        ("Value", []) => {
            let ty = targs.first().cloned().unwrap_or(Ty::Json(JsonTy::Token));
            convert_token(Some(t), &ty)?
        }
        ("Values", []) => {
            let ty = targs.first().cloned().unwrap_or(Ty::Json(JsonTy::Token));
            let mut out = Vec::new();
            for c in t.children() {
                let c = if c.token_type() == JTokenType::Property {
                    c.property_value().unwrap_or_else(JToken::null)
                } else {
                    c
                };
                out.push(convert_token(Some(&c), &ty)?);
            }
            Value::list(ty, out)
        }
        ("ToObject", []) => {
            let ty = targs.first().cloned().unwrap_or(Ty::Object);
            match &ty {
                Ty::Json(_) => json_cast_or_same(t, &ty)?,
                Ty::List(e) | Ty::Array(e) => {
                    let mut out = Vec::new();
                    for c in t.children() {
                        out.push(convert_token(Some(&c), e)?);
                    }
                    if matches!(ty, Ty::List(_)) {
                        Value::list((**e).clone(), out)
                    } else {
                        Value::array((**e).clone(), out)
                    }
                }
                Ty::Dict(k, v) if **k == Ty::String => {
                    let mut entries = Vec::new();
                    for p in t.properties() {
                        let val = p.property_value();
                        let val = if **v == Ty::Object {
                            val.map_or(Value::Null, |x| if x.is_value() { jvalue_object(&x) } else { Value::Json(x) })
                        } else {
                            convert_token(val.as_ref(), v)?
                        };
                        entries.push((Value::string(p.name().unwrap_or_default()), val));
                    }
                    Value::Dict(Rc::new(crate::value::Dict {
                        key: Ty::String,
                        value: (**v).clone(),
                        ignore_case: false,
                        entries: entries.into(),
                        slots: std::cell::RefCell::default(),
                    }))
                }
                _ => convert_token(Some(t), &ty)?,
            }
        }
        ("SelectToken", [Value::Str(path), rest @ ..]) => {
            let error = matches!(rest.first(), Some(Value::Bool(true)));
            if error {
                let found = t.select_tokens(path, true)?;
                if found.len() > 1 {
                    return Err(Exception::new("Newtonsoft.Json.JsonException", "Path returned multiple tokens."));
                }
                tok(found.into_iter().next())
            } else {
                tok(t.select_token(path)?)
            }
        }
        ("SelectTokens", [Value::Str(path), ..]) => {
            Value::list(Ty::Json(JsonTy::Token), t.select_tokens(path, false)?.into_iter().map(Value::Json).collect())
        }
        ("Children", []) => Value::list(Ty::Json(JsonTy::Token), t.children().into_iter().map(Value::Json).collect()),
        ("Properties", []) => {
            Value::list(Ty::Json(JsonTy::Property), t.properties().into_iter().map(Value::Json).collect())
        }
        ("Property", [Value::Str(n), ..]) => tok(t.property(n)),
        ("GetValue", [Value::Str(n)]) => tok(t.get_value(n)),
        ("GetValue", [Value::Str(n), Value::Enum(EnumTy::StringComparison, c)]) => {
            if c % 2 == 1 {
                tok(t.get_value_ignore_case(n))
            } else {
                tok(t.get_value(n))
            }
        }
        ("ContainsKey", [Value::Str(n)]) if t.token_type() == JTokenType::Object => Value::Bool(t.contains_key(n)),
        ("TryGetValue", [Value::Str(n), _]) if t.token_type() == JTokenType::Object => {
            let found = t.try_get_value(n);
            let ok = found.is_some();
            args[1] = tok(found);
            Value::Bool(ok)
        }
        ("Add", [Value::Str(n), v]) if t.token_type() == JTokenType::Object => {
            let v = to_jtoken_implicit(v)?;
            t.add_property(n, Some(v))?;
            Value::Null
        }
        ("Add", [v]) => {
            let v = if v.is_null() { JToken::null() } else { to_jvalue(v)? };
            t.add(Some(v))?;
            Value::Null
        }
        ("AddFirst", [v]) => {
            t.add_first(Some(to_jvalue(v)?))?;
            Value::Null
        }
        ("Insert", [i, v]) => {
            t.insert(i32::try_from(to_i64(i)?).unwrap_or(0), Some(to_jvalue(v)?))?;
            Value::Null
        }
        ("Remove", [Value::Str(n)]) if t.token_type() == JTokenType::Object => Value::Bool(t.remove_property(n)),
        ("Remove", [Value::Json(item)]) if t.is_container() => Value::Bool(t.remove_item(item)?),
        ("Remove", []) => {
            t.remove()?;
            Value::Null
        }
        ("RemoveAt", [i]) => {
            t.remove_at(i32::try_from(to_i64(i)?).unwrap_or(0))?;
            Value::Null
        }
        ("RemoveAll", []) => {
            t.remove_all()?;
            Value::Null
        }
        ("Replace", [v]) => {
            t.replace(to_jvalue(v)?)?;
            Value::Null
        }
        ("AddAfterSelf", [v]) => {
            t.add_after_self(Some(to_jvalue(v)?))?;
            Value::Null
        }
        ("AddBeforeSelf", [v]) => {
            t.add_before_self(Some(to_jvalue(v)?))?;
            Value::Null
        }
        ("IndexOf", [Value::Json(item)]) => {
            Value::I32(t.index_of_item(item).map_or(-1, |i| i32::try_from(i).unwrap_or(-1)))
        }
        ("Contains", [Value::Json(item)]) if t.is_container() => Value::Bool(t.index_of_item(item).is_some()),
        ("DeepClone", []) => Value::Json(t.deep_clone()),
        ("Merge", [Value::Json(other), ..]) => {
            t.merge(other, apim_json::MergeSettings::default())?;
            Value::Null
        }
        ("Equals", [other]) => Value::Bool(crate::eval::ops::object_equals(&Value::Json(t.clone()), other)),
        // `JValue.CompareTo(JValue)` of two numbers (long, double, BigInteger mixed):
        // their numeric order. (Strings compare by ordinal difference, not only its sign.)
        ("CompareTo", [Value::Json(other)])
            if [t.token_type(), other.token_type()]
                .iter()
                .all(|k| matches!(k, JTokenType::Integer | JTokenType::Float)) =>
        {
            let (Some(a), Some(b)) = (t.value(), other.value()) else { return Ok(None) };
            match apim_json::compare_values(&a, &b) {
                Some(o) => Value::I32(o as i32),
                None => return Ok(None),
            }
        }
        ("GetType", []) => return Ok(None),
        _ => {
            let _ = interp;
            return Ok(None);
        }
    }))
}

fn json_cast_or_same(t: &JToken, ty: &Ty) -> Result<Value> {
    let v = Value::Json(t.clone());
    if crate::types::is_instance(&v, ty) { Ok(Value::Json(t.deep_clone())) } else { json_cast(t, ty) }
}

/// A runtime value as a new token (`JToken.FromObject`, `JsonConvert.SerializeObject`).
///
/// # Errors
/// Values JSON cannot hold.
pub fn from_value(interp: &mut Interp<'_>, v: &Value) -> Result<JToken> {
    Ok(match v {
        Value::Json(t) => t.deep_clone(),
        Value::Array(s) if s.elem == Ty::U8 => to_jvalue(v)?,
        Value::Array(_) | Value::List(_) | Value::Set(_) | Value::Lazy(_) | Value::Queue(_) | Value::Stack(_) => {
            let arr = JToken::new_array();
            for x in super::linq::iterate(interp, v)? {
                arr.add(Some(from_value(interp, &x)?))?;
            }
            arr
        }
        Value::Dict(d) => {
            let obj = JToken::new_object();
            for (k, x) in d.entries.borrow().iter() {
                obj.set_property(&super::format::to_string(k)?, Some(from_value(interp, x)?))?;
            }
            obj
        }
        Value::Tuple(t) if t.anonymous => {
            let obj = JToken::new_object();
            for (n, x) in t.names.iter().zip(t.items.borrow().iter()) {
                obj.set_property(n, Some(from_value(interp, x)?))?;
            }
            obj
        }
        Value::Tuple(t) => {
            let obj = JToken::new_object();
            for (i, x) in t.items.borrow().iter().enumerate() {
                obj.set_property(&format!("Item{}", i + 1), Some(from_value(interp, x)?))?;
            }
            obj
        }
        Value::Enum(_, x) => JToken::integer(*x),
        Value::Null => JToken::null(),
        other => to_jvalue(other)?,
    })
}

fn parse_with_message(r: apim_json::Result<JToken>) -> Result<Value> {
    Ok(Value::Json(r?))
}

/// Statics of `JObject`, `JArray`, `JToken`, `JsonConvert`.
///
/// # Errors
/// Newtonsoft's exceptions.
pub fn call_static(
    interp: &mut Interp<'_>,
    ty: &str,
    name: &str,
    targs: &[Ty],
    args: &mut [Value],
) -> Result<Option<Value>> {
    Ok(Some(match (ty, name, &*args) {
        ("JObject", "Parse", [Value::Str(s), ..]) => parse_with_message(JToken::parse_object(s))?,
        ("JArray", "Parse", [Value::Str(s), ..]) => parse_with_message(JToken::parse_array(s))?,
        ("JToken" | "JValue", "Parse", [Value::Str(s), ..]) => parse_with_message(JToken::parse(s))?,
        ("JValue", "CreateNull", []) => Value::Json(JToken::null()),
        ("JObject" | "JArray" | "JToken", "Parse", [Value::Null, ..]) => {
            return Err(Exception::argument_null("json"));
        }
        ("JObject" | "JArray" | "JToken", "FromObject", [v, ..]) => {
            if v.is_null() {
                return Err(Exception::argument_null("o"));
            }
            let t = from_value(interp, v)?;
            match (ty, t.token_type()) {
                ("JObject", JTokenType::Object) | ("JArray", JTokenType::Array) | ("JToken", _) => Value::Json(t),
                ("JObject", other) => {
                    return Err(Exception::argument(
                        &format!("Object serialized to {}. JObject instance expected.", other.name()),
                        None,
                    ));
                }
                (_, other) => {
                    return Err(Exception::argument(
                        &format!("Object serialized to {}. JArray instance expected.", other.name()),
                        None,
                    ));
                }
            }
        }
        ("JToken", "DeepEquals", [a, b]) => {
            let (a, b) = (as_token(a), as_token(b));
            Value::Bool(JToken::deep_equals(a.as_ref(), b.as_ref()))
        }
        ("JsonConvert", "SerializeObject", [v, rest @ ..]) => {
            let t = from_value(interp, v)?;
            let f = match rest.first() {
                Some(Value::Enum(EnumTy::Formatting, 1)) => Formatting::Indented,
                _ => Formatting::None,
            };
            Value::string(t.to_json(f, P))
        }
        ("JsonConvert", "DeserializeObject", [Value::Str(s), ..]) => {
            if matches!(targs.first(), Some(Ty::I32))
                || matches!(targs.first(), Some(Ty::Nullable(t)) if **t == Ty::I32)
            {
                JToken::check_read_as_int32(s)?;
            }
            let t = JToken::parse(s)?;
            match targs.first() {
                None | Some(Ty::Object) => {
                    if t.is_value() {
                        jvalue_object(&t)
                    } else {
                        Value::Json(t)
                    }
                }
                Some(ty @ Ty::Json(_)) => json_cast_or_same(&t, ty)?,
                Some(ty) => {
                    let mut a: Vec<Value> = Vec::new();
                    return call(interp, &t, "ToObject", std::slice::from_ref(ty), &mut a).map(|v| {
                        v.map(
                            |v| {
                                if let Value::Json(x) = &v {
                                    if x.is_value() { jvalue_object(x) } else { v }
                                } else {
                                    v
                                }
                            },
                        )
                    });
                }
            }
        }
        _ => return Ok(None),
    }))
}

fn as_token(v: &Value) -> Option<JToken> {
    match v {
        Value::Json(t) => Some(t.clone()),
        _ => None,
    }
}

/// `new JObject(...)`, `new JArray(...)`, `new JProperty(name, value)`, `new JValue(x)`.
///
/// # Errors
/// Newtonsoft's exceptions for bad content.
pub fn construct(interp: &mut Interp<'_>, ty: &Ty, args: &mut [Value]) -> Result<Option<Value>> {
    let add_all = |interp: &mut Interp<'_>, target: &JToken, args: &[Value]| -> Result<()> {
        for a in args {
            match a {
                Value::Json(t) => target.add(Some(t.clone()))?,
                v if super::linq::is_enumerable(v) && !matches!(v, Value::Str(_)) => {
                    for x in super::linq::iterate(interp, v)? {
                        target.add(Some(to_jvalue(&x)?))?;
                    }
                }
                v => target.add(Some(to_jvalue(v)?))?,
            }
        }
        Ok(())
    };
    Ok(Some(match ty {
        Ty::Json(JsonTy::Object) => {
            let o = JToken::new_object();
            add_all(interp, &o, args)?;
            Value::Json(o)
        }
        Ty::Json(JsonTy::Array) => {
            let a = JToken::new_array();
            add_all(interp, &a, args)?;
            Value::Json(a)
        }
        Ty::Json(JsonTy::Property) => match args {
            [Value::Str(n), v] => Value::Json(JToken::new_property(
                n.to_string(),
                Some(if v.is_null() { JToken::null() } else { to_jvalue(v)? }),
            )),
            _ => return Ok(None),
        },
        Ty::Json(JsonTy::Value) => match args {
            [v] => Value::Json(if let Value::Json(t) = v { t.deep_clone() } else { to_jvalue(v)? }),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    }))
}

/// `as_i64` re-export for JSON integer keys.
#[must_use]
pub fn int_key(v: &Value) -> i64 {
    as_i64(v)
}
