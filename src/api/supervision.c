/*
** supervision.c — electronic supervision (电子监察) and accountability (责任追究).
**   GET  /api/v1/supervision/alerts?org&level&kind&open&view=mine&person   scoped list
**   GET  /api/v1/supervision/alerts/{id}
**   GET  /api/v1/supervision/summary?org                                   open counts per org
**   POST /api/v1/supervision/alerts/{id}/accountability {measure, decision} county supervisor
**   GET  /api/v1/accountability?org&person&alert
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/accountability.h"
#include "domain/supervision.h"

#include <stdlib.h>
#include <string.h>

/* An optional positive integer query parameter (0 when absent). */
static int query_id(struct request *rq, const char *name, int64_t *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	char *end;
	*out = 0;
	if (!text || !*text)
		return 0;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为正整数", name);
	*out = v;
	return 0;
}

static int alert_id_arg(struct request *rq, int64_t *id, struct bm_error *err)
{
	return api_path_id(rq, 0, "alert_not_found", "监察记录不存在", id, err);
}

int api_supervision_alerts(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	const char *open = request_query(rq, "open"), *view = request_query(rq, "view");
	struct sv_filter f = {request_query(rq, "org"),
	                      request_query(rq, "level"),
	                      request_query(rq, "kind"),
	                      -1,
	                      false,
	                      0};
	if (open && strcmp(open, "1") != 0 && strcmp(open, "0") != 0)
		return bm_error_set(&rs->err, 400, "invalid_query", "查询参数 open 应为 1 或 0");
	if (view && strcmp(view, "mine") != 0 && strcmp(view, "all") != 0)
		return bm_error_set(&rs->err, 400, "invalid_query",
		                    "查询参数 view 应为 all 或 mine");
	f.open = open ? open[0] - '0' : -1;
	f.mine = view && strcmp(view, "mine") == 0;
	if (query_id(rq, "person", &f.person_id, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    supervision_alerts_list(rq->db, rq->user, &f, limit, offset, &items, &total, &rs->err) <
	        0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_supervision_alert(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *alert;
	if (alert_id_arg(rq, &id, &rs->err) < 0 ||
	    supervision_alert_get(rq->db, rq->user, id, &alert, &rs->err) < 0)
		return -1;
	response_json(rs, 200, alert);
	return 0;
}

int api_supervision_summary(struct request *rq, struct response *rs)
{
	json_t *out;
	if (supervision_summary(rq->db, rq->user, request_query(rq, "org"), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

struct record_ctx {
	struct request *rq;
	int64_t alert_id;
	json_t *body;
	json_t *record;
};

static int record_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct record_ctx *ctx = vctx;
	json_decref(ctx->record); /* a retried transaction starts over */
	ctx->record = NULL;
	return accountability_create(db, ctx->rq->user, clock_now(), ctx->alert_id, ctx->body,
	                             &ctx->record, err);
}

int api_accountability_create(struct request *rq, struct response *rs)
{
	struct record_ctx ctx = {.rq = rq};
	if (auth_require(rq->user, ACT_ACCOUNTABILITY, &rs->err) < 0 ||
	    alert_id_arg(rq, &ctx.alert_id, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, record_txn, &ctx, &rs->err);
	if (rc == 0)
		response_json(rs, 201, ctx.record);
	else
		json_decref(ctx.record);
	json_decref(ctx.body);
	return rc;
}

int api_accountability_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct accountability_filter f = {request_query(rq, "org"), 0, 0};
	if (query_id(rq, "person", &f.person_id, &rs->err) < 0 ||
	    query_id(rq, "alert", &f.alert_id, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    accountability_list(rq->db, rq->user, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}
