use crate::context::descendants;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L413", "hardcoded-secret"),
    category: Category::Security,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds credentials written as literal text: `api-key`, `Ocp-Apim-Subscription-Key`, `x-api-key` and `Authorization` header values, key query parameters, `authentication-basic` passwords, `authentication-certificate` passwords, and keys in `send-request` JSON bodies. Values that are `{{named values}}`, expressions, or template placeholders are fine.",
        why: "A policy is stored in source control, exported in ARM/Bicep, and shown to everyone with read access to the API. A named value (backed by Key Vault) keeps the secret out of all of them and lets it rotate.",
        example: r#"<inbound>
    <set-header name="api-key" exists-action="override">
        <value>3f9a6c0e5b2d4e8f9a1b7c6d5e4f3a2b</value>
    </set-header>
</inbound>"#,
        fix: r#"Store the secret as a (Key Vault) named value and reference it:

```xml
<set-header name="api-key" exists-action="override">
    <value>{{openai-api-key}}</value>
</set-header>
```"#,
    },
    check: Check::Lint(check),
};

const SECRET_HEADERS: &[&str] =
    &["api-key", "ocp-apim-subscription-key", "x-api-key", "x-functions-key", "authorization"];
const SECRET_QUERY: &[&str] = &["api-key", "subscription-key", "code", "key", "sig", "access_token"];

/// Whether a literal looks like a credential rather than a description or an empty value.
fn looks_secret(text: &str, header: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.contains("{{") || apim_syntax::is_placeholder(text) {
        return false;
    }
    let token = if header == "authorization" {
        match text.split_once(' ') {
            Some((scheme, token)) if matches!(scheme.to_ascii_lowercase().as_str(), "bearer" | "basic") => token.trim(),
            _ => return false,
        }
    } else {
        text
    };
    token.len() >= 16 && !token.contains(' ') && !token.contains('{') && token.chars().any(|c| c.is_ascii_digit())
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in &cx.policies {
        let node = policy.node;
        match policy.name() {
            "set-header" | "set-query-parameter" => {
                let Some(name) = literal(node, "name") else { continue };
                let lower = name.to_ascii_lowercase();
                let secret_name = if policy.name() == "set-header" { SECRET_HEADERS } else { SECRET_QUERY };
                if !secret_name.contains(&lower.as_str()) {
                    continue;
                }
                for value in node.elements.iter().filter(|element| element.name == "value") {
                    let Some(text) = value.text.as_ref().and_then(|text| text.literal_text()) else { continue };
                    if looks_secret(text, &lower) {
                        report(
                            out,
                            value.text.as_ref().map_or(value.span, |text| text.span),
                            &format!("`{name}` value"),
                        );
                    }
                }
            }
            "authentication-basic" | "authentication-certificate" => {
                if let Some(attribute) = node.attribute("password")
                    && attribute.value.literal_text().is_some_and(|text| !text.is_empty() && !text.contains("{{"))
                {
                    report(out, attribute.value.span, &format!("`{}` password", policy.name()));
                }
            }
            "send-request" => {
                let mut all = Vec::new();
                descendants(&node.elements, &mut all);
                let bodies = all
                    .into_iter()
                    .filter(|element| element.name == "set-body")
                    .filter_map(|element| element.text.as_ref())
                    .chain(node.policies.iter().filter_map(|child| match child {
                        apim_ir::Policy::Known(body) if body.spec.element == "set-body" => body.text.as_ref(),
                        _ => None,
                    }));
                for body in bodies {
                    let Some(text) = body.literal_text() else { continue };
                    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
                        continue;
                    };
                    for (key, value) in &map {
                        let lower = key.to_ascii_lowercase();
                        let keyish = lower.contains("key") || lower.contains("secret") || lower.contains("password");
                        if keyish && value.as_str().is_some_and(|value| looks_secret(value, "")) {
                            report(out, body.span, &format!("`{key}` in the request body"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn report(out: &mut Findings, span: Span, what: &str) {
    out.report(
        out.diagnostic(format!("{what} is a hard-coded secret"))
            .with_primary(span, "secret in the policy text")
            .with_help("store it as a (Key Vault) named value and write `{{name}}` here")
            .with_note(
                "policies are kept in source control and ARM/Bicep exports, readable by anyone with access to the API",
            ),
    );
}
