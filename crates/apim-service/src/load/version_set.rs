//! `version sets/<name>/versionSetInformation.json`, and the APIs' references to them.

use super::json::Seg;
use super::json::Seg::Key;
use super::{Folder, Sink, information_file};
use crate::codes;
use crate::model::{Api, VersionSet};

const KNOWN: &[&str] = &["displayName", "description", "versioningScheme", "versionQueryName", "versionHeaderName"];
const SCHEMES: &[&str] = &["Segment", "Query", "Header"];
const P: Seg<'static> = Key("properties");

pub(crate) fn load_all(folder: &Folder, sink: &mut Sink) -> Vec<VersionSet> {
    let mut sets = Vec::new();
    for name in folder.subfolders(&["version sets"], sink) {
        let relative = ["version sets", name.as_str(), "versionSetInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the version set: `{\"properties\": {\"displayName\": ..., \"versioningScheme\": \"Segment\"}}`",
            KNOWN,
        ) else {
            continue;
        };
        let display_name = file.required_string(sink, &[P, Key("displayName")], "the version set's name in the portal");
        let scheme = file.required_string(sink, &[P, Key("versioningScheme")], "`Segment`, `Query` or `Header`");
        let version_query_name = file.string(sink, &[P, Key("versionQueryName")]);
        let version_header_name = file.string(sink, &[P, Key("versionHeaderName")]);
        let (Some(display_name), Some(versioning_scheme)) = (display_name, scheme) else { continue };
        let needs = match versioning_scheme.as_str() {
            "Query" => version_query_name.is_none().then_some("versionQueryName"),
            "Header" => version_header_name.is_none().then_some("versionHeaderName"),
            "Segment" => None,
            other => {
                file.problem(
                    sink,
                    codes::INVALID_VALUE,
                    &[P, Key("versioningScheme")],
                    format!("versioning scheme `{other}` is not one of {}", SCHEMES.join(", ")),
                    "write `Segment`, `Query` or `Header`",
                );
                continue;
            }
        };
        if let Some(field) = needs {
            file.problem(
                sink,
                codes::MISSING_FIELD,
                &[P, Key("versioningScheme")],
                format!("versioning scheme `{versioning_scheme}` needs `{field}`"),
                &format!("add `\"{field}\"`: the name that carries the version"),
            );
        }
        sets.push(VersionSet {
            description: file.string(sink, &[P, Key("description")]),
            name,
            display_name,
            versioning_scheme,
            version_query_name,
            version_header_name,
        });
    }
    sets
}

/// An API's `apiVersionSetId` must name a version set of the folder.
pub(crate) fn check_references(folder: &Folder, apis: &[Api], sets: &[VersionSet], sink: &mut Sink) {
    for api in apis {
        let Some(set) = api.version_set() else { continue };
        if sets.iter().any(|known| known.name == set) {
            continue;
        }
        let Some(file) = folder.json(&["apis", &api.name, "apiInformation.json"], sink) else { continue };
        let help = apim_diagnostics::suggest::closest(set, sets.iter().map(|known| known.name.as_str())).map_or_else(
            || format!("add `version sets/{set}/versionSetInformation.json`"),
            |near| format!("did you mean `/apiVersionSets/{near}`?"),
        );
        file.problem(
            sink,
            codes::UNKNOWN_REFERENCE,
            &[P, Key("apiVersionSetId")],
            format!("API `{}` names version set `{set}`, which is not in `version sets/`", api.name),
            &help,
        );
    }
}
