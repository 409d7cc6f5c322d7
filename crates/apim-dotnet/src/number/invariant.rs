//! `NumberFormatInfo.InvariantInfo`: the only culture this crate formats and parses with.
//!
//! APIM policy expressions run with the invariant culture unless they pass another one;
//! every group size here is 3, so grouping needs no table.

pub(crate) const NEGATIVE_SIGN: &str = "-";
pub(crate) const POSITIVE_SIGN: &str = "+";
pub(crate) const DECIMAL_SEPARATOR: &str = ".";
pub(crate) const GROUP_SEPARATOR: &str = ",";
pub(crate) const GROUP_SIZE: i32 = 3;
/// `NumberDecimalDigits`, `CurrencyDecimalDigits` and `PercentDecimalDigits` are all 2.
pub(crate) const DEFAULT_DECIMALS: i32 = 2;
pub(crate) const CURRENCY_SYMBOL: &str = "\u{a4}";
pub(crate) const PERCENT_SYMBOL: &str = "%";
pub(crate) const PER_MILLE_SYMBOL: &str = "\u{2030}";
pub(crate) const NAN_SYMBOL: &str = "NaN";
pub(crate) const POSITIVE_INFINITY_SYMBOL: &str = "Infinity";
pub(crate) const NEGATIVE_INFINITY_SYMBOL: &str = "-Infinity";

/// `CurrencyPositivePattern` 0 and `CurrencyNegativePattern` 0.
pub(crate) const CURRENCY_POSITIVE: &str = "$#";
pub(crate) const CURRENCY_NEGATIVE: &str = "($#)";
/// `NumberNegativePattern` 1.
pub(crate) const NUMBER_NEGATIVE: &str = "-#";
/// `PercentPositivePattern` 0 and `PercentNegativePattern` 0.
pub(crate) const PERCENT_POSITIVE: &str = "# %";
pub(crate) const PERCENT_NEGATIVE: &str = "-# %";
