//! Whole-service linting: an APIOps folder (`apis/<name>/policy.xml`, `products/`,
//! `policy fragments/`, `named values/`, `backends/`) loaded by `apim-service`, every
//! policy linted with the knowledge of what the service defines and of the scopes around it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use apim_service::{PolicyFile, Service};

use crate::config::Config;
use crate::context::{Context, Environment, ScopeKind};
use crate::finding::Finding;
use crate::render::FileReport;
use crate::variables::{reads, setters};

/// The folders an APIOps extractor writes; a directory holding any of them is a service.
const SERVICE_FOLDERS: &[&str] = &["apis", "products", "policy fragments", "named values", "backends"];

/// Whether `path` is a service folder rather than a directory of policy files.
#[must_use]
pub fn is_service_folder(path: &Path) -> bool {
    path.is_dir() && SERVICE_FOLDERS.iter().any(|folder| path.join(folder).is_dir())
}

/// One linted file of the service.
#[derive(Debug)]
pub struct ServiceFile {
    /// The file on disk (for `--fix`).
    pub path: PathBuf,
    /// Whether the file is a policy (fixes apply only to policies).
    pub is_policy: bool,
    pub report: FileReport,
}

/// One policy of the service and where it stands.
struct Document<'s> {
    file: &'s PolicyFile,
    scope: ScopeKind,
    /// The documents of the enclosing scopes (indexes).
    outer: Vec<usize>,
}

/// Lints every policy of the service folder at `root`; `shown` is how the folder is
/// shown in paths. The loader's own problems (`C4xx`) are reported too.
#[must_use]
pub fn lint_service(root: &Path, shown: &str, config: &Config, strict: bool) -> Vec<ServiceFile> {
    let loaded = apim_service::load(root);
    let documents = documents(&loaded.service);
    let names = |file: &PolicyFile| {
        let context = Context::new(&file.source, &file.document);
        let set: BTreeSet<String> = setters(&context).iter().map(|setter| setter.name.to_owned()).collect();
        let read: BTreeSet<String> = reads(&context).iter().map(|read| read.read.name.to_owned()).collect();
        let included: BTreeSet<String> = context
            .policies_named("include-fragment")
            .filter_map(|policy| crate::context::literal(policy.node, "fragment-id").map(str::to_owned))
            .collect();
        (set, read, included)
    };
    let facts: Vec<_> = documents.iter().map(|document| names(document.file)).collect();
    let fragment_index: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .filter(|(_, document)| document.scope == ScopeKind::Fragment)
        .filter_map(|(index, document)| fragment_name(document.file).map(|name| (name, index)))
        .collect();
    let service = &loaded.service;
    let base = Environment {
        scope: ScopeKind::Global,
        named_values: service.named_values.iter().map(|value| value.display_name.clone()).collect(),
        fragments: service.fragments.iter().map(|fragment| fragment.name.clone()).collect(),
        backends: service.backends.iter().map(|backend| backend.name.clone()).collect(),
        variables_set_elsewhere: BTreeSet::new(),
        variables_read_elsewhere: BTreeSet::new(),
    };
    let mut files = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let mut set = BTreeSet::new();
        if document.scope == ScopeKind::Fragment {
            facts.iter().for_each(|(names, _, _)| set.extend(names.iter().cloned()));
        } else {
            for &outer in &document.outer {
                set.extend(facts[outer].0.iter().cloned());
            }
            // Fragments included here or in an enclosing scope (and what they include).
            let mut pending: Vec<&String> =
                document.outer.iter().chain([&index]).flat_map(|&at| facts[at].2.iter()).collect();
            let mut seen = BTreeSet::new();
            while let Some(name) = pending.pop() {
                if let Some(&fragment) = fragment_index.get(name.as_str())
                    && seen.insert(fragment)
                {
                    set.extend(facts[fragment].0.iter().cloned());
                    pending.extend(facts[fragment].2.iter());
                }
            }
        }
        let read = facts
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .flat_map(|(_, (_, read, _))| read.iter().cloned())
            .collect();
        let environment = Environment {
            scope: document.scope,
            variables_set_elsewhere: set,
            variables_read_elsewhere: read,
            ..base.clone()
        };
        let path = root.join(&document.file.path);
        let mut settings = config.settings_for(&path);
        settings.strict |= strict;
        let findings = crate::lint_in(&document.file.source, &settings, Some(&environment));
        files.push(ServiceFile {
            path,
            is_policy: true,
            report: FileReport {
                path: join(shown, &document.file.path),
                source: document.file.source.clone(),
                findings,
            },
        });
    }
    // The loader's problems with the folder itself; references from policies are the
    // lint rules above, and the policies' own diagnostics come from linting them.
    let mut by_file: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for found in &loaded.diagnostics {
        let code = found.diagnostic.code().code;
        let in_policy = found.file.ends_with(".xml");
        if !code.starts_with('C') || (in_policy && code == apim_service::codes::UNKNOWN_REFERENCE.code) {
            continue;
        }
        by_file
            .entry(found.file.clone())
            .or_default()
            .push(Finding { diagnostic: found.diagnostic.clone(), fix: None });
    }
    for (file, findings) in by_file {
        if let Some(existing) = files.iter_mut().find(|existing| existing.report.path == join(shown, &file)) {
            existing.report.findings.extend(findings);
            existing.report.findings.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
            continue;
        }
        let source = loaded.sources.get(&file).cloned().unwrap_or_default();
        files.push(ServiceFile {
            path: root.join(&file),
            is_policy: false,
            report: FileReport { path: join(shown, &file), source, findings },
        });
    }
    files.sort_by(|a, b| a.report.path.cmp(&b.report.path));
    files
}

fn join(shown: &str, file: &str) -> String {
    if shown.is_empty() || shown == "." { file.to_owned() } else { format!("{}/{file}", shown.trim_end_matches('/')) }
}

/// `policy fragments/<name>/policy.xml` -> `<name>`.
fn fragment_name(file: &PolicyFile) -> Option<&str> {
    file.path.strip_prefix("policy fragments/")?.split('/').next()
}

fn documents(service: &Service) -> Vec<Document<'_>> {
    let mut documents = Vec::new();
    let global = service.policy.as_ref().map(|file| {
        documents.push(Document { file, scope: ScopeKind::Global, outer: Vec::new() });
        documents.len() - 1
    });
    let mut product_index = BTreeMap::new();
    for product in &service.products {
        if let Some(file) = &product.policy {
            documents.push(Document { file, scope: ScopeKind::Product, outer: global.into_iter().collect() });
            product_index.insert(product.name.as_str(), documents.len() - 1);
        }
    }
    for api in &service.apis {
        let mut outer: Vec<usize> = global.into_iter().collect();
        for product in service.products.iter().filter(|product| product.apis.contains(&api.name)) {
            outer.extend(product_index.get(product.name.as_str()));
        }
        if let Some(file) = &api.policy {
            documents.push(Document { file, scope: ScopeKind::Api, outer: outer.clone() });
            outer.push(documents.len() - 1);
        }
        for operation in &api.operations {
            if let Some(file) = &operation.policy {
                documents.push(Document { file, scope: ScopeKind::Operation, outer: outer.clone() });
            }
        }
    }
    for fragment in &service.fragments {
        if let Some(file) = &fragment.policy {
            documents.push(Document { file, scope: ScopeKind::Fragment, outer: Vec::new() });
        }
    }
    documents
}
