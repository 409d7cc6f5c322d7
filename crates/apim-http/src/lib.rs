//! HTTP messages as APIM policies see them.
//!
//! Fixture files (`--request`, `--response`, `apim test` cases) are raw HTTP/1.1
//! messages: a start line, headers, a blank line, the body. [`parse_request`] and
//! [`parse_response`] read them; [`Url`] derives `context.Request.Url` the way the `apim
//! eval` contract fixes it.

mod headers;
mod message;
mod url;

pub use headers::Headers;
pub use message::{MessageError, Request, Response, parse_request, parse_response};
pub use url::Url;
