//! The tiktoken encoding of a model, and token counts with it.

use tiktoken_rs::CoreBPE;

/// The two encodings of current OpenAI models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// gpt-4o, gpt-4.1, gpt-5, the o-series, gpt-oss.
    O200k,
    /// gpt-4, gpt-3.5 (Azure's `gpt-35-turbo`), the text-embedding models.
    Cl100k,
}

impl Encoding {
    /// The encoding of a model or Azure deployment name (case-insensitive). Names we do
    /// not recognise get o200k, the encoding of every model released since gpt-4o.
    #[must_use]
    pub fn for_model(model: &str) -> Self {
        let model = model.trim().to_ascii_lowercase();
        let model = model.rsplit('/').next().unwrap_or(&model);
        const O200K: [&str; 6] = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "gpt-oss", "chatgpt-4o"];
        const CL100K: [&str; 5] = ["gpt-4", "gpt-35", "gpt-3.5", "text-embedding-", "text-davinci-00"];
        if O200K.iter().any(|p| model.starts_with(p)) || is_o_series(model) {
            Self::O200k
        } else if CL100K.iter().any(|p| model.starts_with(p)) {
            Self::Cl100k
        } else {
            Self::O200k
        }
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::O200k => "o200k_base",
            Self::Cl100k => "cl100k_base",
        }
    }

    fn bpe(self) -> &'static CoreBPE {
        match self {
            Self::O200k => tiktoken_rs::o200k_base_singleton(),
            Self::Cl100k => tiktoken_rs::cl100k_base_singleton(),
        }
    }

    /// The token ids of `text`, special-token text encoded as ordinary text (tiktoken's
    /// `encode_ordinary`): a prompt that contains `<|endoftext|>` is counted as what it is.
    #[must_use]
    pub fn encode(self, text: &str) -> Vec<u32> {
        self.bpe().encode_ordinary(text)
    }

    /// The number of tokens of `text`, remembered per thread: the same system prompt,
    /// few-shot examples and roles come with every call of an application, BPE costs
    /// about 0.15 µs a byte, and even one word pays for the pre-tokenizing regex (a
    /// lookup is a hash of the text).
    #[must_use]
    pub fn count(self, text: &str) -> u64 {
        if text.is_empty() {
            return 0;
        }
        if let Some(count) = MEMO.with(|memo| memo.borrow().counts[self as usize].get(text).copied()) {
            return count;
        }
        let count = self.encode(text).len() as u64;
        MEMO.with(|memo| memo.borrow_mut().insert(self, text, count));
        count
    }
}

/// The text a thread's memo may hold; when full it starts again empty.
const MEMO_MAX_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Exact token counts of long texts seen before (the key is the whole text).
#[derive(Default)]
struct Memo {
    /// By encoding (`Encoding as usize`), text -> count.
    counts: [std::collections::HashMap<Box<str>, u64>; 2],
    bytes: usize,
}

impl Memo {
    fn insert(&mut self, encoding: Encoding, text: &str, count: u64) {
        if self.bytes + text.len() > MEMO_MAX_BYTES {
            self.counts.iter_mut().for_each(std::collections::HashMap::clear);
            self.bytes = 0;
        }
        if text.len() <= MEMO_MAX_BYTES {
            self.bytes += text.len();
            self.counts[encoding as usize].insert(text.into(), count);
        }
    }
}

/// `o1`, `o3-mini`, `o4-mini` ...: the letter o, digits, then the end or a dash.
fn is_o_series(model: &str) -> bool {
    let Some(rest) = model.strip_prefix('o') else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits).is_none_or(|b| *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::Encoding;

    #[test]
    fn models_map_to_their_encodings() {
        for model in ["gpt-4o", "GPT-4o-mini", "gpt-4.1-nano", "gpt-5", "o1", "o3-mini", "o4-mini", "gpt-oss-120b"] {
            assert_eq!(Encoding::for_model(model), Encoding::O200k, "{model}");
        }
        for model in ["gpt-4", "gpt-4-turbo", "gpt-35-turbo", "gpt-3.5-turbo", "text-embedding-3-small"] {
            assert_eq!(Encoding::for_model(model), Encoding::Cl100k, "{model}");
        }
        assert_eq!(Encoding::for_model("my-deployment"), Encoding::O200k);
        assert_eq!(Encoding::for_model("openai/gpt-4"), Encoding::Cl100k);
        assert_eq!(Encoding::for_model("omni"), Encoding::O200k);
    }

    #[test]
    fn remembered_counts_are_the_counts() {
        let long = "You are a helpful assistant. Answer concisely and cite the runbook. ".repeat(4);
        for encoding in [Encoding::O200k, Encoding::Cl100k] {
            let fresh = encoding.encode(&long).len() as u64;
            assert_eq!(encoding.count(&long), fresh);
            assert_eq!(encoding.count(&long), fresh, "from the memo");
        }
        // The two encodings count the same text differently and are remembered apart.
        let (o, c) = (
            Encoding::O200k.count("Привет, мир! ".repeat(20).as_str()),
            Encoding::Cl100k.count("Привет, мир! ".repeat(20).as_str()),
        );
        assert_ne!(o, c);
    }
}
