/*
** appointments.c — appointments (domain/appointment.h).
**   GET    /api/v1/venues/{id}/appointment-slots?group=G   public: bookable days and slots
**   POST   /api/v1/appointments                            public: book → 201 with the code
**          {venue_id, group_id, slot_start, name, phone}
**   GET    /api/v1/appointments/mine?phone=P&code=C        public: the citizen's booking
**   DELETE /api/v1/appointments/mine?phone=P&code=C        public: cancel it
**   POST   /api/v1/appointments/{id}/check-in {code?}      staff of the venue, or a kiosk with
**          the code → {appointment, ticket}
**   GET    /api/v1/venues/{id}/appointments?date=D&group=G staff in scope: the day's bookings
**   GET    /api/v1/venues/{id}/appointment-rules           public: the booking rules
**   PUT    /api/v1/venues/{id}/appointment-rules           venue manager: replace them
**   POST   /api/v1/venues/{id}/appointment-closures        venue manager: close slots
**          {group_id?, starts_at, ends_at, reason} → 201 {id, closed}
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/appointment.h"

#include <stdlib.h>

/* An optional positive integer query parameter (0 when absent). */
static int query_id(struct request *rq, const char *name, int64_t *out, struct bm_error *err)
{
	const char *text = request_query(rq, name);
	char *end;
	*out = 0;
	if (!text)
		return 0;
	*out = strtoll(text, &end, 10);
	if (!*text || *end || *out <= 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 %s 应为正整数", name);
	return 0;
}

int api_appointment_slots(struct request *rq, struct response *rs)
{
	int64_t venue_id, group_id;
	json_t *out;
	if (api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    query_id(rq, "group", &group_id, &rs->err) < 0)
		return -1;
	if (!group_id)
		return bm_error_set(&rs->err, 400, "invalid_query", "请选择事项分组（group）");
	if (appointment_slots(rq->db, venue_id, group_id, clock_now(), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

struct appointment_ctx {
	struct request *rq;
	json_t *body;
	int64_t id, venue_id;
	const char *code;
	json_t *out;
};

static int book_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appointment_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	return appointment_book(db, c->body, &actor, clock_now(), &c->out, err);
}

static int cancel_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appointment_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	return appointment_cancel(db, request_query(c->rq, "phone"), c->code, &actor, clock_now(),
				  &c->out, err);
}

static int check_in_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appointment_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	return appointment_check_in(db, c->id, c->code, &actor, clock_now(), &c->out, err);
}

static int rules_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appointment_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	return appointment_rules_put(db, c->venue_id, c->body, &actor, clock_now(), err);
}

static int close_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct appointment_ctx *c = vctx;
	struct audit_actor actor = api_actor(c->rq);
	return appointment_close_slots(db, c->venue_id, c->body, &actor, clock_now(), &c->out, err);
}

/* Runs txn with ctx and answers its output with `status`. */
static int run(struct request *rq, struct response *rs, struct appointment_ctx *c, db_txn_fn txn,
	       int status)
{
	int rc = db_transaction(rq->db, txn, c, &rs->err);
	json_decref(c->body);
	if (rc < 0)
		return -1;
	response_json(rs, status, c->out);
	return 0;
}

int api_appointment_book(struct request *rq, struct response *rs)
{
	struct appointment_ctx c = {.rq = rq};
	if (request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	return run(rq, rs, &c, book_txn, 201);
}

int api_appointment_mine(struct request *rq, struct response *rs)
{
	json_t *out;
	if (appointment_find(rq->db, request_query(rq, "phone"), request_query(rq, "code"),
			     clock_now(), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_appointment_cancel(struct request *rq, struct response *rs)
{
	struct appointment_ctx c = {.rq = rq, .code = request_query(rq, "code")};
	return run(rq, rs, &c, cancel_txn, 200);
}

int api_appointment_check_in(struct request *rq, struct response *rs)
{
	struct appointment_ctx c = {.rq = rq};
	if (api_path_id(rq, 0, "appointment_not_found", "预约不存在", &c.id, &rs->err) < 0 ||
	    request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	c.code = json_string_value(json_object_get(c.body, "code"));
	if (!c.code) { /* no code: staff of the venue */
		if (!rq->user) {
			json_decref(c.body);
			return bm_error_set(&rs->err, 401, "unauthenticated", "请输入预约码，或由工作人员签到");
		}
		if (auth_require(rq->user, ACT_QUEUE_OPERATE, &rs->err) < 0 ||
		    appointment_venue(rq->db, c.id, &c.venue_id, &rs->err) < 0 ||
		    api_require_venue_scope(rq, c.venue_id, &rs->err) < 0) {
			json_decref(c.body);
			return -1;
		}
	}
	return run(rq, rs, &c, check_in_txn, 200);
}

int api_appointments_day(struct request *rq, struct response *rs)
{
	int64_t venue_id, group_id;
	int date;
	char today[DATE_TEXT_SIZE];
	json_t *out;
	const char *day = request_query(rq, "date");
	if (auth_require(rq->user, ACT_QUEUE_STATS, &rs->err) < 0 ||
	    api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, venue_id, &rs->err) < 0 ||
	    query_id(rq, "group", &group_id, &rs->err) < 0)
		return -1;
	if (day && date_parse(day, &date) < 0)
		return bm_error_set(&rs->err, 400, "invalid_query", "查询参数 date 应为 YYYY-MM-DD");
	date_format(day ? date : date_of_epoch(clock_now()), today);
	if (appointments_of_day(rq->db, venue_id, today, group_id, clock_now(), &out, &rs->err) < 0)
		return -1;
	response_list(rs, out, (int64_t)json_array_size(out));
	return 0;
}

int api_appointment_close(struct request *rq, struct response *rs)
{
	struct appointment_ctx c = {.rq = rq};
	if (auth_require(rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    api_venue_arg(rq, &c.venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, c.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	return run(rq, rs, &c, close_txn, 201);
}

int api_appointment_rules_get(struct request *rq, struct response *rs)
{
	int64_t venue_id;
	struct appointment_rules rules;
	if (api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    appointment_rules_load(rq->db, venue_id, &rules, &rs->err) < 0)
		return -1;
	response_json(rs, 200, appointment_rules_json(&rules));
	return 0;
}

int api_appointment_rules_put(struct request *rq, struct response *rs)
{
	struct appointment_ctx c = {.rq = rq};
	struct appointment_rules rules;
	if (auth_require(rq->user, ACT_WINDOW_WRITE, &rs->err) < 0 ||
	    api_venue_arg(rq, &c.venue_id, &rs->err) < 0 ||
	    api_require_venue_scope(rq, c.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &c.body, &rs->err) < 0)
		return -1;
	int rc = db_transaction(rq->db, rules_txn, &c, &rs->err);
	json_decref(c.body);
	if (rc < 0 || appointment_rules_load(rq->db, c.venue_id, &rules, &rs->err) < 0)
		return -1;
	response_json(rs, 200, appointment_rules_json(&rules));
	return 0;
}
