/*
** notifications.c — the outbox of messages to citizens, for staff (domain/notify.h).
**   GET  /api/v1/notifications?status=pending|sent|failed   messages of orgs in scope
**   GET  /api/v1/notifications/{id}
**   POST /api/v1/notifications/{id}/retry                   send again now (fresh attempts)
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/notify.h"
#include "http/notify_worker.h"

#include <string.h>

static const char not_found[] = "消息不存在";

int api_notifications_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	const char *status = request_query(rq, "status");
	if (auth_require(rq->user, ACT_NOTIFY_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0)
		return -1;
	if (status && strcmp(status, "pending") != 0 && strcmp(status, "sent") != 0 &&
	    strcmp(status, "failed") != 0)
		return bm_error_set(&rs->err, 400, "invalid_query",
				    "查询参数 status 应为 pending、sent 或 failed");
	if (notify_list(rq->db, rq->user->org_path, status, limit, offset, &items, &total,
			&rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

/* The message, when it exists and lies in the caller's scope. */
static int load_scoped(struct request *rq, int64_t id, json_t **out, struct bm_error *err)
{
	char path[256];
	int found = notify_get(rq->db, id, out, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "notification_not_found", not_found);
	if (!auth_in_scope(rq->user, path)) {
		json_decref(*out);
		return bm_error_set(err, 403, "out_of_scope", "无权查看本辖区以外的消息");
	}
	return 0;
}

int api_notification_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *msg;
	if (auth_require(rq->user, ACT_NOTIFY_READ, &rs->err) < 0 ||
	    api_path_id(rq, 0, "notification_not_found", not_found, &id, &rs->err) < 0 ||
	    load_scoped(rq, id, &msg, &rs->err) < 0)
		return -1;
	response_json(rs, 200, msg);
	return 0;
}

struct retry_ctx {
	struct request *rq;
	int64_t id;
};

static int retry_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct retry_ctx *ctx = vctx;
	json_t *msg;
	if (load_scoped(ctx->rq, ctx->id, &msg, err) < 0)
		return -1;
	json_decref(msg);
	struct audit_actor actor = api_actor(ctx->rq);
	return notify_retry(db, ctx->id, &actor, clock_now(), err);
}

int api_notification_retry(struct request *rq, struct response *rs)
{
	struct retry_ctx ctx = {rq, 0};
	json_t *msg;
	if (auth_require(rq->user, ACT_NOTIFY_RETRY, &rs->err) < 0 ||
	    api_path_id(rq, 0, "notification_not_found", not_found, &ctx.id, &rs->err) < 0 ||
	    db_transaction(rq->db, retry_txn, &ctx, &rs->err) < 0)
		return -1;
	notify_worker_wake();
	if (load_scoped(rq, ctx.id, &msg, &rs->err) < 0)
		return -1;
	response_json(rs, 200, msg);
	return 0;
}
