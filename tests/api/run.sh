#!/bin/sh
# tests/api/run.sh — the black-box API suite (tests/api/*.test.mjs, Node's test runner), run
# against a fresh Baihe demo server on SQLite and then on PostgreSQL.
#
#   BIANMIN=build/bianmin-san sh tests/api/run.sh      (default BIANMIN=build/bianmin)
#   BACKENDS="sqlite" sh tests/api/run.sh              (only one backend)
#   API_TEST_CONCURRENCY=8 sh tests/api/run.sh         (test files at once; default: CPUs - 1)
#
# Builds nothing. For each backend: a fresh database (a new SQLite file; a new database in a
# throw-away PostgreSQL cluster, tests/lib/pg-cluster.sh), `bianmin demo --test-clock` on a free
# loopback port with a fixture web root, then `node --test` with BASE_URL, BACKEND, BIANMIN,
# DB_ARG ("--db PATH" / "--pg CONNINFO"), WEB_ROOT and TEST_TMP in the environment. Afterwards
# the server is stopped with SIGTERM and must exit 0 with no sanitizer report in its stderr
# (ASan, UBSan, LeakSanitizer), and `bianmin audit verify` must pass on the database the suite
# used; each of those counts as one more test.
#
# The last line is "api: N passed, M failed"; the exit status is non-zero when M > 0 or when
# nothing ran.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)

bin=${BIANMIN:-build/bianmin}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
backends=${BACKENDS:-sqlite pg}

passed=0
failed=0
failures=""

work=$(mktemp -d "${TMPDIR:-/tmp}/bianmin-api.XXXXXX") || exit 1
pgdir=""
server_pid=""
node_pid=""

finish() {
	echo "api: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit $?
}

fail_check() { # name details...
	failed=$((failed + 1))
	failures="$failures
  $1"
	echo "not ok - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'
}

pass_check() {
	passed=$((passed + 1))
	echo "ok - $1"
}

stop_server() {
	[ -n "$server_pid" ] || return 0
	kill -TERM "$server_pid" 2>/dev/null
	# A sanitizer build checks for leaks on the way out, which takes a moment.
	i=0
	while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
		server_status=killed
	else
		wait "$server_pid" 2>/dev/null
		server_status=$?
	fi
	server_pid=""
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	[ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null
	stop_server
	[ -n "$pgdir" ] && sh tests/lib/pg-cluster.sh stop "$pgdir"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "api: interrupted"; exit 130' INT
trap 'echo "api: terminated"; exit 143' TERM

if [ ! -x "$bin" ]; then
	fail_check "binary $bin exists (run make build/bianmin or build/bianmin-san first)"
	finish
fi
if ! command -v node >/dev/null 2>&1; then
	fail_check "node is installed"
	finish
fi

# Test files run in parallel (Node's default: one fewer than the CPUs); they are written to
# stay out of each other's way. API_TEST_CONCURRENCY=N overrides, e.g. to try many at once.
concurrency=""
[ -n "${API_TEST_CONCURRENCY:-}" ] && concurrency="--test-concurrency=$API_TEST_CONCURRENCY"

# A hung test must not hang `make check`, nor take the other files' results with it: a test
# file gets 10 minutes (the slowest takes about one), then it is cancelled by name and counted
# failed while the other files go on (--test-force-exit: a file whose tests are done ends even
# if something left timers or sockets behind); the whole node run gets 25 minutes at most.
per_test="--test-timeout=600000 --test-force-exit"
timeout=""
command -v timeout >/dev/null 2>&1 && timeout="timeout -k 10 1500"

free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The fixture web root: one file of each type, a directory with an index, a vendor file, a
# hidden file, a symbolic link out of the root; secret.txt lies next to the root, outside.
make_web_fixture() {
	w=$work/web
	mkdir -p "$w/sub" "$w/vendor"
	echo "FIXTURE-SECRET-OUTSIDE-WEB-ROOT $$" >"$work/secret.txt"
	printf '<!doctype html>\n<html lang="zh-CN"><meta charset="utf-8"><title>白河县 测试首页</title><p>FIXTURE-INDEX</p></html>\n' >"$w/index.html"
	printf '<!doctype html>\n<title>子目录</title><p>FIXTURE-SUB</p>\n' >"$w/sub/index.html"
	echo "export const fixture = 'FIXTURE-APP';" >"$w/app.js"
	echo "export const fixture = 'FIXTURE-MODULE';" >"$w/module.mjs"
	echo "export const vendored = true;" >"$w/vendor/lib.js"
	echo "body { font-family: sans-serif; }" >"$w/style.css"
	echo '{"fixture": "数据"}' >"$w/data.json"
	echo '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>' >"$w/logo.svg"
	echo "纯文本" >"$w/notes.txt"
	printf 'FIXTURE-BLOB\001\002' >"$w/blob.bin"
	echo "FIXTURE-HIDDEN" >"$w/.hidden"
	echo "FIXTURE-HIDDEN" >"$w/sub/.hidden"
	ln -s ../secret.txt "$w/link.txt"
}

# Starts `bianmin demo` on the database given as arguments; sets server_pid and base_url.
start_server() { # backend db-flag db-value
	log=$work/$1-server.log
	attempt=0
	while :; do
		port=$(free_port)
		base_url=http://127.0.0.1:$port
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
			"$bin" demo "$2" "$3" --listen "127.0.0.1:$port" --test-clock --web-root "$work/web" \
			>"$work/$1-server.out" 2>"$log" &
		server_pid=$!
		i=0
		while [ $i -lt 600 ]; do
			if ! kill -0 "$server_pid" 2>/dev/null; then
				break
			fi
			if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
				"$base_url/healthz" 2>/dev/null; then
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		stop_server
		attempt=$((attempt + 1))
		if [ $attempt -ge 3 ] || ! grep -q 'in use' "$log"; then
			return 1
		fi
	done
}

# Sums the summary of a TAP report into passed/failed (a cancelled test is a failed one).
count_tap() { # file label
	p=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$1" | tail -1)
	c=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$1" | tail -1)
	if [ -z "$p" ]; then
		fail_check "$2: the test runner produced a summary" "$(tail -20 "$1")"
		return
	fi
	passed=$((passed + p))
	failed=$((failed + ${f:-0} + ${c:-0}))
	# Names of the failed tests, for the summary at the end.
	names=$(grep -E '^ *not ok [0-9]+ - ' "$1" | sed -E 's/^ *not ok [0-9]+ - //' | sed "s/^/$2: /")
	[ -n "$names" ] && failures="$failures
$(echo "$names" | sed 's/^/  /')"
	echo "== $2: $p passed, $((${f:-0} + ${c:-0})) failed"
}

make_web_fixture

for backend in $backends; do
	echo "== api suite on $backend ($bin)"
	case $backend in
	sqlite)
		db_flag=--db
		db_value=$work/api.db
		;;
	pg)
		if [ -z "$pgdir" ]; then
			# Its own directory straight under /tmp: the cluster runs as postgres when we are root.
			pgdir=$(mktemp -d /tmp/bianmin-pg.XXXXXX) || exit 1
			if ! conninfo=$(sh tests/lib/pg-cluster.sh start "$pgdir"); then
				fail_check "pg: a throw-away PostgreSQL cluster starts"
				continue
			fi
		fi
		dbname=bianmin_api_$$
		if ! psql "$conninfo" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $dbname" >"$work/createdb.log" 2>&1; then
			fail_check "pg: create the suite's database" "$(cat "$work/createdb.log")"
			continue
		fi
		db_flag=--pg
		db_value=$(echo "$conninfo" | sed "s/dbname=[^ ]*/dbname=$dbname/")
		;;
	*)
		fail_check "unknown backend $backend"
		continue
		;;
	esac

	if ! start_server "$backend" "$db_flag" "$db_value"; then
		fail_check "$backend: the demo server starts and answers /healthz" "$(tail -30 "$work/$backend-server.log")"
		continue
	fi

	tap=$work/$backend.tap
	mkdir -p "$work/tmp-$backend"
	# shellcheck disable=SC2086 # $timeout, $per_test and $concurrency are words or nothing
	BASE_URL=$base_url BACKEND=$backend BIANMIN=$bin DB_ARG="$db_flag $db_value" \
		WEB_ROOT=$work/web TEST_TMP=$work/tmp-$backend \
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		$timeout node --test --test-reporter=tap $per_test $concurrency tests/api/ >"$tap" 2>&1 &
	node_pid=$!
	wait "$node_pid" # in the background, so that INT/TERM reach the traps at once
	node_pid=""
	cat "$tap"
	count_tap "$tap" "$backend"

	stop_server
	log=$work/$backend-server.log
	if [ "$server_status" != 0 ]; then
		fail_check "$backend: the server exits 0 on SIGTERM (status $server_status)" "$(tail -30 "$log")"
	else
		pass_check "$backend: the server exits 0 on SIGTERM"
	fi
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|Undefined)' "$log"; then
		fail_check "$backend: no sanitizer report in the server's stderr" \
			"$(grep -E -B2 -A40 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | head -80)"
	else
		pass_check "$backend: no sanitizer report in the server's stderr"
	fi
	if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$bin" audit verify "$db_flag" "$db_value" \
		>"$work/verify.out" 2>&1 && ! grep -qE 'Sanitizer|runtime error:' "$work/verify.out"; then
		pass_check "$backend: audit verify passes on the suite's database after the run"
	else
		fail_check "$backend: audit verify passes on the suite's database after the run" "$(cat "$work/verify.out")"
	fi
done

if [ -n "$failures" ]; then
	echo "== failed:$failures"
fi
finish
