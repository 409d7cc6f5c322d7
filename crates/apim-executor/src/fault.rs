//! A policy or pipeline error: what `context.LastError` shows in `on-error`, and the
//! response the gateway sends when `on-error` does not replace it.

use apim_http::Headers;

/// Boxed, so the `Result`s that carry it through every policy stay small.
#[derive(Debug, Clone)]
pub struct Fault(Box<FaultData>);

impl std::ops::Deref for Fault {
    type Target = FaultData;
    fn deref(&self) -> &FaultData {
        &self.0
    }
}

impl std::ops::DerefMut for Fault {
    fn deref_mut(&mut self) -> &mut FaultData {
        &mut self.0
    }
}

#[derive(Debug, Clone)]
pub struct FaultData {
    /// The policy or pipeline step (`rate-limit`, `forward-request`, `configuration`).
    pub source: String,
    /// Machine-readable (`RateLimitExceeded`).
    pub reason: String,
    pub message: String,
    /// The response the caller gets unless `on-error` changes it.
    pub status: u16,
    pub status_reason: String,
    pub headers: Headers,
    /// The `message` of the `{"statusCode": .., "message": ..}` body.
    pub body_message: String,
    /// Filled in by the executor from the failing step.
    pub scope: String,
    pub section: String,
    pub path: String,
    pub policy_id: Option<String>,
    /// A budget stop: expression code cannot catch it and `on-error` does not run.
    pub fatal: bool,
}

impl Fault {
    #[must_use]
    pub fn new(
        source: &str,
        reason: &str,
        message: impl Into<String>,
        status: u16,
        body_message: impl Into<String>,
    ) -> Self {
        Self(Box::new(FaultData {
            source: source.to_owned(),
            reason: reason.to_owned(),
            message: message.into(),
            status,
            status_reason: crate::http::reason_phrase(status).to_owned(),
            headers: Headers::new(),
            body_message: body_message.into(),
            scope: String::new(),
            section: String::new(),
            path: String::new(),
            policy_id: None,
            fatal: false,
        }))
    }

    /// A failure of the emulator itself or a policy it cannot run: 500.
    #[must_use]
    pub fn internal(source: &str, reason: &str, message: impl Into<String>) -> Self {
        Self::new(source, reason, message, 500, "Internal server error")
    }

    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The JSON body APIM sends for its own errors.
    #[must_use]
    pub fn body(&self) -> Vec<u8> {
        let body = serde_json::json!({ "statusCode": self.status, "message": self.body_message });
        serde_json::to_vec_pretty(&body).unwrap_or_default()
    }
}
