//! Loading a service folder: one module per resource kind. Everything is read, every
//! problem is a diagnostic with its file, nothing panics and nothing stops the load.

mod api;
mod backend;
mod duration;
mod fragment;
pub(crate) mod json;
mod named_value;
mod policy;
mod product;
mod references;
mod specification;
mod subscription;
mod version_set;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apim_diagnostics::{Diagnostic, Severity};
use apim_text::Span;

use crate::codes;
use crate::model::Service;

/// One diagnostic and the file it is about.
#[derive(Debug, Clone)]
pub struct FileDiagnostic {
    /// Relative to the service folder, with `/` separators.
    pub file: String,
    pub diagnostic: Diagnostic,
}

/// The result of [`load`]: the service as far as it could be read, every problem found,
/// and the text of each file a diagnostic points into (for rendering).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub service: Service,
    pub diagnostics: Vec<FileDiagnostic>,
    pub sources: BTreeMap<String, String>,
}

impl Loaded {
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|found| found.diagnostic.severity() == Severity::Error)
    }

    /// The 1-based line and column a diagnostic is reported at.
    #[must_use]
    pub fn line_col(&self, found: &FileDiagnostic) -> apim_text::LineCol {
        let source = self.sources.get(&found.file).map_or("", String::as_str);
        apim_text::LineIndex::new(source).line_col(source, found.diagnostic.primary_span().start)
    }
}

/// Collects diagnostics while loading.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    diagnostics: Vec<FileDiagnostic>,
    sources: BTreeMap<String, String>,
}

impl Sink {
    pub fn push(&mut self, file: &str, source: &str, diagnostic: Diagnostic) {
        self.sources.entry(file.to_owned()).or_insert_with(|| source.to_owned());
        self.diagnostics.push(FileDiagnostic { file: file.to_owned(), diagnostic });
    }

    /// A problem with a file or folder as a whole (missing, unreadable).
    pub fn file_problem(&mut self, file: &str, diagnostic: Diagnostic) {
        self.push(file, "", diagnostic);
    }
}

/// The service folder being read.
pub(crate) struct Folder {
    pub root: PathBuf,
}

impl Folder {
    /// `relative` as shown in diagnostics.
    pub fn display(relative: &[&str]) -> String {
        relative.join("/")
    }

    pub fn path(&self, relative: &[&str]) -> PathBuf {
        let mut path = self.root.clone();
        for part in relative {
            path.push(part);
        }
        path
    }

    pub fn exists(&self, relative: &[&str]) -> bool {
        self.path(relative).exists()
    }

    /// Names of the sub-folders of `relative`, sorted; none when it does not exist.
    pub fn subfolders(&self, relative: &[&str], sink: &mut Sink) -> Vec<String> {
        let path = self.path(relative);
        if !path.is_dir() {
            return Vec::new();
        }
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(error) => {
                sink.file_problem(&Self::display(relative), unreadable(&error.to_string()));
                return Vec::new();
            }
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|entry| entry.path().is_dir())
            .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
            .collect();
        names.sort();
        names
    }

    /// Reads a UTF-8 text file; `None` (silently) when it does not exist.
    pub fn read(&self, relative: &[&str], sink: &mut Sink) -> Option<String> {
        let path = self.path(relative);
        if !path.is_file() {
            return None;
        }
        let shown = Self::display(relative);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                sink.file_problem(&shown, unreadable(&error.to_string()));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            // A byte order mark is common in files saved on Windows; JSON parsers reject it.
            Ok(text) => Some(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text)),
            Err(error) => {
                sink.file_problem(
                    &shown,
                    unreadable(&format!(
                        "the file is not UTF-8 text (invalid byte at offset {})",
                        error.utf8_error().valid_up_to()
                    )),
                );
                None
            }
        }
    }

    /// Reads and parses a JSON file; `None` when absent or broken (reported).
    pub fn json(&self, relative: &[&str], sink: &mut Sink) -> Option<json::JsonFile> {
        let source = self.read(relative, sink)?;
        json::JsonFile::parse(&Self::display(relative), source, sink)
    }
}

fn unreadable(reason: &str) -> Diagnostic {
    Diagnostic::error(codes::UNREADABLE_FILE, format!("cannot read the file: {reason}"))
        .with_primary(Span::default(), "here")
        .with_help("make the file readable and save it as UTF-8")
}

/// A required file that is missing.
pub(crate) fn missing_file(sink: &mut Sink, relative: &[&str], what: &str) {
    sink.file_problem(
        &Folder::display(relative),
        Diagnostic::error(codes::MISSING_FILE, format!("`{}` is missing", Folder::display(relative)))
            .with_primary(Span::default(), "expected here")
            .with_help(what.to_owned()),
    );
}

/// Reads `relative`, an `<x>Information.json`: reports it missing (with `what` as the
/// help), unreadable, without its `properties` object, or with unknown `properties` keys.
/// `None` when there is nothing to load from it.
pub(crate) fn information_file(
    folder: &Folder,
    sink: &mut Sink,
    relative: &[&str],
    what: &str,
    known: &[&str],
) -> Option<json::JsonFile> {
    if !folder.exists(relative) {
        missing_file(sink, relative, what);
        return None;
    }
    let file = folder.json(relative, sink)?;
    let properties = json::Seg::Key("properties");
    if file.object(sink, &[properties]).is_none() {
        file.problem(
            sink,
            codes::MISSING_FIELD,
            &[],
            "`properties` is required".into(),
            "put the fields under `\"properties\"`",
        );
        return None;
    }
    file.unknown_keys(sink, &[properties], known);
    Some(file)
}

/// Loads the service folder at `root`. A folder that does not exist gives an empty
/// service and one diagnostic.
#[must_use]
pub fn load(root: &Path) -> Loaded {
    let mut sink = Sink::default();
    let folder = Folder { root: root.to_path_buf() };
    if !root.is_dir() {
        sink.file_problem(
            "",
            Diagnostic::error(codes::MISSING_FILE, format!("`{}` is not a folder", root.display()))
                .with_primary(Span::default(), "here")
                .with_help("give the service folder an APIOps extractor wrote (with `apis/`, `products/` ...)"),
        );
        return Loaded { service: Service::default(), diagnostics: sink.diagnostics, sources: sink.sources };
    }
    let mut service = Service {
        policy: policy::load(&folder, &["policy.xml"], policy::Kind::Policies, &mut sink),
        named_values: named_value::load_all(&folder, &mut sink),
        backends: Vec::new(),
        fragments: fragment::load_all(&folder, &mut sink),
        apis: Vec::new(),
        products: Vec::new(),
        subscriptions: Vec::new(),
        version_sets: version_set::load_all(&folder, &mut sink),
    };
    service.backends = backend::load_all(&folder, &mut sink);
    service.apis = api::load_all(&folder, &mut sink);
    version_set::check_references(&folder, &service.apis, &service.version_sets, &mut sink);
    service.products = product::load_all(&folder, &service.apis, &mut sink);
    service.subscriptions = subscription::load_all(&folder, &service, &mut sink);
    references::check(&service, &mut sink);
    backend::check_credentials(&folder, &service, &mut sink);
    let Sink { mut diagnostics, sources } = sink;
    diagnostics.sort_by(|a, b| (&a.file, a.diagnostic.sort_key()).cmp(&(&b.file, b.diagnostic.sort_key())));
    Loaded { service, diagnostics, sources }
}
