//! Text substitution done before a policy is compiled, as APIM does: `{{named values}}`
//! and, for deploy-time templates, `{placeholders}` given with `--param`.

use std::collections::BTreeMap;

/// A named value: its text (a literal or a policy expression) and whether it is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedValue {
    pub value: String,
    pub secret: bool,
}

/// Replaces every `{{name}}` with its value. Returns the text and the byte offsets (in the
/// returned text) and names of references that have no value; those stay as written.
#[must_use]
pub fn named_values(text: &str, values: &BTreeMap<String, NamedValue>) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let name_end = after.find("}}");
        let name = name_end.map(|end| &after[..end]);
        match name {
            Some(name) if is_name(name) => {
                let found = values
                    .get(name)
                    .or_else(|| values.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, v)| v));
                match found {
                    Some(value) => out.push_str(&value.value),
                    None => {
                        unknown.push((out.len(), name.to_owned()));
                        out.push_str(&rest[start..start + 4 + name.len()]);
                    }
                }
                rest = &after[name.len() + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, unknown)
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Replaces the `{name}` template placeholders that `params` gives a value for.
#[must_use]
pub fn placeholders(text: &str, params: &BTreeMap<String, String>) -> String {
    if params.is_empty() {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    for (start, name) in apim_ir::placeholders(text).into_iter().rev() {
        if let Some(value) = params.get(&name) {
            out.replace_range(start..start + name.len() + 2, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_known_named_values_and_reports_unknown_ones() {
        let mut values = BTreeMap::new();
        values.insert("key".to_owned(), NamedValue { value: "s3cret".to_owned(), secret: true });
        let (text, unknown) = named_values("a {{key}} b {{Key}} c {{missing}} d {{ x }}", &values);
        assert_eq!(text, "a s3cret b s3cret c {{missing}} d {{ x }}");
        assert_eq!(unknown, vec![(20, "missing".to_owned())]);
        assert_eq!(&text[20..31], "{{missing}}");
    }

    #[test]
    fn substitutes_only_given_placeholders() {
        let mut params = BTreeMap::new();
        params.insert("backend-id".to_owned(), "pool".to_owned());
        let text = placeholders(r#"<a b="{backend-id}" c="{other}" d="{{nv}}"/>"#, &params);
        assert_eq!(text, r#"<a b="pool" c="{other}" d="{{nv}}"/>"#);
    }
}
