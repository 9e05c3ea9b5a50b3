/*
** item_csv.c — catalogue import and export (see item_csv.h).
**
** A row becomes an item document (strings stay strings unless the column is a number or a
** boolean and the cell reads as one), then item_validate() judges it with the row number as
** prefix: the spreadsheet and the API share one set of rules and messages. Export is the
** inverse, so exporting and importing again changes nothing.
*/
#include "domain/item_csv.h"
#include "core/csv.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cell_kind { CELL_TEXT, CELL_INT, CELL_BOOL, CELL_LIST, CELL_RECORDS };

/* The columns, and how a cell maps onto the document. For CELL_RECORDS, `parts` names the
 * fields of each '|'-separated record and `part_kinds` which of them are integers. */
static const struct item_column {
	const char *name;
	enum cell_kind kind;
	const char *target; /* document key (fee_charged and fee_items go under "fee") */
	const char *const parts[9];
	const char *int_parts; /* parts that are integers, e.g. "copies" */
} columns[] = {
	{"code", CELL_TEXT, "code", {NULL}, NULL},
	{"impl_code", CELL_TEXT, "impl_code", {NULL}, NULL},
	{"name", CELL_TEXT, "name", {NULL}, NULL},
	{"type", CELL_TEXT, "type", {NULL}, NULL},
	{"category", CELL_TEXT, "category", {NULL}, NULL},
	{"keywords", CELL_LIST, "keywords", {NULL}, NULL},
	{"implementing_body", CELL_TEXT, "implementing_body", {NULL}, NULL},
	{"body_level", CELL_TEXT, "body_level", {NULL}, NULL},
	{"receive_levels", CELL_LIST, "receive_levels", {NULL}, NULL},
	{"decide_level", CELL_TEXT, "decide_level", {NULL}, NULL},
	{"legal_basis", CELL_LIST, "legal_basis", {NULL}, NULL},
	{"conditions", CELL_TEXT, "conditions", {NULL}, NULL},
	{"materials", CELL_RECORDS, "materials",
	 {"name", "necessity", "form", "copies", "source", "source_note", "blank_form", "sample", NULL},
	 "copies"},
	{"steps", CELL_RECORDS, "steps", {"name", "level", "days", NULL}, "days"},
	{"statutory_days", CELL_INT, "statutory_days", {NULL}, NULL},
	{"promised_days", CELL_INT, "promised_days", {NULL}, NULL},
	{"kind", CELL_TEXT, "kind", {NULL}, NULL},
	{"fee_charged", CELL_BOOL, "charged", {NULL}, NULL},
	{"fee_items", CELL_RECORDS, "items", {"name", "standard", "basis", NULL}, NULL},
	{"place", CELL_TEXT, "place", {NULL}, NULL},
	{"hours", CELL_TEXT, "hours", {NULL}, NULL},
	{"consult_phone", CELL_TEXT, "consult_phone", {NULL}, NULL},
	{"complaint_phone", CELL_TEXT, "complaint_phone", {NULL}, NULL},
	{"visits", CELL_INT, "visits", {NULL}, NULL},
	{"online", CELL_BOOL, "online", {NULL}, NULL},
	{"scope", CELL_TEXT, "scope", {NULL}, NULL},
	{"faq", CELL_RECORDS, "faq", {"q", "a", NULL}, NULL},
	{NULL, 0, NULL, {NULL}, NULL},
};

static bool is_fee_column(const struct item_column *c)
{
	return strcmp(c->name, "fee_charged") == 0 || strcmp(c->name, "fee_items") == 0;
}

/* --- import ------------------------------------------------------------------------------- */

/* An integer when the text is one, else the text itself (so validation names the field). */
static json_t *int_or_text(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return *s && !*end ? json_integer(v) : json_string(s);
}

static json_t *bool_or_text(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "是"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "否"))
		return json_false();
	return json_string(s);
}

/* Splits text at any of the separators, trimming spaces and CRs; empty pieces are dropped
 * unless keep_empty. Calls fn for each piece. */
static void split_each(const char *text, const char *seps, bool keep_empty,
		       void (*fn)(const char *piece, void *ctx), void *ctx)
{
	char *copy = strdup(text), *p = copy;
	if (!copy)
		abort();
	for (;;) {
		size_t n = strcspn(p, seps);
		char saved = p[n];
		p[n] = '\0';
		char *start = p, *end = p + n;
		while (*start == ' ' || *start == '\r')
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		if (*start || keep_empty)
			fn(start, ctx);
		if (!saved)
			break;
		p += n + 1;
	}
	free(copy);
}

static void append_string(const char *piece, void *arr)
{
	json_array_append_new(arr, json_string(piece));
}

struct record_ctx {
	const struct item_column *col;
	json_t *arr;
};

static void append_part(const char *piece, void *vparts)
{
	json_array_append_new(vparts, json_string(piece));
}

static void append_record(const char *line, void *vctx)
{
	struct record_ctx *ctx = vctx;
	json_t *parts = json_array(), *rec = json_object();
	split_each(line, "|", true, append_part, parts);
	size_t i;
	json_t *part;
	json_array_foreach(parts, i, part) {
		const char *name = i < 9 ? ctx->col->parts[i] : NULL;
		if (!name) {
			/* more fields than the record has: keep them visible to validation */
			json_object_set_new(rec, "extra", json_string(json_string_value(part)));
			break;
		}
		const char *s = json_string_value(part);
		if (!*s && i >= 3)
			continue; /* optional trailing fields left empty */
		bool is_int = ctx->col->int_parts && strcmp(ctx->col->int_parts, name) == 0;
		json_object_set_new(rec, name, is_int ? int_or_text(s) : json_string(s));
	}
	json_decref(parts);
	json_array_append_new(ctx->arr, rec);
}

static json_t *cell_value(const struct item_column *c, const char *cell)
{
	json_t *arr;
	switch (c->kind) {
	case CELL_INT: return *cell ? int_or_text(cell) : json_null();
	case CELL_BOOL: return *cell ? bool_or_text(cell) : json_null();
	case CELL_LIST:
		arr = json_array();
		split_each(cell, "\n;", false, append_string, arr);
		return arr;
	case CELL_RECORDS:
		arr = json_array();
		split_each(cell, "\n", false, append_record, &(struct record_ctx){c, arr});
		return arr;
	default: return *cell ? json_string(cell) : json_null();
	}
}

/* Builds the item document of one data row. */
static json_t *row_to_doc(const struct csv_row *row, const int *index)
{
	json_t *doc = json_object(), *fee = json_object();
	for (int i = 0; columns[i].name; i++) {
		const char *cell = index[i] >= 0 && (size_t)index[i] < row->nfields ? row->fields[index[i]]
										   : "";
		json_t *v = cell_value(&columns[i], cell);
		json_object_set_new(is_fee_column(&columns[i]) ? fee : doc, columns[i].target, v);
	}
	json_object_set_new(doc, "fee", fee);
	return doc;
}

static int map_header(const struct csv_row *header, int *index, struct bm_error *err)
{
	for (int i = 0; columns[i].name; i++) {
		index[i] = csv_column(header, columns[i].name);
		if (index[i] < 0)
			return bm_error_set(err, 400, "import_invalid", "第 %d 行（表头）：缺少列 %s",
					    header->number, columns[i].name);
	}
	return 0;
}

int item_csv_import(struct db *db, const char *text, const struct audit_actor *actor, int64_t now,
		    struct item_import_result *result, struct bm_error *err)
{
	struct csv_table t;
	int index[sizeof columns / sizeof columns[0]];
	memset(result, 0, sizeof *result);
	int rc = csv_parse(text, &t, err);
	if (rc == 0 && t.nrows == 0)
		rc = bm_error_set(err, 400, "import_invalid", "文件为空：没有表头和数据行");
	if (rc == 0)
		rc = map_header(&t.rows[0], index, err);
	for (size_t r = 1; rc == 0 && r < t.nrows; r++) {
		char where[32];
		int changed = 0;
		int64_t existed = 0;
		snprintf(where, sizeof where, "第 %d 行 ", t.rows[r].number);
		json_t *doc = row_to_doc(&t.rows[r], index);
		rc = item_validate(doc, where, err);
		if (rc == 0)
			rc = db_query_int(db, err, &existed, "SELECT 1 FROM items WHERE code = ?", "t",
					  json_string_value(json_object_get(doc, "code")));
		if (rc >= 0)
			rc = catalog_put(db, doc, actor, now, &changed, err);
		json_decref(doc);
		if (rc < 0)
			break;
		result->rows++;
		if (!changed)
			result->unchanged++;
		else if (existed)
			result->revised++;
		else
			result->created++;
	}
	csv_table_free(&t);
	if (rc < 0 && err->code && (!strcmp(err->code, "invalid_field") ||
				    !strcmp(err->code, "missing_field") ||
				    !strcmp(err->code, "unknown_field") || !strcmp(err->code, "csv_invalid")))
		err->code = "import_invalid";
	return rc < 0 ? -1 : 0;
}

/* --- export ------------------------------------------------------------------------------- */

static void write_list(struct buf *cell, json_t *arr)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		if (i)
			buf_putc(cell, '\n');
		buf_puts(cell, json_string_value(e));
	}
}

static void write_records(struct buf *cell, const struct item_column *c, json_t *arr)
{
	size_t i;
	json_t *rec;
	json_array_foreach(arr, i, rec) {
		if (i)
			buf_putc(cell, '\n');
		int last = 0;
		for (int k = 0; c->parts[k]; k++)
			if (json_object_get(rec, c->parts[k]))
				last = k;
		for (int k = 0; k <= last; k++) {
			json_t *v = json_object_get(rec, c->parts[k]);
			if (k)
				buf_putc(cell, '|');
			if (json_is_integer(v))
				buf_printf(cell, "%lld", (long long)json_integer_value(v));
			else if (json_is_string(v))
				buf_puts(cell, json_string_value(v));
		}
	}
}

static void write_cell(struct buf *cell, const struct item_column *c, json_t *v)
{
	if (!v || json_is_null(v))
		return;
	switch (c->kind) {
	case CELL_INT: buf_printf(cell, "%lld", (long long)json_integer_value(v)); break;
	case CELL_BOOL: buf_puts(cell, json_is_true(v) ? "true" : "false"); break;
	case CELL_LIST: write_list(cell, v); break;
	case CELL_RECORDS: write_records(cell, c, v); break;
	default: buf_puts(cell, json_string_value(v));
	}
}

int item_csv_export(struct db *db, struct buf *out, struct bm_error *err)
{
	json_t *docs;
	if (catalog_all_current(db, &docs, err) < 0)
		return -1;
	for (int i = 0; columns[i].name; i++) {
		if (i)
			buf_putc(out, ',');
		buf_puts(out, columns[i].name);
	}
	buf_puts(out, "\r\n");
	size_t k;
	json_t *doc;
	struct buf cell = BUF_INIT;
	json_array_foreach(docs, k, doc) {
		for (int i = 0; columns[i].name; i++) {
			json_t *parent = is_fee_column(&columns[i]) ? json_object_get(doc, "fee") : doc;
			buf_reset(&cell);
			write_cell(&cell, &columns[i], json_object_get(parent, columns[i].target));
			if (i)
				buf_putc(out, ',');
			csv_write_field(out, buf_cstr(&cell));
		}
		buf_puts(out, "\r\n");
	}
	buf_free(&cell);
	json_decref(docs);
	return 0;
}
