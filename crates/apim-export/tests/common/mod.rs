//! Loading the fixture service folder and the `policies/` library for the export tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use apim_export::plan::PolicySource;
use apim_export::template::Template;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixture_service() -> apim_service::Service {
    let loaded = apim_service::load(&workspace().join("fixtures/services/ai-gateway"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.service
}

pub fn fixture_template() -> Template {
    apim_export::plan::service(&fixture_service()).expect("plans")
}

/// Every `*.xml` under `policies/`, sorted, with paths relative to it; a service folder
/// in it (`policies/gateway`, with its own `apis/`) is a service, not library policies.
pub fn library() -> Vec<PolicySource> {
    let root = workspace().join("policies");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort_by(|a: &PolicySource, b| a.path.cmp(&b.path));
    files
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PolicySource>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.join("apis").is_dir() {
                collect(root, &path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "xml") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push(PolicySource { path: relative, text: std::fs::read_to_string(&path).unwrap() });
        }
    }
}

pub fn library_template() -> Template {
    apim_export::plan::policies(&library()).expect("plans")
}
