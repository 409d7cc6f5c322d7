//! The checks `apim check` performs, documented as rules. Their logic lives in the
//! reader (`apim-syntax`), lowering (`apim-ir`) and the expression checker (`apim-expr`);
//! these files hold what the registry needs: category, severity and documentation.
//! One file per stage: each entry is one rule.

pub mod catalog;
pub mod expression;
pub mod reader;

/// Declares one rule whose findings come from `apim check`.
macro_rules! check_rule {
    ($static:ident, $code:expr, $category:ident, $severity:ident, what: $what:expr, why: $why:expr, example: $example:expr, fix: $fix:expr $(,)?) => {
        pub static $static: crate::rule::Rule = crate::rule::Rule {
            code: $code,
            category: crate::rule::Category::$category,
            severity: apim_diagnostics::Severity::$severity,
            fix: crate::rule::FixAvailability::None,
            status: crate::rule::Status::Stable,
            docs: crate::rule::Docs { what: $what, why: $why, example: $example, fix: $fix },
            check: crate::rule::Check::Reader,
        };
    };
}
pub(crate) use check_rule;
