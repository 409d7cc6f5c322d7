//! An APIM service folder as the Azure APIOps extractor lays it out, loaded into plain
//! data ([`Service`]) with a diagnostic for every bad or inconsistent setting:
//!
//! ```text
//! policy.xml                                   global policy
//! apis/<api>/apiInformation.json               {"properties": {displayName, path, protocols, ...}}
//! apis/<api>/specification.json|yaml           OpenAPI 2 or 3: the operations
//! apis/<api>/policy.xml
//! apis/<api>/operations/<operationId>/policy.xml
//! products/<product>/productInformation.json, apis.json, policy.xml
//! policy fragments/<fragment>/policyFragmentInformation.json, policy.xml
//! named values/<name>/namedValueInformation.json
//! backends/<backend>/backendInformation.json  single or pool, credentials, circuit breaker
//! subscriptions/<name>/subscriptionInformation.json
//! ```
//!
//! Policies are read with `apim_ir::read`; their diagnostics keep their own codes. The
//! folder's own problems are `C4xx` ([`codes`]), reported at the JSON field's key.

pub mod codes;
mod load;
mod model;
mod scopes;

pub use load::{FileDiagnostic, Loaded, load};
pub use model::*;
pub use scopes::{PolicyScopes, Scope};
