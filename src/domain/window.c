/*
** window.c — item groups and service windows (see window.h).
**
** Creating and updating share one path: validate the body against the field table (create
** additionally needs the identifying fields), check the cross-row rules (unique code, prefix
** and number; claimed items; own groups; eligible holders), then write field by field with
** fixed column names and replace the item or group lists. The audit entry holds the getters'
** JSON before and after.
*/
#include "domain/window.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/absence.h"
#include "domain/duty.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* --- shared helpers ----------------------------------------------------------------------- */

static json_t *user_ref(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col))
		return json_null();
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_col_int(st, col), "username",
			 db_col_text(st, col + 1), "display_name", db_col_text(st, col + 2));
}

/* Fails with missing_field for the first of `names` (NULL-terminated) absent from body. */
static int require_keys(json_t *body, const struct jcheck_field *spec, const char *const names[],
			struct bm_error *err)
{
	for (int i = 0; names[i]; i++) {
		json_t *v = json_object_get(body, names[i]);
		if (v && !json_is_null(v))
			continue;
		const char *label = names[i];
		for (const struct jcheck_field *f = spec; f->name; f++)
			if (strcmp(f->name, names[i]) == 0)
				label = f->label;
		bm_error_set(err, 400, "missing_field", "缺少必填字段：%s（%s）", label, names[i]);
		return bm_error_field(err, names[i]);
	}
	return 0;
}

/* 400 for a null value of any field but those in `nullable` (NULL-terminated). */
static int reject_nulls(json_t *body, const struct jcheck_field *spec,
			const char *const nullable[], struct bm_error *err)
{
	for (const struct jcheck_field *f = spec; f->name; f++) {
		if (!json_is_null(json_object_get(body, f->name)))
			continue;
		bool allowed = false;
		for (int i = 0; nullable[i]; i++)
			allowed |= strcmp(nullable[i], f->name) == 0;
		if (!allowed) {
			bm_error_set(err, 400, "invalid_field", "%s（%s）不能为空", f->label, f->name);
			return bm_error_field(err, f->name);
		}
	}
	return 0;
}

static const char *const no_nullable[] = {NULL};

/* UPDATE table SET column = value WHERE id = ?, for one validated scalar field. The SQL text
 * depends only on fixed table and column names, never on input. */
static int set_column(struct db *db, const char *table, int64_t id, const struct jcheck_field *f,
		      json_t *value, struct bm_error *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE id = ?", table, f->name);
	int64_t rc;
	if (json_is_null(value))
		rc = db_exec_params(db, err, sql, "ni", id);
	else if (f->type == JC_INT)
		rc = db_exec_params(db, err, sql, "ii", (int64_t)json_integer_value(value), id);
	else if (f->type == JC_BOOL)
		rc = db_exec_params(db, err, sql, "ii", (int64_t)json_is_true(value), id);
	else
		rc = db_exec_params(db, err, sql, "ti", json_string_value(value), id);
	return rc < 0 ? -1 : 0;
}

/* Writes every scalar field of body (lists are the caller's). */
static int set_scalars(struct db *db, const char *table, int64_t id,
		       const struct jcheck_field *spec, json_t *body, struct bm_error *err)
{
	for (const struct jcheck_field *f = spec; f->name; f++) {
		json_t *v = json_object_get(body, f->name);
		if (v && f->type != JC_STRINGS && set_column(db, table, id, f, v, err) < 0)
			return -1;
	}
	return 0;
}

/* 409 `code` when another row of the venue already uses this value in `column`. */
static int require_unique(struct db *db, const char *table, const char *column, int64_t venue_id,
			  int64_t self_id, json_t *value, const char *code, const char *label,
			  struct bm_error *err)
{
	if (!value || json_is_null(value))
		return 0;
	char sql[160], shown[48];
	int64_t other = 0;
	int found;
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE venue_id = ? AND %s = ? AND id <> ?",
		 table, column);
	if (json_is_integer(value)) {
		found = db_query_int(db, err, &other, sql, "iii", venue_id,
				     (int64_t)json_integer_value(value), self_id);
		snprintf(shown, sizeof shown, "%lld", (long long)json_integer_value(value));
	} else {
		found = db_query_int(db, err, &other, sql, "iti", venue_id, json_string_value(value),
				     self_id);
		snprintf(shown, sizeof shown, "%s", json_string_value(value));
	}
	if (found < 0)
		return -1;
	if (found == 0)
		return 0;
	bm_error_set(err, 409, code, "本场所已有%s为 %s 的记录", label, shown);
	return bm_error_field(err, column);
}

/* Sets rows[i][key] to what `load` answers for rows[i].id, for every row (the rows are read
 * first, so no statement stays open while the lists load). */
static int attach_each(struct db *db, json_t *rows, const char *key,
		       int (*load)(struct db *, int64_t, json_t **, struct bm_error *),
		       struct bm_error *err)
{
	size_t i;
	json_t *row, *list;
	json_array_foreach(rows, i, row) {
		if (load(db, json_integer_value(json_object_get(row, "id")), &list, err) < 0)
			return -1;
		json_object_set_new(row, key, list);
	}
	return 0;
}

static int audit_change(struct db *db, const struct audit_actor *actor, int64_t now,
			const char *action, const char *entity, int64_t id, json_t *before,
			json_t *after, struct bm_error *err)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	return audit_append(db, actor, now, action, entity, id_text, before, after, err);
}

static int venue_exists(struct db *db, int64_t venue_id, struct bm_error *err)
{
	int64_t one;
	int found = db_query_int(db, err, &one, "SELECT 1 FROM venues WHERE id = ?", "i", venue_id);
	if (found < 0)
		return -1;
	return found ? 0 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
}

/* A list of codes stored as link rows (a group's items, a window's groups): replacing it
 * deletes the owner's rows and inserts one per code, each code checked against the venue. */
struct link_list {
	const char *field;      /* the body field, for messages: "items" */
	const char *clear_sql;  /* DELETE the owner's rows: binds owner */
	const char *check_sql;  /* a row when the code is valid: binds venue, code */
	const char *insert_sql; /* INSERT ... SELECT owner, target: binds owner, venue, code */
	const char *code;       /* the error code of an invalid entry */
	const char *message;    /* its message: formats the field path and the code */
};

static int replace_links(struct db *db, const struct link_list *l, int64_t venue_id,
			 int64_t owner, json_t *codes, struct bm_error *err)
{
	if (!codes || json_is_null(codes))
		return 0;
	if (db_exec_params(db, err, l->clear_sql, "i", owner) < 0)
		return -1;
	size_t i;
	json_t *code;
	json_array_foreach(codes, i, code) {
		int64_t one;
		int valid = db_query_int(db, err, &one, l->check_sql, "it", venue_id,
					 json_string_value(code));
		if (valid < 0)
			return -1;
		if (!valid) {
			char field[32];
			snprintf(field, sizeof field, "%s[%zu]", l->field, i);
			bm_error_set(err, 400, l->code, l->message, field, json_string_value(code));
			return bm_error_field(err, field);
		}
		if (db_exec_params(db, err, l->insert_sql, "iit", owner, venue_id,
				   json_string_value(code)) < 0)
			return -1;
	}
	return 0;
}

static const struct link_list group_items_list = {
	"items",
	"DELETE FROM venue_group_items WHERE group_id = ?",
	"SELECT 1 FROM item_claims WHERE venue_id = ? AND item_code = ?",
	"INSERT INTO venue_group_items (group_id, item_code) SELECT ?, item_code FROM item_claims "
	"WHERE venue_id = ? AND item_code = ? ON CONFLICT (group_id, item_code) DO NOTHING",
	"item_not_claimed",
	"分组事项（%s）%.40s 未被本场所认领，不能编入分组",
};

static const struct link_list window_groups_list = {
	"groups",
	"DELETE FROM window_groups WHERE window_id = ?",
	"SELECT 1 FROM venue_groups WHERE venue_id = ? AND code = ?",
	"INSERT INTO window_groups (window_id, group_id) SELECT ?, id FROM venue_groups "
	"WHERE venue_id = ? AND code = ? ON CONFLICT (window_id, group_id) DO NOTHING",
	"invalid_field",
	"服务分组（%s）%.8s 不是本场所的分组",
};

/* --- groups ------------------------------------------------------------------------------- */

static const struct jcheck_field group_fields[] = {
	{"code", "分组代码", JC_STRING, false, 1, 8, 0, NULL, NULL},
	{"name", "分组名称", JC_STRING, false, 1, 32, 0, NULL, NULL},
	{"prefix", "取号前缀", JC_STRING, false, 1, 2, 0, NULL, NULL},
	{"daily_cap", "每日取号上限", JC_INT, false, 0, 100000, 0, NULL, NULL},
	{"wait_alert", "等候预警人数", JC_INT, false, 0, 10000, 0, NULL, NULL},
	{"sort", "排序", JC_INT, false, 0, 1000, 0, NULL, NULL},
	{"active", "启用", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"items", "分组事项", JC_STRINGS, false, 0, 500, 40, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const char *const group_required[] = {"code", "name", "prefix", NULL};

/* The items of a group as [{code, name}] (names from the catalogue's search rows). */
static int group_items(struct db *db, int64_t group_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT gi.item_code, s.summary FROM venue_group_items gi "
				      "LEFT JOIN item_search s ON s.code = gi.item_code "
				      "WHERE gi.group_id = ? ORDER BY gi.item_code",
				      "i", group_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		json_t *summary = db_col_text(st, 1) ? json_loads(db_col_text(st, 1), 0, NULL) : NULL;
		json_t *name = summary ? json_object_get(summary, "name") : NULL;
		json_array_append_new(*out, json_pack("{s:s, s:s}", "code", db_col_text(st, 0), "name",
						      json_is_string(name) ? json_string_value(name)
									   : db_col_text(st, 0)));
		json_decref(summary);
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

#define GROUP_COLUMNS "id, venue_id, code, name, prefix, daily_cap, wait_alert, sort, active"

static json_t *group_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:b}", "id",
			 (json_int_t)db_col_int(st, 0), "venue_id", (json_int_t)db_col_int(st, 1),
			 "code", db_col_text(st, 2), "name", db_col_text(st, 3), "prefix",
			 db_col_text(st, 4), "daily_cap", (json_int_t)db_col_int(st, 5), "wait_alert",
			 (json_int_t)db_col_int(st, 6), "sort", (json_int_t)db_col_int(st, 7),
			 "active", db_col_int(st, 8) != 0);
}

/* Rows of a group query, then each row's items (no statement stays open while they load). */
static int groups_of_query(struct db *db, struct db_stmt *st, json_t **out, struct bm_error *err)
{
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, group_row(st));
	db_reset(st);
	if (rc < 0 || attach_each(db, *out, "items", group_items, err) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int venue_groups_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	return groups_of_query(db,
			       db_query(db, err,
					"SELECT " GROUP_COLUMNS " FROM venue_groups WHERE venue_id = ? "
					"ORDER BY sort, code",
					"i", venue_id),
			       out, err);
}

int group_get(struct db *db, int64_t group_id, json_t **out, struct bm_error *err)
{
	json_t *list;
	if (groups_of_query(db,
			    db_query(db, err,
				     "SELECT " GROUP_COLUMNS " FROM venue_groups WHERE id = ?", "i",
				     group_id),
			    &list, err) < 0)
		return -1;
	if (json_array_size(list) == 0) {
		json_decref(list);
		return bm_error_set(err, 404, "group_not_found", "事项分组不存在");
	}
	*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return 0;
}

int group_venue(struct db *db, int64_t group_id, int64_t *venue_id, struct bm_error *err)
{
	int found = db_query_int(db, err, venue_id, "SELECT venue_id FROM venue_groups WHERE id = ?",
				 "i", group_id);
	if (found < 0)
		return -1;
	return found ? 0 : bm_error_set(err, 404, "group_not_found", "事项分组不存在");
}

static int check_prefix(json_t *prefix, struct bm_error *err)
{
	if (!prefix || json_is_null(prefix))
		return 0;
	for (const char *p = json_string_value(prefix); *p; p++)
		if (*p < 'A' || *p > 'Z') {
			bm_error_set(err, 400, "invalid_field",
				     "取号前缀（prefix）应为 1 到 2 个大写英文字母");
			return bm_error_field(err, "prefix");
		}
	return 0;
}

/* Validates and writes body onto group `id` of venue `venue_id`. */
static int group_apply(struct db *db, int64_t venue_id, int64_t id, json_t *body,
		       struct bm_error *err)
{
	if (jcheck_object(body, group_fields, "", err) < 0 ||
	    check_prefix(json_object_get(body, "prefix"), err) < 0 ||
	    require_unique(db, "venue_groups", "code", venue_id, id, json_object_get(body, "code"),
			   "group_code_taken", "分组代码", err) < 0 ||
	    require_unique(db, "venue_groups", "prefix", venue_id, id,
			   json_object_get(body, "prefix"), "group_prefix_taken", "取号前缀",
			   err) < 0)
		return -1;
	if (reject_nulls(body, group_fields, no_nullable, err) < 0)
		return -1;
	if (set_scalars(db, "venue_groups", id, group_fields, body, err) < 0)
		return -1;
	return replace_links(db, &group_items_list, venue_id, id, json_object_get(body, "items"), err);
}

int group_create(struct db *db, int64_t venue_id, json_t *body, const struct audit_actor *actor,
		 int64_t now, int64_t *id, struct bm_error *err)
{
	if (venue_exists(db, venue_id, err) < 0 || jcheck_object(body, group_fields, "", err) < 0 ||
	    require_keys(body, group_fields, group_required, err) < 0 ||
	    check_prefix(json_object_get(body, "prefix"), err) < 0 ||
	    require_unique(db, "venue_groups", "code", venue_id, 0, json_object_get(body, "code"),
			   "group_code_taken", "分组代码", err) < 0 ||
	    require_unique(db, "venue_groups", "prefix", venue_id, 0,
			   json_object_get(body, "prefix"), "group_prefix_taken", "取号前缀",
			   err) < 0)
		return -1;
	/* The identifying fields go in with the row; group_apply() then writes the rest, the
	 * same path an update takes. */
	if (db_query_int(db, err, id,
			 "INSERT INTO venue_groups (venue_id, code, name, prefix) "
			 "VALUES (?, ?, ?, ?) RETURNING id",
			 "ittt", venue_id, json_string_value(json_object_get(body, "code")),
			 json_string_value(json_object_get(body, "name")),
			 json_string_value(json_object_get(body, "prefix"))) != 1)
		return -1;
	json_t *after = NULL;
	int rc;
	if (group_apply(db, venue_id, *id, body, err) < 0 || group_get(db, *id, &after, err) < 0)
		return -1;
	rc = audit_change(db, actor, now, "group.create", "venue_group", *id, NULL, after, err);
	json_decref(after);
	return rc;
}

int group_update(struct db *db, int64_t group_id, json_t *patch, const struct audit_actor *actor,
		 int64_t now, struct bm_error *err)
{
	json_t *before = NULL, *after = NULL;
	int64_t venue_id;
	if (group_venue(db, group_id, &venue_id, err) < 0 || group_get(db, group_id, &before, err) < 0)
		return -1;
	int rc = duty_sync(db, venue_id, now, err);
	if (rc == 0)
		rc = group_apply(db, venue_id, group_id, patch, err);
	if (rc == 0)
		rc = group_get(db, group_id, &after, err);
	if (rc == 0 && !json_equal(before, after))
		rc = audit_change(db, actor, now, "group.update", "venue_group", group_id, before,
				  after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* --- windows ------------------------------------------------------------------------------ */

static const char *const window_kinds[] = {"comprehensive", "specialised", NULL};

static const struct jcheck_field window_fields[] = {
	{"number", "窗口号", JC_INT, false, 1, 999, 0, NULL, NULL},
	{"name", "窗口名称", JC_STRING, false, 1, 32, 0, NULL, NULL},
	{"kind", "窗口类型", JC_ENUM, false, 0, 0, 0, window_kinds, NULL},
	{"a_user_id", "A 岗人员", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"b_user_id", "B 岗人员", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"active", "启用", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"groups", "服务分组", JC_STRINGS, false, 0, 50, 8, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const char *const window_required[] = {"number", "name", "kind", NULL};
static const char *const window_nullable[] = {"a_user_id", "b_user_id", NULL};

/* The groups a window serves, as [{id, code, name, prefix}]. */
static int window_groups_of(struct db *db, int64_t window_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT g.id, g.code, g.name, g.prefix FROM window_groups wg "
				      "JOIN venue_groups g ON g.id = wg.group_id "
				      "WHERE wg.window_id = ? ORDER BY g.sort, g.code",
				      "i", window_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:s}", "id",
						      (json_int_t)db_col_int(st, 0), "code",
						      db_col_text(st, 1), "name", db_col_text(st, 2),
						      "prefix", db_col_text(st, 3)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

#define WINDOW_SELECT                                                                              \
	"SELECT w.id, w.venue_id, w.number, w.name, w.kind, w.active, "                             \
	"ua.id, ua.username, ua.display_name, ub.id, ub.username, ub.display_name "                 \
	"FROM windows w LEFT JOIN users ua ON ua.id = w.a_user_id "                                 \
	"LEFT JOIN users ub ON ub.id = w.b_user_id "

static int windows_of_query(struct db *db, struct db_stmt *st, json_t **out, struct bm_error *err)
{
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(
			*out, json_pack("{s:I, s:I, s:I, s:s, s:s, s:b, s:o, s:o}", "id",
					(json_int_t)db_col_int(st, 0), "venue_id",
					(json_int_t)db_col_int(st, 1), "number",
					(json_int_t)db_col_int(st, 2), "name", db_col_text(st, 3),
					"kind", db_col_text(st, 4), "active", db_col_int(st, 5) != 0,
					"a_user", user_ref(st, 6), "b_user", user_ref(st, 9)));
	db_reset(st);
	if (rc < 0 || attach_each(db, *out, "groups", window_groups_of, err) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int window_get(struct db *db, int64_t window_id, json_t **out, struct bm_error *err)
{
	json_t *list;
	if (windows_of_query(db, db_query(db, err, WINDOW_SELECT "WHERE w.id = ?", "i", window_id),
			     &list, err) < 0)
		return -1;
	if (json_array_size(list) == 0) {
		json_decref(list);
		return bm_error_set(err, 404, "window_not_found", "窗口不存在");
	}
	*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return 0;
}

int venue_windows_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	return windows_of_query(
		db, db_query(db, err, WINDOW_SELECT "WHERE w.venue_id = ? ORDER BY w.number", "i",
			     venue_id),
		out, err);
}

int window_venue(struct db *db, int64_t window_id, int64_t *venue_id, struct bm_error *err)
{
	int found = db_query_int(db, err, venue_id, "SELECT venue_id FROM windows WHERE id = ?", "i",
				 window_id);
	if (found < 0)
		return -1;
	return found ? 0 : bm_error_set(err, 404, "window_not_found", "窗口不存在");
}

/* A holder must be an enabled window clerk or manager of the venue's own org. */
static int check_holder(struct db *db, int64_t venue_id, json_t *value, const char *field,
			const char *label, struct bm_error *err)
{
	if (!value || json_is_null(value))
		return 0;
	int64_t one;
	int found = db_query_int(db, err, &one,
				 "SELECT 1 FROM users u JOIN venues v ON v.org_code = u.org_code "
				 "WHERE u.id = ? AND v.id = ? AND u.disabled = 0 "
				 "AND u.role IN ('window_staff', 'venue_manager')",
				 "ii", (int64_t)json_integer_value(value), venue_id);
	if (found < 0)
		return -1;
	if (found)
		return 0;
	bm_error_set(err, 400, "invalid_field", "%s（%s）应为本场所所属单位在岗的窗口人员或站长",
		     label, field);
	return bm_error_field(err, field);
}

/* The holder after the change: the body's value when given, else the stored one (0: none). */
static int64_t holder_after(json_t *body, const char *field, json_t *before, const char *ref)
{
	json_t *v = json_object_get(body, field);
	if (v)
		return json_is_integer(v) ? json_integer_value(v) : 0;
	json_t *user = before ? json_object_get(before, ref) : NULL;
	return json_is_object(user) ? json_integer_value(json_object_get(user, "id")) : 0;
}

/* Validates and writes body onto window `id`; `before` is its state (NULL when new). */
static int window_apply(struct db *db, int64_t venue_id, int64_t id, json_t *body,
			json_t *before, int64_t now, struct bm_error *err)
{
	if (jcheck_object(body, window_fields, "", err) < 0 ||
	    require_unique(db, "windows", "number", venue_id, id, json_object_get(body, "number"),
			   "window_number_taken", "窗口号", err) < 0 ||
	    check_holder(db, venue_id, json_object_get(body, "a_user_id"), "a_user_id", "A 岗人员",
			 err) < 0 ||
	    check_holder(db, venue_id, json_object_get(body, "b_user_id"), "b_user_id", "B 岗人员",
			 err) < 0)
		return -1;
	if (reject_nulls(body, window_fields, window_nullable, err) < 0)
		return -1;
	int64_t a = holder_after(body, "a_user_id", before, "a_user");
	int64_t b = holder_after(body, "b_user_id", before, "b_user");
	if (a && a == b) {
		bm_error_set(err, 400, "invalid_field", "A 岗和 B 岗不能是同一人");
		return bm_error_field(err, "b_user_id");
	}
	char today[DATE_TEXT_SIZE];
	date_format(date_of_epoch(now), today);
	if (a && b && absence_check_pair(db, a, b, today, err) < 0)
		return -1;
	if (set_scalars(db, "windows", id, window_fields, body, err) < 0 ||
	    db_exec_params(db, err, "UPDATE windows SET updated_at = ? WHERE id = ?", "ii", now,
			   id) < 0)
		return -1;
	return replace_links(db, &window_groups_list, venue_id, id, json_object_get(body, "groups"),
			     err);
}

int window_create(struct db *db, int64_t venue_id, json_t *body, const struct audit_actor *actor,
		  int64_t now, int64_t *id, struct bm_error *err)
{
	if (venue_exists(db, venue_id, err) < 0 || jcheck_object(body, window_fields, "", err) < 0 ||
	    require_keys(body, window_fields, window_required, err) < 0 ||
	    require_unique(db, "windows", "number", venue_id, 0, json_object_get(body, "number"),
			   "window_number_taken", "窗口号", err) < 0 ||
	    duty_sync(db, venue_id, now, err) < 0)
		return -1;
	if (db_query_int(db, err, id,
			 "INSERT INTO windows (venue_id, number, name, kind, updated_at) "
			 "VALUES (?, ?, ?, ?, ?) RETURNING id",
			 "iitti", venue_id,
			 (int64_t)json_integer_value(json_object_get(body, "number")),
			 json_string_value(json_object_get(body, "name")),
			 json_string_value(json_object_get(body, "kind")), now) != 1)
		return -1;
	json_t *after = NULL;
	int rc;
	if (window_apply(db, venue_id, *id, body, NULL, now, err) < 0 ||
	    window_get(db, *id, &after, err) < 0)
		return -1;
	rc = audit_change(db, actor, now, "window.create", "window", *id, NULL, after, err);
	json_decref(after);
	return rc < 0 ? -1 : duty_sync(db, venue_id, now, err);
}

int window_update(struct db *db, int64_t window_id, json_t *patch,
		  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	json_t *before = NULL, *after = NULL;
	int64_t venue_id;
	if (window_venue(db, window_id, &venue_id, err) < 0 ||
	    window_get(db, window_id, &before, err) < 0)
		return -1;
	int rc = duty_sync(db, venue_id, now, err);
	if (rc == 0)
		rc = window_apply(db, venue_id, window_id, patch, before, now, err);
	if (rc == 0)
		rc = window_get(db, window_id, &after, err);
	if (rc == 0 && !json_equal(before, after))
		rc = audit_change(db, actor, now, "window.update", "window", window_id, before, after,
				  err);
	if (rc == 0)
		rc = duty_sync(db, venue_id, now, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

int venue_staff_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT u.id, u.username, u.display_name, u.role, "
		"(SELECT COUNT(*) FROM windows w WHERE w.active = 1 "
		" AND (w.a_user_id = u.id OR w.b_user_id = u.id)) "
		"FROM users u JOIN venues v ON v.org_code = u.org_code WHERE v.id = ? "
		"AND u.disabled = 0 AND u.role IN ('window_staff', 'venue_manager') ORDER BY u.id",
		"i", venue_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id",
						      (json_int_t)db_col_int(st, 0), "username",
						      db_col_text(st, 1), "display_name",
						      db_col_text(st, 2), "role", db_col_text(st, 3),
						      "posts", (json_int_t)db_col_int(st, 4)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

/* --- who is on duty ----------------------------------------------------------------------- */

int window_on_duty_post(struct db *db, int64_t window_id, const char *date, int64_t *user_id,
			enum window_post *post, struct bm_error *err)
{
	/* A holder is present when there is one, the account is enabled and no absence covers
	 * the day. */
	struct db_stmt *st = db_query(
		db, err,
		"SELECT w.active, ua.id, ub.id, "
		"(SELECT COUNT(*) FROM absences x WHERE x.user_id = ua.id "
		" AND x.start_date <= ? AND x.end_date >= ?), "
		"(SELECT COUNT(*) FROM absences x WHERE x.user_id = ub.id "
		" AND x.start_date <= ? AND x.end_date >= ?) "
		"FROM windows w LEFT JOIN users ua ON ua.id = w.a_user_id AND ua.disabled = 0 "
		"LEFT JOIN users ub ON ub.id = w.b_user_id AND ub.disabled = 0 WHERE w.id = ?",
		"tttti", date, date, date, date, window_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	*post = POST_NONE;
	if (rc == DB_ROW && db_col_int(st, 0)) {
		if (!db_col_is_null(st, 1) && db_col_int(st, 3) == 0) {
			*post = POST_A;
			*user_id = db_col_int(st, 1);
		} else if (!db_col_is_null(st, 2) && db_col_int(st, 4) == 0) {
			*post = POST_B;
			*user_id = db_col_int(st, 2);
		}
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "window_not_found", "窗口不存在");
	return *post != POST_NONE;
}

int window_on_duty(struct db *db, int64_t window_id, const char *date, int64_t *user_id)
{
	struct bm_error err = {0};
	enum window_post post;
	return window_on_duty_post(db, window_id, date, user_id, &post, &err);
}
