/*
** claim.c — venue claims of catalogue items (see claim.h).
*/
#include "domain/claim.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/item.h"

#include <stdio.h>
#include <string.h>

bool claim_level_allowed(const char *venue_level, json_t *receive_levels)
{
	size_t i;
	json_t *e;
	json_array_foreach(receive_levels, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), venue_level) == 0)
			return true;
	return false;
}

/* The venue's level, or 404. */
static int venue_level(struct db *db, int64_t venue_id, char level[16], struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT level FROM venues WHERE id = ?", "i", venue_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(level, 16, "%s", db_col_text(st, 0));
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
}

static json_t *claim_record(int64_t venue_id, const char *item_code)
{
	return json_pack("{s:I, s:s}", "venue_id", (json_int_t)venue_id, "item_code", item_code);
}

int claim_add(struct db *db, int64_t venue_id, const char *item_code,
	      const struct audit_actor *actor, int64_t now, int *created, struct bm_error *err)
{
	char level[16], id_text[64];
	json_t *item = NULL;
	if (venue_level(db, venue_id, level, err) < 0)
		return -1;
	int found = catalog_get(db, item_code, 0, &item, err);
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "item_not_found", "事项 %.40s 不存在", item_code);
	bool allowed = claim_level_allowed(level, json_object_get(item, "receive_levels")) &&
		       strcmp(json_string_value(json_object_get(item, "status")), "published") == 0;
	json_decref(item);
	if (!allowed)
		return bm_error_set(err, 409, "claim_level_mismatch",
				    "该事项不在本级受理范围内，%s场所不能认领", item_level_label(level));
	int64_t changed = db_exec_params(db, err,
					 "INSERT INTO item_claims (venue_id, item_code, claimed_at) "
					 "VALUES (?, ?, ?) ON CONFLICT (venue_id, item_code) DO NOTHING",
					 "iti", venue_id, item_code, now);
	if (changed < 0)
		return -1;
	*created = changed > 0;
	if (!*created)
		return 0;
	snprintf(id_text, sizeof id_text, "%lld/%s", (long long)venue_id, item_code);
	json_t *after = claim_record(venue_id, item_code);
	int rc = audit_append(db, actor, now, "claim.add", "claim", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

int claim_remove(struct db *db, int64_t venue_id, const char *item_code,
		 const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	char id_text[64];
	int64_t removed = db_exec_params(db, err,
					 "DELETE FROM item_claims WHERE venue_id = ? AND item_code = ?",
					 "it", venue_id, item_code);
	if (removed < 0)
		return -1;
	if (removed == 0)
		return bm_error_set(err, 404, "claim_not_found", "该场所未认领此事项");
	snprintf(id_text, sizeof id_text, "%lld/%s", (long long)venue_id, item_code);
	json_t *before = claim_record(venue_id, item_code);
	int rc = audit_append(db, actor, now, "claim.remove", "claim", id_text, before, NULL, err);
	json_decref(before);
	return rc;
}

int claim_item_venues(struct db *db, const char *item_code, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT v.id, v.name, v.org_code, o.name, v.level, v.kind "
				      "FROM item_claims c JOIN venues v ON v.id = c.venue_id "
				      "JOIN orgs o ON o.code = v.org_code WHERE c.item_code = ? "
				      "ORDER BY v.org_code, v.id",
				      "t", item_code);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
						      (json_int_t)db_col_int(st, 0), "name",
						      db_col_text(st, 1), "org_code", db_col_text(st, 2),
						      "org_name", db_col_text(st, 3), "level",
						      db_col_text(st, 4), "kind", db_col_text(st, 5)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}
