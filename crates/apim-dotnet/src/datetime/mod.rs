//! `System.DateTime`: 100 ns ticks since 0001-01-01 00:00:00 plus a kind.
//!
//! **Local time is UTC here.** The crate has no clock and no time zone database, so a
//! `Local` value is treated as if the machine's zone were UTC (offset zero, no daylight
//! saving): `ToLocalTime`/`ToUniversalTime` only change the kind, parsing `"...Z"` or
//! `"...+02:00"` converts to UTC ticks and (like .NET) marks the result `Local`, and the
//! `z`/`K` format specifiers print `+00:00`. APIM gateways run with UTC as their local zone,
//! so this matches what policies see there.
//!
//! As in .NET, equality and ordering compare ticks only; the kind is ignored.

pub(crate) mod calendar;
pub(crate) mod format;
pub(crate) mod parse;
pub(crate) mod parse_exact;
pub(crate) mod styles;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use calendar::{
    MAX_MILLIS, MAX_TICKS, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};

use crate::convert::cast_f64_to_i64;
use crate::error::{DATE_ARITHMETIC, DotNetError, Result};
use crate::timespan::TimeSpan;
pub use styles::DateTimeStyles;

/// `System.DateTimeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateTimeKind {
    #[default]
    Unspecified,
    Utc,
    /// Local time; this crate's local zone is UTC (see the module documentation).
    Local,
}

/// `System.DayOfWeek` (Sunday is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayOfWeek {
    Sunday,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
}

impl DayOfWeek {
    /// The English name, as `ToString()` prints it.
    #[must_use]
    pub fn name(self) -> &'static str {
        format::DAY_NAMES[self as usize]
    }
}

/// A .NET `DateTime`: 100 ns ticks since 0001-01-01 00:00:00 and a [`DateTimeKind`].
///
/// **Local time is UTC here.** There is no clock and no time zone database, so `Local`
/// values behave as if the machine's zone were UTC: `ToLocalTime`/`ToUniversalTime` only
/// change the kind, parsing `"...Z"` or `"...+02:00"` gives the UTC instant marked `Local`
/// (as .NET does), and `z`/`zz`/`zzz`/`K` print a zero offset. Equality and ordering compare
/// ticks only, as in .NET.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateTime {
    ticks: i64,
    kind: DateTimeKind,
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.ticks == other.ticks
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.ticks.cmp(&other.ticks)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ticks.hash(state);
    }
}

fn bad_ticks() -> DotNetError {
    DotNetError::out_of_range(
        Some("ticks"),
        "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.",
    )
}

impl DateTime {
    /// `DateTime.MinValue`: 0001-01-01 00:00:00.
    pub const MIN_VALUE: Self = Self { ticks: 0, kind: DateTimeKind::Unspecified };
    /// `DateTime.MaxValue`: 9999-12-31 23:59:59.9999999.
    pub const MAX_VALUE: Self = Self { ticks: MAX_TICKS, kind: DateTimeKind::Unspecified };
    /// Ticks of 1970-01-01 00:00:00 (the Unix epoch).
    pub const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

    /// `new DateTime(ticks, kind)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` outside `MinValue..=MaxValue`.
    pub fn from_ticks(ticks: i64, kind: DateTimeKind) -> Result<Self> {
        if !(0..=MAX_TICKS).contains(&ticks) {
            return Err(bad_ticks());
        }
        Ok(Self { ticks, kind })
    }

    /// `new DateTime(year, month, day, hour, minute, second, millisecond)` (kind
    /// `Unspecified`; use [`DateTime::specify_kind`] for another).
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` for an invalid date, time or millisecond.
    pub fn new(year: i32, month: i32, day: i32, hour: i32, minute: i32, second: i32, millisecond: i32) -> Result<Self> {
        if !(0..1000).contains(&millisecond) {
            return Err(DotNetError::out_of_range(
                Some("millisecond"),
                "Valid values are between 0 and 999, inclusive.",
            ));
        }
        let date = calendar::date_to_ticks(year, month, day).ok_or_else(|| {
            DotNetError::out_of_range(None, "Year, Month, and Day parameters describe an un-representable DateTime.")
        })?;
        let time = calendar::time_to_ticks(hour, minute, second).ok_or_else(|| {
            DotNetError::out_of_range(
                None,
                "Hour, Minute, and Second parameters describe an un-representable DateTime.",
            )
        })?;
        Ok(Self {
            ticks: date + time + i64::from(millisecond) * TICKS_PER_MILLISECOND,
            kind: DateTimeKind::Unspecified,
        })
    }

    /// `new DateTime(year, month, day)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` for an invalid date.
    pub fn from_date(year: i32, month: i32, day: i32) -> Result<Self> {
        Self::new(year, month, day, 0, 0, 0, 0)
    }

    /// `DateTime.SpecifyKind(value, kind)`.
    #[must_use]
    pub fn specify_kind(self, kind: DateTimeKind) -> Self {
        Self { kind, ..self }
    }

    #[must_use]
    pub fn ticks(self) -> i64 {
        self.ticks
    }

    #[must_use]
    pub fn kind(self) -> DateTimeKind {
        self.kind
    }

    fn date_parts(self) -> (i32, i32, i32, i32) {
        calendar::date_parts(self.ticks)
    }

    #[must_use]
    pub fn year(self) -> i32 {
        self.date_parts().0
    }

    #[must_use]
    pub fn month(self) -> i32 {
        self.date_parts().1
    }

    #[must_use]
    pub fn day(self) -> i32 {
        self.date_parts().2
    }

    #[must_use]
    pub fn day_of_year(self) -> i32 {
        self.date_parts().3
    }

    #[must_use]
    pub fn hour(self) -> i32 {
        i32::try_from(self.ticks / TICKS_PER_HOUR % 24).unwrap_or(0)
    }

    #[must_use]
    pub fn minute(self) -> i32 {
        i32::try_from(self.ticks / TICKS_PER_MINUTE % 60).unwrap_or(0)
    }

    #[must_use]
    pub fn second(self) -> i32 {
        i32::try_from(self.ticks / TICKS_PER_SECOND % 60).unwrap_or(0)
    }

    #[must_use]
    pub fn millisecond(self) -> i32 {
        i32::try_from(self.ticks / TICKS_PER_MILLISECOND % 1000).unwrap_or(0)
    }

    fn day_of_week_number(self) -> i64 {
        (self.ticks / TICKS_PER_DAY + 1) % 7
    }

    #[must_use]
    pub fn day_of_week(self) -> DayOfWeek {
        match self.day_of_week_number() {
            0 => DayOfWeek::Sunday,
            1 => DayOfWeek::Monday,
            2 => DayOfWeek::Tuesday,
            3 => DayOfWeek::Wednesday,
            4 => DayOfWeek::Thursday,
            5 => DayOfWeek::Friday,
            _ => DayOfWeek::Saturday,
        }
    }

    /// Midnight of the same day, same kind.
    #[must_use]
    pub fn date(self) -> Self {
        Self { ticks: self.ticks - self.ticks % TICKS_PER_DAY, kind: self.kind }
    }

    #[must_use]
    pub fn time_of_day(self) -> TimeSpan {
        TimeSpan::from_ticks(self.ticks % TICKS_PER_DAY)
    }

    /// `AddTicks(value)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the result leaves the `DateTime` range.
    pub fn add_ticks(self, value: i64) -> Result<Self> {
        match self.ticks.checked_add(value) {
            Some(ticks) if (0..=MAX_TICKS).contains(&ticks) => Ok(Self { ticks, kind: self.kind }),
            _ => Err(DotNetError::out_of_range(Some("value"), DATE_ARITHMETIC)),
        }
    }

    /// The runtime's fractional `Add(value, scale)`, rounded to whole milliseconds.
    fn add_scaled(self, value: f64, scale: f64) -> Result<Self> {
        let millis = cast_f64_to_i64(value * scale + if value >= 0.0 { 0.5 } else { -0.5 });
        if millis <= -MAX_MILLIS || millis >= MAX_MILLIS {
            return Err(DotNetError::out_of_range(Some("value"), "Value to add was out of range."));
        }
        self.add_ticks(millis * TICKS_PER_MILLISECOND)
    }

    /// `AddMilliseconds(value)`, rounded to a whole millisecond.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the value or the result is out of range.
    pub fn add_milliseconds(self, value: f64) -> Result<Self> {
        self.add_scaled(value, 1.0)
    }

    /// `AddSeconds(value)`, rounded to whole milliseconds (.NET Framework).
    ///
    /// # Errors
    ///
    /// As [`DateTime::add_milliseconds`].
    pub fn add_seconds(self, value: f64) -> Result<Self> {
        self.add_scaled(value, 1000.0)
    }

    /// `AddMinutes(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`DateTime::add_milliseconds`].
    pub fn add_minutes(self, value: f64) -> Result<Self> {
        self.add_scaled(value, 60_000.0)
    }

    /// `AddHours(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`DateTime::add_milliseconds`].
    pub fn add_hours(self, value: f64) -> Result<Self> {
        self.add_scaled(value, 3_600_000.0)
    }

    /// `AddDays(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`DateTime::add_milliseconds`].
    pub fn add_days(self, value: f64) -> Result<Self> {
        self.add_scaled(value, 86_400_000.0)
    }

    /// `AddMonths(months)`: the day is clamped to the target month's length.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` beyond ±120000 months or outside years 1..=9999.
    pub fn add_months(self, months: i32) -> Result<Self> {
        if !(-120_000..=120_000).contains(&months) {
            return Err(DotNetError::out_of_range(Some("months"), "Months value must be between +/-120000."));
        }
        let (mut y, mut m, mut d, _) = self.date_parts();
        let i = m - 1 + months;
        if i >= 0 {
            m = i % 12 + 1;
            y += i / 12;
        } else {
            m = 12 + (i + 1) % 12;
            y += (i - 11) / 12;
        }
        if !(1..=9999).contains(&y) {
            return Err(DotNetError::out_of_range(Some("months"), DATE_ARITHMETIC));
        }
        d = d.min(calendar::days_in_month(y, m));
        let date = calendar::date_to_ticks(y, m, d)
            .ok_or_else(|| DotNetError::out_of_range(Some("months"), DATE_ARITHMETIC))?;
        Ok(Self { ticks: date + self.ticks % TICKS_PER_DAY, kind: self.kind })
    }

    /// `AddYears(value)`: `AddMonths(value * 12)`, so 29 February becomes 28 February.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` beyond ±10000 years or outside years 1..=9999.
    pub fn add_years(self, value: i32) -> Result<Self> {
        if !(-10_000..=10_000).contains(&value) {
            return Err(DotNetError::out_of_range(Some("years"), "Years value must be between +/-10000."));
        }
        self.add_months(value * 12)
    }

    /// `Add(value)` for a `TimeSpan`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the result leaves the `DateTime` range.
    pub fn add_span(self, value: TimeSpan) -> Result<Self> {
        self.add_ticks(value.ticks())
    }

    /// `Subtract(value)` / `d - t` for a `TimeSpan`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the result leaves the `DateTime` range.
    pub fn subtract(self, value: TimeSpan) -> Result<Self> {
        match self.ticks.checked_sub(value.ticks()) {
            Some(ticks) if (0..=MAX_TICKS).contains(&ticks) => Ok(Self { ticks, kind: self.kind }),
            _ => Err(DotNetError::out_of_range(Some("t"), DATE_ARITHMETIC)),
        }
    }

    /// `a - b` / `a.Subtract(b)` for two `DateTime`s (kinds ignored).
    #[must_use]
    pub fn subtract_date(self, other: Self) -> TimeSpan {
        TimeSpan::from_ticks(self.ticks - other.ticks)
    }

    /// `DateTime.Compare(a, b)`: -1, 0 or 1 by ticks.
    #[must_use]
    pub fn compare(a: Self, b: Self) -> i32 {
        match a.cmp(&b) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    /// `ToUniversalTime()`: `Utc` kind, same ticks (local time is UTC here).
    #[must_use]
    pub fn to_universal_time(self) -> Self {
        self.specify_kind(DateTimeKind::Utc)
    }

    /// `ToLocalTime()`: `Local` kind, same ticks (local time is UTC here).
    #[must_use]
    pub fn to_local_time(self) -> Self {
        self.specify_kind(DateTimeKind::Local)
    }

    /// `DateTime.IsLeapYear(year)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` outside 1..=9999.
    pub fn is_leap_year(year: i32) -> Result<bool> {
        if !(1..=9999).contains(&year) {
            return Err(DotNetError::out_of_range(Some("year"), "Year must be between 1 and 9999."));
        }
        Ok(calendar::is_leap_year(year))
    }

    /// `DateTime.DaysInMonth(year, month)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` for a month outside 1..=12 or a year outside 1..=9999.
    pub fn days_in_month(year: i32, month: i32) -> Result<i32> {
        if !(1..=12).contains(&month) {
            return Err(DotNetError::out_of_range(Some("month"), "Month must be between one and twelve."));
        }
        Self::is_leap_year(year)?;
        Ok(calendar::days_in_month(year, month))
    }

    /// `ToString(format, CultureInfo.InvariantCulture)`.
    ///
    /// Standard formats are the invariant patterns: `d` `MM/dd/yyyy`, `D`
    /// `dddd, dd MMMM yyyy`, `f`, `F`/`U`, `g`, `G` (also the empty format)
    /// `MM/dd/yyyy HH:mm:ss`, `m`/`M` `MMMM dd`, `o`/`O` `yyyy-MM-ddTHH:mm:ss.fffffffK`, `r`/`R`
    /// `ddd, dd MMM yyyy HH:mm:ss GMT`, `s`, `t` `HH:mm`, `T` `HH:mm:ss`, `u`, `y`/`Y`
    /// `yyyy MMMM`. Longer strings are custom formats (`yyyy`, `MM`, `MMM`, `dd`, `ddd`, `HH`,
    /// `hh`, `mm`, `ss`, `f`..`fffffff`, `F`..`FFFFFFF`, `tt`, `t`, `z`..`zzz`, `K`, `g`, quotes,
    /// `\x`, `%x`; any other character is copied).
    ///
    /// # Errors
    ///
    /// `FormatException` for an unknown standard format, an unterminated quote, a trailing
    /// `\` or `%`, or more than seven `f`.
    pub fn format(self, format: &str) -> Result<String> {
        format::format_datetime(self, format)
    }
}

impl DateTime {
    /// `DateTime.Parse(s, CultureInfo.InvariantCulture)`; `now` stands for `DateTime.Now`
    /// where .NET would read the clock (a bare time takes today's date, `"Jan 15"` the
    /// current year).
    ///
    /// Accepted: ISO 8601 (`yyyy-M-dTHH:mm[:ss[.f]]` plus `Z` or an offset), numeric dates in
    /// month/day/year order (`1/15/2024`, `1-15-24`, `2024/1/15`, `2024.1.15`, `2024-01`),
    /// English month and day names (`15 Jan 2024`, `Mon, 15 Jan 2024 10:30:00 GMT`), `AM`/`PM`,
    /// `Z`, `GMT` and offsets. Without a zone the kind is `Unspecified`; with one the value is
    /// converted to UTC and marked `Local`.
    ///
    /// # Errors
    ///
    /// `FormatException` with .NET Framework's message for the failure.
    pub fn parse(s: &str, now: Self) -> Result<Self> {
        parse::parse(s, DateTimeStyles::NONE, now)
    }

    /// `DateTimeOffset.Parse(s, CultureInfo.InvariantCulture)`: the clock time as written
    /// (`Unspecified`) and the offset in ticks; no offset in the string gives zero (the
    /// local zone is UTC).
    ///
    /// # Errors
    ///
    /// As [`DateTime::parse`], and an offset beyond 14 hours.
    pub fn parse_with_offset(s: &str, now: Self) -> Result<(Self, i64)> {
        parse::parse_with_offset(s, now)
    }

    /// `DateTime.Parse(s, CultureInfo.InvariantCulture, styles)`.
    ///
    /// # Errors
    ///
    /// As [`DateTime::parse`]; `ArgumentException` for an invalid style combination.
    pub fn parse_with_styles(s: &str, styles: DateTimeStyles, now: Self) -> Result<Self> {
        parse::parse(s, styles, now)
    }

    /// `DateTime.ParseExact(s, format, CultureInfo.InvariantCulture, styles)`: `s` must follow
    /// `format` exactly (`yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `fff` need exactly that many
    /// digits; one-letter tokens take one or two; `FFF` and an absent `.FFF` are optional;
    /// names match in any case). `now` supplies missing date parts.
    ///
    /// # Errors
    ///
    /// `FormatException` when `s` does not follow `format`, or for an invalid format;
    /// `ArgumentException` for an invalid style combination.
    pub fn parse_exact(s: &str, format: &str, styles: DateTimeStyles, now: Self) -> Result<Self> {
        parse_exact::parse_exact(s, &[format], styles, now)
    }

    /// `DateTime.ParseExact(s, formats, CultureInfo.InvariantCulture, styles)`: the first
    /// matching format wins.
    ///
    /// # Errors
    ///
    /// As [`DateTime::parse_exact`].
    pub fn parse_exact_any(s: &str, formats: &[&str], styles: DateTimeStyles, now: Self) -> Result<Self> {
        parse_exact::parse_exact(s, formats, styles, now)
    }

    /// `DateTime.TryParseExact(s, format, CultureInfo.InvariantCulture, styles, out d)`.
    #[must_use]
    pub fn try_parse_exact(s: &str, format: &str, styles: DateTimeStyles, now: Self) -> Option<Self> {
        Self::parse_exact(s, format, styles, now).ok()
    }

    /// `DateTime.TryParse(s, out d)`.
    #[must_use]
    pub fn try_parse(s: &str, now: Self) -> Option<Self> {
        Self::parse(s, now).ok()
    }
}

impl fmt::Display for DateTime {
    /// `ToString()` with the invariant culture: `MM/dd/yyyy HH:mm:ss`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format::format_datetime(*self, "G").unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: i32, d: i32) -> DateTime {
        DateTime::from_date(y, m, d).unwrap()
    }

    #[test]
    fn construction_and_properties() {
        let v = DateTime::new(2024, 2, 29, 13, 45, 30, 250).unwrap();
        assert_eq!(
            (v.year(), v.month(), v.day(), v.hour(), v.minute(), v.second(), v.millisecond()),
            (2024, 2, 29, 13, 45, 30, 250)
        );
        assert_eq!(v.day_of_week(), DayOfWeek::Thursday);
        assert_eq!(v.day_of_week().name(), "Thursday");
        assert_eq!(v.day_of_year(), 60);
        assert_eq!(v.date(), date(2024, 2, 29));
        assert_eq!(v.time_of_day().to_string(), "13:45:30.2500000");
        assert_eq!(v.to_string(), "02/29/2024 13:45:30");
        assert_eq!(DateTime::MIN_VALUE.to_string(), "01/01/0001 00:00:00");
        assert_eq!(DateTime::MAX_VALUE.format("o").unwrap(), "9999-12-31T23:59:59.9999999");
        assert_eq!(date(1970, 1, 1).ticks(), DateTime::UNIX_EPOCH_TICKS);
        let errors = [
            DateTime::from_date(2023, 2, 29),
            DateTime::from_date(0, 1, 1),
            DateTime::from_date(2024, 13, 1),
            DateTime::new(2024, 1, 1, 24, 0, 0, 0),
            DateTime::new(2024, 1, 1, 0, 0, 0, 1000),
            DateTime::from_ticks(-1, DateTimeKind::Utc),
            DateTime::from_ticks(MAX_TICKS + 1, DateTimeKind::Utc),
        ];
        for e in errors {
            assert_eq!(e.unwrap_err().kind, crate::ExceptionKind::ArgumentOutOfRange);
        }
    }

    #[test]
    fn arithmetic() {
        let v = DateTime::new(2024, 1, 31, 10, 0, 0, 0).unwrap();
        assert_eq!(v.add_months(1).unwrap(), DateTime::new(2024, 2, 29, 10, 0, 0, 0).unwrap());
        assert_eq!(v.add_months(-2).unwrap(), DateTime::new(2023, 11, 30, 10, 0, 0, 0).unwrap());
        assert_eq!(v.add_months(-13).unwrap(), DateTime::new(2022, 12, 31, 10, 0, 0, 0).unwrap());
        assert_eq!(date(2024, 2, 29).add_years(1).unwrap(), date(2025, 2, 28));
        assert_eq!(v.add_days(1.5).unwrap(), DateTime::new(2024, 2, 1, 22, 0, 0, 0).unwrap());
        assert_eq!(v.add_seconds(0.0004).unwrap(), v);
        assert_eq!(v.add_seconds(0.0005).unwrap().ticks() - v.ticks(), 10_000);
        assert_eq!(v.add_seconds(-0.0005).unwrap().ticks() - v.ticks(), -10_000);
        assert_eq!(v.add_hours(-1.0).unwrap().hour(), 9);
        assert_eq!(v.add_minutes(90.0).unwrap().hour(), 11);
        assert_eq!(v.add_milliseconds(1.5).unwrap().ticks() - v.ticks(), 20_000);
        assert_eq!(v.subtract_date(date(2024, 1, 31)).to_string(), "10:00:00");
        assert_eq!(v.subtract(TimeSpan::from_hours(11.0).unwrap()).unwrap().day(), 30);
        assert_eq!(v.specify_kind(DateTimeKind::Utc), v);
        assert_eq!(DateTime::compare(v, date(2024, 1, 31)), 1);

        assert_eq!(
            DateTime::MAX_VALUE.add_ticks(1).unwrap_err().message,
            format!("{DATE_ARITHMETIC}\r\nParameter name: value")
        );
        assert_eq!(
            DateTime::MIN_VALUE.subtract(TimeSpan::from_ticks(1)).unwrap_err().message,
            format!("{DATE_ARITHMETIC}\r\nParameter name: t")
        );
        assert!(v.add_days(f64::NAN).is_err());
        assert!(v.add_days(1e300).is_err());
        assert!(v.add_years(10_001).is_err());
        assert!(v.add_years(8000).is_err());
        assert!(v.add_months(120_001).is_err());
        assert_eq!(DateTime::days_in_month(2024, 2).unwrap(), 29);
        assert!(DateTime::days_in_month(2024, 0).is_err());
        assert!(DateTime::is_leap_year(0).is_err());
    }
}
