//! One file per rule, grouped by category; `check/` documents the checks `apim check`
//! performs so they are selected, configured and suppressed like lint rules.

pub mod check;
pub mod correctness;
pub mod performance;
pub mod security;
pub mod service;
pub mod style;
pub mod suspicious;

/// What rule files need.
pub(crate) mod prelude {
    pub use apim_catalog::SectionKind;
    pub use apim_diagnostics::{Code, Severity};
    pub use apim_text::Span;

    pub use crate::context::{Context, literal};
    pub use crate::finding::{Edit, Findings, Fix};
    pub use crate::rule::{Category, Check, Docs, FixAvailability, Rule, Status};
}

/// The span of `<name` in a section or element start tag: after the `<`, `len` bytes.
pub(crate) fn tag_name_span(span: apim_text::Span, name: &str) -> apim_text::Span {
    let start = span.start + 1;
    apim_text::Span::new(start, start + u32::try_from(name.len()).unwrap_or(0))
}
