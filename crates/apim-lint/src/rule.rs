//! What every rule declares beside its check: code, name, category, default severity,
//! documentation and fix availability.

use apim_diagnostics::{Code, Severity};

use crate::context::Context;
use crate::finding::Findings;

/// What a category of rules is about, so users can opt in by intent.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The policy is wrong: APIM rejects it or it cannot behave as written.
    Correctness,
    /// Probably a mistake: it works, but rarely as the author meant.
    Suspicious,
    /// A secret leaks, or an access check is weaker than it looks.
    Security,
    /// Wasted work or load on the backend.
    Performance,
    /// A clearer or newer way to write the same thing.
    Style,
}

impl Category {
    pub const ALL: [Self; 5] = [Self::Correctness, Self::Suspicious, Self::Security, Self::Performance, Self::Style];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Correctness => "correctness",
            Self::Suspicious => "suspicious",
            Self::Security => "security",
            Self::Performance => "performance",
            Self::Style => "style",
        }
    }

    #[must_use]
    pub const fn meaning(self) -> &'static str {
        match self {
            Self::Correctness => "the policy is wrong: APIM rejects it or it cannot behave as written",
            Self::Suspicious => "probably a mistake: it works, but rarely as the author meant",
            Self::Security => "a secret leaks, or an access check is weaker than it looks",
            Self::Performance => "wasted work, or load the backend did not need",
            Self::Style => "a clearer or newer way to write the same thing",
        }
    }
}

/// Whether a rule can repair what it finds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// No automatic fix.
    None,
    /// Some findings carry a safe fix, applied by `apim lint --fix`.
    Sometimes,
    /// Every finding carries a safe fix.
    Always,
}

impl FixAvailability {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Sometimes => "sometimes",
            Self::Always => "always",
        }
    }
}

/// New rules start as preview; they are promoted once proven on real policies.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Stable,
    Preview,
}

impl Status {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Stable => "stable",
            Self::Preview => "preview",
        }
    }
}

/// The documentation of a rule, under fixed headings.
#[derive(Debug)]
pub struct Docs {
    /// What it does (one or two sentences).
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A policy where the rule fires (XML).
    pub example: &'static str,
    /// How to fix it, usually with the corrected XML.
    pub fix: &'static str,
}

/// Where a rule's findings come from.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reported while reading and checking the document (`apim check`): the reader
    /// (`S1xx`), the catalog (`P2xx`) and the expression stage (`E3xx`).
    Reader,
    /// A lint check over the typed IR.
    Lint(fn(&Context<'_>, &mut Findings)),
    /// Reported by the linter itself (unused suppressions).
    Engine,
}

/// One rule of the registry.
pub struct Rule {
    pub code: Code,
    pub category: Category,
    pub severity: Severity,
    pub fix: FixAvailability,
    pub status: Status,
    pub docs: Docs,
    pub check: Check,
}

impl Rule {
    /// The generated documentation page, relative to the repository root.
    #[must_use]
    pub fn doc_path(&self) -> String {
        format!("docs/rules/{}-{}.md", self.code.code, self.code.name)
    }

    /// Where users read the documentation (SARIF `helpUri`).
    #[must_use]
    pub fn help_uri(&self) -> String {
        format!("{}/blob/main/{}", crate::REPOSITORY, self.doc_path())
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({})", self.code)
    }
}
