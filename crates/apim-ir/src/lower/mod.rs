//! Lowering: syntax tree to typed IR, checked against the policy catalog.

mod leniency;
mod policy;
mod requirements;
mod value;

use apim_catalog::SectionKind;
use apim_diagnostics::Diagnostic;
use apim_syntax::tree::{Content, Element, Node};
use apim_text::Span;

use crate::codes;
use crate::model::{Policy, PolicyDocument, Root, Section};

#[derive(Debug, Clone, Copy, Default)]
pub struct LowerOptions {
    /// Report deploy-time template placeholders (`{backend-id}`) as errors.
    pub strict_placeholders: bool,
}

/// The IR of one document and every problem found reading and checking it.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub document: PolicyDocument,
    pub diagnostics: Vec<Diagnostic>,
}

impl Lowered {
    #[must_use]
    pub fn has_errors(&self) -> bool {
        apim_diagnostics::has_errors(&self.diagnostics)
    }
}

/// Reads a policy document through every stage: the reader, lowering against the
/// catalog, and the expression stage (each expression parsed once and checked). All
/// diagnostics together, sorted by position.
#[must_use]
pub fn read(source: &str, options: LowerOptions) -> Lowered {
    let parsed = apim_syntax::parse(source);
    let mut lowered = lower(&parsed.document, source, options);
    lowered.diagnostics.extend(parsed.diagnostics);
    let expression_diagnostics = crate::analyze_expressions(&mut lowered.document);
    lowered.diagnostics.extend(expression_diagnostics);
    apim_diagnostics::sort_and_dedup(&mut lowered.diagnostics);
    lowered
}

/// Lowers a syntax tree (`source` is the text it was read from).
#[must_use]
pub fn lower(document: &apim_syntax::tree::Document, source: &str, options: LowerOptions) -> Lowered {
    let mut lowerer = Lowerer { source, options, diagnostics: Vec::new() };
    let span = Span::new(0, u32::try_from(source.len()).unwrap_or(u32::MAX));
    let root = document.root().map_or(Root::Invalid, |root| lowerer.root(root));
    Lowered { document: PolicyDocument { span, root }, diagnostics: lowerer.diagnostics }
}

/// Which kind of document a policy list belongs to (for `<base />` placement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    Policies,
    Fragment,
    Snippet,
}

/// Where a list of policies stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub document: DocumentKind,
    /// The section, when known (fragments can be included in any).
    pub section: Option<SectionKind>,
    /// Inside `choose`, `retry` or another policy rather than directly in a section.
    pub nested: bool,
    /// The only policies allowed here (`wait`).
    pub allowed: Option<&'static [&'static str]>,
}

pub(crate) struct Lowerer<'a> {
    pub source: &'a str,
    pub options: LowerOptions,
    pub diagnostics: Vec<Diagnostic>,
}

impl Lowerer<'_> {
    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn root(&mut self, root: &Element) -> Root {
        match root.name.as_str() {
            "policies" => Root::Policies(self.sections(root)),
            "fragment" => {
                self.no_attributes(root);
                let place = Place { document: DocumentKind::Fragment, section: None, nested: false, allowed: None };
                Root::Fragment(self.policies(&root.children, place))
            }
            name => {
                if let Some(kind) = SectionKind::from_element_name(name) {
                    self.report(
                        Diagnostic::warning(
                            codes::NOT_A_FULL_DOCUMENT,
                            format!("a bare `<{name}>` section is a snippet, not a full policy document"),
                        )
                        .with_primary(root.name_span, "root element")
                        .with_help(format!(
                            "wrap it in `<policies>` to deploy it: `<policies><{name}>...</{name}></policies>`"
                        )),
                    );
                    return Root::Section(self.section(root, kind, DocumentKind::Snippet));
                }
                self.report(
                    Diagnostic::error(codes::UNKNOWN_ROOT, format!("`<{name}>` is not a policy document root"))
                        .with_primary(root.name_span, "expected `<policies>` or `<fragment>`")
                        .with_help("a policy document starts with `<policies>`; a policy fragment with `<fragment>`"),
                );
                Root::Invalid
            }
        }
    }

    fn no_attributes(&mut self, element: &Element) {
        for attribute in &element.attributes {
            if attribute.name == "xmlns" || attribute.name.starts_with("xmlns:") {
                continue;
            }
            self.report(
                Diagnostic::error(
                    codes::UNKNOWN_ATTRIBUTE,
                    format!("`<{}>` takes no attribute `{}`", element.name, attribute.name),
                )
                .with_primary(attribute.name_span, "unknown attribute")
                .with_help("remove the attribute"),
            );
        }
    }

    fn sections(&mut self, root: &Element) -> Vec<Section> {
        self.no_attributes(root);
        let mut sections: Vec<Section> = Vec::new();
        for node in &root.children {
            match node {
                Node::Element(element) => {
                    let Some(kind) = SectionKind::from_element_name(&element.name) else {
                        let suggestion = apim_diagnostics::suggest::closest(
                            &element.name,
                            SectionKind::ALL.iter().map(|section| section.element_name()),
                        );
                        let help = match suggestion {
                            Some(name) => format!("did you mean `<{name}>`?"),
                            None if apim_catalog::policy(&element.name).is_some() => {
                                "put policies inside a section: `<inbound>`, `<backend>`, `<outbound>` or `<on-error>`"
                                    .to_owned()
                            }
                            None => "a policy document holds `<inbound>`, `<backend>`, `<outbound>` and `<on-error>`"
                                .to_owned(),
                        };
                        self.report(
                            Diagnostic::error(
                                codes::UNKNOWN_SECTION,
                                format!("`<{}>` is not a policy section", element.name),
                            )
                            .with_primary(element.name_span, "not a section")
                            .with_help(help),
                        );
                        continue;
                    };
                    if let Some(first) = sections.iter().find(|section| section.kind == kind) {
                        let first_span = first.span;
                        self.report(
                            Diagnostic::error(
                                codes::DUPLICATE_SECTION,
                                format!("the `<{}>` section appears twice", element.name),
                            )
                            .with_primary(element.name_span, "again here")
                            .with_secondary(Span::new(first_span.start, first_span.start + 1), "first here")
                            .with_help("merge the two sections into one"),
                        );
                    } else if let Some(later) = sections.iter().find(|section| section.kind > kind) {
                        let later_name = later.kind.element_name();
                        self.report(
                            Diagnostic::warning(
                                codes::SECTION_ORDER,
                                format!("`<{}>` comes after `<{later_name}>`", element.name),
                            )
                            .with_primary(element.name_span, "out of order")
                            .with_help("order the sections inbound, backend, outbound, on-error, as they run"),
                        );
                    }
                    sections.push(self.section(element, kind, DocumentKind::Policies));
                }
                other => self.stray_content(other),
            }
        }
        sections
    }

    fn section(&mut self, element: &Element, kind: SectionKind, document: DocumentKind) -> Section {
        self.no_attributes(element);
        let place = Place { document, section: Some(kind), nested: false, allowed: None };
        Section { kind, span: element.span, policies: self.policies(&element.children, place) }
    }

    /// Reports text where only elements may stand.
    fn stray_content(&mut self, node: &Node) {
        let (span, is_expression) = match node {
            Node::Text(text) if !text.is_blank() => (text.span, matches!(text.value.content, Content::Expression(_))),
            Node::CData(cdata) => (cdata.span, false),
            _ => return,
        };
        let raw = span.text(self.source);
        let trimmed_start = span.start + u32::try_from(raw.len() - raw.trim_start().len()).unwrap_or(0);
        let trimmed = Span::new(trimmed_start, trimmed_start + u32::try_from(raw.trim().len()).unwrap_or(0));
        let help = if is_expression {
            "put the expression in a policy, e.g. `<set-variable name=\"...\" value=\"@(...)\" />`"
        } else {
            "remove the text, or put it in a comment `<!-- ... -->`"
        };
        self.report(
            Diagnostic::error(codes::TEXT_NOT_ALLOWED, "text is not allowed here; only policies are")
                .with_primary(trimmed, "text")
                .with_help(help),
        );
    }

    /// Lowers a list of nodes where policies go.
    pub(crate) fn policies(&mut self, nodes: &[Node], place: Place) -> Vec<Policy> {
        let mut policies = Vec::new();
        for node in nodes {
            match node {
                Node::Element(element) => policies.push(self.policy(element, place)),
                Node::Text(text) if !text.is_blank() => {
                    if let Some(policy) = self.placeholder_policy(text) {
                        policies.push(policy);
                    } else {
                        self.stray_content(node);
                    }
                }
                other => self.stray_content(other),
            }
        }
        policies
    }

    /// A text that is only `{name}`: a template placeholder standing for policies.
    pub(crate) fn placeholder_policy(&mut self, text: &apim_syntax::tree::Text) -> Option<Policy> {
        let Content::Literal(literal) = &text.value.content else { return None };
        let trimmed = literal.trim();
        if !apim_syntax::is_placeholder(trimmed) {
            return None;
        }
        let raw = text.span.text(self.source);
        let start = text.span.start + u32::try_from(raw.find('{').unwrap_or(0)).unwrap_or(0);
        let span = Span::new(start, start + u32::try_from(trimmed.len()).unwrap_or(0));
        let name = trimmed[1..trimmed.len() - 1].to_owned();
        self.placeholder_found(span, &name);
        Some(Policy::Placeholder { name, span })
    }

    pub(crate) fn placeholder_found(&mut self, span: Span, name: &str) {
        if self.options.strict_placeholders {
            self.report(
                Diagnostic::error(
                    codes::TEMPLATE_PLACEHOLDER,
                    format!("the template placeholder `{{{name}}}` is not filled"),
                )
                .with_primary(span, "placeholder")
                .with_help(format!("replace `{{{name}}}` with its value before deploying")),
            );
        }
    }
}
