/*
** training_write.h — the one way the training handlers (training_sessions.c,
** training_attendance.c, training_plans.c) run a change: parse the body when there is one,
** call the domain function inside db_transaction() with the clock's "now", render its result.
*/
#ifndef BM_API_TRAINING_WRITE_H
#define BM_API_TRAINING_WRITE_H

#include "http/request.h"

#include <stdint.h>

enum training_change {
	TRAINING_SESSION_CREATE, /* body; -> 201 the session */
	TRAINING_SESSION_UPDATE, /* id, body; -> 200 the session */
	TRAINING_SESSION_DELETE, /* id; -> 200 {"deleted": id} */
	TRAINING_ATTENDANCE,     /* id (session), body; -> 200 {"items": roll} */
	TRAINING_PLAN_PUT,       /* id (venue), year, body; -> 200 the plan row */
};

/* Runs one change. Returns 0 with rs filled, or -1 with rs->err set. */
int api_training_write(struct request *rq, struct response *rs, enum training_change change,
                       int64_t id, int year);

/* The {id} path argument `index` as a session id (404 session_not_found otherwise). */
int api_training_session_arg(struct request *rq, int index, int64_t *id, struct bm_error *err);

/* ?year= (default: the current year in China), 2000..2100; 400 invalid_query otherwise. */
int api_training_year(struct request *rq, int *year, struct bm_error *err);

#endif
