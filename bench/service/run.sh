#!/usr/bin/env bash
# /v1/analyze under load: starts courtoisd on a free loopback port with a scratch config folder,
# runs wrk (2 threads, 50 connections, 10 s) POSTing a 3 KB client email, prints requests/s and
# p99 latency, stops the server. Builds nothing.
#   bench/service/run.sh build/release/server/courtoisd [extra courtoisd options...]
# Environment: DURATION (default 10s), CONNECTIONS (default 50), MESSAGE (default the bundled
# client_message.eml). Target: p99 under 10 ms.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=start_courtoisd.sh
source "$here/start_courtoisd.sh"
daemon="${1:?usage: $0 PATH/TO/courtoisd [courtoisd options...]}"
shift
[[ -x "$daemon" ]] || { echo "$0: $daemon is not an executable" >&2; exit 2; }
command -v wrk >/dev/null || { echo "$0: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

duration="${DURATION:-10s}"
connections="${CONNECTIONS:-50}"
message="${MESSAGE:-$here/client_message.eml}"

scratch="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

start_courtoisd "$scratch" "$daemon" "$@"

# One request first: a broken setup should fail loudly, not measure fast errors.
status="$(curl -s -o "$scratch/first.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: message/rfc822' --data-binary "@$message" "http://127.0.0.1:$port/v1/analyze")"
if [[ "$status" != 200 ]]; then
  echo "$0: /v1/analyze answered $status: $(head -c 500 "$scratch/first.json")" >&2
  exit 1
fi

# The machine may be shared: say how busy it was, so that numbers from runs can be compared.
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
COURTOIS_TOKEN="$token" COURTOIS_BENCH_MESSAGE="$message" \
  wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$duration" --latency -s "$here/post_message.lua" \
  "http://127.0.0.1:$port" | tee "$scratch/wrk.txt"

rps="$(awk '/^Requests\/sec:/ {print $2}' "$scratch/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$scratch/wrk.txt")"
errors="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$scratch/wrk.txt")"
echo
echo "courtoisd /v1/analyze, $(wc -c <"$message") byte message, $connections connections, $duration:"
echo "  requests/s: $rps"
echo "  p99 latency: $p99 (target < 10ms)"
echo "  non-2xx responses: ${errors:-0}"
echo "  cores: $(nproc); load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
if [[ -n "$errors" && "$errors" != 0 ]]; then
  echo "$0: $errors answers were not 2xx: the numbers above do not measure analysis" >&2
  exit 1
fi
