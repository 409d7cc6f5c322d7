//! Findings about a policy file: one concrete [`Diagnostic`] type, built fluently, and
//! one renderer per output format in [`render`].
//!
//! Problems *in a policy* are values pushed to a `Vec<Diagnostic>`, never an `Err` that
//! stops the run: a linter must report everything it can.

mod code;
mod diagnostic;
pub mod render;
pub mod suggest;

pub use code::Code;
pub use diagnostic::{Diagnostic, Label, Severity, has_errors, sort_and_dedup};

/// One file's text and the diagnostics found in it, as renderers need them.
#[derive(Debug, Clone, Copy)]
pub struct FileDiagnostics<'a> {
    /// The path as the user should see it.
    pub path: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}
