/*
** test_venue.c — venue profiles (domain/venue.c): a PATCH is checked against venue_fields[]
** and the domain rules, applied all or nothing inside its transaction, and audited with the
** profile before and after.
**
** Every test starts from the test county with two venues: 城关镇便民服务中心 (town A, 80 m²,
** 4 windows, zones handling+waiting) and 中厂镇便民服务中心 (town B).
*/
#include "db/db.h"
#include "domain/venue.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct t_db t;
static int64_t venue_a, venue_b;

struct create_ctx {
	const char *org_code, *name;
	const char *profile;
	int64_t id;
};

static json_t *json_of(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_ALLOW_NUL, &jerr);
	cr_assert_not_null(j, "bad test JSON %s: %s", text, jerr.text);
	return j;
}

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_ctx *ctx = vctx;
	json_t *profile = json_of(ctx->profile);
	int rc = venue_create(db, ctx->org_code, ctx->name, "center", profile, &t_actor, T_NOW,
			      &ctx->id, err);
	json_decref(profile);
	return rc;
}

static int64_t create_venue(const char *org_code, const char *name, const char *profile)
{
	struct bm_error err = {0};
	struct create_ctx ctx = {org_code, name, profile, 0};
	cr_assert_eq(db_transaction(t.db, create_txn, &ctx, &err), 0, "venue_create: %s",
		     err.message);
	return ctx.id;
}

static void setup(void)
{
	t_db_open(&t);
	t_seed_county(t.db);
	venue_a = create_venue(T_TOWN_A, "城关镇便民服务中心",
			       "{\"area_m2\":80,\"window_count\":4,\"zones\":[\"handling\",\"waiting\"],"
			       "\"opened_on\":\"2020-06-01\"}");
	venue_b = create_venue(T_TOWN_B, "中厂镇便民服务中心", "{\"area_m2\":40}");
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(venue, .init = setup, .fini = teardown);

struct update_ctx {
	int64_t id;
	json_t *patch;
};

static int update_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct update_ctx *ctx = vctx;
	return venue_update(db, ctx->id, ctx->patch, &t_actor, T_NOW + 60, err);
}

/* Applies the patch (JSON text) to venue id in its own transaction. */
static int update(int64_t id, const char *patch, struct bm_error *err)
{
	struct update_ctx ctx = {id, json_of(patch)};
	int rc = db_transaction(t.db, update_txn, &ctx, err);
	json_decref(ctx.patch);
	return rc;
}

/* The venue as venue_get() returns it, as compact JSON with sorted keys (caller frees). */
static char *venue_text(int64_t id)
{
	json_t *v = NULL;
	char path[256];
	struct bm_error err = {0};
	cr_assert_eq(venue_get(t.db, id, &v, path, &err), 1, "venue %lld: %s", (long long)id,
		     err.message);
	char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	return text;
}

static json_t *venue_json(int64_t id)
{
	json_t *v = NULL;
	char path[256];
	struct bm_error err = {0};
	cr_assert_eq(venue_get(t.db, id, &v, path, &err), 1, "%s", err.message);
	return v;
}

static int64_t venue_int(int64_t id, const char *field)
{
	json_t *v = venue_json(id);
	int64_t value = json_integer_value(json_object_get(v, field));
	json_decref(v);
	return value;
}

/* Asserts the patch is refused with 400 and this code and that nothing changed. */
static void assert_update_refused(const char *patch, const char *code)
{
	struct bm_error err = {0};
	char *before = venue_text(venue_a);
	int64_t entries = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	cr_assert_eq(update(venue_a, patch, &err), -1, "patch accepted: %s", patch);
	cr_assert_eq(err.http_status, 400, "%s: %d %s %s", patch, err.http_status, err.code,
		     err.message);
	cr_assert_str_eq(err.code, code, "%s: %s", patch, err.message);
	char *after = venue_text(venue_a);
	cr_assert_str_eq(after, before, "refused patch %s changed the venue", patch);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), entries,
		     "refused patch %s was audited", patch);
	free(before);
	free(after);
}

/* --- refused patches change nothing ------------------------------------------------------- */

Test(venue, unknown_zone_is_invalid_field_and_the_earlier_fields_of_the_patch_are_not_applied)
{
	assert_update_refused("{\"area_m2\":120,\"window_count\":6,\"zones\":[\"handling\",\"spa\"]}",
			      "invalid_field");
	cr_assert_eq(venue_int(venue_a, "area_m2"), 80);
}

Test(venue, zones_that_are_not_an_array_of_strings_are_invalid_field)
{
	assert_update_refused("{\"zones\":\"handling\"}", "invalid_field");
	assert_update_refused("{\"zones\":[1]}", "invalid_field");
	assert_update_refused("{\"zones\":null}", "invalid_field");
}

Test(venue, unknown_field_is_unknown_field)
{
	assert_update_refused("{\"area_m2\":120,\"org_code\":\"610929101\"}", "unknown_field");
}

Test(venue, integer_out_of_range_or_of_the_wrong_type_is_invalid_field)
{
	assert_update_refused("{\"window_count\":201}", "invalid_field");
	assert_update_refused("{\"window_count\":-1}", "invalid_field");
	assert_update_refused("{\"window_count\":\"6\"}", "invalid_field");
	assert_update_refused("{\"area_m2\":80.5}", "invalid_field");
}

Test(venue, boolean_given_as_a_number_is_invalid_field)
{
	assert_update_refused("{\"outdoor_sign\":1}", "invalid_field");
}

Test(venue, impossible_date_is_invalid_field)
{
	assert_update_refused("{\"opened_on\":\"2025-02-30\"}", "invalid_field");
	assert_update_refused("{\"opened_on\":\"2025/06/01\"}", "invalid_field");
	assert_update_refused("{\"opened_on\":20250601}", "invalid_field");
}

Test(venue, text_longer_than_its_limit_in_characters_is_invalid_field)
{
	/* phone: at most 32 characters. */
	assert_update_refused("{\"phone\":\"123456789012345678901234567890123\"}", "invalid_field");
}

Test(venue, text_with_a_control_character_is_invalid_field)
{
	assert_update_refused("{\"location\":\"镇政府\\n一楼\"}", "invalid_field");
}

Test(venue, text_with_an_embedded_nul_is_invalid_field)
{
	assert_update_refused("{\"location\":\"镇政府\\u0000一楼\"}", "invalid_field");
}

Test(venue, empty_name_is_invalid_field)
{
	assert_update_refused("{\"name\":\"\"}", "invalid_field");
}

Test(venue, update_of_an_unknown_venue_answers_404_venue_not_found)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_b + 100, "{\"area_m2\":120}", &err), -1);
	cr_assert_eq(err.http_status, 404);
	cr_assert_str_eq(err.code, "venue_not_found");
}

/* --- accepted patches --------------------------------------------------------------------- */

Test(venue, accepted_patch_changes_only_the_fields_it_names)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"area_m2\":120,\"item_screen\":true}", &err), 0, "%s",
		     err.message);
	json_t *v = venue_json(venue_a);
	cr_assert_eq(json_integer_value(json_object_get(v, "area_m2")), 120);
	cr_assert(json_is_true(json_object_get(v, "item_screen")));
	cr_assert_eq(json_integer_value(json_object_get(v, "window_count")), 4);
	cr_assert_str_eq(json_string_value(json_object_get(v, "name")), "城关镇便民服务中心");
	json_decref(v);
}

Test(venue, text_limit_counts_characters_not_bytes)
{
	/* hours: at most 64 characters; 64 Chinese characters are 192 bytes. */
	char patch[512] = "{\"hours\":\"";
	for (int i = 0; i < 64; i++)
		strcat(patch, "时");
	strcat(patch, "\"}");
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, patch, &err), 0, "%s", err.message);
}

Test(venue, repeated_zone_is_refused)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"zones\":[\"waiting\",\"handling\",\"waiting\"]}", &err), -1);
	cr_assert_str_eq(err.code, "invalid_field");
	cr_assert(strstr(err.message, "zones[2]"), "%s", err.message);
}

Test(venue, zones_are_stored_in_canonical_order)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"zones\":[\"meeting\",\"waiting\",\"handling\"]}", &err),
		     0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM venues WHERE zones = 'handling,waiting,meeting'"),
		     1);
	json_t *v = venue_json(venue_a);
	char *zones = json_dumps(json_object_get(v, "zones"), JSON_COMPACT);
	cr_assert_str_eq(zones, "[\"handling\",\"waiting\",\"meeting\"]");
	free(zones);
	json_decref(v);
}

Test(venue, empty_zone_list_clears_the_zones)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"zones\":[]}", &err), 0, "%s", err.message);
	json_t *v = venue_json(venue_a);
	cr_assert_eq(json_array_size(json_object_get(v, "zones")), 0);
	json_decref(v);
}

Test(venue, null_date_clears_the_opening_date)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"opened_on\":null}", &err), 0, "%s", err.message);
	json_t *v = venue_json(venue_a);
	cr_assert(json_is_null(json_object_get(v, "opened_on")));
	json_decref(v);
}

Test(venue, update_is_audited_with_the_profile_before_and_after)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"area_m2\":120}", &err), 0, "%s", err.message);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)venue_a);
	struct db_stmt *st = db_query(t.db, &err,
				      "SELECT before_json, after_json, at FROM audit_log "
				      "WHERE action = 'venue.update' AND entity = 'venue' AND entity_id = ?",
				      "t", id);
	cr_assert_not_null(st);
	cr_assert_eq(db_step(st, &err), DB_ROW, "no venue.update audit entry");
	json_t *before = json_loads(db_col_text(st, 0), 0, NULL);
	json_t *after = json_loads(db_col_text(st, 1), 0, NULL);
	int64_t at = db_col_int(st, 2);
	cr_assert_eq(db_step(st, &err), DB_DONE, "more than one venue.update entry");
	db_reset(st);
	cr_assert_eq(json_integer_value(json_object_get(before, "area_m2")), 80);
	cr_assert_eq(json_integer_value(json_object_get(after, "area_m2")), 120);
	cr_assert_eq(json_integer_value(json_object_get(after, "window_count")), 4);
	cr_assert_eq(at, T_NOW + 60);
	json_decref(before);
	json_decref(after);
}

Test(venue, patch_that_changes_nothing_is_not_audited)
{
	struct bm_error err = {0};
	int64_t entries = t_int(t.db, "SELECT COUNT(*) FROM audit_log");
	cr_assert_eq(update(venue_a, "{\"area_m2\":80,\"window_count\":4}", &err), 0, "%s",
		     err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), entries);
}

Test(venue, update_keeps_the_audit_chain_intact)
{
	struct bm_error err = {0};
	cr_assert_eq(update(venue_a, "{\"area_m2\":120}", &err), 0, "%s", err.message);
	struct audit_report r;
	cr_assert_eq(audit_verify(t.db, &r, &err), 0);
	cr_assert_eq(r.first_bad, 0, "%lld: %s", (long long)r.first_bad, r.problem);
	cr_assert_eq(r.entries, 4); /* import, two creates, one update */
}

/* --- reading ------------------------------------------------------------------------------ */

Test(venue, get_gives_the_org_path_for_scope_checks)
{
	json_t *v = NULL;
	char path[256];
	struct bm_error err = {0};
	cr_assert_eq(venue_get(t.db, venue_a, &v, path, &err), 1);
	cr_assert_str_eq(path, T_PATH_TOWN_A);
	cr_assert_str_eq(json_string_value(json_object_get(v, "org_code")), T_TOWN_A);
	cr_assert_str_eq(json_string_value(json_object_get(v, "level")), "town");
	json_decref(v);
}

Test(venue, get_of_an_unknown_id_answers_0)
{
	json_t *v = NULL;
	char path[256];
	struct bm_error err = {0};
	cr_assert_eq(venue_get(t.db, venue_b + 100, &v, path, &err), 0);
}

Test(venue, list_in_a_towns_scope_gives_only_that_towns_venues)
{
	json_t *items = NULL;
	int64_t total = 0;
	struct bm_error err = {0};
	cr_assert_eq(venue_list(t.db, T_PATH_TOWN_A, NULL, 100, 0, &items, &total, &err), 0);
	cr_assert_eq(total, 1);
	cr_assert_eq(json_array_size(items), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(items, 0), "id")), venue_a);
	json_decref(items);
	cr_assert_eq(venue_list(t.db, T_PATH_COUNTY, NULL, 100, 0, &items, &total, &err), 0);
	cr_assert_eq(total, 2);
	json_decref(items);
}

Test(venue, list_filtered_by_org_outside_the_scope_is_empty)
{
	json_t *items = NULL;
	int64_t total = -1;
	struct bm_error err = {0};
	cr_assert_eq(venue_list(t.db, T_PATH_TOWN_A, T_TOWN_B, 100, 0, &items, &total, &err), 0);
	cr_assert_eq(total, 0);
	cr_assert_eq(json_array_size(items), 0);
	json_decref(items);
}

Test(venue, create_for_an_unknown_org_answers_404_org_not_found)
{
	struct bm_error err = {0};
	struct create_ctx ctx = {"610929199", "某镇便民服务中心", "{}", 0};
	cr_assert_eq(db_transaction(t.db, create_txn, &ctx, &err), -1);
	cr_assert_eq(err.http_status, 404);
	cr_assert_str_eq(err.code, "org_not_found");
}
