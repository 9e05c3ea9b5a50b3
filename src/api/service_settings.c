/*
** service_settings.c — operator settings of the service modes.
**   GET /api/v1/settings/notify      admin: the SMS webhook in effect (the secret is never shown)
**   PUT /api/v1/settings/notify      admin: {"webhook_url", "secret"?} — "" or null clears the
**                                    run-time webhook (the server's configured one applies again)
**   GET /api/v1/settings/petitions   staff: the petition time limits in calendar days
**   PUT /api/v1/settings/petitions   admin: {"accept_days", "reply_days"}
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/notify.h"
#include "domain/petition.h"
#include "http/notify_worker.h"

static int render_notify_config(struct request *rq, struct response *rs)
{
	struct notify_config fallback, cfg;
	notify_worker_fallback(&fallback);
	if (notify_config_load(rq->db, &fallback, &cfg, &rs->err) < 0)
		return -1;
	response_json(rs, 200,
		      json_pack("{s:s?, s:b, s:s}", "webhook_url",
				cfg.webhook_url[0] ? cfg.webhook_url : NULL, "secret_set",
				cfg.secret[0] != '\0', "source", cfg.source));
	return 0;
}

int api_settings_notify_get(struct request *rq, struct response *rs)
{
	if (auth_require(rq->user, ACT_SYSTEM_CONFIG, &rs->err) < 0)
		return -1;
	return render_notify_config(rq, rs);
}

static const struct jcheck_field notify_fields[] = {
	{"webhook_url", "短信网关地址", JC_STRING, false, 0, NOTIFY_URL_MAX, 0, NULL, NULL},
	{"secret", "签名密钥", JC_STRING, false, 0, NOTIFY_SECRET_MAX, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

struct settings_ctx {
	struct request *rq;
	json_t *body;
};

static int notify_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct settings_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return notify_config_store(db, json_string_value(json_object_get(ctx->body, "webhook_url")),
				   json_string_value(json_object_get(ctx->body, "secret")), &actor,
				   clock_now(), err);
}

int api_settings_notify_put(struct request *rq, struct response *rs)
{
	struct settings_ctx ctx = {rq, NULL};
	if (auth_require(rq->user, ACT_SYSTEM_CONFIG, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(ctx.body, notify_fields, "", &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, notify_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	notify_worker_wake(); /* messages that waited for a webhook may go now */
	return render_notify_config(rq, rs);
}

static int render_limits(struct request *rq, struct response *rs)
{
	struct petition_limits limits;
	if (petition_limits_load(rq->db, &limits, &rs->err) < 0)
		return -1;
	response_json(rs, 200,
		      json_pack("{s:i, s:i, s:s}", "accept_days", limits.accept_days, "reply_days",
				limits.reply_days, "unit", "calendar_days"));
	return 0;
}

int api_settings_petitions_get(struct request *rq, struct response *rs)
{
	if (auth_require(rq->user, ACT_PETITION_REGISTER, &rs->err) < 0)
		return -1;
	return render_limits(rq, rs);
}

static const struct jcheck_field limit_fields[] = {
	{"accept_days", "受理告知时限（日）", JC_INT, true, 1, 365, 0, NULL, NULL},
	{"reply_days", "办理答复时限（日）", JC_INT, true, 1, 365, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int limits_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct settings_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	struct petition_limits limits = {
		(int)json_integer_value(json_object_get(ctx->body, "accept_days")),
		(int)json_integer_value(json_object_get(ctx->body, "reply_days")),
	};
	return petition_limits_store(db, &limits, &actor, clock_now(), err);
}

int api_settings_petitions_put(struct request *rq, struct response *rs)
{
	struct settings_ctx ctx = {rq, NULL};
	if (auth_require(rq->user, ACT_SYSTEM_CONFIG, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(ctx.body, limit_fields, "", &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, limits_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	return rc < 0 ? -1 : render_limits(rq, rs);
}
