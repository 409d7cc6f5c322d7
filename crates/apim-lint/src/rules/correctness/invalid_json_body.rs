use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L422", "invalid-json-body"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `set-body` literal text that starts like JSON (`{` or `[`) but is not valid JSON. Expressions, Liquid templates (`template=\"liquid\"`) and bodies with `{{named values}}` or template placeholders are not checked.",
        why: "APIM sends the text as it is: clients and backends that parse the body fail with a JSON error, often far from the policy that caused it.",
        example: r#"<inbound>
    <return-response>
        <set-status code="429" reason="Too Many Requests" />
        <set-body>{"error": "rate limit exceeded",}</set-body>
    </return-response>
</inbound>"#,
        fix: "Correct the JSON (here: remove the trailing comma).",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("set-body") {
        if literal(policy.node, "template").is_some_and(|template| template.trim().eq_ignore_ascii_case("liquid")) {
            continue;
        }
        let Some(value) = &policy.node.text else { continue };
        let Some(text) = value.literal_text() else { continue };
        let trimmed = text.trim_start();
        if !(trimmed.starts_with('{') || trimmed.starts_with('['))
            || text.contains("{{")
            || !apim_ir::placeholders(text).is_empty()
        {
            continue;
        }
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            // Point at the offending character when the text maps one to one.
            let offset = offset_of(text, error.line(), error.column());
            // The position is shown by the label; serde's is relative to the body.
            let message = error.to_string();
            let reason = message.rfind(" at line ").map_or(message.as_str(), |at| &message[..at]);
            let raw = cx.source.get(value.span.start as usize..value.span.end as usize);
            let span = match (offset, raw) {
                (Some(offset), Some(raw)) if raw == text => {
                    let at = value.span.start + u32::try_from(offset).unwrap_or(0);
                    Span::new(at, (at + 1).min(value.span.end))
                }
                _ => value.span,
            };
            out.report(
                out.diagnostic(format!("the body is not valid JSON: {reason}"))
                    .with_primary(span, "invalid JSON")
                    .with_help("correct the JSON; for computed bodies use an expression or `template=\"liquid\"`"),
            );
        }
    }
}

/// The byte offset of a 1-based line and column (serde_json's columns count bytes).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let offset = start + column.saturating_sub(1);
    (offset < text.len() && text.is_char_boundary(offset)).then_some(offset)
}
