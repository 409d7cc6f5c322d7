//! validate-jwt: the signature checked with the `jsonwebtoken` crate against inline keys
//! (Base64 symmetric, or RSA `n`/`e`) or the JWKS of an OpenID configuration; the
//! claims (exp, nbf, aud, iss, required claims) checked on the gateway clock.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{DecodingKey, Validation};

use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::{Node, Step};

struct Failure {
    reason: &'static str,
    message: String,
}

fn fail(reason: &'static str, message: impl Into<String>) -> Failure {
    Failure { reason, message: message.into() }
}

pub fn validate_jwt(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let status = exec.attr_int(step, "failed-validation-httpcode")?.unwrap_or(401);
    let status = u16::try_from(status).unwrap_or(401);
    let custom_message = exec.attr_string(step, "failed-validation-error-message")?;
    match validate(exec, step) {
        Ok(Ok(token)) => {
            if let Some(variable) = exec.attr_string(step, "output-token-variable-name")? {
                exec.ctx.set_variable(&variable, apim_runtime::Value::string(token));
            }
            exec.note("the token is valid");
            Ok(Flow::Next)
        }
        Ok(Err(failure)) => {
            let body = custom_message.unwrap_or_else(|| failure.message.clone());
            Err(Fault::new("validate-jwt", failure.reason, failure.message, status, body))
        }
        Err(fault) => Err(fault),
    }
}

fn token(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Option<String>, Fault> {
    if let Some(value) = exec.attr_string(step, "token-value")? {
        return Ok(Some(value).filter(|v| !v.is_empty()));
    }
    if let Some(name) = exec.attr_string(step, "query-parameter-name")? {
        return Ok(exec.ctx.data.request.borrow().url.url.query_value(&name));
    }
    let name = exec.attr_string(step, "header-name")?.unwrap_or_else(|| "Authorization".to_owned());
    let scheme = exec.attr_string(step, "require-scheme")?;
    let Some(value) = exec.ctx.data.request.borrow().headers.joined(&name) else { return Ok(None) };
    let value = value.trim();
    match scheme {
        Some(scheme) => Ok(value
            .split_once(' ')
            .filter(|(s, _)| s.eq_ignore_ascii_case(&scheme))
            .map(|(_, token)| token.trim().to_owned())),
        None => Ok(Some(match value.split_once(' ') {
            Some((s, token)) if s.eq_ignore_ascii_case("bearer") => token.trim().to_owned(),
            _ => value.to_owned(),
        })),
    }
}

fn list(exec: &mut Exec<'_, '_>, step: &Step, name: &str) -> Result<Vec<String>, Fault> {
    let mut out = Vec::new();
    if let Some(element) = step.element(name) {
        for item in &element.elements {
            if let Some(t) = &item.text {
                out.push(exec.eval_string(t)?.trim().to_owned());
            }
        }
    }
    Ok(out)
}

/// Signing keys, and the issuers their OpenID configurations name.
type Keys = (Vec<DecodingKey>, Vec<String>);

/// The keys to try: inline keys, then the JWKS of each OpenID configuration.
fn keys(exec: &mut Exec<'_, '_>, step: &Step, kid: Option<&str>) -> Result<Result<Keys, Failure>, Fault> {
    let mut keys = Vec::new();
    let mut issuers = Vec::new();
    if let Some(element) = step.element("issuer-signing-keys") {
        for key in &element.elements {
            let id = key.attr("id").and_then(|t| t.literal()).map(str::to_owned);
            if kid.is_some() && id.is_some() && id.as_deref() != kid {
                continue;
            }
            let n = key.attr("n").and_then(|t| t.literal());
            let e = key.attr("e").and_then(|t| t.literal());
            if let (Some(n), Some(e)) = (n, e) {
                match DecodingKey::from_rsa_components(n, e) {
                    Ok(k) => keys.push(k),
                    Err(err) => return Ok(Err(fail("JwtInvalid", format!("the RSA key is invalid: {err}")))),
                }
            } else if key.attr("certificate-id").is_some() {
                return Err(Fault::internal(
                    "validate-jwt",
                    "NotEmulated",
                    "not emulated: certificate-id keys (uploaded certificates are not available to apim); give the key as n/e or Base64",
                ));
            } else if let Some(t) = &key.text {
                let text = exec.eval_string(t)?;
                match STANDARD.decode(text.trim()) {
                    Ok(bytes) => keys.push(DecodingKey::from_secret(&bytes)),
                    Err(_) => return Ok(Err(fail("JwtInvalid", "an issuer signing key is not Base64"))),
                }
            }
        }
    }
    for config in step.elements_named("openid-config") {
        let Some(url) = config.attr("url") else { continue };
        let url = exec.eval_string(url)?;
        let Some(document) = exec.env.documents.get(&url) else {
            return Err(Fault::internal(
                "validate-jwt",
                "OpenIdConfigurationNotFound",
                format!("the OpenID configuration {url} is not available: give it in the test file's `documents`"),
            ));
        };
        let document: serde_json::Value = serde_json::from_str(document).map_err(|e| {
            Fault::internal("validate-jwt", "OpenIdConfigurationInvalid", format!("{url} is not JSON: {e}"))
        })?;
        if let Some(issuer) = document.get("issuer").and_then(serde_json::Value::as_str) {
            issuers.push(issuer.to_owned());
        }
        let jwks_uri = document.get("jwks_uri").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        let Some(jwks) = exec.env.documents.get(&jwks_uri) else {
            return Err(Fault::internal(
                "validate-jwt",
                "OpenIdConfigurationNotFound",
                format!("the key set {jwks_uri} is not available: give it in the test file's `documents`"),
            ));
        };
        let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(jwks).map_err(|e| {
            Fault::internal("validate-jwt", "OpenIdConfigurationInvalid", format!("{jwks_uri} is not a JWK set: {e}"))
        })?;
        for jwk in &set.keys {
            if kid.is_some() && jwk.common.key_id.is_some() && jwk.common.key_id.as_deref() != kid {
                continue;
            }
            if let Ok(key) = DecodingKey::from_jwk(jwk) {
                keys.push(key);
            }
        }
    }
    Ok(Ok((keys, issuers)))
}

fn validate(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Result<String, Failure>, Fault> {
    let Some(token) = token(exec, step)? else { return Ok(Err(fail("TokenNotPresent", "JWT not present."))) };
    let require_exp = exec.attr_bool(step, "require-expiration-time", true)?;
    let require_signed = exec.attr_bool(step, "require-signed-tokens", true)?;
    let skew = exec.attr_int(step, "clock-skew")?.unwrap_or(0);
    let header = match jsonwebtoken::decode_header(&token) {
        Ok(header) => header,
        Err(_) => {
            if require_signed || !token.contains('.') {
                return Ok(Err(fail("JwtInvalid", "JWT not valid.")));
            }
            return Ok(Err(fail("JwtInvalid", "JWT not valid.")));
        }
    };
    let (keys, config_issuers) = match keys(exec, step, header.kid.as_deref())? {
        Ok(found) => found,
        Err(failure) => return Ok(Err(failure)),
    };
    if keys.is_empty() {
        return Ok(Err(fail(
            "TokenSignatureKeyNotFound",
            "IDX10501: Signature validation failed. Unable to match key.",
        )));
    }
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let mut claims = None;
    for key in &keys {
        if let Ok(data) = jsonwebtoken::decode::<serde_json::Value>(&token, key, &validation) {
            claims = Some(data.claims);
            break;
        }
    }
    let Some(claims) = claims else {
        return Ok(Err(fail("TokenSignatureInvalid", "IDX10503: Signature validation failed.")));
    };
    let now = exec.now() / 1000;
    match claims.get("exp").and_then(serde_json::Value::as_i64) {
        Some(exp) if exp + skew <= now => {
            return Ok(Err(fail(
                "TokenExpired",
                format!("Lifetime validation failed. The token is expired. ValidTo: {exp}"),
            )));
        }
        None if require_exp => {
            return Ok(Err(fail("JwtInvalid", "Lifetime validation failed. The token is missing an Expiration Time.")));
        }
        _ => {}
    }
    if let Some(nbf) = claims.get("nbf").and_then(serde_json::Value::as_i64)
        && nbf - skew > now
    {
        return Ok(Err(fail(
            "JwtInvalid",
            format!("Lifetime validation failed. The token is not yet valid. ValidFrom: {nbf}"),
        )));
    }
    let audiences = list(exec, step, "audiences")?;
    if !audiences.is_empty() {
        let token_audiences = strings(claims.get("aud"));
        if !token_audiences.iter().any(|a| audiences.contains(a)) {
            return Ok(Err(fail(
                "TokenAudienceNotAllowed",
                format!("Audience validation failed. Audiences: '{}'.", token_audiences.join(", ")),
            )));
        }
    }
    let mut issuers = list(exec, step, "issuers")?;
    issuers.extend(config_issuers);
    if !issuers.is_empty() {
        let issuer = claims.get("iss").and_then(serde_json::Value::as_str).unwrap_or_default();
        if !issuers.iter().any(|i| i == issuer) {
            return Ok(Err(fail("TokenIssuerNotAllowed", format!("Issuer validation failed. Issuer: '{issuer}'."))));
        }
    }
    if let Some(required) = step.element("required-claims") {
        for claim in required.elements_named("claim") {
            let name = match claim.attr("name") {
                Some(t) => exec.eval_string(t)?,
                None => continue,
            };
            let all = claim.attr("match").and_then(|t| t.literal()).is_some_and(|m| m == "all");
            let separator = claim.attr("separator").and_then(|t| t.literal()).map(str::to_owned);
            let mut wanted = Vec::new();
            for value in claim.elements_named("value") {
                if let Some(t) = &value.text {
                    wanted.push(exec.eval_string(t)?);
                }
            }
            let Some(present) = claims.get(&name) else {
                return Ok(Err(fail(
                    "TokenClaimNotFound",
                    format!("JWT token is missing the following claims: {name}"),
                )));
            };
            let mut values = strings(Some(present));
            if let Some(separator) = &separator {
                values = values
                    .iter()
                    .flat_map(|v| v.split(separator.as_str()).map(str::to_owned).collect::<Vec<_>>())
                    .collect();
            }
            if wanted.is_empty() {
                continue;
            }
            let ok =
                if all { wanted.iter().all(|w| values.contains(w)) } else { wanted.iter().any(|w| values.contains(w)) };
            if !ok {
                return Ok(Err(fail(
                    "TokenClaimValueNotAllowed",
                    format!("Claim {name} value of {} is not allowed. Access denied.", values.join(",")),
                )));
            }
        }
    }
    Ok(Ok(token))
}

fn strings(value: Option<&serde_json::Value>) -> Vec<String> {
    match value {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}
