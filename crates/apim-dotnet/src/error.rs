//! The one error type: a .NET exception kind plus the message .NET Framework would put in
//! `Exception.Message`.

use std::fmt;

/// Which .NET exception a failing call throws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExceptionKind {
    /// `System.FormatException`: the text or the format string is malformed.
    Format,
    /// `System.ArgumentOutOfRangeException`: an argument or a result is outside the type's range.
    ArgumentOutOfRange,
    /// `System.OverflowException`: a numeric result does not fit the target type.
    Overflow,
    /// `System.ArgumentNullException`: a required argument was `null`.
    ArgumentNull,
    /// `System.ArgumentException`: any other invalid argument (for example NaN for a `TimeSpan`).
    Argument,
    /// `System.DivideByZeroException`: decimal division or remainder by zero.
    DivideByZero,
}

impl ExceptionKind {
    /// The full .NET type name, as `ex.GetType().FullName` prints it.
    #[must_use]
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Format => "System.FormatException",
            Self::ArgumentOutOfRange => "System.ArgumentOutOfRangeException",
            Self::Overflow => "System.OverflowException",
            Self::ArgumentNull => "System.ArgumentNullException",
            Self::Argument => "System.ArgumentException",
            Self::DivideByZero => "System.DivideByZeroException",
        }
    }
}

/// A .NET exception as a value: every fallible function in this crate returns it instead of
/// panicking.
///
/// `message` is what .NET Framework 4.x returns from `Exception.Message`; for argument
/// exceptions that names a parameter it ends with `"\r\nParameter name: <name>"`, as .NET
/// Framework (not .NET Core) formats it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotNetError {
    /// The exception type.
    pub kind: ExceptionKind,
    /// The exception message, as .NET Framework prints it.
    pub message: String,
}

impl fmt::Display for DotNetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.type_name(), self.message)
    }
}

impl std::error::Error for DotNetError {}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, DotNetError>;

pub(crate) const INVALID_STRING: &str = "Input string was not in a correct format.";
pub(crate) const BAD_FORMAT_SPECIFIER: &str = "Format specifier was invalid.";
pub(crate) const BAD_DATETIME: &str = "String was not recognized as a valid DateTime.";
pub(crate) const DATE_ARITHMETIC: &str = "The added or subtracted value results in an un-representable DateTime.";
pub(crate) const TIMESPAN_TOO_LONG: &str = "TimeSpan overflowed because the duration is too long.";

impl DotNetError {
    /// A `FormatException` with `message`.
    #[must_use]
    pub fn format(message: impl Into<String>) -> Self {
        Self { kind: ExceptionKind::Format, message: message.into() }
    }

    /// The `FormatException` of a malformed number or format string:
    /// "Input string was not in a correct format."
    #[must_use]
    pub fn invalid_string() -> Self {
        Self::format(INVALID_STRING)
    }

    /// An `OverflowException` with `message`.
    #[must_use]
    pub fn overflow(message: impl Into<String>) -> Self {
        Self { kind: ExceptionKind::Overflow, message: message.into() }
    }

    /// An `OverflowException` "Value was either too large or too small for a/an `<type>`."
    #[must_use]
    pub fn overflow_for(type_name: &str) -> Self {
        let article = if type_name.starts_with('I') { "an" } else { "a" };
        Self::overflow(format!("Value was either too large or too small for {article} {type_name}."))
    }

    /// An `ArgumentOutOfRangeException` for parameter `param` (or none).
    #[must_use]
    pub fn out_of_range(param: Option<&str>, message: &str) -> Self {
        Self { kind: ExceptionKind::ArgumentOutOfRange, message: with_param(message, param) }
    }

    /// An `ArgumentNullException` for parameter `param`: what .NET throws when `null` reaches
    /// a `Parse` method. Callers that model `null` strings use it; this crate takes `&str`.
    #[must_use]
    pub fn argument_null(param: &str) -> Self {
        Self { kind: ExceptionKind::ArgumentNull, message: with_param("Value cannot be null.", Some(param)) }
    }

    /// An `ArgumentException` with `message`, for parameter `param` (or none).
    #[must_use]
    pub fn argument(message: &str, param: Option<&str>) -> Self {
        Self { kind: ExceptionKind::Argument, message: with_param(message, param) }
    }

    /// A `DivideByZeroException`: "Attempted to divide by zero."
    #[must_use]
    pub fn divide_by_zero() -> Self {
        Self { kind: ExceptionKind::DivideByZero, message: "Attempted to divide by zero.".to_owned() }
    }
}

fn with_param(message: &str, param: Option<&str>) -> String {
    match param {
        Some(p) => format!("{message}\r\nParameter name: {p}"),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_dotnet_framework() {
        let cases = [
            (DotNetError::overflow_for("Int32"), "Value was either too large or too small for an Int32."),
            (DotNetError::overflow_for("Int64"), "Value was either too large or too small for an Int64."),
            (DotNetError::overflow_for("UInt64"), "Value was either too large or too small for a UInt64."),
            (DotNetError::overflow_for("Double"), "Value was either too large or too small for a Double."),
            (DotNetError::overflow_for("Decimal"), "Value was either too large or too small for a Decimal."),
            (DotNetError::argument_null("s"), "Value cannot be null.\r\nParameter name: s"),
            (DotNetError::invalid_string(), "Input string was not in a correct format."),
        ];
        for (error, message) in cases {
            assert_eq!(error.message, message);
        }
        assert_eq!(
            DotNetError::invalid_string().to_string(),
            "System.FormatException: Input string was not in a correct format."
        );
    }
}
