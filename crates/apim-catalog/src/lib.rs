//! Every documented APIM policy: where it may stand, its attributes and child elements.
//!
//! The tables in `generated.rs` are written by `cargo dev generate-catalog` from
//! Microsoft's documentation facts (`shared/reference/policies.json`) plus the
//! corrections in `crates/apim-dev/src/catalog_overrides.rs`; never edit them by hand.

mod generated;

use serde::Serialize;

pub use generated::POLICIES;

/// A policy section. The order is the order of execution.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Inbound,
    Backend,
    Outbound,
    OnError,
}

impl SectionKind {
    pub const ALL: [Self; 4] = [Self::Inbound, Self::Backend, Self::Outbound, Self::OnError];

    #[must_use]
    pub const fn element_name(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Backend => "backend",
            Self::Outbound => "outbound",
            Self::OnError => "on-error",
        }
    }

    #[must_use]
    pub fn from_element_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|section| section.element_name() == name)
    }
}

/// Where a policy document is attached.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Global,
    Workspace,
    Product,
    Api,
    Operation,
}

/// The documented type of an attribute or element value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueType {
    String,
    Int,
    Bool,
    Enum,
    Double,
    /// A decimal between 0 and 1 (e.g. a score threshold).
    Decimal01,
    IntSeconds,
    IntMilliseconds,
    IntBytes,
    IntKilobytes,
    IntStatusCode,
    DurationSeconds,
    DatetimeIso8601,
    HeaderName,
    VariableName,
    BackendId,
    Url,
    UriTemplate,
    /// A boolean that is usually an expression (`condition`).
    BoolExpression,
    ExpressionOrString,
    IpAddress,
    Base64Url,
    Bytes,
    Any,
}

impl ValueType {
    /// Types whose literal must parse as an integer.
    #[must_use]
    pub const fn is_integer(self) -> bool {
        matches!(
            self,
            Self::Int
                | Self::IntSeconds
                | Self::IntMilliseconds
                | Self::IntBytes
                | Self::IntKilobytes
                | Self::IntStatusCode
                | Self::DurationSeconds
        )
    }

    /// Types whose literal must be `true` or `false`.
    #[must_use]
    pub const fn is_boolean(self) -> bool {
        matches!(self, Self::Bool | Self::BoolExpression)
    }
}

#[derive(Debug, Serialize)]
pub struct AttributeSpec {
    pub name: &'static str,
    pub required: bool,
    /// Set when the attribute is required only in some cases (a sentence from the docs).
    pub required_condition: Option<&'static str>,
    /// `Some(true)`: policy expressions allowed; `Some(false)`: not allowed; `None`: the
    /// docs do not say (treated as allowed).
    pub expressions: Option<bool>,
    pub value_type: ValueType,
    /// Allowed values when `value_type` is `Enum`.
    pub enum_values: &'static [&'static str],
    pub default: Option<&'static str>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub summary: &'static str,
}

/// What a child element of a policy holds.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// A configuration element with its own attributes, children or text.
    Config,
    /// Arbitrary policies (`when`, `retry`'s body). An empty `allowed` means any policy.
    PolicyContainer { allowed: &'static [&'static str] },
    /// The element is itself the named policy (`set-header` inside `return-response`).
    PolicyRef(&'static str),
    /// Foreign XML kept as it is (an XSLT stylesheet, a cross-domain file).
    Opaque,
}

#[derive(Debug, Serialize)]
pub struct ElementSpec {
    /// The element name; for a `PolicyContainer` this is a description such as
    /// `*policy statements*` and is not matched against child names.
    pub name: &'static str,
    pub kind: ElementKind,
    pub required: bool,
    pub required_condition: Option<&'static str>,
    pub multiple: bool,
    /// The element's value is its text.
    pub text_content: bool,
    pub expressions: Option<bool>,
    pub attributes: &'static [AttributeSpec],
    pub elements: &'static [ElementSpec],
    pub summary: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PolicySpec {
    /// The catalog key: the element name, except `set-backend-service-dapr`.
    pub name: &'static str,
    /// The XML element name.
    pub element: &'static str,
    pub title: &'static str,
    pub doc: &'static str,
    pub category: &'static str,
    pub sections: &'static [SectionKind],
    /// A GraphQL resolver policy: the root of a resolver document, not a section child.
    pub graphql_resolver: bool,
    pub scopes: &'static [Scope],
    pub attributes: &'static [AttributeSpec],
    pub elements: &'static [ElementSpec],
    /// The policy's value is its element text (`set-body`, `set-method`).
    pub text_content: bool,
    pub behavior: &'static [&'static str],
    pub usage_notes: &'static [&'static str],
}

impl PolicySpec {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&'static AttributeSpec> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }

    /// Whether the policy body is a list of policies (`retry`, `wait`).
    #[must_use]
    pub fn policy_container(&self) -> Option<&'static ElementSpec> {
        self.elements.iter().find(|element| matches!(element.kind, ElementKind::PolicyContainer { .. }))
    }
}

impl ElementSpec {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&'static AttributeSpec> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }
}

/// The policy written as `<element ...>`. `set-backend-service` with `backend-id="dapr"`
/// is the Dapr variant; callers pass `dapr` to pick it.
#[must_use]
pub fn policy_by_element(element: &str, dapr: bool) -> Option<&'static PolicySpec> {
    if element == "set-backend-service" && dapr {
        return policy("set-backend-service-dapr");
    }
    policy(element)
}

/// The policy with this catalog key.
#[must_use]
pub fn policy(name: &str) -> Option<&'static PolicySpec> {
    POLICIES.binary_search_by(|spec| spec.name.cmp(name)).ok().map(|index| &POLICIES[index])
}

/// Every policy, sorted by catalog key.
#[must_use]
pub fn all() -> &'static [PolicySpec] {
    POLICIES
}
