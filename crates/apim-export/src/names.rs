//! Bicep symbolic names and parameter names made from resource names.

use std::collections::BTreeSet;

/// `["api", "chat completions", "policy"]` -> `apiChatCompletionsPolicy`.
#[must_use]
pub fn camel(parts: &[&str]) -> String {
    let mut out = String::new();
    for word in parts.iter().flat_map(|part| part.split(|c: char| !c.is_ascii_alphanumeric())).filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if out.is_empty() {
            out.push(first.to_ascii_lowercase());
        } else {
            out.push(first.to_ascii_uppercase());
        }
        out.push_str(chars.as_str());
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Hands out unique identifiers: a second `apiA` (from `a-b` and `a_b`) becomes `apiA2`.
#[derive(Debug, Default)]
pub struct Symbols {
    taken: BTreeSet<String>,
}

impl Symbols {
    pub fn unique(&mut self, parts: &[&str]) -> String {
        let base = camel(parts);
        let mut candidate = base.clone();
        let mut counter = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{counter}");
            counter += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_identifiers() {
        assert_eq!(camel(&["api", "chat", "policy"]), "apiChatPolicy");
        assert_eq!(camel(&["product", "ai starter"]), "productAiStarter");
        assert_eq!(camel(&["named value", "openai-api-key", "value"]), "namedValueOpenaiApiKeyValue");
        let mut symbols = Symbols::default();
        assert_eq!(symbols.unique(&["api", "a-b"]), "apiAB");
        assert_eq!(symbols.unique(&["api", "a_b"]), "apiAB2");
    }
}
