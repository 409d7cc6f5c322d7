//! .NET number formatting and parsing as the BCL does it under the invariant culture.
//!
//! Two flavours of `double` formatting exist: .NET Framework (APIM's runtime, and Mono)
//! and .NET Core 3.0+ (shortest round-trip digits everywhere). They differ for `"R"` when
//! 16 or 17 digits are needed, for `ToString()` (15 significant digits on Framework), and
//! for negative zero (`"0"` on Framework, `"-0"` on Core).

use crate::error::JsonError;

/// Which runtime's number formatting to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFlavor {
    /// .NET Framework 4.x (and Mono): APIM's runtime.
    #[default]
    Framework,
    /// .NET Core 3.0 and later.
    Core,
}

/// Significant decimal digits (no leading or trailing zeros; `[0]` for zero) and the
/// position of the decimal point relative to them (`scale`): value = 0.d1d2... × 10^scale.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    negative: bool,
    digits: Vec<u8>,
    scale: i32,
}

/// Parses Rust's `{:e}` output (`-1.2345e-7`).
fn digits_from_exp(s: &str) -> Digits {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.iter().all(|&d| d == 0) {
        return Digits { negative, digits: vec![0], scale: 0 };
    }
    Digits { negative, digits, scale: exp + 1 }
}

/// Shortest digits that round-trip.
fn shortest(v: f64) -> Digits {
    digits_from_exp(&format!("{v:e}"))
}

/// Correctly rounded to `precision` significant digits.
fn rounded(v: f64, precision: usize) -> Digits {
    digits_from_exp(&format!("{:.*e}", precision.saturating_sub(1), v))
}

fn digits_to_f64(d: &Digits) -> f64 {
    let mut s = String::with_capacity(d.digits.len() + 8);
    if d.negative {
        s.push('-');
    }
    s.push_str("0.");
    for &x in &d.digits {
        s.push(char::from(b'0' + x));
    }
    s.push('e');
    s.push_str(&d.scale.to_string());
    s.parse().unwrap_or(f64::NAN)
}

/// .NET's `FormatGeneral`: fixed notation unless `scale > max_digits` or `scale < -3`,
/// then `d.dddE+XX` (at least two exponent digits).
fn format_general(d: &Digits, max_digits: i32, keep_negative_zero: bool) -> String {
    let mut s = String::new();
    let is_zero = d.digits == [0];
    if d.negative && (!is_zero || keep_negative_zero) {
        s.push('-');
    }
    if is_zero {
        s.push('0');
        return s;
    }
    let digit = |i: usize| char::from(b'0' + d.digits.get(i).copied().unwrap_or(0));
    let scientific = d.scale > max_digits || d.scale < -3;
    if scientific {
        s.push(digit(0));
        if d.digits.len() > 1 {
            s.push('.');
            for i in 1..d.digits.len() {
                s.push(digit(i));
            }
        }
        let exp = d.scale - 1;
        s.push('E');
        s.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            s.push('0');
        }
        s.push_str(&e.to_string());
    } else if d.scale <= 0 {
        s.push_str("0.");
        for _ in 0..(-d.scale) {
            s.push('0');
        }
        for i in 0..d.digits.len() {
            s.push(digit(i));
        }
    } else {
        let int_len = usize::try_from(d.scale).unwrap_or(0);
        for i in 0..int_len {
            s.push(digit(i));
        }
        if d.digits.len() > int_len {
            s.push('.');
            for i in int_len..d.digits.len() {
                s.push(digit(i));
            }
        }
    }
    s
}

fn special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// `value.ToString("R", CultureInfo.InvariantCulture)`.
///
/// Framework: 15 significant digits when they round-trip, else 17. Core: the shortest
/// round-trip digits.
#[must_use]
pub fn format_round_trip(v: f64, flavor: NumberFlavor) -> String {
    if let Some(s) = special(v) {
        return s.to_owned();
    }
    match flavor {
        NumberFlavor::Framework => {
            let d15 = rounded(v, 15);
            if digits_to_f64(&d15) == v {
                format_general(&d15, 15, false)
            } else {
                format_general(&rounded(v, 17), 17, false)
            }
        }
        NumberFlavor::Core => {
            let d = shortest(v);
            let max = i32::try_from(d.digits.len()).unwrap_or(17).max(15);
            format_general(&d, max, true)
        }
    }
}

/// `value.ToString()` / `value.ToString(CultureInfo.InvariantCulture)` (`"G"`).
///
/// Framework: 15 significant digits. Core: as `"R"`.
#[must_use]
pub fn format_general_default(v: f64, flavor: NumberFlavor) -> String {
    if let Some(s) = special(v) {
        return s.to_owned();
    }
    match flavor {
        NumberFlavor::Framework => format_general(&rounded(v, 15), 15, false),
        NumberFlavor::Core => format_round_trip(v, flavor),
    }
}

/// `JsonConvert.ToString(double)` with the writer's defaults: the `"R"` text with `.0`
/// appended when it has no `.` or exponent; NaN and infinities as JSON strings
/// (`FloatFormatHandling.String`).
#[must_use]
pub fn json_double(v: f64, round_trip: &str) -> String {
    if v.is_nan() || v.is_infinite() {
        return format!("\"{round_trip}\"");
    }
    if round_trip.contains(['.', 'E', 'e']) { round_trip.to_owned() } else { format!("{round_trip}.0") }
}

/// .NET's `IsWhite` for number parsing: space and `\t`..`\r`.
fn is_number_white(c: char) -> bool {
    c == ' ' || ('\t'..='\r').contains(&c)
}

/// `Int64.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)`.
///
/// # Errors
/// `FormatException` or `OverflowException` as .NET throws them; `type_name` (`Int32`,
/// `Int64`) goes into the overflow message.
pub fn parse_integer(s: &str, min: i128, max: i128, type_name: &str) -> Result<i128, JsonError> {
    let t = s.trim_matches(is_number_white);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(JsonError::format("Input string was not in a correct format."));
    }
    let overflow = || JsonError::overflow(format!("Value was either too large or too small for an {type_name}."));
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v.checked_mul(10).and_then(|v| v.checked_add(i128::from(b - b'0'))).ok_or_else(overflow)?;
        if v > max.max(-min) + 1 {
            return Err(overflow());
        }
    }
    let v = if negative { -v } else { v };
    if v < min || v > max {
        return Err(overflow());
    }
    Ok(v)
}

/// Checks .NET's grammar for `NumberStyles.Float` (optionally with `AllowThousands`):
/// `[sign]digits[.digits][(e|E)[sign]digits]` with at least one mantissa digit. Returns
/// the text Rust can parse (thousands separators removed).
fn float_syntax(t: &str, allow_thousands: bool) -> Option<String> {
    let b = t.as_bytes();
    let mut i = 0;
    let mut out = String::with_capacity(t.len());
    if let Some(&c) = b.first()
        && (c == b'+' || c == b'-')
    {
        if c == b'-' {
            out.push('-');
        }
        i += 1;
    }
    let mut mantissa_digits = 0;
    while i < b.len() && (b[i].is_ascii_digit() || (allow_thousands && b[i] == b',' && mantissa_digits > 0)) {
        if b[i] != b',' {
            out.push(char::from(b[i]));
            mantissa_digits += 1;
        }
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        out.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            out.push(char::from(b[i]));
            mantissa_digits += 1;
            i += 1;
        }
    }
    if mantissa_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        out.push('e');
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            out.push(char::from(b[i]));
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            out.push(char::from(b[i]));
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if out.ends_with('.') {
        out.push('0');
    }
    if out.starts_with('.') || out.starts_with("-.") {
        out = out.replacen('.', "0.", 1);
    }
    (i == b.len()).then_some(out)
}

/// Outcome of a .NET `double` parse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DoubleParse {
    /// The value.
    Ok(f64),
    /// Not a number (`FormatException`).
    Invalid,
    /// Finite text whose value is out of `double`'s range (.NET Framework rejects it).
    Overflow,
}

/// `double.Parse`/`TryParse` with the invariant culture and `NumberStyles.Float` (plus
/// `AllowThousands` when asked), as .NET Framework does it: surrounding white space,
/// `Infinity`, `-Infinity` and `NaN` symbols, overflow rejected.
#[must_use]
pub fn parse_double(s: &str, allow_thousands: bool, flavor: NumberFlavor) -> DoubleParse {
    let t = s.trim_matches(is_number_white);
    match t {
        "NaN" => return DoubleParse::Ok(f64::NAN),
        "Infinity" | "+Infinity" => return DoubleParse::Ok(f64::INFINITY),
        "-Infinity" => return DoubleParse::Ok(f64::NEG_INFINITY),
        _ => {}
    }
    let Some(text) = float_syntax(t, allow_thousands) else { return DoubleParse::Invalid };
    match text.parse::<f64>() {
        Ok(v) if v.is_infinite() && flavor == NumberFlavor::Framework => DoubleParse::Overflow,
        Ok(v) => DoubleParse::Ok(v),
        Err(_) => DoubleParse::Invalid,
    }
}

/// `Convert.ToInt32(double)` / `Convert.ToInt64(double)`: round half to even, then a
/// range check. `None` means `OverflowException`.
#[must_use]
pub fn round_to_integer(v: f64, min: i128, max: i128) -> Option<i128> {
    if !v.is_finite() {
        return None;
    }
    let r = v.round_ties_even();
    if !(-1.8e19..=1.8e19).contains(&r) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, reason = "checked against ±1.8e19 above")]
    let i = r as i128;
    (min..=max).contains(&i).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_round_trip_table() {
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0000000000000002, "1.0000000000000002"),
            (-0.0, "0"),
            (5e-324, "4.94065645841247E-324"),
            (1e15, "1E+15"),
            (1e14, "100000000000000"),
            (1e-5, "1E-05"),
            (1e-4, "0.0001"),
            (f64::MAX, "1.7976931348623157E+308"),
            (1234567890123456.7, "1234567890123456.8"),
            (123456789012345678.0, "1.2345678901234568E+17"),
            (1.0 / 3.0, "0.33333333333333331"),
            (1e21, "1E+21"),
            (100.0, "100"),
            (2.5, "2.5"),
            (-1.5, "-1.5"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_round_trip(v, NumberFlavor::Framework), want, "{v:e}");
        }
    }

    #[test]
    fn framework_general_table() {
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.3"),
            (f64::MAX, "1.79769313486232E+308"),
            (1234567890123456.7, "1.23456789012346E+15"),
            (1.0 / 3.0, "0.333333333333333"),
            (1.5, "1.5"),
            (f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_general_default(v, NumberFlavor::Framework), want, "{v:e}");
        }
    }

    #[test]
    fn core_round_trip() {
        assert_eq!(format_round_trip(1.0 / 3.0, NumberFlavor::Core), "0.3333333333333333");
        assert_eq!(format_round_trip(-0.0, NumberFlavor::Core), "-0");
        assert_eq!(format_round_trip(5e-324, NumberFlavor::Core), "5E-324");
    }

    #[test]
    fn json_doubles() {
        assert_eq!(json_double(1.0, "1"), "1.0");
        assert_eq!(json_double(1e21, "1E+21"), "1E+21");
        assert_eq!(json_double(f64::NAN, "NaN"), "\"NaN\"");
    }

    #[test]
    fn double_parsing() {
        let p = |s| parse_double(s, false, NumberFlavor::Framework);
        assert_eq!(p("1."), DoubleParse::Ok(1.0));
        assert_eq!(p(".5"), DoubleParse::Ok(0.5));
        assert_eq!(p("-.5"), DoubleParse::Ok(-0.5));
        assert_eq!(p(" 1e3 "), DoubleParse::Ok(1000.0));
        assert_eq!(p("1e"), DoubleParse::Invalid);
        assert_eq!(p("."), DoubleParse::Invalid);
        assert_eq!(p("1e400"), DoubleParse::Overflow);
        assert_eq!(p("inf"), DoubleParse::Invalid);
        assert_eq!(parse_double("1,000.5", true, NumberFlavor::Framework), DoubleParse::Ok(1000.5));
    }

    #[test]
    fn integer_parsing() {
        assert_eq!(parse_integer(" -12 ", i32::MIN.into(), i32::MAX.into(), "Int32").unwrap(), -12);
        assert_eq!(parse_integer("1.5", 0, 10, "Int32").unwrap_err().kind, crate::ErrorKind::FormatException);
        assert_eq!(
            parse_integer("99999999999", i32::MIN.into(), i32::MAX.into(), "Int32").unwrap_err().message,
            "Value was either too large or too small for an Int32."
        );
        assert_eq!(round_to_integer(2.5, -100, 100), Some(2));
        assert_eq!(round_to_integer(3.5, -100, 100), Some(4));
        assert_eq!(round_to_integer(f64::NAN, -100, 100), None);
    }
}
