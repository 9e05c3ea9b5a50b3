/*
** row_json.c — a result row as a JSON object (see row_json.h).
*/
#include "db/row_json.h"
#include "core/clock.h"
#include "db/db.h"

static json_t *cell(struct db_stmt *st, int col, char type)
{
	char when[CLOCK_TEXT_SIZE];
	if (db_col_is_null(st, col))
		return json_null();
	switch (type) {
	case 'i': return json_integer(db_col_int(st, col));
	case 'b': return json_boolean(db_col_int(st, col) != 0);
	case 'T':
		clock_format_rfc3339(db_col_int(st, col), when);
		return json_string(when);
	default: return json_string(db_col_text(st, col));
	}
}

json_t *row_json(struct db_stmt *st, const char *types)
{
	json_t *obj = json_object();
	int n = db_column_count(st);
	for (int col = 0; col < n && types[col]; col++)
		if (types[col] != '-')
			json_object_set_new(obj, db_column_name(st, col), cell(st, col, types[col]));
	return obj;
}

int row_json_all(struct db_stmt *st, const char *types, json_t **out, struct bm_error *err)
{
	int rc;
	*out = json_array();
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, row_json(st, types));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int row_json_one(struct db_stmt *st, const char *types, json_t **out, struct bm_error *err)
{
	int rc = db_step(st, err);
	*out = rc == DB_ROW ? row_json(st, types) : NULL;
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}
