//! Whether a pipeline lets bodies stream through: the backend's response relayed to the
//! caller as it arrives, the caller's request sent on to the backend as it arrives,
//! instead of read whole first. That holds when nothing after
//! `forward-request` can look at the body, decided once when the pipeline loads: every
//! backend and outbound policy is one that leaves bodies alone, and no expression there
//! mentions `Body` (nor, anywhere, `Response` with `Body`). The policies that count token
//! usage at the end read the relayed body afterwards. Conservative by design: a pipeline
//! that might read the body is buffered, as APIM buffers it.

use crate::step::{Element, Node, Pipeline, Step};
use crate::template::Template;

/// Policies that never read a message body. `return-response` and `mock-response`
/// replace the response, which ends a pending one unread.
const LEAVE_BODIES: &[&str] = &[
    "forward-request",
    "retry",
    "choose",
    "wait",
    "limit-concurrency",
    "set-header",
    "set-variable",
    "set-query-parameter",
    "set-backend-service",
    "set-status",
    "trace",
    "emit-metric",
    "return-response",
    "mock-response",
];

/// Backend and outbound policies beyond [`LEAVE_BODIES`] that never read the response
/// body.
const LEAVE_RESPONSE_BODY: &[&str] = &["log-to-eventhub", "llm-emit-token-metric", "azure-openai-emit-token-metric"];

/// Policies whose work anywhere in the pipeline needs the whole response before it is
/// sent (a completion is screened before the caller sees it).
const NEEDS_WHOLE_RESPONSE: &[&str] = &["llm-content-safety", "azure-openai-content-safety"];

/// Inbound and backend policies beyond [`LEAVE_BODIES`] that never read the request
/// body (it goes on to `forward-request` untouched).
const LEAVE_REQUEST_BODY: &[&str] = &[
    "set-method",
    "rewrite-uri",
    "check-header",
    "ip-filter",
    "cors",
    "authentication-basic",
    "authentication-managed-identity",
    "validate-jwt",
    "rate-limit",
    "rate-limit-by-key",
    "cache-lookup-value",
    "cache-store-value",
    "cache-remove-value",
];

/// Whether the request body can go to the backend as it arrives: every inbound and
/// backend policy leaves it alone, no expression anywhere reads it, and no
/// `forward-request` asks for it buffered (to resend it on retry).
#[must_use]
pub fn request_streams(pipeline: &Pipeline) -> bool {
    let before_forward = pipeline.inbound.iter().chain(&pipeline.backend);
    let everywhere =
        || pipeline.inbound.iter().chain(&pipeline.backend).chain(&pipeline.outbound).chain(&pipeline.on_error);
    before_forward.clone().all(step_leaves_request)
        && everywhere().all(|step| visit_templates(step, &mut |t| !reads_request_body(t)))
}

fn step_leaves_request(step: &Step) -> bool {
    let buffered = step.name == "forward-request"
        && step
            .attr("buffer-request-body")
            .is_some_and(|t| t.literal().is_none_or(|v| !v.eq_ignore_ascii_case("false")));
    (LEAVE_BODIES.contains(&step.name) || LEAVE_REQUEST_BODY.contains(&step.name))
        && !buffered
        && step.children.iter().all(step_leaves_request)
        && step.elements.iter().all(element_leaves_request)
}

fn element_leaves_request(element: &Element) -> bool {
    element.children.iter().all(step_leaves_request) && element.elements.iter().all(element_leaves_request)
}

/// An expression that mentions `Body` other than as the response's.
fn reads_request_body(template: &Template) -> bool {
    match template {
        Template::Text(_) => false,
        Template::Expr(expr) => expr.code.replace("Response.Body", "").replace("Response?.Body", "").contains("Body"),
    }
}

/// Whether `keep` holds for every template of `step`, its elements and children.
fn visit_templates(step: &Step, keep: &mut impl FnMut(&Template) -> bool) -> bool {
    step.attrs.iter().map(|(_, t)| t).chain(&step.text).all(&mut *keep)
        && step.elements.iter().all(|e| visit_element(e, keep))
        && step.children.iter().all(|s| visit_templates(s, keep))
}

fn visit_element(element: &Element, keep: &mut impl FnMut(&Template) -> bool) -> bool {
    element.attrs.iter().map(|(_, t)| t).chain(&element.text).all(&mut *keep)
        && element.elements.iter().all(|e| visit_element(e, keep))
        && element.children.iter().all(|s| visit_templates(s, keep))
}

#[must_use]
pub fn response_streams(pipeline: &Pipeline) -> bool {
    let after_forward = pipeline.backend.iter().chain(&pipeline.outbound);
    let everywhere =
        || pipeline.inbound.iter().chain(&pipeline.backend).chain(&pipeline.outbound).chain(&pipeline.on_error);
    after_forward.clone().all(|step| step_leaves_body(step, true))
        && everywhere().all(|step| step_leaves_body(step, false))
}

/// `strict`: the step runs after the response arrived (backend, outbound).
fn step_leaves_body(step: &Step, strict: bool) -> bool {
    let body_free = LEAVE_BODIES.contains(&step.name) || LEAVE_RESPONSE_BODY.contains(&step.name);
    if NEEDS_WHOLE_RESPONSE.contains(&step.name) || (strict && !body_free) {
        return false;
    }
    let templates = step.attrs.iter().map(|(_, t)| t).chain(&step.text);
    templates.clone().all(|t| template_leaves_body(t, strict))
        && step.elements.iter().all(|e| element_leaves_body(e, strict))
        && step.children.iter().all(|s| step_leaves_body(s, strict))
}

fn element_leaves_body(element: &Element, strict: bool) -> bool {
    element.attrs.iter().map(|(_, t)| t).chain(&element.text).all(|t| template_leaves_body(t, strict))
        && element.elements.iter().all(|e| element_leaves_body(e, strict))
        && element.children.iter().all(|s| step_leaves_body(s, strict))
}

fn template_leaves_body(template: &Template, strict: bool) -> bool {
    match template {
        Template::Text(_) => true,
        Template::Expr(expr) => {
            let code = &expr.code;
            !(code.contains("Body") && (strict || code.contains("Response")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadInput, PolicySource, load};
    use apim_catalog::Scope;

    fn streams(xml: &str) -> bool {
        let input = LoadInput {
            scopes: vec![PolicySource { scope: Scope::Api, path: "policy.xml".to_owned(), text: xml.to_owned() }],
            ..LoadInput::default()
        };
        let loaded = load(&input);
        let diagnostics: Vec<_> = loaded.diagnostics.iter().map(|(_, d)| d.message().to_owned()).collect();
        response_streams(&loaded.pipeline.unwrap_or_else(|| panic!("the policy loads: {diagnostics:?}")))
    }

    #[test]
    fn headers_and_token_counting_leave_the_body_alone() {
        assert!(streams(
            r#"<policies><inbound><base /><llm-token-limit counter-key="k" tokens-per-minute="10" estimate-prompt-tokens="false" />
            <llm-emit-token-metric><dimension name="API ID" /></llm-emit-token-metric></inbound>
            <backend><base /></backend>
            <outbound><base /><set-header name="x" exists-action="override"><value>@(context.Response.StatusCode.ToString())</value></set-header>
            </outbound><on-error><base /></on-error></policies>"#
        ));
    }

    #[test]
    fn reading_the_request_body_in_inbound_still_streams() {
        assert!(streams(
            r#"<policies><inbound><set-variable name="m" value="@(context.Request.Body.As<JObject>(true)["model"].ToString())" /></inbound>
            <backend><forward-request /></backend><outbound /><on-error /></policies>"#
        ));
    }

    #[test]
    fn a_policy_that_reads_the_response_buffers_it() {
        for outbound in [
            r#"<set-body>@(context.Response.Body.As<string>())</set-body>"#,
            r#"<set-variable name="b" value="@(context.Response.Body.As<string>(true))" />"#,
            r#"<find-and-replace from="a" to="b" />"#,
            r#"<choose><when condition="@(context.Response.Body != null)"><set-header name="x" exists-action="override"><value>1</value></set-header></when></choose>"#,
        ] {
            let xml = format!(
                "<policies><inbound /><backend><forward-request /></backend><outbound>{outbound}</outbound><on-error /></policies>"
            );
            assert!(!streams(&xml), "{outbound}");
        }
    }

    fn request_streams_for(xml: &str) -> bool {
        let input = LoadInput {
            scopes: vec![PolicySource { scope: Scope::Api, path: "policy.xml".to_owned(), text: xml.to_owned() }],
            ..LoadInput::default()
        };
        request_streams(&load(&input).pipeline.expect("the policy loads"))
    }

    #[test]
    fn a_request_body_no_policy_reads_streams_to_the_backend() {
        assert!(request_streams_for(
            r#"<policies><inbound><set-header name="x" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("a", ""))</value></set-header></inbound>
            <backend><forward-request /></backend><outbound><set-body>@(context.Response.Body.As<string>())</set-body></outbound><on-error /></policies>"#
        ));
        for inbound in [
            r#"<set-variable name="b" value="@(context.Request.Body.As<string>(true))" />"#,
            r#"<llm-token-limit counter-key="k" tokens-per-minute="10" estimate-prompt-tokens="false" />"#,
            r#"<set-body>{}</set-body>"#,
        ] {
            let xml = format!(
                "<policies><inbound>{inbound}</inbound><backend><forward-request /></backend><outbound /><on-error /></policies>"
            );
            assert!(!request_streams_for(&xml), "{inbound}");
        }
        assert!(!request_streams_for(
            r#"<policies><inbound /><backend><forward-request buffer-request-body="true" /></backend><outbound /><on-error /></policies>"#
        ));
    }

    #[test]
    fn content_safety_screens_the_whole_completion() {
        assert!(!streams(
            r#"<policies><inbound><llm-content-safety backend-id="cs"><categories><category name="Hate" threshold="4" /></categories></llm-content-safety></inbound>
            <backend><forward-request /></backend><outbound /><on-error /></policies>"#
        ));
    }
}
