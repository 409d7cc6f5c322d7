//! Load-balanced backend pools and circuit breakers, as APIM's backend entities define
//! them: a pool spreads requests over its members round-robin, by weight, or by priority
//! group (a smaller number is preferred; a lower group is used only when every member of
//! the groups above is tripped); a circuit breaker counts failures within an interval
//! and, once tripped, keeps the gateway from calling that backend for the trip duration
//! (or the backend's `Retry-After` with `acceptRetryAfter`), answering 503 instead.
//! The state is per gateway instance ([`PoolState`] in the gateway state), as in APIM.

use std::collections::HashMap;

use crate::backend::{BackendFailure, IncomingResponse};
use crate::clock::Millis;

/// One member of a pool: a backend entity id with its priority and weight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolMember {
    pub id: String,
    pub priority: Option<u32>,
    pub weight: Option<u32>,
}

/// A backend's circuit-breaker rule (APIM allows one per backend).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CircuitBreakerRule {
    pub name: String,
    /// Trip once this many failures fall within `interval_ms`.
    pub count: Option<u32>,
    /// Or once this percentage of the calls within `interval_ms` failed.
    pub percentage: Option<u32>,
    pub interval_ms: Millis,
    /// Response statuses counted as failures (inclusive ranges).
    pub status_ranges: Vec<(u16, u16)>,
    /// Failure reasons counted besides statuses; a connection failure or timeout always
    /// counts (the documentation names no other reasons).
    pub error_reasons: Vec<String>,
    pub trip_ms: Millis,
    /// Take the backend's `Retry-After` (seconds) as the trip duration when it sends one.
    pub accept_retry_after: bool,
}

/// An ISO 8601 duration (`PT1H`, `PT10S`, `PT1M30S`, `P1D`, `PT0.5S`) in milliseconds.
#[must_use]
pub fn parse_iso_duration(text: &str) -> Option<Millis> {
    let rest = text.trim().strip_prefix(['P', 'p'])?;
    let (days, time) = match rest.find(['T', 't']) {
        Some(t) => (&rest[..t], Some(&rest[t + 1..])),
        None => (rest, None),
    };
    let mut total = 0.0_f64;
    let mut any = false;
    for (part, units) in [(days, &[('W', 604_800_000.0), ('D', 86_400_000.0)][..])]
        .into_iter()
        .chain(time.map(|t| (t, &[('H', 3_600_000.0), ('M', 60_000.0), ('S', 1000.0)][..])))
    {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let factor = units.iter().find(|(u, _)| u.eq_ignore_ascii_case(&c)).map(|(_, f)| *f)?;
            total += number.parse::<f64>().ok()? * factor;
            number.clear();
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    #[allow(clippy::cast_possible_truncation)] // durations far below i64::MAX ms
    any.then_some(total.round() as Millis)
}

/// A breaker's record of recent calls and whether it is open.
#[derive(Debug, Clone, Default)]
pub struct Breaker {
    calls: CallWindow,
    pub open_until: Option<Millis>,
    /// How many times it tripped (shown in traces and tests).
    pub trips: u32,
}

/// The calls within a rule's interval, counted per millisecond with running totals: a
/// busy backend sees thousands of calls an interval, and each call is checked.
#[derive(Debug, Clone, Default)]
struct CallWindow {
    /// (when, calls, failures), oldest first.
    buckets: std::collections::VecDeque<(Millis, usize, usize)>,
    calls: usize,
    failures: usize,
}

impl CallWindow {
    fn record(&mut self, now: Millis, interval_ms: Millis, failed: bool) {
        while let Some(&(at, calls, failures)) = self.buckets.front() {
            if now - at < interval_ms {
                break;
            }
            self.calls -= calls;
            self.failures -= failures;
            self.buckets.pop_front();
        }
        let failure = usize::from(failed);
        match self.buckets.back_mut() {
            Some((at, calls, failures)) if *at == now => {
                *calls += 1;
                *failures += failure;
            }
            _ => self.buckets.push_back((now, 1, failure)),
        }
        self.calls += 1;
        self.failures += failure;
    }

    fn clear(&mut self) {
        *self = Self::default();
    }
}

/// Pool and breaker state of one gateway.
#[derive(Debug, Clone, Default)]
pub struct PoolState {
    pub breakers: HashMap<String, Breaker>,
    /// Smooth weighted round-robin: the running weight of each (pool, member).
    current: HashMap<(String, String), i64>,
}

impl PoolState {
    /// Whether `id`'s breaker is open at `now` (an expired trip closes it).
    pub fn is_tripped(&mut self, id: &str, now: Millis) -> bool {
        match self.breakers.get_mut(id) {
            Some(breaker) => match breaker.open_until {
                Some(until) if until > now => true,
                Some(_) => {
                    breaker.open_until = None;
                    false
                }
                None => false,
            },
            None => false,
        }
    }

    /// Picks the member of a pool that gets the next request: the most preferred priority
    /// group with an untripped member, then smooth weighted round-robin among its
    /// untripped members (equal weights make it plain round-robin). `None` when every
    /// member is tripped.
    pub fn choose(&mut self, pool: &str, members: &[PoolMember], now: Millis) -> Option<String> {
        let mut priorities: Vec<u32> = members.iter().map(|m| m.priority.unwrap_or(0)).collect();
        priorities.sort_unstable();
        priorities.dedup();
        for priority in priorities {
            let available: Vec<&PoolMember> = members
                .iter()
                .filter(|m| m.priority.unwrap_or(0) == priority)
                .filter(|m| !self.is_tripped(&m.id, now))
                .collect();
            if available.is_empty() {
                continue;
            }
            let weight = |m: &PoolMember| i64::from(m.weight.filter(|w| *w > 0).unwrap_or(1));
            let total: i64 = available.iter().map(|m| weight(m)).sum();
            let mut best: Option<(&PoolMember, i64)> = None;
            for member in &available {
                let current = self.current.entry((pool.to_owned(), member.id.clone())).or_insert(0);
                *current += weight(member);
                if best.is_none_or(|(_, c)| *current > c) {
                    best = Some((member, *current));
                }
            }
            let (chosen, _) = best?;
            if let Some(current) = self.current.get_mut(&(pool.to_owned(), chosen.id.clone())) {
                *current -= total;
            }
            return Some(chosen.id.clone());
        }
        None
    }

    /// Counts one call's outcome against `id`'s rule; returns the trip duration when this
    /// call tripped the breaker.
    pub fn record(
        &mut self,
        id: &str,
        rule: &CircuitBreakerRule,
        result: &Result<IncomingResponse, BackendFailure>,
        now: Millis,
    ) -> Option<Millis> {
        let failed = match result {
            Ok(response) => rule.status_ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&response.status)),
            Err(_) => true,
        };
        let breaker = self.breakers.entry(id.to_owned()).or_default();
        breaker.calls.record(now, rule.interval_ms, failed);
        if !failed {
            return None;
        }
        let failures = breaker.calls.failures;
        let by_count = rule.count.is_some_and(|c| failures >= c as usize);
        let by_share = rule.percentage.is_some_and(|p| failures * 100 >= p as usize * breaker.calls.calls);
        if !(by_count || by_share) {
            return None;
        }
        let retry_after = match result {
            Ok(response) if rule.accept_retry_after => {
                response.headers.joined("Retry-After").and_then(|v| v.trim().parse::<i64>().ok()).map(|s| s * 1000)
            }
            _ => None,
        };
        let duration = retry_after.unwrap_or(rule.trip_ms);
        breaker.open_until = Some(now + duration);
        breaker.calls.clear();
        breaker.trips += 1;
        Some(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations() {
        assert_eq!(parse_iso_duration("PT1H"), Some(3_600_000));
        assert_eq!(parse_iso_duration("PT10S"), Some(10_000));
        assert_eq!(parse_iso_duration("PT1M30S"), Some(90_000));
        assert_eq!(parse_iso_duration("P1D"), Some(86_400_000));
        assert_eq!(parse_iso_duration("P1DT2H"), Some(93_600_000));
        assert_eq!(parse_iso_duration("PT0.5S"), Some(500));
        assert_eq!(parse_iso_duration("1H"), None);
        assert_eq!(parse_iso_duration("PT"), None);
        assert_eq!(parse_iso_duration("PT5"), None);
        assert_eq!(parse_iso_duration("PT5X"), None);
    }

    fn member(id: &str, priority: Option<u32>, weight: Option<u32>) -> PoolMember {
        PoolMember { id: id.to_owned(), priority, weight }
    }

    #[test]
    fn weighted_round_robin_is_exact_and_smooth() {
        let mut state = PoolState::default();
        let members = [member("a", None, Some(3)), member("b", None, Some(1))];
        let picks: Vec<String> = (0..8).map(|_| state.choose("p", &members, 0).unwrap_or_default()).collect();
        assert_eq!(picks, ["a", "a", "b", "a", "a", "a", "b", "a"]);
    }

    #[test]
    fn priority_groups_fall_back_only_when_tripped() {
        let mut state = PoolState::default();
        let members = [member("ptu", Some(1), None), member("payg", Some(2), None)];
        assert_eq!(state.choose("p", &members, 0).as_deref(), Some("ptu"));
        state.breakers.entry("ptu".to_owned()).or_default().open_until = Some(1000);
        assert_eq!(state.choose("p", &members, 500).as_deref(), Some("payg"));
        assert_eq!(state.choose("p", &members, 1000).as_deref(), Some("ptu"));
        state.breakers.entry("payg".to_owned()).or_default().open_until = Some(5000);
        state.breakers.entry("ptu".to_owned()).or_default().open_until = Some(5000);
        assert_eq!(state.choose("p", &members, 2000), None);
    }
}
