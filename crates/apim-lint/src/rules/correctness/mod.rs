//! Rules of the `correctness` category.

pub mod backend_without_forward_request;
pub mod body_consumed_without_preserve;
pub mod body_object_as_value;
pub mod cache_lookup_without_store;
pub mod duplicate_base;
pub mod header_indexer_may_throw;
pub mod invalid_json_body;
pub mod managed_header_set;
pub mod non_boolean_condition;
pub mod object_string_reference_comparison;
pub mod policy_repeated;
pub mod retry_without_buffered_body;
pub mod send_request_body_with_get;
pub mod undefined_variable;
pub mod unreachable_after_return_response;
pub mod unreachable_when;
pub mod variable_type_mismatch;
