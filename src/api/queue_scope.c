/*
** queue_scope.c — path arguments and the venue scope check of the queue's handlers.
*/
#include "api/queue_scope.h"
#include "domain/venue.h"

#include <stdlib.h>

int queue_arg_id(struct request *rq, int idx, const char *code, const char *message, int64_t *out,
		 struct bm_error *err)
{
	char *end;
	long long v = strtoll(rq->args[idx], &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 404, code, "%s", message);
	*out = v;
	return 0;
}

int queue_require_venue_scope(struct request *rq, int64_t venue_id, struct bm_error *err)
{
	json_t *venue;
	char path[256];
	int found = venue_get(rq->db, venue_id, &venue, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	json_decref(venue);
	if (!rq->user || !auth_in_scope(rq->user, path))
		return bm_error_set(err, 403, "out_of_scope", "无权操作本辖区以外场所的排队叫号");
	return 0;
}
