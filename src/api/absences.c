/*
** absences.c — absences of window staff (AB岗); domain/absence.h.
**   POST   /api/v1/absences {user_id, kind, start_date, end_date, note?}   → 201 the absence;
**          409 ab_both_absent when the colleague of one of the person's posts is away then
**   GET    /api/v1/absences?venue=ID&user=ID&from=DATE&to=DATE             in the caller's scope
**   DELETE /api/v1/absences/{id}                                          cancels it
** Writes need ACT_WINDOW_WRITE and the absent person's org inside the caller's subtree.
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/absence.h"

#include <stdlib.h>

/* 404 user_not_found / 403 out_of_scope for the person an absence is about. */
static int require_person_scope(struct request *rq, int64_t user_id, struct bm_error *err)
{
	char path[256];
	if (absence_user_org_path(rq->db, user_id, path, err) < 0)
		return -1;
	if (!auth_in_scope(rq->user, path))
		return bm_error_set(err, 403, "out_of_scope", "无权为本辖区以外的人员登记离岗");
	return 0;
}

struct absence_ctx {
	struct request *rq;
	json_t *body;
	int64_t id;
	json_t *result;
};

static int book_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct absence_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	json_t *user = json_object_get(c->body, "user_id");
	if (json_is_integer(user) && require_person_scope(c->rq, json_integer_value(user), err) < 0)
		return -1;
	if (absence_book(db, c->body, &actor, clock_now(), &c->id, err) < 0)
		return -1;
	return absence_get(db, c->id, &c->result, err);
}

int api_absence_book(struct request *rq, struct response *rs)
{
	struct absence_ctx c = {.rq = rq};
	if (auth_require(rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, book_txn, &c, &rs->err);
	json_decref(c.body);
	if (rc < 0)
		return -1;
	response_json(rs, 201, c.result);
	return 0;
}

static int cancel_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct absence_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	json_t *absence;
	if (absence_get(db, c->id, &absence, err) < 0)
		return -1;
	int64_t user = json_integer_value(json_object_get(json_object_get(absence, "user"), "id"));
	json_decref(absence);
	if (require_person_scope(c->rq, user, err) < 0)
		return -1;
	return absence_cancel(db, c->id, &actor, clock_now(), err);
}

int api_absence_cancel(struct request *rq, struct response *rs)
{
	struct absence_ctx c = {.rq = rq};
	if (auth_require(rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    api_path_id(rq->args[0], "absence_not_found", "离岗登记不存在", &c.id, &rs->err) < 0 ||
	    db_transaction(rq->db, cancel_txn, &c, &rs->err) < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:b}", "cancelled", 1));
	return 0;
}

/* An optional positive integer query parameter (0 when absent). */
static int id_query(struct request *rq, const char *name, int64_t *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	char *end;
	*out = 0;
	if (!text)
		return 0;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为正整数", name);
	*out = v;
	return 0;
}

/* An optional date query parameter. */
static int date_query(struct request *rq, const char *name, const char **out, struct bm_error *err)
{
	int date;
	*out = request_query(rq, name);
	if (*out && date_parse(*out, &date) < 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为 YYYY-MM-DD 格式的日期",
				    name);
	return 0;
}

int api_absences_list(struct request *rq, struct response *rs)
{
	struct absence_filter f = {.scope_path = rq->user->org_path};
	int64_t limit, offset, total;
	json_t *items;
	if (auth_require(rq->user, ACT_VENUE_READ, &rs->err) < 0 ||
	    request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    id_query(rq, "venue", &f.venue_id, &rs->err) < 0 ||
	    id_query(rq, "user", &f.user_id, &rs->err) < 0 ||
	    date_query(rq, "from", &f.from, &rs->err) < 0 || date_query(rq, "to", &f.to, &rs->err) < 0)
		return -1;
	if (f.venue_id && api_require_venue_scope(rq, f.venue_id, &rs->err) < 0)
		return -1;
	if (absence_list(rq->db, &f, limit, offset, &items, &total, &rs->err) < 0)
		return -1;
	response_list(rs, items, total);
	return 0;
}
