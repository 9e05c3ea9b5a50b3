/*
** queue_scope.h — what the queue's handlers (tickets.c, window_calls.c, queue.c,
** queue_events.c) share: numeric path arguments and the venue scope check.
*/
#ifndef BM_API_QUEUE_SCOPE_H
#define BM_API_QUEUE_SCOPE_H

#include "http/request.h"

/* rq->args[idx] as a positive id; otherwise 404 with `code` and `message`. */
int queue_arg_id(struct request *rq, int idx, const char *code, const char *message, int64_t *out,
		 struct bm_error *err);

/* 404 venue_not_found, or 403 out_of_scope unless the venue lies in the caller's subtree. */
int queue_require_venue_scope(struct request *rq, int64_t venue_id, struct bm_error *err);

#endif
