/*
** queue.c — changing the queue: taking a number, calling, and the other moves of a ticket
** (see queue.h; the rules are queue_rules.c).
**
** Each change ends in record_event(): one ticket_events row (history and replay log), the
** event queued for the live pages with db_notify(), and the audit entry — all in the caller's
** transaction, so a change and its announcement commit together or not at all.
*/
#include "core/hub.h"
#include "db/db.h"
#include "domain/queue_internal.h"
#include "domain/settings.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const priority_kinds[] = {"elderly", "disabled", "military", "pregnant", "other",
					     NULL};

/* Where a transfer came from and went to, for the history row. */
struct transfer_ends {
	int64_t from_group, to_group, from_window, to_window;
	const char *note;
};

static json_t *event_ticket_json(const struct ticket *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I}", "id", (json_int_t)t->id,
			 "number", t->number, "group_code", t->group_code, "group_name",
			 t->group_name, "status", ticket_status_name(t->status), "window_number",
			 t->window_id ? json_integer(t->window_number) : json_null(), "window_name",
			 t->window_id ? json_string(t->window_name) : json_null(), "call_count",
			 (json_int_t)t->call_count);
}

/* The ticket_events row; *id receives its id. */
static int insert_event(struct db *db, const struct ticket *t, const char *kind,
			const struct audit_actor *actor, int64_t now,
			const struct transfer_ends *ends, const char *data, int64_t *id,
			struct bm_error *err)
{
	struct db_stmt *st = db_prepare(
		db,
		"INSERT INTO ticket_events (ticket_id, venue_id, kind, at, actor_id, window_id, "
		"from_group_id, to_group_id, from_window_id, to_window_id, note, data) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -1;
	int64_t ids[] = {actor->user_id, t->window_id, ends ? ends->from_group : 0,
			 ends ? ends->to_group : 0, ends ? ends->from_window : 0,
			 ends ? ends->to_window : 0};
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, t->venue_id);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, now);
	for (int i = 0; i < 6; i++) {
		if (ids[i])
			db_bind_int(st, 5 + i, ids[i]);
		else
			db_bind_null(st, 5 + i);
	}
	db_bind_text(st, 11, ends && ends->note ? ends->note : "");
	db_bind_text(st, 12, data);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_internal(err, "ticket event insert returned no id");
}

/* Writes the history row, announces the event and audits the change. `t` is the ticket after
 * the change. */
static int record_event(struct db *db, const struct ticket *t, const char *kind,
			const struct audit_actor *actor, int64_t now,
			const struct transfer_ends *ends, struct bm_error *err)
{
	json_t *waiting;
	if (queue_waiting_counts(db, t->venue_id, t->service_date, &waiting, err) < 0)
		return -1;
	json_t *event = json_pack("{s:s, s:o, s:o, s:o}", "kind", kind, "ticket",
				  event_ticket_json(t), "waiting", waiting, "at", queue_time_json(now));
	char *data = json_dumps(event, JSON_COMPACT);
	int64_t event_id = 0;
	int rc = data ? insert_event(db, t, kind, actor, now, ends, data, &event_id, err)
		      : bm_error_oom(err);
	if (rc == 0) {
		struct buf wire = BUF_INIT;
		hub_event_encode(&(struct hub_event){.kind = HUB_EVENT, .topic = t->venue_id,
						     .id = event_id, .type = kind, .data = data},
				 &wire);
		rc = db_notify(db, buf_cstr(&wire), err);
		buf_free(&wire);
	}
	if (rc == 0) {
		char action[32], id_text[32];
		snprintf(action, sizeof action, "ticket.%s", kind);
		snprintf(id_text, sizeof id_text, "%lld", (long long)t->id);
		json_t *after = ticket_json(t);
		rc = audit_append(db, actor, now, action, "ticket", id_text, NULL, after, err);
		json_decref(after);
	}
	free(data);
	json_decref(event);
	return rc;
}

int queue_group_estimate(struct db *db, int64_t group_id, int64_t ahead, int64_t *minutes,
			 struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT COUNT(*), COALESCE(SUM(finished_at - started_at), 0) FROM ("
		" SELECT started_at, finished_at FROM tickets WHERE group_id = ? AND status = 'done'"
		" AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20) recent",
		"i", group_id);
	if (!st)
		return -1;
	int64_t served = 0, seconds = 0, windows = 0;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		served = db_col_int(st, 0);
		seconds = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc < 0 ||
	    db_query_int(db, err, &windows,
			 "SELECT COUNT(*) FROM window_groups wg JOIN windows w ON w.id = wg.window_id "
			 "WHERE wg.group_id = ? AND w.active = 1",
			 "i", group_id) < 0)
		return -1;
	*minutes = queue_estimate_minutes(ahead, served > 0 ? seconds / served : 0, windows);
	return 0;
}

/* --- taking a number ---------------------------------------------------------------------- */

struct group_row {
	char prefix[8];
	int64_t daily_cap, wait_alert;
};

static int load_group(struct db *db, int64_t venue_id, int64_t group_id, struct group_row *g,
		      struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT prefix, daily_cap, wait_alert FROM venue_groups "
				      "WHERE id = ? AND venue_id = ? AND active = 1",
				      "ii", group_id, venue_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		snprintf(g->prefix, sizeof g->prefix, "%s", db_col_text(st, 0));
		g->daily_cap = db_col_int(st, 1);
		g->wait_alert = db_col_int(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "group_not_found", "该场所没有这个取号分组");
}

/* The next number of the group today, refusing past the daily cap. */
static int next_seq(struct db *db, int64_t venue_id, int64_t group_id, const char *date,
		    const struct group_row *g, int64_t *seq, struct bm_error *err)
{
	int64_t last = 0;
	if (db_query_int(db, err, &last,
			 "SELECT last_seq FROM ticket_counters WHERE venue_id = ? AND group_id = ? "
			 "AND service_date = ?",
			 "iit", venue_id, group_id, date) < 0)
		return -1;
	if (g->daily_cap > 0 && last >= g->daily_cap)
		return bm_error_set(err, 409, "daily_cap_reached", "今日该分组的号已取完（每日限 %lld 个）",
				    (long long)g->daily_cap);
	if (db_exec_params(db, err,
			   "INSERT INTO ticket_counters (venue_id, group_id, service_date, last_seq) "
			   "VALUES (?, ?, ?, 1) ON CONFLICT (venue_id, group_id, service_date) "
			   "DO UPDATE SET last_seq = ticket_counters.last_seq + 1",
			   "iit", venue_id, group_id, date) < 0)
		return -1;
	*seq = last + 1;
	return 0;
}

static bool known_priority_kind(const char *kind)
{
	for (int i = 0; priority_kinds[i]; i++)
		if (strcmp(kind, priority_kinds[i]) == 0)
			return true;
	return false;
}

static int check_take_input(const struct queue_take_input *in, struct bm_error *err)
{
	if (in->priority_kind && !known_priority_kind(in->priority_kind)) {
		bm_error_set(err, 400, "invalid_field", "优先类别（priority_kind）的取值无效");
		return bm_error_field(err, "priority_kind");
	}
	if (in->appointment && in->slot_start >= in->slot_end) {
		bm_error_set(err, 400, "invalid_field", "预约时段的结束时间（appointment.slot_end）应晚于开始时间");
		return bm_error_field(err, "appointment.slot_end");
	}
	return 0;
}

int queue_take(struct db *db, const struct queue_take_input *in, const struct audit_actor *actor,
	       int64_t now, json_t **out, struct bm_error *err)
{
	struct group_row g;
	char date[16], number[16], key[33];
	int64_t seq = 0, id;
	if (check_take_input(in, err) < 0 || load_group(db, in->venue_id, in->group_id, &g, err) < 0)
		return -1;
	queue_today(now, date);
	if (next_seq(db, in->venue_id, in->group_id, date, &g, &seq, err) < 0)
		return -1;
	queue_format_number(g.prefix, seq, number);
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(key, sizeof key, raw, sizeof raw);
	struct db_stmt *st = db_prepare(
		db,
		"INSERT INTO tickets (venue_id, group_id, issued_group_id, service_date, seq, number, "
		"priority, priority_kind, source, slot_start, slot_end, status, taken_at, queued_at, "
		"ticket_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -1;
	db_bind_int(st, 1, in->venue_id);
	db_bind_int(st, 2, in->group_id);
	db_bind_int(st, 3, in->group_id);
	db_bind_text(st, 4, date);
	db_bind_int(st, 5, seq);
	db_bind_text(st, 6, number);
	db_bind_int(st, 7, in->priority_kind != NULL);
	db_bind_text(st, 8, in->priority_kind);
	db_bind_text(st, 9, in->appointment ? "appointment" : "walk_in");
	if (in->appointment) {
		db_bind_int(st, 10, in->slot_start);
		db_bind_int(st, 11, in->slot_end);
	} else {
		db_bind_null(st, 10);
		db_bind_null(st, 11);
	}
	db_bind_int(st, 12, now);
	db_bind_int(st, 13, now);
	db_bind_text(st, 14, key);
	int rc = db_step(st, err);
	id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc < 0)
		return -1;

	struct ticket t;
	int64_t ahead, minutes, waiting = 0;
	if (ticket_load(db, id, &t, err) <= 0 || record_event(db, &t, "take", actor, now, NULL, err) < 0 ||
	    queue_people_ahead(db, &t, now, &ahead, err) < 0 ||
	    queue_group_estimate(db, t.group_id, ahead, &minutes, err) < 0 ||
	    db_query_int(db, err, &waiting,
			 "SELECT COUNT(*) FROM tickets WHERE group_id = ? AND service_date = ? "
			 "AND status = 'waiting'",
			 "it", t.group_id, date) < 0)
		return err->code ? -1 : bm_error_internal(err, "ticket vanished");
	*out = ticket_json(&t);
	json_object_set_new(*out, "people_ahead", json_integer(ahead));
	json_object_set_new(*out, "estimated_wait_minutes", json_integer(minutes));
	json_object_set_new(*out, "waiting_alert", json_boolean(g.wait_alert > 0 && waiting >= g.wait_alert));
	json_object_set_new(*out, "key", json_string(key));
	return 0;
}

/* --- calling ------------------------------------------------------------------------------ */

struct window_row {
	int64_t venue_id;
	bool active;
};

static int load_window(struct db *db, int64_t window_id, struct window_row *w, struct bm_error *err)
{
	struct db_stmt *st =
		db_query(db, err, "SELECT venue_id, active FROM windows WHERE id = ?", "i", window_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		w->venue_id = db_col_int(st, 0);
		w->active = db_col_int(st, 1) != 0;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "window_not_found", "窗口不存在");
}

int queue_call_next(struct db *db, int64_t window_id, const struct audit_actor *actor, int64_t now,
		    json_t **out, struct bm_error *err)
{
	struct window_row w;
	char date[16];
	int64_t busy = 0;
	if (load_window(db, window_id, &w, err) < 0)
		return -1;
	if (!w.active)
		return bm_error_set(err, 409, "window_inactive", "该窗口已停用");
	if (db_query_int(db, err, &busy,
			 "SELECT COUNT(*) FROM tickets WHERE window_id = ? AND status IN ('called', 'serving')",
			 "i", window_id) < 0)
		return -1;
	if (busy > 0)
		return bm_error_set(err, 409, "window_busy", "本窗口还有已叫号或办理中的号，请先办结、过号或转办");
	queue_today(now, date);
	struct queue_candidate *c;
	int n;
	if (queue_candidates(db, w.venue_id, date, window_id, 0, &c, &n, err) < 0)
		return -1;
	int pick = queue_pick(c, n, now);
	int64_t ticket_id = pick >= 0 ? c[pick].id : 0;
	free(c);
	if (!ticket_id) {
		*out = json_null();
		return 0;
	}
	if (db_exec_params(db, err,
			   "UPDATE tickets SET status = 'called', window_id = ?, target_window_id = NULL, "
			   "call_count = 1, called_at = ?, first_called_at = COALESCE(first_called_at, ?) "
			   "WHERE id = ? AND status = 'waiting'",
			   "iiii", window_id, now, now, ticket_id) != 1)
		return err->code ? -1 : bm_error_internal(err, "chosen ticket was not waiting");
	struct ticket t;
	if (ticket_load(db, ticket_id, &t, err) <= 0 ||
	    record_event(db, &t, "call", actor, now, NULL, err) < 0)
		return err->code ? -1 : bm_error_internal(err, "ticket vanished");
	*out = ticket_json(&t);
	return 0;
}

/* --- the other moves ---------------------------------------------------------------------- */

static int max_calls(struct db *db, int64_t *out, struct bm_error *err)
{
	char text[32];
	int set = settings_get(db, QUEUE_SETTING_MAX_CALLS, text, sizeof text, err);
	if (set < 0)
		return -1;
	*out = set ? strtoll(text, NULL, 10) : QUEUE_DEFAULT_MAX_CALLS;
	if (*out < 1)
		*out = QUEUE_DEFAULT_MAX_CALLS;
	return 0;
}

static int refuse_move(enum queue_verdict v, const struct ticket *t, int64_t limit,
		       struct bm_error *err)
{
	switch (v) {
	case QUEUE_RECALL_LIMIT:
		return bm_error_set(err, 409, "recall_limit", "%s 已叫号 %lld 次，请标记过号", t->number,
				    (long long)limit);
	case QUEUE_TOO_FEW_CALLS:
		return bm_error_set(err, 409, "too_few_calls", "%s 叫号满 %lld 次后才能标记过号（已叫 %lld 次）",
				    t->number, (long long)limit, (long long)t->call_count);
	default:
		return bm_error_set(err, 409, "illegal_transition", "%s 当前状态为“%s”，不能执行此操作",
				    t->number, ticket_status_label(t->status));
	}
}

/* Resolves and checks the target of a transfer; fills ends. */
static int transfer_target(struct db *db, const struct ticket *t, const struct queue_move_input *in,
			   struct transfer_ends *ends, struct bm_error *err)
{
	if ((in->to_window_id != 0) == (in->to_group_id != 0))
		return bm_error_set(err, 400, "invalid_transfer", "请指定转往的窗口或分组（二选一）");
	ends->from_group = t->group_id;
	ends->from_window = t->window_id;
	ends->note = in->note;
	if (in->to_window_id) {
		struct window_row w;
		if (load_window(db, in->to_window_id, &w, err) < 0)
			return -1;
		if (w.venue_id != t->venue_id || !w.active)
			return bm_error_set(err, 409, "invalid_transfer", "只能转往本场所在用的窗口");
		if (in->to_window_id == t->window_id)
			return bm_error_set(err, 409, "invalid_transfer", "不能转往当前窗口");
		ends->to_window = in->to_window_id;
		ends->to_group = t->group_id;
		return 0;
	}
	struct group_row g;
	if (load_group(db, t->venue_id, in->to_group_id, &g, err) < 0)
		return -1;
	ends->to_group = in->to_group_id;
	return 0;
}

static int apply_move(struct db *db, const struct ticket *t, enum ticket_action action,
		      const struct queue_move_input *in, const struct transfer_ends *ends,
		      int64_t now, struct bm_error *err)
{
	enum ticket_status after = queue_status_after(t->status, action);
	const char *status = ticket_status_name(after);
	switch (action) {
	case TICKET_RECALL:
		return db_exec_params(db, err,
				      "UPDATE tickets SET call_count = call_count + 1, called_at = ? "
				      "WHERE id = ?",
				      "ii", now, t->id) < 0 ? -1 : 0;
	case TICKET_START:
		return db_exec_params(db, err, "UPDATE tickets SET status = ?, started_at = ? WHERE id = ?",
				      "tii", status, now, t->id) < 0 ? -1 : 0;
	case TICKET_FINISH:
		return db_exec_params(db, err,
				      "UPDATE tickets SET status = ?, finished_at = ?, case_no = ? "
				      "WHERE id = ?",
				      "titi", status, now, in->case_no, t->id) < 0 ? -1 : 0;
	case TICKET_NO_SHOW_ACTION:
		return db_exec_params(db, err, "UPDATE tickets SET status = ?, finished_at = ? WHERE id = ?",
				      "tii", status, now, t->id) < 0 ? -1 : 0;
	case TICKET_TRANSFER:
		/* Back in line, at the front of the target's line (queue_rules.h), its service so far
		 * forgotten: the next window calls, starts and finishes it afresh. */
		return db_exec_params(db, err,
				      "UPDATE tickets SET status = 'waiting', group_id = ?, "
				      "target_window_id = NULLIF(CAST(? AS BIGINT), 0), window_id = NULL, transfers = transfers + 1, "
				      "queued_at = ?, call_count = 0, called_at = NULL, started_at = NULL "
				      "WHERE id = ?",
				      "iiii", ends->to_group, ends->to_window, now,
				      t->id) < 0
			       ? -1
			       : 0;
	default:
		return bm_error_internal(err, "queue_move: unexpected action");
	}
}

int queue_move(struct db *db, int64_t ticket_id, enum ticket_action action,
	       const struct queue_move_input *in, const struct audit_actor *actor, int64_t now,
	       json_t **out, struct bm_error *err)
{
	struct ticket t;
	int64_t limit;
	int found = ticket_load(db, ticket_id, &t, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "ticket_not_found", "排队号不存在");
	if (max_calls(db, &limit, err) < 0)
		return -1;
	enum queue_verdict v = action == TICKET_CALL ? QUEUE_ILLEGAL
						     : queue_check_move(t.status, action, t.call_count, limit);
	if (v != QUEUE_OK)
		return refuse_move(v, &t, limit, err);
	char today[16];
	queue_today(now, today);
	if (strcmp(today, t.service_date) != 0)
		return bm_error_set(err, 409, "ticket_not_today", "%s 是 %s 的号，已过期", t.number,
				    t.service_date);
	struct transfer_ends ends = {0};
	if (action == TICKET_TRANSFER && transfer_target(db, &t, in, &ends, err) < 0)
		return -1;
	if (apply_move(db, &t, action, in, &ends, now, err) < 0)
		return -1;
	struct ticket after;
	if (ticket_load(db, ticket_id, &after, err) <= 0 ||
	    record_event(db, &after, ticket_action_name(action), actor, now,
			 action == TICKET_TRANSFER ? &ends : NULL, err) < 0)
		return err->code ? -1 : bm_error_internal(err, "ticket vanished");
	*out = ticket_json(&after);
	return 0;
}
