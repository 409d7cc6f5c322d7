//! Parsing numbers and booleans from strings, as the .NET `Parse` and `TryParse` methods do
//! with the invariant culture.

pub(crate) mod boolean;
pub(crate) mod decimal;
pub(crate) mod double;
pub(crate) mod integer;
pub(crate) mod number;
pub(crate) mod styles;
