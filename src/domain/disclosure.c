/*
** disclosure.c — the public board of a venue (see disclosure.h).
*/
#include "domain/disclosure.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/venue.h"

#include <string.h>

/* The commitments (服务承诺) of requirements.md §3 "Working rules", as a citizen reads them. */
static const struct {
	const char *title, *text;
} commitments[] = {
	{"首问负责", "您首先询问的工作人员就是首问责任人：属于本岗位的当场办理，不属于的负责引导到正确窗口，"
		     "全程跟踪，不推诿。"},
	{"一次性告知", "材料不齐的，一次性书面告知需补正的全部材料、依据、条件和时限，不让您因同一事项多跑。"},
	{"限时办结", "承诺件按公示的工作日时限办结（受理当日不计），逾期由电子监察亮牌督办。"},
	{"容缺受理", "次要材料暂缺的，凭您的书面承诺先予受理，在约定期限内补齐。"},
	{"AB岗", "每个窗口设 A、B 岗，A 岗不在时由 B 岗顶岗，窗口不断档。"},
	{"帮办代办", "行动不便或路途较远的，可在村（社区）便民服务室委托代办员代办，结果送回村里。"},
	{"责任追究", "超时、推诿、乱收费等问题一经查实，按规定追究责任。"},
};

#define PUBLIC_VENUE_COLUMNS                                                                 \
	"v.id, v.name, v.org_code, o.name, v.level, v.kind, v.location, v.phone, v.hours, "    \
	"v.opened_on, " VENUE_PILOT_SQL

static json_t *public_venue_from_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "id",
			 (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1), "org_code",
			 db_col_text(st, 2), "org_name", db_col_text(st, 3), "level",
			 db_col_text(st, 4), "kind", db_col_text(st, 5), "location",
			 db_col_text(st, 6), "phone", db_col_text(st, 7), "hours", db_col_text(st, 8),
			 "opened_on",
			 db_col_is_null(st, 9) ? json_null() : json_string(db_col_text(st, 9)),
			 "pilot", (int)db_col_int(st, 10));
}

int disclosure_venue_list(struct db *db, const char *org_code, const char *level, int64_t limit,
			  int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
#define VENUE_FILTER                                                                         \
	" WHERE (CAST(? AS TEXT) IS NULL OR v.org_code = ?)"                                   \
	" AND (CAST(? AS TEXT) IS NULL OR v.level = ?)"
	if (db_query_int(db, err, total, "SELECT COUNT(*) FROM venues v" VENUE_FILTER, "tttt",
			 org_code, org_code, level, level) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      "SELECT " PUBLIC_VENUE_COLUMNS
				      " FROM venues v JOIN orgs o ON o.code = v.org_code" VENUE_FILTER
				      " ORDER BY v.org_code, v.id LIMIT ? OFFSET ?",
				      "ttttii", org_code, org_code, level, level, limit, offset);
#undef VENUE_FILTER
	if (!st)
		return -1;
	*items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*items, public_venue_from_row(st));
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		return -1;
	}
	return 0;
}

static int public_venue(struct db *db, int64_t id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT " PUBLIC_VENUE_COLUMNS
				      " FROM venues v JOIN orgs o ON o.code = v.org_code WHERE v.id = ?",
				      "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = public_venue_from_row(st);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Appends summary to the category's group, creating the group at its first item. */
static void add_to_category(json_t *categories, json_t *summary)
{
	const char *name = json_string_value(json_object_get(summary, "category"));
	size_t i;
	json_t *group;
	json_array_foreach(categories, i, group) {
		if (strcmp(json_string_value(json_object_get(group, "name")), name) == 0) {
			json_array_append(json_object_get(group, "items"), summary);
			return;
		}
	}
	json_array_append_new(categories, json_pack("{s:s, s:[O]}", "name", name, "items", summary));
}

/* Groups the venue's items by category and collects their fees and complaint phones. */
static int venue_items(struct db *db, int64_t id, json_t *board, struct bm_error *err)
{
	json_t *categories = json_array(), *fees = json_array(), *phones = json_array();
	struct db_stmt *st = db_query(db, err,
				      "SELECT c.item_code FROM item_claims c JOIN items i "
				      "ON i.code = c.item_code WHERE c.venue_id = ? "
				      "AND i.status = 'published' ORDER BY c.item_code",
				      "i", id);
	json_t *codes = json_array();
	int rc = st ? 0 : -1;
	while (st && (rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(codes, json_string(db_col_text(st, 0)));
	if (st)
		db_reset(st);
	size_t i;
	json_t *code;
	json_array_foreach(codes, i, code) {
		json_t *doc;
		if (rc < 0 || catalog_get(db, json_string_value(code), 0, &doc, err) <= 0) {
			rc = -1;
			break;
		}
		json_t *summary = catalog_summary(doc);
		add_to_category(categories, summary);
		json_decref(summary);
		json_t *fee = json_object_get(doc, "fee");
		if (json_is_true(json_object_get(fee, "charged")))
			json_array_append_new(fees, json_pack("{s:O, s:O, s:O}", "code",
							      json_object_get(doc, "code"), "name",
							      json_object_get(doc, "name"), "items",
							      json_object_get(fee, "items")));
		json_t *phone = json_object_get(doc, "complaint_phone");
		bool seen = false;
		size_t k;
		json_t *p;
		json_array_foreach(phones, k, p)
			seen |= json_equal(p, phone);
		if (!seen)
			json_array_append(phones, phone);
		json_decref(doc);
	}
	json_object_set_new(board, "item_count", json_integer((json_int_t)json_array_size(codes)));
	json_decref(codes);
	json_object_set_new(board, "categories", categories);
	json_object_set_new(board, "fees", fees);
	json_object_set_new(board, "item_complaint_phones", phones);
	return rc < 0 ? -1 : 0;
}

int disclosure_venue(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	json_t *venue;
	int found = public_venue(db, venue_id, &venue, err);
	if (found <= 0)
		return found;
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof commitments / sizeof commitments[0]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "title", commitments[i].title,
						      "text", commitments[i].text));
	json_t *channels = json_pack("[{s:s, s:s}, {s:s, s:O}]", "name", "12345 政务服务便民热线",
				     "phone", "12345", "name", "本场所电话", "phone",
				     json_object_get(venue, "phone"));
	*out = json_pack("{s:o, s:o, s:o}", "venue", venue, "commitments", list, "complaint_channels",
			 channels);
	if (venue_items(db, venue_id, *out, err) < 0) {
		json_decref(*out);
		return -1;
	}
	return 1;
}
