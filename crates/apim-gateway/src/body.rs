//! The bodies the gateway sends: a response whole (most answers, sent with a
//! `Content-Length`) or relayed from the backend frame by frame as it arrives (event
//! streams, large or unsized bodies that no policy reads); a backend request whole or
//! the caller's sent on as it arrives.

use bytes::Bytes;
use http_body_util::channel::Channel;
use http_body_util::{Either, Full};
use hyper::Response;

use apim_http::Headers;

pub type ResponseBody = Either<Full<Bytes>, Channel<Bytes, BrokeOff>>;

/// The body of a backend request: read whole, or the caller's, sent on as it arrives
/// (within the body size limit).
pub type RequestBody = Either<Full<Bytes>, http_body_util::Limited<hyper::body::Incoming>>;

/// A relayed body that stopped before its end: hyper then resets the caller's stream
/// rather than end it as if it were complete.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the backend's response body broke off: {0}")]
pub struct BrokeOff(pub String);

#[must_use]
pub fn whole(bytes: Vec<u8>) -> ResponseBody {
    Either::Left(Full::new(Bytes::from(bytes)))
}

/// A response with `status` and `headers` (those hyper cannot send are left out).
#[must_use]
pub fn response(status: u16, headers: &Headers, body: ResponseBody) -> Response<ResponseBody> {
    let Ok(status) = hyper::StatusCode::from_u16(status) else {
        let mut fallback = Response::new(whole(b"invalid response".to_vec()));
        *fallback.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        return fallback;
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = header_map(headers);
    response
}

/// `headers` as hyper's map (names and values it cannot carry are left out).
#[must_use]
pub fn header_map(headers: &Headers) -> hyper::HeaderMap {
    let mut map = hyper::HeaderMap::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(name.as_bytes()), hyper::header::HeaderValue::from_str(value))
        {
            map.append(name, value);
        }
    }
    map
}
