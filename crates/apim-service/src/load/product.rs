//! `products/<name>/`: `productInformation.json`, `apis.json`, `policy.xml`.

use serde_json::Value;

use super::json::Seg;
use super::json::Seg::{Index, Key};
use super::policy::{self, Kind};
use super::{Folder, Sink, information_file};
use crate::codes;
use crate::model::{Api, Product};

const KNOWN: &[&str] =
    &["displayName", "description", "subscriptionRequired", "approvalRequired", "state", "subscriptionsLimit", "terms"];
const P: Seg<'static> = Key("properties");

pub(crate) fn load_all(folder: &Folder, apis: &[Api], sink: &mut Sink) -> Vec<Product> {
    let mut products = Vec::new();
    for name in folder.subfolders(&["products"], sink) {
        let relative = ["products", name.as_str(), "productInformation.json"];
        let Some(file) = information_file(
            folder,
            sink,
            &relative,
            "describe the product: `{\"properties\": {\"displayName\": ...}}`",
            KNOWN,
        ) else {
            continue;
        };
        let Some(display_name) =
            file.required_string(sink, &[P, Key("displayName")], "the product's name in the portal")
        else {
            continue;
        };
        let state = file.string(sink, &[P, Key("state")]);
        if let Some(state) = &state
            && state != "published"
            && state != "notPublished"
        {
            file.problem(
                sink,
                codes::INVALID_VALUE,
                &[P, Key("state")],
                format!("product state `{state}` is not `published` or `notPublished`"),
                "write `\"state\": \"published\"`",
            );
        }
        let subscription_required = file.bool(sink, &[P, Key("subscriptionRequired")]).unwrap_or(true);
        let approval_required = file.bool(sink, &[P, Key("approvalRequired")]);
        if approval_required == Some(true) && !subscription_required {
            file.problem(
                sink,
                codes::CONFLICTING_FIELDS,
                &[P, Key("approvalRequired")],
                "`approvalRequired` needs `subscriptionRequired: true`".into(),
                "remove `approvalRequired` or require subscriptions",
            );
        }
        products.push(Product {
            description: file.string(sink, &[P, Key("description")]),
            subscription_required,
            approval_required,
            state,
            subscriptions_limit: file.integer(sink, &[P, Key("subscriptionsLimit")], 0, i64::from(i32::MAX)),
            terms: file.string(sink, &[P, Key("terms")]),
            apis: product_apis(folder, &name, apis, sink),
            policy: policy::load(folder, &["products", &name, "policy.xml"], Kind::Policies, sink),
            display_name,
            name,
        });
    }
    products
}

/// `apis.json`: `[{"name": "api"}, ...]` as the extractor writes it (plain strings are
/// accepted too). Every name must be an API of the service.
fn product_apis(folder: &Folder, product: &str, apis: &[Api], sink: &mut Sink) -> Vec<String> {
    let Some(file) = folder.json(&["products", product, "apis.json"], sink) else { return Vec::new() };
    let Some(items) = file.value.as_array() else {
        file.problem(
            sink,
            codes::WRONG_TYPE,
            &[],
            "`apis.json` must be an array of `{\"name\": \"<api>\"}`".into(),
            "write `[{\"name\": \"my-api\"}]`",
        );
        return Vec::new();
    };
    let mut names = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let name = match item {
            Value::String(name) => Some(name.clone()),
            Value::Object(_) => {
                file.required_string(sink, &[Index(index), Key("name")], "the API's name (its folder under `apis/`)")
            }
            _ => {
                file.problem(
                    sink,
                    codes::WRONG_TYPE,
                    &[Index(index)],
                    "each entry must be `{\"name\": \"<api>\"}`".into(),
                    "write `{\"name\": \"my-api\"}`",
                );
                None
            }
        };
        let Some(name) = name else { continue };
        if !apis.iter().any(|api| api.name == name) {
            let help = apim_diagnostics::suggest::closest(&name, apis.iter().map(|api| api.name.as_str())).map_or_else(
                || "add the API under `apis/`, or remove it from the product".to_owned(),
                |near| format!("did you mean `{near}`?"),
            );
            let at = if item.is_object() { vec![Index(index), Key("name")] } else { vec![Index(index)] };
            file.problem(
                sink,
                codes::UNKNOWN_REFERENCE,
                &at,
                format!("product `{product}` lists API `{name}`, which is not in `apis/`"),
                &help,
            );
            continue;
        }
        if names.contains(&name) {
            file.warning(
                sink,
                codes::DUPLICATE,
                &[Index(index)],
                format!("API `{name}` is listed twice"),
                "list each API once",
            );
            continue;
        }
        names.push(name);
    }
    names.sort();
    names
}
