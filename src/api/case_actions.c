/*
** case_actions.c — the moves of a case; each answers the case as it is afterwards.
**   POST /api/v1/cases/{no}/{action}     notice, accept, reject, suspend, resume, forward,
**                                        complete, deliver, terminate
**   POST /api/v1/cases/{no}/materials    {"received":[names]}
**   POST /api/v1/cases/{no}/advance      {"outcome"?}: the next process step
** One transaction each: the move, its audit entry and the answer's read commit together, and
** the commit is durable before the answer goes out.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/case_store.h"

enum case_write {
	WRITE_ACTION,
	WRITE_MATERIALS,
	WRITE_ADVANCE,
};

struct case_write_ctx {
	struct request *rq;
	enum case_write what;
	enum case_action action;
	json_t *body;
	json_t *out;
};

static int write_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct case_write_ctx *ctx = vctx;
	const struct principal *who = ctx->rq->user;
	const char *no = ctx->rq->args[0];
	int64_t now = clock_now();
	int rc;
	switch (ctx->what) {
	case WRITE_ACTION:
		rc = case_act(db, who, now, no, ctx->action, ctx->body, err);
		break;
	case WRITE_MATERIALS:
		rc = case_receive_materials(db, who, now, no, ctx->body, err);
		break;
	default:
		rc = case_advance(db, who, now, no, ctx->body, err);
		break;
	}
	return rc < 0 ? -1 : case_get_json(db, who, now, no, false, &ctx->out, err);
}

/* Runs one write with the request's body (an empty body counts as {}). */
static int run_write(struct request *rq, struct response *rs, struct case_write_ctx *ctx)
{
	ctx->rq = rq;
	if (rq->body_len == 0)
		ctx->body = json_object();
	else if (request_json_object(rq, &ctx->body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, write_txn, ctx, &rs->err);
	json_decref(ctx->body);
	if (rc < 0)
		return -1;
	response_json(rs, 200, ctx->out);
	return 0;
}

int api_case_action(struct request *rq, struct response *rs)
{
	struct case_write_ctx ctx = {.what = WRITE_ACTION};
	if (case_action_parse(rq->args[1], &ctx.action) < 0)
		return bm_error_set(&rs->err, 404, "not_found", "请求的地址不存在");
	return run_write(rq, rs, &ctx);
}

int api_case_materials(struct request *rq, struct response *rs)
{
	struct case_write_ctx ctx = {.what = WRITE_MATERIALS};
	return run_write(rq, rs, &ctx);
}

int api_case_advance(struct request *rq, struct response *rs)
{
	struct case_write_ctx ctx = {.what = WRITE_ADVANCE};
	return run_write(rq, rs, &ctx);
}
