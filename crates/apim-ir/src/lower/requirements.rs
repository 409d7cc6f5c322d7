//! Requirements the catalog states as sentences ("one of base-url or backend-id"):
//! checked here by hand, one entry per documented condition.

use apim_diagnostics::Diagnostic;

use super::Lowerer;
use crate::codes;
use crate::model::PolicyNode;

enum Rule {
    /// At least one of the attributes.
    AnyOf(&'static [&'static str]),
    /// Exactly one of the attributes.
    OneOf(&'static [&'static str]),
    /// The second attribute is required when the first is present, and vice versa.
    Together(&'static str, &'static str),
    /// At least one of the child elements.
    AnyElementOf(&'static [&'static str]),
    /// The child element is required unless `mode="copy"`.
    ElementUnlessCopy(&'static str),
}

const RULES: &[(&str, Rule)] = &[
    ("set-backend-service", Rule::AnyOf(&["base-url", "backend-id"])),
    ("llm-token-limit", Rule::AnyOf(&["tokens-per-minute", "token-quota"])),
    ("llm-token-limit", Rule::Together("token-quota", "token-quota-period")),
    ("azure-openai-token-limit", Rule::AnyOf(&["tokens-per-minute", "token-quota"])),
    ("azure-openai-token-limit", Rule::Together("token-quota", "token-quota-period")),
    ("quota", Rule::AnyOf(&["calls", "bandwidth"])),
    ("quota-by-key", Rule::AnyOf(&["calls", "bandwidth"])),
    ("send-service-bus-message", Rule::OneOf(&["queue-name", "topic-name"])),
    ("ip-filter", Rule::AnyElementOf(&["address", "address-range"])),
    ("send-request", Rule::ElementUnlessCopy("set-url")),
    ("send-one-way-request", Rule::ElementUnlessCopy("set-url")),
    ("validate-jwt", Rule::AnyOf(&["header-name", "query-parameter-name", "token-value"])),
];

impl Lowerer<'_> {
    pub(super) fn requirements(&mut self, node: &PolicyNode) {
        let policy = node.spec.name;
        for (name, rule) in RULES {
            if *name == policy {
                self.rule(node, rule);
            }
        }
    }

    fn rule(&mut self, node: &PolicyNode, rule: &Rule) {
        let element = node.spec.element;
        let has = |name: &str| node.attribute(name).is_some();
        let diagnostic = match rule {
            Rule::AnyOf(names) | Rule::OneOf(names) if !names.iter().any(|name| has(name)) => {
                let list = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(" or ");
                let mut diagnostic =
                    Diagnostic::error(codes::MISSING_ATTRIBUTE, format!("`<{element}>` requires {list}"))
                        .with_primary(node.name_span, "missing");
                // `id` only names a policy; authors often mean the backend.
                diagnostic = if element == "set-backend-service" && node.id.is_some() {
                    diagnostic.with_help(
                        "rename `id` to `backend-id`: `id` only names the policy (it is `context.LastError.PolicyId`)",
                    )
                } else {
                    diagnostic.with_help(format!("add {list}"))
                };
                Some(diagnostic)
            }
            Rule::OneOf(names) if names.iter().filter(|name| has(name)).count() > 1 => {
                let list = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(" and ");
                Some(
                    Diagnostic::error(codes::INVALID_VALUE, format!("`<{element}>` takes only one of {list}"))
                        .with_primary(node.name_span, "both given")
                        .with_help("remove one of them"),
                )
            }
            Rule::Together(first, second) if has(first) != has(second) => {
                let (present, missing) = if has(first) { (first, second) } else { (second, first) };
                Some(
                    Diagnostic::error(codes::MISSING_ATTRIBUTE, format!("`{present}` requires `{missing}`"))
                        .with_primary(
                            node.attribute(present).map_or(node.name_span, |attribute| attribute.name_span),
                            "given alone",
                        )
                        .with_help(format!("add `{missing}=\"...\"`")),
                )
            }
            Rule::AnyElementOf(names) if !node.elements.iter().any(|child| names.contains(&child.name.as_str())) => {
                let list = names.iter().map(|name| format!("`<{name}>`")).collect::<Vec<_>>().join(" or ");
                Some(
                    Diagnostic::error(codes::MISSING_ELEMENT, format!("`<{element}>` requires {list}"))
                        .with_primary(node.name_span, "missing")
                        .with_help(format!("add {list}")),
                )
            }
            Rule::ElementUnlessCopy(child) => {
                let copy = node
                    .attribute("mode")
                    .and_then(|mode| mode.value.literal_text())
                    .is_some_and(|mode| mode.trim() == "copy");
                let present = node.elements.iter().any(|element| element.name == *child);
                (!copy && !present).then(|| {
                    Diagnostic::error(
                        codes::MISSING_ELEMENT,
                        format!("`<{element}>` requires `<{child}>` unless `mode=\"copy\"`"),
                    )
                    .with_primary(node.name_span, format!("`<{child}>` is missing"))
                    .with_help(format!("add `<{child}>https://...</{child}>`"))
                })
            }
            _ => None,
        };
        if let Some(diagnostic) = diagnostic {
            self.report(diagnostic);
        }
    }
}
