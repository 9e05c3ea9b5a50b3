#!/bin/sh
# bench/run.sh — `make bench`: bianmin's authenticated JSON read path against an nginx baseline.
#
# Both servers run on loopback in the same run, under the same wrk settings, alternating in
# rounds; the figure that matters is the ratio bianmin / nginx (target >= 0.5), because the
# machine is small, shared and noisy and absolute rates mean little. See bench/README.md.
#
# Settings (environment):
#   BENCH_SECONDS=10      length of each measured wrk run (1..120)
#   BENCH_ROUNDS=3        alternating rounds; the median is reported (1..9)
#   BENCH_WARMUP=2        warm-up seconds per server before round 1 (0..30)
#   BENCH_THREADS=2       wrk -t
#   BENCH_CONNECTIONS=64  wrk -c
#   BENCH_TARGET=0.5      ratio to reach
#   BENCH_ORG=610929100   org code requested (a town of the demo county)
#   BENCH_BIANMIN_THREADS server --threads (empty: the server's default)
#   BENCH_NGINX_WORKERS   nginx worker_processes (default: as many as bianmin has threads)
#   BENCH_STRICT=0        1: exit 3 when the ratio is below target (default: report only)
#   BENCH_SEARCH_SECONDS=3 length of each catalogue-search wrk run (1..60)
#   BENCH_KEEP_TMP=0      1: keep the temp dir (wrk outputs, logs) for inspection
#   BIANMIN=build/bianmin the binary to measure
# Exit: 0 measured (PASS or BELOW TARGET), 1 setup failure, 2 bianmin answered errors, 3 strict.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

BIN=${BIANMIN:-build/bianmin}
DURATION=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-2}
WRK_THREADS=${BENCH_THREADS:-2}
WRK_CONNS=${BENCH_CONNECTIONS:-64}
TARGET=${BENCH_TARGET:-0.5}
ORG=${BENCH_ORG:-610929100}
SERVER_THREADS=${BENCH_BIANMIN_THREADS:-}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-}
STRICT=${BENCH_STRICT:-0}

int BENCH_SECONDS "$DURATION" 1 120
int BENCH_ROUNDS "$ROUNDS" 1 9
int BENCH_WARMUP "$WARMUP" 0 30
int BENCH_THREADS "$WRK_THREADS" 1 64
int BENCH_CONNECTIONS "$WRK_CONNS" 1 1000
[ "$WRK_CONNS" -ge "$WRK_THREADS" ] || die "BENCH_CONNECTIONS should be at least BENCH_THREADS"
[ -z "$SERVER_THREADS" ] || int BENCH_BIANMIN_THREADS "$SERVER_THREADS" 1 256
case $NGINX_WORKERS in '' | auto) ;; *) int BENCH_NGINX_WORKERS "$NGINX_WORKERS" 1 256 ;; esac
case $ORG in '' | *[!0-9]*) die "BENCH_ORG should be an org code (digits)" ;; esac
case $TARGET in '' | *[!0-9.]* | *.*.*) die "BENCH_TARGET should be a number like 0.5" ;; esac

# --- tools -----------------------------------------------------------------------------------

WRK=$(find_tool wrk /usr/bin/wrk)
NGINX=$(find_tool nginx /usr/sbin/nginx)
CURL=$(find_tool curl /usr/bin/curl)
missing=""
[ -n "$WRK" ] || missing="$missing wrk"
[ -n "$NGINX" ] || missing="$missing nginx"
[ -n "$CURL" ] || missing="$missing curl"
if [ -n "$missing" ]; then
	echo "bench: missing:$missing" >&2
	echo "bench: install them with 'make deps' (tools/install-deps.sh), or on Debian:" >&2
	echo "bench:   sudo apt-get install -y wrk nginx curl" >&2
	exit 1
fi
[ -x "$BIN" ] || die "$BIN not found or not executable; run 'make build/bianmin' first"
RUN_WITH_TIMEOUT=""
command -v timeout >/dev/null 2>&1 && RUN_WITH_TIMEOUT=timeout

# --- temp dir and cleanup --------------------------------------------------------------------

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bianmin-bench.XXXXXX") || die "cannot create a temp dir"
BIANMIN_PID=""
NGINX_PID=""
WRK_PID=""

cleanup() {
	status=$?
	trap - EXIT INT TERM
	stop "$WRK_PID" TERM
	stop "$BIANMIN_PID" TERM
	stop "$NGINX_PID" QUIT # graceful: the master takes its workers down
	if { [ "$status" -eq 1 ] || [ "$status" -eq 2 ]; } && [ "${BENCH_KEEP_TMP:-0}" != 1 ]; then
		for f in bianmin.err nginx-error.log; do
			[ -s "$TMP/$f" ] && { echo "--- last lines of $f:"; tail -n 5 "$TMP/$f"; } >&2
		done
	fi
	if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- bianmin ---------------------------------------------------------------------------------

BM_PORT=$(free_port)
BM="http://127.0.0.1:$BM_PORT"
set -- demo --db "$TMP/bench.db" --listen "127.0.0.1:$BM_PORT"
[ -z "$SERVER_THREADS" ] || set -- "$@" --threads "$SERVER_THREADS"
# The request log goes to a file, as it would to a journal in production.
"$BIN" "$@" >"$TMP/bianmin.out" 2>"$TMP/bianmin.err" &
BIANMIN_PID=$!
wait_http "$BM/healthz" "$BIANMIN_PID" "bianmin"

"$CURL" -sf --max-time 10 -o "$TMP/login.json" -c "$TMP/cookies" \
	-H 'Content-Type: application/json' \
	-d '{"username":"supervisor","password":"bianmin-demo"}' \
	"$BM/api/v1/session" || die "login as supervisor failed (POST /api/v1/session)"
TOKEN=$(awk '$6 == "bm_session" { print $7 }' "$TMP/cookies")
[ -n "$TOKEN" ] || die "login answered but set no bm_session cookie"
COOKIE="Cookie: bm_session=$TOKEN"
TARGET_URL="$BM/api/v1/orgs/$ORG"

code=$("$CURL" -s --max-time 5 -o "$TMP/probe.json" -w '%{http_code}' -H "$COOKIE" "$TARGET_URL")
[ "$code" = 200 ] || die "GET /api/v1/orgs/$ORG answered $code, not 200: $(cat "$TMP/probe.json")"
grep -q "\"code\":\"$ORG\"" "$TMP/probe.json" || die "unexpected body: $(cat "$TMP/probe.json")"

# Keep-alive: two requests on one connection must reuse it. Without keep-alive every wrk
# request pays a TCP handshake and the rate drops several-fold; the ratio would then measure that.
KEEPALIVE=yes
"$CURL" -sv --max-time 5 -o /dev/null -o /dev/null -H "$COOKIE" "$TARGET_URL" "$TARGET_URL" \
	>"$TMP/keepalive.txt" 2>&1 || true
if ! grep -q "Re-using existing connection" "$TMP/keepalive.txt" ||
	grep -qi "^< Connection: close" "$TMP/keepalive.txt"; then
	KEEPALIVE=NO
fi

# bianmin's worker thread count, from its start-up line "... (4 threads)".
BM_THREADS=$(sed -n 's/.*serving on .*(\([0-9][0-9]*\) threads).*/\1/p' "$TMP/bianmin.err" | head -n 1)

# --- nginx -----------------------------------------------------------------------------------

# As many nginx workers as bianmin has threads: on a shared machine the scheduler gives each
# runnable thread its share, so equal counts keep the contest fair.
[ -n "$NGINX_WORKERS" ] || NGINX_WORKERS=${BM_THREADS:-auto}

NG_PORT=$(free_port "$BM_PORT")
NG="http://127.0.0.1:$NG_PORT"
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
# Minimal baseline: a fixed 200 with a small JSON body, no logging, no disk.
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $TMP/nginx/client_body;
	proxy_temp_path $TMP/nginx/proxy;
	fastcgi_temp_path $TMP/nginx/fastcgi;
	uwsgi_temp_path $TMP/nginx/uwsgi;
	scgi_temp_path $TMP/nginx/scgi;
	keepalive_timeout 75s;
	keepalive_requests 1000000; # nginx closes after 1000 by default; bianmin (MHD) never does
	server {
		listen 127.0.0.1:$NG_PORT;
		location / {
			default_type application/json;
			return 200 '{"code":"$ORG","name":"x"}';
		}
	}
}
EOF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" \
	>"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
wait_http "$NG/" "$NGINX_PID" "nginx"
NG_URL="$NG/api/v1/orgs/$ORG"

# --- measuring -------------------------------------------------------------------------------

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# server_pids NAME: the processes whose CPU time counts for that server (nginx: master and workers).
server_pids() {
	if [ "$1" = bianmin ]; then
		echo "$BIANMIN_PID"
		return
	fi
	echo "$NGINX_PID"
	children=/proc/$NGINX_PID/task/$NGINX_PID/children
	if [ -r "$children" ]; then
		cat "$children"
		return
	fi
	for f in /proc/[0-9]*/stat; do # the workers: processes whose parent is the master
		awk -v m="$NGINX_PID" '{ sub(/^.*\) /, ""); if ($2 == m) { split(FILENAME, a, "/"); print a[3] } }' \
			"$f" 2>/dev/null || true
	done
}

# run_wrk SECONDS URL OUTFILE: identical settings for both servers, the cookie sent to both.
# wrk runs in the background so that an interrupt reaches the trap at once (and cleanup stops it).
run_wrk() {
	if [ -n "$RUN_WITH_TIMEOUT" ]; then
		timeout -s KILL $(($1 + 30)) "$WRK" -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$1"s \
			--timeout 5s --latency -H "$COOKIE" "$2" >"$3" 2>&1 &
	else
		"$WRK" -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$1"s --timeout 5s --latency \
			-H "$COOKIE" "$2" >"$3" 2>&1 &
	fi
	WRK_PID=$!
	wrk_status=0
	wait "$WRK_PID" || wrk_status=$?
	WRK_PID=""
	[ "$wrk_status" -eq 0 ] || die "wrk failed against $2: $(tail -n 3 "$3")"
}

# measure NAME SECONDS OUTFILE: one wrk run against that server; appends the server's CPU ticks
# to OUTFILE as a line "cpu_ticks N".
measure() {
	if [ "$1" = bianmin ]; then url=$TARGET_URL; else url=$NG_URL; fi
	pids=$(server_pids "$1")
	before=$(cpu_ticks $pids)
	run_wrk "$2" "$url" "$3"
	after=$(cpu_ticks $pids)
	echo "cpu_ticks $((after - before))" >>"$3"
}

NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "bench: GET /api/v1/orgs/$ORG (authenticated, SQLite) vs nginx fixed 200, both on 127.0.0.1"
echo "bench: wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s, $ROUNDS round(s) alternating," \
	"${WARMUP}s warm-up; $NCPU CPU(s), load average $LOAD;" \
	"bianmin threads ${BM_THREADS:-${SERVER_THREADS:-?}}, nginx worker_processes $NGINX_WORKERS"
if [ "$KEEPALIVE" = yes ]; then
	echo "bench: keep-alive: bianmin reuses the connection (HTTP/1.1)"
else
	echo "bench: WARNING: bianmin does NOT keep connections alive (see $TMP/keepalive.txt);" \
		"every request pays a TCP handshake" >&2
fi

if [ "$WARMUP" -gt 0 ]; then
	run_wrk "$WARMUP" "$TARGET_URL" "$TMP/warm-bianmin.txt"
	run_wrk "$WARMUP" "$NG_URL" "$TMP/warm-nginx.txt"
fi

: >"$TMP/rounds"
r=1
while [ $r -le "$ROUNDS" ]; do
	# Alternate which server goes first so a slow drift in machine load favours neither.
	if [ $((r % 2)) -eq 1 ]; then order="bianmin nginx"; else order="nginx bianmin"; fi
	for who in $order; do
		measure "$who" "$DURATION" "$TMP/round$r-$who.txt"
	done
	line=$(parse "$TMP/round$r-bianmin.txt") || exit 1
	set -- $line
	b_rps=$1 b_avg=$2 b_p50=$3 b_p99=$4 b_reqs=$5 b_non2xx=$6 b_errs=$7 b_cpu=$8
	line=$(parse "$TMP/round$r-nginx.txt") || exit 1
	set -- $line
	n_rps=$1 n_avg=$2 n_p50=$3 n_p99=$4 n_errs=$7 n_cpu=$8
	ratio=$(awk -v b="$b_rps" -v n="$n_rps" 'BEGIN { printf "%.3f", (n > 0 ? b / n : 0) }')
	echo "$r $b_rps $b_avg $b_p50 $b_p99 $b_reqs $b_non2xx $b_errs $n_rps $n_avg $n_p50 $n_p99 $n_errs $ratio $b_cpu $n_cpu" \
		>>"$TMP/rounds"
	awk -v r="$r" -v b="$b_rps" -v bp="$b_p50" -v b9="$b_p99" -v n="$n_rps" -v np="$n_p50" \
		-v n9="$n_p99" -v q="$ratio" -v e="$b_non2xx" -v bc="$b_cpu" -v nc="$n_cpu" 'BEGIN {
		printf "round %d: bianmin %7.0f req/s (p50 %.2f ms, p99 %.2f ms, %.1f us CPU/req)   nginx %7.0f req/s (p50 %.2f ms, p99 %.2f ms, %.1f us CPU/req)   ratio %.3f%s\n",
			r, b, bp, b9, bc, n, np, n9, nc, q, (e > 0 ? "   [" e " non-2xx!]" : "")
	}'
	r=$((r + 1))
done

col() { awk -v c="$1" '{ print $c }' "$TMP/rounds" | median; }
B_RPS=$(col 2) B_AVG=$(col 3) B_P50=$(col 4) B_P99=$(col 5)
N_RPS=$(col 9) N_AVG=$(col 10) N_P50=$(col 11) N_P99=$(col 12)
RATIO=$(col 14)
B_CPU=$(col 15) N_CPU=$(col 16)
B_NON2XX=$(awk '{ s += $7 } END { print s + 0 }' "$TMP/rounds")
B_ERRS=$(awk '{ s += $8 } END { print s + 0 }' "$TMP/rounds")
B_REQS=$(awk '{ s += $6 } END { print s + 0 }' "$TMP/rounds")
N_ERRS=$(awk '{ s += $13 } END { print s + 0 }' "$TMP/rounds")

echo
awk -v b="$B_RPS" -v ba="$B_AVG" -v bp="$B_P50" -v b9="$B_P99" -v bc="$B_CPU" \
	-v n="$N_RPS" -v na="$N_AVG" -v np="$N_P50" -v n9="$N_P99" -v nc="$N_CPU" 'BEGIN {
	printf "bianmin  %8.0f req/s   latency avg %.2f ms, p50 %.2f ms, p99 %.2f ms   server CPU %.1f us/req\n", b, ba, bp, b9, bc
	printf "nginx    %8.0f req/s   latency avg %.2f ms, p50 %.2f ms, p99 %.2f ms   server CPU %.1f us/req\n", n, na, np, n9, nc
	printf "(medians over the rounds; CPU per request is the server processes'"'"' user+system time / requests)\n"
	if (bc > 0) printf "CPU-efficiency ratio nginx/bianmin (us per request): %.3f   (less noise-sensitive; informative only)\n", nc / bc
}'
echo "bianmin non-2xx responses: $B_NON2XX of $B_REQS; socket errors: $B_ERRS (nginx: $N_ERRS)"
echo "ratio bianmin/nginx: $RATIO (median of per-round throughput ratios; target >= $TARGET)"
# A wide spread between rounds means other jobs were competing for the CPUs: say so.
NOISE=$(awk '{ if (NR == 1 || $14 < lo) lo = $14; if ($14 > hi) hi = $14 } END {
	if (NR > 1 && lo > 0 && hi / lo > 1.5) printf "%.3f-%.3f", lo, hi
}' "$TMP/rounds")
NOTE=""
if [ -n "$NOISE" ]; then
	echo "bench: NOISY: per-round ratios range $NOISE (other jobs competing for the CPUs);" \
		"rerun with BENCH_ROUNDS=5 or on a quieter machine before trusting the verdict"
	NOTE=" (noisy run)"
elif [ "$ROUNDS" -eq 1 ]; then
	NOTE=" (one round only)"
fi

# --- catalogue search (issue #3) -------------------------------------------------------------
# Public GET /api/v1/items?q=... on the demo catalogue, one connection at a time, so latency is
# per request and not queueing: a 1-character query and a 2-character one (both routed to
# instr()), and a longer one (FTS5 trigram). Target: well under a millisecond per request, read
# as the server's CPU time per request and the p50 latency; nginx's fixed 200 under the same
# wrk settings is printed beside it as the floor of what loopback HTTP costs here.
SEARCH_SECONDS=${BENCH_SEARCH_SECONDS:-3}
int BENCH_SEARCH_SECONDS "$SEARCH_SECONDS" 1 60
echo
echo "bench: catalogue search, wrk -t1 -c1 -d${SEARCH_SECONDS}s per query (public, no cookie)"
search_row() { # LABEL URL NAME
	out="$TMP/search-$3.txt"
	# The query must find something, or the figure would be for an empty answer.
	curl -fsS "$2" | grep -q '"total":[1-9]' || die "search $1 found nothing: $(curl -sS "$2" | head -c 200)"
	pids=$(server_pids bianmin)
	before=$(cpu_ticks $pids)
	"$WRK" -t1 -c1 -d"${SEARCH_SECONDS}s" --latency "$2" >"$out" 2>&1 || die "wrk failed: $(tail -n 3 "$out")"
	after=$(cpu_ticks $pids)
	echo "cpu_ticks $((after - before))" >>"$out"
	set -- "$1" $(parse "$out")
	awk -v l="$1" -v r="$2" -v p="$4" -v p9="$5" -v e="$7" -v c="$9" 'BEGIN {
		printf "  %-22s %7.0f req/s   p50 %.3f ms   p99 %.3f ms   server CPU %.0f us/req%s\n",
			l, r, p, p9, c, (e > 0 ? "   [" e " non-2xx!]" : "")
	}'
	echo "$4 $9 $7" >>"$TMP/search-summary"
}
: >"$TMP/search-summary"
search_row "q=证 (1 char)" "$BM/api/v1/items?q=%E8%AF%81" one
search_row "q=低保 (2 chars)" "$BM/api/v1/items?q=%E4%BD%8E%E4%BF%9D" two
search_row "q=最低生活保障 (trigram)" "$BM/api/v1/items?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C" long
"$WRK" -t1 -c1 -d"${SEARCH_SECONDS}s" --latency "$NG_URL" >"$TMP/search-nginx.txt" 2>&1 &&
	echo "cpu_ticks 0" >>"$TMP/search-nginx.txt" &&
	set -- $(parse "$TMP/search-nginx.txt") &&
	awk -v r="$1" -v p="$3" 'BEGIN { printf "  %-22s %7.0f req/s   p50 %.3f ms   (loopback floor)\n", "nginx fixed 200", r, p }'
SEARCH_WORST=$(awk '{ if ($1 > p) p = $1; if ($2 > c) c = $2 } END { printf "%.3f %.0f", p, c }' "$TMP/search-summary")
SEARCH_NON2XX=$(awk '{ s += $3 } END { print s + 0 }' "$TMP/search-summary")
set -- $SEARCH_WORST
if [ "$SEARCH_NON2XX" -gt 0 ]; then
	echo "FAIL: catalogue search answered $SEARCH_NON2XX non-2xx responses" >&2
	exit 2
elif awk -v p="$1" -v c="$2" 'BEGIN { exit !(p < 1.0 && c < 1000) }'; then
	echo "PASS: search p50 $1 ms and $2 us CPU per request at worst: under 1 ms"
else
	echo "BELOW TARGET: search p50 $1 ms / $2 us CPU per request at worst (target < 1 ms)"
fi
echo

if [ "$B_NON2XX" -gt 0 ]; then
	echo "FAIL: bianmin answered $B_NON2XX non-2xx responses (401 means the session cookie was" \
		"not accepted); the rate above is not meaningful" >&2
	exit 2
fi
[ "$B_ERRS" -eq 0 ] || echo "bench: WARNING: $B_ERRS socket errors against bianmin" >&2
if awk -v q="$RATIO" -v t="$TARGET" 'BEGIN { exit !(q >= t) }'; then
	echo "PASS: ratio $RATIO >= $TARGET$NOTE"
else
	echo "BELOW TARGET: ratio $RATIO < $TARGET$NOTE"
	[ "$STRICT" = 1 ] && exit 3
fi
exit 0
