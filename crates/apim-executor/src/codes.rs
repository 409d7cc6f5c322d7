//! Codes of the problems found when policies are loaded to run (`R5xx`). Codes are never
//! reused.

use apim_diagnostics::Code;

pub const UNKNOWN_FRAGMENT: Code = Code::new("R501", "unknown-fragment");
pub const NESTED_FRAGMENT: Code = Code::new("R502", "nested-fragment");
pub const UNKNOWN_NAMED_VALUE: Code = Code::new("R503", "unknown-named-value");
pub const UNFILLED_PLACEHOLDER: Code = Code::new("R504", "unfilled-placeholder");
pub const EXPRESSION_COMPILE_ERROR: Code = Code::new("R505", "expression-compile-error");
pub const NOT_EMULATED: Code = Code::new("R506", "policy-not-emulated");
pub const FRAGMENT_NOT_RUNNABLE: Code = Code::new("R507", "fragment-not-runnable");
pub const INVALID_DOCUMENT: Code = Code::new("R508", "invalid-document");
