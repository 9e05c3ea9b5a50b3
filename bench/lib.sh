# bench/lib.sh — shell functions the benchmark scripts share (sourced, not run): argument
# checks, finding tools, free loopback ports, waiting for a server, stopping processes, reading
# wrk's output and CPU ticks, medians. The caller sets CURL (for port_in_use) and CLK_TCK (for
# parse) before using those two.

die() { # MESSAGE: print it and exit 1
	echo "bench: $*" >&2
	exit 1
}

# int NAME VALUE MIN MAX: VALUE must be a whole number within bounds (durations stay bounded).
int() {
	case $2 in '' | *[!0-9]*) die "$1 should be a whole number, got '$2'" ;; esac
	if [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then die "$1 should be between $3 and $4, got $2"; fi
}

find_tool() { # NAME [FALLBACK_PATH]: prints the path or nothing
	command -v "$1" 2>/dev/null || { [ -n "${2:-}" ] && [ -x "$2" ] && echo "$2"; } || true
}

stop() { # PID SIGNAL: signal it, wait up to 5 s, then KILL
	[ -n "$1" ] || return 0
	kill "-$2" "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# A free loopback port below the ephemeral range, so wrk's own client ports never collide.
port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		ss -Htln "sport = :$1" 2>/dev/null | grep -q .
	else
		"$CURL" -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null
		[ $? -ne 7 ] # 7: could not connect
	fi
}

free_port() {
	tries=0
	while [ $tries -lt 50 ]; do
		p=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000 + 20000))
		if [ "$p" != "${1:-}" ] && ! port_in_use "$p"; then
			echo "$p"
			return 0
		fi
		tries=$((tries + 1))
	done
	die "no free loopback port found"
}

wait_http() { # URL PID NAME: wait up to 15 s for a 200
	i=0
	while [ $i -lt 150 ]; do
		if "$CURL" -sf -o /dev/null --max-time 1 "$1" 2>/dev/null; then
			return 0
		fi
		kill -0 "$2" 2>/dev/null || die "$3 exited during start-up"
		sleep 0.1
		i=$((i + 1))
	done
	die "$3 did not answer $1 within 15 s"
}

# cpu_ticks PID...: user + system clock ticks used so far, all threads included.
cpu_ticks() {
	for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
		awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# parse OUTFILE: "rps avg_ms p50_ms p99_ms requests non2xx socket_errors cpu_us_per_request"
parse() {
	awk -v hz="$CLK_TCK" '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /m$/)  return v * 60000
		if (v ~ /s$/)  return v * 1000
		return v + 0
	}
	$1 == "Latency" && $2 != "Distribution" { avg = ms($2) }
	$1 == "50%"     { p50 = ms($2) }
	$1 == "99%"     { p99 = ms($2) }
	/requests in/   { reqs = $1 }
	/Non-2xx or 3xx responses:/ { non2xx = $NF }
	/Socket errors:/ { gsub(",", ""); errs = $4 + $6 + $8 + $10 }
	$1 == "Requests/sec:" { rps = $2 }
	$1 == "cpu_ticks" { ticks = $2 }
	END {
		if (rps == "") exit 1
		cpu = reqs > 0 ? ticks * 1e6 / hz / reqs : 0
		printf "%.1f %.3f %.3f %.3f %d %d %d %.2f\n", rps, avg, p50, p99, reqs, non2xx, errs, cpu
	}' "$1" || die "cannot read wrk output $1: $(cat "$1")"
}

median() { # numbers on stdin -> median
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}
