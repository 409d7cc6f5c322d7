//! Number formatting: the digit buffer, the standard and custom format engines, and the
//! per-type entry points.

pub(crate) mod buffer;
pub(crate) mod custom;
pub(crate) mod decimal;
pub(crate) mod double;
pub(crate) mod double_digits;
pub(crate) mod integer;
pub(crate) mod invariant;
pub(crate) mod standard;
pub(crate) mod to_double;
