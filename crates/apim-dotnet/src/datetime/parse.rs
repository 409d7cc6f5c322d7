//! `DateTime.Parse` / `DateTime.TryParse` with the invariant culture.
//!
//! .NET's parser is a large heuristic lexer; this module implements the shapes policies
//! meet, checked against Mono's port of that lexer:
//!
//! * ISO 8601: `yyyy-M-d`, then `T` and exactly `HH:mm[:ss[.fraction]]`, then optional
//!   whitespace and `Z` or an offset (`+h`, `+hh:mm`, `+hhmm`). Nothing else may follow.
//! * Numeric dates in the invariant month/day/year order: `M/d/yyyy`, `M-d-yy`, `yyyy/M/d`,
//!   `yyyy.M.d`, `yyyy-M` and `M/yyyy` (first day of the month), `M/d` (current year).
//!   Two-digit years are 1930..=2029.
//! * Month names, full or three letters, any case: `15 Jan 2024`, `Jan 15, 2024`,
//!   `2024 Jan 15`, `Jan 2024`, `Jan 15` (current year), `15 Jan` (year 2015, month Jan:
//!   the invariant year-month pattern wins, as in .NET).
//! * Day names (checked against the date), `AM`/`PM`, `Z`, `GMT` and offsets anywhere
//!   after the date and time, `,` and whitespace between parts, time before or after the
//!   date, a bare time (today from `now`), and a bare hour with `AM`/`PM`.
//!
//! Results: no zone gives `Unspecified`; a zone converts to the UTC instant and gives
//! `Local` (see [`super::styles`] for the styles). Fractions beyond 7 digits are rounded
//! half to even.

use super::DateTime;
use super::calendar::{self, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use super::format::{DAY_NAMES, MONTH_NAMES};
use super::styles::{DateTimeStyles, ParsedZone, adjust};
use crate::error::{BAD_DATETIME, DotNetError, Result};

pub(crate) const BAD_CALENDAR: &str =
    "The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.";
pub(crate) const BAD_DAY_OF_WEEK: &str =
    "String was not recognized as a valid DateTime because the day of week was incorrect.";

pub(crate) fn bad() -> DotNetError {
    DotNetError::format(BAD_DATETIME)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Num { value: u64, digits: String },
    Word(String),
    Sep(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    /// Character index in the input (for the unknown-word message).
    start: usize,
    space_before: bool,
}

fn tokenize(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut space = false;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_ascii_digit() {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let value = digits.bytes().fold(0u64, |acc, d| acc.saturating_mul(10).saturating_add(u64::from(d - b'0')));
            tokens.push(Token { kind: Kind::Num { value, digits }, start, space_before: space });
            space = false;
        } else if c.is_alphabetic() {
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            tokens.push(Token { kind: Kind::Word(word), start, space_before: space });
            space = false;
        } else if c.is_whitespace() || c == '\0' {
            space = true;
            i += 1;
        } else {
            tokens.push(Token { kind: Kind::Sep(c), start, space_before: space });
            space = false;
            i += 1;
        }
    }
    tokens
}

/// 1-based month of a full or three-letter English month name.
pub(crate) fn month_from_name(word: &str) -> Option<i32> {
    MONTH_NAMES
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word) || m[..3].eq_ignore_ascii_case(word))
        .and_then(|i| i32::try_from(i + 1).ok())
}

/// 0-based (Sunday) day of a full or three-letter English day name.
pub(crate) fn day_from_name(word: &str) -> Option<i64> {
    DAY_NAMES
        .iter()
        .position(|d| d.eq_ignore_ascii_case(word) || d[..3].eq_ignore_ascii_case(word))
        .and_then(|i| i64::try_from(i).ok())
}

/// Two-digit years map to 1930..=2029 (`TwoDigitYearMax` 2029).
pub(crate) fn expand_year(value: u64, digits: usize) -> i32 {
    let year = i32::try_from(value.min(100_000)).unwrap_or(100_000);
    if digits <= 2 && year < 100 { if year <= 29 { 2000 + year } else { 1900 + year } } else { year }
}

/// Fraction digits as .NET's `ParseFraction` accumulates them, as rounded ticks.
pub(crate) fn fraction_ticks(digits: &str) -> i64 {
    let mut fraction = 0.0f64;
    let mut base = 0.1f64;
    for d in digits.bytes() {
        fraction += f64::from(d - b'0') * base;
        base *= 0.1;
    }
    #[allow(clippy::cast_possible_truncation)]
    let ticks = (fraction * 10_000_000.0).round_ties_even() as i64;
    ticks
}

#[derive(Debug, Clone, Copy)]
struct Time {
    hour: i64,
    minute: i64,
    second: i64,
    fraction: i64,
}

struct Cursor {
    tokens: Vec<Token>,
    pos: usize,
}

impl Cursor {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.pos + offset)
    }

    fn sep(&self, c: char) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Sep(s), .. }) if *s == c)
    }

    fn sep_tight(&self, c: char) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Sep(s), space_before: false, .. }) if *s == c)
    }

    fn num(&mut self) -> Option<(u64, String)> {
        match self.peek() {
            Some(Token { kind: Kind::Num { value, digits }, .. }) => {
                let r = (*value, digits.clone());
                self.pos += 1;
                Some(r)
            }
            _ => None,
        }
    }

    fn num_tight(&mut self) -> Option<(u64, String)> {
        match self.peek() {
            Some(Token { space_before: false, .. }) => self.num(),
            _ => None,
        }
    }
}

/// An offset after its sign: `h`, `hh`, `hh:mm`, `hmm`, `hhmm`.
fn parse_offset(cur: &mut Cursor, negative: bool) -> Result<ParsedZone> {
    let (value, digits) = cur.num_tight().ok_or_else(bad)?;
    let value = i64::try_from(value).map_err(|_| bad())?;
    let (hours, minutes) = match digits.len() {
        1 | 2 => {
            if cur.sep_tight(':') {
                cur.pos += 1;
                let (m, m_digits) = cur.num_tight().ok_or_else(bad)?;
                if m_digits.len() > 2 {
                    return Err(bad());
                }
                (value, i64::try_from(m).unwrap_or(i64::MAX))
            } else {
                (value, 0)
            }
        }
        3 | 4 => (value / 100, value % 100),
        _ => return Err(bad()),
    };
    if minutes >= 60 {
        return Err(bad());
    }
    let ticks = hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE;
    Ok(ParsedZone { offset_ticks: if negative { -ticks } else { ticks }, utc: false })
}

/// `DateTime.Parse(s)`: `now` supplies the date for a bare time and the year for
/// month-and-day strings.
pub(crate) fn parse(s: &str, styles: DateTimeStyles, now: DateTime) -> Result<DateTime> {
    let (ticks, zone) = parse_wall(s, styles, now)?;
    adjust(ticks, zone, styles)
}

/// `DateTimeOffset.Parse(s)`: the clock time as written (`Unspecified`) and the offset
/// in ticks (zero without one: the local zone is UTC here).
pub(crate) fn parse_with_offset(s: &str, now: DateTime) -> Result<(DateTime, i64)> {
    let (ticks, zone) = parse_wall(s, DateTimeStyles::NONE, now)?;
    let offset = zone.map_or(0, |z| z.offset_ticks);
    if offset.abs() > 14 * TICKS_PER_HOUR {
        return Err(DotNetError::format("The time zone offset must be within plus or minus 14 hours."));
    }
    Ok((DateTime::from_ticks(ticks, super::DateTimeKind::Unspecified)?, offset))
}

/// The wall-clock ticks written in `s` and the zone written after them.
type Wall = (i64, Option<ParsedZone>);

fn parse_wall(s: &str, styles: DateTimeStyles, now: DateTime) -> Result<Wall> {
    styles.validate()?;
    let tokens = tokenize(s);
    if tokens.is_empty() {
        return Err(bad());
    }
    if let Some(result) = parse_iso(&tokens) {
        return result;
    }
    parse_general(tokens, now)
}

/// The strict ISO 8601 path, taken when the string starts (after an optional day name)
/// with `yyyy-M-dT`. `None` when the string does not have that shape.
fn parse_iso(tokens: &[Token]) -> Option<Result<Wall>> {
    let mut start = 0;
    let mut day_name = None;
    if let Some(Token { kind: Kind::Word(w), .. }) = tokens.first()
        && let Some(d) = day_from_name(w)
    {
        day_name = Some(d);
        start = 1;
        if matches!(tokens.get(1), Some(Token { kind: Kind::Sep(','), .. })) {
            start = 2;
        }
    }
    let t = tokens.get(start..start + 6)?;
    let (
        Kind::Num { value: year, digits: year_digits },
        Kind::Sep('-'),
        Kind::Num { value: month, .. },
        Kind::Sep('-'),
        Kind::Num { value: day, .. },
        Kind::Word(marker),
    ) = (&t[0].kind, &t[1].kind, &t[2].kind, &t[3].kind, &t[4].kind, &t[5].kind)
    else {
        return None;
    };
    if year_digits.len() != 4 || marker != "t" || t[5].space_before || t[1..5].iter().any(|x| x.space_before) {
        return None;
    }
    Some(iso_rest(tokens, start + 6, (*year, *month, *day), day_name))
}

fn iso_rest(tokens: &[Token], pos: usize, date: (u64, u64, u64), day_name: Option<i64>) -> Result<Wall> {
    let mut cur = Cursor { tokens: tokens.to_vec(), pos };
    let two = |cur: &mut Cursor| -> Result<i64> {
        match cur.num_tight() {
            Some((v, d)) if d.len() == 2 => i64::try_from(v).map_err(|_| bad()),
            _ => Err(bad()),
        }
    };
    let hour = two(&mut cur)?;
    if !cur.sep_tight(':') {
        return Err(bad());
    }
    cur.pos += 1;
    let minute = two(&mut cur)?;
    let mut second = 0;
    let mut fraction = 0;
    if cur.sep_tight(':') {
        cur.pos += 1;
        second = two(&mut cur)?;
        if cur.sep_tight('.') {
            cur.pos += 1;
            let (_, digits) = cur.num_tight().ok_or_else(bad)?;
            fraction = fraction_ticks(&digits);
        }
    }
    let mut zone = None;
    match cur.peek().map(|t| t.kind.clone()) {
        Some(Kind::Word(w)) if w == "z" => {
            zone = Some(ParsedZone { offset_ticks: 0, utc: true });
            cur.pos += 1;
        }
        Some(Kind::Sep(c @ ('+' | '-'))) => {
            cur.pos += 1;
            zone = Some(parse_offset(&mut cur, c == '-')?);
        }
        _ => {}
    }
    if cur.peek().is_some() {
        return Err(bad());
    }
    let (y, m, d) = date;
    let to_i32 = |v: u64| i32::try_from(v).unwrap_or(-1);
    let date_ticks =
        calendar::date_to_ticks(to_i32(y), to_i32(m), to_i32(d)).ok_or_else(|| DotNetError::format(BAD_CALENDAR))?;
    let time = Time { hour, minute, second, fraction };
    finish(date_ticks, Some(time), day_name, zone)
}

/// Validates the time, adds it and the fraction, checks the day name, applies the zone.
fn finish(date_ticks: i64, time: Option<Time>, day_name: Option<i64>, zone: Option<ParsedZone>) -> Result<Wall> {
    let mut ticks = date_ticks;
    if let Some(t) = time {
        if !(0..24).contains(&t.hour) || !(0..60).contains(&t.minute) || !(0..60).contains(&t.second) {
            return Err(DotNetError::format(BAD_CALENDAR));
        }
        ticks += t.hour * TICKS_PER_HOUR + t.minute * TICKS_PER_MINUTE + t.second * TICKS_PER_SECOND;
        ticks = ticks.checked_add(t.fraction).filter(|v| *v <= calendar::MAX_TICKS).ok_or_else(bad)?;
    }
    if let Some(d) = day_name
        && d != (date_ticks / calendar::TICKS_PER_DAY + 1) % 7
    {
        return Err(DotNetError::format(BAD_DAY_OF_WEEK));
    }
    Ok((ticks, zone))
}

#[derive(Debug, Clone)]
struct DateNum {
    value: u64,
    digits: usize,
}

fn parse_general(tokens: Vec<Token>, now: DateTime) -> Result<Wall> {
    let mut cur = Cursor { tokens, pos: 0 };
    let mut nums: Vec<DateNum> = Vec::new();
    let mut month: Option<(i32, usize)> = None;
    let mut day_name: Option<i64> = None;
    let mut time: Option<Time> = None;
    let mut pm: Option<bool> = None;
    let mut zone: Option<ParsedZone> = None;

    let date_complete = |nums: &Vec<DateNum>, month: &Option<(i32, usize)>| {
        nums.is_empty() || nums.len() == 3 || (month.is_some() && nums.len() == 2)
    };

    while let Some(token) = cur.peek().cloned() {
        match &token.kind {
            Kind::Num { value, digits } => {
                let next_is_colon = matches!(cur.peek_at(1), Some(Token { kind: Kind::Sep(':'), .. }));
                let next_is_ampm =
                    matches!(cur.peek_at(1), Some(Token { kind: Kind::Word(w), .. }) if w == "am" || w == "pm");
                if next_is_colon {
                    if time.is_some() {
                        return Err(bad());
                    }
                    cur.pos += 2;
                    let hour = i64::try_from(*value).unwrap_or(i64::MAX);
                    let (m, _) = cur.num().ok_or_else(bad)?;
                    let mut t = Time { hour, minute: i64::try_from(m).unwrap_or(i64::MAX), second: 0, fraction: 0 };
                    if cur.sep(':') {
                        cur.pos += 1;
                        let (sec, _) = cur.num().ok_or_else(bad)?;
                        t.second = i64::try_from(sec).unwrap_or(i64::MAX);
                        if cur.sep_tight('.') {
                            cur.pos += 1;
                            let (_, frac) = cur.num_tight().ok_or_else(bad)?;
                            t.fraction = fraction_ticks(&frac);
                        }
                    }
                    time = Some(t);
                } else if next_is_ampm && time.is_none() {
                    cur.pos += 1;
                    let hour = i64::try_from(*value).unwrap_or(i64::MAX);
                    time = Some(Time { hour, minute: 0, second: 0, fraction: 0 });
                } else {
                    if nums.len() == 3 {
                        return Err(bad());
                    }
                    nums.push(DateNum { value: *value, digits: digits.len() });
                    cur.pos += 1;
                }
            }
            Kind::Word(w) => {
                cur.pos += 1;
                if let Some(m) = month_from_name(w) {
                    if month.is_some() {
                        return Err(bad());
                    }
                    month = Some((m, nums.len()));
                } else if let Some(d) = day_from_name(w) {
                    if day_name.is_some() {
                        return Err(bad());
                    }
                    day_name = Some(d);
                } else if w == "am" || w == "pm" {
                    if pm.is_some() {
                        return Err(bad());
                    }
                    pm = Some(w == "pm");
                } else if w == "z" || w == "gmt" {
                    if zone.is_some() {
                        return Err(bad());
                    }
                    zone = Some(ParsedZone { offset_ticks: 0, utc: true });
                } else if w == "t"
                    && !nums.is_empty()
                    && matches!(cur.peek(), Some(Token { kind: Kind::Num { .. }, .. }))
                {
                    // The date/time separator of `yyyy-MM-dd T HH:mm`.
                } else {
                    return Err(DotNetError::format(format!(
                        "The string was not recognized as a valid DateTime. There is an unknown word starting at index {}.",
                        token.start
                    )));
                }
            }
            Kind::Sep(c) => {
                cur.pos += 1;
                let after_date_part = cur.pos >= 2
                    && matches!(
                        cur.tokens.get(cur.pos - 2).map(|t| &t.kind),
                        Some(Kind::Num { .. }) | Some(Kind::Word(_))
                    );
                let before_date_part =
                    matches!(cur.peek().map(|t| &t.kind), Some(Kind::Num { .. }) | Some(Kind::Word(_)));
                match c {
                    ',' => {}
                    '+' | '-' if time.is_some() && zone.is_none() && date_complete(&nums, &month) => {
                        zone = Some(parse_offset(&mut cur, *c == '-')?);
                    }
                    '/' | '-' if after_date_part && before_date_part => {}
                    '.' if after_date_part && before_date_part && nums.first().is_some_and(|n| n.digits == 4) => {}
                    _ => return Err(bad()),
                }
            }
        }
    }

    // The time of day, with AM/PM applied as the runtime's AdjustHour does.
    let time = match (time, pm) {
        (None, Some(_)) => return Err(bad()),
        (Some(mut t), Some(is_pm)) => {
            if is_pm {
                if t.hour > 23 {
                    return Err(bad());
                }
                if t.hour < 12 {
                    t.hour += 12;
                }
            } else {
                if t.hour > 12 {
                    return Err(bad());
                }
                if t.hour == 12 {
                    t.hour = 0;
                }
            }
            Some(t)
        }
        (t, None) => t,
    };

    let (year, month, day) = resolve_date(&nums, month, time.is_some(), now)?;
    let date_ticks = calendar::date_to_ticks(year, month, day).ok_or_else(bad)?;
    finish(date_ticks, time, day_name, zone)
}

/// Year, month and day from the date numbers and the month name (with its position among
/// the numbers), following the invariant culture's patterns.
fn resolve_date(
    nums: &[DateNum],
    month_name: Option<(i32, usize)>,
    has_time: bool,
    now: DateTime,
) -> Result<(i32, i32, i32)> {
    let to_i32 = |v: u64| i32::try_from(v.min(100_000)).unwrap_or(100_000);
    let is_year = |n: &DateNum| n.digits >= 3;
    let year_of = |n: &DateNum| expand_year(n.value, n.digits);
    match (month_name, nums) {
        (None, []) if has_time => Ok((now.year(), now.month(), now.day())),
        (Some((m, 0)), [n]) if is_year(n) => Ok((year_of(n), m, 1)),
        (Some((m, 0)), [n]) => Ok((now.year(), m, to_i32(n.value))),
        (Some((m, _)), [n]) => Ok((year_of(n), m, 1)),
        (Some((m, _)), [a, b]) => match (is_year(a), is_year(b)) {
            (true, false) => Ok((year_of(a), m, to_i32(b.value))),
            (false, _) => Ok((year_of(b), m, to_i32(a.value))),
            (true, true) => Err(bad()),
        },
        (None, [a, b, c]) => {
            if is_year(a) {
                Ok((year_of(a), to_i32(b.value), to_i32(c.value)))
            } else {
                Ok((year_of(c), to_i32(a.value), to_i32(b.value)))
            }
        }
        (None, [a, b]) => {
            if is_year(a) {
                Ok((year_of(a), to_i32(b.value), 1))
            } else if is_year(b) {
                Ok((year_of(b), to_i32(a.value), 1))
            } else {
                Ok((now.year(), to_i32(a.value), to_i32(b.value)))
            }
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::DateTimeKind;
    use super::*;

    fn now() -> DateTime {
        DateTime::new(2026, 11, 22, 8, 0, 0, 0).unwrap()
    }

    fn parse_o(s: &str) -> std::result::Result<String, String> {
        parse(s, DateTimeStyles::NONE, now())
            .map(|d| format!("{} {:?}", d.format("o").unwrap(), d.kind()))
            .map_err(|e| e.message)
    }

    /// Cases and results observed with Mono 6.8's `DateTime.Parse` (a port of the .NET
    /// Framework lexer) under `TZ=UTC`.
    #[test]
    fn parse_table() {
        let ok: &[(&str, &str)] = &[
            ("2024-01-15", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00.1234567+02:00", "2024-01-15T08:30:00.1234567+00:00 Local"),
            ("2024-01-15 10:30:00", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("01/15/2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("1/2/2024", "2024-01-02T00:00:00.0000000 Unspecified"),
            ("2024/01/15", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("15 Jan 2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("Jan 15, 2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("January 15, 2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("Mon, 15 Jan 2024 10:30:00 GMT", "2024-01-15T10:30:00.0000000+00:00 Local"),
            ("2024-01-15 10:30 PM", "2024-01-15T22:30:00.0000000 Unspecified"),
            ("2024-01-15 12:30 AM", "2024-01-15T00:30:00.0000000 Unspecified"),
            ("2024-01-15 13:30 PM", "2024-01-15T13:30:00.0000000 Unspecified"),
            ("2024-01-15 10 PM", "2024-01-15T22:00:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00+0200", "2024-01-15T08:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00+02", "2024-01-15T08:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00.123456789", "2024-01-15T10:30:00.1234568 Unspecified"),
            ("January 2024", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("2024 January", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("2024-01", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("01/2024", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("2024.01.15", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("15-Jan-2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("Monday, 15 January 2024 10:30:00", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-1-5 1:2:3", "2024-01-05T01:02:03.0000000 Unspecified"),
            ("   2024-01-15   ", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("1/15/24", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("1/15/30", "1930-01-15T00:00:00.0000000 Unspecified"),
            ("2024-01-15 GMT", "2024-01-15T00:00:00.0000000+00:00 Local"),
            ("15 January", "2015-01-01T00:00:00.0000000 Unspecified"),
            ("January 15", "2026-01-15T00:00:00.0000000 Unspecified"),
            ("0001-01-01T00:00:00+01:00", "0001-01-01T23:00:00.0000000+00:00 Local"),
            ("2024-01-15 10:30:00 +02:00", "2024-01-15T08:30:00.0000000+00:00 Local"),
            ("10/11/12", "2012-10-11T00:00:00.0000000 Unspecified"),
            ("2024-01-15t10:30:00z", "2024-01-15T10:30:00.0000000+00:00 Local"),
            ("JANUARY 15 2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00+14:00", "2024-01-14T20:30:00.0000000+00:00 Local"),
            ("1/15/2024 10:30:00 AM", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-01-15Z", "2024-01-15T00:00:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00 +02", "2024-01-15T08:30:00.0000000+00:00 Local"),
            ("2024 15 Jan", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("12:00 AM 1/1/2024", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("2024-01-15 GMT 10:30", "2024-01-15T10:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:59.9999999999", "2024-01-15T10:31:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00+002", "2024-01-15T10:28:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00-2", "2024-01-15T12:30:00.0000000+00:00 Local"),
            ("2024-01-15 T 10:30", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("10:30", "2026-11-22T10:30:00.0000000 Unspecified"),
            ("10 PM", "2026-11-22T22:00:00.0000000 Unspecified"),
            ("Mon 2024-01-15T10:30:00", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("1-1-1", "2001-01-01T00:00:00.0000000 Unspecified"),
            ("Jan-15-2024", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("2024-01-15,10:30", "2024-01-15T10:30:00.0000000 Unspecified"),
        ];
        for (s, want) in ok {
            assert_eq!(parse_o(s), Ok((*want).to_owned()), "{s:?}");
        }
        let err: &[(&str, &str)] = &[
            ("Tue, 15 Jan 2024 10:30:00 GMT", BAD_DAY_OF_WEEK),
            ("2024-13-01", BAD_DATETIME),
            ("2023-02-30", BAD_DATETIME),
            ("13/01/2024", BAD_DATETIME),
            ("2024-01-15T25:00:00", BAD_CALENDAR),
            ("2024-01-15T10:30:60", BAD_CALENDAR),
            ("2024-02-30T10:30", BAD_CALENDAR),
            ("2024-01-15T10:30:00 PM", BAD_DATETIME),
            ("2024-01-15T10:30:00UTC", BAD_DATETIME),
            ("15.01.2024", BAD_DATETIME),
            ("20240115", BAD_DATETIME),
            ("2024-01-15T10:30:00ZZ", BAD_DATETIME),
            ("", BAD_DATETIME),
            ("2024-01-15T10:30:00 GMT+02:00", BAD_DATETIME),
            ("2024-01-15T10", BAD_DATETIME),
            ("9999-12-31T23:59:59-01:00", super::super::styles::DATE_OUT_OF_RANGE),
            ("2024-01-15T10:30:00+15:00", "The time zone offset must be within plus or minus 14 hours."),
            ("abc", "The string was not recognized as a valid DateTime. There is an unknown word starting at index 0."),
            (
                "Jan 1st 2024",
                "The string was not recognized as a valid DateTime. There is an unknown word starting at index 5.",
            ),
            ("2024-01-15T10:30:00.", BAD_DATETIME),
            ("2024-01-15 1030", BAD_DATETIME),
            ("2024-01-15T1030", BAD_DATETIME),
            ("2024-1-5T1:2:3", BAD_DATETIME),
            ("PM", BAD_DATETIME),
            ("2024", BAD_DATETIME),
            ("15 10:30", BAD_DATETIME),
            ("2024-01-15 10:30:00 10:30", BAD_DATETIME),
            ("1:2:3:4", BAD_DATETIME),
            ("-2024-01-15", BAD_DATETIME),
            ("2024--01-15", BAD_DATETIME),
            ("2024-01-15T10:30:00+02:", BAD_DATETIME),
            ("15-01-2024", BAD_DATETIME),
        ];
        for (s, want) in err {
            assert_eq!(parse_o(s), Err((*want).to_owned()), "{s:?}");
        }
    }

    #[test]
    fn styles() {
        let p = |s: &str, st: DateTimeStyles| {
            let d = parse(s, st, now()).unwrap();
            (d.format("o").unwrap(), d.kind())
        };
        assert_eq!(p("2024-01-15T10:30:00Z", DateTimeStyles::ROUNDTRIP_KIND).1, DateTimeKind::Utc);
        assert_eq!(p("Mon, 15 Jan 2024 10:30:00 GMT", DateTimeStyles::ROUNDTRIP_KIND).1, DateTimeKind::Utc);
        assert_eq!(
            p("2024-01-15T10:30:00+02:00", DateTimeStyles::ADJUST_TO_UNIVERSAL),
            ("2024-01-15T08:30:00.0000000Z".to_owned(), DateTimeKind::Utc)
        );
        assert_eq!(p("2024-01-15T10:30:00", DateTimeStyles::ASSUME_UNIVERSAL).1, DateTimeKind::Local);
    }
}
