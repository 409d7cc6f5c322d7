//! Loose policy files (one policy, or a library such as `policies/`): each `<policies>`
//! document becomes the policy of an existing API whose name is a parameter (by default
//! the policy's folder or file name); each `<fragment>` a policy fragment.

use std::collections::BTreeMap;

use apim_ir::{LowerOptions, Root};

use super::{PlanError, Planner, prop, text};
use crate::template::{Node, PolicyText, Template};
use crate::xml;

/// One policy file to export.
#[derive(Debug, Clone)]
pub struct PolicySource {
    /// Relative to the directory given (or the file name), with `/`.
    pub path: String,
    pub text: String,
}

/// The template deploying loose policy files.
///
/// # Errors
/// When a policy has errors (it is refused, not exported half-right).
pub fn policies(files: &[PolicySource]) -> Result<Template, PlanError> {
    let mut planner = Planner::new();
    for file in files {
        let exported = xml::raw(&file.text, &BTreeMap::new()).map_err(|error| PlanError {
            file: file.path.clone(),
            message: match error {
                xml::XmlError::Invalid { diagnostics, .. } => format!(
                    "the policy has errors ({}); run `apim check` on it",
                    diagnostics.first().map_or_else(String::new, ToString::to_string)
                ),
                xml::XmlError::Bug(message) => format!("apim could not print the policy canonically: {message}"),
            },
        })?;
        let name = resource_name(&file.path);
        let lowered = apim_ir::read(&exported.text, LowerOptions::default());
        let export_path = format!("policies/{}", file.path);
        match lowered.document.root {
            Root::Fragment(_) => {
                planner.template.policy_files.push(PolicyText { path: export_path, text: exported.text });
                let index = planner.template.policy_files.len() - 1;
                let properties = vec![prop("format", text("rawxml")), prop("value", Node::Policy(index))];
                planner.resource(&["fragment", &name], "policyFragments", text(&name), None, properties);
            }
            Root::Policies(_) => {
                let parameter = planner.parameter(
                    &format!("{name} api name"),
                    &format!("The existing API that `{}` is the policy of.", file.path),
                    false,
                    Some(name.clone()),
                );
                let api = planner.existing(&["api", &name], "apis", Node::Parameter(parameter));
                planner.policy(&["api", &name, "policy"], "apis/policies", Some(&api), export_path, exported.text);
            }
            Root::Section(_) | Root::Invalid => {
                return Err(PlanError {
                    file: file.path.clone(),
                    message: "only a full `<policies>` document or a `<fragment>` can be deployed".into(),
                });
            }
        }
    }
    Ok(planner.template)
}

/// `token-rate-limit/policy.xml` -> `token-rate-limit`; `cors.xml` -> `cors`.
fn resource_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or(path);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    if stem == "policy"
        && let Some(folder) = parts.last()
    {
        return (*folder).to_owned();
    }
    stem.to_owned()
}
