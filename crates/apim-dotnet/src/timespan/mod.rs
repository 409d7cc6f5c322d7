//! `System.TimeSpan`: a signed count of 100 ns ticks.
//!
//! `FromDays`/`FromHours`/`FromMinutes`/`FromSeconds`/`FromMilliseconds` follow .NET
//! Framework: the value is rounded to a whole millisecond, half away from zero
//! (`TimeSpan.FromSeconds(1.00049)` is `00:00:01`, `FromSeconds(0.0005)` is 1 ms). .NET
//! Core 3.0+ keeps full tick precision instead. The `Total*` properties multiply the ticks
//! by the reciprocal constant exactly as .NET does, so their last bits match.

pub(crate) mod format;
pub(crate) mod parse;

use std::fmt;

use crate::datetime::calendar::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use crate::error::{DotNetError, Result, TIMESPAN_TOO_LONG};

/// A .NET `TimeSpan`: a signed count of 100 ns ticks.
///
/// `from_days`..`from_milliseconds` round to whole milliseconds, half away from zero, as
/// .NET Framework does (.NET Core 3.0+ keeps full precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TimeSpan {
    ticks: i64,
}

const MAX_SECONDS: i64 = i64::MAX / TICKS_PER_SECOND;
const MIN_SECONDS: i64 = i64::MIN / TICKS_PER_SECOND;
const MAX_MILLISECONDS: i64 = i64::MAX / TICKS_PER_MILLISECOND;
const MIN_MILLISECONDS: i64 = i64::MIN / TICKS_PER_MILLISECOND;

impl TimeSpan {
    pub const ZERO: Self = Self { ticks: 0 };
    pub const MIN_VALUE: Self = Self { ticks: i64::MIN };
    pub const MAX_VALUE: Self = Self { ticks: i64::MAX };
    pub const TICKS_PER_MILLISECOND: i64 = TICKS_PER_MILLISECOND;
    pub const TICKS_PER_SECOND: i64 = TICKS_PER_SECOND;
    pub const TICKS_PER_MINUTE: i64 = TICKS_PER_MINUTE;
    pub const TICKS_PER_HOUR: i64 = TICKS_PER_HOUR;
    pub const TICKS_PER_DAY: i64 = TICKS_PER_DAY;

    /// `new TimeSpan(ticks)` / `TimeSpan.FromTicks(ticks)`.
    #[must_use]
    pub const fn from_ticks(ticks: i64) -> Self {
        Self { ticks }
    }

    /// `new TimeSpan(hours, minutes, seconds)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the total exceeds the `TimeSpan` range.
    pub fn new(hours: i32, minutes: i32, seconds: i32) -> Result<Self> {
        let total = i64::from(hours) * 3600 + i64::from(minutes) * 60 + i64::from(seconds);
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&total) {
            return Err(DotNetError::out_of_range(None, TIMESPAN_TOO_LONG));
        }
        Ok(Self { ticks: total * TICKS_PER_SECOND })
    }

    /// `new TimeSpan(days, hours, minutes, seconds, milliseconds)`.
    ///
    /// # Errors
    ///
    /// `ArgumentOutOfRangeException` when the total exceeds the `TimeSpan` range.
    pub fn with_days(days: i32, hours: i32, minutes: i32, seconds: i32, milliseconds: i32) -> Result<Self> {
        let total = (i64::from(days) * 86_400 + i64::from(hours) * 3600 + i64::from(minutes) * 60 + i64::from(seconds))
            * 1000
            + i64::from(milliseconds);
        if !(MIN_MILLISECONDS..=MAX_MILLISECONDS).contains(&total) {
            return Err(DotNetError::out_of_range(None, TIMESPAN_TOO_LONG));
        }
        Ok(Self { ticks: total * TICKS_PER_MILLISECOND })
    }

    /// The runtime's `Interval`: `value * scale` milliseconds, rounded half away from zero.
    fn interval(value: f64, scale: f64) -> Result<Self> {
        if value.is_nan() {
            return Err(DotNetError::argument("TimeSpan does not accept floating point Not-a-Number values.", None));
        }
        let tmp = value * scale;
        let millis = tmp + if value >= 0.0 { 0.5 } else { -0.5 };
        #[allow(clippy::cast_precision_loss)]
        let (max, min) = (MAX_MILLISECONDS as f64, MIN_MILLISECONDS as f64);
        if millis > max || millis < min {
            return Err(DotNetError::overflow(TIMESPAN_TOO_LONG));
        }
        #[allow(clippy::cast_possible_truncation)]
        let millis = millis as i64;
        Ok(Self { ticks: millis * TICKS_PER_MILLISECOND })
    }

    /// `TimeSpan.FromDays(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// `ArgumentException` for NaN, `OverflowException` beyond the range.
    pub fn from_days(value: f64) -> Result<Self> {
        Self::interval(value, 86_400_000.0)
    }

    /// `TimeSpan.FromHours(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`TimeSpan::from_days`].
    pub fn from_hours(value: f64) -> Result<Self> {
        Self::interval(value, 3_600_000.0)
    }

    /// `TimeSpan.FromMinutes(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`TimeSpan::from_days`].
    pub fn from_minutes(value: f64) -> Result<Self> {
        Self::interval(value, 60_000.0)
    }

    /// `TimeSpan.FromSeconds(value)`, rounded to whole milliseconds.
    ///
    /// # Errors
    ///
    /// As [`TimeSpan::from_days`].
    pub fn from_seconds(value: f64) -> Result<Self> {
        Self::interval(value, 1000.0)
    }

    /// `TimeSpan.FromMilliseconds(value)`, rounded to a whole millisecond.
    ///
    /// # Errors
    ///
    /// As [`TimeSpan::from_days`].
    pub fn from_milliseconds(value: f64) -> Result<Self> {
        Self::interval(value, 1.0)
    }

    #[must_use]
    pub const fn ticks(self) -> i64 {
        self.ticks
    }

    /// Whole days (truncated toward zero, so negative for negative spans).
    #[must_use]
    pub fn days(self) -> i32 {
        i32::try_from(self.ticks / TICKS_PER_DAY).unwrap_or(0)
    }

    #[must_use]
    pub fn hours(self) -> i32 {
        i32::try_from((self.ticks / TICKS_PER_HOUR) % 24).unwrap_or(0)
    }

    #[must_use]
    pub fn minutes(self) -> i32 {
        i32::try_from((self.ticks / TICKS_PER_MINUTE) % 60).unwrap_or(0)
    }

    #[must_use]
    pub fn seconds(self) -> i32 {
        i32::try_from((self.ticks / TICKS_PER_SECOND) % 60).unwrap_or(0)
    }

    #[must_use]
    pub fn milliseconds(self) -> i32 {
        i32::try_from((self.ticks / TICKS_PER_MILLISECOND) % 1000).unwrap_or(0)
    }

    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn total_days(self) -> f64 {
        self.ticks as f64 * (1.0 / 864_000_000_000.0)
    }

    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn total_hours(self) -> f64 {
        self.ticks as f64 * (1.0 / 36_000_000_000.0)
    }

    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn total_minutes(self) -> f64 {
        self.ticks as f64 * (1.0 / 600_000_000.0)
    }

    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn total_seconds(self) -> f64 {
        self.ticks as f64 * (1.0 / 10_000_000.0)
    }

    /// `TotalMilliseconds`, clamped to the millisecond range as .NET does.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn total_milliseconds(self) -> f64 {
        let temp = self.ticks as f64 * (1.0 / 10_000.0);
        temp.clamp(MIN_MILLISECONDS as f64, MAX_MILLISECONDS as f64)
    }

    /// `a + b` / `a.Add(b)`.
    ///
    /// # Errors
    ///
    /// `OverflowException` "TimeSpan overflowed because the duration is too long."
    pub fn add_span(self, other: Self) -> Result<Self> {
        self.ticks
            .checked_add(other.ticks)
            .map(Self::from_ticks)
            .ok_or_else(|| DotNetError::overflow(TIMESPAN_TOO_LONG))
    }

    /// `a - b` / `a.Subtract(b)`.
    ///
    /// # Errors
    ///
    /// `OverflowException` "TimeSpan overflowed because the duration is too long."
    pub fn subtract(self, other: Self) -> Result<Self> {
        self.ticks
            .checked_sub(other.ticks)
            .map(Self::from_ticks)
            .ok_or_else(|| DotNetError::overflow(TIMESPAN_TOO_LONG))
    }

    /// `-a` / `a.Negate()`.
    ///
    /// # Errors
    ///
    /// `OverflowException` for `TimeSpan.MinValue`.
    pub fn negate(self) -> Result<Self> {
        self.ticks
            .checked_neg()
            .map(Self::from_ticks)
            .ok_or_else(|| DotNetError::overflow("Negating the minimum value of a twos complement number is invalid."))
    }

    /// `a.Duration()`: the absolute value.
    ///
    /// # Errors
    ///
    /// `OverflowException` for `TimeSpan.MinValue`.
    pub fn duration(self) -> Result<Self> {
        self.ticks.checked_abs().map(Self::from_ticks).ok_or_else(|| {
            DotNetError::overflow(
                "The duration cannot be returned for TimeSpan.MinValue because the absolute value of TimeSpan.MinValue exceeds the value of TimeSpan.MaxValue.",
            )
        })
    }

    /// `ToString(format, CultureInfo.InvariantCulture)`: `c` (and the empty format)
    /// `[-][d.]hh:mm:ss[.fffffff]`, `g` `[-][d:]h:mm:ss[.FFFFFFF]`, `G`
    /// `[-]d:hh:mm:ss.fffffff`, or a custom format of `d`..`dddddddd`, `h`, `hh`, `m`, `mm`,
    /// `s`, `ss`, `f`.., `F`.., quoted text and `\x` escapes (no sign is printed).
    ///
    /// # Errors
    ///
    /// `FormatException` "Input string was not in a correct format." for an unknown
    /// standard format or an invalid custom format.
    pub fn format(self, format: &str) -> Result<String> {
        format::format_timespan(self, format)
    }

    /// `TimeSpan.Parse(s)` (invariant culture): `[ws][-]` then `d`, `h:m`, `h:m:s`, `d.h:m`,
    /// `d.h:m:s`, `h:m:s.f`, `d:h:m:s` or either of those with `.f`, then `[ws]`.
    ///
    /// # Errors
    ///
    /// `FormatException` for a malformed string, `OverflowException` for a component out
    /// of range.
    pub fn parse(s: &str) -> Result<Self> {
        parse::parse(s)
    }

    /// `TimeSpan.TryParse(s, out t)`.
    #[must_use]
    pub fn try_parse(s: &str) -> Option<Self> {
        parse::parse(s).ok()
    }

    /// `TimeSpan.Compare(a, b)`: -1, 0 or 1.
    #[must_use]
    pub fn compare(a: Self, b: Self) -> i32 {
        match a.cmp(&b) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }
    }
}

impl fmt::Display for TimeSpan {
    /// `ToString()`: the constant format `[-][d.]hh:mm:ss[.fffffff]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format::format_constant(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks(r: Result<TimeSpan>) -> i64 {
        r.unwrap().ticks()
    }

    #[test]
    fn from_rounds_to_milliseconds() {
        let cases: &[(f64, i64)] = &[
            (1.0, 10_000_000),
            (1.000_49, 10_000_000),
            (1.0005, 10_010_000),
            (0.0005, 10_000),
            (0.000_49, 0),
            (-0.0005, -10_000),
            (-1.5, -15_000_000),
            (0.1, 1_000_000),
            (1e-9, 0),
        ];
        for &(seconds, want) in cases {
            assert_eq!(ticks(TimeSpan::from_seconds(seconds)), want, "{seconds}");
        }
        assert_eq!(ticks(TimeSpan::from_days(1.5)), 1_296_000_000_000);
        assert_eq!(ticks(TimeSpan::from_milliseconds(1.5)), 20_000);
        assert_eq!(ticks(TimeSpan::from_milliseconds(-1.5)), -20_000);
        assert_eq!(ticks(TimeSpan::from_minutes(0.5)), 300_000_000);
        assert_eq!(ticks(TimeSpan::from_hours(-2.0)), -72_000_000_000);
        assert_eq!(TimeSpan::from_seconds(f64::NAN).unwrap_err().kind, crate::ExceptionKind::Argument);
        assert_eq!(TimeSpan::from_days(1e20).unwrap_err().message, TIMESPAN_TOO_LONG);
        assert_eq!(TimeSpan::from_seconds(f64::INFINITY).unwrap_err().kind, crate::ExceptionKind::Overflow);
    }

    #[test]
    fn parts_and_totals() {
        let t = TimeSpan::with_days(1, 2, 3, 4, 5).unwrap();
        assert_eq!((t.days(), t.hours(), t.minutes(), t.seconds(), t.milliseconds()), (1, 2, 3, 4, 5));
        let n = t.negate().unwrap();
        assert_eq!((n.days(), n.hours(), n.minutes(), n.seconds(), n.milliseconds()), (-1, -2, -3, -4, -5));
        assert!((TimeSpan::from_minutes(90.0).unwrap().total_hours() - 1.5).abs() < 1e-12);
        assert!((TimeSpan::new(0, 0, 1).unwrap().total_milliseconds() - 1000.0).abs() < 1e-9);
        assert!(TimeSpan::MAX_VALUE.add_span(TimeSpan::from_ticks(1)).is_err());
        assert!(TimeSpan::MIN_VALUE.negate().is_err());
        assert!(TimeSpan::MIN_VALUE.duration().is_err());
        assert!(TimeSpan::new(i32::MAX, i32::MAX, 0).is_err());
        assert_eq!(TimeSpan::new(25, 0, 0).unwrap().days(), 1);
        assert!(TimeSpan::with_days(i32::MAX, 0, 0, 0, 0).is_err());
        assert_eq!(TimeSpan::compare(TimeSpan::ZERO, TimeSpan::from_ticks(1)), -1);
    }
}
