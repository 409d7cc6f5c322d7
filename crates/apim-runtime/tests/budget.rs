//! Runaway expressions stop with `apim.BudgetExceeded`, quickly.

use std::time::{Duration, Instant};

use apim_runtime::{BUDGET_EXCEEDED, Budget, Context, ContextInput, Program};

fn stops(code: &str) {
    let program = Program::compile(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
    let ctx = Context::new(ContextInput::default()).unwrap();
    let start = Instant::now();
    let err = program.eval(&ctx, Budget::default()).expect_err(code);
    assert_eq!(err.type_name, BUDGET_EXCEEDED, "{code}: {err}");
    assert!(start.elapsed() < Duration::from_secs(5), "{code} took {:?}", start.elapsed());
}

#[test]
fn endless_loop() {
    stops("@{ while (true) { } }");
    stops("@{ for (;;) { } }");
}

#[test]
fn endless_recursion_through_a_variable() {
    stops("@{ Func<int, int> f = null; f = n => f(n + 1); return f(0); }");
}

#[test]
fn string_doubling() {
    stops(r#"@{ var s = "x"; while (true) { s = s + s; } }"#);
    stops(r#"@{ var s = "x"; while (true) { s += s; } }"#);
}

#[test]
fn list_growing_forever() {
    stops("@{ var l = new List<int>(); while (true) { l.Add(1); } }");
}

#[test]
fn budget_is_not_catchable() {
    stops("@{ try { while (true) { } } catch (Exception) { return 1; } }");
}
