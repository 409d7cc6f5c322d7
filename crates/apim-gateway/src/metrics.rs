//! `/metrics` on the admin port, in the Prometheus text format: requests by API,
//! operation and status; request latency; backend calls by backend and status (a pool's
//! spill shows here); and every metric the policies emitted (`emit-metric`,
//! `llm-emit-token-metric`), summed per name and dimension set.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::{Equivalent, HashMap};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = Vec<(String, String)>;
type FloatCounter = Counter<f64, AtomicU64>;

pub struct Metrics {
    /// Tells this instance's per-thread handles from another's.
    id: u64,
    registry: Mutex<Registry>,
    requests: Family<Labels, Counter>,
    durations: Family<Labels, Histogram>,
    backend_calls: Family<Labels, Counter>,
    emitted: Family<Labels, FloatCounter>,
    tokens: Family<Labels, Counter>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<Labels, Counter>::default();
        let durations =
            Family::<Labels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 16)));
        let backend_calls = Family::<Labels, Counter>::default();
        let emitted = Family::<Labels, FloatCounter>::default();
        let tokens = Family::<Labels, Counter>::default();
        let mut registry = Registry::with_prefix("apim");
        registry.register("requests", "Requests answered, by API, operation and status", requests.clone());
        registry.register("request_duration_seconds", "Time from request to response", durations.clone());
        registry.register("backend_calls", "Calls to backends, by backend and status", backend_calls.clone());
        registry.register("emitted_metric", "Values of emit-metric and llm-emit-token-metric, summed", emitted.clone());
        registry.register("llm_tokens", "Prompt and completion tokens in backend usage, by API", tokens.clone());
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Self { id, registry: Mutex::new(registry), requests, durations, backend_calls, emitted, tokens }
    }
}

/// Each thread's handles to the series it has already counted into, by their label
/// values: a request then finds its counters with one hash of borrowed strings, instead
/// of building label vectors and looking them up in the shared families (behind their
/// locks). Handles share their series with the families, so `/metrics` sees every count.
#[derive(Default)]
struct Handles {
    owner: u64,
    requests: HashMap<(String, String, u16), (Counter, Histogram)>,
    backend_calls: HashMap<(String, Option<u16>), Counter>,
    tokens: HashMap<(String, String), Counter>,
    emitted: HashMap<(String, String, BTreeMap<String, String>), FloatCounter>,
}

thread_local! {
    static HANDLES: RefCell<Handles> = RefCell::new(Handles::default());
}

/// The borrowed form of a handle key: hashes as the owned key does (fields in order, a
/// `&T` as its `T`).
#[derive(Hash)]
struct RequestKey<'a>(&'a str, &'a str, u16);
impl Equivalent<(String, String, u16)> for RequestKey<'_> {
    fn equivalent(&self, key: &(String, String, u16)) -> bool {
        self.0 == key.0 && self.1 == key.1 && self.2 == key.2
    }
}

#[derive(Hash)]
struct BackendKey<'a>(&'a str, Option<u16>);
impl Equivalent<(String, Option<u16>)> for BackendKey<'_> {
    fn equivalent(&self, key: &(String, Option<u16>)) -> bool {
        self.0 == key.0 && self.1 == key.1
    }
}

#[derive(Hash)]
struct PairKey<'a>(&'a str, &'a str);
impl Equivalent<(String, String)> for PairKey<'_> {
    fn equivalent(&self, key: &(String, String)) -> bool {
        self.0 == key.0 && self.1 == key.1
    }
}

#[derive(Hash)]
struct EmittedKey<'a>(&'a str, &'a str, &'a BTreeMap<String, String>);
impl Equivalent<(String, String, BTreeMap<String, String>)> for EmittedKey<'_> {
    fn equivalent(&self, key: &(String, String, BTreeMap<String, String>)) -> bool {
        self.0 == key.0 && self.1 == key.1 && *self.2 == key.2
    }
}

impl Metrics {
    fn with_handles<R>(&self, work: impl FnOnce(&mut Handles) -> R) -> R {
        HANDLES.with(|cell| {
            let mut handles = cell.borrow_mut();
            if handles.owner != self.id {
                *handles = Handles { owner: self.id, ..Handles::default() };
            }
            work(&mut handles)
        })
    }

    pub fn request(&self, api: &str, operation: &str, status: u16, seconds: f64) {
        self.with_handles(|handles| {
            if let Some((count, duration)) = handles.requests.get(&RequestKey(api, operation, status)) {
                count.inc();
                duration.observe(seconds);
                return;
            }
            let labels = vec![("api".to_owned(), api.to_owned()), ("operation".to_owned(), operation.to_owned())];
            let duration = self.durations.get_or_create(&labels).clone();
            let mut with_status = labels;
            with_status.push(("status".to_owned(), status.to_string()));
            let count = self.requests.get_or_create(&with_status).clone();
            count.inc();
            duration.observe(seconds);
            handles.requests.insert((api.to_owned(), operation.to_owned(), status), (count, duration));
        });
    }

    pub fn backend_call(&self, backend: &str, status: Option<u16>) {
        self.with_handles(|handles| {
            if let Some(count) = handles.backend_calls.get(&BackendKey(backend, status)) {
                count.inc();
                return;
            }
            let shown = status.map_or_else(|| "failed".to_owned(), |s| s.to_string());
            let labels = vec![("backend".to_owned(), backend.to_owned()), ("status".to_owned(), shown)];
            let count = self.backend_calls.get_or_create(&labels).clone();
            count.inc();
            handles.backend_calls.insert((backend.to_owned(), status), count);
        });
    }

    pub fn emitted(&self, metric: &apim_executor::state::Metric) {
        self.with_handles(|handles| {
            let key = EmittedKey(&metric.name, &metric.namespace, &metric.dimensions);
            if let Some(count) = handles.emitted.get(&key) {
                count.inc_by(metric.value);
                return;
            }
            let mut labels =
                vec![("name".to_owned(), metric.name.clone()), ("namespace".to_owned(), metric.namespace.clone())];
            labels.extend(metric.dimensions.iter().map(|(k, v)| (label_name(k), v.clone())));
            let count = self.emitted.get_or_create(&labels).clone();
            count.inc_by(metric.value);
            let key = (metric.name.clone(), metric.namespace.clone(), metric.dimensions.clone());
            handles.emitted.insert(key, count);
        });
    }

    pub fn tokens(&self, api: &str, kind: &str, count: u64) {
        self.with_handles(|handles| {
            if let Some(counter) = handles.tokens.get(&PairKey(api, kind)) {
                counter.inc_by(count);
                return;
            }
            let labels = vec![("api".to_owned(), api.to_owned()), ("kind".to_owned(), kind.to_owned())];
            let counter = self.tokens.get_or_create(&labels).clone();
            counter.inc_by(count);
            handles.tokens.insert((api.to_owned(), kind.to_owned()), counter);
        });
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
        // Twice each: the second count goes through the thread's handle.
        for _ in 0..2 {
            metrics.request("chat", "create", 200, 0.01);
            metrics.backend_call("mock://primary", Some(429));
            metrics.backend_call("mock://primary", None);
            metrics.tokens("chat", "prompt", 5);
        }
        metrics.request("chat", "create", 429, 0.01);
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
        assert!(text.contains(r#"apim_requests_total{api="chat",operation="create",status="200"} 2"#), "{text}");
        assert!(text.contains(r#"apim_requests_total{api="chat",operation="create",status="429"} 1"#), "{text}");
        assert!(text.contains(r#"apim_request_duration_seconds_count{api="chat",operation="create"} 3"#), "{text}");
        assert!(text.contains(r#"apim_backend_calls_total{backend="mock://primary",status="429"} 2"#), "{text}");
        assert!(text.contains(r#"apim_backend_calls_total{backend="mock://primary",status="failed"} 2"#), "{text}");
        assert!(text.contains(r#"apim_llm_tokens_total{api="chat",kind="prompt"} 10"#), "{text}");
        // Another instance on the same thread counts on its own.
        let other = Metrics::default();
        other.request("chat", "create", 200, 0.01);
        assert!(other.render().contains(r#"apim_requests_total{api="chat",operation="create",status="200"} 1"#));
        assert!(
            text.contains(
                r#"apim_emitted_metric_total{name="Total Tokens",namespace="openai",subscription_id="dev"} 24"#
            ),
            "{text}"
        );
    }
}
