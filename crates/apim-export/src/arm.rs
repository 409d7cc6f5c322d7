//! The template as an ARM JSON deployment template (what Bicep compiles to), with every
//! policy inline and explicit `dependsOn`.

use std::fmt::Write as _;

use crate::template::{API_VERSION, Node, Resource, SERVICE_PARAMETER, Template, full_type};

/// JSON with keys in the order written, so the output is stable whatever serde_json's
/// map features are.
enum Json {
    String(String),
    Int(i64),
    Bool(bool),
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
}

/// The template's text.
#[must_use]
pub fn template(template: &Template) -> String {
    let parameters = template
        .parameters
        .iter()
        .map(|parameter| {
            let mut fields = vec![(
                "type".to_owned(),
                Json::String(if parameter.secure { "securestring" } else { "string" }.into()),
            )];
            if let Some(default) = &parameter.default {
                fields.push(("defaultValue".into(), Json::String(literal(default))));
            }
            fields.push((
                "metadata".into(),
                Json::Object(vec![("description".into(), Json::String(parameter.description.clone()))]),
            ));
            (parameter.name.clone(), Json::Object(fields))
        })
        .collect();
    let resources = template
        .resources
        .iter()
        .filter(|resource| !resource.existing)
        .map(|resource| self::resource(template, resource))
        .collect();
    let root = Json::Object(vec![
        (
            "$schema".into(),
            Json::String("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#".into()),
        ),
        ("contentVersion".into(), Json::String("1.0.0.0".into())),
        ("metadata".into(), Json::Object(vec![("generator".into(), Json::String("apim export arm".into()))])),
        ("parameters".into(), Json::Object(parameters)),
        ("resources".into(), Json::Array(resources)),
    ]);
    let mut out = String::new();
    write(&mut out, &root, 0);
    out.push('\n');
    out
}

fn resource(template: &Template, resource: &Resource) -> Json {
    let path = template.path(resource);
    let mut fields = vec![
        ("type".to_owned(), Json::String(full_type(resource.kind))),
        ("apiVersion".into(), Json::String(API_VERSION.into())),
        ("name".into(), Json::String(name(&path))),
    ];
    if !resource.properties.is_empty() {
        fields.push(("properties".into(), object(template, &resource.properties)));
    }
    let mut depends: Vec<String> = Vec::new();
    let mut add = |symbol: &str| {
        if let Some(target) = template.resource(symbol)
            && !target.existing
        {
            let id = resource_id(template, target);
            if !depends.contains(&id) {
                depends.push(id);
            }
        }
    };
    if let Some(parent) = &resource.parent {
        add(parent);
    }
    let mut referenced = Vec::new();
    for (_, node) in &resource.properties {
        references(node, &mut referenced);
    }
    for symbol in referenced.iter().chain(&resource.depends_on) {
        add(symbol);
    }
    if !depends.is_empty() {
        fields.push(("dependsOn".into(), Json::Array(depends.into_iter().map(Json::String).collect())));
    }
    Json::Object(fields)
}

fn references(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::ResourceId(symbol) => out.push(symbol.clone()),
        Node::Object(fields) => fields.iter().for_each(|(_, node)| references(node, out)),
        Node::Array(items) => items.iter().for_each(|node| references(node, out)),
        _ => {}
    }
}

fn object(template: &Template, fields: &[(String, Node)]) -> Json {
    Json::Object(fields.iter().map(|(key, node)| (key.clone(), value(template, node))).collect())
}

fn value(template: &Template, node: &Node) -> Json {
    match node {
        Node::String(text) => Json::String(literal(text)),
        Node::Int(number) => Json::Int(*number),
        Node::Bool(flag) => Json::Bool(*flag),
        Node::Parameter(name) => Json::String(format!("[parameters({})]", quote(name))),
        Node::ResourceId(symbol) => match template.resource(symbol) {
            Some(target) => Json::String(format!(
                "[{}]",
                resource_id(template, target).trim_start_matches('[').trim_end_matches(']')
            )),
            None => Json::String(String::new()),
        },
        Node::ServiceIdSuffix(suffix) => Json::String(format!(
            "[concat(resourceId('Microsoft.ApiManagement/service', parameters({})), {})]",
            quote(SERVICE_PARAMETER),
            quote(suffix)
        )),
        Node::Policy(index) => {
            Json::String(template.policy_files.get(*index).map_or_else(String::new, |policy| literal(&policy.text)))
        }
        Node::Object(fields) => object(template, fields),
        Node::Array(items) => Json::Array(items.iter().map(|node| value(template, node)).collect()),
    }
}

/// `[resourceId('Microsoft.ApiManagement/service/apis', parameters('apimServiceName'), 'x')]`.
fn resource_id(template: &Template, resource: &Resource) -> String {
    let mut arguments = vec![quote(&full_type(resource.kind)), format!("parameters({})", quote(SERVICE_PARAMETER))];
    arguments.extend(template.path(resource).iter().map(|(_, name)| segment(name)));
    format!("[resourceId({})]", arguments.join(", "))
}

/// `[format('{0}/{1}/{2}', parameters('apimServiceName'), 'x', 'policy')]`.
fn name(path: &[(&'static str, Node)]) -> String {
    let placeholders: Vec<String> = (0..=path.len()).map(|index| format!("{{{index}}}")).collect();
    let mut arguments = vec![quote(&placeholders.join("/")), format!("parameters({})", quote(SERVICE_PARAMETER))];
    arguments.extend(path.iter().map(|(_, name)| segment(name)));
    format!("[format({})]", arguments.join(", "))
}

fn segment(name: &Node) -> String {
    match name {
        Node::Parameter(parameter) => format!("parameters({})", quote(parameter)),
        Node::String(text) => quote(text),
        _ => "''".into(),
    }
}

/// An ARM expression string literal: `'it''s'`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A literal string value: one starting with `[` would be read as an expression.
fn literal(text: &str) -> String {
    if text.starts_with('[') { format!("[{text}") } else { text.to_owned() }
}

fn write(out: &mut String, json: &Json, depth: usize) {
    let pad = "  ".repeat(depth + 1);
    match json {
        Json::String(text) => out.push_str(&serde_json::Value::String(text.clone()).to_string()),
        Json::Int(number) => {
            let _ = write!(out, "{number}");
        }
        Json::Bool(flag) => {
            let _ = write!(out, "{flag}");
        }
        Json::Object(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(fields) => {
            out.push_str("{\n");
            for (index, (key, value)) in fields.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&serde_json::Value::String(key.clone()).to_string());
                out.push_str(": ");
                write(out, value, depth + 1);
                out.push_str(if index + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(depth));
            out.push('}');
        }
        Json::Array(items) => {
            out.push_str("[\n");
            for (index, value) in items.iter().enumerate() {
                out.push_str(&pad);
                write(out, value, depth + 1);
                out.push_str(if index + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(depth));
            out.push(']');
        }
    }
}
