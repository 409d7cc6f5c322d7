//! Rules of the `security` category.

pub mod cors_any_origin_with_credentials;
pub mod hardcoded_secret;
pub mod insecure_http_url;
pub mod jwt_audience_or_issuer_unchecked;
pub mod jwt_expiration_not_required;
pub mod jwt_signature_not_required;
pub mod secret_in_log;
