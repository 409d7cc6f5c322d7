//! Rules of the `performance` category.

pub mod cache_lookup_without_rate_limit;
pub mod retry_without_backoff;
