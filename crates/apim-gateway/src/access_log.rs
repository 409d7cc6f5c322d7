//! The JSON-lines access log: one object per request, written as the response leaves.

use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;

use crate::config::AccessLogTarget;

#[derive(Debug, Serialize)]
pub struct AccessRecord<'a> {
    pub time: String,
    pub request_id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub api: Option<&'a str>,
    pub operation: Option<&'a str>,
    pub subscription: Option<&'a str>,
    pub backend: Option<&'a str>,
    pub status: u16,
    pub duration_ms: f64,
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
}

pub struct AccessLog {
    sink: Mutex<Option<Box<dyn Write + Send>>>,
    /// Whether there is a sink (`access-log = "off"` has none): requests then skip
    /// building their record and the lock.
    enabled: bool,
}

impl AccessLog {
    /// # Errors
    /// When the log file cannot be opened.
    pub fn open(target: &AccessLogTarget) -> std::io::Result<Self> {
        let sink: Option<Box<dyn Write + Send>> = match target {
            AccessLogTarget::Stdout => Some(Box::new(std::io::stdout())),
            AccessLogTarget::Stderr => Some(Box::new(std::io::stderr())),
            AccessLogTarget::Off => None,
            AccessLogTarget::File(path) => {
                Some(Box::new(std::fs::OpenOptions::new().create(true).append(true).open(path)?))
            }
        };
        Ok(Self { enabled: sink.is_some(), sink: Mutex::new(sink) })
    }

    #[must_use]
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn write(&self, record: &AccessRecord<'_>) {
        let mut sink = self.sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(out) = sink.as_mut()
            && let Ok(mut line) = serde_json::to_vec(record)
        {
            line.push(b'\n');
            // A log that cannot be written must not fail the request.
            let _ = out.write_all(&line).and_then(|()| out.flush());
        }
    }
}
