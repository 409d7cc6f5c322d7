//! Finds where a policy expression ends, before any XML rule applies.
//!
//! APIM accepts raw `"`, `<` and `&&` inside `@(...)` and `@{...}`, so the end of an
//! expression cannot be found by XML tokenisation. This scanner lexes just enough C# to
//! balance brackets: regular, verbatim and interpolated strings (with nested holes), char
//! literals and comments. Entity references (`&quot;`) are decoded on the fly when the
//! expression sits in XML-escaped text, and every decoded byte keeps its file offset.
//!
//! The scanner is iterative (an explicit frame stack), linear in the input, and stops at
//! `</` in code, which is never valid C#, so a broken expression cannot swallow the rest
//! of the document.

use apim_text::Span;

use crate::entities;
use crate::expression::{Expression, ExpressionKind, OffsetMap};

/// A lexical problem found while scanning (reported by the reader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// `\"` in code: the author escaped a quote as in a C# string, which XML does not know.
    EscapedQuote(Span),
    /// A regular string or char literal runs into the end of its line.
    UnterminatedLiteral(Span),
    /// A verbatim string or block comment never ends.
    UnterminatedToEnd(Span),
    /// A closing bracket that matches no opening one.
    StrayCloser(Span),
    /// An opening bracket closed by the wrong kind (`(` ... `}`).
    Unclosed { opener: Span, closer: Span },
}

pub(crate) struct Scan {
    /// The expression, when its outer bracket closed.
    pub expression: Option<Expression>,
    /// The offset after the closing bracket, or where scanning stopped.
    pub end: usize,
    /// The outer opening bracket (`@(`), for "never closed" reports.
    pub opener: Span,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    /// An open bracket waiting for `closer`.
    Bracket { closer: u8, at: usize },
    /// An interpolation hole `{...}` inside an interpolated string.
    Hole,
    /// Inside the literal part of an interpolated string.
    Interpolated { verbatim: bool, at: usize },
}

/// Index of a closing bracket in the per-kind counts.
fn kind(closer: u8) -> usize {
    match closer {
        b')' => 0,
        b']' => 1,
        _ => 2,
    }
}

/// Whether `bytes` (at an `@`) starts an expression.
pub(crate) fn starts_expression(bytes: &[u8]) -> bool {
    matches!(bytes, [b'@', b'(' | b'{', ..])
}

/// Scans the expression starting at `start` (an `@` followed by `(` or `{`).
pub(crate) fn scan(source: &str, start: usize, decode_entities: bool) -> Scan {
    let mut scanner = Scanner {
        bytes: source.as_bytes(),
        pos: start,
        decode: decode_entities,
        code: Vec::new(),
        offsets: OffsetMap::identity(u32::try_from(start).unwrap_or(u32::MAX)),
        stack: Vec::new(),
        open: vec![[0; 3]],
        problems: Vec::new(),
        escaped_quotes: false,
    };
    let kind = if scanner.bytes.get(start + 1) == Some(&b'{') { ExpressionKind::Block } else { ExpressionKind::Single };
    let closed = scanner.run();
    let opener = Span::from_range(start..start + 2);
    let expression = closed.then(|| Expression {
        span: Span::from_range(start..scanner.pos),
        kind,
        code: String::from_utf8(std::mem::take(&mut scanner.code))
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        offsets: std::mem::take(&mut scanner.offsets),
        escaped_quotes: scanner.escaped_quotes,
    });
    Scan { expression, end: scanner.pos, opener, problems: scanner.problems }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    decode: bool,
    code: Vec<u8>,
    offsets: OffsetMap,
    stack: Vec<Frame>,
    /// Open brackets of each kind (`)`, `]`, `}`) in the innermost segment (the
    /// expression, or the current interpolation hole), so a closer that matches nothing
    /// is recognised without walking the stack.
    open: Vec<[u32; 3]>,
    problems: Vec<Problem>,
    /// Set once `\"` was seen in code: from then on `\"` delimits strings, which is what
    /// the author meant, so one mistake gives one report instead of a cascade.
    escaped_quotes: bool,
}

impl Scanner<'_> {
    /// The character at `pos` as the C# lexer sees it, and its length in the file.
    /// Non-ASCII characters are never delimiters and read as `0x80`.
    fn char_at(&self, pos: usize) -> Option<(u8, usize)> {
        let byte = *self.bytes.get(pos)?;
        if byte == b'&'
            && self.decode
            && let Some((decoded, length)) = entities::decode_at(&self.bytes[pos..])
        {
            let lexical = u8::try_from(decoded).ok().filter(u8::is_ascii).unwrap_or(0x80);
            return Some((lexical, length));
        }
        Some((if byte.is_ascii() { byte } else { 0x80 }, 1))
    }

    fn peek(&self) -> Option<u8> {
        self.char_at(self.pos).map(|(byte, _)| byte)
    }

    /// The character after the next one (`n` = 1) or the one after that (`n` = 2).
    fn peek_nth(&self, n: usize) -> Option<u8> {
        let mut pos = self.pos;
        for _ in 0..n {
            pos += self.char_at(pos)?.1;
        }
        self.char_at(pos).map(|(byte, _)| byte)
    }

    /// Consumes one character, appending its decoded form to `code`.
    fn bump(&mut self) {
        let Some((_, length)) = self.char_at(self.pos) else { return };
        if length > 1 {
            // An entity reference: decode it and record where the next run starts.
            let (decoded, _) = entities::decode_at(&self.bytes[self.pos..]).unwrap_or(('&', 1));
            let mut buffer = [0; 4];
            self.code.extend_from_slice(decoded.encode_utf8(&mut buffer).as_bytes());
            self.pos += length;
            self.offsets.push(self.code.len(), self.pos);
        } else {
            self.code.push(self.bytes[self.pos]);
            self.pos += 1;
        }
    }

    fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    fn span_from(&self, start: usize) -> Span {
        Span::from_range(start..self.pos.max(start))
    }

    /// Returns whether the outer bracket closed.
    fn run(&mut self) -> bool {
        // `@` and the opening bracket.
        self.bump();
        let at = self.pos;
        let closer = if self.peek() == Some(b'{') { b'}' } else { b')' };
        self.bump();
        self.push_bracket(closer, at);
        while let Some(&frame) = self.stack.last() {
            let progressed = match frame {
                Frame::Interpolated { verbatim, at } => self.interpolated_step(verbatim, at),
                Frame::Bracket { .. } | Frame::Hole => self.code_step(),
            };
            if !progressed {
                return false;
            }
        }
        true
    }

    /// One step in code. Returns `false` when scanning must stop (end of input or `</`).
    fn code_step(&mut self) -> bool {
        let Some(c) = self.peek() else { return false };
        let start = self.pos;
        match c {
            b'(' => self.open(b')'),
            b'[' => self.open(b']'),
            b'{' => self.open(b'}'),
            b')' | b']' | b'}' => self.close(c),
            b'"' => self.regular_string(),
            b'@' if self.peek_nth(1) == Some(b'"') => self.verbatim_string(),
            b'@' | b'$' if self.interpolation_prefix() > 0 => {
                let prefix = self.interpolation_prefix();
                let verbatim = prefix == 3;
                self.bump_n(prefix);
                self.stack.push(Frame::Interpolated { verbatim, at: start });
            }
            b'$' if self.peek_nth(1) == Some(b'\\') && self.peek_nth(2) == Some(b'"') => {
                self.escaped_quote(start);
                self.bump_n(3);
                self.stack.push(Frame::Interpolated { verbatim: false, at: start });
            }
            b'\'' => self.char_literal(),
            b'/' if self.peek_nth(1) == Some(b'/') => {
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.bump();
                }
            }
            b'/' if self.peek_nth(1) == Some(b'*') => self.block_comment(),
            b'<' if self.peek_nth(1) == Some(b'/') => return false,
            b'\\' if self.peek_nth(1) == Some(b'"') => {
                self.escaped_quote(start);
                self.regular_string();
            }
            b':' if matches!(self.stack.last(), Some(Frame::Hole)) => {
                // A format specifier (`{value:N2}`) runs to the end of the hole.
                while !matches!(self.peek(), None | Some(b'}' | b'\n')) {
                    self.bump();
                }
            }
            _ => self.bump(),
        }
        true
    }

    /// `$"` (2), `$@"` or `@$"` (3), or 0.
    fn interpolation_prefix(&self) -> usize {
        match (self.peek(), self.peek_nth(1), self.peek_nth(2)) {
            (Some(b'$'), Some(b'"'), _) => 2,
            (Some(b'$'), Some(b'@'), Some(b'"')) | (Some(b'@'), Some(b'$'), Some(b'"')) => 3,
            _ => 0,
        }
    }

    fn escaped_quote(&mut self, start: usize) {
        if !self.escaped_quotes {
            self.escaped_quotes = true;
            let end = start + self.char_at(start).map_or(1, |(_, length)| length) + 1;
            self.problems.push(Problem::EscapedQuote(Span::from_range(start..end)));
        }
    }

    fn open(&mut self, closer: u8) {
        let at = self.pos;
        self.bump();
        self.push_bracket(closer, at);
    }

    fn push_bracket(&mut self, closer: u8, at: usize) {
        self.stack.push(Frame::Bracket { closer, at });
        if let Some(counts) = self.open.last_mut() {
            counts[kind(closer)] += 1;
        }
    }

    fn push_hole(&mut self) {
        self.stack.push(Frame::Hole);
        self.open.push([0; 3]);
    }

    /// Pops the top frame, keeping the bracket counts in step.
    fn pop(&mut self) -> Option<Frame> {
        let frame = self.stack.pop()?;
        match frame {
            Frame::Bracket { closer, .. } => {
                if let Some(counts) = self.open.last_mut() {
                    counts[kind(closer)] -= 1;
                }
            }
            Frame::Hole => {
                self.open.pop();
            }
            Frame::Interpolated { .. } => {}
        }
        Some(frame)
    }

    fn close(&mut self, c: u8) {
        let closer_start = self.pos;
        match self.stack.last() {
            Some(Frame::Hole) if c == b'}' => {
                self.bump();
                self.pop();
                return;
            }
            Some(Frame::Bracket { closer, .. }) if *closer == c => {
                self.bump();
                self.pop();
                return;
            }
            _ => {}
        }
        self.bump();
        let closer_span = self.span_from(closer_start);
        if self.open.last().is_none_or(|counts| counts[kind(c)] == 0) {
            self.problems.push(Problem::StrayCloser(closer_span));
            return;
        }
        // Close the nearest bracket of this kind in the current segment; brackets left
        // open inside it are reported. Each frame is popped once, so this is amortised O(1).
        while let Some(frame) = self.pop() {
            match frame {
                Frame::Bracket { closer, .. } if closer == c => return,
                Frame::Bracket { at, .. } => {
                    let opener = Span::from_range(at..at + 1);
                    self.problems.push(Problem::Unclosed { opener, closer: closer_span });
                }
                other => {
                    // Unreachable while the counts are right; recover rather than panic.
                    self.stack.push(other);
                    self.problems.push(Problem::StrayCloser(closer_span));
                    return;
                }
            }
        }
    }

    fn regular_string(&mut self) {
        let start = self.pos;
        if self.peek() == Some(b'\\') {
            self.bump();
        }
        self.bump();
        self.rest_of_line_literal(start, b'"');
    }

    fn verbatim_string(&mut self) {
        let start = self.pos;
        self.bump_n(2);
        loop {
            match self.peek() {
                None => {
                    self.problems.push(Problem::UnterminatedToEnd(self.span_from(start)));
                    return;
                }
                Some(b'"') if self.peek_nth(1) == Some(b'"') => self.bump_n(2),
                Some(b'"') => {
                    self.bump();
                    return;
                }
                Some(_) => self.bump(),
            }
        }
    }

    fn char_literal(&mut self) {
        let start = self.pos;
        self.bump();
        self.rest_of_line_literal(start, b'\'');
    }

    /// The rest of a regular string or char literal after its opening delimiter: it ends
    /// at `delimiter` (backslash escapes skipped) and may not cross a line end.
    fn rest_of_line_literal(&mut self, start: usize, delimiter: u8) {
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    self.problems.push(Problem::UnterminatedLiteral(self.span_from(start)));
                    return;
                }
                Some(b'\\') if delimiter == b'"' && self.escaped_quotes && self.peek_nth(1) == Some(b'"') => {
                    self.bump_n(2);
                    return;
                }
                Some(b'\\') => self.bump_n(2),
                Some(c) if c == delimiter => {
                    self.bump();
                    return;
                }
                Some(_) => self.bump(),
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        self.bump_n(2);
        loop {
            match self.peek() {
                None => {
                    self.problems.push(Problem::UnterminatedToEnd(self.span_from(start)));
                    return;
                }
                Some(b'*') if self.peek_nth(1) == Some(b'/') => {
                    self.bump_n(2);
                    return;
                }
                Some(_) => self.bump(),
            }
        }
    }

    /// One step inside the literal part of an interpolated string.
    fn interpolated_step(&mut self, verbatim: bool, at: usize) -> bool {
        let Some(c) = self.peek() else {
            self.problems.push(Problem::UnterminatedToEnd(self.span_from(at)));
            return false;
        };
        match c {
            b'\\' if !verbatim && self.escaped_quotes && self.peek_nth(1) == Some(b'"') => {
                self.bump_n(2);
                self.pop();
            }
            b'\\' if !verbatim => self.bump_n(2),
            b'"' if verbatim && self.peek_nth(1) == Some(b'"') => self.bump_n(2),
            b'"' => {
                self.bump();
                self.pop();
            }
            b'{' if self.peek_nth(1) == Some(b'{') => self.bump_n(2),
            b'{' => {
                self.bump();
                self.push_hole();
            }
            b'}' if self.peek_nth(1) == Some(b'}') => self.bump_n(2),
            b'\n' if !verbatim => {
                self.problems.push(Problem::UnterminatedLiteral(self.span_from(at)));
                self.pop();
            }
            _ => self.bump(),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end_of(source: &str) -> Option<&str> {
        let scan = scan(source, 0, true);
        scan.expression.map(|expression| &source[..expression.span.end as usize])
    }

    #[test]
    fn balances_brackets_around_strings_chars_and_comments() {
        assert_eq!(end_of(r#"@(x == ")" && y)" />"#), Some(r#"@(x == ")" && y)"#));
        assert_eq!(end_of("@(c == ')') rest"), Some("@(c == ')')"));
        assert_eq!(end_of("@(c == '\"')\""), Some("@(c == '\"')"));
        assert_eq!(end_of("@{ // ) \"\n return 1; }\""), Some("@{ // ) \"\n return 1; }"));
        assert_eq!(end_of("@{ /* } */ return 1; } x"), Some("@{ /* } */ return 1; }"));
        assert_eq!(end_of(r#"@(@"a "") b") tail"#), Some(r#"@(@"a "") b")"#));
    }

    #[test]
    fn interpolated_strings_nest() {
        let source = r#"@($"a {(x ? "}" : $"{y:N2}")} b" + "c")" />"#;
        assert_eq!(end_of(source), Some(r#"@($"a {(x ? "}" : $"{y:N2}")} b" + "c")"#));
        assert_eq!(end_of(r#"@($@"{{ ""x"" {z} }}")!"#), Some(r#"@($@"{{ ""x"" {z} }}")"#));
    }

    #[test]
    fn entities_are_decoded_and_mapped_back() {
        let source = "@(a[&quot;)&quot;] &amp;&amp; b)\"";
        let scan = scan(source, 0, true);
        let expression = scan.expression.expect("closed");
        assert_eq!(expression.code, "@(a[\")\"] && b)");
        // `b` is at decoded offset 12 and at file offset 30.
        assert_eq!(expression.code.find('b'), Some(12));
        assert_eq!(expression.source_offset(12), 30);
        assert_eq!(&source[30..31], "b");
    }

    #[test]
    fn stops_at_an_end_tag_in_code() {
        let scan = scan("@(x </value>", 0, true);
        assert!(scan.expression.is_none());
        assert_eq!(scan.end, 4);
    }

    #[test]
    fn reports_an_escaped_quote_once() {
        let scan = scan(r#"@{ return m[\"a\"] + m[\"b\"]; }""#, 0, true);
        assert!(scan.expression.is_some());
        assert_eq!(scan.problems, vec![Problem::EscapedQuote(Span::new(12, 14))]);
    }
}
