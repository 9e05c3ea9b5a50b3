/*
** test_clock.c — POST /api/v1/test/clock {"now":"2025-09-26T09:00:00+08:00"}.
**
** Routed only when the server runs with --test-clock (otherwise the path is 404): tests and
** demos move the server's "now" to watch deadlines pass. The 容缺 expiry sweep, the full
** supervision pass and the monthly bulletin schedule run right after the clock moves, so a
** test sees their effect in the very next request.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "domain/bulletin.h"
#include "domain/case_store.h"
#include "domain/supervision.h"
#include "http/input.h"
#include "http/notify_worker.h"

int api_test_clock_set(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"now", NULL};
	json_t *body;
	const char *now_text;
	int64_t now;
	if (request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	if (rc == 0)
		rc = input_string(body, "now", "时间", true, 40, &now_text, &rs->err);
	if (rc == 0 && clock_parse_rfc3339(now_text, &now) < 0)
		rc = bm_error_set(&rs->err, 400, "invalid_field",
				  "时间（now）应为 RFC 3339 格式，如 2025-09-26T09:00:00+08:00");
	json_decref(body);
	if (rc < 0 || clock_set(now) < 0)
		return -1;
	/* Deadlines may have passed: the 容缺 sweep runs now rather than within the minute. */
	if (case_sweep_deferred(rq->db, clock_now(), &rs->err) < 0 ||
	    supervision_run(rq->db, clock_now(), NULL, &rs->err) < 0 ||
	    bulletin_schedule_tick(rq->db, clock_now(), &rs->err) < 0)
		return -1;
	notify_worker_wake(); /* retries may have come due */
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(clock_now(), text);
	response_json(rs, 200, json_pack("{s:s}", "now", text));
	return 0;
}
