#!/bin/sh
# bench/queue.sh — the queue's benchmark (排队叫号), run by `make bench` after bench/run.sh; not
# part of `make check`. Seeds a fresh demo database in a temp dir, starts `build/bianmin demo`
# on a free loopback port, runs bench/queue.mjs against it (tickets taken and called per second
# under concurrent load; SSE fan-out to QUEUE_DISPLAYS open display connections with the delay
# from call to delivery), then stops the server and removes the temp dir.
#
#   QUEUE_SECONDS=10 QUEUE_CLIENTS=16 QUEUE_DISPLAYS=500 QUEUE_CALLS=40 sh bench/queue.sh
set -eu
cd "$(dirname "$0")/.."

BIN=${BIANMIN:-build/bianmin}
[ -x "$BIN" ] || { echo "bench: $BIN not found; run 'make build/bianmin' first" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "bench: node is needed" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bianmin-qbench.XXXXXX")
PID=""
cleanup() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Room for the displays: each is one socket (and one file descriptor) on both sides.
ulimit -n 4096 2>/dev/null || true
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" demo --db "$TMP/bench.db" --listen "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
PID=$!
i=0
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 1200 ] && kill -0 "$PID" 2>/dev/null || { echo "bench: server did not start" >&2; tail -20 "$TMP/server.log" >&2; exit 1; }
	sleep 0.1
done
echo "== queue: $BIN on 127.0.0.1:$PORT"
BASE_URL=http://127.0.0.1:$PORT node bench/queue.mjs
