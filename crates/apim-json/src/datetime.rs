//! `System.DateTime` and `System.TimeSpan` as plain ticks, plus the date formats
//! Newtonsoft reads and writes itself (ISO 8601 through its own `DateTimeParser`, and
//! `"/Date(ms)/"`). Culture-dependent formatting and `DateTime.Parse` go through
//! [`Platform`](crate::Platform).

use std::fmt::Write as _;

/// 100-nanosecond ticks per second.
pub const TICKS_PER_SECOND: i64 = 10_000_000;
/// Ticks per day.
pub const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;
/// `DateTime.MaxValue.Ticks` (9999-12-31T23:59:59.9999999).
pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// Ticks of 1970-01-01T00:00:00 (`InitialJavaScriptDateTicks`).
pub const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

/// `System.DateTimeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateTimeKind {
    /// No time zone information.
    #[default]
    Unspecified,
    /// UTC (`...Z`).
    Utc,
    /// The machine's local time zone (`...+01:00` is read as local time).
    Local,
}

impl DateTimeKind {
    /// The enum member name, as `DateTime.Kind.ToString()` prints it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Unspecified => "Unspecified",
            Self::Utc => "Utc",
            Self::Local => "Local",
        }
    }
}

/// `System.DateTime`: ticks since 0001-01-01T00:00:00 and a kind.
///
/// Equality and ordering follow .NET: only the ticks are compared, never the kind.
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
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.ticks.cmp(&other.ticks)
    }
}

/// Calendar fields of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    /// 1..=9999.
    pub year: i32,
    /// 1..=12.
    pub month: u32,
    /// 1..=31.
    pub day: u32,
    /// 0..=23.
    pub hour: u32,
    /// 0..=59.
    pub minute: u32,
    /// 0..=59.
    pub second: u32,
    /// Ticks within the second, 0..=9_999_999.
    pub fraction: u32,
}

const DAYS_TO_MONTH_365: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_TO_MONTH_366: [i64; 13] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

/// `DateTime.IsLeapYear`.
#[must_use]
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// `DateTime.DaysInMonth`; 0 for an invalid month.
#[must_use]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let table = if is_leap_year(year) { &DAYS_TO_MONTH_366 } else { &DAYS_TO_MONTH_365 };
    match month {
        1..=12 => u32::try_from(table[month as usize] - table[month as usize - 1]).unwrap_or(0),
        _ => 0,
    }
}

impl DateTime {
    /// `DateTime.MinValue`.
    pub const MIN: DateTime = DateTime { ticks: 0, kind: DateTimeKind::Unspecified };
    /// `DateTime.MaxValue`.
    pub const MAX: DateTime = DateTime { ticks: MAX_TICKS, kind: DateTimeKind::Unspecified };

    /// `new DateTime(ticks, kind)`; `None` outside `MinValue..=MaxValue`.
    #[must_use]
    pub fn from_ticks(ticks: i64, kind: DateTimeKind) -> Option<Self> {
        (0..=MAX_TICKS).contains(&ticks).then_some(Self { ticks, kind })
    }

    /// `new DateTime(year, month, day, hour, minute, second, kind)`; `None` when a field
    /// is out of range.
    #[must_use]
    pub fn from_parts(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        kind: DateTimeKind,
    ) -> Option<Self> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let y = i64::from(year) - 1;
        let table = if is_leap_year(year) { &DAYS_TO_MONTH_366 } else { &DAYS_TO_MONTH_365 };
        let days = y * 365 + y / 4 - y / 100 + y / 400 + table[month as usize - 1] + i64::from(day) - 1;
        let time = (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * TICKS_PER_SECOND;
        Some(Self { ticks: days * TICKS_PER_DAY + time, kind })
    }

    /// Ticks since 0001-01-01.
    #[must_use]
    pub fn ticks(self) -> i64 {
        self.ticks
    }

    /// `DateTime.Kind`.
    #[must_use]
    pub fn kind(self) -> DateTimeKind {
        self.kind
    }

    /// `DateTime.SpecifyKind`.
    #[must_use]
    pub fn with_kind(self, kind: DateTimeKind) -> Self {
        Self { ticks: self.ticks, kind }
    }

    /// `AddTicks`; `None` when the result leaves the valid range.
    #[must_use]
    pub fn add_ticks(self, ticks: i64) -> Option<Self> {
        Self::from_ticks(self.ticks.checked_add(ticks)?, self.kind)
    }

    /// Calendar fields (the .NET `GetDatePart` algorithm).
    #[must_use]
    pub fn parts(self) -> DateParts {
        let mut n = self.ticks / TICKS_PER_DAY;
        let y400 = n / 146_097;
        n -= y400 * 146_097;
        let mut y100 = n / 36_524;
        if y100 == 4 {
            y100 = 3;
        }
        n -= y100 * 36_524;
        let y4 = n / 1461;
        n -= y4 * 1461;
        let mut y1 = n / 365;
        if y1 == 4 {
            y1 = 3;
        }
        n -= y1 * 365;
        let year = i32::try_from(y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1).unwrap_or(1);
        let leap = y1 == 3 && (y4 != 24 || y100 == 3);
        let table = if leap { &DAYS_TO_MONTH_366 } else { &DAYS_TO_MONTH_365 };
        let mut month = 1;
        while month < 12 && n >= table[month] {
            month += 1;
        }
        let day = n - table[month - 1] + 1;
        let time = self.ticks % TICKS_PER_DAY;
        let secs = time / TICKS_PER_SECOND;
        DateParts {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
            hour: u32::try_from(secs / 3600).unwrap_or(0),
            minute: u32::try_from(secs / 60 % 60).unwrap_or(0),
            second: u32::try_from(secs % 60).unwrap_or(0),
            fraction: u32::try_from(time % TICKS_PER_SECOND).unwrap_or(0),
        }
    }

    /// Newtonsoft's ISO 8601 form (`DateFormatHandling.IsoDateFormat`,
    /// `DateTimeZoneHandling.RoundtripKind`): `2024-01-02T03:04:05.1234567`, the fraction
    /// trimmed of trailing zeros (absent when zero), then `Z` for UTC or the local offset
    /// `+hh:mm` for local times. `local_offset_ticks` is the machine's UTC offset at this
    /// local time (APIM runs in UTC: 0).
    #[must_use]
    pub fn to_iso_string(self, local_offset_ticks: i64) -> String {
        let p = self.parts();
        let mut s = String::with_capacity(33);
        let _ = write!(s, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", p.year, p.month, p.day, p.hour, p.minute, p.second);
        if p.fraction != 0 {
            let mut fraction = p.fraction;
            let mut digits = 7;
            while fraction.is_multiple_of(10) {
                digits -= 1;
                fraction /= 10;
            }
            let _ = write!(s, ".{fraction:0digits$}");
        }
        match self.kind {
            DateTimeKind::Utc => s.push('Z'),
            DateTimeKind::Local => {
                s.push(if local_offset_ticks >= 0 { '+' } else { '-' });
                let minutes_total = (local_offset_ticks / (60 * TICKS_PER_SECOND)).unsigned_abs();
                let _ = write!(s, "{:02}:{:02}", (minutes_total / 60) % 24, minutes_total % 60);
            }
            DateTimeKind::Unspecified => {}
        }
        s
    }

    /// The invariant culture's `"G"` form, `MM/dd/yyyy HH:mm:ss`: what
    /// `Convert.ToString(dateTime, CultureInfo.InvariantCulture)` returns.
    #[must_use]
    pub fn to_invariant_string(self) -> String {
        let p = self.parts();
        format!("{:02}/{:02}/{:04} {:02}:{:02}:{:02}", p.month, p.day, p.year, p.hour, p.minute, p.second)
    }
}

/// `System.TimeSpan` in ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TimeSpan(pub i64);

impl TimeSpan {
    /// The constant (`"c"`) format: `[-][d.]hh:mm:ss[.fffffff]`, what
    /// `TimeSpan.ToString()` and Newtonsoft's writer produce.
    #[must_use]
    pub fn to_constant_string(self) -> String {
        let ticks = self.0;
        let neg = ticks < 0;
        let t = ticks.unsigned_abs();
        let tps = TICKS_PER_SECOND.unsigned_abs();
        let days = t / (tps * 86_400);
        let rem = t % (tps * 86_400);
        let secs = rem / tps;
        let fraction = rem % tps;
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        if days > 0 {
            let _ = write!(s, "{days}.");
        }
        let _ = write!(s, "{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        if fraction > 0 {
            let _ = write!(s, ".{fraction:07}");
        }
        s
    }
}

/// Which way an ISO offset points (`ParserTimeZone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Unspecified,
    Utc,
    WestOfUtc,
    EastOfUtc,
}

/// Newtonsoft's `DateTimeParser` (13.x): `yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|(+|-)hh[[:]mm]]`,
/// hour 24 allowed as `24:00:00`.
struct IsoParser<'a> {
    text: &'a [u16],
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    fraction: u32,
    zone_hour: u32,
    zone_minute: u32,
    zone: Zone,
}

impl<'a> IsoParser<'a> {
    fn new(text: &'a [u16]) -> Self {
        Self {
            text,
            year: 0,
            month: 0,
            day: 0,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: 0,
            zone_hour: 0,
            zone_minute: 0,
            zone: Zone::Unspecified,
        }
    }

    fn parse(&mut self) -> bool {
        self.parse_date() && self.parse_char(10, 'T') && self.parse_time_and_zone(11)
    }

    fn digit(&self, i: usize) -> Option<u32> {
        let c = *self.text.get(i)?;
        (u16::from(b'0')..=u16::from(b'9')).contains(&c).then(|| u32::from(c - u16::from(b'0')))
    }

    fn parse_2(&self, start: usize) -> Option<u32> {
        Some(self.digit(start)? * 10 + self.digit(start + 1)?)
    }

    fn parse_4(&self, start: usize) -> Option<u32> {
        Some(self.parse_2(start)? * 100 + self.parse_2(start + 2)?)
    }

    fn parse_char(&self, i: usize, ch: char) -> bool {
        self.text.get(i).is_some_and(|&c| u32::from(c) == ch as u32)
    }

    fn parse_date(&mut self) -> bool {
        let Some(year) = self.parse_4(0) else { return false };
        self.year = i32::try_from(year).unwrap_or(0);
        if self.year < 1 || !self.parse_char(4, '-') {
            return false;
        }
        let Some(month) = self.parse_2(5) else { return false };
        self.month = month;
        if !(1..=12).contains(&month) || !self.parse_char(7, '-') {
            return false;
        }
        let Some(day) = self.parse_2(8) else { return false };
        self.day = day;
        day >= 1 && day <= days_in_month(self.year, month)
    }

    fn parse_time_and_zone(&mut self, start: usize) -> bool {
        match self.parse_time(start) {
            Some(next) => self.parse_zone(next),
            None => false,
        }
    }

    fn parse_time(&mut self, start: usize) -> Option<usize> {
        self.hour = self.parse_2(start)?;
        if self.hour > 24 || !self.parse_char(start + 2, ':') {
            return None;
        }
        self.minute = self.parse_2(start + 3)?;
        if self.minute >= 60 || !self.parse_char(start + 5, ':') {
            return None;
        }
        self.second = self.parse_2(start + 6)?;
        if self.second >= 60 || (self.hour == 24 && (self.minute != 0 || self.second != 0)) {
            return None;
        }
        let mut pos = start + 8;
        if self.parse_char(pos, '.') {
            self.fraction = 0;
            let mut digits = 0;
            loop {
                pos += 1;
                if pos >= self.text.len() || digits >= 7 {
                    break;
                }
                let Some(d) = self.digit(pos) else { break };
                self.fraction = self.fraction * 10 + d;
                digits += 1;
            }
            if digits < 7 {
                if digits == 0 {
                    return None;
                }
                self.fraction *= 10u32.pow(7 - digits);
            }
            if self.hour == 24 && self.fraction != 0 {
                return None;
            }
        }
        Some(pos)
    }

    fn parse_zone(&mut self, mut start: usize) -> bool {
        let len = self.text.len();
        if start < len {
            let ch = self.text[start];
            if ch == u16::from(b'Z') || ch == u16::from(b'z') {
                self.zone = Zone::Utc;
                start += 1;
            } else {
                if start + 2 < len
                    && let Some(h) = self.parse_2(start + 1)
                {
                    self.zone_hour = h;
                    if ch == u16::from(b'-') {
                        self.zone = Zone::WestOfUtc;
                        start += 3;
                    } else if ch == u16::from(b'+') {
                        self.zone = Zone::EastOfUtc;
                        start += 3;
                    }
                }
                if start < len {
                    if self.parse_char(start, ':') {
                        start += 1;
                    }
                    if start + 1 < len
                        && let Some(m) = self.parse_2(start)
                    {
                        self.zone_minute = m;
                        start += 2;
                    }
                }
            }
        }
        start == len
    }
}

/// `DateTimeUtils.TryParseDateTimeIso` with `DateTimeZoneHandling.RoundtripKind`.
/// `to_local` converts a UTC instant to local ticks (`ToLocalTime`).
pub(crate) fn try_parse_iso(text: &[u16], to_local: &dyn Fn(i64) -> i64) -> Option<DateTime> {
    let mut p = IsoParser::new(text);
    if !p.parse() {
        return None;
    }
    let is_24 = p.hour == 24;
    let hour = if is_24 { 0 } else { p.hour };
    let mut d = DateTime::from_parts(p.year, p.month, p.day, hour, p.minute, p.second, DateTimeKind::Unspecified)?
        .add_ticks(i64::from(p.fraction))?;
    if is_24 {
        d = d.add_ticks(TICKS_PER_DAY)?;
    }
    let offset = (i64::from(p.zone_hour) * 3600 + i64::from(p.zone_minute) * 60) * TICKS_PER_SECOND;
    Some(match p.zone {
        Zone::Unspecified => d,
        Zone::Utc => d.with_kind(DateTimeKind::Utc),
        Zone::WestOfUtc => {
            let ticks = d.ticks + offset;
            if ticks <= MAX_TICKS {
                local_from_utc(ticks, to_local)
            } else {
                DateTime { ticks: to_local(d.ticks).min(MAX_TICKS), kind: DateTimeKind::Local }
            }
        }
        Zone::EastOfUtc => {
            let ticks = d.ticks - offset;
            if ticks >= 0 {
                local_from_utc(ticks, to_local)
            } else {
                DateTime { ticks: to_local(d.ticks).max(0), kind: DateTimeKind::Local }
            }
        }
    })
}

/// `new DateTime(utc, DateTimeKind.Utc).ToLocalTime()`, clamped like .NET.
pub(crate) fn local_from_utc(utc_ticks: i64, to_local: &dyn Fn(i64) -> i64) -> DateTime {
    DateTime { ticks: to_local(utc_ticks).clamp(0, MAX_TICKS), kind: DateTimeKind::Local }
}

/// Result of reading a `"/Date(...)/"` string.
pub(crate) enum MicrosoftDate {
    /// Not a Microsoft date: the string stays a string.
    NotADate,
    /// A date.
    Date(DateTime),
    /// Ticks out of `DateTime`'s range: .NET throws `ArgumentOutOfRangeException`.
    OutOfRange,
}

/// `DateTimeUtils.TryParseDateTimeMicrosoft` (`"/Date(1234567890123+0100)/"`): the
/// milliseconds are UTC; an offset only makes the result local time.
pub(crate) fn try_parse_microsoft(text: &[u16], to_local: &dyn Fn(i64) -> i64) -> MicrosoftDate {
    let len = text.len();
    if len < 9 {
        return MicrosoftDate::NotADate;
    }
    let search = &text[7..len - 1];
    let found = search
        .iter()
        .position(|&c| c == u16::from(b'+'))
        .or_else(|| search.iter().position(|&c| c == u16::from(b'-')))
        .map(|i| i + 7);
    let (end, local) = match found {
        Some(index) => {
            if !read_offset(text, index) {
                return MicrosoftDate::NotADate;
            }
            (index, true)
        }
        None => (len - 2, false),
    };
    let Some(digits) = text.get(6..end) else { return MicrosoftDate::NotADate };
    let ParseResult::Success(ms) = int64_try_parse(digits) else { return MicrosoftDate::NotADate };
    let ticks = ms.wrapping_mul(10_000).wrapping_add(UNIX_EPOCH_TICKS);
    if !(0..=MAX_TICKS).contains(&ticks) {
        return MicrosoftDate::OutOfRange;
    }
    if local {
        MicrosoftDate::Date(local_from_utc(ticks, to_local))
    } else {
        MicrosoftDate::Date(DateTime { ticks, kind: DateTimeKind::Utc })
    }
}

fn read_offset(text: &[u16], start: usize) -> bool {
    let Some(hours) = text.get(start + 1..start + 3) else { return false };
    if !matches!(int32_try_parse(hours), ParseResult::Success(_)) {
        return false;
    }
    if text.len() - start > 5 {
        let Some(minutes) = text.get(start + 3..start + 5) else { return false };
        if !matches!(int32_try_parse(minutes), ParseResult::Success(_)) {
            return false;
        }
    }
    true
}

/// `ConvertUtils.ParseResult`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParseResult<T> {
    Success(T),
    Invalid,
    Overflow,
}

/// `ConvertUtils.Int64TryParse`: `-?[0-9]+`, overflow reported only when every char is a
/// digit.
pub(crate) fn int64_try_parse(chars: &[u16]) -> ParseResult<i64> {
    if chars.is_empty() {
        return ParseResult::Invalid;
    }
    let negative = chars[0] == u16::from(b'-');
    let digits = if negative { &chars[1..] } else { chars };
    if digits.is_empty() {
        return ParseResult::Invalid;
    }
    let is_digit = |c: u16| (u16::from(b'0')..=u16::from(b'9')).contains(&c);
    if digits.len() > 19 {
        return if digits.iter().all(|&c| is_digit(c)) { ParseResult::Overflow } else { ParseResult::Invalid };
    }
    let mut value: i64 = 0;
    for (i, &c) in digits.iter().enumerate() {
        if !is_digit(c) {
            return ParseResult::Invalid;
        }
        let d = i64::from(c - u16::from(b'0'));
        match value.checked_mul(10).and_then(|v| v.checked_sub(d)) {
            Some(v) => value = v,
            None => {
                return if digits[i + 1..].iter().all(|&c| is_digit(c)) {
                    ParseResult::Overflow
                } else {
                    ParseResult::Invalid
                };
            }
        }
    }
    if negative {
        ParseResult::Success(value)
    } else if value == i64::MIN {
        ParseResult::Overflow
    } else {
        ParseResult::Success(-value)
    }
}

pub(crate) fn int32_try_parse(chars: &[u16]) -> ParseResult<i32> {
    match int64_try_parse(chars) {
        ParseResult::Success(v) => i32::try_from(v).map_or(ParseResult::Overflow, ParseResult::Success),
        ParseResult::Invalid => ParseResult::Invalid,
        ParseResult::Overflow => ParseResult::Overflow,
    }
}

/// `DateTime.Parse`'s message for an unrecognised string.
pub const BAD_DATE_TIME: &str = "String was not recognized as a valid DateTime.";
/// `DateTime.Parse`'s message for fields that form no date (`2023-02-30`).
pub const BAD_CALENDAR: &str =
    "The DateTime represented by the string is not supported in calendar 'System.Globalization.GregorianCalendar'.";

/// A small `DateTime.Parse(s, CultureInfo.InvariantCulture)`: ISO 8601 dates
/// (`yyyy-MM-dd`, optional `T` or space and `HH:mm[:ss[.f+]]`, optional `Z` or offset),
/// the invariant culture's `MM/dd/yyyy[ HH:mm[:ss]][ AM|PM]` and RFC 1123
/// (`ddd, dd MMM yyyy HH:mm:ss GMT`). A zone designator converts to local time (kind
/// `Local`), as `DateTime.Parse` does. `Err` holds the `FormatException` message .NET
/// Framework gives (unknown word, impossible date, or the generic one).
///
/// This covers what APIM policies feed to `Value<DateTime>()`; the full .NET parser
/// (every culture pattern, month names, partial forms) belongs to a
/// [`Platform`](crate::Platform) implementation.
///
/// # Errors
/// The `FormatException` message.
pub fn parse_invariant(s: &str, to_local: &dyn Fn(i64) -> i64) -> Result<DateTime, String> {
    let t = s.trim();
    for parser in [parse_iso_loose, parse_us, parse_rfc1123] {
        match parser(t, to_local) {
            Outcome::Ok(d) => return Ok(d),
            Outcome::BadCalendar => return Err(BAD_CALENDAR.to_owned()),
            Outcome::NoMatch => {}
        }
    }
    if let Some(index) = unknown_word(s) {
        return Err(format!(
            "The string was not recognized as a valid DateTime. There is an unknown word starting at index {index}."
        ));
    }
    Err(BAD_DATE_TIME.to_owned())
}

/// Where `DateTime.Parse`'s lexer would stop at a word it does not know (month and day
/// names, AM/PM, `T`, `Z`, `GMT` are known), in UTF-16 units.
fn unknown_word(s: &str) -> Option<usize> {
    const KNOWN: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sun",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "am",
        "pm",
        "t",
        "z",
        "gmt",
    ];
    let mut index = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            let start = index;
            let mut word = c.to_lowercase().collect::<String>();
            index += c.len_utf16();
            while let Some(&n) = chars.peek() {
                if !n.is_alphabetic() {
                    break;
                }
                word.extend(n.to_lowercase());
                index += n.len_utf16();
                chars.next();
            }
            if !KNOWN.contains(&word.as_str()) {
                return Some(start);
            }
        } else {
            index += c.len_utf16();
        }
    }
    None
}

enum Outcome {
    NoMatch,
    BadCalendar,
    Ok(DateTime),
}

impl From<Option<DateTime>> for Outcome {
    /// Fields that matched a pattern but form no date.
    fn from(d: Option<DateTime>) -> Self {
        d.map_or(Outcome::BadCalendar, Outcome::Ok)
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        while self.i - start < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    v = v * 10 + u32::from(c - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        (self.i - start >= min).then_some(v)
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn parse_time_part(c: &mut Cursor<'_>) -> Option<(u32, u32, u32, i64)> {
    let h = c.number(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let m = c.number(2, 2)?;
    let mut s = 0;
    let mut frac = 0i64;
    if c.eat(b':') {
        s = c.number(2, 2)?;
        if c.eat(b'.') {
            let start = c.i;
            let mut digits = 0;
            while let Some(d @ b'0'..=b'9') = c.peek() {
                if digits < 7 {
                    frac = frac * 10 + i64::from(d - b'0');
                    digits += 1;
                }
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            frac *= 10i64.pow(7 - digits);
        }
    }
    Some((h, m, s, frac))
}

fn parse_iso_loose(t: &str, to_local: &dyn Fn(i64) -> i64) -> Outcome {
    let mut c = Cursor { b: t.as_bytes(), i: 0 };
    let Some(fields) = (|| {
        let y = c.number(4, 4)?;
        c.eat(b'-').then_some(())?;
        let mo = c.number(1, 2)?;
        c.eat(b'-').then_some(())?;
        let d = c.number(1, 2)?;
        let (mut h, mut mi, mut s, mut frac) = (0, 0, 0, 0);
        if c.eat(b'T') || c.eat(b' ') {
            (h, mi, s, frac) = parse_time_part(&mut c)?;
        }
        let offset = if c.done() {
            None
        } else if c.eat(b'Z') || c.eat(b'z') {
            Some(0)
        } else {
            let sign = match c.peek()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            c.i += 1;
            let oh = c.number(2, 2)?;
            c.eat(b':');
            let om = if c.done() { 0 } else { c.number(2, 2)? };
            Some(sign * (i64::from(oh) * 3600 + i64::from(om) * 60) * TICKS_PER_SECOND)
        };
        c.done().then_some((y, mo, d, h, mi, s, frac, offset))
    })() else {
        return Outcome::NoMatch;
    };
    let (y, mo, d, h, mi, s, frac, offset) = fields;
    let base = i32::try_from(y)
        .ok()
        .and_then(|y| DateTime::from_parts(y, mo, d, h, mi, s, DateTimeKind::Unspecified))
        .and_then(|b| b.add_ticks(frac));
    let Some(base) = base else { return Outcome::BadCalendar };
    match offset {
        None => Outcome::Ok(base),
        Some(offset) => base.ticks.checked_sub(offset).map(|utc| local_from_utc(utc, to_local)).into(),
    }
}

fn parse_us(t: &str, _to_local: &dyn Fn(i64) -> i64) -> Outcome {
    let mut c = Cursor { b: t.as_bytes(), i: 0 };
    let Some((y, mo, d, h, mi, s, frac)) = (|| {
        let mo = c.number(1, 2)?;
        c.eat(b'/').then_some(())?;
        let d = c.number(1, 2)?;
        c.eat(b'/').then_some(())?;
        let y = c.number(4, 4)?;
        let (mut h, mut mi, mut s, mut frac) = (0, 0, 0, 0);
        if c.eat(b' ') {
            (h, mi, s, frac) = parse_time_part(&mut c)?;
            if c.eat(b' ') {
                let rest = t.get(c.i..)?;
                let pm = if rest.eq_ignore_ascii_case("PM") {
                    true
                } else if rest.eq_ignore_ascii_case("AM") {
                    false
                } else {
                    return None;
                };
                if !(1..=12).contains(&h) {
                    return None;
                }
                h = h % 12 + if pm { 12 } else { 0 };
                c.i = c.b.len();
            }
        }
        c.done().then_some((y, mo, d, h, mi, s, frac))
    })() else {
        return Outcome::NoMatch;
    };
    i32::try_from(y)
        .ok()
        .and_then(|y| DateTime::from_parts(y, mo, d, h, mi, s, DateTimeKind::Unspecified))
        .and_then(|b| b.add_ticks(frac))
        .into()
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

fn parse_rfc1123(t: &str, to_local: &dyn Fn(i64) -> i64) -> Outcome {
    let Some((year, month, day, h, mi, s)) = (|| {
        let rest = t.get(..3).filter(|d| DAYS.iter().any(|x| x.eq_ignore_ascii_case(d))).and_then(|_| t.get(3..))?;
        let rest = rest.strip_prefix(',')?.trim_start();
        let mut parts = rest.split(' ').filter(|p| !p.is_empty());
        let day: u32 = parts.next()?.parse().ok()?;
        let mon = parts.next()?;
        let month = u32::try_from(MONTHS.iter().position(|m| m.eq_ignore_ascii_case(mon))? + 1).ok()?;
        let year: i32 = parts.next()?.parse().ok()?;
        let mut c = Cursor { b: parts.next()?.as_bytes(), i: 0 };
        let (h, mi, s, frac) = parse_time_part(&mut c)?;
        if !c.done() || frac != 0 {
            return None;
        }
        let zone = parts.next()?;
        if !(zone.eq_ignore_ascii_case("GMT") || zone.eq_ignore_ascii_case("UTC")) || parts.next().is_some() {
            return None;
        }
        Some((year, month, day, h, mi, s))
    })() else {
        return Outcome::NoMatch;
    };
    DateTime::from_parts(year, month, day, h, mi, s, DateTimeKind::Utc)
        .map(|utc| local_from_utc(utc.ticks, to_local))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16s(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn parts_round_trip() {
        for (y, m, d) in [(1, 1, 1), (2000, 2, 29), (2024, 12, 31), (9999, 12, 31), (1900, 3, 1)] {
            let dt = DateTime::from_parts(y, m, d, 23, 59, 58, DateTimeKind::Utc).unwrap();
            let p = dt.parts();
            assert_eq!((p.year, p.month, p.day, p.hour, p.minute, p.second), (y, m, d, 23, 59, 58));
        }
        assert!(DateTime::from_parts(2023, 2, 29, 0, 0, 0, DateTimeKind::Utc).is_none());
    }

    #[test]
    fn iso_writing() {
        let utc = |s: &str| try_parse_iso(&u16s(s), &|t| t).unwrap();
        assert_eq!(utc("2024-01-02T03:04:05Z").to_iso_string(0), "2024-01-02T03:04:05Z");
        assert_eq!(utc("2024-01-02T03:04:05.1200Z").to_iso_string(0), "2024-01-02T03:04:05.12Z");
        assert_eq!(utc("2024-01-02T03:04:05").to_iso_string(0), "2024-01-02T03:04:05");
        assert_eq!(utc("2024-01-02T03:04:05+01:00").to_iso_string(0), "2024-01-02T02:04:05+00:00");
        assert_eq!(utc("2024-01-02T24:00:00").to_iso_string(0), "2024-01-03T00:00:00");
        assert!(try_parse_iso(&u16s("2024-01-02T03:04:05.Z"), &|t| t).is_none());
        assert!(try_parse_iso(&u16s("2024-13-02T03:04:05Z"), &|t| t).is_none());
    }

    #[test]
    fn timespan_constant_format() {
        assert_eq!(TimeSpan(0).to_constant_string(), "00:00:00");
        assert_eq!(TimeSpan(TICKS_PER_DAY + 5 * TICKS_PER_SECOND + 1).to_constant_string(), "1.00:00:05.0000001");
        assert_eq!(TimeSpan(-90 * TICKS_PER_SECOND).to_constant_string(), "-00:01:30");
    }

    #[test]
    fn loose_parse() {
        let p = |s: &str| parse_invariant(s, &|t| t).ok().map(|d| (d.to_iso_string(0), d.kind()));
        assert_eq!(p("2024-01-02"), Some(("2024-01-02T00:00:00".into(), DateTimeKind::Unspecified)));
        assert_eq!(p("2024-01-02T03:04:05Z"), Some(("2024-01-02T03:04:05+00:00".into(), DateTimeKind::Local)));
        assert_eq!(p("01/02/2024 03:04:05"), Some(("2024-01-02T03:04:05".into(), DateTimeKind::Unspecified)));
        assert_eq!(p("1/2/2024 3:04:05 PM"), Some(("2024-01-02T15:04:05".into(), DateTimeKind::Unspecified)));
        assert_eq!(p("Tue, 02 Jan 2024 03:04:05 GMT"), Some(("2024-01-02T03:04:05+00:00".into(), DateTimeKind::Local)));
        assert_eq!(p("abc"), None);
        let e = |s: &str| parse_invariant(s, &|t| t).unwrap_err();
        assert_eq!(
            e("abc"),
            "The string was not recognized as a valid DateTime. There is an unknown word starting at index 0."
        );
        assert_eq!(e("2024-02-30"), BAD_CALENDAR);
        assert_eq!(e("12:00:00:00"), BAD_DATE_TIME);
    }
}
