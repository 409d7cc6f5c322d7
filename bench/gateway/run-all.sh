#!/usr/bin/env bash
# The gateway benchmark table of the README: apim serve as the custom target of the
# shared harness (../shared/bench/gateway, which measures nginx as the reference in the
# same run), once per configuration:
#   passthrough  a pass-through policy
#   ai           the built-in AI gateway (token limit, token metrics, pool, retry), in memory
#   ai-redis     the same, counters and caches in Redis
#   ai-redis-2   two ai-redis instances on one Redis behind an nginx round robin
# Usage: bench/gateway/run-all.sh [KIND...]   (harness knobs such as ROUNDS, DURATION pass through)
# Needs: a release build (cargo build --release), nginx-light, wrk, redis-server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
harness=${APIM_BENCH_HARNESS:-$root/../shared/bench/gateway/run.sh}
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(passthrough ai ai-redis ai-redis-2)
[ -x "$root/target/release/apim" ] || { echo "run-all.sh: build first: cargo build --release" >&2; exit 1; }

redis_pid=
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true; }
trap cleanup EXIT
if printf '%s\n' "${kinds[@]}" | grep -q redis; then
  port=${REDIS_PORT:-18379}
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  redis_pid=$!
  export REDIS_URL="redis://127.0.0.1:$port"
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

for kind in "${kinds[@]}"; do
  echo "== apim-$kind"
  [ -n "$redis_pid" ] && redis-cli -p "${REDIS_PORT:-18379}" flushall >/dev/null 2>&1 || true
  TARGET_NAME="apim-$kind" TARGET_CMD="exec $here/target.sh $kind" "$harness" direct nginx "apim-$kind"
done
