//! Traces of requests sent with `Ocp-Apim-Trace: true`, kept for the admin port's
//! `/traces/<request id>` (the `Ocp-Apim-Trace-Location` header points there), newest
//! [`KEPT`] only.

use std::collections::VecDeque;
use std::sync::Mutex;

/// How many traces are kept.
pub const KEPT: usize = 256;

#[derive(Default)]
pub struct TraceStore {
    traces: Mutex<VecDeque<(String, String)>>,
}

impl TraceStore {
    pub fn put(&self, id: String, json: String) {
        let mut traces = self.traces.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if traces.len() == KEPT {
            traces.pop_front();
        }
        traces.push_back((id, json));
    }

    #[must_use]
    pub fn get(&self, id: &str) -> Option<String> {
        let traces = self.traces.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        traces.iter().find(|(i, _)| i.eq_ignore_ascii_case(id)).map(|(_, j)| j.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest() {
        let store = TraceStore::default();
        for i in 0..=KEPT {
            store.put(i.to_string(), format!("{{\"n\":{i}}}"));
        }
        assert!(store.get("0").is_none());
        assert_eq!(store.get(&KEPT.to_string()).unwrap(), format!("{{\"n\":{KEPT}}}"));
    }
}
