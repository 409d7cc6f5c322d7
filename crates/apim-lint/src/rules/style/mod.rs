//! Rules of the `style` category.

pub mod azure_openai_policy_with_llm_equivalent;
