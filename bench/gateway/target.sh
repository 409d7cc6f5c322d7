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
#   ai-redis-2    two ai-redis instances on one Redis behind an nginx round robin
#                 (nginx-light's `upstream`, keepalive), as a deployment of several
#                 gateways behind a load balancer
set -euo pipefail
kind=$1
if [[ $kind == ai-redis-2 ]]; then
  # Two instances on the next ports, nginx in front on $PORT; all in this process group.
  here=$(cd "$(dirname "$0")" && pwd)
  PORT=$((PORT + 1)) "$here/target.sh" ai-redis &
  PORT=$((PORT + 2)) "$here/target.sh" ai-redis &
  conf="$PERF_WORKDIR/apim-lb-$PORT.conf"
  cat > "$conf" <<NGINX
worker_processes 1;
pid $PERF_WORKDIR/apim-lb-$PORT.pid;
error_log stderr;
events { worker_connections 4096; }
http {
  access_log off;
  upstream apim { server 127.0.0.1:$((PORT + 1)); server 127.0.0.1:$((PORT + 2)); keepalive 64; }
  server {
    listen 127.0.0.1:$PORT;
    location / { proxy_pass http://apim; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  exec nginx -p "$PERF_WORKDIR" -c "$conf" -g "daemon off;"
fi
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
