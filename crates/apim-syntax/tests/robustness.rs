//! The reader on bad input: it never panics, never hangs, keeps every span inside the
//! input and on character boundaries, and reports at least one error for input that is
//! not a valid document.
//!
//! Hangs are guarded against by keeping every input bounded: each test must simply
//! finish in ordinary `cargo test` time (there are no timing assertions).

use std::sync::LazyLock;

use apim_corpus::CorpusFile;
use apim_diagnostics::Severity;
use apim_syntax::tree::{Content, Node, Value};
use apim_syntax::{Parsed, codes};
use apim_text::Span;
use proptest::prelude::*;

static DOCUMENTS: LazyLock<Vec<CorpusFile>> = LazyLock::new(apim_corpus::real_documents);

// ---------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------

/// Why `span` is not a valid span of `source`, if it is not.
fn span_problem(span: Span, source: &str) -> Option<String> {
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end {
        Some(format!("{start}..{end} is reversed"))
    } else if end > source.len() {
        Some(format!("{start}..{end} ends past the input ({} bytes)", source.len()))
    } else if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
        Some(format!("{start}..{end} splits a character"))
    } else {
        None
    }
}

fn check_span(span: Span, source: &str, what: &str, problems: &mut Vec<String>) {
    if let Some(problem) = span_problem(span, source) {
        problems.push(format!("{what}: {problem}"));
    }
}

fn check_value(value: &Value, source: &str, what: &str, problems: &mut Vec<String>) {
    check_span(value.span, source, what, problems);
    if let Content::Expression(expression) = &value.content {
        check_span(expression.span, source, &format!("{what} expression"), problems);
        // Every decoded offset maps back into the input.
        for offset in [0, expression.code.len()] {
            let mapped = expression.source_offset(offset) as usize;
            if mapped > source.len() {
                problems.push(format!("{what} expression: code offset {offset} maps to {mapped}, past the input"));
            }
        }
    }
}

/// Walks the nodes with an explicit stack: the tree of an adversarial input can be deep.
fn check_nodes(nodes: &[Node], source: &str, problems: &mut Vec<String>) {
    let mut pending: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(node) = pending.pop() {
        check_span(node.span(), source, "node", problems);
        match node {
            Node::Element(element) => {
                let what = format!("<{}>", element.name);
                check_span(element.name_span, source, &format!("{what} name"), problems);
                check_span(element.start_tag, source, &format!("{what} start tag"), problems);
                if let Some(end_tag) = element.end_tag {
                    check_span(end_tag, source, &format!("{what} end tag"), problems);
                }
                for attribute in &element.attributes {
                    let what = format!("{what} @{}", attribute.name);
                    check_span(attribute.span, source, &what, problems);
                    check_span(attribute.name_span, source, &format!("{what} name"), problems);
                    check_value(&attribute.value, source, &format!("{what} value"), problems);
                }
                pending.extend(element.children.iter().rev());
            }
            Node::Text(text) => check_value(&text.value, source, "text", problems),
            Node::CData(cdata) => check_value(&cdata.value, source, "CDATA", problems),
            Node::Comment(comment) => check_span(comment.text, source, "comment text", problems),
            Node::ProcessingInstruction(_) | Node::Doctype(_) => {}
        }
    }
}

/// Every diagnostic label and every tree span lies inside `source` on char boundaries.
fn span_problems(parsed: &Parsed, source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for diagnostic in &parsed.diagnostics {
        check_span(diagnostic.primary_span(), source, &format!("{diagnostic} (primary)"), &mut problems);
        for label in diagnostic.labels() {
            check_span(label.span, source, &format!("{diagnostic} (label)"), &mut problems);
        }
    }
    check_nodes(&parsed.document.nodes, source, &mut problems);
    problems
}

/// Parses and checks the span invariants, panicking with the input's context on failure.
fn parse_checked(source: &str, context: &str) -> Parsed {
    let parsed = apim_syntax::parse(source);
    let problems = span_problems(&parsed, source);
    assert!(problems.is_empty(), "{context}: bad spans:\n{}", problems.join("\n"));
    parsed
}

fn errors(parsed: &Parsed) -> usize {
    parsed.diagnostics.iter().filter(|diagnostic| diagnostic.severity() == Severity::Error).count()
}

fn has_code(parsed: &Parsed, code: apim_diagnostics::Code) -> bool {
    parsed.diagnostics.iter().any(|diagnostic| diagnostic.code() == code)
}

fn codes_of(parsed: &Parsed) -> Vec<&'static str> {
    parsed.diagnostics.iter().map(|diagnostic| diagnostic.code().code).collect()
}

/// The largest char boundary at or before `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

// ---------------------------------------------------------------------------------------
// 1. Truncated corpus documents
// ---------------------------------------------------------------------------------------

const EVEN_CUTS: usize = 40;
const MAX_CUTS: usize = 200;
const CUT_AFTER: &[&str] = &["@(", "@{", "\"", "<", "&"];

/// Where to cut `text`: evenly spaced points plus points right after each token that
/// opens something (`@(`, `"`, `<`, ...), at most [`MAX_CUTS`], all on char boundaries.
fn cut_points(text: &str) -> Vec<usize> {
    let mut special: Vec<usize> =
        CUT_AFTER.iter().flat_map(|token| text.match_indices(token).map(|(at, token)| at + token.len())).collect();
    special.sort_unstable();
    special.dedup();
    let budget = MAX_CUTS - EVEN_CUTS;
    if special.len() > budget {
        let step = special.len() as f64 / budget as f64;
        special = (0..budget).map(|index| special[(index as f64 * step) as usize]).collect();
    }
    let mut cuts: Vec<usize> =
        (0..EVEN_CUTS).map(|index| floor_boundary(text, index * text.len() / EVEN_CUTS)).collect();
    cuts.extend(special);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_corpus_documents_never_panic_and_report_the_missing_end_tag() {
    let mut parses = 0;
    let mut silent = Vec::new();
    for file in DOCUMENTS.iter() {
        let full = apim_syntax::parse(&file.text);
        let root = full.document.root().unwrap_or_else(|| panic!("{}: no root", file.name));
        let root_end = root.end_tag.unwrap_or_else(|| panic!("{}: root not closed", file.name)).end as usize;
        for cut in cut_points(&file.text) {
            let prefix = &file.text[..cut];
            let parsed = parse_checked(prefix, &format!("{} cut at {cut}", file.name));
            parses += 1;
            if cut < root_end && !parsed.has_errors() {
                silent.push(format!("{} cut at byte {cut} (root ends at {root_end})", file.name));
            }
        }
    }
    assert!(silent.is_empty(), "truncated documents read without an error:\n{}", silent.join("\n"));
    if !DOCUMENTS.is_empty() {
        assert!(parses > DOCUMENTS.len() * EVEN_CUTS / 2, "only {parses} prefixes were read");
    }
}

#[test]
fn cut_points_are_bounded_and_on_char_boundaries() {
    let text = "<policies>é@(a)&amp;\"ü\"</policies>".repeat(50);
    let cuts = cut_points(&text);
    assert!(cuts.len() <= MAX_CUTS);
    assert!(cuts.iter().all(|&cut| text.is_char_boundary(cut)));
    assert_eq!(cut_points(""), vec![0]);
}

// ---------------------------------------------------------------------------------------
// 2. Random mutations of corpus documents
// ---------------------------------------------------------------------------------------

/// Characters that matter to the reader or the expression scanner.
const SPECIAL: &[char] = &['<', '>', '"', '\'', '&', '@', '(', ')', '{', '}', '/', ';', '\n'];

#[derive(Debug, Clone)]
enum Mutation {
    /// Positions are taken modulo the length of the text at the time.
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    /// Copies `length` chars from the position and inserts the copy right after them.
    Duplicate(usize, usize),
}

fn any_replacement() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(SPECIAL),
        1 => any::<char>(),
        1 => prop::sample::select(&['\u{a0}', '\u{feff}', 'é', '€', '😀', '\t', '\r', '-', '!', '?', '[', ']', '$', '\\', ':'][..]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), prop::sample::select(SPECIAL)).prop_map(|(at, c)| Mutation::Insert(at, c)),
        (any::<usize>(), any_replacement()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        (any::<usize>(), 1..64usize).prop_map(|(at, length)| Mutation::Duplicate(at, length)),
    ]
}

/// Applies the mutations to the chars of `text`, so the result is always valid UTF-8.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for mutation in mutations {
        match *mutation {
            Mutation::Delete(at) => {
                if !chars.is_empty() {
                    chars.remove(at % chars.len());
                }
            }
            Mutation::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Mutation::Replace(at, c) => {
                if !chars.is_empty() {
                    let at = at % chars.len();
                    chars[at] = c;
                }
            }
            Mutation::Duplicate(at, length) => {
                if !chars.is_empty() {
                    let start = at % chars.len();
                    let end = (start + length).min(chars.len());
                    let copy: Vec<char> = chars[start..end].to_vec();
                    chars.splice(end..end, copy);
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_documents_never_panic_and_keep_spans_in_bounds(
        document in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..=5),
    ) {
        if DOCUMENTS.is_empty() {
            return Ok(());
        }
        let file = &DOCUMENTS[document % DOCUMENTS.len()];
        let text = mutate(&file.text, &mutations);
        let parsed = apim_syntax::parse(&text);
        let problems = span_problems(&parsed, &text);
        prop_assert!(problems.is_empty(), "{} mutated by {:?}: bad spans:\n{}", file.name, mutations, problems.join("\n"));
        // The printer behind `apim fmt` must not panic either, and stays lossless.
        if let Err(apim_syntax::FormatError::NotLossless(message)) = apim_syntax::format(&text) {
            prop_assert!(false, "{} mutated by {:?}: fmt is not lossless: {}", file.name, mutations, message);
        }
    }
}

#[test]
fn mutations_keep_text_valid_and_apply() {
    let text = "aé😀b";
    assert_eq!(mutate(text, &[Mutation::Delete(0)]), "é😀b");
    assert_eq!(mutate(text, &[Mutation::Replace(1, '<')]), "a<😀b");
    assert_eq!(mutate(text, &[Mutation::Duplicate(1, 2)]), "aé😀é😀b");
    assert_eq!(mutate("", &[Mutation::Insert(7, '&')]), "&");
}

#[test]
fn seed_snippets_never_panic_and_keep_spans_in_bounds() {
    for file in apim_corpus::seed_snippets() {
        let _ = parse_checked(&file.text, &file.name);
    }
}

// ---------------------------------------------------------------------------------------
// 3. Adversarial inputs
// ---------------------------------------------------------------------------------------

/// `<policies><inbound><set-variable name="x" value="VALUE" /></inbound></policies>`
fn with_attribute(value: &str) -> String {
    format!("<policies><inbound><set-variable name=\"x\" value=\"{value}\" /></inbound></policies>")
}

#[test]
fn deep_nesting_is_flattened_without_overflowing_the_stack() {
    const DEPTH: usize = 100_000;
    let open = "<a>".repeat(DEPTH);
    let close = "</a>".repeat(DEPTH);
    for source in [open.clone(), format!("{open}{close}")] {
        let parsed = parse_checked(&source, "deep nesting");
        assert!(has_code(&parsed, codes::NESTING_TOO_DEEP), "{:?}", codes_of(&parsed));
        assert!(parsed.has_errors());
        // Dropping (and cloning) the deepest possible tree must not overflow either.
        drop(parsed.clone());
    }
}

#[test]
fn nesting_at_the_limit_is_fine() {
    let depth = apim_syntax::MAX_DEPTH;
    let source = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let parsed = parse_checked(&source, "nesting at the limit");
    assert!(parsed.diagnostics.is_empty(), "{:?}", codes_of(&parsed));
    let source = format!("{}{}", "<a>".repeat(depth + 1), "</a>".repeat(depth + 1));
    let parsed = parse_checked(&source, "nesting past the limit");
    assert!(has_code(&parsed, codes::NESTING_TOO_DEEP), "{:?}", codes_of(&parsed));
}

#[test]
fn a_megabyte_of_expression_openers_in_an_attribute() {
    let openers = "@(".repeat(512 * 1024);
    let parsed = parse_checked(&with_attribute(&openers), "1 MB of `@(`");
    assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{:?}", codes_of(&parsed));
    // The same in element text, and with braces.
    let source = format!("<policies><inbound><set-body>{}</set-body></inbound></policies>", "@{".repeat(512 * 1024));
    let parsed = parse_checked(&source, "1 MB of `@{` in text");
    assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{:?}", codes_of(&parsed));
}

#[test]
fn many_comment_openers() {
    let openers = "<!--".repeat(200_000);
    for source in
        [openers.clone(), format!("<policies>{openers}</policies>"), format!("<policies></policies>{openers}")]
    {
        let parsed = parse_checked(&source, "200k `<!--`");
        assert!(has_code(&parsed, codes::UNTERMINATED_MARKUP), "{:?}", codes_of(&parsed));
    }
    // Many closed comments are fine.
    let source = format!("<policies>{}</policies>", "<!-- x -->".repeat(200_000));
    let parsed = parse_checked(&source, "200k comments");
    assert!(parsed.diagnostics.is_empty(), "{:?}", codes_of(&parsed));
}

#[test]
fn an_unterminated_verbatim_string_in_a_huge_expression() {
    let body = "var x = context.Request.Headers.GetValueOrDefault(\"a\", \"b\");\n".repeat(20_000);
    let tail = "var s = @\"never closed; return s; }";
    // In a single-quoted attribute value the verbatim string runs to the end of the file;
    // the value then ends at its quote, as XML reads it, and the rest is still read.
    let source =
        format!("<policies><inbound><set-variable name='x' value='@{{ {body} {tail}' /><base /></inbound></policies>");
    let parsed = parse_checked(&source, "verbatim string in a single-quoted attribute");
    assert!(has_code(&parsed, codes::UNTERMINATED_LITERAL), "{:?}", codes_of(&parsed));
    assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{:?}", codes_of(&parsed));
    assert!(parsed.diagnostics.len() <= 3, "{:?}", codes_of(&parsed));
    let inbound = parsed.document.root().and_then(|root| root.child_elements().next()).expect("<inbound>");
    assert!(inbound.child_elements().any(|element| element.name == "base"), "the rest of the document was swallowed");
    // In a double-quoted one the attribute's closing quote ends the verbatim string, and
    // the expression runs into the end tags.
    let parsed = parse_checked(&with_attribute(&format!("@{{ {body} {tail}")), "verbatim string in an attribute");
    assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{:?}", codes_of(&parsed));
    // In element text: the rest of the document is still read.
    let source = format!("<policies><inbound><set-body>@{{ {body} {tail}</set-body><base /></inbound></policies>");
    let parsed = parse_checked(&source, "verbatim string in text");
    assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{:?}", codes_of(&parsed));
    let inbound = parsed.document.root().and_then(|root| root.child_elements().next()).expect("<inbound>");
    assert!(inbound.child_elements().any(|element| element.name == "base"), "the rest of the document was swallowed");
    // An unterminated block comment is the same.
    let source = format!("<policies><inbound><set-body>@{{ {body} /* never closed }}</set-body></inbound></policies>");
    let parsed = parse_checked(&source, "block comment in text");
    assert!(parsed.has_errors());
}

/// The reader lists at most 200 problems, plus one line counting the rest.
const MAX_LISTED: usize = 201;

#[test]
fn a_document_of_only_ampersands() {
    for length in [1, 4, 150] {
        let source = "&".repeat(length);
        let parsed = parse_checked(&source, "`&&&&`");
        assert!(has_code(&parsed, codes::NO_ROOT), "{:?}", codes_of(&parsed));
        assert!(has_code(&parsed, codes::TEXT_OUTSIDE_ROOT), "{:?}", codes_of(&parsed));
    }
    // Past the cap on listed problems, the rest are counted in one error.
    let parsed = parse_checked(&"&".repeat(100_000), "100k `&`");
    assert!(has_code(&parsed, codes::TOO_MANY_ERRORS), "{:?}", codes_of(&parsed));
    assert!(parsed.diagnostics.len() <= MAX_LISTED, "{} diagnostics", parsed.diagnostics.len());
    let parsed = parse_checked(&format!("<policies>{}</policies>", "&".repeat(100_000)), "`&` in the root");
    assert!(has_code(&parsed, codes::INVALID_ENTITY), "{:?}", codes_of(&parsed));
    assert!(has_code(&parsed, codes::TOO_MANY_ERRORS), "{:?}", codes_of(&parsed));
}

#[test]
fn many_attributes() {
    const COUNT: usize = 5_000;
    let distinct: String = (0..COUNT).map(|index| format!(" a{index}=\"{index}\"")).collect();
    let parsed = parse_checked(&format!("<policies{distinct}></policies>"), "many distinct attributes");
    assert!(parsed.diagnostics.is_empty(), "{:?}", codes_of(&parsed));
    assert_eq!(parsed.document.root().map(|root| root.attributes.len()), Some(COUNT));

    let same = " a=\"1\"".repeat(COUNT);
    let parsed = parse_checked(&format!("<policies{same}></policies>"), "one attribute repeated");
    assert!(has_code(&parsed, codes::DUPLICATE_ATTRIBUTE), "{:?}", codes_of(&parsed));
    assert!(has_code(&parsed, codes::TOO_MANY_ERRORS), "{:?}", codes_of(&parsed));

    let broken = " a".repeat(COUNT);
    let parsed = parse_checked(&format!("<policies{broken}></policies>"), "attributes without values");
    assert!(has_code(&parsed, codes::MALFORMED_ATTRIBUTE), "{:?}", codes_of(&parsed));

    let unquoted: String = (0..COUNT).map(|index| format!(" a{index}={index}")).collect();
    let parsed = parse_checked(&format!("<policies{unquoted}></policies>"), "unquoted attributes");
    assert!(has_code(&parsed, codes::MALFORMED_ATTRIBUTE), "{:?}", codes_of(&parsed));
}

#[test]
fn a_ten_megabyte_attribute_with_many_escaped_quotes() {
    // `@("a" + "a" + ... )` written with `&quot;`: valid, and read as one expression.
    let term = "&quot;a&quot; + ";
    let count = 10 * 1024 * 1024 / term.len();
    let value = format!("@({}&quot;end&quot;)", term.repeat(count));
    let source = with_attribute(&value);
    let parsed = parse_checked(&source, "10 MB of `&quot;`");
    assert!(parsed.diagnostics.is_empty(), "{:?}", codes_of(&parsed));
    let root = parsed.document.root().expect("root");
    let set_variable =
        root.child_elements().next().and_then(|inbound| inbound.child_elements().next()).expect("element");
    let expression = set_variable.attribute("value").and_then(|value| value.value.as_expression()).expect("expression");
    assert!(expression.code.starts_with("@(\"a\" + \"a\""));
    assert!(expression.code.ends_with("\"end\")"));
    let end = expression.code.len();
    assert_eq!(expression.source_offset(end), expression.span.end);

    // The same with the last quote missing: an error, read in bounded time.
    let value = format!("@({}&quot;end)", term.repeat(count));
    let parsed = parse_checked(&with_attribute(&value), "10 MB, unterminated");
    assert!(parsed.has_errors(), "{:?}", codes_of(&parsed));
}

#[test]
fn many_unterminated_expressions_and_stray_closers() {
    // Small versions of the once-quadratic cases in the regressions below: every one is reported.
    const COUNT: usize = 1_000;
    for (source, code) in [
        (format!("<policies>{}</policies>", "<a b=\"@(\" />".repeat(COUNT)), codes::UNTERMINATED_EXPRESSION),
        (format!("<policies>{}</policies>", "<a>@(".repeat(COUNT)), codes::UNTERMINATED_EXPRESSION),
        (format!("<policies>{}</policies>", "<a><![CDATA[@(]]>".repeat(COUNT)), codes::UNTERMINATED_EXPRESSION),
        (with_attribute(&format!("@({}{})", "(".repeat(COUNT), "]".repeat(COUNT))), codes::MISMATCHED_BRACKET),
        (with_attribute(&format!("@({}{})", "$\"{(".repeat(COUNT), "]".repeat(COUNT))), codes::MISMATCHED_BRACKET),
    ] {
        let parsed = parse_checked(&source, &source[..40]);
        assert!(has_code(&parsed, code), "{}: {:?}", &source[..40], codes_of(&parsed));
    }
}

#[test]
fn small_invalid_inputs_report_an_error() {
    let cases = [
        "",
        " \n\t",
        "<",
        "<<<<",
        ">",
        "</",
        "</policies>",
        "<policies",
        "<policies>",
        "<policies/",
        "<policies attr",
        "<policies attr=",
        "<policies attr=\"",
        "<policies attr='@(",
        "<policies attr=\"@(\"",
        "<policies>@(",
        "<policies>@{",
        "<policies>@($\"{",
        "<policies>@(@\"",
        "<policies>@(/*",
        "<policies>@('",
        "<policies><![CDATA[",
        "<policies><![CDATA[@(",
        "<policies><?pi",
        "<policies><!DOCTYPE x>",
        "<policies></policies><policies></policies>",
        "<policies></policies>text",
        "<policies>&</policies>",
        "<policies>&bogus;</policies>",
        "<policies>&#0;</policies>",
        "<policies>&#xD800;</policies>",
        "<policies>&#99999999999;</policies>",
        "<policies a=\"1\" a=\"2\"></policies>",
        "<policies a=\"x<y\"></policies>",
        "<policies>@(1) x</policies>",
        "<policies>@(\\\"a\\\")</policies>",
        "<policies>@(a]</policies>",
        "<policies>@(a])</policies>",
        "<policies><a></b></policies>",
        "<policies></a></policies>",
        "<policies></></policies>",
        "<policies>< a></policies>",
        "😀<policies>",
    ];
    for source in cases {
        let parsed = parse_checked(source, &format!("{source:?}"));
        assert!(errors(&parsed) > 0, "{source:?} read without an error");
    }
}

// ---------------------------------------------------------------------------------------
// Regressions: reader bugs these tests found (fixed in fef08ec)
// ---------------------------------------------------------------------------------------

/// `check_trailing` found the first non-ASCII-whitespace character but trimmed Unicode
/// whitespace at the end, so an ASCII space then a no-break space after an expression gave
/// a reversed span (a `debug_assert` panic in `Span::new`; a reversed span in release).
#[test]
fn unicode_whitespace_after_an_expression() {
    for source in ["<policies><a b=\"@(1) \u{a0}\" /></policies>", "<policies>@(1) \u{3000}</policies>"] {
        let parsed = parse_checked(source, &format!("{source:?}"));
        assert!(parsed.has_errors(), "{source:?}");
    }
}

/// The duplicate-attribute check compared each attribute with every earlier one, so a tag
/// with many distinct attributes read in quadratic time (100k attributes: ~73 s in a debug
/// build).
#[test]
fn a_hundred_thousand_distinct_attributes() {
    let attributes: String = (0..100_000).map(|index| format!(" a{index}=\"{index}\"")).collect();
    let parsed = parse_checked(&format!("<policies{attributes}></policies>"), "100k attributes");
    assert!(parsed.diagnostics.is_empty(), "{:?}", codes_of(&parsed));
}

/// An unterminated expression is scanned up to the next `</` (or the end of the file),
/// and the reader then resumes right after its opening quote or bracket, so N unterminated
/// expressions with no end tag between them were scanned in O(N * size): this test took
/// minutes in a debug build, and one unit of 20k (240 KB) ~10 s in release.
#[test]
fn twenty_thousand_unterminated_expressions() {
    for unit in ["<a b=\"@(\" />", "<a>@(", "<a b='@(\"' />", "<a b='@(@\"' />"] {
        let source = format!("<policies>{}</policies>", unit.repeat(20_000));
        let parsed = parse_checked(&source, unit);
        assert!(has_code(&parsed, codes::UNTERMINATED_EXPRESSION), "{unit}: {:?}", codes_of(&parsed));
    }
}

/// Each closing bracket that matched nothing searched the whole bracket stack twice, so
/// `@(` + N `(` + N `]` took O(N^2): N = 40k (80 KB) took ~2.5 s in a debug build.
#[test]
fn stray_closers_over_a_deep_bracket_stack() {
    let count = 100_000;
    let parsed = parse_checked(&with_attribute(&format!("@({}{})", "(".repeat(count), "]".repeat(count))), "stray `]`");
    assert!(has_code(&parsed, codes::MISMATCHED_BRACKET), "{:?}", codes_of(&parsed));
}

/// `no-root-element` pointed at `0..1`, which split a leading multi-byte character
/// (a byte order mark, or any non-ASCII text).
#[test]
fn no_root_span_on_a_leading_multibyte_character() {
    for source in ["\u{feff}", "\u{feff}  ", "é", "€ text"] {
        let parsed = parse_checked(source, &format!("{source:?}"));
        assert!(has_code(&parsed, codes::NO_ROOT));
    }
}

// ---------------------------------------------------------------------------------------
// 4. Known-valid mutations
// ---------------------------------------------------------------------------------------

/// Byte offsets just before each element's start tag and just after its end.
fn element_boundaries(nodes: &[Node], out: &mut Vec<usize>) {
    let mut pending: Vec<&Node> = nodes.iter().collect();
    while let Some(node) = pending.pop() {
        if let Node::Element(element) = node {
            out.push(element.span.start as usize);
            out.push(element.span.end as usize);
            pending.extend(element.children.iter());
        }
    }
}

fn element_names(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        if let Node::Element(element) = node {
            out.push(element.name.clone());
            element_names(&element.children, out);
            out.push(format!("/{}", element.name));
        }
    }
}

#[test]
fn whitespace_between_elements_adds_no_diagnostics() {
    let count = DOCUMENTS.len().min(20);
    for index in 0..count {
        // Spread the 20 over the whole corpus.
        let file = &DOCUMENTS[index * DOCUMENTS.len() / count];
        let original = apim_syntax::parse(&file.text);
        assert!(original.diagnostics.is_empty(), "{}: {:?}", file.name, codes_of(&original));
        let mut boundaries = Vec::new();
        element_boundaries(&original.document.nodes, &mut boundaries);
        boundaries.sort_unstable();
        boundaries.dedup();
        for padding in [" ", "\n", "\r\n\t  \n"] {
            let mut text = file.text.clone();
            for &at in boundaries.iter().rev() {
                text.insert_str(at, padding);
            }
            let parsed = parse_checked(&text, &format!("{} padded with {padding:?}", file.name));
            assert!(parsed.diagnostics.is_empty(), "{} padded with {padding:?}: {:?}", file.name, parsed.diagnostics);
            let (mut before, mut after) = (Vec::new(), Vec::new());
            element_names(&original.document.nodes, &mut before);
            element_names(&parsed.document.nodes, &mut after);
            assert_eq!(before, after, "{}: the element structure changed", file.name);
        }
    }
}
