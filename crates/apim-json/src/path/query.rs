//! JSONPath filter expressions, `[?(...)]`, as Newtonsoft 13's `JPath` parses them and its
//! `BooleanQueryExpression` evaluates them.
//!
//! A side is a path from the current token (`@.a.b`, `@['x'][0]`), from the root (`$.a`),
//! or a literal: a number (up to a space or `)`), `'string'`, `true`, `false`, `null`, or
//! a regex `/pattern/flags`. Operators: `==`, `!=` (`<>`), `===`, `!==`, `<`, `<=`, `>`,
//! `>=`, `=~`, and a side alone tests existence. `&&` and `||` chain without precedence
//! and without parentheses: a change of operator nests what follows inside the current
//! group (`a && b || c` is `a && (b || c)`), which is what Newtonsoft builds.

use std::cmp::Ordering;

use super::{Filter, Parser, evaluate};
use crate::compare::{compare_as, values_equal};
use crate::error::{JsonError, Result};
use crate::number::{self, DoubleParse, NumberFlavor};
use crate::platform::{Platform, StdPlatform};
use crate::token::JToken;
use crate::value::{JTokenType, Value, to_base64};

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum QueryExpr {
    /// `&&` (`and`) or `||` of the items, in order.
    Composite { and: bool, items: Vec<QueryExpr> },
    /// `left op right`; `right` is `None` for an existence test.
    Boolean { op: Op, left: Side, right: Option<Side> },
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Side {
    /// A path, evaluated from the current token (or from the root when it starts with `$`).
    Path(Vec<Filter>),
    /// A literal (`new JValue(value)`); a regex literal is its text, slashes and flags included.
    Value(Value),
}

/// A comparison operator (`QueryOperator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Exists,
    Equals,
    NotEquals,
    StrictEquals,
    StrictNotEquals,
    RegexEquals,
    LessThan,
    LessThanOrEquals,
    GreaterThan,
    GreaterThanOrEquals,
}

/// The reader's view of the operands: a `JValue`'s payload, or `None` for a container.
type Operand = Option<Value>;

const PLATFORM: &StdPlatform = &StdPlatform::APIM;

impl Parser<'_> {
    fn current(&self) -> Option<char> {
        self.expr.get(self.idx).copied()
    }

    /// Newtonsoft indexes past the end here (an `IndexOutOfRangeException`); a path that
    /// stops inside a query is reported as the open query it is.
    fn unexpected_query_char(&self) -> JsonError {
        match self.current() {
            Some(c) => JsonError::json(format!("Unexpected character while parsing path query: {c}")),
            None => JsonError::json("Path ended with open query."),
        }
    }

    /// `Match(s)`: consumes `s` when the text continues with it.
    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.expr.get(self.idx..self.idx + n).is_some_and(|w| w.iter().copied().eq(s.chars())) {
            self.idx += n;
            true
        } else {
            false
        }
    }

    /// `[?(` ... `)]`, with `idx` on the `?`; leaves `idx` on the closing bracket.
    pub(super) fn parse_query(&mut self, close: char, scan: bool) -> Result<Filter> {
        self.idx += 1;
        self.ensure_length("Path ended with open indexer.")?;
        if self.expr[self.idx] != '(' {
            return Err(JsonError::json(format!(
                "Unexpected character while parsing path indexer: {}",
                self.expr[self.idx]
            )));
        }
        self.idx += 1;
        let expr = self.parse_expression()?;
        self.idx += 1;
        self.ensure_length("Path ended with open indexer.")?;
        self.eat_whitespace();
        self.ensure_length("Path ended with open indexer.")?;
        if self.expr[self.idx] != close {
            return Err(JsonError::json(format!(
                "Unexpected character while parsing path indexer: {}",
                self.expr[self.idx]
            )));
        }
        Ok(Filter::Query { expr: std::rc::Rc::new(expr), scan })
    }

    /// `ParseExpression`: comparisons joined by `&&`/`||` up to the closing `)`.
    fn parse_expression(&mut self) -> Result<QueryExpr> {
        // The open groups, outermost first: each new group is the last item of the one
        // before it, and expressions are added to the innermost.
        let mut groups: Vec<(bool, Vec<QueryExpr>)> = Vec::new();
        while self.idx < self.len() {
            let left = self.parse_side()?;
            let (op, right) = if matches!(self.current(), Some(')' | '|' | '&')) {
                (Op::Exists, None)
            } else {
                let op = self.parse_operator()?;
                (op, Some(self.parse_side()?))
            };
            let boolean = QueryExpr::Boolean { op, left, right };
            if self.current() == Some(')') {
                let Some((_, items)) = groups.last_mut() else { return Ok(boolean) };
                items.push(boolean);
                return Ok(close_groups(groups));
            }
            for (and, token) in [(true, "&&"), (false, "||")] {
                if self.current() != token.chars().next() {
                    continue;
                }
                if !self.eat(token) {
                    return Err(self.unexpected_query_char());
                }
                if groups.last().is_none_or(|(a, _)| *a != and) {
                    groups.push((and, Vec::new()));
                }
                if let Some((_, items)) = groups.last_mut() {
                    items.push(boolean.clone());
                }
            }
            // Anything else: Newtonsoft drops this comparison and reads the next.
        }
        Err(JsonError::json("Path ended with open query."))
    }

    /// `ParseSide`: a path from `@` or `$`, or a literal.
    fn parse_side(&mut self) -> Result<Side> {
        self.eat_whitespace();
        let side = match self.current() {
            Some(c @ ('@' | '$')) => {
                let mut filters = if c == '$' { vec![Filter::Root] } else { Vec::new() };
                self.idx += 1;
                let start = self.idx;
                if self.parse_path(&mut filters, start, true)? {
                    return Err(JsonError::json("Path ended with open query."));
                }
                Side::Path(filters)
            }
            Some(_) => match self.parse_value()? {
                Some(v) => Side::Value(v),
                None => return Err(self.unexpected_query_char()),
            },
            None => return Err(self.unexpected_query_char()),
        };
        self.eat_whitespace();
        self.ensure_length("Path ended with open query.")?;
        Ok(side)
    }

    /// `TryParseValue`; `None` when the text is no literal.
    fn parse_value(&mut self) -> Result<Option<Value>> {
        let Some(c) = self.current() else { return Ok(None) };
        Ok(match c {
            '\'' => Some(Value::String(self.read_quoted_string()?)),
            '0'..='9' | '-' => {
                let start = self.idx;
                self.idx += 1;
                while self.current().is_some_and(|c| c != ' ' && c != ')') {
                    self.idx += 1;
                }
                if self.idx == self.len() {
                    return Ok(None);
                }
                let text = self.substring(start, self.idx);
                if text.contains(['.', 'E', 'e']) {
                    // double.TryParse(Float | AllowThousands): an overflow fails too.
                    match number::parse_double(&text, true, NumberFlavor::Framework) {
                        DoubleParse::Ok(d) => Some(Value::Float(d)),
                        DoubleParse::Invalid | DoubleParse::Overflow => None,
                    }
                } else {
                    number::parse_integer(&text, i128::from(i64::MIN), i128::from(i64::MAX), "Int64")
                        .ok()
                        .and_then(|v| i64::try_from(v).ok())
                        .map(Value::Integer)
                }
            }
            't' if self.eat("true") => Some(Value::Boolean(true)),
            'f' if self.eat("false") => Some(Value::Boolean(false)),
            'n' if self.eat("null") => Some(Value::Null),
            '/' => Some(Value::String(self.read_regex_string()?)),
            _ => None,
        })
    }

    /// `/pattern/flags` as written (escaped characters skipped, trailing letters kept).
    fn read_regex_string(&mut self) -> Result<String> {
        let start = self.idx;
        self.idx += 1;
        loop {
            match self.current() {
                Some('\\') if self.idx + 1 < self.len() => self.idx += 2,
                Some('/') => break,
                Some(_) => self.idx += 1,
                None => return Err(JsonError::json("Path ended with an open regex.")),
            }
        }
        self.idx += 1;
        while self.current().is_some_and(char::is_alphabetic) {
            self.idx += 1;
        }
        Ok(self.substring(start, self.idx))
    }

    /// `ParseOperator`: longest operators first, as Newtonsoft tries them.
    fn parse_operator(&mut self) -> Result<Op> {
        if self.idx + 1 >= self.len() {
            return Err(JsonError::json("Path ended with open query."));
        }
        let ops = [
            ("===", Op::StrictEquals),
            ("==", Op::Equals),
            ("=~", Op::RegexEquals),
            ("!==", Op::StrictNotEquals),
            ("!=", Op::NotEquals),
            ("<>", Op::NotEquals),
            ("<=", Op::LessThanOrEquals),
            ("<", Op::LessThan),
            (">=", Op::GreaterThanOrEquals),
            (">", Op::GreaterThan),
        ];
        for (text, op) in ops {
            if self.eat(text) {
                return Ok(op);
            }
        }
        Err(JsonError::json("Could not read query operator."))
    }
}

/// The tree of the groups still open when the expression ends.
fn close_groups(mut groups: Vec<(bool, Vec<QueryExpr>)>) -> QueryExpr {
    let mut inner: Option<QueryExpr> = None;
    while let Some((and, mut items)) = groups.pop() {
        if let Some(child) = inner.take() {
            items.push(child);
        }
        inner = Some(QueryExpr::Composite { and, items });
    }
    inner.unwrap_or(QueryExpr::Composite { and: true, items: Vec::new() })
}

/// `QueryExpression.IsMatch(root, t)`.
///
/// # Errors
/// What comparing the values throws (`Convert.ToInt64("x")` is a `FormatException`), a
/// malformed regex.
pub(super) fn is_match(expr: &QueryExpr, root: &JToken, t: &JToken) -> Result<bool> {
    match expr {
        QueryExpr::Composite { and: true, items } => {
            for e in items {
                if !is_match(e, root, t)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        QueryExpr::Composite { and: false, items } => {
            for e in items {
                if is_match(e, root, t)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        QueryExpr::Boolean { op, left, right } => {
            let lefts = operands(left, root, t)?;
            if *op == Op::Exists || lefts.is_empty() {
                return Ok(*op == Op::Exists && !lefts.is_empty());
            }
            let rights = match right {
                Some(r) => operands(r, root, t)?,
                None => Vec::new(),
            };
            for l in &lefts {
                for r in &rights {
                    if match_tokens(*op, l, r)? {
                        return Ok(true);
                    }
                }
            }
            Ok(false)
        }
    }
}

fn operands(side: &Side, root: &JToken, t: &JToken) -> Result<Vec<Operand>> {
    Ok(match side {
        Side::Value(v) => vec![Some(v.clone())],
        Side::Path(filters) => evaluate(filters, root, t, false)?.iter().map(JToken::value).collect(),
    })
}

/// `MatchTokens`: values compare; anything involving a container only satisfies
/// existence and `!=`.
fn match_tokens(op: Op, left: &Operand, right: &Operand) -> Result<bool> {
    let (Some(l), Some(r)) = (left, right) else { return Ok(matches!(op, Op::Exists | Op::NotEquals)) };
    Ok(match op {
        Op::Exists => true,
        Op::RegexEquals => regex_equals(l, r)?,
        Op::Equals => equals_with_string_coercion(l, r)?,
        Op::NotEquals => !equals_with_string_coercion(l, r)?,
        Op::StrictEquals => equals_strict(l, r)?,
        Op::StrictNotEquals => !equals_strict(l, r)?,
        Op::LessThan => compare_to(l, r)? == Ordering::Less,
        Op::LessThanOrEquals => compare_to(l, r)? != Ordering::Greater,
        Op::GreaterThan => compare_to(l, r)? == Ordering::Greater,
        Op::GreaterThanOrEquals => compare_to(l, r)? != Ordering::Less,
    })
}

/// `JValue.CompareTo(other)`: by the left value's type, unless the left is a string and
/// the right is not, then by the right's (so `"15" < 20` compares numbers).
fn compare_to(l: &Value, r: &Value) -> Result<Ordering> {
    let ty = if l.token_type() == JTokenType::String && r.token_type() != JTokenType::String {
        r.token_type()
    } else {
        l.token_type()
    };
    compare_as(ty, l, r, PLATFORM)
}

fn integer_and_float(l: &Value, r: &Value) -> bool {
    matches!(
        (l.token_type(), r.token_type()),
        (JTokenType::Integer, JTokenType::Float) | (JTokenType::Float, JTokenType::Integer)
    )
}

/// `EqualsWithStringCoercion`: equal values, an integer equal to a float, or a date,
/// GUID, time span, URI or bytes whose text is the string on the right.
fn equals_with_string_coercion(l: &Value, r: &Value) -> Result<bool> {
    if values_equal(l, r) {
        return Ok(true);
    }
    if integer_and_float(l, r) {
        return Ok(compare_as(l.token_type(), l, r, PLATFORM)? == Ordering::Equal);
    }
    let Value::String(query) = r else { return Ok(false) };
    let text = match l {
        Value::Date(d) => d.to_iso_string(PLATFORM.local_offset_ticks(d.ticks())),
        Value::Bytes(b) => to_base64(b),
        Value::Guid(g) => g.to_string(),
        Value::TimeSpan(t) => t.to_constant_string(),
        Value::Uri(u) => u.clone(),
        _ => return Ok(false),
    };
    Ok(text == *query)
}

/// `EqualsWithStrictMatch` (`===`): an integer may equal a float; other types must match.
fn equals_strict(l: &Value, r: &Value) -> Result<bool> {
    if integer_and_float(l, r) {
        return Ok(compare_as(l.token_type(), l, r, PLATFORM)? == Ordering::Equal);
    }
    Ok(l.token_type() == r.token_type() && values_equal(l, r))
}

/// `=~`: both strings, the right one `/pattern/flags` (`i`, `m`, `s`; `x` is
/// `ExplicitCapture`, which does not change whether it matches).
fn regex_equals(input: &Value, pattern: &Value) -> Result<bool> {
    let (Value::String(input), Value::String(text)) = (input, pattern) else { return Ok(false) };
    // `Substring(1, LastIndexOf('/') - 1)` needs a `/` after the first character.
    let Some(last) = text.rfind('/').filter(|&i| i >= 1) else {
        return Err(JsonError::out_of_range("Length cannot be less than zero.", "length"));
    };
    let body = text.get(1..last).unwrap_or_default();
    let mut flags = String::new();
    for c in text[last + 1..].chars() {
        if matches!(c, 'i' | 'm' | 's') && !flags.contains(c) {
            flags.push(c);
        }
    }
    let full = if flags.is_empty() { body.to_owned() } else { format!("(?{flags}){body}") };
    let re = fancy_regex::Regex::new(&full).map_err(|e| JsonError::argument(format!("parsing \"{body}\" - {e}")))?;
    re.is_match(input).map_err(|e| JsonError::argument(format!("parsing \"{body}\" - {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> JToken {
        JToken::parse(
            r#"{"items":[
                {"id":1,"name":"a","price":10.5,"tags":["x"],"ok":true,"meta":{"w":3}},
                {"id":2,"name":"b","price":20,"ok":false,"meta":{"w":7}},
                {"id":3,"name":"c","price":null},
                {"id":"4","name":"d","price":"15"}],
              "limit":15}"#,
        )
        .unwrap()
    }

    /// The `name`s of the items a filter selects, joined with commas.
    fn names(filter: &str) -> String {
        let path = format!("$.items[?({filter})].name");
        let found = doc().select_tokens(&path, false).unwrap_or_else(|e| panic!("{path}: {e}"));
        found.iter().map(|t| t.to_string_net(PLATFORM)).collect::<Vec<_>>().join(",")
    }

    fn error(filter: &str) -> String {
        doc().select_tokens(&format!("$.items[?({filter})]"), false).unwrap_err().message
    }

    #[test]
    fn comparison_operators() {
        assert_eq!(names("@.id == 1"), "a");
        assert_eq!(names("@.id != 1"), "b,c,d");
        assert_eq!(names("@.id <> 1"), "b,c,d");
        // A null value is below any number; "15" compares as the number it is.
        assert_eq!(names("@.price < 15"), "a,c");
        assert_eq!(names("@.price <= 15"), "a,c,d");
        assert_eq!(names("@.price > 15"), "b");
        assert_eq!(names("@.price >= 15"), "b,d");
        assert_eq!(names("@.price > -1"), "a,b,d");
        assert_eq!(names("@.price < 1.1e1"), "a,c");
        assert_eq!(names("@.name > 'a'"), "b,c,d");
        assert_eq!(names("@.price > null"), "a,b,d");
    }

    #[test]
    fn equality_coercions() {
        // An integer equals the same float; a string "4" is not the number 4.
        assert_eq!(names("@.price == 20.0"), "b");
        assert_eq!(names("@.id == '4'"), "d");
        assert_eq!(names("@.id == 4"), "");
        assert_eq!(names("@.ok == false"), "b");
        assert_eq!(names("@.price == null"), "c");
        assert_eq!(names("@.id === 1.0"), "a");
        assert_eq!(names("@.id === '4'"), "d");
        assert_eq!(names("@.id !== 1"), "b,c,d");
        // A container only satisfies `!=`.
        assert_eq!(names("@.tags != 'x'"), "a");
        assert_eq!(names("@.tags == 'x'"), "");
        assert_eq!(names("@.ok != true"), "b");
    }

    #[test]
    fn logic_without_precedence() {
        assert_eq!(names("@.price > 5 && @.ok == true"), "a");
        assert_eq!(names("@.id == 1 || @.name == 'c'"), "a,c");
        // `a && b || c` is `a && (b || c)`; `a || b && c` is `a || (b && c)`.
        assert_eq!(names("@.id == 1 && @.id == 2 || @.id == 3"), "");
        assert_eq!(names("@.id == 3 || @.id == 2 && @.ok == false"), "b,c");
        // `a || b && c || d` is `a || (b && (c || d))`.
        assert_eq!(names("@.id == 1 || @.id == 2 && @.id == 2 || @.id == 3"), "a,b");
    }

    #[test]
    fn paths_and_existence() {
        assert_eq!(names("@.tags"), "a");
        assert_eq!(names("@.meta.w > 5"), "b");
        assert_eq!(names("@.tags[0] == 'x'"), "a");
        assert_eq!(names("@.meta.* == 7"), "b");
        assert_eq!(names("@['name'] == 'b'"), "b");
        assert_eq!(names("@.price >= $.limit"), "b,d");
        assert_eq!(names("$.limit == 15"), "a,b,c,d");
        assert_eq!(names("1 == @.id"), "a");
        assert_eq!(names(" @.id==1 "), "a");
        // A literal alone exists: every item.
        assert_eq!(names("true"), "a,b,c,d");
    }

    #[test]
    fn regex() {
        assert_eq!(names("@.name =~ /^[ab]$/"), "a,b");
        assert_eq!(names("@.name =~ /^B$/i"), "b");
        assert_eq!(names("@.id =~ /1/"), "");
        assert_eq!(names(r"@.name =~ /\//"), "");
    }

    #[test]
    fn scans_and_objects() {
        let d = doc();
        assert_eq!(d.select_tokens("$..[?(@.w)]", false).unwrap().len(), 2);
        assert_eq!(d.select_tokens("$..items[?(@.id == 2)].name", false).unwrap()[0].to_string_net(PLATFORM), "b");
        // An object's children are properties, which have no fields.
        assert!(d.select_tokens("$.items[0][?(@.w)]", false).unwrap().is_empty());
        assert_eq!(d.select_token("$.items[?(@.id == 2)].meta.w").unwrap().unwrap().to_string_net(PLATFORM), "7");
        assert_eq!(d.select_token("$.items[?(@.id)]").unwrap_err().message, "Path returned multiple tokens.");
    }

    #[test]
    fn errors() {
        assert_eq!(error("(@.id == 1)"), "Unexpected character while parsing path query: (");
        assert_eq!(error("tru"), "Unexpected character while parsing path query: t");
        assert_eq!(error("@.id = 1"), "Could not read query operator.");
        assert_eq!(error("@.id == \"b\""), "Unexpected character while parsing path query: \"");
        assert_eq!(error("@.id==1&&@.ok"), "Unexpected character while parsing path query: )");
        assert_eq!(error("@.id == 1x"), "Unexpected character while parsing path query: )");
        assert_eq!(error("@.name =~ /a"), "Path ended with an open regex.");
        assert_eq!(
            doc().select_tokens("$.items[?@.id == 1]", false).unwrap_err().message,
            "Unexpected character while parsing path indexer: @"
        );
        assert_eq!(
            doc().select_tokens("$.items[?(@.id == 1", false).unwrap_err().message,
            "Path ended with open query."
        );
        let e = doc().select_tokens("$.items[?(@.id > 'x')]", false).unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (crate::ErrorKind::FormatException, "Input string was not in a correct format.")
        );
    }
}
