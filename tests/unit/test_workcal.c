/*
** test_workcal.c — the working-day calendar as the system stores it (domain/workcal.c): a
** load is checked against the days already stored, all or nothing, and what is stored builds
** the same calendar the deadlines are counted on.
*/
#include "core/date.h"
#include "db/db.h"
#include "domain/workcal.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct t_db t;

static void setup(void)
{
	t_db_open(&t);
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(workcal, .init = setup, .fini = teardown);

static int import_txn(struct db *db, void *text, struct bm_error *err)
{
	return workcal_import_csv(db, text, &t_actor, T_NOW, err);
}

static int import(const char *text, struct bm_error *err)
{
	return db_transaction(t.db, import_txn, (void *)text, err);
}

static int day(const char *text)
{
	int d = 0;
	cr_assert_eq(date_parse(text, &d), 0, "%s", text);
	return d;
}

Test(workcal, bundled_arrangements_are_stored_and_build_the_official_calendar)
{
	struct bm_error err = {0};
	int added = import(bundled_holidays_csv, &err);
	cr_assert_gt(added, 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM calendar_days"), added);
	struct calendar *cal = NULL;
	cr_assert_eq(workcal_load(t.db, &cal, &err), 0, "%s", err.message);
	int out = 0;
	/* Accepted Wednesday 2025-04-30; 05-01..05 are off, so one working day ends on 05-06. */
	cr_assert_eq(calendar_add_working_days(cal, day("2025-04-30"), 1, &out, &err), 0, "%s",
		     err.message);
	char text[DATE_TEXT_SIZE];
	date_format(out, text);
	cr_assert_str_eq(text, "2025-05-06");
	calendar_free(cal);
}

Test(workcal, loading_the_same_file_again_adds_nothing)
{
	struct bm_error err = {0};
	int first = import(bundled_holidays_csv, &err);
	cr_assert_gt(first, 0, "%s", err.message);
	cr_assert_eq(import(bundled_holidays_csv, &err), 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM calendar_days"), first);
}

Test(workcal, day_stored_with_another_kind_refuses_the_whole_file)
{
	struct bm_error err = {0};
	cr_assert_eq(import("2025-10-11,work,国庆节调休\n", &err), 1, "%s", err.message);
	int64_t entries = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	/* Line 1 is new and fine; line 2 says the stored working Saturday is a day off. */
	cr_assert_eq(import("2025-10-01,off,国庆节\n2025-10-11,off,国庆节\n", &err), -1);
	cr_assert_str_eq(err.code, "calendar_conflict", "%s", err.message);
	cr_assert(strstr(err.message, "第 2 行") != NULL, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM calendar_days"), 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), entries);
}

Test(workcal, year_leaving_a_gap_after_the_stored_years_is_refused)
{
	struct bm_error err = {0};
	cr_assert_eq(import("2025-10-01,off,国庆节\n", &err), 1, "%s", err.message);
	cr_assert_eq(import("2027-10-01,off,国庆节\n", &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_gap", "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM calendar_days"), 1);
}

Test(workcal, load_bumps_the_calendar_version_and_is_audited)
{
	struct bm_error err = {0};
	cr_assert_gt(import(bundled_holidays_csv, &err), 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM settings WHERE key = 'calendar_version'"), 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.load'"), 1);
}
