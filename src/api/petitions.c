/*
** petitions.c — petitions and disputes (信访调处, domain/petition.h).
**   GET  /api/v1/petitions?view=all|open|overdue|mine&status=&org=   summaries in scope
**   POST /api/v1/petitions                    register → 201 the petition
**   GET  /api/v1/petitions/{no}               the whole petition and its timeline (audited read)
**   POST /api/v1/petitions/{no}/{action}      accept, decline, assign, mediate, transfer, reply,
**                                             close → 200 the petition
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/petition.h"
#include "domain/workcal.h"
#include "http/notify_worker.h"

#include <string.h>

int api_petitions_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct petition_filter f = {rq->user->org_path, request_query(rq, "view"),
				    request_query(rq, "status"), request_query(rq, "org"),
				    rq->user->user_id};
	if (auth_require(rq->user, ACT_PETITION_REGISTER, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    petition_list(rq->db, &f, clock_now(), limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

struct petition_ctx {
	struct request *rq;
	const char *no;
	char new_no[32];
	enum petition_action action;
	json_t *body;
	const struct calendar *cal; /* may be NULL: limits end on plain calendar dates */
	json_t *result;
};

static int read_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct petition_ctx *ctx = vctx;
	return petition_read(db, ctx->no, ctx->rq->user, clock_now(), &ctx->result, err);
}

/* Reads the petition (an audited read, so in a transaction) into rs. */
static int render_petition(struct request *rq, struct response *rs, const char *no, int status)
{
	struct petition_ctx ctx = {.rq = rq, .no = no};
	if (db_transaction(rq->db, read_txn, &ctx, &rs->err) < 0)
		return -1;
	response_json(rs, status, ctx.result);
	return 0;
}

int api_petition_get(struct request *rq, struct response *rs)
{
	if (auth_require(rq->user, ACT_PETITION_REGISTER, &rs->err) < 0)
		return -1;
	return render_petition(rq, rs, rq->args[0], 200);
}

static int register_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct petition_ctx *ctx = vctx;
	return petition_register(db, ctx->body, ctx->rq->user, ctx->cal, clock_now(), ctx->new_no,
				 err);
}

static int action_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct petition_ctx *ctx = vctx;
	return petition_act(db, ctx->no, ctx->action, ctx->body, ctx->rq->user, ctx->cal,
			    clock_now(), err);
}

/* Runs txn on the JSON body with the working-day calendar at hand (when one is loaded), wakes
 * the delivery worker for any message queued, and answers the petition. */
static int write_and_render(struct request *rq, struct response *rs, struct petition_ctx *ctx,
			    db_txn_fn txn, int status)
{
	void *handle = NULL;
	struct bm_error no_calendar = {0};
	if (request_json_object(rq, &ctx->body, &rs->err) < 0)
		return -1;
	ctx->cal = workcal_acquire(rq->db, &handle, &no_calendar);
	int rc = db_transaction(rq->db, txn, ctx, &rs->err);
	if (ctx->cal)
		workcal_release(handle);
	json_decref(ctx->body);
	if (rc < 0)
		return -1;
	notify_worker_wake();
	return render_petition(rq, rs, ctx->no ? ctx->no : ctx->new_no, status);
}

int api_petition_create(struct request *rq, struct response *rs)
{
	struct petition_ctx ctx = {.rq = rq};
	if (auth_require(rq->user, ACT_PETITION_REGISTER, &rs->err) < 0)
		return -1;
	return write_and_render(rq, rs, &ctx, register_txn, 201);
}

int api_petition_action(struct request *rq, struct response *rs)
{
	struct petition_ctx ctx = {.rq = rq, .no = rq->args[0]};
	if (petition_action_parse(rq->args[1], &ctx.action) < 0)
		return bm_error_set(&rs->err, 404, "not_found", "请求的地址不存在");
	if (auth_require(rq->user, petition_action_permission(ctx.action), &rs->err) < 0)
		return -1;
	return write_and_render(rq, rs, &ctx, action_txn, 200);
}
