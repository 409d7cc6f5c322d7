//! Every emulated policy. A policy the catalog knows but apim does not emulate fails the
//! request loudly (`not emulated`, 500) and is reported when it loads (R506).

mod access;
pub(crate) mod ai;
mod cache;
mod control;
mod convert;
mod forward;
mod jwt;
mod limits;
mod message;
pub(crate) mod pool;
mod send;
pub(crate) mod telemetry;
mod variables;

use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::Step;

pub type Handler = fn(&mut Exec<'_, '_>, &Step) -> Result<Flow, Fault>;

/// The handler of a policy, `None` when it is not emulated.
#[must_use]
pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "choose" => control::choose,
        "retry" => control::retry,
        "wait" => control::wait,
        "return-response" => control::return_response,
        "mock-response" => control::mock_response,
        "limit-concurrency" => control::limit_concurrency,
        "set-variable" => variables::set_variable,
        "trace" => variables::trace,
        "set-header" => message::set_header,
        "set-query-parameter" => message::set_query_parameter,
        "set-method" => message::set_method,
        "set-status" => message::set_status,
        "set-body" => message::set_body,
        "rewrite-uri" => message::rewrite_uri,
        "find-and-replace" => message::find_and_replace,
        "check-header" => access::check_header,
        "ip-filter" => access::ip_filter,
        "cors" => access::cors,
        "authentication-basic" => access::authentication_basic,
        "authentication-managed-identity" => access::authentication_managed_identity,
        "validate-jwt" => jwt::validate_jwt,
        "set-backend-service" => forward::set_backend_service,
        "forward-request" => forward::forward_request,
        "send-request" => send::send_request,
        "send-one-way-request" => send::send_one_way_request,
        "rate-limit" => limits::rate_limit,
        "rate-limit-by-key" => limits::rate_limit_by_key,
        "quota" => limits::quota,
        "quota-by-key" => limits::quota_by_key,
        "cache-lookup" => cache::cache_lookup,
        "cache-store" => cache::cache_store,
        "cache-lookup-value" => cache::cache_lookup_value,
        "cache-store-value" => cache::cache_store_value,
        "cache-remove-value" => cache::cache_remove_value,
        "json-to-xml" => convert::json_to_xml,
        "xml-to-json" => convert::xml_to_json,
        "emit-metric" => telemetry::emit_metric,
        "log-to-eventhub" => telemetry::log_to_eventhub,
        // The AI gateway policies (policies/ai/).
        "llm-token-limit" => ai::token_limit::llm_token_limit,
        "azure-openai-token-limit" => ai::token_limit::azure_openai_token_limit,
        "llm-emit-token-metric" => ai::token_metric::llm_emit_token_metric,
        "azure-openai-emit-token-metric" => ai::token_metric::azure_openai_emit_token_metric,
        "llm-semantic-cache-lookup" | "azure-openai-semantic-cache-lookup" => ai::semantic_cache::semantic_cache_lookup,
        "llm-semantic-cache-store" | "azure-openai-semantic-cache-store" => ai::semantic_cache::semantic_cache_store,
        "llm-content-safety" => ai::content_safety::llm_content_safety,
        _ => return None,
    })
}

#[must_use]
pub fn is_emulated(name: &str) -> bool {
    handler(name).is_some()
}

/// Runs one policy.
///
/// # Errors
/// The policy's error, or `not emulated` for a policy apim does not run.
pub fn run(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    match step.handler {
        Some(handler) => handler(exec, step),
        None => Err(Fault::internal(
            step.name,
            "NotEmulated",
            format!("not emulated: <{}> is not run by apim; the request fails here instead of skipping it", step.name),
        )),
    }
}
