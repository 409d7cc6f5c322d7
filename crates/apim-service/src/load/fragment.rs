//! `policy fragments/<name>/policyFragmentInformation.json` and `policy.xml`.

use super::json::Seg::Key;
use super::policy::{self, Kind};
use super::{Folder, Sink, missing_file};
use crate::model::Fragment;

const KNOWN: &[&str] = &["description", "format", "value"];

pub(crate) fn load_all(folder: &Folder, sink: &mut Sink) -> Vec<Fragment> {
    let mut fragments = Vec::new();
    for name in folder.subfolders(&["policy fragments"], sink) {
        let mut description = None;
        if let Some(file) = folder.json(&["policy fragments", &name, "policyFragmentInformation.json"], sink) {
            if !file.value.is_object() {
                file.problem(
                    sink,
                    crate::codes::WRONG_TYPE,
                    &[],
                    "the file must be an object: `{\"properties\": {...}}`".into(),
                    "write `{\"properties\": {\"description\": \"...\"}}`",
                );
            }
            file.object(sink, &[Key("properties")]);
            file.unknown_keys(sink, &[Key("properties")], KNOWN);
            description = file.string(sink, &[Key("properties"), Key("description")]);
        }
        let policy_path = ["policy fragments", name.as_str(), "policy.xml"];
        let policy = policy::load(folder, &policy_path, Kind::Fragment, sink);
        if policy.is_none() && !folder.exists(&policy_path) {
            missing_file(sink, &policy_path, "write the fragment's policies in `<fragment>...</fragment>`");
        }
        fragments.push(Fragment { name, description, policy });
    }
    fragments
}
