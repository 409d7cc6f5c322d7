//! From a service folder, or from loose policy files, to a [`Template`].

mod library;
mod references;
mod service;

use std::collections::BTreeMap;

pub use library::{PolicySource, policies};
pub use service::service;

use crate::names::Symbols;
use crate::template::{Node, Parameter, PolicyText, Resource, SERVICE_PARAMETER, Template};

/// Why a template could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    /// The policy or file at fault.
    pub file: String,
    pub message: String,
}

/// Builds a template resource by resource, handing out unique symbols.
pub(crate) struct Planner {
    pub template: Template,
    symbols: Symbols,
    /// Symbols of resources by `(kind, name)`, for references.
    by_name: BTreeMap<(&'static str, String), String>,
}

impl Planner {
    pub fn new() -> Self {
        let mut planner = Self { template: Template::default(), symbols: Symbols::default(), by_name: BTreeMap::new() };
        planner.symbols.unique(&["service"]);
        planner.parameter(SERVICE_PARAMETER, "The name of the existing API Management instance.", false, None);
        planner
    }

    pub fn parameter(&mut self, name: &str, description: &str, secure: bool, default: Option<String>) -> String {
        let name = self.symbols.unique(&[name]);
        self.template.parameters.push(Parameter {
            name: name.clone(),
            description: description.to_owned(),
            secure,
            default,
        });
        name
    }

    /// Adds a resource; returns its symbol.
    pub fn resource(
        &mut self,
        symbol_parts: &[&str],
        kind: &'static str,
        name: Node,
        parent: Option<&str>,
        properties: Vec<(String, Node)>,
    ) -> String {
        let symbol = self.symbols.unique(symbol_parts);
        if let Node::String(text) = &name
            && parent.is_none()
        {
            self.by_name.insert((kind, text.clone()), symbol.clone());
        }
        self.template.resources.push(Resource {
            symbol: symbol.clone(),
            kind,
            name,
            parent: parent.map(str::to_owned),
            existing: false,
            properties,
            depends_on: Vec::new(),
        });
        symbol
    }

    pub fn existing(&mut self, symbol_parts: &[&str], kind: &'static str, name: Node) -> String {
        let symbol = self.resource(symbol_parts, kind, name, None, Vec::new());
        if let Some(resource) = self.template.resources.last_mut() {
            resource.existing = true;
        }
        symbol
    }

    /// Makes `symbol` findable as `(kind, name)` too.
    pub fn alias(&mut self, kind: &'static str, name: &str, symbol: &str) {
        self.by_name.insert((kind, name.to_owned()), symbol.to_owned());
    }

    /// The symbol of the top-level resource `kind` named `name`, if declared.
    pub fn symbol_of(&self, kind: &'static str, name: &str) -> Option<String> {
        self.by_name.get(&(kind, name.to_owned())).cloned()
    }

    pub fn depends_on(&mut self, symbol: &str, on: impl IntoIterator<Item = String>) {
        if let Some(resource) = self.template.resources.iter_mut().find(|resource| resource.symbol == symbol) {
            for dependency in on {
                if !resource.depends_on.contains(&dependency) && dependency != symbol {
                    resource.depends_on.push(dependency);
                }
            }
        }
    }

    /// A policy resource (`<parent kind>/policies`, named `policy`) for a canonical text.
    pub fn policy(
        &mut self,
        symbol_parts: &[&str],
        kind: &'static str,
        parent: Option<&str>,
        path: String,
        text: String,
    ) -> String {
        self.template.policy_files.push(PolicyText { path, text });
        let index = self.template.policy_files.len() - 1;
        let properties =
            vec![("format".to_owned(), Node::String("rawxml".into())), ("value".to_owned(), Node::Policy(index))];
        self.resource(symbol_parts, kind, Node::String("policy".into()), parent, properties)
    }
}

/// `("key", value)` for property lists.
pub(crate) fn prop(key: &str, value: Node) -> (String, Node) {
    (key.to_owned(), value)
}

pub(crate) fn text(value: &str) -> Node {
    Node::String(value.to_owned())
}
