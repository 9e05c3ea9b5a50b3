/*
** standard.h — venue standardisation (标准化, F1): the county's checklists, venue scores and
** gaps, and the pilot venues (标准化试点).
**
** The standard covers town halls (level town, kind hall) and village rooms (level village,
** kind room); each is scored against its level's checklist (standards table, one JSON array
** per level, seeded by migration 0010 and edited by the county) with the pure scorer of
** standard_score.h. Scores are computed on read from the live venue profiles: nothing is
** cached, so an edit of a profile or of a weight shows at once.
**
** Ownership: every json_t ** out-parameter receives a new reference the caller owns.
*/
#ifndef BM_STANDARD_H
#define BM_STANDARD_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* Mean standard score (0..100, one decimal) over the venues of the subtree that the standard
 * covers (town halls and village rooms), and how many venues that mean covers (0 -> score 0). */
int standard_org_score(struct db *db, const char *org_code, double *mean_score, long *venues,
                       struct bm_error *err);

/* "town" or "village"; else 404 "standard_not_found". */
int standard_level_check(const char *level, struct bm_error *err);

/* {"level", "version", "updated_at", "updated_by", "criteria": [...]}. */
int standard_checklist_get(struct db *db, const char *level, json_t **out, struct bm_error *err);

/* Replaces the checklist of `level` with body {"criteria": [...]} (validated: 400 on a bad
 * criterion), bumps the version and audits before/after. Must run inside a transaction.
 * *out gets the stored checklist as standard_checklist_get returns it. */
int standard_checklist_put(struct db *db, const char *level, json_t *body,
                           const struct audit_actor *actor, int64_t now, json_t **out,
                           struct bm_error *err);

/* One venue's score: {"venue_id", "name", "org_code", "org_name", "level", "kind", "pilot",
 * "score", "criteria": N, "gaps": [...]}. Returns 1 when found, 0 when there is no such venue
 * or the standard does not cover it, -1 on error. *org_path gets the venue's org path. */
int standard_venue_score(struct db *db, int64_t venue_id, json_t **out, char org_path[256],
                         struct bm_error *err);

/* The covered venues under scope_path, optionally of one level and/or under one town (code),
 * ordered by org code, each as standard_venue_score gives it. */
struct standard_filter {
	const char *scope_path; /* the caller's subtree */
	const char *level;      /* NULL: both */
	const char *town;       /* NULL: all towns */
	bool pilot_only;
};
int standard_scores_list(struct db *db, const struct standard_filter *f, int64_t limit,
                         int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* Gap counts per criterion over the covered venues under scope_path: {"town": [...],
 * "village": [...]}, each entry {"label", "field", "rule", "weight", "missing", "venues"}, in
 * checklist order, plus {"venues", "mean_score", "full"} per level under "summary". */
int standard_gap_counts(struct db *db, const char *scope_path, json_t **out, struct bm_error *err);

/* Marks or unmarks venue `id` as a 标准化试点; audited when it changes. 404 for an unknown
 * venue, 400 "not_standardised" for a venue the standard does not cover. Must run inside a
 * transaction. */
int standard_pilot_set(struct db *db, int64_t venue_id, bool pilot, const struct audit_actor *actor,
                       int64_t now, struct bm_error *err);

#endif
