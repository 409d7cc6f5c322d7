//! What policies and backends refer to must exist in the service: `{{named values}}`,
//! `include-fragment fragment-id`, `set-backend-service backend-id`. APIM refuses a
//! policy that names a named value or fragment it does not have.

use std::collections::BTreeSet;

use apim_diagnostics::Diagnostic;
use apim_ir::{ElementNode, Policy, Root, ValueKind};
use apim_text::Span;

use super::Sink;
use crate::codes;
use crate::model::{PolicyFile, Service};

pub(crate) fn check(service: &Service, sink: &mut Sink) {
    for policy in policies(service) {
        named_values(service, policy, sink);
        let mut found = Vec::new();
        match &policy.document.root {
            Root::Policies(sections) => sections.iter().for_each(|section| walk(&section.policies, &mut found)),
            Root::Fragment(list) => walk(list, &mut found),
            Root::Section(section) => walk(&section.policies, &mut found),
            Root::Invalid => {}
        }
        for (kind, name, span) in found {
            let (known, what, help): (Vec<&str>, &str, &str) = match kind {
                "fragment" => (
                    service.fragments.iter().map(|fragment| fragment.name.as_str()).collect(),
                    "policy fragment",
                    "add it under `policy fragments/`",
                ),
                _ => (
                    service.backends.iter().map(|backend| backend.name.as_str()).collect(),
                    "backend",
                    "add it under `backends/`",
                ),
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let help = apim_diagnostics::suggest::closest(&name, known.iter().copied())
                .map_or_else(|| help.to_owned(), |near| format!("did you mean `{near}`?"));
            sink.push(
                &policy.path,
                &policy.source,
                Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("the service has no {what} `{name}`"))
                    .with_primary(span, format!("unknown {what}"))
                    .with_help(help),
            );
        }
    }
}

fn policies(service: &Service) -> Vec<&PolicyFile> {
    let mut all: Vec<&PolicyFile> = service.policy.iter().collect();
    all.extend(service.fragments.iter().filter_map(|fragment| fragment.policy.as_ref()));
    for api in &service.apis {
        all.extend(api.policy.as_ref());
        all.extend(api.operations.iter().filter_map(|operation| operation.policy.as_ref()));
    }
    all.extend(service.products.iter().filter_map(|product| product.policy.as_ref()));
    all
}

/// `{{name}}` references, each unknown name reported once per file at its first use.
fn named_values(service: &Service, policy: &PolicyFile, sink: &mut Sink) {
    let mut reported = BTreeSet::new();
    let source = &policy.source;
    let mut from = 0;
    while let Some(start) = source[from..].find("{{").map(|at| at + from) {
        let Some(length) = source[start + 2..].find("}}") else { break };
        let name = &source[start + 2..start + 2 + length];
        from = start + 2 + length + 2;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            continue;
        }
        if service.named_value(name).is_some() || !reported.insert(name.to_owned()) {
            continue;
        }
        let help = apim_diagnostics::suggest::closest(
            name,
            service.named_values.iter().map(|value| value.display_name.as_str()),
        )
        .map_or_else(|| "add it under `named values/`".to_owned(), |near| format!("did you mean `{{{{{near}}}}}`?"));
        let span = Span::new(u32::try_from(start).unwrap_or(0), u32::try_from(from).unwrap_or(0));
        sink.push(
            &policy.path,
            source,
            Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("the service has no named value `{name}`"))
                .with_primary(span, "unknown named value")
                .with_help(help),
        );
    }
}

fn walk(list: &[Policy], found: &mut Vec<(&'static str, String, Span)>) {
    for policy in list {
        let Policy::Known(node) = policy else { continue };
        let target = match node.spec.name {
            "include-fragment" => Some(("fragment", "fragment-id")),
            "set-backend-service" => Some(("backend", "backend-id")),
            _ => None,
        };
        if let Some((kind, attribute)) = target
            && let Some(attribute) = node.attribute(attribute)
            && let ValueKind::Literal(literal) = &attribute.value.kind
        {
            found.push((kind, literal.text.clone(), attribute.value.span));
        }
        walk(&node.policies, found);
        elements(&node.elements, found);
    }
}

fn elements(list: &[ElementNode], found: &mut Vec<(&'static str, String, Span)>) {
    for element in list {
        walk(&element.policies, found);
        elements(&element.elements, found);
    }
}
