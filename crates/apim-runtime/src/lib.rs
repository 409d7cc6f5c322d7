//! Evaluates APIM policy expressions (`@(...)`, `@{...}`) with .NET Framework semantics.
//!
//! An expression is parsed by apim-expr and compiled **once** ([`Program::compile`]):
//! locals become slots, names resolve to types or the `context`, literals become values,
//! and the static types C# semantics depend on are fixed. [`Program::eval`] then runs the
//! compiled tree against a [`Context`] under a [`Budget`].
//!
//! ```
//! use apim_runtime::{Budget, Context, ContextInput, Program};
//!
//! let program = Program::compile("@((1 + 2).ToString() + \"!\")").unwrap();
//! let ctx = Context::new(ContextInput::default()).unwrap();
//! let value = program.eval(&ctx, Budget::default()).unwrap();
//! assert_eq!(apim_runtime::display(&value), "3!");
//! assert_eq!(apim_runtime::type_name(&value).as_deref(), Some("System.String"));
//! ```
//!
//! Safety: there is no file, network, environment, process or reflection access; types
//! outside the allow-list do not exist (a compile error or `apim.NotSupported`). Steps,
//! call depth and string/collection sizes are bounded by a [`Budget`]; exceeding it
//! throws [`BUDGET_EXCEEDED`], which expression code cannot catch.

pub mod budget;
pub mod builtins;
pub mod compile;
pub mod context;
pub mod error;
pub mod eval;
pub mod types;
pub mod value;

pub use budget::Budget;
pub use compile::CompileError;
pub use context::{Context, ContextError, ContextInput, Entities, Schema, var_from_json, var_from_token};
pub use error::{BUDGET_EXCEEDED, Exception, UNSUPPORTED};
pub use types::type_name;
pub use value::Value;

/// A syntax or compile error of an expression: message and byte range into the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramError {
    pub message: String,
    pub range: std::ops::Range<usize>,
    /// `true` for syntax errors (the parser), `false` for name and type errors.
    pub syntax: bool,
}

/// A compiled expression, ready to run against any number of contexts.
#[derive(Debug)]
pub struct Program {
    compiled: compile::Compiled,
}

impl Program {
    /// Parses and compiles `@(...)` or `@{...}`.
    ///
    /// # Errors
    /// Every syntax error, or the first compile error.
    pub fn compile(code: &str) -> Result<Program, Vec<ProgramError>> {
        let trimmed = code.trim();
        let kind = if trimmed.starts_with("@{") {
            apim_syntax::ExpressionKind::Block
        } else {
            apim_syntax::ExpressionKind::Single
        };
        let offset = code.len() - code.trim_start().len();
        let parsed = apim_expr::parse(trimmed, kind);
        if !parsed.errors.is_empty() || parsed.ast.is_none() {
            let mut errors: Vec<ProgramError> = parsed
                .errors
                .iter()
                .map(|e| ProgramError {
                    message: e.message.clone(),
                    range: e.range.start + offset..e.range.end + offset,
                    syntax: true,
                })
                .collect();
            if errors.is_empty() {
                errors.push(ProgramError {
                    message: "the expression could not be parsed".to_owned(),
                    range: 0..code.len(),
                    syntax: true,
                });
            }
            return Err(errors);
        }
        let ast = parsed.ast.as_ref().ok_or_else(Vec::new)?;
        // What C# rejects whatever the allow-list says (a path without `return`, C# 8
        // syntax, unknown `context` members) does not run. Names and types are the
        // compiler's own business below: the allow-list is `apim check`'s.
        let semantic: Vec<_> = apim_expr::check::check(ast, trimmed)
            .into_iter()
            .filter(|e| {
                use apim_expr::check::SemanticKind as K;
                matches!(
                    e.kind,
                    K::MissingReturn | K::UnclosedTypeArguments | K::UnknownContextMember | K::NewerLanguageFeature
                )
            })
            .collect();
        if !semantic.is_empty() {
            return Err(semantic
                .into_iter()
                .map(|e| ProgramError {
                    message: e.message,
                    range: e.range.start + offset..e.range.end + offset,
                    syntax: false,
                })
                .collect());
        }
        let compiled = compile::compile(ast).map_err(|e| {
            vec![ProgramError {
                message: e.message,
                range: e.range.start as usize + offset..e.range.end as usize + offset,
                syntax: false,
            }]
        })?;
        Ok(Program { compiled })
    }

    /// Evaluates against `ctx`.
    ///
    /// # Errors
    /// The exception the expression throws (or a budget stop).
    pub fn eval(&self, ctx: &Context, budget: Budget) -> Result<Value, Exception> {
        let mut interp = eval::Interp::new(&self.compiled, ctx, budget);
        interp.run(&self.compiled)
    }
}

/// The result's `ToString()` in the invariant culture (`""` for null).
#[must_use]
pub fn display(v: &Value) -> String {
    builtins::format::to_string_plain(v)
}
