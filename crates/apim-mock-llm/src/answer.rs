//! The mock's deterministic answer: a sentence echoing the last user message, cut to
//! the request's token limit, and split into the pieces a stream sends.

use apim_llm::{Encoding, Prompt};

/// How many words of the user's message the answer echoes.
const ECHO_WORDS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    /// The text in stream order: the first word, then each further word with its leading
    /// space. Tokens never straddle two pieces (tiktoken splits before a space that
    /// follows a non-space), so the pieces' counts add up to the text's.
    pub pieces: Vec<String>,
    pub tokens: u64,
    /// The limit cut the answer short (`finish_reason: "length"`).
    pub truncated: bool,
}

impl Answer {
    /// The answer to `prompt`, at most `max_tokens` tokens of `encoding` long.
    #[must_use]
    pub fn to(prompt: &Prompt, encoding: Encoding, max_tokens: Option<u64>) -> Self {
        let question = prompt
            .messages
            .iter()
            .rev()
            .find(|m| m.role == "user")
            .or_else(|| prompt.messages.last())
            .map(|m| m.text.as_str())
            .unwrap_or_default();
        let echo: Vec<&str> = question.split_whitespace().take(ECHO_WORDS).collect();
        let mut words = vec!["This", "is", "a", "mock", "answer"];
        if echo.is_empty() {
            words = vec!["This", "is", "a", "mock", "answer."];
        } else {
            words.push("to:");
            words.extend(echo);
        }
        let limit = max_tokens.unwrap_or(u64::MAX);
        let mut answer = Self { text: String::new(), pieces: Vec::new(), tokens: 0, truncated: false };
        for (i, word) in words.iter().enumerate() {
            let piece = if i == 0 { (*word).to_owned() } else { format!(" {word}") };
            let tokens = encoding.count(&piece);
            if answer.tokens + tokens > limit {
                answer.truncated = true;
                break;
            }
            answer.tokens += tokens;
            answer.text.push_str(&piece);
            answer.pieces.push(piece);
        }
        answer
    }

    #[must_use]
    pub fn finish_reason(&self) -> &'static str {
        if self.truncated { "length" } else { "stop" }
    }
}

/// A stable 64-bit hash (FNV-1a) of some parts, for ids and embeddings: the same on every
/// run and machine, unlike std's randomly seeded hasher.
#[must_use]
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    for part in parts {
        hasher.write(part);
        hasher.write_u8(0xff);
    }
    hasher.finish()
}

/// A deterministic id such as `chatcmpl-...`: the prefix and 24 hex digits of the request.
#[must_use]
pub fn id(prefix: &str, seed: u64) -> String {
    let more = stable_hash(&[&seed.to_le_bytes(), prefix.as_bytes()]);
    format!("{prefix}{seed:016x}{:08x}", more as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(json: serde_json::Value) -> Prompt {
        Prompt::from_json(&json)
    }

    #[test]
    fn echoes_the_last_user_message() {
        let p = prompt(serde_json::json!({"messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "  How do I\n reset my password?  "}
        ]}));
        let answer = Answer::to(&p, Encoding::O200k, None);
        assert_eq!(answer.text, "This is a mock answer to: How do I reset my password?");
        assert_eq!(answer.tokens, Encoding::O200k.count(&answer.text));
        assert_eq!(answer.pieces.concat(), answer.text);
        assert_eq!(answer.finish_reason(), "stop");
        let empty = Answer::to(&Prompt::default(), Encoding::O200k, None);
        assert_eq!(empty.text, "This is a mock answer.");
    }

    #[test]
    fn max_tokens_cuts_the_answer() {
        let p = prompt(
            serde_json::json!({"messages": [{"role": "user", "content": "tell me a long story about dragons"}]}),
        );
        let full = Answer::to(&p, Encoding::Cl100k, None);
        let short = Answer::to(&p, Encoding::Cl100k, Some(4));
        assert!(short.tokens <= 4 && short.tokens < full.tokens);
        assert_eq!(short.text, "This is a mock");
        assert_eq!(short.finish_reason(), "length");
        assert_eq!(Answer::to(&p, Encoding::Cl100k, Some(full.tokens)), full);
        let none = Answer::to(&p, Encoding::Cl100k, Some(0));
        assert_eq!((none.text.as_str(), none.tokens, none.truncated), ("", 0, true));
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(id("chatcmpl-", 42), id("chatcmpl-", 42));
        assert_ne!(id("chatcmpl-", 42), id("chatcmpl-", 43));
        assert_eq!(id("chatcmpl-", 1).len(), "chatcmpl-".len() + 24);
        assert_eq!(stable_hash(&[b"a", b"b"]), stable_hash(&[b"a", b"b"]));
        assert_ne!(stable_hash(&[b"ab"]), stable_hash(&[b"a", b"b"]));
    }
}
