//! Token-quota periods: fixed windows whose start is the current UTC time truncated to
//! the period's unit, as documented (not relative to a subscription's start).

use crate::clock::Millis;

const DAY: Millis = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaPeriod {
    Hourly,
    Daily,
    /// Weeks start on Monday 00:00 UTC (ISO 8601; the documentation names no day).
    Weekly,
    Monthly,
    Yearly,
}

impl QuotaPeriod {
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "hourly" => Self::Hourly,
            "daily" => Self::Daily,
            "weekly" => Self::Weekly,
            "monthly" => Self::Monthly,
            "yearly" => Self::Yearly,
            _ => return None,
        })
    }

    /// The period holding `now`: its start and end (exclusive), in ms since the epoch.
    #[must_use]
    pub fn window(self, now: Millis) -> (Millis, Millis) {
        let day = now.div_euclid(DAY);
        match self {
            Self::Hourly => {
                let start = now - now.rem_euclid(3_600_000);
                (start, start + 3_600_000)
            }
            Self::Daily => (day * DAY, (day + 1) * DAY),
            Self::Weekly => {
                // 1970-01-01 was a Thursday: days since the epoch + 3 counts from a Monday.
                let monday = day - (day + 3).rem_euclid(7);
                (monday * DAY, (monday + 7) * DAY)
            }
            Self::Monthly => {
                let (y, m, _) = civil(day);
                let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                (days(y, m, 1) * DAY, days(next.0, next.1, 1) * DAY)
            }
            Self::Yearly => {
                let (y, _, _) = civil(day);
                (days(y, 1, 1) * DAY, days(y + 1, 1, 1) * DAY)
            }
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days`]).
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-02-29T13:45:10Z, a Thursday in a leap year.
    const NOW: Millis = 1_709_214_310_000;

    #[test]
    fn windows_are_aligned_to_utc_units() {
        assert_eq!(QuotaPeriod::Hourly.window(NOW), (1_709_211_600_000, 1_709_215_200_000));
        assert_eq!(QuotaPeriod::Daily.window(NOW), (1_709_164_800_000, 1_709_251_200_000));
        // Monday 2024-02-26 to Monday 2024-03-04.
        assert_eq!(QuotaPeriod::Weekly.window(NOW), (1_708_905_600_000, 1_709_510_400_000));
        // 2024-02-01 to 2024-03-01.
        assert_eq!(QuotaPeriod::Monthly.window(NOW), (1_706_745_600_000, 1_709_251_200_000));
        // 2024-01-01 to 2025-01-01.
        assert_eq!(QuotaPeriod::Yearly.window(NOW), (1_704_067_200_000, 1_735_689_600_000));
        let december = 1_733_011_200_000; // 2024-12-01
        assert_eq!(QuotaPeriod::Monthly.window(december), (december, 1_735_689_600_000));
        assert_eq!(QuotaPeriod::parse("Monthly"), Some(QuotaPeriod::Monthly));
        assert_eq!(QuotaPeriod::parse("Fortnightly"), None);
    }
}
