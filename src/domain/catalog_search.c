/*
** catalog_search.c — the search index of the catalogue and searching it.
**
** This is the dialect-specific corner of the catalogue. Chinese item names are short ("低保",
** "社保") and citizens type one or two characters ("证"). SQLite's FTS5 trigram tokenizer
** finds nothing for queries under three characters (MATCH and LIKE on the trigram table return
** no rows in SQLite 3.40), so:
**   SQLite, q of 3+ characters   candidates from item_fts MATCH "q" (phrase, quotes doubled)
**   SQLite, q of 1–2 characters  instr() over item_search's columns
**   PostgreSQL, any q            strpos() over item_search's columns (a catalogue is thousands of
**                                rows at most; pg_trgm would need a superuser to install)
** Ranking is the same everywhere: exact name, name prefix, name contains, keywords, materials;
** then by code. Filters (level, type, category, venue) apply to every variant alike.
*/
#include "domain/catalog_internal.h"
#include "core/buf.h"
#include "core/text.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Joins the strings of an array, or the "name" members of an array of objects, with spaces. */
static void join_texts(json_t *arr, const char *member, struct buf *out)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		json_t *text = member ? json_object_get(e, member) : e;
		if (!json_is_string(text))
			continue;
		if (out->len)
			buf_putc(out, ' ');
		buf_puts(out, json_string_value(text));
	}
}

int catalog_index_item(struct db *db, json_t *doc, struct bm_error *err)
{
	struct buf keywords = BUF_INIT, materials = BUF_INIT, levels = BUF_INIT;
	join_texts(json_object_get(doc, "keywords"), NULL, &keywords);
	join_texts(json_object_get(doc, "materials"), "name", &materials);
	size_t i;
	json_t *e;
	buf_putc(&levels, ',');
	json_array_foreach(json_object_get(doc, "receive_levels"), i, e) {
		buf_puts(&levels, json_string_value(e));
		buf_putc(&levels, ',');
	}
	json_t *summary = catalog_summary(doc);
	char *summary_text = json_dumps(summary, JSON_COMPACT);
	json_decref(summary);
	const char *code = json_string_value(json_object_get(doc, "code"));
	char *name = strdup(json_string_value(json_object_get(doc, "name")));
	if (!name)
		abort();
	ascii_lower(name);
	if (keywords.data)
		ascii_lower(keywords.data);
	if (materials.data)
		ascii_lower(materials.data);

	int rc = db_exec_params(
			 db, err,
			 "INSERT INTO item_search (code, name, keywords, materials, type, category, "
			 "receive_levels, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			 "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
			 "keywords = excluded.keywords, materials = excluded.materials, "
			 "type = excluded.type, category = excluded.category, "
			 "receive_levels = excluded.receive_levels, summary = excluded.summary",
			 "tttttttt", code, name, buf_cstr(&keywords), buf_cstr(&materials),
			 json_string_value(json_object_get(doc, "type")),
			 json_string_value(json_object_get(doc, "category")), buf_cstr(&levels),
			 summary_text) < 0
			 ? -1
			 : 0;
	if (rc == 0 && db_backend_of(db) == DB_SQLITE)
		rc = db_exec_params(db, err, "DELETE FROM item_fts WHERE code = ?", "t", code) < 0 ||
				     db_exec_params(db, err,
						    "INSERT INTO item_fts (code, name, keywords, materials) "
						    "VALUES (?, ?, ?, ?)",
						    "tttt", code, name, buf_cstr(&keywords),
						    buf_cstr(&materials)) < 0
			     ? -1
			     : 0;
	free(summary_text);
	free(name);
	buf_free(&keywords);
	buf_free(&materials);
	buf_free(&levels);
	return rc;
}

/* --- the query variants ------------------------------------------------------------------- */

/* Parameters, in order: [rank: q q q q] [match: see MATCH_*] level level type type category
 * category venue venue. */
#define FILTERS                                                                       \
	" AND (CAST(? AS TEXT) IS NULL OR receive_levels LIKE ?)"                     \
	" AND (CAST(? AS TEXT) IS NULL OR type = ?)"                                  \
	" AND (CAST(? AS TEXT) IS NULL OR category = ?)"                              \
	" AND (CAST(? AS BIGINT) = 0 OR code IN "                                     \
	"(SELECT item_code FROM item_claims WHERE venue_id = ?))"

/* Letters compare without case ("APP" finds "app"): the index columns are stored with ASCII
 * letters lowercased and the query is lowercased the same way before binding, so the SQL
 * compares plain text on both engines (calling lower() per row cost more than the search). */
#define RANK(FN)                                                                      \
	"CASE WHEN name = ? THEN 0 WHEN " FN "(name, ?) = 1 THEN 1 WHEN " FN "(name, ?) > 0 " \
	"THEN 2 WHEN " FN "(keywords, ?) > 0 THEN 3 ELSE 4 END"

#define MATCH_SUBSTRING(FN)                                                           \
	"(" FN "(name, ?) > 0 OR " FN "(keywords, ?) > 0 OR " FN "(materials, ?) > 0)"

#define MATCH_TRIGRAM "code IN (SELECT code FROM item_fts WHERE item_fts MATCH ?)"

#define LIST_SQL(RANK_EXPR, MATCH)                                                    \
	"SELECT summary, " RANK_EXPR " AS rank FROM item_search WHERE " MATCH FILTERS  \
	" ORDER BY rank, code LIMIT ? OFFSET ?"
#define COUNT_SQL(MATCH) "SELECT COUNT(*) FROM item_search WHERE " MATCH FILTERS

enum search_variant { SEARCH_ALL, SEARCH_INSTR, SEARCH_TRIGRAM, SEARCH_STRPOS };

static const struct {
	const char *list, *count;
	int match_params; /* how many times the match clause takes q */
	bool ranked;
} variants[] = {
	[SEARCH_ALL] = {LIST_SQL("0", "1 = 1"), COUNT_SQL("1 = 1"), 0, false},
	[SEARCH_INSTR] = {LIST_SQL(RANK("instr"), MATCH_SUBSTRING("instr")),
			  COUNT_SQL(MATCH_SUBSTRING("instr")), 3, true},
	[SEARCH_TRIGRAM] = {LIST_SQL(RANK("instr"), MATCH_TRIGRAM), COUNT_SQL(MATCH_TRIGRAM), 1, true},
	[SEARCH_STRPOS] = {LIST_SQL(RANK("strpos"), MATCH_SUBSTRING("strpos")),
			   COUNT_SQL(MATCH_SUBSTRING("strpos")), 3, true},
};

static enum search_variant choose_variant(struct db *db, const char *q)
{
	if (!q || !*q)
		return SEARCH_ALL;
	if (db_backend_of(db) == DB_PG)
		return SEARCH_STRPOS;
	return utf8_length(q) >= 3 ? SEARCH_TRIGRAM : SEARCH_INSTR;
}

/* The FTS5 query for q: one phrase, so that no character of q is FTS syntax. */
static void fts_phrase(const char *q, struct buf *out)
{
	buf_putc(out, '"');
	for (const char *p = q; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

struct search_args {
	const char *q, *match, *level_like, *level, *type, *category;
	int64_t venue;
};

/* Binds the parameters of a variant's statement in the order the SQL lists them. */
static int bind_search(struct db_stmt *st, enum search_variant v, bool list,
		       const struct search_args *a)
{
	int idx = 1, rc = 0;
	if (list && variants[v].ranked)
		for (int i = 0; i < 4; i++)
			rc |= db_bind_text(st, idx++, a->q);
	for (int i = 0; i < variants[v].match_params; i++)
		rc |= db_bind_text(st, idx++, a->match);
	rc |= db_bind_text(st, idx++, a->level);
	rc |= db_bind_text(st, idx++, a->level_like);
	rc |= db_bind_text(st, idx++, a->type);
	rc |= db_bind_text(st, idx++, a->type);
	rc |= db_bind_text(st, idx++, a->category);
	rc |= db_bind_text(st, idx++, a->category);
	rc |= db_bind_int(st, idx++, a->venue);
	rc |= db_bind_int(st, idx++, a->venue);
	return rc ? -1 : idx;
}

static int search_count(struct db *db, enum search_variant v, const struct search_args *a,
			int64_t *total, struct bm_error *err)
{
	struct db_stmt *st = db_prepare(db, variants[v].count, err);
	if (!st)
		return -1;
	int rc = bind_search(st, v, false, a) < 0 ? bm_error_internal(err, "search bind") : 0;
	if (rc == 0 && (rc = db_step(st, err)) == DB_ROW)
		*total = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int search_list(struct db *db, enum search_variant v, const struct search_args *a,
		       int64_t limit, int64_t offset, struct buf *items, struct bm_error *err)
{
	struct db_stmt *st = db_prepare(db, variants[v].list, err);
	if (!st)
		return -1;
	int idx = bind_search(st, v, true, a);
	if (idx < 0 || db_bind_int(st, idx, limit) < 0 || db_bind_int(st, idx + 1, offset) < 0) {
		db_reset(st);
		return bm_error_internal(err, "search bind");
	}
	int rc, n = 0;
	buf_putc(items, '[');
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (n++)
			buf_putc(items, ',');
		buf_puts(items, db_col_text(st, 0));
	}
	buf_putc(items, ']');
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int catalog_search(struct db *db, const struct catalog_query *query, int64_t limit, int64_t offset,
		   struct buf *items, int64_t *total, struct bm_error *err)
{
	enum search_variant v = choose_variant(db, query->q);
	struct buf phrase = BUF_INIT, q = BUF_INIT;
	if (query->q) {
		buf_puts(&q, query->q);
		ascii_lower(q.data);
	}
	char level_like[32];
	snprintf(level_like, sizeof level_like, "%%,%s,%%", query->level ? query->level : "");
	if (v == SEARCH_TRIGRAM)
		fts_phrase(buf_cstr(&q), &phrase);
	struct search_args a = {
		.q = query->q ? buf_cstr(&q) : NULL,
		.match = v == SEARCH_TRIGRAM ? buf_cstr(&phrase) : (query->q ? buf_cstr(&q) : NULL),
		.level = query->level,
		.level_like = level_like,
		.type = query->type,
		.category = query->category,
		.venue = query->venue_id,
	};
	int rc = search_count(db, v, &a, total, err);
	if (rc == 0)
		rc = search_list(db, v, &a, limit, offset, items, err);
	buf_free(&phrase);
	buf_free(&q);
	return rc;
}
