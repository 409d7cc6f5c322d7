//! The APIM-style trace of one request: per section, each policy entered, what it did,
//! the expressions it evaluated and their values, and when (elapsed since the request
//! arrived). Secret named values are masked before anything is shown.

use apim_http::Headers;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Trace {
    pub inbound: Vec<TraceEntry>,
    pub backend: Vec<TraceEntry>,
    pub outbound: Vec<TraceEntry>,
    #[serde(rename = "on-error")]
    pub on_error: Vec<TraceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TraceEntry {
    /// The policy (`set-header`) or pipeline step (`forward-request`, `on-error`).
    pub source: String,
    /// `choose[1]\when[2]\set-header[1]`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub scope: String,
    /// Elapsed since the request arrived, as a .NET `TimeSpan` (`00:00:00.0120000`).
    pub elapsed: String,
    /// What the policy did, in a sentence.
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expressions: Vec<EvaluatedExpression>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluatedExpression {
    pub expression: String,
    /// The .NET type of the result (`System.String`), or the exception type.
    #[serde(rename = "type")]
    pub type_name: String,
    pub value: String,
}

impl Trace {
    pub(crate) fn section_mut(&mut self, kind: apim_catalog::SectionKind) -> &mut Vec<TraceEntry> {
        match kind {
            apim_catalog::SectionKind::Inbound => &mut self.inbound,
            apim_catalog::SectionKind::Backend => &mut self.backend,
            apim_catalog::SectionKind::Outbound => &mut self.outbound,
            apim_catalog::SectionKind::OnError => &mut self.on_error,
        }
    }

    /// Every entry, section by section.
    pub fn entries(&self) -> impl Iterator<Item = &TraceEntry> {
        self.inbound.iter().chain(&self.backend).chain(&self.outbound).chain(&self.on_error)
    }

    /// Replaces every occurrence of a secret in the trace by `***`.
    pub(crate) fn mask(&mut self, secrets: &[String]) {
        if secrets.is_empty() {
            return;
        }
        for list in [&mut self.inbound, &mut self.backend, &mut self.outbound, &mut self.on_error] {
            for entry in list.iter_mut() {
                entry.message = mask(&entry.message, secrets);
                for e in &mut entry.expressions {
                    e.expression = mask(&e.expression, secrets);
                    e.value = mask(&e.value, secrets);
                }
            }
        }
    }
}

/// `text` with every secret replaced by `***`.
#[must_use]
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        if !secret.is_empty() && out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "***");
        }
    }
    out
}

/// Headers as `{"name": ["value", ...]}` in order of first appearance.
pub fn serialize_headers<S: Serializer>(headers: &Headers, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let names = headers.names();
    let mut map = serializer.serialize_map(Some(names.len()))?;
    for name in names {
        let values: Vec<&str> = headers.get_all(name).collect();
        map.serialize_entry(name, &values)?;
    }
    map.end()
}

/// A body as text (lossy UTF-8).
pub fn serialize_body<S: Serializer>(body: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&String::from_utf8_lossy(body))
}
