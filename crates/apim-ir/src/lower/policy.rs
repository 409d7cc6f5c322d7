//! One policy element and its child elements, checked against the catalog.

use apim_catalog::{AttributeSpec, ElementKind, ElementSpec, PolicySpec, SectionKind};
use apim_diagnostics::{Diagnostic, Severity};
use apim_syntax::tree::{Element, Node};

use super::{DocumentKind, Lowerer, Place, leniency};
use crate::codes;
use crate::model::{Attribute, ElementNode, Policy, PolicyNode};
use crate::value::Value;
use apim_diagnostics::suggest::closest;

/// Settings of a backend entity (the Azure resource), which tutorials wrongly write as
/// policies inside `<backend>`.
const BACKEND_ENTITY_SETTINGS: &[&str] = &[
    "url",
    "protocol",
    "tls",
    "validate-server-certificate",
    "validate-certificate-chain",
    "validate-certificate-name",
    "credentials",
    "headers",
    "header",
    "query",
    "authorization",
    "authentication-scheme",
    "circuit-breaker",
    "pool",
    "resource-id",
];

/// What a child element list may hold.
struct ChildSpec<'s> {
    elements: &'s [ElementSpec],
    text_content: bool,
    text_expressions: Option<bool>,
}

/// The lowered content of an element.
#[derive(Default)]
struct Children {
    elements: Vec<ElementNode>,
    text: Option<Value>,
    policies: Vec<Policy>,
    /// A template placeholder stands for some of the children.
    placeholder: bool,
}

impl Lowerer<'_> {
    pub(super) fn policy(&mut self, element: &Element, place: Place) -> Policy {
        let dapr = element
            .attribute("backend-id")
            .and_then(|attribute| attribute.value.as_literal())
            .is_some_and(|value| value.trim() == "dapr");
        let Some(spec) = apim_catalog::policy_by_element(&element.name, dapr) else {
            self.unknown_policy(element, place);
            return Policy::Unknown(self.untyped(element));
        };
        self.placement(element, spec, place);
        let (attributes, id) = self.attributes(element, spec.attributes, true);
        let inner = Place { nested: true, allowed: None, ..place };
        let children = self.children(
            element,
            &ChildSpec { elements: spec.elements, text_content: spec.text_content, text_expressions: None },
            inner,
        );
        let node = PolicyNode {
            spec,
            span: element.span,
            name_span: element.name_span,
            id,
            attributes,
            elements: children.elements,
            text: children.text,
            policies: children.policies,
        };
        self.requirements(&node);
        Policy::Known(node)
    }

    /// Section, document kind and container rules.
    fn placement(&mut self, element: &Element, spec: &'static PolicySpec, place: Place) {
        if spec.name == "base" {
            let problem = match place.document {
                DocumentKind::Fragment => Some("a policy fragment cannot contain `<base />`"),
                _ if place.nested => Some("`<base />` must stand directly in a section"),
                _ => None,
            };
            if let Some(problem) = problem {
                self.report(
                    Diagnostic::error(codes::MISPLACED_BASE, problem)
                        .with_primary(element.name_span, "misplaced")
                        .with_help("put `<base />` directly inside `<inbound>`, `<backend>`, `<outbound>` or `<on-error>` of a policy document"),
                );
            }
            return;
        }
        if spec.sections.is_empty() && spec.graphql_resolver {
            self.report(
                Diagnostic::error(
                    codes::POLICY_NOT_ALLOWED_HERE,
                    format!("`{}` is a GraphQL resolver policy", spec.element),
                )
                .with_primary(element.name_span, "not allowed in a policy section")
                .with_help("use it as the root of a GraphQL resolver policy"),
            );
            return;
        }
        if let Some(allowed) = place.allowed
            && !allowed.contains(&spec.element)
        {
            self.report(
                Diagnostic::error(
                    codes::POLICY_NOT_ALLOWED_HERE,
                    format!("`{}` cannot run inside `wait`", spec.element),
                )
                .with_primary(element.name_span, "not allowed here")
                .with_help(format!(
                    "`wait` runs only {}",
                    allowed.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
                )),
            );
        }
        if let Some(section) = place.section
            && !spec.sections.contains(&section)
        {
            let allowed: Vec<String> =
                spec.sections.iter().map(|section| format!("`<{}>`", section.element_name())).collect();
            let mut diagnostic = Diagnostic::error(
                codes::POLICY_NOT_ALLOWED_IN_SECTION,
                format!("`{}` is not allowed in the `<{}>` section", spec.element, section.element_name()),
            )
            .with_primary(element.name_span, "not allowed here")
            .with_help(format!("move it to {}", join_or(&allowed)));
            if leniency::section(spec.name, section) {
                diagnostic = diagnostic.with_severity(Severity::Warning).with_note(leniency::NOTE);
            }
            self.report(diagnostic);
        }
    }

    fn unknown_policy(&mut self, element: &Element, place: Place) {
        let name = element.name.as_str();
        if BACKEND_ENTITY_SETTINGS.contains(&name) && place.section == Some(SectionKind::Backend) {
            self.report(
                Diagnostic::error(
                    codes::BACKEND_SETTING_AS_POLICY,
                    format!("`<{name}>` is a backend entity setting, not a policy"),
                )
                .with_primary(element.name_span, "not a policy")
                .with_help("configure the URL, TLS and credentials on a backend entity (a `backends/<name>` resource) and select it with `<set-backend-service backend-id=\"...\" />` in `<inbound>`")
                .with_note("the `<backend>` section holds policies such as `<forward-request />`, not backend settings"),
            );
            return;
        }
        let parents = parents_of_element(name);
        let help = if let Some(first) = parents.first() {
            format!("`<{name}>` belongs inside `<{first}>`")
        } else if let Some(suggestion) = closest(name, apim_catalog::all().iter().map(|spec| spec.element)) {
            format!("did you mean `<{suggestion}>`?")
        } else {
            "see the policy reference: https://learn.microsoft.com/azure/api-management/api-management-policies"
                .to_owned()
        };
        let message = if parents.is_empty() {
            format!("`<{name}>` is not an APIM policy")
        } else {
            format!("`<{name}>` is not a policy on its own")
        };
        self.report(
            Diagnostic::error(codes::UNKNOWN_POLICY, message)
                .with_primary(element.name_span, "unknown policy")
                .with_help(help),
        );
    }

    /// Lowers attributes against their specs. Policies also accept `id`.
    fn attributes(
        &mut self,
        element: &Element,
        specs: &'static [AttributeSpec],
        is_policy: bool,
    ) -> (Vec<Attribute>, Option<Value>) {
        let mut attributes = Vec::new();
        let mut id = None;
        for attribute in &element.attributes {
            let name = attribute.name.as_str();
            if name == "xmlns" || name.starts_with("xmlns:") {
                continue;
            }
            let spec = specs.iter().find(|spec| spec.name == name);
            if spec.is_none() {
                if is_policy && name == "id" {
                    // Lowered like any value, so an expression written here (a
                    // mistake: ids are literal) is still parsed and checked.
                    id = Some(self.value(&attribute.value, None, name));
                    continue;
                }
                let suggestion = closest(name, specs.iter().map(|spec| spec.name));
                let help = match suggestion {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None if specs.is_empty() => format!("`<{}>` takes no attributes", element.name),
                    None => format!(
                        "`<{}>` takes {}",
                        element.name,
                        join_or(&specs.iter().map(|spec| format!("`{}`", spec.name)).collect::<Vec<_>>())
                    ),
                };
                self.report(
                    Diagnostic::error(
                        codes::UNKNOWN_ATTRIBUTE,
                        format!("`<{}>` has no attribute `{name}`", element.name),
                    )
                    .with_primary(attribute.name_span, "unknown attribute")
                    .with_help(help),
                );
            }
            let value = self.value(&attribute.value, spec, &attribute.name);
            attributes.push(Attribute { name: attribute.name.clone(), name_span: attribute.name_span, value });
        }
        for spec in specs {
            if spec.required && spec.required_condition.is_none() && element.attribute(spec.name).is_none() {
                let mut diagnostic = Diagnostic::error(
                    codes::MISSING_ATTRIBUTE,
                    format!("`<{}>` requires the attribute `{}`", element.name, spec.name),
                )
                .with_primary(element.name_span, format!("`{}` is missing", spec.name))
                .with_help(format!("add `{}=\"...\"`: {}", spec.name, spec.summary));
                if leniency::attribute(&element.name, spec.name) {
                    diagnostic = diagnostic.with_severity(Severity::Warning).with_note(leniency::NOTE);
                }
                self.report(diagnostic);
            }
        }
        (attributes, id)
    }

    fn children(&mut self, element: &Element, spec: &ChildSpec<'static>, place: Place) -> Children {
        let mut children = Children::default();
        let container = spec.elements.iter().find_map(|element| match element.kind {
            ElementKind::PolicyContainer { allowed } => Some(allowed),
            _ => None,
        });
        let container_place = Place { allowed: container.filter(|allowed| !allowed.is_empty()), ..place };
        for node in &element.children {
            match node {
                Node::Element(child) => self.child_element(child, spec, container, container_place, &mut children),
                Node::Text(text) if !text.is_blank() => {
                    if spec.text_content {
                        if children.text.is_none() {
                            children.text = Some(self.text_value(&text.value, spec.text_expressions));
                        }
                    } else if let Some(placeholder) = self.placeholder_policy(text) {
                        // `{product-token-limits}` stands for child elements filled in at
                        // deployment (for example the `<when>`s of a `<choose>`).
                        children.placeholder = true;
                        children.policies.push(placeholder);
                    } else {
                        self.unexpected_text(element, node.span());
                    }
                }
                Node::CData(cdata) => {
                    if spec.text_content {
                        if children.text.is_none() {
                            children.text = Some(self.text_value(&cdata.value, spec.text_expressions));
                        }
                    } else {
                        self.unexpected_text(element, cdata.span);
                    }
                }
                _ => {}
            }
        }
        if !children.placeholder {
            self.required_elements(element, spec.elements);
        }
        children
    }

    fn child_element(
        &mut self,
        child: &Element,
        spec: &ChildSpec<'static>,
        container: Option<&'static [&'static str]>,
        container_place: Place,
        children: &mut Children,
    ) {
        let element_spec = spec
            .elements
            .iter()
            .find(|element| !matches!(element.kind, ElementKind::PolicyContainer { .. }) && element.name == child.name);
        match element_spec.map(|element| &element.kind) {
            Some(ElementKind::Config) => {
                let element_spec = element_spec.expect("matched");
                children.elements.push(self.config_element(child, element_spec, container_place));
            }
            Some(ElementKind::PolicyRef(_)) => {
                // A policy written as part of its parent (`set-header` in
                // `return-response`): checked as a policy, not against a section.
                let place = Place { section: None, nested: true, allowed: None, ..container_place };
                children.policies.push(self.policy(child, place));
            }
            Some(ElementKind::Opaque) => children.elements.push(self.untyped(child)),
            Some(ElementKind::PolicyContainer { .. }) => unreachable!("filtered above"),
            None if container.is_some() => children.policies.push(self.policy(child, container_place)),
            None => {
                let names = spec
                    .elements
                    .iter()
                    .filter(|element| !matches!(element.kind, ElementKind::PolicyContainer { .. }))
                    .map(|element| element.name);
                let help = match closest(&child.name, names.clone()) {
                    Some(suggestion) => format!("did you mean `<{suggestion}>`?"),
                    None => {
                        let all: Vec<String> = names.map(|name| format!("`<{name}>`")).collect();
                        if all.is_empty() {
                            "remove it: this element has no child elements".to_owned()
                        } else {
                            format!("expected {}", join_or(&all))
                        }
                    }
                };
                self.report(
                    Diagnostic::error(codes::UNKNOWN_ELEMENT, format!("`<{}>` is not expected here", child.name))
                        .with_primary(child.name_span, "unknown element")
                        .with_help(help),
                );
                children.elements.push(self.untyped(child));
            }
        }
    }

    fn config_element(&mut self, element: &Element, spec: &'static ElementSpec, place: Place) -> ElementNode {
        let (attributes, _) = self.attributes(element, spec.attributes, false);
        let children = self.children(
            element,
            &ChildSpec { elements: spec.elements, text_content: spec.text_content, text_expressions: spec.expressions },
            place,
        );
        ElementNode {
            name: element.name.clone(),
            span: element.span,
            name_span: element.name_span,
            attributes,
            elements: children.elements,
            text: children.text,
            policies: children.policies,
        }
    }

    /// An element kept as written, without checks (unknown or opaque).
    fn untyped(&mut self, element: &Element) -> ElementNode {
        let attributes = element
            .attributes
            .iter()
            .map(|attribute| Attribute {
                name: attribute.name.clone(),
                name_span: attribute.name_span,
                value: self.value(&attribute.value, None, &attribute.name),
            })
            .collect();
        let mut text = None;
        let mut elements = Vec::new();
        for node in &element.children {
            match node {
                Node::Element(child) => elements.push(self.untyped(child)),
                Node::Text(child) if !child.is_blank() && text.is_none() => {
                    text = Some(self.text_value(&child.value, None));
                }
                _ => {}
            }
        }
        ElementNode {
            name: element.name.clone(),
            span: element.span,
            name_span: element.name_span,
            attributes,
            elements,
            text,
            policies: Vec::new(),
        }
    }

    fn unexpected_text(&mut self, element: &Element, span: apim_text::Span) {
        self.report(
            Diagnostic::error(codes::TEXT_NOT_ALLOWED, format!("`<{}>` takes no text", element.name))
                .with_primary(span, "text")
                .with_help("remove the text, or put it in a comment `<!-- ... -->`"),
        );
    }

    fn required_elements(&mut self, element: &Element, specs: &'static [ElementSpec]) {
        for spec in specs {
            let present = element.child_elements().filter(|child| child.name == spec.name).count();
            let checkable = matches!(spec.kind, ElementKind::Config | ElementKind::PolicyRef(_));
            if checkable && spec.required && spec.required_condition.is_none() && present == 0 {
                let mut diagnostic = Diagnostic::error(
                    codes::MISSING_ELEMENT,
                    format!("`<{}>` requires a `<{}>` element", element.name, spec.name),
                )
                .with_primary(element.name_span, format!("`<{}>` is missing", spec.name))
                .with_help(format!("add `<{}>`: {}", spec.name, spec.summary));
                if leniency::element(&element.name, spec.name) {
                    diagnostic = diagnostic.with_severity(Severity::Warning).with_note(leniency::NOTE);
                }
                self.report(diagnostic);
            }
            if checkable && !spec.multiple && present > 1 {
                let second = element.child_elements().filter(|child| child.name == spec.name).nth(1);
                if let Some(second) = second {
                    self.report(
                        Diagnostic::warning(
                            codes::DUPLICATE_ELEMENT,
                            format!("`<{}>` takes one `<{}>` element", element.name, spec.name),
                        )
                        .with_primary(second.name_span, "a second one")
                        .with_help("keep one; APIM uses only one of them"),
                    );
                }
            }
        }
    }
}

/// Policies that have a child element with this name.
fn parents_of_element(name: &str) -> Vec<&'static str> {
    fn has(elements: &[ElementSpec], name: &str) -> bool {
        elements.iter().any(|element| element.name == name || has(element.elements, name))
    }
    apim_catalog::all().iter().filter(|spec| has(spec.elements, name)).map(|spec| spec.element).collect()
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
