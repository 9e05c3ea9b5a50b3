/*
** test_standard.c — venue standardisation: the pure scorer (domain/standard_score.c) rule by
** rule, rounding, empty checklists and missing fields; the checklist validation; and over the
** test county (domain/standard.c) the contract standard_org_score(), the checklist edit and
** the pilot flag.
*/
#include "db/db.h"
#include "domain/standard.h"
#include "domain/standard_score.h"
#include "domain/survey.h"
#include "domain/venue.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static json_t *json_of(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	cr_assert_not_null(j, "bad test JSON %s: %s", text, jerr.text);
	return j;
}

/* Scores the venue (JSON text) against the checklist (JSON text); *gaps optional. */
static double score_of(const char *criteria, const char *venue, json_t **gaps)
{
	json_t *c = json_of(criteria), *v = json_of(venue);
	double score = -1;
	standard_score(c, v, &score, gaps);
	json_decref(c);
	json_decref(v);
	return score;
}

static int met(const char *criterion, const char *venue)
{
	json_t *c = json_of(criterion), *v = json_of(venue);
	int yes = standard_criterion_met(c, v);
	json_decref(c);
	json_decref(v);
	return yes;
}

Test(standard_score, at_least_on_integers_and_zones)
{
	const char *c =
	    "{\"field\":\"area_m2\",\"rule\":\"at_least\",\"min\":50,\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(c, "{\"area_m2\":50}"));
	cr_assert(met(c, "{\"area_m2\":120}"));
	cr_assert_not(met(c, "{\"area_m2\":49}"));
	const char *z =
	    "{\"field\":\"zones\",\"rule\":\"at_least\",\"min\":2,\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(z, "{\"zones\":[\"handling\",\"waiting\"]}"));
	cr_assert_not(met(z, "{\"zones\":[\"handling\"]}"));
}

Test(standard_score, is_true)
{
	const char *c =
	    "{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(c, "{\"outdoor_sign\":true}"));
	cr_assert_not(met(c, "{\"outdoor_sign\":false}"));
	cr_assert_not(met(c, "{\"outdoor_sign\":1}"), "an integer is not a boolean");
}

Test(standard_score, not_empty_on_text_and_zones)
{
	const char *c =
	    "{\"field\":\"equipment\",\"rule\":\"not_empty\",\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(c, "{\"equipment\":\"办公电脑\"}"));
	cr_assert_not(met(c, "{\"equipment\":\"\"}"));
	cr_assert_not(met(c, "{\"equipment\":\"   \"}"), "blanks count as empty");
	cr_assert_not(met(c, "{\"equipment\":null}"));
	const char *z = "{\"field\":\"zones\",\"rule\":\"not_empty\",\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(z, "{\"zones\":[\"waiting\"]}"));
	cr_assert_not(met(z, "{\"zones\":[]}"));
}

Test(standard_score, contains_on_text_and_zones)
{
	const char *c = "{\"field\":\"location\",\"rule\":\"contains\",\"text\":\"镇政府一楼\","
	                "\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(c, "{\"location\":\"镇政府一楼\"}"));
	cr_assert(met(c, "{\"location\":\"镇政府一楼侧厅\"}"));
	cr_assert_not(met(c, "{\"location\":\"镇政府二楼\"}"));
	cr_assert_not(met(c, "{\"location\":\"镇政府院内平房\"}"));
	const char *z = "{\"field\":\"zones\",\"rule\":\"contains\",\"text\":\"waiting\","
	                "\"weight\":1,\"label\":\"x\"}";
	cr_assert(met(z, "{\"zones\":[\"handling\",\"waiting\"]}"));
	cr_assert_not(met(z, "{\"zones\":[\"handling\"]}"));
}

Test(standard_score, weighted_score_and_gaps_with_actual_values)
{
	json_t *gaps = NULL;
	double s = score_of(
	    "[{\"field\":\"area_m2\",\"rule\":\"at_least\",\"min\":50,\"weight\":30,\"label\":"
	    "\"面积\"},"
	    "{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":50,\"label\":\"标识\"},"
	    "{\"field\":\"post_board\",\"rule\":\"is_true\",\"weight\":20,\"label\":\"岗位公示栏\"}"
	    "]",
	    "{\"area_m2\":40,\"outdoor_sign\":true,\"post_board\":false}", &gaps);
	cr_assert_float_eq(s, 50.0, 1e-9);
	cr_assert_eq(json_array_size(gaps), 2);
	json_t *g0 = json_array_get(gaps, 0), *g1 = json_array_get(gaps, 1);
	cr_assert_str_eq(json_string_value(json_object_get(g0, "label")), "面积");
	cr_assert_eq(json_integer_value(json_object_get(g0, "actual")), 40);
	cr_assert_eq(json_integer_value(json_object_get(g0, "index")), 0);
	cr_assert_str_eq(json_string_value(json_object_get(g1, "label")), "岗位公示栏");
	cr_assert(json_is_false(json_object_get(g1, "actual")));
	cr_assert_eq(json_integer_value(json_object_get(g1, "index")), 2);
	json_decref(gaps);
}

Test(standard_score, rounds_to_one_decimal_half_up)
{
	const char *three =
	    "[{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"a\"},"
	    "{\"field\":\"item_screen\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"b\"},"
	    "{\"field\":\"post_board\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"c\"}]";
	cr_assert_float_eq(
	    score_of(three, "{\"outdoor_sign\":true,\"item_screen\":true,\"post_board\":false}",
	             NULL),
	    66.7, 1e-9);
	cr_assert_float_eq(
	    score_of(three, "{\"outdoor_sign\":true,\"item_screen\":false,\"post_board\":false}",
	             NULL),
	    33.3, 1e-9);
	cr_assert_float_eq(standard_round1(6.25), 6.3, 1e-9);
	cr_assert_float_eq(standard_round1(6.24), 6.2, 1e-9);
	cr_assert_float_eq(standard_round1(100.0), 100.0, 1e-9);
}

Test(standard_score, empty_checklist_scores_zero_without_gaps)
{
	json_t *gaps = NULL;
	double s =
	    score_of("[]", "{\"area_m2\":100}", &gaps); /* the assert macros evaluate twice */
	cr_assert_float_eq(s, 0.0, 1e-9);
	cr_assert_eq(json_array_size(gaps), 0);
	json_decref(gaps);
}

Test(standard_score, a_missing_field_is_a_gap_with_null_actual)
{
	json_t *gaps = NULL;
	double s = score_of(
	    "[{\"field\":\"cctv_inside\",\"rule\":\"is_true\",\"weight\":5,\"label\":\"室内监控\"},"
	    "{\"field\":\"area_m2\",\"rule\":\"at_least\",\"min\":1,\"weight\":5,\"label\":"
	    "\"面积\"}]",
	    "{\"area_m2\":10}", &gaps);
	cr_assert_float_eq(s, 50.0, 1e-9);
	cr_assert_eq(json_array_size(gaps), 1);
	cr_assert(json_is_null(json_object_get(json_array_get(gaps, 0), "actual")));
	json_decref(gaps);
}

/* --- checklist validation ----------------------------------------------------------------- */

static void assert_refused(const char *criteria, const char *field)
{
	json_t *c = json_of(criteria);
	struct bm_error err = {0};
	cr_assert_eq(standard_checklist_check(c, &err), -1, "accepted %s", criteria);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.field, field, "%s: field %s (%s)", criteria, err.field, err.message);
	json_decref(c);
}

Test(standard_check, refuses_bad_criteria)
{
	assert_refused("[{\"field\":\"colour\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"x\"}]",
	               "criteria[0].field");
	assert_refused(
	    "[{\"field\":\"area_m2\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"x\"}]",
	    "criteria[0].rule");
	assert_refused(
	    "[{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"x\"},"
	    "{\"field\":\"area_m2\",\"rule\":\"at_least\",\"weight\":1,\"label\":\"x\"}]",
	    "criteria[1].min");
	assert_refused(
	    "[{\"field\":\"zones\",\"rule\":\"contains\",\"text\":\"garden\",\"weight\":1,"
	    "\"label\":\"x\"}]",
	    "criteria[0].text");
	assert_refused(
	    "[{\"field\":\"location\",\"rule\":\"contains\",\"weight\":1,\"label\":\"x\"}]",
	    "criteria[0].text");
}

Test(standard_check, refuses_a_bad_shape)
{
	json_t *c = json_of(
	    "[{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":0,\"label\":\"x\"}]");
	struct bm_error err = {0};
	cr_assert_eq(standard_checklist_check(c, &err), -1);
	cr_assert_eq(err.http_status, 400);
	json_decref(c);
}

/* --- over the database -------------------------------------------------------------------- */

static struct t_db t;

struct create_ctx {
	const char *org_code, *name, *kind, *profile;
	int64_t id;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_ctx *ctx = vctx;
	json_t *profile = json_of(ctx->profile);
	int rc = venue_create(db, ctx->org_code, ctx->name, ctx->kind, profile, &t_actor, T_NOW,
	                      &ctx->id, err);
	json_decref(profile);
	return rc;
}

static int64_t create_venue(const char *org_code, const char *kind, const char *profile)
{
	struct bm_error err = {0};
	struct create_ctx ctx = {org_code, "场所", kind, profile, 0};
	cr_assert_eq(db_transaction(t.db, create_txn, &ctx, &err), 0, "%s", err.message);
	return ctx.id;
}

/* A checklist of two criteria per level (weights 1 and 3) replaces the seeded ones. */
#define TEST_TOWN_CHECKLIST                                                                          \
	"[{\"field\":\"outdoor_sign\",\"rule\":\"is_true\",\"weight\":1,\"label\":\"标识\"},"      \
	"{\"field\":\"area_m2\",\"rule\":\"at_least\",\"min\":50,\"weight\":3,\"label\":\"面积\"}" \
	"]"

static int64_t hall_a, hall_b, room_a1, room_b1;

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	t_sql(t.db,
	      "UPDATE standards SET criteria = '" TEST_TOWN_CHECKLIST "' WHERE level = 'town'");
	t_sql(t.db, "UPDATE standards SET criteria = '[{\"field\":\"open_to_public\",\"rule\":"
	            "\"is_true\",\"weight\":1,\"label\":\"开放\"}]' WHERE level = 'village'");
	hall_a = create_venue(T_TOWN_A, "hall", "{\"outdoor_sign\":true,\"area_m2\":80}"); /* 100 */
	hall_b = create_venue(T_TOWN_B, "hall", "{\"outdoor_sign\":true,\"area_m2\":40}"); /* 25 */
	room_a1 = create_venue(T_VILLAGE_A1, "room", "{\"open_to_public\":true}");         /* 100 */
	room_b1 = create_venue(T_VILLAGE_B1, "room", "{\"open_to_public\":false}");        /* 0 */
	create_venue(T_TOWN_A, "office", "{}"); /* not covered */
	create_venue(T_COUNTY, "center", "{}"); /* not covered */
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(standard_db, .init = setup, .fini = teardown);

static void assert_org_score(const char *org, double mean, long venues)
{
	double m = -1;
	long n = -1;
	struct bm_error err = {0};
	cr_assert_eq(standard_org_score(t.db, org, &m, &n, &err), 0, "%s: %s", org, err.message);
	cr_assert_eq(n, venues, "%s: %ld venues", org, n);
	cr_assert_float_eq(m, mean, 1e-9, "%s: mean %f", org, m);
}

Test(standard_db, org_score_means_the_covered_venues_of_the_subtree)
{
	assert_org_score(T_COUNTY, 56.3, 4); /* (100 + 25 + 100 + 0) / 4 = 56.25 */
	assert_org_score(T_TOWN_A, 100.0, 2);
	assert_org_score(T_TOWN_B, 12.5, 2);
	assert_org_score(T_VILLAGE_B1, 0.0, 1);
	assert_org_score(T_COMMUNITY_A2, 0.0, 0); /* no venue: score 0 over 0 venues */
}

Test(standard_db, org_score_of_an_unknown_org_is_404)
{
	double m;
	long n;
	struct bm_error err = {0};
	cr_assert_eq(standard_org_score(t.db, "610929999", &m, &n, &err), -1);
	cr_assert_eq(err.http_status, 404);
}

Test(standard_db, the_seeded_default_checklists_are_valid)
{
	struct t_db fresh;
	t_db_open(&fresh);
	for (int k = 0; k < 2; k++) {
		json_t *doc = NULL;
		struct bm_error err = {0};
		const char *level = k ? "village" : "town";
		cr_assert_eq(standard_checklist_get(fresh.db, level, &doc, &err), 0, "%s",
		             err.message);
		json_t *criteria = json_object_get(doc, "criteria");
		cr_assert_gt(json_array_size(criteria), 5);
		cr_assert_eq(standard_checklist_check(criteria, &err), 0, "%s: %s", level,
		             err.message);
		json_int_t sum = 0;
		size_t i;
		json_t *c;
		json_array_foreach(criteria, i, c) sum +=
		    json_integer_value(json_object_get(c, "weight"));
		cr_assert_eq(sum, 100, "%s weights sum to %lld", level, (long long)sum);
		json_decref(doc);
	}
	t_db_close(&fresh);
}

/* --- the survey report on fixed data ------------------------------------------------------ */

/* Over the standard_db county: hall A becomes large (80 m², 4 windows), hall B stays small;
 * room A1 is open and meets the village standard, room B1 is an office, the community A2 has
 * no room. Items: Z in both halls, X in a town-A office, Y in a town-B department hall; hall
 * A has two windows, one without a B holder. */
static void survey_setup(void)
{
	setup();
	char sql[1024];
	t_sql(t.db, "UPDATE venues SET window_count = 4 WHERE org_code = '" T_TOWN_A
	            "' AND kind = 'hall'");
	create_venue(T_TOWN_B, "dept_hall", "{}");
	t_sql(t.db,
	      "INSERT INTO items (code, current_version, status, updated_at) VALUES "
	      "('X', 1, 'published', 0), ('Y', 1, 'published', 0), ('Z', 1, 'published', 0);"
	      "INSERT INTO item_search (code, name, keywords, materials, type, category, "
	      "receive_levels, summary) VALUES ('X', '建房审批', '', '', '', '', '', '{}'), "
	      "('Y', '户籍', '', '', '', '', '', '{}'), ('Z', '社保', '', '', '', '', '', '{}');"
	      "INSERT INTO users (id, username, display_name, role, org_code, password_hash, "
	      "created_at, updated_at) VALUES (90, 'b', 'B', 'window_staff', '" T_TOWN_A
	      "', 'x', 0, 0)");
	snprintf(sql, sizeof sql,
	         "INSERT INTO item_claims (venue_id, item_code, claimed_at) SELECT id, 'Z', 0 FROM "
	         "venues WHERE kind = 'hall';"
	         "INSERT INTO item_claims (venue_id, item_code, claimed_at) SELECT id, 'X', 0 FROM "
	         "venues WHERE kind = 'office';"
	         "INSERT INTO item_claims (venue_id, item_code, claimed_at) SELECT id, 'Y', 0 FROM "
	         "venues WHERE kind = 'dept_hall';"
	         "INSERT INTO windows (venue_id, number, name, kind, b_user_id) VALUES "
	         "(%lld, 1, '1', 'comprehensive', 90), (%lld, 2, '2', 'comprehensive', NULL)",
	         (long long)hall_a, (long long)hall_a);
	t_sql(t.db, sql);
}

TestSuite(survey, .init = survey_setup, .fini = teardown);

static json_int_t at(json_t *report, const char *path1, const char *path2)
{
	json_t *v = json_object_get(json_object_get(report, path1), path2);
	cr_assert(json_is_integer(v), "%s.%s is not an integer", path1, path2);
	return json_integer_value(v);
}

Test(survey, computes_the_statistics_from_the_tables)
{
	json_t *r = NULL;
	struct bm_error err = {0};
	cr_assert_eq(survey_report_json(t.db, &r, &err), 0, "%s", err.message);
	cr_assert_eq(at(r, "halls", "towns"), 2);
	cr_assert_eq(at(r, "halls", "with_hall"), 2);
	cr_assert_eq(at(r, "halls", "large"), 1);
	cr_assert_eq(at(r, "halls", "small"), 1);
	cr_assert_eq(at(r, "villages", "total"), 3);
	cr_assert_eq(at(r, "villages", "communities"), 1);
	cr_assert_eq(at(r, "villages", "open_rooms"), 1);
	cr_assert_eq(at(r, "villages", "office_only"), 2);
	cr_assert_eq(at(r, "villages", "full_rooms"), 1);
	cr_assert_eq(at(r, "facilities", "halls"), 2);
	cr_assert_eq(at(r, "facilities", "no_sign"), 0);
	cr_assert_eq(at(r, "facilities", "no_item_screen"), 2);
	cr_assert_eq(at(r, "posts", "windows"), 2);
	cr_assert_eq(at(r, "posts", "without_b"), 1);
	cr_assert_eq(at(r, "posts", "towns_without_b"), 1);
	json_t *in_halls = json_object_get(r, "items_in_halls");
	cr_assert_eq(json_array_size(in_halls), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(in_halls, 0), "name")),
	                 "社保");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(in_halls, 0), "halls")), 2);
	json_t *scattered = json_object_get(r, "items_scattered");
	cr_assert_eq(json_array_size(scattered), 2);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(scattered, 0), "kind")),
	                 "office");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(scattered, 0), "name")),
	                 "建房审批");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(scattered, 1), "kind")),
	                 "dept_hall");
	/* the standard's gap counts: hall B lacks the area (1 of 2 halls); room B1 is not open */
	json_t *town = json_object_get(json_object_get(r, "standard"), "town");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(town, 1), "missing")), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(town, 1), "venues")), 2);
	json_t *village = json_object_get(json_object_get(r, "standard"), "village");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(village, 0), "missing")), 1);
	json_decref(r);
}

Test(survey, follows_the_live_data)
{
	json_t *r = NULL;
	struct bm_error err = {0};
	t_sql(t.db, "UPDATE venues SET area_m2 = 60, window_count = 5 WHERE kind = 'hall'");
	t_sql(t.db, "UPDATE venues SET open_to_public = 1 WHERE kind = 'room'");
	cr_assert_eq(survey_report_json(t.db, &r, &err), 0, "%s", err.message);
	cr_assert_eq(at(r, "halls", "large"), 2);
	cr_assert_eq(at(r, "halls", "small"), 0);
	cr_assert_eq(at(r, "villages", "open_rooms"), 2);
	cr_assert_eq(at(r, "villages", "office_only"), 1);
	json_decref(r);
}

/* --- checklist edits and pilots ----------------------------------------------------------- */

struct put_ctx {
	const char *level, *body;
	json_t *out;
	int64_t venue_id;
	bool pilot;
};

static int put_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct put_ctx *ctx = vctx;
	json_t *body = json_of(ctx->body);
	int rc = standard_checklist_put(db, ctx->level, body, &t_actor, T_NOW, &ctx->out, err);
	json_decref(body);
	return rc;
}

Test(standard_db, a_checklist_edit_bumps_the_version_is_audited_and_rescores)
{
	struct bm_error err = {0};
	struct put_ctx ctx = {"town",
	                      "{\"criteria\":[{\"field\":\"outdoor_sign\",\"rule\":\"is_true\","
	                      "\"weight\":3,\"label\":\"标识\"},{\"field\":\"area_m2\",\"rule\":"
	                      "\"at_least\",\"min\":50,\"weight\":1,\"label\":\"面积\"}]}",
	                      NULL, 0, false};
	int64_t audits = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	cr_assert_eq(db_transaction(t.db, put_txn, &ctx, &err), 0, "%s", err.message);
	cr_assert_eq(json_integer_value(json_object_get(ctx.out, "version")), 2);
	json_decref(ctx.out);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'standard.update'"),
	             1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), audits + 1);
	assert_org_score(T_TOWN_B, 37.5, 2); /* hall B: 75, room B1: 0 */
}

Test(standard_db, a_bad_checklist_changes_nothing)
{
	struct bm_error err = {0};
	struct put_ctx ctx = {"town",
	                      "{\"criteria\":[{\"field\":\"area_m2\",\"rule\":\"is_true\","
	                      "\"weight\":3,\"label\":\"面积\"}]}",
	                      NULL, 0, false};
	cr_assert_eq(db_transaction(t.db, put_txn, &ctx, &err), -1);
	cr_assert_str_eq(err.code, "invalid_criterion");
	cr_assert_eq(t_int(t.db, "SELECT version FROM standards WHERE level = 'town'"), 1);
}

static int pilot_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct put_ctx *ctx = vctx;
	return standard_pilot_set(db, ctx->venue_id, ctx->pilot, &t_actor, T_NOW, err);
}

Test(standard_db, pilots_are_set_audited_and_only_for_covered_venues)
{
	struct bm_error err = {0};
	struct put_ctx ctx = {.venue_id = hall_b, .pilot = true};
	cr_assert_eq(db_transaction(t.db, pilot_txn, &ctx, &err), 0, "%s", err.message);
	cr_assert_eq(db_transaction(t.db, pilot_txn, &ctx, &err), 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM standard_pilots"), 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'venue.pilot'"), 1,
	             "setting it again is no change");
	json_t *one = NULL;
	char path[256];
	cr_assert_eq(standard_venue_score(t.db, hall_b, &one, path, &err), 1);
	cr_assert(json_is_true(json_object_get(one, "pilot")));
	json_decref(one);
	ctx.venue_id = t_int(t.db, "SELECT id FROM venues WHERE kind = 'office'");
	cr_assert_eq(db_transaction(t.db, pilot_txn, &ctx, &err), -1);
	cr_assert_str_eq(err.code, "not_standardised");
}
