//! Documented requirements that APIM does not enforce.
//!
//! Each entry is a rule of the documentation that real, deployed policies break (the
//! corpus of public policies shows it), so APIM accepts the document. Breaking one is
//! reported as a warning with a note, not as an error: `apim check` must accept what
//! APIM accepts, and still tell the author the docs disagree.

use apim_catalog::SectionKind;

pub(super) enum Lenient {
    /// A required attribute may be left out.
    Attribute(&'static str, &'static str),
    /// A required child element may be left out.
    Element(&'static str, &'static str),
    /// The policy may also stand in this section.
    Section(&'static str, SectionKind),
}

pub(super) const NOTE: &str =
    "the documentation requires this, but APIM accepts policies without it (seen in deployed public policies)";

const LENIENT: &[Lenient] = &[
    // AI-Gateway labs (six mock policies) deploy `<set-status code="200" />`; APIM uses
    // the standard reason phrase.
    Lenient::Attribute("set-status", "reason"),
    // mcp-a2a-agents deploys `cors` with origins only.
    Lenient::Element("cors", "allowed-headers"),
    // mcp-client-authorization acquires a token with output-token-variable-name in
    // outbound for a send-request.
    Lenient::Section("authentication-managed-identity", SectionKind::Outbound),
];

pub(super) fn attribute(policy: &str, attribute: &str) -> bool {
    LENIENT.iter().any(|entry| matches!(entry, Lenient::Attribute(p, a) if *p == policy && *a == attribute))
}

pub(super) fn element(parent: &str, element: &str) -> bool {
    LENIENT.iter().any(|entry| matches!(entry, Lenient::Element(p, e) if *p == parent && *e == element))
}

pub(super) fn section(policy: &str, section: SectionKind) -> bool {
    LENIENT.iter().any(|entry| matches!(entry, Lenient::Section(p, s) if *p == policy && *s == section))
}
