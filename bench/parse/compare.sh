#!/usr/bin/env bash
# Parsing speed side by side: Courtois' Message::from_raw (bench/parse/parse_bench) and Node's
# mailparser (bench/mailparser/run.js), on the same messages, split into text mail and mail
# with attachments. Prints both parsers' messages/s on one and two cores and the ratios.
# Usage: bench/parse/compare.sh [INPUT] [MIN_SECONDS]
#   INPUT: a mailbox or folder (default: the SpamAssassin corpus of scripts/fetch-corpora).
# Environment: BUILD_DIR (default build/release; configured and built if parse_bench is absent).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
input="${1:-$root/build/corpora/spam-assassin/package/data}"
min_seconds="${2:-3}"
build="${BUILD_DIR:-$root/build/release}"

if [[ ! -e "$input" ]]; then
  [[ $# -eq 0 ]] && "$root/scripts/fetch-corpora" "$root/build/corpora"
  [[ -e "$input" ]] || { echo "compare.sh: no input $input" >&2; exit 1; }
fi
if [[ ! -x "$build/bench/parse/parse_bench" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOURTOIS_TESTS=OFF -DCOURTOIS_BENCH=ON >/dev/null
  cmake --build "$build" -j2 --target parse_bench
fi
if [[ ! -d "$root/bench/mailparser/node_modules/mailparser" ]]; then
  (cd "$root/bench/mailparser" && npm install --no-audit --no-fund --silent)
fi

sets="$(mktemp -d)"
trap 'rm -rf "$sets"' EXIT
"$build/bench/parse/parse_bench" --split "$input" "$sets"

echo "== courtois (C++, Message::from_raw)"
"$build/bench/parse/parse_bench" --min-seconds "$min_seconds" "$sets/text" "$sets/attachments" | tee "$sets/cpp.jsonl"
echo "== mailparser $(node -p "require('$root/bench/mailparser/node_modules/mailparser/package.json').version") (Node $(node --version), simpleParser)"
node "$root/bench/mailparser/run.js" --min-seconds "$min_seconds" "$sets/text" "$sets/attachments" | tee "$sets/node.jsonl"

echo "== ratio courtois / mailparser (messages/s)"
node -e '
const fs = require("fs");
const read = (f) => fs.readFileSync(f, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const cpp = read(process.argv[1]), js = read(process.argv[2]);
for (const c of cpp) {
  const j = js.find((x) => x.set === c.set && x.workers === c.threads);
  if (!j) continue;
  console.log(`${c.set.padEnd(12)} ${c.threads} core(s): courtois ${c.msgs_per_s.toFixed(0).padStart(7)} msg/s, ` +
              `mailparser ${j.msgs_per_s.toFixed(0).padStart(6)} msg/s, ratio ${(c.msgs_per_s / j.msgs_per_s).toFixed(1)}x`);
}' "$sets/cpp.jsonl" "$sets/node.jsonl"
