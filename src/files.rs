//! Finding and reading policy files.

use std::path::{Path, PathBuf};

/// Policy files named on the command line: files as given, directories searched
/// recursively for `*.xml`, in sorted order. Paths that do not exist are errors.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|entry| match entry {
                    Ok(entry) => Some(entry),
                    Err(error) => {
                        errors.push(format!("{}: {error}", path.display()));
                        None
                    }
                })
                .filter(|entry| entry.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .filter(|path| path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("xml")))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            errors.push(format!("{}: no such file or directory", path.display()));
        }
    }
    (files, errors)
}

/// Reads a policy file as UTF-8 text.
pub fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: the file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}

/// A path as shown to the user: relative to the working directory when possible, with `/`.
pub fn display(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}
