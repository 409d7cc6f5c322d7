//! The tolerant reader: policy text to a lossless [`Document`] plus diagnostics.
//!
//! It never stops at the first problem: a malformed tag, a broken expression or a missing
//! end tag is reported and reading goes on, so every problem in a file is found in one
//! run. It allocates no recursion: open elements live on an explicit stack.

use apim_diagnostics::Diagnostic;
use apim_text::Span;

use crate::codes;
use crate::entities;
use crate::scanner::{self, Problem};
use crate::tree::{Attribute, CData, Comment, Content, Document, Element, Node, Quote, Text, Value};

/// Elements nested deeper than this are flattened (real policies nest under 20 levels).
pub const MAX_DEPTH: usize = 256;
/// After this many diagnostics in one file, the rest are summarised in one line.
pub const MAX_DIAGNOSTICS: usize = 200;
/// Expressions that never end are scanned to the end of the file (or of the code), and
/// the reader then resumes just after their start, so failed scans overlap. Their total
/// length is capped at this many times the file size; past it, later `@(` are read as
/// plain XML, so even a document full of broken expressions is read in linear time.
/// Successful scans never overlap and need no cap.
const FAILED_SCAN_BUDGET_FACTOR: usize = 8;

/// The tree and every problem found while reading it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    #[must_use]
    pub fn has_errors(&self) -> bool {
        apim_diagnostics::has_errors(&self.diagnostics)
    }
}

/// Reads a policy document.
#[must_use]
pub fn parse(source: &str) -> Parsed {
    if u32::try_from(source.len()).is_err() {
        let diagnostic = Diagnostic::error(codes::FILE_TOO_LARGE, "the file is larger than 4 GiB")
            .with_help("split the policy; APIM limits policy documents to far less");
        return Parsed { document: Document { bom: false, nodes: Vec::new() }, diagnostics: vec![diagnostic] };
    }
    let bom = source.starts_with('\u{feff}');
    let mut reader = Reader {
        src: source,
        bytes: source.as_bytes(),
        pos: if bom { 3 } else { 0 },
        stack: Vec::new(),
        top: Vec::new(),
        diagnostics: Vec::new(),
        suppressed: 0,
        depth_reported: false,
        failed_scan_bytes: 0,
        scanning_stopped: false,
    };
    reader.run();
    let mut diagnostics = reader.diagnostics;
    if reader.suppressed > 0 {
        diagnostics.push(
            Diagnostic::error(
                codes::TOO_MANY_ERRORS,
                format!("{} more problems were found and not listed", reader.suppressed),
            )
            .with_primary(Span::empty_at(0), "the first ones are listed above")
            .with_help("fix the problems above and run again"),
        );
    }
    apim_diagnostics::sort_and_dedup(&mut diagnostics);
    Parsed { document: Document { bom, nodes: reader.top }, diagnostics }
}

struct Reader<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Elements whose end tag has not been read yet.
    stack: Vec<Element>,
    /// Finished top-level nodes.
    top: Vec<Node>,
    diagnostics: Vec<Diagnostic>,
    suppressed: usize,
    depth_reported: bool,
    /// Bytes read by expression scans that found no end.
    failed_scan_bytes: usize,
    /// The failed-scan budget is spent: `@(` is plain text from here on.
    scanning_stopped: bool,
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte == b':' || !byte.is_ascii()
}

fn is_name_char(byte: u8) -> bool {
    is_name_start(byte) || byte.is_ascii_digit() || byte == b'-' || byte == b'.'
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Reader<'a> {
    fn report(&mut self, diagnostic: Diagnostic) {
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        } else {
            self.suppressed += 1;
        }
    }

    fn span(start: usize, end: usize) -> Span {
        Span::from_range(start..end)
    }

    fn starts_with(&self, prefix: &str) -> bool {
        self.bytes[self.pos..].starts_with(prefix.as_bytes())
    }

    /// The offset of `needle` at or after `from`.
    fn find(&self, from: usize, needle: &str) -> Option<usize> {
        self.src.get(from..)?.find(needle).map(|index| index + from)
    }

    fn skip_space(&mut self) {
        while self.pos < self.bytes.len() && is_space(self.bytes[self.pos]) {
            self.pos += 1;
        }
    }

    fn read_name(&mut self) -> (String, Span) {
        let start = self.pos;
        while self.pos < self.bytes.len() && is_name_char(self.bytes[self.pos]) {
            self.pos += 1;
        }
        (self.src[start..self.pos].to_owned(), Self::span(start, self.pos))
    }

    /// Whether an expression starts at `pos`, unless scanning has stopped (see
    /// [`FAILED_SCAN_BUDGET_FACTOR`]).
    fn expression_at(&self, pos: usize) -> bool {
        !self.scanning_stopped && scanner::starts_expression(&self.bytes[pos..])
    }

    /// Charges a failed scan to the budget; says so once scanning stops.
    fn charge_failed_scan(&mut self, opener: Span, end: usize) {
        self.failed_scan_bytes += end.saturating_sub(opener.start as usize);
        if !self.scanning_stopped && self.failed_scan_bytes > FAILED_SCAN_BUDGET_FACTOR * self.bytes.len() {
            self.scanning_stopped = true;
            self.report(
                Diagnostic::warning(
                    codes::EXPRESSION_SCANNING_STOPPED,
                    "too many expressions here never end; later ones are read as plain text",
                )
                .with_primary(opener, "the last one read starts here")
                .with_help("fix the unterminated expressions above and run again"),
            );
        }
    }

    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.top.push(node),
        }
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'<' {
                self.markup();
            } else {
                self.text();
            }
        }
        while let Some(mut element) = self.stack.pop() {
            element.span.end = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
            self.report(
                Diagnostic::error(codes::UNCLOSED_ELEMENT, format!("`<{}>` is never closed", element.name))
                    .with_primary(element.start_tag, "opened here")
                    .with_help(format!("add `</{}>` where the element ends", element.name)),
            );
            self.attach(Node::Element(element));
        }
        self.check_roots();
    }

    fn check_roots(&mut self) {
        let mut roots = self.top.iter().filter_map(Node::as_element);
        let first = roots.next().map(|root| root.start_tag);
        let extra: Vec<Span> = roots.map(|root| root.start_tag).collect();
        match first {
            None => {
                let start = if self.src.starts_with('\u{feff}') { 3 } else { 0 };
                let first = self.src[start..].chars().next().map_or(0, char::len_utf8);
                self.report(
                    Diagnostic::error(codes::NO_ROOT, "the document has no root element")
                        .with_primary(Self::span(start, start + first), "expected `<policies>` or `<fragment>`")
                        .with_help(
                            "wrap the policies in `<policies>` (a policy document) or `<fragment>` (a policy fragment)",
                        ),
                );
            }
            Some(first) => {
                for span in extra {
                    self.report(
                        Diagnostic::error(codes::MULTIPLE_ROOTS, "a document has exactly one root element")
                            .with_primary(span, "a second root element")
                            .with_secondary(first, "the root element")
                            .with_help("move this element inside the root element"),
                    );
                }
            }
        }
    }

    fn markup(&mut self) {
        if self.starts_with("<!--") {
            self.comment();
        } else if self.starts_with("<![CDATA[") {
            self.cdata();
        } else if self.starts_with("<?") {
            self.delimited("<?", "?>", "processing instruction", Node::ProcessingInstruction);
        } else if self.starts_with("<!") {
            let start = self.pos;
            self.delimited("<!", ">", "declaration", Node::Doctype);
            self.report(
                Diagnostic::error(codes::DOCTYPE, "a document type declaration is not allowed in a policy")
                    .with_primary(Self::span(start, self.pos), "here")
                    .with_help("remove the declaration; policies use no DTD"),
            );
        } else if self.starts_with("</") {
            self.end_tag();
        } else if self.bytes.get(self.pos + 1).copied().is_some_and(is_name_start) {
            self.start_tag();
        } else {
            let start = self.pos;
            self.pos += 1;
            self.report(
                Diagnostic::error(codes::RAW_LESS_THAN, "`<` does not start a tag here")
                    .with_primary(Self::span(start, self.pos), "stray `<`")
                    .with_help("write `&lt;` for a literal `<`"),
            );
            let span = Self::span(start, self.pos);
            self.attach(Node::Text(Text { span, value: Value { span, content: Content::Literal("<".into()) } }));
        }
    }

    /// Reads `open ... close` as one node; an unterminated one runs to the end of the file.
    fn delimited(&mut self, open: &str, close: &str, what: &str, node: fn(Span) -> Node) {
        let start = self.pos;
        if let Some(end) = self.find(start + open.len(), close) {
            self.pos = end + close.len();
        } else {
            self.pos = self.bytes.len();
            self.report(
                Diagnostic::error(codes::UNTERMINATED_MARKUP, format!("this {what} is never closed"))
                    .with_primary(Self::span(start, start + open.len()), "starts here")
                    .with_help(format!("end it with `{close}`")),
            );
        }
        self.attach(node(Self::span(start, self.pos)));
    }

    fn comment(&mut self) {
        let start = self.pos;
        let (text_end, end) = if let Some(end) = self.find(start + 4, "-->") {
            (end, end + 3)
        } else {
            self.report(
                Diagnostic::error(codes::UNTERMINATED_MARKUP, "this comment is never closed")
                    .with_primary(Self::span(start, start + 4), "starts here")
                    .with_help("end the comment with `-->`"),
            );
            (self.bytes.len(), self.bytes.len())
        };
        self.pos = end;
        let comment = Comment { span: Self::span(start, end), text: Self::span(start + 4, text_end) };
        self.attach(Node::Comment(comment));
    }

    fn cdata(&mut self) {
        let start = self.pos;
        let content_start = start + "<![CDATA[".len();
        let (content_end, end) = if let Some(end) = self.find(content_start, "]]>") {
            (end, end + 3)
        } else {
            self.report(
                Diagnostic::error(codes::UNTERMINATED_MARKUP, "this CDATA section is never closed")
                    .with_primary(Self::span(start, content_start), "starts here")
                    .with_help("end the section with `]]>`"),
            );
            (self.bytes.len(), self.bytes.len())
        };
        self.pos = end;
        let raw = &self.src[content_start..content_end];
        let span = Self::span(content_start, content_end);
        let trimmed_start = content_start + (raw.len() - raw.trim_start().len());
        let mut content = Content::Literal(raw.to_owned());
        if !self.scanning_stopped && scanner::starts_expression(&self.bytes[trimmed_start..content_end]) {
            let scan = scanner::scan(&self.src[..content_end], trimmed_start, false);
            self.report_problems(&scan.problems);
            match scan.expression {
                Some(expression) => {
                    self.check_trailing(scan.end, content_end, expression.span);
                    content = Content::Expression(expression);
                }
                None => {
                    self.report_unterminated(scan.opener);
                    self.charge_failed_scan(scan.opener, scan.end);
                }
            }
        }
        let cdata = CData { span: Self::span(start, end), value: Value { span, content } };
        self.attach(Node::CData(cdata));
    }

    fn text(&mut self) {
        let start = self.pos;
        let first_visible = self.bytes[start..]
            .iter()
            .position(|&byte| !is_space(byte))
            .map_or(self.bytes.len(), |index| index + start);
        let in_element = !self.stack.is_empty();
        if in_element && self.expression_at(first_visible) {
            self.expression_text(start, first_visible);
            return;
        }
        let end = self.find(start, "<").unwrap_or(self.bytes.len());
        self.pos = end;
        let raw = &self.src[start..end];
        let decoded = self.decode_reporting(raw, start);
        let span = Self::span(start, end);
        if !in_element && !decoded.trim().is_empty() {
            self.report(
                Diagnostic::error(codes::TEXT_OUTSIDE_ROOT, "text outside the root element")
                    .with_primary(Self::span(first_visible, end), "not inside any element")
                    .with_help("remove the text, or put it in a comment `<!-- ... -->`"),
            );
        }
        self.attach(Node::Text(Text { span, value: Value { span, content: Content::Literal(decoded) } }));
    }

    /// A text run whose first visible characters start an expression.
    fn expression_text(&mut self, start: usize, at: usize) {
        let scan = scanner::scan(self.src, at, true);
        self.report_problems(&scan.problems);
        let content = match scan.expression {
            Some(expression) => {
                let end = self.find(scan.end, "<").unwrap_or(self.bytes.len());
                self.check_trailing(scan.end, end, expression.span);
                self.pos = end;
                Content::Expression(expression)
            }
            None => {
                self.report_unterminated(scan.opener);
                self.charge_failed_scan(scan.opener, scan.end);
                // Read the rest as XML would: up to the next `<`.
                self.pos = self.find(at, "<").unwrap_or(self.bytes.len());
                Content::Literal(self.src[start..self.pos].to_owned())
            }
        };
        let span = Self::span(start, self.pos);
        self.attach(Node::Text(Text { span, value: Value { span, content } }));
    }

    /// Reports anything but whitespace between an expression's end and `end`.
    fn check_trailing(&mut self, from: usize, end: usize, expression: Span) {
        let trailing = &self.src[from..end];
        if let Some(offset) = trailing.find(|c: char| !c.is_ascii_whitespace()) {
            // XML whitespace is ASCII; a no-break space is text.
            let visible = trailing.trim_end_matches(|c: char| c.is_ascii_whitespace());
            self.report(
                Diagnostic::error(codes::TEXT_AFTER_EXPRESSION, "text after the end of the expression")
                    .with_primary(Self::span(from + offset, from + visible.len()), "not part of the expression")
                    .with_secondary(expression, "the expression ends here")
                    .with_help(
                        "move the text inside the expression, or check its brackets: an expression is the whole value",
                    ),
            );
        }
    }

    fn report_unterminated(&mut self, opener: Span) {
        let closer = if self.bytes.get(opener.start as usize + 1) == Some(&b'{') { '}' } else { ')' };
        self.report(
            Diagnostic::error(codes::UNTERMINATED_EXPRESSION, "this policy expression never ends")
                .with_primary(opener, format!("no matching `{closer}` for this bracket"))
                .with_help(format!(
                    "close the expression with `{closer}`; check brackets, quotes and comments inside it"
                )),
        );
    }

    fn report_problems(&mut self, problems: &[Problem]) {
        for problem in problems {
            let diagnostic = match problem {
                Problem::EscapedQuote(span) => Diagnostic::error(
                    codes::ESCAPED_QUOTE_IN_EXPRESSION,
                    "`\\\"` is not an escape in a policy expression",
                )
                .with_primary(*span, "backslash before a quote")
                .with_help("write the quote as is (`\"`) or as `&quot;`; APIM reads raw quotes inside expressions"),
                Problem::UnterminatedLiteral(span) => Diagnostic::error(
                    codes::UNTERMINATED_LITERAL,
                    "a string or character literal in this expression runs to the end of the line",
                )
                .with_primary(Span::new(span.start, span.start.saturating_add(1).min(span.end.max(span.start + 1))), "starts here")
                .with_help("close the literal on the same line, or use a verbatim string `@\"...\"` for text over several lines"),
                Problem::UnterminatedToEnd(span) => Diagnostic::error(
                    codes::UNTERMINATED_LITERAL,
                    "a string or comment in this expression never ends",
                )
                .with_primary(Span::new(span.start, span.start + 1), "starts here")
                .with_help("close the string with `\"` or the comment with `*/`"),
                Problem::StrayCloser(span) => Diagnostic::error(
                    codes::MISMATCHED_BRACKET,
                    "this closing bracket matches no opening bracket",
                )
                .with_primary(*span, "unmatched")
                .with_help("remove it, or add the opening bracket it closes"),
                Problem::Unclosed { opener, closer } => Diagnostic::error(
                    codes::MISMATCHED_BRACKET,
                    "a bracket in this expression is not closed before an outer one",
                )
                .with_primary(*opener, "opened here")
                .with_secondary(*closer, "an outer bracket closes here")
                .with_help("add the missing closing bracket"),
            };
            self.report(diagnostic);
        }
    }

    /// Decodes entity references, reporting each `&` that starts none.
    fn decode_reporting(&mut self, raw: &str, offset: usize) -> String {
        let (decoded, invalid) = entities::decode(raw);
        for index in invalid {
            let at = offset + index;
            self.report(
                Diagnostic::error(codes::INVALID_ENTITY, "`&` must start an entity reference here")
                    .with_primary(Self::span(at, at + 1), "a bare `&`")
                    .with_help("write `&amp;` for a literal `&` (inside a policy expression a raw `&` is fine)"),
            );
        }
        decoded
    }

    fn end_tag(&mut self) {
        let start = self.pos;
        self.pos += 2;
        let (name, name_span) = self.read_name();
        self.skip_space();
        if self.bytes.get(self.pos) == Some(&b'>') {
            self.pos += 1;
        } else {
            self.report(
                Diagnostic::error(codes::MALFORMED_TAG, format!("the end tag `</{name}` is not closed with `>`"))
                    .with_primary(Self::span(start, self.pos), "here")
                    .with_help("end the tag with `>`"),
            );
            // Resume at the next tag.
            self.pos = self.find(self.pos, "<").unwrap_or(self.bytes.len());
        }
        let end_tag = Self::span(start, self.pos);
        let Some(index) = self.stack.iter().rposition(|element| element.name == name) else {
            let message = if name.is_empty() {
                "an end tag without a name".to_owned()
            } else {
                format!("`</{name}>` closes no open element")
            };
            let mut diagnostic =
                Diagnostic::error(codes::UNEXPECTED_END_TAG, message).with_primary(end_tag, "unexpected");
            diagnostic = match self.stack.last() {
                Some(open) => diagnostic
                    .with_secondary(open.name_span, "the innermost open element")
                    .with_help(format!("remove it, or did you mean `</{}>`?", open.name)),
                None => diagnostic.with_help("remove it"),
            };
            self.report(diagnostic);
            let _ = name_span;
            return;
        };
        while self.stack.len() > index + 1 {
            let Some(mut unclosed) = self.stack.pop() else { break };
            unclosed.span.end = end_tag.start;
            self.report(
                Diagnostic::error(codes::UNCLOSED_ELEMENT, format!("`<{}>` is not closed", unclosed.name))
                    .with_primary(unclosed.start_tag, "opened here")
                    .with_secondary(end_tag, format!("the enclosing `<{name}>` ends here"))
                    .with_help(format!("add `</{}>`, or make it self-closing with `/>`", unclosed.name)),
            );
            self.attach(Node::Element(unclosed));
        }
        if let Some(mut element) = self.stack.pop() {
            element.end_tag = Some(end_tag);
            element.span.end = end_tag.end;
            self.attach(Node::Element(element));
        }
    }

    fn start_tag(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let (name, name_span) = self.read_name();
        let mut attributes: Vec<Attribute> = Vec::new();
        // Names seen, by index, once a tag has many attributes (keeps huge tags linear).
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut self_closing = false;
        loop {
            self.skip_space();
            let Some(&byte) = self.bytes.get(self.pos) else {
                self.report(
                    Diagnostic::error(codes::MALFORMED_TAG, format!("the tag `<{name}` is not closed with `>`"))
                        .with_primary(name_span, "this tag")
                        .with_help("end the tag with `>` or `/>`"),
                );
                break;
            };
            match byte {
                b'>' => {
                    self.pos += 1;
                    break;
                }
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    self_closing = true;
                    break;
                }
                b'<' => {
                    self.report(
                        Diagnostic::error(codes::MALFORMED_TAG, format!("the tag `<{name}` is not closed with `>`"))
                            .with_primary(Self::span(self.pos, self.pos + 1), "a new tag starts before this one ends")
                            .with_help("end the tag with `>` or `/>`"),
                    );
                    break;
                }
                byte if is_name_start(byte) => {
                    if let Some(attribute) = self.attribute() {
                        let first = if attributes.len() < 16 {
                            attributes.iter().position(|existing| existing.name == attribute.name)
                        } else {
                            if seen.is_empty() {
                                // First occurrences win: insert in reverse so earlier ones overwrite.
                                seen.extend(attributes.iter().enumerate().rev().map(|(i, a)| (a.name.clone(), i)));
                            }
                            let first = seen.get(&attribute.name).copied();
                            seen.entry(attribute.name.clone()).or_insert(attributes.len());
                            first
                        };
                        if let Some(first) = first.map(|index| &attributes[index]) {
                            let first_span = first.name_span;
                            self.report(
                                Diagnostic::error(
                                    codes::DUPLICATE_ATTRIBUTE,
                                    format!("the attribute `{}` is given twice", attribute.name),
                                )
                                .with_primary(attribute.name_span, "again here")
                                .with_secondary(first_span, "first given here")
                                .with_help("remove one of them"),
                            );
                        }
                        attributes.push(attribute);
                    }
                }
                _ => {
                    let at = self.pos;
                    let length = self.src[at..].chars().next().map_or(1, char::len_utf8);
                    self.pos += length;
                    self.report(
                        Diagnostic::error(codes::MALFORMED_TAG, format!("unexpected character in the tag `<{name}>`"))
                            .with_primary(Self::span(at, at + length), "not an attribute")
                            .with_help("attributes are written `name=\"value\"`"),
                    );
                }
            }
        }
        let start_tag = Self::span(start, self.pos);
        let mut element = Element {
            name,
            name_span,
            span: start_tag,
            start_tag,
            end_tag: None,
            self_closing,
            attributes,
            children: Vec::new(),
        };
        if self_closing {
            self.attach(Node::Element(element));
        } else if self.stack.len() >= MAX_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                self.report(
                    Diagnostic::error(
                        codes::NESTING_TOO_DEEP,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    )
                    .with_primary(element.name_span, "too deep")
                    .with_help("flatten the document; APIM policies nest a few levels"),
                );
            }
            element.self_closing = false;
            self.attach(Node::Element(element));
        } else {
            self.stack.push(element);
        }
    }

    /// Reads `name = "value"` at a name start character.
    fn attribute(&mut self) -> Option<Attribute> {
        let (name, name_span) = self.read_name();
        self.skip_space();
        if self.bytes.get(self.pos) != Some(&b'=') {
            self.report(
                Diagnostic::error(codes::MALFORMED_ATTRIBUTE, format!("the attribute `{name}` has no value"))
                    .with_primary(name_span, "expected `=` and a quoted value")
                    .with_help(format!("write `{name}=\"...\"`")),
            );
            return None;
        }
        self.pos += 1;
        self.skip_space();
        let quote = match self.bytes.get(self.pos) {
            Some(b'"') => Quote::Double,
            Some(b'\'') => Quote::Single,
            _ => return Some(self.unquoted_attribute(name, name_span)),
        };
        let quote_byte = self.bytes[self.pos];
        self.pos += 1;
        let value_start = self.pos;
        let value = if self.expression_at(value_start) {
            self.expression_value(value_start, quote_byte)
        } else {
            self.literal_value(value_start, quote_byte)
        };
        Some(Attribute { name, name_span, span: Self::span(name_span.start as usize, self.pos), quote, value })
    }

    fn unquoted_attribute(&mut self, name: String, name_span: Span) -> Attribute {
        let start = self.pos;
        while self.pos < self.bytes.len()
            && !is_space(self.bytes[self.pos])
            && self.bytes[self.pos] != b'>'
            && !self.starts_with("/>")
        {
            self.pos += 1;
        }
        self.report(
            Diagnostic::error(codes::MALFORMED_ATTRIBUTE, format!("the value of `{name}` is not quoted"))
                .with_primary(Self::span(start, self.pos.max(start + 1).min(self.bytes.len())), "unquoted")
                .with_help("put the value in double quotes"),
        );
        let span = Self::span(start, self.pos);
        let content = Content::Literal(self.src[start..self.pos].to_owned());
        Attribute {
            name,
            name_span,
            span: Self::span(name_span.start as usize, self.pos),
            quote: Quote::None,
            value: Value { span, content },
        }
    }

    /// The end of a literal attribute value: its closing quote, or (unterminated) the next `>`.
    fn literal_end(&mut self, value_start: usize, quote: u8) -> (usize, usize) {
        if let Some(index) = self.bytes[value_start..].iter().position(|&byte| byte == quote) {
            let end = value_start + index;
            return (end, end + 1);
        }
        let end = self.find(value_start, ">").unwrap_or(self.bytes.len());
        self.report(
            Diagnostic::error(codes::UNTERMINATED_ATTRIBUTE_VALUE, "this attribute value is never closed")
                .with_primary(Self::span(value_start - 1, value_start), "the value starts here")
                .with_help(format!("close the value with `{}`", char::from(quote))),
        );
        (end, end)
    }

    fn literal_value(&mut self, value_start: usize, quote: u8) -> Value {
        let (end, resume) = self.literal_end(value_start, quote);
        self.pos = resume;
        let raw = &self.src[value_start..end];
        if let Some(index) = raw.find('<') {
            let at = value_start + index;
            self.report(
                Diagnostic::error(codes::RAW_LESS_THAN, "`<` is not allowed in an attribute value")
                    .with_primary(Self::span(at, at + 1), "raw `<`")
                    .with_help("write `&lt;`, or make the value a policy expression `@(...)`"),
            );
        }
        let decoded = self.decode_reporting(raw, value_start);
        let span = Self::span(value_start, end);
        Value { span, content: Content::Literal(decoded) }
    }

    fn expression_value(&mut self, value_start: usize, quote: u8) -> Value {
        let scan = scanner::scan(self.src, value_start, true);
        self.report_problems(&scan.problems);
        let Some(expression) = scan.expression else {
            self.report_unterminated(scan.opener);
            self.charge_failed_scan(scan.opener, scan.end);
            // Fall back to the XML rule: the value ends at the next quote.
            let (end, resume) = self.literal_end(value_start, quote);
            self.pos = resume;
            let span = Self::span(value_start, end);
            return Value { span, content: Content::Literal(self.src[value_start..end].to_owned()) };
        };
        let mut end = scan.end;
        while end < self.bytes.len() && is_space(self.bytes[end]) && self.bytes[end] != quote {
            end += 1;
        }
        if self.bytes.get(end) == Some(&quote) {
            self.pos = end + 1;
        } else {
            let (quote_at, resume) = self.literal_end(scan.end, quote);
            self.check_trailing(scan.end, quote_at, expression.span);
            end = quote_at;
            self.pos = resume;
        }
        Value { span: Self::span(value_start, end), content: Content::Expression(expression) }
    }
}
