//! `subscriptions/<name>/subscriptionInformation.json`.

use super::json::Seg;
use super::json::Seg::Key;
use super::{Folder, Sink, information_file};
use crate::codes;
use crate::model::{Service, Subscription, SubscriptionScope};

const KNOWN: &[&str] = &["displayName", "scope", "state", "allowTracing", "ownerId", "primaryKey", "secondaryKey"];
const STATES: &[&str] = &["active", "suspended", "submitted", "rejected", "cancelled", "expired"];
const P: Seg<'static> = Key("properties");

pub(crate) fn load_all(folder: &Folder, service: &Service, sink: &mut Sink) -> Vec<Subscription> {
    let mut subscriptions = Vec::new();
    for name in folder.subfolders(&["subscriptions"], sink) {
        let relative = ["subscriptions", name.as_str(), "subscriptionInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the subscription: `{\"properties\": {\"displayName\": ..., \"scope\": \"/apis\"}}`",
            KNOWN,
        ) else {
            continue;
        };
        let display_name = file
            .required_string(sink, &[P, Key("displayName")], "the subscription's name")
            .unwrap_or_else(|| name.clone());
        let Some(scope_text) =
            file.required_string(sink, &[P, Key("scope")], "`/apis`, `/apis/<api>` or `/products/<product>`")
        else {
            continue;
        };
        let Some(scope) = scope(&scope_text, service) else {
            file.problem(
                sink,
                codes::UNKNOWN_REFERENCE,
                &[P, Key("scope")],
                format!("subscription scope `{scope_text}` names no API or product of this service"),
                "write `/apis` (all APIs), `/apis/<api>` or `/products/<product>` with a name from this folder",
            );
            continue;
        };
        let state = file.string(sink, &[P, Key("state")]).unwrap_or_else(|| "active".into());
        if !STATES.contains(&state.as_str()) {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[P, Key("state")],
                format!("subscription state `{state}` is not one of {}", STATES.join(", ")),
                "write `\"state\": \"active\"`",
            );
        }
        subscriptions.push(Subscription {
            display_name,
            scope,
            state,
            allow_tracing: file.bool(sink, &[P, Key("allowTracing")]).unwrap_or(false),
            primary_key: file.string(sink, &[P, Key("primaryKey")]),
            secondary_key: file.string(sink, &[P, Key("secondaryKey")]),
            name,
        });
    }
    subscriptions
}

/// `/apis`, `/apis/x`, `/products/y`, or a full resource id ending in one of them.
fn scope(text: &str, service: &Service) -> Option<SubscriptionScope> {
    let text = text.trim_end_matches('/');
    if let Some((_, api)) = text.rsplit_once("/apis/") {
        return service.api(api).map(|api| SubscriptionScope::Api(api.name.clone()));
    }
    if let Some((_, product)) = text.rsplit_once("/products/") {
        return service.product(product).map(|product| SubscriptionScope::Product(product.name.clone()));
    }
    text.ends_with("/apis").then_some(SubscriptionScope::AllApis)
}
