//! Inline suppressions: `<!-- apim-ignore: L402, L403 -- reason -->` silences those
//! codes in the element that follows the comment. One that silences nothing is reported.

use apim_syntax::tree::{Document, Node};
use apim_text::Span;

/// One code of one suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The code or rule name as written.
    pub code: String,
    /// Where the code is written in the comment.
    pub span: Span,
    /// The element it applies to (empty when nothing follows).
    pub target: Span,
    pub used: bool,
}

const MARKER: &str = "apim-ignore:";

/// Collects every suppression comment of a document, once per file.
#[must_use]
pub fn collect(document: &Document, source: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    nodes(&document.nodes, source, &mut found);
    found
}

fn nodes(list: &[Node], source: &str, found: &mut Vec<Suppression>) {
    for (index, node) in list.iter().enumerate() {
        match node {
            Node::Comment(comment) => {
                let Some(text) = source.get(comment.text.start as usize..comment.text.end as usize) else { continue };
                let trimmed_start = text.len() - text.trim_start().len();
                let Some(rest) = text.trim_start().strip_prefix(MARKER) else { continue };
                let target = list[index + 1..]
                    .iter()
                    .find_map(|next| match next {
                        Node::Element(element) => Some(element.span),
                        _ => None,
                    })
                    .unwrap_or_default();
                let codes = rest.split_once("--").map_or(rest, |(codes, _reason)| codes);
                let mut offset = comment.text.start as usize + trimmed_start + MARKER.len();
                for part in codes.split(',') {
                    let code = part.trim();
                    if !code.is_empty() {
                        let start = offset + (part.len() - part.trim_start().len());
                        let span = Span::new(to_u32(start), to_u32(start + code.len()));
                        found.push(Suppression { code: code.to_owned(), span, target, used: false });
                    }
                    offset += part.len() + 1;
                }
            }
            Node::Element(element) => nodes(&element.children, source, found),
            _ => {}
        }
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
