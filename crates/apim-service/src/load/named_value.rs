//! `named values/<name>/namedValueInformation.json`.

use super::json::JsonFile;
use super::json::Seg::Key;
use super::{Folder, Sink, information_file};
use crate::codes;
use crate::model::{KeyVaultReference, NamedValue};

const KNOWN: &[&str] = &["displayName", "value", "secret", "keyVault", "tags"];

pub(crate) fn load_all(folder: &Folder, sink: &mut Sink) -> Vec<NamedValue> {
    let mut values: Vec<NamedValue> = Vec::new();
    for name in folder.subfolders(&["named values"], sink) {
        let relative = ["named values", name.as_str(), "namedValueInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the named value: `{\"properties\": {\"displayName\": ..., \"value\": ...}}`",
            KNOWN,
        ) else {
            continue;
        };
        let p = Key("properties");
        let display_name = file
            .required_string(sink, &[p, Key("displayName")], "the name policies use in `{{...}}`")
            .unwrap_or_else(|| name.clone());
        if !display_name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            || display_name.is_empty()
        {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[p, Key("displayName")],
                format!("`{display_name}` cannot be used as `{{{{{display_name}}}}}` in a policy"),
                "use letters, digits, `-`, `_` and `.` only",
            );
        }
        let secret = file.bool(sink, &[p, Key("secret")]).unwrap_or(false);
        let value = file.string(sink, &[p, Key("value")]);
        let key_vault = key_vault(&file, sink);
        if value.is_some() && key_vault.is_some() {
            file.problem(
                sink,
                codes::CONFLICTING_FIELDS,
                &[p, Key("keyVault")],
                "a named value takes `value` or `keyVault`, not both".into(),
                "remove `value` to use the Key Vault secret, or `keyVault` to use the value",
            );
        }
        if value.is_none() && key_vault.is_none() && !secret && file.get(&[p, Key("keyVault")]).is_none() {
            file.problem(
                sink,
                codes::MISSING_FIELD,
                &[p],
                "`properties.value` is required for a named value that is neither secret nor in Key Vault".into(),
                "add `\"value\"`, or `\"keyVault\": {\"secretIdentifier\": ...}`",
            );
        }
        let tags = file.strings(sink, &[p, Key("tags")]).unwrap_or_default();
        if let Some(first) = values.iter().find(|other| other.display_name == display_name) {
            file.problem(
                sink,
                codes::DUPLICATE,
                &[p, Key("displayName")],
                format!("named value `{}` is also defined by `named values/{}`", display_name, first.name),
                "give each named value its own displayName",
            );
        }
        values.push(NamedValue { name, display_name, value, secret, key_vault, tags });
    }
    values
}

/// `keyVault: {secretIdentifier, identityClientId}`, when present.
fn key_vault(file: &JsonFile, sink: &mut Sink) -> Option<KeyVaultReference> {
    let at = |key| [Key("properties"), Key("keyVault"), Key(key)];
    file.object(sink, &at("secretIdentifier")[..2])?;
    let secret_identifier = file.required_string(sink, &at("secretIdentifier"), "the Key Vault secret's URI")?;
    let identity_client_id = file.string(sink, &at("identityClientId"));
    Some(KeyVaultReference { secret_identifier, identity_client_id })
}
