//! `Boolean.Parse` / `Boolean.TryParse` / `Boolean.ToString`.

use crate::error::{DotNetError, Result};

/// `bool.ToString()`: `True` or `False`.
#[must_use]
pub fn bool_to_string(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// `Boolean.Parse(value)`: `true` or `false` in any ASCII case, after trimming whitespace
/// (`Char.IsWhiteSpace`) and NUL characters from both ends.
///
/// # Errors
///
/// `FormatException` "String was not recognized as a valid Boolean."
pub fn bool_parse(value: &str) -> Result<bool> {
    bool_try_parse(value).ok_or_else(|| DotNetError::format("String was not recognized as a valid Boolean."))
}

/// `Boolean.TryParse(value, out b)`.
#[must_use]
pub fn bool_try_parse(value: &str) -> Option<bool> {
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if trimmed.eq_ignore_ascii_case("true") {
        Some(true)
    } else if trimmed.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bool_table() {
        let cases = [
            ("true", Some(true)),
            ("True", Some(true)),
            ("TRUE", Some(true)),
            ("  false  ", Some(false)),
            ("\u{a0}False\u{3000}", Some(false)),
            ("false\0", Some(false)),
            ("1", None),
            ("yes", None),
            ("", None),
            ("tr ue", None),
        ];
        for (s, want) in cases {
            assert_eq!(bool_try_parse(s), want, "{s:?}");
        }
        assert_eq!(bool_parse("nope").unwrap_err().message, "String was not recognized as a valid Boolean.");
        assert_eq!(bool_to_string(true), "True");
    }
}
