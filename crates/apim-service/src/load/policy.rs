//! Policy files: read with the tolerant reader and lowered to the IR; their diagnostics
//! keep the reader's and the catalog's codes.

use apim_diagnostics::Diagnostic;
use apim_ir::{LowerOptions, Root};
use apim_text::Span;

use super::{Folder, Sink};
use crate::codes;
use crate::model::PolicyFile;

/// Which root element a policy file must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `<policies>`: global, product, API and operation policies.
    Policies,
    /// `<fragment>`: a policy fragment.
    Fragment,
}

/// Reads the policy at `relative`, or `None` when the file does not exist.
pub(crate) fn load(folder: &Folder, relative: &[&str], kind: Kind, sink: &mut Sink) -> Option<PolicyFile> {
    let source = folder.read(relative, sink)?;
    let path = Folder::display(relative);
    let lowered = apim_ir::read(&source, LowerOptions::default());
    for diagnostic in lowered.diagnostics {
        sink.push(&path, &source, diagnostic);
    }
    let expected = match (kind, &lowered.document.root) {
        (Kind::Policies, Root::Policies(_)) | (Kind::Fragment, Root::Fragment(_)) | (_, Root::Invalid) => None,
        (Kind::Policies, _) => Some(("`<policies>`", "a policy document here starts with `<policies>`")),
        (Kind::Fragment, _) => {
            Some(("`<fragment>`", "a policy fragment starts with `<fragment>` and holds policies without sections"))
        }
    };
    if let Some((root, help)) = expected {
        let start = source.find('<').and_then(|at| u32::try_from(at).ok()).unwrap_or(0);
        sink.push(
            &path,
            &source,
            Diagnostic::error(codes::WRONG_DOCUMENT_KIND, format!("`{path}` must have the root element {root}"))
                .with_primary(Span::new(start, start + 1), "root element")
                .with_help(help),
        );
    }
    Some(PolicyFile { path, source, document: lowered.document })
}
