//! `/metrics` on the admin port, in the Prometheus text format: requests by API,
//! operation and status; request latency; backend calls by backend and status (a pool's
//! spill shows here); and every metric the policies emitted (`emit-metric`,
//! `llm-emit-token-metric`), summed per name and dimension set.

use std::sync::Mutex;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = Vec<(String, String)>;

pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<Labels, Counter>,
    durations: Family<Labels, Histogram>,
    backend_calls: Family<Labels, Counter>,
    emitted: Family<Labels, Counter<f64, std::sync::atomic::AtomicU64>>,
    tokens: Family<Labels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<Labels, Counter>::default();
        let durations =
            Family::<Labels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 16)));
        let backend_calls = Family::<Labels, Counter>::default();
        let emitted = Family::<Labels, Counter<f64, std::sync::atomic::AtomicU64>>::default();
        let tokens = Family::<Labels, Counter>::default();
        let mut registry = Registry::with_prefix("apim");
        registry.register("requests", "Requests answered, by API, operation and status", requests.clone());
        registry.register("request_duration_seconds", "Time from request to response", durations.clone());
        registry.register("backend_calls", "Calls to backends, by backend and status", backend_calls.clone());
        registry.register("emitted_metric", "Values of emit-metric and llm-emit-token-metric, summed", emitted.clone());
        registry.register("llm_tokens", "Prompt and completion tokens in backend usage, by API", tokens.clone());
        Self { registry: Mutex::new(registry), requests, durations, backend_calls, emitted, tokens }
    }
}

impl Metrics {
    pub fn request(&self, api: &str, operation: &str, status: u16, seconds: f64) {
        let labels = vec![("api".to_owned(), api.to_owned()), ("operation".to_owned(), operation.to_owned())];
        self.durations.get_or_create(&labels).observe(seconds);
        let mut with_status = labels;
        with_status.push(("status".to_owned(), status.to_string()));
        self.requests.get_or_create(&with_status).inc();
    }

    pub fn backend_call(&self, backend: &str, status: Option<u16>) {
        let status = status.map_or_else(|| "failed".to_owned(), |s| s.to_string());
        self.backend_calls
            .get_or_create(&vec![("backend".to_owned(), backend.to_owned()), ("status".to_owned(), status)])
            .inc();
    }

    pub fn emitted(&self, metric: &apim_executor::state::Metric) {
        let mut labels =
            vec![("name".to_owned(), metric.name.clone()), ("namespace".to_owned(), metric.namespace.clone())];
        labels.extend(metric.dimensions.iter().map(|(k, v)| (label_name(k), v.clone())));
        self.emitted.get_or_create(&labels).inc_by(metric.value);
    }

    pub fn tokens(&self, api: &str, kind: &str, count: u64) {
        self.tokens
            .get_or_create(&vec![("api".to_owned(), api.to_owned()), ("kind".to_owned(), kind.to_owned())])
            .inc_by(count);
    }

    /// The text exposition.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &registry);
        out
    }
}

/// A dimension name as a Prometheus label name (`Subscription ID` -> `subscription_id`).
fn label_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, '_');
    }
    if matches!(out.as_str(), "name" | "namespace") {
        out.insert_str(0, "dimension_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_requests_and_emitted_metrics() {
        let metrics = Metrics::default();
        metrics.request("chat", "create", 200, 0.01);
        metrics.backend_call("mock://primary", Some(429));
        let mut dimensions = std::collections::BTreeMap::new();
        dimensions.insert("Subscription ID".to_owned(), "dev".to_owned());
        let metric = apim_executor::state::Metric {
            name: "Total Tokens".into(),
            namespace: "openai".into(),
            value: 12.0,
            dimensions,
        };
        metrics.emitted(&metric);
        metrics.emitted(&metric);
        let text = metrics.render();
        assert!(text.contains(r#"apim_requests_total{api="chat",operation="create",status="200"} 1"#), "{text}");
        assert!(text.contains(r#"apim_backend_calls_total{backend="mock://primary",status="429"} 1"#), "{text}");
        assert!(
            text.contains(
                r#"apim_emitted_metric_total{name="Total Tokens",namespace="openai",subscription_id="dev"} 24"#
            ),
            "{text}"
        );
    }
}
