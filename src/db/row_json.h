/*
** row_json.h — one result row as a JSON object, named by the query's own column names.
**
** Lists and records of the service-mode tables (calls, petitions, notifications) are plain
** projections of rows, so instead of one json_pack per query naming every column twice, the
** SELECT names its columns (`SELECT c.id AS id, …`) and a type string says how each becomes
** JSON, one letter per column:
**   'i' integer      't' text       'b' 0/1 as a boolean
**   'T' epoch seconds as RFC 3339 in China time (clock.h)
**   '-' not copied (a column the caller reads itself, e.g. an org path for scope)
** SQL NULL becomes JSON null for every type.
*/
#ifndef BM_ROW_JSON_H
#define BM_ROW_JSON_H

#include <jansson.h>

struct db_stmt;

/* The current row of st as a new object (caller owns it). `types` has one letter per column;
 * columns past its end are not copied. */
json_t *row_json(struct db_stmt *st, const char *types);

/* Steps st to its end and collects every row into a new array (*out, caller owns), then
 * resets st. Returns 0, or -1 with *err set (and *out NULL). */
struct bm_error;
int row_json_all(struct db_stmt *st, const char *types, json_t **out, struct bm_error *err);

/* Steps st once: 1 with the row as a new object in *out (caller owns), 0 when there is no row,
 * -1 on error. Resets st either way. */
int row_json_one(struct db_stmt *st, const char *types, json_t **out, struct bm_error *err);

#endif
