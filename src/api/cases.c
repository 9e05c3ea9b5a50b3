/*
** cases.c — cases (办件): intake, one case, worklists and the receipt's QR code.
**   POST /api/v1/cases                       intake → 201 the case ("draft")
**   GET  /api/v1/cases/{no}                  the whole case and its timeline (scoped)
**   GET  /api/v1/cases?view=&venue=&status=&q=   worklists (summaries)
**   GET  /api/v1/cases/{no}/qr.svg           the receipt's QR code: the public progress page
**   GET  /api/v1/cases/{no}/rate-qr.svg      the receipt's second QR code: the public rating page
** The moves are in case_actions.c; the rules and the scope in domain/case_store.h.
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/qrsvg.h"
#include "db/db.h"
#include "domain/case_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct case_read_ctx {
	struct request *rq;
	json_t *body;
	char no[CASE_NO_SIZE];
	json_t *out;
};

static int intake_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct case_read_ctx *ctx = vctx;
	int64_t now = clock_now();
	if (case_intake(db, ctx->rq->user, now, ctx->body, ctx->no, err) < 0)
		return -1;
	return case_get_json(db, ctx->rq->user, now, ctx->no, false, &ctx->out, err);
}

int api_case_create(struct request *rq, struct response *rs)
{
	struct case_read_ctx ctx = {.rq = rq};
	if (request_json_object(rq, &ctx.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, intake_txn, &ctx, &rs->err);
	json_decref(ctx.body);
	if (rc < 0)
		return -1;
	response_json(rs, 201, ctx.out);
	return 0;
}

static int read_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct case_read_ctx *ctx = vctx;
	return case_get_json(db, ctx->rq->user, clock_now(), ctx->rq->args[0], true, &ctx->out,
			     err);
}

int api_case_get(struct request *rq, struct response *rs)
{
	struct case_read_ctx ctx = {.rq = rq};
	/* A transaction: reading the full ID number is audited. */
	if (db_transaction(rq->db, read_txn, &ctx, &rs->err) < 0)
		return -1;
	response_json(rs, 200, ctx.out);
	return 0;
}

static int venue_query(struct request *rq, int64_t *id, struct bm_error *err)
{
	const char *text = request_query(rq, "venue");
	char *end;
	*id = 0;
	if (!text)
		return 0;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 400, "invalid_query", "venue 应为场所编号");
	*id = v;
	return 0;
}

int api_cases_list(struct request *rq, struct response *rs)
{
	struct case_filter f = {
	    .view = request_query(rq, "view"),
	    .status = request_query(rq, "status"),
	    .q = request_query(rq, "q"),
	};
	int64_t limit, offset, total;
	json_t *items;
	if (request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    venue_query(rq, &f.venue_id, &rs->err) < 0)
		return -1;
	if (f.venue_id && !f.view)
		f.view = "venue";
	if (case_list(rq->db, rq->user, clock_now(), &f, limit, offset, &items, &total, &rs->err) <
	    0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

/* Answers the QR code of a public page of the case: the progress page's address with its
 * query (number and key), or `page` with that query and `extra` after it (the rating page
 * takes the same query). */
static int render_case_qr(struct request *rq, struct response *rs, const char *page,
			  const char *extra)
{
	char path[256], url[640];
	if (case_track_path(rq->db, rq->user, rq->args[0], path, sizeof path, &rs->err) < 0)
		return -1;
	if (page) {
		char query[200];
		snprintf(query, sizeof query, "%s", strchr(path, '?'));
		snprintf(path, sizeof path, "%s%s%s", page, query, extra);
	}
	api_public_link(rq, path, url, sizeof url);
	buf_reset(&rs->body);
	if (qrsvg_render(url, 240, &rs->body) < 0)
		return bm_error_internal(&rs->err, "QR code could not be encoded");
	rs->status = 200;
	rs->content_type = "image/svg+xml";
	return 0;
}

int api_case_qr(struct request *rq, struct response *rs)
{
	return render_case_qr(rq, rs, NULL, NULL);
}

int api_case_rate_qr(struct request *rq, struct response *rs)
{
	return render_case_qr(rq, rs, "/portal/rate.html", "&ch=onsite"); /* scanned at the venue */
}
