//! .NET Framework 4.x value semantics for APIM policy expressions: how numbers, dates, time
//! spans and GUIDs print and parse, with the invariant culture.
//!
//! APIM evaluates policy expressions on .NET Framework, so `(0.1 + 0.2).ToString()` is
//! `"0.3"` there (15 significant digits), not the `"0.30000000000000004"` of .NET Core 3.0+.
//! This crate reproduces .NET Framework, quirks included, and says where newer .NET differs.
//!
//! Pure library: no I/O, no clock (callers pass "now" in), no panics on any input. Every
//! failure is a [`DotNetError`]: the .NET exception kind and the message .NET Framework puts
//! in `Exception.Message`.
//!
//! | .NET | here |
//! |---|---|
//! | `double.ToString(format)`, `float.ToString(format)` | [`format_double`], [`double_to_string`], [`format_float`] (`number/double.rs`) |
//! | `int`/`uint`/`long`/`ulong` `ToString(format)` | [`format_int32`], [`format_uint32`], [`format_int64`], [`format_uint64`] |
//! | `decimal` formatting, arithmetic, `(double)`/`(decimal)` casts | [`format_decimal`], [`decimal_div`], [`decimal_from_double`], ... (`number/decimal.rs`) |
//! | `Int32.Parse`, `Double.Parse`, `Decimal.Parse`, `Boolean.Parse` | [`int32_parse`], [`double_parse`], [`decimal_parse`], [`bool_parse`] (`parse/`) |
//! | `Convert.ToInt32(double)` and friends, C# casts | [`convert_to_int32_f64`], [`cast_f64_to_i32`], ... (`convert.rs`) |
//! | `DateTime` | [`DateTime`] (`datetime/`: calendar, format, parse, parse_exact, styles) |
//! | `TimeSpan` | [`TimeSpan`] (`timespan/`) |
//! | `Guid` | [`Guid`] (`guid.rs`) |
//!
//! Where .NET Framework and .NET Core 3.0+ differ, this crate follows .NET Framework:
//! `double` prints 15 significant digits (`R` for round-trip), `-0.0` prints `0`,
//! `Double.Parse("1e400")` throws `OverflowException`, `TimeSpan.FromSeconds` and
//! `DateTime.AddSeconds` round to whole milliseconds, decimal division strips trailing zeros
//! (`1.50m / 3` is `0.5`), and `Decimal.Remainder` uses the Framework's formula. The local
//! time zone is UTC (see [`DateTime`]).
//!
//! ```
//! use apim_dotnet::{double_to_string, format_double, int32_parse};
//! assert_eq!(double_to_string(1.0 / 3.0), "0.333333333333333");
//! assert_eq!(format_double(1.005, "F2").unwrap(), "1.01");
//! assert_eq!(int32_parse(" -42 ").unwrap(), -42);
//! assert_eq!(
//!     int32_parse("4e2").unwrap_err().message,
//!     "Input string was not in a correct format."
//! );
//! ```

mod convert;
mod datetime;
mod error;
mod guid;
mod number;
mod parse;
mod timespan;

pub use convert::{
    cast_f64_to_i32, cast_f64_to_i64, convert_to_boolean_str, convert_to_double_str, convert_to_int32_f64,
    convert_to_int32_str, convert_to_int64_f64, convert_to_int64_str,
};
pub use datetime::{DateTime, DateTimeKind, DateTimeStyles, DayOfWeek};
pub use error::{DotNetError, ExceptionKind, Result};
pub use guid::Guid;
pub use number::decimal::{
    Decimal, decimal_add, decimal_div, decimal_from_double, decimal_mul, decimal_rem, decimal_sub, decimal_to_double,
    decimal_to_int32, decimal_to_int64, decimal_to_string, format_decimal,
};
pub use number::double::{double_to_string, double_to_string_roundtrip, float_to_string, format_double, format_float};
pub use number::integer::{format_int32, format_int64, format_uint32, format_uint64};
pub use parse::boolean::{bool_parse, bool_to_string, bool_try_parse};
pub use parse::decimal::{decimal_parse, decimal_parse_styles, decimal_try_parse};
pub use parse::double::{double_parse, double_parse_styles, double_try_parse, float_parse};
pub use parse::integer::{
    int32_parse, int32_parse_styles, int32_try_parse, int64_parse, int64_parse_styles, int64_try_parse, uint32_parse,
    uint64_parse,
};
pub use parse::styles::NumberStyles;
pub use timespan::TimeSpan;
