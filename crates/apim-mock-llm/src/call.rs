//! One model call as every endpoint reads it: the JSON body, its prompt and token
//! encoding (as the gateway's estimate sees them), the model to report, and a seed that
//! makes ids depend on the request alone.

use apim_llm::{Encoding, Prompt};
use serde_json::Value;

use crate::answer::stable_hash;
use crate::config::{DEFAULT_MODEL, MockConfig};
use crate::error::ApiError;
use crate::exchange::MockRequest;
use crate::route;

pub struct Call {
    /// A JSON object.
    pub body: Value,
    pub prompt: Prompt,
    pub encoding: Encoding,
    /// The model the response names.
    pub model: String,
    pub created: u64,
    /// The request's hash: ids derive from it.
    pub seed: u64,
    /// The path names an Azure OpenAI deployment: answer with Azure's extra fields.
    pub azure: bool,
    pub stream_delay_ms: u64,
}

impl Call {
    /// # Errors
    /// The body is not a JSON object.
    pub fn read(request: &MockRequest, config: &MockConfig, created: u64) -> Result<Self, ApiError> {
        let body = match serde_json::from_slice::<Value>(&request.body) {
            Ok(body) if body.is_object() => body,
            _ => return Err(ApiError::bad_json()),
        };
        let path = request.path();
        let deployment = route::deployment(path);
        let prompt = Prompt::from_json(&body);
        // The encoding as the gateway picks it (the body's model, else the deployment),
        // so the mock's usage and the gateway's estimate agree.
        let encoding = prompt.encoding(deployment);
        let model = config
            .model
            .clone()
            .or_else(|| prompt.model.clone())
            .or_else(|| deployment.map(str::to_owned))
            .unwrap_or_else(|| DEFAULT_MODEL.to_owned());
        Ok(Self {
            body,
            prompt,
            encoding,
            model,
            created,
            seed: stable_hash(&[path.as_bytes(), &request.body]),
            azure: deployment.is_some(),
            stream_delay_ms: config.stream_chunk_delay_ms,
        })
    }

    /// `"stream": true`.
    ///
    /// # Errors
    /// `stream` is not a boolean.
    pub fn stream(&self) -> Result<bool, ApiError> {
        match self.body.get("stream") {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(stream)) => Ok(*stream),
            Some(_) => Err(ApiError::wrong_type("stream", "a boolean")),
        }
    }

    /// `stream_options.include_usage`: a last event reports the usage.
    #[must_use]
    pub fn include_usage(&self) -> bool {
        self.body.get("stream_options").and_then(|o| o.get("include_usage")).and_then(Value::as_bool).unwrap_or(false)
    }

    /// The first of the token-limit parameters `names` that is given.
    ///
    /// # Errors
    /// It is not a non-negative integer.
    pub fn max_tokens(&self, names: &[&str]) -> Result<Option<u64>, ApiError> {
        for name in names {
            match self.body.get(*name) {
                None | Some(Value::Null) => {}
                Some(value) => return value.as_u64().map(Some).ok_or_else(|| ApiError::wrong_type(name, "an integer")),
            }
        }
        Ok(None)
    }

    /// `n`: how many choices to return (1 to 128).
    ///
    /// # Errors
    /// `n` is not an integer from 1 to 128.
    pub fn choices(&self) -> Result<u64, ApiError> {
        match self.body.get("n") {
            None | Some(Value::Null) => Ok(1),
            Some(value) => match value.as_u64() {
                Some(n @ 1..=128) => Ok(n),
                _ => Err(ApiError::invalid(
                    "n",
                    "integer_out_of_range",
                    "Invalid 'n': expected an integer from 1 to 128.",
                )),
            },
        }
    }

    /// The prompt tokens apim-llm estimates for this request, which the mock reports.
    #[must_use]
    pub fn prompt_tokens(&self) -> u64 {
        self.prompt.estimate_tokens(self.encoding)
    }
}
