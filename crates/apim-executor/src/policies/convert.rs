//! json-to-xml and xml-to-json, following the Newtonsoft.Json conventions APIM is built
//! on: JSON becomes elements under a `<Document>` root (arrays repeat their element),
//! XML becomes objects with `@attribute` and `#text` members (repeated elements become
//! arrays). With `kind="javascript-friendly"` attributes and text lose the `@` / `#`
//! marks.

use apim_json::JToken;
use apim_runtime::Value;

use crate::exec::{Exec, Flow, Target};
use crate::fault::Fault;
use crate::step::Step;

fn content_type(exec: &Exec<'_, '_>) -> String {
    match exec.target {
        Target::Response => exec.ctx.data.response.borrow().as_ref().and_then(|r| r.headers.joined("Content-Type")),
        _ => exec.ctx.data.request.borrow().headers.joined("Content-Type"),
    }
    .unwrap_or_default()
    .to_ascii_lowercase()
}

fn accept(exec: &Exec<'_, '_>) -> String {
    exec.ctx.data.request.borrow().headers.joined("Accept").unwrap_or_default().to_ascii_lowercase()
}

fn set_content_type(exec: &mut Exec<'_, '_>, value: &str) {
    exec.with_target_headers(|headers| headers.set("Content-Type", value));
}

pub fn json_to_xml(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let apply = exec.attr_string(step, "apply")?.unwrap_or_else(|| "always".to_owned());
    let consider_accept = exec.attr_bool(step, "consider-accept-header", true)?;
    if apply == "content-type-json" && !content_type(exec).contains("json") {
        exec.note("the body is not JSON: not converted");
        return Ok(Flow::Next);
    }
    if consider_accept && exec.target == Target::Response {
        let accept = accept(exec);
        if !accept.is_empty() && !accept.contains("xml") && !accept.contains("*/*") {
            exec.note("the caller does not accept XML: not converted");
            return Ok(Flow::Next);
        }
    }
    let text = String::from_utf8_lossy(&exec.target_body()).into_owned();
    let token = JToken::parse(&text)
        .map_err(|e| Fault::internal("json-to-xml", "InvalidJson", format!("the body is not JSON: {}", e.message)))?;
    let mut xml = String::from("<Document>");
    write_json_as_xml(&token, "Array", &mut xml);
    xml.push_str("</Document>");
    exec.set_target_body(xml.into_bytes());
    set_content_type(exec, "application/xml");
    exec.note("JSON body converted to XML");
    Ok(Flow::Next)
}

fn xml_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect();
    if out.is_empty() || !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

fn write_json_as_xml(token: &JToken, name: &str, out: &mut String) {
    if token.is_value() {
        if token.value().is_some_and(|v| !matches!(v, apim_json::Value::Null)) {
            escape(&apim_runtime::display(&Value::Json(token.clone())), out);
        }
        return;
    }
    match token.token_type() {
        apim_json::JTokenType::Object => {
            for property in token.properties() {
                let key = xml_name(&property.name().unwrap_or_default());
                match property.property_value() {
                    Some(value) if value.token_type() == apim_json::JTokenType::Array => {
                        for item in value.children() {
                            element(&item, &key, out);
                        }
                    }
                    Some(value) => element(&value, &key, out),
                    None => {}
                }
            }
        }
        apim_json::JTokenType::Array => {
            for item in token.children() {
                element(&item, name, out);
            }
        }
        _ => {}
    }
}

fn element(token: &JToken, name: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    write_json_as_xml(token, name, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

pub fn xml_to_json(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let kind = exec.attr_string(step, "kind")?.unwrap_or_else(|| "direct".to_owned());
    let apply = exec.attr_string(step, "apply")?.unwrap_or_else(|| "always".to_owned());
    let consider_accept = exec.attr_bool(step, "consider-accept-header", true)?;
    let always_array = exec.attr_bool(step, "always-array-child-elements", false)?;
    if apply == "content-type-xml" && !content_type(exec).contains("xml") {
        exec.note("the body is not XML: not converted");
        return Ok(Flow::Next);
    }
    if consider_accept && exec.target == Target::Response {
        let accept = accept(exec);
        if !accept.is_empty() && !accept.contains("json") && !accept.contains("*/*") {
            exec.note("the caller does not accept JSON: not converted");
            return Ok(Flow::Next);
        }
    }
    let text = String::from_utf8_lossy(&exec.target_body()).into_owned();
    let document = roxmltree::Document::parse(&text)
        .map_err(|e| Fault::internal("xml-to-json", "InvalidXml", format!("the body is not XML: {e}")))?;
    let marks = kind != "javascript-friendly";
    let root = document.root_element();
    let object = JToken::new_object();
    let _ = object.add_property(root.tag_name().name(), Some(node_to_json(root, marks, always_array)));
    let json = apim_runtime::display(&Value::Json(object));
    exec.set_target_body(json.into_bytes());
    set_content_type(exec, "application/json");
    exec.note("XML body converted to JSON");
    Ok(Flow::Next)
}

fn node_to_json(node: roxmltree::Node<'_, '_>, marks: bool, always_array: bool) -> JToken {
    let elements: Vec<_> = node.children().filter(roxmltree::Node::is_element).collect();
    let text: String = node.children().filter(roxmltree::Node::is_text).filter_map(|t| t.text()).collect();
    let text = text.trim();
    if elements.is_empty() && node.attributes().len() == 0 {
        return if text.is_empty() { JToken::null() } else { JToken::string(text) };
    }
    let object = JToken::new_object();
    for attribute in node.attributes() {
        let name = if marks { format!("@{}", attribute.name()) } else { attribute.name().to_owned() };
        let _ = object.add_property(&name, Some(JToken::string(attribute.value())));
    }
    if !text.is_empty() {
        let _ = object.add_property(if marks { "#text" } else { "text" }, Some(JToken::string(text)));
    }
    let mut names: Vec<&str> = Vec::new();
    for child in &elements {
        let name = child.tag_name().name();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let same: Vec<_> = elements.iter().filter(|e| e.tag_name().name() == name).collect();
        if same.len() == 1 && !always_array {
            let _ = object.add_property(name, Some(node_to_json(*same[0], marks, always_array)));
        } else {
            let array = JToken::new_array();
            for child in same {
                let _ = array.add(Some(node_to_json(*child, marks, always_array)));
            }
            let _ = object.add_property(name, Some(array));
        }
    }
    object
}
