//! A finding is a diagnostic plus, when the rule can repair it, a fix.

use apim_diagnostics::Diagnostic;
use apim_text::Span;

use crate::rule::Rule;

/// One byte edit: replace `span` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A safe repair: applying all its edits gives a policy that means what the author meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub fix: Option<Fix>,
}

/// Where a rule reports: each finding gets the rule's code and default severity.
pub struct Findings<'r> {
    rule: &'r Rule,
    pub(crate) found: Vec<Finding>,
}

impl<'r> Findings<'r> {
    pub(crate) fn new(rule: &'r Rule) -> Self {
        Self { rule, found: Vec::new() }
    }

    /// Starts a diagnostic with the rule's code and severity.
    #[must_use]
    pub fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.code, self.rule.severity, message)
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.found.push(Finding { diagnostic, fix: None });
    }

    pub fn report_with_fix(&mut self, diagnostic: Diagnostic, fix: Fix) {
        self.found.push(Finding { diagnostic, fix: Some(fix) });
    }
}
