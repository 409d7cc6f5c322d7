//! `System.DateTimeOffset`: a clock time and its offset from UTC. The gateway's local
//! zone is UTC, so `Now`, `new DateTimeOffset(localOrUnspecified)` and a string without an
//! offset all get `+00:00`.

use apim_dotnet::{DateTime, DateTimeKind, TimeSpan};

use crate::error::{Exception, Result};
use crate::eval::Interp;
use crate::eval::convert::{to_f64, to_i64};
use crate::value::Value;

const TICKS_PER_MINUTE: i64 = TimeSpan::TICKS_PER_MINUTE;
const MAX_OFFSET: i64 = 14 * 60 * TICKS_PER_MINUTE;

/// A `DateTimeOffset` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dto {
    /// The clock time (`DateTime`), kind `Unspecified`.
    pub clock: DateTime,
    /// Whole minutes, in ticks.
    pub offset: i64,
}

impl Dto {
    /// # Errors
    /// `ArgumentException` for an offset that is not whole minutes or beyond 14 hours,
    /// `ArgumentOutOfRangeException` when the UTC time is out of range.
    pub fn new(clock: DateTime, offset: i64) -> Result<Self> {
        if offset % TICKS_PER_MINUTE != 0 {
            return Err(Exception::argument("Offset must be specified in whole minutes.", Some("offset")));
        }
        if offset.abs() > MAX_OFFSET {
            return Err(Exception::out_of_range("Offset must be within plus or minus 14 hours.", Some("offset")));
        }
        let utc = clock.ticks() - offset;
        if !(0..=DateTime::MAX_VALUE.ticks()).contains(&utc) {
            return Err(Exception::out_of_range(
                "The UTC time represented when the offset is applied must be between year 0 and 10,000.",
                Some("offset"),
            ));
        }
        Ok(Self { clock: DateTime::from_ticks(clock.ticks(), DateTimeKind::Unspecified).map_err(dotnet)?, offset })
    }

    /// The instant, in ticks since 0001-01-01 UTC.
    #[must_use]
    pub fn utc_ticks(self) -> i64 {
        self.clock.ticks() - self.offset
    }

    fn utc(self) -> DateTime {
        DateTime::from_ticks(self.utc_ticks(), DateTimeKind::Utc).unwrap_or(DateTime::MIN_VALUE)
    }

    /// The same instant at another offset.
    fn at(self, offset: i64) -> Result<Self> {
        Self::new(DateTime::from_ticks(self.utc_ticks() + offset, DateTimeKind::Unspecified).map_err(dotnet)?, offset)
    }

    fn with_clock(self, clock: Result<DateTime>) -> Result<Value> {
        Ok(Value::DateTimeOffset(Self::new(clock?, self.offset)?))
    }

    /// `+02:00`, `-05:30`.
    fn offset_text(self, digits: usize) -> String {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let minutes = self.offset.abs() / TICKS_PER_MINUTE;
        match digits {
            1 => format!("{sign}{}", minutes / 60),
            2 => format!("{sign}{:02}", minutes / 60),
            _ => format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60),
        }
    }

    /// `ToString(format)`: the clock time formatted, with `z`, `zz`, `zzz` and `K` giving
    /// this value's offset.
    ///
    /// # Errors
    /// `FormatException` for a bad format.
    pub fn format(self, format: &str) -> Result<String> {
        let custom = match format {
            "" | "G" => return Ok(format!("{} {}", self.clock.format("G").map_err(dotnet)?, self.offset_text(3))),
            "o" | "O" => self.with_offsets("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz"),
            "r" | "R" | "u" => return self.utc().format(format).map_err(dotnet),
            "s" => return self.clock.format("s").map_err(dotnet),
            f if f.chars().count() == 1 => return self.clock.format(f).map_err(dotnet),
            f => self.with_offsets(f),
        };
        self.clock.format(&custom).map_err(dotnet)
    }

    /// `format` with every unquoted `z` run and `K` replaced by the offset as a literal.
    fn with_offsets(self, format: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\'' | '"' => {
                    let end = chars[i + 1..].iter().position(|x| *x == c).map_or(chars.len(), |p| i + 1 + p);
                    out.extend(&chars[i..=end.min(chars.len() - 1)]);
                    i = end + 1;
                    continue;
                }
                '\\' if i + 1 < chars.len() => {
                    out.push(c);
                    out.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                'z' => {
                    let run = chars[i..].iter().take_while(|x| **x == 'z').count();
                    out.push_str(&format!("'{}'", self.offset_text(run)));
                    i += run;
                    continue;
                }
                'K' => out.push_str(&format!("'{}'", self.offset_text(3))),
                _ => out.push(c),
            }
            i += 1;
        }
        out
    }
}

fn dotnet(e: apim_dotnet::DotNetError) -> Exception {
    Exception::from(e)
}

fn offset_arg(v: &Value) -> Result<i64> {
    match v {
        Value::TimeSpan(t) => Ok(t.ticks()),
        _ => Err(Exception::invalid_cast()),
    }
}

fn now(interp: &Interp<'_>) -> DateTime {
    let d = &interp.ctx.data;
    d.timestamp.add_span(d.elapsed.get()).unwrap_or(d.timestamp)
}

fn unix(ticks_per_unit: i64, v: &Value) -> Result<Value> {
    let units = to_i64(v)?;
    let ticks = units
        .checked_mul(ticks_per_unit)
        .and_then(|t| t.checked_add(DateTime::UNIX_EPOCH_TICKS))
        .filter(|t| (0..=DateTime::MAX_VALUE.ticks()).contains(t))
        .ok_or_else(|| {
            Exception::out_of_range(
                "Valid values are between -62135596800 and 253402300799, inclusive.",
                Some("seconds"),
            )
        })?;
    Ok(Value::DateTimeOffset(Dto::new(DateTime::from_ticks(ticks, DateTimeKind::Unspecified).map_err(dotnet)?, 0)?))
}

/// `DateTimeOffset.UtcNow`, `Now`, `MinValue`, `MaxValue`.
///
/// # Errors
/// An unknown member.
pub fn static_member(interp: &Interp<'_>, name: &str) -> Result<Option<Value>> {
    Ok(Some(Value::DateTimeOffset(match name {
        "UtcNow" | "Now" => Dto::new(now(interp), 0)?,
        "MinValue" => Dto::new(DateTime::MIN_VALUE, 0)?,
        "MaxValue" => Dto::new(DateTime::MAX_VALUE, 0)?,
        _ => return Ok(None),
    })))
}

/// `DateTimeOffset.Parse`, `TryParse`, `FromUnixTimeSeconds`, `FromUnixTimeMilliseconds`.
///
/// # Errors
/// `FormatException` and range errors as .NET.
pub fn call_static(interp: &Interp<'_>, name: &str, args: &mut [Value]) -> Result<Option<Value>> {
    Ok(Some(match (name, &mut *args) {
        ("FromUnixTimeSeconds", [v]) => unix(TimeSpan::TICKS_PER_SECOND, v)?,
        ("FromUnixTimeMilliseconds", [v]) => unix(TimeSpan::TICKS_PER_MILLISECOND, v)?,
        ("Parse", [Value::Null, ..]) => return Err(Exception::argument_null("input")),
        ("Parse", [Value::Str(s), ..]) => {
            let (clock, offset) = DateTime::parse_with_offset(s, now(interp)).map_err(dotnet)?;
            Value::DateTimeOffset(Dto::new(clock, offset)?)
        }
        ("TryParse", [s, out]) => {
            let parsed = match s {
                Value::Str(s) => {
                    DateTime::parse_with_offset(s, now(interp)).ok().and_then(|(c, o)| Dto::new(c, o).ok())
                }
                _ => None,
            };
            *out = Value::DateTimeOffset(parsed.unwrap_or(Dto { clock: DateTime::MIN_VALUE, offset: 0 }));
            Value::Bool(parsed.is_some())
        }
        ("Compare", [Value::DateTimeOffset(a), Value::DateTimeOffset(b)]) => {
            Value::I32(a.utc_ticks().cmp(&b.utc_ticks()) as i32)
        }
        _ => return Ok(None),
    }))
}

/// `new DateTimeOffset(...)`.
///
/// # Errors
/// `ArgumentException` for a UTC `DateTime` with a non-zero offset, range errors.
pub fn construct(args: &[Value]) -> Result<Option<Value>> {
    let int = |v: &Value| -> Result<i32> { i32::try_from(to_i64(v)?).map_err(|_| Exception::overflow()) };
    Ok(Some(Value::DateTimeOffset(match args {
        [] => Dto::new(DateTime::MIN_VALUE, 0)?,
        // Local and Unspecified take the local offset, which is zero here.
        [Value::DateTime(d)] => Dto::new(*d, 0)?,
        [Value::DateTime(d), offset] => {
            let offset = offset_arg(offset)?;
            if d.kind() == DateTimeKind::Utc && offset != 0 {
                return Err(Exception::argument(
                    "The UTC Offset for Utc DateTime instances must be 0.",
                    Some("offset"),
                ));
            }
            Dto::new(*d, offset)?
        }
        [Value::I64(ticks), offset] => {
            Dto::new(DateTime::from_ticks(*ticks, DateTimeKind::Unspecified).map_err(dotnet)?, offset_arg(offset)?)?
        }
        [y, mo, d, h, mi, s, offset] => Dto::new(
            DateTime::new(int(y)?, int(mo)?, int(d)?, int(h)?, int(mi)?, int(s)?, 0).map_err(dotnet)?,
            offset_arg(offset)?,
        )?,
        [y, mo, d, h, mi, s, ms, offset] => Dto::new(
            DateTime::new(int(y)?, int(mo)?, int(d)?, int(h)?, int(mi)?, int(s)?, int(ms)?).map_err(dotnet)?,
            offset_arg(offset)?,
        )?,
        _ => return Ok(None),
    })))
}

/// Properties of a `DateTimeOffset`.
///
/// # Errors
/// None today.
pub fn member(d: Dto, name: &str) -> Result<Option<Value>> {
    let c = d.clock;
    Ok(Some(match name {
        "DateTime" => Value::DateTime(c),
        "LocalDateTime" => Value::DateTime(d.utc().specify_kind(DateTimeKind::Local)),
        "UtcDateTime" => Value::DateTime(d.utc()),
        "Offset" => Value::TimeSpan(TimeSpan::from_ticks(d.offset)),
        "Ticks" => Value::I64(c.ticks()),
        "UtcTicks" => Value::I64(d.utc_ticks()),
        "Date" => Value::DateTime(c.date()),
        "TimeOfDay" => Value::TimeSpan(c.time_of_day()),
        "Year" => Value::I32(c.year()),
        "Month" => Value::I32(c.month()),
        "Day" => Value::I32(c.day()),
        "DayOfYear" => Value::I32(c.day_of_year()),
        "Hour" => Value::I32(c.hour()),
        "Minute" => Value::I32(c.minute()),
        "Second" => Value::I32(c.second()),
        "Millisecond" => Value::I32(c.millisecond()),
        _ => return Ok(None),
    }))
}

/// Methods of a `DateTimeOffset`.
///
/// # Errors
/// Range and format errors as .NET.
pub fn call(d: Dto, name: &str, args: &[Value]) -> Result<Option<Value>> {
    let f = |i: usize| args.get(i).map_or(Ok(0.0), to_f64);
    Ok(Some(match (name, args) {
        ("ToUnixTimeSeconds", []) => {
            Value::I64((d.utc_ticks() - DateTime::UNIX_EPOCH_TICKS).div_euclid(TimeSpan::TICKS_PER_SECOND))
        }
        ("ToUnixTimeMilliseconds", []) => {
            Value::I64((d.utc_ticks() - DateTime::UNIX_EPOCH_TICKS).div_euclid(TimeSpan::TICKS_PER_MILLISECOND))
        }
        ("ToUniversalTime", []) => Value::DateTimeOffset(d.at(0)?),
        ("ToLocalTime", []) => Value::DateTimeOffset(d.at(0)?),
        ("ToOffset", [o]) => Value::DateTimeOffset(d.at(offset_arg(o)?)?),
        ("ToString", []) => Value::string(d.format("")?),
        ("ToString", [Value::Str(fmt), ..]) => Value::string(d.format(fmt)?),
        ("ToString", [Value::Null, ..]) => Value::string(d.format("")?),
        ("AddSeconds", [_]) => d.with_clock(d.clock.add_seconds(f(0)?).map_err(dotnet))?,
        ("AddMinutes", [_]) => d.with_clock(d.clock.add_minutes(f(0)?).map_err(dotnet))?,
        ("AddHours", [_]) => d.with_clock(d.clock.add_hours(f(0)?).map_err(dotnet))?,
        ("AddDays", [_]) => d.with_clock(d.clock.add_days(f(0)?).map_err(dotnet))?,
        ("AddMilliseconds", [_]) => d.with_clock(d.clock.add_milliseconds(f(0)?).map_err(dotnet))?,
        ("AddTicks", [t]) => d.with_clock(d.clock.add_ticks(to_i64(t)?).map_err(dotnet))?,
        ("AddMonths", [m]) => {
            d.with_clock(d.clock.add_months(i32::try_from(to_i64(m)?).unwrap_or(i32::MAX)).map_err(dotnet))?
        }
        ("AddYears", [y]) => {
            d.with_clock(d.clock.add_years(i32::try_from(to_i64(y)?).unwrap_or(i32::MAX)).map_err(dotnet))?
        }
        ("Add", [Value::TimeSpan(t)]) => d.with_clock(d.clock.add_span(*t).map_err(dotnet))?,
        ("Subtract", [Value::TimeSpan(t)]) => d.with_clock(d.clock.subtract(*t).map_err(dotnet))?,
        ("Subtract", [Value::DateTimeOffset(o)]) => {
            Value::TimeSpan(TimeSpan::from_ticks(d.utc_ticks() - o.utc_ticks()))
        }
        ("CompareTo", [Value::DateTimeOffset(o)]) => Value::I32(d.utc_ticks().cmp(&o.utc_ticks()) as i32),
        ("Equals", [Value::DateTimeOffset(o)]) => Value::Bool(d.utc_ticks() == o.utc_ticks()),
        ("EqualsExact", [Value::DateTimeOffset(o)]) => Value::Bool(d == *o),
        _ => return Ok(None),
    }))
}

/// `a op b` where a `DateTimeOffset` is involved: `-` (a `TimeSpan` or another
/// `DateTimeOffset`), `+ TimeSpan`, and comparisons, which compare the UTC instants.
///
/// # Errors
/// Range errors.
pub fn binary(op: apim_expr::ast::BinaryOp, l: &Value, r: &Value) -> Result<Option<Value>> {
    use apim_expr::ast::BinaryOp as B;
    Ok(Some(match (l, r) {
        (Value::DateTimeOffset(a), Value::DateTimeOffset(b)) => {
            let (x, y) = (a.utc_ticks(), b.utc_ticks());
            match op {
                B::Sub => Value::TimeSpan(TimeSpan::from_ticks(x - y)),
                B::Eq => Value::Bool(x == y),
                B::Ne => Value::Bool(x != y),
                B::Lt => Value::Bool(x < y),
                B::Gt => Value::Bool(x > y),
                B::Le => Value::Bool(x <= y),
                B::Ge => Value::Bool(x >= y),
                _ => return Ok(None),
            }
        }
        (Value::DateTimeOffset(a), Value::TimeSpan(t)) => match op {
            B::Add => a.with_clock(a.clock.add_span(*t).map_err(dotnet))?,
            B::Sub => a.with_clock(a.clock.subtract(*t).map_err(dotnet))?,
            _ => return Ok(None),
        },
        _ => return Ok(None),
    }))
}
