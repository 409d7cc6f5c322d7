//! Syntax errors: where they are reported, what they say, and that no input makes the
//! parser panic or overflow its stack.

use apim_syntax::ExpressionKind;

fn kind(code: &str) -> ExpressionKind {
    if code.starts_with("@{") { ExpressionKind::Block } else { ExpressionKind::Single }
}

/// `(code, error range, message)`: the first error of each.
const ERRORS: &[(&str, std::ops::Range<usize>, &str)] = &[
    ("@(x +)", 5..6, "unexpected `)`; expected an expression"),
    ("@{ var x = 1 }", 13..14, "unexpected `}`; expected `,` or `;`"),
    ("@{ return 1 }", 12..13, "unexpected `}`; expected `;`"),
    ("@(a.As<JObject()", 16..16, "unexpected end of input; expected `)`"),
    (r#"@("abc)"#, 2..3, "unterminated string literal"),
    ("@(\"abc\n\")", 2..3, "unterminated string literal"),
    (r#"@($"a {b")"#, 8..9, "unterminated string literal"),
    (r#"@(@"abc)"#, 2..3, "unterminated string literal"),
    ("@('a)", 2..3, "unterminated character literal"),
    ("@(/* x)", 2..4, "unterminated comment"),
    (r#"@("\q")"#, 3..5, "unrecognized escape sequence"),
    (r#"@($"a {b +}")"#, 10..11, "unexpected `}`; expected an expression"),
    ("@(a b)", 4..5, "unexpected `b`; expected `)` or an operator"),
    ("@(f(a b))", 6..7, "unexpected `b`; expected `)`, `,`, `:` or an operator"),
    ("@(f(a,))", 6..7, "unexpected `)`; expected an expression"),
    ("@(x is)", 6..7, "unexpected `)`; expected a pattern"),
    ("@(x as)", 6..7, "unexpected `)`; expected a type"),
    ("@(a ? b)", 7..8, "unexpected `)`; expected `:` or an operator"),
    ("@(() =>)", 7..8, "unexpected `)`; expected `{` or an expression"),
    ("@(a.)", 4..5, "unexpected `)`; expected a name"),
    ("@(1abc)", 2..6, "unexpected `1abc`; expected an expression"),
    ("@(99999999999999999999)", 2..22, "the integer literal is too large"),
    ("@(a + throw b)", 6..13, "a throw expression is only allowed after `??`"),
    ("@(f(1: 2))", 4..5, "a named argument needs a plain name before `:`"),
    ("@((a + b) => c)", 3..8, "a lambda parameter must be a name"),
    ("@()", 2..3, "unexpected `)`; expected an expression"),
    ("@{", 2..2, "unexpected end of input; expected `}` or a statement"),
    ("@{ if a) x(); }", 6..7, "unexpected `a`; expected `(`"),
    ("@{ if (a) }", 10..11, "unexpected `}`; expected a statement"),
    ("@{ try { } }", 11..12, "unexpected `}`; expected `catch` or `finally`"),
    ("@{ foreach (var x xs) {} }", 18..20, "unexpected `xs`; expected `in`"),
    ("@{ do x++ while (a); }", 10..15, "unexpected `while`; expected `;`"),
    ("@{ switch (x) { foo; } }", 16..19, "unexpected `foo`; expected `case` or `}`"),
    ("@{ return; } }", 13..14, "unexpected `}`; expected the end of the expression"),
    ("@(default())", 10..11, "unexpected `)`; expected a type"),
];

#[test]
fn errors_name_the_position_and_what_was_expected() {
    let mut failures = Vec::new();
    for (code, range, message) in ERRORS {
        let parsed = apim_expr::parse(code, kind(code));
        match parsed.errors.first() {
            Some(error) if error.range == *range && error.message == *message => {}
            other => failures.push(format!("{code:?}\n  expected {range:?} {message}\n  got      {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn help_says_what_to_do() {
    let help = |code: &str| apim_expr::parse(code, kind(code)).errors[0].help.clone();
    assert_eq!(help("@{ var x = 1 }").as_deref(), Some("end the statement with `;`"));
    assert_eq!(help("@(a.As<JObject()").as_deref(), Some("close the parenthesis with `)`"));
    assert_eq!(help(r#"@("abc)"#).as_deref(), Some("close the string with `\"`"));
    // With an operator also possible, the missing piece may be anywhere: no guess.
    assert_eq!(help("@(a b)"), None);
}

#[test]
fn error_ranges_lie_on_char_boundaries() {
    for code in ["@(é +)", "@(\"é\\é\")", "@(a ∑ b)", "@{ var é = 1 }", "@(x is ∑)"] {
        for error in apim_expr::parse(code, kind(code)).errors {
            assert!(code.get(error.range.clone()).is_some(), "{code}: {error:?}");
        }
    }
}

/// Broken inputs of every shape: each yields errors and no panic.
#[test]
fn broken_inputs_never_panic() {
    let inputs = [
        "@(a.As<JObject()",
        "@(a.As<JObject>(",
        "@(a.As<JObject>(preserveContent:",
        "@(x.Value<",
        "@(new Dictionary<string, List<int>(",
        "@((",
        "@((int",
        "@((int)",
        "@($\"",
        "@($\"{",
        "@($\"{x",
        "@($\"{x,",
        "@($\"{x:",
        "@($@\"{{",
        "@(@$\"",
        "@('",
        "@('\\",
        "@(\"\\u12\")",
        "@(\"\\U0011FFFF\")",
        "@({{",
        "@({{x}",
        "@(x switch {",
        "@(x switch { _ =>",
        "@(x is not",
        "@(x is > ",
        "@(new {",
        "@(new[] {",
        "@(new int[",
        "@(a ?",
        "@(a ? b :",
        "@(a =>",
        "@(a ??",
        "@(a ?? throw",
        "@{ if (",
        "@{ switch (x) { case",
        "@{ try",
        "@{ for (;",
        "@{ using (",
        "@{ var x = y => { var z = w => {",
        "@",
        "@(",
        "@{",
        "",
        "x",
        "@()",
        "@(\u{0})",
        "@(\u{FEFF}x)",
        "@(x\u{2028}+ y)",
    ];
    for code in inputs {
        for kind in [ExpressionKind::Single, ExpressionKind::Block] {
            let parsed = apim_expr::parse(code, kind);
            let plausible = parsed.ast.is_some() || !parsed.errors.is_empty();
            assert!(plausible, "{code:?}: neither a tree nor an error");
            for error in &parsed.errors {
                assert!(code.get(error.range.clone()).is_some(), "{code:?}: {error:?}");
                assert!(!error.message.is_empty());
            }
        }
    }
}

#[test]
fn nesting_deeper_than_the_limit_is_rejected_before_parsing() {
    let nested = |depth: usize| format!("@({}x{})", "(".repeat(depth), ")".repeat(depth));
    // The outer `@(` counts: 127 more brackets reach the limit of 128.
    let within = apim_expr::parse(&nested(apim_expr::MAX_NESTING - 1), ExpressionKind::Single);
    assert!(within.is_ok(), "{:?}", within.errors);

    let beyond = apim_expr::parse(&nested(apim_expr::MAX_NESTING), ExpressionKind::Single);
    assert_eq!(beyond.ast, None);
    assert_eq!(beyond.errors[0].message, "the expression is nested more than 128 levels deep");
    assert_eq!(beyond.errors[0].range, 129..130);

    let deep = apim_expr::parse(&nested(10_000), ExpressionKind::Single);
    assert_eq!(deep.ast, None);
    assert_eq!(deep.errors.len(), 1);
    assert_eq!(deep.errors[0].range, 129..130);

    // Brackets inside strings do not count; interpolation holes do.
    let in_string = format!("@(\"{}\")", "(".repeat(10_000));
    assert!(apim_expr::parse(&in_string, ExpressionKind::Single).is_ok());
    let holes = format!("@({}x{})", "$\"{".repeat(100), "}\"".repeat(100));
    assert!(!apim_expr::parse(&holes, ExpressionKind::Single).is_ok());
}

/// Long chains that pest parses by repetition, or recursion without brackets, are
/// refused with an error instead of overflowing the stack (tests run on 2 MiB threads).
#[test]
fn long_chains_are_refused_without_overflow() {
    let chains = [
        format!("@({}x)", "!".repeat(5_000)),
        format!("@({}x)", "(int)".repeat(5_000)),
        format!("@(x{})", ".a".repeat(5_000)),
        format!("@(x{})", " + a".repeat(5_000)),
        format!("@(x{})", " ?? a".repeat(5_000)),
        format!("@(x{})", " = a".repeat(5_000)),
        format!("@({}b)", "x ? a : ".repeat(5_000)),
        format!("@({}b)", "a => ".repeat(5_000)),
        format!("@(x is {}null)", "not ".repeat(5_000)),
        format!("@(x is 1{})", " or 1".repeat(5_000)),
        format!("@(a ?? {}b)", "throw a ?? ".repeat(2_000)),
        format!("@(new {}int{}())", "List<".repeat(5_000), ">".repeat(5_000)),
        format!("@{{ {}x(); }}", "if (a) ".repeat(5_000)),
        format!("@{{ if (a) x(); {} }}", "else if (a) x();".repeat(5_000)),
    ];
    for code in &chains {
        let parsed = apim_expr::parse(code, kind(code));
        assert_eq!(parsed.ast, None, "{}...", &code[..20]);
        assert!(parsed.errors[0].message.contains("nested too deeply"), "{}...: {:?}", &code[..20], parsed.errors);
    }
}

#[test]
fn moderately_long_chains_are_fine() {
    let chains = [
        format!("@(x{})", " + a".repeat(300)),
        format!("@(x{})", ".a".repeat(300)),
        format!("@({}b)", "x ? a : ".repeat(100)),
        format!("@{{ if (a) x(); {} }}", "else if (a) x();".repeat(100)),
        format!("@(f({}a))", "a, ".repeat(2_000)),
    ];
    for code in &chains {
        let parsed = apim_expr::parse(code, kind(code));
        assert!(parsed.is_ok(), "{}...: {:?}", &code[..20], parsed.errors);
    }
}
