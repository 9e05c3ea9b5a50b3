/*
** calendar.c — the official working-day calendar.
**   GET /api/v1/calendar/add?date=2025-09-30&days=1      → {"date":"2025-10-09"}
**   GET /api/v1/calendar/between?from=D1&to=D2           → {"working_days":N}
**   GET /api/v1/calendar/years                           → what the calendar covers (public)
**   POST /api/v1/calendar/days {"csv"}                   → admin: load a year's arrangement
** The arithmetic gives the same answers as `bianmin calendar add|between`, for pages that show
** deadlines; the load is `bianmin calendar load` for an administrator with a browser.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
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

/* The coverage as JSON (workcal.h), plus `extra` fields when not NULL (taken). */
static int render_coverage(struct request *rq, struct response *rs, int status, json_t *extra)
{
	struct workcal_coverage c;
	if (workcal_coverage(rq->db, date_of_epoch(clock_now()), &c, &rs->err) < 0) {
		json_decref(extra);
		return -1;
	}
	char through[DATE_TEXT_SIZE] = "";
	if (c.through)
		date_format(c.through, through);
	json_t *body = json_pack("{s:i, s:i, s:s?, s:i, s:b, s:i}", "first_year", c.first_year,
				 "last_year", c.last_year, "through", c.through ? through : NULL,
				 "days_left", c.days_left, "load_due", c.load_due, "due_within",
				 WORKCAL_LOAD_DUE_DAYS);
	if (extra)
		json_object_update(body, extra);
	json_decref(extra);
	response_json(rs, status, body);
	return 0;
}

int api_calendar_years(struct request *rq, struct response *rs)
{
	return render_coverage(rq, rs, 200, NULL);
}

/* A notice's arrangement as bianmin's CSV (date,kind,name lines), at most this long. */
#define CALENDAR_CSV_MAX 200000

static const struct jcheck_field load_fields[] = {
	{"csv", "节假日安排（CSV）", JC_TEXT, true, 1, CALENDAR_CSV_MAX, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

struct load_ctx {
	struct request *rq;
	json_t *body;
	int added;
};

static int load_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct load_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	ctx->added = workcal_import_csv(db, json_string_value(json_object_get(ctx->body, "csv")),
					&actor, clock_now(), err);
	return ctx->added < 0 ? -1 : 0;
}

int api_calendar_load(struct request *rq, struct response *rs)
{
	struct load_ctx ctx = {rq, NULL, 0};
	if (auth_require(rq->user, ACT_SYSTEM_CONFIG, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(ctx.body, load_fields, "", &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, load_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	workcal_changed(); /* committed: this server's deadlines use it from now on */
	return render_coverage(rq, rs, 201, json_pack("{s:i}", "days_added", ctx.added));
}
