#!/bin/sh
# pg-cluster.sh — a throw-away PostgreSQL 15 cluster for tests.
#
#   sh tests/lib/pg-cluster.sh start DIR   creates DIR (if needed), initdb + start; prints the
#                                          conninfo "host=127.0.0.1 port=P user=bianmin dbname=postgres"
#   sh tests/lib/pg-cluster.sh stop DIR    stops the cluster (if running) and removes DIR
#
# The cluster trusts every local connection (-A trust) with the superuser "bianmin", listens on
# 127.0.0.1 at a free port only, keeps its unix socket inside DIR and runs without fsync: it is
# for tests and is thrown away. When run as root, initdb and pg_ctl run as the user postgres (a
# cluster refuses to run as root), so DIR and the directories above it must be reachable by
# postgres: DIR is chowned to postgres; a DIR made with `mktemp -d` directly under /tmp works.
#
# PG_BINDIR overrides the binary directory (default /usr/lib/postgresql/15/bin).
set -eu

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$2

# Runs a command as the cluster's owner: postgres when we are root, ourselves otherwise.
as_owner() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif command -v runuser >/dev/null 2>&1; then
		runuser -u postgres -- "$@"
	else
		# su takes one command string: quote every word.
		cmd=""
		for word in "$@"; do
			cmd="$cmd '$(printf '%s' "$word" | sed "s/'/'\\\\''/g")'"
		done
		su postgres -s /bin/sh -c "$cmd"
	fi
}

# A TCP port nobody listens on right now (node is there for the API suite anyway).
free_port() {
	if command -v node >/dev/null 2>&1; then
		node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
	else
		echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	fi
}

start() {
	[ -x "$PG_BINDIR/initdb" ] || {
		echo "pg-cluster: $PG_BINDIR/initdb not found (apt-get install postgresql-15)" >&2
		exit 1
	}
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -e "$dir/data" ]; then
		echo "pg-cluster: $dir/data exists already; use a fresh directory" >&2
		exit 1
	fi
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$dir"
		chmod 700 "$dir"
		if ! as_owner test -w "$dir"; then
			echo "pg-cluster: user postgres cannot reach $dir (a parent directory is closed to it)" >&2
			exit 1
		fi
	fi
	if ! as_owner "$PG_BINDIR/initdb" -D "$dir/data" -A trust -U bianmin -E UTF8 --locale=C \
		--no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	# A port can be taken between choosing and binding it: try a few.
	tries=0
	while :; do
		port=$(free_port)
		as_owner sh -c "cat >>'$dir/data/postgresql.conf'" <<EOF

# pg-cluster.sh: throw-away test cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
EOF
		if as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
			>"$dir/pg_ctl.log" 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
			exit 1
		fi
	done
	echo "host=127.0.0.1 port=$port user=bianmin dbname=postgres"
}

stop() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case $action in
start) start ;;
stop) stop ;;
*) usage ;;
esac
