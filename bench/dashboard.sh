#!/bin/sh
# bench/dashboard.sh — `make bench`: the statistics dashboard over a province-year of cases
# (10,000,000 generated), the maintained aggregates against a plain grouped full scan of the same
# rows in the same run (target: at least 10 times faster). See bench/README.md.
#
# Settings (environment):
#   CASES=10000000        cases to generate (1000..100000000); CASES=1000000 for a quick try
#   BENCH_KEEP_TMP=0      1: keep the temp dir (the database) for inspection
#   BIANMIN=build/bianmin the binary to measure
# The SQLite file goes to a temp dir under ${TMPDIR:-/tmp}: 10M cases take about 4 GB.
# Exit: 0 measured, 1 setup failure or figures that differ.
set -eu

cd "$(dirname "$0")/.."

BIN=${BIANMIN:-build/bianmin}
N=${CASES:-10000000}
[ -x "$BIN" ] || { echo "dashboard bench: $BIN missing (make build/bianmin)"; exit 1; }

tmp=$(mktemp -d)
cleanup() { [ "${BENCH_KEEP_TMP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

avail=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
need=$((N / 1000 * 450)) # about 450 bytes a case, in KiB per thousand
[ "$avail" -gt "$need" ] || { echo "dashboard bench: $tmp has ${avail} KiB free, needs ~${need}"; exit 1; }

echo "== dashboard: $N cases (SQLite, $tmp) =="
"$BIN" demo --db "$tmp/bench.db" --seed-only >"$tmp/seed.log" 2>&1 ||
	{ echo "dashboard bench: demo --seed-only failed"; cat "$tmp/seed.log"; exit 1; }
"$BIN" bench-dashboard --db "$tmp/bench.db" --cases "$N"
