/*
** test_catalog.c — the service item catalogue: document rules, versions, claims, CSV import,
** search routing for short and long Chinese queries, and wayfinding.
*/
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/claim.h"
#include "domain/item.h"
#include "domain/item_csv.h"
#include "domain/venue.h"
#include "domain/wayfind.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

/* 最低生活保障: received by villages (代办) and towns, decided by the county; one material is a
 * village certificate, so a citizen needs the village room unless the room receives it. */
static const char dibao_json[] =
	"{\"code\":\"610929-GF-0001\",\"impl_code\":\"610929-GF-0001-01\",\"name\":\"最低生活保障申请\","
	"\"type\":\"GF\",\"category\":\"社会救助\",\"keywords\":[\"低保\"],"
	"\"implementing_body\":\"白河县民政局\",\"body_level\":\"county\","
	"\"receive_levels\":[\"village\",\"town\"],\"decide_level\":\"county\","
	"\"legal_basis\":[\"《社会救助暂行办法》第十一条\"],\"conditions\":\"家庭人均收入低于低保标准\","
	"\"materials\":[{\"name\":\"居民身份证\",\"necessity\":\"required\",\"form\":\"original\","
	"\"copies\":1,\"source\":\"applicant\"},{\"name\":\"家庭经济状况证明\",\"necessity\":\"required\","
	"\"form\":\"original\",\"copies\":1,\"source\":\"village\"}],"
	"\"steps\":[{\"name\":\"受理\",\"level\":\"town\",\"days\":3},"
	"{\"name\":\"审批\",\"level\":\"county\",\"days\":10}],"
	"\"statutory_days\":30,\"promised_days\":15,\"kind\":\"promised\",\"fee\":{\"charged\":false},"
	"\"place\":\"镇便民服务中心\",\"hours\":\"工作日\",\"consult_phone\":\"0915-7800001\","
	"\"complaint_phone\":\"0915-7800002\",\"visits\":1,\"online\":false,\"scope\":\"county\"}";

static json_t *dibao(void)
{
	json_t *doc = json_loads(dibao_json, 0, NULL);
	cr_assert_not_null(doc);
	return doc;
}

static void expect_invalid(json_t *doc, const char *fragment)
{
	struct bm_error err = {0};
	cr_assert_eq(item_validate(doc, "", &err), -1, "expected a rejection mentioning %s", fragment);
	cr_assert_eq(err.http_status, 400);
	cr_assert(strstr(err.message, fragment), "message \"%s\" should mention %s", err.message,
		  fragment);
	json_decref(doc);
}

Test(item, complete_document_is_valid)
{
	struct bm_error err = {0};
	json_t *doc = dibao();
	cr_assert_eq(item_validate(doc, "", &err), 0, "%s", err.message);
	json_decref(doc);
}

Test(item, bad_material_necessity_is_named_by_its_path)
{
	json_t *doc = dibao();
	json_object_set_new(json_array_get(json_object_get(doc, "materials"), 1), "necessity",
			    json_string("maybe"));
	expect_invalid(doc, "materials[1].necessity");
}

Test(item, promised_days_may_not_exceed_statutory_days)
{
	json_t *doc = dibao();
	json_object_set_new(doc, "promised_days", json_integer(31));
	expect_invalid(doc, "promised_days");
}

Test(item, instant_item_has_no_promised_days)
{
	json_t *doc = dibao();
	json_object_set_new(doc, "kind", json_string("instant"));
	expect_invalid(doc, "即办件");
}

Test(item, charged_item_must_publish_its_fees_with_basis)
{
	json_t *doc = dibao();
	json_object_set_new(doc, "fee", json_pack("{s:b}", "charged", 1));
	expect_invalid(doc, "fee.items");
}

Test(item, step_level_must_receive_or_decide)
{
	json_t *doc = dibao();
	json_object_set_new(doc, "receive_levels", json_pack("[s]", "town"));
	json_object_set_new(json_array_get(json_object_get(doc, "steps"), 0), "level",
			    json_string("village"));
	expect_invalid(doc, "steps[0].level");
}

Test(item, unknown_field_is_refused)
{
	json_t *doc = dibao();
	json_object_set_new(doc, "colour", json_string("red"));
	expect_invalid(doc, "colour");
}

/* --- versions ----------------------------------------------------------------------------- */

struct put_ctx {
	json_t *doc;
	int changed;
};

static int put_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct put_ctx *ctx = vctx;
	return catalog_put(db, ctx->doc, &t_actor, T_NOW, &ctx->changed, err);
}

static int put(struct db *db, json_t *doc)
{
	struct bm_error err = {0};
	struct put_ctx ctx = {doc, 0};
	cr_assert_eq(db_transaction(db, put_txn, &ctx, &err), 0, "%s", err.message);
	return ctx.changed;
}

static int64_t current_version_of(struct db *db, const char *code)
{
	struct bm_error err = {0};
	json_t *doc;
	cr_assert_eq(catalog_get(db, code, 0, &doc, &err), 1);
	int64_t v = json_integer_value(json_object_get(doc, "version"));
	json_decref(doc);
	return v;
}

Test(catalog, editing_publishes_a_new_version_and_keeps_the_old_one)
{
	struct t_db t;
	t_db_open(&t);
	json_t *doc = dibao();
	put(t.db, doc);
	json_object_set_new(doc, "promised_days", json_integer(10));
	cr_assert_eq(put(t.db, doc), 1);
	cr_assert_eq(current_version_of(t.db, "610929-GF-0001"), 2);

	struct bm_error err = {0};
	json_t *v1;
	cr_assert_eq(catalog_get(t.db, "610929-GF-0001", 1, &v1, &err), 1);
	cr_assert_eq(json_integer_value(json_object_get(v1, "promised_days")), 15);
	cr_assert(json_is_string(json_object_get(v1, "effective_to")), "v1 should be closed");
	json_decref(v1);
	json_decref(doc);
	t_db_close(&t);
}

Test(catalog, saving_unchanged_content_makes_no_version)
{
	struct t_db t;
	t_db_open(&t);
	json_t *doc = dibao();
	put(t.db, doc);
	cr_assert_eq(put(t.db, doc), 0);
	cr_assert_eq(current_version_of(t.db, "610929-GF-0001"), 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM item_versions"), 1);
	json_decref(doc);
	t_db_close(&t);
}

/* --- claims ------------------------------------------------------------------------------- */

struct venue_ctx {
	const char *org, *name, *kind;
	int64_t id;
};

static int venue_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct venue_ctx *c = vctx;
	return venue_create(db, c->org, c->name, c->kind, NULL, &t_actor, T_NOW, &c->id, err);
}

static int64_t venue(struct db *db, const char *org, const char *name, const char *kind)
{
	struct bm_error err = {0};
	struct venue_ctx c = {org, name, kind, 0};
	cr_assert_eq(db_transaction(db, venue_txn, &c, &err), 0, "%s", err.message);
	return c.id;
}

struct claim_ctx {
	int64_t venue;
	const char *code;
	int created;
};

static int claim_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct claim_ctx *c = vctx;
	return claim_add(db, c->venue, c->code, &t_actor, T_NOW, &c->created, err);
}

static int claim(struct db *db, int64_t venue_id, const char *code, struct bm_error *err)
{
	struct claim_ctx c = {venue_id, code, 0};
	return db_transaction(db, claim_txn, &c, err);
}

Test(claim, venue_level_must_be_a_receive_level)
{
	json_t *levels = json_pack("[s, s]", "village", "town");
	cr_assert(claim_level_allowed("town", levels));
	cr_assert(claim_level_allowed("village", levels));
	cr_assert_not(claim_level_allowed("county", levels));
	json_decref(levels);
}

Test(claim, county_venue_cannot_claim_an_item_received_in_towns_and_villages)
{
	struct t_db t;
	t_db_open(&t);
	t_seed_county(t.db);
	json_t *doc = dibao();
	put(t.db, doc);
	int64_t centre = venue(t.db, T_COUNTY, "县政务服务中心", "center");
	struct bm_error err = {0};
	cr_assert_eq(claim(t.db, centre, "610929-GF-0001", &err), -1);
	cr_assert_str_eq(err.code, "claim_level_mismatch");
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM item_claims"), 0);
	json_decref(doc);
	t_db_close(&t);
}

Test(claim, claiming_twice_is_one_claim)
{
	struct t_db t;
	t_db_open(&t);
	t_seed_county(t.db);
	json_t *doc = dibao();
	put(t.db, doc);
	int64_t hall = venue(t.db, T_TOWN_A, "城关镇便民服务中心", "hall");
	struct bm_error err = {0};
	cr_assert_eq(claim(t.db, hall, "610929-GF-0001", &err), 0, "%s", err.message);
	cr_assert_eq(claim(t.db, hall, "610929-GF-0001", &err), 0, "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM item_claims"), 1);
	json_decref(doc);
	t_db_close(&t);
}

/* --- CSV import --------------------------------------------------------------------------- */

struct import_ctx {
	const char *text;
	struct item_import_result result;
};

static int import_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct import_ctx *c = vctx;
	return item_csv_import(db, c->text, &t_actor, T_NOW, &c->result, err);
}

/* Exports the catalogue to CSV text (caller frees). */
static char *export_csv(struct db *db)
{
	struct buf out = BUF_INIT;
	struct bm_error err = {0};
	cr_assert_eq(item_csv_export(db, &out, &err), 0, "%s", err.message);
	return buf_detach(&out);
}

Test(item_csv, export_then_import_changes_nothing)
{
	struct t_db t;
	t_db_open(&t);
	json_t *doc = dibao();
	put(t.db, doc);
	char *csv = export_csv(t.db);
	struct import_ctx c = {csv, {0}};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, import_txn, &c, &err), 0, "%s", err.message);
	cr_assert_eq(c.result.unchanged, 1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM item_versions"), 1);
	free(csv);
	json_decref(doc);
	t_db_close(&t);
}

Test(item_csv, a_bad_row_imports_nothing_and_names_row_and_field)
{
	struct t_db t;
	t_db_open(&t);
	json_t *doc = dibao();
	put(t.db, doc);
	char *csv = export_csv(t.db);
	/* Three rows: a new good item, then one with a bad copies count. */
	struct buf text = BUF_INIT;
	const char *row = strchr(csv, '\n') + 1;
	buf_add(&text, csv, (size_t)(row - csv));
	struct buf good = BUF_INIT;
	buf_puts(&good, row);
	char *code = strstr(good.data, "610929-GF-0001");
	memcpy(code, "610929-GF-0002", 14); /* code; the impl_code keeps its suffix */
	buf_puts(&text, good.data);
	struct buf bad = BUF_INIT;
	buf_puts(&bad, row);
	char *copies = strstr(bad.data, "|required|original|1|village");
	cr_assert_not_null(copies);
	copies[19] = 'x'; /* "...|original|x|village" */
	buf_puts(&text, bad.data);

	struct import_ctx c = {text.data, {0}};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, import_txn, &c, &err), -1);
	cr_assert_str_eq(err.code, "import_invalid");
	cr_assert(strstr(err.message, "第 3 行"), "%s", err.message);
	cr_assert(strstr(err.message, "materials[1].copies"), "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM items"), 1, "the good row must not stay");
	buf_free(&text);
	buf_free(&good);
	buf_free(&bad);
	free(csv);
	json_decref(doc);
	t_db_close(&t);
}

Test(item_csv, missing_column_is_reported_on_the_header_row)
{
	struct t_db t;
	t_db_open(&t);
	struct import_ctx c = {"code,name\nX-1,测试\n", {0}};
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, import_txn, &c, &err), -1);
	cr_assert(strstr(err.message, "第 1 行"), "%s", err.message);
	cr_assert(strstr(err.message, "缺少列"), "%s", err.message);
	t_db_close(&t);
}

/* --- search ------------------------------------------------------------------------------- */

static int64_t search_total(struct db *db, const char *q, const char **first_code)
{
	struct catalog_query query = {.q = q};
	struct buf text = BUF_INIT;
	int64_t total;
	struct bm_error err = {0};
	cr_assert_eq(catalog_search(db, &query, 10, 0, &text, &total, &err), 0, "%s", err.message);
	json_t *items = json_loads(buf_cstr(&text), 0, NULL);
	cr_assert(json_is_array(items), "search answered %s", buf_cstr(&text));
	buf_free(&text);
	static char code[64];
	code[0] = '\0';
	if (json_array_size(items))
		snprintf(code, sizeof code, "%s",
			 json_string_value(json_object_get(json_array_get(items, 0), "code")));
	if (first_code)
		*first_code = code;
	json_decref(items);
	return total;
}

static void seed_two_items(struct db *db)
{
	json_t *a = dibao();
	put(db, a);
	json_t *b = dibao();
	json_object_set_new(b, "code", json_string("610929-QR-0002"));
	json_object_set_new(b, "name", json_string("低保"));
	json_object_set_new(b, "keywords", json_array());
	put(db, b);
	json_decref(a);
	json_decref(b);
}

Test(search, one_character_query_finds_materials)
{
	struct t_db t;
	t_db_open(&t);
	seed_two_items(t.db);
	cr_assert_eq(search_total(t.db, "证", NULL), 2); /* 居民身份证, 家庭经济状况证明 */
	t_db_close(&t);
}

Test(search, two_character_query_ranks_the_exact_name_first)
{
	struct t_db t;
	t_db_open(&t);
	seed_two_items(t.db);
	const char *first;
	cr_assert_eq(search_total(t.db, "低保", &first), 2);
	cr_assert_str_eq(first, "610929-QR-0002");
	t_db_close(&t);
}

Test(search, three_or_more_characters_go_through_the_trigram_index)
{
	struct t_db t;
	t_db_open(&t);
	seed_two_items(t.db);
	cr_assert_eq(search_total(t.db, "最低生活", NULL), 1);
	cr_assert_eq(search_total(t.db, "经济状况", NULL), 2);
	cr_assert_eq(search_total(t.db, "不存在的事项", NULL), 0);
	t_db_close(&t);
}

Test(search, fts_syntax_in_the_query_is_plain_text)
{
	struct t_db t;
	t_db_open(&t);
	seed_two_items(t.db);
	cr_assert_eq(search_total(t.db, "\"低保\" OR *", NULL), 0);
	cr_assert_eq(search_total(t.db, "NEAR(a b)", NULL), 0);
	cr_assert_eq(search_total(t.db, "'; DROP TABLE items; --", NULL), 0);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM items"), 2);
	t_db_close(&t);
}

Test(search, revised_name_is_found_and_old_name_is_not)
{
	struct t_db t;
	t_db_open(&t);
	json_t *doc = dibao();
	put(t.db, doc);
	json_object_set_new(doc, "name", json_string("城乡低保待遇申请"));
	put(t.db, doc);
	cr_assert_eq(search_total(t.db, "城乡低保", NULL), 1);
	cr_assert_eq(search_total(t.db, "最低生活", NULL), 0);
	json_decref(doc);
	t_db_close(&t);
}

/* --- wayfinding --------------------------------------------------------------------------- */

static int visits(struct db *db, const char *code, const char *village)
{
	struct wayfind_map *map;
	struct bm_error err = {0};
	json_t *answer;
	cr_assert_eq(wayfind_load(db, &map, &err), 0, "%s", err.message);
	cr_assert_eq(wayfind_item(map, code, village, &answer, &err), 0, "%s", err.message);
	int n = (int)json_integer_value(json_object_get(answer, "visits"));
	json_decref(answer);
	wayfind_free(map);
	return n;
}

Test(wayfind, hall_plus_village_certificate_is_two_places_and_village_agency_is_one)
{
	struct t_db t;
	t_db_open(&t);
	t_seed_county(t.db);
	json_t *doc = dibao();
	put(t.db, doc);
	int64_t hall = venue(t.db, T_TOWN_A, "城关镇便民服务中心", "hall");
	int64_t room = venue(t.db, T_VILLAGE_A1, "村便民服务室", "room");
	struct bm_error err = {0};
	cr_assert_eq(claim(t.db, hall, "610929-GF-0001", &err), 0, "%s", err.message);
	cr_assert_eq(visits(t.db, "610929-GF-0001", T_VILLAGE_A1), 2);
	cr_assert_eq(claim(t.db, room, "610929-GF-0001", &err), 0, "%s", err.message);
	cr_assert_eq(visits(t.db, "610929-GF-0001", T_VILLAGE_A1), 1);
	json_decref(doc);
	t_db_close(&t);
}
