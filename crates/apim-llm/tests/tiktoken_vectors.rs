//! Token estimates agree with tiktoken: token ids of known vectors (published by OpenAI
//! for tiktoken), and OpenAI's cookbook chat example, whose prompt-token counts the API
//! itself reported (129 for gpt-3.5/gpt-4, 124 for gpt-4o).

use apim_llm::{Encoding, Prompt};

#[test]
fn known_token_ids() {
    assert_eq!(Encoding::Cl100k.encode("hello world"), [15339, 1917]);
    assert_eq!(Encoding::O200k.encode("hello world"), [24912, 2375]);
    assert_eq!(Encoding::Cl100k.encode("tiktoken is great!"), [83, 1609, 5963, 374, 2294, 0]);
    assert_eq!(Encoding::Cl100k.count(""), 0);
    // Special-token text in a prompt is ordinary text, not the special token (100257).
    assert!(!Encoding::Cl100k.encode("<|endoftext|>").contains(&100_257));
}

fn cookbook_chat() -> serde_json::Value {
    serde_json::json!({"messages": [
        {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
        {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
        {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
        {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
        {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
        {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
    ]})
}

#[test]
fn chat_prompt_counts_match_the_api() {
    let prompt = Prompt::from_json(&cookbook_chat());
    assert_eq!(prompt.estimate_tokens(Encoding::for_model("gpt-4")), 129);
    assert_eq!(prompt.estimate_tokens(Encoding::for_model("gpt-35-turbo")), 129);
    assert_eq!(prompt.estimate_tokens(Encoding::for_model("gpt-4o")), 124);
}

#[test]
fn chat_prompt_counts_match_tiktoken_rs() {
    let body = cookbook_chat();
    let messages: Vec<tiktoken_rs::ChatCompletionRequestMessage> = body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| tiktoken_rs::ChatCompletionRequestMessage {
            role: m["role"].as_str().unwrap_or_default().to_owned(),
            content: m["content"].as_str().map(str::to_owned),
            name: m.get("name").and_then(|n| n.as_str()).map(str::to_owned),
            function_call: None,
        })
        .collect();
    let expected = tiktoken_rs::num_tokens_from_messages("gpt-4", &messages).expect("gpt-4 is known");
    let ours = Prompt::from_json(&body).estimate_tokens(Encoding::Cl100k);
    assert_eq!(ours, expected as u64);
}

#[test]
fn plain_prompts_and_images() {
    let legacy = Prompt::from_json(&serde_json::json!({"prompt": "tiktoken is great!"}));
    assert_eq!(legacy.estimate_tokens(Encoding::Cl100k), 6);
    let with_image = Prompt::from_json(&serde_json::json!({"messages": [
        {"role": "user", "content": [{"type": "text", "text": "hello world"}, {"type": "image_url", "image_url": {"url": "x"}}]}
    ]}));
    // 3 (reply) + 3 (message) + 1 ("user") + 2 ("hello world") + 1200 (the image)
    assert_eq!(with_image.estimate_tokens(Encoding::O200k), 3 + 3 + 1 + 2 + 1200);
}
