use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L412", "azure-openai-policy-with-llm-equivalent"),
    category: Category::Style,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `azure-openai-token-limit`, `azure-openai-emit-token-metric`, `azure-openai-semantic-cache-lookup` and `azure-openai-semantic-cache-store`, which have `llm-*` generalisations with the same configuration.",
        why: "The `llm-*` policies work with Azure OpenAI and every other model API that APIM supports (Azure AI Model Inference, OpenAI-compatible), so one policy serves every backend and new features land there.",
        example: r#"<inbound>
    <azure-openai-token-limit tokens-per-minute="5000" counter-key="@(context.Subscription.Id)" estimate-prompt-tokens="true" />
</inbound>"#,
        fix: r#"Rename the element (applied by `--fix` when every attribute and element used exists on the `llm-*` policy):

```xml
<llm-token-limit tokens-per-minute="5000" counter-key="@(context.Subscription.Id)" estimate-prompt-tokens="true" />
```"#,
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in &cx.policies {
        let name = policy.name();
        let Some(suffix) = name.strip_prefix("azure-openai-") else { continue };
        let replacement = format!("llm-{suffix}");
        let Some(target) = apim_catalog::policy(&replacement) else { continue };
        let diagnostic = out
            .diagnostic(format!("`{name}` has a model-independent equivalent, `{replacement}`"))
            .with_primary(policy.node.name_span, "Azure OpenAI only")
            .with_help(format!("use `<{replacement}>`, which takes the same configuration"));
        let compatible = policy.node.attributes.iter().all(|attribute| target.attribute(&attribute.name).is_some())
            && policy.node.elements.iter().all(|element| target.elements.iter().any(|spec| spec.name == element.name));
        let text = cx.source;
        let span = policy.node.span;
        let inner = text.get(span.start as usize..span.end as usize).unwrap_or("");
        let closing = format!("</{name}");
        if !compatible {
            out.report(diagnostic);
            continue;
        }
        let mut edits = vec![Edit { span: policy.node.name_span, text: replacement.clone() }];
        if let Some(at) = inner.rfind(&closing) {
            let start = span.start + u32::try_from(at).unwrap_or(0) + 2;
            edits.push(Edit {
                span: Span::new(start, start + u32::try_from(name.len()).unwrap_or(0)),
                text: replacement.clone(),
            });
        }
        out.report_with_fix(diagnostic, Fix { title: format!("rename to `{replacement}`"), edits });
    }
}
