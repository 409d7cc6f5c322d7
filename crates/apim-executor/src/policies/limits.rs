//! Call rates and quotas: rate-limit, rate-limit-by-key (sliding windows), quota and
//! quota-by-key (fixed periods), counted in the store on the gateway's clock.

use apim_runtime::Value;

use crate::clock::Millis;
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::{Node, Step};
use crate::store::{PeriodLimits, PeriodSpan, WindowLimit};
use crate::template::Template;

fn subscription_id(exec: &Exec<'_, '_>) -> String {
    match exec.ctx.data.subscription.as_ref().and_then(|s| s.get("Id")) {
        Some(Value::Str(id)) => id.to_string(),
        _ => "anonymous".to_owned(),
    }
}

fn seconds_up(ms: Millis) -> i64 {
    (ms + 999) / 1000
}

struct RateLimit {
    source: &'static str,
    key: String,
    calls: i64,
    period_ms: Millis,
    /// Counted now; `None` when the count is decided at the end of outbound.
    count_now: Option<i64>,
}

fn rate_exceeded(exec: &mut Exec<'_, '_>, step: &Step, limit: &RateLimit, retry_ms: Millis) -> Result<Fault, Fault> {
    let seconds = seconds_up(retry_ms);
    let header = exec.attr_string(step, "retry-after-header-name")?.unwrap_or_else(|| "Retry-After".to_owned());
    if let Some(variable) = exec.attr_string(step, "retry-after-variable-name")? {
        exec.ctx.set_variable(&variable, Value::I32(i32::try_from(seconds).unwrap_or(i32::MAX)));
    }
    if let Some(variable) = exec.attr_string(step, "remaining-calls-variable-name")? {
        exec.ctx.set_variable(&variable, Value::I32(0));
    }
    let mut fault = Fault::new(
        limit.source,
        "RateLimitExceeded",
        "Rate limit is exceeded",
        429,
        format!("Rate limit is exceeded. Try again in {seconds} seconds."),
    )
    .with_header(&header, seconds.to_string());
    if let Some(name) = exec.attr_string(step, "remaining-calls-header-name")? {
        fault = fault.with_header(&name, "0");
    }
    if let Some(name) = exec.attr_string(step, "total-calls-header-name")? {
        fault = fault.with_header(&name, limit.calls.to_string());
    }
    Ok(fault)
}

fn apply_rate_limit(
    exec: &mut Exec<'_, '_>,
    step: &Step,
    limit: RateLimit,
    condition: Option<Template>,
    count: Option<Template>,
) -> Result<Flow, Fault> {
    let now = exec.now();
    let needed = limit.count_now.unwrap_or(1);
    // Check and count in one store operation, so concurrent requests never over-admit.
    let window = WindowLimit { period_ms: limit.period_ms, limit: limit.calls };
    let add = limit.count_now.unwrap_or(0);
    let check = exec.counters(|store| store.window_admit(&limit.key, window, now, needed, add))?;
    let used = check.total;
    if !check.accepted {
        return Err(rate_exceeded(exec, step, &limit, check.retry_after_ms)?);
    }
    let remaining_now = limit.calls - used - limit.count_now.unwrap_or(0);
    if limit.count_now.is_none() {
        let key = limit.key.clone();
        exec.deferred.push(Box::new(move |exec| {
            let amount = increment(exec, condition.as_ref(), count.as_ref())?;
            if amount != 0 {
                let now = exec.now();
                exec.counters(|store| store.window_add(&key, window.period_ms, now, amount))?;
            }
            Ok(())
        }));
    }
    exec.note_with(|| format!("{used} of {} calls used in the window; {remaining_now} remain", limit.calls));
    if let Some(variable) = exec.attr_string(step, "remaining-calls-variable-name")? {
        exec.ctx.set_variable(&variable, Value::I32(i32::try_from(remaining_now).unwrap_or(i32::MAX)));
    }
    let remaining_header = exec.attr_string(step, "remaining-calls-header-name")?;
    let total_header = exec.attr_string(step, "total-calls-header-name")?;
    if remaining_header.is_some() || total_header.is_some() {
        let calls = limit.calls;
        exec.deferred.push(Box::new(move |exec| {
            exec.with_response(|response| {
                if let Some(name) = &remaining_header {
                    response.headers.set(name, remaining_now.to_string());
                }
                if let Some(name) = &total_header {
                    response.headers.set(name, calls.to_string());
                }
            });
            Ok(())
        }));
    }
    Ok(Flow::Next)
}

/// How much a request counts: `increment-count` (default 1) when `increment-condition`
/// (default true) holds, else 0.
fn increment(exec: &mut Exec<'_, '_>, condition: Option<&Template>, count: Option<&Template>) -> Result<i64, Fault> {
    let counted = match condition {
        Some(c) => exec.eval_bool(c, "increment-condition")?,
        None => true,
    };
    if !counted {
        return Ok(0);
    }
    match count {
        Some(c) => exec.eval_int(c, "increment-count"),
        None => Ok(1),
    }
}

/// Per subscription; a separate counter at each scope.
pub fn rate_limit(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let calls = exec.attr_int(step, "calls")?.unwrap_or(0);
    let period = exec.attr_int(step, "renewal-period")?.unwrap_or(1);
    let key = format!("rate-limit\u{1f}{}\u{1f}{}\u{1f}{}", subscription_id(exec), step.scope as u8, step.path);
    apply_rate_limit(
        exec,
        step,
        RateLimit { source: "rate-limit", key, calls, period_ms: period * 1000, count_now: Some(1) },
        None,
        None,
    )
}

/// One counter per `counter-key` value, shared by every scope that uses the value. An
/// `increment-condition` or `increment-count` written as an expression is evaluated, and
/// counted, at the end of outbound, as documented.
pub fn rate_limit_by_key(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let calls = exec.attr_int(step, "calls")?.unwrap_or(0);
    let period = exec.attr_int(step, "renewal-period")?.unwrap_or(1);
    let counter = exec.attr_string(step, "counter-key")?.unwrap_or_default();
    let key = format!("rate-limit-by-key\u{1f}{counter}");
    let condition = step.attr("increment-condition").cloned();
    let count = step.attr("increment-count").cloned();
    let postponed = matches!(condition, Some(Template::Expr(_))) || matches!(count, Some(Template::Expr(_)));
    let count_now = if postponed { None } else { Some(increment(exec, condition.as_ref(), count.as_ref())?) };
    let limit = RateLimit { source: "rate-limit-by-key", key, calls, period_ms: period * 1000, count_now };
    apply_rate_limit(exec, step, limit, condition, count)
}

struct Quota {
    source: &'static str,
    key: String,
    calls: Option<i64>,
    kilobytes: Option<i64>,
    period_ms: Millis,
    origin: Millis,
    amount: i64,
}

fn apply_quota(exec: &mut Exec<'_, '_>, quota: Quota) -> Result<Flow, Fault> {
    let now = exec.now();
    let (start, end) = if quota.period_ms <= 0 {
        (quota.origin, i64::MAX)
    } else {
        let index = (now - quota.origin).div_euclid(quota.period_ms);
        let start = quota.origin + index * quota.period_ms;
        (start, start + quota.period_ms)
    };
    let span = PeriodSpan { start, end };
    let limits = PeriodLimits { calls: quota.calls, bytes: quota.kilobytes.map(|kb| kb.saturating_mul(1024)) };
    let check = exec.counters(|store| store.period_admit(&quota.key, span, limits, quota.amount, quota.amount))?;
    if !check.accepted {
        let calls_out = quota.calls.is_some_and(|limit| check.usage.calls + quota.amount > limit);
        let wait_ms = end.saturating_sub(now);
        let wait = apim_dotnet::TimeSpan::from_ticks((wait_ms / 1000) * apim_dotnet::TimeSpan::TICKS_PER_SECOND);
        let replenished = apim_runtime::display(&Value::TimeSpan(wait));
        let what = if calls_out { "call volume" } else { "bandwidth" };
        let message = format!("Out of {what} quota. Quota will be replenished in {replenished}.");
        return Err(Fault::new(quota.source, "QuotaExceeded", message.clone(), 403, message)
            .with_header("Retry-After", seconds_up(wait_ms).to_string()));
    }
    let used = check.usage.calls;
    exec.note_with(|| format!("{used} call(s) used in the quota period"));
    if quota.kilobytes.is_some() {
        let key = quota.key;
        exec.deferred.push(Box::new(move |exec| {
            let request_bytes = exec.ctx.data.request.borrow().body.as_ref().map_or(0, |b| b.bytes.len());
            let response_bytes =
                exec.ctx.data.response.borrow().as_ref().and_then(|r| r.body.as_ref()).map_or(0, |b| b.bytes.len());
            let bytes = i64::try_from(request_bytes + response_bytes).unwrap_or(i64::MAX);
            exec.counters(|store| store.period_add(&key, span, 0, bytes))?;
            Ok(())
        }));
    }
    Ok(Flow::Next)
}

fn subscription_start(exec: &Exec<'_, '_>) -> Millis {
    match exec.ctx.data.subscription.as_ref().and_then(|s| s.get("CreatedDate")) {
        Some(Value::DateTime(d)) => millis_of(*d),
        _ => 0,
    }
}

fn millis_of(date: apim_dotnet::DateTime) -> Millis {
    (date.ticks() - apim_dotnet::DateTime::UNIX_EPOCH_TICKS) / apim_dotnet::TimeSpan::TICKS_PER_MILLISECOND
}

/// Per subscription, fixed periods aligned to the subscription's creation.
pub fn quota(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let calls = exec.attr_int(step, "calls")?;
    let kilobytes = exec.attr_int(step, "bandwidth")?;
    let period = exec.attr_int(step, "renewal-period")?.unwrap_or(0);
    let key = format!("quota\u{1f}{}\u{1f}{}\u{1f}{}", subscription_id(exec), step.scope as u8, step.path);
    let origin = subscription_start(exec);
    apply_quota(exec, Quota { source: "quota", key, calls, kilobytes, period_ms: period * 1000, origin, amount: 1 })
}

/// Per `counter-key` value, fixed periods from `first-period-start`; a key is counted at
/// most once per request however many quota-by-key policies name it.
pub fn quota_by_key(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let calls = exec.attr_int(step, "calls")?;
    let kilobytes = exec.attr_int(step, "bandwidth")?;
    let period = exec.attr_int(step, "renewal-period")?.unwrap_or(0);
    let counter = exec.attr_string(step, "counter-key")?.unwrap_or_default();
    let counted = match step.attr("increment-condition") {
        Some(c) => exec.eval_bool(&c.clone(), "increment-condition")?,
        None => true,
    };
    let amount = if counted { exec.attr_int(step, "increment-count")?.unwrap_or(1) } else { 0 };
    let origin = match exec.attr_string(step, "first-period-start")? {
        Some(text) => match apim_dotnet::DateTime::parse(&text, apim_dotnet::DateTime::MIN_VALUE) {
            Ok(date) => millis_of(date.to_universal_time()),
            Err(_) => {
                return Err(Fault::internal(
                    "quota-by-key",
                    "InvalidFirstPeriodStart",
                    format!("first-period-start is not a date: {text}"),
                ));
            }
        },
        None => millis_of(apim_dotnet::DateTime::MIN_VALUE),
    };
    let key = format!("quota-by-key\u{1f}{counter}");
    let amount = if exec.counted_keys.contains(&key) { 0 } else { amount };
    exec.counted_keys.push(key.clone());
    apply_quota(exec, Quota { source: "quota", key, calls, kilobytes, period_ms: period * 1000, origin, amount })
}
