//! The registry: one line per rule, the single source of truth for codes, names,
//! documentation and configuration. Codes are never reused.

use crate::rule::Rule;
use crate::rules::{check, correctness, performance, security, service, style, suspicious};

pub use crate::rules::suspicious::unused_suppression::RULE as UNUSED_SUPPRESSION;

/// Every rule, ordered by code.
pub static RULES: &[&Rule] = &[
    &check::reader::S101,
    &check::reader::S102,
    &check::reader::S103,
    &check::reader::S104,
    &check::reader::S105,
    &check::reader::S110,
    &check::reader::S111,
    &check::reader::S112,
    &check::reader::S113,
    &check::reader::S114,
    &check::reader::S115,
    &check::reader::S116,
    &check::reader::S117,
    &check::reader::S118,
    &check::reader::S119,
    &check::reader::S120,
    &check::reader::S121,
    &check::reader::S122,
    &check::reader::S123,
    &check::reader::S124,
    &check::reader::S125,
    &check::reader::S126,
    &check::catalog::P201,
    &check::catalog::P202,
    &check::catalog::P203,
    &check::catalog::P204,
    &check::catalog::P205,
    &check::catalog::P210,
    &check::catalog::P211,
    &check::catalog::P212,
    &check::catalog::P213,
    &check::catalog::P214,
    &check::catalog::P215,
    &check::catalog::P220,
    &check::catalog::P221,
    &check::catalog::P222,
    &check::catalog::P223,
    &check::catalog::P224,
    &check::catalog::P230,
    &check::catalog::P231,
    &check::catalog::P232,
    &check::catalog::P240,
    &check::expression::E301,
    &check::expression::E302,
    &check::expression::E303,
    &check::expression::E304,
    &check::expression::E305,
    &check::expression::E306,
    &check::expression::E307,
    &check::expression::E308,
    &check::expression::E309,
    &suspicious::unused_suppression::RULE,
    &correctness::body_consumed_without_preserve::RULE,
    &correctness::undefined_variable::RULE,
    &suspicious::unused_variable::RULE,
    &correctness::unreachable_after_return_response::RULE,
    &correctness::retry_without_buffered_body::RULE,
    &suspicious::missing_base::RULE,
    &correctness::duplicate_base::RULE,
    &correctness::backend_without_forward_request::RULE,
    &correctness::policy_repeated::RULE,
    &correctness::cache_lookup_without_store::RULE,
    &performance::cache_lookup_without_rate_limit::RULE,
    &style::azure_openai_policy_with_llm_equivalent::RULE,
    &security::hardcoded_secret::RULE,
    &security::jwt_audience_or_issuer_unchecked::RULE,
    &security::jwt_expiration_not_required::RULE,
    &security::cors_any_origin_with_credentials::RULE,
    &security::secret_in_log::RULE,
    &correctness::managed_header_set::RULE,
    &correctness::object_string_reference_comparison::RULE,
    &suspicious::constant_condition::RULE,
    &correctness::unreachable_when::RULE,
    &correctness::invalid_json_body::RULE,
    &suspicious::literal_body_placeholder::RULE,
    &correctness::variable_type_mismatch::RULE,
    &suspicious::unused_local::RULE,
    &correctness::body_object_as_value::RULE,
    &suspicious::empty_choose::RULE,
    &suspicious::duplicate_set_header::RULE,
    &correctness::non_boolean_condition::RULE,
    &performance::retry_without_backoff::RULE,
    &security::insecure_http_url::RULE,
    &security::jwt_signature_not_required::RULE,
    &correctness::header_indexer_may_throw::RULE,
    &suspicious::local_time::RULE,
    &correctness::send_request_body_with_get::RULE,
    &service::unknown_named_value::RULE,
    &service::unknown_fragment::RULE,
    &service::unknown_backend::RULE,
];

/// The position of a rule in [`RULES`].
#[must_use]
pub fn index_of(code: &str) -> Option<usize> {
    RULES.iter().position(|rule| rule.code.code == code)
}

#[must_use]
pub fn by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.code.code == code)
}

#[must_use]
pub fn by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.code.name == name)
}

/// A rule by code (case-insensitive) or kebab-case name.
#[must_use]
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    by_code(&code_or_name.to_ascii_uppercase()).or_else(|| by_name(code_or_name))
}
