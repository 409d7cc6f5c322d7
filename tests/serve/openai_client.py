"""Drives `apim serve` with the official `openai` package (AzureOpenAI), as an app would.

Usage: openai_client.py GATEWAY_URL API_KEY SCENARIO
Prints one JSON object with what the scenario observed; tests/serve_cli.rs asserts on it.
"""
import json
import sys
import time

import openai
from openai import AzureOpenAI

url, key, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
API_VERSION = "2024-10-21"


def client(**kw):
    return AzureOpenAI(azure_endpoint=url, api_key=key, api_version=API_VERSION, **kw)


def chat(c, text):
    return c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])


out = {}
if scenario == "chat":
    r = chat(client(max_retries=0), "Say hello to the gateway.")
    out = {
        "content": r.choices[0].message.content,
        "finish_reason": r.choices[0].finish_reason,
        "prompt_tokens": r.usage.prompt_tokens,
        "completion_tokens": r.usage.completion_tokens,
        "total_tokens": r.usage.total_tokens,
    }
elif scenario == "stream":
    stream = client(max_retries=0).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Tell me a short story about a gateway."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    deltas, finish, usage, chunks = [], None, None, 0
    for chunk in stream:
        chunks += 1
        for choice in chunk.choices:
            if choice.delta.content:
                deltas.append(choice.delta.content)
            if choice.finish_reason:
                finish = choice.finish_reason
        if chunk.usage is not None:
            usage = {"prompt_tokens": chunk.usage.prompt_tokens, "completion_tokens": chunk.usage.completion_tokens}
    out = {"chunks": chunks, "text": "".join(deltas), "finish_reason": finish, "usage": usage}
elif scenario == "embeddings":
    r = client(max_retries=0).embeddings.create(model="text-embedding-3-small", input=["reset my password", "the weather in Paris"])
    out = {"count": len(r.data), "dims": len(r.data[0].embedding), "prompt_tokens": r.usage.prompt_tokens}
elif scenario == "rate-limit":
    # The first call spends the budget; the second is refused with the client's own error.
    # (60 tokens a minute: this prompt's estimate fits, prompt and completion together do not.)
    chat(client(max_retries=0), " ".join(["Spend the token budget with a long prompt, please."] * 4))
    try:
        chat(client(max_retries=0), "And again.")
        out = {"refused": False}
    except openai.RateLimitError as e:
        out = {"refused": True, "status": e.status_code, "retry_after": e.response.headers.get("retry-after")}
    # With retries, the client waits the Retry-After and then succeeds.
    started = time.monotonic()
    chat(client(max_retries=1), "And again.")
    out["waited_seconds"] = time.monotonic() - started
elif scenario == "failover":
    statuses = []
    for i in range(10):
        raw = client(max_retries=0).chat.completions.with_raw_response.create(
            model="gpt-4o", messages=[{"role": "user", "content": f"call {i}"}]
        )
        statuses.append(raw.status_code)
    out = {"statuses": statuses}
else:
    raise SystemExit(f"unknown scenario {scenario}")
print(json.dumps(out))
