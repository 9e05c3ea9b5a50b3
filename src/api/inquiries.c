/*
** inquiries.c — first inquiries (首问负责).
**   POST /api/v1/inquiries                       log one → 201
**   GET  /api/v1/inquiries?view=mine|venue|open&venue=ID
**   GET  /api/v1/inquiries/{id}                  one, with its chain
**   POST /api/v1/inquiries/{id}/answer {"answer"}
**   POST /api/v1/inquiries/{id}/hand-over {"to_venue_id","note"?} → 201 the new hop
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/inquiry.h"

#include <stdlib.h>

enum inquiry_write {
	INQUIRY_CREATE,
	INQUIRY_ANSWER,
	INQUIRY_HAND_OVER,
};

struct inquiry_ctx {
	struct request *rq;
	enum inquiry_write what;
	int64_t id;     /* the inquiry of the path; afterwards the one to answer with */
	json_t *body;
	json_t *out;
};

static int id_arg(const char *text, int64_t *id, struct bm_error *err)
{
	char *end;
	long long v = text ? strtoll(text, &end, 10) : 0;
	if (!text || *end || v <= 0)
		return bm_error_set(err, 404, "inquiry_not_found", "首问登记不存在");
	*id = v;
	return 0;
}

static int write_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct inquiry_ctx *ctx = vctx;
	const struct principal *who = ctx->rq->user;
	int64_t now = clock_now();
	int rc;
	switch (ctx->what) {
	case INQUIRY_CREATE:
		rc = inquiry_create(db, who, now, ctx->body, &ctx->id, err);
		break;
	case INQUIRY_ANSWER:
		rc = inquiry_answer(db, who, now, ctx->id, ctx->body, err);
		break;
	default:
		rc = inquiry_hand_over(db, who, now, ctx->id, ctx->body, &ctx->id, err);
		break;
	}
	return rc < 0 ? -1 : inquiry_get_json(db, who, ctx->id, &ctx->out, err);
}

static int run_write(struct request *rq, struct response *rs, enum inquiry_write what)
{
	struct inquiry_ctx ctx = {.rq = rq, .what = what};
	if ((what != INQUIRY_CREATE && id_arg(rq->args[0], &ctx.id, &rs->err) < 0) ||
	    request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, write_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	response_json(rs, what == INQUIRY_ANSWER ? 200 : 201, ctx.out);
	return 0;
}

int api_inquiry_create(struct request *rq, struct response *rs)
{
	return run_write(rq, rs, INQUIRY_CREATE);
}

int api_inquiry_answer(struct request *rq, struct response *rs)
{
	return run_write(rq, rs, INQUIRY_ANSWER);
}

int api_inquiry_hand_over(struct request *rq, struct response *rs)
{
	return run_write(rq, rs, INQUIRY_HAND_OVER);
}

int api_inquiry_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *out;
	if (id_arg(rq->args[0], &id, &rs->err) < 0 ||
	    inquiry_get_json(rq->db, rq->user, id, &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_inquiries_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total, venue = 0;
	json_t *items;
	const char *venue_text = request_query(rq, "venue");
	if (request_page(rq, &limit, &offset, &rs->err) < 0)
		return -1;
	if (venue_text && id_arg(venue_text, &venue, &rs->err) < 0)
		return bm_error_set(&rs->err, 400, "invalid_query", "venue 应为场所编号");
	const char *view = request_query(rq, "view");
	if (venue && !view)
		view = "venue";
	if (inquiry_list(rq->db, rq->user, view, venue, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}
