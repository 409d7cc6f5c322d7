//! Parser for the C# expressions embedded in APIM policies: `@(expression)` and
//! `@{ statements }`.
//!
//! The grammar is `grammar/policy-expression.pest` at the workspace root (C# 7 plus
//! switch expressions and C# 9 patterns). [`parse`] never panics: it returns the tree
//! and every syntax error, with byte offsets into the expression's code, which
//! `apim_syntax::Expression::source_span` maps back to the file.
//!
//! ```
//! use apim_syntax::ExpressionKind;
//!
//! let parsed = apim_expr::parse(r#"@(context.Variables.GetValueOrDefault<string>("x") ?? "none")"#, ExpressionKind::Single);
//! assert!(parsed.errors.is_empty());
//! let ast = parsed.ast.unwrap();
//! assert_eq!(
//!     apim_expr::ast::print_body(&ast),
//!     r#"(?? (call (. (. context Variables) GetValueOrDefault<string>) "x") "none")"#
//! );
//!
//! let parsed = apim_expr::parse("@(x +)", ExpressionKind::Single);
//! assert_eq!(parsed.errors[0].range, 5..6);
//! ```

pub mod ast;
pub mod check;
mod errors;
mod literal;
pub mod model;
mod parser;
mod scan;

pub use errors::SyntaxError;
pub use parser::MAX_TREE_DEPTH;
pub use scan::MAX_NESTING;

/// The result of [`parse`]: the tree (absent when the code could not be parsed) and
/// every syntax error found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub ast: Option<ast::Body>,
    pub errors: Vec<SyntaxError>,
}

impl Parsed {
    /// A tree and no error.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.ast.is_some()
    }
}

/// Parses one expression's code: `Expression::code`, `@(...)` for
/// [`ExpressionKind::Single`](apim_syntax::ExpressionKind::Single) or `@{...}` for
/// [`ExpressionKind::Block`](apim_syntax::ExpressionKind::Block).
///
/// Never panics. Input nested deeper than [`MAX_NESTING`] brackets is rejected before
/// parsing, and trees deeper than [`MAX_TREE_DEPTH`] are not built.
#[must_use]
pub fn parse(code: &str, kind: apim_syntax::ExpressionKind) -> Parsed {
    if u32::try_from(code.len()).is_err() {
        let error = SyntaxError::new(0..0, "the expression is larger than 4 GiB");
        return Parsed { ast: None, errors: vec![error] };
    }
    let comments = match scan::prescan(code) {
        Ok(comments) => comments,
        Err(error) => return Parsed { ast: None, errors: vec![error] },
    };
    let (ast, errors) = if comments.is_empty() {
        parser::parse(code, kind)
    } else {
        parser::parse(&scan::blank_comments(code, &comments), kind)
    };
    Parsed { ast, errors }
}
