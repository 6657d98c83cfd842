#!/usr/bin/env bash
# memscan serve vs one-shot commands: N small `read` requests (4 bytes, -t i32) through one
# `memscan serve` against N one-shot `memscan read` processes, on the same target.
#
#   src/bench/serve_bench.sh      (after make build; make bench can call it last)
#
# Env: SERVE_BENCH_N=1000 (requests), SERVE_BENCH_ONESHOT_N=$SERVE_BENCH_N (one-shot runs:
#      fewer on a busy machine, the per-request time is what is compared),
#      MEMSCAN=target/image/bin/memscan
# Prints the time per request of each and the ratio. The target is a `sleep` it starts and
# kills on exit; serve is fed all requests at once and stops at the end of its stdin.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MEMSCAN=${MEMSCAN:-$ROOT/target/image/bin/memscan}
N=${SERVE_BENCH_N:-1000}
ONESHOT_N=${SERVE_BENCH_ONESHOT_N:-$N}
[ -x "$MEMSCAN" ] || { echo "serve_bench: no $MEMSCAN: run make build first" >&2; exit 1; }

sleep 3600 & target=$!
work=$(mktemp -d)
trap 'kill $target 2>/dev/null; rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state"
sleep 0.2
# the first word of the target's stack: always mapped, always readable
addr=$("$MEMSCAN" regions -p "$target" --json 2>/dev/null | sed -n 's/.*"start":"\(0x[0-9a-f]*\)".*"path":"\[stack\]".*/\1/p')
[ -n "$addr" ] || { echo "serve_bench: no [stack] in the target's regions" >&2; exit 1; }

now() { date +%s%N; }

start=$(now)
for _ in $(seq "$ONESHOT_N"); do
    "$MEMSCAN" read -p "$target" -t i32 "$addr" > /dev/null
done
oneshot_ns=$(( ($(now) - start) / ONESHOT_N ))

awk -v n="$N" -v pid="$target" -v a="$addr" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"read\",\"params\":{\"pid\":%s,\"type\":\"i32\",\"args\":[\"%s\"]}}\n", i, pid, a }' \
    > "$work/requests"
start=$(now)
"$MEMSCAN" serve < "$work/requests" > "$work/responses"
serve_ns=$(( ($(now) - start) / N ))
ok=$(grep -c '"result":{"exit":0' "$work/responses" || true)
[ "$ok" = "$N" ] || { echo "serve_bench: $ok of $N serve requests succeeded" >&2; exit 1; }

awk -v o="$oneshot_ns" -v s="$serve_ns" -v on="$ONESHOT_N" -v n="$N" 'BEGIN {
    printf "%-46s %10s\n", "small read (4 bytes), time per request", "ms"
    printf "%-46s %10.3f\n", "one-shot memscan read (" on " processes)", o / 1e6
    printf "%-46s %10.3f\n", "memscan serve (" n " requests, start included)", s / 1e6
    printf "%-46s %10.1f\n", "ratio", o / s }'
