/*
** item_csv.h — the catalogue as a spreadsheet: `bianmin import items` / `export items`.
**
** One row per item; the header names the columns (any order):
**   code, impl_code, name, type, category, keywords, implementing_body, body_level,
**   receive_levels, decide_level, legal_basis, conditions, materials, steps, statutory_days,
**   promised_days, kind, fee_charged, fee_items, place, hours, consult_phone,
**   complaint_phone, visits, online, scope, faq
** Lists (keywords, receive_levels, legal_basis) hold one entry per line (or separated by ASCII ;).
** Lists of records hold one record per line, fields separated by '|':
**   materials   name|necessity|form|copies|source[|source_note|blank_form|sample]
**   steps       name|level|days
**   fee_items   name|standard|basis
**   faq         question|answer
** Booleans are true/false (also 是/否, 1/0). Codes are those of item.h.
*/
#ifndef BM_ITEM_CSV_H
#define BM_ITEM_CSV_H

#include "core/buf.h"
#include "core/error.h"
#include "domain/audit.h"

#include <stdint.h>

struct db;

struct item_import_result {
	int rows;      /* data rows read */
	int created;   /* new items */
	int revised;   /* items given a new version */
	int unchanged; /* rows equal to the current version */
};

/* Imports every row (creating or revising items) inside the caller's transaction. All or
 * nothing: the first invalid row fails the whole import with a message naming the row and the
 * field ("第 5 行 材料必要性（materials[1].necessity）的取值 \"x\" 无效"), code
 * "import_invalid". */
int item_csv_import(struct db *db, const char *text, const struct audit_actor *actor, int64_t now,
		    struct item_import_result *result, struct bm_error *err);

/* Writes every published item's current version as CSV, header first. */
int item_csv_export(struct db *db, struct buf *out, struct bm_error *err);

#endif
