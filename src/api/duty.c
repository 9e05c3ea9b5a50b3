/*
** duty.c — who is on duty, the AB reports, gap alerts and the duty history; domain/duty.h.
**   GET /api/v1/venues/{id}/duty                        staff in scope: the board at "now"
**   GET /api/v1/venues/{id}/duty/history?from=&to=       staff in scope (default: today)
**   GET /api/v1/duty/gaps?org=CODE                      manager, supervisor, admin: live gaps
**                                                       (窗口断档) under the org (default: own)
**   GET /api/v1/duty/settings                           {max_posts_per_person}
**   PUT /api/v1/duty/settings {max_posts_per_person}    supervisor, admin
** The reads bring the duty history up to date first, so they run in a transaction.
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/duty.h"
#include "domain/org.h"
#include "domain/settings.h"
#include "http/input.h"

#include <stdio.h>

struct duty_ctx {
	struct request *rq;
	int64_t venue_id;
	const char *from, *to;
	char scope_path[256];
	json_t *result;
};

static int board_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct duty_ctx *c = vctx;
	return duty_board(db, c->venue_id, clock_now(), &c->result, err);
}

static int history_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct duty_ctx *c = vctx;
	return duty_history(db, c->venue_id, c->from, c->to, clock_now(), &c->result, err);
}

static int gaps_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct duty_ctx *c = vctx;
	return duty_gaps(db, c->scope_path, clock_now(), &c->result, err);
}

/* Authorises a venue read and runs fn in a transaction; renders its result. */
static int venue_read(struct request *rq, struct response *rs, struct duty_ctx *c, db_txn_fn fn)
{
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    api_venue_arg(rq, &c->venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, c->venue_id, &rs->err) < 0 ||
	    db_transaction(rq->db, fn, c, &rs->err) < 0)
		return -1;
	response_json(rs, 200, c->result);
	return 0;
}

int api_venue_duty(struct request *rq, struct response *rs)
{
	struct duty_ctx c = {.rq = rq};
	return venue_read(rq, rs, &c, board_txn);
}

int api_venue_duty_history(struct request *rq, struct response *rs)
{
	char today[DATE_TEXT_SIZE];
	date_format(date_of_epoch(clock_now()), today);
	const char *from = request_query(rq, "from"), *to = request_query(rq, "to");
	struct duty_ctx c = {.rq = rq, .from = from ? from : today, .to = to ? to : today};
	return venue_read(rq, rs, &c, history_txn);
}

int api_duty_gaps(struct request *rq, struct response *rs)
{
	struct duty_ctx c = {.rq = rq};
	const char *code = request_query(rq, "org");
	struct org org;
	if (auth_require(rq->user, ACT_DUTY_ALERTS, &rs->err) < 0)
		return -1;
	snprintf(c.scope_path, sizeof c.scope_path, "%s", rq->user->org_path);
	if (code) {
		if (auth_require_scope(rq->db, rq->user, code, &rs->err) < 0 ||
		    org_get(rq->db, code, &org, &rs->err) < 0)
			return -1;
		snprintf(c.scope_path, sizeof c.scope_path, "%s", org.path);
	}
	if (db_transaction(rq->db, gaps_txn, &c, &rs->err) < 0)
		return -1;
	int64_t total = (int64_t)json_array_size(c.result);
	response_list(rs, c.result, total);
	return 0;
}

int api_duty_settings_get(struct request *rq, struct response *rs)
{
	int64_t max;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    duty_max_posts(rq->db, &max, &rs->err) < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:I}", "max_posts_per_person", (json_int_t)max));
	return 0;
}

struct settings_ctx {
	struct request *rq;
	int64_t max;
};

static int settings_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct settings_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	int64_t before;
	char text[24];
	if (duty_max_posts(db, &before, err) < 0)
		return -1;
	snprintf(text, sizeof text, "%lld", (long long)c->max);
	json_t *b = json_pack("{s:I}", "max_posts_per_person", (json_int_t)before);
	json_t *a = json_pack("{s:I}", "max_posts_per_person", (json_int_t)c->max);
	int rc = settings_set(db, "max_posts_per_person", text, err) < 0 ||
				 audit_append(db, &actor, clock_now(), "settings.update", "settings",
					      "max_posts_per_person", b, a, err) < 0
			 ? -1
			 : 0;
	json_decref(a);
	json_decref(b);
	return rc;
}

int api_duty_settings_put(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"max_posts_per_person", NULL};
	struct settings_ctx c = {.rq = rq};
	json_t *body;
	if (auth_require(rq->user, ACT_DUTY_SETTINGS, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	if (rc == 0)
		rc = input_int(body, "max_posts_per_person", "每人最多岗位数", true, 1, 20, &c.max,
			       NULL, &rs->err);
	json_decref(body);
	if (rc < 0 || db_transaction(rq->db, settings_txn, &c, &rs->err) < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:I}", "max_posts_per_person", (json_int_t)c.max));
	return 0;
}
