/*
** test_window.c — windows, AB posts and absences (domain/window.c, domain/absence.c): who is
** on duty (A unless absent, else B), the AB rule with overlapping and touching date ranges,
** the shapes the queue relies on (window_get, venue_groups_list).
**
** Every test starts from the test county with 城关镇便民服务中心 (town A) and four people of
** town A: 甲 and 乙 (window staff), 丙 (window staff) and the manager 丁; and 戊 of town B.
*/
#include "db/db.h"
#include "domain/absence.h"
#include "domain/account.h"
#include "domain/venue.h"
#include "domain/window.h"
#include "helpers.h"

#include <criterion/criterion.h>
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
