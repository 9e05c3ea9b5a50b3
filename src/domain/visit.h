/*
** visit.h — door-to-door service (上门服务): requests for people who cannot come to a venue
** (the elderly, disabled, seriously ill, left-behind), assigned to a staff member or village
** agent with a due date, closed by a visit record with the outcome and, where a case (办件)
** results, its number.
**
** A request belongs to an org (the one that took it, or a lower one in the caller's scope).
** Who sees what: users whose scope covers the org see the whole request; the assignee, when
** the org lies outside their own scope (a town's request given to a village agent), sees it
** with the priority population flags hidden (null, flags_hidden true) and the phone masked —
** the flags are the sensitive part and are kept minimal. Everybody else: 403 out_of_scope.
**
** Status: open → assigned (assign; may be re-assigned) → done (record); open or assigned →
** cancelled. 409 illegal_transition otherwise. Every change runs inside the caller's
** db_transaction() and is audited.
**
** Request JSON: {id, org:{code,name}, person_name, phone, address, flags:[elderly, disabled,
** ill, left_behind] | null, flags_hidden, item_code, item_name, need, urgency (normal,
** urgent), status, assignee:{id,username,display_name} | null, due_on, outcome, visited_at,
** case_no, created_by, created_at, updated_at}. Every json_t ** out receives a new reference.
*/
#ifndef BM_VISIT_H
#define BM_VISIT_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* Creates a request from {org_code?, person_name, phone?, address, flags?, item_code?, need,
 * urgency}; org_code defaults to the caller's org and must lie in their scope. *id receives
 * it. 400 invalid_field / invalid_phone / item_not_found. */
int visit_create(struct db *db, json_t *body, const struct principal *who, int64_t now,
		 int64_t *id, struct bm_error *err);

/* One request as `who` may see it. 404 visit_not_found, 403 out_of_scope. */
int visit_get(struct db *db, int64_t id, const struct principal *who, json_t **out,
	      struct bm_error *err);

/* The requests in the caller's scope or assigned to them, urgent and soonest due first;
 * status NULL: every status. */
int visit_list(struct db *db, const struct principal *who, const char *status, json_t **out,
	       struct bm_error *err);

/* {assignee_id | assignee_username, due_on}: the assignee is an enabled village agent, window staff or venue
 * manager of the request's org or below it (400 invalid_field naming assignee_id); due_on not
 * before today. */
int visit_assign(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err);

/* {outcome, case_no?}: the visit was made; by the assignee or staff in scope. case_no must
 * name an existing case (400 invalid_field). */
int visit_record(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err);

/* {reason}: the request is withdrawn; staff in scope. */
int visit_cancel(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err);

#endif
