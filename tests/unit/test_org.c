/*
** test_org.c — the three-level organisation (domain/org.c): the all-or-nothing CSV import of
** a register, its validation (code length per level, kind, parent), and listing by level,
** parent and scope.
**
** Registers are "code,name,level,parent_code[,kind]". Errors name the file's own line number
** ("第 N 行") and the field. Imports run through db_transaction(), as the CLI runs them, so a
** failed import must leave the database as it was.
*/
#include "db/db.h"
#include "domain/org.h"
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

TestSuite(org_import, .init = setup, .fini = teardown);
TestSuite(org, .init = setup, .fini = teardown);

static int import_txn(struct db *db, void *text, struct bm_error *err)
{
	return org_import_csv(db, text, &t_actor, T_NOW, err);
}

/* Imports text in its own transaction; returns rows imported or -1 with *err set. */
static int import(const char *text, struct bm_error *err)
{
	return db_transaction(t.db, import_txn, (void *)text, err);
}

static int64_t org_count(void)
{
	return t_int(t.db, "SELECT COUNT(*) FROM orgs");
}

/* Asserts the import fails with 400 import_invalid and a message containing every needle,
 * and that no org at all was stored. */
static void assert_import_refused(const char *text, const char *row, const char *field)
{
	struct bm_error err = {0};
	int64_t before = org_count();
	cr_assert_eq(import(text, &err), -1, "import accepted:\n%s", text);
	cr_assert_eq(err.http_status, 400, "%d %s %s", err.http_status, err.code, err.message);
	cr_assert_str_eq(err.code, "import_invalid", "%s", err.message);
	cr_assert(strstr(err.message, row) != NULL, "message should name %s: %s", row, err.message);
	if (field)
		cr_assert(strstr(err.message, field) != NULL, "message should name %s: %s", field,
			  err.message);
	cr_assert_eq(org_count(), before, "a refused import changed the orgs table");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void assert_path(const char *code, const char *path)
{
	struct org o;
	struct bm_error err = {0};
	cr_assert_eq(org_get(t.db, code, &o, &err), 1, "org %s not stored", code);
	cr_assert_str_eq(o.path, path, "path of %s", code);
}

/* --- import ------------------------------------------------------------------------------- */

Test(org_import, valid_register_imports_every_row_with_its_ancestor_path)
{
	struct bm_error err = {0};
	cr_assert_eq(import(t_county_csv, &err), 6, "%s", err.message);
	cr_assert_eq(org_count(), 6);
	assert_path(T_COUNTY, T_PATH_COUNTY);
	assert_path(T_TOWN_B, T_PATH_TOWN_B);
	assert_path(T_VILLAGE_A1, T_PATH_VILLAGE_A1);
}

Test(org_import, community_keeps_its_kind_and_village_level)
{
	struct bm_error err = {0};
	struct org o;
	cr_assert_eq(import(t_county_csv, &err), 6, "%s", err.message);
	cr_assert_eq(org_get(t.db, T_COMMUNITY_A2, &o, &err), 1);
	cr_assert_str_eq(o.level, "village");
	cr_assert_str_eq(o.kind, "community");
	cr_assert_str_eq(o.parent_code, T_TOWN_A);
}

Test(org_import, missing_kind_defaults_to_the_level)
{
	struct bm_error err = {0};
	struct org o;
	cr_assert_eq(import("610929,白河县,county,\n610929100,城关镇,town,610929\n", &err), 2, "%s",
		     err.message);
	cr_assert_eq(org_get(t.db, T_TOWN_A, &o, &err), 1);
	cr_assert_str_eq(o.kind, "town");
}

Test(org_import, villages_listed_before_their_town_and_county_still_import)
{
	struct bm_error err = {0};
	const char *text = "610929100201,城关镇某村,village,610929100\n"
			   "610929100,城关镇,town,610929\n"
			   "610929,白河县,county,\n";
	cr_assert_eq(import(text, &err), 3, "%s", err.message);
	assert_path(T_VILLAGE_A1, T_PATH_VILLAGE_A1);
}

Test(org_import, parent_already_in_the_database_is_found)
{
	struct bm_error err = {0};
	cr_assert_eq(import("610929,白河县,county,\n", &err), 1, "%s", err.message);
	cr_assert_eq(import("610929100,城关镇,town,610929\n", &err), 1, "%s", err.message);
	assert_path(T_TOWN_A, T_PATH_TOWN_A);
}

Test(org_import, bad_row_in_the_middle_aborts_the_import_naming_row_and_field_and_stores_nothing)
{
	const char *text = "code,name,level,parent_code\n"
			   "610929,白河县,county,\n"
			   "610929100,城关镇,town,610929\n"
			   "61092910,中厂镇,town,610929\n" /* 8 digits: line 4 */
			   "610929100201,城关镇某村,village,610929100\n";
	assert_import_refused(text, "第 4 行", "code");
}

Test(org_import, refused_import_leaves_earlier_orgs_untouched)
{
	struct bm_error err = {0};
	cr_assert_eq(import("610929,白河县,county,\n", &err), 1, "%s", err.message);
	t_sql(t.db, "DELETE FROM audit_log; DELETE FROM settings WHERE key = 'audit_head'");
	const char *text = "610929,白河县（改名）,county,\n"
			   "610929100,城关镇,town,610929999\n";
	assert_import_refused(text, "第 2 行", "parent_code");
	struct org o;
	cr_assert_eq(org_get(t.db, T_COUNTY, &o, &err), 1);
	cr_assert_str_eq(o.name, "白河县", "the county was renamed by a refused import");
}

Test(org_import, missing_parent_is_refused_naming_the_parent_code)
{
	const char *text = "610929,白河县,county,\n"
			   "610929100,城关镇,town,610929\n"
			   "610929100201,某村,village,610929199\n";
	assert_import_refused(text, "第 3 行", "parent_code");
	struct bm_error err = {0};
	import(text, &err);
	cr_assert(strstr(err.message, "610929199") != NULL, "%s", err.message);
}

Test(org_import, code_of_the_wrong_length_for_its_level_is_refused)
{
	assert_import_refused("6109291,白河县,county,\n", "第 1 行", "code");
	assert_import_refused("610929,白河县,county,\n610929100,城关镇,village,610929\n", "第 2 行",
			      "code");
}

Test(org_import, code_with_a_non_digit_is_refused)
{
	assert_import_refused("61092a,白河县,county,\n", "第 1 行", "code");
}

Test(org_import, kind_that_does_not_fit_the_level_is_refused)
{
	assert_import_refused("610929,白河县,county,\n610929100,城关镇,town,610929,community\n",
			      "第 2 行", "kind");
}

Test(org_import, unknown_level_is_refused)
{
	assert_import_refused("610929,白河县,county,\n610929100,城关镇,township,610929\n", "第 2 行",
			      "level");
}

Test(org_import, village_directly_under_the_county_is_refused)
{
	assert_import_refused("610929,白河县,county,\n610929100201,某村,village,610929\n", "第 2 行",
			      "parent_code");
}

Test(org_import, county_with_a_parent_is_refused)
{
	assert_import_refused("610929,白河县,county,610000\n", "第 1 行", "parent_code");
}

Test(org_import, empty_name_is_refused)
{
	assert_import_refused("610929,,county,\n", "第 1 行", "name");
}

Test(org_import, row_with_too_few_columns_is_refused)
{
	assert_import_refused("610929,白河县,county,\n610929100,城关镇,town\n", "第 2 行", NULL);
}

Test(org_import, row_with_too_many_columns_is_refused)
{
	assert_import_refused("610929,白河县,county,\n610929100,城关镇,town,610929,town,extra\n",
			      "第 2 行", NULL);
}

Test(org_import, row_numbers_count_blank_and_comment_lines_of_the_file)
{
	const char *text = "# 白河县区划\n"
			   "code,name,level,parent_code\n"
			   "\n"
			   "610929,白河县,county,\n"
			   "\n"
			   "610929100,城关镇,town,6109299\n"; /* line 6 */
	assert_import_refused(text, "第 6 行", "parent_code");
}

Test(org_import, crlf_line_ends_and_a_bom_are_accepted)
{
	struct bm_error err = {0};
	const char *text = "\xEF\xBB\xBF" "code,name,level,parent_code,kind\r\n"
			   "610929,白河县,county,,county\r\n"
			   "610929100,城关镇,town,610929,town\r\n";
	cr_assert_eq(import(text, &err), 2, "%s", err.message);
	struct org o;
	cr_assert_eq(org_get(t.db, T_TOWN_A, &o, &err), 1);
	cr_assert_str_eq(o.kind, "town");
	cr_assert_str_eq(o.name, "城关镇");
}

Test(org_import, importing_a_known_code_again_updates_its_name)
{
	struct bm_error err = {0};
	cr_assert_eq(import(t_county_csv, &err), 6, "%s", err.message);
	cr_assert_eq(import("610929100,城关街道,town,610929\n", &err), 1, "%s", err.message);
	cr_assert_eq(org_count(), 6);
	struct org o;
	cr_assert_eq(org_get(t.db, T_TOWN_A, &o, &err), 1);
	cr_assert_str_eq(o.name, "城关街道");
}

Test(org_import, import_is_audited_with_its_row_count)
{
	struct bm_error err = {0};
	cr_assert_eq(import(t_county_csv, &err), 6, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'org.import' "
				 "AND after_json = '{\"rows\":6}'"),
		     1);
}

/* --- org_create --------------------------------------------------------------------------- */

static int create_txn(struct db *db, void *o, struct bm_error *err)
{
	return org_create(db, o, &t_actor, T_NOW, err);
}

Test(org, create_computes_the_path_from_the_parent)
{
	t_seed_county(t.db);
	struct org o = {.code = "610929100203", .name = "新村", .level = "village",
			.parent_code = T_TOWN_A};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, create_txn, &o, &err), 0, "%s", err.message);
	assert_path("610929100203", "/610929/610929100/610929100203/");
}

Test(org, create_of_a_taken_code_answers_409_org_exists)
{
	t_seed_county(t.db);
	struct org o = {.code = T_TOWN_A, .name = "城关镇", .level = "town", .parent_code = T_COUNTY};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, create_txn, &o, &err), -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "org_exists");
}

Test(org, create_with_an_unknown_parent_answers_400_invalid_field)
{
	t_seed_county(t.db);
	struct org o = {.code = "610929102", .name = "某镇", .level = "town", .parent_code = "610928"};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, create_txn, &o, &err), -1);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "invalid_field");
}

/* --- org_list ----------------------------------------------------------------------------- */

/* Lists with the filter and returns the codes joined by spaces ("" for none). */
static const char *list_codes(const struct org_filter *f, int64_t limit, int64_t offset,
			      int64_t *total)
{
	static char out[512];
	json_t *items = NULL;
	struct bm_error err = {0};
	cr_assert_eq(org_list(t.db, f, limit, offset, &items, total, &err), 0, "%s", err.message);
	out[0] = '\0';
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		if (out[0])
			strcat(out, " ");
		strcat(out, json_string_value(json_object_get(item, "code")));
	}
	json_decref(items);
	return out;
}

Test(org, list_without_filters_gives_every_org_ordered_by_code)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {0};
	cr_assert_str_eq(list_codes(&f, 100, 0, &total),
			 "610929 610929100 610929100201 610929100202 610929101 610929101201");
	cr_assert_eq(total, 6);
}

Test(org, list_filtered_by_level_gives_only_that_level)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {.level = "town"};
	cr_assert_str_eq(list_codes(&f, 100, 0, &total), "610929100 610929101");
	cr_assert_eq(total, 2);
}

Test(org, list_filtered_by_parent_gives_its_children)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {.parent_code = T_TOWN_A};
	cr_assert_str_eq(list_codes(&f, 100, 0, &total), "610929100201 610929100202");
	cr_assert_eq(total, 2);
}

Test(org, list_in_a_towns_scope_gives_the_town_and_its_villages_only)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {.scope_path = T_PATH_TOWN_A};
	cr_assert_str_eq(list_codes(&f, 100, 0, &total), "610929100 610929100201 610929100202");
	cr_assert_eq(total, 3);
}

Test(org, list_in_scope_with_a_level_filter_combines_both)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {.level = "village", .scope_path = T_PATH_TOWN_B};
	cr_assert_str_eq(list_codes(&f, 100, 0, &total), "610929101201");
	cr_assert_eq(total, 1);
}

Test(org, list_pages_with_limit_and_offset_but_totals_every_match)
{
	t_seed_county(t.db);
	int64_t total;
	struct org_filter f = {0};
	cr_assert_str_eq(list_codes(&f, 2, 2, &total), "610929100201 610929100202");
	cr_assert_eq(total, 6);
}

Test(org, org_json_has_no_parent_code_for_the_county)
{
	t_seed_county(t.db);
	struct org o;
	struct bm_error err = {0};
	cr_assert_eq(org_get(t.db, T_COUNTY, &o, &err), 1);
	json_t *j = org_to_json(&o);
	cr_assert(json_is_null(json_object_get(j, "parent_code")) ||
		  !json_object_get(j, "parent_code"));
	cr_assert_str_eq(json_string_value(json_object_get(j, "name")), "白河县");
	json_decref(j);
}

Test(org, get_of_an_unknown_code_answers_0)
{
	struct org o;
	struct bm_error err = {0};
	cr_assert_eq(org_get(t.db, "610929999", &o, &err), 0);
}
