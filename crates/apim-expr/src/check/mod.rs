//! Semantic checks of a parsed expression, the problems a C# compiler or APIM's
//! allow-list would reject: names and types outside what policy expressions may use,
//! unknown members of the `context` model, a block that does not return a value on every
//! path, and a generic argument list never closed (`As<JObject()`).
//!
//! Checks are precise or silent: where the model cannot tell (a local's members, a
//! library type's members) nothing is reported.

mod generics;
mod language;
mod names;
mod returns;
mod types;
mod walk;

pub use types::result_type;

use crate::ast::Body;

/// One problem, located by a byte range into the expression's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticError {
    pub range: std::ops::Range<usize>,
    pub kind: SemanticKind,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SemanticKind {
    /// A path through a `@{...}` block ends without `return value;`.
    MissingReturn,
    /// `As<JObject()`: the `>` of a generic argument list is missing.
    UnclosedTypeArguments,
    /// A type that is not on APIM's allow-list (`System.IO.File`, `HttpClient`).
    DisallowedType,
    /// A name that is no local, no type and not `context`.
    UnknownName,
    /// `context.Reqest`, `context.Request.Bodyy`.
    UnknownContextMember,
    /// Syntax from C# 8 or later (`x switch { ... }`, `??=`, `is not null`).
    NewerLanguageFeature,
    /// `int x = "a"`, `"a" == 1`, a `string` where a `bool` is required.
    TypeMismatch,
    /// `"x".Lenght`, `(5).Length`: a member a well-known .NET type does not have.
    UnknownMember,
}

/// Checks a parsed expression; `code` is the text it was parsed from.
#[must_use]
pub fn check(body: &Body, code: &str) -> Vec<SemanticError> {
    let mut errors = Vec::new();
    language::check(body, code, &mut errors);
    if let Body::Block(block) = body {
        returns::check(block, &mut errors);
    }
    let unclosed = generics::check(body, &mut errors);
    names::check(body, &unclosed, &mut errors);
    // `As<JObject()` parses as a comparison: the tree's types are not what the author
    // meant, so type checks would only add noise to E303.
    if unclosed.is_empty() {
        types::check(body, &mut errors);
    }
    errors.sort_by_key(|error| (error.range.start, error.range.end));
    errors
}
