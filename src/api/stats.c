/*
** stats.c — statistics (issue 8), read from the maintained counters (domain/stats.h):
**   GET /api/v1/stats/series?from&to&by=month|week|day&level=town|village&org
**   GET /api/v1/stats/summary?from&to&org
**   GET /api/v1/stats/records?measure&org&from&to&limit&offset    the records behind a figure
** County supervisors and admins see everything, venue managers their subtree, others 403.
** org defaults to the caller's org; to to today; from to the first day of to's year.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/date.h"
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

/* The checked org and range of a statistics request. */
struct stats_args {
	const char *org;
	const char *from, *to;
	char from_buf[DATE_TEXT_SIZE], to_buf[DATE_TEXT_SIZE];
};

static int stats_args(struct request *rq, struct stats_args *a, struct bm_error *err)
{
	if (auth_require(rq->user, ACT_STATS_READ, err) < 0)
		return -1;
	a->org = request_query(rq, "org");
	if (!a->org || !*a->org)
		a->org = rq->user->org_code;
	if (auth_require_scope(rq->db, rq->user, a->org, err) < 0)
		return bm_error_field(err, "org");
	int today = date_of_epoch(clock_now()), y, m, d;
	date_format(today, a->to_buf);
	a->to = request_query(rq, "to");
	if (!a->to || !*a->to)
		a->to = a->to_buf;
	int to_day;
	date_to_ymd(date_parse(a->to, &to_day) == 0 ? to_day : today, &y, &m, &d);
	date_format(date_from_ymd(y, 1, 1), a->from_buf);
	a->from = request_query(rq, "from");
	if (!a->from || !*a->from)
		a->from = a->from_buf;
	return 0;
}

int api_stats_records(struct request *rq, struct response *rs)
{
	struct stats_args a;
	int64_t limit, offset;
	long total;
	json_t *items;
	if (stats_args(rq, &a, &rs->err) < 0 || request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    stats_records(rq->db, request_query(rq, "measure"), a.org, a.from, a.to, (long)limit,
	                  (long)offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

static const char *const bucket_names[] = {"day", "week", "month"};

int api_stats_series(struct request *rq, struct response *rs)
{
	struct stats_args a;
	json_t *out;
	if (stats_args(rq, &a, &rs->err) < 0)
		return -1;
	const char *by = request_query(rq, "by"), *level = request_query(rq, "level");
	int bucket = -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(by && *by ? by : "month", bucket_names[i]) == 0)
			bucket = i;
	if (bucket < 0) {
		bm_error_set(&rs->err, 400, "invalid_query", "查询参数 by 应为 month、week 或 day");
		return bm_error_field(&rs->err, "by");
	}
	if (stats_series(rq->db, a.org, a.from, a.to, (enum stats_bucket)bucket,
	                 level && *level ? level : NULL, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_stats_summary(struct request *rq, struct response *rs)
{
	struct stats_args a;
	json_t *out;
	if (stats_args(rq, &a, &rs->err) < 0 ||
	    stats_summary(rq->db, a.org, a.from, a.to, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}
