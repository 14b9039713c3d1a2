#!/usr/bin/env bash
# User-space instructions one /v1/analyze request costs the whole daemon (all its threads),
# counted by callgrind: the host's speed, which moves wrk's numbers by a quarter between runs
# minutes apart, does not move this one. Runs COURTOISD under callgrind twice, serving N and
# then 2N requests of MESSAGE (default the bundled client_message.eml) over 4 keep-alive
# connections, and prints (count(2N) - count(N)) / N, which leaves out start-up. Builds nothing.
#   bench/service/instructions_per_request.sh build/dev/server/courtoisd [N, default 200]
# The first run of a rule set under valgrind compiles its pattern databases for the emulated
# CPU (kept in the cache folder afterwards): run twice and read the second line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=start_courtoisd.sh
source "$here/start_courtoisd.sh"
daemon="${1:?usage: $0 PATH/TO/courtoisd [N]}"
n="${2:-200}"
((n % 4 == 0)) || { echo "$0: N must be a multiple of 4 (four connections)" >&2; exit 2; }
message="${MESSAGE:-$here/client_message.eml}"
command -v valgrind >/dev/null || { echo "$0: valgrind is not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "$0: curl is not installed" >&2; exit 2; }

count() {  # prints callgrind's instruction count for a daemon that serves $1 requests
  local requests=$1 scratch per
  scratch="$(mktemp -d)"
  COURTOISD_STDERR="$scratch/valgrind.log" start_courtoisd "$scratch" valgrind --tool=callgrind \
    --trace-children=yes --callgrind-out-file="$scratch/callgrind.out" "$daemon"
  per=$((requests / 4))
  local urls=()
  for _ in $(seq 1 "$per"); do urls+=(-o /dev/null "http://127.0.0.1:$port/v1/analyze"); done
  local clients=()
  for _ in 1 2 3 4; do
    # One curl per connection: it reuses its connection for every URL it is given.
    curl -sf -H "Authorization: Bearer $token" -H "Content-Type: message/rfc822" \
      --data-binary "@$message" "${urls[@]}" &
    clients+=($!)
  done
  for client in "${clients[@]}"; do
    wait "$client" || { echo "$0: a request failed" >&2; kill "$pid"; exit 1; }
  done
  kill -TERM "$pid"
  wait "$pid" || true
  awk '/Collected/ {gsub(",", "", $4); print $4}' "$scratch/valgrind.log"
  rm -rf "$scratch"
}

small="$(count "$n")"
large="$(count $((2 * n)))"
echo "$daemon: $(((large - small) / n)) instructions per request ($((2 * n)) minus $n requests)"
