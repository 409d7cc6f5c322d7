//! Proleptic Gregorian calendar arithmetic on ticks (100 ns units since 0001-01-01).

pub(crate) const TICKS_PER_MILLISECOND: i64 = 10_000;
pub(crate) const TICKS_PER_SECOND: i64 = TICKS_PER_MILLISECOND * 1000;
pub(crate) const TICKS_PER_MINUTE: i64 = TICKS_PER_SECOND * 60;
pub(crate) const TICKS_PER_HOUR: i64 = TICKS_PER_MINUTE * 60;
pub(crate) const TICKS_PER_DAY: i64 = TICKS_PER_HOUR * 24;

const DAYS_PER_YEAR: i64 = 365;
const DAYS_PER_4_YEARS: i64 = DAYS_PER_YEAR * 4 + 1;
const DAYS_PER_100_YEARS: i64 = DAYS_PER_4_YEARS * 25 - 1;
const DAYS_PER_400_YEARS: i64 = DAYS_PER_100_YEARS * 4 + 1;
const DAYS_TO_10000: i64 = DAYS_PER_400_YEARS * 25 - 366;

pub(crate) const MAX_TICKS: i64 = DAYS_TO_10000 * TICKS_PER_DAY - 1;
pub(crate) const MAX_MILLIS: i64 = DAYS_TO_10000 * 86_400_000;

const DAYS_TO_MONTH_365: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_TO_MONTH_366: [i64; 13] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

pub(crate) fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_to_month(year: i32) -> &'static [i64; 13] {
    if is_leap_year(year) { &DAYS_TO_MONTH_366 } else { &DAYS_TO_MONTH_365 }
}

/// Days in `month` (1..=12) of `year`; callers validate both.
pub(crate) fn days_in_month(year: i32, month: i32) -> i32 {
    let table = days_to_month(year);
    let m = usize::try_from(month.clamp(1, 12)).unwrap_or(1);
    i32::try_from(table[m] - table[m - 1]).unwrap_or(0)
}

/// Ticks at midnight of a valid date, or `None`.
pub(crate) fn date_to_ticks(year: i32, month: i32, day: i32) -> Option<i64> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let y = i64::from(year - 1);
    let m = usize::try_from(month - 1).ok()?;
    let n = y * 365 + y / 4 - y / 100 + y / 400 + days_to_month(year)[m] + i64::from(day) - 1;
    Some(n * TICKS_PER_DAY)
}

/// Ticks of a valid time of day, or `None`.
pub(crate) fn time_to_ticks(hour: i32, minute: i32, second: i32) -> Option<i64> {
    if (0..24).contains(&hour) && (0..60).contains(&minute) && (0..60).contains(&second) {
        Some((i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * TICKS_PER_SECOND)
    } else {
        None
    }
}

/// (year, month, day, day of year) of non-negative `ticks`.
pub(crate) fn date_parts(ticks: i64) -> (i32, i32, i32, i32) {
    let mut n = ticks.max(0) / TICKS_PER_DAY;
    let y400 = n / DAYS_PER_400_YEARS;
    n -= y400 * DAYS_PER_400_YEARS;
    let mut y100 = n / DAYS_PER_100_YEARS;
    if y100 == 4 {
        y100 = 3;
    }
    n -= y100 * DAYS_PER_100_YEARS;
    let y4 = n / DAYS_PER_4_YEARS;
    n -= y4 * DAYS_PER_4_YEARS;
    let mut y1 = n / DAYS_PER_YEAR;
    if y1 == 4 {
        y1 = 3;
    }
    let year = i32::try_from(y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1).unwrap_or(1);
    n -= y1 * DAYS_PER_YEAR;
    let day_of_year = i32::try_from(n + 1).unwrap_or(1);
    let table = days_to_month(year);
    let mut month = 1usize;
    while month < 12 && table[month] <= n {
        month += 1;
    }
    let day = i32::try_from(n - table[month - 1] + 1).unwrap_or(1);
    (year, i32::try_from(month).unwrap_or(1), day, day_of_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_dates() {
        let cases = [(1, 1, 1), (1600, 2, 29), (1900, 3, 1), (2000, 2, 29), (2024, 12, 31), (9999, 12, 31)];
        for (y, m, d) in cases {
            let ticks = date_to_ticks(y, m, d).unwrap();
            let (yy, mm, dd, _) = date_parts(ticks);
            assert_eq!((yy, mm, dd), (y, m, d));
        }
        assert_eq!(date_to_ticks(2023, 2, 29), None);
        assert_eq!(date_to_ticks(10000, 1, 1), None);
        assert_eq!(date_parts(MAX_TICKS), (9999, 12, 31, 365));
        assert_eq!(date_to_ticks(1970, 1, 1), Some(621_355_968_000_000_000));
    }
}
