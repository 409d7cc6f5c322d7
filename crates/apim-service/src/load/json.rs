//! A JSON file of the service folder: parsed strictly with serde_json (whose errors
//! carry line and column) and read field by field, every problem reported at the
//! field's key. Key positions come from jsonc-parser's syntax tree, built only when a
//! problem must be reported.

use apim_diagnostics::{Code, Diagnostic};
use apim_text::Span;
use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use serde_json::{Map, Value};

use super::Sink;
use crate::codes;

/// A parsed JSON file.
pub(crate) struct JsonFile {
    /// Relative to the service folder.
    pub path: String,
    pub source: String,
    pub value: Value,
}

/// A path into a JSON document.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl JsonFile {
    /// Parses `source`; a syntax error is reported at its line and column.
    pub fn parse(path: &str, source: String, sink: &mut Sink) -> Option<Self> {
        match serde_json::from_str::<Value>(&source) {
            Ok(value) => Some(Self { path: path.to_owned(), source, value }),
            Err(error) => {
                let offset = offset_of(&source, error.line(), error.column());
                let message = error.to_string();
                // serde_json appends " at line L column C"; the position is the label's.
                let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
                sink.push(
                    path,
                    &source,
                    Diagnostic::error(codes::INVALID_JSON, format!("invalid JSON: {message}"))
                        .with_primary(Span::new(offset, offset), "here")
                        .with_help(
                            "fix the JSON syntax; APIOps files are plain JSON (no comments, no trailing commas)",
                        ),
                );
                None
            }
        }
    }

    pub fn get(&self, path: &[Seg<'_>]) -> Option<&Value> {
        let mut value = &self.value;
        for segment in path {
            value = match segment {
                Seg::Key(key) => value.as_object()?.get(*key)?,
                Seg::Index(index) => value.as_array()?.get(*index)?,
            };
        }
        Some(value)
    }

    /// Where to report a problem with the field at `path`: its key (an array element
    /// itself), or the nearest enclosing key when the field is absent.
    pub fn span(&self, path: &[Seg<'_>]) -> Span {
        let collect = jsonc_parser::CollectOptions::default();
        let options = jsonc_parser::ParseOptions::default();
        let Ok(parsed) = jsonc_parser::parse_to_ast(&self.source, &collect, &options) else {
            return Span::default();
        };
        let Some(mut value) = parsed.value.as_ref() else { return Span::default() };
        let mut found = to_span(value.range());
        for segment in path {
            let next = match (segment, value) {
                (Seg::Key(key), ast::Value::Object(object)) => {
                    object.properties.iter().find(|property| property.name.as_str() == *key).map(|property| {
                        found = to_span(property.name.range());
                        &property.value
                    })
                }
                (Seg::Index(index), ast::Value::Array(array)) => array.elements.get(*index).inspect(|element| {
                    found = to_span(element.range());
                }),
                _ => None,
            };
            match next {
                Some(next) => value = next,
                None => break,
            }
        }
        found
    }

    pub fn report(&self, sink: &mut Sink, diagnostic: Diagnostic) {
        sink.push(&self.path, &self.source, diagnostic);
    }

    /// Reports `message` at the field, with a label and a help.
    pub fn problem(&self, sink: &mut Sink, code: Code, path: &[Seg<'_>], message: String, help: &str) {
        let diagnostic =
            Diagnostic::error(code, message).with_primary(self.span(path), label_for(code)).with_help(help.to_owned());
        self.report(sink, diagnostic);
    }

    pub fn warning(&self, sink: &mut Sink, code: Code, path: &[Seg<'_>], message: String, help: &str) {
        let diagnostic = Diagnostic::warning(code, message)
            .with_primary(self.span(path), label_for(code))
            .with_help(help.to_owned());
        self.report(sink, diagnostic);
    }

    fn wrong_type(&self, sink: &mut Sink, path: &[Seg<'_>], expected: &str) {
        let found = self.get(path).map_or("nothing", kind_of);
        self.problem(
            sink,
            codes::WRONG_TYPE,
            path,
            format!("`{}` must be {expected}, not {found}", display(path)),
            &format!("write {expected}"),
        );
    }

    fn missing(&self, sink: &mut Sink, path: &[Seg<'_>], what: &str) {
        let parent = &path[..path.len().saturating_sub(1)];
        self.problem(
            sink,
            codes::MISSING_FIELD,
            parent,
            format!("`{}` is required", display(path)),
            &format!("add `\"{}\"`: {what}", last_key(path)),
        );
    }

    /// An optional string; `null` counts as absent.
    pub fn string(&self, sink: &mut Sink, path: &[Seg<'_>]) -> Option<String> {
        match self.get(path)? {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            _ => {
                self.wrong_type(sink, path, "a string");
                None
            }
        }
    }

    /// A required string (`what` says what it is, for the help).
    pub fn required_string(&self, sink: &mut Sink, path: &[Seg<'_>], what: &str) -> Option<String> {
        if self.get(path).is_none_or(Value::is_null) {
            self.missing(sink, path, what);
            return None;
        }
        self.string(sink, path)
    }

    pub fn bool(&self, sink: &mut Sink, path: &[Seg<'_>]) -> Option<bool> {
        match self.get(path)? {
            Value::Bool(value) => Some(*value),
            Value::Null => None,
            _ => {
                self.wrong_type(sink, path, "`true` or `false`");
                None
            }
        }
    }

    /// An optional whole number in `min..=max`.
    pub fn integer(&self, sink: &mut Sink, path: &[Seg<'_>], min: i64, max: i64) -> Option<i64> {
        let value = self.get(path)?;
        if value.is_null() {
            return None;
        }
        let Some(number) = value.as_i64() else {
            self.wrong_type(sink, path, "a whole number");
            return None;
        };
        if !(min..=max).contains(&number) {
            self.problem(
                sink,
                codes::INVALID_VALUE,
                path,
                format!("`{}` is {number}, outside {min}..{max}", display(path)),
                &format!("use a value from {min} to {max}"),
            );
            return None;
        }
        Some(number)
    }

    /// An optional array of strings.
    pub fn strings(&self, sink: &mut Sink, path: &[Seg<'_>]) -> Option<Vec<String>> {
        let value = self.get(path)?;
        if value.is_null() {
            return None;
        }
        let Some(items) = value.as_array() else {
            self.wrong_type(sink, path, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => {
                    let mut element = path.to_vec();
                    element.push(Seg::Index(index));
                    self.wrong_type(sink, &element, "a string");
                }
            }
        }
        Some(out)
    }

    /// An optional object.
    pub fn object(&self, sink: &mut Sink, path: &[Seg<'_>]) -> Option<&Map<String, Value>> {
        match self.get(path)? {
            Value::Object(map) => Some(map),
            Value::Null => None,
            _ => {
                self.wrong_type(sink, path, "an object");
                None
            }
        }
    }

    /// An optional array; returns its length.
    pub fn array_len(&self, sink: &mut Sink, path: &[Seg<'_>]) -> Option<usize> {
        match self.get(path)? {
            Value::Array(items) => Some(items.len()),
            Value::Null => None,
            _ => {
                self.wrong_type(sink, path, "an array");
                None
            }
        }
    }

    /// Warns about keys of the object at `path` that are not in `known`, with the
    /// closest known key as a suggestion (a misspelt key is silently ignored by APIM).
    pub fn unknown_keys(&self, sink: &mut Sink, path: &[Seg<'_>], known: &[&str]) {
        let Some(Value::Object(map)) = self.get(path) else { return };
        for key in map.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let mut field = path.to_vec();
            field.push(Seg::Key(key));
            let help = match apim_diagnostics::suggest::closest(key, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known fields here: {}", known.join(", ")),
            };
            self.warning(
                sink,
                codes::UNKNOWN_FIELD,
                &field,
                format!("`{}` is not a field apim knows; it is ignored", display(&field)),
                &help,
            );
        }
    }
}

/// The path as a dotted name for messages: `properties.pool.services[0].id`.
pub(crate) fn display(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn last_key(path: &[Seg<'_>]) -> String {
    path.iter()
        .rev()
        .find_map(|segment| match segment {
            Seg::Key(key) => Some((*key).to_owned()),
            Seg::Index(_) => None,
        })
        .unwrap_or_default()
}

fn label_for(code: Code) -> &'static str {
    match code.code {
        "C403" => "wrong type",
        "C404" => "missing a field",
        "C406" => "unknown",
        "C407" => "duplicate",
        "C412" => "unknown field",
        _ => "invalid",
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn to_span(range: jsonc_parser::common::Range) -> Span {
    Span::new(u32::try_from(range.start).unwrap_or(u32::MAX), u32::try_from(range.end).unwrap_or(u32::MAX))
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes;
/// column 0 means the end of the previous line).
pub(crate) fn offset_of(source: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (index, text) in source.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within = column.saturating_sub(1).min(text.len());
            offset += within;
            while !source.is_char_boundary(offset) {
                offset -= 1;
            }
            return u32::try_from(offset).unwrap_or(u32::MAX);
        }
        offset += text.len();
    }
    u32::try_from(source.len()).unwrap_or(u32::MAX)
}
