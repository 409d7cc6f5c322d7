//! A deterministic mock of the OpenAI and Azure OpenAI APIs, for testing a gateway and
//! its AI policies without a model: Chat Completions, Completions, Embeddings and the
//! Responses API, streamed or not, with usage counted by the tokenizer apim's token
//! policies use ([`apim_llm`]), and faults (429, 500, 503, dropped connections,
//! latency) injected by configuration or per request by header.
//!
//! In-process: [`MockLlm::respond`] maps a [`MockRequest`] to a [`MockResponse`].
//! Over the network: [`serve`] runs it as an HTTP/1.1 server.

mod answer;
mod call;
mod chat;
mod completions;
mod config;
mod embeddings;
mod error;
mod exchange;
mod fault;
mod mock;
mod responses;
mod route;
mod server;
mod sse;

pub use config::{DEFAULT_CREATED, DEFAULT_MODEL, Fault, MockConfig};
pub use embeddings::DEFAULT_DIMENSIONS;
pub use exchange::{MockBody, MockRequest, MockResponse};
pub use fault::{FAULT_HEADER, LATENCY_HEADER, RETRY_AFTER_HEADER};
pub use mock::{BACKEND_HEADER, MockLlm};
pub use server::serve;

#[cfg(test)]
mod tests;
