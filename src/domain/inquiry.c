/*
** inquiry.c — first inquiries and their hand-over chain (see inquiry.h).
*/
#include "domain/inquiry.h"

#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/venue.h"

#include <stdio.h>
#include <string.h>

static const struct jcheck_field create_spec[] = {
	{"venue_id", "场所", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"citizen_name", "群众姓名", JC_STRING, false, 0, 32, 0, NULL, NULL},
	{"phone", "联系电话", JC_STRING, false, 0, 20, 0, NULL, NULL},
	{"question", "咨询事项", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{"item_code", "事项编码", JC_STRING, false, 1, 40, 0, NULL, NULL},
	{"handed_from", "转来的首问登记", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field answer_spec[] = {
	{"answer", "解答内容", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field hand_over_spec[] = {
	{"to_venue_id", "转交场所", JC_INT, true, 1, INT64_MAX, 0, NULL, NULL},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static struct audit_actor actor_of(const struct principal *who)
{
	return (struct audit_actor){who->user_id, who->username};
}

/* The columns of one inquiry that writers need. */
struct inquiry_row {
	int64_t id, venue_id, responder_id;
	char venue_org[16], status[16], citizen_name[64], phone[32], item_code[48];
	char question[4096];
};

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static int inquiry_load(struct db *db, int64_t id, struct inquiry_row *r, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT q.id, q.venue_id, q.responder_id, v.org_code, q.status, "
				      "q.citizen_name, q.phone, q.item_code, q.question FROM inquiries q "
				      "JOIN venues v ON v.id = q.venue_id WHERE q.id = ?",
				      "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		r->id = db_col_int(st, 0);
		r->venue_id = db_col_int(st, 1);
		r->responder_id = db_col_int(st, 2);
		copy(r->venue_org, sizeof r->venue_org, db_col_text(st, 3));
		copy(r->status, sizeof r->status, db_col_text(st, 4));
		copy(r->citizen_name, sizeof r->citizen_name, db_col_text(st, 5));
		copy(r->phone, sizeof r->phone, db_col_text(st, 6));
		copy(r->item_code, sizeof r->item_code, db_col_text(st, 7));
		copy(r->question, sizeof r->question, db_col_text(st, 8));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "inquiry_not_found", "首问登记不存在");
}

/* An open inquiry at a venue of the caller's own org. */
static int inquiry_load_mine_open(struct db *db, const struct principal *who, int64_t id,
				  struct inquiry_row *r, struct bm_error *err)
{
	if (auth_require(who, ACT_INQUIRY_WRITE, err) < 0 || inquiry_load(db, id, r, err) < 0)
		return -1;
	if (strcmp(r->venue_org, who->org_code) != 0)
		return bm_error_set(err, 403, "out_of_scope", "只能处理本单位场所的首问登记");
	if (strcmp(r->status, "open") != 0)
		return bm_error_set(err, 409, "inquiry_closed", "该首问登记已办结或已转交");
	return 0;
}

static int insert_inquiry(struct db *db, const struct principal *who, int64_t now, int64_t venue,
			  int64_t responder, int64_t handed_from, const struct inquiry_row *r,
			  int64_t *id, struct bm_error *err)
{
	int rc = db_query_int(
		db, err, id,
		"INSERT INTO inquiries (venue_id, staff_id, responder_id, handed_from, citizen_name, "
		"phone, question, item_code, status, created_at) VALUES (?, ?, ?, "
		"NULLIF(CAST(? AS BIGINT), 0), NULLIF(?, ''), NULLIF(?, ''), ?, NULLIF(?, ''), 'open', ?) "
		"RETURNING id",
		"iiiitttti", venue, who->user_id, responder, handed_from, r->citizen_name, r->phone,
		r->question, r->item_code, now);
	if (rc <= 0)
		return rc < 0 ? -1 : bm_error_internal(err, "insert inquiry returned no id");
	char id_text[32];
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	json_t *after = json_pack("{s:I, s:I, s:s}", "venue_id", (json_int_t)venue, "responder_id",
				  (json_int_t)responder, "status", "open");
	struct audit_actor a = actor_of(who);
	rc = audit_append(db, &a, now, "inquiry.create", "inquiry", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

/* Closes an inquiry with a new status (and answer), audited. */
static int close_inquiry(struct db *db, const struct principal *who, int64_t now, int64_t id,
			 const char *status, const char *answer, struct bm_error *err)
{
	if (db_exec_params(db, err,
			   "UPDATE inquiries SET status = ?, answer = COALESCE(?, answer), "
			   "closed_at = ? WHERE id = ?",
			   "ttii", status, answer, now, id) < 0)
		return -1;
	char id_text[32];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	json_t *before = json_pack("{s:s}", "status", "open");
	json_t *after = json_pack("{s:s}", "status", status);
	struct audit_actor a = actor_of(who);
	int rc = audit_append(db, &a, now, strcmp(status, "answered") ? "inquiry.hand_over"
								      : "inquiry.answer",
			      "inquiry", id_text, before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int own_venue(struct db *db, const struct principal *who, json_t *given, int64_t *venue,
		     struct bm_error *err)
{
	struct venue_brief v;
	*venue = json_is_integer(given) ? json_integer_value(given) : 0;
	if (!*venue) {
		int found = venue_main_of_org(db, who->org_code, venue, err);
		if (found <= 0)
			return found < 0 ? -1 : bm_error_set(err, 409, "no_venue", "本单位没有服务场所");
	}
	int found = venue_brief_get(db, *venue, &v, err);
	if (found < 0)
		return -1;
	if (found == 0 || strcmp(v.org_code, who->org_code) != 0) {
		bm_error_set(err, 403, "out_of_scope", "只能在本单位的服务场所登记首问");
		return bm_error_field(err, "venue_id");
	}
	return 0;
}

int inquiry_create(struct db *db, const struct principal *who, int64_t now, json_t *body,
		   int64_t *id, struct bm_error *err)
{
	struct inquiry_row r = {0};
	int64_t venue, responder = who->user_id, from = 0;
	if (auth_require(who, ACT_INQUIRY_WRITE, err) < 0 ||
	    jcheck_object(body, create_spec, "", err) < 0 ||
	    own_venue(db, who, json_object_get(body, "venue_id"), &venue, err) < 0)
		return -1;
	copy(r.citizen_name, sizeof r.citizen_name, json_string_value(json_object_get(body, "citizen_name")));
	copy(r.phone, sizeof r.phone, json_string_value(json_object_get(body, "phone")));
	copy(r.question, sizeof r.question, json_string_value(json_object_get(body, "question")));
	copy(r.item_code, sizeof r.item_code, json_string_value(json_object_get(body, "item_code")));
	if (r.item_code[0]) {
		int64_t n = 0;
		if (db_query_int(db, err, &n, "SELECT COUNT(*) FROM items WHERE code = ?", "t",
				 r.item_code) < 0)
			return -1;
		if (n == 0) {
			bm_error_set(err, 404, "item_not_found", "事项 %.40s 不存在", r.item_code);
			return bm_error_field(err, "item_code");
		}
	}
	json_t *handed = json_object_get(body, "handed_from");
	if (json_is_integer(handed)) {
		struct inquiry_row prev;
		if (inquiry_load(db, json_integer_value(handed), &prev, err) < 0)
			return bm_error_field(err, "handed_from");
		from = prev.id;
		responder = prev.responder_id;
		if (strcmp(prev.status, "open") == 0 &&
		    close_inquiry(db, who, now, prev.id, "handed_over", NULL, err) < 0)
			return -1;
	}
	return insert_inquiry(db, who, now, venue, responder, from, &r, id, err);
}

int inquiry_answer(struct db *db, const struct principal *who, int64_t now, int64_t id,
		   json_t *body, struct bm_error *err)
{
	struct inquiry_row r;
	if (jcheck_object(body, answer_spec, "", err) < 0 ||
	    inquiry_load_mine_open(db, who, id, &r, err) < 0)
		return -1;
	return close_inquiry(db, who, now, id, "answered",
			     json_string_value(json_object_get(body, "answer")), err);
}

int inquiry_hand_over(struct db *db, const struct principal *who, int64_t now, int64_t id,
		      json_t *body, int64_t *new_id, struct bm_error *err)
{
	struct inquiry_row r;
	struct venue_brief to;
	if (jcheck_object(body, hand_over_spec, "", err) < 0 ||
	    inquiry_load_mine_open(db, who, id, &r, err) < 0)
		return -1;
	int found = venue_brief_get(db, json_integer_value(json_object_get(body, "to_venue_id")),
				    &to, err);
	if (found <= 0) {
		if (found == 0)
			bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
		return bm_error_field(err, "to_venue_id");
	}
	if (to.id == r.venue_id) {
		bm_error_set(err, 409, "same_venue", "不能转交给本场所");
		return bm_error_field(err, "to_venue_id");
	}
	if (close_inquiry(db, who, now, id, "handed_over", NULL, err) < 0)
		return -1;
	return insert_inquiry(db, who, now, to.id, r.responder_id, id, &r, new_id, err);
}

/* ---- reading ---- */

#define INQUIRY_SELECT                                                                         \
	"SELECT q.id, q.venue_id, v.name, v.org_code, ru.username, ru.display_name, su.username, " \
	"su.display_name, q.citizen_name, q.phone, q.question, q.item_code, s.name, q.status, "   \
	"q.answer, q.case_no, q.created_at, q.closed_at, q.handed_from FROM inquiries q "         \
	"JOIN venues v ON v.id = q.venue_id JOIN orgs o ON o.code = v.org_code "                  \
	"JOIN users ru ON ru.id = q.responder_id JOIN users su ON su.id = q.staff_id "            \
	"LEFT JOIN item_search s ON s.code = q.item_code "

static json_t *opt_text(struct db_stmt *st, int col)
{
	const char *t = db_col_text(st, col);
	return t ? json_string(t) : json_null();
}

static json_t *opt_time(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col))
		return json_null();
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(db_col_int(st, col), text);
	return json_string(text);
}

/* The phone as shown: in full at the owning venue's org, otherwise only its last 4 digits. */
static json_t *phone_json(struct db_stmt *st, const struct principal *who)
{
	const char *p = db_col_text(st, 9);
	if (!p)
		return json_null();
	if (strcmp(db_col_text(st, 3), who->org_code) == 0)
		return json_string(p);
	size_t n = strlen(p);
	char masked[40];
	snprintf(masked, sizeof masked, "*******%s", n >= 4 ? p + n - 4 : "");
	return json_string(masked);
}

static json_t *inquiry_row_json(struct db_stmt *st, const struct principal *who)
{
	json_t *q = json_pack("{s:I, s:{s:I, s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}", "id",
			      (json_int_t)db_col_int(st, 0), "venue", "id",
			      (json_int_t)db_col_int(st, 1), "name", db_col_text(st, 2), "org_code",
			      db_col_text(st, 3), "responder", "username", db_col_text(st, 4),
			      "display_name", db_col_text(st, 5), "staff", "username",
			      db_col_text(st, 6), "display_name", db_col_text(st, 7));
	json_t *more = json_pack("{s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}",
				 "citizen_name", opt_text(st, 8), "phone", phone_json(st, who),
				 "question", db_col_text(st, 10), "item_code", opt_text(st, 11),
				 "item_name", opt_text(st, 12), "status", db_col_text(st, 13), "answer",
				 opt_text(st, 14), "case_no", opt_text(st, 15), "created_at",
				 opt_time(st, 16), "closed_at", opt_time(st, 17), "handed_from",
				 db_col_is_null(st, 18) ? json_null()
							: json_integer(db_col_int(st, 18)));
	json_object_update(q, more);
	json_decref(more);
	return q;
}

/* Loads one inquiry as JSON if the caller may see it; *prev receives handed_from (0: none). */
static int inquiry_visible_json(struct db *db, const struct principal *who, int64_t id,
				json_t **out, int64_t *prev, struct bm_error *err)
{
	char like[300];
	snprintf(like, sizeof like, "%s%%", who->org_path);
	struct db_stmt *st = db_query(db, err,
				      INQUIRY_SELECT "WHERE q.id = ? AND (o.path LIKE ? OR "
						     "q.staff_id = ? OR q.responder_id = ?)",
				      "itii", id, like, who->user_id, who->user_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*out = inquiry_row_json(st, who);
		*prev = db_col_int(st, 18);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "inquiry_not_found", "首问登记不存在");
}

#define MAX_CHAIN 32

int inquiry_get_json(struct db *db, const struct principal *who, int64_t id, json_t **out,
		     struct bm_error *err)
{
	int64_t prev = 0, first = id, next = 0;
	if (auth_require(who, ACT_CASE_READ, err) < 0 ||
	    inquiry_visible_json(db, who, id, out, &prev, err) < 0)
		return -1;
	/* Back to the first hop, then forward along the chain; hops are shown whatever the
	 * caller's scope, since the chain is the record of who handled the one matter. */
	for (int i = 0; prev && i < MAX_CHAIN; i++) {
		first = prev;
		if (db_query_int(db, err, &prev,
				 "SELECT COALESCE(handed_from, 0) FROM inquiries WHERE id = ?", "i",
				 first) < 0) {
			json_decref(*out);
			return -1;
		}
	}
	struct principal as_responder = *who;
	json_t *chain = json_array();
	int rc = 0;
	for (int i = 0, hop = (int)(first != 0); hop && i < MAX_CHAIN && rc == 0; i++) {
		struct db_stmt *st = db_query(db, err, INQUIRY_SELECT "WHERE q.id = ?", "i", first);
		if (!st) {
			rc = -1;
			break;
		}
		int s = db_step(st, err);
		if (s == DB_ROW)
			json_array_append_new(chain, inquiry_row_json(st, &as_responder));
		db_reset(st);
		if (s < 0)
			rc = -1;
		if (rc == 0 && (s != DB_ROW ||
				db_query_int(db, err, &next,
					     "SELECT COALESCE(MIN(id), 0) FROM inquiries WHERE handed_from = ?",
					     "i", first) < 0))
			rc = s == DB_ROW ? -1 : 0, hop = 0;
		first = next;
		hop = hop && next != 0;
	}
	if (rc < 0) {
		json_decref(chain);
		json_decref(*out);
		return -1;
	}
	json_object_set_new(*out, "chain", chain);
	return 0;
}

#define LIST_WHERE                                                                             \
	"WHERE (o.path LIKE ? OR q.staff_id = ? OR q.responder_id = ?) "                         \
	"AND (CAST(? AS BIGINT) = 0 OR q.staff_id = ? OR q.responder_id = ?) "                   \
	"AND (CAST(? AS BIGINT) = 0 OR q.venue_id = ? OR (CAST(? AS BIGINT) = 0 AND v.org_code = ?)) " \
	"AND (CAST(? AS BIGINT) = 0 OR q.status = 'open') "

int inquiry_list(struct db *db, const struct principal *who, const char *view, int64_t venue_id,
		 int64_t limit, int64_t offset, json_t **items, int64_t *total,
		 struct bm_error *err)
{
	if (auth_require(who, ACT_CASE_READ, err) < 0)
		return -1;
	int64_t mine = view && !strcmp(view, "mine"), at_venue = view && !strcmp(view, "venue");
	int64_t open = view && !strcmp(view, "open");
	if (view && !mine && !at_venue && !open)
		return bm_error_set(err, 400, "invalid_query", "view 应为 mine、venue 或 open");
	char like[300];
	snprintf(like, sizeof like, "%s%%", who->org_path);
	int64_t me = who->user_id;
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM inquiries q JOIN venues v ON v.id = q.venue_id "
			 "JOIN orgs o ON o.code = v.org_code " LIST_WHERE,
			 "tiiiiiiiiti", like, me, me, mine, me, me, at_venue, venue_id, venue_id,
			 who->org_code, open) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      INQUIRY_SELECT LIST_WHERE "ORDER BY q.id DESC LIMIT ? OFFSET ?",
				      "tiiiiiiiitiii", like, me, me, mine, me, me, at_venue, venue_id,
				      venue_id, who->org_code, open, limit, offset);
	if (!st)
		return -1;
	*items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*items, inquiry_row_json(st, who));
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}
