//! Newtonsoft.Json's LINQ to JSON (`JToken`, `JObject`, `JArray`, `JProperty`, `JValue`)
//! as APIM policy expressions use it, reproducing Newtonsoft 13.x's behaviour and output
//! byte for byte: parsing with `JToken.Parse`'s defaults (ISO date strings become dates,
//! comments and single quotes allowed, `MaxDepth` 64), `ToString()` with two-space
//! indentation and Newtonsoft's escaping and number and date formats, reference
//! semantics for mutation (a token added where it already has a parent is copied),
//! the explicit conversion operators and `Value<T>()` with .NET's exceptions and
//! messages, `SelectToken`, `DeepEquals`, `DeepClone`, `Merge`.
//!
//! No I/O and no global state: whatever depends on the machine (the newline, culture
//! formatting, the local time zone) comes through a [`Platform`]; [`StdPlatform::APIM`]
//! is the gateway (.NET Framework, `"\r\n"`, UTC).
//!
//! ```
//! use apim_json::{JToken, Key, Formatting, StdPlatform};
//!
//! let body = JToken::parse(r#"{"user": {"name": "Ada"}, "at": "2024-01-02T03:04:05Z"}"#).unwrap();
//! let user = body.get(Key::Name("user")).unwrap().unwrap();
//! user.set(Key::Name("admin"), Some(JToken::boolean(true))).unwrap(); // mutates `body`
//! assert_eq!(body.get_value("at").unwrap().token_type(), apim_json::JTokenType::Date);
//! assert_eq!(
//!     body.to_json(Formatting::Indented, &StdPlatform::MONO),
//!     "{\n  \"user\": {\n    \"name\": \"Ada\",\n    \"admin\": true\n  },\n  \"at\": \"2024-01-02T03:04:05Z\"\n}"
//! );
//! assert_eq!(body.to_json(Formatting::None, &StdPlatform::APIM), r#"{"user":{"name":"Ada","admin":true},"at":"2024-01-02T03:04:05Z"}"#);
//! ```

mod big_integer;
mod compare;
mod convert;
pub mod datetime;
mod error;
mod merge;
pub mod number;
mod path;
mod platform;
mod reader;
mod token;
mod value;
mod writer;

pub use big_integer::BigInteger;
pub use compare::{compare_as, compare_values, values_equal};
pub use convert::{ClrType, ClrValue, Target, cast, convert};
pub use datetime::{DateTime, DateTimeKind, TimeSpan};
pub use error::{ErrorKind, JsonError, ReaderLocation, Result};
pub use merge::{MergeArrayHandling, MergeNullValueHandling, MergeSettings};
pub use number::NumberFlavor;
pub use platform::{Culture, Platform, StdPlatform};
pub use reader::{DateParseHandling, ParseOptions};
pub use token::{JToken, Key};
pub use value::{Guid, JTokenType, Value, to_base64};
pub use writer::{Formatting, escape_into, quote_string};

impl JToken {
    /// `JToken.Parse(json)` on APIM (dates in UTC).
    ///
    /// # Errors
    /// `JsonReaderException` with Newtonsoft's message, path, line and position.
    pub fn parse(json: &str) -> Result<JToken> {
        Self::parse_with(json, ParseOptions::default(), &StdPlatform::APIM)
    }

    /// `JToken.Parse(json)` with explicit reader settings and platform.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_with(json: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
        reader::parse_token(json, options, platform)
    }

    /// What `JsonConvert.DeserializeObject<int>(json)` checks while reading the first
    /// token with `JsonReader.ReadAsInt32`: a number must be written as an `Int32`
    /// (`5.5` throws "Input string '5.5' is not a valid integer." with the path, line
    /// and position). Other tokens are left to the conversion that follows.
    ///
    /// # Errors
    /// `JsonReaderException` as Newtonsoft throws it.
    pub fn check_read_as_int32(json: &str) -> Result<()> {
        reader::check_read_as_int32(json, ParseOptions::default(), &StdPlatform::APIM)
    }

    /// `JObject.Parse(json)`: fails unless the text is an object (`Error reading JObject
    /// from JsonReader. Current JsonReader item is not an object: StartArray. ...`).
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_object(json: &str) -> Result<JToken> {
        Self::parse_object_with(json, ParseOptions::default(), &StdPlatform::APIM)
    }

    /// `JObject.Parse(json)` with explicit reader settings and platform.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_object_with(json: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
        reader::parse_object(json, options, platform)
    }

    /// `JArray.Parse(json)`.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_array(json: &str) -> Result<JToken> {
        Self::parse_array_with(json, ParseOptions::default(), &StdPlatform::APIM)
    }

    /// `JArray.Parse(json)` with explicit reader settings and platform.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_array_with(json: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
        reader::parse_array(json, options, platform)
    }
}
