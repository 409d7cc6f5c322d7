//! `apim check` inside expressions: obvious type mismatches (`E308`) and unknown members
//! of well-known .NET types (`E309`), each at its line and column with its help.

use std::fmt::Write as _;

use apim_ir::LowerOptions;
use apim_text::LineIndex;

const POLICY: &str = r#"<policies>
    <inbound>
        <base />
        <set-variable name="a" value="@{ int limit = "100"; return limit; }" />
        <set-variable name="b" value="@(context.Response.StatusCode == &quot;429&quot;)" />
        <set-variable name="c" value="@(context.Request.Url.Host.Lenght)" />
        <set-variable name="d" value="@{ var tokens = 5; return tokens.Length; }" />
        <set-variable name="e" value="@(context.Request.Headers.GetValueOrDefault("Accept", "").Contians("json"))" />
        <set-variable name="f" value="@(context.Request.Body.As<JObject>(preserveContent: true).Propertys().Count())" />
        <set-variable name="g" value="@{ if (context.Request.Method) { return 1; } return 2; }" />
        <set-variable name="h" value="@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt()?.Subjet)" />
        <choose>
            <when condition="@(context.Request.Headers.GetValueOrDefault("x-debug", "false"))">
                <set-header name="x-debug" exists-action="override"><value>1</value></set-header>
            </when>
            <when condition="@(context.Request.Headers.GetValueOrDefault("x-debug", "false") == "true")">
                <set-header name="x-debug" exists-action="override"><value>2</value></set-header>
            </when>
        </choose>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>
"#;

#[test]
fn type_mismatches_and_unknown_members() {
    let lowered = apim_ir::read(POLICY, LowerOptions::default());
    let index = LineIndex::new(POLICY);
    let mut report = String::new();
    for diagnostic in &lowered.diagnostics {
        let at = index.line_col(POLICY, diagnostic.primary_span().start);
        let _ = writeln!(
            report,
            "{}:{} {} [{}] {}\n    help: {}",
            at.line,
            at.column,
            diagnostic.code().code,
            diagnostic.code().name,
            diagnostic.message(),
            diagnostic.help().unwrap_or_default()
        );
    }
    insta::assert_snapshot!(report);
}
