/*
** helpers.h — what the unit tests share: a throw-away SQLite database per test, a small
** county to put in it, and principals to ask questions with.
**
** Every name here starts with t_ so that nothing clashes with src/ (the unit binary links all
** of src/ except main.c). The code is in test_helpers.c, which holds no tests of its own; it is
** named test_*.c only so that `make unit` compiles it.
**
** Criterion runs each test in its own process, so a database opened in a test belongs to that
** test alone. t_db_open() asserts on failure: a test that cannot get its database fails there.
*/
#ifndef BM_TEST_HELPERS_H
#define BM_TEST_HELPERS_H

#include "core/error.h"
#include "domain/audit.h"
#include "domain/auth.h"

#include <stdint.h>

struct db;

/* A fresh, migrated SQLite database in a new directory under /tmp. */
struct t_db {
	struct db *db;
	char dir[64];   /* /tmp/bianmin-unit-XXXXXX */
	char path[96];  /* dir + "/test.db" */
};

void t_db_open(struct t_db *t);
/* Closes the connection and removes the directory with the database and its WAL files. */
void t_db_close(struct t_db *t);

/* Runs SQL (one or more statements, no parameters) outside any transaction; asserts success. */
void t_sql(struct db *db, const char *sql);
/* The integer answer of a one-row query (asserts there is a row). */
int64_t t_int(struct db *db, const char *sql);

/* The test county, as org_import_csv() input:
 *   610929       白河县 (county)
 *   610929100    城关镇 (town)            610929101 中厂镇 (town)
 *   610929100201 城关镇的村 (village)     610929100202 城关镇的社区 (community)
 *   610929101201 中厂镇的村 (village)
 * t_seed_county() imports it in one transaction and asserts it worked. */
extern const char t_county_csv[];
void t_seed_county(struct db *db);

#define T_COUNTY "610929"
#define T_TOWN_A "610929100"
#define T_TOWN_B "610929101"
#define T_VILLAGE_A1 "610929100201"
#define T_COMMUNITY_A2 "610929100202"
#define T_VILLAGE_B1 "610929101201"

#define T_PATH_COUNTY "/610929/"
#define T_PATH_TOWN_A "/610929/610929100/"
#define T_PATH_TOWN_B "/610929/610929101/"
#define T_PATH_VILLAGE_A1 "/610929/610929100/610929100201/"
#define T_PATH_VILLAGE_B1 "/610929/610929101/610929101201/"

/* A principal with this role, org code and org path (no database involved). */
struct principal t_principal(enum role role, const char *org_code, const char *org_path);

/* The actor unit tests write audit entries as. */
extern const struct audit_actor t_actor;

/* The official calendar of data/cn-holidays.csv (as bundled into the binary), built. The
 * caller frees it with calendar_free(). */
struct calendar *t_official_calendar(void);

/* A date.h day number from "YYYY-MM-DD" (asserts it parses), and back (a static buffer). */
int t_day(const char *text);
const char *t_day_text(int day);

/* A fixed "now": 2025-09-26T09:00:00+08:00. */
#define T_NOW INT64_C(1758848400)

#endif
