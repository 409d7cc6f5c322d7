//! `apis/<name>/specification.json|yaml|yml`: OpenAPI 2 or 3, read for its operations
//! (method, URL template, operationId).

use apim_diagnostics::Diagnostic;
use apim_text::Span;
use serde_json::Value;

use super::json::{JsonFile, Seg, offset_of};
use super::{Folder, Sink};
use crate::codes;
use crate::model::{OpenApiVersion, Operation, Specification, SpecificationFormat};

pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The specification file names APIOps writes, in the order they are looked for.
const FILES: &[(&str, SpecificationFormat)] = &[
    ("specification.json", SpecificationFormat::Json),
    ("specification.yaml", SpecificationFormat::Yaml),
    ("specification.yml", SpecificationFormat::Yaml),
];

/// The specification and its operations; `None` when the API has no specification file
/// (or it is broken, reported).
pub(crate) fn load(folder: &Folder, api: &str, sink: &mut Sink) -> Option<(Specification, Vec<Operation>)> {
    let (file_name, format) = FILES.iter().find(|(file, _)| folder.exists(&["apis", api, file]))?;
    let relative = ["apis", api, file_name];
    let path = Folder::display(&relative);
    let source = folder.read(&relative, sink)?;
    let file = match format {
        SpecificationFormat::Json => JsonFile::parse(&path, source, sink)?,
        SpecificationFormat::Yaml => match serde_yaml_ng::from_str::<Value>(&source) {
            Ok(value) => JsonFile { path: path.clone(), source, value },
            Err(error) => {
                let offset = error.location().map_or(0, |at| offset_of(&source, at.line(), at.column()));
                sink.push(
                    &path,
                    &source,
                    Diagnostic::error(codes::INVALID_SPECIFICATION, format!("invalid YAML: {error}"))
                        .with_primary(Span::new(offset, offset), "here")
                        .with_help("fix the YAML syntax of the OpenAPI document"),
                );
                return None;
            }
        },
    };
    let version = if file.get(&[Seg::Key("swagger")]).and_then(Value::as_str).is_some_and(|v| v.starts_with('2')) {
        OpenApiVersion::V2
    } else if file.get(&[Seg::Key("openapi")]).and_then(Value::as_str).is_some_and(|v| v.starts_with('3')) {
        OpenApiVersion::V3
    } else {
        file.problem(
            sink,
            codes::INVALID_SPECIFICATION,
            &[],
            format!("`{path}` is not an OpenAPI 2 or 3 document"),
            "start it with `\"swagger\": \"2.0\"` or `\"openapi\": \"3.0.1\"`",
        );
        return None;
    };
    let operations = operations(&file, sink);
    Some((Specification { path, version, format: *format }, operations))
}

fn operations(file: &JsonFile, sink: &mut Sink) -> Vec<Operation> {
    let mut operations: Vec<Operation> = Vec::new();
    let Some(paths) = file.object(sink, &[Seg::Key("paths")]) else {
        file.problem(
            sink,
            codes::INVALID_SPECIFICATION,
            &[],
            "the specification has no `paths`".into(),
            "add the API's operations under `paths`",
        );
        return operations;
    };
    for (url_template, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = [Seg::Key("paths"), Seg::Key(url_template), Seg::Key(method)];
            let operation_id = operation.get("operationId").and_then(Value::as_str).map(str::to_owned);
            let name = operation_id.clone().unwrap_or_else(|| generated_name(method, url_template));
            if let Some(first) = operations.iter().find(|other| other.name == name) {
                file.problem(
                    sink,
                    codes::DUPLICATE,
                    &at,
                    format!("operationId `{name}` is also used by {} {}", first.method, first.url_template),
                    "give every operation its own operationId; APIM names operations by it",
                );
                continue;
            }
            let display_name = operation
                .get("summary")
                .and_then(Value::as_str)
                .filter(|summary| !summary.is_empty())
                .map_or_else(|| name.clone(), str::to_owned);
            operations.push(Operation {
                template_parameters: template_parameters(url_template),
                name,
                display_name,
                method: method.to_ascii_uppercase(),
                url_template: url_template.clone(),
                wildcard: false,
                policy: None,
            });
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    operations
}

/// The name APIM gives an operation without operationId: method and path, dashed.
fn generated_name(method: &str, path: &str) -> String {
    let mut name = method.to_owned();
    for part in path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|part| !part.is_empty()) {
        name.push('-');
        name.push_str(&part.to_ascii_lowercase());
    }
    name
}

/// `{name}` segments of a URL template, in order.
pub(crate) fn template_parameters(url_template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = url_template;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + length];
        if !name.is_empty() && !names.iter().any(|known| known == name) {
            names.push(name.to_owned());
        }
        rest = &rest[start + length + 1..];
    }
    names
}

/// One operation per method matching any path, for an API without a specification.
pub(crate) fn wildcard_operations() -> Vec<Operation> {
    let mut operations: Vec<Operation> = METHODS
        .iter()
        .filter(|method| **method != "trace")
        .map(|method| Operation {
            name: (*method).to_owned(),
            display_name: format!("{} *", method.to_ascii_uppercase()),
            method: method.to_ascii_uppercase(),
            url_template: "/*".into(),
            template_parameters: Vec::new(),
            wildcard: true,
            policy: None,
        })
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    operations
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_template_parameters() {
        assert_eq!(super::template_parameters("/users/{id}/posts/{post}"), ["id", "post"]);
        assert!(super::template_parameters("/users").is_empty());
    }

    #[test]
    fn generates_names_like_apim() {
        assert_eq!(super::generated_name("get", "/users/{id}"), "get-users-id");
    }
}
