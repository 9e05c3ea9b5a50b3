/*
** queue_view.c — reading the queue: one ticket (staff and phone views), the venue's queue for
** the hall display, and the events a reconnecting display missed (see queue.h).
*/
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/queue_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void queue_today(int64_t now, char out[16])
{
	char text[DATE_TEXT_SIZE];
	date_format(date_of_epoch(now), text);
	snprintf(out, 16, "%s", text);
}

json_t *queue_time_json(int64_t t)
{
	if (t <= 0)
		return json_null();
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(t, text);
	return json_string(text);
}

static void copy_col(struct db_stmt *st, int col, char *out, size_t size)
{
	const char *v = db_col_text(st, col);
	snprintf(out, size, "%s", v ? v : "");
}

int ticket_load(struct db *db, int64_t id, struct ticket *t, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT t.id, t.venue_id, v.name, t.group_id, g.code, g.name, t.service_date, t.seq, "
		"t.number, t.priority, t.priority_kind, t.source, t.slot_start, t.slot_end, t.status, "
		"t.window_id, w.number, w.name, t.target_window_id, t.transfers, t.call_count, "
		"t.taken_at, t.queued_at, t.first_called_at, t.called_at, t.started_at, t.finished_at, "
		"t.case_no, t.ticket_key "
		"FROM tickets t JOIN venues v ON v.id = t.venue_id "
		"JOIN venue_groups g ON g.id = t.group_id "
		"LEFT JOIN windows w ON w.id = t.window_id WHERE t.id = ?",
		"i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		memset(t, 0, sizeof *t);
		t->id = db_col_int(st, 0);
		t->venue_id = db_col_int(st, 1);
		copy_col(st, 2, t->venue_name, sizeof t->venue_name);
		t->group_id = db_col_int(st, 3);
		copy_col(st, 4, t->group_code, sizeof t->group_code);
		copy_col(st, 5, t->group_name, sizeof t->group_name);
		copy_col(st, 6, t->service_date, sizeof t->service_date);
		t->seq = db_col_int(st, 7);
		copy_col(st, 8, t->number, sizeof t->number);
		t->priority = db_col_int(st, 9) != 0;
		copy_col(st, 10, t->priority_kind, sizeof t->priority_kind);
		t->appointment = strcmp(db_col_text(st, 11), "appointment") == 0;
		t->slot_start = db_col_int(st, 12);
		t->slot_end = db_col_int(st, 13);
		if (ticket_status_parse(db_col_text(st, 14), &t->status) < 0)
			rc = bm_error_internal(err, "ticket with an unknown status");
		t->window_id = db_col_int(st, 15);
		t->window_number = db_col_int(st, 16);
		copy_col(st, 17, t->window_name, sizeof t->window_name);
		t->target_window_id = db_col_int(st, 18);
		t->transfers = db_col_int(st, 19);
		t->call_count = db_col_int(st, 20);
		t->taken_at = db_col_int(st, 21);
		t->queued_at = db_col_int(st, 22);
		t->first_called_at = db_col_int(st, 23);
		t->called_at = db_col_int(st, 24);
		t->started_at = db_col_int(st, 25);
		t->finished_at = db_col_int(st, 26);
		copy_col(st, 27, t->case_no, sizeof t->case_no);
		copy_col(st, 28, t->key, sizeof t->key);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static json_t *window_json(const struct ticket *t)
{
	if (!t->window_id)
		return json_null();
	return json_pack("{s:I, s:I, s:s}", "id", (json_int_t)t->window_id, "number",
			 (json_int_t)t->window_number, "name", t->window_name);
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

json_t *ticket_json(const struct ticket *t)
{
	return json_pack(
		"{s:I, s:s, s:I, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:b, s:o, s:s, s:o, s:o, "
		"s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)t->id, "number", t->number, "venue_id", (json_int_t)t->venue_id,
		"venue_name", t->venue_name, "group", "id", (json_int_t)t->group_id, "code",
		t->group_code, "name", t->group_name, "service_date", t->service_date, "status",
		ticket_status_name(t->status), "status_label", ticket_status_label(t->status),
		"priority", t->priority, "priority_kind", text_or_null(t->priority_kind), "source",
		t->appointment ? "appointment" : "walk_in", "slot_start",
		queue_time_json(t->appointment ? t->slot_start : 0), "slot_end",
		queue_time_json(t->appointment ? t->slot_end : 0), "window", window_json(t),
		"target_window_id", t->target_window_id ? json_integer(t->target_window_id) : json_null(),
		"call_count", (json_int_t)t->call_count, "transfers", (json_int_t)t->transfers,
		"taken_at", queue_time_json(t->taken_at), "first_called_at",
		queue_time_json(t->first_called_at), "called_at", queue_time_json(t->called_at),
		"started_at", queue_time_json(t->started_at), "finished_at",
		queue_time_json(t->finished_at), "case_no", text_or_null(t->case_no));
}

struct queue_candidate ticket_candidate(const struct ticket *t)
{
	return (struct queue_candidate){
		.id = t->id,
		.priority = t->priority,
		.transferred = t->transfers > 0,
		.appointment = t->appointment,
		.slot_start = t->slot_start,
		.slot_end = t->slot_end,
		.queued_at = t->queued_at,
	};
}

int queue_candidates(struct db *db, int64_t venue_id, const char *date, int64_t window_id,
		     int64_t group_id, struct queue_candidate **out, int *n, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT id, priority, transfers, source, slot_start, slot_end, queued_at FROM tickets "
		"WHERE venue_id = ? AND service_date = ? AND status = 'waiting' AND ("
		" (target_window_id = ?) OR (target_window_id IS NULL AND ("
		"  group_id = ? OR group_id IN (SELECT group_id FROM window_groups WHERE window_id = ?))))",
		"itiii", venue_id, date, window_id, group_id, window_id);
	if (!st)
		return -1;
	size_t alloc = 16;
	*n = 0;
	*out = malloc(alloc * sizeof **out);
	int rc = DB_DONE;
	while (*out && (rc = db_step(st, err)) == DB_ROW) {
		if ((size_t)*n == alloc) {
			alloc *= 2;
			struct queue_candidate *grown = realloc(*out, alloc * sizeof **out);
			if (!grown) {
				free(*out);
				*out = NULL;
				break;
			}
			*out = grown;
		}
		(*out)[(*n)++] = (struct queue_candidate){
			.id = db_col_int(st, 0),
			.priority = db_col_int(st, 1) != 0,
			.transferred = db_col_int(st, 2) > 0,
			.appointment = strcmp(db_col_text(st, 3), "appointment") == 0,
			.slot_start = db_col_int(st, 4),
			.slot_end = db_col_int(st, 5),
			.queued_at = db_col_int(st, 6),
		};
	}
	db_reset(st);
	if (!*out)
		return bm_error_oom(err);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int queue_waiting_counts(struct db *db, int64_t venue_id, const char *date, json_t **out,
			 struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT g.code, (SELECT COUNT(*) FROM tickets t WHERE t.group_id = g.id AND "
		"t.service_date = ? AND t.status = 'waiting') FROM venue_groups g "
		"WHERE g.venue_id = ? AND g.active = 1 ORDER BY g.sort, g.code",
		"ti", date, venue_id);
	if (!st)
		return -1;
	*out = json_object();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_object_set_new(*out, db_col_text(st, 0), json_integer(db_col_int(st, 1)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int queue_ticket_venue(struct db *db, int64_t ticket_id, int64_t *venue_id, struct bm_error *err)
{
	return db_query_int(db, err, venue_id, "SELECT venue_id FROM tickets WHERE id = ?", "i",
			    ticket_id);
}

int queue_window_venue(struct db *db, int64_t window_id, int64_t *venue_id, struct bm_error *err)
{
	return db_query_int(db, err, venue_id, "SELECT venue_id FROM windows WHERE id = ?", "i",
			    window_id);
}

int queue_ticket_get(struct db *db, int64_t ticket_id, int64_t now, json_t **out,
		     struct bm_error *err)
{
	struct ticket t;
	int found = ticket_load(db, ticket_id, &t, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "ticket_not_found", "排队号不存在");
	*out = ticket_json(&t);
	return 0;
}

/* People ahead of a waiting ticket in its group (or at the window it was sent to). */
int queue_people_ahead(struct db *db, const struct ticket *t, int64_t now, int64_t *ahead,
		       struct bm_error *err)
{
	*ahead = 0;
	if (t->status != TICKET_WAITING)
		return 0;
	struct queue_candidate *c;
	int n;
	if (queue_candidates(db, t->venue_id, t->service_date, t->target_window_id,
			     t->target_window_id ? 0 : t->group_id, &c, &n, err) < 0)
		return -1;
	struct queue_candidate me = ticket_candidate(t);
	*ahead = queue_ahead(c, n, &me, now);
	free(c);
	return 0;
}

int queue_ticket_key_ok(struct db *db, int64_t ticket_id, const char *key, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT ticket_key FROM tickets WHERE id = ?", "i", ticket_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool ok = rc == DB_ROW && key && strcmp(db_col_text(st, 0), key) == 0;
	db_reset(st);
	return rc < 0 ? -1 : ok;
}

/* What the holder of a finished ticket needs to rate the case it led to (好差评 from the
 * phone page): {"case_no", "key"} — the case's tracking key, which the receipt prints too — or
 * JSON null while the ticket is not done or led to no case. */
static int ticket_rating_proof(struct db *db, const struct ticket *t, json_t **out,
			       struct bm_error *err)
{
	*out = json_null();
	if (t->status != TICKET_DONE || !t->case_no[0])
		return 0;
	struct db_stmt *st = db_query(db, err, "SELECT track_key FROM cases WHERE no = ?", "t",
				      t->case_no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = json_pack("{s:s, s:s}", "case_no", t->case_no, "key", db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int queue_ticket_public(struct db *db, int64_t ticket_id, const char *key, int64_t now,
			json_t **out, struct bm_error *err)
{
	struct ticket t;
	int found = ticket_load(db, ticket_id, &t, err);
	if (found < 0)
		return -1;
	if (!found || !key || strcmp(key, t.key) != 0)
		return bm_error_set(err, 404, "ticket_not_found", "排队号不存在");
	int64_t ahead, minutes = 0;
	if (queue_people_ahead(db, &t, now, &ahead, err) < 0 ||
	    (t.status == TICKET_WAITING && queue_group_estimate(db, t.group_id, ahead, &minutes, err) < 0))
		return -1;
	json_t *rating;
	if (ticket_rating_proof(db, &t, &rating, err) < 0)
		return -1;
	*out = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)t.id, "number", t.number, "venue_id",
			 (json_int_t)t.venue_id, "venue_name", t.venue_name, "group_name", t.group_name,
			 "service_date", t.service_date, "status", ticket_status_name(t.status),
			 "status_label", ticket_status_label(t.status), "people_ahead",
			 (json_int_t)ahead, "estimated_wait_minutes", (json_int_t)minutes,
			 "window_number", t.window_id ? json_integer(t.window_number) : json_null(),
			 "taken_at", queue_time_json(t.taken_at), "called_at",
			 queue_time_json(t.called_at), "rating", rating);
	return 0;
}

/* Tickets of the day being called or served, or the last calls: the display's two lists. */
static int calls_json(struct db *db, int64_t venue_id, const char *date, bool current,
		      json_t **out, struct bm_error *err)
{
	const char *sql =
		current ? "SELECT t.id, t.number, t.status, w.number, w.name, t.called_at, t.call_count "
			  "FROM tickets t JOIN windows w ON w.id = t.window_id WHERE t.venue_id = ? "
			  "AND t.service_date = ? AND t.status IN ('called', 'serving') "
			  "ORDER BY t.called_at DESC, t.id DESC LIMIT 50"
			: "SELECT t.id, t.number, t.status, w.number, w.name, t.called_at, t.call_count "
			  "FROM tickets t JOIN windows w ON w.id = t.window_id WHERE t.venue_id = ? "
			  "AND t.service_date = ? AND t.called_at IS NOT NULL "
			  "ORDER BY t.called_at DESC, t.id DESC LIMIT 10";
	struct db_stmt *st = db_query(db, err, sql, "it", venue_id, date);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		enum ticket_status s = TICKET_CALLED;
		ticket_status_parse(db_col_text(st, 2), &s);
		json_array_append_new(
			*out, json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:I}", "ticket_id",
					(json_int_t)db_col_int(st, 0), "number", db_col_text(st, 1),
					"status", ticket_status_name(s), "window_number",
					(json_int_t)db_col_int(st, 3), "window_name", db_col_text(st, 4),
					"called_at", queue_time_json(db_col_int(st, 5)), "call_count",
					(json_int_t)db_col_int(st, 6)));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

static int groups_json(struct db *db, int64_t venue_id, const char *date, json_t **out,
		       struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT g.id, g.code, g.name, g.prefix, g.wait_alert, g.daily_cap, "
		"(SELECT COUNT(*) FROM tickets t WHERE t.group_id = g.id AND t.service_date = ? "
		"AND t.status = 'waiting'), "
		"(SELECT COUNT(*) FROM tickets t WHERE t.issued_group_id = g.id AND t.service_date = ?) "
		"FROM venue_groups g WHERE g.venue_id = ? AND g.active = 1 ORDER BY g.sort, g.code",
		"tti", date, date, venue_id);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int64_t alert = db_col_int(st, 4), waiting = db_col_int(st, 6);
		json_array_append_new(
			*out, json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:I, s:I}", "id",
					(json_int_t)db_col_int(st, 0), "code", db_col_text(st, 1),
					"name", db_col_text(st, 2), "prefix", db_col_text(st, 3),
					"waiting", (json_int_t)waiting, "alert", alert > 0 && waiting >= alert,
					"taken_today", (json_int_t)db_col_int(st, 7), "daily_cap",
					(json_int_t)db_col_int(st, 5)));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

/* The venue's active windows with the codes of the groups each serves. */
static int windows_json(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT w.id, w.number, w.name, g.code FROM windows w "
		"LEFT JOIN window_groups wg ON wg.window_id = w.id "
		"LEFT JOIN venue_groups g ON g.id = wg.group_id "
		"WHERE w.venue_id = ? AND w.active = 1 ORDER BY w.number, g.sort, g.code",
		"i", venue_id);
	if (!st)
		return -1;
	*out = json_array();
	json_t *last = NULL;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (!last || json_integer_value(json_object_get(last, "id")) != id) {
			last = json_pack("{s:I, s:I, s:s, s:[]}", "id", (json_int_t)id, "number",
					 (json_int_t)db_col_int(st, 1), "name", db_col_text(st, 2),
					 "groups");
			json_array_append_new(*out, last);
		}
		if (!db_col_is_null(st, 3))
			json_array_append_new(json_object_get(last, "groups"),
					      json_string(db_col_text(st, 3)));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int queue_venue_state(struct db *db, int64_t venue_id, int64_t now, json_t **out,
		      struct bm_error *err)
{
	char date[16], name[128];
	queue_today(now, date);
	struct db_stmt *st = db_query(db, err, "SELECT name FROM venues WHERE id = ?", "i", venue_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		copy_col(st, 0, name, sizeof name);
	db_reset(st);
	if (rc != DB_ROW)
		return rc < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	int64_t last_event = 0;
	json_t *groups = NULL, *windows = NULL, *current = NULL, *recent = NULL;
	if (db_query_int(db, err, &last_event,
			 "SELECT COALESCE(MAX(id), 0) FROM ticket_events WHERE venue_id = ?", "i",
			 venue_id) < 0 ||
	    groups_json(db, venue_id, date, &groups, err) < 0 ||
	    windows_json(db, venue_id, &windows, err) < 0 ||
	    calls_json(db, venue_id, date, true, &current, err) < 0 ||
	    calls_json(db, venue_id, date, false, &recent, err) < 0) {
		json_decref(groups);
		json_decref(windows);
		json_decref(current);
		return -1;
	}
	*out = json_pack("{s:{s:I, s:s}, s:s, s:o, s:o, s:o, s:o, s:I}", "venue", "id",
			 (json_int_t)venue_id, "name", name, "date", date, "groups", groups, "windows",
			 windows, "current", current, "recent", recent, "last_event_id",
			 (json_int_t)last_event);
	return 0;
}

int queue_events_since(struct db *db, int64_t venue_id, int64_t after_id, json_t **out,
		       bool *complete, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, kind, data FROM ticket_events WHERE venue_id = ? "
				      "AND id > ? ORDER BY id LIMIT ?",
				      "iii", venue_id, after_id, (int64_t)QUEUE_REPLAY_LIMIT + 1);
	if (!st)
		return -1;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s}", "id",
						      (json_int_t)db_col_int(st, 0), "type",
						      db_col_text(st, 1), "data", db_col_text(st, 2)));
	db_reset(st);
	if (rc < 0) {
		json_decref(*out);
		return -1;
	}
	*complete = json_array_size(*out) <= QUEUE_REPLAY_LIMIT;
	return 0;
}
