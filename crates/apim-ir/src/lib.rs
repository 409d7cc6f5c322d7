//! The typed policy IR and its lowering from the syntax tree.
//!
//! Lowering checks every element against the policy catalog (`apim-catalog`): unknown
//! policies, policies in the wrong section, missing or unknown attributes, literals of
//! the wrong type. Problems are diagnostics; nothing is dropped (an unknown element
//! becomes [`Policy::Unknown`]).

mod analyze;
pub mod codes;
mod lower;
mod model;
mod value;

pub use analyze::analyze_expressions;
pub use lower::{LowerOptions, Lowered, lower, read};
pub use model::{Attribute, ElementNode, Policy, PolicyDocument, PolicyNode, Root, Section};
pub use value::{Expression, Literal, Typed, Value, ValueKind, named_value_refs, placeholders};
