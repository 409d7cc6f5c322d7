//! llm-token-limit and azure-openai-token-limit: a tokens-per-minute rate (sliding
//! window, 429) and a token quota per fixed UTC period (403), one counter per counter-key
//! value shared by every scope. Prompt tokens are estimated before forwarding when asked
//! (always for streams); what the model used is counted at the end of outbound from the
//! response's `usage`, or from the stream.

use apim_runtime::Value;

use super::model_call::{ModelRequest, model_answered, tokens_used};
use super::quota_period::QuotaPeriod;
use crate::clock::Millis;
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::Step;
use crate::store::{PeriodLimits, PeriodSpan, WindowLimit};

const MINUTE: Millis = 60_000;

pub fn llm_token_limit(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    token_limit(exec, step, "llm-token-limit")
}

pub fn azure_openai_token_limit(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    token_limit(exec, step, "azure-openai-token-limit")
}

/// The names the policy writes its results to.
#[derive(Debug, Clone, Default)]
struct Outputs {
    retry_after_header: String,
    retry_after_variable: Option<String>,
    remaining_tokens_header: Option<String>,
    remaining_tokens_variable: Option<String>,
    remaining_quota_header: Option<String>,
    remaining_quota_variable: Option<String>,
    consumed_header: Option<String>,
    consumed_variable: Option<String>,
}

impl Outputs {
    fn read(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Self, Fault> {
        Ok(Self {
            retry_after_header: exec
                .attr_string(step, "retry-after-header-name")?
                .unwrap_or_else(|| "Retry-After".to_owned()),
            retry_after_variable: exec.attr_string(step, "retry-after-variable-name")?,
            remaining_tokens_header: exec.attr_string(step, "remaining-tokens-header-name")?,
            remaining_tokens_variable: exec.attr_string(step, "remaining-tokens-variable-name")?,
            remaining_quota_header: exec.attr_string(step, "remaining-quota-tokens-header-name")?,
            remaining_quota_variable: exec.attr_string(step, "remaining-quota-tokens-variable-name")?,
            consumed_header: exec.attr_string(step, "tokens-consumed-header-name")?,
            consumed_variable: exec.attr_string(step, "tokens-consumed-variable-name")?,
        })
    }
}

/// Counts go into variables as `int`, as rate-limit's do.
fn int_value(n: i64) -> Value {
    Value::I32(i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX }))
}

fn set_variable(exec: &Exec<'_, '_>, name: Option<&String>, value: i64) {
    if let Some(name) = name {
        exec.ctx.set_variable(name, int_value(value));
    }
}

fn seconds_up(ms: Millis) -> i64 {
    (ms.max(0) + 999) / 1000
}

fn config_error(source: &str, message: String) -> Fault {
    Fault::internal(source, "InvalidConfiguration", message)
}

fn token_limit(exec: &mut Exec<'_, '_>, step: &Step, source: &'static str) -> Result<Flow, Fault> {
    let key = exec.attr_string(step, "counter-key")?.unwrap_or_default();
    let per_minute = exec.attr_int(step, "tokens-per-minute")?;
    let quota = exec.attr_int(step, "token-quota")?;
    let period = match exec.attr_string(step, "token-quota-period")? {
        Some(text) => Some(QuotaPeriod::parse(&text).ok_or_else(|| {
            config_error(source, format!("token-quota-period `{text}` is not Hourly, Daily, Weekly, Monthly or Yearly"))
        })?),
        None => None,
    };
    let quota = match (quota, period) {
        (Some(q), Some(p)) => Some((q, p)),
        (None, None) => None,
        _ => return Err(config_error(source, "token-quota and token-quota-period go together".to_owned())),
    };
    if per_minute.is_none() && quota.is_none() {
        return Err(config_error(
            source,
            "give tokens-per-minute, token-quota with token-quota-period, or both".into(),
        ));
    }
    let estimate_asked = exec.attr_bool(step, "estimate-prompt-tokens", false)?;
    let outputs = Outputs::read(exec, step)?;
    let request = ModelRequest::read(exec);
    let estimated =
        if estimate_asked || request.prompt.stream { i64::try_from(request.estimate()).unwrap_or(i64::MAX) } else { 0 };
    let now = exec.now();
    let rate_key = format!("llm-token-limit\u{1f}{key}");
    let quota_key = quota.map(|(_, p)| format!("llm-token-quota\u{1f}{key}\u{1f}{p:?}"));

    let mut remaining_rate = None;
    if let Some(limit) = per_minute {
        // Without an estimate the request passes while anything is left; the overrun
        // shows in the response and blocks the next ones (as documented). Nothing is
        // counted yet: the tokens used are, at the end of outbound.
        let window = WindowLimit { period_ms: MINUTE, limit };
        let check = exec.counters(|store| store.window_admit(&rate_key, window, now, estimated.max(1), 0))?;
        let (used, retry_ms) = (check.total, check.retry_after_ms);
        if !check.accepted {
            exec.note(format!("{used} of {limit} tokens used in the last minute; this prompt needs {estimated}"));
            return Err(exceeded(exec, source, &outputs, 429, retry_ms, per_minute.is_some(), quota.is_some()));
        }
        remaining_rate = Some(limit - used - estimated);
    }
    let mut remaining_quota = None;
    if let (Some((limit, period)), Some(quota_key)) = (quota, &quota_key) {
        let (start, end) = period.window(now);
        let span = PeriodSpan { start, end };
        let limits = PeriodLimits { calls: Some(limit), bytes: None };
        let check = exec.counters(|store| store.period_admit(quota_key, span, limits, estimated.max(1), 0))?;
        let used = check.usage.calls;
        if !check.accepted {
            exec.note(format!("{used} of {limit} quota tokens used this {period:?} period"));
            return Err(exceeded(exec, source, &outputs, 403, end - now, per_minute.is_some(), true));
        }
        remaining_quota = Some(limit - used - estimated);
    }
    if exec.traced() {
        exec.note(format!(
            "prompt estimate {estimated} ({}); remaining: {} per minute, {} in the quota period",
            request.encoding.name(),
            remaining_rate.map_or_else(|| "-".to_owned(), |n| n.to_string()),
            remaining_quota.map_or_else(|| "-".to_owned(), |n| n.to_string()),
        ));
    }
    set_variable(exec, outputs.remaining_tokens_variable.as_ref(), remaining_rate.unwrap_or(0));
    set_variable(exec, outputs.remaining_quota_variable.as_ref(), remaining_quota.unwrap_or(0));
    // Documented: set to the prompt estimate (or 0) before the backend is called, then
    // replaced with what the backend reports.
    set_variable(exec, outputs.consumed_variable.as_ref(), estimated);

    let estimate_for_usage = (estimated > 0).then(|| u64::try_from(estimated).unwrap_or(0));
    // The tokens go to the quota period the request was admitted in.
    let quota_start = now;
    if exec.streams_response {
        // A relayed body goes out after its head: the head carries what was known when
        // the request was admitted (the estimate), as a streamed response in APIM does.
        let outputs = outputs.clone();
        exec.deferred.push(Box::new(move |exec| {
            if exec.response_pending.get() {
                exec.with_response(|response| {
                    set_headers(&mut response.headers, &outputs, remaining_rate, remaining_quota, Some(estimated));
                });
            }
            Ok(())
        }));
    }
    exec.after_body.push(Box::new(move |exec| {
        let answered = model_answered(exec);
        let consumed = if answered {
            i64::try_from(tokens_used(exec, &request, estimate_for_usage).total).unwrap_or(i64::MAX)
        } else {
            0
        };
        let now = exec.now();
        // One counter per key: a request that meets the same key at several scopes
        // counts its tokens once.
        let mut first_count = |key: &String| {
            let first = !exec.counted_keys.contains(key);
            if first {
                exec.counted_keys.push(key.clone());
            }
            first
        };
        let count_rate = first_count(&rate_key);
        let count_quota = quota_key.as_ref().is_some_and(&mut first_count);
        let mut remaining_rate = None;
        if let Some(limit) = per_minute {
            let amount = if count_rate { consumed.max(0) } else { 0 };
            let total = exec.counters(|store| store.window_add(&rate_key, MINUTE, now, amount))?;
            remaining_rate = Some((limit - total).max(0));
        }
        let mut remaining_quota = None;
        if let (Some((limit, period)), Some(quota_key)) = (quota, quota_key) {
            let (start, end) = period.window(quota_start);
            let amount = if count_quota { consumed } else { 0 };
            let usage = exec.counters(|store| store.period_add(&quota_key, PeriodSpan { start, end }, amount, 0))?;
            remaining_quota = Some((limit - usage.calls).max(0));
        }
        set_variable(exec, outputs.remaining_tokens_variable.as_ref(), remaining_rate.unwrap_or(0));
        set_variable(exec, outputs.remaining_quota_variable.as_ref(), remaining_quota.unwrap_or(0));
        if answered {
            set_variable(exec, outputs.consumed_variable.as_ref(), consumed);
        }
        exec.with_response(|response| {
            let consumed = answered.then_some(consumed);
            set_headers(&mut response.headers, &outputs, remaining_rate, remaining_quota, consumed);
        });
        Ok(())
    }));
    Ok(Flow::Next)
}

fn set_headers(
    headers: &mut apim_http::Headers,
    outputs: &Outputs,
    remaining_rate: Option<i64>,
    remaining_quota: Option<i64>,
    consumed: Option<i64>,
) {
    if let (Some(name), Some(n)) = (&outputs.remaining_tokens_header, remaining_rate) {
        headers.set(name, n.to_string());
    }
    if let (Some(name), Some(n)) = (&outputs.remaining_quota_header, remaining_quota) {
        headers.set(name, n.to_string());
    }
    if let (Some(name), Some(n)) = (&outputs.consumed_header, consumed) {
        headers.set(name, n.to_string());
    }
}

/// 429 for the rate, 403 for the quota, with the retry interval in seconds.
fn exceeded(
    exec: &Exec<'_, '_>,
    source: &'static str,
    outputs: &Outputs,
    status: u16,
    retry_ms: Millis,
    has_rate: bool,
    has_quota: bool,
) -> Fault {
    let seconds = seconds_up(retry_ms);
    if let Some(name) = &outputs.retry_after_variable {
        exec.ctx.set_variable(name, int_value(seconds));
    }
    let (reason, what) =
        if status == 429 { ("TokenLimitExceeded", "Token limit") } else { ("TokenQuotaExceeded", "Token quota") };
    let message = format!("{what} is exceeded. Try again in {seconds} seconds.");
    let mut fault = Fault::new(source, reason, message.clone(), status, message)
        .with_header(&outputs.retry_after_header, seconds.to_string());
    if status == 429 {
        set_variable(exec, outputs.remaining_tokens_variable.as_ref(), 0);
        if let (Some(name), true) = (&outputs.remaining_tokens_header, has_rate) {
            fault = fault.with_header(name, "0");
        }
    } else {
        set_variable(exec, outputs.remaining_quota_variable.as_ref(), 0);
        if let (Some(name), true) = (&outputs.remaining_quota_header, has_quota) {
            fault = fault.with_header(name, "0");
        }
    }
    fault
}
