#!/bin/sh
# Runs every test suite and ends with one line "N passed, M failed" for all of them.
# Exits non-zero when anything failed or a suite ran nothing.
#
#   unit  build/unit-tests (Criterion, ASan/UBSan)       tests/unit/
#   api   black-box HTTP against SQLite and PostgreSQL   tests/api/run.sh
#   e2e   Playwright driving Debian's Chromium           tests/e2e/run.sh
#   crash kill -9 during case creation, then recovery    tests/crash/run.sh
set -u
cd "$(dirname "$0")/.."

total_pass=0
total_fail=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

add() { # suite passed failed
	echo "== $1: $2 passed, $3 failed"
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
}

# Unit tests. Criterion forks per test; a sanitizer report inside a test does not fail it by
# itself, so any report in the output counts as one more failure.
ASAN_OPTIONS=detect_leaks=1 ./build/unit-tests --jobs 2 >"$out/unit.log" 2>&1
synth=$(grep 'Synthesis:' "$out/unit.log" | tail -1)
grep -E '^\[(FAIL|----)\]' "$out/unit.log" | head -60
tail -2 "$out/unit.log"
if [ -n "$synth" ]; then
	passed=$(echo "$synth" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	failed=$(echo "$synth" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p' | awk '{print $1+$2}')
else
	passed=0 failed=1
	cat "$out/unit.log"
fi
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$out/unit.log"; then
	echo "unit: sanitizer report:"; grep -E -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$out/unit.log" | head -60
	failed=$((failed + 1))
fi
add unit "$passed" "$failed"

# A suite script prints "<name>: N passed, M failed" as its last line.
run_suite() { # name script
	BIANMIN=${BIANMIN:-build/bianmin-san} sh "$2" >"$out/$1.log" 2>&1
	rc=$?
	tail -15 "$out/$1.log"
	# Failures first, with their assertion messages, so a red run says why.
	grep -A25 '^not ok' "$out/$1.log" | head -150
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$out/$1.log" | tail -1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	[ -n "$p" ] || { p=0; f=1; }
	[ "$rc" = 0 ] || [ "$f" -gt 0 ] || f=1
	add "$1" "$p" "$f"
}

[ -f tests/api/run.sh ] && run_suite api tests/api/run.sh
[ -f tests/e2e/run.sh ] && run_suite e2e tests/e2e/run.sh
[ -f tests/crash/run.sh ] && run_suite crash tests/crash/run.sh

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
