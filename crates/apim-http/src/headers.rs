/// Header fields in arrival order. Names compare case-insensitively; each header line is
/// one value, so a repeated header has several values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    fields: Vec<(String, String)>,
}

impl Headers {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value (a header line).
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.fields.push((name.into(), value.into()));
    }

    /// Replaces every value of `name` with one value, keeping the first position.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.fields.iter().position(|(field, _)| field.eq_ignore_ascii_case(name)) {
            Some(index) => {
                self.fields[index].1 = value;
                let mut seen = false;
                self.fields.retain(|(field, _)| {
                    if !field.eq_ignore_ascii_case(name) {
                        return true;
                    }
                    let keep = !seen;
                    seen = true;
                    keep
                });
            }
            None => self.fields.push((name.to_owned(), value)),
        }
    }

    /// Removes every value of `name`.
    pub fn remove(&mut self, name: &str) {
        self.fields.retain(|(field, _)| !field.eq_ignore_ascii_case(name));
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(field, _)| field.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The values of `name` joined with `,` (what `Headers.GetValueOrDefault` returns), or
    /// `None` when the header is absent.
    #[must_use]
    pub fn joined(&self, name: &str) -> Option<String> {
        let mut values = self.get_all(name).peekable();
        values.peek()?;
        Some(values.collect::<Vec<_>>().join(","))
    }

    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.get_all(name).next().is_some()
    }

    /// Distinct header names, in order of first appearance, as first written.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (field, _) in &self.fields {
            if !names.iter().any(|name| name.eq_ignore_ascii_case(field)) {
                names.push(field);
            }
        }
        names
    }

    /// Every (name, value) line in order.
    /// The number of header lines.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_values_join_with_commas() {
        let mut headers = Headers::new();
        headers.append("Accept", "a");
        headers.append("accept", "b");
        headers.append("X-One", "1");
        assert_eq!(headers.joined("ACCEPT").as_deref(), Some("a,b"));
        assert_eq!(headers.joined("missing"), None);
        assert_eq!(headers.names(), vec!["Accept", "X-One"]);
        headers.set("accept", "c");
        assert_eq!(headers.get_all("Accept").collect::<Vec<_>>(), vec!["c"]);
        headers.remove("x-one");
        assert!(!headers.contains("X-One"));
    }
}
