//! A compiled attribute or element value: literal text, or an expression compiled once
//! when the policy loads and evaluated per request.

use std::rc::Rc;

use apim_runtime::Program;

#[derive(Debug, Clone)]
pub enum Template {
    Text(String),
    Expr(Rc<Expr>),
}

/// A compiled expression and its code (shown in traces).
#[derive(Debug)]
pub struct Expr {
    pub code: String,
    pub program: Program,
}

impl Template {
    #[must_use]
    pub fn literal(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Expr(_) => None,
        }
    }
}
