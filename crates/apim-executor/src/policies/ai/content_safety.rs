//! llm-content-safety: the prompt (inbound) or the completion (outbound, or inbound with
//! `enforce-on-completions`) goes to Azure AI Content Safety through the backend entity
//! (`POST {url}/contentsafety/text:analyze`, and `text:shieldPrompt` with
//! `shield-prompt`), in windows of `window-size` characters; a blocklist hit, a detected
//! prompt attack, or a category at or over its threshold blocks it with 403.

use apim_llm::Prompt;

use super::model_call::post_json;
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::{Node, Step};

const API_VERSION: &str = "2024-09-01";
/// The Content Safety limit per call, the documented default window.
const DEFAULT_WINDOW: usize = 10_000;

#[derive(Debug, Clone)]
struct Settings {
    backend_id: String,
    shield_prompt: bool,
    output_type: String,
    /// (category, threshold)
    categories: Vec<(String, i64)>,
    blocklists: Vec<String>,
    window: usize,
    overlap: usize,
}

fn read_settings(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Settings, Fault> {
    let backend_id = exec.attr_string(step, "backend-id")?.unwrap_or_default();
    let shield_prompt = exec.attr_bool(step, "shield-prompt", false)?;
    let mut output_type = "FourSeverityLevels".to_owned();
    let mut categories = Vec::new();
    if let Some(element) = step.element("categories") {
        if let Some(t) = element.attr("output-type") {
            output_type = exec.eval_string(t)?;
        }
        for category in element.elements_named("category") {
            let name = match category.attr("name") {
                Some(t) => exec.eval_string(t)?,
                None => continue,
            };
            let threshold = match category.attr("threshold") {
                Some(t) => exec.eval_int(t, "threshold")?,
                None => 0,
            };
            categories.push((name, threshold));
        }
    }
    let mut blocklists = Vec::new();
    if let Some(element) = step.element("blocklists") {
        for id in element.elements_named("id") {
            if let Some(t) = &id.text {
                blocklists.push(exec.eval_string(t)?.trim().to_owned());
            }
        }
    }
    let size = |n: Option<i64>, default: usize| n.and_then(|n| usize::try_from(n).ok()).unwrap_or(default);
    let window = size(exec.attr_int(step, "window-size")?, DEFAULT_WINDOW).max(1);
    let overlap = size(exec.attr_int(step, "window-overlap-size")?, 0).min(window - 1);
    Ok(Settings { backend_id, shield_prompt, output_type, categories, blocklists, window, overlap })
}

pub fn llm_content_safety(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let mut settings = read_settings(exec, step)?;
    if exec.section == apim_catalog::SectionKind::Outbound {
        check_completion(exec, &settings)?;
        return Ok(Flow::Next);
    }
    let enforce_on_completions = exec.attr_bool(step, "enforce-on-completions", false)?;
    let prompt = {
        let request = exec.ctx.data.request.borrow();
        request.body.as_ref().map(|b| Prompt::from_body(&b.bytes)).unwrap_or_default()
    };
    let requested_window = settings.window;
    // Requests always use the default window; the size is configurable for responses.
    settings.window = DEFAULT_WINDOW;
    settings.overlap = settings.overlap.min(DEFAULT_WINDOW - 1);
    check(exec, &settings, &prompt.text(false), true)?;
    if enforce_on_completions {
        settings.window = requested_window;
        exec.deferred.push(Box::new(move |exec| check_completion(exec, &settings)));
    }
    Ok(Flow::Next)
}

/// The completion of the current response: chat `choices[].message.content`, legacy
/// `choices[].text`, Responses `output_text`, or a stream's deltas.
fn completion_text(exec: &Exec<'_, '_>) -> String {
    let response = exec.ctx.data.response.borrow();
    let body = response.as_ref().and_then(|r| r.body.as_ref()).map(|b| b.bytes.clone()).unwrap_or_default();
    if apim_llm::stream::is_event_stream(None, &body) {
        return apim_llm::stream::completion_text(&body);
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return String::from_utf8_lossy(&body).into_owned();
    };
    let mut texts = Vec::new();
    if let Some(choices) = json.get("choices").and_then(|c| c.as_array()) {
        for choice in choices {
            if let Some(t) = choice.pointer("/message/content").and_then(|t| t.as_str()) {
                texts.push(t.to_owned());
            } else if let Some(t) = choice.get("text").and_then(|t| t.as_str()) {
                texts.push(t.to_owned());
            }
        }
    }
    if let Some(t) = json.get("output_text").and_then(|t| t.as_str()) {
        texts.push(t.to_owned());
    }
    texts.join("\n")
}

fn check_completion(exec: &mut Exec<'_, '_>, settings: &Settings) -> Result<(), Fault> {
    let text = completion_text(exec);
    check(exec, settings, &text, false)
}

/// Windows of `size` characters, each starting `size - overlap` after the previous.
fn windows(text: &str, size: usize, overlap: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let step = (size - overlap).max(1);
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + size).min(chars.len());
        out.push(chars[start..end].iter().collect());
        if end == chars.len() {
            return out;
        }
        start += step;
    }
}

fn blocked(what: &str, why: String) -> Fault {
    Fault::new(
        "llm-content-safety",
        "ContentSafetyViolation",
        format!("{what} blocked: {why}"),
        403,
        format!("{what} blocked by content safety: {why}"),
    )
}

fn call(
    exec: &mut Exec<'_, '_>,
    settings: &Settings,
    path: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, Fault> {
    let path = format!("/contentsafety/{path}?api-version={API_VERSION}");
    match post_json(exec, "llm-content-safety", &settings.backend_id, &path, body)? {
        Some((200..=299, bytes)) => serde_json::from_slice(&bytes).map_err(|e| {
            Fault::internal(
                "llm-content-safety",
                "ContentSafetyFailure",
                format!("the Content Safety answer is not JSON: {e}"),
            )
        }),
        Some((status, _)) => Err(Fault::internal(
            "llm-content-safety",
            "ContentSafetyFailure",
            format!("Content Safety answered {status}"),
        )),
        None => {
            Err(Fault::internal("llm-content-safety", "ContentSafetyFailure", "Content Safety could not be reached"))
        }
    }
}

fn check(exec: &mut Exec<'_, '_>, settings: &Settings, text: &str, is_prompt: bool) -> Result<(), Fault> {
    let what = if is_prompt { "Request" } else { "Response" };
    for window in windows(text, settings.window, settings.overlap) {
        let categories: Vec<&str> = settings.categories.iter().map(|(n, _)| n.as_str()).collect();
        let body = serde_json::json!({
            "text": window,
            "categories": categories,
            "blocklistNames": settings.blocklists,
            "haltOnBlocklistHit": false,
            "outputType": settings.output_type,
        });
        let answer = call(exec, settings, "text:analyze", &body)?;
        if let Some(hit) = answer.get("blocklistsMatch").and_then(|m| m.as_array()).and_then(|m| m.first()) {
            let list = hit.get("blocklistName").and_then(|n| n.as_str()).unwrap_or("?");
            return Err(blocked(what, format!("blocklist `{list}` matched")));
        }
        for analysis in answer.get("categoriesAnalysis").and_then(|c| c.as_array()).into_iter().flatten() {
            let name = analysis.get("category").and_then(|c| c.as_str()).unwrap_or_default();
            let severity = analysis.get("severity").and_then(serde_json::Value::as_i64).unwrap_or(0);
            if let Some((_, threshold)) = settings.categories.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
                && severity >= *threshold
            {
                return Err(blocked(
                    what,
                    format!("{name} severity {severity} is at or over the threshold {threshold}"),
                ));
            }
        }
        if settings.shield_prompt && is_prompt {
            let answer = call(
                exec,
                settings,
                "text:shieldPrompt",
                &serde_json::json!({ "userPrompt": window, "documents": [] }),
            )?;
            if answer.pointer("/userPromptAnalysis/attackDetected").and_then(serde_json::Value::as_bool) == Some(true) {
                return Err(blocked(what, "a prompt attack was detected".to_owned()));
            }
        }
    }
    exec.note(format!("{what} passed content safety"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_overlap() {
        assert_eq!(windows("abcdefg", 3, 1), ["abc", "cde", "efg"]);
        assert_eq!(windows("abcdefgh", 3, 0), ["abc", "def", "gh"]);
        assert_eq!(windows("ab", 10, 0), ["ab"]);
        assert!(windows("", 10, 0).is_empty());
    }
}
