#!/usr/bin/env bash
# memscan vs scanmem, side by side, on the same freshly started benchmark target.
#
#   src/bench/bench.sh            (make bench runs it after building)
#
# Env:
#   BENCH_SIZES="256 1024"     target sizes in MiB (add 4096 for the large case)
#   BENCH_REPS=3               repetitions of the exact scenario (medians are printed)
#   BENCH_SNAPSHOT_REPS=1      repetitions of the snapshot scenario (scanmem needs minutes)
#   BENCH_SCANMEM=1            0 skips scanmem (memscan figures only)
#   BENCH_ANY=1                0 skips the -t any scenarios (scanmem's anynumber)
#   BENCH_SCENARIOS="exact snapshot anyexact anysnap kernels"   which scenarios run (kernels
#                              includes group and ceiling); "anyexact" alone takes about a minute
#   MEMSCAN=target/image/bin/memscan   SCANMEM=scanmem   BENCH_TIMEOUT=900 (s per command)
#
# Scenarios (1000 int32 values planted, value 1234567):
#   exact     first scan for the value; the target adds 1; refine "= value+1"
#   snapshot  unknown-value snapshot; add 1; "increased by 1"; "= value+1"
#   anyexact  -t any first scan for the value (scanmem: scan_data_type anynumber)
#   anysnap   -t any unknown; add 1; increased-by 1; = value+1 (scanmem: anynumber snapshot, + 1, =),
#             and the unknown step's files on disk (disk=MiB)
#   kernels   memscan only: i32 / i64 / f32 / between first scans (--stats GB/s)
#   group     memscan only: a group of three (i32 VALUE, f32 2.7 at +8, i16 4321 at +12, planted
#             beside every value) against the single i32 exact scan on the same target
#   ceiling   what the machine allows, measured on the same target: copy_ceiling.c
#             (process_vm_readv of every rw-p mapping, 1 MiB chunks, no compare, 1 and
#             2 threads) and the start-up floor of a one-shot command (read 16 bytes)
# Every process it starts is killed on exit; each command runs under `timeout`.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=${BENCH_SIZES:-256 1024}
REPS=${BENCH_REPS:-3}
SNAP_REPS=${BENCH_SNAPSHOT_REPS:-1}
WITH_SCANMEM=${BENCH_SCANMEM:-1}
WITH_ANY=${BENCH_ANY:-1}
SCENARIOS=" ${BENCH_SCENARIOS:-exact snapshot anyexact anysnap kernels} "
want() { case "$SCENARIOS" in *" $1 "*) return 0 ;; esac; return 1; }
MEMSCAN=${MEMSCAN:-$ROOT/target/image/bin/memscan}
SCANMEM=${SCANMEM:-scanmem}
TMO=${BENCH_TIMEOUT:-900}
VALUE=1234567
COUNT=1000

die() { echo "bench: $*" >&2; exit 1; }
need_pkg() { # need_pkg COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || die "$1 is missing: apt-get install $2"
    echo "bench: installing $2 from Debian's packages" >&2
    (apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; }) \
        || die "could not install $2"
}
[ -x "$MEMSCAN" ] || die "memscan not built ($MEMSCAN): run make build"
need_pkg /usr/bin/time time
[ "$WITH_SCANMEM" = 1 ] && need_pkg "$SCANMEM" scanmem
command -v cc >/dev/null || die "a C compiler (cc) is needed for the benchmark target"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memscan-bench.XXXXXX")
TARGET_PID=
cleanup() {
    [ -n "$TARGET_PID" ] && kill -9 "$TARGET_PID" 2>/dev/null
    exec 9>&- 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cc -O2 -Wall -o "$WORK/bench_target" "$HERE/bench_target.c" || die "cannot compile bench_target.c"
cc -O2 -Wall -pthread -o "$WORK/copy_ceiling" "$HERE/copy_ceiling.c" || die "cannot compile copy_ceiling.c"

# start_target SIZE: target on a FIFO held open on fd 9; sets TARGET_PID
start_target() {
    rm -f "$WORK/in" "$WORK/out"; mkfifo "$WORK/in"; : > "$WORK/out"
    "$WORK/bench_target" "$1" "$VALUE" "$COUNT" < "$WORK/in" > "$WORK/out" 2>"$WORK/target.err" &
    TARGET_PID=$!
    exec 9> "$WORK/in"
    local i=0
    until grep -q '^ready' "$WORK/out"; do
        kill -0 "$TARGET_PID" 2>/dev/null || die "target failed: $(cat "$WORK/target.err")"
        i=$((i + 1)); [ $i -gt 6000 ] && die "target not ready"
        sleep 0.05
    done
    cat > "$WORK/send.sh" <<SEND
#!/bin/sh
n=\$(grep -c '^ok' "$WORK/out")
echo "\$*" > "$WORK/in"
while [ "\$(grep -c '^ok' "$WORK/out")" -le "\$n" ]; do sleep 0.005; done
SEND
    printf '#!/bin/sh\necho "$1 $(date +%%s%%N)" >> "%s/marks"\n' "$WORK" > "$WORK/mark.sh"
    : > "$WORK/marks"
}
stop_target() { echo quit >&9; exec 9>&-; wait "$TARGET_PID" 2>/dev/null; TARGET_PID=; }
mark_delta() { awk -v a="$1" -v b="$2" '$1==a{x=$2} $1==b{y=$2} END{printf "%.3f", (y-x)/1e9}' "$WORK/marks"; }
rss_mib() { awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$1"; }
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.3f", s}' "$1"; }

# memscan_step NAME ARGS...: one one-shot command; sets T_NAME, R_NAME, N_NAME
memscan_step() {
    local name=$1; shift
    # --limit 20 (the terminal's default): into /dev/null memscan would print every match,
    # and the figures are about the scan, not about formatting thousands of lines
    XDG_STATE_HOME=$WORK/state timeout -k 5 "$TMO" /usr/bin/time -v -o "$WORK/time" \
        "$MEMSCAN" "$@" -p "$TARGET_PID" --stats --limit 20 > /dev/null 2> "$WORK/err.$name"
    local rc=$?
    [ $rc -le 1 ] || echo "bench: memscan $* failed (rc=$rc): $(head -c 300 "$WORK/err.$name")" >&2
    eval "T_$name=$(wall_s "$WORK/time") R_$name=$(rss_mib "$WORK/time")"
    eval "N_$name=$(grep -oE '^[0-9]+ match' "$WORK/err.$name" | head -1 | tr -dc 0-9)"
    eval "G_$name=$(grep -oE '[0-9.]+ GB/s' "$WORK/err.$name" | head -1 | tr -dc 0-9.)"
    # the step itself, as --stats reports it (no JVM start, no saving)
    eval "S_$name=$(grep -oE '[0-9.]+ s, [0-9.]+ GB/s' "$WORK/err.$name" | head -1 | cut -d' ' -f1)"
}

# scanmem_run COMMANDS: one scanmem session; sets SM_TIME SM_RSS SM_MATCHES
scanmem_run() {
    timeout -k 5 "$TMO" /usr/bin/time -v -o "$WORK/smtime" \
        "$SCANMEM" -c "$1" "$TARGET_PID" < /dev/null > "$WORK/sm.out" 2> "$WORK/sm.err"
    SM_RSS=$(rss_mib "$WORK/smtime")
    SM_MATCHES=$(grep -oE 'we currently have [0-9]+ matches' "$WORK/sm.err" | awk '{print $4}' | tr '\n' ' ')
}

RESULTS=$WORK/results
: > "$RESULTS"
row() { echo "$*" >> "$RESULTS"; }

for size in $SIZES; do
    for rep in $(seq "$(want exact && echo "$REPS" || echo 0)"); do
        start_target "$size"
        memscan_step first search -t i32 eq $VALUE
        sh "$WORK/send.sh" add 1
        memscan_step refine refine eq $((VALUE + 1))
        row "memscan exact $size first=$T_first refine=$T_refine first_scan=$S_first refine_scan=$S_refine rss=$(( R_first > R_refine ? R_first : R_refine )) matches=$N_first/$N_refine gbs=$G_first"
        stop_target
        if [ "$WITH_SCANMEM" = 1 ]; then
            start_target "$size"
            M="shell sh $WORK/mark.sh"
            scanmem_run "option scan_data_type int32;$M t0;$VALUE;$M t1;shell sh $WORK/send.sh add 1;$M t2;= $((VALUE + 1));$M t3;exit"
            row "scanmem exact $size first=$(mark_delta t0 t1) refine=$(mark_delta t2 t3) rss=$SM_RSS matches=${SM_MATCHES// //}"
            stop_target
        fi
    done
    for rep in $(seq "$(want snapshot && echo "$SNAP_REPS" || echo 0)"); do
        start_target "$size"
        memscan_step snap search -t i32 unknown
        sh "$WORK/send.sh" add 1
        memscan_step inc refine increased-by 1
        memscan_step confirm refine eq $((VALUE + 1))
        total=$(awk -v a="$T_snap" -v b="$T_inc" -v c="$T_confirm" 'BEGIN{printf "%.3f", a+b+c}')
        rss=$(printf '%s\n' "$R_snap" "$R_inc" "$R_confirm" | sort -n | tail -1)
        row "memscan snapshot $size first=$T_snap refine=$T_inc confirm=$T_confirm total=$total steps_scan=$S_snap/$S_inc/$S_confirm rss=$rss matches=$N_snap/$N_inc/$N_confirm"
        stop_target
        if [ "$WITH_SCANMEM" = 1 ]; then
            start_target "$size"
            M="shell sh $WORK/mark.sh"
            scanmem_run "option scan_data_type int32;$M t0;snapshot;$M t1;shell sh $WORK/send.sh add 1;$M t2;+ 1;$M t3;= $((VALUE + 1));$M t4;exit"
            row "scanmem snapshot $size first=$(mark_delta t0 t1) refine=$(mark_delta t2 t3) confirm=$(mark_delta t3 t4) total=$(mark_delta t0 t4) rss=$SM_RSS matches=${SM_MATCHES// //}"
            stop_target
        fi
    done
    for rep in $(seq "$([ "$WITH_ANY" = 1 ] && echo "$REPS" || echo 0)"); do
        M="shell sh $WORK/mark.sh"
        if want anyexact; then
            start_target "$size"
            memscan_step anyfirst search -t any eq $VALUE
            row "memscan anyexact $size first=$T_anyfirst first_scan=$S_anyfirst rss=$R_anyfirst matches=$N_anyfirst"
            stop_target
            if [ "$WITH_SCANMEM" = 1 ]; then
                start_target "$size"
                scanmem_run "option scan_data_type anynumber;$M t0;$VALUE;$M t1;exit"
                row "scanmem anyexact $size first=$(mark_delta t0 t1) rss=$SM_RSS matches=${SM_MATCHES// //}"
                stop_target
            fi
        fi
        if want anysnap; then
            start_target "$size"
            memscan_step anysnap search -t any unknown
            disk=$(du -sm "$WORK/state" | cut -f1)
            sh "$WORK/send.sh" add 1
            memscan_step anyinc refine increased-by 1
            memscan_step anyeq refine eq $((VALUE + 1))
            total=$(awk -v a="$T_anysnap" -v b="$T_anyinc" -v c="$T_anyeq" 'BEGIN{printf "%.3f", a+b+c}')
            rss=$(printf '%s\n' "$R_anysnap" "$R_anyinc" "$R_anyeq" | sort -n | tail -1)
            row "memscan anysnap $size first=$T_anysnap refine=$T_anyinc confirm=$T_anyeq total=$total steps_scan=$S_anysnap/$S_anyinc/$S_anyeq rss=$rss disk=$disk matches=$N_anysnap/$N_anyinc/$N_anyeq"
            stop_target
            if [ "$WITH_SCANMEM" = 1 ]; then
                start_target "$size"
                scanmem_run "option scan_data_type anynumber;$M t0;snapshot;$M t1;shell sh $WORK/send.sh add 1;$M t2;+ 1;$M t3;= $((VALUE + 1));$M t4;exit"
                row "scanmem anysnap $size first=$(mark_delta t0 t1) refine=$(mark_delta t2 t3) confirm=$(mark_delta t3 t4) total=$(awk -v a="$(mark_delta t0 t1)" -v b="$(mark_delta t2 t4)" 'BEGIN{printf "%.3f", a+b}') rss=$SM_RSS matches=${SM_MATCHES// //}"
                stop_target
            fi
        fi
    done
    want kernels || continue
    start_target "$size"
    memscan_step i32 search -t i32 eq $VALUE
    memscan_step i64 search -t i64 eq 5
    memscan_step f32 search -t f32 eq 1.5
    memscan_step btw search -t i32 between 1000 1100
    row "memscan kernels $size i32=$T_i32 i64=$T_i64 f32=$T_f32 between=$T_btw gbs=$G_i32/$G_i64/$G_f32/$G_btw"
    memscan_step grp search -t group "i32 $VALUE, f32 2.7, i16 4321" --within 16
    memscan_step i32b search -t i32 eq $VALUE
    row "memscan group $size i32=$T_i32b group=$T_grp i32_scan=$S_i32b group_scan=$S_grp matches=$N_i32b/$N_grp"
    c1=$(timeout -k 5 "$TMO" "$WORK/copy_ceiling" "$TARGET_PID" 1 5 | grep -o 'median_gbs=[0-9.]*' | cut -d= -f2)
    c2=$(timeout -k 5 "$TMO" "$WORK/copy_ceiling" "$TARGET_PID" 2 5 | grep -o 'median_gbs=[0-9.]*' | cut -d= -f2)
    addr=0x$(awk '$2 == "rw-p" {split($1, r, "-"); print r[1]; exit}' "/proc/$TARGET_PID/maps")
    floors=
    for rep in 1 2 3 4 5; do
        timeout -k 5 "$TMO" /usr/bin/time -v -o "$WORK/time" "$MEMSCAN" read -p "$TARGET_PID" "$addr" 16 > /dev/null 2>&1
        floors="$floors $(wall_s "$WORK/time")"
    done
    floor=$(printf '%s\n' $floors | sort -n | sed -n 3p)
    row "memscan ceiling $size copy1=$c1 copy2=$c2 startup=$floor"
    stop_target
done

echo "# raw results"
cat "$RESULTS"
echo
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    p = line.split()
    tool, scen, size = p[0], p[1], int(p[2])
    kv = dict(x.split("=", 1) for x in p[3:])
    rows.setdefault((scen, size, tool), []).append(kv)
def med(scen, size, tool, key):
    vals = []
    for kv in rows.get((scen, size, tool), []):
        try: vals.append(float(kv[key]))
        except (KeyError, ValueError): pass
    return statistics.median(vals) if vals else None
def f(x, unit=""): return "-" if x is None else f"{x:.3f}{unit}" if unit == "s" else f"{x:.0f}{unit}"
def ratio(a, b): return "-" if a is None or b is None or b == 0 else f"{a / b:.1f}x"
sizes = sorted({k[1] for k in rows})
print("| scenario | size | scanmem | memscan | speed-up | scanmem RSS | memscan RSS | memscan matches |")
print("|---|---|---|---|---|---|---|---|")
for size in sizes:
    for scen, key, label in [("exact", "first", "exact int32 first scan"), ("exact", "refine", "refine after add 1"),
                             ("snapshot", "total", "unknown + increased-by 1 + eq")]:
        s, m = med(scen, size, "scanmem", key), med(scen, size, "memscan", key)
        sr, mr = med(scen, size, "scanmem", "rss"), med(scen, size, "memscan", "rss")
        matches = ",".join(sorted({kv.get("matches", "?") for kv in rows.get((scen, size, "memscan"), [])}))
        print(f"| {label} | {size} MiB | {f(s,'s')} | {f(m,'s')} | {ratio(s, m)} | {f(sr,' MiB')} | {f(mr,' MiB')} | {matches} |")
    fs, rs = med("exact", size, "memscan", "first_scan"), med("exact", size, "memscan", "refine_scan")
    print(f"| memscan's steps alone (--stats: no JVM start, no saving) | {size} MiB | | first scan {f(fs,'s')}, refine {f(rs,'s')} | | | | |")
    for scen, key, label in [("anyexact", "first", "-t any / anynumber exact first scan"),
                             ("anysnap", "total", "-t any unknown + increased-by 1 + eq (anynumber snapshot + 1 =)")]:
        s, m = med(scen, size, "scanmem", key), med(scen, size, "memscan", key)
        sr, mr = med(scen, size, "scanmem", "rss"), med(scen, size, "memscan", "rss")
        matches = ",".join(sorted({kv.get("matches", "?") for kv in rows.get((scen, size, "memscan"), [])}))
        if s is not None or m is not None:
            print(f"| {label} | {size} MiB | {f(s,'s')} | {f(m,'s')} | {ratio(s, m)} | {f(sr,' MiB')} | {f(mr,' MiB')} | {matches} |")
    d = med("anysnap", size, "memscan", "disk")
    if d is not None:
        print(f"| -t any unknown step on disk | {size} MiB | | {d:.0f} MiB ({d / size:.2f} bytes per scanned byte) | | | | |")
print()
print("| memscan first scan (one-shot, wall) | size | i32 eq | i64 eq | f32 eq (rounded) | i32 between | scan GB/s (i32/i64/f32/between) |")
print("|---|---|---|---|---|---|---|")
for size in sizes:
    for kv in rows.get(("kernels", size, "memscan"), []):
        print(f"| | {size} MiB | {kv['i32']} s | {kv['i64']} s | {kv['f32']} s | {kv['between']} s | {kv['gbs']} |")
print()
print("| memscan group scan of three (one-shot, wall) | size | i32 eq alone | group i32, f32, i16 --within 16 | ratio | steps alone (--stats): i32 / group | matches i32/group |")
print("|---|---|---|---|---|---|---|")
for size in sizes:
    for kv in rows.get(("group", size, "memscan"), []):
        a, g = float(kv["i32"] or 0), float(kv["group"] or 0)
        print(f"| | {size} MiB | {a:.3f} s | {g:.3f} s | {ratio(g, a)} | {kv['i32_scan']} s / {kv['group_scan']} s | {kv['matches']} |")
print()
print("| what this machine allows (same targets) | size | copy only, C, 1 / 2 threads | memscan exact scan (--stats, median) | share of the 2-thread copy | one-shot start-up (read 16 B) | floor of a one-shot search: start-up + copy | memscan search, whole |")
print("|---|---|---|---|---|---|---|---|")
for size in sizes:
    for kv in rows.get(("ceiling", size, "memscan"), []):
        c1, c2, up = float(kv["copy1"] or 0), float(kv["copy2"] or 0), float(kv["startup"] or 0)
        gb = size * 1048576 / 1e9
        fs, whole = med("exact", size, "memscan", "first_scan"), med("exact", size, "memscan", "first")
        scan = "-" if fs is None else f"{gb / fs:.2f} GB/s"
        share = "-" if fs is None or c2 == 0 else f"{gb / fs / c2:.0%}"
        floor = "-" if c2 == 0 else f"{up + gb / c2:.3f} s"
        print(f"| | {size} MiB | {c1:.2f} / {c2:.2f} GB/s | {scan} | {share} | {up:.3f} s | {floor} | {f(whole, 's')} |")
PY
