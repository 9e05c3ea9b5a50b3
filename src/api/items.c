/*
** items.c — the service item catalogue.
**   GET  /api/v1/items?q=&level=&type=&category=&venue=   public search
**   GET  /api/v1/items/{code}                             public: the current version
**   GET  /api/v1/items/{code}/versions                    public: every version
**   GET  /api/v1/items/{code}/versions/{version}          public: one version
**   GET  /api/v1/items/{code}/venues                      public: the venues that claimed it
**   POST /api/v1/items                                    county supervisor: a new item
**   PUT  /api/v1/items/{code}                             county supervisor: a new version
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const levels[] = {"village", "town", "county", NULL};

static int optional_enum_query(struct request *rq, const char *name, const char *const *allowed,
			       const char **out, struct bm_error *err)
{
	*out = request_query(rq, name);
	if (!*out)
		return 0;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(*out, allowed[i]) == 0)
			return 0;
	return bm_error_set(err, 400, "invalid_query", "查询参数 %s 的取值无效", name);
}

static int positive_query(struct request *rq, const char *name, int64_t *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	char *end;
	*out = 0;
	if (!text)
		return 0;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || v <= 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为正整数", name);
	*out = v;
	return 0;
}

int api_items_search(struct request *rq, struct response *rs)
{
	static const char *const types[] = {"XK", "GF", "QR", "JL", "CJ", "QT", "GG", "ZS", NULL};
	struct catalog_query q = {.q = request_query(rq, "q"),
				  .category = request_query(rq, "category")};
	int64_t limit, offset, total;
	if (request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    optional_enum_query(rq, "level", levels, &q.level, &rs->err) < 0 ||
	    optional_enum_query(rq, "type", types, &q.type, &rs->err) < 0 ||
	    positive_query(rq, "venue", &q.venue_id, &rs->err) < 0)
		return -1;
	if (q.q && strlen(q.q) > 200)
		return bm_error_set(&rs->err, 400, "invalid_query", "查询内容过长");
	struct buf items = BUF_INIT;
	int rc = catalog_search(rq->db, &q, limit, offset, &items, &total, &rs->err);
	if (rc == 0)
		response_list_text(rs, buf_cstr(&items), total);
	buf_free(&items);
	return rc;
}

static int render_item_version(struct request *rq, struct response *rs, int64_t version)
{
	json_t *doc;
	int found = catalog_get(rq->db, rq->args[0], version, &doc, &rs->err);
	if (found < 0)
		return -1;
	if (!found)
		return bm_error_set(&rs->err, 404, "item_not_found", "事项不存在");
	response_json(rs, 200, doc);
	return 0;
}

int api_item_get(struct request *rq, struct response *rs)
{
	return render_item_version(rq, rs, 0);
}

int api_item_version_get(struct request *rq, struct response *rs)
{
	char *end;
	long long v = strtoll(rq->args[1], &end, 10);
	if (*end || v <= 0)
		return bm_error_set(&rs->err, 404, "item_not_found", "事项版本不存在");
	return render_item_version(rq, rs, v);
}

int api_item_versions(struct request *rq, struct response *rs)
{
	json_t *versions;
	if (catalog_versions(rq->db, rq->args[0], &versions, &rs->err) < 0)
		return -1;
	if (json_array_size(versions) == 0) {
		json_decref(versions);
		return bm_error_set(&rs->err, 404, "item_not_found", "事项不存在");
	}
	response_list(rs, versions, (int64_t)json_array_size(versions));
	return 0;
}

int api_item_venues(struct request *rq, struct response *rs)
{
	json_t *venues;
	int found = catalog_get(rq->db, rq->args[0], 0, &venues, &rs->err);
	if (found < 0)
		return -1;
	if (!found)
		return bm_error_set(&rs->err, 404, "item_not_found", "事项不存在");
	json_decref(venues);
	if (claim_item_venues(rq->db, rq->args[0], &venues, &rs->err) < 0)
		return -1;
	response_list(rs, venues, (int64_t)json_array_size(venues));
	return 0;
}

struct item_write_ctx {
	struct request *rq;
	json_t *doc;
	bool create;
	int64_t version;
};

static int item_write_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct item_write_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	if (ctx->create)
		return catalog_create(db, ctx->doc, &actor, clock_now(), err);
	return catalog_revise(db, ctx->doc, &actor, clock_now(), &ctx->version, err);
}

static int item_write(struct request *rq, struct response *rs, bool create)
{
	struct item_write_ctx ctx = {.rq = rq, .create = create};
	if (auth_require(rq->user, ACT_CATALOG_WRITE, &rs->err) < 0 ||
	    request_json_object(rq, &ctx.doc, &rs->err) < 0)
		return -1;
	const char *code = json_string_value(json_object_get(ctx.doc, "code"));
	if (!create && (!code || strcmp(code, rq->args[0]) != 0)) {
		json_decref(ctx.doc);
		return bm_error_set(&rs->err, 400, "invalid_field", "code（事项编码）应与地址中的编码一致");
	}
	int rc = db_transaction(rq->db, item_write_txn, &ctx, &rs->err);
	char saved[64];
	snprintf(saved, sizeof saved, "%s", code ? code : "");
	json_decref(ctx.doc);
	if (rc < 0)
		return -1;
	json_t *doc;
	if (catalog_get(rq->db, saved, 0, &doc, &rs->err) <= 0)
		return -1;
	response_json(rs, create ? 201 : 200, doc);
	return 0;
}

int api_item_create(struct request *rq, struct response *rs)
{
	return item_write(rq, rs, true);
}

int api_item_revise(struct request *rq, struct response *rs)
{
	return item_write(rq, rs, false);
}
