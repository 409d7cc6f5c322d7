//! A port of `JsonTextWriter` as `JToken.ToString(Formatting)` drives it: two-space
//! indentation, `"name": value` with a space when indented, `{}` and `[]` for empty
//! containers, Newtonsoft's string escaping and number and date formats.

use crate::number;
use crate::platform::{Culture, Platform};
use crate::token::{Data, JToken, NodeRef};
use crate::value::{Value, to_base64};

/// `Newtonsoft.Json.Formatting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formatting {
    /// One line, no spaces.
    None,
    /// Newlines and two-space indentation (`ToString()`'s default).
    #[default]
    Indented,
}

/// Appends `s` escaped as Newtonsoft's `StringEscapeHandling.Default` does for the given
/// quote character (without the quotes): `\"` (or `\'`), `\\`, `\n`, `\r`, `\t`, `\b`,
/// `\f`, other control characters as `\u00xx`, and U+0085, U+2028, U+2029 as `\uXXXX`.
/// Non-ASCII text, `<`, `>`, `&` and `/` stay as they are.
pub fn escape_into(out: &mut String, s: &str, quote: char) {
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            '\u{8}' => out.push_str("\\b"),
            '\\' => out.push_str("\\\\"),
            '\u{85}' => out.push_str("\\u0085"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '"' if quote == '"' => out.push_str("\\\""),
            '\'' if quote == '\'' => out.push_str("\\'"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// `JsonConvert.ToString(string)`: the string in double quotes, escaped.
#[must_use]
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s, '"');
    out.push('"');
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Property,
    ObjectStart,
    Object,
    ArrayStart,
    Array,
    ConstructorStart,
    Constructor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    StartObject,
    StartArray,
    StartConstructor,
    PropertyName,
    Comment,
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
    Constructor,
}

struct Writer<'a> {
    out: String,
    indented: bool,
    new_line: &'a str,
    state: State,
    stack: Vec<Container>,
    platform: &'a dyn Platform,
}

impl Writer<'_> {
    /// `JsonWriter.StateArray`.
    fn next_state(tok: Tok, state: State) -> State {
        use State as S;
        match tok {
            Tok::StartObject => S::ObjectStart,
            Tok::StartArray => S::ArrayStart,
            Tok::StartConstructor => S::ConstructorStart,
            Tok::PropertyName => S::Property,
            Tok::Comment => match state {
                S::ConstructorStart => S::Constructor,
                other => other,
            },
            Tok::Value => match state {
                S::Property => S::Object,
                S::ArrayStart => S::Array,
                S::ConstructorStart => S::Constructor,
                other => other,
            },
        }
    }

    fn write_indent(&mut self) {
        self.out.push_str(self.new_line);
        for _ in 0..self.stack.len() * 2 {
            self.out.push(' ');
        }
    }

    /// `JsonWriter.AutoComplete`.
    fn auto_complete(&mut self, tok: Tok) {
        let new_state = Self::next_state(tok, self.state);
        if matches!(self.state, State::Object | State::Array | State::Constructor) && tok != Tok::Comment {
            self.out.push(',');
        }
        if self.indented {
            if self.state == State::Property {
                self.out.push(' ');
            }
            if matches!(self.state, State::Array | State::ArrayStart | State::Constructor | State::ConstructorStart)
                || (tok == Tok::PropertyName && self.state != State::Start)
            {
                self.write_indent();
            }
        }
        self.state = new_state;
    }

    fn start(&mut self, tok: Tok, container: Container, text: &str) {
        self.auto_complete(tok);
        self.stack.push(container);
        self.out.push_str(text);
    }

    /// `AutoCompleteClose` for one level.
    fn end(&mut self) {
        let Some(container) = self.stack.pop() else { return };
        if self.state == State::Property {
            self.value_text("null");
        }
        if self.indented && self.state != State::ObjectStart && self.state != State::ArrayStart {
            self.write_indent();
        }
        self.out.push(match container {
            Container::Object => '}',
            Container::Array => ']',
            Container::Constructor => ')',
        });
        self.state = match self.stack.last() {
            Some(Container::Object) => State::Object,
            Some(Container::Array) => State::Array,
            Some(Container::Constructor) => State::Constructor,
            None => State::Start,
        };
    }

    fn value_text(&mut self, text: &str) {
        self.auto_complete(Tok::Value);
        self.out.push_str(text);
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Comment(text) => {
                self.auto_complete(Tok::Comment);
                self.out.push_str("/*");
                self.out.push_str(text);
                self.out.push_str("*/");
            }
            other => {
                let text = json_value_text(other, self.platform);
                self.value_text(&text);
            }
        }
    }
}

/// The JSON text of a single value (`JValue.ToString(Formatting.None)`).
pub(crate) fn json_value_text(v: &Value, platform: &dyn Platform) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Undefined => "undefined".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::BigInteger(b) => b.to_string(),
        Value::Float(f) => number::json_double(*f, &platform.double_round_trip(*f)),
        // JsonConvert.ToString(decimal): invariant text with a decimal place ensured.
        Value::Decimal(d) => {
            let s = d.to_string();
            if s.contains('.') { s } else { format!("{s}.0") }
        }
        Value::String(s) | Value::Uri(s) => quote_string(s),
        Value::Boolean(b) => if *b { "true" } else { "false" }.to_owned(),
        Value::Date(d) => format!("\"{}\"", d.to_iso_string(platform.local_offset_ticks(d.ticks()))),
        Value::Guid(g) => format!("\"{g}\""),
        Value::TimeSpan(t) => format!("\"{}\"", t.to_constant_string()),
        Value::Bytes(b) => format!("\"{}\"", to_base64(b)),
        Value::Comment(c) => format!("/*{c}*/"),
    }
}

enum Step {
    Node(NodeRef),
    End,
}

impl JToken {
    /// `JToken.ToString(formatting)`: the JSON text of this token, lines separated by
    /// [`Platform::new_line`] (`"\r\n"` on APIM, `"\n"` on Mono and Linux).
    #[must_use]
    pub fn to_json(&self, formatting: Formatting, platform: &dyn Platform) -> String {
        let mut w = Writer {
            out: String::new(),
            indented: formatting == Formatting::Indented,
            new_line: platform.new_line(),
            state: State::Start,
            stack: Vec::new(),
            platform,
        };
        let mut steps = vec![Step::Node(self.0.clone())];
        while let Some(step) = steps.pop() {
            let node = match step {
                Step::End => {
                    w.end();
                    continue;
                }
                Step::Node(n) => n,
            };
            let data = node.data.borrow();
            match &*data {
                Data::Object(o) => {
                    w.start(Tok::StartObject, Container::Object, "{");
                    steps.push(Step::End);
                    steps.extend(o.props.iter().rev().cloned().map(Step::Node));
                }
                Data::Array(items) => {
                    w.start(Tok::StartArray, Container::Array, "[");
                    steps.push(Step::End);
                    steps.extend(items.iter().rev().cloned().map(Step::Node));
                }
                Data::Constructor { name, items } => {
                    w.start(Tok::StartConstructor, Container::Constructor, &format!("new {name}("));
                    steps.push(Step::End);
                    steps.extend(items.iter().rev().cloned().map(Step::Node));
                }
                Data::Property { name, value } => {
                    w.auto_complete(Tok::PropertyName);
                    w.out.push_str(&quote_string(name));
                    w.out.push(':');
                    match value {
                        Some(v) => steps.push(Step::Node(v.clone())),
                        None => w.value_text("null"),
                    }
                }
                Data::Value(v) => w.value(v),
            }
        }
        w.out
    }

    /// `ToString(Formatting.Indented)` on APIM (`"\r\n"`).
    #[must_use]
    pub fn to_json_indented(&self) -> String {
        self.to_json(Formatting::Indented, &crate::StdPlatform::APIM)
    }

    /// `ToString(Formatting.None)`.
    #[must_use]
    pub fn to_json_compact(&self) -> String {
        self.to_json(Formatting::None, &crate::StdPlatform::APIM)
    }

    /// .NET's `ToString()`: for a `JValue`, the value's own `ToString()` under the current
    /// culture (a string without quotes, `True`/`False`, `""` for null, a double's `"G"`
    /// text, a date through [`Platform::date_to_string`]); for anything else, indented
    /// JSON.
    #[must_use]
    pub fn to_string_net(&self, platform: &dyn Platform) -> String {
        match self.value() {
            Some(v) => value_to_string(&v, platform, Culture::Current),
            None => self.to_json(Formatting::Indented, platform),
        }
    }
}

/// The boxed value's `ToString()` / `Convert.ToString(value, culture)`.
pub(crate) fn value_to_string(v: &Value, platform: &dyn Platform, culture: Culture) -> String {
    match v {
        Value::Null | Value::Undefined => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::BigInteger(b) => b.to_string(),
        Value::Float(f) => platform.double_to_string(*f, culture),
        Value::Decimal(d) => d.to_string(),
        Value::String(s) | Value::Comment(s) | Value::Uri(s) => s.clone(),
        Value::Boolean(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Date(d) => platform.date_to_string(*d, culture),
        Value::Guid(g) => g.to_string(),
        Value::TimeSpan(t) => t.to_constant_string(),
        Value::Bytes(_) => "System.Byte[]".to_owned(),
    }
}
