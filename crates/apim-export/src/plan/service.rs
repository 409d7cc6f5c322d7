//! A whole service folder: named values, backends, fragments, the global policy, APIs
//! with operations and policies, products with their APIs and policies.

use std::collections::BTreeMap;

use apim_service::{Backend, BackendKind, Credentials, Service};

use super::references::{self, References};
use super::{PlanError, Planner, prop, text};
use crate::template::{Node, Template};
use crate::xml;

/// The template deploying `service` into an existing APIM instance. Secret values become
/// secure parameters; URLs and plain values become parameters with the folder's values
/// as defaults.
///
/// # Errors
/// When a policy cannot be exported (it has errors: load the service and check its
/// diagnostics first).
pub fn service(service: &Service) -> Result<Template, PlanError> {
    let mut planner = Planner::new();
    named_values(&mut planner, service);
    backends(&mut planner, service);
    for fragment in &service.fragments {
        let mut properties = Vec::new();
        if let Some(description) = &fragment.description {
            properties.push(prop("description", text(description)));
        }
        properties.push(prop("format", text("rawxml")));
        let symbol =
            planner.resource(&["fragment", &fragment.name], "policyFragments", text(&fragment.name), None, Vec::new());
        if let Some(policy) = &fragment.policy {
            let (canonical, found) = canonical(policy)?;
            planner
                .template
                .policy_files
                .push(crate::template::PolicyText { path: export_path(&policy.path), text: canonical });
            properties.push(prop("value", Node::Policy(planner.template.policy_files.len() - 1)));
            let dependencies = dependencies(&planner, &found);
            planner.depends_on(&symbol, dependencies);
        }
        set_properties(&mut planner, &symbol, properties);
    }
    if let Some(policy) = &service.policy {
        let (canonical, found) = canonical(policy)?;
        let symbol = planner.policy(&["service", "policy"], "policies", None, export_path(&policy.path), canonical);
        let dependencies = dependencies(&planner, &found);
        planner.depends_on(&symbol, dependencies);
    }
    apis(&mut planner, service)?;
    products(&mut planner, service)?;
    Ok(planner.template)
}

fn set_properties(planner: &mut Planner, symbol: &str, properties: Vec<(String, Node)>) {
    if let Some(resource) = planner.template.resources.iter_mut().find(|resource| resource.symbol == symbol) {
        resource.properties = properties;
    }
}

/// Policies are written beside the template under `policies/`, at their folder path.
fn export_path(path: &str) -> String {
    format!("policies/{path}")
}

fn canonical(policy: &apim_service::PolicyFile) -> Result<(String, References), PlanError> {
    let exported = xml::raw(&policy.source, &BTreeMap::new()).map_err(|error| PlanError {
        file: policy.path.clone(),
        message: match error {
            xml::XmlError::Invalid { diagnostics, .. } => format!(
                "the policy has errors ({}); run `apim check` on it",
                diagnostics.first().map_or_else(String::new, ToString::to_string)
            ),
            xml::XmlError::Bug(message) => format!("apim could not print the policy canonically: {message}"),
        },
    })?;
    let found = references::of(&policy.document, &exported.text);
    Ok((exported.text, found))
}

/// Symbols of the declared named values, fragments and backends a policy uses.
fn dependencies(planner: &Planner, found: &References) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(found.named_values.iter().filter_map(|name| planner.symbol_of("namedValues#display", name)));
    out.extend(found.fragments.iter().filter_map(|name| planner.symbol_of("policyFragments", name)));
    out.extend(found.backends.iter().filter_map(|name| planner.symbol_of("backends", name)));
    out
}

fn named_values(planner: &mut Planner, service: &Service) {
    for value in &service.named_values {
        let mut properties = vec![prop("displayName", text(&value.display_name))];
        if let Some(key_vault) = &value.key_vault {
            let parameter = planner.parameter(
                &format!("namedValue {} secret identifier", value.name),
                &format!("The Key Vault secret behind named value `{}`.", value.display_name),
                false,
                Some(key_vault.secret_identifier.clone()),
            );
            let mut reference = vec![prop("secretIdentifier", Node::Parameter(parameter))];
            if let Some(client) = &key_vault.identity_client_id {
                reference.push(prop("identityClientId", text(client)));
            }
            properties.push(prop("keyVault", Node::Object(reference)));
        } else if value.secret {
            // Never the folder's value: it is given at deployment.
            let parameter = planner.parameter(
                &format!("namedValue {} value", value.name),
                &format!("The secret value of named value `{}`.", value.display_name),
                true,
                None,
            );
            properties.push(prop("value", Node::Parameter(parameter)));
        } else {
            let parameter = planner.parameter(
                &format!("namedValue {} value", value.name),
                &format!("The value of named value `{}`.", value.display_name),
                false,
                value.value.clone(),
            );
            properties.push(prop("value", Node::Parameter(parameter)));
        }
        properties.push(prop("secret", Node::Bool(value.secret)));
        if !value.tags.is_empty() {
            properties.push(prop("tags", Node::Array(value.tags.iter().map(|tag| text(tag)).collect())));
        }
        let symbol = planner.resource(&["namedValue", &value.name], "namedValues", text(&value.name), None, properties);
        // Policies name a named value by its display name.
        planner.alias("namedValues#display", &value.display_name, &symbol);
    }
}

fn backends(planner: &mut Planner, service: &Service) {
    // Members before pools, so a pool's references resolve.
    let (singles, pools): (Vec<&Backend>, Vec<&Backend>) =
        service.backends.iter().partition(|backend| matches!(backend.kind, BackendKind::Single));
    for backend in singles.into_iter().chain(pools) {
        let mut properties = Vec::new();
        let mut dependencies = Vec::new();
        if let Some(title) = &backend.title {
            properties.push(prop("title", text(title)));
        }
        if let Some(description) = &backend.description {
            properties.push(prop("description", text(description)));
        }
        match &backend.kind {
            BackendKind::Single => {
                if let Some(url) = &backend.url {
                    let parameter = planner.parameter(
                        &format!("backend {} url", backend.name),
                        &format!("The URL of backend `{}`.", backend.name),
                        false,
                        Some(url.clone()),
                    );
                    properties.push(prop("url", Node::Parameter(parameter)));
                }
                properties.push(prop("protocol", text(backend.protocol.as_deref().unwrap_or("http"))));
            }
            BackendKind::Pool(members) => {
                properties.push(prop("type", text("Pool")));
                let services = members
                    .iter()
                    .map(|member| {
                        let id = planner
                            .symbol_of("backends", &member.backend)
                            .map_or_else(|| text(&member.id), Node::ResourceId);
                        let mut entry = vec![prop("id", id)];
                        if let Some(priority) = member.priority {
                            entry.push(prop("priority", Node::Int(i64::from(priority))));
                        }
                        if let Some(weight) = member.weight {
                            entry.push(prop("weight", Node::Int(i64::from(weight))));
                        }
                        Node::Object(entry)
                    })
                    .collect();
                properties.push(prop("pool", Node::Object(vec![prop("services", Node::Array(services))])));
            }
        }
        if let Some(credentials) = &backend.credentials {
            properties
                .push(prop("credentials", self::credentials(planner, &backend.name, credentials, &mut dependencies)));
        }
        if let Some(tls) = &backend.tls {
            let mut fields = Vec::new();
            if let Some(chain) = tls.validate_certificate_chain {
                fields.push(prop("validateCertificateChain", Node::Bool(chain)));
            }
            if let Some(name) = tls.validate_certificate_name {
                fields.push(prop("validateCertificateName", Node::Bool(name)));
            }
            properties.push(prop("tls", Node::Object(fields)));
        }
        if !backend.circuit_breaker.is_empty() {
            let rules = backend.circuit_breaker.iter().map(circuit_breaker_rule).collect();
            properties.push(prop("circuitBreaker", Node::Object(vec![prop("rules", Node::Array(rules))])));
        }
        let symbol = planner.resource(&["backend", &backend.name], "backends", text(&backend.name), None, properties);
        planner.depends_on(&symbol, dependencies);
    }
}

fn circuit_breaker_rule(rule: &apim_service::CircuitBreakerRule) -> Node {
    let condition = &rule.failure_condition;
    let mut failure = Vec::new();
    if let Some(count) = condition.count {
        failure.push(prop("count", Node::Int(i64::from(count))));
    }
    if let Some(percentage) = condition.percentage {
        failure.push(prop("percentage", Node::Int(i64::from(percentage))));
    }
    failure.push(prop("interval", text(&condition.interval.text)));
    if !condition.status_code_ranges.is_empty() {
        let ranges = condition
            .status_code_ranges
            .iter()
            .map(|(min, max)| {
                Node::Object(vec![prop("min", Node::Int(i64::from(*min))), prop("max", Node::Int(i64::from(*max)))])
            })
            .collect();
        failure.push(prop("statusCodeRanges", Node::Array(ranges)));
    }
    if !condition.error_reasons.is_empty() {
        failure.push(prop(
            "errorReasons",
            Node::Array(condition.error_reasons.iter().map(|reason| text(reason)).collect()),
        ));
    }
    let mut fields = vec![prop("name", text(&rule.name)), prop("failureCondition", Node::Object(failure))];
    fields.push(prop("tripDuration", text(&rule.trip_duration.text)));
    if let Some(accept) = rule.accept_retry_after {
        fields.push(prop("acceptRetryAfter", Node::Bool(accept)));
    }
    Node::Object(fields)
}

/// Credential values that are `{{named value}}` references stay (and the backend waits
/// for the named value); any other value is a secret and becomes a secure parameter.
fn credentials(
    planner: &mut Planner,
    backend: &str,
    credentials: &Credentials,
    dependencies: &mut Vec<String>,
) -> Node {
    let mut fields = Vec::new();
    for (key, map) in [("header", &credentials.header), ("query", &credentials.query)] {
        if map.is_empty() {
            continue;
        }
        let mut entries = Vec::new();
        for (name, values) in map {
            let nodes = values
                .iter()
                .enumerate()
                .map(|(index, value)| {
                    credential_value(planner, backend, &format!("{key} {name} {index}"), value, dependencies)
                })
                .collect();
            entries.push(prop(name, Node::Array(nodes)));
        }
        fields.push(prop(key, Node::Object(entries)));
    }
    if let Some(authorization) = &credentials.authorization {
        let parameter = credential_value(planner, backend, "authorization", &authorization.parameter, dependencies);
        fields.push(prop(
            "authorization",
            Node::Object(vec![prop("scheme", text(&authorization.scheme)), prop("parameter", parameter)]),
        ));
    }
    if !credentials.certificate_ids.is_empty() {
        fields
            .push(prop("certificateIds", Node::Array(credentials.certificate_ids.iter().map(|id| text(id)).collect())));
    }
    Node::Object(fields)
}

fn credential_value(
    planner: &mut Planner,
    backend: &str,
    what: &str,
    value: &str,
    dependencies: &mut Vec<String>,
) -> Node {
    let references = apim_ir::named_value_refs(value);
    if !references.is_empty() && value.trim().starts_with("{{") && value.trim().ends_with("}}") {
        dependencies.extend(references.iter().filter_map(|name| planner.symbol_of("namedValues#display", name)));
        return text(value);
    }
    let parameter = planner.parameter(
        &format!("backend {backend} credential {what}"),
        &format!("The {what} credential of backend `{backend}`."),
        true,
        None,
    );
    Node::Parameter(parameter)
}

fn apis(planner: &mut Planner, service: &Service) -> Result<(), PlanError> {
    for api in &service.apis {
        let mut properties = vec![prop("displayName", text(&api.display_name))];
        if let Some(description) = &api.description {
            properties.push(prop("description", text(description)));
        }
        properties.push(prop("path", text(&api.path)));
        properties.push(prop("protocols", Node::Array(api.protocols.iter().map(|protocol| text(protocol)).collect())));
        if let Some(url) = &api.service_url {
            let parameter = planner.parameter(
                &format!("api {} service url", api.name),
                &format!("The backend URL of API `{}`.", api.name),
                false,
                Some(url.clone()),
            );
            properties.push(prop("serviceUrl", Node::Parameter(parameter)));
        }
        properties.push(prop("subscriptionRequired", Node::Bool(api.subscription_required)));
        properties.push(prop(
            "subscriptionKeyParameterNames",
            Node::Object(vec![
                prop("header", text(&api.subscription_key_names.header)),
                prop("query", text(&api.subscription_key_names.query)),
            ]),
        ));
        if api.api_type != "http" {
            properties.push(prop("type", text(&api.api_type)));
        }
        if let Some(version) = &api.api_version {
            properties.push(prop("apiVersion", text(version)));
        }
        if let Some(set) = &api.api_version_set_id {
            // APIOps writes the id relative to the service.
            let id = if set.starts_with("/apiVersionSets/") { Node::ServiceIdSuffix(set.clone()) } else { text(set) };
            properties.push(prop("apiVersionSetId", id));
        }
        if let Some(revision) = &api.api_revision {
            properties.push(prop("apiRevision", text(revision)));
        }
        properties.push(prop("isCurrent", Node::Bool(api.is_current)));
        let api_symbol = planner.resource(&["api", &api.name], "apis", text(&api.name), None, properties);
        if let Some(policy) = &api.policy {
            let (canonical, found) = canonical(policy)?;
            let symbol = planner.policy(
                &["api", &api.name, "policy"],
                "apis/policies",
                Some(&api_symbol),
                export_path(&policy.path),
                canonical,
            );
            let dependencies = dependencies(planner, &found);
            planner.depends_on(&symbol, dependencies);
        }
        for operation in &api.operations {
            let mut properties = vec![
                prop("displayName", text(&operation.display_name)),
                prop("method", text(&operation.method)),
                prop("urlTemplate", text(&operation.url_template)),
            ];
            // APIM refuses an operation whose URL template names undeclared parameters.
            let parameters = operation
                .template_parameters
                .iter()
                .map(|name| {
                    Node::Object(vec![
                        prop("name", text(name)),
                        prop("type", text("string")),
                        prop("required", Node::Bool(true)),
                    ])
                })
                .collect();
            properties.push(prop("templateParameters", Node::Array(parameters)));
            let operation_symbol = planner.resource(
                &["api", &api.name, "operation", &operation.name],
                "apis/operations",
                text(&operation.name),
                Some(&api_symbol),
                properties,
            );
            if let Some(policy) = &operation.policy {
                let (canonical, found) = canonical(policy)?;
                let symbol = planner.policy(
                    &["api", &api.name, "operation", &operation.name, "policy"],
                    "apis/operations/policies",
                    Some(&operation_symbol),
                    export_path(&policy.path),
                    canonical,
                );
                let dependencies = dependencies(planner, &found);
                planner.depends_on(&symbol, dependencies);
            }
        }
    }
    Ok(())
}

fn products(planner: &mut Planner, service: &Service) -> Result<(), PlanError> {
    for product in &service.products {
        let mut properties = vec![prop("displayName", text(&product.display_name))];
        if let Some(description) = &product.description {
            properties.push(prop("description", text(description)));
        }
        properties.push(prop("subscriptionRequired", Node::Bool(product.subscription_required)));
        // APIM accepts approvalRequired only for products that take subscriptions.
        if product.subscription_required
            && let Some(approval) = product.approval_required
        {
            properties.push(prop("approvalRequired", Node::Bool(approval)));
        }
        if let Some(limit) = product.subscriptions_limit
            && product.subscription_required
        {
            properties.push(prop("subscriptionsLimit", Node::Int(limit)));
        }
        if let Some(state) = &product.state {
            properties.push(prop("state", text(state)));
        }
        if let Some(terms) = &product.terms {
            properties.push(prop("terms", text(terms)));
        }
        let product_symbol =
            planner.resource(&["product", &product.name], "products", text(&product.name), None, properties);
        for api in &product.apis {
            let link = planner.resource(
                &["product", &product.name, "api", api],
                "products/apis",
                text(api),
                Some(&product_symbol),
                Vec::new(),
            );
            let api_symbol = planner.symbol_of("apis", api);
            planner.depends_on(&link, api_symbol);
        }
        if let Some(policy) = &product.policy {
            let (canonical, found) = canonical(policy)?;
            let symbol = planner.policy(
                &["product", &product.name, "policy"],
                "products/policies",
                Some(&product_symbol),
                export_path(&policy.path),
                canonical,
            );
            let dependencies = dependencies(planner, &found);
            planner.depends_on(&symbol, dependencies);
        }
    }
    Ok(())
}
