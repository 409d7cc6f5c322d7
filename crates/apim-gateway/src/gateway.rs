//! One request through the gateway, on a blocking worker thread: route, check the
//! subscription key, run the operation's effective policy with the executor, and record
//! the metrics, trace and access-log line.
//!
//! A compiled [`Pipeline`] holds `Rc`s, so it cannot move between threads: each worker
//! compiles the pipelines it needs once from the site's (sendable) load inputs and keeps
//! them in a thread-local cache, dropped when the site is reloaded.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use apim_executor::{
    CounterScope, Environment, GatewayState, Pipeline, RequestInput, StateStore, StoreConfig, SystemClock,
};
use apim_http::Headers;

use crate::access_log::{AccessLog, AccessRecord};
use crate::metrics::Metrics;
use crate::routing::RouteError;
use crate::site::Site;
use crate::subscription::KeyProblem;
use crate::suspend::{Suspender, SuspendingClock};
use crate::traces::TraceStore;
use crate::upstream::Upstream;

/// An incoming request.
#[derive(Debug)]
pub struct HttpIn {
    pub method: String,
    /// `/path?query`.
    pub target: String,
    pub headers: Headers,
    /// The body, when it was read before routing (see `pending`).
    pub body: Vec<u8>,
    /// A body not read yet (large, or of unknown size): read whole for a pipeline that
    /// reads it, else sent on to the backend as it arrives.
    pub pending: Option<hyper::body::Incoming>,
    pub peer: IpAddr,
}

/// The response to send back.
#[derive(Debug, Clone)]
pub struct HttpOut {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl HttpOut {
    /// APIM's JSON error body: `{"statusCode": N, "message": "..."}`.
    #[must_use]
    pub fn error(status: u16, message: &str) -> Self {
        let mut headers = Headers::new();
        headers.set("Content-Type", "application/json; charset=utf-8");
        // APIM's field order: statusCode, then message.
        let message = serde_json::Value::String(message.to_owned());
        let body = format!("{{\n    \"statusCode\": {status},\n    \"message\": {message}\n}}").into_bytes();
        Self { status, headers, body }
    }
}

/// The state every worker shares.
pub struct Gateway {
    site: RwLock<Arc<Site>>,
    generation: AtomicU64,
    /// Per-instance state: counters, caches, pools and breakers, emitted metrics.
    pub state: Mutex<GatewayState>,
    /// Counters and caches: in memory, or in Redis shared with other instances. Built
    /// once, so a `--watch` reload keeps the counts.
    store: Box<dyn StateStore>,
    /// The settings `store` was built from, for `/health`.
    store_config: StoreConfig,
    pub metrics: Metrics,
    pub traces: TraceStore,
    log: AccessLog,
    mocks: RwLock<Arc<BTreeMap<String, Arc<apim_mock_llm::MockLlm>>>>,
    /// `http://host:port` of the admin listener, for `Ocp-Apim-Trace-Location`.
    pub admin_base: RwLock<String>,
}

/// Which compiled pipeline a request runs: (API index, operation index, product name).
type PipelineKey = (usize, usize, Option<String>);

/// A compiled pipeline and the context sections every request of its operation shares
/// (API, operation, product, deployment).
type Compiled = (Rc<Pipeline>, Rc<apim_runtime::Entities>);

/// A request's id: a random GUID, as `context.RequestId` and as text for headers.
pub struct RequestId {
    pub guid: apim_dotnet::Guid,
    pub text: String,
}

impl RequestId {
    fn new() -> Self {
        let id = uuid::Uuid::new_v4();
        let (a, b, c, d) = id.as_fields();
        Self { guid: apim_dotnet::Guid::from_fields(a, b, c, *d), text: id.to_string() }
    }
}

thread_local! {
    /// (site generation, compiled pipelines of that generation). `Pipeline` holds `Rc`s, so
    /// each worker thread keeps its own copy instead of sharing one behind a lock.
    static PIPELINES: RefCell<(u64, HashMap<PipelineKey, Compiled>)> = RefCell::new((0, HashMap::new()));
}

impl Gateway {
    /// # Errors
    /// When the access log file cannot be opened or the configured store cannot be reached.
    pub fn new(site: Site) -> std::io::Result<Self> {
        let log = AccessLog::open(&site.config.access_log)?;
        let store = site.config.store.build().map_err(|e| std::io::Error::other(format!("store: {e}")))?;
        let store_config = site.config.store.clone();
        let mocks = Arc::new(site.mocks.clone());
        Ok(Self {
            site: RwLock::new(Arc::new(site)),
            generation: AtomicU64::new(1),
            state: Mutex::new(GatewayState::default()),
            store,
            store_config,
            metrics: Metrics::default(),
            traces: TraceStore::default(),
            log,
            mocks: RwLock::new(mocks),
            admin_base: RwLock::new(String::new()),
        })
    }

    #[must_use]
    pub fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Swaps in a reloaded site; requests already running finish on the old one.
    pub fn replace(&self, site: Site) {
        *self.mocks.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(site.mocks.clone());
        *self.site.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(site);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Whether counters and caches are calls that block the calling thread (Redis): the
    /// server then runs more event loops than CPUs, so one waiting on the store does not
    /// idle its CPU.
    #[must_use]
    pub fn store_blocks(&self) -> bool {
        self.store_config.redis.is_some()
    }

    /// `/health`: 200 with `"status": "ok"` when the store answers, 503 with
    /// `"degraded"` when it does not (requests are still served: caches miss and counters
    /// run per instance). Blocking (a Redis `PING`): run it on a worker thread.
    #[must_use]
    pub fn health(&self) -> (u16, serde_json::Value) {
        let mut store = serde_json::Map::new();
        store.insert("kind".to_owned(), self.store.kind().into());
        let reached = self.store.ping();
        store.insert("reachable".to_owned(), reached.is_ok().into());
        if self.store_config.redis.is_some() {
            let counters = match self.store_config.counters {
                CounterScope::Shared => "shared",
                CounterScope::PerInstance => "per-instance",
            };
            store.insert("counters".to_owned(), counters.into());
            let prefix = self.store_config.prefix.as_deref().unwrap_or(StoreConfig::DEFAULT_PREFIX);
            store.insert("prefix".to_owned(), prefix.into());
        }
        if let Err(error) = &reached {
            store.insert("error".to_owned(), error.0.clone().into());
        }
        let (status, word) = if reached.is_ok() { (200, "ok") } else { (503, "degraded") };
        (status, serde_json::json!({ "status": word, "store": store }))
    }

    /// Answers one request; backend calls and waits go through `suspender`.
    pub fn handle(&self, request: HttpIn, suspender: Suspender<'_>) -> HttpOut {
        let started = Instant::now();
        let request_id = RequestId::new();
        let site = self.site();
        let mut record = Record::default();
        // Kept for the access log only: the request itself moves into the pipeline.
        let logged = self.log.enabled().then(|| {
            let path = request.target.split('?').next().unwrap_or("").to_owned();
            (request.method.clone(), path)
        });
        let mut out = self.answer(&site, request, &request_id, &mut record, suspender);
        finish_headers(&mut out.headers, &request_id.text);
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.request(
            record.api.as_deref().unwrap_or(""),
            record.operation.as_deref().unwrap_or(""),
            out.status,
            seconds,
        );
        let Some((method, path)) = logged else { return out };
        self.log.write(&AccessRecord {
            time: now_rfc3339(),
            request_id: &request_id.text,
            method: &method,
            path: &path,
            api: record.api.as_deref(),
            operation: record.operation.as_deref(),
            subscription: record.subscription.as_deref(),
            backend: record.backend.as_deref(),
            status: out.status,
            duration_ms: seconds * 1000.0,
            prompt_tokens: record.usage.map(|u| u.prompt),
            completion_tokens: record.usage.map(|u| u.completion),
        });
        out
    }

    fn answer(
        &self,
        site: &Site,
        request: HttpIn,
        request_id: &RequestId,
        record: &mut Record,
        suspender: Suspender<'_>,
    ) -> HttpOut {
        let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
        let query_value = |name: &str| query_parameter(query, name);
        let header_value = |name: &str| request.headers.joined(name);
        let route = match site.router.route(&request.method, path, &query_value, &header_value) {
            Ok(route) => route,
            Err(RouteError::NoApi | RouteError::NoOperation { .. }) => {
                return HttpOut::error(404, "Resource not found");
            }
        };
        let api = &site.service.apis[route.api];
        let operation = &api.operations[route.operation];
        record.api = Some(api.name.clone());
        record.operation = Some(operation.name.clone());

        let names = &api.subscription_key_names;
        let key = request.headers.joined(&names.header).or_else(|| query_parameter(query, &names.query));
        let subscribed = match key {
            Some(key) => match site.subscriptions.check(&site.service, &api.name, &key) {
                Ok(found) => Some(found),
                Err(problem) if api.subscription_required => return HttpOut::error(401, problem.message()),
                Err(_) => None,
            },
            None if api.subscription_required => return HttpOut::error(401, KeyProblem::Missing.message()),
            None => None,
        };
        record.subscription = subscribed.as_ref().map(|s| s.subscription.name.clone());
        let product = subscribed.as_ref().and_then(|s| s.product.clone());
        let tracing = request.headers.joined("Ocp-Apim-Trace").is_some_and(|v| v.eq_ignore_ascii_case("true"))
            && subscribed.as_ref().is_none_or(|s| s.subscription.allow_tracing);

        let Some((pipeline, statics)) = self.pipeline(site, route.api, route.operation, product.as_deref(), suspender)
        else {
            return HttpOut::error(500, "the operation's policy does not compile (see apim serve's output)");
        };

        let streams_request = pipeline.streams_request && !tracing;
        let (body, pending) = match request.pending {
            Some(incoming) if streams_request => (Vec::new(), Some(incoming)),
            Some(incoming) => match suspender.read_body(incoming, site.config.limits.max_body_bytes) {
                Ok(bytes) => (bytes, None),
                Err(error) => return error.answer(),
            },
            None => (request.body, None),
        };
        let body_pending = pending.is_some();

        let mut entities = (*statics).clone();
        entities.request_id = request_id.guid;
        entities.ip_address = Some(request.peer.to_string());
        entities.matched = Some(route.matched);
        entities.subscription = subscribed.as_ref().map(|found| {
            let s = found.subscription;
            apim_runtime::Schema::SUBSCRIPTION.build(&[
                ("Id", Some(&s.id)),
                ("Key", Some(&found.key)),
                ("Name", Some(&s.name)),
                ("PrimaryKey", Some(&s.primary_key)),
                ("SecondaryKey", s.secondary_key.as_deref()),
            ])
        });

        let mocks = Arc::clone(&self.mocks.read().unwrap_or_else(std::sync::PoisonError::into_inner));
        let limit = site.config.limits.max_body_bytes;
        let mut upstream = Upstream::new(mocks, suspender, request_id.text.clone(), pending.map(|b| (b, limit)));
        let documents = BTreeMap::new();
        let clock = SuspendingClock { suspender };
        let mut env = Environment {
            clock: &clock,
            backend: &mut upstream,
            state: &self.state,
            store: &*self.store,
            backends: &site.backends,
            documents: &documents,
        };
        let input = RequestInput {
            request: Some(apim_http::Request {
                method: request.method,
                target: request.target,
                headers: request.headers,
                body,
            }),
            context: None,
            tracing,
            entities: Some(entities),
            body_pending,
        };
        let outcome = match apim_executor::execute(&pipeline, input, &mut env) {
            Ok(outcome) => outcome,
            Err(error) => return HttpOut::error(500, &error.0),
        };
        self.drain_emitted();
        for (backend, status) in &upstream.called {
            self.metrics.backend_call(backend, *status);
        }
        record.backend = upstream.called.last().map(|(b, _)| b.clone());
        // As the token policies read it (no second parse); none without a token policy.
        record.usage = outcome.backend_usage;
        if let Some(usage) = record.usage {
            self.metrics.tokens(&api.name, "prompt", usage.prompt);
            self.metrics.tokens(&api.name, "completion", usage.completion);
        }

        let mut headers = outcome.headers;
        if tracing {
            let json = serde_json::to_string_pretty(&outcome.trace).unwrap_or_default();
            self.traces.put(request_id.text.clone(), apim_executor::trace::mask(&json, &site.secrets));
            let base = self.admin_base.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
            headers.set("Ocp-Apim-Trace-Location", format!("{base}/traces/{}", request_id.text));
        }
        HttpOut { status: outcome.status, headers, body: outcome.body }
    }

    /// Moves what policies emitted out of the shared state into the metrics (so the state
    /// does not grow with every request).
    fn drain_emitted(&self) {
        let (metrics, _events) = {
            let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            (std::mem::take(&mut state.metrics), std::mem::take(&mut state.events))
        };
        for metric in &metrics {
            self.metrics.emitted(metric);
        }
    }

    fn pipeline(
        &self,
        site: &Site,
        api: usize,
        operation: usize,
        product: Option<&str>,
        suspender: Suspender<'_>,
    ) -> Option<Compiled> {
        let generation = self.generation.load(Ordering::SeqCst);
        PIPELINES.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.0 != generation {
                *cache = (generation, HashMap::new());
            }
            let key = (api, operation, product.map(str::to_owned));
            if let Some((pipeline, statics)) = cache.1.get(&key) {
                return Some((Rc::clone(pipeline), Rc::clone(statics)));
            }
            let input = site.input(api, operation, product).or_else(|| site.input(api, operation, None))?;
            // On the thread's own stack: pest measures the stack it has left from the thread's
            // bounds, which a coroutine stack is outside of.
            let pipeline = Rc::new(suspender.on_thread_stack(|| apim_executor::load(input)).pipeline?);
            let statics = Rc::new(static_entities(site, api, operation, product));
            cache.1.insert(key, (Rc::clone(&pipeline), Rc::clone(&statics)));
            Some((pipeline, statics))
        })
    }
}

/// The headers of every answer: the backend's hop-by-hop headers out (hyper sets its
/// own), the request id in.
pub fn finish_headers(headers: &mut Headers, request_id: &str) {
    for hop in ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"] {
        headers.remove(hop);
    }
    headers.set("x-ms-request-id", request_id);
}

/// The context sections of an operation that do not change per request.
fn static_entities(site: &Site, api: usize, operation: usize, product: Option<&str>) -> apim_runtime::Entities {
    use apim_runtime::Schema;
    let api = &site.service.apis[api];
    let mut entities = apim_executor::service::entities(&site.service, &api.name, &api.operations[operation].name);
    entities.deployment = Some(Schema::DEPLOYMENT.build(&[
        ("Region", Some("local")),
        ("ServiceName", Some("apim-local")),
        ("GatewayId", Some("local")),
    ]));
    entities.product = product
        .and_then(|name| site.service.product(name))
        .map(|p| Schema::PRODUCT.build(&[("Id", Some(&p.name)), ("Name", Some(&p.display_name))]));
    entities
}

#[derive(Default)]
struct Record {
    api: Option<String>,
    operation: Option<String>,
    subscription: Option<String>,
    backend: Option<String>,
    usage: Option<apim_llm::Usage>,
}

/// The first value of query parameter `name` (percent-decoded, `+` as space).
fn query_parameter(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find_map(|(k, v)| (decode_component(k) == name).then(|| decode_component(v)))
}

fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn now_rfc3339() -> String {
    let ms = apim_executor::Clock::now(&SystemClock);
    let dt = apim_executor::clock::to_datetime(ms);
    dt.format("yyyy-MM-dd'T'HH:mm:ss.fff'Z'").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_decoded() {
        assert_eq!(query_parameter("a=1&subscription-key=k%20y&b", "subscription-key").as_deref(), Some("k y"));
        assert_eq!(query_parameter("b", "b").as_deref(), Some(""));
        assert_eq!(query_parameter("x=%zz", "x").as_deref(), Some("%zz"));
        assert_eq!(query_parameter("", "x"), None);
    }
}
