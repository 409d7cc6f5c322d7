use std::fmt;

use apim_text::Span;
use serde::Serialize;

use crate::Code;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The policy is wrong: APIM rejects it or it cannot behave as written.
    Error,
    /// Probably wrong, or not portable.
    Warning,
    /// Worth knowing; never fails a run.
    Info,
}

impl Severity {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the file that the diagnostic points at. The first primary label is where
/// the diagnostic is reported (its line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
    pub primary: bool,
}

/// One finding: what (message), where (labels), what to do (help), why (note).
#[derive(Clone, PartialEq, Eq)]
pub struct Diagnostic {
    inner: Box<Inner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    code: Code,
    severity: Severity,
    message: String,
    labels: Vec<Label>,
    help: Option<String>,
    note: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                code,
                severity,
                message: message.into(),
                labels: Vec::new(),
                help: None,
                note: None,
            }),
        }
    }

    #[must_use]
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    #[must_use]
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// The place the diagnostic is about, with a short label.
    #[must_use]
    pub fn with_primary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.inner.labels.push(Label { span, message: Some(message.into()), primary: true });
        self
    }

    /// A related place (an earlier duplicate, the enclosing section).
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.inner.labels.push(Label { span, message: Some(message.into()), primary: false });
        self
    }

    /// What to do about it; starts with a verb.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.inner.help = Some(help.into());
        self
    }

    /// Why it matters.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.inner.note = Some(note.into());
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.inner.severity = severity;
        self
    }

    #[must_use]
    pub fn code(&self) -> Code {
        self.inner.code
    }

    #[must_use]
    pub fn severity(&self) -> Severity {
        self.inner.severity
    }

    #[must_use]
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    #[must_use]
    pub fn labels(&self) -> &[Label] {
        &self.inner.labels
    }

    #[must_use]
    pub fn help(&self) -> Option<&str> {
        self.inner.help.as_deref()
    }

    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.inner.note.as_deref()
    }

    /// The span the diagnostic is reported at: the first primary label, else the first
    /// label, else the start of the file.
    #[must_use]
    pub fn primary_span(&self) -> Span {
        let labels = &self.inner.labels;
        labels.iter().find(|label| label.primary).or_else(|| labels.first()).map_or(Span::default(), |label| label.span)
    }

    /// Sort key: position first, then code, so output is stable.
    #[must_use]
    pub fn sort_key(&self) -> (u32, u32, &'static str) {
        let span = self.primary_span();
        (span.start, span.end, self.inner.code.code)
    }
}

impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity(), self.code().code, self.message())
    }
}

/// Whether any diagnostic is an error.
#[must_use]
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|diagnostic| diagnostic.severity() == Severity::Error)
}

/// Sorts diagnostics by position, then code, and drops exact repeats.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}
