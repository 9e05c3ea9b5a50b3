/*
** window_calls.c — calling the next number at a window.
**   POST /api/v1/windows/{id}/call-next   staff at the window's venue → {"ticket": … | null}
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/queue.h"

struct call_ctx {
	struct request *rq;
	int64_t window_id;
	json_t *ticket;
};

static int call_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct call_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	int64_t venue_id;
	int found = queue_window_venue(db, ctx->window_id, &venue_id, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "window_not_found", "窗口不存在");
	if (api_require_venue_scope(ctx->rq, venue_id, err) < 0)
		return -1;
	return queue_call_next(db, ctx->window_id, &actor, clock_now(), &ctx->ticket, err);
}

int api_window_call_next(struct request *rq, struct response *rs)
{
	struct call_ctx ctx = {.rq = rq};
	if (auth_require(rq->user, ACT_QUEUE_OPERATE, &rs->err) < 0 ||
	    api_path_id(rq, 0, "window_not_found", "窗口不存在", &ctx.window_id, &rs->err) < 0 ||
	    db_transaction(rq->db, call_txn, &ctx, &rs->err) < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:o}", "ticket", ctx.ticket));
	return 0;
}
