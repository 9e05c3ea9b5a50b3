/*
** rating_settings.c — the periods of 好差评 (domain/rating.h).
**   GET /api/v1/settings/ratings   staff: {supplement_days (calendar), rectify_days (working)}
**   PUT /api/v1/settings/ratings   admin: the same body → 200 the settings
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/rating.h"

static int render_settings(struct request *rq, struct response *rs)
{
	struct rating_settings s;
	if (rating_settings_load(rq->db, &s, &rs->err) < 0)
		return -1;
	response_json(rs, 200,
		      json_pack("{s:i, s:i}", "supplement_days", s.supplement_days, "rectify_days",
				s.rectify_days));
	return 0;
}

int api_settings_ratings_get(struct request *rq, struct response *rs)
{
	if (auth_require(rq->user, ACT_RATING_READ, &rs->err) < 0)
		return -1;
	return render_settings(rq, rs);
}

static const struct jcheck_field settings_fields[] = {
	{"supplement_days", "追评期限（日）", JC_INT, true, 1, 365, 0, NULL, NULL},
	{"rectify_days", "整改时限（工作日）", JC_INT, true, 1, 365, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

struct settings_ctx {
	struct request *rq;
	json_t *body;
};

static int store_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct settings_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	struct rating_settings s = {
		(int)json_integer_value(json_object_get(ctx->body, "supplement_days")),
		(int)json_integer_value(json_object_get(ctx->body, "rectify_days")),
	};
	return rating_settings_store(db, &s, &actor, clock_now(), err);
}

int api_settings_ratings_put(struct request *rq, struct response *rs)
{
	struct settings_ctx ctx = {rq, NULL};
	if (auth_require(rq->user, ACT_SYSTEM_CONFIG, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(ctx.body, settings_fields, "", &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, store_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	return rc < 0 ? -1 : render_settings(rq, rs);
}
