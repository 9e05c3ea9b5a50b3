/*
** venues.c — venues in the caller's scope and their facility profiles.
**   GET   /api/v1/venues[?org=CODE][&under=CODE]   org: that org only; under: its subtree
**   GET   /api/v1/venues/{id}
**   PATCH /api/v1/venues/{id}   body: any subset of the profile fields (domain/venue.h)
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/venue.h"

#include <stdio.h>
#include <stdlib.h>

static int parse_venue_id(struct request *rq, int64_t *id, struct bm_error *err)
{
	char *end;
	long long v = strtoll(rq->args[0], &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	*id = v;
	return 0;
}

/* The subtree to list: ?under=CODE (an org in the caller's scope and everything below it), or
 * the caller's whole scope. */
static int list_root_path(struct request *rq, char path[256], struct bm_error *err)
{
	const char *under = request_query(rq, "under");
	struct org org;
	snprintf(path, 256, "%s", rq->user->org_path);
	if (!under)
		return 0;
	if (auth_require_scope(rq->db, rq->user, under, err) < 0 ||
	    org_get(rq->db, under, &org, err) < 0)
		return -1;
	snprintf(path, 256, "%s", org.path);
	return 0;
}

int api_venues_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	char root[256];
	const char *org = request_query(rq, "org");
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    list_root_path(rq, root, &rs->err) < 0)
		return -1;
	if (org && auth_require_scope(rq->db, rq->user, org, &rs->err) < 0)
		return -1;
	if (venue_list(rq->db, root, org, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

/* Loads the venue and checks it is inside the caller's scope. */
static int load_scoped_venue(struct request *rq, int64_t id, json_t **venue, struct bm_error *err)
{
	char path[256];
	int found = venue_get(rq->db, id, venue, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	if (!auth_in_scope(rq->user, path)) {
		json_decref(*venue);
		return bm_error_set(err, 403, "out_of_scope", "无权访问本辖区以外的数据");
	}
	return 0;
}

int api_venue_get(struct request *rq, struct response *rs)
{
	int64_t id = 0;
	json_t *venue;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    parse_venue_id(rq, &id, &rs->err) < 0 || load_scoped_venue(rq, id, &venue, &rs->err) < 0)
		return -1;
	response_json(rs, 200, venue);
	return 0;
}

struct venue_patch_ctx {
	struct request *rq;
	int64_t id;
	json_t *patch;
};

static int venue_patch_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct venue_patch_ctx *ctx = vctx;
	json_t *venue;
	if (load_scoped_venue(ctx->rq, ctx->id, &venue, err) < 0)
		return -1;
	json_decref(venue);
	struct audit_actor actor = api_actor(ctx->rq);
	return venue_update(db, ctx->id, ctx->patch, &actor, clock_now(), err);
}

int api_venue_patch(struct request *rq, struct response *rs)
{
	struct venue_patch_ctx ctx = {rq, 0, NULL};
	json_t *venue;
	if (auth_require(rq->user, ACT_VENUE_WRITE, &rs->err) < 0 ||
	    parse_venue_id(rq, &ctx.id, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.patch, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, venue_patch_txn, &ctx, &rs->err);
	json_decref(ctx.patch);
	if (rc < 0 || load_scoped_venue(rq, ctx.id, &venue, &rs->err) < 0)
		return -1;
	response_json(rs, 200, venue);
	return 0;
}
