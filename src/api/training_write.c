/*
** training_write.c — running a training change in one transaction (training_write.h).
*/
#include "api/training_write.h"

#include "api/handlers.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/training.h"

#include <stdlib.h>

struct change_ctx {
	struct request *rq;
	enum training_change change;
	int64_t id;
	int year;
	json_t *body;
	json_t *out;
};

static int change_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct change_ctx *c = vctx;
	const struct principal *who = c->rq->user;
	int64_t now = clock_now();
	json_decref(c->out); /* a retried transaction starts over */
	c->out = NULL;
	switch (c->change) {
	case TRAINING_SESSION_CREATE:
		return training_session_create(db, who, now, c->body, &c->out, err);
	case TRAINING_SESSION_UPDATE:
		return training_session_update(db, who, now, c->id, c->body, &c->out, err);
	case TRAINING_SESSION_DELETE:
		if (training_session_delete(db, who, now, c->id, err) < 0)
			return -1;
		c->out = json_pack("{s:I}", "deleted", (json_int_t)c->id);
		return 0;
	case TRAINING_ATTENDANCE:
		return training_attendance_record(db, who, now, c->id, c->body, &c->out, err);
	case TRAINING_PLAN_PUT:
		return training_plan_put(db, who, now, c->id, c->year, c->body, &c->out, err);
	}
	return bm_error_internal(err, "training: unknown change");
}

int api_training_write(struct request *rq, struct response *rs, enum training_change change,
                       int64_t id, int year)
{
	struct change_ctx c = {rq, change, id, year, NULL, NULL};
	if (change != TRAINING_SESSION_DELETE && request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, change_txn, &c, &rs->err);
	json_decref(c.body);
	if (rc < 0) {
		json_decref(c.out);
		return -1;
	}
	if (change == TRAINING_ATTENDANCE)
		response_list(rs, c.out, (int64_t)json_array_size(c.out));
	else
		response_json(rs, change == TRAINING_SESSION_CREATE ? 201 : 200, c.out);
	return 0;
}

int api_training_session_arg(struct request *rq, int index, int64_t *id, struct bm_error *err)
{
	return api_path_id(rq, index, "session_not_found", "培训记录不存在", id, err);
}

int api_training_year(struct request *rq, int *year, struct bm_error *err)
{
	const char *text = request_query(rq, "year");
	char *end;
	if (!text) {
		*year = date_year(date_of_epoch(clock_now()));
		return 0;
	}
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 2000 || v > 2100)
		return bm_error_set(err, 400, "invalid_query",
		                    "查询参数 year 应为 2000 至 2100 的年份");
	*year = (int)v;
	return 0;
}
