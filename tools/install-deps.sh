#!/bin/sh
# Installs what bianmin needs on Debian 12, skipping what is already there:
# the C toolchain and libraries, PostgreSQL, Node.js and npm, Chromium (browser tests),
# nginx and wrk (benchmarks), then the npm packages of package.json.
# Runs as root, or through sudo when available.
set -eu

PACKAGES="build-essential pkg-config git curl ca-certificates
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
libqrencode-dev libxlsxwriter-dev libcriterion-dev libcurl4-openssl-dev
postgresql postgresql-client
nodejs npm chromium
nginx-light wrk fonts-wqy-microhei"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Node.js may come from elsewhere than Debian (e.g. a newer nodejs already installed):
# accept any node >= 18 with npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | tr ' ' '\n' | grep -vx 'nodejs' | grep -vx 'npm' | tr '\n' ' ')
fi
missing=$(echo "$missing" | xargs)

if [ -n "$missing" ]; then
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
			echo "install-deps: need root to install: $missing" >&2; exit 1
		fi
	fi
	echo "install-deps: installing $missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ -f package.json ] && { [ ! -f node_modules/.installed ] || [ package.json -nt node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; }; then
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch node_modules/.installed
fi
