/*
** test_training.c — unit tests for 业务培训: the pure rules (hours with one decimal, plan
** fulfilment) and, on a throw-away database, the figures the assessment reads
** (training_org_summary: sessions by the holding venue's subtree, hours and trained staff by
** the attendee's subtree, disabled accounts and non-staff roles left out, the day range).
*/
#include "db/db.h"
#include "domain/training.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

/* ---- rules ---- */

static int hours(const char *json, int64_t *tenths, bool plan)
{
	struct bm_error err;
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	cr_assert_not_null(v, "%s", json);
	int rc = plan ? training_plan_hours_from_json(v, "planned_hours", tenths, &err)
	              : training_hours_from_json(v, "hours", tenths, &err);
	if (rc < 0) {
		cr_assert_str_eq(err.code, "invalid_hours");
		cr_assert_eq(err.http_status, 400);
	}
	json_decref(v);
	return rc;
}

Test(training_rules, hours_are_positive_with_at_most_one_decimal)
{
	int64_t t = 0;
	cr_assert_eq(hours("1.5", &t, false), 0);
	cr_assert_eq(t, 15);
	cr_assert_eq(hours("2", &t, false), 0);
	cr_assert_eq(t, 20);
	cr_assert_eq(hours("0.1", &t, false), 0);
	cr_assert_eq(t, 1);
	cr_assert_eq(hours("24", &t, false), 0);
	cr_assert_eq(t, 240);
	cr_assert_eq(hours("0", &t, false), -1);
	cr_assert_eq(hours("-1", &t, false), -1);
	cr_assert_eq(hours("1.25", &t, false), -1);
	cr_assert_eq(hours("24.1", &t, false), -1);
	cr_assert_eq(hours("\"2\"", &t, false), -1);
	cr_assert_eq(hours("null", &t, false), -1);
	cr_assert_eq(hours("0", &t, true), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(hours("36.5", &t, true), 0);
	cr_assert_eq(t, 365);
	cr_assert_eq(hours("1000.1", &t, true), -1);
}

Test(training_rules, fulfilment_is_per_mille_capped_and_undefined_without_a_plan)
{
	cr_assert_eq(training_fulfilment_permille(2, 4), 500);
	cr_assert_eq(training_fulfilment_permille(1, 3), 333);
	cr_assert_eq(training_fulfilment_permille(2, 3), 667);
	cr_assert_eq(training_fulfilment_permille(0, 4), 0);
	cr_assert_eq(training_fulfilment_permille(5, 4), 1000);
	cr_assert_eq(training_fulfilment_permille(3, 0), -1);
	cr_assert_eq(training_fulfilment_permille(0, 0), -1);
}

/* ---- the assessment's figures ---- */

static struct t_db t;

/* Staff: town A has 3 (4 is disabled, 8 is a supervisor: not counted), its village 1, town B 2.
 * Sessions: county (1, 2026-03-10, 3 h), town A (2, 2026-04-02, 1.5 h; 3, 2026-05-20, 2 h, a
 * 现场会 town A organised at its village's room), town B (4, 2025-12-30, 2.5 h: last year). */
static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	t_sql(t.db,
	      "INSERT INTO venues (id, org_code, level, name, kind, updated_at) VALUES "
	      "(1, '" T_COUNTY "', 'county', '县政务服务中心', 'center', 0),"
	      "(2, '" T_TOWN_A "', 'town', '城关镇便民服务中心', 'hall', 0),"
	      "(3, '" T_TOWN_B "', 'town', '中厂镇便民服务中心', 'hall', 0),"
	      "(4, '" T_VILLAGE_A1 "', 'village', '村便民服务室', 'room', 0);"
	      "INSERT INTO users (id, username, display_name, role, org_code, password_hash, "
	      "disabled, created_at, updated_at) VALUES "
	      "(1, 'sup', '督查', 'county_supervisor', '" T_COUNTY "', 'x', 0, 0, 0),"
	      "(2, 'mgr-a', '城关镇主任', 'venue_manager', '" T_TOWN_A "', 'x', 0, 0, 0),"
	      "(3, 'staff-a', '城关镇窗口', 'window_staff', '" T_TOWN_A "', 'x', 0, 0, 0),"
	      "(4, 'gone-a', '已停用', 'window_staff', '" T_TOWN_A "', 'x', 1, 0, 0),"
	      "(5, 'agent-a1', '村代办员', 'village_agent', '" T_VILLAGE_A1 "', 'x', 0, 0, 0),"
	      "(6, 'mgr-b', '中厂镇主任', 'venue_manager', '" T_TOWN_B "', 'x', 0, 0, 0),"
	      "(7, 'staff-b', '中厂镇窗口', 'window_staff', '" T_TOWN_B "', 'x', 0, 0, 0),"
	      "(8, 'sup-a', '镇督查', 'county_supervisor', '" T_TOWN_A "', 'x', 0, 0, 0),"
	      "(9, 'staff-a2', '城关镇窗口二', 'window_staff', '" T_TOWN_A "', 'x', 0, 0, 0);"
	      "INSERT INTO training_sessions (id, venue_id, org_code, org_path, venue_path, kind, "
	      "topic, "
	      "day, hours_tenths, trainer, created_by, created_at, updated_at) VALUES "
	      "(1, 1, '" T_COUNTY "', '" T_PATH_COUNTY "', '" T_PATH_COUNTY
	      "', 'training', '县培训', '2026-03-10', 30, "
	      "'县中心', 1, 0, 0),"
	      "(2, 2, '" T_TOWN_A "', '" T_PATH_TOWN_A "', '" T_PATH_TOWN_A
	      "', 'training', '镇培训', '2026-04-02', 15, "
	      "'主任', 2, 0, 0),"
	      "(3, 4, '" T_TOWN_A "', '" T_PATH_TOWN_A "', '" T_PATH_VILLAGE_A1
	      "', 'site_meeting', '现场会', '2026-05-20', "
	      "20, '主任', 2, 0, 0),"
	      "(4, 3, '" T_TOWN_B "', '" T_PATH_TOWN_B "', '" T_PATH_TOWN_B
	      "', 'training', '去年', '2025-12-30', 25, "
	      "'主任', 6, 0, 0);"
	      "INSERT INTO training_attendance (session_id, user_id, attended, absence_reason, "
	      "recorded_by, recorded_at) VALUES "
	      "(1, 2, 1, '', 1, 0), (1, 6, 1, '', 1, 0), (1, 8, 1, '', 1, 0),"
	      "(2, 2, 1, '', 2, 0), (2, 3, 1, '', 2, 0), (2, 4, 1, '', 2, 0), (2, 5, 0, '病假', 2, "
	      "0),"
	      "(3, 3, 1, '', 2, 0), (3, 9, 0, '值班', 2, 0),"
	      "(4, 7, 1, '', 6, 0);");
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(training_summary, .init = setup, .fini = teardown);

static struct training_summary summary(const char *org, const char *from, const char *to)
{
	struct training_summary s;
	struct bm_error err;
	cr_assert_eq(training_org_summary(t.db, org, from, to, &s, &err), 0, "%s", err.message);
	return s;
}

Test(training_summary, the_county_counts_every_session_and_every_staff_members_hours)
{
	struct training_summary s = summary(T_COUNTY, "2026-01-01", "2026-12-31");
	cr_assert_eq(s.sessions, 3);
	/* mgr-a 3 + 1.5, mgr-b 3, staff-a 1.5 + 2; gone-a and the supervisor are not staff. */
	cr_assert_float_eq(s.hours, 11.0, 1e-9);
	cr_assert_eq(s.staff, 6);
	cr_assert_eq(s.staff_trained, 3);
	cr_assert_float_eq(s.hours_per_staff, 11.0 / 6, 1e-9);
}

Test(training_summary, a_town_counts_its_own_sessions_and_its_staff_hours_anywhere)
{
	struct training_summary s = summary(T_TOWN_A, "2026-01-01", "2026-12-31");
	cr_assert_eq(s.sessions, 2);
	cr_assert_float_eq(s.hours, 8.0, 1e-9); /* mgr-a 4.5 (county + own), staff-a 3.5 */
	cr_assert_eq(s.staff, 4);               /* mgr-a, staff-a, staff-a2, agent-a1 */
	cr_assert_eq(s.staff_trained, 2);
	cr_assert_float_eq(s.hours_per_staff, 2.0, 1e-9);

	s = summary(T_TOWN_B, "2026-01-01", "2026-12-31");
	cr_assert_eq(s.sessions, 0);
	cr_assert_float_eq(s.hours, 3.0, 1e-9);
	cr_assert_eq(s.staff, 2);
	cr_assert_eq(s.staff_trained, 1);
}

Test(training_summary, the_range_is_inclusive_at_both_ends)
{
	struct training_summary s = summary(T_TOWN_A, "2026-04-02", "2026-05-20");
	cr_assert_eq(s.sessions, 2);
	cr_assert_float_eq(s.hours, 5.0, 1e-9); /* mgr-a 1.5, staff-a 1.5 + 2 */
	s = summary(T_TOWN_A, "2026-04-03", "2026-05-19");
	cr_assert_eq(s.sessions, 0);
	cr_assert_float_eq(s.hours, 0.0, 1e-9);
	cr_assert_eq(s.staff_trained, 0);
	s = summary(T_TOWN_B, "2025-12-30", "2025-12-30");
	cr_assert_eq(s.sessions, 1);
	cr_assert_float_eq(s.hours, 2.5, 1e-9);
}

Test(training_summary, a_village_hosting_a_site_meeting_and_an_org_without_staff)
{
	/* The town's 现场会 was held at the village's room: it counts where it was held. */
	struct training_summary s = summary(T_VILLAGE_A1, "2026-01-01", "2026-12-31");
	cr_assert_eq(s.sessions, 1);
	cr_assert_eq(s.staff, 1);
	cr_assert_eq(s.staff_trained, 0); /* absent with a reason is not trained */
	cr_assert_float_eq(s.hours, 0.0, 1e-9);
	s = summary(T_VILLAGE_B1, "2026-01-01", "2026-12-31");
	cr_assert_eq(s.staff, 0);
	cr_assert_float_eq(s.hours_per_staff, 0.0, 1e-9);
}

Test(training_summary, bad_days_and_unknown_orgs_are_errors)
{
	struct training_summary s;
	struct bm_error err;
	cr_assert_eq(training_org_summary(t.db, T_COUNTY, "2026-13-01", "2026-12-31", &s, &err),
	             -1);
	cr_assert_str_eq(err.code, "invalid_day");
	cr_assert_eq(training_org_summary(t.db, T_COUNTY, "2026-12-31", "2026-01-01", &s, &err),
	             -1);
	cr_assert_str_eq(err.code, "invalid_day");
	cr_assert_eq(training_org_summary(t.db, T_COUNTY, NULL, "2026-01-01", &s, &err), -1);
	cr_assert_eq(training_org_summary(t.db, "999999", "2026-01-01", "2026-12-31", &s, &err),
	             -1);
	cr_assert_str_eq(err.code, "org_not_found");
	cr_assert_eq(err.http_status, 404);
}

/* ---- plans, coverage and sessions through the domain functions ---- */

static struct principal county_sup(void)
{
	struct principal p = t_principal(ROLE_COUNTY_SUPERVISOR, T_COUNTY, T_PATH_COUNTY);
	p.user_id = 1;
	snprintf(p.username, sizeof p.username, "sup");
	return p;
}

static struct principal manager_a(void)
{
	struct principal p = t_principal(ROLE_VENUE_MANAGER, T_TOWN_A, T_PATH_TOWN_A);
	p.user_id = 2;
	snprintf(p.username, sizeof p.username, "mgr-a");
	return p;
}

Test(training_summary, coverage_lists_the_untrained_staff_per_org)
{
	struct principal sup = county_sup();
	struct bm_error err;
	json_t *cov;
	cr_assert_eq(training_coverage(t.db, &sup, T_TOWN_A, 2026, &cov, &err), 0, "%s",
	             err.message);
	cr_assert_eq(json_integer_value(json_object_get(cov, "staff")), 4);
	cr_assert_eq(json_integer_value(json_object_get(cov, "trained")), 2);
	cr_assert_eq(json_integer_value(json_object_get(cov, "untrained")), 2);
	json_t *venues = json_object_get(cov, "venues");
	cr_assert_eq(json_array_size(venues), 2); /* the town and its village */
	json_t *town = json_array_get(venues, 0), *village = json_array_get(venues, 1);
	cr_assert_str_eq(json_string_value(json_object_get(town, "venue_name")),
	                 "城关镇便民服务中心");
	cr_assert_eq(json_integer_value(json_object_get(town, "staff")), 3);
	json_t *left = json_object_get(town, "untrained");
	cr_assert_eq(json_array_size(left), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(left, 0), "username")),
	                 "staff-a2");
	cr_assert_str_eq(json_string_value(json_object_get(village, "org_code")), T_VILLAGE_A1);
	cr_assert_eq(json_array_size(json_object_get(village, "untrained")), 1);
	json_decref(cov);

	/* 2025: nobody of town A was trained; a manager cannot look at town B. */
	cr_assert_eq(training_coverage(t.db, &sup, T_TOWN_A, 2025, &cov, &err), 0);
	cr_assert_eq(json_integer_value(json_object_get(cov, "trained")), 0);
	json_decref(cov);
	struct principal mgr = manager_a();
	cr_assert_eq(training_coverage(t.db, &mgr, T_TOWN_B, 2026, &cov, &err), -1);
	cr_assert_str_eq(err.code, "out_of_scope");
}

Test(training_summary, plans_count_the_sessions_held_and_those_organised_elsewhere)
{
	struct principal sup = county_sup();
	struct bm_error err;
	json_t *items;
	t_sql(t.db, "INSERT INTO training_plans (venue_id, year, org_path, planned_sessions, "
	            "planned_hours_tenths, topics, updated_by, updated_at) VALUES "
	            "(2, 2026, '" T_PATH_TOWN_A "', 4, 70, '规范', 1, 0)");
	cr_assert_eq(training_plan_list(t.db, &sup, T_TOWN_A, 2026, &items, &err), 0, "%s",
	             err.message);
	/* The hall (planned) and the village room that hosted the 现场会. */
	cr_assert_eq(json_array_size(items), 2);
	json_t *hall = json_array_get(items, 0), *room = json_array_get(items, 1);
	cr_assert_eq(json_integer_value(json_object_get(hall, "venue_id")), 2);
	cr_assert(json_is_true(json_object_get(hall, "planned")));
	/* The hall's own session and the 现场会 its town organised at the room. */
	cr_assert_eq(json_integer_value(json_object_get(hall, "held_sessions")), 2);
	cr_assert_float_eq(json_real_value(json_object_get(hall, "held_hours")), 3.5, 1e-9);
	cr_assert_eq(json_integer_value(json_object_get(hall, "sessions_permille")), 500);
	cr_assert_eq(json_integer_value(json_object_get(hall, "hours_permille")), 500);
	cr_assert_eq(json_integer_value(json_object_get(room, "venue_id")), 4);
	cr_assert(json_is_false(json_object_get(room, "planned")));
	cr_assert_eq(json_integer_value(json_object_get(room, "held_sessions")), 1);
	cr_assert(json_is_null(json_object_get(room, "sessions_permille")));
	json_decref(items);
}

struct create_call {
	const char *body;
	const struct principal *who;
	json_t *out;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_call *c = vctx;
	json_t *body = json_loads(c->body, 0, NULL);
	cr_assert_not_null(body, "%s", c->body);
	int rc = training_session_create(db, c->who, T_NOW, body, &c->out, err);
	json_decref(body);
	return rc;
}

/* Creates a session; 0 or the error's HTTP status (its code in err). */
static int create(const char *body, const struct principal *who, struct bm_error *err)
{
	struct create_call c = {body, who, NULL};
	memset(err, 0, sizeof *err);
	int rc = db_transaction(t.db, create_txn, &c, err);
	json_decref(c.out);
	return rc == 0 ? 0 : err->http_status;
}

Test(training_summary, invalid_sessions_are_refused_and_change_nothing)
{
	struct principal mgr = manager_a();
	struct bm_error err;
	int64_t sessions = t_int(t.db, "SELECT COUNT(*) FROM training_sessions"),
	        audit = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	static const struct {
		const char *body, *code;
		int status;
	} bad[] = {
	    {"{\"venue_id\":2,\"kind\":\"training\",\"topic\":\"t\",\"day\":\"2025-09-01\","
	     "\"hours\":1.25,\"trainer\":\"x\"}",
	     "invalid_hours", 400},
	    {"{\"venue_id\":2,\"kind\":\"training\",\"topic\":\"t\",\"day\":\"2025-09-01\","
	     "\"trainer\":\"x\"}",
	     "missing_field", 400},
	    {"{\"venue_id\":2,\"kind\":\"party\",\"topic\":\"t\",\"day\":\"2025-09-01\","
	     "\"hours\":1,\"trainer\":\"x\"}",
	     "invalid_field", 400},
	    {"{\"venue_id\":2,\"kind\":\"training\",\"topic\":\"t\",\"day\":\"2025-09-31\","
	     "\"hours\":1,\"trainer\":\"x\"}",
	     "invalid_field", 400},
	    {"{\"venue_id\":3,\"kind\":\"training\",\"topic\":\"t\",\"day\":\"2025-09-01\","
	     "\"hours\":1,\"trainer\":\"x\"}",
	     "out_of_scope", 403},
	    {"{\"venue_id\":2,\"org_code\":\"" T_TOWN_B "\",\"kind\":\"training\",\"topic\":\"t\","
	     "\"day\":\"2025-09-01\",\"hours\":1,\"trainer\":\"x\"}",
	     "venue_outside_org", 400},
	    {"{\"venue_id\":99,\"kind\":\"training\",\"topic\":\"t\",\"day\":\"2025-09-01\","
	     "\"hours\":1,\"trainer\":\"x\"}",
	     "venue_not_found", 404},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cr_assert_eq(create(bad[i].body, &mgr, &err), bad[i].status, "%s", bad[i].body);
		cr_assert_str_eq(err.code, bad[i].code, "%s", bad[i].body);
	}
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM training_sessions"), sessions);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), audit);

	/* A good one at the village room, organised by the town: audited once. */
	cr_assert_eq(create("{\"venue_id\":4,\"org_code\":\"" T_TOWN_A
	                    "\",\"kind\":\"site_meeting\","
	                    "\"topic\":\"现场会\",\"day\":\"2025-09-01\",\"hours\":1.5,"
	                    "\"trainer\":\"x\"}",
	                    &mgr, &err),
	             0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM training_sessions"), sessions + 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = "
	                         "'training_session.create'"),
	             1);
	cr_assert_eq(t_int(t.db,
	                   "SELECT COUNT(*) FROM training_sessions WHERE org_code = '" T_TOWN_A
	                   "' AND venue_path = '" T_PATH_VILLAGE_A1 "' AND hours_tenths = 15"),
	             1);
}
