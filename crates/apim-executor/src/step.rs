//! The executable form of a policy: the IR with expressions compiled, fragments expanded,
//! `<base />` merged away, and each policy tagged with where it came from.

use apim_catalog::{Scope, SectionKind};

use crate::template::Template;

/// One policy, ready to run.
#[derive(Clone)]
pub struct Step {
    /// The policy's element name (`set-header`).
    pub name: &'static str,
    /// How it runs (`None`: not emulated).
    pub handler: Option<crate::policies::Handler>,
    /// The `id` attribute (`context.LastError.PolicyId`).
    pub id: Option<String>,
    pub scope: Scope,
    /// `choose[3]\when[2]`-style position (`context.LastError.Path`).
    pub path: String,
    /// Where it stands: index of the source file, and its 1-based line.
    pub file: usize,
    pub line: usize,
    pub attrs: Vec<(String, Template)>,
    pub elements: Vec<Element>,
    pub text: Option<Template>,
    pub children: Vec<Step>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("children", &self.children)
            .finish_non_exhaustive()
    }
}

/// A configuration element (`<value>`, `<when>`, `<set-header>` inside `<return-response>`
/// is a child step, not an element).
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, Template)>,
    pub elements: Vec<Element>,
    pub text: Option<Template>,
    pub children: Vec<Step>,
}

pub trait Node {
    fn attrs(&self) -> &[(String, Template)];
    fn elements(&self) -> &[Element];

    fn attr(&self, name: &str) -> Option<&Template> {
        self.attrs().iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    fn element(&self, name: &str) -> Option<&Element> {
        self.elements().iter().find(|e| e.name == name)
    }

    fn elements_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().iter().filter(move |e| e.name == name)
    }
}

impl Node for Step {
    fn attrs(&self) -> &[(String, Template)] {
        &self.attrs
    }
    fn elements(&self) -> &[Element] {
        &self.elements
    }
}

impl Node for Element {
    fn attrs(&self) -> &[(String, Template)] {
        &self.attrs
    }
    fn elements(&self) -> &[Element] {
        &self.elements
    }
}

/// The effective policy of one operation, compiled.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    pub inbound: Vec<Step>,
    pub backend: Vec<Step>,
    pub outbound: Vec<Step>,
    pub on_error: Vec<Step>,
    /// Values of secret named values: never shown in traces or output.
    pub secrets: Vec<String>,
    /// No policy reads the backend's response body: it may be relayed as it arrives
    /// (`crate::streaming`).
    pub streams_response: bool,
    /// No policy reads the request body: it may go to the backend as it arrives.
    pub streams_request: bool,
}

impl Pipeline {
    #[must_use]
    pub fn section(&self, kind: SectionKind) -> &[Step] {
        match kind {
            SectionKind::Inbound => &self.inbound,
            SectionKind::Backend => &self.backend,
            SectionKind::Outbound => &self.outbound,
            SectionKind::OnError => &self.on_error,
        }
    }
}
