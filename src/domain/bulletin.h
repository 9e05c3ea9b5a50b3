/*
** bulletin.h — 督查通报 (inspection bulletins): a kept record of a period's figures, ranking,
** commended and named units, the red and yellow cards raised and the rectification status of
** the 差评 tasks, frozen as JSON when generated, and its two renderings (a standalone printable
** HTML file with inline SVG charts, an Excel workbook).
**
** Content (bulletin_build()):
**   {"number", "period": {text, kind, from, to}, "org": {code, name, level},
**    "generated_at", "generated_by", "figures": assessment_figures_json() of the org,
**    "ranking": {"level": "town"|"village", "units": [{rank, org_code, org_name, total,
**                commended, named, figures}]},
**    "commended": [names], "named": [names],
**    "cards": {"yellow": N, "red": N, "items": [stats_records() rows + "card": "yellow"|"red"]},
**    "rectification": {"total", "on_time", "late", "open", "overdue", "cancelled",
**                      "items": [{case_no, org_name, venue_name, level, rated_on, due_date,
**                                 rectified_on, status}]}}
** A county bulletin ranks towns, a town's its villages; a village's has no ranking.
*/
#ifndef BM_BULLETIN_H
#define BM_BULLETIN_H

#include "core/buf.h"
#include "core/error.h"
#include "domain/assessment_rules.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* The content of a bulletin of the period for org (not yet numbered: "number" is ""). Caller
 * owns *out. 404 "org_not_found". */
int bulletin_build(struct db *db, const struct as_period *period, const char *org_code,
		   int64_t now, json_t **out, struct bm_error *err);

/* Builds, numbers (per year of the period) and keeps a bulletin, audited; *id gets its id.
 * scheduled: the monthly one made by the server ("schedule"), at most one per period — returns
 * 0 without making another when it exists. Returns 1 when made. Must run inside
 * db_transaction(). */
int bulletin_create(struct db *db, const struct as_period *period, const char *org_code,
		    const struct audit_actor *actor, bool scheduled, int64_t now, int64_t *id,
		    struct bm_error *err);

/* One kept bulletin: {id, number, period, org_code, org_name, generated_at, generated_by,
 * scheduled, content}; *org_path gets the org's path (for scope; may be NULL). 1 found, 0 not,
 * -1 error. Caller owns *out. */
int bulletin_get(struct db *db, int64_t id, json_t **out, char *org_path, size_t path_size,
		 struct bm_error *err);

/* Kept bulletins of orgs under scope_path, newest first, without their content. */
int bulletin_list(struct db *db, const char *scope_path, int64_t limit, int64_t offset,
		  json_t **items, int64_t *total, struct bm_error *err);

/* The county (the org of level county): its code and name. 1 found, 0 none yet, -1 error. */
int bulletin_county(struct db *db, char *code, size_t code_size, char *name, size_t name_size,
		    struct bm_error *err);

/* The monthly schedule: from the 1st of a month on, makes the previous month's county
 * bulletin when it has none yet. Cheap when it exists (one indexed read). Returns 1 when it
 * made one, 0 when not, -1 on error. Runs its own transaction. */
int bulletin_schedule_tick(struct db *db, int64_t now, struct bm_error *err);

/* The standalone printable HTML of a content document (inline CSS, inline SVG charts: scores
 * by unit and on-time/satisfaction rates; no scripts), appended to out. */
void bulletin_render_html(json_t *content, struct buf *out);

/* Writes the Excel workbook of a content document to path (sheets 概况, 排名, 红黄牌, 整改). */
int bulletin_write_xlsx(json_t *content, const char *path, struct bm_error *err);

/* The workbook as bytes: written to a temporary file, read back, removed. Caller frees *data. */
int bulletin_xlsx_bytes(json_t *content, char **data, size_t *size, struct bm_error *err);

#endif
