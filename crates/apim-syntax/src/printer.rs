//! The canonical form behind `apim fmt`.
//!
//! Structure is re-indented: one element per line, four spaces a level, one blank line
//! kept where the author left any, long start tags wrapped one attribute per line. Bytes
//! that carry meaning are copied as they are: attribute values (expressions, entity
//! style), comments, and the whole content of any element that holds text (`set-body`,
//! `value`, an expression). Before the result is returned it is read again and compared
//! with the input, so formatting can never lose a comment or a byte of an expression.

use std::fmt::Write as _;

use apim_diagnostics::Diagnostic;

use crate::reader::parse;
use crate::tree::{Content, Document, Element, Node, Quote};

const INDENT: &str = "    ";
/// Start tags longer than this are wrapped one attribute per line.
const MAX_WIDTH: usize = 120;

#[derive(Debug)]
pub enum FormatError {
    /// The input has syntax errors; it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The printer would have changed the document's content (a bug in apim). The
    /// message names the first difference.
    NotLossless(String),
}

/// Formats a policy document. The result is idempotent and reads back to the same
/// elements, attributes, text, comments and expressions.
///
/// # Errors
/// [`FormatError::Syntax`] when the input does not read cleanly;
/// [`FormatError::NotLossless`] if the safety check finds a difference.
pub fn format(source: &str) -> Result<String, FormatError> {
    let parsed = parse(source);
    if parsed.has_errors() {
        return Err(FormatError::Syntax(parsed.diagnostics));
    }
    let output = print(&parsed.document, source);
    let reread = parse(&output);
    if reread.has_errors() {
        return Err(FormatError::NotLossless(format!(
            "the formatted document does not read back: {}",
            reread.diagnostics[0]
        )));
    }
    let before = fingerprint(&parsed.document, source);
    let after = fingerprint(&reread.document, &output);
    if let Some(index) = before.iter().zip(&after).position(|(a, b)| a != b) {
        return Err(FormatError::NotLossless(format!(
            "content differs after formatting: {:?} became {:?}",
            before[index], after[index]
        )));
    }
    if before.len() != after.len() {
        return Err(FormatError::NotLossless("the formatted document has a different number of nodes".into()));
    }
    Ok(output)
}

/// Prints a document that read without errors.
#[must_use]
pub fn print(document: &Document, source: &str) -> String {
    let newline = if source.matches("\r\n").count() * 2 > source.matches('\n').count() { "\r\n" } else { "\n" };
    let mut printer = Printer { source, newline, out: String::with_capacity(source.len() + source.len() / 8) };
    if document.bom {
        printer.out.push('\u{feff}');
    }
    printer.siblings(&document.nodes, 0, None);
    printer.out.push_str(newline);
    printer.out
}

struct Printer<'a> {
    source: &'a str,
    newline: &'static str,
    out: String,
}

impl Printer<'_> {
    fn raw(&self, span: apim_text::Span) -> &str {
        span.text(self.source)
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    /// Prints the visible nodes of a list, each on its own line, except a comment that
    /// followed its previous sibling on the same line. `after` is where the list starts
    /// (the end of the parent's start tag), to find the first node's leading space.
    fn siblings(&mut self, nodes: &[Node], depth: usize, after: Option<u32>) {
        let mut previous_end = after;
        let mut first = true;
        for node in nodes {
            if is_blank(node) {
                continue;
            }
            let start = node.span().start;
            let gap = previous_end.map_or("", |end| self.raw(apim_text::Span::new(end, start)));
            let newlines = gap.matches('\n').count();
            let same_line = !first && newlines == 0 && matches!(node, Node::Comment(_));
            if same_line {
                self.out.push(' ');
            } else {
                if !(first && after.is_none()) {
                    self.out.push_str(self.newline);
                }
                if !first && newlines >= 2 {
                    self.out.push_str(self.newline);
                }
                self.indent(depth);
            }
            self.node(node, depth);
            previous_end = Some(node.span().end);
            first = false;
        }
    }

    fn node(&mut self, node: &Node, depth: usize) {
        match node {
            Node::Element(element) => self.element(element, depth),
            Node::Text(text) => {
                let raw = self.raw(text.span).trim().to_owned();
                self.out.push_str(&raw);
            }
            Node::Comment(comment) => {
                let raw = self.raw(comment.span).to_owned();
                self.out.push_str(&raw);
            }
            Node::CData(cdata) => {
                let raw = self.raw(cdata.span).to_owned();
                self.out.push_str(&raw);
            }
            Node::ProcessingInstruction(span) | Node::Doctype(span) => {
                let raw = self.raw(*span).to_owned();
                self.out.push_str(&raw);
            }
        }
    }

    fn element(&mut self, element: &Element, depth: usize) {
        let empty = element.children.iter().all(is_blank);
        self.start_tag(element, depth, empty);
        if empty {
            return;
        }
        if holds_text(element) {
            let content = self.raw(element.content_span()).to_owned();
            self.out.push_str(&content);
        } else {
            self.siblings(&element.children, depth + 1, Some(element.start_tag.end));
            self.out.push_str(self.newline);
            self.indent(depth);
        }
        let _ = write!(self.out, "</{}>", element.name);
    }

    fn start_tag(&mut self, element: &Element, depth: usize, self_closing: bool) {
        let attributes: Vec<String> = element
            .attributes
            .iter()
            .map(|attribute| {
                let raw = self.raw(attribute.value.span);
                // Prefer double quotes unless the value holds a raw double quote.
                let quote = match attribute.quote {
                    Quote::Single if raw.contains('"') => '\'',
                    _ => '"',
                };
                format!("{}={quote}{raw}{quote}", attribute.name)
            })
            .collect();
        let close = if self_closing { " />" } else { ">" };
        let one_line: usize = INDENT.len() * depth
            + 1
            + element.name.len()
            + attributes.iter().map(|attribute| 1 + first_line_len(attribute)).sum::<usize>()
            + close.len();
        let _ = write!(self.out, "<{}", element.name);
        let wrap = attributes.len() > 1 && one_line > MAX_WIDTH;
        for attribute in &attributes {
            if wrap {
                self.out.push_str(self.newline);
                self.indent(depth + 1);
            } else {
                self.out.push(' ');
            }
            self.out.push_str(attribute);
        }
        self.out.push_str(close);
    }
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

/// Whitespace between elements, which the printer replaces with its own.
fn is_blank(node: &Node) -> bool {
    matches!(node, Node::Text(text) if text.is_blank())
}

/// An element whose content must be kept as written: it holds text (a value, a body, an
/// expression) or CDATA. A deploy-time placeholder such as `{product-token-limits}` that
/// the author wrote on a line of its own stands where policies go and is printed like
/// one; written inline (`<audience>{aud}</audience>`) it is the element's text.
fn holds_text(element: &Element) -> bool {
    element.children.iter().any(|child| match child {
        Node::Text(text) => match &text.value.content {
            Content::Literal(literal) => {
                let trimmed = literal.trim();
                let own_line = literal.trim_start_matches([' ', '\t', '\r']).starts_with('\n')
                    && literal.trim_end_matches([' ', '\t', '\r']).ends_with('\n');
                let structural_placeholder = is_placeholder(trimmed) && own_line;
                !trimmed.is_empty() && !structural_placeholder
            }
            Content::Expression(_) => true,
        },
        Node::CData(_) => true,
        _ => false,
    })
}

/// `{name}`: a template placeholder filled at deployment.
#[must_use]
pub fn is_placeholder(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) else {
        return false;
    };
    let mut chars = inner.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// What formatting must keep: every element, attribute (name and raw value), comment,
/// processing instruction, CDATA section and non-blank text, with expressions to the byte.
fn fingerprint(document: &Document, source: &str) -> Vec<String> {
    fn walk(nodes: &[Node], source: &str, out: &mut Vec<String>) {
        for node in nodes {
            match node {
                Node::Element(element) => {
                    out.push(format!("<{}", element.name));
                    for attribute in &element.attributes {
                        out.push(format!("@{}={}", attribute.name, attribute.value.span.text(source)));
                    }
                    walk(&element.children, source, out);
                    out.push(format!("</{}", element.name));
                }
                Node::Text(text) if text.is_blank() => {}
                other => out.push(other.span().text(source).trim().to_owned()),
            }
        }
    }
    let mut out = Vec::new();
    walk(&document.nodes, source, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(source: &str) -> String {
        format(source).expect("formats")
    }

    #[test]
    fn reindents_structure_and_keeps_values() {
        let source = "<policies>\n  <inbound>\n<base/>\n\n\n <set-variable name='a'   value=\"@(x[&quot;k&quot;])\"/> <!-- why -->\n  </inbound>\n</policies>";
        let expected = "<policies>\n    <inbound>\n        <base />\n\n        <set-variable name=\"a\" value=\"@(x[&quot;k&quot;])\" /> <!-- why -->\n    </inbound>\n</policies>\n";
        assert_eq!(fmt(source), expected);
        assert_eq!(fmt(expected), expected);
    }

    #[test]
    fn keeps_text_content_verbatim() {
        let source = "<policies><outbound><set-body>@{\n   return \"<b>\" ;\n}</set-body><set-header name=\"h\"><value> a &amp; b </value></set-header></outbound></policies>";
        let out = fmt(source);
        assert!(out.contains("<set-body>@{\n   return \"<b>\" ;\n}</set-body>"), "{out}");
        assert!(out.contains("<value> a &amp; b </value>"), "{out}");
    }

    #[test]
    fn keeps_raw_quotes_in_single_quoted_values() {
        let out = fmt("<policies><inbound><set-variable name='n' value='@(x[\"a\"])' /></inbound></policies>");
        assert!(out.contains("value='@(x[\"a\"])'"), "{out}");
    }

    #[test]
    fn placeholder_children_stand_on_their_own_line() {
        let out = fmt("<policies><inbound><base />\n{product-token-limits}\n</inbound></policies>");
        let expected = "<policies>\n    <inbound>\n        <base />\n        {product-token-limits}\n    </inbound>\n</policies>\n";
        assert_eq!(out, expected);
        // Inline, a placeholder is the element's text and stays as written.
        let inline = "<policies>\n    <inbound>\n        <x>{aud}</x>\n    </inbound>\n</policies>\n";
        assert_eq!(fmt(inline), inline);
    }

    #[test]
    fn wraps_long_tags_one_attribute_per_line() {
        let long = "x".repeat(100);
        let out = fmt(&format!("<policies><inbound><set-variable name=\"n\" value=\"{long}\" /></inbound></policies>"));
        assert!(
            out.contains(&format!("<set-variable\n            name=\"n\"\n            value=\"{long}\" />")),
            "{out}"
        );
    }

    #[test]
    fn keeps_crlf_bom_and_prolog() {
        let source = "\u{feff}<?xml version=\"1.0\"?>\r\n<!-- top -->\r\n<policies>\r\n<inbound />\r\n</policies>";
        assert_eq!(
            fmt(source),
            "\u{feff}<?xml version=\"1.0\"?>\r\n<!-- top -->\r\n<policies>\r\n    <inbound />\r\n</policies>\r\n"
        );
    }

    #[test]
    fn refuses_documents_with_syntax_errors() {
        assert!(matches!(format("<policies><inbound></policies>"), Err(FormatError::Syntax(_))));
    }
}
