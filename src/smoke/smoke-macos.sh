#!/usr/bin/env bash
# memscan's first-run check on macOS, in one command, from the repository root:
#
#     sudo src/smoke/smoke-macos.sh
#
# Builds memscan (mvn), starts the bundled DemoTarget game (a JVM we built
# ourselves, so no hardened runtime: task_for_pid works as root), and walks
# regions -> search -> refine -> write -> read back, a forced write to code, and
# a target that exits mid-run. Each step prints one line; the whole output must
# equal src/smoke/smoke-macos.expected (the script compares and exits 1 if not).
# Needs: JDK 17+, Maven, root (sudo). Takes about a minute.
set -u
cd "$(dirname "$0")/../.."
expected=src/smoke/smoke-macos.expected
out=$(mktemp "${TMPDIR:-/tmp}/memscan-smoke.XXXXXX")
trap 'rm -f "$out"; [ -n "${TARGET_PID:-}" ] && kill "$TARGET_PID" 2>/dev/null' EXIT

say() { echo "$*" | tee -a "$out"; }
check() { # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then say "PASS $name"; else say "FAIL $name"; fi
}

mvn -q -DskipTests package > /dev/null || { echo "FAIL build (mvn)"; exit 1; }
say "PASS build"
memscan() { java -jar target/memscan.jar "$@"; }
gold_now() { echo "gold" >&"${T[1]}"; read -r reply <&"${T[0]}"; echo "${reply#ok }"; }

# The game keeps 48271 gold in a malloc'd struct and never says where.
coproc T { exec java -Xmx16m -XX:+UseSerialGC -cp target/memscan.jar dev.memscan.target.DemoTarget --game --gold 48271; }
read -r ready pid <&"${T[0]}"
TARGET_PID=$pid
check "target started" test "$ready" = ready

regions=$(memscan regions -p "$pid" 2>/dev/null)
check "regions exit 0" test $? -eq 0
check "regions has rw-p memory" bash -c '[ "$(grep -c " rw-p " <<< "$1")" -gt 0 ]' _ "$regions"
# The dyld shared cache is walked inside its submap: its libraries' r-x text shows as many regions.
check "shared cache walked inside" bash -c '[ "$(grep -c " r-xp " <<< "$1")" -gt 5 ]' _ "$regions"

memscan search -p "$pid" -t i32 48271 --limit 0 > /dev/null 2>&1
check "search finds 48271" test $? -eq 0
echo "earn 1000" >&"${T[1]}"; read -r _ <&"${T[0]}"
found=$(memscan refine -p "$pid" eq 49271 --limit 0 2>/dev/null)
check "refine narrows to the gold" test -n "$found"
address=$(head -1 <<< "$found" | awk '{print $1}')
# The gold lives in malloc'd memory, which has no file: its REGION+OFFSET must not name the
# next library up (what proc_regionfilename would have answered).
check "malloc memory is not named after a library" bash -c 'case "$1" in *.dylib* | *.so*) false ;; esac' _ \
    "$(head -1 <<< "$found" | awk '{print $3}')"
memscan write -p "$pid" -t i32 "$address" 99999 > /dev/null 2>&1
check "write exit 0" test $? -eq 0
check "the game sees the write" test "$(gold_now)" = 99999
check "read back" test "$(memscan read -p "$pid" -t i32 "$address" 2>/dev/null | awk '{print $NF}')" = 99999

# --force on code: the first r-x region's first byte, written with the value it already has
# (read+write, again with VM_PROT_COPY, write, r-x restored), so the code stays the same.
code=$(grep " r-xp " <<< "$regions" | head -1 | cut -d- -f1)
byte=$(memscan read -p "$pid" -t u8 "$code" 2>/dev/null | awk '{print $NF}')
memscan write -p "$pid" -t u8 "$code" 7 > /dev/null 2>&1
check "plain write to code refused (exit 5)" test $? -eq 5
memscan write -p "$pid" -t u8 --force "$code" "$byte" > /dev/null 2>&1
check "forced write to code" test $? -eq 0
check "code protection restored" bash -c 'java -jar target/memscan.jar regions -p "$1" 2>/dev/null | grep -q "^$2-.* r-xp "' _ "$pid" "$code"

# A target that exits while memscan polls it: exit 3, not a memory error (5).
memscan read-into -p "$pid" "$address" 4 - --repeat 0 --interval 20ms > /dev/null 2>&1 &
poller=$!
sleep 1
echo "exit" >&"${T[1]}"
wait "$poller"
check "target exiting mid-run gives exit 3" test $? -eq 3
memscan read -p "$pid" -t i32 "$address" > /dev/null 2>&1
check "exited target gives exit 3" test $? -eq 3
TARGET_PID=

if diff -u "$expected" "$out"; then echo "smoke test passed"; else echo "smoke test FAILED (diff above)"; exit 1; fi
