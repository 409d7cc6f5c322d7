//! The service as plain data: no runtime types, so the linter, the executor, the gateway
//! and the exporter can all read it. Every list is sorted by resource name.

use std::collections::BTreeMap;

use apim_ir::PolicyDocument;

/// A whole APIM service as an APIOps extractor lays it out.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// `policy.xml` at the root: the global (all APIs) policy.
    pub policy: Option<PolicyFile>,
    pub apis: Vec<Api>,
    pub products: Vec<Product>,
    pub fragments: Vec<Fragment>,
    pub named_values: Vec<NamedValue>,
    pub backends: Vec<Backend>,
    pub subscriptions: Vec<Subscription>,
}

/// One policy document and where it came from.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// Relative to the service folder, with `/` separators.
    pub path: String,
    /// The text as written (what `rawxml` deploys).
    pub source: String,
    /// The lowered IR (`apim_ir::read`).
    pub document: PolicyDocument,
}

#[derive(Debug, Clone)]
pub struct Api {
    /// The resource name: the folder name under `apis/`.
    pub name: String,
    pub display_name: String,
    pub description: Option<String>,
    /// The URL suffix after the gateway host (may be empty).
    pub path: String,
    /// `http`, `https`, `ws`, `wss`; `["https"]` when absent.
    pub protocols: Vec<String>,
    pub service_url: Option<String>,
    /// `true` when absent, as in APIM.
    pub subscription_required: bool,
    pub subscription_key_names: SubscriptionKeyNames,
    pub api_version: Option<String>,
    pub api_version_set_id: Option<String>,
    pub api_revision: Option<String>,
    /// `true` when absent.
    pub is_current: bool,
    /// `http` (default), `soap`, `graphql`, `websocket`.
    pub api_type: String,
    pub specification: Option<Specification>,
    pub operations: Vec<Operation>,
    pub policy: Option<PolicyFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionKeyNames {
    pub header: String,
    pub query: String,
}

impl Default for SubscriptionKeyNames {
    fn default() -> Self {
        Self { header: "Ocp-Apim-Subscription-Key".into(), query: "subscription-key".into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specification {
    /// Relative to the service folder.
    pub path: String,
    pub version: OpenApiVersion,
    pub format: SpecificationFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// Swagger 2.0.
    V2,
    /// OpenAPI 3.x.
    V3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecificationFormat {
    Json,
    Yaml,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The resource name: the `operationId` of the specification (its folder name
    /// under `operations/`).
    pub name: String,
    pub display_name: String,
    /// Upper case: `GET`, `POST` ...
    pub method: String,
    /// Relative to the API path, starting with `/`; `{name}` marks a template parameter.
    pub url_template: String,
    /// The `{name}` parameters of the URL template, in order.
    pub template_parameters: Vec<String>,
    /// Made up because the API has no specification: matches any path for its method.
    pub wildcard: bool,
    pub policy: Option<PolicyFile>,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub name: String,
    pub display_name: String,
    pub description: Option<String>,
    /// `true` when absent.
    pub subscription_required: bool,
    pub approval_required: Option<bool>,
    /// `published` or `notPublished`.
    pub state: Option<String>,
    pub subscriptions_limit: Option<i64>,
    pub terms: Option<String>,
    /// Names of the APIs in the product (`apis.json`), sorted.
    pub apis: Vec<String>,
    pub policy: Option<PolicyFile>,
}

#[derive(Debug, Clone)]
pub struct Fragment {
    pub name: String,
    pub description: Option<String>,
    pub policy: Option<PolicyFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedValue {
    pub name: String,
    /// The name policies use in `{{...}}`.
    pub display_name: String,
    /// Absent for secrets (APIOps never extracts them) and Key Vault references.
    pub value: Option<String>,
    pub secret: bool,
    pub key_vault: Option<KeyVaultReference>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyVaultReference {
    pub secret_identifier: String,
    pub identity_client_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub kind: BackendKind,
    /// Required for a single backend; a pool has none.
    pub url: Option<String>,
    /// `http` or `soap`.
    pub protocol: Option<String>,
    pub credentials: Option<Credentials>,
    pub tls: Option<Tls>,
    pub circuit_breaker: Vec<CircuitBreakerRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendKind {
    Single,
    Pool(Vec<PoolMember>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolMember {
    /// As written: `/backends/name` or a full ARM resource id.
    pub id: String,
    /// The member backend's name (the last segment of the id).
    pub backend: String,
    /// Lower is tried first; APIM's default is 1.
    pub priority: Option<u32>,
    /// Share within one priority; APIM's default is 1.
    pub weight: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Credentials {
    /// Header name to values (often `{{named value}}` references).
    pub header: BTreeMap<String, Vec<String>>,
    pub query: BTreeMap<String, Vec<String>>,
    pub authorization: Option<Authorization>,
    pub certificate_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub scheme: String,
    pub parameter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tls {
    pub validate_certificate_chain: Option<bool>,
    pub validate_certificate_name: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CircuitBreakerRule {
    pub name: String,
    pub failure_condition: FailureCondition,
    /// ISO 8601 as written, and in seconds.
    pub trip_duration: Duration,
    pub accept_retry_after: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureCondition {
    pub count: Option<u32>,
    pub percentage: Option<u32>,
    pub interval: Duration,
    /// Inclusive `(min, max)` status code ranges.
    pub status_code_ranges: Vec<(u16, u16)>,
    pub error_reasons: Vec<String>,
}

/// An ISO 8601 duration such as `PT1M`: the text as written and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    pub text: String,
    pub seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub name: String,
    pub display_name: String,
    /// `/apis`, `/apis/{api}` or `/products/{product}` (a full resource id is
    /// shortened to this form).
    pub scope: SubscriptionScope,
    /// `active` (default), `suspended`, `submitted`, `rejected`, `cancelled`, `expired`.
    pub state: String,
    pub allow_tracing: bool,
    /// Secret; present only when the folder carries it.
    pub primary_key: Option<String>,
    pub secondary_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionScope {
    AllApis,
    Api(String),
    Product(String),
}

impl Service {
    #[must_use]
    pub fn api(&self, name: &str) -> Option<&Api> {
        self.apis.iter().find(|api| api.name == name)
    }

    #[must_use]
    pub fn product(&self, name: &str) -> Option<&Product> {
        self.products.iter().find(|product| product.name == name)
    }

    #[must_use]
    pub fn backend(&self, name: &str) -> Option<&Backend> {
        self.backends.iter().find(|backend| backend.name == name)
    }

    /// The named value policies write as `{{display_name}}`.
    #[must_use]
    pub fn named_value(&self, display_name: &str) -> Option<&NamedValue> {
        self.named_values.iter().find(|value| value.display_name == display_name)
    }
}

impl Api {
    #[must_use]
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|operation| operation.name == name)
    }
}
