//! The prompt of a model request, read from its JSON body: OpenAI Chat Completions
//! (`messages`), Responses (`input`), legacy Completions (`prompt`) and Embeddings
//! (`input`), and Anthropic Messages (`system` + `messages`).

use serde_json::Value;

use crate::encoding::Encoding;

/// What the documentation says a gateway estimate counts for one image: "up to 1200".
pub const IMAGE_TOKENS: u64 = 1200;

/// One message of a conversation (a plain prompt is one `user` message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub role: String,
    pub name: Option<String>,
    /// Every text part, joined with newlines.
    pub text: String,
    /// Image parts (`image_url`, `input_image`, Anthropic `image`).
    pub images: u64,
}

/// The request's prompt and the settings the policies read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    pub model: Option<String>,
    /// `"stream": true`: the response comes as server-sent events.
    pub stream: bool,
    pub messages: Vec<Message>,
    /// True for conversations (`messages`, a Responses `input` list), which cost a few
    /// tokens of framing per message.
    pub chat: bool,
}

impl Prompt {
    /// Reads a request body; anything that is not a JSON object is an empty prompt.
    #[must_use]
    pub fn from_body(body: &[u8]) -> Self {
        match serde_json::from_slice::<Value>(body) {
            Ok(value) => Self::from_json(&value),
            Err(_) => Self::default(),
        }
    }

    #[must_use]
    pub fn from_json(body: &Value) -> Self {
        let mut prompt = Self {
            model: body.get("model").and_then(Value::as_str).map(str::to_owned),
            stream: body.get("stream").and_then(Value::as_bool).unwrap_or(false),
            ..Self::default()
        };
        if let Some(system) = body.get("system") {
            // Anthropic Messages: the system prompt sits beside the messages.
            prompt.messages.push(message("system", None, system));
        }
        if let Some(instructions) = body.get("instructions").filter(|v| v.is_string()) {
            prompt.messages.push(message("system", None, instructions));
        }
        if let Some(Value::Array(messages)) = body.get("messages") {
            prompt.chat = true;
            prompt.messages.extend(messages.iter().map(from_message));
        }
        for field in ["input", "prompt"] {
            match body.get(field) {
                Some(Value::Array(items)) if items.iter().any(Value::is_object) => {
                    prompt.chat = true;
                    prompt.messages.extend(items.iter().map(from_message));
                }
                Some(Value::Array(items)) => {
                    prompt.messages.extend(items.iter().map(|item| message("user", None, item)));
                }
                Some(value @ Value::String(_)) => prompt.messages.push(message("user", None, value)),
                _ => {}
            }
        }
        prompt
    }

    /// The encoding of the requested model, or of `fallback_model` (the deployment name)
    /// when the body names none.
    #[must_use]
    pub fn encoding(&self, fallback_model: Option<&str>) -> Encoding {
        Encoding::for_model(self.model.as_deref().or(fallback_model).unwrap_or(""))
    }

    /// The prompt tokens the model will be charged, estimated as OpenAI's cookbook counts a
    /// chat (`num_tokens_from_messages`): 3 tokens of framing per message, the role, the
    /// content, the name plus 1 when given, and 3 to prime the reply; a plain prompt is its
    /// text's tokens. Each image counts [`IMAGE_TOKENS`].
    #[must_use]
    pub fn estimate_tokens(&self, encoding: Encoding) -> u64 {
        let images: u64 = self.messages.iter().map(|m| m.images * IMAGE_TOKENS).sum();
        if !self.chat {
            return self.messages.iter().map(|m| encoding.count(&m.text)).sum::<u64>() + images;
        }
        let mut tokens = 3;
        for m in &self.messages {
            tokens += 3 + encoding.count(&m.role) + encoding.count(&m.text);
            if let Some(name) = &m.name {
                tokens += 1 + encoding.count(name);
            }
        }
        tokens + images
    }

    /// The text a semantic cache or content filter looks at: every message's text, one per
    /// line, without system messages when asked.
    #[must_use]
    pub fn text(&self, ignore_system: bool) -> String {
        self.relevant(ignore_system).map(|m| m.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The messages left once system messages are dropped (when asked).
    pub fn relevant(&self, ignore_system: bool) -> impl Iterator<Item = &Message> {
        self.messages.iter().filter(move |m| !(ignore_system && (m.role == "system" || m.role == "developer")))
    }
}

fn from_message(value: &Value) -> Message {
    let role = value.get("role").and_then(Value::as_str).unwrap_or("user");
    let name = value.get("name").and_then(Value::as_str).map(str::to_owned);
    match value.get("content") {
        Some(content) => message(role, name, content),
        None => message(role, name, &Value::Null),
    }
}

/// A message from its content: a string, or a list of parts.
fn message(role: &str, name: Option<String>, content: &Value) -> Message {
    let mut texts = Vec::new();
    let mut images = 0;
    match content {
        Value::String(text) => texts.push(text.clone()),
        Value::Array(parts) => {
            for part in parts {
                match part {
                    Value::String(text) => texts.push(text.clone()),
                    Value::Object(object) => {
                        let kind = object.get("type").and_then(Value::as_str).unwrap_or("text");
                        if matches!(kind, "image_url" | "input_image" | "image") {
                            images += 1;
                        } else if let Some(text) = object.get("text").and_then(Value::as_str) {
                            texts.push(text.to_owned());
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Message { role: role.to_owned(), name, text: texts.join("\n"), images }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_messages_with_parts_and_images() {
        let body = serde_json::json!({
            "model": "gpt-4o",
            "stream": true,
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "name": "ann", "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "data:..."}}
                ]}
            ]
        });
        let prompt = Prompt::from_json(&body);
        assert!(prompt.stream && prompt.chat);
        assert_eq!(prompt.messages[1].text, "What is this?");
        assert_eq!(prompt.messages[1].images, 1);
        assert_eq!(prompt.text(true), "What is this?");
        assert_eq!(prompt.relevant(true).count(), 1);
    }

    #[test]
    fn completions_and_responses_inputs() {
        let legacy = Prompt::from_json(&serde_json::json!({"prompt": "Say hi"}));
        assert!(!legacy.chat);
        assert_eq!(legacy.text(false), "Say hi");
        let responses = Prompt::from_json(&serde_json::json!({
            "instructions": "Be kind.",
            "input": [{"role": "user", "content": [{"type": "input_text", "text": "Hello"}]}]
        }));
        assert!(responses.chat);
        assert_eq!(responses.text(false), "Be kind.\nHello");
        assert_eq!(Prompt::from_body(b"not json"), Prompt::default());
    }
}
