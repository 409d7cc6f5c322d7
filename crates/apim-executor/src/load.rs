//! Loading policies to run: substitute named values and parameters, read each document,
//! merge the scopes into the effective policy (`<base />`), expand fragments, and compile
//! every expression once.

use std::collections::BTreeMap;
use std::rc::Rc;

use apim_catalog::{Scope, SectionKind};
use apim_diagnostics::Diagnostic;
use apim_ir::{ElementNode, Policy, PolicyDocument, Root, Value, ValueKind};
use apim_text::Span;

use crate::codes;
use crate::step::{Element, Pipeline, Step};
use crate::substitute::{self, NamedValue};
use crate::template::{Expr, Template};

/// One policy document and the scope it is attached to.
#[derive(Debug, Clone)]
pub struct PolicySource {
    pub scope: Scope,
    /// Shown in diagnostics.
    pub path: String,
    pub text: String,
}

/// Everything needed to build the effective policy of one operation.
#[derive(Debug, Clone, Default)]
pub struct LoadInput {
    /// From the broadest scope to the narrowest. Without a global one, APIM's default
    /// global policy (`forward-request` in `<backend>`) is assumed.
    pub scopes: Vec<PolicySource>,
    /// Fragment id to (path, text).
    pub fragments: BTreeMap<String, (String, String)>,
    pub named_values: BTreeMap<String, NamedValue>,
    /// Template placeholder values (`--param name=value`).
    pub params: BTreeMap<String, String>,
}

/// A document as it was compiled (after substitution), for rendering diagnostics.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug)]
pub struct Loaded {
    /// `None` when an error-level diagnostic stops the load.
    pub pipeline: Option<Pipeline>,
    pub files: Vec<LoadedFile>,
    /// Diagnostics with the index of the file they belong to.
    pub diagnostics: Vec<(usize, Diagnostic)>,
}

/// APIM's default global policy.
pub const DEFAULT_GLOBAL: &str = "<policies>\n    <inbound />\n    <backend>\n        <forward-request />\n    </backend>\n    <outbound />\n    <on-error />\n</policies>\n";

struct Document {
    scope: Scope,
    file: usize,
    doc: PolicyDocument,
}

/// A policy of the effective section with where it came from.
#[derive(Clone, Copy)]
struct Tagged<'a> {
    scope: Scope,
    file: usize,
    policy: &'a Policy,
}

/// Builds the effective policy.
#[must_use]
pub fn load(input: &LoadInput) -> Loaded {
    let mut loader =
        Loader { files: Vec::new(), diagnostics: Vec::new(), fragments: BTreeMap::new(), in_fragment: false };
    let mut sources = input.scopes.clone();
    if !sources.iter().any(|s| s.scope == Scope::Global) {
        sources.insert(
            0,
            PolicySource {
                scope: Scope::Global,
                path: "<default global policy>".to_owned(),
                text: DEFAULT_GLOBAL.to_owned(),
            },
        );
    }
    let documents: Vec<Document> = sources
        .iter()
        .filter_map(|source| {
            let (file, doc) = loader.read(&source.path, &source.text, input)?;
            Some(Document { scope: source.scope, file, doc })
        })
        .collect();
    for (id, (path, text)) in &input.fragments {
        if let Some((file, doc)) = loader.read(path, text, input) {
            loader.fragments.insert(id.clone(), (file, doc));
        }
    }
    for document in &documents {
        if let Root::Fragment(_) = document.doc.root {
            loader.push(
                document.file,
                Diagnostic::error(codes::FRAGMENT_NOT_RUNNABLE, "a policy fragment cannot run on its own")
                    .with_primary(document.doc.span, "fragment")
                    .with_help("include it with `<include-fragment fragment-id=\"...\" />` from a policy document"),
            );
        }
    }

    let mut pipeline = Pipeline {
        secrets: input
            .named_values
            .values()
            .filter(|v| v.secret && !v.value.is_empty())
            .map(|v| v.value.clone())
            .collect(),
        ..Pipeline::default()
    };
    for kind in SectionKind::ALL {
        let merged = effective(&documents, kind);
        let steps = loader.compile_list(&merged, "");
        match kind {
            SectionKind::Inbound => pipeline.inbound = steps,
            SectionKind::Backend => pipeline.backend = steps,
            SectionKind::Outbound => pipeline.outbound = steps,
            SectionKind::OnError => pipeline.on_error = steps,
        }
    }
    pipeline.streams_response = crate::streaming::response_streams(&pipeline);
    pipeline.streams_request = crate::streaming::request_streams(&pipeline);
    let failed = loader.diagnostics.iter().any(|(_, d)| d.severity() == apim_diagnostics::Severity::Error);
    Loaded { pipeline: (!failed).then_some(pipeline), files: loader.files, diagnostics: loader.diagnostics }
}

/// The policies of one section of a document, `None` when the document leaves the
/// section out (it then inherits the parent's unchanged).
fn section_of(doc: &PolicyDocument, kind: SectionKind) -> Option<&[Policy]> {
    match &doc.root {
        Root::Policies(sections) => sections.iter().find(|s| s.kind == kind).map(|s| s.policies.as_slice()),
        Root::Section(section) if section.kind == kind => Some(&section.policies),
        _ => None,
    }
}

fn is_base(policy: &Policy) -> bool {
    policy.spec().is_some_and(|spec| spec.name == "base")
}

/// The effective content of one section: from the broadest scope to the narrowest, each
/// `<base />` stands for what the broader scopes gave; a section without one drops it.
fn effective(documents: &[Document], kind: SectionKind) -> Vec<Tagged<'_>> {
    let mut inherited: Vec<Tagged<'_>> = Vec::new();
    for document in documents {
        let Some(policies) = section_of(&document.doc, kind) else { continue };
        let mut next = Vec::new();
        for policy in policies {
            if is_base(policy) {
                next.extend(inherited.iter().copied());
            } else {
                next.push(Tagged { scope: document.scope, file: document.file, policy });
            }
        }
        inherited = next;
    }
    inherited
}

struct Loader {
    files: Vec<LoadedFile>,
    diagnostics: Vec<(usize, Diagnostic)>,
    fragments: BTreeMap<String, (usize, PolicyDocument)>,
    in_fragment: bool,
}

impl Loader {
    fn push(&mut self, file: usize, diagnostic: Diagnostic) {
        self.diagnostics.push((file, diagnostic));
    }

    fn read(&mut self, path: &str, text: &str, input: &LoadInput) -> Option<(usize, PolicyDocument)> {
        let text = substitute::placeholders(text, &input.params);
        let (text, unknown) = substitute::named_values(&text, &input.named_values);
        let file = self.files.len();
        self.files.push(LoadedFile { path: path.to_owned(), text: text.clone() });
        let lowered = apim_ir::read(&text, apim_ir::LowerOptions::default());
        // `{{ ... }}` inside a Liquid template is Liquid, not a named value.
        let liquid = liquid_spans(&lowered.document);
        let unknown =
            unknown.into_iter().filter(|(offset, _)| !liquid.iter().any(|span| span.range().contains(offset)));
        for (offset, name) in unknown {
            let span = Span::from_range(offset..offset + name.len() + 4);
            self.push(
                file,
                Diagnostic::error(codes::UNKNOWN_NAMED_VALUE, format!("the named value `{name}` has no value"))
                    .with_primary(span, "unknown named value")
                    .with_help(format!(
                        "define it (`--named-value {name}=...`, or `named values/` in a service folder)"
                    )),
            );
        }
        let errors = lowered.has_errors();
        for diagnostic in lowered.diagnostics {
            // Placeholders are reported once, when their value is compiled (R504).
            if diagnostic.code() != apim_ir::codes::TEMPLATE_PLACEHOLDER {
                self.push(file, diagnostic);
            }
        }
        if errors {
            return None;
        }
        if matches!(lowered.document.root, Root::Invalid) {
            self.push(
                file,
                Diagnostic::error(codes::INVALID_DOCUMENT, "no policy document to run")
                    .with_primary(lowered.document.span, "here"),
            );
            return None;
        }
        Some((file, lowered.document))
    }

    fn line(&self, file: usize, span: Span) -> usize {
        let text = &self.files[file].text;
        let end = (span.start as usize).min(text.len());
        text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn compile_list(&mut self, policies: &[Tagged<'_>], prefix: &str) -> Vec<Step> {
        let mut steps = Vec::new();
        for (index, tagged) in policies.iter().enumerate() {
            let position = index + 1;
            match tagged.policy {
                Policy::Known(node) if node.spec.name == "include-fragment" => {
                    steps.extend(self.include_fragment(tagged, node, prefix));
                }
                Policy::Known(node) => {
                    let path = join_path(prefix, node.spec.name, position);
                    steps.push(self.compile_node(tagged.scope, tagged.file, node, path));
                }
                Policy::Placeholder { name, span } => {
                    self.push(tagged.file, placeholder_diagnostic(name, *span));
                }
                // Unknown elements were reported by the reader.
                Policy::Unknown(_) => {}
            }
        }
        steps
    }

    fn include_fragment(&mut self, tagged: &Tagged<'_>, node: &apim_ir::PolicyNode, prefix: &str) -> Vec<Step> {
        let id = node.attribute("fragment-id").and_then(|a| a.value.literal_text()).unwrap_or("").to_owned();
        if self.in_fragment {
            self.push(
                tagged.file,
                Diagnostic::error(codes::NESTED_FRAGMENT, "a fragment cannot include another fragment")
                    .with_primary(node.span, "nested include-fragment")
                    .with_help("inline the inner fragment's policies"),
            );
            return Vec::new();
        }
        let Some((file, doc)) = self.fragments.remove(&id) else {
            self.push(
                tagged.file,
                Diagnostic::error(codes::UNKNOWN_FRAGMENT, format!("there is no fragment `{id}`"))
                    .with_primary(node.span, "unknown fragment")
                    .with_help("give its file with `--fragment ID=FILE`, or add it under `policy fragments/`"),
            );
            return Vec::new();
        };
        let policies = match &doc.root {
            Root::Fragment(policies) => policies.clone(),
            _ => {
                self.push(
                    file,
                    Diagnostic::error(
                        codes::INVALID_DOCUMENT,
                        format!("fragment `{id}` is not a `<fragment>` document"),
                    )
                    .with_primary(doc.span, "here"),
                );
                Vec::new()
            }
        };
        let tagged_children: Vec<Tagged<'_>> =
            policies.iter().map(|policy| Tagged { scope: tagged.scope, file, policy }).collect();
        self.in_fragment = true;
        let steps = self.compile_list(&tagged_children, prefix);
        self.in_fragment = false;
        self.fragments.insert(id, (file, doc));
        steps
    }

    fn compile_node(&mut self, scope: Scope, file: usize, node: &apim_ir::PolicyNode, path: String) -> Step {
        if !crate::policies::is_emulated(node.spec.name) {
            self.push(
                file,
                Diagnostic::warning(codes::NOT_EMULATED, format!("`{}` is not emulated by apim", node.spec.name))
                    .with_primary(node.name_span, "not emulated")
                    .with_note(
                        "a request that reaches it fails with a `not emulated` error (500) instead of running it",
                    ),
            );
        }
        let id = node.id.as_ref().and_then(|v| v.literal_text()).map(str::to_owned);
        let attrs = self.compile_attrs(file, node.attributes.iter().map(|a| (a.name.as_str(), &a.value)));
        let elements = node
            .elements
            .iter()
            .enumerate()
            .map(|(index, e)| self.compile_element(scope, file, e, &join_path(&path, &e.name, index + 1)))
            .collect();
        let text = node.text.as_ref().map(|v| self.compile_value(file, v));
        let children: Vec<Tagged<'_>> = node.policies.iter().map(|policy| Tagged { scope, file, policy }).collect();
        let children = self.compile_list(&children, &path);
        Step {
            name: node.spec.name,
            handler: crate::policies::handler(node.spec.name),
            id,
            scope,
            line: self.line(file, node.span),
            file,
            path,
            attrs,
            elements,
            text,
            children,
        }
    }

    fn compile_element(&mut self, scope: Scope, file: usize, element: &ElementNode, path: &str) -> Element {
        let attrs = self.compile_attrs(file, element.attributes.iter().map(|a| (a.name.as_str(), &a.value)));
        let elements = element.elements.iter().map(|e| self.compile_element(scope, file, e, path)).collect();
        let text = element.text.as_ref().map(|v| self.compile_value(file, v));
        let children: Vec<Tagged<'_>> = element.policies.iter().map(|policy| Tagged { scope, file, policy }).collect();
        // `choose[1]\when[2]\set-header[1]`: containers are part of LastError.Path.
        let children = self.compile_list(&children, path);
        Element { name: element.name.clone(), attrs, elements, text, children }
    }

    fn compile_attrs<'v>(
        &mut self,
        file: usize,
        attrs: impl Iterator<Item = (&'v str, &'v Value)>,
    ) -> Vec<(String, Template)> {
        attrs
            .filter(|(name, _)| *name != "id")
            .map(|(name, value)| (name.to_owned(), self.compile_value(file, value)))
            .collect()
    }

    fn compile_value(&mut self, file: usize, value: &Value) -> Template {
        match &value.kind {
            ValueKind::Literal(literal) => Template::Text(literal.text.clone()),
            ValueKind::Expression(expression) => match apim_runtime::Program::compile(&expression.source.code) {
                Ok(program) => Template::Expr(Rc::new(Expr { code: expression.source.code.clone(), program })),
                Err(errors) => {
                    for error in errors {
                        let start = expression.source.span.start as usize;
                        let span = Span::from_range(start..start + expression.source.code.len());
                        self.push(
                            file,
                            Diagnostic::error(
                                codes::EXPRESSION_COMPILE_ERROR,
                                format!("the expression does not compile: {}", error.message),
                            )
                            .with_primary(span, "here"),
                        );
                    }
                    Template::Text(String::new())
                }
            },
            ValueKind::NamedValue(name) => Template::Text(format!("{{{{{name}}}}}")),
            ValueKind::Placeholder(name) => {
                self.push(file, placeholder_diagnostic(name, value.span));
                Template::Text(String::new())
            }
        }
    }
}

/// The spans of `<set-body template="liquid">` elements.
fn liquid_spans(doc: &PolicyDocument) -> Vec<Span> {
    fn walk(policies: &[Policy], out: &mut Vec<Span>) {
        for policy in policies {
            let Policy::Known(node) = policy else { continue };
            let liquid = node
                .attribute("template")
                .and_then(|a| a.value.literal_text())
                .is_some_and(|t| t.eq_ignore_ascii_case("liquid"));
            if node.spec.name == "set-body" && liquid {
                out.push(node.span);
            }
            walk(&node.policies, out);
            for element in &node.elements {
                walk(&element.policies, out);
            }
        }
    }
    let mut out = Vec::new();
    match &doc.root {
        Root::Policies(sections) => sections.iter().for_each(|s| walk(&s.policies, &mut out)),
        Root::Section(section) => walk(&section.policies, &mut out),
        Root::Fragment(policies) => walk(policies, &mut out),
        Root::Invalid => {}
    }
    out
}

fn placeholder_diagnostic(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(codes::UNFILLED_PLACEHOLDER, format!("the template placeholder `{{{name}}}` has no value"))
        .with_primary(span, "unfilled placeholder")
        .with_help(format!("give it a value with `--param {name}=...`"))
}

fn join_path(prefix: &str, name: &str, position: usize) -> String {
    if prefix.is_empty() { format!("{name}[{position}]") } else { format!("{prefix}\\{name}[{position}]") }
}
