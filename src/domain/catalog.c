/*
** catalog.c — items and their versions (see catalog.h).
**
** The document of each version is stored as canonical JSON (sorted keys, compact), so two
** documents are the same item content exactly when their texts are equal, and the audit
** entry's before/after are the documents themselves.
*/
#include "domain/catalog_internal.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *canonical(json_t *doc)
{
	return json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
}

static const char *doc_code(json_t *doc)
{
	return json_string_value(json_object_get(doc, "code"));
}

/* Current version number of an item: 1 found, 0 no such item, -1 error. */
static int current_version(struct db *db, const char *code, int64_t *version, struct bm_error *err)
{
	return db_query_int(db, err, version, "SELECT current_version FROM items WHERE code = ?", "t",
			    code);
}

static int insert_version(struct db *db, json_t *doc, int64_t version,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	char today[DATE_TEXT_SIZE];
	date_format(date_of_epoch(now), today);
	char *text = canonical(doc);
	int64_t rc = db_exec_params(db, err,
				    "INSERT INTO item_versions (code, version, doc, effective_from, "
				    "effective_to, created_at, created_by) VALUES (?, ?, ?, ?, NULL, ?, ?)",
				    "tittit", doc_code(doc), version, text, today, now, actor->name);
	free(text);
	return rc < 0 ? -1 : 0;
}

int catalog_create(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err)
{
	int64_t version;
	if (item_validate(doc, "", err) < 0)
		return -1;
	item_normalize(doc);
	int found = current_version(db, doc_code(doc), &version, err);
	if (found < 0)
		return -1;
	if (found)
		return bm_error_set(err, 409, "item_exists", "事项编码 %s 已存在", doc_code(doc));
	if (db_exec_params(db, err,
			   "INSERT INTO items (code, current_version, status, updated_at) "
			   "VALUES (?, 1, 'published', ?)",
			   "ti", doc_code(doc), now) < 0 ||
	    insert_version(db, doc, 1, actor, now, err) < 0 || catalog_index_item(db, doc, err) < 0)
		return -1;
	return audit_append(db, actor, now, "item.create", "item", doc_code(doc), NULL, doc, err);
}

int catalog_revise(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		   int64_t *version, struct bm_error *err)
{
	json_t *old = NULL;
	if (item_validate(doc, "", err) < 0)
		return -1;
	item_normalize(doc);
	int found = catalog_get(db, doc_code(doc), 0, &old, err);
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "item_not_found", "事项 %s 不存在", doc_code(doc));
	*version = json_integer_value(json_object_get(old, "version"));
	json_t *old_doc = json_deep_copy(old);
	static const char *const meta[] = {"version", "effective_from", "effective_to", "status",
					   "type_label", NULL};
	for (int i = 0; meta[i]; i++)
		json_object_del(old_doc, meta[i]);
	int rc = 0;
	if (!json_equal(old_doc, doc)) {
		char today[DATE_TEXT_SIZE];
		date_format(date_of_epoch(now), today);
		int64_t next = *version + 1;
		if (db_exec_params(db, err,
				   "UPDATE item_versions SET effective_to = ? WHERE code = ? AND version = ?",
				   "tti", today, doc_code(doc), *version) < 0 ||
		    insert_version(db, doc, next, actor, now, err) < 0 ||
		    db_exec_params(db, err,
				   "UPDATE items SET current_version = ?, status = 'published', "
				   "updated_at = ? WHERE code = ?",
				   "iit", next, now, doc_code(doc)) < 0 ||
		    catalog_index_item(db, doc, err) < 0 ||
		    audit_append(db, actor, now, "item.revise", "item", doc_code(doc), old_doc, doc,
				 err) < 0)
			rc = -1;
		else
			*version = next;
	}
	json_decref(old_doc);
	json_decref(old);
	return rc;
}

int catalog_put(struct db *db, json_t *doc, const struct audit_actor *actor, int64_t now,
		int *changed, struct bm_error *err)
{
	int64_t version;
	int found = current_version(db, doc_code(doc), &version, err);
	if (found < 0)
		return -1;
	*changed = 1;
	if (!found)
		return catalog_create(db, doc, actor, now, err);
	int64_t after;
	if (catalog_revise(db, doc, actor, now, &after, err) < 0)
		return -1;
	*changed = after != version;
	return 0;
}

/* Adds the version metadata of the current row of `st` to doc. Columns: doc, version,
 * effective_from, effective_to, status. */
static json_t *version_from_row(struct db_stmt *st, struct bm_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loads(db_col_text(st, 0), 0, &jerr);
	if (!doc) {
		bm_error_internal(err, "stored item document is not JSON");
		return NULL;
	}
	const char *type = json_string_value(json_object_get(doc, "type"));
	json_object_set_new(doc, "version", json_integer(db_col_int(st, 1)));
	json_object_set_new(doc, "effective_from", json_string(db_col_text(st, 2)));
	json_object_set_new(doc, "effective_to", db_col_is_null(st, 3) ? json_null()
								       : json_string(db_col_text(st, 3)));
	json_object_set_new(doc, "status", json_string(db_col_text(st, 4)));
	json_object_set_new(doc, "type_label", json_string(item_type_label(type) ? item_type_label(type)
										 : type));
	return doc;
}

int catalog_get(struct db *db, const char *code, int64_t version, json_t **out,
		struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT v.doc, v.version, v.effective_from, v.effective_to, i.status "
		"FROM items i JOIN item_versions v ON v.code = i.code "
		"AND v.version = CASE WHEN ? = 0 THEN i.current_version ELSE ? END "
		"WHERE i.code = ?",
		"iit", version, version, code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW && !(*out = version_from_row(st, err)))
		rc = -1;
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int catalog_versions(struct db *db, const char *code, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT version, effective_from, effective_to, created_at, "
				      "created_by, doc FROM item_versions WHERE code = ? "
				      "ORDER BY version DESC",
				      "t", code);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		json_t *doc = json_loads(db_col_text(st, 5), 0, NULL);
		json_array_append_new(
			*out, json_pack("{s:I, s:s, s:o, s:I, s:s, s:O?}", "version",
					(json_int_t)db_col_int(st, 0), "effective_from",
					db_col_text(st, 1), "effective_to",
					db_col_is_null(st, 2) ? json_null() : json_string(db_col_text(st, 2)),
					"created_at", (json_int_t)db_col_int(st, 3), "created_by",
					db_col_text(st, 4), "name", json_object_get(doc, "name")));
		json_decref(doc);
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

json_t *catalog_summary(json_t *doc)
{
	const char *type = json_string_value(json_object_get(doc, "type"));
	return json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
			 "code", json_object_get(doc, "code"), "name", json_object_get(doc, "name"),
			 "type", json_object_get(doc, "type"), "type_label",
			 item_type_label(type) ? item_type_label(type) : "", "category",
			 json_object_get(doc, "category"), "implementing_body",
			 json_object_get(doc, "implementing_body"), "body_level",
			 json_object_get(doc, "body_level"), "receive_levels",
			 json_object_get(doc, "receive_levels"), "decide_level",
			 json_object_get(doc, "decide_level"), "kind", json_object_get(doc, "kind"),
			 "promised_days", json_object_get(doc, "promised_days"), "statutory_days",
			 json_object_get(doc, "statutory_days"), "visits",
			 json_object_get(doc, "visits"), "online", json_object_get(doc, "online"),
			 "fee_charged", json_object_get(json_object_get(doc, "fee"), "charged"));
}

int catalog_all_current(struct db *db, json_t **docs, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT v.doc, v.version, v.effective_from, v.effective_to, i.status "
				      "FROM items i JOIN item_versions v ON v.code = i.code "
				      "AND v.version = i.current_version WHERE i.status = 'published' "
				      "ORDER BY i.code",
				      "");
	if (!st)
		return -1;
	*docs = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		json_t *doc = version_from_row(st, err);
		if (!doc) {
			rc = -1;
			break;
		}
		json_array_append_new(*docs, doc);
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*docs);
		return -1;
	}
	return 0;
}
