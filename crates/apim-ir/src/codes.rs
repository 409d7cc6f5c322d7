//! Codes of the problems found when a document is checked: `P2xx` against the policy
//! catalog, `E3xx` inside policy expressions. Codes are never reused.

use apim_diagnostics::Code;

pub const UNKNOWN_ROOT: Code = Code::new("P201", "unknown-root-element");
pub const NOT_A_FULL_DOCUMENT: Code = Code::new("P202", "not-a-full-document");
pub const UNKNOWN_SECTION: Code = Code::new("P203", "unknown-section");
pub const DUPLICATE_SECTION: Code = Code::new("P204", "duplicate-section");
pub const SECTION_ORDER: Code = Code::new("P205", "section-out-of-order");
pub const UNKNOWN_POLICY: Code = Code::new("P210", "unknown-policy");
pub const POLICY_NOT_ALLOWED_IN_SECTION: Code = Code::new("P211", "policy-not-allowed-in-section");
pub const MISPLACED_BASE: Code = Code::new("P212", "misplaced-base");
pub const TEXT_NOT_ALLOWED: Code = Code::new("P213", "text-not-allowed");
pub const POLICY_NOT_ALLOWED_HERE: Code = Code::new("P214", "policy-not-allowed-here");
pub const BACKEND_SETTING_AS_POLICY: Code = Code::new("P215", "backend-setting-as-policy");
pub const UNKNOWN_ATTRIBUTE: Code = Code::new("P220", "unknown-attribute");
pub const MISSING_ATTRIBUTE: Code = Code::new("P221", "missing-required-attribute");
pub const INVALID_VALUE: Code = Code::new("P222", "invalid-attribute-value");
pub const EXPRESSION_NOT_ALLOWED: Code = Code::new("P223", "expression-not-allowed");
pub const VALUE_OUT_OF_RANGE: Code = Code::new("P224", "value-out-of-range");
pub const UNKNOWN_ELEMENT: Code = Code::new("P230", "unknown-element");
pub const MISSING_ELEMENT: Code = Code::new("P231", "missing-required-element");
pub const DUPLICATE_ELEMENT: Code = Code::new("P232", "duplicate-element");
pub const TEMPLATE_PLACEHOLDER: Code = Code::new("P240", "template-placeholder");
pub const EXPRESSION_SYNTAX: Code = Code::new("E301", "expression-syntax-error");
pub const MISSING_RETURN: Code = Code::new("E302", "missing-return-value");
pub const UNCLOSED_TYPE_ARGUMENTS: Code = Code::new("E303", "unclosed-type-arguments");
pub const DISALLOWED_TYPE: Code = Code::new("E304", "disallowed-type");
pub const UNKNOWN_NAME: Code = Code::new("E305", "unknown-name");
pub const UNKNOWN_CONTEXT_MEMBER: Code = Code::new("E306", "unknown-context-member");
pub const NEWER_CSHARP_FEATURE: Code = Code::new("E307", "newer-csharp-feature");
pub const TYPE_MISMATCH: Code = Code::new("E308", "type-mismatch");
pub const UNKNOWN_MEMBER: Code = Code::new("E309", "unknown-member");

/// Every catalog-check code, for registries and docs.
pub const ALL: &[Code] = &[
    UNKNOWN_ROOT,
    NOT_A_FULL_DOCUMENT,
    UNKNOWN_SECTION,
    DUPLICATE_SECTION,
    SECTION_ORDER,
    UNKNOWN_POLICY,
    POLICY_NOT_ALLOWED_IN_SECTION,
    MISPLACED_BASE,
    TEXT_NOT_ALLOWED,
    POLICY_NOT_ALLOWED_HERE,
    BACKEND_SETTING_AS_POLICY,
    UNKNOWN_ATTRIBUTE,
    MISSING_ATTRIBUTE,
    INVALID_VALUE,
    EXPRESSION_NOT_ALLOWED,
    VALUE_OUT_OF_RANGE,
    UNKNOWN_ELEMENT,
    MISSING_ELEMENT,
    DUPLICATE_ELEMENT,
    TEMPLATE_PLACEHOLDER,
    EXPRESSION_SYNTAX,
    MISSING_RETURN,
    UNCLOSED_TYPE_ARGUMENTS,
    DISALLOWED_TYPE,
    UNKNOWN_NAME,
    UNKNOWN_CONTEXT_MEMBER,
    NEWER_CSHARP_FEATURE,
    TYPE_MISMATCH,
    UNKNOWN_MEMBER,
];
