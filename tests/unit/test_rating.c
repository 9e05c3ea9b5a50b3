/*
** test_rating.c — unit tests for 好差评: the pure rules of domain/rating_rules.c (levels and
** 差评, the rates' formulas and rounding, rectification due dates across the 2025 National
** Day holiday and without a calendar, the 追评 window) and, on a throw-away database, the
** storage rules of domain/rating.c (one rating per case and channel, one 追评, a wrong key, the
** task a 差评 opens and what supervision reads of it).
*/
#include "core/calendar.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/rating.h"
#include "domain/rating_rules.h"
#include "domain/rectification.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

/* ---- rules ---- */

Test(rating_rules, the_last_two_levels_are_bad_and_names_round_trip)
{
	bool bad[] = {false, false, false, true, true};
	for (int i = 0; i < RATING_LEVEL_COUNT; i++) {
		enum rating_level level;
		cr_assert_eq(rating_level_parse(rating_level_names[i], &level), 0);
		cr_assert_eq(level, (enum rating_level)i);
		cr_assert_eq(rating_level_is_bad(level), bad[i], "%s", rating_level_names[i]);
	}
	cr_assert_str_eq(rating_level_label(RATING_BASIC), "基本满意");
	cr_assert_str_eq(rating_level_label(RATING_VERY_DISSATISFIED), "非常不满意");
	enum rating_level ignored;
	cr_assert_eq(rating_level_parse("good", &ignored), -1);
	cr_assert_eq(rating_level_parse(NULL, &ignored), -1);
}

Test(rating_rules, rates_are_per_mille_rounded_half_up_and_undefined_over_nothing)
{
	cr_assert_eq(rating_rate_permille(5, 6), 833);
	cr_assert_eq(rating_rate_permille(2, 3), 667);
	cr_assert_eq(rating_rate_permille(1, 8), 125);
	cr_assert_eq(rating_rate_permille(1, 2000), 1); /* 0.5 per mille rounds up */
	cr_assert_eq(rating_rate_permille(0, 4), 0);
	cr_assert_eq(rating_rate_permille(4, 4), 1000);
	cr_assert_eq(rating_rate_permille(0, 0), -1);
}

Test(rating_rules, rectification_is_due_in_working_days_across_the_national_day_holiday)
{
	struct calendar *cal = t_official_calendar();
	int due;
	/* Tuesday 30 September 2025: 1-8 October off, Saturday 11 October a make-up working day. */
	cr_assert_eq(rectify_due_date(cal, t_day("2025-09-30"), 5, &due), 0);
	cr_assert_str_eq(t_day_text(due), "2025-10-14");
	cr_assert_eq(rectify_due_date(cal, t_day("2025-11-03"), 5, &due), 0);
	cr_assert_str_eq(t_day_text(due), "2025-11-10");
	/* No calendar (or a year it does not cover): Monday to Friday. */
	cr_assert_eq(rectify_due_date(NULL, t_day("2025-09-30"), 5, &due), 0);
	cr_assert_str_eq(t_day_text(due), "2025-10-07");
	cr_assert_eq(rectify_due_date(cal, t_day("2099-12-31"), 1, &due), 0);
	cr_assert_str_eq(t_day_text(due), "2100-01-01");
	cr_assert_eq(rectify_due_date(cal, t_day("2025-09-30"), -1, &due), -1);
	calendar_free(cal);
}

Test(rating_rules, a_supplementary_rating_is_open_for_the_period_after_the_first)
{
	int first = t_day("2025-11-03");
	cr_assert(rating_supplement_open(first, first, 15));
	cr_assert(rating_supplement_open(first, t_day("2025-11-18"), 15));
	cr_assert_not(rating_supplement_open(first, t_day("2025-11-19"), 15));
	cr_assert_not(rating_supplement_open(first, t_day("2025-11-02"), 15));
}

/* ---- storage ---- */

static struct t_db t;
static struct principal staff_a, staff_b;

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	t_sql(t.db,
	      "INSERT INTO venues (id, org_code, level, name, kind, updated_at) VALUES "
	      "(2, '" T_TOWN_A "', 'town', '城关镇便民服务中心', 'hall', 0);"
	      "INSERT INTO users (id, username, display_name, role, org_code, password_hash, "
	      "created_at, updated_at) VALUES "
	      "(3, 'staff-a', '城关镇窗口', 'window_staff', '" T_TOWN_A "', 'x', 0, 0),"
	      "(4, 'staff-b', '中厂镇窗口', 'window_staff', '" T_TOWN_B "', 'x', 0, 0);"
	      "PRAGMA foreign_keys = OFF;"
	      "INSERT INTO cases (no, status, item_code, item_version, item_name, kind, "
	      "promised_days, channel, applicant_name, applicant_id_number, applicant_phone, "
	      "origin_venue_id, current_venue_id, receiver_id, first_responder_id, created_at, "
	      "track_key, updated_at) VALUES ('20250926-000001', 'accepted', 'T-ITEM', 1, '事项', "
	      "'promised', 5, 'window', '张三', '610929199001011234', '13800001234', 2, 2, 3, 3, "
	      "0, 'secret-key-0123456789ab', 0);"
	      "PRAGMA foreign_keys = ON;");
	staff_a = t_principal(ROLE_WINDOW_STAFF, T_TOWN_A, T_PATH_TOWN_A);
	staff_a.user_id = 3;
	snprintf(staff_a.username, sizeof staff_a.username, "staff-a");
	staff_b = t_principal(ROLE_WINDOW_STAFF, T_TOWN_B, T_PATH_TOWN_B);
	staff_b.user_id = 4;
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(rating_store, .init = setup, .fini = teardown);

struct submit {
	const char *body;
	const struct principal *who;
	int64_t now;
	int64_t id;
};

static int submit_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct submit *s = vctx;
	json_t *body = json_loads(s->body, 0, NULL);
	cr_assert_not_null(body, "test body is JSON: %s", s->body);
	int rc = rating_submit(db, body, s->who, NULL, s->now, &s->id, err);
	json_decref(body);
	return rc;
}

/* Submits and returns 0 or the HTTP status of the error (its code in err). */
static int submit(const char *body, const struct principal *who, int64_t now,
		  struct bm_error *err)
{
	struct submit s = {body, who, now, 0};
	memset(err, 0, sizeof *err);
	return db_transaction(t.db, submit_txn, &s, err) == 0 ? 0 : err->http_status;
}

#define CASE_KEY "\"no\":\"20250926-000001\",\"key\":\"secret-key-0123456789ab\""

Test(rating_store, one_rating_per_case_and_channel_and_one_supplementary_within_the_period)
{
	struct bm_error err;
	cr_assert_eq(submit("{" CASE_KEY ",\"channel\":\"online\",\"level\":\"satisfied\"}", NULL,
			    T_NOW, &err), 0, "%s", err.message);
	cr_assert_eq(submit("{" CASE_KEY ",\"channel\":\"online\",\"level\":\"basic\"}", NULL,
			    T_NOW, &err), 409);
	cr_assert_str_eq(err.code, "rating_exists");
	cr_assert_eq(submit("{" CASE_KEY ",\"channel\":\"onsite\",\"level\":\"basic\"}", NULL,
			    T_NOW, &err), 0, "%s", err.message);
	/* 16 days later the 追评 is closed; 15 days later it is open, once. */
	const char *extra = "{" CASE_KEY ",\"channel\":\"online\",\"level\":\"satisfied\","
			    "\"supplementary\":true}";
	cr_assert_eq(submit(extra, NULL, T_NOW + 16 * 86400, &err), 409);
	cr_assert_str_eq(err.code, "supplement_closed");
	cr_assert_eq(submit(extra, NULL, T_NOW + 15 * 86400, &err), 0, "%s", err.message);
	cr_assert_eq(submit(extra, NULL, T_NOW + 15 * 86400, &err), 409);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM ratings"), 3);
}

Test(rating_store, a_wrong_key_or_a_foreign_clerk_stores_nothing)
{
	struct bm_error err;
	cr_assert_eq(submit("{\"no\":\"20250926-000001\",\"key\":\"wrong\",\"channel\":\"online\","
			    "\"level\":\"satisfied\"}",
			    NULL, T_NOW, &err), 404);
	cr_assert_str_eq(err.code, "case_not_found");
	cr_assert_eq(submit("{\"no\":\"20250926-000001\",\"channel\":\"paper\",\"level\":\"basic\"}",
			    &staff_b, T_NOW, &err), 403);
	cr_assert_eq(submit("{\"no\":\"20250926-000001\",\"channel\":\"paper\",\"level\":\"basic\"}",
			    NULL, T_NOW, &err), 401);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM ratings"), 0);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'rating.create'"), 0);
}

static int collect(const struct rectification_due *task, void *ctx)
{
	*(struct rectification_due *)ctx = *task;
	return 0;
}

Test(rating_store, a_bad_rating_opens_a_task_that_supervision_reads)
{
	struct bm_error err;
	cr_assert_eq(submit("{\"no\":\"20250926-000001\",\"channel\":\"paper\","
			    "\"level\":\"very_dissatisfied\",\"comment\":\"态度差\"}",
			    &staff_a, T_NOW, &err), 0, "%s", err.message);
	struct rectification_due task = {0};
	cr_assert_eq(rectification_each_open(t.db, collect, &task, &err), 0, "%s", err.message);
	cr_assert_str_eq(task.case_no, "20250926-000001");
	cr_assert_eq(task.responsible_id, 3);
	cr_assert_eq(task.venue_id, 2);
	cr_assert_str_eq(task.org_code, T_TOWN_A);
	/* Friday 26 September 2025 + 5 weekdays (no calendar given) */
	cr_assert_str_eq(task.due_date, "2025-10-03");
	cr_assert_eq(task.followed_up_at, 0);
	cr_assert_eq(t_int(t.db, "SELECT entered_by FROM ratings"), 3);
}
