//! Access control and credentials: check-header, ip-filter, cors, authentication-basic,
//! authentication-managed-identity.

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::exec::{Exec, Flow, Target};
use crate::fault::Fault;
use crate::step::{Node, Step};

pub fn check_header(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let name = exec.attr_string(step, "name")?.unwrap_or_default();
    let code = exec.attr_int(step, "failed-check-httpcode")?.unwrap_or(401);
    let code = u16::try_from(code).unwrap_or(401);
    let message = exec.attr_string(step, "failed-check-error-message")?;
    let ignore_case = exec.attr_bool(step, "ignore-case", false)?;
    let mut allowed = Vec::new();
    for element in step.elements_named("value") {
        if let Some(template) = &element.text {
            allowed.push(exec.eval_string(template)?);
        }
    }
    let present: Vec<String> = exec.ctx.data.request.borrow().headers.get_all(&name).map(str::to_owned).collect();
    if present.is_empty() {
        let text = format!("Header {name} was not found in the request. Access denied.");
        return Err(Fault::new("check-header", "HeaderNotFound", text.clone(), code, message.unwrap_or(text)));
    }
    if allowed.is_empty() {
        return Ok(Flow::Next);
    }
    let value = present.join(",");
    let matches = |candidate: &str| {
        allowed.iter().any(|a| if ignore_case { a.eq_ignore_ascii_case(candidate) } else { a == candidate })
    };
    if present.iter().any(|v| matches(v)) || matches(&value) {
        return Ok(Flow::Next);
    }
    let text = format!("Header {name} value of {value} is not allowed. Access denied.");
    Err(Fault::new("check-header", "HeaderValueNotAllowed", text.clone(), code, message.unwrap_or(text)))
}

/// Allows or forbids callers by `context.Request.IpAddress` (`ipAddress` of the context).
pub fn ip_filter(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let action = exec.attr_string(step, "action")?.unwrap_or_else(|| "allow".to_owned());
    let caller = exec.ctx.data.request.borrow().ip_address.clone();
    let Some(caller) = caller.and_then(|ip| ip.trim().parse::<IpAddr>().ok()) else {
        let text = "Failed to establish IP address for the caller. Access denied.";
        return Err(Fault::new("ip-filter", "FailedToParseCallerIP", text, 403, text));
    };
    let mut listed = false;
    for element in &step.elements {
        let hit = match element.name.as_str() {
            "address" => match &element.text {
                Some(t) => exec.eval_string(t)?.trim().parse::<IpAddr>().is_ok_and(|ip| ip == caller),
                None => false,
            },
            "address-range" => {
                let from = exec.attr_string(element, "from")?.and_then(|s| s.trim().parse::<IpAddr>().ok());
                let to = exec.attr_string(element, "to")?.and_then(|s| s.trim().parse::<IpAddr>().ok());
                match (from, to) {
                    (Some(from), Some(to)) => in_range(caller, from, to),
                    _ => false,
                }
            }
            _ => false,
        };
        listed |= hit;
    }
    match (action.as_str(), listed) {
        ("allow", false) => {
            let text = format!("Caller IP address {caller} is not allowed. Access denied.");
            Err(Fault::new("ip-filter", "CallerIpNotAllowed", text.clone(), 403, text))
        }
        ("forbid", true) => {
            let text = "Caller IP address is blocked. Access denied.";
            Err(Fault::new("ip-filter", "CallerIpBlocked", text, 403, text))
        }
        _ => {
            exec.note_with(|| format!("caller {caller} passes"));
            Ok(Flow::Next)
        }
    }
}

fn in_range(ip: IpAddr, from: IpAddr, to: IpAddr) -> bool {
    match (ip, from, to) {
        (IpAddr::V4(ip), IpAddr::V4(from), IpAddr::V4(to)) => {
            (u32::from(from)..=u32::from(to)).contains(&u32::from(ip))
        }
        (IpAddr::V6(ip), IpAddr::V6(from), IpAddr::V6(to)) => {
            (u128::from(from)..=u128::from(to)).contains(&u128::from(ip))
        }
        _ => false,
    }
}

fn listed_values(exec: &mut Exec<'_, '_>, step: &Step, list: &str) -> Result<Vec<String>, Fault> {
    let mut out = Vec::new();
    if let Some(element) = step.element(list) {
        for item in &element.elements {
            if let Some(t) = &item.text {
                out.push(exec.eval_string(t)?.trim().to_owned());
            }
        }
    }
    Ok(out)
}

/// CORS: answers preflight requests itself, and adds the CORS headers to the responses
/// of matching cross-origin requests.
pub fn cors(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let credentials = exec.attr_bool(step, "allow-credentials", false)?;
    let terminate = exec.attr_bool(step, "terminate-unmatched-request", false)?;
    let origins = listed_values(exec, step, "allowed-origins")?;
    let methods = listed_values(exec, step, "allowed-methods")?;
    let allowed_headers = listed_values(exec, step, "allowed-headers")?;
    let exposed = listed_values(exec, step, "expose-headers")?;
    let max_age = match step.element("allowed-methods") {
        Some(element) => exec.attr_string(element, "preflight-result-max-age")?,
        None => None,
    };
    let (method, origin, requested_method, requested_headers) = {
        let request = exec.ctx.data.request.borrow();
        (
            request.method.clone(),
            request.headers.joined("Origin"),
            request.headers.joined("Access-Control-Request-Method"),
            request.headers.joined("Access-Control-Request-Headers"),
        )
    };
    let Some(origin) = origin else { return Ok(Flow::Next) };
    let origin_ok = origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(&origin));
    let allow_origin = if origins.iter().any(|o| o == "*") && !credentials { "*".to_owned() } else { origin.clone() };
    let preflight = method.eq_ignore_ascii_case("OPTIONS") && requested_method.is_some();
    if preflight {
        let requested = requested_method.unwrap_or_default();
        let method_ok = methods.is_empty() || methods.iter().any(|m| m == "*" || m.eq_ignore_ascii_case(&requested));
        let asked: Vec<String> = requested_headers
            .unwrap_or_default()
            .split(',')
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .collect();
        let headers_ok = asked.iter().all(|h| allowed_headers.iter().any(|a| a == "*" || a.eq_ignore_ascii_case(h)));
        exec.set_request_body(Vec::new());
        exec.set_response(200, "OK".to_owned(), apim_http::Headers::new(), Vec::new());
        if origin_ok && method_ok && headers_ok {
            exec.with_response(|response| {
                let h = &mut response.headers;
                h.append("Access-Control-Allow-Origin", allow_origin.clone());
                h.append(
                    "Access-Control-Allow-Methods",
                    if methods.is_empty() { requested.clone() } else { methods.join(",") },
                );
                if !asked.is_empty() {
                    h.append("Access-Control-Allow-Headers", asked.join(","));
                }
                if credentials {
                    h.append("Access-Control-Allow-Credentials", "true");
                }
                if let Some(age) = &max_age {
                    h.append("Access-Control-Max-Age", age.clone());
                }
            });
            exec.note_with(|| format!("preflight from {origin} allowed"));
        } else {
            exec.note_with(|| format!("preflight from {origin} does not match: empty 200 without CORS headers"));
        }
        return Ok(Flow::Return);
    }
    if !origin_ok {
        if terminate && (method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")) {
            exec.set_response(200, "OK".to_owned(), apim_http::Headers::new(), Vec::new());
            exec.note_with(|| format!("origin {origin} not allowed: terminated with an empty 200"));
            return Ok(Flow::Return);
        }
        exec.note_with(|| format!("origin {origin} not allowed: no CORS headers"));
        return Ok(Flow::Next);
    }
    exec.note_with(|| format!("origin {origin} allowed"));
    exec.deferred.push(Box::new(move |exec| {
        exec.with_response(|response| {
            let h = &mut response.headers;
            h.set("Access-Control-Allow-Origin", allow_origin);
            if credentials {
                h.set("Access-Control-Allow-Credentials", "true");
            }
            if !exposed.is_empty() {
                h.set("Access-Control-Expose-Headers", exposed.join(","));
            }
        });
        Ok(())
    }));
    Ok(Flow::Next)
}

fn set_authorization(exec: &mut Exec<'_, '_>, value: String) {
    let saved = exec.target;
    if saved == Target::Response {
        exec.target = Target::Request;
    }
    exec.with_target_headers(|headers| headers.set("Authorization", value));
    exec.target = saved;
}

pub fn authentication_basic(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let username = exec.attr_string(step, "username")?.unwrap_or_default();
    let password = exec.attr_string(step, "password")?.unwrap_or_default();
    let encoded = STANDARD.encode(format!("{username}:{password}"));
    set_authorization(exec, format!("Basic {encoded}"));
    exec.note_with(|| format!("Authorization: Basic (user {username})"));
    Ok(Flow::Next)
}

/// There is no Entra ID here: apim issues a local, unsigned token (a JWT with `aud` the
/// resource, `iss` `https://apim.local/managed-identity`, one hour of validity on the
/// clock) so policies and backends can see what would be sent.
pub fn authentication_managed_identity(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let resource = exec.attr_string(step, "resource")?.unwrap_or_default();
    let client_id = exec.attr_string(step, "client-id")?;
    let output = exec.attr_string(step, "output-token-variable-name")?;
    let issued = exec.now() / 1000;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let claims = serde_json::json!({
        "aud": resource,
        "iss": "https://apim.local/managed-identity",
        "sub": client_id.clone().unwrap_or_else(|| "system-assigned".to_owned()),
        "iat": issued,
        "nbf": issued,
        "exp": issued + 3600,
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let token = format!("{header}.{payload}.");
    match output {
        Some(variable) => {
            exec.ctx.set_variable(&variable, apim_runtime::Value::string(token));
            exec.note_with(|| format!("local managed-identity token for {resource} stored in `{variable}`"));
        }
        None => {
            set_authorization(exec, format!("Bearer {token}"));
            exec.note_with(|| format!("Authorization: Bearer <local managed-identity token for {resource}>"));
        }
    }
    Ok(Flow::Next)
}
