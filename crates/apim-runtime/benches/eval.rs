//! Evaluation speed of compiled expressions (compile once, evaluate many times).

use apim_runtime::{Budget, Context, ContextInput, Program, Value};
use criterion::{Criterion, criterion_group, criterion_main};

const STATUS: &str = "@(context.Response.StatusCode == 429 || context.Response.StatusCode >= 500)";

/// The priority load balancer of ai-gateway/labs/_deprecated/advanced-load-balancing.
const LOAD_BALANCER: &str = r#"@{
    JArray backends = (JArray)context.Variables["listBackends"];

    int selectedPriority = Int32.MaxValue;
    List<int> availableBackends = new List<int>();

    for (int i = 0; i < backends.Count; i++)
    {
        JObject backend = (JObject)backends[i];

        if (!backend.Value<bool>("isThrottling"))
        {
            int backendPriority = backend.Value<int>("priority");

            if (backendPriority < selectedPriority)
            {
                selectedPriority = backendPriority;
                availableBackends.Clear();
                availableBackends.Add(i);
            }
            else if (backendPriority == selectedPriority)
            {
                availableBackends.Add(i);
            }
        }
    }

    if (availableBackends.Count == 1)
    {
        return availableBackends[0];
    }

    if (availableBackends.Count > 0)
    {
        //Returns a random backend from the list if we have more than one available with the same priority
        return availableBackends[new Random().Next(0, availableBackends.Count)];
    }
    else
    {
        //If there are no available backends, the request will be sent to the first one
        return 0;
    }
}"#;

const BACKENDS: &str = r#"[
  {"url": "https://eastus.openai.azure.com/", "priority": 1, "isThrottling": false, "retryAfter": "0001-01-01T00:00:00"},
  {"url": "https://westus.openai.azure.com/", "priority": 1, "isThrottling": true, "retryAfter": "0001-01-01T00:00:00"},
  {"url": "https://swedencentral.openai.azure.com/", "priority": 2, "isThrottling": false, "retryAfter": "0001-01-01T00:00:00"},
  {"url": "https://francecentral.openai.azure.com/", "priority": 3, "isThrottling": false, "retryAfter": "0001-01-01T00:00:00"}
]"#;

fn bench(c: &mut Criterion) {
    let response = apim_http::parse_response(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\n\r\n").unwrap();
    let ctx = Context::new(ContextInput { response: Some(response), ..ContextInput::default() }).unwrap();
    let status = Program::compile(STATUS).unwrap();
    assert!(matches!(status.eval(&ctx, Budget::default()), Ok(Value::Bool(true))));
    c.bench_function("eval status condition", |b| b.iter(|| status.eval(&ctx, Budget::default())));

    let backends = apim_runtime::var_from_json(BACKENDS).unwrap();
    let ctx =
        Context::new(ContextInput { variables: vec![("listBackends".into(), backends)], ..ContextInput::default() })
            .unwrap();
    let lb = Program::compile(LOAD_BALANCER).unwrap();
    assert!(matches!(lb.eval(&ctx, Budget::default()), Ok(Value::I32(0))));
    c.bench_function("eval priority load balancer", |b| b.iter(|| lb.eval(&ctx, Budget::default())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
