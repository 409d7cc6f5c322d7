//! The loader over the fixture service folder, and over broken copies of it: each
//! problem is reported with its code, file and line.

use std::path::{Path, PathBuf};

use apim_service::{BackendKind, Loaded, OpenApiVersion, Scope, SubscriptionScope};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/services/ai-gateway")
}

/// `(code, file, line)` of every diagnostic.
fn found(loaded: &Loaded) -> Vec<(String, String, u32)> {
    loaded
        .diagnostics
        .iter()
        .map(|found| (found.diagnostic.code().code.to_owned(), found.file.clone(), loaded.line_col(found).line))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the fixture with `edit` applied to it.
fn broken(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Loaded) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    edit(dir.path());
    let loaded = apim_service::load(dir.path());
    (dir, loaded)
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn replace(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_fixture_loads_with_only_the_missing_specification_warning() {
    let loaded = apim_service::load(&fixture());
    assert_eq!(found(&loaded), [("C409".to_owned(), "apis/echo/apiInformation.json".to_owned(), 1)]);
    let service = &loaded.service;
    assert!(service.policy.is_some());
    let names = |list: Vec<&str>| list.join(",");
    assert_eq!(names(service.apis.iter().map(|api| api.name.as_str()).collect()), "chat,echo,weather");
    assert_eq!(names(service.products.iter().map(|p| p.name.as_str()).collect()), "ai starter");
    assert_eq!(names(service.fragments.iter().map(|f| f.name.as_str()).collect()), "correlation-id");
    assert_eq!(
        names(service.backends.iter().map(|b| b.name.as_str()).collect()),
        "openai-eastus,openai-pool,openai-westus"
    );

    let chat = service.api("chat").unwrap();
    assert_eq!(chat.path, "openai");
    assert_eq!(chat.subscription_key_names.header, "api-key");
    assert_eq!(chat.specification.as_ref().unwrap().version, OpenApiVersion::V3);
    let create = chat.operation("createChatCompletion").unwrap();
    assert_eq!(
        (create.method.as_str(), create.url_template.as_str()),
        ("POST", "/deployments/{deployment-id}/chat/completions")
    );
    assert_eq!(create.template_parameters, ["deployment-id"]);
    assert!(create.policy.is_some());
    assert!(chat.operation("listDeployments").unwrap().policy.is_none());

    let weather = service.api("weather").unwrap();
    assert_eq!(weather.specification.as_ref().unwrap().version, OpenApiVersion::V2);
    assert_eq!(weather.operation("listAlerts").unwrap().display_name, "listAlerts");
    assert!(weather.subscription_required, "subscriptionRequired defaults to true");

    let echo = service.api("echo").unwrap();
    assert!(echo.operations.iter().all(|op| op.wildcard && op.url_template == "/*"));
    assert_eq!(
        names(echo.operations.iter().map(|op| op.method.as_str()).collect()),
        "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
    );

    let key = service.named_value("openai-api-key").unwrap();
    assert!(key.secret);
    assert!(service.named_value("signing-key").unwrap().key_vault.is_some());
    assert!(!service.named_value("tenant-id").unwrap().secret);

    let BackendKind::Pool(members) = &service.backend("openai-pool").unwrap().kind else { panic!("a pool") };
    assert_eq!(members[0].backend, "openai-eastus");
    assert_eq!((members[0].priority, members[0].weight), (Some(1), Some(3)));
    let east = service.backend("openai-eastus").unwrap();
    assert_eq!(east.credentials.as_ref().unwrap().header["api-key"], ["{{openai-api-key}}"]);
    let rule = &east.circuit_breaker[0];
    assert_eq!(rule.failure_condition.status_code_ranges, [(429, 429), (500, 599)]);
    assert_eq!((rule.failure_condition.interval.seconds, rule.trip_duration.seconds), (60, 60));

    let product = service.product("ai starter").unwrap();
    assert_eq!(product.apis, ["chat", "weather"]);
    assert_eq!(service.subscriptions[0].scope, SubscriptionScope::Product("ai starter".into()));
}

#[test]
fn policy_scopes_list_global_product_api_and_operation() {
    let loaded = apim_service::load(&fixture());
    let scopes = loaded.service.policy_scopes("chat", "createChatCompletion").unwrap();
    let chain: Vec<(Scope, &str)> =
        scopes.chain(Some("ai starter")).into_iter().map(|(scope, policy)| (scope, policy.path.as_str())).collect();
    assert_eq!(
        chain,
        [
            (Scope::Global, "policy.xml"),
            (Scope::Product("ai starter".into()), "products/ai starter/policy.xml"),
            (Scope::Api("chat".into()), "apis/chat/policy.xml"),
            (
                Scope::Operation { api: "chat".into(), operation: "createChatCompletion".into() },
                "apis/chat/operations/createChatCompletion/policy.xml"
            ),
        ]
    );
    // Without a product subscription the product's policy does not run.
    assert_eq!(scopes.chain(None).len(), 3);
    // Echo is in no product and has no policy of its own.
    let echo = loaded.service.policy_scopes("echo", "get").unwrap();
    assert_eq!(echo.chain(Some("ai starter")).len(), 1);
    assert!(loaded.service.policy_scopes("chat", "nope").is_none());
}

#[test]
fn invalid_json_is_reported_at_its_line() {
    let (_dir, loaded) = broken(|root| {
        write(
            root,
            "apis/weather/apiInformation.json",
            "{\n  \"properties\": {\n    \"displayName\": \"W\",\n    \"path\": \"w\",\n  }\n}\n",
        );
    });
    assert!(
        found(&loaded).contains(&("C401".into(), "apis/weather/apiInformation.json".into(), 5)),
        "{:?}",
        found(&loaded)
    );
    assert!(loaded.service.api("weather").is_none());
}

#[test]
fn wrong_types_missing_fields_and_bad_values_point_at_the_key() {
    let (_dir, loaded) = broken(|root| {
        // Line 6 of the chat API: "protocols": ["https"] becomes a string.
        replace(root, "apis/chat/apiInformation.json", "\"protocols\": [\"https\"]", "\"protocols\": \"https\"");
        // Weather loses its path (reported at `properties`, line 2).
        replace(root, "apis/weather/apiInformation.json", "    \"path\": \"weather\",\n", "");
        // Echo gets a bad protocol on line 4.
        replace(root, "apis/echo/apiInformation.json", "[\"https\"]", "[\"ftp\"]");
    });
    let found = found(&loaded);
    assert!(found.contains(&("C403".into(), "apis/chat/apiInformation.json".into(), 6)), "{found:?}");
    assert!(found.contains(&("C404".into(), "apis/weather/apiInformation.json".into(), 2)), "{found:?}");
    assert!(found.contains(&("C405".into(), "apis/echo/apiInformation.json".into(), 5)), "{found:?}");
}

#[test]
fn backend_problems() {
    let (_dir, loaded) = broken(|root| {
        // The pool names a backend that does not exist (line 8) ...
        replace(
            root,
            "backends/openai-pool/backendInformation.json",
            "/backends/openai-westus",
            "/backends/openai-westeu",
        );
        // ... its first member's weight is out of range (line 7) ...
        replace(root, "backends/openai-pool/backendInformation.json", "\"weight\": 3", "\"weight\": 300");
        // ... a bad ISO duration and an empty status range on the east backend.
        replace(
            root,
            "backends/openai-eastus/backendInformation.json",
            "\"interval\": \"PT1M\"",
            "\"interval\": \"1 minute\"",
        );
        replace(
            root,
            "backends/openai-eastus/backendInformation.json",
            "\"min\": 500, \"max\": 599",
            "\"min\": 599, \"max\": 500",
        );
        // A single backend without URL.
        replace(
            root,
            "backends/openai-westus/backendInformation.json",
            "    \"url\": \"https://contoso-westus.openai.azure.com/openai\",\n",
            "",
        );
    });
    let found = found(&loaded);
    let pool = "backends/openai-pool/backendInformation.json".to_owned();
    let east = "backends/openai-eastus/backendInformation.json".to_owned();
    assert!(found.contains(&("C406".into(), pool.clone(), 8)), "{found:?}");
    assert!(found.contains(&("C405".into(), pool, 7)), "{found:?}");
    assert!(found.contains(&("C405".into(), east.clone(), 17)), "{found:?}");
    assert!(found.contains(&("C405".into(), east, 20)), "{found:?}");
    assert!(found.contains(&("C404".into(), "backends/openai-westus/backendInformation.json".into(), 2)), "{found:?}");
}

#[test]
fn references_between_resources_are_checked() {
    let (_dir, loaded) = broken(|root| {
        replace(root, "products/ai starter/apis.json", "\"weather\"", "\"wether\"");
        write(
            root,
            "apis/chat/operations/createChatCompletions/policy.xml",
            "<policies><inbound><base /></inbound></policies>",
        );
        replace(
            root,
            "subscriptions/starter-team/subscriptionInformation.json",
            "/products/ai starter",
            "/products/ai-starter",
        );
    });
    let found = found(&loaded);
    assert!(found.contains(&("C406".into(), "products/ai starter/apis.json".into(), 3)), "{found:?}");
    assert!(
        found.contains(&("C406".into(), "apis/chat/operations/createChatCompletions/policy.xml".into(), 1)),
        "{found:?}"
    );
    assert!(
        found.contains(&("C406".into(), "subscriptions/starter-team/subscriptionInformation.json".into(), 4)),
        "{found:?}"
    );
    let help = loaded.diagnostics.iter().find(|d| d.file == "products/ai starter/apis.json").unwrap().diagnostic.help();
    assert_eq!(help, Some("did you mean `weather`?"));
}

#[test]
fn policy_files_keep_their_own_diagnostics_and_kind() {
    let (_dir, loaded) = broken(|root| {
        // A fragment written as a full document, and a policy with an unknown element.
        write(root, "policy fragments/correlation-id/policy.xml", "<policies>\n<inbound /></policies>\n");
        replace(root, "products/ai starter/policy.xml", "<rate-limit ", "<rate-limitt ");
    });
    let found = found(&loaded);
    assert!(found.contains(&("C410".into(), "policy fragments/correlation-id/policy.xml".into(), 1)), "{found:?}");
    assert!(found.contains(&("P210".into(), "products/ai starter/policy.xml".into(), 4)), "{found:?}");
}

#[test]
fn specifications_missing_files_and_unknown_fields() {
    let (_dir, loaded) = broken(|root| {
        write(root, "apis/weather/specification.json", "{\"info\": {}, \"paths\": {}}");
        write(root, "apis/chat/specification.yaml", "openapi: 3.0.1\npaths:\n  /a:\n    get: [\n");
        std::fs::remove_file(root.join("named values/tenant-id/namedValueInformation.json")).unwrap();
        replace(
            root,
            "products/ai starter/productInformation.json",
            "\"subscriptionRequired\"",
            "\"subscriptionRequred\"",
        );
        write(
            root,
            "named values/bad/namedValueInformation.json",
            "{\"properties\": {\"displayName\": \"has space\", \"value\": \"v\", \"keyVault\": {\"secretIdentifier\": \"x\"}}}",
        );
    });
    let found = found(&loaded);
    assert!(found.contains(&("C408".into(), "apis/weather/specification.json".into(), 1)), "{found:?}");
    assert!(found.iter().any(|(code, file, _)| code == "C408" && file == "apis/chat/specification.yaml"), "{found:?}");
    assert!(
        found.contains(&("C402".into(), "named values/tenant-id/namedValueInformation.json".into(), 1)),
        "{found:?}"
    );
    assert!(found.contains(&("C412".into(), "products/ai starter/productInformation.json".into(), 5)), "{found:?}");
    assert!(found.contains(&("C405".into(), "named values/bad/namedValueInformation.json".into(), 1)), "{found:?}");
    assert!(found.contains(&("C413".into(), "named values/bad/namedValueInformation.json".into(), 1)), "{found:?}");
    let unknown = loaded.diagnostics.iter().find(|d| d.diagnostic.code().code == "C412").unwrap();
    assert_eq!(unknown.diagnostic.help(), Some("did you mean `subscriptionRequired`?"));
}

#[test]
fn a_missing_folder_or_non_utf8_file_is_a_diagnostic_not_a_panic() {
    let loaded = apim_service::load(Path::new("/nonexistent/service"));
    assert_eq!(loaded.diagnostics[0].diagnostic.code().code, "C402");
    let (_dir, loaded) = broken(|root| {
        std::fs::write(root.join("apis/echo/apiInformation.json"), [0xff, 0xfe, 0x00]).unwrap();
    });
    assert!(found(&loaded).contains(&("C411".into(), "apis/echo/apiInformation.json".into(), 1)));
}

#[test]
fn policies_and_backends_must_name_what_the_service_has() {
    let (_dir, loaded) = broken(|root| {
        write(
            root,
            "apis/echo/policy.xml",
            "<policies>\n    <inbound>\n        <base />\n        <include-fragment fragment-id=\"correlation\" />\n        <set-backend-service backend-id=\"openai-pol\" />\n        <set-header name=\"t\" exists-action=\"override\">\n            <value>{{tenant-idd}}</value>\n        </set-header>\n    </inbound>\n</policies>\n",
        );
        replace(root, "backends/openai-westus/backendInformation.json", "{{openai-api-key}}", "{{openai-apikey}}");
    });
    let found = found(&loaded);
    let policy = "apis/echo/policy.xml".to_owned();
    for (code, file, line) in [
        ("C406", policy.clone(), 4),
        ("C406", policy.clone(), 5),
        ("C406", policy, 7),
        ("C406", "backends/openai-westus/backendInformation.json".to_owned(), 8),
    ] {
        assert!(found.contains(&(code.to_owned(), file.clone(), line)), "{file}:{line} in {found:?}");
    }
    let helps: Vec<&str> = loaded.diagnostics.iter().filter_map(|d| d.diagnostic.help()).collect();
    for help in [
        "did you mean `correlation-id`?",
        "did you mean `openai-pool`?",
        "did you mean `{{tenant-id}}`?",
        "did you mean `{{openai-api-key}}`?",
    ] {
        assert!(helps.contains(&help), "{help} in {helps:?}");
    }
}

#[test]
fn adversarial_files_never_panic_and_are_reported() {
    let contents = [
        "",
        "null",
        "[]",
        "\"text\"",
        "{\"properties\": []}",
        "{\"properties\": {\"displayName\": 5, \"path\": [], \"protocols\": [1, null], \"value\": {}, \"secret\": \"yes\"}}",
        "{\"properties\": {\"type\": \"Pool\", \"pool\": {\"services\": [1, null, {}, {\"id\": 7}]}, \"circuitBreaker\": {\"rules\": [null, {\"failureCondition\": {\"statusCodeRanges\": [{}, 3]}}]}}}",
        "{\"properties\": {\"credentials\": {\"header\": {\"a\": 1}, \"authorization\": {}}, \"tls\": 3, \"url\": \"ftp://x\"}}",
        &"[".repeat(10_000),
        "{\"properties\": {\"scope\": \"/apis/none\", \"displayName\": \"d\", \"state\": \"bogus\"}}",
    ];
    // Files read only when their resource's information file is good are broken in a
    // second round, on their own.
    let information = [
        "apis/chat/apiInformation.json",
        "products/ai starter/productInformation.json",
        "named values/tenant-id/namedValueInformation.json",
        "backends/openai-pool/backendInformation.json",
        "backends/openai-eastus/backendInformation.json",
        "policy fragments/correlation-id/policyFragmentInformation.json",
        "subscriptions/starter-team/subscriptionInformation.json",
    ];
    let dependent =
        ["apis/chat/specification.yaml", "apis/weather/specification.json", "products/ai starter/apis.json"];
    for (content, files) in contents.iter().flat_map(|content| [(content, &information[..]), (content, &dependent[..])])
    {
        let (_dir, loaded) = broken(|root| {
            for file in files {
                write(root, file, content);
            }
        });
        for file in files {
            if *content == "[]" && file.ends_with("apis.json") {
                continue; // a product with no APIs
            }
            assert!(
                loaded.diagnostics.iter().any(|found| found.file == *file),
                "{file} with {:?}: nothing reported",
                &content[..content.len().min(40)]
            );
        }
    }
}
