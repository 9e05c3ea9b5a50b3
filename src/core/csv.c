/*
** csv.c — RFC 4180 CSV (see csv.h).
**
** A small state machine over the bytes: outside a field, inside an unquoted field, inside a
** quoted field, just after a quote inside a quoted field.
*/
#include "core/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);
	if (!q)
		abort();
	return q;
}

struct csv_builder {
	struct csv_table *t;
	struct buf field;
	struct csv_row row;
	size_t row_alloc, table_alloc;
};

static void end_field(struct csv_builder *b)
{
	if (b->row.nfields == b->row_alloc) {
		b->row_alloc = b->row_alloc ? b->row_alloc * 2 : 16;
		b->row.fields = xrealloc(b->row.fields, b->row_alloc * sizeof *b->row.fields);
	}
	b->row.fields[b->row.nfields++] = buf_detach(&b->field);
}

static void discard_row(struct csv_row *row)
{
	for (size_t i = 0; i < row->nfields; i++)
		free(row->fields[i]);
	free(row->fields);
}

/* Ends the record; keeps it unless it is blank or a comment. */
static void end_row(struct csv_builder *b, bool was_quoted)
{
	end_field(b);
	bool blank = b->row.nfields == 1 && b->row.fields[0][0] == '\0' && !was_quoted;
	bool comment = b->row.fields[0][0] == '#' && !was_quoted;
	if (blank || comment) {
		discard_row(&b->row);
	} else {
		struct csv_table *t = b->t;
		if (t->nrows == b->table_alloc) {
			b->table_alloc = b->table_alloc ? b->table_alloc * 2 : 64;
			t->rows = xrealloc(t->rows, b->table_alloc * sizeof *t->rows);
		}
		t->rows[t->nrows++] = b->row;
	}
	memset(&b->row, 0, sizeof b->row);
	b->row_alloc = 0;
}

int csv_parse(const char *text, struct csv_table *out, struct bm_error *err)
{
	enum { START, PLAIN, QUOTED, QUOTE_IN_QUOTED } state = START;
	struct csv_builder b = {.t = out, .field = BUF_INIT};
	memset(out, 0, sizeof *out);
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	int number = 1;
	bool row_quoted = false;
	b.row.number = number;
	for (const char *p = text;; p++) {
		char c = *p;
		if (state == QUOTED) {
			if (c == '\0') {
				discard_row(&b.row);
				buf_free(&b.field);
				return bm_error_set(err, 400, "csv_invalid", "第 %d 行：引号未闭合", b.row.number);
			}
			if (c == '"')
				state = QUOTE_IN_QUOTED;
			else
				buf_putc(&b.field, c);
			continue;
		}
		if (state == QUOTE_IN_QUOTED && c == '"') {
			buf_putc(&b.field, '"');
			state = QUOTED;
			continue;
		}
		if (c == ',') {
			end_field(&b);
			state = START;
		} else if (c == '\0') {
			bool pending = state != START || b.row.nfields > 0 || b.field.len > 0;
			if (pending)
				end_row(&b, row_quoted);
			break;
		} else if (c == '\n' || (c == '\r' && p[1] == '\n')) {
			if (c == '\r')
				p++;
			end_row(&b, row_quoted);
			b.row.number = ++number;
			row_quoted = false;
			state = START;
		} else if (state == QUOTE_IN_QUOTED) {
			discard_row(&b.row);
			buf_free(&b.field);
			return bm_error_set(err, 400, "csv_invalid", "第 %d 行：引号后出现多余字符",
					    b.row.number);
		} else if (c == '"' && state == START) {
			state = QUOTED;
			row_quoted = true;
		} else {
			buf_putc(&b.field, c);
			state = PLAIN;
		}
	}
	buf_free(&b.field);
	return 0;
}

void csv_table_free(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		discard_row(&t->rows[i]);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

int csv_column(const struct csv_row *header, const char *name)
{
	for (size_t i = 0; i < header->nfields; i++)
		if (strcmp(header->fields[i], name) == 0)
			return (int)i;
	return -1;
}

void csv_write_field(struct buf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && s[0] != '#') {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}
