//! Codes of the problems the reader reports. `S1xx`: the document cannot be read as APIM
//! reads it. Codes are never reused.

use apim_diagnostics::Code;

pub const UNTERMINATED_EXPRESSION: Code = Code::new("S101", "unterminated-expression");
pub const TEXT_AFTER_EXPRESSION: Code = Code::new("S102", "text-after-expression");
pub const ESCAPED_QUOTE_IN_EXPRESSION: Code = Code::new("S103", "escaped-quote-in-expression");
pub const UNTERMINATED_LITERAL: Code = Code::new("S104", "unterminated-literal-in-expression");
pub const MISMATCHED_BRACKET: Code = Code::new("S105", "mismatched-bracket-in-expression");
pub const UNCLOSED_ELEMENT: Code = Code::new("S110", "unclosed-element");
pub const UNEXPECTED_END_TAG: Code = Code::new("S111", "unexpected-end-tag");
pub const MALFORMED_TAG: Code = Code::new("S112", "malformed-tag");
pub const MALFORMED_ATTRIBUTE: Code = Code::new("S113", "malformed-attribute");
pub const DUPLICATE_ATTRIBUTE: Code = Code::new("S114", "duplicate-attribute");
pub const UNTERMINATED_ATTRIBUTE_VALUE: Code = Code::new("S115", "unterminated-attribute-value");
pub const RAW_LESS_THAN: Code = Code::new("S116", "raw-less-than");
pub const INVALID_ENTITY: Code = Code::new("S117", "invalid-entity-reference");
pub const UNTERMINATED_MARKUP: Code = Code::new("S118", "unterminated-markup");
pub const TEXT_OUTSIDE_ROOT: Code = Code::new("S119", "text-outside-root");
pub const MULTIPLE_ROOTS: Code = Code::new("S120", "multiple-root-elements");
pub const NO_ROOT: Code = Code::new("S121", "no-root-element");
pub const NESTING_TOO_DEEP: Code = Code::new("S122", "nesting-too-deep");
pub const DOCTYPE: Code = Code::new("S123", "doctype-not-allowed");
pub const TOO_MANY_ERRORS: Code = Code::new("S124", "too-many-errors");
pub const FILE_TOO_LARGE: Code = Code::new("S125", "file-too-large");
pub const EXPRESSION_SCANNING_STOPPED: Code = Code::new("S126", "expression-scanning-stopped");

/// Every reader code, for registries and docs.
pub const ALL: &[Code] = &[
    UNTERMINATED_EXPRESSION,
    TEXT_AFTER_EXPRESSION,
    ESCAPED_QUOTE_IN_EXPRESSION,
    UNTERMINATED_LITERAL,
    MISMATCHED_BRACKET,
    UNCLOSED_ELEMENT,
    UNEXPECTED_END_TAG,
    MALFORMED_TAG,
    MALFORMED_ATTRIBUTE,
    DUPLICATE_ATTRIBUTE,
    UNTERMINATED_ATTRIBUTE_VALUE,
    RAW_LESS_THAN,
    INVALID_ENTITY,
    UNTERMINATED_MARKUP,
    TEXT_OUTSIDE_ROOT,
    MULTIPLE_ROOTS,
    NO_ROOT,
    NESTING_TOO_DEEP,
    DOCTYPE,
    TOO_MANY_ERRORS,
    FILE_TOO_LARGE,
    EXPRESSION_SCANNING_STOPPED,
];
