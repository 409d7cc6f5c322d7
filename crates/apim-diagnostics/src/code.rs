use std::fmt;

/// A stable diagnostic code (`S101`) with its kebab-case name (`unterminated-expression`).
///
/// Codes are never reused; a renamed check keeps its code.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
}

impl Code {
    #[must_use]
    pub const fn new(code: &'static str, name: &'static str) -> Self {
        Self { code, name }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code, self.name)
    }
}
