//! Expressions whose .NET Framework answer the differential cases pinned down: each
//! evaluated end to end (compile, run, `GetType().FullName` and `ToString()`).

use apim_runtime::{Budget, Context, ContextInput, Program};

/// `Ok((type, ToString()))`, `Err("compile: ...")` or `Err("throws Type: message")`.
fn eval(code: &str) -> Result<(String, String), String> {
    let program = Program::compile(code).map_err(|e| format!("compile: {}", e[0].message))?;
    let ctx = Context::new(ContextInput::default()).expect("empty context");
    match program.eval(&ctx, Budget::default()) {
        Ok(v) => Ok((apim_runtime::type_name(&v).unwrap_or_default(), apim_runtime::display(&v))),
        Err(e) => Err(format!("throws {}: {}", e.type_name, e.message)),
    }
}

fn value(code: &str) -> String {
    eval(code).unwrap_or_else(|e| panic!("{code}: {e}")).1
}

#[test]
fn a_method_group_is_no_value() {
    let e = eval("@(string.IsNullOrEmpty)").unwrap_err();
    assert_eq!(
        e,
        "compile: `String.IsNullOrEmpty` is a method, not a value: call it, `String.IsNullOrEmpty(...)`, or pass it where a delegate is expected"
    );
    assert!(eval("@{ var parse = int.Parse; return parse(\"1\"); }").unwrap_err().starts_with("compile: "));
    // Where a delegate is expected, the method group converts to one.
    assert_eq!(value("@(\"1,2,3\".Split(',').Select(int.Parse).Sum())"), "6");
    assert_eq!(value("@{ Func<string, bool> empty = string.IsNullOrEmpty; return empty(\"\"); }"), "True");
    // Static properties and constants stay values.
    assert_eq!(value("@(int.MaxValue)"), "2147483647");
    assert_eq!(value("@(string.Empty.Length)"), "0");
    assert_eq!(value("@(Math.PI > 3)"), "True");
}

#[test]
fn the_default_literal_is_csharp_7_1() {
    let e = eval("@{ int x = default; return x; }").unwrap_err();
    assert_eq!(e, "compile: `default` literals need C# 7.1; APIM compiles policy expressions as C# 7");
    assert_eq!(value("@{ int x = default(int); return x; }"), "0");
}
