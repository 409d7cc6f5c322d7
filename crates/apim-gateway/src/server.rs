//! The HTTP side: hyper (HTTP/1.1 and HTTP/2 cleartext) on the gateway and admin
//! listeners, body and header size limits, a concurrency limit, and graceful shutdown
//! (requests in flight finish, new connections are refused).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::gateway::{Gateway, HttpIn, HttpOut};

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
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let gateway = Arc::clone(&gateway);
                let slots = Arc::clone(&slots);
                let service = hyper::service::service_fn(move |request| {
                    proxy(Arc::clone(&gateway), Arc::clone(&slots), request, peer)
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
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
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}

async fn proxy(
    gateway: Arc<Gateway>,
    slots: Arc<Semaphore>,
    request: Request<Incoming>,
    peer: SocketAddr,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let limit = gateway.site().config.limits.max_body_bytes;
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return Ok(respond(HttpOut::error(413, &format!("The request body is larger than {limit} bytes."))));
        }
        Err(error) => {
            return Ok(respond(HttpOut::error(400, &format!("The request body could not be read: {error}"))));
        }
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
        body: body.to_vec(),
        peer: peer.ip(),
    };
    let Ok(_slot) = slots.acquire().await else {
        return Ok(respond(HttpOut::error(503, "The gateway is shutting down.")));
    };
    let out = tokio::task::spawn_blocking(move || gateway.handle(incoming))
        .await
        .unwrap_or_else(|_| HttpOut::error(500, "The gateway failed while running this request's policies."));
    Ok(respond(out))
}

fn respond(out: HttpOut) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(out.status);
    for (name, value) in out.headers.iter() {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(name.as_bytes()), hyper::header::HeaderValue::from_str(value))
        {
            builder = builder.header(name, value);
        }
    }
    builder.body(Full::new(Bytes::from(out.body))).unwrap_or_else(|_| {
        let mut fallback = Response::new(Full::new(Bytes::from_static(b"invalid response")));
        *fallback.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        fallback
    })
}

async fn admin_endpoint(
    gateway: Arc<Gateway>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
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
