//! The exceptions an expression can throw, as .NET names them.

use std::fmt;

/// The exception type of a budget stop (steps, depth or size). It is not a .NET type and
/// `catch` blocks in the expression cannot catch it.
pub const BUDGET_EXCEEDED: &str = "apim.BudgetExceeded";
/// A member or type the evaluator does not provide (outside the allow-list or not yet
/// modelled).
pub const UNSUPPORTED: &str = "apim.NotSupported";

/// A thrown .NET exception: full type name and `Message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub type_name: &'static str,
    pub message: String,
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for Exception {}

/// What a failed evaluation returns.
pub type Result<T> = std::result::Result<T, Exception>;

impl Exception {
    #[must_use]
    pub fn new(type_name: &'static str, message: impl Into<String>) -> Self {
        Self { type_name, message: message.into() }
    }

    /// Whether a `catch` may handle it.
    #[must_use]
    pub fn catchable(&self) -> bool {
        !self.type_name.starts_with("apim.")
    }

    #[must_use]
    pub fn null_ref() -> Self {
        Self::new("System.NullReferenceException", "Object reference not set to an instance of an object.")
    }

    #[must_use]
    pub fn invalid_cast() -> Self {
        Self::new("System.InvalidCastException", "Specified cast is not valid.")
    }

    #[must_use]
    pub fn invalid_cast_msg(message: impl Into<String>) -> Self {
        Self::new("System.InvalidCastException", message)
    }

    #[must_use]
    pub fn overflow() -> Self {
        Self::new("System.OverflowException", "Arithmetic operation resulted in an overflow.")
    }

    #[must_use]
    pub fn divide_by_zero() -> Self {
        Self::new("System.DivideByZeroException", "Attempted to divide by zero.")
    }

    #[must_use]
    pub fn format(message: impl Into<String>) -> Self {
        Self::new("System.FormatException", message)
    }

    #[must_use]
    pub fn bad_format() -> Self {
        Self::format("Input string was not in a correct format.")
    }

    #[must_use]
    pub fn argument(message: &str, param: Option<&str>) -> Self {
        Self::new("System.ArgumentException", with_param(message, param))
    }

    #[must_use]
    pub fn argument_null(param: &str) -> Self {
        Self::new("System.ArgumentNullException", with_param("Value cannot be null.", Some(param)))
    }

    #[must_use]
    pub fn out_of_range(message: &str, param: Option<&str>) -> Self {
        Self::new("System.ArgumentOutOfRangeException", with_param(message, param))
    }

    #[must_use]
    pub fn index_out_of_range() -> Self {
        Self::new("System.IndexOutOfRangeException", "Index was outside the bounds of the array.")
    }

    #[must_use]
    pub fn list_index() -> Self {
        Self::out_of_range(
            "Index was out of range. Must be non-negative and less than the size of the collection.",
            Some("index"),
        )
    }

    #[must_use]
    pub fn invalid_operation(message: impl Into<String>) -> Self {
        Self::new("System.InvalidOperationException", message)
    }

    #[must_use]
    pub fn key_not_found() -> Self {
        Self::new("System.Collections.Generic.KeyNotFoundException", "The given key was not present in the dictionary.")
    }

    #[must_use]
    pub fn not_supported(message: impl Into<String>) -> Self {
        Self::new("System.NotSupportedException", message)
    }

    /// A member or type the evaluator does not know.
    #[must_use]
    pub fn unsupported(what: impl fmt::Display) -> Self {
        Self::new(UNSUPPORTED, format!("`{what}` is not available in policy expressions (or not modelled by apim)"))
    }

    #[must_use]
    pub fn budget(message: impl Into<String>) -> Self {
        Self::new(BUDGET_EXCEEDED, message)
    }
}

fn with_param(message: &str, param: Option<&str>) -> String {
    match param {
        Some(p) => format!("{message}\r\nParameter name: {p}"),
        None => message.to_owned(),
    }
}

impl From<apim_dotnet::DotNetError> for Exception {
    fn from(e: apim_dotnet::DotNetError) -> Self {
        Self { type_name: e.kind.type_name(), message: e.message }
    }
}

impl From<apim_json::JsonError> for Exception {
    fn from(e: apim_json::JsonError) -> Self {
        Self { type_name: e.kind.dotnet_type_name(), message: e.message }
    }
}
