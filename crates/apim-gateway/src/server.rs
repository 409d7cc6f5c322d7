//! The HTTP side: hyper (HTTP/1.1 and HTTP/2 cleartext) on the gateway and admin
//! listeners, body and header size limits, a concurrency limit, and graceful shutdown
//! (requests in flight finish, new connections are refused).
//!
//! Threads: the caller's runtime accepts connections and serves the admin port; each
//! gateway connection is handed (once) to one of a few worker threads, one per CPU, each
//! a single-threaded event loop with its own HTTP client pool. A request then stays on
//! its connection's thread from the first byte to the last, its policies running as a
//! coroutine there ([`crate::suspend`]).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Body as _;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::body::{self, ResponseBody};
use crate::gateway::{Gateway, HttpIn, HttpOut};
use crate::suspend::{self, Driven};
use crate::upstream::{HttpClient, http_client};

/// Request bodies up to this size (with a `Content-Length`) are read before routing.
const READ_AHEAD_BYTES: u64 = 64 * 1024;

/// Event loops per CPU when store calls block their thread (Redis round trips): while
/// one waits, the others keep the CPU busy.
const LOOPS_PER_CPU_WITH_BLOCKING_STORE: usize = 4;

/// How long requests in flight get to finish after shutdown is asked for.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves the gateway on `listener` and the admin endpoints on `admin` until `shutdown`
/// resolves, then drains.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    gateway: Arc<Gateway>,
    listener: TcpListener,
    admin: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = gateway.site().config.limits;
    let slots = Arc::new(Semaphore::new(limits.max_concurrency));
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().max_buf_size(limits.max_header_bytes.max(8192));
    builder.http2().max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
    let workers = Workers::start(&gateway, &slots)?;
    let mut next = 0usize;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                // Round robin: connections are long-lived (keep-alive), so this spreads load.
                next = (next + 1) % workers.senders.len();
                let Ok(stream) = stream.into_std() else { continue };
                let _ = workers.senders[next].send((stream, peer));
            }
            accepted = admin.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let gateway = Arc::clone(&gateway);
                let service = hyper::service::service_fn(move |request| admin_endpoint(Arc::clone(&gateway), request));
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    drop(admin);
    let stopped = workers.stop();
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    let _ = tokio::task::spawn_blocking(stopped).await;
    Ok(())
}

/// A connection handed to a worker: std's stream, as tokio's is tied to the reactor of
/// the runtime that accepted it.
type Handoff = (std::net::TcpStream, SocketAddr);

/// The gateway's worker threads and the channels that hand them connections.
struct Workers {
    senders: Vec<tokio::sync::mpsc::UnboundedSender<Handoff>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Workers {
    fn start(gateway: &Arc<Gateway>, slots: &Arc<Semaphore>) -> std::io::Result<Workers> {
        let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let count = if gateway.store_blocks() { cpus * LOOPS_PER_CPU_WITH_BLOCKING_STORE } else { cpus };
        let mut workers = Workers { senders: Vec::new(), threads: Vec::new() };
        for index in 0..count {
            let (sender, receiver) = tokio::sync::mpsc::unbounded_channel::<Handoff>();
            let gateway = Arc::clone(gateway);
            let slots = Arc::clone(slots);
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let thread = std::thread::Builder::new()
                .name(format!("apim-gateway-{index}"))
                .spawn(move || runtime.block_on(worker(gateway, slots, receiver)))?;
            workers.senders.push(sender);
            workers.threads.push(thread);
        }
        Ok(workers)
    }

    /// Closes the hand-off channels; the returned closure waits for the workers to drain.
    fn stop(self) -> impl FnOnce() + Send {
        let Workers { senders, threads } = self;
        drop(senders);
        move || {
            for thread in threads {
                let _ = thread.join();
            }
        }
    }
}

/// One worker thread: serves the connections it is handed until the acceptor stops, then
/// lets requests in flight finish (up to [`DRAIN`]).
async fn worker(
    gateway: Arc<Gateway>,
    slots: Arc<Semaphore>,
    mut connections: tokio::sync::mpsc::UnboundedReceiver<Handoff>,
) {
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async move {
            let limits = gateway.site().config.limits;
            let client = Rc::new(http_client());
            let graceful = GracefulShutdown::new();
            let mut builder = auto::Builder::new(LocalExecutor);
            builder.http1().max_buf_size(limits.max_header_bytes.max(8192));
            builder.http2().max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
            while let Some((stream, peer)) = connections.recv().await {
                let Ok(stream) = tokio::net::TcpStream::from_std(stream) else { continue };
                let _ = stream.set_nodelay(true);
                let gateway = Arc::clone(&gateway);
                let slots = Arc::clone(&slots);
                let client = Rc::clone(&client);
                let service = hyper::service::service_fn(move |request| {
                    proxy(Arc::clone(&gateway), Arc::clone(&slots), Rc::clone(&client), request, peer)
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::task::spawn_local(async move {
                    let _ = connection.await;
                });
            }
            let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
        })
        .await;
}

/// Spawns hyper's HTTP/2 stream tasks on the worker's own thread (they hold the
/// request's coroutine, which cannot move between threads).
#[derive(Clone, Copy)]
struct LocalExecutor;

impl<F: Future + 'static> hyper::rt::Executor<F> for LocalExecutor {
    fn execute(&self, future: F) {
        tokio::task::spawn_local(future);
    }
}

async fn proxy(
    gateway: Arc<Gateway>,
    slots: Arc<Semaphore>,
    client: Rc<HttpClient>,
    request: Request<Incoming>,
    peer: SocketAddr,
) -> Result<Response<ResponseBody>, Infallible> {
    let limit = gateway.site().config.limits.max_body_bytes;
    let (parts, body) = request.into_parts();
    // A small body of known size is read now; a large or chunked one is left for the
    // pipeline, which sends it on as it arrives when no policy reads it.
    if body.size_hint().exact().is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Ok(respond(suspend::BodyError::TooLarge(limit).answer()));
    }
    let (body, pending) = if body.is_end_stream() || body.size_hint().exact().is_some_and(|n| n <= READ_AHEAD_BYTES) {
        match suspend::read_whole(body, limit).await {
            Ok(bytes) => (bytes, None),
            Err(error) => return Ok(respond(error.answer())),
        }
    } else {
        (Vec::new(), Some(body))
    };
    let mut headers = apim_http::Headers::new();
    for (name, value) in &parts.headers {
        headers.append(name.as_str(), String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    if headers.joined("Host").is_none()
        && let Some(authority) = parts.uri.authority()
    {
        headers.set("Host", authority.as_str());
    }
    let incoming = HttpIn {
        method: parts.method.as_str().to_owned(),
        target: parts.uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
        headers,
        body,
        pending,
        peer: peer.ip(),
    };
    let Ok(slot) = slots.acquire_owned().await else {
        return Ok(respond(HttpOut::error(503, "The gateway is shutting down.")));
    };
    // The slot is held until the pipeline ends, which for a relayed body is after it is
    // through.
    let driven = suspend::run(client, move |suspender| {
        let _slot = slot;
        gateway.handle(incoming, suspender)
    })
    .await;
    Ok(match driven {
        Some(Driven::Done(out)) => respond(out),
        Some(Driven::Relaying(response)) => response,
        None => respond(HttpOut::error(500, "The gateway failed while running this request's policies.")),
    })
}

fn respond(out: HttpOut) -> Response<ResponseBody> {
    body::response(out.status, &out.headers, body::whole(out.body))
}

async fn admin_endpoint(
    gateway: Arc<Gateway>,
    request: Request<Incoming>,
) -> Result<Response<ResponseBody>, Infallible> {
    let path = request.uri().path().to_owned();
    let text = |status: u16, content_type: &str, body: String| {
        let mut headers = apim_http::Headers::new();
        headers.set("Content-Type", content_type);
        respond(HttpOut { status, headers, body: body.into_bytes() })
    };
    Ok(match path.as_str() {
        "/metrics" => text(200, "text/plain; version=0.0.4; charset=utf-8", gateway.metrics.render()),
        "/health" => {
            let checked = Arc::clone(&gateway);
            let (status, body) = tokio::task::spawn_blocking(move || checked.health()).await.unwrap_or_else(|_| {
                (503, serde_json::json!({ "status": "degraded", "error": "the health check failed" }))
            });
            text(status, "application/json", body.to_string())
        }
        _ => match path.strip_prefix("/traces/").and_then(|id| gateway.traces.get(id)) {
            Some(trace) => text(200, "application/json", trace),
            None => respond(HttpOut::error(404, "Resource not found")),
        },
    })
}
