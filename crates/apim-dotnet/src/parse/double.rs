//! `Double.Parse`, `Double.TryParse` and `Single.Parse` (invariant culture), .NET Framework
//! flavour.
//!
//! `Double.Parse(s)` uses `NumberStyles.Float | NumberStyles.AllowThousands`: whitespace,
//! a leading sign, `,` group separators in the integer part (`"1,000.5"` is 1000.5), a
//! decimal point, an exponent. When that fails, the trimmed string may be exactly
//! `Infinity`, `-Infinity` or `NaN` (case-sensitive on .NET Framework). Differences from
//! .NET Core 3.0+: magnitudes beyond `double` throw `OverflowException` instead of giving
//! infinity, `-0` parses to `+0`, and the conversion reads only 18 significant digits
//! (see `number::to_double`).

use super::number::parse_number;
use super::styles::NumberStyles;
use crate::error::{DotNetError, Result};
use crate::number::invariant as inv;
use crate::number::to_double::number_to_double;

/// `Double.Parse(s)` (invariant culture).
///
/// ```
/// use apim_dotnet::double_parse;
/// assert_eq!(double_parse(" 1,000.5 ").unwrap(), 1000.5);
/// assert!(double_parse("1e400").is_err()); // OverflowException on .NET Framework
/// ```
///
/// # Errors
///
/// `FormatException` for a malformed string, `OverflowException` beyond `double`.
pub fn double_parse(s: &str) -> Result<f64> {
    double_parse_styles(s, NumberStyles::FLOAT_AND_THOUSANDS)
}

/// `Double.Parse(s, style, CultureInfo.InvariantCulture)`.
///
/// # Errors
///
/// As [`double_parse`]; `ArgumentException` for `AllowHexSpecifier` or undefined bits.
pub fn double_parse_styles(s: &str, styles: NumberStyles) -> Result<f64> {
    styles.validate_floating()?;
    match parse_number(s, styles, false) {
        Some(number) => {
            let value = number_to_double(&number.digits, number.scale, number.negative);
            if value.is_infinite() {
                Err(DotNetError::overflow_for("Double"))
            } else if value == 0.0 {
                Ok(0.0)
            } else {
                Ok(value)
            }
        }
        None => special_value(s).ok_or_else(DotNetError::invalid_string),
    }
}

/// `Double.TryParse(s, out v)`: `None` where `Parse` would throw.
#[must_use]
pub fn double_try_parse(s: &str) -> Option<f64> {
    double_parse(s).ok()
}

/// `Single.Parse(s)`: parsed as a `double`, then narrowed.
///
/// # Errors
///
/// As [`double_parse`]; `OverflowException` ("... for a Single.") beyond `float`.
pub fn float_parse(s: &str) -> Result<f32> {
    match parse_number(s, NumberStyles::FLOAT_AND_THOUSANDS, false) {
        Some(number) => {
            let value = number_to_double(&number.digits, number.scale, number.negative);
            #[allow(clippy::cast_possible_truncation)]
            let narrowed = value as f32;
            if narrowed.is_infinite() {
                Err(DotNetError::overflow_for("Single"))
            } else if narrowed == 0.0 {
                Ok(0.0)
            } else {
                Ok(narrowed)
            }
        }
        None => special_value(s)
            .map(|v| {
                #[allow(clippy::cast_possible_truncation)]
                let narrowed = v as f32;
                narrowed
            })
            .ok_or_else(DotNetError::invalid_string),
    }
}

/// `Infinity`, `-Infinity` or `NaN` after `String.Trim()`.
fn special_value(s: &str) -> Option<f64> {
    match s.trim_matches(char::is_whitespace) {
        t if t == inv::POSITIVE_INFINITY_SYMBOL => Some(f64::INFINITY),
        t if t == inv::NEGATIVE_INFINITY_SYMBOL => Some(f64::NEG_INFINITY),
        t if t == inv::NAN_SYMBOL => Some(f64::NAN),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: &str = "Input string was not in a correct format.";
    const OVERFLOW: &str = "Value was either too large or too small for a Double.";

    #[test]
    fn double_table() {
        let cases: &[(&str, std::result::Result<f64, &str>)] = &[
            ("0", Ok(0.0)),
            ("1e3", Ok(1000.0)),
            ("  1.5 ", Ok(1.5)),
            ("-1.5", Ok(-1.5)),
            ("+.5", Ok(0.5)),
            ("5.", Ok(5.0)),
            ("1,000", Ok(1000.0)),
            ("1,000,000.25", Ok(1_000_000.25)),
            ("1,2,3", Ok(123.0)),
            ("0.1", Ok(0.1)),
            ("0.30000000000000004", Ok(0.300_000_000_000_000_04)),
            ("1.7976931348623157E+308", Ok(f64::MAX)),
            ("4.94065645841247E-324", Ok(5e-324)),
            ("1E-400", Ok(0.0)),
            ("1e400", Err(OVERFLOW)),
            ("1.8e308", Err(OVERFLOW)),
            ("Infinity", Ok(f64::INFINITY)),
            (" -Infinity ", Ok(f64::NEG_INFINITY)),
            ("infinity", Err(FORMAT)),
            ("+Infinity", Err(FORMAT)),
            ("", Err(FORMAT)),
            (",", Err(FORMAT)),
            ("1,", Ok(1.0)),
            (",1", Err(FORMAT)),
            ("1.2.3", Err(FORMAT)),
            ("1e", Err(FORMAT)),
            ("e5", Err(FORMAT)),
            ("0x10", Err(FORMAT)),
            ("1_000", Err(FORMAT)),
            ("1.5f", Err(FORMAT)),
        ];
        for (s, want) in cases {
            let got = double_parse(s).map_err(|e| e.message);
            match (&got, want) {
                (Ok(g), Ok(w)) => assert_eq!(g.to_bits(), w.to_bits(), "{s:?}"),
                _ => assert_eq!(got, want.map_err(str::to_owned), "{s:?}"),
            }
        }
        assert!(double_parse("NaN").unwrap().is_nan());
        assert_eq!(double_parse("-0").unwrap().to_bits(), 0);
        assert_eq!(double_try_parse("1e400"), None);
        assert!(double_parse_styles("1", NumberStyles::HEX_NUMBER).is_err());
        assert_eq!(double_parse_styles("1,000", NumberStyles::FLOAT).unwrap_err().message, FORMAT);
    }

    #[test]
    fn float_table() {
        assert_eq!(float_parse("1.5").unwrap(), 1.5);
        assert_eq!(float_parse("3.4e38").unwrap(), 3.4e38);
        assert_eq!(float_parse("3.5e38").unwrap_err().message, "Value was either too large or too small for a Single.");
    }
}
