//! Errors as the OpenAI API shapes them: `{"error": {"message", "type", "param", "code"}}`.

use serde_json::{Value, json};

use crate::exchange::MockResponse;

/// One API error; [`ApiError::response`] turns it into the HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    pub kind: &'static str,
    pub param: Option<String>,
    pub code: Option<String>,
}

impl ApiError {
    /// A 400 `invalid_request_error` about one parameter.
    pub fn invalid(param: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            message: message.into(),
            kind: "invalid_request_error",
            param: Some(param.to_owned()),
            code: Some(code.to_owned()),
        }
    }

    pub fn missing(param: &str) -> Self {
        Self::invalid(param, "missing_required_parameter", format!("Missing required parameter: '{param}'."))
    }

    /// A parameter of the wrong JSON type (`expected` as OpenAI words it: "an array").
    pub fn wrong_type(param: &str, expected: &str) -> Self {
        Self::invalid(param, "invalid_type", format!("Invalid type for '{param}': expected {expected}."))
    }

    pub fn bad_json() -> Self {
        Self {
            status: 400,
            message: "We could not parse the JSON body of your request. The API expects a JSON object as the body."
                .to_owned(),
            kind: "invalid_request_error",
            param: None,
            code: None,
        }
    }

    /// A mock control header with a value the mock does not understand.
    pub fn bad_header(header: &str, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            message: message.into(),
            kind: "invalid_request_error",
            param: Some(header.to_owned()),
            code: Some("invalid_mock_header".to_owned()),
        }
    }

    pub fn not_found(method: &str, path: &str) -> Self {
        Self {
            status: 404,
            message: format!("Invalid URL ({method} {path})"),
            kind: "invalid_request_error",
            param: None,
            code: Some("404".to_owned()),
        }
    }

    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self {
            status: 405,
            message: format!("Method {method} is not allowed on {path}; use POST."),
            kind: "invalid_request_error",
            param: None,
            code: Some("method_not_allowed".to_owned()),
        }
    }

    /// Azure OpenAI's rate-limit error, worded as it words it.
    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self {
            status: 429,
            message: format!(
                "Requests to the mock deployment have exceeded the rate limit of the mock LLM. Please retry after {retry_after_seconds} {}.",
                if retry_after_seconds == 1 { "second" } else { "seconds" }
            ),
            kind: "requests",
            param: None,
            code: Some("429".to_owned()),
        }
    }

    pub fn server_error() -> Self {
        Self {
            status: 500,
            message: "The server had an error while processing your request (injected by the mock LLM).".to_owned(),
            kind: "server_error",
            param: None,
            code: Some("500".to_owned()),
        }
    }

    pub fn unavailable() -> Self {
        Self {
            status: 503,
            message: "The service is temporarily unable to process your request. Please try again later (injected by the mock LLM).".to_owned(),
            kind: "server_error",
            param: None,
            code: Some("503".to_owned()),
        }
    }

    #[must_use]
    pub fn body(&self) -> Value {
        json!({"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}})
    }

    #[must_use]
    pub fn response(&self) -> MockResponse {
        MockResponse::json(self.status, &self.body())
    }
}
