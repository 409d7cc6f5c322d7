//! Each semantic check fires where the code is wrong and stays silent where it is right.

use apim_expr::check::{SemanticKind, check};
use apim_syntax::ExpressionKind;

fn kinds(code: &str) -> Vec<(SemanticKind, String)> {
    let kind = if code.starts_with("@{") { ExpressionKind::Block } else { ExpressionKind::Single };
    let parsed = apim_expr::parse(code, kind);
    assert!(parsed.errors.is_empty(), "{code}: {:?}", parsed.errors);
    check(&parsed.ast.expect("parses"), code)
        .into_iter()
        .map(|error| (error.kind, code[error.range].to_owned()))
        .collect()
}

#[test]
fn blocks_must_return_on_every_path() {
    use SemanticKind::MissingReturn;
    assert_eq!(kinds("@{ /* nothing */ }"), vec![(MissingReturn, "}".into())]);
    assert_eq!(kinds("@{ if (true) { return 1; } }"), vec![(MissingReturn, "}".into())]);
    assert_eq!(kinds("@{ return; }"), vec![(MissingReturn, "return;".into())]);
    for good in [
        "@{ return 1; }",
        "@{ if (x > 0) { return 1; } else { return 2; } }",
        "@{ switch (x) { case 1: return 1; default: throw new Exception(); } }",
        "@{ try { return 1; } catch (Exception e) { return 2; } }",
        "@{ while (true) { } }",
        "@{ var f = new List<int>(); f.ForEach(i => { return; }); return f; }",
    ] {
        let x = good.contains('x');
        let code = if x { good.replace("@{", "@{ var x = 1; ") } else { good.to_owned() };
        assert_eq!(kinds(&code), vec![], "{code}");
    }
    assert_eq!(kinds("@{ while (true) { break; } }"), vec![(MissingReturn, "}".into())]);
}

#[test]
fn a_generic_argument_list_must_be_closed() {
    let found = kinds("@(context.Request.Body.As<JObject().ToString())");
    assert_eq!(found, vec![(SemanticKind::UnclosedTypeArguments, "As<JObject".into())]);
    assert_eq!(kinds("@(context.Request.Body.As<JObject>().ToString())"), vec![]);
}

#[test]
fn types_must_be_on_the_allow_list() {
    use SemanticKind::DisallowedType;
    assert_eq!(kinds(r#"@(System.IO.File.ReadAllText("x"))"#), vec![(DisallowedType, "System.IO.File".into())]);
    assert_eq!(kinds(r#"@(File.Exists("x"))"#), vec![(DisallowedType, "File".into())]);
    assert_eq!(kinds("@(new HttpClient())"), vec![(DisallowedType, "HttpClient".into())]);
    assert_eq!(kinds("@((Type)null)"), vec![(DisallowedType, "Type".into())]);
    for good in [
        "@(System.Text.Encoding.UTF8.GetBytes(\"a\"))",
        "@(Encoding.UTF8.GetBytes(\"a\"))",
        "@(new Dictionary<string, List<int>>())",
        "@(JObject.Parse(\"{}\"))",
        "@(Newtonsoft.Json.Linq.JArray.Parse(\"[]\"))",
        "@((IResponse)context.Variables[\"r\"])",
        "@(StringComparison.OrdinalIgnoreCase)",
    ] {
        assert_eq!(kinds(good), vec![], "{good}");
    }
}

#[test]
fn names_must_be_defined() {
    assert_eq!(kinds("@(contxt.Request)"), vec![(SemanticKind::UnknownName, "contxt".into())]);
    assert_eq!(kinds("@{ var total = 1; foreach (var item in new[] { 1 }) { total += item; } return total; }"), vec![]);
    assert_eq!(kinds("@(new[] { 1 }.Select(x => x * 2).Where(y => y > 1))"), vec![]);
    assert_eq!(kinds("@{ int.TryParse(\"1\", out var n); return n; }"), vec![]);
}

#[test]
fn context_members_follow_the_model() {
    use SemanticKind::UnknownContextMember;
    assert_eq!(kinds("@(context.Reqest.Method)"), vec![(UnknownContextMember, "Reqest".into())]);
    assert_eq!(kinds("@(context.User?.FindFirst(\"oid\"))"), vec![(UnknownContextMember, "FindFirst".into())]);
    assert_eq!(kinds("@(context.Request.Url.Hots)"), vec![(UnknownContextMember, "Hots".into())]);
    for good in [
        "@(context.Request.Url.Host)",
        "@(context.Request.Body.As<JObject>(preserveContent: true))",
        "@(context.Request.Headers.GetValueOrDefault(\"a\", \"\"))",
        "@(context.Variables.GetValueOrDefault<string>(\"x\"))",
        "@(context.Response.StatusCode.ToString())",
        "@(context.Elapsed.TotalSeconds)",
        "@(context.User?.Email)",
    ] {
        assert_eq!(kinds(good), vec![], "{good}");
    }
}

#[test]
fn syntax_newer_than_csharp_7_is_reported() {
    use SemanticKind::NewerLanguageFeature;
    assert_eq!(kinds("@(1 switch { 1 => \"a\", _ => \"b\" })"), vec![(NewerLanguageFeature, "switch".into())]);
    assert_eq!(kinds("@(context.User is not null)"), vec![(NewerLanguageFeature, "not null".into())]);
    assert_eq!(
        kinds("@{ string s = null; s ??= \"x\"; return s; }"),
        vec![(NewerLanguageFeature, "s ??= \"x\"".into())]
    );
    assert_eq!(kinds("@(context.User is null)"), vec![]);
    assert_eq!(kinds("@{ switch (1) { case 1: return 1; default: return 2; } }"), vec![]);
}

#[test]
fn the_default_literal_of_csharp_7_1_is_reported() {
    use SemanticKind::NewerLanguageFeature;
    assert_eq!(kinds("@{ int x = default; return x; }"), vec![(NewerLanguageFeature, "default".into())]);
    assert_eq!(kinds("@(string.Equals(\"a\", default))"), vec![(NewerLanguageFeature, "default".into())]);
    assert_eq!(kinds("@{ int x = default(int); return x; }"), vec![]);
    let parsed = apim_expr::parse("@{ int x = default; return x; }", ExpressionKind::Block);
    let errors = check(&parsed.ast.expect("parses"), "@{ int x = default; return x; }");
    assert_eq!(errors[0].message, "`default` literals need C# 7.1; APIM compiles policy expressions as C# 7");
}

#[test]
fn obvious_type_mismatches_are_reported() {
    use SemanticKind::TypeMismatch;
    assert_eq!(kinds(r#"@{ int x = "a"; return x; }"#), vec![(TypeMismatch, "\"a\"".into())]);
    assert_eq!(kinds("@{ string s = 5; return s; }"), vec![(TypeMismatch, "5".into())]);
    assert_eq!(kinds("@{ int n = 1.5; return n; }"), vec![(TypeMismatch, "1.5".into())]);
    assert_eq!(kinds("@{ bool b = null; return b; }"), vec![(TypeMismatch, "null".into())]);
    assert_eq!(
        kinds(r#"@(context.Response.StatusCode == "429")"#),
        vec![(TypeMismatch, r#"context.Response.StatusCode == "429""#.into())]
    );
    assert_eq!(kinds(r#"@{ var n = 3; return n > "2"; }"#), vec![(TypeMismatch, r#"n > "2""#.into())]);
    assert_eq!(
        kinds("@{ if (context.Request.Method) { return 1; } return 2; }"),
        vec![(TypeMismatch, "context.Request.Method".into())]
    );
    assert_eq!(kinds(r#"@(!context.Request.Url.Host)"#), vec![(TypeMismatch, "context.Request.Url.Host".into())]);
    assert_eq!(kinds(r#"@("a".Length && true)"#), vec![(TypeMismatch, "\"a\".Length".into())]);
    for good in [
        "@{ long n = 1; double d = n; decimal m = 2; return d; }",
        "@{ int? n = null; string s = null; object o = 1; return s; }",
        r#"@(context.Response.StatusCode == 429 || context.Request.Method == "POST")"#,
        r#"@(context.Request.Headers.GetValueOrDefault("x", "") == "1")"#,
        r#"@{ var x = "1"; var y = 1; return x == y.ToString(); }"#,
        // `x` is declared twice: its type is not certain, so nothing is said.
        r#"@{ { var x = 1; } { var x = "a"; return x == "b"; } }"#,
        r#"@(context.Variables.GetValueOrDefault<bool>("on") && context.Variables.GetValueOrDefault<int>("n") > 1)"#,
        r#"@(string.IsNullOrEmpty(context.Request.Headers.GetValueOrDefault("a", "")) ? 1 : 2)"#,
        "@{ byte b = 1; uint u = 2; char c = 'x'; return c; }",
    ] {
        assert_eq!(kinds(good), vec![], "{good}");
    }
}

#[test]
fn members_of_well_known_types_must_exist() {
    use SemanticKind::UnknownMember;
    assert_eq!(kinds("@(context.Request.Url.Host.Lenght)"), vec![(UnknownMember, "Lenght".into())]);
    assert_eq!(kinds("@{ var n = 5; return n.Length; }"), vec![(UnknownMember, "Length".into())]);
    assert_eq!(kinds(r#"@("abc".ToUpperCase())"#), vec![(UnknownMember, "ToUpperCase".into())]);
    assert_eq!(kinds(r#"@(JObject.Parse("{}").Propertys().Count())"#), vec![(UnknownMember, "Propertys".into())]);
    assert_eq!(
        kinds(r#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt().Subjet)"#),
        vec![(UnknownMember, "Subjet".into())]
    );
    for good in [
        r#"@("a,b".Split(',').Select(s => s.Trim()).First().ToLowerInvariant())"#,
        r#"@("abc".Where(char.IsLetter).Count() + "abc".Length)"#,
        r#"@(context.Request.Body.As<JObject>(preserveContent: true).Property("a").Value.ToString())"#,
        r#"@(JObject.Parse("{}").SelectToken("a")?.Value<string>())"#,
        r#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt()?.Claims.GetValueOrDefault("oid", ""))"#,
        "@{ var n = 5; return n.ToString(\"D3\") + n.CompareTo(4); }",
        // A local whose type is not certain (a lambda parameter, a `foreach` variable).
        r#"@(new[] { "a" }.Select(x => x.Whatever).Count())"#,
    ] {
        assert_eq!(kinds(good), vec![], "{good}");
    }
}
