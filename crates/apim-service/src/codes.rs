//! Codes of the problems found loading a service folder: `C4xx`. Codes are never reused.
//! Problems inside policy files keep the reader's and the catalog's codes (`S1xx`,
//! `P2xx`, `E3xx`).

use apim_diagnostics::Code;

pub const INVALID_JSON: Code = Code::new("C401", "invalid-json");
pub const MISSING_FILE: Code = Code::new("C402", "missing-file");
pub const WRONG_TYPE: Code = Code::new("C403", "wrong-field-type");
pub const MISSING_FIELD: Code = Code::new("C404", "missing-required-field");
pub const INVALID_VALUE: Code = Code::new("C405", "invalid-field-value");
pub const UNKNOWN_REFERENCE: Code = Code::new("C406", "unknown-reference");
pub const DUPLICATE: Code = Code::new("C407", "duplicate-definition");
pub const INVALID_SPECIFICATION: Code = Code::new("C408", "invalid-specification");
pub const NO_SPECIFICATION: Code = Code::new("C409", "api-without-specification");
pub const WRONG_DOCUMENT_KIND: Code = Code::new("C410", "wrong-policy-document-kind");
pub const UNREADABLE_FILE: Code = Code::new("C411", "unreadable-file");
pub const UNKNOWN_FIELD: Code = Code::new("C412", "unknown-field");
pub const CONFLICTING_FIELDS: Code = Code::new("C413", "conflicting-fields");

/// Every service-folder code, for registries and docs.
pub const ALL: &[Code] = &[
    INVALID_JSON,
    MISSING_FILE,
    WRONG_TYPE,
    MISSING_FIELD,
    INVALID_VALUE,
    UNKNOWN_REFERENCE,
    DUPLICATE,
    INVALID_SPECIFICATION,
    NO_SPECIFICATION,
    WRONG_DOCUMENT_KIND,
    UNREADABLE_FILE,
    UNKNOWN_FIELD,
    CONFLICTING_FIELDS,
];
