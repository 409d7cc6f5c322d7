//! `TimeSpan.ToString(format)` (invariant culture).
//!
//! Standard formats: `c` (also `t`, `T`, and the default) `[-][d.]hh:mm:ss[.fffffff]`;
//! `g` `[-][d:]h:mm:ss[.FFFFFFF]`; `G` `[-]d:hh:mm:ss.fffffff`. Custom formats know `d`
//! (up to 8), `h`, `hh`, `m`, `mm`, `s`, `ss`, `f`..`fffffff`, `F`..`FFFFFFF`, quoted
//! literals, `\x` escapes and `%x`; any other character is a `FormatException`, and custom
//! formats never print a sign.

use super::TimeSpan;
use crate::datetime::calendar::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::datetime::format::{format_digits, parse_quote_string, parse_repeat_pattern};
use crate::error::{DotNetError, Result};

struct Parts {
    negative: bool,
    days: i64,
    hours: i64,
    minutes: i64,
    seconds: i64,
    fraction: i64,
}

fn parts(value: TimeSpan) -> Parts {
    let ticks = value.ticks();
    let mut days = ticks / TICKS_PER_DAY;
    let mut time = ticks % TICKS_PER_DAY;
    if ticks < 0 {
        days = -days;
        time = -time;
    }
    Parts {
        negative: ticks < 0,
        days,
        hours: time / TICKS_PER_HOUR % 24,
        minutes: time / TICKS_PER_MINUTE % 60,
        seconds: time / TICKS_PER_SECOND % 60,
        fraction: time % TICKS_PER_SECOND,
    }
}

/// `[-][d.]hh:mm:ss[.fffffff]`.
pub(crate) fn format_constant(value: TimeSpan) -> String {
    let p = parts(value);
    let mut out = String::new();
    if p.negative {
        out.push('-');
    }
    if p.days != 0 {
        out.push_str(&format!("{}.", p.days));
    }
    out.push_str(&format!("{:02}:{:02}:{:02}", p.hours, p.minutes, p.seconds));
    if p.fraction != 0 {
        out.push_str(&format!(".{:07}", p.fraction));
    }
    out
}

fn format_general_short(value: TimeSpan) -> String {
    let p = parts(value);
    let mut out = String::new();
    if p.negative {
        out.push('-');
    }
    if p.days != 0 {
        out.push_str(&format!("{}:", p.days));
    }
    out.push_str(&format!("{}:{:02}:{:02}", p.hours, p.minutes, p.seconds));
    if p.fraction != 0 {
        let digits = format!("{:07}", p.fraction);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

fn format_general_long(value: TimeSpan) -> String {
    let p = parts(value);
    let sign = if p.negative { "-" } else { "" };
    format!("{sign}{}:{:02}:{:02}:{:02}.{:07}", p.days, p.hours, p.minutes, p.seconds, p.fraction)
}

/// `value.ToString(format, CultureInfo.InvariantCulture)`.
///
/// # Errors
///
/// `FormatException` "Input string was not in a correct format." for an unknown standard
/// format or a custom format with an unknown character.
pub(crate) fn format_timespan(value: TimeSpan, format: &str) -> Result<String> {
    let chars: Vec<char> = format.chars().collect();
    match chars.as_slice() {
        [] | ['c' | 't' | 'T'] => Ok(format_constant(value)),
        ['g'] => Ok(format_general_short(value)),
        ['G'] => Ok(format_general_long(value)),
        [_] => Err(DotNetError::invalid_string()),
        _ => format_custom(value, &chars),
    }
}

fn format_custom(value: TimeSpan, format: &[char]) -> Result<String> {
    let p = parts(value);
    let mut out = String::new();
    let mut i = 0;
    while i < format.len() {
        let ch = format[i];
        let token_len;
        match ch {
            'h' | 'm' | 's' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len > 2 {
                    return Err(DotNetError::invalid_string());
                }
                let v = match ch {
                    'h' => p.hours,
                    'm' => p.minutes,
                    _ => p.seconds,
                };
                format_digits(&mut out, v, token_len, false);
            }
            'f' | 'F' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len > 7 {
                    return Err(DotNetError::invalid_string());
                }
                let mut fraction = p.fraction / 10i64.pow(u32::try_from(7 - token_len).unwrap_or(0));
                let mut digits = token_len;
                if ch == 'F' {
                    while digits > 0 && fraction % 10 == 0 {
                        fraction /= 10;
                        digits -= 1;
                    }
                }
                if digits > 0 {
                    out.push_str(&format!("{fraction:0digits$}"));
                }
            }
            'd' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len > 8 {
                    return Err(DotNetError::invalid_string());
                }
                format_digits(&mut out, p.days, token_len, true);
            }
            '\'' | '"' => {
                let (text, len) = parse_quote_string(format, i)?;
                out.push_str(&text);
                token_len = len;
            }
            '%' => match format.get(i + 1) {
                Some(&next) if next != '%' => {
                    out.push_str(&format_custom(value, &[next])?);
                    token_len = 2;
                }
                _ => return Err(DotNetError::invalid_string()),
            },
            '\\' => match format.get(i + 1) {
                Some(&next) => {
                    out.push(next);
                    token_len = 2;
                }
                None => return Err(DotNetError::invalid_string()),
            },
            _ => return Err(DotNetError::invalid_string()),
        }
        i += token_len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(d: i32, h: i32, m: i32, s: i32, ms: i32) -> TimeSpan {
        TimeSpan::with_days(d, h, m, s, ms).unwrap()
    }

    #[test]
    fn standard_table() {
        let t = span(1, 2, 3, 4, 500);
        let cases: &[(TimeSpan, &str, &str)] = &[
            (TimeSpan::ZERO, "", "00:00:00"),
            (t, "", "1.02:03:04.5000000"),
            (t, "c", "1.02:03:04.5000000"),
            (t, "g", "1:2:03:04.5"),
            (t, "G", "1:02:03:04.5000000"),
            (span(0, 2, 3, 4, 0), "g", "2:03:04"),
            (span(0, 2, 3, 4, 0), "G", "0:02:03:04.0000000"),
            (span(0, -2, -3, 0, 0), "c", "-02:03:00"),
            (span(-1, 0, 0, 0, -1), "c", "-1.00:00:00.0010000"),
            (span(-1, 0, 0, 0, -1), "g", "-1:0:00:00.001"),
            (TimeSpan::from_ticks(1), "c", "00:00:00.0000001"),
            (TimeSpan::MAX_VALUE, "c", "10675199.02:48:05.4775807"),
            (TimeSpan::MIN_VALUE, "c", "-10675199.02:48:05.4775808"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_timespan(value, format).unwrap(), want, "{format}");
        }
        assert!(format_timespan(t, "x").is_err());
        assert_eq!(t.to_string(), "1.02:03:04.5000000");
    }

    #[test]
    fn custom_table() {
        let t = span(1, 2, 3, 4, 567);
        let cases: &[(TimeSpan, &str, &str)] = &[
            (t, "hh\\:mm\\:ss", "02:03:04"),
            (t, "h\\:m\\:s", "2:3:4"),
            (t, "dd\\.hh", "01.02"),
            (t, "dddddddd", "00000001"),
            (t, "%d", "1"),
            (t, "%h", "2"),
            (t, "ss\\.fff", "04.567"),
            (t, "ss\\.ff", "04.56"),
            (t, "ss\\.FFFFF", "04.567"),
            (span(0, 0, 0, 4, 0), "ss\\.FFF", "04."),
            (t, "'day 'd", "day 1"),
            (t.negate().unwrap(), "hh\\:mm", "02:03"),
        ];
        for &(value, format, want) in cases {
            assert_eq!(format_timespan(value, format).unwrap(), want, "{format}");
        }
        for bad in ["hh:mm", "hhh", "ddddddddd", "ffffffff", "%", "%%", "\\", "'abc", "H"] {
            assert!(format_timespan(t, bad).is_err(), "{bad}");
        }
    }
}
