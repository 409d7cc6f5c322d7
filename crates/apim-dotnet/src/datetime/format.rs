//! `DateTime.ToString(format)` with the invariant culture.
//!
//! Standard formats expand to the invariant patterns: `d` `MM/dd/yyyy`, `D`
//! `dddd, dd MMMM yyyy`, `f` `D` + ` HH:mm`, `F` and `U` `dddd, dd MMMM yyyy HH:mm:ss`, `g`
//! `MM/dd/yyyy HH:mm`, `G` (the default) `MM/dd/yyyy HH:mm:ss`, `m`/`M` `MMMM dd`, `o`/`O`
//! `yyyy-MM-ddTHH:mm:ss.fffffffK`, `r`/`R` `ddd, dd MMM yyyy HH:mm:ss GMT`, `s`
//! `yyyy-MM-ddTHH:mm:ss`, `t` `HH:mm`, `T` `HH:mm:ss`, `u` `yyyy-MM-dd HH:mm:ssZ`, `y`/`Y`
//! `yyyy MMMM`. Any other single character is a `FormatException`.
//!
//! Time zones: this crate has no local time zone and treats `Local` as UTC, so `z`, `zz`,
//! `zzz` always print `+0`, `+00`, `+00:00` (.NET Framework prints the machine's local
//! offset for `Local` and `Unspecified` values, and also for `Utc` ones), and `K` prints
//! `Z` for `Utc`, `+00:00` for `Local` and nothing for `Unspecified`.

use super::{DateTime, DateTimeKind};
use crate::error::{DotNetError, Result};

pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

pub(crate) fn abbreviated(name: &str) -> &str {
    name.get(..3).unwrap_or(name)
}

/// How many times `ch` repeats from `pos`.
pub(crate) fn parse_repeat_pattern(format: &[char], pos: usize, ch: char) -> usize {
    format[pos..].iter().take_while(|&&c| c == ch).count()
}

/// Appends `value` with at least `len` digits; `len` is capped at 2 unless
/// `override_length_limit` (as the runtime's `FormatDigits`).
pub(crate) fn format_digits(out: &mut String, value: i64, len: usize, override_length_limit: bool) {
    let len = if override_length_limit { len } else { len.min(2) };
    out.push_str(&format!("{value:0len$}"));
}

/// The literal text of the quoted string starting at `pos` (a `'` or `"`), with `\`
/// escapes, and how many characters it spans.
pub(crate) fn parse_quote_string(format: &[char], pos: usize) -> Result<(String, usize)> {
    let quote = format[pos];
    let mut i = pos + 1;
    let mut text = String::new();
    while i < format.len() {
        let ch = format[i];
        i += 1;
        if ch == quote {
            return Ok((text, i - pos));
        }
        if ch == '\\' {
            match format.get(i) {
                Some(&escaped) => {
                    text.push(escaped);
                    i += 1;
                }
                None => return Err(DotNetError::invalid_string()),
            }
        } else {
            text.push(ch);
        }
    }
    Err(DotNetError::format(format!("Cannot find a matching quote character for the character '{quote}'.")))
}

/// The invariant pattern a standard format letter stands for (formatting and ParseExact).
pub(super) fn standard_pattern(letter: char) -> Option<&'static str> {
    Some(match letter {
        'd' => "MM/dd/yyyy",
        'D' => "dddd, dd MMMM yyyy",
        'f' => "dddd, dd MMMM yyyy HH:mm",
        'F' | 'U' => "dddd, dd MMMM yyyy HH:mm:ss",
        'g' => "MM/dd/yyyy HH:mm",
        'G' => "MM/dd/yyyy HH:mm:ss",
        'm' | 'M' => "MMMM dd",
        'o' | 'O' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffffffK",
        'r' | 'R' => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        's' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        't' => "HH:mm",
        'T' => "HH:mm:ss",
        'u' => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        'y' | 'Y' => "yyyy MMMM",
        _ => return None,
    })
}

/// `value.ToString(format, CultureInfo.InvariantCulture)`.
pub(crate) fn format_datetime(value: DateTime, format: &str) -> Result<String> {
    let chars: Vec<char> = format.chars().collect();
    let pattern: Vec<char> = match chars.as_slice() {
        [] => standard_pattern('G').unwrap_or_default().chars().collect(),
        [letter] => {
            let value = if *letter == 'U' { value.to_universal_time() } else { value };
            let pattern = standard_pattern(*letter).ok_or_else(DotNetError::invalid_string)?;
            return format_custom(value, &pattern.chars().collect::<Vec<_>>());
        }
        _ => chars,
    };
    format_custom(value, &pattern)
}

fn format_custom(value: DateTime, format: &[char]) -> Result<String> {
    let (year, month, day, _) = value.date_parts();
    let hour = value.hour();
    let mut out = String::new();
    let mut i = 0;
    while i < format.len() {
        let ch = format[i];
        let token_len;
        match ch {
            'g' => {
                token_len = parse_repeat_pattern(format, i, ch);
                out.push_str("A.D.");
            }
            'h' => {
                token_len = parse_repeat_pattern(format, i, ch);
                let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
                format_digits(&mut out, i64::from(h12), token_len, false);
            }
            'H' | 'm' | 's' => {
                token_len = parse_repeat_pattern(format, i, ch);
                let v = match ch {
                    'H' => hour,
                    'm' => value.minute(),
                    _ => value.second(),
                };
                format_digits(&mut out, i64::from(v), token_len, false);
            }
            'f' | 'F' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len > 7 {
                    return Err(DotNetError::invalid_string());
                }
                let mut fraction = value.ticks() % 10_000_000 / 10i64.pow(u32::try_from(7 - token_len).unwrap_or(0));
                if ch == 'f' {
                    out.push_str(&format!("{fraction:0token_len$}"));
                } else {
                    let mut digits = token_len;
                    while digits > 0 && fraction % 10 == 0 {
                        fraction /= 10;
                        digits -= 1;
                    }
                    if digits > 0 {
                        out.push_str(&format!("{fraction:0digits$}"));
                    } else if out.ends_with('.') {
                        out.pop();
                    }
                }
            }
            't' => {
                token_len = parse_repeat_pattern(format, i, ch);
                let designator = if hour < 12 { "AM" } else { "PM" };
                out.push_str(if token_len == 1 { &designator[..1] } else { designator });
            }
            'd' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len <= 2 {
                    format_digits(&mut out, i64::from(day), token_len, false);
                } else {
                    let name = DAY_NAMES[usize::try_from(value.day_of_week_number()).unwrap_or(0) % 7];
                    out.push_str(if token_len == 3 { abbreviated(name) } else { name });
                }
            }
            'M' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len <= 2 {
                    format_digits(&mut out, i64::from(month), token_len, false);
                } else {
                    let name = MONTH_NAMES[usize::try_from(month - 1).unwrap_or(0) % 12];
                    out.push_str(if token_len == 3 { abbreviated(name) } else { name });
                }
            }
            'y' => {
                token_len = parse_repeat_pattern(format, i, ch);
                if token_len <= 2 {
                    format_digits(&mut out, i64::from(year % 100), token_len, false);
                } else {
                    out.push_str(&format!("{year:0token_len$}"));
                }
            }
            'z' => {
                token_len = parse_repeat_pattern(format, i, ch);
                // No local time zone: every offset is zero (see the module documentation).
                out.push_str(match token_len {
                    1 => "+0",
                    2 => "+00",
                    _ => "+00:00",
                });
            }
            'K' => {
                token_len = 1;
                match value.kind() {
                    DateTimeKind::Utc => out.push('Z'),
                    DateTimeKind::Local => out.push_str("+00:00"),
                    DateTimeKind::Unspecified => {}
                }
            }
            ':' | '/' => {
                token_len = 1;
                out.push(ch);
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
            other => {
                out.push(other);
                token_len = 1;
            }
        }
        i += token_len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt() -> DateTime {
        DateTime::new(2024, 3, 5, 14, 7, 9, 123).unwrap().add_ticks(4567).unwrap()
    }

    #[test]
    fn standard_table() {
        let v = dt();
        let cases = [
            ("", "03/05/2024 14:07:09"),
            ("d", "03/05/2024"),
            ("D", "Tuesday, 05 March 2024"),
            ("f", "Tuesday, 05 March 2024 14:07"),
            ("F", "Tuesday, 05 March 2024 14:07:09"),
            ("g", "03/05/2024 14:07"),
            ("G", "03/05/2024 14:07:09"),
            ("m", "March 05"),
            ("M", "March 05"),
            ("o", "2024-03-05T14:07:09.1234567"),
            ("O", "2024-03-05T14:07:09.1234567"),
            ("r", "Tue, 05 Mar 2024 14:07:09 GMT"),
            ("R", "Tue, 05 Mar 2024 14:07:09 GMT"),
            ("s", "2024-03-05T14:07:09"),
            ("t", "14:07"),
            ("T", "14:07:09"),
            ("u", "2024-03-05 14:07:09Z"),
            ("U", "Tuesday, 05 March 2024 14:07:09"),
            ("y", "2024 March"),
            ("Y", "2024 March"),
        ];
        for (format, want) in cases {
            assert_eq!(format_datetime(v, format).unwrap(), want, "{format}");
        }
        for bad in ["x", "H", "%", "\\", "fffffffff", "'abc"] {
            assert!(format_datetime(v, bad).is_err(), "{bad}");
        }
        let utc = v.specify_kind(DateTimeKind::Utc);
        assert_eq!(format_datetime(utc, "o").unwrap(), "2024-03-05T14:07:09.1234567Z");
        let local = v.specify_kind(DateTimeKind::Local);
        assert_eq!(format_datetime(local, "o").unwrap(), "2024-03-05T14:07:09.1234567+00:00");
    }

    #[test]
    fn custom_table() {
        let v = dt();
        let cases = [
            ("yyyy-MM-dd", "2024-03-05"),
            ("yy/M/d", "24/3/5"),
            ("%y", "24"),
            ("yyyyy", "02024"),
            ("MMM ddd dddd MMMM", "Mar Tue Tuesday March"),
            ("hh:mm tt", "02:07 PM"),
            ("h t", "2 P"),
            ("HH H hhh", "14 14 02"),
            ("ss.fff", "09.123"),
            ("ss.fffffff", "09.1234567"),
            ("ss.FFFF", "09.1234"),
            ("zzz z zz", "+00:00 +0 +00"),
            ("'Year' yyyy", "Year 2024"),
            ("\"at\" HH", "at 14"),
            ("\\y\\e\\a\\r", "year"),
            ("g", "A.D."),
            ("dd' 'MMMM' 'yyyy", "05 March 2024"),
            ("yyyy-MM-ddTHH:mm:ssK", "2024-03-05T14:07:09"),
            ("'it''s'", "its"),
        ];
        for (format, want) in cases {
            let format = if format == "g" { "gg" } else { format };
            assert_eq!(format_datetime(v, format).unwrap(), want, "{format}");
        }
        let whole = DateTime::new(2024, 1, 1, 0, 0, 0, 0).unwrap();
        assert_eq!(format_datetime(whole, "HH:mm:ss.FFF").unwrap(), "00:00:00");
        assert_eq!(format_datetime(whole, "hh tt").unwrap(), "12 AM");
    }
}
