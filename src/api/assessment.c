/*
** assessment.c — 目标责任考核 (domain/assessment.h).
**   GET /api/v1/assessment?period=2026-10|2026-Q3|2026&level=town|village&org=CODE
**       venue_manager (own subtree), county_supervisor, admin: values, scores, ranks, marks.
**       org defaults to the caller's org; level to town for the county, village otherwise.
**   GET /api/v1/assessment/models/{kind}   the scoring model of month|quarter|year
**   PUT /api/v1/assessment/models/{kind}   county_supervisor, admin: a new version → 200 model
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/assessment.h"

#include <string.h>

/* Reads ?period= into *p (400 "invalid_query" when missing or malformed). */
static int query_period(struct request *rq, struct as_period *p, struct bm_error *err)
{
	if (as_period_parse(request_query(rq, "period"), p) < 0)
		return bm_error_set(err, 400, "invalid_query",
				    "考核期间（period）应为 2026-10、2026-Q3 或 2026 这样的形式");
	return 0;
}

int api_assessment_get(struct request *rq, struct response *rs)
{
	struct as_period period;
	const char *org = request_query(rq, "org");
	if (!org)
		org = rq->user->org_code;
	const char *level = request_query(rq, "level");
	if (!level)
		level = strlen(org) == 6 ? "town" : "village"; /* a county code has 6 digits */
	json_t *out;
	if (auth_require(rq->user, ACT_ASSESSMENT_READ, &rs->err) < 0 ||
	    query_period(rq, &period, &rs->err) < 0 ||
	    auth_require_scope(rq->db, rq->user, org, &rs->err) < 0 ||
	    assessment_run(rq->db, &period, level, org, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

static int path_kind(struct request *rq, enum as_period_kind *kind, struct bm_error *err)
{
	if (as_kind_parse(rq->args[0], kind) < 0)
		return bm_error_set(err, 404, "model_not_found",
				    "没有这种考核周期（应为 month、quarter 或 year）");
	return 0;
}

static int render_model(struct request *rq, struct response *rs, enum as_period_kind kind)
{
	json_t *out;
	if (assessment_model_json(rq->db, kind, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_assessment_model_get(struct request *rq, struct response *rs)
{
	enum as_period_kind kind;
	if (auth_require(rq->user, ACT_ASSESSMENT_READ, &rs->err) < 0 ||
	    path_kind(rq, &kind, &rs->err) < 0)
		return -1;
	return render_model(rq, rs, kind);
}

struct model_ctx {
	struct request *rq;
	enum as_period_kind kind;
	json_t *body;
};

static int store_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct model_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return assessment_model_store(db, ctx->kind, ctx->body, &actor, clock_now(), err);
}

int api_assessment_model_put(struct request *rq, struct response *rs)
{
	struct model_ctx ctx = {rq, AS_MONTH, NULL};
	if (auth_require(rq->user, ACT_ASSESSMENT_CONFIG, &rs->err) < 0 ||
	    path_kind(rq, &ctx.kind, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, store_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	return rc < 0 ? -1 : render_model(rq, rs, ctx.kind);
}
