/*
** claims.c — a venue's items and its claims (认领).
**   GET    /api/v1/venues/{id}/items                public: the items this venue handles
**   POST   /api/v1/venues/{id}/claims {"item_code"} venue manager (own scope), supervisor
**   DELETE /api/v1/venues/{id}/claims/{code}
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/claim.h"
#include "domain/venue.h"
#include "http/input.h"

#include <stdlib.h>

static int venue_id_arg(struct request *rq, int64_t *id, struct bm_error *err)
{
	char *end;
	long long v = strtoll(rq->args[0], &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	*id = v;
	return 0;
}

int api_venue_items(struct request *rq, struct response *rs)
{
	struct catalog_query q = {0};
	int64_t limit, offset, total;
	json_t *venue;
	char path[256];
	if (venue_id_arg(rq, &q.venue_id, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0)
		return -1;
	int found = venue_get(rq->db, q.venue_id, &venue, path, &rs->err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(&rs->err, 404, "venue_not_found", "服务场所不存在");
	json_decref(venue);
	struct buf items = BUF_INIT;
	int rc = catalog_search(rq->db, &q, limit, offset, &items, &total, &rs->err);
	if (rc == 0)
		response_list_text(rs, buf_cstr(&items), total);
	buf_free(&items);
	return rc;
}

struct claim_ctx {
	struct request *rq;
	int64_t venue_id;
	const char *item_code;
	bool add;
	int created;
};

/* Scope: the venue must lie in the caller's subtree (a town manages its own and its villages'
 * claims; the county all). */
static int require_venue_scope(struct request *rq, int64_t id, struct bm_error *err)
{
	json_t *venue;
	char path[256];
	int found = venue_get(rq->db, id, &venue, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	json_decref(venue);
	if (!auth_in_scope(rq->user, path))
		return bm_error_set(err, 403, "out_of_scope", "无权管理本辖区以外场所的事项认领");
	return 0;
}

static int claim_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct claim_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	if (require_venue_scope(ctx->rq, ctx->venue_id, err) < 0)
		return -1;
	if (ctx->add)
		return claim_add(db, ctx->venue_id, ctx->item_code, &actor, clock_now(), &ctx->created,
				 err);
	return claim_remove(db, ctx->venue_id, ctx->item_code, &actor, clock_now(), err);
}

int api_claim_add(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"item_code", NULL};
	struct claim_ctx ctx = {.rq = rq, .add = true};
	json_t *body;
	if (auth_require(rq->user, ACT_CLAIM_WRITE, &rs->err) < 0 ||
	    venue_id_arg(rq, &ctx.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	if (rc == 0)
		rc = input_string(body, "item_code", "事项编码", true, 40, &ctx.item_code, &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, claim_txn, &ctx, &rs->err);
	if (rc == 0)
		response_json(rs, ctx.created ? 201 : 200,
			      json_pack("{s:I, s:s, s:b}", "venue_id", (json_int_t)ctx.venue_id,
					"item_code", ctx.item_code, "created", ctx.created));
	json_decref(body);
	return rc;
}

int api_claim_remove(struct request *rq, struct response *rs)
{
	struct claim_ctx ctx = {.rq = rq, .add = false, .item_code = rq->args[1]};
	if (auth_require(rq->user, ACT_CLAIM_WRITE, &rs->err) < 0 ||
	    venue_id_arg(rq, &ctx.venue_id, &rs->err) < 0 ||
	    db_transaction(rq->db, claim_txn, &ctx, &rs->err) < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:b}", "removed", 1));
	return 0;
}
