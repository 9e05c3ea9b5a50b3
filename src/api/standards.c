/*
** standards.c — venue standardisation (标准化, domain/standard.h).
**   GET /api/v1/standard/checklists/{level}      the checklist of town halls or village rooms
**   PUT /api/v1/standard/checklists/{level}      {"criteria": [...]}, the county
**   GET /api/v1/standard/scores?level&town&pilot=1&limit&offset   covered venues in scope
**   GET /api/v1/standard/gaps                    gap counts per criterion in scope
**   GET /api/v1/venues/{id}/standard             one venue's score and gaps
**   PUT /api/v1/venues/{id}/pilot {"pilot": bool} mark a 标准化试点, the county
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/standard.h"
#include "http/input.h"

#include <string.h>

int api_standard_checklist_get(struct request *rq, struct response *rs)
{
	json_t *doc;
	if (auth_require(rq->user, ACT_STANDARD_READ, &rs->err) < 0 ||
	    standard_checklist_get(rq->db, rq->args[0], &doc, &rs->err) < 0)
		return -1;
	response_json(rs, 200, doc);
	return 0;
}

struct checklist_ctx {
	struct request *rq;
	json_t *body;
	json_t *out;
};

static int checklist_put_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct checklist_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return standard_checklist_put(db, ctx->rq->args[0], ctx->body, &actor, clock_now(),
	                              &ctx->out, err);
}

int api_standard_checklist_put(struct request *rq, struct response *rs)
{
	struct checklist_ctx ctx = {.rq = rq};
	if (auth_require(rq->user, ACT_STANDARD_WRITE, &rs->err) < 0 ||
	    standard_level_check(rq->args[0], &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, checklist_put_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc == 0)
		response_json(rs, 200, ctx.out);
	return rc;
}

/* The optional level query argument: town or village. */
static int query_level(struct request *rq, const char **level, struct bm_error *err)
{
	*level = request_query(rq, "level");
	if (*level && !**level)
		*level = NULL;
	if (*level && strcmp(*level, "town") != 0 && strcmp(*level, "village") != 0)
		return bm_error_set(err, 400, "invalid_query",
		                    "查询参数 level 应为 town 或 village");
	return 0;
}

int api_standard_scores(struct request *rq, struct response *rs)
{
	struct standard_filter f = {.scope_path = rq->user->org_path};
	const char *pilot = request_query(rq, "pilot");
	int64_t limit, offset, total;
	json_t *items;
	f.town = request_query(rq, "town");
	if (f.town && !*f.town)
		f.town = NULL;
	f.pilot_only = pilot && strcmp(pilot, "1") == 0;
	if (auth_require(rq->user, ACT_STANDARD_READ, &rs->err) < 0 ||
	    query_level(rq, &f.level, &rs->err) < 0 ||
	    (f.town && auth_require_scope(rq->db, rq->user, f.town, &rs->err) < 0) ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    standard_scores_list(rq->db, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_standard_gaps(struct request *rq, struct response *rs)
{
	json_t *out;
	if (auth_require(rq->user, ACT_STANDARD_READ, &rs->err) < 0 ||
	    standard_gap_counts(rq->db, rq->user->org_path, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

static int venue_id_arg(struct request *rq, int64_t *id, struct bm_error *err)
{
	return api_path_id(rq, 0, "venue_not_found", "服务场所不存在", id, err);
}

int api_venue_standard(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *out = NULL;
	char path[256];
	if (auth_require(rq->user, ACT_STANDARD_READ, &rs->err) < 0 ||
	    venue_id_arg(rq, &id, &rs->err) < 0)
		return -1;
	int found = standard_venue_score(rq->db, id, &out, path, &rs->err);
	if (found <= 0)
		return found < 0 ? -1
		                 : bm_error_set(&rs->err, 404, "venue_not_found",
		                                "服务场所不存在或不在标准化范围内");
	if (!auth_in_scope(rq->user, path)) {
		json_decref(out);
		return bm_error_set(&rs->err, 403, "out_of_scope", "无权查看本辖区以外的场所");
	}
	response_json(rs, 200, out);
	return 0;
}

struct pilot_ctx {
	struct request *rq;
	int64_t venue_id;
	bool pilot;
};

static int pilot_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct pilot_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return standard_pilot_set(db, ctx->venue_id, ctx->pilot, &actor, clock_now(), err);
}

int api_venue_pilot(struct request *rq, struct response *rs)
{
	static const struct jcheck_field fields[] = {
	    {"pilot", "标准化试点", JC_BOOL, true, 0, 0, 0, NULL, NULL},
	    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
	};
	struct pilot_ctx ctx = {.rq = rq};
	json_t *body;
	if (auth_require(rq->user, ACT_STANDARD_WRITE, &rs->err) < 0 ||
	    venue_id_arg(rq, &ctx.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(body, fields, "", &rs->err);
	ctx.pilot = json_is_true(json_object_get(body, "pilot"));
	json_decref(body);
	if (rc == 0)
		rc = db_transaction(rq->db, pilot_txn, &ctx, &rs->err);
	if (rc == 0)
		response_json(rs, 200,
		              json_pack("{s:I, s:b}", "venue_id", (json_int_t)ctx.venue_id, "pilot",
		                        ctx.pilot));
	return rc;
}
