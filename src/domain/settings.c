/*
** settings.c — key/value settings (see settings.h).
*/
#include "domain/settings.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
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

int settings_get_days(struct db *db, const char *key, int fallback, int *out,
		      struct bm_error *err)
{
	char text[16];
	int found = settings_get(db, key, text, sizeof text, err);
	if (found < 0)
		return -1;
	*out = found ? atoi(text) : fallback;
	if (*out < 1 || *out > 365)
		*out = fallback;
	return 0;
}

int settings_set_days(struct db *db, const char *key, const char *field, int days,
		      struct bm_error *err)
{
	char text[16];
	if (days < 1 || days > 365) {
		bm_error_set(err, 400, "invalid_field", "天数应在 1 到 365 之间");
		return bm_error_field(err, field);
	}
	snprintf(text, sizeof text, "%d", days);
	return settings_set(db, key, text, err);
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
