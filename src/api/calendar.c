/*
** calendar.c — public working-day arithmetic on the official calendar.
**   GET /api/v1/calendar/add?date=2025-09-30&days=1      → {"date":"2025-10-09"}
**   GET /api/v1/calendar/between?from=D1&to=D2           → {"working_days":N}
** The same answers as `bianmin calendar add|between`, for pages that show deadlines.
*/
#include "api/handlers.h"
#include "core/date.h"
#include "domain/workcal.h"

#include <stdlib.h>

static int query_date(struct request *rq, const char *name, int *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	if (!text || date_parse(text, out) < 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为 YYYY-MM-DD 格式的日期",
				    name);
	return 0;
}

int api_calendar_add(struct request *rq, struct response *rs)
{
	int date, result;
	const char *days_text = request_query(rq, "days");
	char *end;
	long days = days_text ? strtol(days_text, &end, 10) : -1;
	if (query_date(rq, "date", &date, &rs->err) < 0)
		return -1;
	if (!days_text || *end || days < 0 || days > 3650)
		return bm_error_set(&rs->err, 400, "invalid_query",
				    "查询参数 days 应为 0 到 3650 之间的整数");
	void *handle;
	const struct calendar *cal = workcal_acquire(rq->db, &handle, &rs->err);
	if (!cal)
		return -1;
	int rc = calendar_add_working_days(cal, date, (int)days, &result, &rs->err);
	workcal_release(handle);
	if (rc < 0)
		return -1;
	char text[DATE_TEXT_SIZE];
	date_format(result, text);
	response_json(rs, 200, json_pack("{s:s}", "date", text));
	return 0;
}

int api_calendar_between(struct request *rq, struct response *rs)
{
	int from, to, count;
	if (query_date(rq, "from", &from, &rs->err) < 0 || query_date(rq, "to", &to, &rs->err) < 0)
		return -1;
	void *handle;
	const struct calendar *cal = workcal_acquire(rq->db, &handle, &rs->err);
	if (!cal)
		return -1;
	int rc = calendar_working_days_between(cal, from, to, &count, &rs->err);
	workcal_release(handle);
	if (rc < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:i}", "working_days", count));
	return 0;
}
