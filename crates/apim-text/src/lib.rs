//! Positions in policy files: byte [`Span`]s everywhere, lines and columns only when
//! rendering (through [`LineIndex`]).

mod line_index;
mod span;

pub use line_index::{LineCol, LineIndex};
pub use span::Span;
