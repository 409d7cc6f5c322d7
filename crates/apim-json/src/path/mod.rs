//! `SelectToken` / `SelectTokens`: Newtonsoft's JSONPath (13.x).
//!
//! Supported: `$` prefix, `.name`, `name`, `*`, `['name']` and `['a','b']` (with
//! `\'`-style escapes), `[0]`, `[0,2]`, `[*]`, slices `[1:3]`, `[::2]`, recursive descent
//! `..name`, and filters `[?(...)]` / `..[?(...)]` (see [`query`]).

mod query;

use std::rc::Rc;

use crate::error::{JsonError, Result};
use crate::number;
use crate::token::JToken;
use crate::value::JTokenType;

#[derive(Debug, Clone, PartialEq)]
enum Filter {
    /// `$` inside a filter: the token `SelectTokens` was called on.
    Root,
    /// `[?(expr)]` (each child of the current tokens that matches), or with `scan`
    /// `..[?(expr)]` (each token of the current containers, themselves included).
    Query {
        expr: Rc<query::QueryExpr>,
        scan: bool,
    },
    Field(Option<String>),
    FieldMultiple(Vec<String>),
    Scan(Option<String>),
    ScanMultiple(Vec<String>),
    Index(Option<i32>),
    IndexMultiple(Vec<i32>),
    Slice {
        start: Option<i32>,
        end: Option<i32>,
        step: Option<i32>,
    },
}

struct Parser<'a> {
    expr: Vec<char>,
    idx: usize,
    _src: &'a str,
}

fn to_int(s: &str) -> Result<i32> {
    let v = number::parse_integer(s, i128::from(i32::MIN), i128::from(i32::MAX), "Int32")?;
    Ok(i32::try_from(v).unwrap_or_default())
}

fn create(member: Option<String>, scan: bool) -> Filter {
    if scan { Filter::Scan(member) } else { Filter::Field(member) }
}

impl Parser<'_> {
    fn len(&self) -> usize {
        self.expr.len()
    }

    fn eat_whitespace(&mut self) {
        while self.idx < self.len() && self.expr[self.idx] == ' ' {
            self.idx += 1;
        }
    }

    fn ensure_length(&self, message: &str) -> Result<()> {
        if self.idx >= self.len() { Err(JsonError::json(message)) } else { Ok(()) }
    }

    fn substring(&self, from: usize, to: usize) -> String {
        self.expr[from..to].iter().collect()
    }

    fn parse_main(&mut self, filters: &mut Vec<Filter>) -> Result<()> {
        let mut start = self.idx;
        self.eat_whitespace();
        if self.len() == self.idx {
            return Ok(());
        }
        if self.expr[self.idx] == '$' {
            if self.len() == 1 {
                return Ok(());
            }
            let c = self.expr.get(self.idx + 1).copied().unwrap_or(' ');
            if c == '.' || c == '[' {
                self.idx += 1;
                start = self.idx;
            }
        }
        if !self.parse_path(filters, start, false)? {
            let last = self.idx;
            self.eat_whitespace();
            if self.idx < self.len() {
                return Err(JsonError::json(format!("Unexpected character while parsing path: {}", self.expr[last])));
            }
        }
        Ok(())
    }

    /// Reads path steps from `start`; `query` inside a filter expression, where an
    /// operator character ends the path. `Ok(true)` when the whole text was consumed.
    fn parse_path(&mut self, filters: &mut Vec<Filter>, mut start: usize, query: bool) -> Result<bool> {
        let mut scan = false;
        let mut following_indexer = false;
        let mut following_dot = false;
        let mut ended = false;
        while self.idx < self.len() && !ended {
            let c = self.expr[self.idx];
            match c {
                '[' | '(' => {
                    if self.idx > start {
                        let member = self.substring(start, self.idx);
                        let member = if member == "*" { None } else { Some(member) };
                        filters.push(create(member, scan));
                        scan = false;
                    }
                    filters.push(self.parse_indexer(c, scan)?);
                    scan = false;
                    self.idx += 1;
                    start = self.idx;
                    following_indexer = true;
                    following_dot = false;
                }
                ']' | ')' => ended = true,
                ' ' => ended = true,
                '.' => {
                    if self.idx > start {
                        let member = self.substring(start, self.idx);
                        let member = if member == "*" { None } else { Some(member) };
                        filters.push(create(member, scan));
                        scan = false;
                    }
                    if self.idx + 1 < self.len() && self.expr[self.idx + 1] == '.' {
                        scan = true;
                        self.idx += 1;
                    }
                    self.idx += 1;
                    start = self.idx;
                    following_indexer = false;
                    following_dot = true;
                }
                '=' | '<' | '!' | '>' | '|' | '&' if query => ended = true,
                _ => {
                    if following_indexer {
                        return Err(JsonError::json(format!("Unexpected character following indexer: {c}")));
                    }
                    self.idx += 1;
                }
            }
        }
        let at_end = self.idx == self.len();
        if self.idx > start {
            let member = self.substring(start, self.idx).trim_end().to_owned();
            let member = if member == "*" { None } else { Some(member) };
            filters.push(create(member, scan));
        } else if following_dot && (at_end || query) {
            return Err(JsonError::json("Unexpected end while parsing path."));
        }
        Ok(at_end)
    }

    fn parse_indexer(&mut self, open: char, scan: bool) -> Result<Filter> {
        self.idx += 1;
        let close = if open == '[' { ']' } else { ')' };
        self.ensure_length("Path ended with open indexer.")?;
        self.eat_whitespace();
        self.ensure_length("Path ended with open indexer.")?;
        match self.expr[self.idx] {
            '\'' | '"' => self.parse_quoted_field(close, scan),
            '?' => self.parse_query(close, scan),
            _ => self.parse_array_indexer(close),
        }
    }

    fn read_quoted_string(&mut self) -> Result<String> {
        let quote = self.expr[self.idx];
        let mut sb = String::new();
        self.idx += 1;
        while self.idx < self.len() {
            let c = self.expr[self.idx];
            if c == '\\' && self.idx + 1 < self.len() {
                self.idx += 1;
                let e = self.expr[self.idx];
                let resolved = match e {
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'f' => '\u{c}',
                    'r' => '\r',
                    '\\' | '"' | '\'' | '/' => e,
                    _ => return Err(JsonError::json(format!("Unknown escape character: \\{e}"))),
                };
                sb.push(resolved);
                self.idx += 1;
            } else if c == quote {
                self.idx += 1;
                return Ok(sb);
            } else {
                self.idx += 1;
                sb.push(c);
            }
        }
        Err(JsonError::json("Path ended with open indexer."))
    }

    fn parse_quoted_field(&mut self, close: char, scan: bool) -> Result<Filter> {
        let mut fields: Vec<String> = Vec::new();
        while self.idx < self.len() {
            let field = self.read_quoted_string()?;
            self.eat_whitespace();
            self.ensure_length("Path ended with open indexer.")?;
            let c = self.expr[self.idx];
            if c == close {
                if fields.is_empty() {
                    return Ok(create(Some(field), scan));
                }
                fields.push(field);
                return Ok(if scan { Filter::ScanMultiple(fields) } else { Filter::FieldMultiple(fields) });
            } else if c == ',' {
                self.idx += 1;
                self.eat_whitespace();
                fields.push(field);
            } else {
                return Err(JsonError::json(format!("Unexpected character while parsing path indexer: {c}")));
            }
        }
        Err(JsonError::json("Path ended with open indexer."))
    }

    fn parse_array_indexer(&mut self, close: char) -> Result<Filter> {
        let mut start = self.idx;
        let mut end: Option<usize> = None;
        let mut indexes: Option<Vec<i32>> = None;
        let mut colons = 0;
        let (mut s_idx, mut e_idx, mut step) = (None, None, None);
        while self.idx < self.len() {
            let c = self.expr[self.idx];
            if c == ' ' {
                end = Some(self.idx);
                self.eat_whitespace();
                continue;
            }
            if c == close {
                let stop = end.unwrap_or(self.idx);
                let text = self.substring(start, stop);
                if let Some(mut list) = indexes {
                    if text.is_empty() {
                        return Err(JsonError::json("Array index expected."));
                    }
                    list.push(to_int(&text)?);
                    return Ok(Filter::IndexMultiple(list));
                } else if colons > 0 {
                    if !text.is_empty() {
                        let v = to_int(&text)?;
                        if colons == 1 {
                            e_idx = Some(v);
                        } else {
                            step = Some(v);
                        }
                    }
                    return Ok(Filter::Slice { start: s_idx, end: e_idx, step });
                }
                if text.is_empty() {
                    return Err(JsonError::json("Array index expected."));
                }
                return Ok(Filter::Index(Some(to_int(&text)?)));
            } else if c == ',' {
                let stop = end.unwrap_or(self.idx);
                let text = self.substring(start, stop);
                if text.is_empty() {
                    return Err(JsonError::json("Array index expected."));
                }
                indexes.get_or_insert_with(Vec::new).push(to_int(&text)?);
                self.idx += 1;
                self.eat_whitespace();
                start = self.idx;
                end = None;
            } else if c == '*' {
                self.idx += 1;
                self.ensure_length("Path ended with open indexer.")?;
                self.eat_whitespace();
                self.ensure_length("Path ended with open indexer.")?;
                if self.expr[self.idx] != close {
                    return Err(JsonError::json(format!("Unexpected character while parsing path indexer: {c}")));
                }
                return Ok(Filter::Index(None));
            } else if c == ':' {
                let stop = end.unwrap_or(self.idx);
                let text = self.substring(start, stop);
                if !text.is_empty() {
                    let v = to_int(&text)?;
                    match colons {
                        0 => s_idx = Some(v),
                        1 => e_idx = Some(v),
                        _ => step = Some(v),
                    }
                }
                colons += 1;
                self.idx += 1;
                self.eat_whitespace();
                start = self.idx;
                end = None;
            } else if !c.is_ascii_digit() && c != '-' {
                return Err(JsonError::json(format!("Unexpected character while parsing path indexer: {c}")));
            } else {
                if end.is_some() {
                    return Err(JsonError::json(format!("Unexpected character while parsing path indexer: {c}")));
                }
                self.idx += 1;
            }
        }
        Err(JsonError::json("Path ended with open indexer."))
    }
}

fn short_type_name(t: &JToken) -> &'static str {
    t.clr_type_name().rsplit('.').next().unwrap_or("JToken")
}

fn token_index(t: &JToken, index: i32, error_when_no_match: bool) -> Result<Option<JToken>> {
    match t.token_type() {
        JTokenType::Array | JTokenType::Constructor => {
            let count = i64::try_from(t.count()).unwrap_or(i64::MAX);
            if count <= i64::from(index) {
                if error_when_no_match {
                    return Err(JsonError::json(format!("Index {index} outside the bounds of JArray.")));
                }
                return Ok(None);
            }
            t.at(index).map(Some)
        }
        _ => {
            if error_when_no_match {
                return Err(JsonError::json(format!("Index {index} not valid on {}.", short_type_name(t))));
            }
            Ok(None)
        }
    }
}

/// Every token below `t` in document order, properties included (`ScanFilter`'s walk).
fn descendants(t: &JToken) -> Vec<JToken> {
    let mut out = Vec::new();
    let mut stack: Vec<JToken> = t.children().into_iter().rev().collect();
    while let Some(c) = stack.pop() {
        stack.extend(c.children().into_iter().rev());
        out.push(c);
    }
    out
}

fn execute(filter: &Filter, root: &JToken, current: Vec<JToken>, error_when_no_match: bool) -> Result<Vec<JToken>> {
    if *filter == Filter::Root {
        return Ok(vec![root.clone()]);
    }
    let mut out = Vec::new();
    for t in current {
        match filter {
            Filter::Root => {}
            Filter::Query { expr, scan: false } => {
                // `foreach (JToken v in t)`: an object's children are its properties.
                for v in t.children() {
                    if query::is_match(expr, root, &v)? {
                        out.push(v);
                    }
                }
            }
            Filter::Query { expr, scan: true } => {
                let candidates = if t.is_container() {
                    std::iter::once(t.clone()).chain(descendants(&t)).collect()
                } else {
                    vec![t.clone()]
                };
                for d in candidates {
                    if query::is_match(expr, root, &d)? {
                        out.push(d);
                    }
                }
            }
            Filter::Field(name) => {
                if t.token_type() == JTokenType::Object {
                    match name {
                        Some(n) => match t.get_value(n) {
                            Some(v) => out.push(v),
                            None if error_when_no_match => {
                                return Err(JsonError::json(format!("Property '{n}' does not exist on JObject.")));
                            }
                            None => {}
                        },
                        None => out.extend(t.properties().iter().filter_map(JToken::property_value)),
                    }
                } else if error_when_no_match {
                    return Err(JsonError::json(format!(
                        "Property '{}' not valid on {}.",
                        name.as_deref().unwrap_or("*"),
                        short_type_name(&t)
                    )));
                }
            }
            Filter::FieldMultiple(names) => {
                if t.token_type() == JTokenType::Object {
                    for n in names {
                        match t.get_value(n) {
                            Some(v) => out.push(v),
                            None if error_when_no_match => {
                                return Err(JsonError::json(format!("Property '{n}' does not exist on JObject.")));
                            }
                            None => {}
                        }
                    }
                } else if error_when_no_match {
                    let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
                    return Err(JsonError::json(format!(
                        "Properties {} not valid on {}.",
                        list.join(", "),
                        short_type_name(&t)
                    )));
                }
            }
            Filter::Scan(name) => {
                if name.is_none() {
                    out.push(t.clone());
                }
                for d in descendants(&t) {
                    if d.token_type() == JTokenType::Property {
                        if name.is_some()
                            && d.name() == *name
                            && let Some(v) = d.property_value()
                        {
                            out.push(v);
                        }
                    } else if name.is_none() {
                        out.push(d);
                    }
                }
            }
            Filter::ScanMultiple(names) => {
                for d in descendants(&t) {
                    if d.token_type() == JTokenType::Property
                        && d.name().is_some_and(|n| names.contains(&n))
                        && let Some(v) = d.property_value()
                    {
                        out.push(v);
                    }
                }
            }
            Filter::Index(Some(i)) => {
                if let Some(v) = token_index(&t, *i, error_when_no_match)? {
                    out.push(v);
                }
            }
            Filter::Index(None) => {
                if matches!(t.token_type(), JTokenType::Array | JTokenType::Constructor) {
                    out.extend(t.children());
                } else if error_when_no_match {
                    return Err(JsonError::json(format!("Index * not valid on {}.", short_type_name(&t))));
                }
            }
            Filter::IndexMultiple(list) => {
                for i in list {
                    if let Some(v) = token_index(&t, *i, error_when_no_match)? {
                        out.push(v);
                    }
                }
            }
            Filter::Slice { start, end, step } => {
                if t.token_type() == JTokenType::Array {
                    let count = i64::try_from(t.count()).unwrap_or(i64::MAX);
                    let step = i64::from(step.unwrap_or(1));
                    if step == 0 {
                        return Err(JsonError::json("Step cannot be zero."));
                    }
                    let mut s = start.map_or(if step > 0 { 0 } else { count - 1 }, i64::from);
                    let mut e = end.map_or(if step > 0 { count } else { -1 }, i64::from);
                    if start.is_some_and(|v| v < 0) {
                        s += count;
                    }
                    if end.is_some_and(|v| v < 0) {
                        e += count;
                    }
                    s = s.max(if step > 0 { 0 } else { i64::from(i32::MIN) });
                    s = s.min(if step > 0 { count } else { count - 1 });
                    e = e.max(-1).min(count);
                    let valid = |i: i64| if step > 0 { i < e } else { i > e };
                    if valid(s) {
                        let items = t.children();
                        let mut i = s;
                        while valid(i) {
                            if let Some(v) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
                                out.push(v.clone());
                            }
                            i += step;
                        }
                    } else if error_when_no_match {
                        return Err(JsonError::json(format!(
                            "Array slice of {} to {} returned no results.",
                            start.map_or_else(|| "*".to_owned(), |v| v.to_string()),
                            end.map_or_else(|| "*".to_owned(), |v| v.to_string())
                        )));
                    }
                } else if error_when_no_match {
                    return Err(JsonError::json(format!("Array slice is not valid on {}.", short_type_name(&t))));
                }
            }
        }
    }
    Ok(out)
}

/// Runs `filters` from `t`; `root` is what `$` in a filter refers to.
fn evaluate(filters: &[Filter], root: &JToken, t: &JToken, error_when_no_match: bool) -> Result<Vec<JToken>> {
    let mut current = vec![t.clone()];
    for filter in filters {
        current = execute(filter, root, current, error_when_no_match)?;
    }
    Ok(current)
}

fn parse(path: &str) -> Result<Vec<Filter>> {
    let mut p = Parser { expr: path.chars().collect(), idx: 0, _src: path };
    let mut filters = Vec::new();
    p.parse_main(&mut filters)?;
    Ok(filters)
}

impl JToken {
    /// `SelectTokens(path, errorWhenNoMatch)`.
    ///
    /// # Errors
    /// `JsonException` for a malformed path (Newtonsoft's messages) or, with
    /// `error_when_no_match`, a step that matches nothing.
    pub fn select_tokens(&self, path: &str, error_when_no_match: bool) -> Result<Vec<JToken>> {
        evaluate(&parse(path)?, self, self, error_when_no_match)
    }

    /// `SelectToken(path)`: the one matching token, or `None`.
    ///
    /// # Errors
    /// As [`select_tokens`](Self::select_tokens), and `JsonException` (`Path returned
    /// multiple tokens.`) for more than one match.
    pub fn select_token(&self, path: &str) -> Result<Option<JToken>> {
        let mut found = self.select_tokens(path, false)?;
        if found.len() > 1 {
            return Err(JsonError::json("Path returned multiple tokens."));
        }
        Ok(found.pop())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        assert_eq!(
            parse("a.b[0].c").unwrap(),
            vec![
                Filter::Field(Some("a".into())),
                Filter::Field(Some("b".into())),
                Filter::Index(Some(0)),
                Filter::Field(Some("c".into())),
            ]
        );
        assert_eq!(parse("$.a").unwrap(), vec![Filter::Field(Some("a".into()))]);
        assert_eq!(parse("['x y']").unwrap(), vec![Filter::Field(Some("x y".into()))]);
        assert_eq!(parse("$").unwrap(), vec![]);
        assert_eq!(parse("a[1:3]").unwrap()[1], Filter::Slice { start: Some(1), end: Some(3), step: None });
        assert_eq!(parse("a.").unwrap_err().message, "Unexpected end while parsing path.");
        assert_eq!(parse("a[0]b").unwrap_err().message, "Unexpected character following indexer: b");
        assert_eq!(parse("a[").unwrap_err().message, "Path ended with open indexer.");
    }
}
