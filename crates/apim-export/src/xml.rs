//! The canonical policy document for APIM, in the two forms its management API takes:
//! `rawxml` (expressions verbatim, as authors write them; APIM's own reader accepts raw
//! `"` and `<` inside `@(...)`) and `xml` (well-formed XML: every expression and literal
//! escaped, so any XML parser reads it). Both read back to the same IR.

use std::collections::{BTreeMap, BTreeSet};

use apim_diagnostics::Diagnostic;
use apim_ir::LowerOptions;
use apim_syntax::tree::{Content, Node};

/// Why a policy could not be exported.
#[derive(Debug)]
pub enum XmlError {
    /// The policy has error-level problems (reader, catalog or expressions), as found in
    /// the text given (the source, or the source with the parameters filled in).
    Invalid { text: String, diagnostics: Vec<Diagnostic> },
    /// The canonical printer could not keep the content (a bug in apim).
    Bug(String),
}

/// A policy exported for `rawxml`, with what happened to its template placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawXml {
    pub text: String,
    /// `{name}` placeholders left in the document because no parameter gave a value.
    pub unfilled: Vec<String>,
    /// Parameters that matched no placeholder (probably misspelt).
    pub unused: Vec<String>,
}

/// The canonical `rawxml` form of a policy: `apim fmt`'s layout, with each `{name}`
/// template placeholder replaced by `params[name]`.
///
/// # Errors
/// [`XmlError::Invalid`] when the policy (or the policy with parameters filled in) has
/// error-level diagnostics; [`XmlError::Bug`] if the printer would lose content.
pub fn raw(source: &str, params: &BTreeMap<String, String>) -> Result<RawXml, XmlError> {
    check(source)?;
    let canonical = match apim_syntax::format(source) {
        Ok(text) => text,
        Err(apim_syntax::FormatError::Syntax(diagnostics)) => {
            return Err(XmlError::Invalid { text: source.to_owned(), diagnostics });
        }
        Err(apim_syntax::FormatError::NotLossless(message)) => return Err(XmlError::Bug(message)),
    };
    let (text, used, unfilled) = fill(&canonical, params);
    if !used.is_empty() {
        check(&text)?;
    }
    let unused = params.keys().filter(|name| !used.contains(*name)).cloned().collect();
    Ok(RawXml { text, unfilled, unused })
}

/// The well-formed `xml` form of a canonical document (the text [`raw`] returns): the
/// same layout, every attribute double-quoted with `&`, `<`, `"` and line breaks
/// escaped, text content with `&` and `<` escaped, comments made valid.
#[must_use]
pub fn escaped(canonical: &str) -> String {
    let parsed = apim_syntax::parse(canonical);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    collect_escapes(&parsed.document.nodes, canonical, &mut edits);
    apply(canonical, edits)
}

fn check(text: &str) -> Result<(), XmlError> {
    let lowered = apim_ir::read(text, LowerOptions::default());
    if lowered.has_errors() {
        let diagnostics =
            lowered.diagnostics.into_iter().filter(|d| d.severity() == apim_diagnostics::Severity::Error).collect();
        return Err(XmlError::Invalid { text: text.to_owned(), diagnostics });
    }
    Ok(())
}

fn collect_escapes(nodes: &[Node], source: &str, edits: &mut Vec<(usize, usize, String)>) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                for attribute in &element.attributes {
                    let value = match &attribute.value.content {
                        Content::Literal(text) => escape_attribute(text),
                        Content::Expression(expression) => escape_attribute(&expression.code),
                    };
                    let span = attribute.span;
                    edits.push((span.start as usize, span.end as usize, format!("{}=\"{value}\"", attribute.name)));
                }
                collect_escapes(&element.children, source, edits);
            }
            Node::Text(text) => match &text.value.content {
                Content::Literal(literal) => {
                    edits.push((text.span.start as usize, text.span.end as usize, escape_text(literal)));
                }
                Content::Expression(expression) => {
                    let span = expression.span;
                    edits.push((span.start as usize, span.end as usize, escape_text(&expression.code)));
                }
            },
            Node::Comment(comment) => {
                let inner = comment.text.text(source);
                let fixed = valid_comment(inner);
                if fixed != inner {
                    edits.push((comment.text.start as usize, comment.text.end as usize, fixed));
                }
            }
            Node::CData(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => {}
        }
    }
}

fn apply(source: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|(start, _, _)| *start);
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    let mut at = 0;
    for (start, end, replacement) in edits {
        if start < at || end > source.len() {
            continue;
        }
        out.push_str(&source[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&source[at..]);
    out
}

/// An attribute value for double quotes. Line breaks and tabs become character
/// references: an XML parser would otherwise turn them into spaces, and a `//` comment
/// in a multi-line expression would then swallow the rest of it.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Element text: `&` and `<` escaped, and the `>` of a `]]>`.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' if out.ends_with("]]") => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// XML forbids `--` inside a comment and a `-` just before its end.
fn valid_comment(text: &str) -> String {
    let mut fixed = text.to_owned();
    while fixed.contains("--") {
        fixed = fixed.replace("--", "- -");
    }
    if fixed.ends_with('-') {
        fixed.push(' ');
    }
    fixed
}

/// Replaces `{name}` placeholders outside expressions. Returns the text, the parameter
/// names used and the placeholders left unfilled.
fn fill(canonical: &str, params: &BTreeMap<String, String>) -> (String, BTreeSet<String>, Vec<String>) {
    let parsed = apim_syntax::parse(canonical);
    let mut edits = Vec::new();
    let mut used = BTreeSet::new();
    let mut unfilled = BTreeSet::new();
    fill_nodes(&parsed.document.nodes, canonical, params, &mut edits, &mut used, &mut unfilled);
    (apply(canonical, edits), used, unfilled.into_iter().collect())
}

fn fill_nodes(
    nodes: &[Node],
    source: &str,
    params: &BTreeMap<String, String>,
    edits: &mut Vec<(usize, usize, String)>,
    used: &mut BTreeSet<String>,
    unfilled: &mut BTreeSet<String>,
) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                for attribute in &element.attributes {
                    if let Content::Literal(_) = attribute.value.content {
                        let span = attribute.value.span;
                        let raw = span.text(source);
                        let quote = attribute.quote.as_str();
                        let replace = |value: &str| {
                            let escaped = escape_attribute(value);
                            if quote == "'" { escaped.replace('\'', "&apos;") } else { escaped }
                        };
                        for (offset, name) in apim_ir::placeholders(raw).into_iter().rev() {
                            let start = span.start as usize + offset;
                            match params.get(&name) {
                                Some(value) => {
                                    edits.push((start, start + name.len() + 2, replace(value)));
                                    used.insert(name);
                                }
                                None => {
                                    unfilled.insert(name);
                                }
                            }
                        }
                    }
                }
                fill_nodes(&element.children, source, params, edits, used, unfilled);
            }
            Node::Text(text) => {
                if let Content::Literal(_) = text.value.content {
                    let raw = text.span.text(source);
                    let structural = raw.trim().len() > 2 && apim_syntax::is_placeholder(raw.trim());
                    for (offset, name) in apim_ir::placeholders(raw) {
                        let start = text.span.start as usize + offset;
                        match params.get(&name) {
                            Some(value) => {
                                // A placeholder standing alone where policies go takes
                                // policy XML; inside other text it is text.
                                let value = if structural && value.trim_start().starts_with('<') {
                                    value.clone()
                                } else {
                                    escape_text(value)
                                };
                                edits.push((start, start + name.len() + 2, value));
                                used.insert(name);
                            }
                            None => {
                                unfilled.insert(name);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn escapes_expressions_in_attributes_and_text() {
        let source = "<policies><inbound><set-variable name='n' value='@(context.Variables[\"a\"] != null && 1 < 2)' /><set-body>@{ return 1 < 2 ? \"&\" : \"]]>\"; }</set-body></inbound></policies>";
        let raw = raw(source, &BTreeMap::new()).unwrap().text;
        let xml = escaped(&raw);
        assert!(xml.contains(r#"value="@(context.Variables[&quot;a&quot;] != null &amp;&amp; 1 &lt; 2)""#), "{xml}");
        assert!(xml.contains(r#"<set-body>@{ return 1 &lt; 2 ? "&amp;" : "]]&gt;"; }</set-body>"#), "{xml}");
    }

    #[test]
    fn line_breaks_in_attributes_become_character_references() {
        let source =
            "<policies><inbound><set-variable name=\"n\" value=\"@{\n// why\nreturn 1;\n}\" /></inbound></policies>";
        let xml = escaped(&raw(source, &BTreeMap::new()).unwrap().text);
        assert!(xml.contains("value=\"@{&#10;// why&#10;return 1;&#10;}\""), "{xml}");
    }

    #[test]
    fn fills_placeholders_and_reports_the_rest() {
        let source = "<policies><inbound><set-backend-service backend-id=\"{backend-id}\" />\n{limits}\n<set-header name=\"h\"><value>{a}</value></set-header></inbound></policies>";
        let out = raw(
            source,
            &params(&[
                ("backend-id", "pool-1"),
                ("limits", "<rate-limit calls=\"5\" renewal-period=\"60\" />"),
                ("typo", "x"),
            ]),
        )
        .unwrap();
        assert!(out.text.contains("backend-id=\"pool-1\""), "{}", out.text);
        assert!(out.text.contains("<rate-limit calls=\"5\" renewal-period=\"60\" />"), "{}", out.text);
        assert_eq!(out.unfilled, ["a"]);
        assert_eq!(out.unused, ["typo"]);
    }

    #[test]
    fn refuses_a_policy_with_errors() {
        assert!(matches!(
            raw("<policies><inbound><nope /></inbound></policies>", &BTreeMap::new()),
            Err(XmlError::Invalid { .. })
        ));
    }

    #[test]
    fn comments_are_made_valid() {
        assert_eq!(valid_comment(" a -- b -"), " a - - b - ");
    }
}
