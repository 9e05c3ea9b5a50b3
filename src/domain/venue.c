/*
** venue.c — venues and facility profiles (see venue.h).
**
** Updates are written as one UPDATE per changed field, each a fixed SQL text built from the
** field table (so statements are cached and no SQL is assembled from input).
*/
#include "domain/venue.h"
#include "core/buf.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const venue_zone_codes[] = {"handling", "waiting", "self_service", "consultation",
					"meeting", NULL};

const struct jcheck_field venue_fields[] = {
	{"name", "名称", JC_STRING, false, 1, 64, 0, NULL, NULL},
	{"location", "所在位置", JC_STRING, false, 0, 128, 0, NULL, NULL},
	{"area_m2", "面积（平方米）", JC_INT, false, 0, 100000, 0, NULL, NULL},
	{"window_count", "窗口数", JC_INT, false, 0, 200, 0, NULL, NULL},
	{"open_to_public", "开放式柜台", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"outdoor_sign", "户外标识", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"item_screen", "事项分类吊屏", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"zones", "功能分区", JC_ENUMS, false, 0, 5, 0, venue_zone_codes, NULL},
	{"cctv_inside", "室内监控", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"cctv_outside", "室外监控", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"post_board", "岗位公示牌", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"disclosure_board", "公开栏", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"equipment", "设备配置", JC_STRING, false, 0, 256, 0, NULL, NULL},
	{"opened_on", "启用日期", JC_DATE, false, 0, 0, 0, NULL, NULL},
	{"phone", "联系电话", JC_STRING, false, 0, 32, 0, NULL, NULL},
	{"hours", "办公时间", JC_STRING, false, 0, 64, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

#define VENUE_SELECT                                                                          \
	"SELECT v.id, v.org_code, o.name, v.level, v.kind, v.name, v.location, v.area_m2, "     \
	"v.window_count, v.open_to_public, v.outdoor_sign, v.item_screen, v.zones, "            \
	"v.cctv_inside, v.cctv_outside, v.post_board, v.disclosure_board, v.equipment, "        \
	"v.opened_on, v.phone, v.hours, o.path, " VENUE_PILOT_SQL                            \
	" FROM venues v JOIN orgs o ON o.code = v.org_code"

/* Columns of VENUE_SELECT after the profile fields. */
enum { VENUE_COL_PATH = 21, VENUE_COL_PILOT = 22 };

/* Column of each venue_fields[] entry in VENUE_SELECT (name is column 5, location 6 ...). */
static int venue_field_column(int field_index)
{
	return 5 + field_index;
}

static json_t *zones_to_json(const char *stored)
{
	json_t *arr = json_array();
	char *copy = strdup(stored ? stored : ""), *save = NULL;
	for (char *z = strtok_r(copy, ",", &save); z; z = strtok_r(NULL, ",", &save))
		json_array_append_new(arr, json_string(z));
	free(copy);
	return arr;
}

static json_t *venue_from_row(struct db_stmt *st)
{
	json_t *v = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_col_int(st, 0),
			      "org_code", db_col_text(st, 1), "org_name", db_col_text(st, 2), "level",
			      db_col_text(st, 3), "kind", db_col_text(st, 4));
	for (int i = 0; venue_fields[i].name; i++) {
		int col = venue_field_column(i);
		const struct jcheck_field *f = &venue_fields[i];
		json_t *value;
		switch (f->type) {
		case JC_INT: value = json_integer(db_col_int(st, col)); break;
		case JC_BOOL: value = json_boolean(db_col_int(st, col)); break;
		case JC_ENUMS: value = zones_to_json(db_col_text(st, col)); break;
		default:
			value = db_col_is_null(st, col) ? json_null() : json_string(db_col_text(st, col));
		}
		json_object_set_new(v, f->name, value);
	}
	json_object_set_new(v, "pilot", json_boolean(db_col_int(st, VENUE_COL_PILOT)));
	return v;
}

int venue_get(struct db *db, int64_t id, json_t **out, char org_path[256], struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, VENUE_SELECT " WHERE v.id = ?", "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*out = venue_from_row(st);
		snprintf(org_path, 256, "%s", db_col_text(st, VENUE_COL_PATH));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int venue_list(struct db *db, const char *scope_path, const char *org_code, int64_t limit,
	       int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	char like[300];
	snprintf(like, sizeof like, "%s%%", scope_path);
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM venues v JOIN orgs o ON o.code = v.org_code "
			 "WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR v.org_code = ?)",
			 "ttt", like, org_code, org_code) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      VENUE_SELECT " WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL "
						   "OR v.org_code = ?) ORDER BY v.org_code, v.id "
						   "LIMIT ? OFFSET ?",
				      "tttii", like, org_code, org_code, limit, offset);
	if (!st)
		return -1;
	*items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*items, venue_from_row(st));
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

static const struct jcheck_field *venue_field_named(const char *name)
{
	for (int i = 0; venue_fields[i].name; i++)
		if (strcmp(venue_fields[i].name, name) == 0)
			return &venue_fields[i];
	return NULL;
}

/* Zones as stored: comma-separated, in the canonical order of venue_zone_codes (the array was
 * validated: known codes, no repeats). */
static void zones_to_text(json_t *arr, struct buf *out)
{
	for (int k = 0; venue_zone_codes[k]; k++) {
		size_t i;
		json_t *z;
		json_array_foreach(arr, i, z) {
			if (strcmp(json_string_value(z), venue_zone_codes[k]) == 0) {
				if (out->len)
					buf_putc(out, ',');
				buf_puts(out, venue_zone_codes[k]);
			}
		}
	}
}

/* Writes one validated field of venue id. The SQL text depends only on the (fixed) column
 * name, never on input. */
static int venue_set_field(struct db *db, int64_t id, const struct jcheck_field *f, json_t *value,
			   struct bm_error *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE venues SET %s = ? WHERE id = ?", f->name);
	struct buf text = BUF_INIT;
	int64_t rc;
	switch (f->type) {
	case JC_INT:
		rc = db_exec_params(db, err, sql, "ii", (int64_t)json_integer_value(value), id);
		break;
	case JC_BOOL:
		rc = db_exec_params(db, err, sql, "ii", (int64_t)json_is_true(value), id);
		break;
	case JC_ENUMS:
		zones_to_text(value, &text);
		rc = db_exec_params(db, err, sql, "ti", buf_cstr(&text), id);
		buf_free(&text);
		break;
	default: /* text, or a date that may be null */
		rc = db_exec_params(db, err, sql, "ti",
				    json_is_null(value) ? NULL : json_string_value(value), id);
	}
	return rc < 0 ? -1 : 0;
}

static int venue_apply_profile(struct db *db, int64_t id, json_t *patch, struct bm_error *err)
{
	if (jcheck_object(patch, venue_fields, "", err) < 0)
		return -1;
	const char *key;
	json_t *value;
	json_object_foreach(patch, key, value) {
		const struct jcheck_field *f = venue_field_named(key);
		if (json_is_null(value) && f->type != JC_DATE)
			return bm_error_set(err, 400, "invalid_field", "%s（%s）不能为空", f->label, key);
		if (venue_set_field(db, id, f, value, err) < 0)
			return -1;
	}
	return 0;
}

int venue_update(struct db *db, int64_t id, json_t *patch, const struct audit_actor *actor,
		 int64_t now, struct bm_error *err)
{
	json_t *before = NULL, *after = NULL;
	char path[256], id_text[24];
	int found = venue_get(db, id, &before, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	int rc = venue_apply_profile(db, id, patch, err);
	if (rc == 0)
		rc = venue_get(db, id, &after, path, err) < 0 ? -1 : 0;
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	if (rc == 0 && !json_equal(before, after))
		rc = db_exec_params(db, err, "UPDATE venues SET updated_at = ? WHERE id = ?", "ii", now,
				    id) < 0 ||
				     audit_append(db, actor, now, "venue.update", "venue", id_text, before,
						  after, err) < 0
			     ? -1
			     : 0;
	json_decref(before);
	json_decref(after);
	return rc;
}

int venue_create(struct db *db, const char *org_code, const char *name, const char *kind,
		 json_t *profile, const struct audit_actor *actor, int64_t now, int64_t *id,
		 struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"INSERT INTO venues (org_code, level, name, kind, updated_at) "
		"SELECT code, level, ?, ?, ? FROM orgs WHERE code = ? RETURNING id",
		"ttit", name, kind, now, org_code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "org_not_found", "组织机构 %s 不存在", org_code);
	if (profile && venue_apply_profile(db, *id, profile, err) < 0)
		return -1;
	json_t *after = NULL;
	char path[256], id_text[24];
	if (venue_get(db, *id, &after, path, err) < 0)
		return -1;
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	rc = audit_append(db, actor, now, "venue.create", "venue", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

int venue_brief_get(struct db *db, int64_t id, struct venue_brief *out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT v.id, v.name, v.org_code, o.path, o.parent_code, v.level, "
				      "v.kind FROM venues v JOIN orgs o ON o.code = v.org_code "
				      "WHERE v.id = ?",
				      "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		snprintf(out->name, sizeof out->name, "%s", db_col_text(st, 1));
		snprintf(out->org_code, sizeof out->org_code, "%s", db_col_text(st, 2));
		snprintf(out->org_path, sizeof out->org_path, "%s", db_col_text(st, 3));
		const char *parent = db_col_text(st, 4);
		snprintf(out->parent_code, sizeof out->parent_code, "%s", parent ? parent : "");
		snprintf(out->level, sizeof out->level, "%s", db_col_text(st, 5));
		snprintf(out->kind, sizeof out->kind, "%s", db_col_text(st, 6));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int venue_main_of_org(struct db *db, const char *org_code, int64_t *id, struct bm_error *err)
{
	return db_query_int(db, err, id,
			    "SELECT id FROM venues WHERE org_code = ? ORDER BY CASE kind "
			    "WHEN 'room' THEN 0 WHEN 'hall' THEN 1 WHEN 'center' THEN 2 ELSE 3 END, id "
			    "LIMIT 1",
			    "t", org_code);
}
