//! Which API a request calls, by the end of its path, so any prefix works: `/v1/...`,
//! `/openai/deployments/{deployment}/...`, a gateway's API suffix, or none.

/// The operations the mock answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
    /// `GET .../models`: the model the mock reports, so clients can probe it.
    Models,
}

impl Endpoint {
    /// The endpoint a path ends with (case-insensitive, a trailing `/` ignored).
    #[must_use]
    pub fn for_path(path: &str) -> Option<Self> {
        let path = path.trim_end_matches('/').to_ascii_lowercase();
        let ends = |suffix: &str| path == suffix || path.ends_with(&format!("/{suffix}"));
        if ends("chat/completions") {
            Some(Self::ChatCompletions)
        } else if ends("completions") {
            Some(Self::Completions)
        } else if ends("embeddings") {
            Some(Self::Embeddings)
        } else if ends("responses") {
            Some(Self::Responses)
        } else if ends("models") {
            Some(Self::Models)
        } else {
            None
        }
    }

    #[must_use]
    pub fn method(self) -> &'static str {
        match self {
            Self::Models => "GET",
            _ => "POST",
        }
    }
}

/// The Azure OpenAI deployment of a path (`/deployments/{name}/...`), as the gateway's
/// token estimate reads it.
#[must_use]
pub fn deployment(path: &str) -> Option<&str> {
    path.split('/').skip_while(|s| !s.eq_ignore_ascii_case("deployments")).nth(1).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_by_suffix() {
        let chat = Some(Endpoint::ChatCompletions);
        assert_eq!(Endpoint::for_path("/openai/deployments/gpt-4o/chat/completions"), chat);
        assert_eq!(Endpoint::for_path("/v1/chat/completions"), chat);
        assert_eq!(Endpoint::for_path("/chat/completions/"), chat);
        assert_eq!(Endpoint::for_path("chat/completions"), chat);
        assert_eq!(Endpoint::for_path("/my-api/openai/deployments/x/Chat/Completions"), chat);
        assert_eq!(Endpoint::for_path("/v1/completions"), Some(Endpoint::Completions));
        assert_eq!(Endpoint::for_path("/openai/deployments/emb/embeddings"), Some(Endpoint::Embeddings));
        assert_eq!(Endpoint::for_path("/openai/v1/responses"), Some(Endpoint::Responses));
        assert_eq!(Endpoint::for_path("/v1/models"), Some(Endpoint::Models));
        assert_eq!(Endpoint::for_path("/v1/mychat/completionsx"), None);
        assert_eq!(Endpoint::for_path("/v1/xembeddings"), None);
        assert_eq!(Endpoint::for_path("/"), None);
        assert_eq!(Endpoint::for_path(""), None);
    }

    #[test]
    fn deployment_from_path() {
        assert_eq!(deployment("/openai/deployments/gpt-35-turbo/chat/completions"), Some("gpt-35-turbo"));
        assert_eq!(deployment("/openai/Deployments/emb/embeddings"), Some("emb"));
        assert_eq!(deployment("/v1/chat/completions"), None);
        assert_eq!(deployment("/openai/deployments//chat"), None);
        assert_eq!(deployment("/openai/deployments"), None);
    }
}
