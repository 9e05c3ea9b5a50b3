/*
** training_plans.c — yearly training plans per venue and their fulfilment.
**   GET /api/v1/training/plans?year&org             plan versus held, per venue
**   PUT /api/v1/training/plans/{venue_id}/{year}    {planned_sessions, planned_hours, topics}
*/
#include "api/handlers.h"
#include "api/training_write.h"
#include "domain/training.h"

#include <stdlib.h>

int api_training_plans_list(struct request *rq, struct response *rs)
{
	int year;
	json_t *items;
	if (api_training_year(rq, &year, &rs->err) < 0 ||
	    training_plan_list(rq->db, rq->user, request_query(rq, "org"), year, &items, &rs->err) <
	        0)
		return -1;
	response_list(rs, items, (int64_t)json_array_size(items));
	return 0;
}

int api_training_plan_put(struct request *rq, struct response *rs)
{
	int64_t venue_id;
	char *end;
	const char *text = rq->args[1];
	long year = text ? strtol(text, &end, 10) : 0;
	if (api_path_id(rq, 0, "venue_not_found", "服务场所不存在", &venue_id, &rs->err) < 0)
		return -1;
	if (!text || !*text || *end)
		return bm_error_set(&rs->err, 400, "invalid_year", "年度应在 2000 至 2100 之间");
	return api_training_write(rq, rs, TRAINING_PLAN_PUT, venue_id, (int)year);
}
