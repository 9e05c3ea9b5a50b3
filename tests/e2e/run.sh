#!/bin/sh
# Browser tests: starts a demo server on a free port with a throw-away database, runs
# tests/e2e/*.test.mjs (playwright-core driving Debian's Chromium, Node's test runner), stops
# the server, and ends with one line "e2e: N passed, M failed". Exits non-zero when anything
# failed or nothing ran.
#
#   BIANMIN=build/bianmin-san sh tests/e2e/run.sh     the binary (default build/bianmin)
#   E2E_SCREENSHOT_DIR=/tmp sh tests/e2e/run.sh       also save screenshots of the pages there
#
# Needs: the binary, `make web` (web/gen, web/vendor, node_modules), /usr/bin/chromium, curl.
set -u
cd "$(dirname "$0")/../.."

BIANMIN=${BIANMIN:-build/bianmin}
tmp=$(mktemp -d)
server_pid=""

summary() { # passed failed
	echo "e2e: $1 passed, $2 failed"
}

stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$server_pid" 2>/dev/null
	i=0
	while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	server_pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

missing=""
[ -x "$BIANMIN" ] || missing="$missing $BIANMIN (make build/bianmin)"
[ -f web/gen/vue.js ] || missing="$missing web/gen (make web)"
[ -d node_modules/playwright-core ] || missing="$missing node_modules/playwright-core (make web)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"
if [ -n "$missing" ]; then
	echo "e2e: missing:$missing"
	summary 0 1
	exit 1
fi

free_port() {
	node -e 'const s = require("net").createServer();
s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Starts the demo server; a port taken between choosing and binding it means another try.
base=""
for attempt in 1 2 3; do
	port=$(free_port)
	rm -f "$tmp"/e2e.db*
	"$BIANMIN" demo --db "$tmp/e2e.db" --listen "127.0.0.1:$port" --web-root web \
		>"$tmp/server.log" 2>&1 &
	server_pid=$!
	# The demo seeds its data (password hashing included) before it listens: allow two minutes.
	i=0
	while [ $i -lt 1200 ]; do
		if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
			base="http://127.0.0.1:$port"
			break
		fi
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$base" ] && break
	echo "e2e: server did not start on port $port (attempt $attempt):"
	tail -20 "$tmp/server.log"
	stop_server
done
if [ -z "$base" ]; then
	summary 0 1
	exit 1
fi
echo "e2e: server $BIANMIN at $base"

# E2E_DB and BIANMIN let a test copy the database (bianmin backup) for a server of its own that
# it may stop and restart (queue.test.mjs) without disturbing the tests sharing this one.
# A test file gets 10 minutes, then is cancelled by name and counted failed; the whole run gets
# 25 (as in tests/api/run.sh).
timeout=""
command -v timeout >/dev/null 2>&1 && timeout="timeout -k 10 1500"
# shellcheck disable=SC2086 # $timeout is a command or nothing
BASE_URL=$base E2E_DB=$tmp/e2e.db BIANMIN=$BIANMIN \
	$timeout node --test --test-reporter=tap --test-timeout=600000 --test-force-exit \
	tests/e2e/*.test.mjs >"$tmp/tap" 2>&1
rc=$?
cat "$tmp/tap"
stop_server

passed=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tmp/tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tmp/tap" | tail -1)
cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$tmp/tap" | tail -1)
passed=${passed:-0}
failed=$((${failed:-0} + ${cancelled:-0}))
# The runner failing without a failed test (a file that does not load, a crash) is a failure.
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
# A sanitizer build reports memory errors in the server's log, not in the tests.
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/server.log"; then
	echo "e2e: sanitizer report from the server:"
	grep -E -A30 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/server.log" | head -80
	failed=$((failed + 1))
fi
if [ "$failed" -gt 0 ]; then
	echo "e2e: last lines of the server log:"
	tail -20 "$tmp/server.log"
fi
summary "$passed" "$failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
