//! What policy expressions may refer to: the `context` object model and the allow-list of
//! .NET types, generated from Microsoft's documentation facts by
//! `cargo dev generate-expression-model`.

mod generated;

pub use generated::{ALLOWED_TYPES, CONTEXT_TYPES};

/// A type of the `context` model (`IRequest`, `IUrl`) or `context` itself.
#[derive(Debug)]
pub struct ContextType {
    pub name: &'static str,
    pub members: &'static [Member],
}

/// A property or method of a context type.
#[derive(Debug)]
pub struct Member {
    /// `As` for `As<T>(bool preserveContent = false)`.
    pub name: &'static str,
    pub signature: &'static str,
    /// As documented: `string`, `IUrl`, `IMessageBody?`, `IReadOnlyDictionary<string, object>`.
    pub type_name: &'static str,
}

impl ContextType {
    #[must_use]
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members.iter().find(|member| member.name == name)
    }
}

/// The context type with this name (`context`, `IRequest` ...); a trailing `?` is ignored.
#[must_use]
pub fn context_type(name: &str) -> Option<&'static ContextType> {
    let name = name.trim_end_matches('?');
    CONTEXT_TYPES.iter().find(|context_type| context_type.name == name)
}

/// The allowed type a name refers to, as written in an expression: a full name
/// (`System.Text.Encoding`), a short name the common namespaces make visible (`JObject`,
/// `Encoding`), a nested type (`TimeZoneInfo.AdjustmentRule`), or a context model type
/// (`IResponse`, `Jwt`).
#[must_use]
pub fn resolve_type(name: &str) -> Option<&'static str> {
    if let Some(context_type) = context_type(name) {
        return Some(context_type.name);
    }
    ALLOWED_TYPES.iter().copied().find(|full| {
        *full == name
            || (full.len() > name.len() && full.ends_with(name) && full.as_bytes()[full.len() - name.len() - 1] == b'.')
    })
}

/// Whether `prefix` is a namespace of some allowed type (`System`, `System.Text`).
#[must_use]
pub fn is_namespace(prefix: &str) -> bool {
    ALLOWED_TYPES
        .iter()
        .any(|full| full.len() > prefix.len() && full.starts_with(prefix) && full.as_bytes()[prefix.len()] == b'.')
        && resolve_type(prefix).is_none()
}

/// The short names of the allowed types, for "did you mean".
pub fn short_type_names() -> impl Iterator<Item = &'static str> {
    ALLOWED_TYPES.iter().map(|full| full.rsplit('.').next().unwrap_or(full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_short_full_and_context_names() {
        assert_eq!(resolve_type("JObject"), Some("Newtonsoft.Json.Linq.JObject"));
        assert_eq!(resolve_type("System.Text.Encoding"), Some("System.Text.Encoding"));
        assert_eq!(resolve_type("Encoding"), Some("System.Text.Encoding"));
        assert_eq!(resolve_type("List"), Some("System.Collections.Generic.List"));
        assert_eq!(resolve_type("IResponse"), Some("IResponse"));
        assert_eq!(resolve_type("File"), None);
        assert_eq!(resolve_type("Linq"), None, "a namespace is not a type");
        assert!(is_namespace("System.IO"));
        assert!(!is_namespace("System.IO.File"));
        assert_eq!(context_type("IMessageBody?").and_then(|t| t.member("As")).map(|m| m.type_name), Some("T"));
    }
}
