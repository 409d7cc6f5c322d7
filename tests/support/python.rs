//! The Python the end-to-end tests drive official clients with.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A Python that can import `module`: `$APIM_TEST_PYTHON`, the prerequisites' virtual
/// environment, or `python3`.
pub fn with_module(module: &str) -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(explicit) = std::env::var_os("APIM_TEST_PYTHON") {
        candidates.push(PathBuf::from(explicit));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")));
    if let Some(cache) = cache {
        candidates.push(cache.join("apim/python/bin/python"));
    }
    candidates.push(PathBuf::from("python3"));
    candidates.into_iter().find(|python| {
        Command::new(python).args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success())
    })
}
