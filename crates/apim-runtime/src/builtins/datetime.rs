//! `DateTime`, `TimeSpan` and `Guid` through apim-dotnet. "Now" is the request's
//! `context.Timestamp` plus `context.Elapsed`, so every run is reproducible.

use apim_dotnet::{DateTime, DateTimeKind, DateTimeStyles, Guid, TimeSpan};

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{to_f64, to_i32, to_i64};
use crate::types::Ty;
use crate::value::{EnumTy, Value};

fn now(interp: &Interp<'_>) -> DateTime {
    let d = &interp.ctx.data;
    d.timestamp.add_span(d.elapsed.get()).unwrap_or(d.timestamp)
}

fn kind_of(v: &Value) -> DateTimeKind {
    match v {
        Value::Enum(EnumTy::DateTimeKind, 1) => DateTimeKind::Utc,
        Value::Enum(EnumTy::DateTimeKind, 2) => DateTimeKind::Local,
        _ => DateTimeKind::Unspecified,
    }
}

fn kind_value(k: DateTimeKind) -> Value {
    Value::Enum(
        EnumTy::DateTimeKind,
        match k {
            DateTimeKind::Unspecified => 0,
            DateTimeKind::Utc => 1,
            DateTimeKind::Local => 2,
        },
    )
}

/// `DateTime.UtcNow`, `TimeSpan.Zero`, `Guid.Empty`, ...
///
/// # Errors
/// An unknown member.
pub fn static_member(interp: &mut Interp<'_>, ty: &str, name: &str) -> Result<Value> {
    Ok(match (ty, name) {
        ("DateTime", "UtcNow") => Value::DateTime(now(interp).specify_kind(DateTimeKind::Utc)),
        ("DateTime", "Now") => Value::DateTime(now(interp).specify_kind(DateTimeKind::Local)),
        ("DateTime", "Today") => Value::DateTime(now(interp).date().specify_kind(DateTimeKind::Local)),
        ("DateTime", "MinValue") => Value::DateTime(DateTime::MIN_VALUE),
        ("DateTime", "MaxValue") => Value::DateTime(DateTime::MAX_VALUE),
        ("TimeSpan", "Zero") => Value::TimeSpan(TimeSpan::ZERO),
        ("TimeSpan", "MaxValue") => Value::TimeSpan(TimeSpan::MAX_VALUE),
        ("TimeSpan", "MinValue") => Value::TimeSpan(TimeSpan::MIN_VALUE),
        ("TimeSpan", "TicksPerSecond") => Value::I64(TimeSpan::TICKS_PER_SECOND),
        ("TimeSpan", "TicksPerMillisecond") => Value::I64(TimeSpan::TICKS_PER_MILLISECOND),
        ("TimeSpan", "TicksPerMinute") => Value::I64(TimeSpan::TICKS_PER_MINUTE),
        ("TimeSpan", "TicksPerHour") => Value::I64(TimeSpan::TICKS_PER_HOUR),
        ("TimeSpan", "TicksPerDay") => Value::I64(TimeSpan::TICKS_PER_DAY),
        ("Guid", "Empty") => Value::Guid(Guid::EMPTY),
        _ => return Err(Exception::unsupported(format!("{ty}.{name}"))),
    })
}

fn str_arg<'a>(v: &'a Value, param: &str) -> Result<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        Value::Null => Err(Exception::argument_null(param)),
        _ => Err(Exception::invalid_cast()),
    }
}

fn styles(v: Option<&Value>) -> DateTimeStyles {
    match v {
        Some(Value::Enum(EnumTy::DateTimeStyles, x)) => DateTimeStyles(u32::try_from(*x).unwrap_or(0)),
        _ => DateTimeStyles(0),
    }
}

/// Statics of `DateTime`, `TimeSpan`, `Guid`.
///
/// # Errors
/// Parse and range errors as .NET.
pub fn call_static(interp: &mut Interp<'_>, ty: &str, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    let n = now(interp);
    Ok(Some(match (ty, name, &*args) {
        ("DateTime", "Parse", [s, rest @ ..]) => {
            let s = str_arg(s, "s")?;
            Value::DateTime(DateTime::parse_with_styles(s, styles(rest.get(1)), n)?)
        }
        ("DateTime", "TryParse", [s, .., _]) => {
            let last = args.len() - 1;
            let r = match s {
                Value::Str(s) => DateTime::try_parse(s, n),
                _ => None,
            };
            args[last] = Value::DateTime(r.unwrap_or(DateTime::MIN_VALUE));
            Value::Bool(r.is_some())
        }
        ("DateTime", "ParseExact", [s, f, rest @ ..]) => {
            let s = str_arg(s, "s")?;
            let st = styles(rest.get(1));
            match f {
                Value::Str(f) => Value::DateTime(DateTime::parse_exact(s, f, st, n)?),
                Value::Array(fs) => {
                    let formats: Vec<String> = fs.items.borrow().iter().map(super::format::to_string_plain).collect();
                    let refs: Vec<&str> = formats.iter().map(String::as_str).collect();
                    Value::DateTime(DateTime::parse_exact_any(s, &refs, st, n)?)
                }
                _ => return Err(Exception::argument_null("format")),
            }
        }
        ("DateTime", "TryParseExact", [s, Value::Str(f), _, st, _]) => {
            let r = match s {
                Value::Str(s) => DateTime::try_parse_exact(s, f, styles(Some(st)), n),
                _ => None,
            };
            args[4] = Value::DateTime(r.unwrap_or(DateTime::MIN_VALUE));
            Value::Bool(r.is_some())
        }
        ("DateTime", "SpecifyKind", [Value::DateTime(d), k]) => Value::DateTime(d.specify_kind(kind_of(k))),
        ("DateTime", "DaysInMonth", [y, m]) => Value::I32(DateTime::days_in_month(to_i32(y)?, to_i32(m)?)?),
        ("DateTime", "IsLeapYear", [y]) => Value::Bool(DateTime::is_leap_year(to_i32(y)?)?),
        ("DateTime", "Compare", [Value::DateTime(a), Value::DateTime(b)]) => Value::I32(DateTime::compare(*a, *b)),
        ("DateTime", "FromFileTimeUtc", [t]) => {
            Value::DateTime(DateTime::from_ticks(to_i64(t)? + 504_911_232_000_000_000, DateTimeKind::Utc)?)
        }
        ("TimeSpan", "FromDays", [v]) => Value::TimeSpan(TimeSpan::from_days(to_f64(v)?)?),
        ("TimeSpan", "FromHours", [v]) => Value::TimeSpan(TimeSpan::from_hours(to_f64(v)?)?),
        ("TimeSpan", "FromMinutes", [v]) => Value::TimeSpan(TimeSpan::from_minutes(to_f64(v)?)?),
        ("TimeSpan", "FromSeconds", [v]) => Value::TimeSpan(TimeSpan::from_seconds(to_f64(v)?)?),
        ("TimeSpan", "FromMilliseconds", [v]) => Value::TimeSpan(TimeSpan::from_milliseconds(to_f64(v)?)?),
        ("TimeSpan", "FromTicks", [v]) => Value::TimeSpan(TimeSpan::from_ticks(to_i64(v)?)),
        ("TimeSpan", "Parse", [s, ..]) => Value::TimeSpan(TimeSpan::parse(str_arg(s, "s")?)?),
        ("TimeSpan", "TryParse", [s, _]) => {
            let r = match s {
                Value::Str(s) => TimeSpan::try_parse(s),
                _ => None,
            };
            args[1] = Value::TimeSpan(r.unwrap_or(TimeSpan::ZERO));
            Value::Bool(r.is_some())
        }
        ("Guid", "Parse", [s]) => Value::Guid(Guid::parse(str_arg(s, "input")?)?),
        ("Guid", "ParseExact", [s, f]) => Value::Guid(Guid::parse_exact(str_arg(s, "input")?, str_arg(f, "format")?)?),
        ("Guid", "TryParse", [s, _]) => {
            let r = match s {
                Value::Str(s) => Guid::try_parse(s),
                _ => None,
            };
            args[1] = Value::Guid(r.unwrap_or(Guid::EMPTY));
            Value::Bool(r.is_some())
        }
        ("Guid", "NewGuid", []) => {
            // Deterministic: derived from the request id and a counter.
            let mut bytes = interp.ctx.data.request_id.to_byte_array();
            interp.step()?;
            bytes[15] = bytes[15].wrapping_add(1);
            bytes[7] = (bytes[7] & 0x0f) | 0x40;
            Value::Guid(Guid::from_bytes(bytes))
        }
        _ => return Ok(None),
    }))
}

/// `new DateTime(...)`, `new TimeSpan(...)`, `new Guid(...)`.
///
/// # Errors
/// Range errors.
pub fn construct(ty: &Ty, args: &[Value]) -> Result<Option<Value>> {
    Ok(Some(match (ty, args) {
        (Ty::DateTime, [t]) => Value::DateTime(DateTime::from_ticks(to_i64(t)?, DateTimeKind::Unspecified)?),
        (Ty::DateTime, [t, k @ Value::Enum(..)]) => Value::DateTime(DateTime::from_ticks(to_i64(t)?, kind_of(k))?),
        (Ty::DateTime, [y, m, d]) => Value::DateTime(DateTime::from_date(to_i32(y)?, to_i32(m)?, to_i32(d)?)?),
        (Ty::DateTime, [y, m, d, h, mi, s, rest @ ..]) => {
            let (ms, kind) = match rest {
                [Value::Enum(..)] => (0, kind_of(&rest[0])),
                [ms] => (to_i32(ms)?, DateTimeKind::Unspecified),
                [ms, k] => (to_i32(ms)?, kind_of(k)),
                _ => (0, DateTimeKind::Unspecified),
            };
            Value::DateTime(
                DateTime::new(to_i32(y)?, to_i32(m)?, to_i32(d)?, to_i32(h)?, to_i32(mi)?, to_i32(s)?, ms)?
                    .specify_kind(kind),
            )
        }
        (Ty::TimeSpan, [t]) => Value::TimeSpan(TimeSpan::from_ticks(to_i64(t)?)),
        (Ty::TimeSpan, [h, m, s]) => Value::TimeSpan(TimeSpan::new(to_i32(h)?, to_i32(m)?, to_i32(s)?)?),
        (Ty::TimeSpan, [d, h, m, s]) => {
            Value::TimeSpan(TimeSpan::with_days(to_i32(d)?, to_i32(h)?, to_i32(m)?, to_i32(s)?, 0)?)
        }
        (Ty::TimeSpan, [d, h, m, s, ms]) => {
            Value::TimeSpan(TimeSpan::with_days(to_i32(d)?, to_i32(h)?, to_i32(m)?, to_i32(s)?, to_i32(ms)?)?)
        }
        (Ty::Guid, [Value::Str(s)]) => Value::Guid(Guid::parse(s)?),
        (Ty::Guid, [Value::Array(a)]) => {
            let bytes = super::encoding::bytes_of(&Value::Array(a.clone()))?;
            let arr: [u8; 16] = bytes
                .try_into()
                .map_err(|_| Exception::argument("Byte array for GUID must be exactly 16 bytes long.", None))?;
            Value::Guid(Guid::from_bytes(arr))
        }
        _ => return Ok(None),
    }))
}

/// Properties of `DateTime` and `TimeSpan`.
///
/// # Errors
/// None today.
pub fn member(v: &Value, name: &str) -> Result<Option<Value>> {
    Ok(Some(match (v, name) {
        (Value::DateTime(d), "Year") => Value::I32(d.year()),
        (Value::DateTime(d), "Month") => Value::I32(d.month()),
        (Value::DateTime(d), "Day") => Value::I32(d.day()),
        (Value::DateTime(d), "Hour") => Value::I32(d.hour()),
        (Value::DateTime(d), "Minute") => Value::I32(d.minute()),
        (Value::DateTime(d), "Second") => Value::I32(d.second()),
        (Value::DateTime(d), "Millisecond") => Value::I32(d.millisecond()),
        (Value::DateTime(d), "DayOfYear") => Value::I32(d.day_of_year()),
        (Value::DateTime(d), "DayOfWeek") => Value::Enum(EnumTy::DayOfWeek, d.day_of_week() as i64),
        (Value::DateTime(d), "Ticks") => Value::I64(d.ticks()),
        (Value::DateTime(d), "Kind") => kind_value(d.kind()),
        (Value::DateTime(d), "Date") => Value::DateTime(d.date()),
        (Value::DateTime(d), "TimeOfDay") => Value::TimeSpan(d.time_of_day()),
        (Value::TimeSpan(t), "Days") => Value::I32(t.days()),
        (Value::TimeSpan(t), "Hours") => Value::I32(t.hours()),
        (Value::TimeSpan(t), "Minutes") => Value::I32(t.minutes()),
        (Value::TimeSpan(t), "Seconds") => Value::I32(t.seconds()),
        (Value::TimeSpan(t), "Milliseconds") => Value::I32(t.milliseconds()),
        (Value::TimeSpan(t), "Ticks") => Value::I64(t.ticks()),
        (Value::TimeSpan(t), "TotalDays") => Value::F64(t.total_days()),
        (Value::TimeSpan(t), "TotalHours") => Value::F64(t.total_hours()),
        (Value::TimeSpan(t), "TotalMinutes") => Value::F64(t.total_minutes()),
        (Value::TimeSpan(t), "TotalSeconds") => Value::F64(t.total_seconds()),
        (Value::TimeSpan(t), "TotalMilliseconds") => Value::F64(t.total_milliseconds()),
        _ => return Ok(None),
    }))
}

/// Methods of `DateTime`, `TimeSpan`, `Guid`.
///
/// # Errors
/// Range and format errors.
pub fn call(interp: &mut Interp<'_>, v: &Value, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    let _ = interp;
    Ok(Some(match (v, name, &*args) {
        (Value::DateTime(d), "AddDays", [x]) => Value::DateTime(d.add_days(to_f64(x)?)?),
        (Value::DateTime(d), "AddHours", [x]) => Value::DateTime(d.add_hours(to_f64(x)?)?),
        (Value::DateTime(d), "AddMinutes", [x]) => Value::DateTime(d.add_minutes(to_f64(x)?)?),
        (Value::DateTime(d), "AddSeconds", [x]) => Value::DateTime(d.add_seconds(to_f64(x)?)?),
        (Value::DateTime(d), "AddMilliseconds", [x]) => Value::DateTime(d.add_milliseconds(to_f64(x)?)?),
        (Value::DateTime(d), "AddTicks", [x]) => Value::DateTime(d.add_ticks(to_i64(x)?)?),
        (Value::DateTime(d), "AddMonths", [x]) => Value::DateTime(d.add_months(to_i32(x)?)?),
        (Value::DateTime(d), "AddYears", [x]) => Value::DateTime(d.add_years(to_i32(x)?)?),
        (Value::DateTime(d), "Add", [Value::TimeSpan(t)]) => Value::DateTime(d.add_span(*t)?),
        (Value::DateTime(d), "Subtract", [Value::TimeSpan(t)]) => Value::DateTime(d.subtract(*t)?),
        (Value::DateTime(d), "Subtract", [Value::DateTime(o)]) => Value::TimeSpan(d.subtract_date(*o)),
        (Value::DateTime(d), "ToUniversalTime", []) => Value::DateTime(d.to_universal_time()),
        (Value::DateTime(d), "ToLocalTime", []) => Value::DateTime(d.to_local_time()),
        (Value::DateTime(d), "ToString", [Value::Str(f), ..]) => Value::string(d.format(f)?),
        (Value::DateTime(d), "ToString", [_, ..] | []) => Value::string(d.format("")?),
        (Value::DateTime(d), "ToShortDateString", []) => Value::string(d.format("d")?),
        (Value::DateTime(d), "ToLongDateString", []) => Value::string(d.format("D")?),
        (Value::DateTime(d), "ToShortTimeString", []) => Value::string(d.format("t")?),
        (Value::DateTime(d), "ToLongTimeString", []) => Value::string(d.format("T")?),
        (Value::DateTime(d), "ToBinary" | "ToFileTimeUtc", []) => Value::I64(d.ticks()),
        (Value::TimeSpan(t), "Add", [Value::TimeSpan(o)]) => Value::TimeSpan(t.add_span(*o)?),
        (Value::TimeSpan(t), "Subtract", [Value::TimeSpan(o)]) => Value::TimeSpan(t.subtract(*o)?),
        (Value::TimeSpan(t), "Negate", []) => Value::TimeSpan(t.negate()?),
        (Value::TimeSpan(t), "Duration", []) => Value::TimeSpan(t.duration()?),
        (Value::TimeSpan(t), "ToString", [Value::Str(f), ..]) => Value::string(t.format(f)?),
        (Value::Guid(g), "ToString", [Value::Str(f), ..]) => Value::string(g.format(f)?),
        (Value::Guid(g), "ToByteArray", []) => {
            Value::array(Ty::U8, g.to_byte_array().into_iter().map(Value::U8).collect())
        }
        _ => return Ok(None),
    }))
}
