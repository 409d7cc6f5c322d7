//! The one error type: a .NET exception kind and Newtonsoft's message text.

use std::fmt;

/// The .NET exception type Newtonsoft (or the BCL underneath it) throws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `Newtonsoft.Json.JsonReaderException`: malformed JSON text.
    JsonReaderException,
    /// `Newtonsoft.Json.JsonException`: JSONPath problems, multiple `SelectToken` matches.
    JsonException,
    /// `System.ArgumentException`: duplicate property, bad cast operator, wrong key type.
    ArgumentException,
    /// `System.ArgumentNullException`.
    ArgumentNullException,
    /// `System.ArgumentOutOfRangeException`: array index out of range.
    ArgumentOutOfRangeException,
    /// `System.InvalidCastException`: `Value<T>()` on a container, `Convert.ChangeType` failures.
    InvalidCastException,
    /// `System.InvalidOperationException`: child access on a value, no parent.
    InvalidOperationException,
    /// `System.FormatException`: a string that does not parse as the target type.
    FormatException,
    /// `System.OverflowException`: a number out of the target type's range.
    OverflowException,
}

impl ErrorKind {
    /// The full .NET type name, as `exception.GetType().FullName` prints it.
    #[must_use]
    pub fn dotnet_type_name(self) -> &'static str {
        match self {
            Self::JsonReaderException => "Newtonsoft.Json.JsonReaderException",
            Self::JsonException => "Newtonsoft.Json.JsonException",
            Self::ArgumentException => "System.ArgumentException",
            Self::ArgumentNullException => "System.ArgumentNullException",
            Self::ArgumentOutOfRangeException => "System.ArgumentOutOfRangeException",
            Self::InvalidCastException => "System.InvalidCastException",
            Self::InvalidOperationException => "System.InvalidOperationException",
            Self::FormatException => "System.FormatException",
            Self::OverflowException => "System.OverflowException",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dotnet_type_name())
    }
}

/// Where a [`ErrorKind::JsonReaderException`] happened, as Newtonsoft reports it (also
/// part of the message): the JSON path, a 1-based line (0 before anything was read) and
/// the position in UTF-16 code units from the line start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderLocation {
    /// `JsonReaderException.Path`.
    pub path: String,
    /// `JsonReaderException.LineNumber`.
    pub line_number: usize,
    /// `JsonReaderException.LinePosition`.
    pub line_position: usize,
}

/// A .NET exception as Newtonsoft would throw it: [`kind`](Self::kind) and
/// [`message`](Self::message) (`Exception.Message`, byte for byte where practical).
///
/// Messages that .NET Framework builds with `Environment.NewLine` (the
/// `Parameter name: x` suffix of argument exceptions) use `"\r\n"`, as on APIM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct JsonError {
    /// The exception type.
    pub kind: ErrorKind,
    /// `Exception.Message`.
    pub message: String,
    /// Path, line and position for reader errors.
    pub location: Option<ReaderLocation>,
}

impl JsonError {
    /// An error without reader location.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), location: None }
    }

    pub(crate) fn argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ArgumentException, message)
    }

    pub(crate) fn invalid_cast(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidCastException, message)
    }

    pub(crate) fn invalid_operation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidOperationException, message)
    }

    pub(crate) fn format(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::FormatException, message)
    }

    pub(crate) fn overflow(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::OverflowException, message)
    }

    pub(crate) fn json(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::JsonException, message)
    }

    /// `ArgumentOutOfRangeException` with .NET Framework's `Parameter name:` suffix.
    pub(crate) fn out_of_range(message: &str, param: &str) -> Self {
        Self::new(ErrorKind::ArgumentOutOfRangeException, format!("{message}\r\nParameter name: {param}"))
    }

    /// `ArgumentNullException` for parameter `param`.
    pub(crate) fn null_argument(param: &str) -> Self {
        Self::new(ErrorKind::ArgumentNullException, format!("Value cannot be null.\r\nParameter name: {param}"))
    }

    /// `Index was out of range.`: what `List<T>[index]` throws.
    pub(crate) fn list_index() -> Self {
        Self::out_of_range(
            "Index was out of range. Must be non-negative and less than the size of the collection.",
            "index",
        )
    }
}

/// `Result` with [`JsonError`].
pub type Result<T, E = JsonError> = std::result::Result<T, E>;
