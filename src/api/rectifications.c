/*
** rectifications.c — rectification tasks of 差评 (domain/rectification.h).
**   GET  /api/v1/rectifications?view=all|open|overdue    tasks in scope
**   GET  /api/v1/rectifications/{id}                     one task
**   POST /api/v1/rectifications/{id}/{follow-up|rectify|citizen-view}   → 200 the task
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/rectification.h"

static const char not_found[] = "整改任务不存在";

int api_rectifications_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	if (request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    rectification_list(rq->db, rq->user, request_query(rq, "view"),
			       date_of_epoch(clock_now()), limit, offset, &items, &total,
			       &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_rectification_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *task;
	if (api_path_id(rq, 0, "rectification_not_found", not_found, &id, &rs->err) < 0 ||
	    rectification_get_json(rq->db, id, rq->user, date_of_epoch(clock_now()), &task,
				   &rs->err) < 0)
		return -1;
	response_json(rs, 200, task);
	return 0;
}

struct act_ctx {
	struct request *rq;
	int64_t id;
	enum rectification_action action;
	json_t *body;
	json_t *result;
};

static int act_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct act_ctx *ctx = vctx;
	int64_t now = clock_now();
	return rectification_act(db, ctx->id, ctx->action, ctx->body, ctx->rq->user, now, err) < 0 ||
			       rectification_get_json(db, ctx->id, ctx->rq->user, date_of_epoch(now),
						      &ctx->result, err) < 0
		   ? -1
		   : 0;
}

int api_rectification_action(struct request *rq, struct response *rs)
{
	struct act_ctx ctx = {.rq = rq};
	if (api_path_id(rq, 0, "rectification_not_found", not_found, &ctx.id, &rs->err) < 0)
		return -1;
	if (rectification_action_parse(rq->args[1], &ctx.action) < 0)
		return bm_error_set(&rs->err, 404, "not_found", "请求的地址不存在");
	if (request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, act_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	response_json(rs, 200, ctx.result);
	return 0;
}
