/*
** training_coverage.c — who has been trained: coverage and the training figures.
**   GET /api/v1/training/coverage?year&org      staff not trained in the year, per venue
**   GET /api/v1/training/summary?org&from&to    training_org_summary() of a subtree in scope
*/
#include "api/handlers.h"
#include "api/training_write.h"
#include "domain/training.h"

int api_training_coverage(struct request *rq, struct response *rs)
{
	int year;
	json_t *out;
	if (api_training_year(rq, &year, &rs->err) < 0 ||
	    training_coverage(rq->db, rq->user, request_query(rq, "org"), year, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_training_summary(struct request *rq, struct response *rs)
{
	struct training_summary s;
	const char *org = request_query(rq, "org");
	if (!org || !*org)
		org = rq->user->org_code;
	if (auth_require(rq->user, ACT_TRAINING_READ, &rs->err) < 0 ||
	    auth_require_scope(rq->db, rq->user, org, &rs->err) < 0 ||
	    training_org_summary(rq->db, org, request_query(rq, "from"), request_query(rq, "to"),
	                         &s, &rs->err) < 0)
		return -1;
	response_json(rs, 200,
	              json_pack("{s:s, s:s, s:s, s:I, s:f, s:I, s:I, s:f}", "org_code", org, "from",
	                        request_query(rq, "from"), "to", request_query(rq, "to"),
	                        "sessions", (json_int_t)s.sessions, "hours", s.hours, "staff",
	                        (json_int_t)s.staff, "staff_trained", (json_int_t)s.staff_trained,
	                        "hours_per_staff", s.hours_per_staff));
	return 0;
}
