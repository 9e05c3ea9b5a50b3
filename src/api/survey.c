/*
** survey.c — the county survey report (domain/survey.h).
**   GET /api/v1/reports/survey      county supervisor, admin
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "domain/survey.h"

int api_survey_report(struct request *rq, struct response *rs)
{
	json_t *out;
	if (auth_require(rq->user, ACT_SURVEY_REPORT, &rs->err) < 0 ||
	    survey_report_json(rq->db, &out, &rs->err) < 0)
		return -1;
	json_object_set_new(out, "generated_at", json_integer(clock_now()));
	response_json(rs, 200, out);
	return 0;
}
