/*
** test_window.c — windows, AB posts and absences (domain/window.c, domain/absence.c): who is
** on duty (A unless absent, else B), the AB rule with overlapping and touching date ranges,
** the shapes the queue relies on (window_get, venue_groups_list).
**
** Every test starts from the test county with 城关镇便民服务中心 (town A) and four people of
** town A: 甲 and 乙 (window staff), 丙 (window staff) and the manager 丁; and 戊 of town B.
*/
#include "db/db.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "domain/absence.h"
#include "domain/account.h"
#include "domain/duty.h"
#include "domain/hours.h"
#include "domain/stats.h"
#include "domain/venue.h"
#include "domain/window.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct t_db t;
static int64_t venue_a, u_jia, u_yi, u_bing, u_ding, u_wu;
static int64_t now = T_NOW; /* Friday 2025-09-26 09:00 China time */

typedef int (*op_fn)(struct db *db, json_t *body, int64_t target, int64_t *id,
		     struct bm_error *err);

struct op_ctx {
	op_fn fn;
	json_t *body;
	int64_t target;
	int64_t id;
};

static int op_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct op_ctx *ctx = vctx;
	return ctx->fn(db, ctx->body, ctx->target, &ctx->id, err);
}

/* Runs fn with the body (JSON text, formatted printf-style) in one transaction. */
static int run_op(op_fn fn, int64_t target, int64_t *id, struct bm_error *err, const char *fmt,
		  ...) __attribute__((format(printf, 5, 6)));
static int run_op(op_fn fn, int64_t target, int64_t *id, struct bm_error *err, const char *fmt,
		  ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	json_error_t jerr;
	json_t *body = json_loads(text, 0, &jerr);
	cr_assert_not_null(body, "bad test JSON %s: %s", text, jerr.text);
	struct op_ctx ctx = {fn, body, target, 0};
	int rc = db_transaction(t.db, op_txn, &ctx, err);
	json_decref(body);
	if (id)
		*id = ctx.id;
	return rc;
}

static int op_venue(struct db *db, json_t *body, int64_t target, int64_t *id, struct bm_error *err)
{
	return venue_create(db, json_string_value(json_object_get(body, "org")),
			    json_string_value(json_object_get(body, "name")), "hall", NULL, &t_actor,
			    now, id, err);
}

static int op_user(struct db *db, json_t *body, int64_t target, int64_t *id, struct bm_error *err)
{
	const char *role_text = json_string_value(json_object_get(body, "role"));
	struct account_new a = {
		.username = json_string_value(json_object_get(body, "username")),
		.display_name = json_string_value(json_object_get(body, "name")),
		.role = strcmp(role_text, "mgr") == 0 ? ROLE_VENUE_MANAGER : ROLE_WINDOW_STAFF,
		.org_code = json_string_value(json_object_get(body, "org")),
		.password_hash = "not-a-real-hash",
	};
	return account_create(db, &a, &t_actor, now, id, err);
}

static int op_group_create(struct db *db, json_t *body, int64_t venue, int64_t *id,
			   struct bm_error *err)
{
	return group_create(db, venue, body, &t_actor, now, id, err);
}

static int op_window_create(struct db *db, json_t *body, int64_t venue, int64_t *id,
			    struct bm_error *err)
{
	return window_create(db, venue, body, &t_actor, now, id, err);
}

static int op_window_update(struct db *db, json_t *body, int64_t window, int64_t *id,
			    struct bm_error *err)
{
	return window_update(db, window, body, &t_actor, now, err);
}

static int op_absence(struct db *db, json_t *body, int64_t target, int64_t *id,
		      struct bm_error *err)
{
	return absence_book(db, body, &t_actor, now, id, err);
}

static int64_t must(op_fn fn, int64_t target, const char *body)
{
	struct bm_error err = {0};
	int64_t id = 0;
	cr_assert_eq(run_op(fn, target, &id, &err, "%s", body), 0, "%s: %s", body, err.message);
	return id;
}

static int64_t user(const char *username, const char *name, const char *role, const char *org)
{
	char body[256];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"name\":\"%s\",\"role\":\"%s\",\"org\":\"%s\"}",
		 username, name, role, org);
	return must(op_user, 0, body);
}

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	now = T_NOW;
	venue_a = must(op_venue, 0, "{\"org\":\"" T_TOWN_A "\",\"name\":\"城关镇便民服务中心\"}");
	u_jia = user("staff-jia", "甲", "staff", T_TOWN_A);
	u_yi = user("staff-yi", "乙", "staff", T_TOWN_A);
	u_bing = user("staff-bing", "丙", "staff", T_TOWN_A);
	u_ding = user("mgr-ding", "丁", "mgr", T_TOWN_A);
	u_wu = user("staff-wu", "戊", "staff", T_TOWN_B);
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(window, .init = setup, .fini = teardown);

static int64_t window_with(int number, int64_t a, int64_t b)
{
	char body[256];
	snprintf(body, sizeof body,
		 "{\"number\":%d,\"name\":\"综合受理窗口\",\"kind\":\"comprehensive\","
		 "\"a_user_id\":%lld,\"b_user_id\":%lld}",
		 number, (long long)a, (long long)b);
	return must(op_window_create, venue_a, body);
}

static int book(int64_t who, const char *start, const char *end, struct bm_error *err)
{
	return run_op(op_absence, 0, NULL, err,
		      "{\"user_id\":%lld,\"kind\":\"leave\",\"start_date\":\"%s\",\"end_date\":\"%s\"}",
		      (long long)who, start, end);
}

static void must_book(int64_t who, const char *start, const char *end)
{
	struct bm_error err = {0};
	cr_assert_eq(book(who, start, end, &err), 0, "%s..%s: %s", start, end, err.message);
}

static int64_t on_duty(int64_t window, const char *date, enum window_post *post)
{
	struct bm_error err = {0};
	int64_t who = 0;
	int rc = window_on_duty_post(t.db, window, date, &who, post, &err);
	cr_assert_geq(rc, 0, "%s", err.message);
	return rc ? who : 0;
}

/* --- on duty ------------------------------------------------------------------------------ */

Test(window, the_a_holder_is_on_duty_when_present)
{
	int64_t w = window_with(1, u_jia, u_yi);
	enum window_post post;
	cr_assert_eq(on_duty(w, "2025-09-26", &post), u_jia);
	cr_assert_eq(post, POST_A);
	int64_t who = 0;
	cr_assert_eq(window_on_duty(t.db, w, "2025-09-26", &who), 1);
	cr_assert_eq(who, u_jia);
}

Test(window, the_b_holder_stands_in_on_the_days_a_is_away_only)
{
	int64_t w = window_with(1, u_jia, u_yi);
	must_book(u_jia, "2025-09-29", "2025-09-30");
	enum window_post post;
	cr_assert_eq(on_duty(w, "2025-09-28", &post), u_jia, "the day before");
	cr_assert_eq(on_duty(w, "2025-09-29", &post), u_yi, "first day away");
	cr_assert_eq(post, POST_B);
	cr_assert_eq(on_duty(w, "2025-09-30", &post), u_yi, "last day away (inclusive)");
	cr_assert_eq(on_duty(w, "2025-10-01", &post), u_jia, "the day after");
}

Test(window, nobody_is_on_duty_when_a_is_away_and_there_is_no_b)
{
	int64_t w = must(op_window_create, venue_a,
			 "{\"number\":2,\"name\":\"社保窗口\",\"kind\":\"specialised\"}");
	enum window_post post;
	cr_assert_eq(on_duty(w, "2025-09-26", &post), 0);
	cr_assert_eq(post, POST_NONE);
	int64_t who = 0;
	cr_assert_eq(window_on_duty(t.db, w, "2025-09-26", &who), 0);
}

Test(window, an_inactive_window_has_nobody_on_duty)
{
	int64_t w = window_with(1, u_jia, u_yi);
	must(op_window_update, w, "{\"active\":false}");
	enum window_post post;
	cr_assert_eq(on_duty(w, "2025-09-26", &post), 0);
}

Test(window, an_unknown_window_is_window_not_found)
{
	struct bm_error err = {0};
	int64_t who;
	enum window_post post;
	cr_assert_eq(window_on_duty_post(t.db, 999, "2025-09-26", &who, &post, &err), -1);
	cr_assert_str_eq(err.code, "window_not_found");
}

/* --- the AB rule -------------------------------------------------------------------------- */

Test(window, booking_b_away_while_a_is_away_is_refused_naming_the_post_and_the_colleague)
{
	window_with(3, u_jia, u_yi);
	must_book(u_jia, "2025-10-08", "2025-10-10");
	int64_t before = t_int(t.db, "SELECT COUNT(*) FROM absences");
	struct bm_error err = {0};
	cr_assert_eq(book(u_yi, "2025-10-10", "2025-10-12", &err), -1, "overlap on the 10th");
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "ab_both_absent");
	cr_assert(strstr(err.message, "3 号窗口"), "names the window: %s", err.message);
	cr_assert(strstr(err.message, "甲"), "names the colleague: %s", err.message);
	cr_assert(strstr(err.message, "A岗"), "names the colleague's post: %s", err.message);
	cr_assert(strstr(err.message, "2025-10-08"), "gives the dates: %s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM absences"), before, "nothing booked");
}

Test(window, ranges_inside_and_around_the_colleagues_absence_are_refused_too)
{
	window_with(1, u_jia, u_yi);
	must_book(u_yi, "2025-10-08", "2025-10-10");
	struct bm_error err = {0};
	cr_assert_eq(book(u_jia, "2025-10-09", "2025-10-09", &err), -1, "inside");
	cr_assert_eq(book(u_jia, "2025-10-01", "2025-10-31", &err), -1, "around");
	cr_assert_eq(book(u_jia, "2025-10-06", "2025-10-08", &err), -1, "touching the first day");
	cr_assert_str_eq(err.code, "ab_both_absent");
}

Test(window, absences_that_end_the_day_before_or_start_the_day_after_are_allowed)
{
	window_with(1, u_jia, u_yi);
	must_book(u_yi, "2025-10-08", "2025-10-10");
	must_book(u_jia, "2025-10-01", "2025-10-07");
	must_book(u_jia, "2025-10-11", "2025-10-11");
}

Test(window, the_rule_holds_for_every_post_a_person_holds)
{
	window_with(1, u_jia, u_yi);
	window_with(2, u_bing, u_jia); /* 甲 is also B of window 2 */
	must_book(u_bing, "2025-11-03", "2025-11-03");
	struct bm_error err = {0};
	cr_assert_eq(book(u_jia, "2025-11-03", "2025-11-04", &err), -1);
	cr_assert(strstr(err.message, "2 号窗口") && strstr(err.message, "丙"), "%s", err.message);
}

Test(window, a_persons_own_absences_may_not_overlap)
{
	must_book(u_bing, "2025-11-03", "2025-11-05");
	struct bm_error err = {0};
	cr_assert_eq(book(u_bing, "2025-11-05", "2025-11-06", &err), -1);
	cr_assert_str_eq(err.code, "absence_overlap");
}

Test(window, an_absence_ending_before_it_starts_is_invalid)
{
	struct bm_error err = {0};
	cr_assert_eq(book(u_bing, "2025-11-05", "2025-11-04", &err), -1);
	cr_assert_str_eq(err.code, "invalid_field");
	cr_assert_str_eq(err.field, "end_date");
}

Test(window, pairing_two_people_already_away_together_is_refused)
{
	int64_t w = window_with(1, u_jia, u_bing);
	must_book(u_jia, "2025-10-08", "2025-10-10");
	must_book(u_yi, "2025-10-10", "2025-10-10");
	struct bm_error err = {0};
	cr_assert_eq(run_op(op_window_update, w, NULL, &err, "{\"b_user_id\":%lld}", (long long)u_yi),
		     -1);
	cr_assert_str_eq(err.code, "ab_both_absent");
}

/* --- holders and shapes ------------------------------------------------------------------- */

Test(window, holders_must_be_staff_of_the_venues_org_and_differ)
{
	struct bm_error err = {0};
	cr_assert_eq(run_op(op_window_create, venue_a, NULL, &err,
			    "{\"number\":1,\"name\":\"x\",\"kind\":\"comprehensive\",\"a_user_id\":%lld}",
			    (long long)u_wu),
		     -1, "a clerk of another town");
	cr_assert_str_eq(err.field, "a_user_id");
	cr_assert_eq(run_op(op_window_create, venue_a, NULL, &err,
			    "{\"number\":1,\"name\":\"x\",\"kind\":\"comprehensive\",\"a_user_id\":%lld,"
			    "\"b_user_id\":%lld}",
			    (long long)u_jia, (long long)u_jia),
		     -1, "A is B");
	cr_assert_str_eq(err.field, "b_user_id");
	window_with(1, u_ding, u_jia); /* a manager may hold a post */
	cr_assert_eq(run_op(op_window_create, venue_a, NULL, &err,
			    "{\"number\":1,\"name\":\"y\",\"kind\":\"comprehensive\"}"),
		     -1);
	cr_assert_str_eq(err.code, "window_number_taken");
}

Test(window, window_get_and_groups_list_have_the_shapes_the_queue_uses)
{
	must(op_group_create, venue_a, "{\"code\":\"A\",\"name\":\"社会保障\",\"prefix\":\"A\"}");
	must(op_group_create, venue_a,
	     "{\"code\":\"B\",\"name\":\"民政\",\"prefix\":\"B\",\"daily_cap\":50,\"wait_alert\":8}");
	char body[256];
	snprintf(body, sizeof body,
		 "{\"number\":5,\"name\":\"综合受理窗口\",\"kind\":\"comprehensive\","
		 "\"a_user_id\":%lld,\"groups\":[\"B\",\"A\"]}",
		 (long long)u_jia);
	int64_t w = must(op_window_create, venue_a, body);
	json_t *win = NULL, *groups = NULL;
	struct bm_error err = {0};
	cr_assert_eq(window_get(t.db, w, &win, &err), 0, "%s", err.message);
	cr_assert_eq(json_integer_value(json_object_get(win, "number")), 5);
	cr_assert_eq(json_integer_value(json_object_get(win, "venue_id")), venue_a);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(win, "a_user"), "username")),
			 "staff-jia");
	cr_assert(json_is_null(json_object_get(win, "b_user")));
	cr_assert(json_is_true(json_object_get(win, "active")));
	json_t *wg = json_object_get(win, "groups");
	cr_assert_eq(json_array_size(wg), 2);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(wg, 0), "prefix")), "A");
	cr_assert_eq(venue_groups_list(t.db, venue_a, &groups, &err), 0, "%s", err.message);
	cr_assert_eq(json_array_size(groups), 2);
	json_t *b = json_array_get(groups, 1);
	cr_assert_eq(json_integer_value(json_object_get(b, "daily_cap")), 50);
	cr_assert_eq(json_integer_value(json_object_get(b, "wait_alert")), 8);
	json_decref(win);
	json_decref(groups);
}

Test(window, group_codes_and_prefixes_are_unique_and_prefixes_upper_case)
{
	struct bm_error err = {0};
	must(op_group_create, venue_a, "{\"code\":\"A\",\"name\":\"社会保障\",\"prefix\":\"A\"}");
	cr_assert_eq(run_op(op_group_create, venue_a, NULL, &err,
			    "{\"code\":\"A\",\"name\":\"x\",\"prefix\":\"Z\"}"),
		     -1);
	cr_assert_str_eq(err.code, "group_code_taken");
	cr_assert_eq(run_op(op_group_create, venue_a, NULL, &err,
			    "{\"code\":\"C\",\"name\":\"x\",\"prefix\":\"A\"}"),
		     -1);
	cr_assert_str_eq(err.code, "group_prefix_taken");
	cr_assert_eq(run_op(op_group_create, venue_a, NULL, &err,
			    "{\"code\":\"C\",\"name\":\"x\",\"prefix\":\"c\"}"),
		     -1);
	cr_assert_str_eq(err.field, "prefix");
}

/* --- opening hours, coverage, gaps and history (domain/hours.c, domain/duty.c) ------------- */

TestSuite(window_duty, .init = setup, .fini = teardown);

static int op_hours(struct db *db, json_t *body, int64_t venue, int64_t *id, struct bm_error *err)
{
	return hours_put(db, venue, json_object_get(body, "ranges"), &t_actor, now, err);
}

/* Baihe's halls: Monday to Friday 08:30-12:00 and 14:30-17:30. */
static void baihe_hours(void)
{
	must(op_hours, venue_a,
	     "{\"ranges\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"12:00\"},"
	     "{\"weekday\":1,\"opens\":\"14:30\",\"closes\":\"17:30\"},"
	     "{\"weekday\":2,\"opens\":\"08:30\",\"closes\":\"12:00\"},"
	     "{\"weekday\":3,\"opens\":\"08:30\",\"closes\":\"12:00\"},"
	     "{\"weekday\":4,\"opens\":\"08:30\",\"closes\":\"12:00\"},"
	     "{\"weekday\":5,\"opens\":\"8:30\",\"closes\":\"12:00\"},"
	     "{\"weekday\":5,\"opens\":\"14:30\",\"closes\":\"17:30\"}]}");
}

static int64_t at(const char *rfc3339)
{
	int64_t t;
	cr_assert_eq(clock_parse_rfc3339(rfc3339, &t), 0, "%s", rfc3339);
	return t;
}

static bool open_at(const struct calendar *cal, const char *when)
{
	struct venue_hours h;
	struct bm_error err = {0};
	cr_assert_eq(hours_load(t.db, venue_a, &h, &err), 0, "%s", err.message);
	return hours_open_at(&h, cal, at(when));
}

Test(window_duty, a_hall_is_open_in_its_ranges_and_closed_over_lunch_and_at_the_weekend)
{
	baihe_hours();
	cr_assert(open_at(NULL, "2025-09-26T08:30:00+08:00"), "opening minute");
	cr_assert(open_at(NULL, "2025-09-26T11:59:59+08:00"));
	cr_assert_not(open_at(NULL, "2025-09-26T12:00:00+08:00"), "closing minute is closed");
	cr_assert_not(open_at(NULL, "2025-09-26T13:00:00+08:00"), "lunch break");
	cr_assert(open_at(NULL, "2025-09-26T14:30:00+08:00"));
	cr_assert_not(open_at(NULL, "2025-09-26T08:29:00+08:00"));
	cr_assert_not(open_at(NULL, "2025-09-27T10:00:00+08:00"), "Saturday");
	cr_assert(open_at(NULL, "2025-09-26T01:00:00Z"), "09:00 China time, given in UTC");
}

Test(window_duty, announced_holidays_close_and_make_up_days_keep_mondays_hours)
{
	baihe_hours();
	struct calendar *cal = t_official_calendar();
	cr_assert_not(open_at(cal, "2025-10-01T10:00:00+08:00"), "National Day (Wednesday)");
	cr_assert(open_at(cal, "2025-09-28T10:00:00+08:00"), "Sunday 09-28 is a make-up working day");
	cr_assert(open_at(cal, "2025-09-28T15:00:00+08:00"), "with Monday's afternoon too");
	cr_assert(open_at(cal, "2025-09-29T10:00:00+08:00"), "an ordinary Monday");
	calendar_free(cal);
}

Test(window_duty, overlapping_or_malformed_ranges_are_refused)
{
	struct bm_error err = {0};
	cr_assert_eq(run_op(op_hours, venue_a, NULL, &err,
			    "{\"ranges\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"12:00\"},"
			    "{\"weekday\":1,\"opens\":\"11:30\",\"closes\":\"17:30\"}]}"),
		     -1);
	cr_assert_str_eq(err.code, "hours_overlap");
	cr_assert_eq(run_op(op_hours, venue_a, NULL, &err,
			    "{\"ranges\":[{\"weekday\":1,\"opens\":\"12:00\",\"closes\":\"08:30\"}]}"),
		     -1);
	cr_assert_str_eq(err.field, "ranges[0]");
	cr_assert_eq(run_op(op_hours, venue_a, NULL, &err,
			    "{\"ranges\":[{\"weekday\":8,\"opens\":\"08:00\",\"closes\":\"09:00\"}]}"),
		     -1);
	cr_assert_eq(run_op(op_hours, venue_a, NULL, &err,
			    "{\"ranges\":[{\"weekday\":1,\"opens\":\"8:5\",\"closes\":\"09:00\"}]}"),
		     -1);
}

/* Items X1, X2 (group A, served by window 1, A holder `a`, no B) and X3 (in no group), all
 * claimed by the hall. Returns window 1. */
static int64_t coverage_fixture(int64_t a)
{
	char sql[256], body[256];
	t_sql(t.db, "INSERT INTO items (code, current_version, status, updated_at) VALUES "
		    "('X1', 1, 'published', 0), ('X2', 1, 'published', 0), ('X3', 1, 'published', 0)");
	snprintf(sql, sizeof sql,
		 "INSERT INTO item_claims (venue_id, item_code, claimed_at) VALUES "
		 "(%lld, 'X1', 0), (%lld, 'X2', 0), (%lld, 'X3', 0)",
		 (long long)venue_a, (long long)venue_a, (long long)venue_a);
	t_sql(t.db, sql);
	must(op_group_create, venue_a,
	     "{\"code\":\"A\",\"name\":\"社会保障\",\"prefix\":\"A\",\"items\":[\"X1\",\"X2\"]}");
	snprintf(body, sizeof body,
		 "{\"number\":1,\"name\":\"社保窗口\",\"kind\":\"specialised\",\"groups\":[\"A\"],"
		 "\"a_user_id\":%lld}",
		 (long long)a);
	return must(op_window_create, venue_a, body);
}

typedef int (*read_fn)(struct db *db, json_t **out, struct bm_error *err);

static int read_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct {
		read_fn fn;
		json_t *out;
	} *c = vctx;
	return c->fn(db, &c->out, err);
}

/* Runs a read that syncs the history (so in a transaction) and returns its JSON. */
static json_t *read_json(read_fn fn)
{
	struct {
		read_fn fn;
		json_t *out;
	} c = {fn, NULL};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, read_txn, &c, &err), 0, "%s", err.message);
	return c.out;
}

static int board_of_a(struct db *db, json_t **out, struct bm_error *err)
{
	return duty_board(db, venue_a, now, out, err);
}

static int gaps_of_county(struct db *db, json_t **out, struct bm_error *err)
{
	return duty_gaps(db, T_PATH_COUNTY, now, out, err);
}

static int history_of_a(struct db *db, json_t **out, struct bm_error *err)
{
	return duty_history(db, venue_a, "2025-09-26", "2025-09-26", now, out, err);
}

static const char *uncovered_reason(json_t *b, const char *code)
{
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(json_object_get(b, "coverage"), "uncovered"), i, u)
		if (strcmp(json_string_value(json_object_get(u, "code")), code) == 0)
			return json_string_value(json_object_get(u, "reason"));
	return NULL;
}

Test(window_duty, an_item_in_no_windows_group_is_uncovered)
{
	coverage_fixture(u_jia);
	json_t *b = read_json(board_of_a);
	json_t *cov = json_object_get(b, "coverage");
	cr_assert_eq(json_integer_value(json_object_get(cov, "claimed")), 3);
	cr_assert_eq(json_integer_value(json_object_get(cov, "covered")), 2);
	cr_assert_str_eq(uncovered_reason(b, "X3"), "no_window");
	cr_assert_null(uncovered_reason(b, "X1"));
	json_decref(b);
}

Test(window_duty, items_of_a_window_with_nobody_on_duty_are_uncovered)
{
	coverage_fixture(u_jia);
	must_book(u_jia, "2025-09-26", "2025-09-26");
	json_t *b = read_json(board_of_a);
	cr_assert_str_eq(uncovered_reason(b, "X1"), "nobody_on_duty");
	cr_assert_str_eq(uncovered_reason(b, "X2"), "nobody_on_duty");
	json_t *w = json_array_get(json_object_get(b, "windows"), 0);
	cr_assert(json_is_null(json_object_get(w, "on_duty")));
	cr_assert_eq(json_array_size(json_object_get(b, "no_b")), 1, "window 1 has no B");
	json_decref(b);
}

Test(window_duty, another_window_with_the_group_and_someone_on_duty_covers_the_item)
{
	coverage_fixture(u_jia);
	must_book(u_jia, "2025-09-26", "2025-09-26");
	char body[256];
	snprintf(body, sizeof body,
		 "{\"number\":2,\"name\":\"综合受理窗口\",\"kind\":\"comprehensive\",\"groups\":[\"A\"],"
		 "\"a_user_id\":%lld}",
		 (long long)u_yi);
	must(op_window_create, venue_a, body);
	json_t *b = read_json(board_of_a);
	cr_assert_null(uncovered_reason(b, "X1"));
	json_decref(b);
}

Test(window_duty, a_person_holding_more_posts_than_the_setting_is_reported)
{
	window_with(1, u_jia, u_yi);
	window_with(2, u_yi, u_jia);
	json_t *b = read_json(board_of_a);
	cr_assert_eq(json_array_size(json_object_get(b, "overloaded")), 0, "two posts are allowed");
	json_decref(b);
	window_with(3, u_jia, u_bing);
	b = read_json(board_of_a);
	json_t *o = json_object_get(b, "overloaded");
	cr_assert_eq(json_array_size(o), 1);
	json_t *first = json_array_get(o, 0);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(first, "user"), "id")), u_jia);
	cr_assert_eq(json_integer_value(json_object_get(first, "posts")), 3);
	json_decref(b);
	t_sql(t.db, "INSERT INTO settings (key, value) VALUES ('max_posts_per_person', '3')");
	b = read_json(board_of_a);
	cr_assert_eq(json_array_size(json_object_get(b, "overloaded")), 0, "the limit is a setting");
	json_decref(b);
}

Test(window_duty, a_window_with_nobody_during_opening_hours_is_a_gap_and_not_over_lunch)
{
	now = at("2025-09-26T07:00:00+08:00"); /* set up before opening */
	baihe_hours();
	coverage_fixture(u_jia);
	must_book(u_jia, "2025-09-26", "2025-09-26");
	now = at("2025-09-26T10:00:00+08:00");
	json_t *gaps = read_json(gaps_of_county);
	cr_assert_eq(json_array_size(gaps), 1);
	json_t *g = json_array_get(gaps, 0);
	cr_assert_str_eq(json_string_value(json_object_get(g, "since")), "2025-09-26T08:30:00+08:00",
			 "the gap started at opening, whenever it was first looked at");
	json_decref(gaps);
	now = at("2025-09-26T12:30:00+08:00");
	gaps = read_json(gaps_of_county);
	cr_assert_eq(json_array_size(gaps), 0, "closed over lunch: no gap");
	json_decref(gaps);
	json_t *b = read_json(board_of_a);
	cr_assert(json_is_false(json_object_get(b, "open_now")));
	json_decref(b);
}

Test(window_duty, the_history_records_duty_and_gaps_exactly_at_the_changes)
{
	baihe_hours();
	coverage_fixture(u_jia); /* created at 09:00: jia on duty from then */
	now = at("2025-09-26T10:15:00+08:00");
	must_book(u_jia, "2025-09-26", "2025-09-26"); /* jia leaves: a gap from 10:15 */
	now = at("2025-09-26T18:00:00+08:00");
	json_t *h = read_json(history_of_a);
	json_t *items = json_object_get(h, "items");
	cr_assert_eq(json_array_size(items), 3, "%s", json_dumps(h, 0));
	json_t *duty = json_array_get(items, 0), *gap1 = json_array_get(items, 1),
	       *gap2 = json_array_get(items, 2);
	cr_assert_str_eq(json_string_value(json_object_get(duty, "post")), "A");
	cr_assert_str_eq(json_string_value(json_object_get(duty, "started_at")),
			 "2025-09-26T09:00:00+08:00");
	cr_assert_str_eq(json_string_value(json_object_get(duty, "ended_at")),
			 "2025-09-26T10:15:00+08:00");
	cr_assert(json_is_true(json_object_get(gap1, "gap")));
	cr_assert_str_eq(json_string_value(json_object_get(gap1, "ended_at")),
			 "2025-09-26T12:00:00+08:00");
	cr_assert_str_eq(json_string_value(json_object_get(gap2, "started_at")),
			 "2025-09-26T14:30:00+08:00");
	cr_assert_str_eq(json_string_value(json_object_get(gap2, "ended_at")),
			 "2025-09-26T17:30:00+08:00");
	cr_assert_eq(json_integer_value(json_object_get(h, "gap_minutes")), 105 + 180);
	json_decref(h);
}

/* The window time of the duty history reaches the maintained counters (domain/stats.h) as each
 * interval ends, exactly as a rebuild counts it: all of it, the staffed part, the A part. */
Test(window_duty, the_history_feeds_the_coverage_and_attendance_counters)
{
	struct bm_error err = {0};
	baihe_hours();
	coverage_fixture(u_jia); /* window 1: jia (A, no B), from 09:00 */
	int64_t w2 = window_with(2, u_yi, u_bing);
	must_book(u_yi, "2025-09-26", "2025-09-26"); /* window 2: bing stands in (B) all day */
	now = at("2025-09-26T10:15:00+08:00");
	must_book(u_jia, "2025-09-26", "2025-09-26"); /* window 1: a gap from 10:15 */
	now = at("2025-09-26T18:00:00+08:00");
	json_decref(read_json(history_of_a)); /* syncs: every interval ended at 17:30 */
	cr_assert_gt(w2, 0);

	struct stats_totals c;
	cr_assert_eq(stats_totals_for(t.db, T_TOWN_A, "2025-09-26", "2025-09-26", &c, &err), 0, "%s",
		     err.message);
	/* window 1: A 09:00-10:15, gaps 10:15-12:00 and 14:30-17:30; window 2: B 09:00-12:00 and
	 * 14:30-17:30 (minutes: 75 + 105 + 180, and 180 + 180) */
	cr_assert_eq(c.open_post_seconds, (75 + 105 + 180 + 180 + 180) * 60);
	cr_assert_eq(c.staffed_seconds, (75 + 180 + 180) * 60);
	cr_assert_eq(c.a_post_seconds, 75 * 60);

	long mismatches = -1;
	cr_assert_eq(stats_check(t.db, &mismatches, NULL, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(mismatches, 0, "the maintained counters equal a rebuild");

	json_t *gaps = NULL;
	long total = 0;
	cr_assert_eq(stats_records(t.db, "gap_seconds", T_TOWN_A, "2025-09-26", "2025-09-26", 10, 0,
				   &gaps, &total, &err),
		     0, "%s", err.message);
	cr_assert_eq(total, 2);
	long seconds = 0;
	size_t i;
	json_t *r;
	json_array_foreach(gaps, i, r) {
		cr_assert_str_eq(json_string_value(json_object_get(r, "kind")), "duty");
		cr_assert_str_eq(json_string_value(json_object_get(r, "level")), "gap");
		seconds += (long)json_integer_value(json_object_get(r, "seconds"));
	}
	cr_assert_eq(seconds, c.open_post_seconds - c.staffed_seconds, "the records add up");
	json_decref(gaps);
}
