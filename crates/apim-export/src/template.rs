//! What a deployment declares, independent of the language it is written in: the
//! parameters and the resources, in order. [`crate::bicep`] and [`crate::arm`] print it.

/// The API version of every resource: the latest stable one with backend pools and
/// circuit breakers.
pub const API_VERSION: &str = "2024-05-01";

/// The parameter naming the existing APIM instance every resource belongs to.
pub const SERVICE_PARAMETER: &str = "apimServiceName";

#[derive(Debug, Clone, Default)]
pub struct Template {
    pub parameters: Vec<Parameter>,
    pub resources: Vec<Resource>,
    /// Policy documents the template deploys, by export path (`policies/apis/x/policy.xml`).
    pub policy_files: Vec<PolicyText>,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub description: String,
    /// A secret: `@secure()` in Bicep, `securestring` in ARM; never has a default.
    pub secure: bool,
    pub default: Option<String>,
}

/// One resource under `Microsoft.ApiManagement/service`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The Bicep symbolic name, unique in the template.
    pub symbol: String,
    /// The type below the service: `apis`, `apis/operations`, `backends` ...
    pub kind: &'static str,
    /// The last segment of the resource name.
    pub name: Node,
    /// The parent resource's symbol; `None` for a direct child of the service.
    pub parent: Option<String>,
    /// Declared elsewhere (`existing` in Bicep; not declared in ARM).
    pub existing: bool,
    pub properties: Vec<(String, Node)>,
    /// Symbols of resources that must be deployed first, beyond the parent and the
    /// resources [`Node::ResourceId`] refers to.
    pub depends_on: Vec<String>,
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    String(String),
    Int(i64),
    Bool(bool),
    /// The value of a template parameter.
    Parameter(String),
    /// The resource id of another resource of the template, by symbol.
    ResourceId(String),
    /// The id of the service with a suffix (`/apiVersionSets/x`).
    ServiceIdSuffix(String),
    /// A policy document (index into [`Template::policy_files`]).
    Policy(usize),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
}

#[derive(Debug, Clone)]
pub struct PolicyText {
    /// Where the document is written beside the template, with `/`.
    pub path: String,
    /// The canonical `rawxml` text.
    pub text: String,
}

impl Template {
    #[must_use]
    pub fn resource(&self, symbol: &str) -> Option<&Resource> {
        self.resources.iter().find(|resource| resource.symbol == symbol)
    }

    /// The resource types of a resource and its ancestors, and their names, outermost
    /// first (the service itself excluded).
    #[must_use]
    pub fn path(&self, resource: &Resource) -> Vec<(&'static str, Node)> {
        let mut chain = vec![(resource.kind, resource.name.clone())];
        let mut parent = resource.parent.as_deref();
        while let Some(symbol) = parent {
            let Some(found) = self.resource(symbol) else { break };
            chain.push((found.kind, found.name.clone()));
            parent = found.parent.as_deref();
        }
        chain.reverse();
        chain
    }
}

/// The full type: `Microsoft.ApiManagement/service/apis/operations`.
#[must_use]
pub fn full_type(kind: &str) -> String {
    format!("Microsoft.ApiManagement/service/{kind}")
}
