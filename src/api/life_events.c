/*
** life_events.c — life events (一件事) and "where do I go" (去哪办).
**   GET /api/v1/life-events                                  public
**   GET /api/v1/life-events/{code}                           public
**   PUT /api/v1/life-events/{code} {"name","description","items":[codes]}   county supervisor
**   GET /api/v1/life-events/{code}/where?village=CODE        public: venues to visit
**   GET /api/v1/items/{code}/where?village=CODE              public: venues to visit
**   GET /api/v1/catalog/visits[?town=CODE]                   staff: 多头跑路 figures
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "db/db.h"
#include "domain/life_event.h"
#include "domain/wayfind.h"
#include "http/input.h"

int api_life_events_list(struct request *rq, struct response *rs)
{
	json_t *events;
	if (life_event_list(rq->db, &events, &rs->err) < 0)
		return -1;
	response_list(rs, events, (int64_t)json_array_size(events));
	return 0;
}

static int load_event(struct request *rq, json_t **event, struct bm_error *err)
{
	int found = life_event_get(rq->db, rq->args[0], event, err);
	if (found < 0)
		return -1;
	return found ? 0 : bm_error_set(err, 404, "life_event_not_found", "该办事主题不存在");
}

int api_life_event_get(struct request *rq, struct response *rs)
{
	json_t *event;
	if (load_event(rq, &event, &rs->err) < 0)
		return -1;
	response_json(rs, 200, event);
	return 0;
}

struct event_put_ctx {
	struct request *rq;
	const char *name, *description;
	json_t *items;
};

static int event_put_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct event_put_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return life_event_put(db, ctx->rq->args[0], ctx->name, ctx->description, ctx->items, &actor,
			      clock_now(), err);
}

int api_life_event_put(struct request *rq, struct response *rs)
{
	static const char *const fields[] = {"name", "description", "items", NULL};
	struct event_put_ctx ctx = {.rq = rq};
	json_t *body, *event;
	if (auth_require(rq->user, ACT_CATALOG_WRITE, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = input_reject_unknown(body, fields, &rs->err);
	if (rc == 0)
		rc = input_string(body, "name", "名称", true, 32, &ctx.name, &rs->err);
	if (rc == 0)
		rc = input_string(body, "description", "说明", false, 200, &ctx.description, &rs->err);
	ctx.items = json_object_get(body, "items");
	if (rc == 0 && (!json_is_array(ctx.items) || json_array_size(ctx.items) == 0 ||
			json_array_size(ctx.items) > 30))
		rc = bm_error_set(&rs->err, 400, "invalid_field", "items（事项）应为 1 到 30 个事项编码");
	if (rc == 0 && !ctx.description)
		ctx.description = "";
	if (rc == 0)
		rc = db_transaction(rq->db, event_put_txn, &ctx, &rs->err);
	json_decref(body);
	if (rc < 0 || load_event(rq, &event, &rs->err) < 0)
		return -1;
	response_json(rs, 200, event);
	return 0;
}

static const char *village_query(struct request *rq, struct bm_error *err)
{
	const char *village = request_query(rq, "village");
	if (!village)
		bm_error_set(err, 400, "invalid_query", "请提供查询参数 village（村或社区代码）");
	return village;
}

int api_life_event_where(struct request *rq, struct response *rs)
{
	const char *village = village_query(rq, &rs->err);
	json_t *event, *answer;
	struct wayfind_map *map;
	if (!village || load_event(rq, &event, &rs->err) < 0)
		return -1;
	int rc = wayfind_load(rq->db, &map, &rs->err);
	if (rc == 0) {
		rc = wayfind_event(map, event, village, &answer, &rs->err);
		wayfind_free(map);
	}
	json_decref(event);
	if (rc < 0)
		return -1;
	response_json(rs, 200, answer);
	return 0;
}

int api_item_where(struct request *rq, struct response *rs)
{
	const char *village = village_query(rq, &rs->err);
	json_t *answer;
	struct wayfind_map *map;
	if (!village || wayfind_load(rq->db, &map, &rs->err) < 0)
		return -1;
	int rc = wayfind_item(map, rq->args[0], village, &answer, &rs->err);
	wayfind_free(map);
	if (rc < 0)
		return -1;
	response_json(rs, 200, answer);
	return 0;
}

int api_catalog_visits(struct request *rq, struct response *rs)
{
	const char *town = request_query(rq, "town");
	json_t *stats;
	struct wayfind_map *map;
	if (auth_require(rq->user, ACT_CATALOG_STATS, &rs->err) < 0 ||
	    (town && auth_require_scope(rq->db, rq->user, town, &rs->err) < 0) ||
	    wayfind_load(rq->db, &map, &rs->err) < 0)
		return -1;
	int rc = wayfind_stats(map, town, &stats, &rs->err);
	wayfind_free(map);
	if (rc < 0)
		return -1;
	response_json(rs, 200, stats);
	return 0;
}
