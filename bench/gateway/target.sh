#!/usr/bin/env bash
# Starts `apim serve` as a target of the ../shared/bench/gateway harness (its TARGET_CMD):
# listens on 127.0.0.1:$PORT and forwards to $BACKEND_URL, with the variables the harness
# sets (PORT, BACKEND_URL, API_KEY, PERF_WORKDIR). Usage: target.sh KIND
#   passthrough   one API whose policy is only <base/> (forward-request)
#   ai            the built-in AI gateway (policies/gateway): subscription key, token limit,
#                 token metrics, backend pool with a circuit breaker, retry; the pool's
#                 members point at the benchmark backend and the budget is raised so the
#                 load never hits it (the limit is still checked on every request)
#   ai-redis      the same with counters and caches in Redis ($REDIS_URL)
set -euo pipefail
kind=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
apim=${APIM_BIN:-$root/target/release/apim}
folder="$PERF_WORKDIR/apim-$kind-$PORT"
rm -rf "$folder"
case $kind in
  passthrough)
    cp -r "$here/passthrough" "$folder"
    ;;
  ai|ai-redis)
    cp -r "$root/policies/gateway" "$folder"
    sed -i 's/tokens-per-minute="20000"/tokens-per-minute="2000000000"/' "$folder/products/ai/policy.xml"
    cat > "$folder/apim.toml" <<TOML
[serve]
access-log = "off"

[[serve.subscriptions]]
name = "bench"
key = "$API_KEY"
product = "ai"
TOML
    if [[ $kind == ai-redis ]]; then
      printf '\n[serve.store]\nredis = "%s"\n' "${REDIS_URL:?ai-redis needs REDIS_URL}" >> "$folder/apim.toml"
    fi
    ;;
  *) echo "target.sh: unknown kind $kind" >&2; exit 2 ;;
esac
grep -rl 'mock://llm\|@BACKEND_URL@' "$folder" | xargs -r sed -i "s#mock://llm#$BACKEND_URL#g; s#@BACKEND_URL@#$BACKEND_URL#g"
exec "$apim" serve "$folder" --listen "127.0.0.1:$PORT" --admin-listen "127.0.0.1:0"
