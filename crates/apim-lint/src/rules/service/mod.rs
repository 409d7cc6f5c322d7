//! Rules that need the service folder around a policy (`apim lint <service folder>`);
//! alone, a policy file cannot know what the service defines.

pub mod unknown_backend;
pub mod unknown_fragment;
pub mod unknown_named_value;
