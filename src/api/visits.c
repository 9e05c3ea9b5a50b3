/*
** visits.c — door-to-door service (domain/visit.h); village agents, window staff and venue
** managers (ACT_CASE_WRITE) take requests and visit, everybody with ACT_CASE_READ reads.
**   GET  /api/v1/visits?status=S             in scope or assigned to the caller
**   POST /api/v1/visits                      a request → 201 the request
**   GET  /api/v1/visits/{id}
**   POST /api/v1/visits/{id}/assign {assignee_id, due_on}
**   POST /api/v1/visits/{id}/record {outcome, case_no?}
**   POST /api/v1/visits/{id}/cancel {reason}
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/visit.h"

#include <string.h>

static const char not_found[] = "上门服务申请不存在";

int api_visits_list(struct request *rq, struct response *rs)
{
	json_t *items;
	if (auth_require(rq->user, ACT_CASE_READ, &rs->err) < 0 ||
	    visit_list(rq->db, rq->user, request_query(rq, "status"), &items, &rs->err) < 0)
		return -1;
	response_list(rs, items, (int64_t)json_array_size(items));
	return 0;
}

int api_visit_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *out;
	if (auth_require(rq->user, ACT_CASE_READ, &rs->err) < 0 ||
	    api_path_id(rq, 0, "visit_not_found", not_found, &id, &rs->err) < 0 ||
	    visit_get(rq->db, id, rq->user, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

struct visit_ctx {
	struct request *rq;
	json_t *body;
	int64_t id;
	const char *action;
};

static int visit_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct visit_ctx *c = vctx;
	const struct principal *who = c->rq->user;
	int64_t now = clock_now();
	if (!c->action)
		return visit_create(db, c->body, who, now, &c->id, err);
	if (strcmp(c->action, "assign") == 0)
		return visit_assign(db, c->id, c->body, who, now, err);
	if (strcmp(c->action, "record") == 0)
		return visit_record(db, c->id, c->body, who, now, err);
	return visit_cancel(db, c->id, c->body, who, now, err);
}

/* Runs the change and answers the request as it then is. */
static int change(struct request *rq, struct response *rs, struct visit_ctx *c, int status)
{
	json_t *out;
	if (auth_require(rq->user, ACT_CASE_WRITE, &rs->err) < 0 ||
	    request_json_object(rq, &c->body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, visit_txn, c, &rs->err);
	json_decref(c->body);
	if (rc < 0 || visit_get(rq->db, c->id, rq->user, &out, &rs->err) < 0)
		return -1;
	response_json(rs, status, out);
	return 0;
}

int api_visit_create(struct request *rq, struct response *rs)
{
	struct visit_ctx c = {.rq = rq};
	return change(rq, rs, &c, 201);
}

int api_visit_action(struct request *rq, struct response *rs)
{
	struct visit_ctx c = {.rq = rq, .action = rq->args[1]};
	static const char *const actions[] = {"assign", "record", "cancel", NULL};
	bool known = false;
	for (int i = 0; actions[i]; i++)
		known = known || strcmp(actions[i], c.action) == 0;
	if (!known)
		return bm_error_set(&rs->err, 404, "not_found", "接口不存在");
	if (api_path_id(rq, 0, "visit_not_found", not_found, &c.id, &rs->err) < 0)
		return -1;
	return change(rq, rs, &c, 200);
}
