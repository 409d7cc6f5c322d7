//! Counting a streamed (server-sent events) completion as it passes, event by event,
//! without keeping the stream: each `data:` event's text delta is counted when its line
//! is complete, and only the unfinished last line is held.

use serde_json::Value;

use crate::encoding::Encoding;
use crate::usage::Usage;

#[derive(Debug, Clone)]
pub struct StreamCounter {
    encoding: Encoding,
    /// An incomplete line carried over to the next chunk.
    pending: Vec<u8>,
    /// Completion tokens counted from the deltas so far.
    pub completion_tokens: u64,
    /// Events seen (`data:` lines other than `[DONE]`).
    pub events: u64,
    /// The usage a final event reported (`stream_options.include_usage`), if any.
    pub reported: Option<Usage>,
    pub done: bool,
}

impl StreamCounter {
    #[must_use]
    pub fn new(encoding: Encoding) -> Self {
        Self { encoding, pending: Vec::new(), completion_tokens: 0, events: 0, reported: None, done: false }
    }

    /// Counts one chunk of the stream as it arrives.
    pub fn feed(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        while let Some(newline) = rest.iter().position(|b| *b == b'\n') {
            let (line, after) = rest.split_at(newline);
            if self.pending.is_empty() {
                self.line(line);
            } else {
                let mut whole = std::mem::take(&mut self.pending);
                whole.extend_from_slice(line);
                self.line(&whole);
            }
            rest = &after[1..];
        }
        self.pending.extend_from_slice(rest);
    }

    /// The end of the stream: a last line without a newline still counts.
    pub fn finish(&mut self) {
        let last = std::mem::take(&mut self.pending);
        self.line(&last);
    }

    fn line(&mut self, line: &[u8]) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(data) = line.strip_prefix(b"data:") else { return };
        let data = data.strip_prefix(b" ").unwrap_or(data);
        if data == b"[DONE]" {
            self.done = true;
            return;
        }
        let Ok(event) = serde_json::from_slice::<Value>(data) else { return };
        self.events += 1;
        if let Some(usage) = Usage::from_json(&event) {
            self.reported = Some(usage);
        }
        for text in delta_texts(&event) {
            self.completion_tokens += self.encoding.count(text);
        }
    }
}

/// The completion text an event carries: Chat Completions `choices[].delta.content`,
/// Responses `response.output_text.delta`, Anthropic `content_block_delta`.
fn delta_texts(event: &Value) -> Vec<&str> {
    let mut texts = Vec::new();
    if let Some(Value::Array(choices)) = event.get("choices") {
        for choice in choices {
            if let Some(text) = choice.pointer("/delta/content").and_then(Value::as_str) {
                texts.push(text);
            } else if let Some(text) = choice.get("text").and_then(Value::as_str) {
                texts.push(text);
            }
        }
    }
    match event.get("type").and_then(Value::as_str) {
        Some("response.output_text.delta") => texts.extend(event.get("delta").and_then(Value::as_str)),
        Some("content_block_delta") => texts.extend(event.pointer("/delta/text").and_then(Value::as_str)),
        _ => {}
    }
    texts
}

/// The whole completion text of a stream (for content checks, which need the text).
#[must_use]
pub fn completion_text(body: &[u8]) -> String {
    let mut out = String::new();
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(data) = line.strip_prefix(b"data:") else { continue };
        let Ok(event) = serde_json::from_slice::<Value>(data.trim_ascii()) else { continue };
        for text in delta_texts(&event) {
            out.push_str(text);
        }
    }
    out
}

/// Whether a response body is an event stream (by content type, or by its first line).
#[must_use]
pub fn is_event_stream(content_type: Option<&str>, body: &[u8]) -> bool {
    content_type.is_some_and(|c| c.to_ascii_lowercase().starts_with("text/event-stream"))
        || body.trim_ascii_start().starts_with(b"data:")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &str = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n\
        data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n\
        data: {\"choices\":[{\"delta\":{\"content\":\" world\"}}]}\n\n\
        data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n\
        data: [DONE]\n\n";

    #[test]
    fn counts_the_same_however_the_stream_is_cut() {
        let whole = {
            let mut c = StreamCounter::new(Encoding::Cl100k);
            c.feed(STREAM.as_bytes());
            c.finish();
            c
        };
        assert_eq!(whole.completion_tokens, 2);
        assert_eq!(whole.events, 4);
        assert!(whole.done);
        assert_eq!(whole.reported.map(|u| u.total), Some(11));
        for size in [1, 2, 7, 33] {
            let mut c = StreamCounter::new(Encoding::Cl100k);
            for chunk in STREAM.as_bytes().chunks(size) {
                c.feed(chunk);
            }
            c.finish();
            assert_eq!((c.completion_tokens, c.events), (2, 4), "chunks of {size}");
        }
        assert_eq!(completion_text(STREAM.as_bytes()), "Hello world");
        assert!(is_event_stream(None, STREAM.as_bytes()));
        assert!(is_event_stream(Some("text/event-stream; charset=utf-8"), b""));
    }
}
