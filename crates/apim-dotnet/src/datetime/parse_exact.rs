//! `DateTime.ParseExact` / `TryParseExact` with the invariant culture (the runtime's
//! `DoStrictParse`).
//!
//! The input must follow the format exactly: `yyyy`, `MM`, `dd`, `HH`, `hh`, `mm`, `ss`
//! need exactly that many digits, `y`, `M`, `d`, `H`, `h`, `m`, `s` one or two; `fff` needs
//! three fraction digits while `FFF` takes up to three (and `.FFF` may be absent
//! altogether); `MMM`/`MMMM`, `ddd`/`dddd` and `tt` match names in any case; `z`, `zz`,
//! `zzz` read an offset, `K` reads `Z`, an offset or nothing, and an unquoted `Z` reads `Z`
//! or `GMT`. Quoted text and other characters must match literally; a space matches one
//! space unless `AllowInnerWhite`. A single-letter format is the standard pattern.
//! Missing date parts default to today (from `now`), or to 0001-01-01 with
//! `NoCurrentDateDefault`.

use super::DateTime;
use super::calendar::{self, TICKS_PER_HOUR, TICKS_PER_MINUTE};
use super::format::{DAY_NAMES, MONTH_NAMES, abbreviated, parse_quote_string, parse_repeat_pattern};
use super::parse::{BAD_CALENDAR, BAD_DAY_OF_WEEK, bad, expand_year};
use super::styles::{DateTimeStyles, ParsedZone, adjust};
use crate::error::{BAD_FORMAT_SPECIFIER, DotNetError, Result};

#[derive(Debug, Default)]
struct State {
    year: Option<i64>,
    two_digit_year: bool,
    month: Option<i64>,
    day: Option<i64>,
    hour: Option<i64>,
    minute: Option<i64>,
    second: Option<i64>,
    fraction: Option<f64>,
    hour12: bool,
    pm: Option<bool>,
    day_of_week: Option<i64>,
    zone: Option<ParsedZone>,
}

fn repeat_error(pattern: char) -> DotNetError {
    DotNetError::format(format!("DateTime pattern '{pattern}' appears more than one time with different values."))
}

/// The runtime's `CheckNewValue`: a field may repeat only with the same value.
fn set<T: PartialEq + Copy>(slot: &mut Option<T>, value: T, pattern: char) -> Result<()> {
    match slot {
        Some(old) if *old != value => Err(repeat_error(pattern)),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

struct Input {
    chars: Vec<char>,
    pos: usize,
}

impl Input {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_white(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Between `min` and `max` ASCII digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.pos;
        let mut value = 0i64;
        while self.pos - start < max
            && let Some(d) = self.peek().and_then(|c| if c.is_ascii_digit() { c.to_digit(10) } else { None })
        {
            value = value.saturating_mul(10).saturating_add(i64::from(d));
            self.pos += 1;
        }
        if self.pos - start < min {
            self.pos = start;
            return None;
        }
        Some(value)
    }

    /// `len` 1 means one or two digits, otherwise exactly `len`.
    fn field(&mut self, len: usize) -> Option<i64> {
        if len == 1 { self.digits(1, 2) } else { self.digits(len, len) }
    }

    /// Matches `word` case-insensitively.
    fn word(&mut self, word: &str) -> bool {
        let n = word.chars().count();
        let candidate: String = self.chars.iter().skip(self.pos).take(n).collect();
        if candidate.chars().count() == n && candidate.eq_ignore_ascii_case(word) {
            self.pos += n;
            true
        } else {
            false
        }
    }

    /// The longest of `names` (full or three-letter) at the cursor, as a 0-based index.
    fn name(&mut self, names: &[&str], short: bool) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (i, name) in names.iter().enumerate() {
            let name = if short { abbreviated(name) } else { name };
            let n = name.chars().count();
            let candidate: String = self.chars.iter().skip(self.pos).take(n).collect();
            if candidate.eq_ignore_ascii_case(name) && best.is_none_or(|(_, len)| n > len) {
                best = Some((i, n));
            }
        }
        let (index, len) = best?;
        self.pos += len;
        Some(index)
    }

    /// `ParseTimeZoneOffset`: `len` 1 is `+h`/`+hh`, 2 is `+hh`, 3+ is `+h:mm`/`+hhmm`.
    fn offset(&mut self, len: usize) -> Option<ParsedZone> {
        let negative = match self.peek()? {
            '+' => false,
            '-' => true,
            _ => return None,
        };
        self.pos += 1;
        let (hours, minutes) = if len <= 2 {
            (self.field(len)?, 0)
        } else {
            let hours = self.digits(1, 2)?;
            self.eat(':');
            (hours, self.digits(2, 2)?)
        };
        if minutes >= 60 {
            return None;
        }
        let ticks = hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE;
        Some(ParsedZone { offset_ticks: if negative { -ticks } else { ticks }, utc: false })
    }
}

/// `DateTime.ParseExact(s, formats, CultureInfo.InvariantCulture, styles)`: the first
/// format that matches wins.
pub(crate) fn parse_exact(s: &str, formats: &[&str], styles: DateTimeStyles, now: DateTime) -> Result<DateTime> {
    styles.validate()?;
    if formats.is_empty() || formats.iter().any(|f| f.is_empty()) {
        return Err(DotNetError::format(BAD_FORMAT_SPECIFIER));
    }
    let mut last_error = bad();
    for format in formats {
        match parse_one(s, format, styles, now) {
            Ok(value) => return Ok(value),
            Err(e) => last_error = e,
        }
    }
    if formats.len() > 1 { Err(bad()) } else { Err(last_error) }
}

fn parse_one(s: &str, format: &str, styles: DateTimeStyles, now: DateTime) -> Result<DateTime> {
    let mut state = State::default();
    let format_chars: Vec<char> = format.chars().collect();
    let pattern: Vec<char> = if let [letter] = format_chars.as_slice() {
        if *letter == 'U' {
            state.zone = Some(ParsedZone { offset_ticks: 0, utc: false });
        }
        super::format::standard_pattern(*letter).ok_or_else(DotNetError::invalid_string)?.chars().collect()
    } else {
        format_chars
    };
    let mut input = Input { chars: s.chars().collect(), pos: 0 };
    if styles.contains(DateTimeStyles::ALLOW_LEADING_WHITE) {
        input.skip_white();
    }
    let inner_white = styles.contains(DateTimeStyles::ALLOW_INNER_WHITE);
    let mut i = 0;
    while i < pattern.len() {
        if inner_white {
            input.skip_white();
        }
        i += parse_token(&mut input, &pattern, i, &mut state, inner_white)?;
    }
    if styles.contains(DateTimeStyles::ALLOW_TRAILING_WHITE) {
        input.skip_white();
    }
    if input.pos < input.chars.len() {
        return Err(bad());
    }
    finish(state, styles, now)
}

/// Parses one format token at `pattern[i]`; returns how many format characters it used.
fn parse_token(input: &mut Input, pattern: &[char], i: usize, state: &mut State, inner_white: bool) -> Result<usize> {
    let ch = pattern[i];
    let len = parse_repeat_pattern(pattern, i, ch);
    match ch {
        'y' => {
            let value = if len <= 2 { input.field(len) } else { input.digits(len, len) }.ok_or_else(bad)?;
            state.two_digit_year = len <= 2;
            set(&mut state.year, value, ch)?;
            Ok(len)
        }
        'M' => {
            let value = match len {
                1 | 2 => input.field(len),
                3 => input.name(&MONTH_NAMES, true).map(|m| m as i64 + 1),
                _ => input.name(&MONTH_NAMES, false).map(|m| m as i64 + 1),
            }
            .ok_or_else(bad)?;
            set(&mut state.month, value, ch)?;
            Ok(len)
        }
        'd' => {
            if len <= 2 {
                let value = input.field(len).ok_or_else(bad)?;
                set(&mut state.day, value, ch)?;
            } else {
                let value = input.name(&DAY_NAMES, len == 3).ok_or_else(bad)?;
                set(&mut state.day_of_week, value as i64, ch)?;
            }
            Ok(len)
        }
        'g' => {
            if !(input.word("A.D.") || input.word("AD")) {
                return Err(bad());
            }
            Ok(len)
        }
        'h' | 'H' | 'm' | 's' => {
            let value = input.field(len.min(2)).ok_or_else(bad)?;
            let slot = match ch {
                'h' => {
                    state.hour12 = true;
                    &mut state.hour
                }
                'H' => &mut state.hour,
                'm' => &mut state.minute,
                _ => &mut state.second,
            };
            set(slot, value, ch)?;
            Ok(len)
        }
        'f' | 'F' => {
            if len > 7 {
                return Err(bad());
            }
            let start = input.pos;
            let value = input.digits(0, len).unwrap_or(0);
            // At most seven digits, so the conversion below is exact.
            let count = input.pos - start;
            if ch == 'f' && count < len {
                return Err(bad());
            }
            #[allow(clippy::cast_precision_loss)]
            let fraction = value as f64 / 10f64.powi(i32::try_from(count).unwrap_or(0));
            set(&mut state.fraction, fraction, ch)?;
            Ok(len)
        }
        't' => {
            // `t` is the designator's first letter (case-sensitive), `tt` the whole of it.
            let pm = if len == 1 {
                if input.eat('A') {
                    false
                } else if input.eat('P') {
                    true
                } else {
                    return Err(bad());
                }
            } else if input.word("AM") {
                false
            } else if input.word("PM") {
                true
            } else {
                return Err(bad());
            };
            set(&mut state.pm, pm, ch)?;
            Ok(len)
        }
        'z' => {
            let zone = input.offset(len).ok_or_else(bad)?;
            set_zone(state, zone)?;
            Ok(len)
        }
        'Z' => {
            if !(input.word("GMT") || input.word("Z")) {
                return Err(bad());
            }
            set_zone(state, ParsedZone { offset_ticks: 0, utc: true })?;
            Ok(1)
        }
        'K' => {
            if input.eat('Z') {
                set_zone(state, ParsedZone { offset_ticks: 0, utc: true })?;
            } else if matches!(input.peek(), Some('+' | '-')) {
                let zone = input.offset(3).ok_or_else(bad)?;
                set_zone(state, zone)?;
            }
            Ok(1)
        }
        ':' | '/' => {
            if !input.eat(ch) {
                return Err(bad());
            }
            Ok(1)
        }
        '\\' => match pattern.get(i + 1) {
            Some(&next) if input.eat(next) => Ok(2),
            _ => Err(bad()),
        },
        '%' => match pattern.get(i + 1) {
            Some(&next) if next != '%' => Ok(1),
            _ => Err(DotNetError::format(BAD_FORMAT_SPECIFIER)),
        },
        '\'' | '"' => {
            let (text, used) = parse_quote_string(pattern, i)?;
            for c in text.chars() {
                if c == ' ' && inner_white {
                    input.skip_white();
                } else if !input.eat(c) {
                    return Err(bad());
                }
            }
            Ok(used)
        }
        '.' => {
            if input.eat('.') {
                Ok(1)
            } else if pattern.get(i + 1) == Some(&'F') {
                // An absent ".FFF" is an optional fraction.
                Ok(1 + parse_repeat_pattern(pattern, i + 1, 'F'))
            } else {
                Err(bad())
            }
        }
        ' ' => {
            if !inner_white && !input.eat(' ') {
                return Err(bad());
            }
            Ok(1)
        }
        _ => {
            let rest: String = pattern[i..].iter().take(3).collect();
            if rest == "GMT" {
                if !input.word("GMT") {
                    return Err(bad());
                }
                set_zone(state, ParsedZone { offset_ticks: 0, utc: false })?;
                return Ok(3);
            }
            if !input.eat(ch) {
                return Err(bad());
            }
            Ok(1)
        }
    }
}

fn set_zone(state: &mut State, zone: ParsedZone) -> Result<()> {
    match state.zone {
        Some(old) if old.offset_ticks != zone.offset_ticks => Err(bad()),
        _ => {
            state.zone = Some(zone);
            Ok(())
        }
    }
}

fn finish(state: State, styles: DateTimeStyles, now: DateTime) -> Result<DateTime> {
    let mut hour = state.hour.unwrap_or(0);
    if state.hour12 {
        if hour > 12 {
            return Err(bad());
        }
        if state.pm == Some(true) {
            if hour != 12 {
                hour += 12;
            }
        } else if hour == 12 {
            hour = 0;
        }
    } else if (state.pm == Some(false) && hour >= 12) || (state.pm == Some(true) && hour < 12) {
        return Err(bad());
    }

    let (year, month, day) = match (state.year, state.month, state.day) {
        (None, None, None) => {
            if styles.contains(DateTimeStyles::NO_CURRENT_DATE_DEFAULT) {
                (1, 1, 1)
            } else {
                (i64::from(now.year()), i64::from(now.month()), i64::from(now.day()))
            }
        }
        (Some(y), None, None) => (y, 1, 1),
        (y, m, d) => (y.unwrap_or_else(|| i64::from(now.year())), m.unwrap_or(1), d.unwrap_or(1)),
    };
    let year = if state.two_digit_year && state.year.is_some() {
        i64::from(expand_year(u64::try_from(year).unwrap_or(0), 2))
    } else {
        year
    };
    let to_i32 = |v: i64| i32::try_from(v).unwrap_or(-1);
    let date = calendar::date_to_ticks(to_i32(year), to_i32(month), to_i32(day));
    let time =
        calendar::time_to_ticks(to_i32(hour), to_i32(state.minute.unwrap_or(0)), to_i32(state.second.unwrap_or(0)));
    let (Some(date), Some(time)) = (date, time) else {
        return Err(DotNetError::format(BAD_CALENDAR));
    };
    let mut ticks = date + time;
    if let Some(fraction) = state.fraction
        && fraction > 0.0
    {
        #[allow(clippy::cast_possible_truncation)]
        let extra = (fraction * 10_000_000.0).round_ties_even() as i64;
        ticks = ticks.checked_add(extra).filter(|t| *t <= calendar::MAX_TICKS).ok_or_else(bad)?;
    }
    if let Some(dow) = state.day_of_week
        && dow != (date / calendar::TICKS_PER_DAY + 1) % 7
    {
        return Err(DotNetError::format(BAD_DAY_OF_WEEK));
    }
    adjust(ticks, state.zone, styles)
}

#[cfg(test)]
mod tests {
    use super::super::DateTimeKind;
    use super::*;

    fn now() -> DateTime {
        DateTime::new(2026, 11, 22, 8, 0, 0, 0).unwrap()
    }

    fn px(s: &str, format: &str) -> std::result::Result<String, String> {
        parse_exact(s, &[format], DateTimeStyles::NONE, now())
            .map(|d| format!("{} {:?}", d.format("o").unwrap(), d.kind()))
            .map_err(|e| e.message)
    }

    #[test]
    fn parse_exact_table() {
        let ok: &[(&str, &str, &str)] = &[
            ("2024-01-15", "yyyy-MM-dd", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("15/01/2024 10:30", "dd/MM/yyyy HH:mm", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("1/5/24", "M/d/yy", "2024-01-05T00:00:00.0000000 Unspecified"),
            ("20240115103000", "yyyyMMddHHmmss", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00.1234567Z", "o", "2024-01-15T10:30:00.1234567+00:00 Local"),
            ("2024-01-15T10:30:00.1234567+02:00", "o", "2024-01-15T08:30:00.1234567+00:00 Local"),
            ("2024-01-15T10:30:00.1234567", "o", "2024-01-15T10:30:00.1234567 Unspecified"),
            ("Mon, 15 Jan 2024 10:30:00 GMT", "r", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00", "s", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024-01-15 10:30:00Z", "u", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("10:30 PM", "hh:mm tt", "2026-11-22T22:30:00.0000000 Unspecified"),
            ("12:05 am", "hh:mm tt", "2026-11-22T00:05:00.0000000 Unspecified"),
            ("10:30", "HH:mm", "2026-11-22T10:30:00.0000000 Unspecified"),
            ("15 January 2024", "dd MMMM yyyy", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("15 jan 2024", "dd MMM yyyy", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("2024-01-15T10:30:00Z", "yyyy-MM-ddTHH:mm:ssZ", "2024-01-15T10:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00+02:00", "yyyy-MM-ddTHH:mm:sszzz", "2024-01-15T08:30:00.0000000+00:00 Local"),
            ("2024-01-15T10:30:00.5", "yyyy-MM-ddTHH:mm:ss.FFF", "2024-01-15T10:30:00.5000000 Unspecified"),
            ("2024-01-15T10:30:00", "yyyy-MM-ddTHH:mm:ss.FFF", "2024-01-15T10:30:00.0000000 Unspecified"),
            ("2024", "yyyy", "2024-01-01T00:00:00.0000000 Unspecified"),
            ("03", "MM", "2026-03-01T00:00:00.0000000 Unspecified"),
            ("Monday 2024-01-15", "dddd yyyy-MM-dd", "2024-01-15T00:00:00.0000000 Unspecified"),
            ("5", "%d", "2026-01-05T00:00:00.0000000 Unspecified"),
            ("2024-01-15 10:30:00 GMT", "yyyy-MM-dd HH:mm:ss GMT", "2024-01-15T10:30:00.0000000+00:00 Local"),
        ];
        for (s, format, want) in ok {
            assert_eq!(px(s, format), Ok((*want).to_owned()), "{s:?} {format:?}");
        }
        let err: &[(&str, &str, &str)] = &[
            ("2024-1-15", "yyyy-MM-dd", crate::error::BAD_DATETIME),
            (" 2024-01-15", "yyyy-MM-dd", crate::error::BAD_DATETIME),
            ("2024-01-15 ", "yyyy-MM-dd", crate::error::BAD_DATETIME),
            ("2024-02-30", "yyyy-MM-dd", BAD_CALENDAR),
            ("2024-01-15 25:00", "yyyy-MM-dd HH:mm", BAD_CALENDAR),
            ("13:00 PM", "hh:mm tt", crate::error::BAD_DATETIME),
            ("13:00 AM", "HH:mm tt", crate::error::BAD_DATETIME),
            ("Tuesday 2024-01-15", "dddd yyyy-MM-dd", BAD_DAY_OF_WEEK),
            ("2024-01-15T10:30:00.5", "yyyy-MM-ddTHH:mm:ss.fff", crate::error::BAD_DATETIME),
            ("2024 2025", "yyyy yyyy", "DateTime pattern 'y' appears more than one time with different values."),
            ("2024", "", BAD_FORMAT_SPECIFIER),
            ("2024", "x", "Input string was not in a correct format."),
            ("2024", "'yyyy", "Cannot find a matching quote character for the character '''."),
        ];
        for (s, format, want) in err {
            assert_eq!(px(s, format), Err((*want).to_owned()), "{s:?} {format:?}");
        }
    }

    #[test]
    fn styles_and_many_formats() {
        let d = parse_exact(" 2024-01-15 ", &["yyyy-MM-dd"], DateTimeStyles::ALLOW_WHITE_SPACES, now()).unwrap();
        assert_eq!(d.day(), 15);
        let d = parse_exact("10:30", &["HH:mm"], DateTimeStyles::NO_CURRENT_DATE_DEFAULT, now()).unwrap();
        assert_eq!(d.format("o").unwrap(), "0001-01-01T10:30:00.0000000");
        let d = parse_exact("2024-01-15T10:30:00Z", &["yyyy-MM-ddTHH:mm:ssK"], DateTimeStyles::ROUNDTRIP_KIND, now())
            .unwrap();
        assert_eq!(d.kind(), DateTimeKind::Utc);
        let d = parse_exact("15/01/2024", &["yyyy-MM-dd", "dd/MM/yyyy"], DateTimeStyles::NONE, now()).unwrap();
        assert_eq!(d.month(), 1);
        assert_eq!(
            parse_exact("x", &["yyyy-MM-dd", "dd/MM/yyyy"], DateTimeStyles::NONE, now()).unwrap_err().message,
            crate::error::BAD_DATETIME
        );
    }
}
