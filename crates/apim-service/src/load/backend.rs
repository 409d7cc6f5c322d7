//! `backends/<name>/backendInformation.json`: single backends and pools, credentials,
//! circuit-breaker rules.

use std::collections::BTreeMap;

use super::duration;
use super::json::Seg::{self, Index, Key};
use super::json::{JsonFile, display};
use super::{Folder, Sink, information_file};
use crate::codes;
use crate::model::{
    Authorization, Backend, BackendKind, CircuitBreakerRule, Credentials, Duration, FailureCondition, PoolMember, Tls,
};

const KNOWN: &[&str] = &[
    "url",
    "protocol",
    "title",
    "description",
    "resourceId",
    "properties",
    "credentials",
    "proxy",
    "tls",
    "type",
    "pool",
    "circuitBreaker",
];
const P: Seg<'static> = Key("properties");

pub(crate) fn load_all(folder: &Folder, sink: &mut Sink) -> Vec<Backend> {
    let mut loaded: Vec<(Backend, JsonFile)> = Vec::new();
    let folders = folder.subfolders(&["backends"], sink);
    for name in folders.clone() {
        let relative = ["backends", name.as_str(), "backendInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the backend: `{\"properties\": {\"url\": ..., \"protocol\": \"http\"}}`",
            KNOWN,
        ) else {
            continue;
        };
        let backend = one(&file, name, sink);
        loaded.push((backend, file));
    }
    check_pools(&loaded, &folders, sink);
    loaded.into_iter().map(|(backend, _)| backend).collect()
}

fn one(file: &JsonFile, name: String, sink: &mut Sink) -> Backend {
    let kind_text = file.string(sink, &[P, Key("type")]);
    let is_pool = match kind_text.as_deref() {
        None | Some("Single" | "single") => false,
        Some("Pool" | "pool") => true,
        Some(other) => {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[P, Key("type")],
                format!("backend type `{other}` is not `Single` or `Pool`"),
                "write `\"type\": \"Single\"` or `\"type\": \"Pool\"`",
            );
            false
        }
    };
    let url = file.string(sink, &[P, Key("url")]);
    let protocol = file.string(sink, &[P, Key("protocol")]);
    if let Some(protocol) = &protocol
        && protocol != "http"
        && protocol != "soap"
    {
        file.problem(
            sink,
            codes::INVALID_VALUE,
            &[P, Key("protocol")],
            format!("backend protocol `{protocol}` is not `http` or `soap`"),
            "write `\"protocol\": \"http\"` (also for HTTPS URLs)",
        );
    }
    let kind = if is_pool {
        if url.is_some() {
            file.warning(
                sink,
                codes::CONFLICTING_FIELDS,
                &[P, Key("url")],
                "a pool backend has no URL of its own; requests go to its members".into(),
                "remove `url` from the pool",
            );
        }
        BackendKind::Pool(pool(file, sink))
    } else {
        if url.is_none() {
            file.problem(
                sink,
                codes::MISSING_FIELD,
                &[P],
                "`properties.url` is required for a single backend".into(),
                "add `\"url\": \"https://...\"`, or `\"type\": \"Pool\"` with `pool.services`",
            );
        } else if let Some(url) = &url
            && !is_absolute_url(url)
        {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[P, Key("url")],
                format!("`{url}` is not an absolute http(s) URL (or `mock://name`)"),
                "write the backend's full URL, such as `https://example.com/api`",
            );
        }
        if file.get(&[P, Key("pool")]).is_some() {
            file.warning(
                sink,
                codes::CONFLICTING_FIELDS,
                &[P, Key("pool")],
                "`pool` is ignored on a backend whose type is not `Pool`".into(),
                "add `\"type\": \"Pool\"` or remove `pool`",
            );
        }
        BackendKind::Single
    };
    Backend {
        name,
        title: file.string(sink, &[P, Key("title")]),
        description: file.string(sink, &[P, Key("description")]),
        kind,
        url,
        protocol,
        credentials: credentials(file, sink),
        tls: tls(file, sink),
        circuit_breaker: circuit_breaker(file, sink),
    }
}

pub(crate) fn is_absolute_url(url: &str) -> bool {
    // `mock://name` is apim serve's built-in mock LLM (local use only).
    let rest =
        url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).or_else(|| url.strip_prefix("mock://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        // `{{named-value}}` URLs are substituted at deployment.
        || url.starts_with("{{")
}

fn pool(file: &JsonFile, sink: &mut Sink) -> Vec<PoolMember> {
    let services = [P, Key("pool"), Key("services")];
    let Some(count) = file.array_len(sink, &services) else {
        file.problem(
            sink,
            codes::MISSING_FIELD,
            &[P, Key("pool")],
            "a pool backend needs `pool.services`".into(),
            "add `\"pool\": {\"services\": [{\"id\": \"/backends/<member>\"}]}`",
        );
        return Vec::new();
    };
    if count == 0 {
        file.problem(
            sink,
            codes::INVALID_VALUE,
            &services,
            "the pool has no members".into(),
            "list at least one backend in `pool.services`",
        );
    }
    let mut members = Vec::new();
    for index in 0..count {
        let at = |key| [P, Key("pool"), Key("services"), Index(index), Key(key)];
        let Some(id) = file.required_string(sink, &at("id"), "the member's backend id, `/backends/<name>`") else {
            continue;
        };
        let backend =
            id.rsplit_once("/backends/").map_or(id.as_str(), |(_, name)| name).trim_end_matches('/').to_owned();
        let priority = file.integer(sink, &at("priority"), 0, 100).and_then(|value| u32::try_from(value).ok());
        let weight = file.integer(sink, &at("weight"), 0, 100).and_then(|value| u32::try_from(value).ok());
        members.push(PoolMember { id, backend, priority, weight });
    }
    members
}

/// Pool members must name single backends of this service. A member whose folder exists
/// but did not load has its own diagnostics already.
fn check_pools(loaded: &[(Backend, JsonFile)], folders: &[String], sink: &mut Sink) {
    for (backend, file) in loaded {
        let BackendKind::Pool(members) = &backend.kind else { continue };
        for (index, member) in members.iter().enumerate() {
            let path = [P, Key("pool"), Key("services"), Index(index), Key("id")];
            match loaded.iter().find(|(other, _)| other.name == member.backend) {
                None if folders.contains(&member.backend) => {}
                None => {
                    let help = apim_diagnostics::suggest::closest(
                        &member.backend,
                        loaded.iter().map(|(b, _)| b.name.as_str()),
                    )
                    .map_or_else(
                        || "add the backend under `backends/`, or fix the id".to_owned(),
                        |near| format!("did you mean `/backends/{near}`?"),
                    );
                    file.problem(
                        sink,
                        codes::UNKNOWN_REFERENCE,
                        &path,
                        format!("pool member `{}` is not a backend of this service", member.id),
                        &help,
                    );
                }
                Some((other, _)) if matches!(other.kind, BackendKind::Pool(_)) => file.problem(
                    sink,
                    codes::INVALID_VALUE,
                    &path,
                    format!("pool member `{}` is itself a pool; pools do not nest", member.backend),
                    "list the single backends of that pool here instead",
                ),
                Some(_) if member.backend == backend.name => file.problem(
                    sink,
                    codes::INVALID_VALUE,
                    &path,
                    "a pool cannot contain itself".into(),
                    "list other backends",
                ),
                Some(_) => {}
            }
        }
    }
}

fn credentials(file: &JsonFile, sink: &mut Sink) -> Option<Credentials> {
    file.object(sink, &[P, Key("credentials")])?;
    file.unknown_keys(
        sink,
        &[P, Key("credentials")],
        &["header", "query", "authorization", "certificate", "certificateIds"],
    );
    let mut credentials = Credentials::default();
    for (key, target) in [("header", &mut credentials.header), ("query", &mut credentials.query)] {
        *target = string_lists(file, sink, &[P, Key("credentials"), Key(key)]);
    }
    if file.object(sink, &[P, Key("credentials"), Key("authorization")]).is_some() {
        let at = |key| [P, Key("credentials"), Key("authorization"), Key(key)];
        let scheme = file.required_string(sink, &at("scheme"), "the authorization scheme, such as `Bearer`");
        let parameter = file.required_string(sink, &at("parameter"), "the authorization parameter");
        if let (Some(scheme), Some(parameter)) = (scheme, parameter) {
            credentials.authorization = Some(Authorization { scheme, parameter });
        }
    }
    credentials.certificate_ids =
        file.strings(sink, &[P, Key("credentials"), Key("certificateIds")]).unwrap_or_default();
    Some(credentials)
}

/// `{"name": ["value", ...]}` (a lone string is accepted as one value).
fn string_lists(file: &JsonFile, sink: &mut Sink, path: &[Seg<'_>]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Some(map) = file.object(sink, path) else { return out };
    for (name, value) in map {
        let mut at = path.to_vec();
        at.push(Key(name));
        let values = match value {
            serde_json::Value::String(text) => vec![text.clone()],
            _ => match file.strings(sink, &at) {
                Some(values) => values,
                None => continue,
            },
        };
        out.insert(name.clone(), values);
    }
    out
}

fn tls(file: &JsonFile, sink: &mut Sink) -> Option<Tls> {
    file.object(sink, &[P, Key("tls")])?;
    Some(Tls {
        validate_certificate_chain: file.bool(sink, &[P, Key("tls"), Key("validateCertificateChain")]),
        validate_certificate_name: file.bool(sink, &[P, Key("tls"), Key("validateCertificateName")]),
    })
}

fn circuit_breaker(file: &JsonFile, sink: &mut Sink) -> Vec<CircuitBreakerRule> {
    let rules_path = [P, Key("circuitBreaker"), Key("rules")];
    if file.object(sink, &[P, Key("circuitBreaker")]).is_none() {
        return Vec::new();
    }
    let Some(count) = file.array_len(sink, &rules_path) else {
        file.problem(
            sink,
            codes::MISSING_FIELD,
            &[P, Key("circuitBreaker")],
            "`circuitBreaker.rules` is required".into(),
            "add `\"rules\": [...]`",
        );
        return Vec::new();
    };
    let mut rules = Vec::new();
    for index in 0..count {
        let rule = |key| [P, Key("circuitBreaker"), Key("rules"), Index(index), Key(key)];
        let condition = |key| [P, Key("circuitBreaker"), Key("rules"), Index(index), Key("failureCondition"), Key(key)];
        let name = file.required_string(sink, &rule("name"), "the rule's name");
        if file.object(sink, &rule("failureCondition")).is_none() {
            file.problem(
                sink,
                codes::MISSING_FIELD,
                &[P, Key("circuitBreaker"), Key("rules"), Index(index)],
                format!("`{}.failureCondition` is required", display(&rules_path)),
                "add `\"failureCondition\": {\"count\": 3, \"interval\": \"PT1M\", \"statusCodeRanges\": [{\"min\": 500, \"max\": 599}]}`",
            );
            continue;
        }
        let count_value =
            file.integer(sink, &condition("count"), 1, i64::from(u32::MAX)).and_then(|n| u32::try_from(n).ok());
        let percentage = file.integer(sink, &condition("percentage"), 1, 100).and_then(|n| u32::try_from(n).ok());
        if count_value.is_none()
            && percentage.is_none()
            && file.get(&condition("count")).is_none()
            && file.get(&condition("percentage")).is_none()
        {
            file.problem(
                sink,
                codes::MISSING_FIELD,
                &rule("failureCondition"),
                "a failure condition needs `count` or `percentage`".into(),
                "add `\"count\": 3` (failures within the interval that trip the breaker)",
            );
        }
        let interval =
            iso_duration(file, sink, &condition("interval"), "how long failures are counted, such as `PT1M`");
        let trip_duration =
            iso_duration(file, sink, &rule("tripDuration"), "how long the breaker stays open, such as `PT1M`");
        let mut ranges = Vec::new();
        if let Some(range_count) = file.array_len(sink, &condition("statusCodeRanges")) {
            for range_index in 0..range_count {
                let bound = |key| {
                    [
                        P,
                        Key("circuitBreaker"),
                        Key("rules"),
                        Index(index),
                        Key("failureCondition"),
                        Key("statusCodeRanges"),
                        Index(range_index),
                        Key(key),
                    ]
                };
                let min = file.integer(sink, &bound("min"), 200, 599);
                let max = file.integer(sink, &bound("max"), 200, 599);
                match (min, max) {
                    (Some(min), Some(max)) if min > max => file.problem(
                        sink,
                        codes::INVALID_VALUE,
                        &bound("min"),
                        format!("status code range {min}..{max} is empty"),
                        "write `min` no greater than `max`",
                    ),
                    (Some(min), Some(max)) => {
                        ranges.push((u16::try_from(min).unwrap_or(0), u16::try_from(max).unwrap_or(0)))
                    }
                    _ => {
                        if file.get(&bound("min")).is_none() || file.get(&bound("max")).is_none() {
                            file.problem(
                                sink,
                                codes::MISSING_FIELD,
                                &[
                                    P,
                                    Key("circuitBreaker"),
                                    Key("rules"),
                                    Index(index),
                                    Key("failureCondition"),
                                    Key("statusCodeRanges"),
                                    Index(range_index),
                                ],
                                "a status code range needs `min` and `max`".into(),
                                "write `{\"min\": 500, \"max\": 599}`",
                            );
                        }
                    }
                }
            }
        }
        let error_reasons = file.strings(sink, &condition("errorReasons")).unwrap_or_default();
        let accept_retry_after = file.bool(sink, &rule("acceptRetryAfter"));
        let (Some(name), Some(interval), Some(trip_duration)) = (name, interval, trip_duration) else { continue };
        rules.push(CircuitBreakerRule {
            name,
            failure_condition: FailureCondition {
                count: count_value,
                percentage,
                interval,
                status_code_ranges: ranges,
                error_reasons,
            },
            trip_duration,
            accept_retry_after,
        });
    }
    rules
}

fn iso_duration(file: &JsonFile, sink: &mut Sink, path: &[Seg<'_>], what: &str) -> Option<Duration> {
    let text = file.required_string(sink, path, what)?;
    match duration::seconds(&text) {
        Some(seconds) => Some(Duration { text, seconds }),
        None => {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                path,
                format!("`{text}` is not an ISO 8601 duration"),
                "write a duration such as `PT30S`, `PT1M` or `PT1H`",
            );
            None
        }
    }
}

/// Credential values that name `{{named values}}` the service does not have.
pub(crate) fn check_credentials(folder: &Folder, service: &crate::model::Service, sink: &mut Sink) {
    for backend in &service.backends {
        let Some(credentials) = &backend.credentials else { continue };
        let mut unknown = Vec::new();
        for (key, map) in [("header", &credentials.header), ("query", &credentials.query)] {
            for (name, values) in map {
                for value in values {
                    for reference in apim_ir::named_value_refs(value) {
                        if service.named_value(&reference).is_none() {
                            unknown.push((key, name.clone(), reference));
                        }
                    }
                }
            }
        }
        if unknown.is_empty() {
            continue;
        }
        let Some(file) = folder.json(&["backends", &backend.name, "backendInformation.json"], sink) else { continue };
        for (key, name, reference) in unknown {
            let help = apim_diagnostics::suggest::closest(
                &reference,
                service.named_values.iter().map(|value| value.display_name.as_str()),
            )
            .map_or_else(
                || "add it under `named values/`".to_owned(),
                |near| format!("did you mean `{{{{{near}}}}}`?"),
            );
            file.problem(
                sink,
                codes::UNKNOWN_REFERENCE,
                &[P, Key("credentials"), Key(key), Key(&name)],
                format!("the service has no named value `{reference}`"),
                &help,
            );
        }
    }
}
