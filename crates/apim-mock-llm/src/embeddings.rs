//! Embeddings (`.../embeddings`): deterministic unit vectors in which paraphrases lie
//! close: a hashed bag of stemmed lowercase words plus their character trigrams, so
//! shared words and shared word parts both pull two texts together.

use base64::Engine;
use rust_stemmers::{Algorithm, Stemmer};
use serde_json::{Value, json};

use crate::answer::stable_hash;
use crate::call::Call;
use crate::error::ApiError;
use crate::exchange::MockResponse;

/// text-embedding-3-small's and ada-002's size.
pub const DEFAULT_DIMENSIONS: usize = 1536;
/// Beyond text-embedding-3-large's 3072, with room; bounds the work of one request.
const MAX_DIMENSIONS: u64 = 8192;
/// The API's limit on inputs per request.
const MAX_INPUTS: usize = 2048;

const WORD_WEIGHT: f32 = 1.0;
const TRIGRAM_WEIGHT: f32 = 0.3;

/// One input: text, or token ids (hashed as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(String),
    Tokens(Vec<u64>),
}

/// # Errors
/// A body without a valid `input`, or a bad `dimensions` or `encoding_format`.
pub fn respond(call: &Call) -> Result<MockResponse, ApiError> {
    let inputs = inputs(call.body.get("input"))?;
    let dimensions = match call.body.get("dimensions") {
        None | Some(Value::Null) => DEFAULT_DIMENSIONS,
        Some(value) => match value.as_u64() {
            Some(n @ 1..=MAX_DIMENSIONS) => n as usize,
            _ => {
                return Err(ApiError::invalid(
                    "dimensions",
                    "integer_out_of_range",
                    format!("Invalid 'dimensions': expected an integer from 1 to {MAX_DIMENSIONS}."),
                ));
            }
        },
    };
    let base64 = match call.body.get("encoding_format") {
        None | Some(Value::Null) => false,
        Some(Value::String(format)) if format == "float" => false,
        Some(Value::String(format)) if format == "base64" => true,
        Some(_) => {
            return Err(ApiError::invalid(
                "encoding_format",
                "invalid_value",
                "Invalid 'encoding_format': expected 'float' or 'base64'.",
            ));
        }
    };
    let stemmer = Stemmer::create(Algorithm::English);
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let vector = embed(&stemmer, input, dimensions);
            let embedding = if base64 { json!(to_base64(&vector)) } else { json!(vector) };
            json!({"object": "embedding", "index": index, "embedding": embedding})
        })
        .collect();
    let prompt_tokens = call.prompt_tokens();
    let body = json!({
        "object": "list",
        "data": data,
        "model": call.model,
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
    });
    Ok(MockResponse::json(200, &body))
}

fn inputs(input: Option<&Value>) -> Result<Vec<Input>, ApiError> {
    let wrong = || ApiError::wrong_type("input", "a string, an array of strings, or token arrays");
    let tokens = |items: &[Value]| items.iter().map(Value::as_u64).collect::<Option<Vec<u64>>>();
    let inputs = match input {
        None | Some(Value::Null) => return Err(ApiError::missing("input")),
        Some(Value::String(text)) => vec![Input::Text(text.clone())],
        Some(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_u64) => {
            vec![Input::Tokens(tokens(items).ok_or_else(wrong)?)]
        }
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(Input::Text(text.clone())),
                Value::Array(ids) => tokens(ids).map(Input::Tokens).ok_or_else(wrong),
                _ => Err(wrong()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(wrong()),
    };
    if inputs.is_empty() || inputs.len() > MAX_INPUTS {
        return Err(ApiError::invalid(
            "input",
            "invalid_value",
            format!("Invalid 'input': expected from 1 to {MAX_INPUTS} inputs."),
        ));
    }
    Ok(inputs)
}

/// The unit vector of one input.
#[must_use]
pub fn embed(stemmer: &Stemmer, input: &Input, dimensions: usize) -> Vec<f32> {
    let mut vector = vec![0f32; dimensions.max(1)];
    let mut add = |kind: &[u8], feature: &[u8], weight: f32| {
        let hash = stable_hash(&[kind, feature]);
        // The low bits pick the slot, the top bit the sign, so collisions cancel out
        // instead of piling up.
        let slot = (hash % vector.len() as u64) as usize;
        vector[slot] += if hash >> 63 == 0 { weight } else { -weight };
    };
    match input {
        Input::Text(text) => {
            let lower = text.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                add(b"word", stemmer.stem(word).as_bytes(), WORD_WEIGHT);
                let padded: Vec<char> = format!("^{word}$").chars().collect();
                for trigram in padded.windows(3) {
                    add(b"trigram", trigram.iter().collect::<String>().as_bytes(), TRIGRAM_WEIGHT);
                }
            }
        }
        Input::Tokens(ids) => {
            for token in ids {
                add(b"token", &token.to_le_bytes(), WORD_WEIGHT);
            }
        }
    }
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x /= norm);
    } else {
        // Nothing to hash (empty text): still a unit vector, the same for every such input.
        vector[0] = 1.0;
    }
    vector
}

/// The vector as OpenAI's `encoding_format: "base64"` sends it: little-endian f32s.
fn to_base64(vector: &[f32]) -> String {
    let bytes: Vec<u8> = vector.iter().flat_map(|x| x.to_le_bytes()).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    fn text(s: &str) -> Vec<f32> {
        embed(&Stemmer::create(Algorithm::English), &Input::Text(s.to_owned()), DEFAULT_DIMENSIONS)
    }

    #[test]
    fn paraphrases_are_closer_than_unrelated_text() {
        let question = text("How do I reset my password?");
        let paraphrase = text("how can I reset my password");
        let unrelated = text("What is the weather in Paris?");
        let near = cosine(&question, &paraphrase);
        let far = cosine(&question, &unrelated);
        assert!(near > 0.7, "paraphrase cosine {near}");
        assert!(far < 0.2, "unrelated cosine {far}");
        // Stems and trigrams: an inflected form still lands near.
        assert!(cosine(&text("resetting passwords"), &text("reset password")) > 0.5);
    }

    #[test]
    fn vectors_are_unit_length_and_deterministic() {
        for s in ["", "  ", "Hello", "naïve café 東京"] {
            let v = text(s);
            let norm = cosine(&v, &v).sqrt();
            assert!((norm - 1.0).abs() < 1e-5, "{s:?}: {norm}");
            assert_eq!(v, text(s));
        }
        let stemmer = Stemmer::create(Algorithm::English);
        assert_eq!(embed(&stemmer, &Input::Tokens(vec![1, 2, 3]), 8).len(), 8);
    }

    #[test]
    fn base64_is_little_endian_f32() {
        let encoded = to_base64(&[1.0, -0.5]);
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        assert_eq!(bytes, [1.0f32.to_le_bytes(), (-0.5f32).to_le_bytes()].concat());
    }
}
