/*
** ratings.c — 好差评 ratings (domain/rating.h).
**   POST /api/v1/ratings          public with {no, key|phone4} (channels onsite, online; wrong
**                                 guesses throttled, domain/guard.h); staff
**                                 with a session and CSRF token for channel "paper" → 201
**   GET  /api/v1/ratings?venue=&org=&level=&case=   staff: ratings in scope, newest first
**   GET  /api/v1/ratings/stats?venue=&org=          staff: the figures of a venue or subtree
**   GET  /api/v1/ratings/{id}     staff: one rating
**   GET  /api/v1/public/venues/{id}/ratings         public: a venue's figures
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/guard.h"
#include "domain/rating.h"
#include "domain/session.h"
#include "domain/workcal.h"

#include <string.h>

static const char not_found[] = "评价不存在";

struct submit_ctx {
	json_t *body;
	const struct principal *who; /* NULL: a citizen */
	const struct calendar *cal;
	int64_t id;
	json_t *result;
};

static int submit_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct submit_ctx *ctx = vctx;
	return rating_submit(db, ctx->body, ctx->who, ctx->cal, clock_now(), &ctx->id, err) < 0 ||
			       rating_get_json(db, ctx->id, ctx->who, &ctx->result, err) < 0
		   ? -1
		   : 0;
}

/* A paper form is entered by staff: the route is public (citizens have no session), so the
 * session's CSRF token is checked here for that channel. */
static int paper_clerk(struct request *rq, json_t *body, const struct principal **who,
		       struct bm_error *err)
{
	const char *channel = json_string_value(json_object_get(body, "channel"));
	*who = NULL;
	if (!channel || strcmp(channel, "paper") != 0)
		return 0;
	if (!rq->user)
		return bm_error_set(err, 401, "unauthenticated", "纸质评价表须由工作人员登录后录入");
	const char *csrf = request_header(rq, "X-CSRF-Token");
	if (!csrf || !session_csrf_matches(rq->user, csrf))
		return bm_error_set(err, 403, "csrf_failed", "安全校验失败，请刷新页面后重试");
	*who = rq->user;
	return 0;
}

int api_rating_create(struct request *rq, struct response *rs)
{
	struct submit_ctx ctx = {0};
	void *handle = NULL;
	struct bm_error no_calendar = {0};
	if (request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = paper_clerk(rq, ctx.body, &ctx.who, &rs->err);
	/* A citizen proves the case with a secret that can be guessed: throttled (guard.h). */
	const char *no = json_string_value(json_object_get(ctx.body, "no"));
	const char *key = json_string_value(json_object_get(ctx.body, "key"));
	if (rc == 0 && !ctx.who)
		rc = case_guess_allowed(rq->db, no, key, rq->client_ip, clock_now(), &rs->err);
	if (rc == 0) {
		ctx.cal = workcal_acquire(rq->db, &handle, &no_calendar);
		rc = db_transaction(rq->db, submit_txn, &ctx, &rs->err);
		if (ctx.cal)
			workcal_release(handle);
		if (rc < 0 && !ctx.who)
			case_guess_failed(rq->db, no, key, rq->client_ip, clock_now(), &rs->err);
	}
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	response_json(rs, 201, ctx.result);
	return 0;
}

int api_ratings_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct rating_filter f = {0, request_query(rq, "org"), request_query(rq, "level"),
				  request_query(rq, "case")};
	if (auth_require(rq->user, ACT_RATING_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    api_query_id(rq, "venue", &f.venue_id, &rs->err) < 0 ||
	    rating_list(rq->db, rq->user, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_rating_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *rating;
	if (auth_require(rq->user, ACT_RATING_READ, &rs->err) < 0 ||
	    api_path_id(rq, 0, "rating_not_found", not_found, &id, &rs->err) < 0 ||
	    rating_get_json(rq->db, id, rq->user, &rating, &rs->err) < 0)
		return -1;
	response_json(rs, 200, rating);
	return 0;
}

int api_rating_stats(struct request *rq, struct response *rs)
{
	int64_t venue;
	json_t *figures;
	if (api_query_id(rq, "venue", &venue, &rs->err) < 0 ||
	    rating_figures_for(rq->db, rq->user, venue, request_query(rq, "org"),
			       date_of_epoch(clock_now()), &figures, &rs->err) < 0)
		return -1;
	response_json(rs, 200, figures);
	return 0;
}

int api_public_venue_ratings(struct request *rq, struct response *rs)
{
	int64_t venue;
	json_t *figures;
	if (api_path_id(rq, 0, "venue_not_found", "场所不存在", &venue, &rs->err) < 0 ||
	    rating_venue_figures(rq->db, venue, date_of_epoch(clock_now()), &figures, &rs->err) < 0)
		return -1;
	response_json(rs, 200, figures);
	return 0;
}
