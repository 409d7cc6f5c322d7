//! `apim lint`: a registry of documented rules over the typed policy IR.
//!
//! Every rule is one file under `rules/` with its code, kebab-case name, category,
//! default severity, documentation and fix availability ([`rule::Rule`]); the registry
//! ([`registry::RULES`]) lists them all, including the checks `apim check` performs
//! (`S1xx`, `P2xx`, `E3xx`), so one configuration selects and suppresses both.
//!
//! ```
//! let source = r#"<policies><inbound><base /><set-variable name="unused" value="1" /></inbound>
//! <backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>"#;
//! let findings = apim_lint::lint(source, &apim_lint::Settings::all());
//! assert_eq!(findings[0].diagnostic.code().code, "L403");
//! ```

pub mod config;
pub mod context;
pub mod docs;
mod engine;
pub mod finding;
pub mod fix;
pub mod intent;
pub mod patterns;
pub mod registry;
pub mod render;
pub mod rule;
mod rules;
pub mod service;
pub mod suppression;
pub mod variables;
pub mod walk;

pub use config::{Config, ConfigError, Settings};
pub use engine::{lint, lint_in, lint_with};
pub use finding::{Edit, Finding, Fix};
pub use rule::{Category, Check, Docs, FixAvailability, Rule, Status};

/// Where the project lives (rule documentation links).
pub const REPOSITORY: &str = "https://github.com/apim-rs/apim";
