/*
** rectification.h — the rectification task (整改) of a 差评: a follow-up call (回访) and the
** fix, both due within the configured working days of the rating; then the citizen's view of
** the fix. A task is closed by being rectified (or cancelled when an appeal against its rating
** is upheld), never deleted. Electronic supervision reads the open tasks through
** rectification_each_open().
**
** Writers run inside the caller's db_transaction() and audit there. Results are owned by the
** caller.
*/
#ifndef BM_RECTIFICATION_H
#define BM_RECTIFICATION_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;
struct calendar;

/* Opens the task of 差评 rating_id (venue, org and responsible person as the rating has
 * them), due rectify_days working days after `now`'s China date. No audit of its own: the
 * rating's entry covers it. */
int rectification_open(struct db *db, int64_t rating_id, const struct calendar *cal,
		       int rectify_days, int64_t now, struct bm_error *err);

/* Cancels the open task of a rating (an upheld appeal), keeping the reason. No task: 0. */
int rectification_cancel(struct db *db, int64_t rating_id, const char *reason,
			 struct bm_error *err);

/* One open task as supervision needs it. */
struct rectification_due {
	int64_t id;
	int64_t rating_id;
	char case_no[24];
	int64_t venue_id;
	char org_code[16];
	int64_t responsible_id; /* 0: nobody named */
	char due_date[11];      /* 'YYYY-MM-DD' */
	int64_t followed_up_at; /* 0: not yet */
};
/* Calls fn for every open task, oldest due date first, stopping at the first negative
 * return, which it returns. Does not write. */
typedef int (*rectification_fn)(const struct rectification_due *task, void *ctx);
int rectification_each_open(struct db *db, rectification_fn fn, void *ctx, struct bm_error *err);

enum rectification_action { RECTIFY_FOLLOW_UP, RECTIFY_FIX, RECTIFY_CITIZEN_VIEW };
/* "follow-up", "rectify", "citizen-view"; 0 or -1. */
int rectification_action_parse(const char *name, enum rectification_action *out);

/* One move with its body: follow-up {note}; rectify {outcome} (after the follow-up, 409
 * "follow_up_first"); citizen-view {view: satisfied|basically_satisfied|unsatisfied|
 * no_response, note?} (after the fix, 409 "not_rectified"). 409 "task_closed" on a cancelled
 * task or a repeated step. Scope: the task's org in the caller's subtree (ACT_RECTIFY). */
int rectification_act(struct db *db, int64_t id, enum rectification_action action, json_t *body,
		      const struct principal *who, int64_t now, struct bm_error *err);

/* One task in the list's shape. 404 "rectification_not_found" (outside scope too). */
int rectification_get_json(struct db *db, int64_t id, const struct principal *who, int today,
			   json_t **out, struct bm_error *err);

/* Tasks in scope: view NULL/"all", "open" (soonest due first) or "overdue" (open, due before
 * today). 400 "invalid_query" for another view. */
int rectification_list(struct db *db, const struct principal *who, const char *view, int today,
		       int64_t limit, int64_t offset, json_t **items, int64_t *total,
		       struct bm_error *err);

#endif
