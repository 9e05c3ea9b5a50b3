# bianmin — build, demo and tests. See README.md.
#
#   make            build build/bianmin (optimised)
#   make demo       install what is missing, build, seed demo.db, serve on 127.0.0.1:8080
#   make check      every test suite; ends with one line "N passed, N failed"
#   make bench      benchmarks (not part of check)
#   make deps       install system and npm dependencies (Debian 12; needs root or sudo)

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libpq libqrencode libcurl xlsxwriter
# -Wno-format-truncation: bounded snprintf copies truncate by design; the warning only nags.
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation \
	-Isrc -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lmicrohttpd -ljansson -lsqlite3 -lsodium -lpq -lqrencode -lcurl -lxlsxwriter -lz) -lpthread -lm

SRC     := $(wildcard src/core/*.c src/db/*.c src/http/*.c src/domain/*.c src/api/*.c src/cli/*.c)
SCHEMA  := $(wildcard src/db/schema/sqlite/*.sql src/db/schema/pg/*.sql)

# Release build
OBJ     := $(SRC:src/%.c=build/rel/%.o)
# Test build: sanitizers on
TOBJ    := $(SRC:src/%.c=build/san/%.o)
SANFLAGS := -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := build/unit-tests

.PHONY: all demo check unit api e2e bench deps web clean fmt
all: build/bianmin web

GEN     := build/gen/schema.c build/gen/bundled.c

build/gen/schema.c: $(SCHEMA) tools/embed-schema.sh
	@mkdir -p $(dir $@)
	sh tools/embed-schema.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

BUNDLED := data/cn-holidays.csv:bundled_holidays_csv data/baihe-towns.csv:bundled_towns_csv data/baihe-villages.csv:bundled_villages_csv data/baihe-items.csv:bundled_items_csv

build/gen/bundled.c: $(foreach b,$(BUNDLED),$(firstword $(subst :, ,$(b)))) tools/embed-text.sh
	@mkdir -p $(dir $@)
	for b in $(BUNDLED); do sh tools/embed-text.sh $${b#*:} $${b%%:*}; done > $@.tmp && mv $@.tmp $@

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O2 -g -MMD -MP -c $< -o $@

build/san/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -MMD -MP -c $< -o $@

build/bianmin: $(OBJ) $(GEN) src/main.c
	$(CC) $(CFLAGS_BASE) -O2 -g -o $@ src/main.c $(GEN) $(OBJ) $(LIBS)

build/bianmin-san: $(TOBJ) $(GEN) src/main.c
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -o $@ src/main.c $(GEN) $(TOBJ) $(LIBS)

$(UNIT_BIN): $(TOBJ) $(GEN) $(UNIT_SRC)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -o $@ $(UNIT_SRC) $(GEN) $(TOBJ) $(LIBS) -lcriterion

-include $(OBJ:.o=.d) $(TOBJ:.o=.d)

# Front end: Vue and friends come from npm and are copied under web/vendor (never committed).
web: node_modules/.installed
	node tools/build-web.mjs

node_modules/.installed: package.json package-lock.json
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

deps:
	sh tools/install-deps.sh

# demo and check install first, then build in a sub-make, so that compiler flags found by
# pkg-config are read after the libraries exist.
demo: deps
	$(MAKE) -j2 all
	./build/bianmin demo --db demo.db --listen 127.0.0.1:8080

unit: $(UNIT_BIN)
	./$(UNIT_BIN)

check: deps
	$(MAKE) -j2 build/bianmin build/bianmin-san $(UNIT_BIN) web
	sh tests/run-all.sh

bench: deps
	$(MAKE) -j2 build/bianmin build/bench-commit-loop
	sh bench/run.sh
	sh bench/cases.sh
	sh bench/queue.sh
	sh bench/supervision.sh
	sh bench/dashboard.sh

# The baseline of bench/cases.sh: a plain SQLite commit loop.
build/bench-commit-loop: bench/commit_loop.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O2 -o $@ $< $(LIBS)

fmt:
	clang-format -i $(SRC) src/main.c $(wildcard src/*/*.h) $(UNIT_SRC)

clean:
	rm -rf build
