use percent_encoding::percent_decode_str;

/// `context.Request.Url`: scheme, host, port, path and query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub host: String,
    pub port: u16,
    /// The path as written (not decoded), starting with `/`.
    pub path: String,
    /// `?` plus the query as written, or empty when there is none.
    pub query_string: String,
    /// Query parameters, URL-decoded, in order; a repeated name has several values.
    pub query: Vec<(String, Vec<String>)>,
}

impl Url {
    /// The URL of a request with this target and `Host` header. An origin-form target
    /// (`/path?q`) gets scheme `https` and port 443 unless `Host` has a port; an
    /// absolute-form target (`http://host:8080/p`) gives its own parts.
    #[must_use]
    pub fn from_target(target: &str, host_header: Option<&str>) -> Self {
        let (scheme, authority, path_and_query) = match target.split_once("://") {
            Some((scheme, rest)) => {
                let slash = rest.find(['/', '?']).unwrap_or(rest.len());
                (scheme.to_ascii_lowercase(), Some(&rest[..slash]), &rest[slash..])
            }
            None => ("https".to_owned(), None, target),
        };
        let authority = authority.or(host_header).unwrap_or("localhost");
        let default_port = if scheme == "http" { 80 } else { 443 };
        let (host, port) = split_host_port(authority, default_port);
        let (path, query_string) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, format!("?{query}")),
            None => (path_and_query, String::new()),
        };
        let path = if path.is_empty() { "/".to_owned() } else { path.to_owned() };
        let query = parse_query(query_string.strip_prefix('?').unwrap_or(""));
        Self { scheme, host, port, path, query_string, query }
    }

    /// The values of a query parameter joined with `,`, or `None` when absent.
    #[must_use]
    pub fn query_value(&self, name: &str) -> Option<String> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, values)| values.join(","))
    }

    /// `scheme://host[:port]path?query`, with the port left out when it is the default.
    #[must_use]
    pub fn to_url_string(&self) -> String {
        let default = (self.scheme == "https" && self.port == 443) || (self.scheme == "http" && self.port == 80);
        let port = if default { String::new() } else { format!(":{}", self.port) };
        format!("{}://{}{port}{}{}", self.scheme, self.host, self.path, self.query_string)
    }
}

fn split_host_port(authority: &str, default_port: u16) -> (String, u16) {
    // `[::1]:8080`, `host:8080`, `host`.
    if let Some(rest) = authority.strip_prefix('[')
        && let Some((host, after)) = rest.split_once(']')
    {
        let port = after.strip_prefix(':').and_then(|port| port.parse().ok()).unwrap_or(default_port);
        return (format!("[{host}]"), port);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host.to_owned(), port.parse().unwrap_or(default_port))
        }
        _ => (authority.to_owned(), default_port),
    }
}

fn decode(text: &str) -> String {
    let plus_as_space = text.replace('+', " ");
    percent_decode_str(&plus_as_space).decode_utf8_lossy().into_owned()
}

fn parse_query(query: &str) -> Vec<(String, Vec<String>)> {
    let mut parameters: Vec<(String, Vec<String>)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(name), decode(value));
        match parameters.iter_mut().find(|(key, _)| *key == name) {
            Some((_, values)) => values.push(value),
            None => parameters.push((name, vec![value])),
        }
    }
    parameters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_form_defaults_to_https_443() {
        let url = Url::from_target("/openai/chat?api-version=2024-10-21&x=a%20b&x=c", Some("example.net"));
        assert_eq!((url.scheme.as_str(), url.host.as_str(), url.port), ("https", "example.net", 443));
        assert_eq!(url.path, "/openai/chat");
        assert_eq!(url.query_string, "?api-version=2024-10-21&x=a%20b&x=c");
        assert_eq!(url.query_value("x").as_deref(), Some("a b,c"));
        assert_eq!(url.to_url_string(), "https://example.net/openai/chat?api-version=2024-10-21&x=a%20b&x=c");
    }

    #[test]
    fn host_port_and_absolute_form() {
        assert_eq!(Url::from_target("/", Some("localhost:8080")).port, 8080);
        let absolute = Url::from_target("http://api.local:81/a", Some("ignored"));
        assert_eq!((absolute.scheme.as_str(), absolute.host.as_str(), absolute.port), ("http", "api.local", 81));
        assert_eq!(Url::from_target("/x", None).query_string, "");
        assert_eq!(Url::from_target("/x", Some("[::1]:9000")).host, "[::1]");
    }
}
