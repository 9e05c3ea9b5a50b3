/*
** settings.c — key/value settings (see settings.h).
*/
#include "domain/settings.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

int settings_get(struct db *db, const char *key, char *out, size_t size, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT value FROM settings WHERE key = ?", "t", key);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(out, size, "%s", db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int settings_set(struct db *db, const char *key, const char *value, struct bm_error *err)
{
	return db_exec_params(db, err,
			      "INSERT INTO settings (key, value) VALUES (?, ?) "
			      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			      "tt", key, value) < 0
		       ? -1
		       : 0;
}

int settings_is_demo(struct db *db, bool *demo, struct bm_error *err)
{
	char kind[32] = "";
	if (settings_get(db, "system_kind", kind, sizeof kind, err) < 0)
		return -1;
	*demo = strcmp(kind, "demo") == 0;
	return 0;
}
