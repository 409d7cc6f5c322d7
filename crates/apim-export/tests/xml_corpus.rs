//! Every real policy of the corpus exports in both XML forms; the escaped (`format:
//! 'xml'`) form is well-formed for a strict parser (roxmltree), and both read back to
//! the IR of the original (compared through its serialization, which skips spans).

use std::collections::BTreeMap;

use apim_export::xml;
use apim_ir::LowerOptions;

fn ir_json(source: &str) -> String {
    serde_json::to_string_pretty(&apim_ir::read(source, LowerOptions::default()).document).expect("serializes")
}

#[test]
fn every_real_document_exports_in_both_forms_with_the_same_ir() {
    let documents = apim_corpus::real_documents();
    let mut failures = Vec::new();
    for file in &documents {
        let original = ir_json(&file.text);
        let raw = match xml::raw(&file.text, &BTreeMap::new()) {
            Ok(raw) => raw.text,
            Err(error) => {
                failures.push(format!("{}: raw export failed: {error:?}", file.name));
                continue;
            }
        };
        if ir_json(&raw) != original {
            failures.push(format!("{}: the rawxml form reads to a different IR", file.name));
        }
        let escaped = xml::escaped(&raw);
        if let Err(error) = roxmltree::Document::parse(&escaped) {
            failures.push(format!("{}: the xml form is not well-formed: {error}", file.name));
            continue;
        }
        if ir_json(&escaped) != original {
            failures.push(format!("{}: the xml form reads to a different IR", file.name));
        }
        // The canonical form is a fixed point: exporting it again changes nothing.
        match xml::raw(&raw, &BTreeMap::new()) {
            Ok(again) if again.text == raw => {}
            _ => failures.push(format!("{}: the rawxml form is not canonical", file.name)),
        }
    }
    assert!(failures.is_empty(), "{} of {} documents:\n{}", failures.len(), documents.len(), failures.join("\n"));
}

#[test]
fn seed_snippets_export_or_are_refused_with_diagnostics() {
    for file in apim_corpus::seed_snippets() {
        match xml::raw(&file.text, &BTreeMap::new()) {
            Ok(raw) => {
                let escaped = xml::escaped(&raw.text);
                assert!(roxmltree::Document::parse(&escaped).is_ok(), "{}", file.name);
                assert_eq!(ir_json(&escaped), ir_json(&file.text), "{}", file.name);
            }
            Err(xml::XmlError::Invalid { diagnostics, .. }) => assert!(!diagnostics.is_empty(), "{}", file.name),
            Err(xml::XmlError::Bug(message)) => panic!("{}: {message}", file.name),
        }
    }
}
