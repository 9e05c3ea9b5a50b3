/*
** venue_hours.c — a venue's structured opening hours; domain/hours.h.
**   GET /api/v1/venues/{id}/hours                 staff in scope → {ranges:[…], open_now}
**   PUT /api/v1/venues/{id}/hours {ranges:[{weekday, opens, closes}]}   ACT_WINDOW_WRITE
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/hours.h"
#include "http/input.h"

static int hours_json(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	struct venue_hours h;
	bool open;
	if (hours_load(db, venue_id, &h, err) < 0 ||
	    venue_open_at(db, venue_id, clock_now(), &open, err) < 0)
		return -1;
	*out = json_pack("{s:o, s:b}", "ranges", hours_to_json(&h), "open_now", open);
	return 0;
}

int api_venue_hours_get(struct request *rq, struct response *rs)
{
	int64_t venue_id = 0;
	json_t *out;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, venue_id, &rs->err) < 0 ||
	    hours_json(rq->db, venue_id, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

struct hours_ctx {
	struct request *rq;
	int64_t venue_id;
	json_t *ranges;
	json_t *result;
};

static int hours_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct hours_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	if (api_require_venue_scope(c->rq, c->venue_id, err) < 0 ||
	    hours_put(db, c->venue_id, c->ranges, &actor, clock_now(), err) < 0)
		return -1;
	return hours_json(db, c->venue_id, &c->result, err);
}

int api_venue_hours_put(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"ranges", NULL};
	struct hours_ctx c = {.rq = rq};
	json_t *body;
	if (auth_require(rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    api_venue_arg(rq, &c.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	c.ranges = json_object_get(body, "ranges");
	if (rc == 0 && !c.ranges) {
		bm_error_set(&rs->err, 400, "missing_field", "缺少必填字段：办公时间（ranges）");
		rc = bm_error_field(&rs->err, "ranges");
	}
	if (rc == 0)
		rc = db_transaction(rq->db, hours_txn, &c, &rs->err);
	json_decref(body);
	if (rc < 0)
		return -1;
	response_json(rs, 200, c.result);
	return 0;
}
