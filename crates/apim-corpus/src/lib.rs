//! Where tests find real policy documents: `$APIM_CORPUS`, else `../shared/corpus` beside
//! the workspace. The corpus is read in place and never copied into the repository.
//!
//! When the corpus is missing, tests fail under CI (`CI` set) and are skipped with a
//! loud message on a developer machine.

use std::path::{Path, PathBuf};

/// One corpus file.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// Path relative to the corpus root, with `/` separators (stable in snapshots).
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// The corpus root, or `None` (after printing why) when it is absent outside CI.
///
/// # Panics
/// Under CI when the corpus cannot be found.
#[must_use]
pub fn root() -> Option<PathBuf> {
    let candidate = std::env::var_os("APIM_CORPUS")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"), PathBuf::from);
    if candidate.join("MANIFEST.tsv").is_file() {
        return Some(candidate);
    }
    let message =
        format!("the policy corpus was not found at {} (set APIM_CORPUS to its directory)", candidate.display());
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("SKIPPED: {message}");
    None
}

/// The real documents: every `*.xml` except the tutorial snippets in `seed-article/`,
/// sorted by name.
#[must_use]
pub fn real_documents() -> Vec<CorpusFile> {
    files(|name| !name.starts_with("seed-article/"))
}

/// The tutorial snippets with deliberate authoring mistakes.
#[must_use]
pub fn seed_snippets() -> Vec<CorpusFile> {
    files(|name| name.starts_with("seed-article/"))
}

fn files(keep: impl Fn(&str) -> bool) -> Vec<CorpusFile> {
    let Some(root) = root() else { return Vec::new() };
    let mut found = Vec::new();
    collect(&root, &root, &mut found);
    found.retain(|file| keep(&file.name));
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

fn collect(root: &Path, dir: &Path, found: &mut Vec<CorpusFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, found);
        } else if path.extension().is_some_and(|extension| extension == "xml") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            found.push(CorpusFile { name, path, text });
        }
    }
}
