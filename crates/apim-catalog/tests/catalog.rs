//! Invariants of the generated catalog and spot checks against the documentation.

use apim_catalog::{
    AttributeSpec, ElementKind, ElementSpec, POLICIES, SectionKind, ValueType, all, policy, policy_by_element,
};

/// The 71 policy reference pages plus `base`, as listed in the reference catalog.
const NAMES: [&str; 72] = [
    "authentication-basic",
    "authentication-certificate",
    "authentication-managed-identity",
    "azure-openai-emit-token-metric",
    "azure-openai-semantic-cache-lookup",
    "azure-openai-semantic-cache-store",
    "azure-openai-token-limit",
    "base",
    "cache-lookup",
    "cache-lookup-value",
    "cache-remove-value",
    "cache-store",
    "cache-store-value",
    "check-header",
    "choose",
    "cors",
    "cosmosdb-data-source",
    "cross-domain",
    "emit-metric",
    "find-and-replace",
    "forward-request",
    "get-authorization-context",
    "http-data-source",
    "include-fragment",
    "invoke-dapr-binding",
    "ip-filter",
    "json-to-xml",
    "jsonp",
    "limit-concurrency",
    "llm-content-safety",
    "llm-emit-token-metric",
    "llm-semantic-cache-lookup",
    "llm-semantic-cache-store",
    "llm-token-limit",
    "log-to-eventhub",
    "mock-response",
    "proxy",
    "publish-event",
    "publish-to-dapr",
    "quota",
    "quota-by-key",
    "rate-limit",
    "rate-limit-by-key",
    "redirect-content-urls",
    "retry",
    "return-response",
    "rewrite-uri",
    "send-one-way-request",
    "send-request",
    "send-service-bus-message",
    "set-backend-service",
    "set-backend-service-dapr",
    "set-body",
    "set-header",
    "set-method",
    "set-query-parameter",
    "set-status",
    "set-variable",
    "sql-data-source",
    "trace",
    "validate-azure-ad-token",
    "validate-client-certificate",
    "validate-content",
    "validate-graphql-request",
    "validate-headers",
    "validate-jwt",
    "validate-odata-request",
    "validate-parameters",
    "validate-status-code",
    "wait",
    "xml-to-json",
    "xsl-transform",
];

/// Every attribute of every policy and element, with a path for messages.
fn all_attributes() -> Vec<(String, &'static AttributeSpec)> {
    fn walk(
        path: &str,
        attributes: &'static [AttributeSpec],
        elements: &'static [ElementSpec],
        out: &mut Vec<(String, &'static AttributeSpec)>,
    ) {
        out.extend(attributes.iter().map(|attribute| (format!("{path}@{}", attribute.name), attribute)));
        for element in elements {
            walk(&format!("{path}/{}", element.name), element.attributes, element.elements, out);
        }
    }
    let mut out = Vec::new();
    for spec in all() {
        walk(spec.name, spec.attributes, spec.elements, &mut out);
    }
    out
}

/// Every child element of every policy, with a path for messages.
fn all_elements() -> Vec<(String, &'static ElementSpec)> {
    fn walk(path: &str, elements: &'static [ElementSpec], out: &mut Vec<(String, &'static ElementSpec)>) {
        for element in elements {
            let path = format!("{path}/{}", element.name);
            walk(&path, element.elements, out);
            out.push((path, element));
        }
    }
    let mut out = Vec::new();
    for spec in all() {
        walk(spec.name, spec.elements, &mut out);
    }
    out
}

fn element(elements: &'static [ElementSpec], name: &str) -> &'static ElementSpec {
    elements.iter().find(|element| element.name == name).unwrap_or_else(|| panic!("no element `{name}`"))
}

#[test]
fn finds_a_policy_by_key() {
    let spec = policy("set-header").expect("set-header is in the catalog");
    assert_eq!(spec.name, "set-header");
    assert_eq!(spec.element, "set-header");
    assert!(spec.attribute("exists-action").is_some());
    assert!(policy("set-headers").is_none());
}

#[test]
fn dapr_variant_is_chosen_by_flag() {
    assert_eq!(policy_by_element("set-backend-service", false).unwrap().name, "set-backend-service");
    let dapr = policy_by_element("set-backend-service", true).unwrap();
    assert_eq!(dapr.name, "set-backend-service-dapr");
    assert_eq!(dapr.element, "set-backend-service");
}

#[test]
fn holds_every_documented_policy() {
    assert_eq!(POLICIES.len(), 72);
    let names: Vec<&str> = POLICIES.iter().map(|spec| spec.name).collect();
    assert_eq!(names, NAMES);
    for name in NAMES {
        assert_eq!(policy(name).map(|spec| spec.name), Some(name));
    }
}

#[test]
fn is_sorted_by_key() {
    for pair in POLICIES.windows(2) {
        assert!(pair[0].name < pair[1].name, "{} before {}", pair[0].name, pair[1].name);
    }
}

#[test]
fn element_names_match_keys() {
    for spec in all() {
        if spec.name != "set-backend-service-dapr" {
            assert_eq!(spec.element, spec.name);
        }
    }
}

#[test]
fn policy_references_resolve() {
    for (path, element) in all_elements() {
        match element.kind {
            ElementKind::PolicyRef(target) => {
                assert!(policy(target).is_some(), "{path}: no policy `{target}`");
            }
            ElementKind::PolicyContainer { allowed } => {
                for name in allowed {
                    assert!(policy(name).is_some(), "{path}: no policy `{name}`");
                }
            }
            ElementKind::Config | ElementKind::Opaque => {}
        }
    }
}

#[test]
fn enum_attributes_list_their_values() {
    let attributes = all_attributes();
    assert!(attributes.len() > 300);
    for (path, attribute) in attributes {
        let is_enum = attribute.value_type == ValueType::Enum;
        assert_eq!(is_enum, !attribute.enum_values.is_empty(), "{path}");
    }
}

#[test]
fn every_policy_has_a_place() {
    for spec in all() {
        assert!(!spec.sections.is_empty() || spec.graphql_resolver, "{}: no section", spec.name);
        assert!(spec.sections.windows(2).all(|pair| pair[0] < pair[1]), "{}", spec.name);
        assert!(!spec.scopes.is_empty() || spec.graphql_resolver, "{}: no scope", spec.name);
        assert!(spec.doc.starts_with("https://learn.microsoft.com/"), "{}", spec.name);
    }
}

#[test]
fn retry() {
    let spec = policy("retry").unwrap();
    for name in ["condition", "count", "interval"] {
        assert!(spec.attribute(name).unwrap().required, "{name} is required");
    }
    assert!(!spec.attribute("first-fast-retry").unwrap().required);
    let count = spec.attribute("count").unwrap();
    assert_eq!(count.max, Some(50));
    assert!(count.value_type.is_integer());
    assert_eq!(spec.attribute("condition").unwrap().value_type, ValueType::BoolExpression);
    let body = spec.policy_container().expect("retry holds policies");
    assert!(matches!(body.kind, ElementKind::PolicyContainer { allowed: [] }));
    assert_eq!(spec.sections, SectionKind::ALL);
}

#[test]
fn choose() {
    let spec = policy("choose").unwrap();
    assert!(spec.policy_container().is_none());
    let when = element(spec.elements, "when");
    assert!(when.required && when.multiple);
    assert!(matches!(when.kind, ElementKind::Config));
    let condition = when.attribute("condition").unwrap();
    assert!(condition.required);
    assert_eq!(condition.value_type, ValueType::BoolExpression);
    assert!(when.elements.iter().any(|child| matches!(child.kind, ElementKind::PolicyContainer { .. })));
    let otherwise = element(spec.elements, "otherwise");
    assert!(!otherwise.required && !otherwise.multiple);
    assert!(otherwise.elements.iter().any(|child| matches!(child.kind, ElementKind::PolicyContainer { .. })));
}

#[test]
fn llm_token_limit() {
    let spec = policy("llm-token-limit").unwrap();
    assert_eq!(spec.sections, [SectionKind::Inbound]);
    let period = spec.attribute("token-quota-period").unwrap();
    assert_eq!(period.value_type, ValueType::Enum);
    assert_eq!(period.enum_values, ["Hourly", "Daily", "Weekly", "Monthly", "Yearly"]);
}

#[test]
fn wait_allows_only_some_policies() {
    let body = policy("wait").unwrap().policy_container().unwrap();
    let ElementKind::PolicyContainer { allowed } = body.kind else { unreachable!() };
    assert_eq!(allowed, ["send-request", "cache-lookup-value", "choose"]);
}

#[test]
fn policy_level_text_content() {
    let with_text: Vec<&str> = all().iter().filter(|spec| spec.text_content).map(|spec| spec.name).collect();
    assert_eq!(with_text, ["log-to-eventhub", "publish-to-dapr", "set-body", "set-method"]);
}

#[test]
fn graphql_resolvers_are_flagged() {
    let resolvers: Vec<&str> = all().iter().filter(|spec| spec.graphql_resolver).map(|spec| spec.name).collect();
    assert_eq!(resolvers, ["cosmosdb-data-source", "http-data-source", "publish-event", "sql-data-source"]);
}

#[test]
fn corrections_are_applied() {
    let template = policy("set-body").unwrap().attribute("template").unwrap();
    assert!(template.enum_values.contains(&"liquid") && template.enum_values.contains(&"none"));
    let client_ids = element(policy("validate-azure-ad-token").unwrap().elements, "client-application-ids");
    assert!(!client_ids.required);
    assert!(client_ids.required_condition.is_some());
}

#[test]
fn serializes_to_json() {
    let value = serde_json::to_value(policy("retry").unwrap()).unwrap();
    assert_eq!(value["sections"][0], "inbound");
    assert_eq!(value["elements"][0]["kind"], serde_json::json!({ "policy-container": { "allowed": [] } }));
}
