//! `E3xx`: problems inside policy expressions (`apim-expr`).

use apim_ir::codes;

use super::check_rule;

check_rule!(E301, codes::EXPRESSION_SYNTAX, Correctness, Error,
    what: "Finds C# syntax errors in `@(...)` and `@{...}`, at their exact position.",
    why: "APIM compiles every expression when the policy is saved; a syntax error rejects the whole policy.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Method ==)" /></inbound>"#,
    fix: "Correct the C# at the position shown.");
check_rule!(E302, codes::MISSING_RETURN, Correctness, Error,
    what: "Finds a `@{...}` block with a path that returns no value (or no `return` at all).",
    why: "A policy expression must produce a value: the C# compiler rejects a block that can end without `return` (CS0161).",
    example: r#"<inbound><set-variable name="x" value="@{ var a = 1; }" /></inbound>"#,
    fix: "Return a value on every path.");
check_rule!(E303, codes::UNCLOSED_TYPE_ARGUMENTS, Correctness, Error,
    what: "Finds a generic argument list that is never closed, such as `As<JObject()`.",
    why: "The compiler reads `<` as less-than and fails with a confusing error; APIM rejects the policy.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Body.As<JObject(preserveContent: true))" /></inbound>"#,
    fix: "Close the type arguments: `As<JObject>(...)`.");
check_rule!(E304, codes::DISALLOWED_TYPE, Security, Error,
    what: "Finds .NET types and members outside APIM's allow-list for policy expressions, such as `System.IO.File` or `HttpClient`.",
    why: "APIM only compiles expressions against a documented set of types; anything else is rejected when the policy is saved.",
    example: r#"<inbound><set-variable name="x" value="@(System.IO.File.ReadAllText("a"))" /></inbound>"#,
    fix: "Use an allowed type, or a policy (`send-request` instead of `HttpClient`).");
check_rule!(E305, codes::UNKNOWN_NAME, Correctness, Error,
    what: "Finds names that are neither locals, `context`, nor allowed types.",
    why: "The compiler rejects an undefined name (CS0103), usually a typo or a variable from another expression.",
    example: r#"<inbound><set-variable name="x" value="@(contxt.Request.Method)" /></inbound>"#,
    fix: "Correct the name; values from other expressions are read with `context.Variables`.");
check_rule!(E306, codes::UNKNOWN_CONTEXT_MEMBER, Correctness, Error,
    what: "Finds members the `context` model does not have, with a suggestion (`context.User.FindFirst`).",
    why: "APIM's `context` is not ASP.NET's `HttpContext`: such members do not compile.",
    example: r#"<inbound><set-variable name="x" value="@(context.User.FindFirst("oid"))" /></inbound>"#,
    fix: "Use the documented member (claims come from `validate-jwt output-token-variable-name` or `AsJwt()`).");
check_rule!(E307, codes::NEWER_CSHARP_FEATURE, Correctness, Error,
    what: "Finds syntax newer than the C# 7 that APIM compiles: switch expressions, `??=`, `is not null`, `using var`.",
    why: "APIM's expression compiler is C# 7; the policy is rejected when saved.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Method switch { "GET" => 1, _ => 2 })" /></inbound>"#,
    fix: "Use the C# 7 form given in the help (a conditional expression, `x = x ?? y`, `!(x is null)`).");
check_rule!(E308, codes::TYPE_MISMATCH, Correctness, Error,
    what: "Finds obvious type mismatches in expressions: a string where a condition needs a bool, `int x = \"a\"`, comparing a string with a number.",
    why: "C# rejects them at compile time, so APIM refuses to save the policy.",
    example: r#"<inbound><choose><when condition="@(context.Request.Method)"><set-variable name="x" value="1" /></when></choose></inbound>"#,
    fix: "Compare or convert explicitly (`context.Request.Method == \"POST\"`, `int.Parse(...)`).");
check_rule!(E309, codes::UNKNOWN_MEMBER, Correctness, Error,
    what: "Finds members that well-known .NET types (string, JObject ...) do not have, with a suggestion.",
    why: "A misspelt member does not compile, so APIM refuses to save the policy.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Method.Lenght)" /></inbound>"#,
    fix: "Use the member the help suggests (`Length`).");
