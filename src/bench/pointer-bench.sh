#!/usr/bin/env bash
# memscan pointer maps on a heap full of pointers: map creation, map size, chain search on 1
# and 2 threads, comparing the maps of two runs, peak RSS.
#
#   src/bench/pointer-bench.sh        (make bench runs it after bench.sh)
#
# Env:
#   PBENCH_MIB=200        heap of the target in MiB (64-byte nodes, two pointers each)
#   PBENCH_REPS=3         repetitions of each search (medians are printed)
#   MEMSCAN=target/image/bin/memscan   PBENCH_TIMEOUT=900 (s per command)
#
# The target (pointer_target.c) holds the chain pointer_target+OFF -> +0x10 -> +0x20 -> +0x8;
# each search must find it (at --max-offset 0x400, PyMemoryEditor's published setting).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MIB=${PBENCH_MIB:-200}
REPS=${PBENCH_REPS:-3}
MEMSCAN=${MEMSCAN:-$ROOT/target/image/bin/memscan}
TMO=${PBENCH_TIMEOUT:-900}

die() { echo "pointer-bench: $*" >&2; exit 1; }
[ -x "$MEMSCAN" ] || die "memscan not built ($MEMSCAN): run make build"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"
command -v cc >/dev/null || die "a C compiler (cc) is needed for the benchmark target"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memscan-pbench.XXXXXX")
PIDS=
cleanup() {
    for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cc -O2 -Wall -o "$WORK/pointer_target" "$HERE/pointer_target.c" || die "cannot compile pointer_target.c"

# start_target SEED N: a target on a FIFO held open on fd 7+N; sets PID_N and VALUE_N
start_target() {
    mkfifo "$WORK/in$2"
    "$WORK/pointer_target" "$MIB" "$1" < "$WORK/in$2" > "$WORK/out$2" 2> "$WORK/err$2" &
    local pid=$!
    disown "$pid" # killed at the end on purpose: no "Killed" line for it
    PIDS="$PIDS $pid"
    eval "exec $((7 + $2))> \"$WORK/in$2\""
    local i=0
    until grep -q '^ready' "$WORK/out$2"; do
        kill -0 "$pid" 2>/dev/null || die "target failed: $(cat "$WORK/err$2")"
        i=$((i + 1)); [ $i -gt 6000 ] && die "target not ready"
        sleep 0.05
    done
    read -r _ _ value < "$WORK/out$2"
    eval "PID_$2=$pid VALUE_$2=$value"
}

# timed OUT ERR CMD...: runs CMD under /usr/bin/time; the last stderr line is "seconds peak_kib"
timed() {
    local out=$1 err=$2
    shift 2
    timeout -k 5 "$TMO" /usr/bin/time -f "%e %M" "$@" > "$out" 2> "$err" || die "failed: $* ($(tail -3 "$err"))"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
row() { printf '%-44s %s\n' "$1" "$2"; }

start_target 1 1
start_target 2 2
echo "pointer maps: ${MIB} MiB heap of 64-byte nodes, two pointers each; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

for n in 1 2; do
    eval "pid=\$PID_$n"
    timed "$WORK/map$n.out" "$WORK/map$n.err" "$MEMSCAN" pointers -p "$pid" --map-out "$WORK/run$n.pmap"
done
read -r map_s map_rss < <(tail -1 "$WORK/map1.err")
gbs=$(grep -o '([0-9.]* GB/s)' "$WORK/map1.err" | tr -d '(' | cut -d' ' -f1)
per=$(grep -o '[0-9.]* bytes per pointer' "$WORK/map1.err" | cut -d' ' -f1)
pointers=$(grep -o '[0-9]* pointers in' "$WORK/map1.err" | cut -d' ' -f1)
size=$(stat -c %s "$WORK/run1.pmap")
row "map creation (--map-out, whole command)" "${map_s} s, scanning $gbs GB/s, peak RSS $((map_rss / 1024)) MiB"
row "map size" "$pointers pointers, $((size / 1048576)) MiB, $per bytes per pointer"

for depth in 3 4; do
    for threads in 1 2; do
        : > "$WORK/times"
        rss=0
        for _ in $(seq "$REPS"); do
            timed "$WORK/s.out" "$WORK/s.err" "$MEMSCAN" pointers --map "$WORK/run1.pmap" "$VALUE_1" --depth "$depth" \
                --max-offset 0x400 --threads "$threads" --limit 0
            grep -q -- '-> +0x10 -> +0x20 -> +0x8$' "$WORK/s.out" || die "depth $depth: the known chain was not found"
            grep -o 'searched in [0-9.]* s' "$WORK/s.err" | cut -d' ' -f3 >> "$WORK/times"
            r=$(tail -1 "$WORK/s.err" | cut -d' ' -f2); [ "$r" -gt "$rss" ] && rss=$r
        done
        slots=$(grep -o '[0-9]* slots' "$WORK/s.err" | cut -d' ' -f1)
        row "search depth $depth, $threads thread(s)" "$(median < "$WORK/times") s ($slots slots), peak RSS $((rss / 1024)) MiB"
    done
done

timed "$WORK/c.out" "$WORK/c.err" "$MEMSCAN" pointers --maps "$WORK/run1.pmap@$VALUE_1" "$WORK/run2.pmap@$VALUE_2" \
    --depth 4 --max-offset 0x400 --limit 0
grep -q -- '-> +0x10 -> +0x20 -> +0x8$' "$WORK/c.out" || die "compare: the known chain was not kept"
read -r c_s c_rss < <(tail -1 "$WORK/c.err")
row "compare 2 maps, depth 4 (whole command)" "${c_s} s, $(grep -c . "$WORK/c.out") chain(s) kept, peak RSS $((c_rss / 1024)) MiB"
