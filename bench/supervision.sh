#!/bin/sh
# bench/supervision.sh — `make bench` (after bench/run.sh): the electronic supervision engine
# over 1,000,000 open and closed cases, each time as a ratio against a plain
# `SELECT count(*) FROM cases` in the same run. See bench/README.md.
#
# Settings (environment):
#   BENCH_CASES=1000000   cases to generate (1000..100000000)
#   BENCH_KEEP_TMP=0      1: keep the temp dir (the database) for inspection
#   BIANMIN=build/bianmin the binary to measure
# Exit: 0 measured, 1 setup failure.
set -eu

cd "$(dirname "$0")/.."

BIN=${BIANMIN:-build/bianmin}
CASES=${BENCH_CASES:-1000000}
[ -x "$BIN" ] || { echo "supervision bench: $BIN missing (make build/bianmin)"; exit 1; }

tmp=$(mktemp -d)
cleanup() { [ "${BENCH_KEEP_TMP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== supervision: $CASES cases (SQLite, $tmp) =="
"$BIN" demo --db "$tmp/bench.db" --seed-only >"$tmp/seed.log" 2>&1 ||
	{ echo "supervision bench: demo --seed-only failed"; cat "$tmp/seed.log"; exit 1; }
"$BIN" bench-supervision --db "$tmp/bench.db" --cases "$CASES"
