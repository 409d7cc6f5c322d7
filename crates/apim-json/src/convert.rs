//! Getting .NET values out of tokens: the explicit operators (`(int)token`,
//! `(string)token` ...) and `Value<T>()` (`Extensions.Convert`, which ends in
//! `Convert.ChangeType`). Both are culture-invariant.

use crate::datetime::DateTime;
use crate::error::{JsonError, Result};
use crate::number::{self, DoubleParse};
use crate::platform::{Culture, Platform};
use crate::token::{JToken, Key};
use crate::value::{JTokenType, Value, to_base64};
use crate::writer::value_to_string;

/// A .NET target type of a conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClrType {
    /// `bool`.
    Boolean,
    /// `int`.
    Int32,
    /// `long`.
    Int64,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `DateTime`.
    DateTime,
    /// `JToken` itself (`Value<JToken>()`).
    JToken,
}

impl ClrType {
    /// The .NET type name used in messages (`Int32`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Boolean => "Boolean",
            Self::Int32 => "Int32",
            Self::Int64 => "Int64",
            Self::Double => "Double",
            Self::String => "String",
            Self::DateTime => "DateTime",
            Self::JToken => "JToken",
        }
    }

    fn is_value_type(self) -> bool {
        !matches!(self, Self::String | Self::JToken)
    }

    /// `default(T)`.
    #[must_use]
    pub fn default_value(self) -> ClrValue {
        match self {
            Self::Boolean => ClrValue::Boolean(false),
            Self::Int32 => ClrValue::Int32(0),
            Self::Int64 => ClrValue::Int64(0),
            Self::Double => ClrValue::Double(0.0),
            Self::DateTime => ClrValue::DateTime(DateTime::MIN),
            Self::String | Self::JToken => ClrValue::Null,
        }
    }
}

/// A .NET value produced by a conversion.
#[derive(Debug, Clone, PartialEq)]
pub enum ClrValue {
    /// `null` (a reference type or an empty `Nullable<T>`).
    Null,
    /// `bool`.
    Boolean(bool),
    /// `int`.
    Int32(i32),
    /// `long`.
    Int64(i64),
    /// `double`.
    Double(f64),
    /// `string`.
    String(String),
    /// `DateTime`.
    DateTime(DateTime),
    /// A token (`Value<JToken>()`).
    Token(JToken),
}

/// The target of a conversion: a type, and whether it is `Nullable<T>` (`int?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Target {
    /// The type.
    pub ty: ClrType,
    /// `T?` for a value type.
    pub nullable: bool,
}

impl Target {
    /// `T`.
    #[must_use]
    pub fn of(ty: ClrType) -> Self {
        Self { ty, nullable: false }
    }

    /// `T?`.
    #[must_use]
    pub fn nullable(ty: ClrType) -> Self {
        Self { ty, nullable: true }
    }

    fn default_value(self) -> ClrValue {
        if self.nullable { ClrValue::Null } else { self.ty.default_value() }
    }
}

fn overflow_int(name: &str) -> JsonError {
    JsonError::overflow(format!("Value was either too large or too small for an {name}."))
}

fn range(ty: ClrType) -> (i128, i128) {
    match ty {
        ClrType::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    }
}

fn int_value(ty: ClrType, v: i128) -> ClrValue {
    match ty {
        ClrType::Int32 => ClrValue::Int32(i32::try_from(v).unwrap_or_default()),
        _ => ClrValue::Int64(i64::try_from(v).unwrap_or_default()),
    }
}

fn invalid_cast_from(value: &Value, ty: ClrType) -> JsonError {
    JsonError::invalid_cast(format!("Invalid cast from '{}' to '{}'.", value.clr_type_name(), ty.name()))
}

/// `Convert.ChangeType(value, type, CultureInfo.InvariantCulture)` and the
/// `Convert.ToXxx(object, provider)` calls behind the explicit operators.
pub(crate) fn change_type(value: &Value, ty: ClrType, platform: &dyn Platform) -> Result<ClrValue> {
    let not_convertible = || JsonError::invalid_cast("Object must implement IConvertible.");
    match value {
        Value::Null | Value::Undefined => {
            if ty.is_value_type() {
                Err(JsonError::invalid_cast("Null object cannot be converted to a value type."))
            } else {
                Ok(ClrValue::Null)
            }
        }
        Value::Integer(i) => match ty {
            ClrType::Boolean => Ok(ClrValue::Boolean(*i != 0)),
            ClrType::Int32 | ClrType::Int64 => {
                let (min, max) = range(ty);
                let v = i128::from(*i);
                if v < min || v > max { Err(overflow_int(ty.name())) } else { Ok(int_value(ty, v)) }
            }
            #[allow(clippy::cast_precision_loss, reason = "Convert.ToDouble(long) rounds the same way")]
            ClrType::Double => Ok(ClrValue::Double(*i as f64)),
            ClrType::String => Ok(ClrValue::String(i.to_string())),
            ClrType::DateTime | ClrType::JToken => Err(invalid_cast_from(value, ty)),
        },
        Value::Float(f) => match ty {
            ClrType::Boolean => Ok(ClrValue::Boolean(*f != 0.0)),
            ClrType::Int32 => {
                let (min, max) = range(ty);
                number::round_to_integer(*f, min, max).map(|v| int_value(ty, v)).ok_or_else(|| overflow_int("Int32"))
            }
            ClrType::Int64 => {
                let (min, max) = range(ty);
                number::round_to_integer(*f, min, max)
                    .map(|v| int_value(ty, v))
                    .ok_or_else(|| JsonError::overflow("Arithmetic operation resulted in an overflow."))
            }
            ClrType::Double => Ok(ClrValue::Double(*f)),
            ClrType::String => Ok(ClrValue::String(platform.double_to_string(*f, Culture::Invariant))),
            ClrType::DateTime | ClrType::JToken => Err(invalid_cast_from(value, ty)),
        },
        Value::String(s) | Value::Comment(s) => match ty {
            ClrType::Boolean => {
                let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
                if t.eq_ignore_ascii_case("true") {
                    Ok(ClrValue::Boolean(true))
                } else if t.eq_ignore_ascii_case("false") {
                    Ok(ClrValue::Boolean(false))
                } else {
                    Err(JsonError::format("String was not recognized as a valid Boolean."))
                }
            }
            ClrType::Int32 | ClrType::Int64 => {
                let (min, max) = range(ty);
                number::parse_integer(s, min, max, ty.name()).map(|v| int_value(ty, v))
            }
            ClrType::Double => match number::parse_double(s, true, platform.number_flavor()) {
                DoubleParse::Ok(d) => Ok(ClrValue::Double(d)),
                DoubleParse::Invalid => Err(JsonError::format("Input string was not in a correct format.")),
                DoubleParse::Overflow => {
                    Err(JsonError::overflow("Value was either too large or too small for a Double."))
                }
            },
            ClrType::String => Ok(ClrValue::String(s.clone())),
            ClrType::DateTime => platform.parse_date(s).map(ClrValue::DateTime).map_err(JsonError::format),
            ClrType::JToken => {
                Err(JsonError::invalid_cast("Invalid cast from 'System.String' to 'Newtonsoft.Json.Linq.JToken'."))
            }
        },
        Value::Boolean(b) => match ty {
            ClrType::Boolean => Ok(ClrValue::Boolean(*b)),
            ClrType::Int32 | ClrType::Int64 => Ok(int_value(ty, i128::from(*b))),
            ClrType::Double => Ok(ClrValue::Double(if *b { 1.0 } else { 0.0 })),
            ClrType::String => Ok(ClrValue::String(if *b { "True" } else { "False" }.to_owned())),
            ClrType::DateTime | ClrType::JToken => Err(invalid_cast_from(value, ty)),
        },
        Value::Decimal(d) => match ty {
            ClrType::Boolean => Ok(ClrValue::Boolean(!d.is_zero())),
            ClrType::Int32 | ClrType::Int64 => {
                // Convert.ToInt32(decimal) / ToInt64: rounded half to even.
                let (min, max) = range(ty);
                let r = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
                match rust_decimal::prelude::ToPrimitive::to_i128(&r) {
                    Some(v) if v >= min && v <= max => Ok(int_value(ty, v)),
                    _ => Err(overflow_int(ty.name())),
                }
            }
            ClrType::Double => Ok(ClrValue::Double(crate::compare::decimal_to_f64(*d))),
            ClrType::String => Ok(ClrValue::String(d.to_string())),
            ClrType::DateTime | ClrType::JToken => Err(invalid_cast_from(value, ty)),
        },
        Value::Date(d) => match ty {
            ClrType::DateTime => Ok(ClrValue::DateTime(*d)),
            ClrType::String => Ok(ClrValue::String(platform.date_to_string(*d, Culture::Invariant))),
            _ => Err(invalid_cast_from(value, ty)),
        },
        Value::BigInteger(_) | Value::Guid(_) | Value::Uri(_) | Value::TimeSpan(_) | Value::Bytes(_) => {
            Err(not_convertible())
        }
    }
}

/// Token types each explicit operator accepts (`JToken.NumberTypes` and friends).
fn accepted(ty: ClrType, t: JTokenType) -> bool {
    use JTokenType as T;
    match ty {
        ClrType::Boolean | ClrType::Int32 | ClrType::Int64 | ClrType::Double => {
            matches!(t, T::Integer | T::Float | T::String | T::Comment | T::Raw | T::Boolean)
        }
        ClrType::String => matches!(
            t,
            T::Date
                | T::Integer
                | T::Float
                | T::String
                | T::Comment
                | T::Raw
                | T::Boolean
                | T::Bytes
                | T::Guid
                | T::TimeSpan
                | T::Uri
        ),
        ClrType::DateTime => matches!(t, T::Date | T::String | T::Comment | T::Raw),
        ClrType::JToken => true,
    }
}

/// C#'s explicit conversion operators on `JToken`: `(int)token`, `(int?)token`,
/// `(string)token`, `(bool)token`, `(long)token`, `(double)token`, `(DateTime)token`.
/// A `JProperty` converts its value. `token` is `None` for a C# null reference.
///
/// # Errors
/// `ArgumentException` (`Can not convert Null to Int32.`, `Can not convert Object to
/// String.`) for token types the operator does not take, and what `Convert.ToXxx`
/// throws: `FormatException`, `OverflowException`, `InvalidCastException`.
pub fn cast(token: Option<&JToken>, target: Target, platform: &dyn Platform) -> Result<ClrValue> {
    let Some(token) = token else {
        return if target.nullable || !target.ty.is_value_type() {
            Ok(ClrValue::Null)
        } else {
            Err(JsonError::null_argument("value"))
        };
    };
    if target.ty == ClrType::JToken {
        return Ok(ClrValue::Token(token.clone()));
    }
    let token = if token.token_type() == JTokenType::Property {
        token.property_value().unwrap_or_else(JToken::null)
    } else {
        token.clone()
    };
    let ty = token.token_type();
    let nullable = target.nullable || target.ty == ClrType::String;
    let Some(value) = token.value() else {
        return Err(JsonError::argument(format!("Can not convert {} to {}.", ty.name(), target.ty.name())));
    };
    let is_null = matches!(value, Value::Null | Value::Undefined);
    if !(accepted(target.ty, ty) || (nullable && is_null)) {
        return Err(JsonError::argument(format!("Can not convert {} to {}.", ty.name(), target.ty.name())));
    }
    if is_null {
        return Ok(ClrValue::Null);
    }
    match (&value, target.ty) {
        (Value::Bytes(b), ClrType::String) => Ok(ClrValue::String(to_base64(b))),
        (Value::BigInteger(b), ClrType::String) => Ok(ClrValue::String(b.to_string())),
        (Value::BigInteger(b), ClrType::Double) => Ok(ClrValue::Double(b.to_f64())),
        (Value::BigInteger(b), ClrType::Int32 | ClrType::Int64 | ClrType::Boolean) => {
            let int_ty = if target.ty == ClrType::Int64 { ClrType::Int64 } else { ClrType::Int32 };
            let (min, max) = range(int_ty);
            let v = b.to_i128().filter(|v| (min..=max).contains(v)).ok_or_else(|| overflow_int(int_ty.name()))?;
            Ok(if target.ty == ClrType::Boolean { ClrValue::Boolean(v != 0) } else { int_value(int_ty, v) })
        }
        (Value::Guid(_) | Value::Uri(_) | Value::TimeSpan(_), ClrType::String) => {
            Ok(ClrValue::String(value_to_string(&value, platform, Culture::Invariant)))
        }
        _ => change_type(&value, target.ty, platform),
    }
}

/// `token.Value<T>()` (`Extensions.Convert`): a null reference gives `default(T)`; a
/// container throws `InvalidCastException` (`Cannot cast Newtonsoft.Json.Linq.JObject to
/// Newtonsoft.Json.Linq.JToken.`); a value of the target type is returned as is;
/// anything else goes through `Convert.ChangeType` with the invariant culture.
///
/// # Errors
/// `InvalidCastException`, `FormatException`, `OverflowException` as .NET throws them.
pub fn convert(token: Option<&JToken>, target: Target, platform: &dyn Platform) -> Result<ClrValue> {
    let Some(token) = token else { return Ok(target.default_value()) };
    if target.ty == ClrType::JToken {
        return Ok(ClrValue::Token(token.clone()));
    }
    let Some(value) = token.value() else {
        return Err(JsonError::invalid_cast(format!(
            "Cannot cast {} to Newtonsoft.Json.Linq.JToken.",
            token.clr_type_name()
        )));
    };
    // `value.Value is U`: the boxed value already has the target type.
    match (&value, target.ty) {
        (Value::Integer(i), ClrType::Int64) => return Ok(ClrValue::Int64(*i)),
        (Value::Float(f), ClrType::Double) => return Ok(ClrValue::Double(*f)),
        (Value::String(s) | Value::Comment(s), ClrType::String) => return Ok(ClrValue::String(s.clone())),
        (Value::Boolean(b), ClrType::Boolean) => return Ok(ClrValue::Boolean(*b)),
        (Value::Date(d), ClrType::DateTime) => return Ok(ClrValue::DateTime(*d)),
        _ => {}
    }
    if target.nullable && matches!(value, Value::Null | Value::Undefined) {
        return Ok(ClrValue::Null);
    }
    change_type(&value, target.ty, platform)
}

impl JToken {
    /// `token.Value<T>(key)`: `this[key]`, then [`convert`] (a missing property gives
    /// `default(T)`: `0`, `false`, `null`).
    ///
    /// # Errors
    /// Indexer errors (see [`JToken::get`]) and conversion errors (see [`convert`]).
    pub fn value_of(&self, key: Key<'_>, target: Target, platform: &dyn Platform) -> Result<ClrValue> {
        let token = self.get(key)?;
        convert(token.as_ref(), target, platform)
    }

    /// `token.Value<T>()` on this token.
    ///
    /// # Errors
    /// See [`convert`].
    pub fn convert_to(&self, target: Target, platform: &dyn Platform) -> Result<ClrValue> {
        convert(Some(self), target, platform)
    }

    /// `(T)token`.
    ///
    /// # Errors
    /// See [`cast`].
    pub fn cast_to(&self, target: Target, platform: &dyn Platform) -> Result<ClrValue> {
        cast(Some(self), target, platform)
    }

    /// `JToken.FromObject(value)` for primitives: a new `JValue` (or a deep copy of a
    /// token, as serializing a token does).
    ///
    /// # Errors
    /// `ArgumentNullException` for `null` (`FromObject(null)`).
    pub fn from_object(value: ClrValue) -> Result<JToken> {
        Ok(match value {
            ClrValue::Null => return Err(JsonError::null_argument("o")),
            ClrValue::Boolean(b) => JToken::boolean(b),
            ClrValue::Int32(i) => JToken::integer(i64::from(i)),
            ClrValue::Int64(i) => JToken::integer(i),
            ClrValue::Double(d) => JToken::float(d),
            ClrValue::String(s) => JToken::string(s),
            ClrValue::DateTime(d) => JToken::date(d),
            ClrValue::Token(t) => t.deep_clone(),
        })
    }
}
