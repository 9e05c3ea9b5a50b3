/*
** tickets.c — queue tickets (排队号).
**   POST /api/v1/venues/{id}/tickets              public: take a number (a citizen, a kiosk)
**        {"group_id", "priority_kind"?, "appointment"?:{"slot_start","slot_end"}}
**        priority and appointment tickets only from logged-in staff of the venue
**   GET  /api/v1/tickets/{id}?key=K               public: the holder's phone page
**        (staff of the venue without a key: the whole ticket)
**   GET  /api/v1/tickets/{id}/qr.svg?key=K        public: QR code of the phone page, for the slip
**   POST /api/v1/tickets/{id}/{action}            staff at that venue: recall, no-show, start,
**        finish {"case_no"?}, transfer {"to_window_id" | "to_group_id", "note"?}
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "core/qrsvg.h"
#include "db/db.h"
#include "domain/queue.h"

#include <stdio.h>
#include <string.h>

static const char *const priority_kinds[] = {"elderly", "disabled", "military", "pregnant", "other",
					     NULL};

static const struct jcheck_field slot_fields[] = {
	{"slot_start", "预约开始时间", JC_STRING, true, .min = 20, .max = 40},
	{"slot_end", "预约结束时间", JC_STRING, true, .min = 20, .max = 40},
	{NULL},
};

static const struct jcheck_field take_fields[] = {
	{"group_id", "取号分组", JC_INT, true, .min = 1, .max = INT32_MAX},
	{"priority_kind", "优先类别", JC_ENUM, false, .values = priority_kinds},
	{"appointment", "预约时段", JC_OBJECT, false, .fields = slot_fields},
	{NULL},
};

struct take_ctx {
	struct request *rq;
	struct queue_take_input in;
	json_t *ticket;
};

static int take_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct take_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	return queue_take(db, &ctx->in, &actor, clock_now(), &ctx->ticket, err);
}

static int parse_slot(json_t *slot, const char *name, int64_t *out, struct bm_error *err)
{
	if (clock_parse_rfc3339(json_string_value(json_object_get(slot, name)), out) == 0)
		return 0;
	bm_error_set(err, 400, "invalid_field", "预约时段（appointment.%s）应为 RFC 3339 时间", name);
	char field[40];
	snprintf(field, sizeof field, "appointment.%s", name);
	return bm_error_field(err, field);
}

/* Priority and appointments jump the line: only staff of the venue may give them out. */
static int parse_take(struct request *rq, json_t *body, struct queue_take_input *in,
		      struct bm_error *err)
{
	if (jcheck_object(body, take_fields, "", err) < 0)
		return -1;
	in->group_id = json_integer_value(json_object_get(body, "group_id"));
	in->priority_kind = json_string_value(json_object_get(body, "priority_kind"));
	json_t *slot = json_object_get(body, "appointment");
	in->appointment = json_is_object(slot);
	if (in->appointment && (parse_slot(slot, "slot_start", &in->slot_start, err) < 0 ||
				parse_slot(slot, "slot_end", &in->slot_end, err) < 0))
		return -1;
	if (!in->priority_kind && !in->appointment)
		return 0;
	if (!rq->user)
		return bm_error_set(err, 401, "unauthenticated", "优先号和预约号由工作人员发放，请先登录");
	if (auth_require(rq->user, ACT_QUEUE_OPERATE, err) < 0)
		return -1;
	return api_require_venue_scope(rq, in->venue_id, err);
}

int api_ticket_take(struct request *rq, struct response *rs)
{
	struct take_ctx ctx = {.rq = rq};
	json_t *body;
	if (api_path_id(rq, 0, "venue_not_found", "服务场所不存在", &ctx.in.venue_id, &rs->err) < 0 ||
	    request_json_object(rq, &body, &rs->err) < 0)
		return -1;
	int rc = parse_take(rq, body, &ctx.in, &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, take_txn, &ctx, &rs->err);
	if (rc == 0)
		response_json(rs, 201, ctx.ticket);
	json_decref(body);
	return rc;
}

int api_ticket_get(struct request *rq, struct response *rs)
{
	int64_t id, venue_id;
	json_t *out;
	if (api_path_id(rq, 0, "ticket_not_found", "排队号不存在", &id, &rs->err) < 0)
		return -1;
	const char *key = request_query(rq, "key");
	if (key || !rq->user) {
		if (queue_ticket_public(rq->db, id, key, clock_now(), &out, &rs->err) < 0)
			return -1;
		response_json(rs, 200, out);
		return 0;
	}
	int found = queue_ticket_venue(rq->db, id, &venue_id, &rs->err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(&rs->err, 404, "ticket_not_found", "排队号不存在");
	if (api_require_venue_scope(rq, venue_id, &rs->err) < 0 ||
	    queue_ticket_get(rq->db, id, clock_now(), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}

int api_ticket_qr(struct request *rq, struct response *rs)
{
	int64_t id;
	const char *key = request_query(rq, "key");
	if (api_path_id(rq, 0, "ticket_not_found", "排队号不存在", &id, &rs->err) < 0)
		return -1;
	int ok = queue_ticket_key_ok(rq->db, id, key, &rs->err);
	if (ok <= 0)
		return ok < 0 ? -1 : bm_error_set(&rs->err, 404, "ticket_not_found", "排队号不存在");
	char path[256], url[512];
	snprintf(path, sizeof path, "/portal/ticket.html?id=%lld&key=%s", (long long)id, key);
	if (!api_public_link(rq, path, url, sizeof url))
		return bm_error_set(&rs->err, 400, "invalid_host", "请求的主机名无效");
	if (qrsvg_render(url, 240, &rs->body) < 0)
		return bm_error_internal(&rs->err, "QR code too long");
	rs->status = 200;
	rs->content_type = "image/svg+xml";
	return 0;
}

static const struct {
	const char *path;
	enum ticket_action action;
} actions[] = {
	{"recall", TICKET_RECALL}, {"no-show", TICKET_NO_SHOW_ACTION}, {"start", TICKET_START},
	{"finish", TICKET_FINISH}, {"transfer", TICKET_TRANSFER},
};

static const struct jcheck_field finish_fields[] = {
	{"case_no", "办件编号", JC_STRING, false, .min = 1, .max = 32},
	{NULL},
};

static const struct jcheck_field transfer_fields[] = {
	{"to_window_id", "转往窗口", JC_INT, false, .min = 1, .max = INT32_MAX},
	{"to_group_id", "转往分组", JC_INT, false, .min = 1, .max = INT32_MAX},
	{"note", "转办说明", JC_STRING, false, .min = 0, .max = 200},
	{NULL},
};

static const struct jcheck_field no_fields[] = {{NULL}};

struct move_ctx {
	struct request *rq;
	int64_t ticket_id;
	enum ticket_action action;
	struct queue_move_input in;
	json_t *ticket;
};

static int move_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct move_ctx *ctx = vctx;
	struct audit_actor actor = api_actor(ctx->rq);
	int64_t venue_id;
	int found = queue_ticket_venue(db, ctx->ticket_id, &venue_id, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "ticket_not_found", "排队号不存在");
	if (api_require_venue_scope(ctx->rq, venue_id, err) < 0)
		return -1;
	return queue_move(db, ctx->ticket_id, ctx->action, &ctx->in, &actor, clock_now(),
			  &ctx->ticket, err);
}

/* The body of a move (may be empty). */
static int parse_move(struct request *rq, struct move_ctx *ctx, json_t **body, struct bm_error *err)
{
	*body = NULL;
	const struct jcheck_field *spec = ctx->action == TICKET_FINISH     ? finish_fields
					  : ctx->action == TICKET_TRANSFER ? transfer_fields
									   : no_fields;
	if (rq->body_len == 0)
		*body = json_object();
	else if (request_json_object(rq, body, err) < 0)
		return -1;
	if (jcheck_object(*body, spec, "", err) < 0)
		return -1;
	ctx->in.case_no = json_string_value(json_object_get(*body, "case_no"));
	ctx->in.to_window_id = json_integer_value(json_object_get(*body, "to_window_id"));
	ctx->in.to_group_id = json_integer_value(json_object_get(*body, "to_group_id"));
	ctx->in.note = json_string_value(json_object_get(*body, "note"));
	return 0;
}

int api_ticket_action(struct request *rq, struct response *rs)
{
	struct move_ctx ctx = {.rq = rq};
	size_t i = 0;
	while (i < sizeof actions / sizeof *actions && strcmp(actions[i].path, rq->args[1]) != 0)
		i++;
	if (i == sizeof actions / sizeof *actions)
		return bm_error_set(&rs->err, 404, "not_found", "请求的地址不存在");
	ctx.action = actions[i].action;
	json_t *body;
	if (auth_require(rq->user, ACT_QUEUE_OPERATE, &rs->err) < 0 ||
	    api_path_id(rq, 0, "ticket_not_found", "排队号不存在", &ctx.ticket_id, &rs->err) < 0)
		return -1;
	int rc = parse_move(rq, &ctx, &body, &rs->err);
	if (rc == 0)
		rc = db_transaction(rq->db, move_txn, &ctx, &rs->err);
	if (rc == 0)
		response_json(rs, 200, ctx.ticket);
	json_decref(body);
	return rc;
}
