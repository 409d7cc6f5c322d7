//! An APIOps service folder (`apim-service`) as executor inputs: the policy documents of
//! an operation by scope, the fragments, named values and backend entities, and the
//! `api` / `operation` context the operation's requests see.

use std::collections::BTreeMap;

use apim_catalog::Scope;
use apim_service::Service;

use crate::backend::BackendEntity;
use crate::backend_pool::{CircuitBreakerRule, PoolMember};
use crate::load::{LoadInput, PolicySource};
use crate::substitute::NamedValue;

/// Why an operation cannot be loaded from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError(pub String);

/// The load input of operation `operation` of API `api`, for requests made with a
/// subscription to `product` (whose policy then applies).
///
/// # Errors
/// When the API or operation does not exist, or a named value has no local value (a Key
/// Vault reference).
pub fn load_input(
    service: &Service,
    api: &str,
    operation: &str,
    product: Option<&str>,
) -> Result<LoadInput, ServiceError> {
    let scopes = service.policy_scopes(api, operation).ok_or_else(|| {
        let apis: Vec<&str> = service.apis.iter().map(|a| a.name.as_str()).collect();
        let known = service.api(api).map(|a| a.operations.iter().map(|o| o.name.clone()).collect::<Vec<_>>());
        match known {
            Some(ops) => {
                ServiceError(format!("API `{api}` has no operation `{operation}` (it has: {})", ops.join(", ")))
            }
            None => ServiceError(format!("the service has no API `{api}` (it has: {})", apis.join(", "))),
        }
    })?;
    if let Some(product) = product
        && service.product(product).is_none()
    {
        let products: Vec<&str> = service.products.iter().map(|p| p.name.as_str()).collect();
        return Err(ServiceError(format!("the service has no product `{product}` (it has: {})", products.join(", "))));
    }
    let mut input = LoadInput::default();
    for (scope, file) in scopes.chain(product) {
        let scope = match scope {
            apim_service::Scope::Global => Scope::Global,
            apim_service::Scope::Product(_) => Scope::Product,
            apim_service::Scope::Api(_) => Scope::Api,
            apim_service::Scope::Operation { .. } => Scope::Operation,
        };
        input.scopes.push(PolicySource { scope, path: file.path.clone(), text: file.source.clone() });
    }
    for fragment in &service.fragments {
        if let Some(policy) = &fragment.policy {
            input.fragments.insert(fragment.name.clone(), (policy.path.clone(), policy.source.clone()));
        }
    }
    for named in &service.named_values {
        if let Some(value) = &named.value {
            input
                .named_values
                .insert(named.display_name.clone(), NamedValue { value: value.clone(), secret: named.secret });
        }
    }
    Ok(input)
}

/// The backend entities by id: single backends with their credential headers and query
/// parameters, pools with their members, and each one's circuit breaker.
#[must_use]
pub fn backends(service: &Service) -> BTreeMap<String, BackendEntity> {
    service
        .backends
        .iter()
        .filter_map(|backend| {
            let mut entity = BackendEntity::default();
            match &backend.kind {
                apim_service::BackendKind::Single => entity.url = backend.url.clone()?,
                apim_service::BackendKind::Pool(members) => {
                    entity.pool = members
                        .iter()
                        .map(|m| PoolMember { id: m.backend.clone(), priority: m.priority, weight: m.weight })
                        .collect();
                }
            }
            if let Some(credentials) = &backend.credentials {
                for (name, values) in &credentials.header {
                    entity.headers.push((name.clone(), values.join(",")));
                }
                for (name, values) in &credentials.query {
                    entity.query.push((name.clone(), values.join(",")));
                }
                if let Some(auth) = &credentials.authorization {
                    entity.headers.push(("Authorization".to_owned(), format!("{} {}", auth.scheme, auth.parameter)));
                }
            }
            entity.circuit_breaker = backend.circuit_breaker.first().map(|rule| CircuitBreakerRule {
                name: rule.name.clone(),
                count: rule.failure_condition.count,
                percentage: rule.failure_condition.percentage,
                interval_ms: seconds_to_ms(rule.failure_condition.interval.seconds),
                status_ranges: rule.failure_condition.status_code_ranges.clone(),
                error_reasons: rule.failure_condition.error_reasons.clone(),
                trip_ms: seconds_to_ms(rule.trip_duration.seconds),
                accept_retry_after: rule.accept_retry_after.unwrap_or(false),
            });
            Some((backend.name.clone(), entity))
        })
        .collect()
}

fn seconds_to_ms(seconds: u64) -> crate::clock::Millis {
    i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX)
}

/// The `api` and `operation` sections of the request context (`--context` shape).
#[must_use]
pub fn context(service: &Service, api: &str, operation: &str) -> serde_json::Value {
    let Some(found) = service.api(api) else { return serde_json::json!({}) };
    let op = found.operation(operation);
    serde_json::json!({
        "api": {
            "id": found.name,
            "name": found.display_name,
            "path": found.path,
            "serviceUrl": found.service_url,
            "version": found.api_version,
            "revision": found.api_revision.clone().unwrap_or_else(|| "1".to_owned()),
        },
        "operation": op.map(|op| serde_json::json!({
            "id": op.name,
            "name": op.display_name,
            "method": op.method,
            "urlTemplate": op.url_template,
        })),
    })
}

/// The same service context as [`context`], as the sections a context is built from
/// (a gateway builds them once per operation instead of JSON per request).
#[must_use]
pub fn entities(service: &Service, api: &str, operation: &str) -> apim_runtime::Entities {
    use apim_runtime::Schema;
    let Some(found) = service.api(api) else { return apim_runtime::Entities::default() };
    let revision = found.api_revision.as_deref().unwrap_or("1");
    let api_section = Schema::API.build(&[
        ("Id", Some(&found.name)),
        ("Name", Some(&found.display_name)),
        ("Path", Some(&found.path)),
        ("ServiceUrl", found.service_url.as_deref()),
        ("Version", found.api_version.as_deref()),
        ("Revision", Some(revision)),
    ]);
    let operation = found.operation(operation).map(|op| {
        Schema::OPERATION.build(&[
            ("Id", Some(&op.name)),
            ("Name", Some(&op.display_name)),
            ("Method", Some(&op.method)),
            ("UrlTemplate", Some(&op.url_template)),
        ])
    });
    apim_runtime::Entities { api: Some(api_section), operation, ..apim_runtime::Entities::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apim_runtime::{Context, ContextInput};

    /// The gateway's sections and `apim test`'s JSON context are one context.
    #[test]
    fn entities_and_the_json_context_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/gateway");
        let loaded = apim_service::load(&root);
        assert!(!loaded.has_errors(), "the gateway folder loads");
        let service = loaded.service;
        let api = &service.apis[0];
        for operation in &api.operations {
            let from_json = Context::new(ContextInput {
                context: Some(context(&service, &api.name, &operation.name)),
                ..ContextInput::default()
            })
            .unwrap();
            let built = Context::new(ContextInput {
                entities: Some(entities(&service, &api.name, &operation.name)),
                ..ContextInput::default()
            })
            .unwrap();
            assert_eq!(format!("{:?}", from_json.data.api), format!("{:?}", built.data.api));
            assert_eq!(format!("{:?}", from_json.data.operation), format!("{:?}", built.data.operation));
            assert!(built.data.operation.is_some());
        }
    }
}
