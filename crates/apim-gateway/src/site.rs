//! One loaded service folder, ready to serve: the service, its `apim.toml`, the routing
//! table, the subscriptions, the backend entities and mock LLMs, and the load input of
//! every (operation, product) pair. Loading checks everything a request could trip over
//! (every effective policy compiles, every `mock://` name exists, every subscription's
//! product or API exists), so a bad configuration stops `apim serve` before it listens.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use apim_diagnostics::render::{GraphicalOptions, graphical};
use apim_diagnostics::{FileDiagnostics, Severity};
use apim_executor::{BackendEntity, LoadInput, NamedValue};
use apim_mock_llm::{MockConfig, MockLlm};
use apim_service::Service;

use crate::config::{NamedValueOverride, ServeConfig, locate};
use crate::routing::Router;
use crate::subscription::Subscriptions;

/// The name of the built-in mock LLM: `mock://llm`.
pub const DEFAULT_MOCK: &str = "llm";

pub struct Site {
    pub root: PathBuf,
    pub service: Service,
    pub config: ServeConfig,
    pub router: Router,
    pub subscriptions: Subscriptions,
    pub backends: BTreeMap<String, BackendEntity>,
    pub mocks: BTreeMap<String, Arc<MockLlm>>,
    /// Keyed by (API index, operation index, product name).
    inputs: HashMap<(usize, usize, Option<String>), LoadInput>,
    /// Values never shown in traces or logs.
    pub secrets: Vec<String>,
    /// Printed at start (e.g. an API without a specification).
    pub warnings: Vec<String>,
}

/// Everything wrong with a service folder, each rendered with its file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteError {
    pub problems: Vec<String>,
}

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{}", problem.trim_end())?;
        }
        Ok(())
    }
}

impl Site {
    /// Loads and checks the service folder at `root`.
    ///
    /// # Errors
    /// A [`SiteError`] listing every problem found.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        let shown = root.display().to_string();
        if !root.is_dir() {
            return Err(SiteError { problems: vec![format!("{shown}: not a service folder (no such directory)")] });
        }
        let config = ServeConfig::load(root).map_err(|e| SiteError { problems: vec![e.to_string()] })?;
        let loaded = apim_service::load(root);
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut by_file: BTreeMap<&str, Vec<apim_diagnostics::Diagnostic>> = BTreeMap::new();
        for found in &loaded.diagnostics {
            by_file.entry(found.file.as_str()).or_default().push(found.diagnostic.clone());
        }
        for (file, diagnostics) in by_file {
            let path = format!("{}/{file}", shown.trim_end_matches('/'));
            let source = loaded.sources.get(file).map_or("", String::as_str);
            let (errors, others): (Vec<_>, Vec<_>) =
                diagnostics.into_iter().partition(|d| d.severity() == Severity::Error);
            for (list, sink) in [(errors, &mut problems), (others, &mut warnings)] {
                if !list.is_empty() {
                    let rendered = FileDiagnostics { path: &path, source, diagnostics: &list };
                    sink.push(graphical(&rendered, GraphicalOptions::default()));
                }
            }
        }
        let service = loaded.service;
        let toml_path = root.join("apim.toml");
        let toml_text = std::fs::read_to_string(&toml_path).unwrap_or_default();
        let at_toml = |needle: &str, message: String| {
            let (line, column) = locate(&toml_text, needle);
            format!("{}:{line}:{column}: {message}", toml_path.display())
        };

        let mut mocks = BTreeMap::new();
        let named = |name: &str, mut mock: MockConfig| {
            // Responses carry the instance's name (`x-mock-backend`): default it to the key.
            if mock.name == MockConfig::default().name {
                mock.name = name.to_owned();
            }
            Arc::new(MockLlm::new(mock))
        };
        mocks.insert(DEFAULT_MOCK.to_owned(), named(DEFAULT_MOCK, MockConfig::default()));
        for (name, mock) in &config.mocks {
            mocks.insert(name.clone(), named(name, mock.clone()));
        }
        let backends = apim_executor::service::backends(&service);
        for (name, backend) in &backends {
            if let Some(mock) = mock_name(&backend.url)
                && !mocks.contains_key(mock)
            {
                problems.push(format!(
                    "{shown}/backends/{name}/backendInformation.json: `url` names the mock backend `mock://{mock}`, which is not configured\n  help: add `[serve.mocks.{mock}]` to apim.toml, or use `mock://{DEFAULT_MOCK}`"
                ));
            }
        }
        for api in &service.apis {
            if let Some(mock) = api.service_url.as_deref().and_then(mock_name)
                && !mocks.contains_key(mock)
            {
                problems.push(format!(
                    "{shown}/apis/{}/apiInformation.json: `serviceUrl` names the mock backend `mock://{mock}`, which is not configured\n  help: add `[serve.mocks.{mock}]` to apim.toml, or use `mock://{DEFAULT_MOCK}`",
                    api.name
                ));
            }
        }
        for subscription in &config.subscriptions {
            if let Some(product) = &subscription.product
                && service.product(product).is_none()
            {
                problems.push(at_toml(
                    &format!("\"{product}\""),
                    format!("subscription `{}`: the service has no product `{product}`", subscription.name),
                ));
            }
            if let Some(api) = &subscription.api
                && service.api(api).is_none()
            {
                problems.push(at_toml(
                    &format!("\"{api}\""),
                    format!("subscription `{}`: the service has no API `{api}`", subscription.name),
                ));
            }
        }
        let mut overrides = BTreeMap::new();
        let mut secrets: Vec<String> =
            service.named_values.iter().filter(|n| n.secret).filter_map(|n| n.value.clone()).collect();
        for (name, value) in &config.named_values {
            match value {
                NamedValueOverride::Value(v) => {
                    overrides.insert(name.clone(), NamedValue { value: v.clone(), secret: false });
                }
                NamedValueOverride::Env { env, secret } => match std::env::var(env) {
                    Ok(v) => {
                        if *secret {
                            secrets.push(v.clone());
                        }
                        overrides.insert(name.clone(), NamedValue { value: v, secret: *secret });
                    }
                    Err(_) => problems.push(at_toml(
                        &format!("\"{env}\""),
                        format!("named value `{name}` comes from the environment variable `{env}`, which is not set"),
                    )),
                },
            }
        }
        if !problems.is_empty() {
            return Err(SiteError { problems });
        }

        let mut inputs = HashMap::new();
        for (a, api) in service.apis.iter().enumerate() {
            let mut products: Vec<Option<String>> = vec![None];
            products.extend(
                service
                    .products
                    .iter()
                    .filter(|p| p.apis.iter().any(|n| n.eq_ignore_ascii_case(&api.name)))
                    .map(|p| Some(p.name.clone())),
            );
            for (o, operation) in api.operations.iter().enumerate() {
                for product in &products {
                    let mut input =
                        apim_executor::service::load_input(&service, &api.name, &operation.name, product.as_deref())
                            .map_err(|e| SiteError { problems: vec![format!("{shown}: {}", e.0)] })?;
                    input.named_values.extend(overrides.clone());
                    if let Some(problem) = compile_problem(&input) {
                        problems.push(problem);
                    }
                    inputs.insert((a, o, product.clone()), input);
                }
            }
        }
        problems.dedup();
        if !problems.is_empty() {
            return Err(SiteError { problems });
        }
        Ok(Site {
            root: root.to_path_buf(),
            router: Router::new(&service),
            subscriptions: Subscriptions::new(&service, &config.subscriptions),
            service,
            config,
            backends,
            mocks,
            inputs,
            secrets,
            warnings,
        })
    }

    /// The load input of an operation under a product (or none).
    #[must_use]
    pub fn input(&self, api: usize, operation: usize, product: Option<&str>) -> Option<&LoadInput> {
        self.inputs.get(&(api, operation, product.map(str::to_owned)))
    }
}

/// `name` of a `mock://name/...` URL.
#[must_use]
pub fn mock_name(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("mock://")?;
    Some(rest.split(['/', '?']).next().unwrap_or(rest))
}

/// Compiles the effective policy once; its errors, rendered, if it does not compile.
fn compile_problem(input: &LoadInput) -> Option<String> {
    let loaded = apim_executor::load(input);
    if loaded.pipeline.is_some() {
        return None;
    }
    let mut out = String::new();
    for (index, file) in loaded.files.iter().enumerate() {
        let diagnostics: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|(i, d)| *i == index && d.severity() == Severity::Error)
            .map(|(_, d)| d.clone())
            .collect();
        if !diagnostics.is_empty() {
            let rendered = FileDiagnostics { path: &file.path, source: &file.text, diagnostics: &diagnostics };
            out.push_str(&graphical(&rendered, GraphicalOptions::default()));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_names() {
        assert_eq!(mock_name("mock://llm/openai"), Some("llm"));
        assert_eq!(mock_name("mock://primary"), Some("primary"));
        assert_eq!(mock_name("https://example.com"), None);
    }
}
