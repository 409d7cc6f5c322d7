//! The mock as a standalone HTTP/1.1 server: each request goes to [`MockLlm::respond`];
//! events are written frame by frame with their delays, and a `Drop` answer closes the
//! connection without a byte.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::error::ApiError;
use crate::exchange::{MockBody, MockRequest, MockResponse};
use crate::mock::MockLlm;

/// Request bodies above this are refused with 413 (model requests are far smaller).
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// How long shutdown waits for open connections (a stream in flight) to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

type Body = UnsyncBoxBody<Bytes, Infallible>;

/// The service's error: hyper closes the connection without answering.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the mock LLM dropped the connection (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

/// Serves `mock` on `listener` until `shutdown` resolves, then stops accepting and waits
/// (up to 10 s) for open connections to finish.
///
/// # Errors
/// None today: a failed accept (such as too many open files) is retried.
pub async fn serve(
    listener: TcpListener,
    mock: Arc<MockLlm>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Per-connection failures (a reset before accept, descriptor
                        // exhaustion) are transient: pause briefly and go on.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let mock = Arc::clone(&mock);
                let service = service_fn(move |request| handle(Arc::clone(&mock), request));
                let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // An error here is a client gone or an injected drop: nothing to report.
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

async fn handle(mock: Arc<MockLlm>, request: Request<Incoming>) -> Result<Response<Body>, DropConnection> {
    let method = request.method().as_str().to_owned();
    let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES).collect().await {
        Ok(body) => body.to_bytes().to_vec(),
        Err(_) => return Ok(to_http(too_large())),
    };
    let request = MockRequest { method, path_and_query, headers, body };
    // Counting the tokens of a large prompt is CPU work: keep it off the I/O threads.
    let response = match tokio::task::spawn_blocking(move || mock.respond(&request)).await {
        Ok(response) => response,
        Err(_) => ApiError::server_error().response(),
    };
    if response.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(response.delay_ms)).await;
    }
    if response.body == MockBody::Drop {
        return Err(DropConnection);
    }
    Ok(to_http(response))
}

fn too_large() -> MockResponse {
    ApiError {
        status: 413,
        message: format!("The request body is larger than {MAX_BODY_BYTES} bytes, or could not be read."),
        kind: "invalid_request_error",
        param: None,
        code: Some("request_too_large".to_owned()),
    }
    .response()
}

fn to_http(response: MockResponse) -> Response<Body> {
    let body: Body = match response.body {
        MockBody::Full(bytes) => Full::new(Bytes::from(bytes)).boxed_unsync(),
        MockBody::Events { frames, delay_ms } => {
            let frames = futures_util::stream::iter(frames).then(move |frame| async move {
                if delay_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                }
                Ok::<_, Infallible>(Frame::data(Bytes::from(frame)))
            });
            StreamBody::new(frames).boxed_unsync()
        }
        MockBody::Drop => Full::new(Bytes::new()).boxed_unsync(),
    };
    let mut http = Response::new(body);
    *http.status_mut() = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(reason) = hyper::ext::ReasonPhrase::try_from(response.reason.into_bytes())
        && !reason.as_bytes().is_empty()
    {
        http.extensions_mut().insert(reason);
    }
    for (name, value) in response.headers {
        // A header the configuration made invalid (a newline in `name`) is left out.
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
            http.headers_mut().append(name, value);
        }
    }
    http
}
