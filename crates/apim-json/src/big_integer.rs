//! `System.Numerics.BigInteger`: what Newtonsoft creates for an integer literal outside
//! `long` (and a `ulong` above `long.MaxValue`).

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

/// An arbitrary-precision integer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInteger(BigInt);

impl BigInteger {
    /// Parses `-?[0-9]+` (leading zeros allowed, `-0` is `0`); `None` otherwise.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(Self)
    }

    /// From an `i128`.
    #[must_use]
    pub fn from_i128(v: i128) -> Self {
        Self(BigInt::from(v))
    }

    /// The value when it fits in an `i128`.
    #[must_use]
    pub fn to_i128(&self) -> Option<i128> {
        self.0.to_i128()
    }

    /// `(double)bigInteger`: the nearest double, ±infinity beyond its range.
    #[must_use]
    pub fn to_f64(&self) -> f64 {
        // The decimal text parses with correct rounding (ties to even), as .NET rounds.
        self.0.to_string().parse().unwrap_or(f64::NAN)
    }

    /// `(decimal)bigInteger`; `None` beyond decimal's 96 bits (`OverflowException`).
    #[must_use]
    pub fn to_decimal(&self) -> Option<rust_decimal::Decimal> {
        let v = self.to_i128()?;
        let max = i128::from(u64::MAX) << 32 | i128::from(u32::MAX);
        if v.abs() > max {
            return None;
        }
        Some(rust_decimal::Decimal::from_i128_with_scale(v, 0))
    }

    /// Sign: -1, 0 or 1.
    #[must_use]
    pub fn signum(&self) -> i32 {
        if self.0.is_zero() {
            0
        } else if self.0.is_negative() {
            -1
        } else {
            1
        }
    }

    /// Numeric comparison.
    #[must_use]
    pub fn cmp_value(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }

    /// Newtonsoft's `CompareBigInteger(this, double)`: against the double truncated to an
    /// integer, and when that ties, a fractional part makes the double the larger.
    /// `None` for NaN and infinities (`new BigInteger(double)` throws).
    #[must_use]
    pub fn cmp_f64(&self, other: f64) -> Option<Ordering> {
        let truncated = BigInt::from_f64(other)?;
        Some(self.0.cmp(&truncated).then_with(|| 0.0_f64.total_cmp(&(other - other.trunc()).abs())))
    }

    /// As [`cmp_f64`](Self::cmp_f64), against a `decimal`.
    #[must_use]
    pub fn cmp_decimal(&self, other: rust_decimal::Decimal) -> Ordering {
        let truncated = BigInt::from(other.trunc().to_i128().unwrap_or_default());
        self.0.cmp(&truncated).then_with(|| rust_decimal::Decimal::ZERO.cmp(&(other - other.trunc()).abs()))
    }
}

impl fmt::Display for BigInteger {
    /// `BigInteger.ToString()`: every digit, a leading `-` when negative.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(BigInteger::parse("-000123").unwrap().to_string(), "-123");
        assert_eq!(BigInteger::parse("-0").unwrap().to_string(), "0");
        assert!(BigInteger::parse("1.5").is_none());
        assert!(BigInteger::parse("+1").is_none());
        assert!(BigInteger::parse("-").is_none());
        let huge = "123456789012345678901234567890123456789012345678901234567890";
        assert_eq!(BigInteger::parse(huge).unwrap().to_string(), huge);
    }

    #[test]
    fn compares_numerically() {
        let a = BigInteger::parse("-99999999999999999999").unwrap();
        let b = BigInteger::parse("99999999999999999999").unwrap();
        let c = BigInteger::parse("100000000000000000000").unwrap();
        assert_eq!(a.cmp_value(&b), Ordering::Less);
        assert_eq!(c.cmp_value(&b), Ordering::Greater);
        assert_eq!(a.signum(), -1);
        assert_eq!(BigInteger::from_i128(0).signum(), 0);
    }

    #[test]
    fn converts() {
        let b = BigInteger::parse("12345678901234567890").unwrap();
        assert_eq!(b.to_i128(), Some(12_345_678_901_234_567_890));
        assert!((b.to_f64() - 1.234_567_890_123_456_8e19).abs() < 1.0);
        assert_eq!(b.to_decimal().unwrap().to_string(), "12345678901234567890");
        // decimal's limit is 2^96 - 1.
        assert!(BigInteger::parse("79228162514264337593543950335").unwrap().to_decimal().is_some());
        assert!(BigInteger::parse("79228162514264337593543950336").unwrap().to_decimal().is_none());
        assert_eq!(BigInteger::parse("1".repeat(400).as_str()).unwrap().to_f64(), f64::INFINITY);
    }

    #[test]
    fn compares_with_fractions() {
        let ten = BigInteger::from_i128(10);
        assert_eq!(ten.cmp_f64(10.0), Some(Ordering::Equal));
        assert_eq!(ten.cmp_f64(10.5), Some(Ordering::Less));
        assert_eq!(ten.cmp_f64(9.9), Some(Ordering::Greater));
        assert_eq!(ten.cmp_f64(-10.5), Some(Ordering::Greater));
        assert_eq!(ten.cmp_f64(f64::NAN), None);
        assert_eq!(ten.cmp_decimal(rust_decimal::Decimal::new(105, 1)), Ordering::Less);
        assert_eq!(ten.cmp_decimal(rust_decimal::Decimal::from(10)), Ordering::Equal);
    }
}
