#!/usr/bin/env bash
# Compares builds of courtoisd by the CPU each request costs, which a shared host moves less
# than throughput: runs every daemon given, ROUNDS times (default 3) in alternation, each under
# wrk (2 threads, 50 connections, DURATION, default 10s, POSTing MESSAGE, default the bundled
# client_message.eml), and prints requests/s, p99 and the daemon's user + system CPU time
# divided by the requests wrk counted. Builds nothing.
#   bench/service/cpu_per_request.sh /tmp/courtoisd.before build/dev/server/courtoisd
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=start_courtoisd.sh
source "$here/start_courtoisd.sh"
(($# >= 1)) || { echo "usage: $0 COURTOISD..." >&2; exit 2; }
command -v wrk >/dev/null || { echo "$0: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
message="${MESSAGE:-$here/client_message.eml}"
ticks="$(getconf CLK_TCK)"

one_run() {
  local daemon=$1 scratch before after out requests
  scratch="$(mktemp -d)"
  start_courtoisd "$scratch" "$daemon"
  before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  out="$(COURTOIS_TOKEN="$token" COURTOIS_BENCH_MESSAGE="$message" wrk -t2 -c50 -d"$duration" \
    --latency -s "$here/post_message.lua" "http://127.0.0.1:$port")"
  after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$scratch"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  awk -v d="$daemon" -v a="$after" -v b="$before" -v n="$requests" -v t="$ticks" \
    -v rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
    -v p99="$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    'BEGIN { printf "%s: %s req/s, p99 %s, CPU per request %.1f us\n", d, rps, p99, (a - b) / t * 1e6 / n }'
}

for ((r = 1; r <= rounds; ++r)); do
  for daemon in "$@"; do one_run "$daemon"; done
done
