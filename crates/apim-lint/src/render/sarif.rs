//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: rule metadata with
//! help URIs, one result per finding with its region.

use apim_diagnostics::Severity;
use apim_text::LineIndex;
use serde_json::{Value, json};

use super::{FileReport, region};
use crate::registry;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes what a relative URI reference cannot hold (spaces in APIOps folder names).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[must_use]
pub fn sarif(files: &[FileReport], version: &str) -> String {
    let rules: Vec<Value> = registry::RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code.code,
                "name": rule.code.name,
                "shortDescription": { "text": rule.docs.what },
                "fullDescription": { "text": rule.docs.why },
                "helpUri": rule.help_uri(),
                "help": { "text": rule.docs.fix, "markdown": crate::docs::page(rule) },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": [rule.category.as_str()], "precision": "high" },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let (start_line, start_column, end_line, end_column) = region(&index, &file.source, diagnostic);
            let code = diagnostic.code();
            let mut text = diagnostic.message().to_owned();
            if let Some(help) = diagnostic.help() {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": code.code,
                "level": level(diagnostic.severity()),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path) },
                        "region": {
                            "startLine": start_line,
                            "startColumn": start_column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }],
            });
            if let Some(index) = registry::index_of(code.code) {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "apim",
                    "informationUri": crate::REPOSITORY,
                    "semanticVersion": version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}
