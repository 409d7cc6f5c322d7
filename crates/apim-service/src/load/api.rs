//! `apis/<name>/`: `apiInformation.json`, the specification, `policy.xml`, and
//! `operations/<operationId>/policy.xml`.

use apim_diagnostics::Diagnostic;
use apim_text::Span;

use super::json::Seg::{Index, Key};
use super::json::{JsonFile, Seg};
use super::policy::{self, Kind};
use super::{Folder, Sink, information_file, missing_file, specification};
use crate::codes;
use crate::model::{Api, SubscriptionKeyNames};

const KNOWN: &[&str] = &[
    "displayName",
    "description",
    "path",
    "protocols",
    "serviceUrl",
    "subscriptionRequired",
    "subscriptionKeyParameterNames",
    "apiVersion",
    "apiVersionDescription",
    "apiVersionSetId",
    "apiVersionSet",
    "apiRevision",
    "apiRevisionDescription",
    "isCurrent",
    "isOnline",
    "type",
    "apiType",
    "authenticationSettings",
    "contact",
    "license",
    "termsOfServiceUrl",
    "format",
    "value",
    "sourceApiId",
    "wsdlSelector",
    "translateRequiredQueryParameters",
];
const PROTOCOLS: &[&str] = &["http", "https", "ws", "wss"];
const P: Seg<'static> = Key("properties");

pub(crate) fn load_all(folder: &Folder, sink: &mut Sink) -> Vec<Api> {
    let mut apis: Vec<(Api, JsonFile)> = Vec::new();
    for name in folder.subfolders(&["apis"], sink) {
        let relative = ["apis", name.as_str(), "apiInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the API: `{\"properties\": {\"displayName\": ..., \"path\": ...}}`",
            KNOWN,
        ) else {
            continue;
        };
        let Some(api) = one(folder, &file, name, sink) else { continue };
        if let Some((first, _)) = apis.iter().find(|(other, _)| {
            other.path == api.path && other.api_version == api.api_version && other.api_revision == api.api_revision
        }) {
            file.problem(
                sink,
                codes::DUPLICATE,
                &[P, Key("path")],
                format!("API path `{}` is also used by API `{}`", api.path, first.name),
                "give each API its own path, or make them versions of one version set",
            );
        }
        apis.push((api, file));
    }
    apis.into_iter().map(|(api, _)| api).collect()
}

fn one(folder: &Folder, file: &JsonFile, name: String, sink: &mut Sink) -> Option<Api> {
    let display_name = file.required_string(sink, &[P, Key("displayName")], "the API's name in the portal");
    let path = file.required_string(sink, &[P, Key("path")], "the URL suffix after the gateway host, such as `echo`");
    let path = path.map(|path| path.trim_matches('/').to_owned());
    let protocols = file.strings(sink, &[P, Key("protocols")]).unwrap_or_else(|| vec!["https".into()]);
    for (index, protocol) in protocols.iter().enumerate() {
        if !PROTOCOLS.contains(&protocol.as_str()) {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[P, Key("protocols"), Index(index)],
                format!("protocol `{protocol}` is not one of {}", PROTOCOLS.join(", ")),
                "write `https` (and `http` only if plain HTTP must be accepted)",
            );
        }
    }
    let service_url = file.string(sink, &[P, Key("serviceUrl")]);
    if let Some(url) = &service_url
        && !super::backend::is_absolute_url(url)
    {
        file.problem(
            sink,
            codes::INVALID_VALUE,
            &[P, Key("serviceUrl")],
            format!("`{url}` is not an absolute http(s) URL (or `mock://name`)"),
            "write the backend's full URL, such as `https://example.com/api`",
        );
    }
    let keys = [P, Key("subscriptionKeyParameterNames")];
    let mut subscription_key_names = SubscriptionKeyNames::default();
    if file.object(sink, &keys).is_some() {
        if let Some(header) = file.string(sink, &[P, Key("subscriptionKeyParameterNames"), Key("header")]) {
            subscription_key_names.header = header;
        }
        if let Some(query) = file.string(sink, &[P, Key("subscriptionKeyParameterNames"), Key("query")]) {
            subscription_key_names.query = query;
        }
    }
    let api_type = file
        .string(sink, &[P, Key("apiType")])
        .or_else(|| file.string(sink, &[P, Key("type")]))
        .unwrap_or_else(|| "http".into());
    let mut api = Api {
        display_name: display_name?,
        description: file.string(sink, &[P, Key("description")]),
        path: path?,
        protocols,
        service_url,
        subscription_required: file.bool(sink, &[P, Key("subscriptionRequired")]).unwrap_or(true),
        subscription_key_names,
        api_version: file.string(sink, &[P, Key("apiVersion")]),
        api_version_set_id: file.string(sink, &[P, Key("apiVersionSetId")]),
        api_revision: file.string(sink, &[P, Key("apiRevision")]),
        is_current: file.bool(sink, &[P, Key("isCurrent")]).unwrap_or(true),
        api_type,
        specification: None,
        operations: Vec::new(),
        policy: policy::load(folder, &["apis", &name, "policy.xml"], Kind::Policies, sink),
        name,
    };
    match specification::load(folder, &api.name, sink) {
        Some((specification, operations)) => {
            api.specification = Some(specification);
            api.operations = operations;
        }
        None => {
            let has_file = ["specification.json", "specification.yaml", "specification.yml"]
                .iter()
                .any(|file| folder.exists(&["apis", &api.name, file]));
            if !has_file {
                sink.push(
                    &file.path,
                    &file.source,
                    Diagnostic::warning(
                        codes::NO_SPECIFICATION,
                        format!(
                            "API `{}` has no specification; it gets one wildcard operation (`/*`) per method",
                            api.name
                        ),
                    )
                    .with_primary(Span::default(), "this API")
                    .with_help(
                        "add `specification.json` or `specification.yaml` (OpenAPI) beside `apiInformation.json`",
                    ),
                );
            }
            api.operations = specification::wildcard_operations();
        }
    }
    attach_operation_policies(folder, &mut api, sink);
    Some(api)
}

/// `operations/<name>/policy.xml` must belong to an operation of the API.
fn attach_operation_policies(folder: &Folder, api: &mut Api, sink: &mut Sink) {
    for operation_name in folder.subfolders(&["apis", &api.name, "operations"], sink) {
        let relative = ["apis", api.name.as_str(), "operations", operation_name.as_str(), "policy.xml"];
        let Some(policy) = policy::load(folder, &relative, Kind::Policies, sink) else {
            missing_file(sink, &relative, "write the operation's policy, or remove the empty folder");
            continue;
        };
        match api.operations.iter_mut().find(|operation| operation.name == operation_name) {
            Some(operation) => operation.policy = Some(policy),
            None => {
                let help = apim_diagnostics::suggest::closest(
                    &operation_name,
                    api.operations.iter().map(|op| op.name.as_str()),
                )
                .map_or_else(
                    || "name the folder after an operationId of the API's specification".to_owned(),
                    |near| format!("did you mean `operations/{near}`?"),
                );
                let source = policy.source.clone();
                sink.push(
                    &policy.path,
                    &source,
                    Diagnostic::error(
                        codes::UNKNOWN_REFERENCE,
                        format!("API `{}` has no operation `{operation_name}`; this policy would never run", api.name),
                    )
                    .with_primary(Span::default(), "policy of an unknown operation")
                    .with_help(help),
                );
            }
        }
    }
}
