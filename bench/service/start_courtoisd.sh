# Sourced by the service benchmarks. start_courtoisd SCRATCH COMMAND... runs COMMAND (courtoisd
# and its options, or a wrapper such as valgrind followed by them) with SCRATCH/config as its
# config folder, on a free loopback port, without local rules; its standard error goes to
# $COURTOISD_STDERR (default: ours). Waits up to 2 minutes for it to listen (rules compile at
# start), exits on failure, and sets pid, port and token.
start_courtoisd() {
  local scratch=$1
  shift
  XDG_CONFIG_HOME="$scratch/config" "$@" --port 0 --port-file "$scratch/port" --quiet \
    --no-local-rules 2>"${COURTOISD_STDERR:-/dev/stderr}" &
  pid=$!
  for _ in $(seq 1 1200); do
    [[ -s "$scratch/port" ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "$0: courtoisd exited at start" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s "$scratch/port" ]] || { echo "$0: courtoisd did not start listening" >&2; exit 1; }
  port="$(cat "$scratch/port")"
  token="$(cat "$scratch/config/courtois/token")"
}
