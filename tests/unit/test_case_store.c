/*
** test_case_store.c — cases as stored: intake validation, every move persisted with its event
** and audit entry, 一次性告知 breaches, suspensions across the 2025 National Day holiday, the
** 容缺 expiry sweep, late steps, scope, and first inquiries' chains.
**
** The fixture: the test county (helpers.h) with one venue per org, a village agent, a town
** clerk, a county clerk and a clerk of the other town; the official calendar; one item received
** by villages and towns (申请表 required, 近期照片 容缺; steps 受理 1 day at the town, 审核 4
** days at the county; 5 promised working days). "Now" is Friday 2025-09-26 09:00, the last
** working day but one before the National Day holiday (10-01..10-08 off; Sunday 09-28 and
** Saturday 10-11 are make-up working days).
*/
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/case_store.h"
#include "domain/catalog.h"
#include "domain/inquiry.h"
#include "domain/supervision.h"
#include "domain/workcal.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define ITEM           "T-UNIT-CASE"
#define V_COUNTY       1
#define V_TOWN_A       2
#define V_VILLAGE_A1   3
#define V_COMMUNITY_A2 4
#define V_TOWN_B       5

static const char item_json[] =
	"{\"code\":\"" ITEM "\",\"impl_code\":\"" ITEM "-1\",\"name\":\"单元测试事项\",\"type\":\"JL\","
	"\"category\":\"测试\",\"keywords\":[],\"implementing_body\":\"测试局\",\"body_level\":"
	"\"county\","
	"\"receive_levels\":[\"village\",\"town\"],\"decide_level\":\"county\","
	"\"legal_basis\":[\"《测试条例》第一条\"],\"conditions\":\"符合条件\","
	"\"materials\":[{\"name\":\"申请表\",\"necessity\":\"required\",\"form\":\"original\","
	"\"copies\":1,\"source\":\"applicant\"},{\"name\":\"近期照片\",\"necessity\":\"deferrable\","
	"\"form\":\"copy\",\"copies\":2,\"source\":\"applicant\"}],"
	"\"steps\":[{\"name\":\"受理\",\"level\":\"town\",\"days\":1},"
	"{\"name\":\"审核\",\"level\":\"county\",\"days\":4}],"
	"\"statutory_days\":10,\"promised_days\":5,\"kind\":\"promised\",\"fee\":{\"charged\":false},"
	"\"place\":\"镇便民服务中心\",\"hours\":\"工作日\",\"consult_phone\":\"0915-7800001\","
	"\"complaint_phone\":\"12345\",\"visits\":1,\"online\":false,\"scope\":\"county\"}";

/* 2025-09-26T09:00+08:00 plus whole days. */
static int64_t day(int month, int d)
{
	return T_NOW +
	       (int64_t)(date_from_ymd(2025, month, d) - date_from_ymd(2025, 9, 26)) * 86400;
}

static struct t_db t;
static struct principal agent_a1, agent_a2, staff_a, staff_b, staff_county;

static int seed_txn(struct db *db, void *ctx, struct bm_error *err)
{
	json_t *doc = json_loads(item_json, 0, NULL);
	int rc = workcal_import_csv(db, bundled_holidays_csv, &t_actor, T_NOW, err) < 0
		     ? -1
		     : catalog_create(db, doc, &t_actor, T_NOW, err);
	json_decref(doc);
	return rc;
}

static struct principal user(int64_t id, enum role role, const char *org, const char *path,
			     const char *name)
{
	struct principal p = t_principal(role, org, path);
	p.user_id = id;
	snprintf(p.username, sizeof p.username, "%s", name);
	return p;
}

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	t_sql(t.db,
	      "INSERT INTO venues (id, org_code, level, name, kind, updated_at) VALUES "
	      "(1, '" T_COUNTY "', 'county', '县政务服务中心', 'center', 0),"
	      "(2, '" T_TOWN_A "', 'town', '城关镇便民服务中心', 'hall', 0),"
	      "(3, '" T_VILLAGE_A1 "', 'village', '村便民服务室', 'room', 0),"
	      "(4, '" T_COMMUNITY_A2 "', 'village', '社区便民服务室', 'room', 0),"
	      "(5, '" T_TOWN_B "', 'town', '中厂镇便民服务中心', 'hall', 0);"
	      "INSERT INTO users (id, username, display_name, role, org_code, password_hash, "
	      "created_at, updated_at) VALUES "
	      "(1, 'agent-a1', '村代办员', 'village_agent', '" T_VILLAGE_A1 "', 'x', 0, 0),"
	      "(2, 'agent-a2', '社区代办员', 'village_agent', '" T_COMMUNITY_A2 "', 'x', 0, 0),"
	      "(3, 'staff-a', '城关镇窗口', 'window_staff', '" T_TOWN_A "', 'x', 0, 0),"
	      "(4, 'staff-b', '中厂镇窗口', 'window_staff', '" T_TOWN_B "', 'x', 0, 0),"
	      "(5, 'staff-c', '县中心窗口', 'window_staff', '" T_COUNTY "', 'x', 0, 0);");
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, seed_txn, NULL, &err), 0, "seed: %s", err.message);
	agent_a1 = user(1, ROLE_VILLAGE_AGENT, T_VILLAGE_A1, T_PATH_VILLAGE_A1, "agent-a1");
	agent_a2 = user(2, ROLE_VILLAGE_AGENT, T_COMMUNITY_A2, "/610929/610929100/610929100202/",
			"agent-a2");
	staff_a = user(3, ROLE_WINDOW_STAFF, T_TOWN_A, T_PATH_TOWN_A, "staff-a");
	staff_b = user(4, ROLE_WINDOW_STAFF, T_TOWN_B, T_PATH_TOWN_B, "staff-b");
	staff_county = user(5, ROLE_WINDOW_STAFF, T_COUNTY, T_PATH_COUNTY, "staff-c");
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(case_store, .init = setup, .fini = teardown);

/* ---- one call in its own transaction ---- */

enum call_kind { CALL_INTAKE, CALL_ACT, CALL_GET, CALL_ADVANCE, CALL_MATERIALS, CALL_SWEEP };

struct call {
	enum call_kind kind;
	const struct principal *who;
	int64_t now;
	const char *no;
	enum case_action action;
	json_t *body;
	char out_no[CASE_NO_SIZE];
	json_t *json;
	int result;
};

static int call_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct call *c = vctx;
	switch (c->kind) {
	case CALL_INTAKE:
		return case_intake(db, c->who, c->now, c->body, c->out_no, err);
	case CALL_ACT:
		return case_act(db, c->who, c->now, c->no, c->action, c->body, err);
	case CALL_GET:
		return case_get_json(db, c->who, c->now, c->no, true, &c->json, err);
	case CALL_ADVANCE:
		return case_advance(db, c->who, c->now, c->no, c->body, err);
	case CALL_MATERIALS:
		return case_receive_materials(db, c->who, c->now, c->no, c->body, err);
	default:
		c->result = case_sweep_deferred(db, c->now, err);
		return c->result < 0 ? -1 : 0;
	}
}

/* Runs one call with a body given as JSON text (NULL: none); returns its result. */
static int run(struct call *c, const char *body, struct bm_error *err)
{
	c->body = body ? json_loads(body, 0, NULL) : NULL;
	if (body)
		cr_assert_not_null(c->body, "test body is JSON: %s", body);
	bm_error_clear(err);
	int rc = db_transaction(t.db, call_txn, c, err);
	json_decref(c->body);
	return rc;
}

static const char applicant[] = "\"applicant\":{\"name\":\"张三\",\"id_number\":"
				"\"11010519491231002X\",\"phone\":\"13800001234\"}";

/* A new case taken in by `who` at their main venue with the given received materials. */
static void intake(const struct principal *who, const char *received, char no[CASE_NO_SIZE])
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",%s,\"materials_received\":%s}",
		 applicant, received);
	struct call c = {.kind = CALL_INTAKE, .who = who, .now = T_NOW};
	struct bm_error err;
	cr_assert_eq(run(&c, body, &err), 0, "intake: %s", err.message);
	snprintf(no, CASE_NO_SIZE, "%s", c.out_no);
}

static int act(const struct principal *who, int64_t now, const char *no, enum case_action a,
	       const char *body, struct bm_error *err)
{
	struct call c = {.kind = CALL_ACT, .who = who, .now = now, .no = no, .action = a};
	return run(&c, body, err);
}

static void act_ok(const struct principal *who, int64_t now, const char *no, enum case_action a,
		   const char *body)
{
	struct bm_error err;
	cr_assert_eq(act(who, now, no, a, body, &err), 0, "%s: %s", case_action_name(a),
		     err.message);
}

static json_t *get(const struct principal *who, const char *no)
{
	struct call c = {.kind = CALL_GET, .who = who, .now = T_NOW, .no = no};
	struct bm_error err;
	cr_assert_eq(run(&c, NULL, &err), 0, "get: %s", err.message);
	return c.json;
}

static const char *text_at(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int64_t count(const char *sql_fmt, const char *no)
{
	char sql[512];
	snprintf(sql, sizeof sql, sql_fmt, no);
	return t_int(t.db, sql);
}

/* ---- intake ---- */

Test(case_store, intake_numbers_cases_by_day_and_keeps_the_item_version)
{
	char a[CASE_NO_SIZE], b[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\"]", a);
	intake(&staff_a, "[]", b);
	cr_assert_str_eq(a, "20250926-000001");
	cr_assert_str_eq(b, "20250926-000002");
	json_t *c = get(&staff_a, a);
	cr_assert_str_eq(text_at(c, "status"), "draft");
	cr_assert_eq(json_integer_value(json_object_get(c, "item_version")), 1);
	cr_assert(json_is_true(
	    json_object_get(json_array_get(json_object_get(c, "materials"), 0), "received")));
	cr_assert(json_is_false(
	    json_object_get(json_array_get(json_object_get(c, "materials"), 1), "received")));
	json_decref(c);
}

static void expect_intake_error(const char *body, int status, const char *code, const char *field)
{
	struct call c = {.kind = CALL_INTAKE, .who = &agent_a1, .now = T_NOW};
	struct bm_error err;
	cr_assert_eq(run(&c, body, &err), -1, "expected %s", code);
	cr_assert_eq(err.http_status, status, "%s: %d %s", code, err.http_status, err.message);
	cr_assert_str_eq(err.code, code, "%s", err.message);
	cr_assert_str_eq(err.field, field);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM cases"), 0,
		     "a failed intake writes nothing");
}

Test(case_store, intake_rejects_a_wrong_check_digit_naming_the_field)
{
	expect_intake_error(
	    "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",\"applicant\":"
	    "{\"name\":\"张三\",\"id_number\":\"110105194912310021\",\"phone\":\"13800001234\"}}",
	    400, "invalid_id_number", "applicant.id_number");
}

Test(case_store, intake_rejects_a_material_not_on_the_items_list)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",%s,\"materials_received\":"
		 "[\"申请表\",\"护照\"]}",
		 applicant);
	expect_intake_error(body, 400, "unknown_material", "materials_received[1]");
}

Test(case_store, intake_rejects_a_bad_phone_and_an_unknown_channel)
{
	expect_intake_error(
	    "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",\"applicant\":"
	    "{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"phone\":\"123\"}}",
	    400, "invalid_field", "applicant.phone");
	char body[512];
	snprintf(body, sizeof body, "{\"item_code\":\"" ITEM "\",\"channel\":\"fax\",%s}",
		 applicant);
	expect_intake_error(body, 400, "invalid_field", "channel");
}

Test(case_store, intake_only_at_the_callers_own_venue)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",%s,\"venue_id\":2}",
		 applicant);
	expect_intake_error(body, 403, "out_of_scope", "venue_id");
}

Test(case_store, intake_refuses_an_item_the_venue_does_not_handle)
{
	t_sql(t.db, "UPDATE item_versions SET doc = replace(doc, "
		    "'\"receive_levels\":[\"village\",\"town\"]', "
		    "'\"receive_levels\":[\"town\"]')");
	char body[512];
	snprintf(body, sizeof body, "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",%s}",
		 applicant);
	expect_intake_error(body, 409, "item_not_handled", "item_code");
}

/* ---- moves ---- */

Test(case_store, acceptance_is_persisted_with_its_due_date_event_and_audit_entry)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", no);
	int64_t audits = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL);
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM cases WHERE no = '%s' AND status = 'accepted' "
		  "AND due_date = '2025-10-10' AND accepted_at = 1758848400",
		  no),
	    1, "accepted Friday 09-26 with 5 days: 09-28 (make-up), 09-29, 09-30, 10-09, 10-10");
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM case_events WHERE case_no = '%s' AND action = 'accept' "
		  "AND from_status = 'draft' AND to_status = 'accepted'",
		  no),
	    1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.accept'"), 1);
	cr_assert_gt(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), audits);
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM case_steps WHERE case_no = '%s' AND kind = 'process' "
		  "AND started_at IS NOT NULL AND finished_at IS NULL AND name = '受理' "
		  "AND due_date = '2025-09-28'",
		  no),
	    1);
}

Test(case_store, an_illegal_move_is_409_and_writes_nothing)
{
	char no[CASE_NO_SIZE];
	struct bm_error err;
	intake(&staff_a, "[]", no);
	int64_t audits = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	cr_assert_eq(act(&staff_a, T_NOW, no, CASE_ACTION_DELIVER, "{\"method\":\"post\"}", &err),
		     -1);
	cr_assert_str_eq(err.code, "illegal_transition");
	cr_assert_eq(err.http_status, 409);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), audits);
	cr_assert_eq(count("SELECT COUNT(*) FROM case_events WHERE case_no = '%s'", no), 1);
}

Test(case_store, accepting_with_a_required_material_missing_is_refused)
{
	char no[CASE_NO_SIZE];
	struct bm_error err;
	intake(&staff_a, "[]", no);
	cr_assert_eq(act(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL, &err), -1);
	cr_assert_str_eq(err.code, "materials_missing");
	cr_assert(strstr(err.message, "申请表"), "%s", err.message);
	cr_assert_eq(act(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT,
			 "{\"materials_received\":[\"申请表\"]}", &err),
		     -1);
	cr_assert_str_eq(err.code, "deferred_promise_required");
}

Test(case_store, a_later_request_for_a_material_not_on_the_notice_is_a_breach)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_NOTICE, "{\"materials\":[\"申请表\"]}");
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_NOTICE, "{\"materials\":[\"申请表\"]}");
	cr_assert_eq(count("SELECT COUNT(*) FROM case_breaches WHERE case_no = '%s'", no), 0);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_NOTICE, "{\"materials\":[\"近期照片\"]}");
	cr_assert_eq(count("SELECT COUNT(*) FROM case_breaches WHERE case_no = '%s' AND "
			   "kind = 'notice_not_listed' AND detail LIKE '%%近期照片%%'",
			   no),
		     1);
	cr_assert_eq(count("SELECT COUNT(*) FROM case_notices WHERE case_no = '%s'", no), 3);
}

Test(case_store, a_suspension_over_the_national_day_holiday_extends_the_due_date)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL);
	act_ok(&staff_a, day(9, 29), no, CASE_ACTION_SUSPEND,
	       "{\"reason_kind\":\"supplement\",\"reason\":\"补正材料\"}");
	act_ok(&staff_a, day(10, 9), no, CASE_ACTION_RESUME, NULL);
	/* Paused (09-29, 10-09]: 09-30 and 10-09 are working days, 10-01..10-08 are not: 2 days.
	 * The due date 10-10 moves 2 working days: Saturday 10-11 (make-up) and Monday 10-13. */
	cr_assert_eq(count("SELECT COUNT(*) FROM case_suspensions WHERE case_no = '%s' AND "
			   "paused_days = 2 AND ended_at IS NOT NULL",
			   no),
		     1);
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM cases WHERE no = '%s' AND due_date = '2025-10-13'", no), 1);
	/* The open step (受理, due 09-28) moved by the same 2 working days: 09-29 and 09-30. */
	cr_assert_eq(count("SELECT COUNT(*) FROM case_steps WHERE case_no = '%s' AND name = '受理' "
			   "AND due_date = '2025-09-30'",
			   no),
		     1);
}

Test(case_store, a_step_finished_after_its_due_date_is_a_late_step_breach)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL);
	struct call c = {.kind = CALL_ADVANCE, .who = &staff_a, .now = day(10, 9), .no = no};
	struct bm_error err;
	cr_assert_eq(run(&c, "{\"outcome\":\"受理完成\"}", &err), 0, "advance: %s", err.message);
	cr_assert_eq(count("SELECT COUNT(*) FROM case_breaches WHERE case_no = '%s' AND "
			   "kind = 'late_step' AND detail LIKE '%%受理%%'",
			   no),
		     1);
	json_t *v = get(&staff_a, no);
	json_t *first = json_array_get(json_object_get(v, "steps"), 0);
	cr_assert(json_is_true(json_object_get(first, "late")));
	cr_assert_str_eq(text_at(first, "outcome"), "受理完成");
	/* The next step opened on 10-09 and is due 4 working days later (10-09 not counted). */
	json_t *second = json_array_get(json_object_get(v, "steps"), 1);
	cr_assert_not_null(text_at(second, "started_at"));
	cr_assert_str_eq(text_at(second, "due_date"), "2025-10-14");
	json_decref(v);
}

Test(case_store, an_unmet_deferred_supply_date_terminates_the_case_in_the_sweep)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT,
	       "{\"deferred\":{\"promise\":\"承诺国庆前补交\",\"supply_date\":\"2025-09-30\"}}");
	struct call sweep = {.kind = CALL_SWEEP, .now = day(9, 30)};
	struct bm_error err;
	cr_assert_eq(run(&sweep, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(sweep.result, 0, "on the supply date itself nothing expires");
	sweep.now = day(10, 9);
	cr_assert_eq(run(&sweep, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(sweep.result, 1);
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM cases WHERE no = '%s' AND status = 'terminated'", no), 1);
	cr_assert_eq(count("SELECT COUNT(*) FROM case_events WHERE case_no = '%s' AND "
			   "action = 'terminate' AND actor = 'system'",
			   no),
		     1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.terminate' "
				 "AND actor = 'system'"),
		     1);
	cr_assert_eq(run(&sweep, NULL, &err), 0);
	cr_assert_eq(sweep.result, 0, "a terminated case is not swept again");
}

Test(case_store, supplied_deferred_materials_keep_the_case_out_of_the_sweep)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT,
	       "{\"deferred\":{\"promise\":\"承诺补交\",\"supply_date\":\"2025-09-30\"}}");
	struct call m = {.kind = CALL_MATERIALS, .who = &staff_a, .now = day(9, 29), .no = no};
	struct bm_error err;
	cr_assert_eq(run(&m, "{\"received\":[\"近期照片\"]}", &err), 0, "%s", err.message);
	struct call sweep = {.kind = CALL_SWEEP, .now = day(10, 9)};
	cr_assert_eq(run(&sweep, NULL, &err), 0);
	cr_assert_eq(sweep.result, 0);
	cr_assert_eq(count("SELECT COUNT(*) FROM cases WHERE no = '%s' AND status = 'accepted' "
			   "AND deferred_supplied_at IS NOT NULL",
			   no),
		     1);
}

/* ---- village agency and scope ---- */

Test(case_store, a_village_case_travels_to_the_town_with_a_three_day_handover)
{
	char no[CASE_NO_SIZE];
	intake(&agent_a1, "[\"申请表\",\"近期照片\"]", no);
	act_ok(&agent_a1, T_NOW, no, CASE_ACTION_FORWARD, "{\"to_venue_id\":2}");
	/* Received Friday 09-26: 3 working days are 09-28 (make-up), 09-29 and 09-30. */
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM case_steps WHERE case_no = '%s' AND kind = 'handover' "
		  "AND due_date = '2025-09-30' AND finished_at IS NULL",
		  no),
	    1);
	struct bm_error err;
	cr_assert_eq(act(&agent_a1, T_NOW, no, CASE_ACTION_ACCEPT, NULL, &err), -1);
	cr_assert_str_eq(err.code, "out_of_scope", "the case is at the town now");
	act_ok(&staff_a, day(10, 9), no, CASE_ACTION_ACCEPT, NULL);
	cr_assert_eq(
	    count("SELECT COUNT(*) FROM case_breaches WHERE case_no = '%s' AND kind = 'late_step'",
		  no),
	    1, "handed over after its due date");
	cr_assert_eq(act(&staff_a, T_NOW, no, CASE_ACTION_FORWARD, "{\"to_venue_id\":5}", &err),
		     -1);
	cr_assert_str_eq(err.code, "invalid_forward_target", "a town forwards only to the county");
}

static int get_error(const struct principal *who, const char *no, struct bm_error *err)
{
	struct call c = {.kind = CALL_GET, .who = who, .now = T_NOW, .no = no};
	int rc = run(&c, NULL, err);
	json_decref(c.json);
	return rc;
}

Test(case_store, a_village_cannot_see_another_villages_case)
{
	char no[CASE_NO_SIZE];
	struct bm_error err;
	intake(&agent_a1, "[]", no);
	cr_assert_eq(get_error(&agent_a2, no, &err), -1);
	cr_assert_str_eq(err.code, "case_not_found");
	cr_assert_eq(get_error(&staff_b, no, &err), -1, "nor another town");
	cr_assert_eq(get_error(&staff_a, no, &err), 0, "its town sees it: %s", err.message);
	cr_assert_eq(get_error(&staff_county, no, &err), 0, "the county sees it");
	json_t *town_view = get(&staff_a, no);
	cr_assert_str_eq(text_at(json_object_get(town_view, "applicant"), "id_number"),
			 "110105********002X", "masked where the case has not been");
	json_decref(town_view);
	json_t *own = get(&agent_a1, no);
	cr_assert_str_eq(text_at(json_object_get(own, "applicant"), "id_number"),
			 "11010519491231002X");
	json_decref(own);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.read'"), 1,
		     "only the full read is audited");
}

Test(case_store, the_public_view_needs_the_phone_digits_or_the_key)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[]", no);
	json_t *out = NULL;
	struct bm_error err;
	cr_assert_eq(case_track(t.db, T_NOW, no, "1235", NULL, &out, &err), -1);
	cr_assert_str_eq(err.code, "case_not_found");
	cr_assert_eq(case_track(t.db, T_NOW, no, NULL, "nope", &out, &err), -1);
	cr_assert_eq(case_track(t.db, T_NOW, no, "1234", NULL, &out, &err), 0, "%s", err.message);
	char *text = json_dumps(out, 0);
	cr_assert_null(strstr(text, "张三"));
	cr_assert_null(strstr(text, "13800001234"));
	free(text);
	json_decref(out);
}

/* ---- first inquiries ---- */

struct inquiry_call {
	const struct principal *who;
	int64_t id;
	int hand_over;
	json_t *body;
	int64_t out;
};

static int inquiry_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct inquiry_call *c = vctx;
	if (c->hand_over)
		return inquiry_hand_over(db, c->who, T_NOW, c->id, c->body, &c->out, err);
	return inquiry_create(db, c->who, T_NOW, c->body, &c->out, err);
}

Test(case_store, a_handed_over_inquiry_keeps_its_first_responder_into_the_case)
{
	struct bm_error err;
	struct inquiry_call first = {.who = &agent_a1,
				     .body = json_pack("{s:s}", "question", "怎么办？")};
	cr_assert_eq(db_transaction(t.db, inquiry_txn, &first, &err), 0, "%s", err.message);
	json_decref(first.body);
	struct inquiry_call hop = {.who = &agent_a1,
				   .id = first.out,
				   .hand_over = 1,
				   .body = json_pack("{s:i}", "to_venue_id", V_TOWN_A)};
	cr_assert_eq(db_transaction(t.db, inquiry_txn, &hop, &err), 0, "%s", err.message);
	json_decref(hop.body);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"item_code\":\"" ITEM "\",\"channel\":\"window\",%s,\"inquiry_id\":%lld}",
		 applicant, (long long)hop.out);
	struct call c = {.kind = CALL_INTAKE, .who = &staff_a, .now = T_NOW};
	cr_assert_eq(run(&c, body, &err), 0, "%s", err.message);
	cr_assert_eq(count("SELECT COUNT(*) FROM cases WHERE no = '%s' AND first_responder_id = 1 "
			   "AND receiver_id = 3",
			   c.out_no),
		     1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM inquiries WHERE status = 'accepted'"), 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM inquiries WHERE status = 'handed_over'"), 1);
	json_t *chain = NULL;
	cr_assert_eq(inquiry_get_json(t.db, &staff_a, hop.out, &chain, &err), 0, "%s", err.message);
	cr_assert_eq(json_array_size(json_object_get(chain, "chain")), 2);
	json_decref(chain);
}

/* ---- electronic supervision (domain/supervision.h) over the stored cases ---- */

static void supervise(int64_t now)
{
	struct bm_error err;
	cr_assert_eq(supervision_run(t.db, now, NULL, &err), 0, "supervision_run: %s", err.message);
}

static const char *case_card(const char *no)
{
	static char level[16];
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM supervision_alerts WHERE kind = 'case_due' AND "
		 "entity_id = '%s'",
		 no);
	if (t_int(t.db, sql) == 0)
		return "none";
	cr_assert_eq(t_int(t.db, sql), 1, "one card per case, escalated in place");
	const char *names[] = {"warning", "yellow", "red"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT COUNT(*) FROM supervision_alerts WHERE kind = 'case_due' AND "
			 "entity_id = '%s' AND level = '%s'",
			 no, names[i]);
		if (t_int(t.db, sql) == 1)
			snprintf(level, sizeof level, "%s", names[i]);
	}
	return level;
}

Test(case_store, supervision_breach_alerts_for_a_notice_breach_and_a_late_step)
{
	char no[CASE_NO_SIZE], late[CASE_NO_SIZE];
	intake(&staff_a, "[]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_NOTICE, "{\"materials\":[\"申请表\"]}");
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE case_no = '%s'", no), 0);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_NOTICE, "{\"materials\":[\"近期照片\"]}");
	/* The incremental pass inside the change made the alert, naming the clerk. */
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE case_no = '%s' AND "
			   "kind = 'notice_not_listed' AND level = 'breach' AND closed_at IS NULL "
			   "AND responsible_id = 3 AND org_code = '610929100'",
			   no),
		     1);
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", late);
	act_ok(&staff_a, T_NOW, late, CASE_ACTION_ACCEPT, NULL);
	struct call c = {.kind = CALL_ADVANCE, .who = &staff_a, .now = day(10, 9), .no = late};
	struct bm_error err;
	cr_assert_eq(run(&c, "{}", &err), 0, "advance: %s", err.message);
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE case_no = '%s' AND "
			   "kind = 'late_step' AND level = 'breach'",
			   late),
		     1);
	/* The finished step's own card (it was overdue) is closed by the fix. */
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE case_no = '%s' AND "
			   "kind = 'step_due' AND closed_by_fix = 1 AND closed_at IS NOT NULL",
			   late),
		     1);
	/* A full pass finds nothing new to add. */
	int64_t before = t_int(t.db, "SELECT COUNT(*) FROM supervision_alerts");
	supervise(day(10, 9));
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM supervision_alerts WHERE kind IN "
				 "('late_step', 'notice_not_listed')"),
		     2);
	cr_assert_geq(t_int(t.db, "SELECT COUNT(*) FROM supervision_alerts"), before);
}

Test(case_store, supervision_escalates_over_the_holiday_and_closes_by_the_fix)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL); /* due Friday 10-10 */
	supervise(day(9, 30));
	cr_assert_str_eq(case_card(no), "none", "10-09 and 10-10 still ahead");
	supervise(day(10, 3));
	cr_assert_str_eq(case_card(no), "none", "over the holiday 10-09 and 10-10 are still ahead");
	supervise(day(10, 9));
	cr_assert_str_eq(case_card(no), "warning", "one working day before");
	supervise(day(10, 12));
	cr_assert_str_eq(case_card(no), "yellow", "Sunday 10-12 is after the due date");
	supervise(day(10, 14));
	cr_assert_str_eq(case_card(no), "yellow", "grace: 10-11 (make-up Saturday), 10-13, 10-14");
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE entity_id = '%s' AND "
			   "yellow_at IS NOT NULL AND red_at IS NULL",
			   no),
		     1);
	supervise(day(10, 15));
	cr_assert_str_eq(case_card(no), "red", "the fourth working day after the due date");
	supervise(day(10, 17));
	cr_assert_str_eq(case_card(no), "red", "a rerun changes nothing");
	act_ok(&staff_a, day(10, 17), no, CASE_ACTION_TERMINATE, "{\"reason\":\"申请人撤回\"}");
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE entity_id = '%s' AND "
			   "kind = 'case_due' AND closed_by_fix = 1 AND open_key IS NULL AND "
			   "level = 'red'",
			   no),
		     1, "closed by the fix, kept");
	supervise(day(10, 20));
	cr_assert_eq(count("SELECT COUNT(*) FROM supervision_alerts WHERE case_no = '%s' AND "
			   "closed_at IS NULL AND kind IN ('case_due', 'step_due')",
			   no),
		     0, "nothing reopens");
}

Test(case_store, supervision_a_suspended_case_does_not_escalate)
{
	char no[CASE_NO_SIZE];
	intake(&staff_a, "[\"申请表\",\"近期照片\"]", no);
	act_ok(&staff_a, T_NOW, no, CASE_ACTION_ACCEPT, NULL); /* due 10-10 */
	act_ok(&staff_a, day(10, 9), no, CASE_ACTION_SUSPEND,
	       "{\"reason_kind\":\"supplement\",\"reason\":\"补正材料\"}");
	supervise(day(10, 20));
	cr_assert_str_eq(case_card(no), "warning", "paused on 10-09, one day before its due date");
}
