//! Shared by the end-to-end tests of the long-running commands (`apim serve`,
//! `apim mock-llm`): starting the binary and waiting for its addresses, and curl.

#![allow(dead_code)] // each test crate uses its part

pub mod curl;
pub mod listening;
pub mod python;
