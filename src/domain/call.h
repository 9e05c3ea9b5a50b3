/*
** call.h — the telephone service (电话服务): calls taken at a venue and the callbacks promised.
**
** Staff log each call: who called and from which number, the question, the item it concerned,
** and how it ended — an answer given, a case opened by phone (its number, kept as text so this
** module does not depend on the cases tables), or a callback promised by a time. Open
** callbacks form the venue's callback list, due or overdue; marking one done records who called
** back, when, and what was said. Everything is audited; a venue's calls are seen by the users
** whose scope covers the venue.
*/
#ifndef BM_CALL_H
#define BM_CALL_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Logs a call from the request body {venue_id?, caller_name?, phone, question, item_code?,
 * answer?, case_no?, callback_due_at?, called_at?} (times RFC 3339). venue_id defaults to the
 * main venue of the caller's org and must lie in their scope; at least one of answer, case_no
 * and callback_due_at is needed (400 "call_outcome_required"); case_no looks like
 * "20250926-000123" (400 "invalid_case_no"); called_at, default now, may not be in the future
 * nor more than 30 days back; callback_due_at must come after the call. *id receives the new
 * call's id. Inside a transaction. */
int call_log(struct db *db, json_t *body, const struct principal *who, int64_t now, int64_t *id,
	     struct bm_error *err);

/* One call: {id, venue:{id,name,org_code}, staff:{username,display_name}, called_at,
 * caller_name, phone, question, item_code, item_name, answer, case_no, callback_due_at,
 * callback_done_at, callback_by, callback_note, callback_state}. callback_state is null (none
 * promised), "done", "overdue" or "due". 404 "call_not_found", 403 "out_of_scope". */
int call_get(struct db *db, int64_t id, const struct principal *who, int64_t now, json_t **out,
	     struct bm_error *err);

struct call_filter {
	const char *scope_path;
	const char *view; /* NULL/"log": every call, newest first; "callbacks": open callbacks,
			   * soonest due first */
	int64_t venue_id; /* 0: every venue in scope */
};

/* Phones are masked in the list (phone_mask) except for calls of the caller's own org. */
int call_list(struct db *db, const struct call_filter *f, const struct principal *who,
	      int64_t now, int64_t limit, int64_t offset, json_t **items, int64_t *total,
	      struct bm_error *err);

/* Marks the promised callback done, body {note}. 409 "no_callback" when none was promised,
 * 409 "callback_already_done". Inside a transaction; audited. */
int call_callback_done(struct db *db, int64_t id, json_t *body, const struct principal *who,
		       int64_t now, struct bm_error *err);

#endif
