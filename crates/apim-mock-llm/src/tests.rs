//! What a client of the mock sees from `respond`: shapes, usage that agrees with
//! apim-llm, stream frames, embeddings, faults and errors.

use apim_llm::{Encoding, Prompt, StreamCounter, Usage};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{Fault, MockBody, MockConfig, MockLlm, MockRequest, MockResponse};

const AZURE_CHAT: &str = "/openai/deployments/gpt-35-turbo/chat/completions?api-version=2024-10-21";

fn post(path: &str, body: &Value) -> MockRequest {
    MockRequest {
        method: "POST".to_owned(),
        path_and_query: path.to_owned(),
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: body.to_string().into_bytes(),
    }
}

fn with_headers(mut request: MockRequest, headers: &[(&str, &str)]) -> MockRequest {
    request.headers.extend(headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
    request
}

fn json_of(response: &MockResponse) -> Value {
    let MockBody::Full(bytes) = &response.body else { panic!("not a full body: {response:?}") };
    serde_json::from_slice(bytes).unwrap()
}

/// The JSON events of a stream (`[DONE]` left out), and whether it ended with `[DONE]`.
fn events_of(response: &MockResponse) -> (Vec<Value>, bool) {
    let MockBody::Events { frames, .. } = &response.body else { panic!("not a stream: {response:?}") };
    let mut events = Vec::new();
    let mut done = false;
    for frame in frames {
        let text = std::str::from_utf8(frame).unwrap();
        assert!(text.ends_with("\n\n"), "a frame is one complete event: {text:?}");
        let data = text.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
        assert!(!done, "nothing after [DONE]");
        if data == "[DONE]" {
            done = true;
        } else {
            events.push(serde_json::from_str(data).unwrap());
        }
    }
    (events, done)
}

fn chat_body() -> Value {
    json!({"messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "name": "ann", "content": "How do I reset my password?"}
    ]})
}

fn estimate(path_deployment: Option<&str>, body: &Value) -> u64 {
    let prompt = Prompt::from_json(body);
    prompt.estimate_tokens(prompt.encoding(path_deployment))
}

#[test]
fn mock_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<MockLlm>();
}

#[test]
fn azure_chat_completion_has_the_real_shape_and_usage_from_apim_llm() {
    let mock = MockLlm::new(MockConfig::default());
    let response = mock.respond(&post(AZURE_CHAT, &chat_body()));
    assert_eq!((response.status, response.reason.as_str()), (200, "OK"));
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("x-mock-backend"), Some("mock-llm"));
    let body = json_of(&response);
    assert!(body["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["created"], crate::DEFAULT_CREATED);
    assert_eq!(body["model"], "gpt-35-turbo", "the deployment, when the body names no model");
    assert_eq!(body["system_fingerprint"], "fp_apim_mock");
    let choice = &body["choices"][0];
    assert_eq!(choice["index"], 0);
    assert_eq!(choice["message"]["role"], "assistant");
    let content = choice["message"]["content"].as_str().unwrap();
    assert_eq!(content, "This is a mock answer to: How do I reset my password?");
    assert_eq!(choice["finish_reason"], "stop");
    assert_eq!(choice["logprobs"], Value::Null);
    assert_eq!(choice["content_filter_results"]["hate"]["filtered"], false);
    assert_eq!(body["prompt_filter_results"][0]["prompt_index"], 0);

    // gpt-35-turbo counts with cl100k, as the gateway's estimate does.
    let prompt_tokens = estimate(Some("gpt-35-turbo"), &chat_body());
    let completion_tokens = Encoding::Cl100k.count(content);
    let usage = Usage::from_json(&body).unwrap();
    assert_eq!(
        usage,
        Usage { prompt: prompt_tokens, completion: completion_tokens, total: prompt_tokens + completion_tokens }
    );
    assert!(prompt_tokens > 10);
}

#[test]
fn openai_chat_reports_the_body_model_and_no_azure_fields() {
    let mock = MockLlm::new(MockConfig::default());
    let mut body = chat_body();
    body["model"] = json!("gpt-4o");
    let response = json_of(&mock.respond(&post("/v1/chat/completions", &body)));
    assert_eq!(response["model"], "gpt-4o");
    assert!(response.get("prompt_filter_results").is_none());
    assert!(response["choices"][0].get("content_filter_results").is_none());
    assert_eq!(response["usage"]["prompt_tokens"], estimate(None, &body));
    // The configured model wins for what is reported; counting still follows the request.
    let named = MockLlm::new(MockConfig { model: Some("gpt-4o-2024-08-06".to_owned()), ..MockConfig::default() });
    let reported = json_of(&named.respond(&post("/v1/chat/completions", &body)));
    assert_eq!(reported["model"], "gpt-4o-2024-08-06");
    assert_eq!(reported["usage"], response["usage"]);
}

#[test]
fn the_same_request_gets_the_same_answer() {
    let mock = MockLlm::new(MockConfig::default());
    let first = mock.respond(&post(AZURE_CHAT, &chat_body()));
    let again = MockLlm::new(MockConfig::default()).respond(&post(AZURE_CHAT, &chat_body()));
    assert_eq!(first, again);
    assert_eq!(first, mock.respond(&post(AZURE_CHAT, &chat_body())));
    let other = mock.respond(&post(AZURE_CHAT, &json!({"messages": [{"role": "user", "content": "Hi"}]})));
    assert_ne!(json_of(&first)["id"], json_of(&other)["id"]);
    let clocked = MockLlm::with_clock(MockConfig::default(), || 1_800_000_000);
    assert_eq!(json_of(&clocked.respond(&post(AZURE_CHAT, &chat_body())))["created"], 1_800_000_000);
}

#[test]
fn max_tokens_limits_the_completion() {
    let mock = MockLlm::new(MockConfig::default());
    for field in ["max_tokens", "max_completion_tokens"] {
        let mut body = chat_body();
        body[field] = json!(5);
        let response = json_of(&mock.respond(&post(AZURE_CHAT, &body)));
        assert_eq!(response["usage"]["completion_tokens"], 5, "{field}");
        assert_eq!(response["choices"][0]["finish_reason"], "length");
        assert_eq!(response["choices"][0]["message"]["content"], "This is a mock answer");
    }
    let mut body = chat_body();
    body["max_tokens"] = json!(1000);
    assert_eq!(json_of(&mock.respond(&post(AZURE_CHAT, &body)))["choices"][0]["finish_reason"], "stop");
    body["max_tokens"] = json!("many");
    let error = json_of(&mock.respond(&post(AZURE_CHAT, &body)));
    assert_eq!(error["error"]["param"], "max_tokens");
}

#[test]
fn n_returns_several_choices() {
    let mock = MockLlm::new(MockConfig::default());
    let mut body = chat_body();
    body["n"] = json!(3);
    let response = json_of(&mock.respond(&post(AZURE_CHAT, &body)));
    let choices = response["choices"].as_array().unwrap();
    assert_eq!(choices.iter().map(|c| c["index"].as_u64().unwrap()).collect::<Vec<_>>(), [0, 1, 2]);
    let one = json_of(&mock.respond(&post(AZURE_CHAT, &chat_body())));
    assert_eq!(response["usage"]["completion_tokens"], one["usage"]["completion_tokens"].as_u64().unwrap() * 3);
    body["n"] = json!(0);
    assert_eq!(mock.respond(&post(AZURE_CHAT, &body)).status, 400);
}

#[test]
fn chat_stream_sends_role_deltas_finish_and_done() {
    let mock = MockLlm::new(MockConfig { stream_chunk_delay_ms: 7, ..MockConfig::default() });
    let mut body = chat_body();
    body["stream"] = json!(true);
    let response = mock.respond(&post(AZURE_CHAT, &body));
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/event-stream; charset=utf-8"));
    let MockBody::Events { delay_ms, .. } = response.body else { panic!() };
    assert_eq!(delay_ms, 7);
    let (events, done) = events_of(&response);
    assert!(done);
    assert!(events.len() >= 5, "role, several deltas, finish: {}", events.len());
    for event in &events {
        assert_eq!(event["object"], "chat.completion.chunk");
        assert!(event.get("usage").is_none(), "no usage key without include_usage");
    }
    let first = &events[0]["choices"][0];
    assert_eq!((first["delta"]["role"].as_str(), first["delta"]["content"].as_str()), (Some("assistant"), Some("")));
    let content: String =
        events.iter().filter_map(|e| e["choices"][0]["delta"]["content"].as_str()).collect::<Vec<_>>().concat();
    assert_eq!(content, "This is a mock answer to: How do I reset my password?");
    let deltas = events.iter().filter(|e| e["choices"][0]["delta"]["content"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(deltas.count() > 3);
    let last = events.last().unwrap();
    assert_eq!(last["choices"][0]["finish_reason"], "stop");
    assert_eq!(last["choices"][0]["delta"], json!({}));
    assert!(events[..events.len() - 1].iter().all(|e| e["choices"][0]["finish_reason"].is_null()));
}

#[test]
fn include_usage_adds_a_last_chunk_with_usage_as_openai_does() {
    let mock = MockLlm::new(MockConfig::default());
    let mut body = chat_body();
    body["stream"] = json!(true);
    body["stream_options"] = json!({"include_usage": true});
    let response = mock.respond(&post(AZURE_CHAT, &body));
    let (events, done) = events_of(&response);
    assert!(done);
    let (last, rest) = events.split_last().unwrap();
    assert_eq!(last["choices"], json!([]));
    assert!(rest.iter().all(|e| e["usage"].is_null() && e.get("usage").is_some()), "usage: null on every other chunk");
    let plain = json_of(&mock.respond(&post(AZURE_CHAT, &chat_body())));
    assert_eq!(last["usage"], plain["usage"]);

    // The gateway's stream counter agrees with the reported usage.
    let mut counter = StreamCounter::new(Encoding::Cl100k);
    counter.feed(&response.body.bytes());
    counter.finish();
    assert!(counter.done);
    assert_eq!(counter.completion_tokens, plain["usage"]["completion_tokens"].as_u64().unwrap());
    assert_eq!(counter.reported, Usage::from_json(&plain));
}

#[test]
fn completions_answer_each_prompt() {
    let mock = MockLlm::new(MockConfig::default());
    let body = json!({"model": "gpt-35-turbo-instruct", "prompt": ["Say hi", "Say bye"], "max_tokens": 8});
    let response = json_of(&mock.respond(&post("/v1/completions", &body)));
    assert_eq!(response["object"], "text_completion");
    assert!(response["id"].as_str().unwrap().starts_with("cmpl-"));
    assert_eq!(response["choices"][0]["text"], "This is a mock answer to: Say");
    assert_eq!(response["choices"][1]["index"], 1);
    assert_eq!(response["choices"][0]["finish_reason"], "length");
    assert_eq!(response["usage"]["prompt_tokens"], estimate(None, &body));
    assert_eq!(response["usage"]["completion_tokens"], 16);

    let stream = mock.respond(&post(
        "/v1/completions",
        &json!({"prompt": "Say hi", "stream": true, "stream_options": {"include_usage": true}}),
    ));
    let (events, done) = events_of(&stream);
    assert!(done);
    let text: String = events.iter().filter_map(|e| e["choices"][0]["text"].as_str()).collect();
    assert_eq!(text, "This is a mock answer to: Say hi");
    assert_eq!(events.last().unwrap()["usage"]["completion_tokens"], Encoding::O200k.count(&text));
    assert_eq!(mock.respond(&post("/v1/completions", &json!({"model": "x"}))).status, 400);
}

#[test]
fn responses_api_answers_and_streams() {
    let mock = MockLlm::new(MockConfig::default());
    let body = json!({"model": "gpt-4.1", "instructions": "Be kind.", "input": "What is APIM?"});
    let response = json_of(&mock.respond(&post("/openai/v1/responses", &body)));
    assert_eq!(response["object"], "response");
    assert_eq!(response["status"], "completed");
    assert!(response["id"].as_str().unwrap().starts_with("resp_"));
    assert_eq!(response["created_at"], crate::DEFAULT_CREATED);
    let text = response["output"][0]["content"][0]["text"].as_str().unwrap();
    assert_eq!(text, "This is a mock answer to: What is APIM?");
    assert_eq!(response["output"][0]["content"][0]["type"], "output_text");
    assert_eq!(response["usage"]["input_tokens"], estimate(None, &body));
    assert_eq!(response["usage"]["output_tokens"], Encoding::O200k.count(text));

    let mut streamed = body.clone();
    streamed["stream"] = json!(true);
    let stream = mock.respond(&post("/openai/v1/responses", &streamed));
    let MockBody::Events { frames, .. } = &stream.body else { panic!() };
    let first = std::str::from_utf8(&frames[0]).unwrap();
    assert!(first.starts_with("event: response.created\ndata: {"), "{first}");
    let (events, done) = events_of(&stream);
    assert!(!done, "the Responses API sends no [DONE]");
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds.last(), Some(&"response.completed"));
    assert!(kinds.iter().filter(|k| **k == "response.output_text.delta").count() > 3);
    let sequence: Vec<u64> = events.iter().map(|e| e["sequence_number"].as_u64().unwrap()).collect();
    assert_eq!(sequence, (0..events.len() as u64).collect::<Vec<_>>());
    let mut counter = StreamCounter::new(Encoding::O200k);
    counter.feed(&stream.body.bytes());
    counter.finish();
    assert_eq!(counter.completion_tokens, Encoding::O200k.count(text));
    assert_eq!(counter.reported.map(|u| u.prompt), Some(estimate(None, &body)));

    let mut short = body;
    short["max_output_tokens"] = json!(3);
    let cut = json_of(&mock.respond(&post("/openai/v1/responses", &short)));
    assert_eq!((cut["status"].as_str(), cut["usage"]["output_tokens"].as_u64()), (Some("incomplete"), Some(3)));
    assert_eq!(cut["incomplete_details"]["reason"], "max_output_tokens");
}

#[test]
fn embeddings_are_unit_vectors_where_paraphrases_are_closer() {
    let mock = MockLlm::new(MockConfig::default());
    let path = "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21";
    let body = json!({"input": ["How do I reset my password?", "how can I reset my password", "What is the weather in Paris?"]});
    let response = json_of(&mock.respond(&post(path, &body)));
    assert_eq!(response["object"], "list");
    assert_eq!(response["model"], "text-embedding-3-small");
    let vectors: Vec<Vec<f64>> = response["data"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!((item["object"].as_str(), item["index"].as_u64()), (Some("embedding"), Some(i as u64)));
            item["embedding"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
        })
        .collect();
    assert!(vectors.iter().all(|v| v.len() == 1536));
    let cosine = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    assert!((cosine(&vectors[0], &vectors[0]) - 1.0).abs() < 1e-4);
    let near = cosine(&vectors[0], &vectors[1]);
    let far = cosine(&vectors[0], &vectors[2]);
    assert!(near > far + 0.5, "paraphrase {near} vs unrelated {far}");
    let as_distance = |a: &[f64], b: &[f64]| {
        let a: Vec<f32> = a.iter().map(|x| *x as f32).collect();
        let b: Vec<f32> = b.iter().map(|x| *x as f32).collect();
        apim_llm::cosine_distance(&a, &b)
    };
    assert!(as_distance(&vectors[0], &vectors[1]) < as_distance(&vectors[0], &vectors[2]));
    let prompt_tokens = estimate(Some("text-embedding-3-small"), &body);
    assert_eq!(response["usage"], json!({"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens}));
}

#[test]
fn embeddings_honour_dimensions_base64_and_token_arrays() {
    let mock = MockLlm::new(MockConfig::default());
    let small = json_of(&mock.respond(&post("/v1/embeddings", &json!({"input": "hello", "dimensions": 8}))));
    let floats: Vec<f32> =
        small["data"][0]["embedding"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect();
    assert_eq!(floats.len(), 8);
    let encoded = json_of(
        &mock
            .respond(&post("/v1/embeddings", &json!({"input": "hello", "dimensions": 8, "encoding_format": "base64"}))),
    );
    use base64::Engine;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(encoded["data"][0]["embedding"].as_str().unwrap()).unwrap();
    let decoded: Vec<f32> = bytes.chunks(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    assert_eq!(decoded, floats);
    let tokens = json_of(&mock.respond(&post("/v1/embeddings", &json!({"input": [[1, 2], [3]], "dimensions": 4}))));
    assert_eq!(tokens["data"].as_array().unwrap().len(), 2);
    let single = json_of(&mock.respond(&post("/v1/embeddings", &json!({"input": [1, 2, 3], "dimensions": 4}))));
    assert_eq!(single["data"].as_array().unwrap().len(), 1);
    for bad in [
        json!({"input": "x", "dimensions": 0}),
        json!({"input": "x", "encoding_format": "hex"}),
        json!({"input": []}),
        json!({}),
    ] {
        let response = mock.respond(&post("/v1/embeddings", &bad));
        assert_eq!(response.status, 400, "{bad}");
    }
}

#[test]
fn header_faults() {
    let mock = MockLlm::new(MockConfig { name: "east".to_owned(), ..MockConfig::default() });
    let limited = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "429")]));
    assert_eq!((limited.status, limited.reason.as_str()), (429, "Too Many Requests"));
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(limited.header("retry-after-ms"), Some("1000"));
    assert_eq!(limited.header("x-mock-backend"), Some("east"));
    let error = &json_of(&limited)["error"];
    assert_eq!(error["code"], "429");
    assert!(error["message"].as_str().unwrap().contains("retry after 1 second"));
    assert!(error.get("type").is_some() && error.get("param").is_some());

    let later = mock.respond(&with_headers(
        post(AZURE_CHAT, &chat_body()),
        &[("X-Mock-Fault", "429"), ("x-mock-retry-after", "12")],
    ));
    assert_eq!((later.header("retry-after"), later.header("retry-after-ms")), (Some("12"), Some("12000")));

    let failed = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "500")]));
    assert_eq!(failed.status, 500);
    assert_eq!(json_of(&failed)["error"]["type"], "server_error");
    let unavailable = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "503")]));
    assert_eq!((unavailable.status, unavailable.header("retry-after")), (503, Some("1")));
    let dropped = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "drop")]));
    assert_eq!(dropped.body, MockBody::Drop);

    let slow = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-latency-ms", "250")]));
    assert_eq!((slow.status, slow.delay_ms), (200, 250));
    let bad = mock.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "teapot")]));
    assert_eq!(bad.status, 400);
    assert!(json_of(&bad)["error"]["message"].as_str().unwrap().contains("teapot"));
}

#[test]
fn configured_faults_count_requests() {
    let mock = MockLlm::new(MockConfig {
        fault: Some(Fault::RateLimited),
        fail_first: Some(2),
        retry_after_seconds: 3,
        latency_ms: 40,
        ..MockConfig::default()
    });
    let statuses: Vec<(u16, Option<String>, u64)> = (0..4)
        .map(|_| {
            let r = mock.respond(&post(AZURE_CHAT, &chat_body()));
            (r.status, r.header("retry-after").map(str::to_owned), r.delay_ms)
        })
        .collect();
    assert_eq!(
        statuses,
        [(429, Some("3".to_owned()), 40), (429, Some("3".to_owned()), 40), (200, None, 40), (200, None, 40)]
    );
    assert_eq!(mock.requests_seen(), 4);

    let always = MockLlm::new(MockConfig { fault: Some(Fault::Drop), ..MockConfig::default() });
    assert!((0..3).all(|_| always.respond(&post(AZURE_CHAT, &chat_body())).body == MockBody::Drop));
    let spared = always.respond(&with_headers(post(AZURE_CHAT, &chat_body()), &[("x-mock-fault", "none")]));
    assert_eq!(spared.status, 200);

    let half =
        MockLlm::new(MockConfig { fault: Some(Fault::Unavailable), fault_rate: Some(0.5), ..MockConfig::default() });
    let statuses: Vec<u16> = (0..4).map(|_| half.respond(&post(AZURE_CHAT, &chat_body())).status).collect();
    assert_eq!(statuses, [200, 503, 200, 503]);
}

#[test]
fn fail_first_holds_across_threads() {
    let mock = std::sync::Arc::new(MockLlm::new(MockConfig {
        fault: Some(Fault::ServerError),
        fail_first: Some(5),
        ..MockConfig::default()
    }));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let mock = std::sync::Arc::clone(&mock);
            std::thread::spawn(move || {
                (0..5).filter(|_| mock.respond(&post(AZURE_CHAT, &chat_body())).status == 500).count()
            })
        })
        .collect();
    let failures: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(failures, 5);
}

#[test]
fn bad_input_gets_openai_shaped_errors() {
    let mock = MockLlm::new(MockConfig::default());
    let raw = |method: &str, path: &str, body: &[u8]| {
        mock.respond(&MockRequest {
            method: method.to_owned(),
            path_and_query: path.to_owned(),
            headers: Vec::new(),
            body: body.to_vec(),
        })
    };
    let check = |response: MockResponse, status: u16, param: Value| {
        assert_eq!(response.status, status, "{response:?}");
        let error = &json_of(&response)["error"];
        for field in ["message", "type", "param", "code"] {
            assert!(error.get(field).is_some(), "{field} in {error}");
        }
        assert!(!error["message"].as_str().unwrap().is_empty());
        assert_eq!(error["param"], param);
    };
    check(raw("POST", AZURE_CHAT, b"{not json"), 400, Value::Null);
    check(raw("POST", AZURE_CHAT, b"[1,2]"), 400, Value::Null);
    check(raw("POST", AZURE_CHAT, b""), 400, Value::Null);
    check(raw("POST", AZURE_CHAT, br#"{"model":"gpt-4o"}"#), 400, json!("messages"));
    check(raw("POST", AZURE_CHAT, br#"{"messages":"hi"}"#), 400, json!("messages"));
    check(raw("POST", AZURE_CHAT, br#"{"messages":[]}"#), 400, json!("messages"));
    check(raw("POST", AZURE_CHAT, br#"{"messages":[{"content":"hi"}]}"#), 400, json!("messages[0].role"));
    check(
        raw("POST", AZURE_CHAT, br#"{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#),
        400,
        json!("stream"),
    );
    check(raw("POST", "/openai/deployments/x/images/generations", b"{}"), 404, Value::Null);
    check(raw("POST", "/", b""), 404, Value::Null);
    let wrong_method = raw("GET", AZURE_CHAT, b"");
    assert_eq!(wrong_method.header("allow"), Some("POST"));
    check(wrong_method, 405, Value::Null);
    check(raw("POST", "/v1/responses", b"{}"), 400, json!("input"));
    let not_found = json_of(&raw("POST", "/v1/nothing?x=1", b"{}"));
    assert_eq!(not_found["error"]["message"], "Invalid URL (POST /v1/nothing)");
}

#[test]
fn models_lists_the_reported_model() {
    let mock = MockLlm::new(MockConfig { model: Some("gpt-4o".to_owned()), ..MockConfig::default() });
    let request =
        MockRequest { method: "GET".to_owned(), path_and_query: "/v1/models".to_owned(), ..MockRequest::default() };
    let response = json_of(&mock.respond(&request));
    assert_eq!(response["data"][0]["id"], "gpt-4o");
    assert_eq!(response["data"][0]["object"], "model");
}

fn header_strategy() -> impl Strategy<Value = (String, String)> {
    let name = prop_oneof![
        Just("x-mock-fault".to_owned()),
        Just("x-mock-latency-ms".to_owned()),
        Just("x-mock-retry-after".to_owned()),
        "[a-z-]{1,12}",
    ];
    let value = prop_oneof![
        Just("429".to_owned()),
        Just("drop".to_owned()),
        Just("none".to_owned()),
        Just("18446744073709551615".to_owned()),
        "\\PC{0,12}",
    ];
    (name, value)
}

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,24}".prop_map(Value::from),
        prop_oneof![Just("user"), Just("system"), Just("assistant"), Just("text"), Just("image_url"), Just("base64")]
            .prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("messages"),
        Just("role"),
        Just("content"),
        Just("stream"),
        Just("stream_options"),
        Just("include_usage"),
        Just("max_tokens"),
        Just("max_completion_tokens"),
        Just("n"),
        Just("input"),
        Just("prompt"),
        Just("dimensions"),
        Just("encoding_format"),
        Just("model"),
        Just("type"),
        Just("text"),
        Just("instructions"),
        Just("max_output_tokens"),
        Just("name"),
    ];
    let json = leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    });
    prop_oneof![json.prop_map(|v| v.to_string().into_bytes()), prop::collection::vec(any::<u8>(), 0..64),]
}

fn path_strategy() -> impl Strategy<Value = String> {
    let known = prop_oneof![
        Just("/openai/deployments/gpt-4/chat/completions?api-version=2024-10-21"),
        Just("/v1/chat/completions"),
        Just("/v1/completions"),
        Just("/openai/deployments/emb/embeddings"),
        Just("/v1/responses"),
        Just("/v1/models"),
    ]
    .prop_map(str::to_owned);
    prop_oneof![known, "\\PC{0,40}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// `respond` never panics, and answers with a status a client understands and a body
    /// of the kind its content type says.
    #[test]
    fn respond_never_panics(
        method in prop_oneof![Just("POST".to_owned()), Just("GET".to_owned()), "[A-Z]{0,7}"],
        path in path_strategy(),
        headers in prop::collection::vec(header_strategy(), 0..3),
        body in body_strategy(),
    ) {
        let mock = MockLlm::new(MockConfig::default());
        let request = MockRequest { method, path_and_query: path, headers, body };
        let response = mock.respond(&request);
        prop_assert!(matches!(response.status, 0 | 200 | 400 | 404 | 405 | 429 | 500 | 503), "{}", response.status);
        match &response.body {
            MockBody::Full(bytes) => prop_assert!(serde_json::from_slice::<Value>(bytes).is_ok()),
            MockBody::Events { frames, .. } => prop_assert!(frames.iter().all(|f| f.ends_with(b"\n\n"))),
            MockBody::Drop => prop_assert_eq!(response.status, 0),
        }
    }

    /// Streamed chat completions carry exactly the tokens the plain answer reports.
    #[test]
    fn stream_tokens_match_usage(text in "\\PC{0,80}", model in prop_oneof![Just("gpt-4o"), Just("gpt-4")]) {
        let mock = MockLlm::new(MockConfig::default());
        let body = json!({"model": model, "messages": [{"role": "user", "content": text}]});
        let plain = json_of(&mock.respond(&post("/v1/chat/completions", &body)));
        let mut streamed = body.clone();
        streamed["stream"] = json!(true);
        let stream = mock.respond(&post("/v1/chat/completions", &streamed));
        let mut counter = StreamCounter::new(Encoding::for_model(model));
        counter.feed(&stream.body.bytes());
        counter.finish();
        prop_assert_eq!(Some(counter.completion_tokens), plain["usage"]["completion_tokens"].as_u64());
    }
}
