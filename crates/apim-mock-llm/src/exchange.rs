//! The request the mock reads and the response it gives, as plain data: the gateway
//! calls the mock in-process with these, and [`crate::serve`] maps them to HTTP.

use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockRequest {
    pub method: String,
    /// The request target, e.g. `/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`.
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl MockRequest {
    /// The first value of a header, by case-insensitive name.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    #[must_use]
    pub fn path(&self) -> &str {
        self.path_and_query.split(['?', '#']).next().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    /// Meaningless for [`MockBody::Drop`] (0).
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: MockBody,
    /// How long to wait before answering (or dropping the connection).
    pub delay_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MockBody {
    Full(Vec<u8>),
    /// Server-sent events, each a complete `data: ...\n\n` frame, with a delay before each.
    Events {
        frames: Vec<Vec<u8>>,
        delay_ms: u64,
    },
    /// Drop the connection without answering.
    Drop,
}

impl MockBody {
    /// Every byte the body carries, frames concatenated (empty for `Drop`).
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Self::Full(bytes) => bytes.clone(),
            Self::Events { frames, .. } => frames.concat(),
            Self::Drop => Vec::new(),
        }
    }
}

impl MockResponse {
    /// A JSON response.
    #[must_use]
    pub fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            reason: reason(status).to_owned(),
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: MockBody::Full(body.to_string().into_bytes()),
            delay_ms: 0,
        }
    }

    /// A `text/event-stream` response of complete SSE frames.
    #[must_use]
    pub fn events(frames: Vec<Vec<u8>>, delay_ms: u64) -> Self {
        Self {
            status: 200,
            reason: reason(200).to_owned(),
            headers: vec![
                ("content-type".to_owned(), "text/event-stream; charset=utf-8".to_owned()),
                ("cache-control".to_owned(), "no-cache".to_owned()),
            ],
            body: MockBody::Events { frames, delay_ms },
            delay_ms: 0,
        }
    }

    /// No response at all: the connection is closed.
    #[must_use]
    pub fn dropped() -> Self {
        Self { status: 0, reason: String::new(), headers: Vec::new(), body: MockBody::Drop, delay_ms: 0 }
    }

    /// The first value of a header, by case-insensitive name.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// The reason phrase of the statuses the mock sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
