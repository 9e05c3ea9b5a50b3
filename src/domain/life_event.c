/*
** life_event.c — life events and their items (see life_event.h).
*/
#include "domain/life_event.h"
#include "db/db.h"

#include <ctype.h>
#include <string.h>

static bool event_code_valid(const char *code)
{
	size_t len = strlen(code);
	if (len < 2 || len > 32)
		return false;
	for (; *code; code++)
		if (!islower((unsigned char)*code) && !isdigit((unsigned char)*code) &&
		    *code != '_' && *code != '-')
			return false;
	return true;
}

static int check_items_exist(struct db *db, json_t *item_codes, struct bm_error *err)
{
	size_t i;
	json_t *c;
	json_array_foreach(item_codes, i, c) {
		int64_t one;
		if (!json_is_string(c))
			return bm_error_set(err, 400, "invalid_field", "items[%zu]（事项编码）应为文字", i);
		int found = db_query_int(db, err, &one, "SELECT 1 FROM items WHERE code = ?", "t",
					 json_string_value(c));
		if (found < 0)
			return -1;
		if (!found)
			return bm_error_set(err, 400, "invalid_field", "items[%zu]：事项 %.40s 不存在", i,
					    json_string_value(c));
	}
	return 0;
}

int life_event_put(struct db *db, const char *code, const char *name, const char *description,
		   json_t *item_codes, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err)
{
	if (!event_code_valid(code))
		return bm_error_set(err, 400, "invalid_field",
				    "办事主题编码（code）应为 2 到 32 位小写字母、数字、_ 或 -");
	if (check_items_exist(db, item_codes, err) < 0)
		return -1;
	int64_t seq = 0;
	if (db_query_int(db, err, &seq, "SELECT COALESCE(MAX(seq), 0) + 1 FROM life_events", "") < 0 ||
	    db_exec_params(db, err,
			   "INSERT INTO life_events (code, name, description, seq) VALUES (?, ?, ?, ?) "
			   "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
			   "description = excluded.description",
			   "ttti", code, name, description, seq) < 0 ||
	    db_exec_params(db, err, "DELETE FROM life_event_items WHERE event_code = ?", "t", code) < 0)
		return -1;
	size_t i;
	json_t *c;
	json_array_foreach(item_codes, i, c)
		if (db_exec_params(db, err,
				   "INSERT INTO life_event_items (event_code, item_code, seq) VALUES (?, ?, ?) "
				   "ON CONFLICT (event_code, item_code) DO NOTHING",
				   "tti", code, json_string_value(c), (int64_t)i) < 0)
			return -1;
	json_t *after = json_pack("{s:s, s:s, s:O}", "name", name, "description", description,
				  "items", item_codes);
	int rc = audit_append(db, actor, now, "life_event.put", "life_event", code, NULL, after, err);
	json_decref(after);
	return rc;
}

static int event_items(struct db *db, const char *code, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT e.item_code, s.name FROM life_event_items e "
				      "JOIN item_search s ON s.code = e.item_code "
				      "WHERE e.event_code = ? ORDER BY e.seq",
				      "t", code);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:s, s:s}", "code", db_col_text(st, 0), "name",
						      db_col_text(st, 1)));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Reads the events selected by sql (one text parameter, may be NULL) with their items. */
static int read_events(struct db *db, const char *code, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT code, name, description FROM life_events "
				      "WHERE CAST(? AS TEXT) IS NULL OR code = ? ORDER BY seq, code",
				      "tt", code, code);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s}", "code", db_col_text(st, 0),
						      "name", db_col_text(st, 1), "description",
						      db_col_text(st, 2)));
	db_reset(st);
	size_t i;
	json_t *ev;
	json_array_foreach(*out, i, ev) {
		json_t *items;
		if (rc < 0 || event_items(db, json_string_value(json_object_get(ev, "code")), &items,
					  err) < 0) {
			rc = -1;
			break;
		}
		json_object_set_new(ev, "items", items);
	}
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int life_event_list(struct db *db, json_t **out, struct bm_error *err)
{
	return read_events(db, NULL, out, err);
}

int life_event_get(struct db *db, const char *code, json_t **out, struct bm_error *err)
{
	json_t *all;
	if (read_events(db, code, &all, err) < 0)
		return -1;
	*out = json_array_size(all) ? json_incref(json_array_get(all, 0)) : NULL;
	json_decref(all);
	return *out != NULL;
}
