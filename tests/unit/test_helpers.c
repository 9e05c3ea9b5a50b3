/*
** test_helpers.c — the shared test helpers declared in helpers.h (no tests here).
*/
#include "helpers.h"
#include "core/date.h"
#include "domain/workcal.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/org.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct audit_actor t_actor = {0, "unit-test"};

const char t_county_csv[] =
	"code,name,level,parent_code,kind\n"
	"610929,白河县,county,,county\n"
	"610929100,城关镇,town,610929,town\n"
	"610929101,中厂镇,town,610929,town\n"
	"610929100201,城关镇某村,village,610929100,village\n"
	"610929100202,城关镇某社区,village,610929100,community\n"
	"610929101201,中厂镇某村,village,610929101,village\n";

void t_db_open(struct t_db *t)
{
	struct bm_error err = {0};
	log_set_quiet(1);
	snprintf(t->dir, sizeof t->dir, "/tmp/bianmin-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(t->dir), "mkdtemp failed");
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	struct db_config cfg = {.backend = DB_SQLITE, .sqlite_path = t->path};
	t->db = NULL;
	cr_assert_eq(db_open(&cfg, &t->db, &err), 0, "db_open %s: %s", t->path, err.message);
	cr_assert_geq(db_migrate(t->db, &err), 0, "db_migrate: %s", err.message);
}

void t_db_close(struct t_db *t)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", NULL};
	char file[128];
	db_close(t->db);
	t->db = NULL;
	for (int i = 0; suffixes[i]; i++) {
		snprintf(file, sizeof file, "%s%s", t->path, suffixes[i]);
		unlink(file);
	}
	rmdir(t->dir);
}

void t_sql(struct db *db, const char *sql)
{
	struct bm_error err = {0};
	cr_assert_eq(db_exec(db, sql, &err), 0, "SQL failed: %s\n  %s", err.message, sql);
}

int64_t t_int(struct db *db, const char *sql)
{
	struct bm_error err = {0};
	int64_t value = 0;
	int found = db_query_int(db, &err, &value, sql, "");
	cr_assert_eq(found, 1, "expected one row from: %s (%s)", sql, err.message);
	return value;
}

static int t_import_county(struct db *db, void *ctx, struct bm_error *err)
{
	return org_import_csv(db, t_county_csv, &t_actor, T_NOW, err);
}

void t_seed_county(struct db *db)
{
	struct bm_error err = {0};
	int rows = db_transaction(db, t_import_county, NULL, &err);
	cr_assert_eq(rows, 6, "seeding the test county: %d rows, %s", rows, err.message);
}

struct principal t_principal(enum role role, const char *org_code, const char *org_path)
{
	struct principal who;
	memset(&who, 0, sizeof who);
	who.user_id = 1;
	who.role = role;
	snprintf(who.username, sizeof who.username, "tester");
	snprintf(who.display_name, sizeof who.display_name, "测试");
	snprintf(who.org_code, sizeof who.org_code, "%s", org_code);
	snprintf(who.org_path, sizeof who.org_path, "%s", org_path);
	return who;
}

struct calendar *t_official_calendar(void)
{
	struct bm_error err = {0};
	struct calendar *cal = calendar_new();
	cr_assert_gt(calendar_load_csv(cal, bundled_holidays_csv, &err), 0, "%s", err.message);
	cr_assert_eq(calendar_build(cal, &err), 0, "%s", err.message);
	return cal;
}

int t_day(const char *text)
{
	int d = 0;
	cr_assert_eq(date_parse(text, &d), 0, "bad date in test: %s", text);
	return d;
}

const char *t_day_text(int day)
{
	static char text[DATE_TEXT_SIZE];
	date_format(day, text);
	return text;
}
