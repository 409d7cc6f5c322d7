//! A port of Newtonsoft's `JsonTextReader` (13.x) and of the LINQ loaders
//! (`JToken.ReadFrom`, `JContainer.ReadTokenFrom`/`ReadContentFrom`) with
//! `JToken.Parse`'s default settings: comments skipped inside containers, dates read as
//! `DateTime`, floats as `double`, duplicate properties replaced, `MaxDepth` 64.
//!
//! The text is held as UTF-16 code units with a trailing `\0` sentinel, so positions in
//! messages count what .NET counts, and a literal NUL inside the text behaves as in
//! Newtonsoft (skipped between tokens).

use crate::big_integer::BigInteger;
use crate::datetime::{self, MicrosoftDate, ParseResult};
use crate::error::{ErrorKind, JsonError, ReaderLocation, Result};
use crate::number::{self, DoubleParse};
use crate::platform::Platform;
use crate::token::JToken;
use crate::value::Value;
use crate::writer::escape_into;

/// `DateParseHandling`: whether ISO 8601 and `/Date(...)/` strings become dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateParseHandling {
    /// Strings stay strings.
    None,
    /// Newtonsoft's default: such strings become `Date` tokens.
    #[default]
    DateTime,
}

/// Reader settings. The default is what `JToken.Parse` / `JObject.Parse` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// `JsonReader.DateParseHandling`.
    pub date_parse_handling: DateParseHandling,
    /// `JsonReader.MaxDepth` (Newtonsoft 13: 64; `None` for no limit).
    pub max_depth: Option<usize>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self { date_parse_handling: DateParseHandling::DateTime, max_depth: Some(64) }
    }
}

/// One step of a JSON path (`JsonPosition`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathPart {
    Name(String),
    Index(i64),
}

const SPECIAL_PATH_CHARS: &[char] = &[
    '.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\u{c}', '\u{8}', '\\', '\u{85}', '\u{2028}',
    '\u{2029}',
];

/// `JsonPosition.BuildPath`.
pub(crate) fn build_path(parts: &[PathPart]) -> String {
    let mut sb = String::new();
    for part in parts {
        match part {
            PathPart::Name(name) => {
                if name.contains(SPECIAL_PATH_CHARS) {
                    sb.push_str("['");
                    escape_into(&mut sb, name, '\'');
                    sb.push_str("']");
                } else {
                    if !sb.is_empty() {
                        sb.push('.');
                    }
                    sb.push_str(name);
                }
            }
            PathPart::Index(i) => {
                sb.push('[');
                sb.push_str(&i.to_string());
                sb.push(']');
            }
        }
    }
    sb
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Property,
    ObjectStart,
    Object,
    ArrayStart,
    Array,
    PostValue,
    ConstructorStart,
    Constructor,
    Finished,
}

/// `JsonToken`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    None,
    StartObject,
    StartArray,
    StartConstructor,
    PropertyName,
    Comment,
    Integer,
    Float,
    String,
    Boolean,
    Null,
    Undefined,
    EndObject,
    EndArray,
    EndConstructor,
    Date,
}

impl Tok {
    fn name(self) -> &'static str {
        match self {
            Tok::None => "None",
            Tok::StartObject => "StartObject",
            Tok::StartArray => "StartArray",
            Tok::StartConstructor => "StartConstructor",
            Tok::PropertyName => "PropertyName",
            Tok::Comment => "Comment",
            Tok::Integer => "Integer",
            Tok::Float => "Float",
            Tok::String => "String",
            Tok::Boolean => "Boolean",
            Tok::Null => "Null",
            Tok::Undefined => "Undefined",
            Tok::EndObject => "EndObject",
            Tok::EndArray => "EndArray",
            Tok::EndConstructor => "EndConstructor",
            Tok::Date => "Date",
        }
    }

    fn is_start(self) -> bool {
        matches!(self, Tok::StartObject | Tok::StartArray | Tok::StartConstructor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    None,
    Object,
    Array,
    Constructor,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Container::None => "None",
            Container::Object => "Object",
            Container::Array => "Array",
            Container::Constructor => "Constructor",
        }
    }
}

#[derive(Debug, Clone)]
struct Position {
    kind: Container,
    position: i64,
    property_name: Option<String>,
}

impl Position {
    fn new(kind: Container) -> Self {
        Self { kind, position: -1, property_name: None }
    }

    fn has_index(&self) -> bool {
        matches!(self.kind, Container::Array | Container::Constructor)
    }

    fn part(&self) -> Option<PathPart> {
        match self.kind {
            Container::Object => Some(PathPart::Name(self.property_name.clone().unwrap_or_default())),
            Container::Array | Container::Constructor => Some(PathPart::Index(self.position)),
            Container::None => None,
        }
    }
}

const NUL: u16 = 0;

fn u(c: char) -> u16 {
    u16::try_from(u32::from(c)).unwrap_or(0xFFFD)
}

fn to_char(c: u16) -> char {
    char::from_u32(u32::from(c)).unwrap_or('\u{FFFD}')
}

fn is_ws(c: u16) -> bool {
    char::from_u32(u32::from(c)).is_some_and(char::is_whitespace)
}

fn is_number_char(c: u16) -> bool {
    char::from_u32(u32::from(c)).is_some_and(char::is_numeric)
}

fn is_letter_or_digit(c: u16) -> bool {
    char::from_u32(u32::from(c)).is_some_and(char::is_alphanumeric)
}

fn is_ascii_digit(c: u16) -> bool {
    (u('0')..=u('9')).contains(&c)
}

fn is_high_surrogate(c: u16) -> bool {
    (0xD800..=0xDBFF).contains(&c)
}

fn is_low_surrogate(c: u16) -> bool {
    (0xDC00..=0xDFFF).contains(&c)
}

pub(crate) struct Reader<'p> {
    chars: Vec<u16>,
    used: usize,
    pos: usize,
    line_start: usize,
    line_number: usize,
    eof: bool,
    state: State,
    token: Tok,
    value: Option<Value>,
    stack: Vec<Position>,
    current: Position,
    max_depth: Option<usize>,
    exceeded_max_depth: bool,
    date_parse_handling: DateParseHandling,
    /// Numbers are read as `ReadAsInt32` reads them (`JsonConvert.DeserializeObject<int>`).
    read_as_int32: bool,
    platform: &'p dyn Platform,
}

impl<'p> Reader<'p> {
    pub(crate) fn new(text: &str, options: ParseOptions, platform: &'p dyn Platform) -> Self {
        let mut chars: Vec<u16> = text.encode_utf16().collect();
        let used = chars.len();
        chars.push(NUL);
        Self {
            chars,
            used,
            pos: 0,
            line_start: 0,
            line_number: 1,
            eof: false,
            state: State::Start,
            token: Tok::None,
            value: None,
            stack: Vec::new(),
            current: Position::new(Container::None),
            max_depth: options.max_depth,
            exceeded_max_depth: false,
            date_parse_handling: options.date_parse_handling,
            read_as_int32: false,
            platform,
        }
    }

    fn at(&self, i: usize) -> u16 {
        self.chars.get(i).copied().unwrap_or(NUL)
    }

    fn text(&self, from: usize, to: usize) -> String {
        String::from_utf16_lossy(self.chars.get(from..to).unwrap_or(&[]))
    }

    // ------------------------------------------------------------- positions

    fn line_position(&self) -> usize {
        self.pos.saturating_sub(self.line_start)
    }

    fn line_number(&self) -> usize {
        if self.state == State::Start && self.line_position() == 0 && self.token != Tok::Comment {
            0
        } else {
            self.line_number
        }
    }

    fn path(&self) -> String {
        if self.current.kind == Container::None {
            return String::new();
        }
        let inside = !matches!(self.state, State::ArrayStart | State::ConstructorStart | State::ObjectStart);
        let mut parts: Vec<PathPart> = self.stack.iter().filter_map(Position::part).collect();
        if inside && let Some(p) = self.current.part() {
            parts.push(p);
        }
        build_path(&parts)
    }

    pub(crate) fn depth(&self) -> usize {
        let depth = self.stack.len();
        if self.token.is_start() || self.current.kind == Container::None { depth } else { depth + 1 }
    }

    /// `JsonReaderException.Create(reader, message)`.
    pub(crate) fn error(&self, message: &str) -> JsonError {
        let path = self.path();
        let line_number = self.line_number();
        let line_position = self.line_position();
        let mut m = message.trim().to_owned();
        if !m.ends_with('.') {
            m.push('.');
        }
        m.push_str(&format!(" Path '{path}', line {line_number}, position {line_position}."));
        JsonError {
            kind: ErrorKind::JsonReaderException,
            message: m,
            location: Some(ReaderLocation { path, line_number, line_position }),
        }
    }

    fn unexpected_char(&self, c: u16) -> JsonError {
        self.error(&format!("Unexpected character encountered while parsing value: {}.", to_char(c)))
    }

    fn unexpected_end(&self) -> JsonError {
        self.error("Unexpected end when reading JSON.")
    }

    // ------------------------------------------------------------ buffering

    /// All text is loaded up front: reading more yields nothing and marks the end.
    fn read_data(&mut self) -> usize {
        self.eof = true;
        0
    }

    fn ensure_chars(&mut self, relative: usize) -> bool {
        if self.pos + relative >= self.used {
            self.read_data();
            return false;
        }
        true
    }

    fn on_new_line(&mut self, pos: usize) {
        self.line_number += 1;
        self.line_start = pos;
    }

    fn process_line_feed(&mut self) {
        self.pos += 1;
        self.on_new_line(self.pos);
    }

    fn process_carriage_return(&mut self) {
        self.pos += 1;
        let has_next = self.ensure_chars(1);
        if has_next && self.at(self.pos) == u('\n') {
            self.pos += 1;
        }
        self.on_new_line(self.pos);
    }

    // --------------------------------------------------------- state machine

    fn push(&mut self, kind: Container) -> Result<()> {
        self.update_scope_with_finished_value();
        if self.current.kind == Container::None {
            self.current = Position::new(kind);
        } else {
            let prev = std::mem::replace(&mut self.current, Position::new(kind));
            self.stack.push(prev);
            if let Some(max) = self.max_depth
                && self.depth() + 1 > max
                && !self.exceeded_max_depth
            {
                self.exceeded_max_depth = true;
                return Err(self.error(&format!("The reader's MaxDepth of {max} has been exceeded.")));
            }
        }
        Ok(())
    }

    fn pop(&mut self) -> Container {
        let old = match self.stack.pop() {
            Some(p) => std::mem::replace(&mut self.current, p),
            None => std::mem::replace(&mut self.current, Position::new(Container::None)),
        };
        if let Some(max) = self.max_depth
            && self.depth() <= max
        {
            self.exceeded_max_depth = false;
        }
        old.kind
    }

    fn update_scope_with_finished_value(&mut self) {
        if self.current.has_index() {
            self.current.position += 1;
        }
    }

    fn set_finished(&mut self) {
        self.state = State::Finished;
    }

    fn set_post_value_state(&mut self, update_index: bool) {
        if self.current.kind == Container::None {
            self.set_finished();
        } else {
            self.state = State::PostValue;
        }
        if update_index {
            self.update_scope_with_finished_value();
        }
    }

    fn set_state_based_on_current(&mut self) {
        self.state = match self.current.kind {
            Container::Object => State::Object,
            Container::Array => State::Array,
            Container::Constructor => State::Constructor,
            Container::None => State::Finished,
        };
    }

    fn validate_end(&mut self, end: Tok) -> Result<()> {
        let popped = self.pop();
        let expected = match end {
            Tok::EndObject => Container::Object,
            Tok::EndArray => Container::Array,
            _ => Container::Constructor,
        };
        if expected != popped {
            return Err(self.error(&format!(
                "JsonToken {} is not valid for closing JsonType {}.",
                end.name(),
                popped.name()
            )));
        }
        if self.current.kind == Container::None {
            self.set_finished();
        } else {
            self.state = State::PostValue;
        }
        Ok(())
    }

    fn set_token(&mut self, tok: Tok, value: Option<Value>, update_index: bool) -> Result<()> {
        self.token = tok;
        self.value = value;
        match tok {
            Tok::StartObject => {
                self.state = State::ObjectStart;
                self.push(Container::Object)?;
            }
            Tok::StartArray => {
                self.state = State::ArrayStart;
                self.push(Container::Array)?;
            }
            Tok::StartConstructor => {
                self.state = State::ConstructorStart;
                self.push(Container::Constructor)?;
            }
            Tok::EndObject | Tok::EndArray | Tok::EndConstructor => self.validate_end(tok)?,
            Tok::PropertyName => {
                self.state = State::Property;
                self.current.property_name = match &self.value {
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                };
            }
            Tok::Undefined | Tok::Integer | Tok::Float | Tok::Boolean | Tok::Null | Tok::Date | Tok::String => {
                self.set_post_value_state(update_index);
            }
            Tok::None | Tok::Comment => {}
        }
        Ok(())
    }

    fn set(&mut self, tok: Tok) -> Result<()> {
        self.set_token(tok, None, true)
    }

    // --------------------------------------------------------------- reading

    /// `JsonTextReader.Read()`.
    pub(crate) fn read(&mut self) -> Result<bool> {
        loop {
            match self.state {
                State::Start
                | State::Property
                | State::Array
                | State::ArrayStart
                | State::Constructor
                | State::ConstructorStart => return self.parse_value(),
                State::Object | State::ObjectStart => return self.parse_object(),
                State::PostValue => {
                    if self.parse_post_value()? {
                        return Ok(true);
                    }
                }
                State::Finished => {
                    if self.ensure_chars(0) {
                        self.eat_whitespace();
                        if self.eof {
                            self.set(Tok::None)?;
                            return Ok(false);
                        }
                        if self.at(self.pos) == u('/') {
                            self.parse_comment(true)?;
                            return Ok(true);
                        }
                        return Err(self.error(&format!(
                            "Additional text encountered after finished reading JSON content: {}.",
                            to_char(self.at(self.pos))
                        )));
                    }
                    self.set(Tok::None)?;
                    return Ok(false);
                }
            }
        }
    }

    fn parse_value(&mut self) -> Result<bool> {
        loop {
            let c = self.at(self.pos);
            match c {
                NUL => {
                    if self.used == self.pos {
                        if self.read_data() == 0 {
                            return Ok(false);
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                0x22 | 0x27 => {
                    self.parse_string(c)?;
                    return Ok(true);
                }
                0x74 => {
                    self.parse_literal(
                        "true",
                        Tok::Boolean,
                        Some(Value::Boolean(true)),
                        "Error parsing boolean value.",
                    )?;
                    return Ok(true);
                }
                0x66 => {
                    self.parse_literal(
                        "false",
                        Tok::Boolean,
                        Some(Value::Boolean(false)),
                        "Error parsing boolean value.",
                    )?;
                    return Ok(true);
                }
                0x6E => {
                    if self.ensure_chars(1) {
                        let next = self.at(self.pos + 1);
                        if next == u('u') {
                            self.parse_literal("null", Tok::Null, None, "Error parsing null value.")?;
                        } else if next == u('e') {
                            self.parse_constructor()?;
                        } else {
                            return Err(self.unexpected_char(self.at(self.pos)));
                        }
                    } else {
                        self.pos += 1;
                        return Err(self.unexpected_end());
                    }
                    return Ok(true);
                }
                0x4E => {
                    self.parse_literal("NaN", Tok::Float, Some(Value::Float(f64::NAN)), "Error parsing NaN value.")?;
                    return Ok(true);
                }
                0x49 => {
                    self.parse_literal(
                        "Infinity",
                        Tok::Float,
                        Some(Value::Float(f64::INFINITY)),
                        "Error parsing Infinity value.",
                    )?;
                    return Ok(true);
                }
                0x2D => {
                    if self.ensure_chars(1) && self.at(self.pos + 1) == u('I') {
                        self.parse_literal(
                            "-Infinity",
                            Tok::Float,
                            Some(Value::Float(f64::NEG_INFINITY)),
                            "Error parsing -Infinity value.",
                        )?;
                    } else {
                        self.parse_number()?;
                    }
                    return Ok(true);
                }
                0x2F => {
                    self.parse_comment(true)?;
                    return Ok(true);
                }
                0x75 => {
                    self.parse_literal("undefined", Tok::Undefined, None, "Error parsing undefined value.")?;
                    return Ok(true);
                }
                0x7B => {
                    self.pos += 1;
                    self.set(Tok::StartObject)?;
                    return Ok(true);
                }
                0x5B => {
                    self.pos += 1;
                    self.set(Tok::StartArray)?;
                    return Ok(true);
                }
                0x5D => {
                    self.pos += 1;
                    self.set(Tok::EndArray)?;
                    return Ok(true);
                }
                0x2C => {
                    // Not consumed: the next read handles the comma (empty array items).
                    self.set(Tok::Undefined)?;
                    return Ok(true);
                }
                0x29 => {
                    self.pos += 1;
                    self.set(Tok::EndConstructor)?;
                    return Ok(true);
                }
                0x0D => self.process_carriage_return(),
                0x0A => self.process_line_feed(),
                0x20 | 0x09 => self.pos += 1,
                _ => {
                    if is_ws(c) {
                        self.pos += 1;
                        continue;
                    }
                    if is_number_char(c) || c == u('-') || c == u('.') {
                        self.parse_number()?;
                        return Ok(true);
                    }
                    return Err(self.unexpected_char(c));
                }
            }
        }
    }

    fn parse_object(&mut self) -> Result<bool> {
        loop {
            let c = self.at(self.pos);
            match c {
                NUL => {
                    if self.used == self.pos {
                        if self.read_data() == 0 {
                            return Ok(false);
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                0x7D => {
                    self.set(Tok::EndObject)?;
                    self.pos += 1;
                    return Ok(true);
                }
                0x2F => {
                    self.parse_comment(true)?;
                    return Ok(true);
                }
                0x0D => self.process_carriage_return(),
                0x0A => self.process_line_feed(),
                0x20 | 0x09 => self.pos += 1,
                _ => {
                    if is_ws(c) {
                        self.pos += 1;
                    } else {
                        return self.parse_property();
                    }
                }
            }
        }
    }

    fn parse_property(&mut self) -> Result<bool> {
        let first = self.at(self.pos);
        let name = if first == u('"') || first == u('\'') {
            self.pos += 1;
            self.read_string_into_buffer(first)?
        } else if valid_identifier_char(first) {
            self.parse_unquoted_property()?
        } else {
            return Err(self.error(&format!("Invalid property identifier character: {}.", to_char(self.at(self.pos)))));
        };
        self.eat_whitespace();
        if self.at(self.pos) != u(':') {
            return Err(self.error(&format!(
                "Invalid character after parsing property name. Expected ':' but got: {}.",
                to_char(self.at(self.pos))
            )));
        }
        self.pos += 1;
        self.set_token(Tok::PropertyName, Some(Value::String(name)), true)?;
        Ok(true)
    }

    fn parse_unquoted_property(&mut self) -> Result<String> {
        let initial = self.pos;
        loop {
            let c = self.at(self.pos);
            if c == NUL {
                if self.used == self.pos {
                    if self.read_data() == 0 {
                        return Err(self.error("Unexpected end while parsing unquoted property name."));
                    }
                    continue;
                }
                return Ok(self.text(initial, self.pos));
            }
            if valid_identifier_char(c) {
                self.pos += 1;
                continue;
            }
            if is_ws(c) || c == u(':') {
                return Ok(self.text(initial, self.pos));
            }
            return Err(self.error(&format!("Invalid JavaScript property identifier character: {}.", to_char(c))));
        }
    }

    fn parse_post_value(&mut self) -> Result<bool> {
        loop {
            let c = self.at(self.pos);
            match c {
                NUL => {
                    if self.used == self.pos {
                        if self.read_data() == 0 {
                            self.state = State::Finished;
                            return Ok(false);
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                0x7D => {
                    self.pos += 1;
                    self.set(Tok::EndObject)?;
                    return Ok(true);
                }
                0x5D => {
                    self.pos += 1;
                    self.set(Tok::EndArray)?;
                    return Ok(true);
                }
                0x29 => {
                    self.pos += 1;
                    self.set(Tok::EndConstructor)?;
                    return Ok(true);
                }
                0x2F => {
                    self.parse_comment(true)?;
                    return Ok(true);
                }
                0x2C => {
                    self.pos += 1;
                    self.set_state_based_on_current();
                    return Ok(false);
                }
                0x20 | 0x09 => self.pos += 1,
                0x0D => self.process_carriage_return(),
                0x0A => self.process_line_feed(),
                _ => {
                    if is_ws(c) {
                        self.pos += 1;
                    } else {
                        return Err(self.error(&format!(
                            "After parsing a value an unexpected character was encountered: {}.",
                            to_char(c)
                        )));
                    }
                }
            }
        }
    }

    fn eat_whitespace(&mut self) {
        loop {
            let c = self.at(self.pos);
            match c {
                NUL => {
                    if self.used == self.pos {
                        if self.read_data() == 0 {
                            return;
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                0x0D => self.process_carriage_return(),
                0x0A => self.process_line_feed(),
                _ => {
                    if c == u(' ') || is_ws(c) {
                        self.pos += 1;
                    } else {
                        return;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- strings

    fn unterminated(&self, quote: u16) -> JsonError {
        self.error(&format!("Unterminated string. Expected delimiter: {}.", to_char(quote)))
    }

    fn parse_unicode(&mut self) -> Result<u16> {
        if !self.ensure_chars(4) {
            return Err(self.error("Unexpected end while parsing Unicode escape sequence."));
        }
        let mut v: u16 = 0;
        for i in 0..4 {
            let c = self.at(self.pos + i);
            let d = to_char(c).to_digit(16).filter(|_| c < 0x80);
            match d {
                Some(d) => v = v * 16 + u16::try_from(d).unwrap_or(0),
                None => {
                    return Err(self.error(&format!(
                        "Invalid Unicode escape sequence: \\u{}.",
                        self.text(self.pos, self.pos + 4)
                    )));
                }
            }
        }
        self.pos += 4;
        Ok(v)
    }

    /// `ReadStringIntoBuffer`; the position ends after the closing quote.
    fn read_string_into_buffer(&mut self, quote: u16) -> Result<String> {
        let mut char_pos = self.pos;
        let initial = self.pos;
        let mut last_write = self.pos;
        let mut buffer: Vec<u16> = Vec::new();
        loop {
            let c = self.at(char_pos);
            char_pos += 1;
            match c {
                NUL if self.used == char_pos - 1 => {
                    char_pos -= 1;
                    if self.read_data() == 0 {
                        self.pos = char_pos;
                        return Err(self.unterminated(quote));
                    }
                }
                0x5C => {
                    self.pos = char_pos;
                    if !self.ensure_chars(0) {
                        return Err(self.unterminated(quote));
                    }
                    let escape_start = char_pos - 1;
                    let current = self.at(char_pos);
                    char_pos += 1;
                    let write_char = match current {
                        0x62 => 0x08,
                        0x74 => 0x09,
                        0x6E => 0x0A,
                        0x66 => 0x0C,
                        0x72 => 0x0D,
                        0x5C | 0x22 | 0x27 | 0x2F => current,
                        0x75 => {
                            self.pos = char_pos;
                            let mut wc = self.parse_unicode()?;
                            if is_low_surrogate(wc) {
                                wc = 0xFFFD;
                            } else if is_high_surrogate(wc) {
                                loop {
                                    let mut another = false;
                                    if self.ensure_chars(2)
                                        && self.at(self.pos) == u('\\')
                                        && self.at(self.pos + 1) == u('u')
                                    {
                                        let mut high = wc;
                                        self.pos += 2;
                                        wc = self.parse_unicode()?;
                                        if is_low_surrogate(wc) {
                                            // a valid pair
                                        } else if is_high_surrogate(wc) {
                                            high = 0xFFFD;
                                            another = true;
                                        } else {
                                            high = 0xFFFD;
                                        }
                                        self.write_char_to_buffer(&mut buffer, high, last_write, escape_start);
                                        last_write = self.pos;
                                    } else {
                                        wc = 0xFFFD;
                                    }
                                    if !another {
                                        break;
                                    }
                                }
                            }
                            char_pos = self.pos;
                            wc
                        }
                        _ => {
                            self.pos = char_pos;
                            return Err(self.error(&format!("Bad JSON escape sequence: \\{}.", to_char(current))));
                        }
                    };
                    self.write_char_to_buffer(&mut buffer, write_char, last_write, escape_start);
                    last_write = char_pos;
                }
                0x0D => {
                    self.pos = char_pos - 1;
                    self.process_carriage_return();
                    char_pos = self.pos;
                }
                0x0A => {
                    self.pos = char_pos - 1;
                    self.process_line_feed();
                    char_pos = self.pos;
                }
                0x22 | 0x27 if c == quote => {
                    let end = char_pos - 1;
                    let s = if initial == last_write {
                        self.text(initial, end)
                    } else {
                        if end > last_write {
                            buffer.extend_from_slice(&self.chars[last_write..end]);
                        }
                        String::from_utf16_lossy(&buffer)
                    };
                    self.pos = end + 1;
                    return Ok(s);
                }
                _ => {}
            }
        }
    }

    fn write_char_to_buffer(&self, buffer: &mut Vec<u16>, c: u16, last_write: usize, write_to: usize) {
        if write_to > last_write {
            buffer.extend_from_slice(&self.chars[last_write..write_to]);
        }
        buffer.push(c);
    }

    fn parse_string(&mut self, quote: u16) -> Result<()> {
        self.pos += 1;
        let s = self.read_string_into_buffer(quote)?;
        self.set_post_value_state(true);
        if self.date_parse_handling == DateParseHandling::DateTime {
            let units: Vec<u16> = s.encode_utf16().collect();
            let to_local = |t: i64| self.platform.utc_to_local(t);
            let len = units.len();
            if len > 0 {
                if units[0] == u('/') {
                    if len >= 9
                        && units.starts_with(&[0x2F, 0x44, 0x61, 0x74, 0x65, 0x28])
                        && units.ends_with(&[0x29, 0x2F])
                    {
                        match datetime::try_parse_microsoft(&units, &to_local) {
                            MicrosoftDate::Date(d) => return self.set_token(Tok::Date, Some(Value::Date(d)), false),
                            MicrosoftDate::OutOfRange => {
                                return Err(JsonError::out_of_range(
                                    "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.",
                                    "ticks",
                                ));
                            }
                            MicrosoftDate::NotADate => {}
                        }
                    }
                } else if (19..=40).contains(&len)
                    && is_ascii_digit(units[0])
                    && units[10] == u('T')
                    && let Some(d) = datetime::try_parse_iso(&units, &to_local)
                {
                    return self.set_token(Tok::Date, Some(Value::Date(d)), false);
                }
            }
        }
        self.set_token(Tok::String, Some(Value::String(s)), false)
    }

    // ----------------------------------------------------------------- others

    fn parse_comment(&mut self, set_token: bool) -> Result<()> {
        self.pos += 1;
        if !self.ensure_chars(1) {
            return Err(self.error("Unexpected end while parsing comment."));
        }
        let single_line = match self.at(self.pos) {
            0x2A => false,
            0x2F => true,
            other => {
                return Err(self.error(&format!("Error parsing comment. Expected: *, got {}.", to_char(other))));
            }
        };
        self.pos += 1;
        let initial = self.pos;
        loop {
            match self.at(self.pos) {
                NUL => {
                    if self.used == self.pos {
                        if self.read_data() == 0 {
                            if !single_line {
                                return Err(self.error("Unexpected end while parsing comment."));
                            }
                            return self.end_comment(set_token, initial, self.pos);
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                0x2A => {
                    self.pos += 1;
                    if !single_line && self.ensure_chars(0) && self.at(self.pos) == u('/') {
                        self.end_comment(set_token, initial, self.pos - 1)?;
                        self.pos += 1;
                        return Ok(());
                    }
                }
                0x0D => {
                    if single_line {
                        return self.end_comment(set_token, initial, self.pos);
                    }
                    self.process_carriage_return();
                }
                0x0A => {
                    if single_line {
                        return self.end_comment(set_token, initial, self.pos);
                    }
                    self.process_line_feed();
                }
                _ => self.pos += 1,
            }
        }
    }

    fn end_comment(&mut self, set_token: bool, initial: usize, end: usize) -> Result<()> {
        if set_token {
            let text = self.text(initial, end);
            self.set_token(Tok::Comment, Some(Value::String(text)), true)?;
        }
        Ok(())
    }

    fn match_value(&mut self, value: &str) -> Result<bool> {
        let units: Vec<u16> = value.encode_utf16().collect();
        if !self.ensure_chars(units.len() - 1) {
            self.pos = self.used;
            return Err(self.unexpected_end());
        }
        for (i, &c) in units.iter().enumerate() {
            if self.at(self.pos + i) != c {
                self.pos += i;
                return Ok(false);
            }
        }
        self.pos += units.len();
        Ok(true)
    }

    fn match_value_with_trailing_separator(&mut self, value: &str) -> Result<bool> {
        if !self.match_value(value)? {
            return Ok(false);
        }
        if !self.ensure_chars(0) {
            return Ok(true);
        }
        let c = self.at(self.pos);
        Ok(self.is_separator(c) || c == NUL)
    }

    fn is_separator(&mut self, c: u16) -> bool {
        match c {
            0x7D | 0x5D | 0x2C => true,
            0x2F => {
                if !self.ensure_chars(1) {
                    return false;
                }
                let next = self.at(self.pos + 1);
                next == u('*') || next == u('/')
            }
            0x29 => matches!(self.state, State::Constructor | State::ConstructorStart),
            0x20 | 0x09 | 0x0A | 0x0D => true,
            _ => is_ws(c),
        }
    }

    fn parse_literal(&mut self, text: &str, tok: Tok, value: Option<Value>, error: &str) -> Result<()> {
        if self.match_value_with_trailing_separator(text)? {
            self.set_token(tok, value, true)
        } else {
            Err(self.error(error))
        }
    }

    fn parse_constructor(&mut self) -> Result<()> {
        if !self.match_value_with_trailing_separator("new")? {
            return Err(self.error("Unexpected content while parsing JSON."));
        }
        self.eat_whitespace();
        let initial = self.pos;
        let end;
        loop {
            let c = self.at(self.pos);
            if c == NUL {
                if self.used == self.pos {
                    if self.read_data() == 0 {
                        return Err(self.error("Unexpected end while parsing constructor."));
                    }
                } else {
                    end = self.pos;
                    self.pos += 1;
                    break;
                }
            } else if is_letter_or_digit(c) {
                self.pos += 1;
            } else if c == 0x0D {
                end = self.pos;
                self.process_carriage_return();
                break;
            } else if c == 0x0A {
                end = self.pos;
                self.process_line_feed();
                break;
            } else if is_ws(c) {
                end = self.pos;
                self.pos += 1;
                break;
            } else if c == u('(') {
                end = self.pos;
                break;
            } else {
                return Err(self.error(&format!("Unexpected character while parsing constructor: {}.", to_char(c))));
            }
        }
        let name = self.text(initial, end);
        self.eat_whitespace();
        if self.at(self.pos) != u('(') {
            return Err(
                self.error(&format!("Unexpected character while parsing constructor: {}.", to_char(self.at(self.pos))))
            );
        }
        self.pos += 1;
        self.set_token(Tok::StartConstructor, Some(Value::String(name)), true)
    }

    // ---------------------------------------------------------------- numbers

    fn parse_number(&mut self) -> Result<()> {
        let first = self.at(self.pos);
        let initial = self.pos;
        self.read_number_into_buffer()?;
        self.parse_read_number(first, initial)
    }

    fn read_number_into_buffer(&mut self) -> Result<()> {
        let mut char_pos = self.pos;
        loop {
            let c = self.at(char_pos);
            if c == NUL {
                self.pos = char_pos;
                if self.used == char_pos {
                    if self.read_data() == 0 {
                        return Ok(());
                    }
                } else {
                    return Ok(());
                }
            } else {
                let is_number_part =
                    matches!(to_char(c), '-' | '+' | 'a'..='f' | 'A'..='F' | 'x' | 'X' | '.' | '0'..='9');
                if is_number_part {
                    char_pos += 1;
                    continue;
                }
                self.pos = char_pos;
                if is_ws(c) || matches!(to_char(c), ',' | '}' | ']' | ')' | '/') {
                    return Ok(());
                }
                return Err(
                    self.error(&format!("Unexpected character encountered while parsing number: {}.", to_char(c)))
                );
            }
        }
    }

    fn throw_reader_error(&mut self, message: &str) -> JsonError {
        // SetToken(JsonToken.Undefined, null, false) before the exception is built.
        self.token = Tok::Undefined;
        self.value = None;
        self.set_post_value_state(false);
        self.error(message)
    }

    fn parse_read_number(&mut self, first: u16, initial: usize) -> Result<()> {
        self.set_post_value_state(true);
        let units: Vec<u16> = self.chars[initial..self.pos].to_vec();
        let number = String::from_utf16_lossy(&units);
        let single_digit = is_ascii_digit(first) && units.len() == 1;
        let non_base10 =
            first == u('0') && units.len() > 1 && units[1] != u('.') && units[1] != u('e') && units[1] != u('E');
        let value = if single_digit {
            Value::Integer(i64::from(first - u('0')))
        } else if self.read_as_int32 {
            // ReadNumberValue(ReadType.ReadAsInt32): an integer that fits, nothing else.
            let parsed = if non_base10 {
                parse_non_base10_int32(&number).map_or(ParseResult::Invalid, ParseResult::Success)
            } else {
                datetime::int32_try_parse(&units)
            };
            match parsed {
                ParseResult::Success(v) => Value::Integer(i64::from(v)),
                ParseResult::Overflow => {
                    return Err(
                        self.throw_reader_error(&format!("JSON integer {number} is too large or small for an Int32."))
                    );
                }
                ParseResult::Invalid => {
                    return Err(self.throw_reader_error(&format!("Input string '{number}' is not a valid integer.")));
                }
            }
        } else if non_base10 {
            match parse_non_base10(&number) {
                Some(v) => Value::Integer(v),
                None => return Err(self.throw_reader_error(&format!("Input string '{number}' is not a valid number."))),
            }
        } else {
            match datetime::int64_try_parse(&units) {
                ParseResult::Success(v) => Value::Integer(v),
                ParseResult::Overflow => {
                    if number.len() > 380 {
                        return Err(self.throw_reader_error(&format!("JSON integer {number} is too large to parse.")));
                    }
                    match BigInteger::parse(&number) {
                        Some(b) => Value::BigInteger(b),
                        None => {
                            return Err(
                                self.throw_reader_error(&format!("Input string '{number}' is not a valid number."))
                            );
                        }
                    }
                }
                ParseResult::Invalid => match number::parse_double(&number, false, self.platform.number_flavor()) {
                    DoubleParse::Ok(d) => Value::Float(d),
                    DoubleParse::Invalid | DoubleParse::Overflow => {
                        return Err(self.throw_reader_error(&format!("Input string '{number}' is not a valid number.")));
                    }
                },
            }
        };
        let tok = if matches!(value, Value::Float(_)) { Tok::Float } else { Tok::Integer };
        self.set_token(tok, Some(value), false)
    }
}

fn valid_identifier_char(c: u16) -> bool {
    is_letter_or_digit(c) || c == u('_') || c == u('$')
}

/// `Convert.ToInt64(s, 16)` (with optional `0x`) or `Convert.ToInt64(s, 8)`; `None` when
/// .NET throws. Values wrap to two's complement like .NET.
fn parse_non_base10(s: &str) -> Option<i64> {
    let (digits, radix) = match s.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("0x") => (&s[2..], 16),
        _ => (s, 8),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    Some(i64::from_ne_bytes(v.to_ne_bytes()))
}

/// `Convert.ToInt32(s, 16)` (with optional `0x`) or `Convert.ToInt32(s, 8)`; `None` when
/// .NET throws. Values wrap to two's complement like .NET.
fn parse_non_base10_int32(s: &str) -> Option<i32> {
    let (digits, radix) = match s.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("0x") => (&s[2..], 16),
        _ => (s, 8),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = u32::from_str_radix(digits, radix).ok()?;
    Some(i32::from_ne_bytes(v.to_ne_bytes()))
}

// ------------------------------------------------------------------ loading

fn value_of(reader: &Reader<'_>) -> Value {
    reader.value.clone().unwrap_or(Value::Null)
}

/// `JToken.ReadFrom(reader)` with null settings.
fn read_from(reader: &mut Reader<'_>) -> Result<JToken> {
    if reader.token == Tok::None && !reader.read()? {
        return Err(reader.error("Error reading JToken from JsonReader."));
    }
    match reader.token {
        Tok::StartObject => load_container(reader, Kind::Object),
        Tok::StartArray => load_container(reader, Kind::Array),
        Tok::StartConstructor => load_container(reader, Kind::Constructor),
        Tok::String | Tok::Integer | Tok::Float | Tok::Date | Tok::Boolean => Ok(JToken::from_value(value_of(reader))),
        Tok::Comment => Ok(JToken::comment(match value_of(reader) {
            Value::String(s) => s,
            _ => String::new(),
        })),
        Tok::Null => Ok(JToken::null()),
        Tok::Undefined => Ok(JToken::undefined()),
        other => {
            Err(reader.error(&format!("Error reading JToken from JsonReader. Unexpected token: {}", other.name())))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Constructor,
}

impl Kind {
    fn type_name(self) -> &'static str {
        match self {
            Kind::Object => "JObject",
            Kind::Array => "JArray",
            Kind::Constructor => "JConstructor",
        }
    }
}

/// `JObject.Load` / `JArray.Load` / `JConstructor.Load`.
fn load_container(reader: &mut Reader<'_>, kind: Kind) -> Result<JToken> {
    let name = kind.type_name();
    if reader.token == Tok::None && !reader.read()? {
        return Err(reader.error(&format!("Error reading {name} from JsonReader.")));
    }
    // MoveToContent
    while matches!(reader.token, Tok::None | Tok::Comment) {
        if !reader.read()? {
            break;
        }
    }
    let container = match (kind, reader.token) {
        (Kind::Object, Tok::StartObject) => JToken::new_object(),
        (Kind::Array, Tok::StartArray) => JToken::new_array(),
        (Kind::Constructor, Tok::StartConstructor) => JToken::new_constructor(match value_of(reader) {
            Value::String(s) => s,
            _ => String::new(),
        }),
        (Kind::Object, t) => {
            return Err(reader.error(&format!(
                "Error reading JObject from JsonReader. Current JsonReader item is not an object: {}",
                t.name()
            )));
        }
        (Kind::Array, t) => {
            return Err(reader.error(&format!(
                "Error reading JArray from JsonReader. Current JsonReader item is not an array: {}",
                t.name()
            )));
        }
        (Kind::Constructor, t) => {
            return Err(reader.error(&format!(
                "Error reading JConstructor from JsonReader. Current JsonReader item is not a constructor: {}",
                t.name()
            )));
        }
    };
    let start_depth = reader.depth();
    if !reader.read()? {
        return Err(reader.error(&format!("Error reading {name} from JsonReader.")));
    }
    read_content_from(reader, &container)?;
    if reader.depth() > start_depth {
        return Err(reader.error(&format!("Unexpected end of content while loading {name}.")));
    }
    Ok(container)
}

/// `JContainer.ReadContentFrom`.
fn read_content_from(reader: &mut Reader<'_>, this: &JToken) -> Result<()> {
    let mut parent = this.clone();
    loop {
        if parent.token_type() == crate::JTokenType::Property && parent.property_value().is_some() {
            if parent.ptr_eq(this) {
                return Ok(());
            }
            parent = parent.parent().unwrap_or_else(|| this.clone());
        }
        match reader.token {
            Tok::None | Tok::Comment => {}
            Tok::StartArray | Tok::StartObject | Tok::StartConstructor => {
                let child = match reader.token {
                    Tok::StartArray => JToken::new_array(),
                    Tok::StartObject => JToken::new_object(),
                    _ => JToken::new_constructor(match value_of(reader) {
                        Value::String(s) => s,
                        _ => String::new(),
                    }),
                };
                parent.add(Some(child.clone()))?;
                parent = child;
            }
            Tok::EndArray | Tok::EndObject | Tok::EndConstructor => {
                if parent.ptr_eq(this) {
                    return Ok(());
                }
                parent = parent.parent().unwrap_or_else(|| this.clone());
            }
            Tok::String | Tok::Integer | Tok::Float | Tok::Date | Tok::Boolean => {
                parent.add(Some(JToken::from_value(value_of(reader))))?;
            }
            Tok::Null => parent.add(Some(JToken::null()))?,
            Tok::Undefined => parent.add(Some(JToken::undefined()))?,
            Tok::PropertyName => {
                let name = match value_of(reader) {
                    Value::String(s) => s,
                    _ => String::new(),
                };
                let property = JToken::new_property_empty(&name);
                match parent.property(&name) {
                    // Duplicate names: the new property replaces the old one in place.
                    Some(existing) => existing.replace(property.clone())?,
                    None => parent.add(Some(property.clone()))?,
                }
                parent = property;
            }
        }
        if !reader.read()? {
            return Ok(());
        }
    }
}

/// `JToken.Parse(json)` with a platform and options.
pub(crate) fn parse_token(text: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
    let mut reader = Reader::new(text, options, platform);
    let token = read_from(&mut reader)?;
    while reader.read()? {}
    Ok(token)
}

/// The first token of `text` as `JsonReader.ReadAsInt32` reads it: the check
/// `JsonConvert.DeserializeObject<int>` makes before converting (a number must be an
/// `Int32` as written: `5.5` is "not a valid integer").
pub(crate) fn check_read_as_int32(text: &str, options: ParseOptions, platform: &dyn Platform) -> Result<()> {
    let mut reader = Reader::new(text, options, platform);
    reader.read_as_int32 = true;
    reader.read()?;
    Ok(())
}

/// `JObject.Parse(json)`.
pub(crate) fn parse_object(text: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
    let mut reader = Reader::new(text, options, platform);
    let token = load_container(&mut reader, Kind::Object)?;
    while reader.read()? {}
    Ok(token)
}

/// `JArray.Parse(json)`.
pub(crate) fn parse_array(text: &str, options: ParseOptions, platform: &dyn Platform) -> Result<JToken> {
    let mut reader = Reader::new(text, options, platform);
    let token = load_container(&mut reader, Kind::Array)?;
    while reader.read()? {}
    Ok(token)
}
