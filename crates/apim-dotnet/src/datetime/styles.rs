//! `System.Globalization.DateTimeStyles` and what a parsed time zone does to the result
//! (the runtime's `DetermineTimeZoneAdjustments`).
//!
//! With no style flags, a string carrying `Z`, `GMT` or an offset is converted to local
//! time and marked `Local`; this crate's local zone is UTC, so the ticks become the UTC
//! instant. `RoundtripKind` keeps `Z`/`GMT` as `Utc`; `AdjustToUniversal` returns `Utc`;
//! `AssumeUniversal` / `AssumeLocal` decide what a string without a zone means.

use std::ops::BitOr;

use super::calendar::{MAX_TICKS, TICKS_PER_DAY, TICKS_PER_HOUR};
use super::{DateTime, DateTimeKind};
use crate::error::{DotNetError, Result};

/// `DateTimeStyles` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateTimeStyles(pub u32);

impl DateTimeStyles {
    pub const NONE: Self = Self(0);
    pub const ALLOW_LEADING_WHITE: Self = Self(0x1);
    pub const ALLOW_TRAILING_WHITE: Self = Self(0x2);
    pub const ALLOW_INNER_WHITE: Self = Self(0x4);
    pub const ALLOW_WHITE_SPACES: Self = Self(0x7);
    pub const NO_CURRENT_DATE_DEFAULT: Self = Self(0x8);
    pub const ADJUST_TO_UNIVERSAL: Self = Self(0x10);
    pub const ASSUME_LOCAL: Self = Self(0x20);
    pub const ASSUME_UNIVERSAL: Self = Self(0x40);
    pub const ROUNDTRIP_KIND: Self = Self(0x80);

    #[must_use]
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The runtime's `ValidateStyles`.
    pub(crate) fn validate(self) -> Result<()> {
        let invalid = || DotNetError::argument("An undefined DateTimeStyles value is being used.", Some("style"));
        if self.0 & !0xFF != 0 {
            return Err(invalid());
        }
        if self.contains(Self::ASSUME_LOCAL) && self.contains(Self::ASSUME_UNIVERSAL) {
            return Err(DotNetError::argument(
                "The DateTimeStyles values AssumeLocal and AssumeUniversal cannot be used together.",
                Some("style"),
            ));
        }
        if self.contains(Self::ROUNDTRIP_KIND)
            && (self.contains(Self::ASSUME_LOCAL)
                || self.contains(Self::ASSUME_UNIVERSAL)
                || self.contains(Self::ADJUST_TO_UNIVERSAL))
        {
            return Err(DotNetError::argument(
                "The DateTimeStyles value RoundtripKind cannot be used with the values AssumeLocal, AssumeUniversal or AdjustToUniversal.",
                Some("style"),
            ));
        }
        Ok(())
    }
}

impl BitOr for DateTimeStyles {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

/// A time zone found in the string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParsedZone {
    pub offset_ticks: i64,
    /// `Z` or `GMT` (rather than a numeric offset): `RoundtripKind` keeps these as `Utc`.
    pub utc: bool,
}

pub(crate) const DATE_OUT_OF_RANGE: &str = "The DateTime represented by the string is out of range.";

/// Applies the zone and styles to the wall-clock `ticks` read from the string.
pub(crate) fn adjust(ticks: i64, zone: Option<ParsedZone>, styles: DateTimeStyles) -> Result<DateTime> {
    if let Some(z) = zone
        && z.offset_ticks.abs() > 14 * TICKS_PER_HOUR
    {
        return Err(DotNetError::format("The time zone offset must be within plus or minus 14 hours."));
    }
    let zone = match zone {
        Some(z) => z,
        None => {
            if styles.contains(DateTimeStyles::ASSUME_LOCAL) {
                // Local is UTC here: AdjustToUniversal only changes the kind.
                let kind = if styles.contains(DateTimeStyles::ADJUST_TO_UNIVERSAL) {
                    DateTimeKind::Utc
                } else {
                    DateTimeKind::Local
                };
                return DateTime::from_ticks(ticks, kind);
            }
            if styles.contains(DateTimeStyles::ASSUME_UNIVERSAL) {
                if styles.contains(DateTimeStyles::ADJUST_TO_UNIVERSAL) {
                    return DateTime::from_ticks(ticks, DateTimeKind::Utc);
                }
                ParsedZone { offset_ticks: 0, utc: false }
            } else {
                return DateTime::from_ticks(ticks, DateTimeKind::Unspecified);
            }
        }
    };
    if styles.contains(DateTimeStyles::ROUNDTRIP_KIND) && zone.utc {
        return DateTime::from_ticks(ticks, DateTimeKind::Utc);
    }
    let mut result = ticks - zone.offset_ticks;
    let kind = if styles.contains(DateTimeStyles::ADJUST_TO_UNIVERSAL) {
        if result < 0 {
            result += TICKS_PER_DAY;
        }
        DateTimeKind::Utc
    } else {
        // A bare time of day (ticks within the first day) wraps instead of underflowing.
        if ticks < TICKS_PER_DAY && result < 0 {
            result += TICKS_PER_DAY;
        }
        DateTimeKind::Local
    };
    if !(0..=MAX_TICKS).contains(&result) {
        return Err(DotNetError::format(DATE_OUT_OF_RANGE));
    }
    DateTime::from_ticks(result, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = TICKS_PER_HOUR;

    #[test]
    fn adjustments() {
        let t = 100 * TICKS_PER_DAY;
        let z = Some(ParsedZone { offset_ticks: 2 * HOUR, utc: false });
        let utc = Some(ParsedZone { offset_ticks: 0, utc: true });
        let none = DateTimeStyles::NONE;
        let cases = [
            (None, none, t, DateTimeKind::Unspecified),
            (z, none, t - 2 * HOUR, DateTimeKind::Local),
            (utc, none, t, DateTimeKind::Local),
            (utc, DateTimeStyles::ROUNDTRIP_KIND, t, DateTimeKind::Utc),
            (z, DateTimeStyles::ROUNDTRIP_KIND, t - 2 * HOUR, DateTimeKind::Local),
            (z, DateTimeStyles::ADJUST_TO_UNIVERSAL, t - 2 * HOUR, DateTimeKind::Utc),
            (None, DateTimeStyles::ADJUST_TO_UNIVERSAL, t, DateTimeKind::Unspecified),
            (None, DateTimeStyles::ASSUME_UNIVERSAL, t, DateTimeKind::Local),
            (None, DateTimeStyles::ASSUME_LOCAL, t, DateTimeKind::Local),
            (None, DateTimeStyles::ASSUME_UNIVERSAL | DateTimeStyles::ADJUST_TO_UNIVERSAL, t, DateTimeKind::Utc),
        ];
        for (zone, styles, ticks, kind) in cases {
            let got = adjust(t, zone, styles).unwrap();
            assert_eq!((got.ticks(), got.kind()), (ticks, kind), "{zone:?} {styles:?}");
        }
        let far = Some(ParsedZone { offset_ticks: 15 * HOUR, utc: false });
        assert!(adjust(t, far, none).is_err());
        let west = Some(ParsedZone { offset_ticks: -HOUR, utc: false });
        assert_eq!(adjust(MAX_TICKS, west, none).unwrap_err().message, DATE_OUT_OF_RANGE);
        assert!(DateTimeStyles(0x100).validate().is_err());
        assert!((DateTimeStyles::ASSUME_LOCAL | DateTimeStyles::ASSUME_UNIVERSAL).validate().is_err());
        assert!((DateTimeStyles::ROUNDTRIP_KIND | DateTimeStyles::ADJUST_TO_UNIVERSAL).validate().is_err());
    }
}
