//! What a rule sees of one document: the typed IR, flattened once into the policies and
//! expressions in document order, with the section each stands in.

use apim_catalog::SectionKind;
use apim_expr::ast::{Body, TextRange};
use apim_ir::{Attribute, ElementNode, Expression, Policy, PolicyDocument, PolicyNode, Root, Value, ValueKind};
use std::collections::BTreeSet;

use apim_text::Span;

use crate::intent::{Intent, Intents};

/// One known policy and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct PolicyAt<'a> {
    pub node: &'a PolicyNode,
    /// `None` in a fragment.
    pub section: Option<SectionKind>,
    /// Inside `choose`, `retry` or another policy.
    pub nested: bool,
    /// The policy it stands in, an index into [`Context::policies`].
    pub parent: Option<usize>,
}

#[allow(clippy::misnamed_getters, reason = "the element name is what rules match, not the catalog key")]
impl PolicyAt<'_> {
    /// The element name (`set-backend-service` also for the Dapr variant).
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.node.spec.element
    }
}

/// One parsed policy expression and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct ExpressionAt<'a> {
    pub expression: &'a Expression,
    pub ast: &'a Body,
    /// The policy it belongs to, an index into [`Context::policies`].
    pub policy: usize,
    /// The attribute or element it is the value of (`condition`, `value`, `set-body`).
    pub role: &'a str,
    pub section: Option<SectionKind>,
    /// Set when the expression was read again as its author meant it (`\\"` as `"`).
    pub intent: Option<&'a Intent>,
}

impl ExpressionAt<'_> {
    /// The file span of a range of the expression's code.
    #[must_use]
    pub fn span(&self, range: TextRange) -> Span {
        match self.intent {
            Some(intent) => {
                let start = intent.original(range.start) as usize;
                let end = intent.original(range.end) as usize;
                self.expression.source.source_span(start..end)
            }
            None => self.expression.source.source_span(range.range()),
        }
    }

    /// The code of a range, as APIM compiles it (entities decoded).
    #[must_use]
    pub fn code(&self, range: TextRange) -> &str {
        let code = self.intent.map_or(self.expression.source.code.as_str(), |intent| intent.code.as_str());
        code.get(range.range()).unwrap_or("")
    }

    /// Whether `code(range)` is written in the file byte for byte (no entity reference,
    /// no escaped quote), so a fix may replace it.
    #[must_use]
    pub fn written_as_is(&self, source: &str, range: TextRange) -> bool {
        let span = self.span(range);
        source.get(span.start as usize..span.end as usize) == Some(self.code(range))
    }
}

/// A list of policies in one place (a section, a `when`, a `retry` body).
#[derive(Debug, Clone, Copy)]
pub struct PolicyList<'a> {
    pub policies: &'a [Policy],
    pub section: Option<SectionKind>,
    /// Directly in a section (not nested).
    pub top_level: bool,
    /// The policy the list belongs to, an index into [`Context::policies`].
    pub owner: Option<usize>,
}

/// What a rule sees.
pub struct Context<'a> {
    pub source: &'a str,
    pub document: &'a PolicyDocument,
    /// Every known policy, in document order (a container before what it contains).
    pub policies: Vec<PolicyAt<'a>>,
    /// Every parsed expression, in document order.
    pub expressions: Vec<ExpressionAt<'a>>,
    /// Every list of policies.
    pub lists: Vec<PolicyList<'a>>,
    intents: Option<&'a Intents>,
    /// What the service around the document holds, when a service folder is linted.
    pub environment: Option<&'a Environment>,
}

/// Where a policy stands in a service folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Global,
    Product,
    Api,
    Operation,
    Fragment,
}

/// The service around one document (whole-service linting).
#[derive(Debug, Clone)]
pub struct Environment {
    pub scope: ScopeKind,
    /// `{{name}}`s the service defines (display names).
    pub named_values: BTreeSet<String>,
    pub fragments: BTreeSet<String>,
    pub backends: BTreeSet<String>,
    /// Variables set by the enclosing scopes and by included fragments (or, for a
    /// fragment, anywhere in the service).
    pub variables_set_elsewhere: BTreeSet<String>,
    /// Variables read by any other document of the service.
    pub variables_read_elsewhere: BTreeSet<String>,
}

impl<'a> Context<'a> {
    #[must_use]
    pub fn new(source: &'a str, document: &'a PolicyDocument) -> Self {
        Self::build(source, document, None)
    }

    /// A context where expressions with escaped quotes are seen as their author meant them.
    #[must_use]
    pub fn with_intents(source: &'a str, document: &'a PolicyDocument, intents: &'a Intents) -> Self {
        Self::build(source, document, Some(intents))
    }

    /// The context of a document in a service folder.
    #[must_use]
    pub fn in_service(mut self, environment: &'a Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    fn build(source: &'a str, document: &'a PolicyDocument, intents: Option<&'a Intents>) -> Self {
        let mut context = Self {
            source,
            document,
            policies: Vec::new(),
            expressions: Vec::new(),
            lists: Vec::new(),
            intents,
            environment: None,
        };
        match &document.root {
            Root::Policies(sections) => {
                for section in sections {
                    context.list(&section.policies, Some(section.kind), None);
                }
            }
            Root::Section(section) => context.list(&section.policies, Some(section.kind), None),
            Root::Fragment(policies) => context.list(policies, None, None),
            Root::Invalid => {}
        }
        context
    }

    /// Whether the document is a full `<policies>` document.
    #[must_use]
    pub fn is_full_document(&self) -> bool {
        matches!(self.document.root, Root::Policies(_))
    }

    /// Whether the document is a policy fragment.
    #[must_use]
    pub fn is_fragment(&self) -> bool {
        matches!(self.document.root, Root::Fragment(_))
    }

    /// The known policies named `element`.
    pub fn policies_named(&self, element: &'a str) -> impl Iterator<Item = PolicyAt<'a>> + '_ {
        self.policies.iter().copied().filter(move |policy| policy.name() == element)
    }

    /// Whether policy `inner` stands (at any depth) inside policy `outer`.
    #[must_use]
    pub fn is_inside(&self, inner: usize, outer: usize) -> bool {
        let mut at = self.policies[inner].parent;
        while let Some(parent) = at {
            if parent == outer {
                return true;
            }
            at = self.policies[parent].parent;
        }
        false
    }

    /// The names of the policies `policy` stands in, innermost first.
    pub fn ancestors(&self, policy: usize) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::successors(self.policies[policy].parent, |&parent| self.policies[parent].parent)
            .map(|index| self.policies[index].name())
    }

    /// The index of a policy node in [`Context::policies`].
    #[must_use]
    pub fn index_of(&self, node: &PolicyNode) -> Option<usize> {
        self.policies.iter().position(|policy| std::ptr::eq(policy.node, node))
    }

    /// The expressions of one policy (an index into `policies`).
    pub fn expressions_of(&self, policy: usize) -> impl Iterator<Item = &ExpressionAt<'a>> + '_ {
        self.expressions.iter().filter(move |expression| expression.policy == policy)
    }

    fn list(&mut self, policies: &'a [Policy], section: Option<SectionKind>, owner: Option<usize>) {
        self.lists.push(PolicyList { policies, section, top_level: owner.is_none(), owner });
        for policy in policies {
            if let Policy::Known(node) = policy {
                self.policy(node, section, owner);
            }
        }
    }

    fn policy(&mut self, node: &'a PolicyNode, section: Option<SectionKind>, parent: Option<usize>) {
        let index = self.policies.len();
        self.policies.push(PolicyAt { node, section, nested: parent.is_some(), parent });
        if let Some(id) = &node.id {
            self.value(id, index, "id", section);
        }
        self.attributes(&node.attributes, index, section);
        if let Some(text) = &node.text {
            self.value(text, index, node.spec.element, section);
        }
        for element in &node.elements {
            self.element(element, index, section);
        }
        if !node.policies.is_empty() {
            self.list(&node.policies, section, Some(index));
        }
    }

    fn element(&mut self, element: &'a ElementNode, policy: usize, section: Option<SectionKind>) {
        self.attributes(&element.attributes, policy, section);
        if let Some(text) = &element.text {
            self.value(text, policy, &element.name, section);
        }
        for child in &element.elements {
            self.element(child, policy, section);
        }
        if !element.policies.is_empty() {
            self.list(&element.policies, section, Some(policy));
        }
    }

    fn attributes(&mut self, attributes: &'a [Attribute], policy: usize, section: Option<SectionKind>) {
        for attribute in attributes {
            self.value(&attribute.value, policy, &attribute.name, section);
        }
    }

    fn value(&mut self, value: &'a Value, policy: usize, role: &'a str, section: Option<SectionKind>) {
        let ValueKind::Expression(expression) = &value.kind else { return };
        let intent = self.intents.and_then(|intents| intents.get(&expression.source.span.start));
        if let Some(intent) = intent {
            self.expressions.push(ExpressionAt {
                expression,
                ast: &intent.ast,
                policy,
                role,
                section,
                intent: Some(intent),
            });
        } else if let Some(ast) = &expression.ast
            && !expression.source.escaped_quotes
        {
            self.expressions.push(ExpressionAt { expression, ast, policy, role, section, intent: None });
        }
    }
}

/// The literal text of an attribute, if it is a literal.
#[must_use]
pub fn literal<'a>(node: &'a PolicyNode, attribute: &str) -> Option<&'a str> {
    node.attribute(attribute).and_then(|attribute| attribute.value.literal_text())
}

/// The literal text of an element's attribute, if it is a literal.
#[must_use]
pub fn element_literal<'a>(element: &'a ElementNode, attribute: &str) -> Option<&'a str> {
    element.attribute(attribute).and_then(|attribute| attribute.value.literal_text())
}

/// Every element below `elements`, depth first.
pub fn descendants<'a>(elements: &'a [ElementNode], out: &mut Vec<&'a ElementNode>) {
    for element in elements {
        out.push(element);
        descendants(&element.elements, out);
    }
}
