//! Property tests: no input makes the parser panic, and every error it reports lies on
//! the input's character boundaries.

use std::sync::OnceLock;

use apim_syntax::ExpressionKind;
use apim_syntax::tree::{Content, Node, Value};
use proptest::prelude::*;

fn check(code: &str, kind: ExpressionKind) {
    let parsed = apim_expr::parse(code, kind);
    for error in &parsed.errors {
        assert!(code.get(error.range.clone()).is_some(), "{code:?}: range off a char boundary: {error:?}");
        assert!(!error.message.is_empty());
    }
    if let Some(ast) = &parsed.ast {
        let _ = apim_expr::ast::print_body(ast);
    }
    assert!(parsed.ast.is_some() || !parsed.errors.is_empty(), "{code:?}: neither a tree nor an error");
}

/// Pieces of C# that make random inputs reach deep into the grammar.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("("),
        Just(")"),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just("<"),
        Just(">"),
        Just("."),
        Just(","),
        Just(";"),
        Just(":"),
        Just("?"),
        Just("??"),
        Just("=>"),
        Just("="),
        Just("=="),
        Just("+"),
        Just("-"),
        Just("!"),
        Just("&&"),
        Just("||"),
        Just("\""),
        Just("'"),
        Just("$\""),
        Just("@\""),
        Just("$@\""),
        Just("{{"),
        Just("}}"),
        Just("//"),
        Just("/*"),
        Just("*/"),
        Just("\\"),
        Just("\n"),
        Just(" "),
        Just("x"),
        Just("context"),
        Just("var"),
        Just("new"),
        Just("is"),
        Just("as"),
        Just("not"),
        Just("null"),
        Just("switch"),
        Just("case"),
        Just("when"),
        Just("return"),
        Just("if"),
        Just("else"),
        Just("for"),
        Just("foreach"),
        Just("in"),
        Just("out"),
        Just("int"),
        Just("string"),
        Just("List"),
        Just("throw"),
        Just("try"),
        Just("catch"),
        Just("_"),
        Just("1"),
        Just("0x"),
        Just("1.5e"),
        Just("é"),
    ]
    .prop_map(str::to_owned)
}

fn corpus_codes() -> &'static [(String, ExpressionKind)] {
    static CODES: OnceLock<Vec<(String, ExpressionKind)>> = OnceLock::new();
    CODES.get_or_init(|| {
        fn walk(nodes: &[Node], out: &mut Vec<(String, ExpressionKind)>) {
            for node in nodes {
                match node {
                    Node::Element(element) => {
                        for attribute in &element.attributes {
                            push(&attribute.value, out);
                        }
                        walk(&element.children, out);
                    }
                    Node::Text(text) => push(&text.value, out),
                    Node::CData(cdata) => push(&cdata.value, out),
                    _ => {}
                }
            }
        }
        fn push(value: &Value, out: &mut Vec<(String, ExpressionKind)>) {
            if let Content::Expression(expression) = &value.content {
                out.push((expression.code.clone(), expression.kind));
            }
        }
        let mut out = Vec::new();
        for file in apim_corpus::real_documents() {
            walk(&apim_syntax::parse(&file.text).document.nodes, &mut out);
        }
        if out.is_empty() {
            // Without the corpus, mutate a few representative expressions instead.
            for code in [
                r#"@(context.Variables.GetValueOrDefault<string>("x", "") ?? "none")"#,
                r#"@((string)context.Request.Headers.GetValueOrDefault("a","").Split(' ')[1])"#,
                r#"@{ var b = context.Request.Body.As<JObject>(true); return b["x"]?.ToString(); }"#,
            ] {
                let kind = if code.starts_with("@{") { ExpressionKind::Block } else { ExpressionKind::Single };
                out.push((code.to_owned(), kind));
            }
        }
        out
    })
}

/// Removes, repeats or replaces a run of characters, or inserts a token.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Insert { at: usize, token: String },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..8usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), token()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(code: &str, mutation: &Mutation) -> String {
    let chars: Vec<char> = code.chars().collect();
    let clamp = |at: usize| if chars.is_empty() { 0 } else { at % (chars.len() + 1) };
    let text = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    match mutation {
        Mutation::Delete { at, len } => {
            let at = clamp(*at);
            let end = (at + len).min(chars.len());
            text(0..at) + &text(end..chars.len())
        }
        Mutation::Duplicate { at, len } => {
            let at = clamp(*at);
            let end = (at + len).min(chars.len());
            text(0..end) + &text(at..chars.len())
        }
        Mutation::Insert { at, token } => {
            let at = clamp(*at);
            text(0..at) + token + &text(at..chars.len())
        }
        Mutation::Truncate { at } => text(0..clamp(*at)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_in_brackets_never_panics(text in any::<String>()) {
        check(&format!("@({text})"), ExpressionKind::Single);
        check(&format!("@{{{text}}}"), ExpressionKind::Block);
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(token(), 0..60)) {
        let text = tokens.join(" ");
        check(&format!("@({text})"), ExpressionKind::Single);
        check(&format!("@{{{}}}", tokens.concat()), ExpressionKind::Block);
    }

    #[test]
    fn mutated_corpus_expressions_never_panic(
        index in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let codes = corpus_codes();
        let (code, kind) = &codes[index % codes.len()];
        let mut mutated = code.clone();
        for mutation in &mutations {
            mutated = apply(&mutated, mutation);
        }
        check(&mutated, *kind);
    }
}
