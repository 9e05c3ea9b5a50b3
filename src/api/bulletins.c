/*
** bulletins.c — 督查通报 (domain/bulletin.h).
**   GET  /api/v1/bulletins               venue_manager, county_supervisor, admin: kept bulletins
**                                        of orgs in scope, newest first (?limit=&offset=)
**   POST /api/v1/bulletins {period, org?} county_supervisor, admin: generate and keep one
**                                        (org defaults to the caller's) → 201 the bulletin
**   GET  /api/v1/bulletins/{id}          one bulletin with its frozen content
**   GET  /api/v1/bulletins/{id}.xlsx     its Excel workbook (attachment)
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/bulletin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_bulletins_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	if (auth_require(rq->user, ACT_BULLETIN_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    bulletin_list(rq->db, rq->user->org_path, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

static const struct jcheck_field create_fields[] = {
	{"period", "考核期间", JC_STRING, true, 4, 7, 0, NULL, NULL},
	{"org", "范围", JC_STRING, false, 6, 12, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

struct create_ctx {
	struct request *rq;
	struct as_period period;
	const char *org;
	int64_t id;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct create_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return bulletin_create(db, &ctx->period, ctx->org, &actor, false, clock_now(), &ctx->id,
			       err) < 0 ? -1 : 0;
}

/* Loads bulletin `id` in the caller's scope (404 otherwise). */
static int load_in_scope(struct request *rq, int64_t id, json_t **out, struct bm_error *err)
{
	char path[256];
	int found = bulletin_get(rq->db, id, out, path, sizeof path, err);
	if (found < 0)
		return -1;
	if (found == 0 || !auth_in_scope(rq->user, path)) {
		if (found)
			json_decref(*out);
		return bm_error_set(err, 404, "bulletin_not_found", "没有这份督查通报");
	}
	return 0;
}

int api_bulletin_create(struct request *rq, struct response *rs)
{
	struct create_ctx ctx = {rq, {0}, NULL, 0};
	json_t *body = NULL, *out;
	if (auth_require(rq->user, ACT_BULLETIN_WRITE, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = jcheck_object(body, create_fields, "", &rs->err);
	if (rc == 0 &&
	    as_period_parse(json_string_value(json_object_get(body, "period")), &ctx.period) < 0) {
		rc = bm_error_set(&rs->err, 400, "invalid_field",
				  "考核期间（period）应为 2026-10、2026-Q3 或 2026 这样的形式");
		bm_error_field(&rs->err, "period");
	}
	ctx.org = json_string_value(json_object_get(body, "org"));
	if (!ctx.org)
		ctx.org = rq->user->org_code;
	if (rc == 0)
		rc = auth_require_scope(rq->db, rq->user, ctx.org, &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, create_txn, &ctx, &rs->err);
	if (rc == 0)
		rc = load_in_scope(rq, ctx.id, &out, &rs->err);
	json_decref(body);
	if (rc < 0)
		return -1;
	response_json(rs, 201, out);
	return 0;
}

static int render_xlsx(struct response *rs, json_t *bulletin)
{
	char *data;
	size_t size;
	if (bulletin_xlsx_bytes(json_object_get(bulletin, "content"), &data, &size, &rs->err) < 0)
		return -1;
	buf_reset(&rs->body);
	buf_add(&rs->body, data, size);
	free(data);
	char disposition[160];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"bulletin-%s.xlsx\"",
		 json_string_value(json_object_get(bulletin, "period")));
	response_header(rs, "Content-Disposition", disposition);
	rs->status = 200;
	rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	return 0;
}

int api_bulletin_get(struct request *rq, struct response *rs)
{
	const char *arg = rq->args[0];
	size_t len = strlen(arg);
	bool xlsx = len > 5 && strcmp(arg + len - 5, ".xlsx") == 0;
	char id_text[32];
	snprintf(id_text, sizeof id_text, "%.*s", (int)(xlsx ? len - 5 : len), arg);
	char *end;
	long long id = strtoll(id_text, &end, 10);
	if (auth_require(rq->user, ACT_BULLETIN_READ, &rs->err) < 0)
		return -1;
	if (!id_text[0] || *end || id <= 0 || id_text[0] == '0' || id_text[0] == '+' ||
	    id_text[0] == '-' || id_text[0] == ' ')
		return bm_error_set(&rs->err, 404, "bulletin_not_found", "没有这份督查通报");
	json_t *bulletin;
	if (load_in_scope(rq, id, &bulletin, &rs->err) < 0)
		return -1;
	int rc = 0;
	if (xlsx)
		rc = render_xlsx(rs, bulletin);
	else
		response_json(rs, 200, json_incref(bulletin));
	json_decref(bulletin);
	return rc;
}
