//! The typed policy IR. Spans are kept for diagnostics but skipped when an IR is
//! serialized, so two readings of the same policy compare equal however it was laid out.

use apim_catalog::{PolicySpec, SectionKind};
use apim_text::Span;
use serde::{Serialize, Serializer};

use crate::value::Value;

/// A policy file after lowering.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyDocument {
    #[serde(skip)]
    pub span: Span,
    pub root: Root,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Root {
    /// `<policies>` with its sections.
    Policies(Vec<Section>),
    /// `<fragment>`: policies with no sections, included by `include-fragment`.
    Fragment(Vec<Policy>),
    /// A bare section such as `<inbound>` (a snippet, not a full document).
    Section(Section),
    /// No usable root (already reported).
    Invalid,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    #[serde(skip)]
    pub span: Span,
    pub policies: Vec<Policy>,
}

/// One statement where policies go.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// A policy of the catalog.
    Known(PolicyNode),
    /// A deploy-time template placeholder standing where policies go, such as
    /// `{product-token-limits}`.
    Placeholder {
        name: String,
        #[serde(skip)]
        span: Span,
    },
    /// An element that is no policy (reported); kept so rules still see its neighbours.
    Unknown(ElementNode),
}

impl Policy {
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Self::Known(node) => node.span,
            Self::Placeholder { span, .. } => *span,
            Self::Unknown(node) => node.span,
        }
    }

    /// The catalog entry of a known policy.
    #[must_use]
    pub fn spec(&self) -> Option<&'static PolicySpec> {
        match self {
            Self::Known(node) => Some(node.spec),
            _ => None,
        }
    }
}

/// A known policy with typed attribute values.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyNode {
    #[serde(rename = "policy", serialize_with = "spec_name")]
    pub spec: &'static PolicySpec,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub name_span: Span,
    /// The optional `id` attribute, exposed as `context.LastError.PolicyId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Configuration child elements (`<value>`, `<when>`, `<audiences>` ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementNode>,
    /// The element text, for policies whose value is their text (`set-body`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Value>,
    /// Policies the policy contains: its body (`retry`, `wait`) or policies written as
    /// its children (`set-header` in `return-response`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

fn spec_name<S: Serializer>(spec: &&'static PolicySpec, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(spec.name)
}

impl PolicyNode {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }

    pub fn elements_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ElementNode> + 'a {
        self.elements.iter().filter(move |element| element.name == name)
    }
}

/// A configuration element, or an unknown element kept as it was.
#[derive(Debug, Clone, Serialize)]
pub struct ElementNode {
    pub name: String,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub name_span: Span,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementNode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Value>,
    /// The policies of a policy container (`when`, `otherwise`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

impl ElementNode {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub name: String,
    #[serde(skip)]
    pub name_span: Span,
    pub value: Value,
}
