/*
** appeals.c — appeals (申诉) against ratings (domain/rating.h).
**   POST /api/v1/ratings/{id}/appeal    window staff, venue manager: {reason_kind, reason} → 201
**   GET  /api/v1/appeals?status=        appeals in scope, pending first
**   POST /api/v1/appeals/{id}/decide    county supervisor: {decision, reason} → 200 the appeal
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/rating.h"

static const char not_found[] = "申诉不存在";

struct appeal_ctx {
	struct request *rq;
	int64_t rating_id, appeal_id;
	json_t *body;
	json_t *result;
};

static int file_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appeal_ctx *ctx = vctx;
	return appeal_file(db, ctx->rating_id, ctx->body, ctx->rq->user, clock_now(),
			   &ctx->appeal_id, err) < 0 ||
			       appeal_get_json(db, ctx->appeal_id, ctx->rq->user, &ctx->result, err) < 0
		   ? -1
		   : 0;
}

static int decide_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appeal_ctx *ctx = vctx;
	return appeal_decide(db, ctx->appeal_id, ctx->body, ctx->rq->user, clock_now(), err) < 0 ||
			       appeal_get_json(db, ctx->appeal_id, ctx->rq->user, &ctx->result, err) < 0
		   ? -1
		   : 0;
}

/* Runs txn on the JSON body and answers the appeal. */
static int run(struct request *rq, struct response *rs, struct appeal_ctx *ctx, db_txn_fn txn,
	       int status)
{
	if (request_json_object(rq, &ctx->body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, txn, ctx, &rs->err);
	json_decref(ctx->body);
	if (rc < 0)
		return -1;
	response_json(rs, status, ctx->result);
	return 0;
}

int api_rating_appeal(struct request *rq, struct response *rs)
{
	struct appeal_ctx ctx = {.rq = rq};
	if (api_path_id(rq, 0, "rating_not_found", "评价不存在", &ctx.rating_id, &rs->err) < 0)
		return -1;
	return run(rq, rs, &ctx, file_txn, 201);
}

int api_appeal_decide(struct request *rq, struct response *rs)
{
	struct appeal_ctx ctx = {.rq = rq};
	if (api_path_id(rq, 0, "appeal_not_found", not_found, &ctx.appeal_id, &rs->err) < 0)
		return -1;
	return run(rq, rs, &ctx, decide_txn, 200);
}

int api_appeals_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	if (auth_require(rq->user, ACT_RATING_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    appeal_list(rq->db, rq->user, request_query(rq, "status"), limit, offset, &items,
			&total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}
