#!/bin/sh
# tests/crash/run.sh — the durability test of issue 4: kill -9 the server while many clients
# create cases; after a restart every case answered 201 must be there and the SQLite file must
# pass PRAGMA integrity_check. See crash.mjs. Ends with "crash: N passed, M failed".
#
#   BIANMIN=build/bianmin-san sh tests/crash/run.sh     (default build/bianmin)
#   CRASH_ROUNDS=5 sh tests/crash/run.sh                (default 3)
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bianmin-crash.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
BIANMIN=${BIANMIN:-build/bianmin} CRASH_TMP=$tmp node tests/crash/crash.mjs
status=$?
[ $status -eq 0 ] || { echo "server logs:"; tail -n 5 "$tmp"/server-*.log; }
exit $status
