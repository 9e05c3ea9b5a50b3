/*
** venue_resource.c — list, read, create and patch of a venue's groups and windows (see
** venue_resource.h).
*/
#include "api/venue_resource.h"
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/venue.h"

#include <stdlib.h>

int api_path_id(const char *text, const char *code, const char *message, int64_t *id,
		struct bm_error *err)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 404, code, "%s", message);
	*id = v;
	return 0;
}

int api_venue_arg(struct request *rq, int64_t *venue_id, struct bm_error *err)
{
	return api_path_id(rq->args[0], "venue_not_found", "服务场所不存在", venue_id, err);
}

int api_require_venue_scope(struct request *rq, int64_t venue_id, struct bm_error *err)
{
	json_t *venue;
	char path[256];
	int found = venue_get(rq->db, venue_id, &venue, path, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	json_decref(venue);
	if (!auth_in_scope(rq->user, path))
		return bm_error_set(err, 403, "out_of_scope", "无权访问本辖区以外场所的窗口和岗位");
	return 0;
}

int resource_list(const struct venue_resource *r, struct request *rq, struct response *rs)
{
	int64_t venue_id = 0;
	json_t *items;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, venue_id, &rs->err) < 0 ||
	    r->list(rq->db, venue_id, &items, &rs->err) < 0)
		return -1;
	int64_t total = (int64_t)json_array_size(items);
	response_list(rs, items, total);
	return 0;
}

/* The venue of thing `id`, checked against the caller's scope. */
static int thing_in_scope(const struct venue_resource *r, struct request *rq, int64_t id,
			  struct bm_error *err)
{
	int64_t venue_id = 0;
	if (r->venue_of(rq->db, id, &venue_id, err) < 0)
		return -1;
	return api_require_venue_scope(rq, venue_id, err);
}

int resource_get(const struct venue_resource *r, struct request *rq, struct response *rs)
{
	int64_t id = 0;
	json_t *thing;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    api_path_id(rq->args[0], r->not_found, r->not_found_msg, &id, &rs->err) < 0 ||
	    thing_in_scope(r, rq, id, &rs->err) < 0 || r->get(rq->db, id, &thing, &rs->err) < 0)
		return -1;
	response_json(rs, 200, thing);
	return 0;
}

struct write_ctx {
	const struct venue_resource *r;
	struct request *rq;
	json_t *body;
	int64_t venue_id; /* create */
	int64_t id;       /* patch: the thing; create: the new thing */
	bool create;
	json_t *result;
};

static int write_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct write_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	int rc = c->create ? api_require_venue_scope(c->rq, c->venue_id, err)
			   : thing_in_scope(c->r, c->rq, c->id, err);
	if (rc == 0)
		rc = c->create ? c->r->create(db, c->venue_id, c->body, &actor, clock_now(), &c->id,
					      err)
			       : c->r->update(db, c->id, c->body, &actor, clock_now(), err);
	return rc < 0 ? -1 : c->r->get(db, c->id, &c->result, err);
}

static int run_write(struct write_ctx *c, struct response *rs, int status)
{
	if (auth_require(c->rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    request_json_object(c->rq, &c->body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(c->rq->db, write_txn, c, &rs->err);
	json_decref(c->body);
	if (rc < 0)
		return -1;
	response_json(rs, status, c->result);
	return 0;
}

int resource_create(const struct venue_resource *r, struct request *rq, struct response *rs)
{
	struct write_ctx c = {.r = r, .rq = rq, .create = true};
	if (api_venue_arg(rq, &c.venue_id, &rs->err) < 0)
		return -1;
	return run_write(&c, rs, 201);
}

int resource_patch(const struct venue_resource *r, struct request *rq, struct response *rs)
{
	struct write_ctx c = {.r = r, .rq = rq};
	if (api_path_id(rq->args[0], r->not_found, r->not_found_msg, &c.id, &rs->err) < 0)
		return -1;
	return run_write(&c, rs, 200);
}
