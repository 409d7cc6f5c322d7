//! Which API and operation a request is for: the API by the longest path prefix (and its
//! version, when the API is in a version set), then the operation by method and URL
//! template, literal segments winning over parameters as in APIM.

use apim_service::{Api, Service};

/// A matched operation, by index into the service's APIs and the API's operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub api: usize,
    pub operation: usize,
    /// Template parameters (`{deployment-id}`) with their values, for
    /// `context.Request.MatchedParameters`.
    pub matched: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
    /// `{*rest}` or the `/*` of a wildcard operation: the rest of the path.
    Rest(Option<String>),
}

#[derive(Debug, Clone)]
struct OperationRoute {
    index: usize,
    /// Upper case; `*` for any.
    method: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
struct ApiRoute {
    index: usize,
    /// Lower-cased path segments, including a `Segment`-scheme version.
    prefix: Vec<String>,
    /// A `Query` or `Header` version this API answers for: (is_header, name, version).
    version: Option<(bool, String, String)>,
    operations: Vec<OperationRoute>,
}

/// The routing table of a service, built once per (re)load.
#[derive(Debug, Clone, Default)]
pub struct Router {
    /// Longest prefix first.
    apis: Vec<ApiRoute>,
}

/// What [`Router::route`] found when it found no operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// No API has this path (APIM: 404 "Resource not found").
    NoApi,
    /// The API exists but no operation matches the method and path (also 404).
    NoOperation { api: usize },
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn parse_template(template: &str) -> Vec<Segment> {
    let path = template.split('?').next().unwrap_or("");
    segments(path)
        .map(|s| {
            if s == "*" {
                Segment::Rest(None)
            } else if let Some(name) = s.strip_prefix("{*").and_then(|r| r.strip_suffix('}')) {
                Segment::Rest(Some(name.to_owned()))
            } else if let Some(name) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                Segment::Param(name.to_owned())
            } else {
                Segment::Literal(s.to_ascii_lowercase())
            }
        })
        .collect()
}

impl Router {
    #[must_use]
    pub fn new(service: &Service) -> Self {
        let mut apis: Vec<ApiRoute> = service
            .apis
            .iter()
            .enumerate()
            .filter(|(_, api)| api.is_current)
            .map(|(index, api)| api_route(service, index, api))
            .collect();
        // Longest prefix first; a versioned API before its unversioned sibling.
        apis.sort_by(|a, b| b.prefix.len().cmp(&a.prefix.len()).then(b.version.is_some().cmp(&a.version.is_some())));
        Self { apis }
    }

    /// The operation for `method` and `path` (no query), with `query` and `header` lookups
    /// for versioned APIs.
    ///
    /// # Errors
    /// [`RouteError`] when no API or no operation matches.
    pub fn route(
        &self,
        method: &str,
        path: &str,
        query: &dyn Fn(&str) -> Option<String>,
        header: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Route, RouteError> {
        let request: Vec<&str> = segments(path).collect();
        let mut api_without_operation = None;
        for api in &self.apis {
            if request.len() < api.prefix.len()
                || !api.prefix.iter().zip(&request).all(|(p, r)| p.eq_ignore_ascii_case(r))
            {
                continue;
            }
            if let Some((is_header, name, version)) = &api.version {
                let given = if *is_header { header(name) } else { query(name) };
                if given.as_deref() != Some(version.as_str()) {
                    continue;
                }
            }
            let rest = &request[api.prefix.len()..];
            if let Some(found) = best_operation(api, method, rest) {
                return Ok(found);
            }
            api_without_operation.get_or_insert(api.index);
        }
        Err(api_without_operation.map_or(RouteError::NoApi, |api| RouteError::NoOperation { api }))
    }
}

fn api_route(service: &Service, index: usize, api: &Api) -> ApiRoute {
    let mut prefix: Vec<String> = segments(&api.path).map(str::to_ascii_lowercase).collect();
    let mut version = None;
    if let (Some(set_id), Some(v)) = (&api.api_version_set_id, &api.api_version) {
        let set_name = set_id.rsplit('/').next().unwrap_or(set_id);
        if let Some(set) = service.version_sets.iter().find(|s| s.name.eq_ignore_ascii_case(set_name)) {
            match set.versioning_scheme.to_ascii_lowercase().as_str() {
                "query" => {
                    let name = set.version_query_name.clone().unwrap_or_else(|| "api-version".to_owned());
                    version = Some((false, name, v.clone()));
                }
                "header" => {
                    let name = set.version_header_name.clone().unwrap_or_else(|| "Api-Version".to_owned());
                    version = Some((true, name, v.clone()));
                }
                _ if !v.is_empty() => prefix.push(v.to_ascii_lowercase()),
                _ => {}
            }
        }
    }
    let operations = api
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| OperationRoute {
            index: i,
            method: if op.wildcard && op.method == "*" { "*".to_owned() } else { op.method.to_ascii_uppercase() },
            segments: parse_template(&op.url_template),
        })
        .collect();
    ApiRoute { index, prefix, version, operations }
}

/// The matching operation with the most literal segments (then the fewest rest segments).
fn best_operation(api: &ApiRoute, method: &str, rest: &[&str]) -> Option<Route> {
    let mut best: Option<((usize, usize, bool), Route)> = None;
    for op in &api.operations {
        if op.method != "*" && !op.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let Some((literals, matched)) = match_segments(&op.segments, rest) else { continue };
        let has_rest = op.segments.iter().any(|s| matches!(s, Segment::Rest(_)));
        // Exact methods beat `*`; more literal segments beat fewer; no `*` beats `*`.
        let score = (usize::from(op.method != "*"), literals, !has_rest);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, Route { api: api.index, operation: op.index, matched }));
        }
    }
    best.map(|(_, route)| route)
}

fn match_segments(template: &[Segment], path: &[&str]) -> Option<(usize, Vec<(String, String)>)> {
    let mut literals = 0;
    let mut matched = Vec::new();
    for (i, segment) in template.iter().enumerate() {
        match segment {
            Segment::Rest(name) => {
                if let Some(name) = name {
                    matched.push((name.clone(), path.get(i..).unwrap_or_default().join("/")));
                }
                return Some((literals, matched));
            }
            Segment::Literal(text) => {
                if !path.get(i)?.eq_ignore_ascii_case(text) {
                    return None;
                }
                literals += 1;
            }
            Segment::Param(name) => matched.push((name.clone(), decode((*path.get(i)?).to_owned()))),
        }
    }
    (template.len() == path.len()).then_some((literals, matched))
}

/// Percent-decodes a path segment for MatchedParameters (invalid escapes stay as written).
fn decode(segment: String) -> String {
    if !segment.contains('%') {
        return segment;
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or(segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(folder: &str) -> (Router, Service) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(folder);
        let loaded = apim_service::load(&root);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        (Router::new(&loaded.service), loaded.service)
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    fn names(service: &Service, route: &Route) -> (String, String) {
        let api = &service.apis[route.api];
        (api.name.clone(), api.operations[route.operation].name.clone())
    }

    #[test]
    fn routes_by_path_method_and_template() {
        let (router, service) = router("fixtures/services/ai-gateway");
        let chat = service.api("chat").unwrap();
        let op = &chat.operations[0];
        // The chat API is versioned by path segment (its version set's scheme).
        let version = chat.api_version.as_deref().unwrap();
        let template = op.url_template.trim_start_matches('/');
        let path = format!("/{}/{version}/{template}", chat.path);
        let concrete = path.replace("{deployment-id}", "gpt-4o").replace(['{', '}'], "");
        let route = router.route(&op.method, &concrete, &none, &none).unwrap();
        assert_eq!(names(&service, &route).1, op.name);
        let unversioned = format!("/{}/{template}", chat.path).replace("{deployment-id}", "gpt-4o");
        assert_eq!(router.route(&op.method, &unversioned, &none, &none), Err(RouteError::NoApi));
    }

    #[test]
    fn unknown_path_is_no_api() {
        let (router, _) = router("fixtures/services/ai-gateway");
        assert_eq!(router.route("GET", "/no/such/api", &none, &none), Err(RouteError::NoApi));
    }

    #[test]
    fn literal_beats_parameter_and_rest_captures() {
        let lit = [Segment::Literal("items".into()), Segment::Literal("latest".into())];
        let param = [Segment::Literal("items".into()), Segment::Param("id".into())];
        assert_eq!(match_segments(&lit, &["items", "latest"]).unwrap().0, 2);
        assert_eq!(match_segments(&param, &["items", "latest"]).unwrap().0, 1);
        let rest = [Segment::Literal("files".into()), Segment::Rest(Some("path".into()))];
        let (_, matched) = match_segments(&rest, &["files", "a", "b.txt"]).unwrap();
        assert_eq!(matched, vec![("path".to_owned(), "a/b.txt".to_owned())]);
        assert!(match_segments(&param, &["items"]).is_none());
    }

    #[test]
    fn parameters_are_percent_decoded() {
        assert_eq!(decode("a%20b".into()), "a b");
        assert_eq!(decode("bad%zz".into()), "bad%zz");
    }
}
