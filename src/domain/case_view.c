/*
** case_view.c — cases as JSON: the whole case with its timeline, worklist summaries and the
** public progress view (see case_store.h, docs/api.md "Cases").
**
** Personal data: the applicant's ID number is shown in full only to the orgs whose venues
** the case passed through, and such a read is audited; the public view carries none at all
** (no name, ID number or phone; steps name venues, never people).
*/
#include "domain/case_internal.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/idcard.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- column helpers ---- */

static json_t *time_json(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col) || db_col_int(st, col) == 0)
		return json_null();
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(db_col_int(st, col), text);
	return json_string(text);
}

static json_t *text_json(struct db_stmt *st, int col)
{
	const char *t = db_col_text(st, col);
	return t ? json_string(t) : json_null();
}

static json_t *parsed_json(struct db_stmt *st, int col)
{
	const char *t = db_col_text(st, col);
	json_t *v = t ? json_loads(t, 0, NULL) : NULL;
	return v ? v : json_null();
}

static json_t *venue_json(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col))
		return json_null();
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_col_int(st, col), "name",
			 db_col_text(st, col + 1), "org_code", db_col_text(st, col + 2));
}

static json_t *user_json(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col))
		return json_null();
	return json_pack("{s:s, s:s}", "username", db_col_text(st, col), "display_name",
			 db_col_text(st, col + 1));
}

/* Whether a step is late: finished after its due date, or open and past it today. */
static bool step_late(struct db_stmt *st, int started, int finished, int due_col, int today)
{
	int due = case_date_col(db_col_text(st, due_col));
	if (due == CASE_NO_DATE || db_col_is_null(st, started))
		return false;
	int on = db_col_is_null(st, finished) ? today : date_of_epoch(db_col_int(st, finished));
	return case_step_is_late(due, on);
}

/* Runs `sql` (one parameter: the case number) and collects row_fn's object for each row. */
typedef json_t *(*row_fn)(struct db_stmt *st, int today);

static int rows_json(struct db *db, const char *sql, const char *no, int today, row_fn fn,
		     json_t *obj, const char *key, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, sql, "t", no);
	if (!st)
		return -1;
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(arr, fn(st, today));
	db_reset(st);
	json_object_set_new(obj, key, arr);
	return rc < 0 ? -1 : 0;
}

/* ---- the parts of a case ---- */

static json_t *material_row(struct db_stmt *st, int today)
{
	return json_pack("{s:s, s:s, s:b}", "name", db_col_text(st, 0), "necessity",
			 db_col_text(st, 1), "received", db_col_int(st, 2) != 0);
}

static json_t *notice_row(struct db_stmt *st, int today)
{
	json_t *n = parsed_json(st, 2);
	if (!json_is_object(n)) {
		json_decref(n);
		n = json_object();
	}
	json_object_set_new(n, "seq", json_integer(db_col_int(st, 0)));
	json_object_set_new(n, "issued_at", time_json(st, 1));
	json_object_set_new(n, "issued_by",
			    db_col_is_null(st, 4)
				? json_pack("{s:s, s:s}", "username", db_col_text(st, 3),
					    "display_name", db_col_text(st, 3))
				: user_json(st, 3));
	return n;
}

static json_t *breach_row(struct db_stmt *st, int today)
{
	return json_pack("{s:s, s:s, s:o}", "kind", db_col_text(st, 0), "detail",
			 db_col_text(st, 1), "at", time_json(st, 2));
}

static json_t *suspension_row(struct db_stmt *st, int today)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "reason_kind", db_col_text(st, 0), "reason",
			 db_col_text(st, 1), "started_at", time_json(st, 2), "ended_at",
			 time_json(st, 3), "paused_days",
			 db_col_is_null(st, 4) ? json_null() : json_integer(db_col_int(st, 4)));
}

static json_t *step_row(struct db_stmt *st, int today)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "seq",
			 (json_int_t)db_col_int(st, 0), "kind", db_col_text(st, 1), "name",
			 db_col_text(st, 2), "venue", venue_json(st, 3), "actor", user_json(st, 6),
			 "started_at", time_json(st, 8), "finished_at", time_json(st, 9),
			 "due_date", text_json(st, 10), "outcome", text_json(st, 11), "late",
			 step_late(st, 8, 9, 10, today));
}

static json_t *event_row(struct db_stmt *st, int today)
{
	return json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}", "at", time_json(st, 0), "action",
			 db_col_text(st, 1), "actor", db_col_text(st, 2), "from", text_json(st, 3),
			 "to", text_json(st, 4), "note", text_json(st, 5));
}

#define STEPS_SELECT                                                                               \
	"SELECT s.seq, s.kind, s.name, s.venue_id, v.name, v.org_code, u.username, "               \
	"u.display_name, s.started_at, s.finished_at, s.due_date, s.outcome FROM case_steps s "    \
	"LEFT JOIN venues v ON v.id = s.venue_id LEFT JOIN users u ON u.id = s.actor_id "          \
	"WHERE s.case_no = ? ORDER BY s.seq"

static int case_parts_json(struct db *db, const char *no, int today, json_t *c,
			   struct bm_error *err)
{
	static const struct {
		const char *key;
		const char *sql;
		row_fn fn;
	} parts[] = {
	    {"materials",
	     "SELECT name, necessity, received FROM case_materials WHERE case_no = ? ORDER BY seq",
	     material_row},
	    {"notices",
	     "SELECT n.seq, n.issued_at, n.doc, n.issued_by, u.display_name FROM case_notices n "
	     "LEFT JOIN users u ON u.username = n.issued_by WHERE n.case_no = ? ORDER BY n.seq",
	     notice_row},
	    {"breaches", "SELECT kind, detail, at FROM case_breaches WHERE case_no = ? ORDER BY id",
	     breach_row},
	    {"suspensions",
	     "SELECT reason_kind, reason, started_at, ended_at, paused_days FROM case_suspensions "
	     "WHERE case_no = ? ORDER BY seq",
	     suspension_row},
	    {"steps", STEPS_SELECT, step_row},
	    {"events",
	     "SELECT at, action, actor, from_status, to_status, note FROM case_events "
	     "WHERE case_no = ? ORDER BY id",
	     event_row},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (rows_json(db, parts[i].sql, no, today, parts[i].fn, c, parts[i].key, err) < 0)
			return -1;
	return 0;
}

/* ---- the whole case ---- */

#define CASE_SELECT                                                                                \
	"SELECT c.no, c.status, c.item_code, c.item_name, c.item_version, c.kind, "                \
	"c.promised_days, c.channel, c.urgent, c.applicant_name, c.applicant_id_number, "          \
	"c.applicant_phone, c.origin_venue_id, ov.name, ov.org_code, c.current_venue_id, "         \
	"cv.name, cv.org_code, ru.username, ru.display_name, fu.username, fu.display_name, "       \
	"c.inquiry_id, c.created_at, c.accepted_at, c.due_date, c.completed_at, "                  \
	"c.delivered_at, c.outcome, c.result, c.documents, c.delivery, c.track_key, "              \
	"c.deferred_materials, c.deferred_promise, c.deferred_supply_date, "                       \
	"c.deferred_supplied_at FROM cases c "                                                     \
	"JOIN venues ov ON ov.id = c.origin_venue_id JOIN venues cv ON cv.id = "                   \
	"c.current_venue_id "                                                                      \
	"JOIN users ru ON ru.id = c.receiver_id JOIN users fu ON fu.id = c.first_responder_id "    \
	"WHERE c.no = ?"

static json_t *deferred_json(struct db_stmt *st)
{
	if (db_col_is_null(st, 33))
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o}", "materials", parsed_json(st, 33), "promise",
			 text_json(st, 34), "supply_date", text_json(st, 35), "supplied_at",
			 time_json(st, 36));
}

static json_t *case_head_json(struct db_stmt *st, bool full_id)
{
	enum case_state state = CASE_STATE_DRAFT;
	case_state_parse(db_col_text(st, 1), &state);
	char masked[IDCARD_SIZE];
	idcard_mask(db_col_text(st, 10), masked);
	json_t *applicant =
	    json_pack("{s:s, s:s, s:s}", "name", db_col_text(st, 9), "id_number",
		      full_id ? db_col_text(st, 10) : masked, "phone", db_col_text(st, 11));
	json_t *c =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:b, s:o}", "no",
		      db_col_text(st, 0), "status", db_col_text(st, 1), "status_label",
		      case_state_label(state), "item_code", db_col_text(st, 2), "item_name",
		      db_col_text(st, 3), "item_version", (json_int_t)db_col_int(st, 4), "kind",
		      db_col_text(st, 5), "promised_days", (json_int_t)db_col_int(st, 6), "channel",
		      db_col_text(st, 7), "urgent", db_col_int(st, 8) != 0, "applicant", applicant);
	json_t *more = json_pack(
	    "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "origin_venue", venue_json(st, 12), "current_venue", venue_json(st, 15), "receiver",
	    user_json(st, 18), "first_responder", user_json(st, 20), "inquiry_id",
	    db_col_is_null(st, 22) ? json_null() : json_integer(db_col_int(st, 22)), "created_at",
	    time_json(st, 23), "accepted_at", time_json(st, 24), "due_date", text_json(st, 25),
	    "completed_at", time_json(st, 26), "delivered_at", time_json(st, 27), "outcome",
	    text_json(st, 28), "result", text_json(st, 29), "documents", parsed_json(st, 30),
	    "delivery", text_json(st, 31), "track_key", text_json(st, 32), "deferred",
	    deferred_json(st));
	json_object_update(c, more);
	json_decref(more);
	if (json_is_null(json_object_get(c, "documents")))
		json_object_set_new(c, "documents", json_array());
	return c;
}

/* Whether the caller's own org had the case at one of its venues. */
static int case_was_here(struct case_op *op, bool *here, struct bm_error *err)
{
	int64_t n = 0;
	if (db_query_int(op->db, err, &n,
			 "SELECT COUNT(*) FROM case_venues WHERE case_no = ? AND org_code = ?",
			 "tt", op->c.no, op->who->org_code) < 0)
		return -1;
	*here = n > 0;
	return 0;
}

static int case_json_loaded(struct case_op *op, bool full_id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(op->db, err, CASE_SELECT, "t", op->c.no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	json_t *c = rc == DB_ROW ? case_head_json(st, full_id) : NULL;
	db_reset(st);
	if (rc != DB_ROW)
		return rc < 0 ? -1 : bm_error_set(err, 404, "case_not_found", "办件不存在");
	if (case_parts_json(op->db, op->c.no, op->today, c, err) < 0) {
		json_decref(c);
		return -1;
	}
	*out = c;
	return 0;
}

int case_get_json(struct db *db, const struct principal *who, int64_t now, const char *no,
		  bool audit_read, json_t **out, struct bm_error *err)
{
	struct case_op op;
	bool full = false;
	memset(&op, 0, sizeof op);
	int rc = auth_require(who, ACT_CASE_READ, err);
	if (rc == 0)
		rc = case_op_begin(&op, db, who, now, err);
	if (rc == 0)
		rc = case_load(&op, no, err);
	if (rc == 0)
		rc = case_require_read_scope(&op, err);
	if (rc == 0)
		rc = case_was_here(&op, &full, err);
	if (rc == 0)
		rc = case_json_loaded(&op, full, out, err);
	if (rc == 0)
		json_object_set_new(*out, "actionable", json_boolean(case_held_by_caller(&op)));
	if (rc == 0 && full && audit_read) { /* a read of the full personal record is audited */
		struct audit_actor actor = case_actor(&op);
		rc = audit_append(db, &actor, now, "case.read", "case", op.c.no, NULL, NULL, err);
		if (rc < 0)
			json_decref(*out);
	}
	case_op_end(&op);
	return rc;
}

/* ---- worklists ---- */

/* Working days left until due (negative when overdue) and the urgency, for running cases. */
static void urgency_json(json_t *s, const struct calendar *cal, int today, const char *status,
			 const char *due_text)
{
	int due = case_date_col(due_text), left;
	struct bm_error ignored;
	bool running = strcmp(status, "accepted") == 0 || strcmp(status, "forwarded") == 0;
	if (due == CASE_NO_DATE || !running ||
	    calendar_working_days_between(cal, today, due, &left, &ignored) < 0) {
		json_object_set_new(s, "working_days_left", json_null());
		json_object_set_new(s, "urgency", json_null());
		return;
	}
	const char *urgency = case_is_late(due, today) ? "overdue"
			      : due == today           ? "due_today"
			      : left <= 2              ? "due_soon"
						       : "normal";
	json_object_set_new(s, "working_days_left", json_integer(left));
	json_object_set_new(s, "urgency", json_string(urgency));
}

/* A WHERE clause and its arguments, built from fixed fragments. */
struct where {
	struct buf sql;
	int n;
	struct {
		char type; /* 'i' or 't' */
		int64_t i;
		const char *t;
	} args[16];
};

static void where_add(struct where *w, const char *clause, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	buf_puts(&w->sql, clause);
	for (const char *t = types; *t && w->n < 16; t++, w->n++) {
		w->args[w->n].type = *t;
		if (*t == 'i')
			w->args[w->n].i = va_arg(ap, int64_t);
		else
			w->args[w->n].t = va_arg(ap, const char *);
	}
	va_end(ap);
}

static struct db_stmt *where_query(struct db *db, const char *head, struct where *w,
				   const char *tail, int64_t limit, int64_t offset,
				   struct bm_error *err)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "%s%s%s", head, buf_cstr(&w->sql), tail);
	struct db_stmt *st = db_prepare(db, buf_cstr(&sql), err);
	buf_free(&sql);
	if (!st)
		return NULL;
	int k = 1;
	for (int i = 0; i < w->n; i++, k++)
		if (w->args[i].type == 'i')
			db_bind_int(st, k, w->args[i].i);
		else
			db_bind_text(st, k, w->args[i].t);
	if (limit > 0) {
		db_bind_int(st, k++, limit);
		db_bind_int(st, k, offset);
	}
	return st;
}

/* Escapes LIKE's wildcards (and the escape character) in q, wrapped in %...%. */
static void like_contains(const char *q, char *out, size_t size)
{
	size_t o = 0;
	if (o + 1 < size)
		out[o++] = '%';
	for (; *q && o + 3 < size; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[o++] = '\\';
		out[o++] = *q;
	}
	out[o++] = '%';
	out[o] = '\0';
}

static int filter_view(struct case_op *op, const struct case_filter *f, struct where *w,
		       char today[11], char bound[11], struct bm_error *err)
{
	const char *v = f->view;
	if (!v)
		return 0;
	if (!strcmp(v, "mine")) {
		where_add(w, " AND (c.receiver_id = ? OR c.holder_id = ?)", "ii", op->who->user_id,
			  op->who->user_id);
	} else if (!strcmp(v, "venue")) {
		if (f->venue_id)
			where_add(w, " AND c.current_venue_id = ?", "i", f->venue_id);
		else
			where_add(w, " AND cv.org_code = ?", "t", op->who->org_code);
	} else if (!strcmp(v, "due_soon")) {
		int b;
		if (calendar_add_working_days(op->cal, op->today, 2, &b, err) < 0)
			return -1;
		case_date_text(b, bound);
		where_add(w,
			  " AND c.status IN ('accepted', 'forwarded') AND c.due_date >= ? "
			  "AND c.due_date <= ?",
			  "tt", today, bound);
	} else if (!strcmp(v, "overdue")) {
		where_add(w, " AND c.status IN ('accepted', 'forwarded') AND c.due_date < ?", "t",
			  today);
	} else if (!strcmp(v, "waiting_materials")) {
		where_add(w,
			  " AND (c.status = 'notified' OR (c.deferred_materials IS NOT NULL "
			  "AND c.deferred_supplied_at IS NULL "
			  "AND c.status IN ('accepted', 'forwarded', 'suspended')))",
			  "");
	} else {
		return bm_error_set(
		    err, 400, "invalid_query",
		    "view 应为 mine、venue、due_soon、overdue 或 waiting_materials");
	}
	return 0;
}

static json_t *summary_row(struct db_stmt *st, const struct calendar *cal, int today)
{
	enum case_state state = CASE_STATE_DRAFT;
	case_state_parse(db_col_text(st, 1), &state);
	json_t *s =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "no", db_col_text(st, 0),
		      "status", db_col_text(st, 1), "status_label", case_state_label(state),
		      "item_code", db_col_text(st, 2), "item_name", db_col_text(st, 3),
		      "applicant_name", db_col_text(st, 4), "current_venue", venue_json(st, 5),
		      "accepted_at", time_json(st, 8), "due_date", text_json(st, 9));
	urgency_json(s, cal, today, db_col_text(st, 1), db_col_text(st, 9));
	return s;
}

static int list_where(struct case_op *op, const struct case_filter *f, struct where *w, char *like,
		      char *q, char today[11], char bound[11], struct bm_error *err)
{
	enum case_state state;
	if (f->status && case_state_parse(f->status, &state) < 0)
		return bm_error_set(err, 400, "invalid_query", "status 的取值无效");
	snprintf(like, 300, "%s%%", op->who->org_path);
	case_date_text(op->today, today);
	where_add(w,
		  " WHERE EXISTS (SELECT 1 FROM case_venues x WHERE x.case_no = c.no "
		  "AND x.org_path LIKE ?)",
		  "t", like);
	if (f->status)
		where_add(w, " AND c.status = ?", "t", f->status);
	if (f->q && f->q[0]) {
		like_contains(f->q, q, 200);
		where_add(w,
			  " AND (c.no LIKE ? ESCAPE '\\' OR c.applicant_name LIKE ? ESCAPE '\\' "
			  "OR c.item_name LIKE ? ESCAPE '\\')",
			  "ttt", q, q, q);
	}
	return filter_view(op, f, w, today, bound, err);
}

#define SUMMARY_HEAD                                                                               \
	"SELECT c.no, c.status, c.item_code, c.item_name, c.applicant_name, c.current_venue_id, "  \
	"cv.name, cv.org_code, c.accepted_at, c.due_date FROM cases c "                            \
	"JOIN venues cv ON cv.id = c.current_venue_id"

static int list_rows(struct case_op *op, const struct case_filter *f, int64_t limit, int64_t offset,
		     json_t **items, int64_t *total, struct bm_error *err)
{
	struct where w = {BUF_INIT, 0, {{0}}};
	char like[300], q[200], today[11], bound[11];
	int rc = list_where(op, f, &w, like, q, today, bound, err);
	struct db_stmt *st = NULL;
	if (rc == 0)
		st = where_query(op->db,
				 "SELECT COUNT(*) FROM cases c JOIN venues cv "
				 "ON cv.id = c.current_venue_id",
				 &w, "", 0, 0, err);
	if (rc == 0 && !st)
		rc = -1;
	if (st) {
		rc = db_step(st, err) == DB_ROW ? 0 : -1;
		*total = rc == 0 ? db_col_int(st, 0) : 0;
		db_reset(st);
	}
	bool by_due = f->view && (!strcmp(f->view, "due_soon") || !strcmp(f->view, "overdue"));
	st = rc == 0
		 ? where_query(op->db, SUMMARY_HEAD, &w,
			       by_due ? " ORDER BY c.due_date, c.no LIMIT ? OFFSET ?"
				      : " ORDER BY c.created_at DESC, c.no DESC LIMIT ? OFFSET ?",
			       limit, offset, err)
		 : NULL;
	buf_free(&w.sql);
	if (!st)
		return -1;
	*items = json_array();
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*items, summary_row(st, op->cal, op->today));
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

int case_list(struct db *db, const struct principal *who, int64_t now, const struct case_filter *f,
	      int64_t limit, int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	struct case_op op;
	memset(&op, 0, sizeof op);
	if (auth_require(who, ACT_CASE_READ, err) < 0 || case_op_begin(&op, db, who, now, err) < 0)
		return -1;
	int rc = list_rows(&op, f, limit, offset, items, total, err);
	case_op_end(&op);
	return rc;
}

/* ---- the public progress view ---- */

static json_t *public_step_row(struct db_stmt *st, int today)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}", "name", db_col_text(st, 2), "venue_name",
			 text_json(st, 4), "started_at", time_json(st, 8), "finished_at",
			 time_json(st, 9), "due_date", text_json(st, 10), "late",
			 step_late(st, 8, 9, 10, today));
}

/* True when the caller proved they know the case: the phone's last four digits, or the key. */
static bool track_matches(const struct case_row *c, const char *phone4, const char *key)
{
	size_t n = strlen(c->phone);
	if (phone4 && strlen(phone4) == 4 && n >= 4 &&
	    sodium_memcmp(c->phone + n - 4, phone4, 4) == 0)
		return true;
	size_t k = strlen(c->track_key);
	return key && k > 0 && strlen(key) == k && sodium_memcmp(c->track_key, key, k) == 0;
}

int case_check_track(struct db *db, const char *no, const char *phone4, const char *key,
		     struct bm_error *err)
{
	struct case_op op;
	memset(&op, 0, sizeof op);
	op.db = db;
	if (case_load(&op, no, err) < 0)
		return -1;
	if (!track_matches(&op.c, phone4, key))
		return bm_error_set(err, 404, "case_not_found", "办件不存在");
	return 0;
}

int case_track(struct db *db, int64_t now, const char *no, const char *phone4, const char *key,
	       json_t **out, struct bm_error *err)
{
	struct case_op op;
	if (case_op_begin(&op, db, NULL, now, err) < 0)
		return -1;
	int rc = case_load(&op, no, err);
	if (rc == 0 && !track_matches(&op.c, phone4, key))
		rc = bm_error_set(err, 404, "case_not_found", "办件不存在");
	struct db_stmt *st = NULL;
	if (rc == 0)
		st = db_query(
		    db, err,
		    "SELECT c.item_name, v.name, c.accepted_at, c.due_date, c.completed_at "
		    "FROM cases c JOIN venues v ON v.id = c.current_venue_id WHERE c.no = ?",
		    "t", no);
	if (rc == 0 && !st)
		rc = -1;
	if (st) {
		rc = db_step(st, err) == DB_ROW ? 0 : -1;
		if (rc == 0)
			*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "no", op.c.no,
					 "status", case_state_name(op.c.status), "status_label",
					 case_state_label(op.c.status), "item_name",
					 db_col_text(st, 0), "venue_name", db_col_text(st, 1),
					 "accepted_at", time_json(st, 2), "due_date",
					 text_json(st, 3), "completed_at", time_json(st, 4));
		db_reset(st);
	}
	if (rc == 0 && rows_json(db, STEPS_SELECT, op.c.no, op.today, public_step_row, *out,
				 "steps", err) < 0) {
		json_decref(*out);
		rc = -1;
	}
	case_op_end(&op);
	return rc;
}

int case_track_path(struct db *db, const struct principal *who, const char *no, char *out,
		    size_t size, struct bm_error *err)
{
	struct case_op op;
	memset(&op, 0, sizeof op);
	op.db = db;
	op.who = who;
	if (auth_require(who, ACT_CASE_READ, err) < 0 || case_load(&op, no, err) < 0 ||
	    case_require_read_scope(&op, err) < 0)
		return -1;
	snprintf(out, size, "/portal/track.html?no=%s&key=%s", op.c.no, op.c.track_key);
	return 0;
}
