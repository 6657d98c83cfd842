#!/usr/bin/env bash
# The cost of who-writes to its target: the test target (src/test/resources/dev/memscan/cli/
# watch_target.c, "loop N") writes one global N times through acc_write(), timed inside the
# target, three ways: not watched; watched by who-writes on the global (a trap per write);
# and watched on a heap value it never touches (should cost nothing).
#
#   src/bench/who_writes_bench.sh            (needs target/classes and the Maven class path)
#
# Env: N=2000000 writes per run, REPS=3, MEMSCAN="java -cp ... dev.memscan.Main" to override.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${N:-2000000}
REPS=${REPS:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/memscan-who-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if [ -z "${MEMSCAN:-}" ]; then
    (cd "$ROOT" && mvn -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp" >/dev/null) || exit 1
    MEMSCAN="java -cp $ROOT/target/classes:$(cat "$WORK/cp") dev.memscan.Main"
fi
cc -O2 -Wall -pthread -o "$WORK/t" "$ROOT/src/test/resources/dev/memscan/cli/watch_target.c" || exit 1

# run_loop WHAT: starts the target stopped, arms memscan on WHAT (global|heap|none), lets it run
run_loop() {
    "$WORK/t" loop "$N" > "$WORK/out" & local pid=$!
    kill -STOP $pid
    if [ "$1" != none ]; then
        case $1 in
            global) local addr="watch_target+0x$(nm "$WORK/t" | awk '$3=="watched_global"{print $1}')" ;;
            heap) local addr='[heap]+0x2a0' ;;
        esac
        $MEMSCAN who-writes -p $pid "$addr" > /dev/null 2> "$WORK/err" & local ms=$!
        until grep -q watching "$WORK/err" 2>/dev/null || ! kill -0 $ms 2>/dev/null; do sleep 0.05; done
    fi
    kill -CONT $pid
    wait $pid
    [ "$1" != none ] && { kill -INT $ms 2>/dev/null; wait $ms; }
    cat "$WORK/out"
}

for what in none heap global; do
    for r in $(seq "$REPS"); do
        ns=$(run_loop $what)
        echo "$what run $r: $N writes in $((ns / 1000000)) ms ($((ns / N)) ns per write)"
    done
done
