/*
** csv.h — reading and writing CSV (RFC 4180), as spreadsheets save it.
**
** Fields may be quoted; a quoted field may hold commas, line breaks and doubled quotes ("").
** Records end with LF or CRLF. A UTF-8 byte-order mark at the start is skipped. Blank lines
** are skipped; so are lines starting with '#' outside quotes (comments, as in the files under data/).
** Row numbers count physical records the way a spreadsheet numbers rows (first record = 1),
** comments and blank lines included, so error messages point at the row a person sees.
*/
#ifndef BM_CSV_H
#define BM_CSV_H

#include "core/buf.h"
#include "core/error.h"

#include <stddef.h>

struct csv_row {
	int number;     /* the row's number in the file, 1-based */
	size_t nfields;
	char **fields;  /* owned by the table */
};

struct csv_table {
	size_t nrows;
	struct csv_row *rows;
};

/* Parses text into *out. 400 "csv_invalid" (naming the row) on an unterminated quote or a
 * character after a closing quote. The caller frees *out with csv_table_free(), also on
 * failure. */
int csv_parse(const char *text, struct csv_table *out, struct bm_error *err);
void csv_table_free(struct csv_table *t);

/* Index of the column named `name` in the header row, or -1. */
int csv_column(const struct csv_row *header, const char *name);

/* Appends one field, quoted when it holds a comma, quote, CR or LF (or starts with '#'). */
void csv_write_field(struct buf *out, const char *s);

#endif
