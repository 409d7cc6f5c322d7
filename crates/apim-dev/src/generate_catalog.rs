//! `cargo dev generate-catalog`: writes `crates/apim-catalog/src/generated.rs` from the
//! reference catalog (`policies.json`) and the corrections in `catalog_overrides.rs`.
//!
//! The output is formatted with rustfmt (the workspace `rustfmt.toml`), so `cargo fmt`
//! leaves it alone and `--check` compares like with like.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog_overrides::{Change, OVERRIDES, Override};
use crate::codegen::{Mode, default_reference_dir, rustfmt, write_or_check};

/// The command that rewrites the file; error messages name it.
pub const COMMAND: &str = "cargo dev generate-catalog";

/// The generated file, relative to the workspace root.
const OUTPUT: &str = "crates/apim-catalog/src/generated.rs";

#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; fail if the file on disk differs from what would be written.
    #[arg(long)]
    pub check: bool,
    /// The directory holding `policies.json` (default: `$APIM_REFERENCE`, else
    /// `../shared/reference` beside the workspace).
    #[arg(long, value_name = "DIR")]
    pub reference: Option<PathBuf>,
}

pub fn main(args: &Args) -> Result<(), String> {
    let reference = args.reference.clone().unwrap_or_else(default_reference_dir);
    let mode = if args.check { Mode::Check } else { Mode::Write };
    run(&reference, mode)
}

pub fn run(reference: &Path, mode: Mode) -> Result<(), String> {
    let input = reference.join("policies.json");
    let json = std::fs::read_to_string(&input).map_err(|error| format!("cannot read {}: {error}", input.display()))?;
    write_or_check(OUTPUT, &rustfmt(&generate(&json)?)?, COMMAND, mode)
}

/// The Rust source of `generated.rs` (not yet formatted).
pub fn generate(json: &str) -> Result<String, String> {
    generate_with(json, OVERRIDES)
}

fn generate_with(json: &str, overrides: &[Override]) -> Result<String, String> {
    let mut policies: BTreeMap<String, RawPolicy> =
        serde_json::from_str(json).map_err(|error| format!("policies.json: {error}"))?;
    apply_overrides(&mut policies, overrides)?;
    render(&policies)
}

// ---------------------------------------------------------------------------------------
// The reference catalog, as far as the tables use it (see the reference README).

#[derive(Deserialize)]
struct RawPolicy {
    doc: String,
    title: String,
    xml_element: String,
    category: String,
    sections: Vec<String>,
    scopes: Vec<String>,
    attributes: Vec<RawAttribute>,
    elements: Vec<RawElement>,
    /// Present (an object) when the policy's value is its element text.
    text_content: Option<serde::de::IgnoredAny>,
    behavior: Vec<String>,
    usage_notes: Vec<String>,
}

#[derive(Deserialize)]
struct RawAttribute {
    name: String,
    required: bool,
    required_condition: Option<String>,
    expressions: Option<bool>,
    #[serde(rename = "type")]
    value_type: String,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<String>>,
    default: Option<serde_json::Value>,
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
    summary: String,
}

#[derive(Deserialize)]
struct RawElement {
    name: String,
    required: bool,
    required_condition: Option<String>,
    multiple: bool,
    summary: Option<String>,
    text_content: Option<bool>,
    expressions: Option<bool>,
    policy_ref: Option<String>,
    is_policy_container: Option<bool>,
    allowed_children: Option<Vec<String>>,
    opaque: Option<bool>,
    #[serde(default)]
    attributes: Vec<RawAttribute>,
    #[serde(default)]
    elements: Vec<RawElement>,
}

// ---------------------------------------------------------------------------------------
// Corrections.

fn apply_overrides(policies: &mut BTreeMap<String, RawPolicy>, overrides: &[Override]) -> Result<(), String> {
    for item in overrides {
        let mut target = item.policy.to_owned();
        for name in item.element {
            target.push('/');
            target.push_str(name);
        }
        let fail = |problem: &str| format!("catalog_overrides.rs, `{target}`: {problem}");
        let policy = policies.get_mut(item.policy).ok_or_else(|| fail("no such policy"))?;
        let element = if item.element.is_empty() {
            None
        } else {
            Some(find_element(&mut policy.elements, item.element).ok_or_else(|| fail("no such element"))?)
        };
        let changed = match (&item.change, element) {
            (Change::AddEnumValue { attribute, value }, element) => {
                let attributes = match element {
                    Some(element) => &mut element.attributes,
                    None => &mut policy.attributes,
                };
                let attribute = attributes
                    .iter_mut()
                    .find(|candidate| candidate.name == *attribute)
                    .ok_or_else(|| fail(&format!("no attribute `{attribute}`")))?;
                if attribute.value_type != "enum" {
                    return Err(fail(&format!("attribute `{}` is not an enum", attribute.name)));
                }
                let values = attribute.enum_values.get_or_insert_with(Vec::new);
                let missing = !values.iter().any(|known| known == value);
                if missing {
                    values.push((*value).to_owned());
                }
                missing
            }
            (Change::ElementRequired { required, condition }, Some(element)) => {
                let condition = condition.map(str::to_owned);
                let differs = element.required != *required || element.required_condition != condition;
                element.required = *required;
                element.required_condition = condition;
                differs
            }
            (Change::ElementRequired { .. }, None) => {
                return Err(fail("`ElementRequired` needs an element path"));
            }
        };
        if !changed {
            return Err(fail("the reference already says this; remove the correction"));
        }
    }
    Ok(())
}

fn find_element<'a>(elements: &'a mut [RawElement], path: &[&str]) -> Option<&'a mut RawElement> {
    let (first, rest) = path.split_first()?;
    let element = elements.iter_mut().find(|element| element.name == *first)?;
    if rest.is_empty() { Some(element) } else { find_element(&mut element.elements, rest) }
}

// ---------------------------------------------------------------------------------------
// Rendering.

const HEADER: &str = "\
// @generated by cargo dev generate-catalog; do not edit
// From the reference catalog's policies.json and crates/apim-dev/src/catalog_overrides.rs.

use crate::{AttributeSpec, ElementKind, ElementSpec, PolicySpec, Scope, SectionKind, ValueType};

/// Every policy, sorted by catalog key (`policy()` binary-searches it).
pub static POLICIES: &[PolicySpec] = &[
";

/// Lines of Rust with four-space indentation, close to rustfmt's layout.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    fn close(&mut self, text: &str) {
        self.depth -= 1;
        self.line(text);
    }
}

fn render(policies: &BTreeMap<String, RawPolicy>) -> Result<String, String> {
    let mut writer = Writer { out: HEADER.to_owned(), depth: 1 };
    for (key, policy) in policies {
        render_policy(&mut writer, policies, key, policy).map_err(|error| format!("{key}: {error}"))?;
    }
    writer.close("];");
    Ok(writer.out)
}

fn render_policy(
    writer: &mut Writer,
    policies: &BTreeMap<String, RawPolicy>,
    key: &str,
    policy: &RawPolicy,
) -> Result<(), String> {
    let (sections, graphql_resolver) = sections(&policy.sections)?;
    writer.open("PolicySpec {");
    writer.line(&format!("name: {key:?},"));
    writer.line(&format!("element: {:?},", policy.xml_element));
    writer.line(&format!("title: {:?},", policy.title));
    writer.line(&format!("doc: {:?},", policy.doc));
    writer.line(&format!("category: {:?},", policy.category));
    writer.line(&format!("sections: &[{}],", sections.join(", ")));
    writer.line(&format!("graphql_resolver: {graphql_resolver},"));
    writer.line(&format!("scopes: &[{}],", scopes(&policy.scopes)?.join(", ")));
    render_attributes(writer, &policy.attributes)?;
    render_elements(writer, policies, &policy.elements)?;
    writer.line(&format!("text_content: {},", policy.text_content.is_some()));
    writer.line(&format!("behavior: {},", string_slice(&policy.behavior)));
    writer.line(&format!("usage_notes: {},", string_slice(&policy.usage_notes)));
    writer.close("},");
    Ok(())
}

fn render_attributes(writer: &mut Writer, attributes: &[RawAttribute]) -> Result<(), String> {
    if attributes.is_empty() {
        writer.line("attributes: &[],");
        return Ok(());
    }
    writer.open("attributes: &[");
    for attribute in attributes {
        let fail = |problem: String| format!("attribute `{}`: {problem}", attribute.name);
        let value_type = value_type(&attribute.value_type).map_err(fail)?;
        let enum_values = attribute.enum_values.as_deref().unwrap_or_default();
        if (value_type == "Enum") == enum_values.is_empty() {
            return Err(fail(format!("type `{}` with {} enum values", attribute.value_type, enum_values.len())));
        }
        writer.open("AttributeSpec {");
        writer.line(&format!("name: {:?},", attribute.name));
        writer.line(&format!("required: {},", attribute.required));
        writer.line(&format!("required_condition: {},", option_str(attribute.required_condition.as_deref())));
        writer.line(&format!("expressions: {},", option_bool(attribute.expressions)));
        writer.line(&format!("value_type: ValueType::{value_type},"));
        writer.line(&format!("enum_values: {},", string_slice(enum_values)));
        writer.line(&format!(
            "default: {},",
            option_str(default_text(attribute.default.as_ref()).map_err(fail)?.as_deref())
        ));
        writer.line(&format!("min: {},", option_integer(attribute.min.as_ref()).map_err(fail)?));
        writer.line(&format!("max: {},", option_integer(attribute.max.as_ref()).map_err(fail)?));
        writer.line(&format!("summary: {:?},", attribute.summary));
        writer.close("},");
    }
    writer.close("],");
    Ok(())
}

fn render_elements(
    writer: &mut Writer,
    policies: &BTreeMap<String, RawPolicy>,
    elements: &[RawElement],
) -> Result<(), String> {
    if elements.is_empty() {
        writer.line("elements: &[],");
        return Ok(());
    }
    writer.open("elements: &[");
    for element in elements {
        let fail = |problem: String| format!("element `{}`: {problem}", element.name);
        writer.open("ElementSpec {");
        writer.line(&format!("name: {:?},", element.name));
        writer.line(&format!("kind: {},", element_kind(policies, element).map_err(fail)?));
        writer.line(&format!("required: {},", element.required));
        writer.line(&format!("required_condition: {},", option_str(element.required_condition.as_deref())));
        writer.line(&format!("multiple: {},", element.multiple));
        writer.line(&format!("text_content: {},", element.text_content.unwrap_or(false)));
        writer.line(&format!("expressions: {},", option_bool(element.expressions)));
        render_attributes(writer, &element.attributes).map_err(fail)?;
        render_elements(writer, policies, &element.elements).map_err(fail)?;
        writer.line(&format!("summary: {:?},", element.summary.as_deref().unwrap_or_default()));
        writer.close("},");
    }
    writer.close("],");
    Ok(())
}

/// The element holds policies, is a policy, is foreign XML, or is plain configuration.
fn element_kind(policies: &BTreeMap<String, RawPolicy>, element: &RawElement) -> Result<String, String> {
    if element.is_policy_container == Some(true) || element.name == "*policy statements*" {
        let allowed = element.allowed_children.as_deref().unwrap_or_default();
        if let Some(unknown) = allowed.iter().find(|name| !policies.contains_key(name.as_str())) {
            return Err(format!("allowed child `{unknown}` is not a policy"));
        }
        return Ok(format!("ElementKind::PolicyContainer {{ allowed: {} }}", string_slice(allowed)));
    }
    if let Some(target) = &element.policy_ref {
        if !policies.contains_key(target) {
            return Err(format!("policy_ref `{target}` is not a policy"));
        }
        return Ok(format!("ElementKind::PolicyRef({target:?})"));
    }
    if element.opaque == Some(true) {
        return Ok("ElementKind::Opaque".to_owned());
    }
    Ok("ElementKind::Config".to_owned())
}

/// Section variants in execution order, and whether the policy is a GraphQL resolver.
fn sections(names: &[String]) -> Result<(Vec<&'static str>, bool), String> {
    const ORDER: [(&str, &str); 4] = [
        ("inbound", "SectionKind::Inbound"),
        ("backend", "SectionKind::Backend"),
        ("outbound", "SectionKind::Outbound"),
        ("on-error", "SectionKind::OnError"),
    ];
    let mut graphql_resolver = false;
    for name in names {
        match name.as_str() {
            "graphql-resolver" | "graphql-resolver:http-response" => graphql_resolver = true,
            other if ORDER.iter().any(|(known, _)| *known == other) => {}
            other => return Err(format!("unknown section `{other}`")),
        }
    }
    let variants =
        ORDER.iter().filter(|(known, _)| names.iter().any(|name| name == known)).map(|(_, variant)| *variant).collect();
    Ok((variants, graphql_resolver))
}

/// Scope variants from the widest to the narrowest; `graphql-resolver` is not a scope here.
fn scopes(names: &[String]) -> Result<Vec<&'static str>, String> {
    const ORDER: [(&str, &str); 5] = [
        ("global", "Scope::Global"),
        ("workspace", "Scope::Workspace"),
        ("product", "Scope::Product"),
        ("api", "Scope::Api"),
        ("operation", "Scope::Operation"),
    ];
    if let Some(unknown) =
        names.iter().find(|name| *name != "graphql-resolver" && !ORDER.iter().any(|(known, _)| known == name))
    {
        return Err(format!("unknown scope `{unknown}`"));
    }
    Ok(ORDER.iter().filter(|(known, _)| names.iter().any(|name| name == known)).map(|(_, variant)| *variant).collect())
}

/// The `ValueType` variant for a reference `type` string.
fn value_type(name: &str) -> Result<&'static str, String> {
    Ok(match name {
        "string" => "String",
        "int" => "Int",
        "bool" => "Bool",
        "enum" => "Enum",
        "double" => "Double",
        "decimal-0-1" => "Decimal01",
        "int-seconds" => "IntSeconds",
        "int-milliseconds" => "IntMilliseconds",
        "int-bytes" => "IntBytes",
        "int-kilobytes" => "IntKilobytes",
        "int-status-code" => "IntStatusCode",
        "duration-seconds" => "DurationSeconds",
        "datetime-iso8601" => "DatetimeIso8601",
        "header-name" => "HeaderName",
        "variable-name" => "VariableName",
        "backend-id" => "BackendId",
        "url" => "Url",
        "uri-template" => "UriTemplate",
        "bool-expression" => "BoolExpression",
        "expression-or-string" => "ExpressionOrString",
        "ip-address" => "IpAddress",
        "base64url" => "Base64Url",
        "byte[]" => "Bytes",
        "any" => "Any",
        other => return Err(format!("unknown type `{other}`")),
    })
}

/// A default as the docs write it: strings as they are, numbers and booleans as JSON text.
fn default_text(value: Option<&serde_json::Value>) -> Result<Option<String>, String> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
        Some(value @ (serde_json::Value::Bool(_) | serde_json::Value::Number(_))) => Ok(Some(value.to_string())),
        Some(other) => Err(format!("default `{other}` is not a string, number or boolean")),
    }
}

fn option_integer(number: Option<&serde_json::Number>) -> Result<String, String> {
    let Some(number) = number else {
        return Ok("None".to_owned());
    };
    let value = number.as_i64().ok_or_else(|| format!("bound `{number}` is not an integer"))?;
    Ok(format!("Some({})", group_digits(value)))
}

/// `102400` -> `102_400`, so long literals stay readable.
fn group_digits(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::new();
    if value < 0 {
        grouped.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if digits.len() > 4 && index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('_');
        }
        grouped.push(digit);
    }
    grouped
}

fn option_str(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |text| format!("Some({text:?})"))
}

fn option_bool(value: Option<bool>) -> String {
    value.map_or_else(|| "None".to_owned(), |value| format!("Some({value})"))
}

/// `&["a", "b"]`; `{:?}` of a `str` is a valid Rust string literal.
fn string_slice(items: &[String]) -> String {
    let mut out = String::from("&[");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{item:?}");
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference catalog, or `None` (after saying why) outside CI; under CI a missing
    /// reference is a failure.
    fn reference_json() -> Option<(PathBuf, String)> {
        let dir = default_reference_dir();
        if let Ok(json) = std::fs::read_to_string(dir.join("policies.json")) {
            return Some((dir, json));
        }
        let message =
            format!("the reference catalog was not found at {} (set APIM_REFERENCE to its directory)", dir.display());
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        None
    }

    #[test]
    fn generated_catalog_is_fresh() {
        let Some((dir, _)) = reference_json() else {
            return;
        };
        if let Err(message) = run(&dir, Mode::Check) {
            panic!("{message}");
        }
    }

    #[test]
    fn output_is_stable_under_rustfmt() {
        let Some((_, json)) = reference_json() else {
            return;
        };
        let once = rustfmt(&generate(&json).unwrap()).unwrap();
        assert_eq!(rustfmt(&once).unwrap(), once);
        assert!(once.starts_with("// @generated by cargo dev generate-catalog; do not edit\n"));
    }

    const SMALL: &str = r#"{
      "zeta": {
        "doc": "https://example.com/zeta", "title": "Zeta", "xml_element": "zeta",
        "category": "routing", "sections": ["outbound", "inbound", "graphql-resolver"],
        "scopes": ["operation", "global", "graphql-resolver"],
        "attributes": [
          {"name": "mode", "required": false, "expressions": false, "type": "enum",
           "enum": ["a", "b"], "default": "a", "summary": "Say \"hi\"."},
          {"name": "size", "required": true, "required_condition": null, "expressions": null,
           "type": "int-kilobytes", "default": 0, "min": 1, "max": 102400, "summary": "Size."}
        ],
        "elements": [
          {"name": "*policy statements*", "required": false, "multiple": true,
           "is_policy_container": true, "attributes": [], "elements": []},
          {"name": "alpha", "required": true, "multiple": false, "policy_ref": "alpha"},
          {"name": "xml", "required": false, "multiple": false, "opaque": true,
           "attributes": [], "elements": []}
        ],
        "text_content": {"required": true, "expressions": true, "summary": "Text."},
        "behavior": ["Does it."], "usage_notes": []
      },
      "alpha": {
        "doc": "https://example.com/alpha", "title": "Alpha", "xml_element": "alpha",
        "category": "routing", "sections": ["inbound"], "scopes": ["api"],
        "attributes": [], "elements": [], "behavior": [], "usage_notes": ["Once."]
      }
    }"#;

    #[test]
    fn maps_the_reference_fields() {
        let source = generate_with(SMALL, &[]).unwrap();
        assert!(source.find("name: \"alpha\"").unwrap() < source.find("name: \"zeta\"").unwrap());
        for expected in [
            "sections: &[SectionKind::Inbound, SectionKind::Outbound],",
            "graphql_resolver: true,",
            "scopes: &[Scope::Global, Scope::Operation],",
            "value_type: ValueType::Enum,",
            "enum_values: &[\"a\", \"b\"],",
            "default: Some(\"a\"),",
            "summary: \"Say \\\"hi\\\".\",",
            "value_type: ValueType::IntKilobytes,",
            "default: Some(\"0\"),",
            "min: Some(1),",
            "max: Some(102_400),",
            "kind: ElementKind::PolicyContainer { allowed: &[] },",
            "kind: ElementKind::PolicyRef(\"alpha\"),",
            "kind: ElementKind::Opaque,",
            "text_content: true,",
            "usage_notes: &[\"Once.\"],",
        ] {
            assert!(source.contains(expected), "missing `{expected}` in\n{source}");
        }
    }

    #[test]
    fn rejects_unknown_types_and_dangling_references() {
        let unknown_type = SMALL.replace("int-kilobytes", "int-furlongs");
        assert!(generate_with(&unknown_type, &[]).unwrap_err().contains("unknown type `int-furlongs`"));
        let dangling = SMALL.replace("\"policy_ref\": \"alpha\"", "\"policy_ref\": \"omega\"");
        assert!(generate_with(&dangling, &[]).unwrap_err().contains("policy_ref `omega`"));
    }

    #[test]
    fn overrides_apply_once_and_fail_when_stale() {
        let mut policies: BTreeMap<String, RawPolicy> = serde_json::from_str(SMALL).unwrap();
        let add =
            [Override { policy: "zeta", element: &[], change: Change::AddEnumValue { attribute: "mode", value: "c" } }];
        apply_overrides(&mut policies, &add).unwrap();
        assert_eq!(policies["zeta"].attributes[0].enum_values.as_deref().unwrap(), ["a", "b", "c"]);
        assert!(apply_overrides(&mut policies, &add).unwrap_err().contains("already says this"));

        let optional = [Override {
            policy: "zeta",
            element: &["alpha"],
            change: Change::ElementRequired { required: false, condition: None },
        }];
        apply_overrides(&mut policies, &optional).unwrap();
        assert!(!policies["zeta"].elements[1].required);

        let missing = [Override {
            policy: "zeta",
            element: &["beta"],
            change: Change::ElementRequired { required: false, condition: None },
        }];
        assert!(apply_overrides(&mut policies, &missing).unwrap_err().contains("zeta/beta"));
    }

    #[test]
    fn groups_long_integers() {
        assert_eq!(group_digits(50), "50");
        assert_eq!(group_digits(3600), "3600");
        assert_eq!(group_digits(86_400), "86_400");
        assert_eq!(group_digits(-1_000_000), "-1_000_000");
    }
}
