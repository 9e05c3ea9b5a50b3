/*
** inquiry.h — first inquiries (首问负责制).
**
** The first staff member a citizen asks logs the question and owns the matter as 首问责任人
** until it is answered, or accepted as a case by the right window (a case created with
** inquiry_id closes it), however many venues it is handed through. A hand-over closes this
** hop ("handed_over") and opens a new one at the target venue with the same first responder;
** the hops form a chain through handed_from.
**
** Writers must run inside db_transaction(); each is audited. Bodies are validated here
** (core/jcheck.h). JSON results are owned by the caller. Permission: ACT_INQUIRY_WRITE to
** write (at a venue of one's own org), ACT_CASE_READ to read; an inquiry is visible when its
** venue lies in the caller's subtree or the caller is on it (logged it or is its responder);
** otherwise 404 "inquiry_not_found".
*/
#ifndef BM_INQUIRY_H
#define BM_INQUIRY_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* POST /api/v1/inquiries: logs an inquiry; *id receives its id. */
int inquiry_create(struct db *db, const struct principal *who, int64_t now, json_t *body,
		   int64_t *id, struct bm_error *err);

/* Closes an open inquiry with an answer ({"answer"}). 409 "inquiry_closed" when not open. */
int inquiry_answer(struct db *db, const struct principal *who, int64_t now, int64_t id,
		   json_t *body, struct bm_error *err);

/* Hands an open inquiry to another venue ({"to_venue_id","note"?}); *new_id receives the new
 * open hop there. */
int inquiry_hand_over(struct db *db, const struct principal *who, int64_t now, int64_t id,
		      json_t *body, int64_t *new_id, struct bm_error *err);

/* One inquiry with its "chain" (every hop from the first, in order). */
int inquiry_get_json(struct db *db, const struct principal *who, int64_t id, json_t **out,
		     struct bm_error *err);

/* Worklist, newest first: view NULL (all in scope), "mine" (I logged it or am its responder),
 * "venue" (at venue_id, or at my org's venues when 0), "open" (open ones in scope). 400
 * "invalid_query" for another view. */
int inquiry_list(struct db *db, const struct principal *who, const char *view, int64_t venue_id,
		 int64_t limit, int64_t offset, json_t **items, int64_t *total,
		 struct bm_error *err);

#endif
