/*
** petition.c — petitions and disputes stored (see petition.h).
**
** Each action is one function of the same shape (validate its body, write its columns) chosen
** from a table by the action; what every action shares — loading the petition, scope, the
** legal move, the timeline event, the audit entry — is done once, in petition_act().
*/
#include "domain/petition.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "core/text.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/notify.h"
#include "domain/phone.h"
#include "domain/settings.h"
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- time limits ---- */

int petition_limits_load(struct db *db, struct petition_limits *out, struct bm_error *err)
{
	if (settings_get_days(db, "petition_accept_days", PETITION_ACCEPT_DAYS_DEFAULT,
			 &out->accept_days, err) < 0)
		return -1;
	return settings_get_days(db, "petition_reply_days", PETITION_REPLY_DAYS_DEFAULT,
			    &out->reply_days, err);
}

int petition_limits_store(struct db *db, const struct petition_limits *limits,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	char accept[16], reply[16];
	int ignored;
	if (petition_limit_end(NULL, 0, limits->accept_days, &ignored, err) < 0)
		return bm_error_field(err, "accept_days");
	if (petition_limit_end(NULL, 0, limits->reply_days, &ignored, err) < 0)
		return bm_error_field(err, "reply_days");
	snprintf(accept, sizeof accept, "%d", limits->accept_days);
	snprintf(reply, sizeof reply, "%d", limits->reply_days);
	if (settings_set(db, "petition_accept_days", accept, err) < 0 ||
	    settings_set(db, "petition_reply_days", reply, err) < 0)
		return -1;
	json_t *after = json_pack("{s:i, s:i}", "accept_days", limits->accept_days, "reply_days",
				  limits->reply_days);
	int rc = audit_append(db, actor, now, "settings.petitions", "settings", "petitions", NULL,
			      after, err);
	json_decref(after);
	return rc;
}

/* ---- small helpers ---- */

static const char *const kinds[] = {"petition", "dispute", NULL};
static const char *const channels[] = {"visit", "letter", "phone", "online", "referral", NULL};
static const char *const party_roles[] = {"petitioner", "respondent", "other", NULL};
static const char *const responses[] = {"satisfied", "unsatisfied", "no_response", NULL};
static const char *const mediation_results[] = {"agreed", "not_agreed", "continue", NULL};

static const char *today_text(int64_t now, char out[DATE_TEXT_SIZE])
{
	date_format(date_of_epoch(now), out);
	return out;
}

/* The first max_chars characters of s (whole UTF-8 sequences), with "…" when cut. */
static void text_prefix(const char *s, size_t max_chars, char *out, size_t size)
{
	size_t bytes = 0, chars = 0;
	while (s[bytes] && chars < max_chars) {
		size_t step = 1;
		while ((s[bytes + step] & 0xC0) == 0x80)
			step++;
		if (bytes + step + 4 >= size)
			break;
		bytes += step;
		chars++;
	}
	snprintf(out, size, "%.*s%s", (int)bytes, s, s[bytes] ? "…" : "");
}

static int parse_day(const char *text, int *day)
{
	return text && date_parse(text, day) == 0 ? 0 : -1;
}

/* The loaded petition: what the actions read. */
struct petition_row {
	int64_t id;
	char no[32];
	char org_code[16];
	char org_name[96];
	char org_path[256];
	char subject[512];
	char phone[PHONE_SIZE];
	char received_on[DATE_TEXT_SIZE];
	enum petition_state state;
};

static int petition_load(struct db *db, const char *no, struct petition_row *p,
			 struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT p.id, p.no, p.org_code, o.name, o.path, p.subject, "
				      "p.petitioner_phone, p.received_on, p.status FROM petitions p "
				      "JOIN orgs o ON o.code = p.org_code WHERE p.no = ?",
				      "t", no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		p->id = db_col_int(st, 0);
		snprintf(p->no, sizeof p->no, "%s", db_col_text(st, 1));
		snprintf(p->org_code, sizeof p->org_code, "%s", db_col_text(st, 2));
		snprintf(p->org_name, sizeof p->org_name, "%s", db_col_text(st, 3));
		snprintf(p->org_path, sizeof p->org_path, "%s", db_col_text(st, 4));
		snprintf(p->subject, sizeof p->subject, "%s", db_col_text(st, 5));
		snprintf(p->phone, sizeof p->phone, "%s", db_col_text(st, 6));
		snprintf(p->received_on, sizeof p->received_on, "%s", db_col_text(st, 7));
		if (petition_state_parse(db_col_text(st, 8), &p->state) < 0)
			rc = bm_error_internal(err, "petition with an unknown status");
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "petition_not_found", "信访件不存在");
}

static int require_scope(const struct principal *who, const struct petition_row *p,
			 struct bm_error *err)
{
	if (!auth_in_scope(who, p->org_path))
		return bm_error_set(err, 403, "out_of_scope", "无权访问本辖区以外的信访件");
	return 0;
}

static int append_event(struct db *db, const struct petition_row *p, const struct principal *who,
			int64_t now, const char *action, enum petition_state to, json_t *detail,
			struct bm_error *err)
{
	char *detail_text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	if (!detail_text)
		return bm_error_oom(err);
	int64_t rc = db_exec_params(db, err,
				    "INSERT INTO petition_events (petition_id, seq, at, action, actor, "
				    "from_status, to_status, detail) VALUES (?, (SELECT "
				    "COALESCE(MAX(seq), 0) + 1 FROM petition_events WHERE "
				    "petition_id = ?), ?, ?, ?, ?, ?, ?)",
				    "iiitttt" "t", p->id, p->id, now, action, who->username,
				    petition_state_name(p->state), petition_state_name(to), detail_text);
	free(detail_text);
	if (rc < 0)
		return -1;
	json_t *before = json_pack("{s:s}", "status", petition_state_name(p->state));
	json_t *after = json_pack("{s:s, s:O}", "status", petition_state_name(to), "detail", detail);
	struct audit_actor actor = {who->user_id, who->username};
	int arc = audit_append(db, &actor, now, action, "petition", p->no, before, after, err);
	json_decref(before);
	json_decref(after);
	return arc;
}

/* Queues a text to the petitioner when their number can receive one. */
static int message_petitioner(struct db *db, const struct petition_row *p, const char *kind,
			      const char *text, const struct principal *who, int64_t now,
			      struct bm_error *err)
{
	if (!phone_is_mobile(p->phone))
		return 0;
	struct notify_message msg = {kind, p->phone, text, "petition", p->no, p->org_code};
	struct audit_actor actor = {who->user_id, who->username};
	return notify_enqueue(db, &msg, &actor, now, NULL, err);
}

/* ---- registering ---- */

static const struct jcheck_field party_fields[] = {
	{"name", "当事人姓名", JC_STRING, true, 1, 40, 0, NULL, NULL},
	{"role", "当事人身份", JC_ENUM, true, 0, 0, 0, party_roles, NULL},
	{"phone", "联系电话", JC_STRING, false, 0, 20, 0, NULL, NULL},
	{"address", "住址", JC_STRING, false, 0, 100, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field register_fields[] = {
	{"kind", "类别", JC_ENUM, true, 0, 0, 0, kinds, NULL},
	{"channel", "来源渠道", JC_ENUM, true, 0, 0, 0, channels, NULL},
	{"org_code", "受理单位", JC_STRING, false, 6, 12, 0, NULL, NULL},
	{"subject", "事由", JC_STRING, true, 1, 100, 0, NULL, NULL},
	{"content", "反映内容", JC_TEXT, true, 1, 4000, 0, NULL, NULL},
	{"parties", "当事人", JC_OBJECTS, true, 1, 20, 0, NULL, party_fields},
	{"received_on", "收到日期", JC_DATE, false, 0, 0, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

/* The first petitioner among the parties; every phone given must be a phone number. */
static int check_parties(json_t *parties, json_t **petitioner, struct bm_error *err)
{
	size_t i;
	json_t *party;
	*petitioner = NULL;
	json_array_foreach(parties, i, party) {
		const char *phone = json_string_value(json_object_get(party, "phone"));
		if (phone && *phone && !phone_is_valid(phone)) {
			char path[40];
			snprintf(path, sizeof path, "parties[%zu].phone", i);
			bm_error_set(err, 400, "invalid_phone",
				     "联系电话（%s）应为 11 位手机号码或带区号的固定电话", path);
			return bm_error_field(err, path);
		}
		if (!*petitioner &&
		    strcmp(json_string_value(json_object_get(party, "role")), "petitioner") == 0)
			*petitioner = party;
	}
	if (!*petitioner) {
		bm_error_set(err, 400, "petitioner_required", "当事人中至少应有一名信访人（申请人）");
		return bm_error_field(err, "parties");
	}
	return 0;
}

static int check_received_on(const char *text, int64_t now, int *received, struct bm_error *err)
{
	int today = date_of_epoch(now);
	*received = today;
	if (!text)
		return 0;
	if (parse_day(text, received) < 0 || *received > today || *received < today - 365) {
		bm_error_set(err, 400, "invalid_received_on", "收到日期应在今天及此前一年之内");
		return bm_error_field(err, "received_on");
	}
	return 0;
}

static int next_number(struct db *db, int64_t now, char no[32], struct bm_error *err)
{
	char day[DATE_TEXT_SIZE], prefix[24], like[32];
	int64_t count;
	date_format(date_of_epoch(now), day);
	snprintf(prefix, sizeof prefix, "XF%.4s%.2s%.2s-", day, day + 5, day + 8);
	snprintf(like, sizeof like, "%s%%", prefix);
	if (db_query_int(db, err, &count, "SELECT COUNT(*) FROM petitions WHERE no LIKE ?", "t",
			 like) < 0)
		return -1;
	snprintf(no, 32, "%s%04lld", prefix, (long long)count + 1);
	return 0;
}

int petition_register(struct db *db, json_t *body, const struct principal *who,
		      const struct calendar *cal, int64_t now, char no[32], struct bm_error *err)
{
	json_t *petitioner;
	int received, accept_due;
	struct petition_limits limits;
	if (jcheck_object(body, register_fields, "", err) < 0 ||
	    check_parties(json_object_get(body, "parties"), &petitioner, err) < 0 ||
	    check_received_on(json_string_value(json_object_get(body, "received_on")), now,
			      &received, err) < 0)
		return -1;
	const char *org = json_string_value(json_object_get(body, "org_code"));
	if (!org)
		org = who->org_code;
	if (auth_require_scope(db, who, org, err) < 0)
		return bm_error_field(err, "org_code");
	if (petition_limits_load(db, &limits, err) < 0 ||
	    petition_limit_end(cal, received, limits.accept_days, &accept_due, err) < 0 ||
	    next_number(db, now, no, err) < 0)
		return -1;
	char received_text[DATE_TEXT_SIZE], due_text[DATE_TEXT_SIZE];
	date_format(received, received_text);
	date_format(accept_due, due_text);
	const char *phone = json_string_value(json_object_get(petitioner, "phone"));
	char *parties = json_dumps(json_object_get(body, "parties"), JSON_COMPACT | JSON_SORT_KEYS);
	if (!parties)
		return bm_error_oom(err);
	int64_t id;
	int found = db_query_int(
		db, err, &id,
		"INSERT INTO petitions (no, kind, channel, org_code, subject, content, parties, "
		"petitioner_name, petitioner_phone, received_on, accept_due, status, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'registered', ?, ?, ?) "
		"RETURNING id",
		"ttttttttttt" "iii", no, json_string_value(json_object_get(body, "kind")),
		json_string_value(json_object_get(body, "channel")), org,
		json_string_value(json_object_get(body, "subject")),
		json_string_value(json_object_get(body, "content")), parties,
		json_string_value(json_object_get(petitioner, "name")), phone ? phone : "",
		received_text, due_text, who->user_id, now, now);
	free(parties);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "INSERT RETURNING gave no row");
	if (stats_petition_registered(db, id, err) < 0)
		return -1;
	struct petition_row p = {.id = id, .state = PETITION_REGISTERED};
	snprintf(p.no, sizeof p.no, "%s", no);
	json_t *detail = json_pack("{s:O, s:s, s:s}", "request", body, "received_on", received_text,
				   "accept_due", due_text);
	int rc = append_event(db, &p, who, now, "petition.register", PETITION_REGISTERED, detail,
			      err);
	json_decref(detail);
	return rc;
}

/* ---- reading ---- */

#define SUMMARY_SELECT                                                                        \
	"SELECT p.no AS no, p.kind AS kind, p.channel AS channel, p.org_code AS org_code, "     \
	"o.name AS org_name, p.subject AS subject, p.petitioner_name AS petitioner_name, "      \
	"p.petitioner_phone AS petitioner_phone, p.received_on AS received_on, "               \
	"p.accept_due AS accept_due, p.accepted_on AS accepted_on, p.reply_due AS reply_due, " \
	"p.status AS status, u.username AS assignee_username, "                               \
	"u.display_name AS assignee_name, p.created_at AS created_at, "                       \
	"p.updated_at AS updated_at "
#define SUMMARY_TYPES "tttttttttttttttTT"
#define FROM_PETITIONS                                                                       \
	"FROM petitions p JOIN orgs o ON o.code = p.org_code "                                \
	"LEFT JOIN users u ON u.id = p.assignee_id "

static const char *overdue_name(enum petition_overdue o)
{
	return o == PETITION_ACCEPT_OVERDUE ? "accept" : o == PETITION_REPLY_OVERDUE ? "reply" : NULL;
}

/* Labels, the overdue flag, and the phone masked unless `full`. */
static void finish_petition(json_t *p, int today, bool full)
{
	enum petition_state s = PETITION_REGISTERED;
	int accept_due = 0, reply_due = PETITION_NO_DATE;
	petition_state_parse(json_string_value(json_object_get(p, "status")), &s);
	parse_day(json_string_value(json_object_get(p, "accept_due")), &accept_due);
	parse_day(json_string_value(json_object_get(p, "reply_due")), &reply_due);
	const char *overdue = overdue_name(petition_overdue_on(s, accept_due, reply_due, today));
	json_object_set_new(p, "status_label", json_string(petition_state_label(s)));
	json_object_set_new(p, "overdue", overdue ? json_string(overdue) : json_null());
	if (!full) {
		char masked[PHONE_SIZE];
		phone_mask(json_string_value(json_object_get(p, "petitioner_phone")), masked);
		json_object_set_new(p, "petitioner_phone", json_string(masked));
	}
}

int petition_list(struct db *db, const struct petition_filter *f, int64_t now, int64_t limit,
		  int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	const char *view = f->view ? f->view : "all";
	enum petition_state ignored;
	bool open = strcmp(view, "open") == 0, overdue = strcmp(view, "overdue") == 0,
	     mine = strcmp(view, "mine") == 0;
	if (!open && !overdue && !mine && strcmp(view, "all") != 0)
		return bm_error_set(err, 400, "invalid_query",
				    "查询参数 view 应为 all、open、overdue 或 mine");
	if (f->status && petition_state_parse(f->status, &ignored) < 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 status 的取值无效");
	char like[264], today[DATE_TEXT_SIZE];
	snprintf(like, sizeof like, "%s%%", f->scope_path);
	today_text(now, today);
#define PETITION_WHERE                                                                        \
	"WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR p.status = ?) "                   \
	"AND (CAST(? AS TEXT) IS NULL OR p.org_code = ?) "                                     \
	"AND (CAST(? AS BIGINT) = 0 OR p.status NOT IN ('closed', 'declined')) "               \
	"AND (CAST(? AS BIGINT) = 0 OR p.assignee_id = ?) "                                    \
	"AND (CAST(? AS BIGINT) = 0 OR (p.status = 'registered' AND p.accept_due < ?) OR "     \
	"(p.status IN ('accepted', 'transferred') AND p.reply_due < ?)) "
#define PETITION_WHERE_TYPES "ttttt" "i" "ii" "itt"
	if (db_query_int(db, err, total, "SELECT COUNT(*) " FROM_PETITIONS PETITION_WHERE,
			 PETITION_WHERE_TYPES, like, f->status, f->status, f->org_code, f->org_code,
			 (int64_t)open, (int64_t)mine, f->user_id, (int64_t)overdue, today,
			 today) < 0)
		return -1;
	struct db_stmt *st = db_query(
		db, err,
		SUMMARY_SELECT FROM_PETITIONS PETITION_WHERE
		"ORDER BY CASE WHEN CAST(? AS BIGINT) = 1 THEN "
		"COALESCE(CASE WHEN p.status = 'registered' THEN p.accept_due END, p.reply_due) "
		"ELSE '' END, p.id DESC LIMIT ? OFFSET ?",
		PETITION_WHERE_TYPES "iii", like, f->status, f->status, f->org_code, f->org_code,
		(int64_t)open, (int64_t)mine, f->user_id, (int64_t)overdue, today, today,
		(int64_t)overdue, limit, offset);
	if (!st || row_json_all(st, SUMMARY_TYPES, items, err) < 0)
		return -1;
	size_t i;
	json_t *p;
	json_array_foreach(*items, i, p)
		finish_petition(p, date_of_epoch(now), false);
	return 0;
}

static int read_events(struct db *db, int64_t id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT seq AS seq, at AS at, action AS action, actor AS actor, "
				      "from_status AS from_status, to_status AS to_status, "
				      "detail AS detail FROM petition_events WHERE petition_id = ? "
				      "ORDER BY seq",
				      "i", id);
	if (!st || row_json_all(st, "iTttttt", out, err) < 0)
		return -1;
	size_t i;
	json_t *e;
	json_array_foreach(*out, i, e) {
		json_t *detail = json_loads(json_string_value(json_object_get(e, "detail")), 0, NULL);
		json_object_set_new(e, "detail", detail ? detail : json_object());
	}
	return 0;
}

int petition_read(struct db *db, const char *no, const struct principal *who, int64_t now,
		  json_t **out, struct bm_error *err)
{
	struct petition_row p;
	json_t *events;
	if (petition_load(db, no, &p, err) < 0 || require_scope(who, &p, err) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      SUMMARY_SELECT ", p.content AS content, p.parties AS parties, "
				      "p.transferred_to AS transferred_to, "
				      "p.decline_reasons AS decline_reasons, p.reply AS reply, "
				      "p.replied_at AS replied_at, p.outcome AS outcome, "
				      "p.response AS response, p.closed_at AS closed_at, "
				      "c.username AS created_by " FROM_PETITIONS
				      "JOIN users c ON c.id = p.created_by WHERE p.id = ?",
				      "i", p.id);
	if (!st || row_json_one(st, SUMMARY_TYPES "tttttTttTt", out, err) <= 0)
		return -1;
	json_t *parties = json_loads(json_string_value(json_object_get(*out, "parties")), 0, NULL);
	json_object_set_new(*out, "parties", parties ? parties : json_array());
	finish_petition(*out, date_of_epoch(now), true);
	if (read_events(db, p.id, &events, err) < 0) {
		json_decref(*out);
		return -1;
	}
	json_object_set_new(*out, "events", events);
	struct audit_actor actor = {who->user_id, who->username};
	if (audit_append(db, &actor, now, "petition.read", "petition", p.no, NULL, NULL, err) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

/* ---- actions ---- */

enum action petition_action_permission(enum petition_action act)
{
	switch (act) {
	case PETITION_MEDIATE:
	case PETITION_REPLY:
	case PETITION_CLOSE: return ACT_PETITION_HANDLE;
	default: return ACT_PETITION_DECIDE;
	}
}

struct act_ctx {
	struct db *db;
	const struct petition_row *p;
	json_t *body;
	const struct principal *who;
	const struct calendar *cal;
	int64_t now;
};

static const char *body_text(const struct act_ctx *c, const char *field)
{
	return json_string_value(json_object_get(c->body, field));
}

static int set_updated(const struct act_ctx *c, struct bm_error *err)
{
	return db_exec_params(c->db, err, "UPDATE petitions SET updated_at = ? WHERE id = ?", "ii",
			      c->now, c->p->id) < 0
		       ? -1
		       : 0;
}

static const struct jcheck_field note_fields[] = {
	{"note", "说明", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int do_accept(const struct act_ctx *c, struct bm_error *err)
{
	struct petition_limits limits;
	int today = date_of_epoch(c->now), reply_due;
	char today_s[DATE_TEXT_SIZE], due_s[DATE_TEXT_SIZE], text[400];
	if (jcheck_object(c->body, note_fields, "", err) < 0 ||
	    petition_limits_load(c->db, &limits, err) < 0 ||
	    petition_limit_end(c->cal, today, limits.reply_days, &reply_due, err) < 0)
		return -1;
	date_format(today, today_s);
	date_format(reply_due, due_s);
	if (db_exec_params(c->db, err,
			   "UPDATE petitions SET accepted_on = ?, reply_due = ?, updated_at = ? "
			   "WHERE id = ?",
			   "ttii", today_s, due_s, c->now, c->p->id) < 0)
		return -1;
	char subject[200];
	text_prefix(c->p->subject, 40, subject, sizeof subject);
	snprintf(text, sizeof text, "【白河县便民服务】您%s反映的“%s”已由%s受理（编号 %s），将于 %s 前答复。",
		 c->p->received_on, subject, c->p->org_name, c->p->no, due_s);
	return message_petitioner(c->db, c->p, "petition_accepted", text, c->who, c->now, err);
}

static const struct jcheck_field decline_fields[] = {
	{"reasons", "不予受理理由", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int do_decline(const struct act_ctx *c, struct bm_error *err)
{
	char subject[200], reasons[400], text[700];
	if (jcheck_object(c->body, decline_fields, "", err) < 0 ||
	    db_exec_params(c->db, err,
			   "UPDATE petitions SET decline_reasons = ?, closed_at = ?, updated_at = ? "
			   "WHERE id = ?",
			   "tiii", body_text(c, "reasons"), c->now, c->now, c->p->id) < 0)
		return -1;
	text_prefix(c->p->subject, 40, subject, sizeof subject);
	text_prefix(body_text(c, "reasons"), 100, reasons, sizeof reasons);
	snprintf(text, sizeof text, "【白河县便民服务】您反映的“%s”（编号 %s）不予受理，理由：%s。如有疑问请联系%s。",
		 subject, c->p->no, reasons, c->p->org_name);
	return message_petitioner(c->db, c->p, "petition_declined", text, c->who, c->now, err);
}

static const struct jcheck_field assign_fields[] = {
	{"username", "承办人", JC_STRING, true, 1, 64, 0, NULL, NULL},
	{"note", "说明", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

/* The assignee must be an active user who can see the petition, in the assigner's scope. */
static int do_assign(const struct act_ctx *c, struct bm_error *err)
{
	if (jcheck_object(c->body, assign_fields, "", err) < 0)
		return -1;
	struct db_stmt *st = db_query(c->db, err,
				      "SELECT u.id, o.path, u.disabled FROM users u "
				      "JOIN orgs o ON o.code = u.org_code WHERE u.username = ?",
				      "t", body_text(c, "username"));
	if (!st)
		return -1;
	int rc = db_step(st, err);
	int64_t user_id = 0;
	bool usable = false;
	if (rc == DB_ROW) {
		struct principal assignee = {0};
		snprintf(assignee.org_path, sizeof assignee.org_path, "%s", db_col_text(st, 1));
		user_id = db_col_int(st, 0);
		usable = db_col_int(st, 2) == 0 && auth_in_scope(&assignee, c->p->org_path) &&
			 auth_in_scope(c->who, assignee.org_path);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE) {
		bm_error_set(err, 404, "user_not_found", "用户 %.64s 不存在", body_text(c, "username"));
		return bm_error_field(err, "username");
	}
	if (!usable) {
		bm_error_set(err, 409, "assignee_not_eligible",
			     "承办人须为本辖区内能查看该信访件的在用账号");
		return bm_error_field(err, "username");
	}
	return db_exec_params(c->db, err,
			      "UPDATE petitions SET assignee_id = ?, updated_at = ? WHERE id = ?",
			      "iii", user_id, c->now, c->p->id) < 0
		       ? -1
		       : 0;
}

static const struct jcheck_field mediate_fields[] = {
	{"held_on", "调解日期", JC_DATE, false, 0, 0, 0, NULL, NULL},
	{"participants", "参加人员", JC_STRING, true, 1, 200, 0, NULL, NULL},
	{"summary", "调解情况", JC_TEXT, true, 1, 4000, 0, NULL, NULL},
	{"result", "调解结果", JC_ENUM, true, 0, 0, 0, mediation_results, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int do_mediate(const struct act_ctx *c, struct bm_error *err)
{
	int held;
	const char *held_on = body_text(c, "held_on");
	if (jcheck_object(c->body, mediate_fields, "", err) < 0)
		return -1;
	if (held_on && (parse_day(held_on, &held) < 0 || held > date_of_epoch(c->now))) {
		bm_error_set(err, 400, "invalid_field", "调解日期（held_on）不能晚于今天");
		return bm_error_field(err, "held_on");
	}
	return set_updated(c, err);
}

static const struct jcheck_field transfer_fields[] = {
	{"unit", "责任单位", JC_STRING, true, 1, 100, 0, NULL, NULL},
	{"note", "交办意见", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

/* A petition transferred before acceptance gets the latest date its answer may come: the
 * unit's acceptance time and its reply time, both counted from receipt. */
static int do_transfer(const struct act_ctx *c, struct bm_error *err)
{
	struct petition_limits limits;
	int received, reply_due;
	char due_s[DATE_TEXT_SIZE];
	if (jcheck_object(c->body, transfer_fields, "", err) < 0 ||
	    petition_limits_load(c->db, &limits, err) < 0)
		return -1;
	if (c->p->state == PETITION_REGISTERED) {
		if (parse_day(c->p->received_on, &received) < 0 ||
		    petition_limit_end(c->cal, received, limits.accept_days + limits.reply_days,
				       &reply_due, err) < 0)
			return bm_error_internal(err, "petition received_on unreadable");
		date_format(reply_due, due_s);
		return db_exec_params(c->db, err,
				      "UPDATE petitions SET transferred_to = ?, reply_due = ?, "
				      "updated_at = ? WHERE id = ?",
				      "ttii", body_text(c, "unit"), due_s, c->now, c->p->id) < 0
			       ? -1
			       : 0;
	}
	return db_exec_params(c->db, err,
			      "UPDATE petitions SET transferred_to = ?, updated_at = ? WHERE id = ?",
			      "tii", body_text(c, "unit"), c->now, c->p->id) < 0
		       ? -1
		       : 0;
}

static const struct jcheck_field reply_fields[] = {
	{"reply", "答复意见", JC_TEXT, true, 1, 4000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int do_reply(const struct act_ctx *c, struct bm_error *err)
{
	char subject[200], reply[400], text[700];
	if (jcheck_object(c->body, reply_fields, "", err) < 0 ||
	    db_exec_params(c->db, err,
			   "UPDATE petitions SET reply = ?, replied_at = ?, updated_at = ? WHERE id = ?",
			   "tiii", body_text(c, "reply"), c->now, c->now, c->p->id) < 0)
		return -1;
	text_prefix(c->p->subject, 40, subject, sizeof subject);
	text_prefix(body_text(c, "reply"), 120, reply, sizeof reply);
	snprintf(text, sizeof text, "【白河县便民服务】您反映的“%s”（编号 %s）答复如下：%s 如有疑问请联系%s。",
		 subject, c->p->no, reply, c->p->org_name);
	return message_petitioner(c->db, c->p, "petition_reply", text, c->who, c->now, err);
}

static const struct jcheck_field close_fields[] = {
	{"outcome", "办理结果", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{"response", "信访人评价", JC_ENUM, true, 0, 0, 0, responses, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int do_close(const struct act_ctx *c, struct bm_error *err)
{
	if (jcheck_object(c->body, close_fields, "", err) < 0)
		return -1;
	return db_exec_params(c->db, err,
			      "UPDATE petitions SET outcome = ?, response = ?, closed_at = ?, "
			      "updated_at = ? WHERE id = ?",
			      "ttiii", body_text(c, "outcome"), body_text(c, "response"), c->now,
			      c->now, c->p->id) < 0
		       ? -1
		       : 0;
}

static int (*const action_fns[PETITION_ACTION_COUNT])(const struct act_ctx *, struct bm_error *) = {
	[PETITION_ACCEPT] = do_accept,	   [PETITION_DECLINE] = do_decline,
	[PETITION_ASSIGN] = do_assign,	   [PETITION_MEDIATE] = do_mediate,
	[PETITION_TRANSFER] = do_transfer, [PETITION_REPLY] = do_reply,
	[PETITION_CLOSE] = do_close,
};

int petition_act(struct db *db, const char *no, enum petition_action act, json_t *body,
		 const struct principal *who, const struct calendar *cal, int64_t now,
		 struct bm_error *err)
{
	struct petition_row p;
	enum petition_state to;
	char action[32];
	if (petition_load(db, no, &p, err) < 0 || require_scope(who, &p, err) < 0 ||
	    petition_transition(p.state, act, &to, err) < 0)
		return -1;
	struct act_ctx ctx = {db, &p, body, who, cal, now};
	if (action_fns[act](&ctx, err) < 0 ||
	    ((act == PETITION_DECLINE || act == PETITION_CLOSE) &&
	     stats_petition_closed(db, p.id, err) < 0))
		return -1;
	if (to != p.state &&
	    db_exec_params(db, err, "UPDATE petitions SET status = ? WHERE id = ?", "ti",
			   petition_state_name(to), p.id) < 0)
		return -1;
	snprintf(action, sizeof action, "petition.%s", petition_action_name(act));
	return append_event(db, &p, who, now, action, to, body, err);
}
