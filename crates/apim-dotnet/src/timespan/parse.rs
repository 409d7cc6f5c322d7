//! `TimeSpan.Parse` / `TimeSpan.TryParse` (invariant culture).
//!
//! Accepted: optional whitespace, an optional `-`, then one of `d`, `h:m`, `h:m:s`,
//! `d.h:m`, `d.h:m:s`, `h:m:s.f`, `d:h:m:s`, `d.h:m:s.f`, `d:h:m:s.f`, then optional
//! whitespace. Hours must be below 24, minutes and seconds below 60, days at most
//! 10675199 (an out-of-range `h:m:s` is read as `d:h:m`), the fraction at most seven significant digits (`.05` is 50 ms); leading zeros
//! are allowed. A component out of range is an `OverflowException`, any other mismatch a
//! `FormatException`.

use super::TimeSpan;
use crate::datetime::calendar::TICKS_PER_MILLISECOND;
use crate::error::{DotNetError, Result};

const BAD_TIMESPAN: &str = "String was not recognized as a valid TimeSpan.";
const COMPONENT_OVERFLOW: &str = "The TimeSpan could not be parsed because at least one of the numeric components is out of range or contains too many digits.";

fn bad() -> DotNetError {
    DotNetError::format(BAD_TIMESPAN)
}

fn overflow() -> DotNetError {
    DotNetError::overflow(COMPONENT_OVERFLOW)
}

/// A number token: its value and its count of leading zeros (which matter for fractions).
#[derive(Debug, Clone, Copy, Default)]
struct Num {
    value: i64,
    zeroes: u32,
}

impl Num {
    /// The runtime's `TimeSpanToken.IsInvalidNumber`.
    fn invalid(self, max: i64, max_precision: Option<u32>) -> bool {
        if self.value > max {
            return true;
        }
        let Some(precision) = max_precision else {
            return false;
        };
        if self.zeroes > precision {
            return true;
        }
        if self.value == 0 || self.zeroes == 0 {
            return false;
        }
        self.value >= max / 10i64.pow(self.zeroes - 1)
    }
}

/// `TimeSpan.Parse(s)` (invariant culture).
pub(crate) fn parse(s: &str) -> Result<TimeSpan> {
    let chars: Vec<char> = s.trim_matches(char::is_whitespace).chars().collect();
    let (negative, body) = match chars.split_first() {
        Some(('-', rest)) => (true, rest),
        _ => (false, chars.as_slice()),
    };
    let mut nums: Vec<Num> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        let mut zeroes = 0u32;
        let mut value: i64 = 0;
        let mut too_big = false;
        while let Some(d) = body.get(i).and_then(|c| if c.is_ascii_digit() { c.to_digit(10) } else { None }) {
            if value == 0 && d == 0 {
                zeroes += 1;
            } else {
                value = value * 10 + i64::from(d);
                if value > i64::from(i32::MAX) {
                    too_big = true;
                    value = i64::from(i32::MAX);
                }
            }
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
        if too_big {
            return Err(overflow());
        }
        nums.push(Num { value, zeroes });
        match body.get(i) {
            None => break,
            Some(&c @ (':' | '.')) => {
                seps.push(c);
                i += 1;
            }
            Some(_) => return Err(bad()),
        }
    }
    let zero = Num::default();
    let sep_str: String = seps.iter().collect();
    let (days, hours, minutes, seconds, fraction) = match (nums.as_slice(), sep_str.as_str()) {
        ([d], "") => (*d, zero, zero, zero, zero),
        ([h, m], ":") => (zero, *h, *m, zero, zero),
        // `h:m:s`, or, when that is out of range, `d:h:m` (the runtime's second match in
        // `ProcessTerminal_HMS_F_D`): "25:00:00" is 25 days.
        ([h, m, s], "::") if h.invalid(23, None) || m.invalid(59, None) || s.invalid(59, None) => {
            (*h, *m, *s, zero, zero)
        }
        ([h, m, s], "::") => (zero, *h, *m, *s, zero),
        ([d, h, m], ".:") => (*d, *h, *m, zero, zero),
        ([d, h, m, s], ".::" | ":::") => (*d, *h, *m, *s, zero),
        ([h, m, s, f], "::.") => (zero, *h, *m, *s, *f),
        ([d, h, m, s, f], ".::." | ":::.") => (*d, *h, *m, *s, *f),
        _ => return Err(bad()),
    };
    if days.invalid(10_675_199, None)
        || hours.invalid(23, None)
        || minutes.invalid(59, None)
        || seconds.invalid(59, None)
        || fraction.invalid(9_999_999, Some(7))
    {
        return Err(overflow());
    }
    let millis = ((days.value * 24 + hours.value) * 3600 + minutes.value * 60 + seconds.value) * 1000;
    let mut f = fraction.value;
    if f != 0 {
        let lower = 1_000_000 / 10i64.pow(fraction.zeroes);
        while f < lower {
            f *= 10;
        }
    }
    let magnitude = i128::from(millis) * i128::from(TICKS_PER_MILLISECOND) + i128::from(f);
    let ticks = if negative { -magnitude } else { magnitude };
    i64::try_from(ticks).map(TimeSpan::from_ticks).map_err(|_| overflow())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Observed with Mono 6.8 (`TimeSpan.Parse`, invariant culture).
    #[test]
    fn parse_table() {
        let cases: &[(&str, std::result::Result<i64, &str>)] = &[
            ("10", Ok(8_640_000_000_000)),
            ("1:2", Ok(37_200_000_000)),
            ("01:02:03", Ok(37_230_000_000)),
            ("1.02:03", Ok(937_800_000_000)),
            ("1.02:03:04", Ok(937_840_000_000)),
            ("1.02:03:04.5", Ok(937_845_000_000)),
            ("02:03:04.05", Ok(73_840_500_000)),
            ("1:02:03:04", Ok(937_840_000_000)),
            ("1:02:03:04.5", Ok(937_845_000_000)),
            ("-1:00", Ok(-36_000_000_000)),
            (" 1:00 ", Ok(36_000_000_000)),
            ("10675199", Ok(9_223_371_936_000_000_000)),
            ("10675199.02:48:05.4775807", Ok(i64::MAX)),
            ("-10675199.02:48:05.4775808", Ok(i64::MIN)),
            ("1:2:3.1234567", Ok(37_231_234_567)),
            ("1:2:3.0000001", Ok(37_230_000_001)),
            ("000010:00", Ok(360_000_000_000)),
            ("-1", Ok(-864_000_000_000)),
            ("23:59:59.9999999", Ok(863_999_999_999)),
            ("0:0:0", Ok(0)),
            ("\t1:2\t", Ok(37_200_000_000)),
            ("1.02:03:04.0010000", Ok(937_840_010_000)),
            ("0:00:00.00000001", Ok(1)),
            ("24:00", Err(COMPONENT_OVERFLOW)),
            ("25:00:00", Ok(21_600_000_000_000)),
            ("1:2:60", Err(COMPONENT_OVERFLOW)),
            ("1:60:00", Err(COMPONENT_OVERFLOW)),
            ("1:60", Err(COMPONENT_OVERFLOW)),
            ("1:00:60", Err(COMPONENT_OVERFLOW)),
            ("10675200", Err(COMPONENT_OVERFLOW)),
            ("10675199.02:48:05.4775808", Err(COMPONENT_OVERFLOW)),
            ("1:2:3.12345678", Err(COMPONENT_OVERFLOW)),
            ("99999999999", Err(COMPONENT_OVERFLOW)),
            ("10:20:30.99999999", Err(COMPONENT_OVERFLOW)),
            ("1.5", Err(BAD_TIMESPAN)),
            ("1:", Err(BAD_TIMESPAN)),
            ("::", Err(BAD_TIMESPAN)),
            ("", Err(BAD_TIMESPAN)),
            ("1:2:3.", Err(BAD_TIMESPAN)),
            ("- 1:00", Err(BAD_TIMESPAN)),
            ("1.2", Err(BAD_TIMESPAN)),
            ("1:2.5", Err(BAD_TIMESPAN)),
            ("1:2:3:4:5", Err(BAD_TIMESPAN)),
            ("+1:00", Err(BAD_TIMESPAN)),
            ("1 :00", Err(BAD_TIMESPAN)),
        ];
        for (s, want) in cases {
            let got = parse(s).map(TimeSpan::ticks).map_err(|e| e.message);
            assert_eq!(got, want.map_err(str::to_owned), "{s:?}");
        }
    }
}
