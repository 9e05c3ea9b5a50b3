/*
** calls.c — the telephone service (domain/call.h).
**   GET  /api/v1/calls?view=log|callbacks&venue=ID   calls / open callbacks of venues in scope
**   POST /api/v1/calls                                log a call → 201 the call
**   GET  /api/v1/calls/{id}
**   POST /api/v1/calls/{id}/callback-done {"note"}   the promised callback was made
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/call.h"

#include <stdlib.h>

static const char not_found[] = "来电记录不存在";

int api_calls_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct call_filter f = {rq->user->org_path, request_query(rq, "view"), 0};
	const char *venue = request_query(rq, "venue");
	if (auth_require(rq->user, ACT_CALL_LOG, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0)
		return -1;
	if (venue) {
		char *end;
		f.venue_id = strtoll(venue, &end, 10);
		if (!*venue || *end || f.venue_id <= 0)
			return bm_error_set(&rs->err, 400, "invalid_query", "查询参数 venue 应为场所编号");
	}
	if (call_list(rq->db, &f, rq->user, clock_now(), limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_call_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *call;
	if (auth_require(rq->user, ACT_CALL_LOG, &rs->err) < 0 ||
	    api_path_id(rq, 0, "call_not_found", not_found, &id, &rs->err) < 0 ||
	    call_get(rq->db, id, rq->user, clock_now(), &call, &rs->err) < 0)
		return -1;
	response_json(rs, 200, call);
	return 0;
}

struct call_ctx {
	struct request *rq;
	json_t *body;
	int64_t id;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct call_ctx *ctx = vctx;
	return call_log(db, ctx->body, ctx->rq->user, clock_now(), &ctx->id, err);
}

static int callback_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct call_ctx *ctx = vctx;
	return call_callback_done(db, ctx->id, ctx->body, ctx->rq->user, clock_now(), err);
}

/* Runs txn on the JSON body and answers the call as it then is. */
static int write_and_render(struct request *rq, struct response *rs, struct call_ctx *ctx,
			    db_txn_fn txn, int status)
{
	json_t *call;
	if (request_json_object(rq, &ctx->body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, txn, ctx, &rs->err);
	json_decref(ctx->body);
	if (rc < 0 || call_get(rq->db, ctx->id, rq->user, clock_now(), &call, &rs->err) < 0)
		return -1;
	response_json(rs, status, call);
	return 0;
}

int api_call_create(struct request *rq, struct response *rs)
{
	struct call_ctx ctx = {rq, NULL, 0};
	if (auth_require(rq->user, ACT_CALL_LOG, &rs->err) < 0)
		return -1;
	return write_and_render(rq, rs, &ctx, create_txn, 201);
}

int api_call_callback_done(struct request *rq, struct response *rs)
{
	struct call_ctx ctx = {rq, NULL, 0};
	if (auth_require(rq->user, ACT_CALL_LOG, &rs->err) < 0 ||
	    api_path_id(rq, 0, "call_not_found", not_found, &ctx.id, &rs->err) < 0)
		return -1;
	return write_and_render(rq, rs, &ctx, callback_txn, 200);
}
