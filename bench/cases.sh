#!/bin/sh
# bench/cases.sh — `make bench`, part 2: case creation (POST /api/v1/cases) with durable commit
# under many concurrent clients, against a plain C loop of single-row synchronous=FULL SQLite
# transactions (bench/commit_loop.c) on the same disk, in the same run. Target: ratio >= 0.5.
#
# Both write into one temp dir (so one disk and one file system). They alternate in rounds and
# the median of the per-round ratios is reported. After the last round the database must hold
# at least as many cases as wrk counted 201 answers (requests still in flight when a run ends
# may be stored without being counted): every answered case was stored.
#
# Settings (environment):
#   BENCH_CASE_SECONDS=5       length of each measured run (1..120)
#   BENCH_CASE_ROUNDS=3        alternating rounds (1..9)
#   BENCH_CASE_CONNECTIONS=16  concurrent clients (wrk -c)
#   BENCH_CASE_THREADS=2       wrk -t
#   BENCH_CASE_TARGET=0.5      ratio to reach
#   BENCH_CASE_USER=staff-610929100   who takes the cases (a window at 城关镇便民服务中心)
#   BENCH_CASE_ITEM=610929-GF-0001    the item applied for
#   BENCH_KEEP_TMP=0           1: keep the temp dir
#   BIANMIN=build/bianmin
# Exit: 0 measured, 1 setup failure, 2 bianmin answered errors or lost a case.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

BIN=${BIANMIN:-build/bianmin}
LOOP=build/bench-commit-loop
DURATION=${BENCH_CASE_SECONDS:-5}
ROUNDS=${BENCH_CASE_ROUNDS:-3}
CONNS=${BENCH_CASE_CONNECTIONS:-16}
THREADS=${BENCH_CASE_THREADS:-2}
TARGET=${BENCH_CASE_TARGET:-0.5}
USER_NAME=${BENCH_CASE_USER:-staff-610929100}
ITEM=${BENCH_CASE_ITEM:-610929-GF-0001}
int BENCH_CASE_SECONDS "$DURATION" 1 120
int BENCH_CASE_ROUNDS "$ROUNDS" 1 9
int BENCH_CASE_CONNECTIONS "$CONNS" 1 1000
int BENCH_CASE_THREADS "$THREADS" 1 64
[ "$CONNS" -ge "$THREADS" ] || die "BENCH_CASE_CONNECTIONS should be at least BENCH_CASE_THREADS"
case $TARGET in '' | *[!0-9.]* | *.*.*) die "BENCH_CASE_TARGET should be a number like 0.5" ;; esac

WRK=$(find_tool wrk /usr/bin/wrk)
CURL=$(find_tool curl /usr/bin/curl)
SQLITE=$(find_tool sqlite3 /usr/bin/sqlite3)
[ -n "$WRK" ] && [ -n "$CURL" ] && [ -n "$SQLITE" ] ||
	die "needs wrk, curl and sqlite3 ('make deps', or apt-get install wrk curl sqlite3)"
[ -x "$BIN" ] || die "$BIN not found; run 'make build/bianmin' first"
[ -x "$LOOP" ] || die "$LOOP not found; run 'make $LOOP' first"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bianmin-bench-cases.XXXXXX") || die "cannot create a temp dir"
BIANMIN_PID=""
cleanup() {
	status=$?
	trap - EXIT INT TERM
	stop "$BIANMIN_PID" TERM
	if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then echo "bench: kept $TMP" >&2; else rm -rf "$TMP"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(free_port)
BM="http://127.0.0.1:$PORT"
"$BIN" demo --db "$TMP/cases.db" --listen "127.0.0.1:$PORT" >"$TMP/bianmin.out" 2>"$TMP/bianmin.err" &
BIANMIN_PID=$!
wait_http "$BM/healthz" "$BIANMIN_PID" "bianmin"

"$CURL" -sf --max-time 10 -o "$TMP/login.json" -c "$TMP/cookies" -H 'Content-Type: application/json' \
	-d "{\"username\":\"$USER_NAME\",\"password\":\"bianmin-demo\"}" "$BM/api/v1/session" ||
	die "login as $USER_NAME failed"
TOKEN=$(awk '$6 == "bm_session" { print $7 }' "$TMP/cookies")
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/login.json")
[ -n "$TOKEN" ] && [ -n "$CSRF" ] || die "login gave no session cookie or CSRF token"

# 王建国, a valid ID number of a Baihe resident (check digit included).
BODY="{\"item_code\":\"$ITEM\",\"channel\":\"window\",\"applicant\":{\"name\":\"王建国\",\"id_number\":\"610929198503150011\",\"phone\":\"13991520000\"},\"materials_received\":[]}"
code=$("$CURL" -s --max-time 5 -o "$TMP/probe.json" -w '%{http_code}' -b "bm_session=$TOKEN" \
	-H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d "$BODY" "$BM/api/v1/cases")
[ "$code" = 201 ] || die "POST /api/v1/cases answered $code: $(head -c 300 "$TMP/probe.json")"

cat >"$TMP/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$CSRF"
wrk.headers["Cookie"] = "bm_session=$TOKEN"
LUA

echo "bench: case creation, POST /api/v1/cases as $USER_NAME, wrk -t$THREADS -c$CONNS -d${DURATION}s," \
	"$ROUNDS round(s); baseline: $LOOP (WAL, synchronous=FULL, one row per transaction)," \
	"same temp dir; $(getconf _NPROCESSORS_ONLN) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$TMP/rounds"
answered=1 # the probe
r=1
while [ "$r" -le "$ROUNDS" ]; do
	loop_rate=$("$LOOP" "$TMP/baseline.db" "$DURATION" | awk '{ print $6 }')
	before=$(cpu_ticks "$BIANMIN_PID")
	"$WRK" -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$TMP/post.lua" \
		"$BM/api/v1/cases" >"$TMP/wrk$r.txt" 2>&1 || die "wrk failed: $(tail -n 3 "$TMP/wrk$r.txt")"
	echo "cpu_ticks $(($(cpu_ticks "$BIANMIN_PID") - before))" >>"$TMP/wrk$r.txt"
	set -- $(parse "$TMP/wrk$r.txt")
	rate=$1 p50=$3 p99=$4 requests=$5 non2xx=$6 cpu=$8
	[ "$non2xx" -eq 0 ] || die "bianmin answered $non2xx non-2xx responses in round $r"
	answered=$((answered + requests))
	ratio=$(awk -v b="$rate" -v l="$loop_rate" 'BEGIN { printf "%.3f", b / l }')
	echo "$ratio $rate $loop_rate $p50 $p99 $cpu" >>"$TMP/rounds"
	printf 'round %d: cases %7.0f/s (p50 %s ms, p99 %s ms, %s us CPU/case)   commit loop %7.0f/s   ratio %s\n' \
		"$r" "$rate" "$p50" "$p99" "$cpu" "$loop_rate" "$ratio"
	r=$((r + 1))
done

# wrk counts the requests it completed; every one was a 201, so each must be a stored case.
stored=$("$SQLITE" "$TMP/cases.db" "SELECT count(*) FROM cases")
if [ "$stored" -lt "$answered" ]; then
	echo "FAIL: $answered cases answered 201 but $stored stored" >&2
	exit 2
fi
RATIO=$(awk '{ print $1 }' "$TMP/rounds" | median)
echo "every answered case is stored ($answered answered, $stored stored)"
echo "ratio case creation / commit loop: $RATIO (median; target >= $TARGET)"
if awk -v q="$RATIO" -v t="$TARGET" 'BEGIN { exit !(q >= t) }'; then
	echo "PASS: ratio $RATIO >= $TARGET"
else
	echo "BELOW TARGET: ratio $RATIO < $TARGET"
fi
