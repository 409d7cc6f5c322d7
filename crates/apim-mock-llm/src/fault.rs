//! Which requests fail, and how: the instance's configured fault (every request, the
//! first N, or an even share), or one request's `x-mock-fault` header, plus the latency
//! before answering.

use crate::config::{Fault, MockConfig};
use crate::error::ApiError;
use crate::exchange::{MockRequest, MockResponse};

pub const FAULT_HEADER: &str = "x-mock-fault";
pub const RETRY_AFTER_HEADER: &str = "x-mock-retry-after";
pub const LATENCY_HEADER: &str = "x-mock-latency-ms";

/// Caps that keep a typo from hanging a test for hours.
const MAX_LATENCY_MS: u64 = 300_000;
const MAX_RETRY_AFTER_SECONDS: u64 = 86_400;

/// What happens to one request before it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub fault: Option<Fault>,
    pub retry_after_seconds: u64,
    pub delay_ms: u64,
}

/// The plan of the `ordinal`-th request (1-based) to an instance.
///
/// # Errors
/// A mock header with a value the mock does not understand.
pub fn plan(config: &MockConfig, request: &MockRequest, ordinal: u64) -> Result<Plan, ApiError> {
    let fault = match request.header(FAULT_HEADER) {
        Some(value) if value.trim().eq_ignore_ascii_case("none") => None,
        Some(value) => Some(Fault::parse(value).ok_or_else(|| {
            ApiError::bad_header(
                FAULT_HEADER,
                format!("{FAULT_HEADER} `{value}` is not one of 429, 500, 503, drop, none."),
            )
        })?),
        None => config.fault.filter(|_| selected(config, ordinal)),
    };
    let retry_after_seconds = match request.header(RETRY_AFTER_HEADER) {
        Some(value) => bounded(RETRY_AFTER_HEADER, value, MAX_RETRY_AFTER_SECONDS)?,
        None => config.retry_after_seconds,
    };
    let delay_ms = match request.header(LATENCY_HEADER) {
        Some(value) => bounded(LATENCY_HEADER, value, MAX_LATENCY_MS)?,
        None => config.latency_ms,
    };
    Ok(Plan { fault, retry_after_seconds, delay_ms })
}

/// Whether the configured fault hits the `ordinal`-th request.
fn selected(config: &MockConfig, ordinal: u64) -> bool {
    let first = config.fail_first.map(|n| ordinal <= n);
    let share = config.fault_rate.map(|rate| {
        // An even spread: request k fails when floor(k * rate) steps up.
        let rate = if rate.is_nan() { 0.0 } else { rate.clamp(0.0, 1.0) };
        (ordinal as f64 * rate).floor() > ((ordinal - 1) as f64 * rate).floor()
    });
    match (first, share) {
        (None, None) => true,
        (a, b) => a.unwrap_or(false) || b.unwrap_or(false),
    }
}

fn bounded(header: &str, value: &str, max: u64) -> Result<u64, ApiError> {
    match value.trim().parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(ApiError::bad_header(header, format!("{header} `{value}` is not a whole number from 0 to {max}."))),
    }
}

/// The answer a fault gives in place of the real one.
#[must_use]
pub fn response(fault: Fault, retry_after_seconds: u64) -> MockResponse {
    let with_retry_after = |response: MockResponse| {
        response
            .with_header("retry-after", retry_after_seconds.to_string())
            .with_header("retry-after-ms", retry_after_seconds.saturating_mul(1000).to_string())
    };
    match fault {
        Fault::RateLimited => with_retry_after(ApiError::rate_limited(retry_after_seconds).response()),
        Fault::ServerError => ApiError::server_error().response(),
        Fault::Unavailable => with_retry_after(ApiError::unavailable().response()),
        Fault::Drop => MockResponse::dropped(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing(config: &MockConfig, count: u64) -> Vec<u64> {
        (1..=count).filter(|k| selected(config, *k)).collect()
    }

    #[test]
    fn configured_faults_pick_their_requests() {
        let every = MockConfig { fault: Some(Fault::ServerError), ..MockConfig::default() };
        assert_eq!(failing(&every, 3), [1, 2, 3]);
        let first = MockConfig { fail_first: Some(2), ..every.clone() };
        assert_eq!(failing(&first, 5), [1, 2]);
        let half = MockConfig { fault_rate: Some(0.5), ..every.clone() };
        assert_eq!(failing(&half, 6), [2, 4, 6]);
        let third = MockConfig { fault_rate: Some(1.0 / 3.0), ..every.clone() };
        assert_eq!(failing(&third, 9), [3, 6, 9]);
        let none = MockConfig { fault_rate: Some(f64::NAN), ..every.clone() };
        assert!(failing(&none, 5).is_empty());
        let all = MockConfig { fault_rate: Some(7.0), ..every };
        assert_eq!(failing(&all, 3), [1, 2, 3]);
    }

    #[test]
    fn headers_override_the_configuration() {
        let config = MockConfig { fault: Some(Fault::ServerError), latency_ms: 9, ..MockConfig::default() };
        let request = |headers: &[(&str, &str)]| MockRequest {
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            ..MockRequest::default()
        };
        let plain = plan(&config, &request(&[]), 1).unwrap();
        assert_eq!(plain, Plan { fault: Some(Fault::ServerError), retry_after_seconds: 1, delay_ms: 9 });
        let off = plan(&config, &request(&[("X-Mock-Fault", "none")]), 1).unwrap();
        assert_eq!(off.fault, None);
        let rate = plan(&config, &request(&[("x-mock-fault", "429"), ("x-mock-retry-after", "4")]), 1).unwrap();
        assert_eq!((rate.fault, rate.retry_after_seconds), (Some(Fault::RateLimited), 4));
        assert_eq!(plan(&config, &request(&[("x-mock-latency-ms", "25")]), 1).unwrap().delay_ms, 25);
        let bad = plan(&config, &request(&[("x-mock-fault", "teapot")]), 1).unwrap_err();
        assert_eq!((bad.status, bad.param.as_deref()), (400, Some("x-mock-fault")));
        assert!(plan(&config, &request(&[("x-mock-latency-ms", "-1")]), 1).is_err());
        assert!(plan(&config, &request(&[("x-mock-latency-ms", "300001")]), 1).is_err());
    }
}
