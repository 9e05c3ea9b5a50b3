/*
** queue.c — a venue's queue as a whole.
**   GET /api/v1/venues/{id}/queue              public: groups with waiting counts, windows,
**                                              current and recent calls (the hall display)
**   GET /api/v1/venues/{id}/queue/stats?date=  staff in scope: one day's statistics
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/queue.h"

int api_queue_state(struct request *rq, struct response *rs)
{
	int64_t venue_id;
	json_t *out;
	if (api_path_id(rq, 0, "venue_not_found", "服务场所不存在", &venue_id, &rs->err) < 0 ||
	    queue_venue_state(rq->db, venue_id, clock_now(), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_queue_stats(struct request *rq, struct response *rs)
{
	int64_t venue_id;
	json_t *out;
	if (auth_require(rq->user, ACT_QUEUE_STATS, &rs->err) < 0 ||
	    api_path_id(rq, 0, "venue_not_found", "服务场所不存在", &venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, venue_id, &rs->err) < 0 ||
	    queue_stats(rq->db, venue_id, request_query(rq, "date"), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}
