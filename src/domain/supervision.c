/*
** supervision.c — the supervision engine (see supervision.h): full and incremental passes.
**
** Every timed matter is one row of a "source" query with the same columns, so one reconcile
** step serves them all: compute the level the matter has today, compare it with its open
** alert (joined by open_key), and open, escalate or close. The full pass reads only open
** matters due up to the horizon (index cases(status, due_date), case_steps(finished_at,
** due_date), petitions(status, accept_due)) plus, per kind, the open alerts whose matter is
** done; the incremental pass reads one case's rows by key. Changes are collected first and
** written after the read statement is reset (no writes under an open cursor).
*/
#include "domain/supervision.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/case_rules.h"
#include "domain/duty.h"
#include "domain/settings.h"
#include "domain/stats.h"
#include "domain/supervision_rules.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPEN_CASE "('accepted', 'suspended', 'forwarded')"
#define LIVE_CASE "('draft', 'notified', 'accepted', 'suspended', 'forwarded')"
#define PAUSED_SINCE(c)                                                                            \
	"(SELECT ps.started_at FROM case_suspensions ps WHERE ps.case_no = " c                     \
	" AND ps.ended_at IS NULL)"

/* The columns of every source query, in this order. */
enum {
	COL_ENTITY_ID, /* text */
	COL_IS_OPEN,   /* 0/1: the matter still waits */
	COL_DUE,       /* 'YYYY-MM-DD', or NULL: computed from START and the limit */
	COL_START,     /* epoch seconds, or NULL */
	COL_PAUSED,    /* epoch seconds a pause started, or NULL */
	COL_PERSON,    /* users.id, or NULL */
	COL_VENUE,     /* venues.id, or NULL */
	COL_ORG,       /* org code */
	COL_PATH,      /* org path */
	COL_TITLE,     /* Chinese, for lists */
	COL_CASE,      /* case number, or NULL */
	COL_ALERT,     /* the open alert's id, or NULL */
	COL_LEVEL,     /* its level */
};

/* A timed source: kind, entity, the SELECT and JOIN part, the full pass's WHERE (at most one
 * bound date: the horizon), the incremental WHERE (one bound case number; NULL: not per case), and
 * the query of open alerts whose matter is done. */
struct sv_source {
	const char *kind;
	const char *entity;
	const char *select;
	const char *scan_where;
	const char *case_where;
	const char *stale;
	bool inquiry_limit; /* due = START + supervision_inquiry_days, warned on the due day */
};

#define CASE_DUE_SELECT                                                                            \
	"SELECT c.no, CASE WHEN c.status IN " OPEN_CASE                                            \
	" THEN 1 ELSE 0 END, c.due_date, NULL, " PAUSED_SINCE(                                     \
	    "c.no") ", COALESCE(c.holder_id, c.first_responder_id), c.current_venue_id, "          \
	            "v.org_code, o.path, c.item_name || '（' || c.no || '）', c.no, a.id, "      \
	            "a.level "                                                                     \
	            "FROM cases c JOIN venues v ON v.id = c.current_venue_id "                     \
	            "JOIN orgs o ON o.code = v.org_code "                                          \
	            "LEFT JOIN supervision_alerts a ON a.open_key = 'case_due:' || c.no "

#define STEP_KEY "s.case_no || '/' || CAST(s.seq AS TEXT)"
#define STEP_DUE_SELECT                                                                              \
	"SELECT " STEP_KEY ", CASE WHEN s.finished_at IS NULL AND c.status IN " LIVE_CASE            \
	" THEN 1 ELSE 0 END, s.due_date, NULL, " PAUSED_SINCE(                                       \
	    "c.no") ", "                                                                             \
	            "COALESCE(s.actor_id, c.holder_id, c.first_responder_id), v.id, v.org_code, "    \
	            "o.path, "                                                                       \
	            "c.item_name || '：' || s.name || '（' || c.no || '）', c.no, a.id, a.level " \
	            "FROM case_steps s JOIN cases c ON c.no = s.case_no "                            \
	            "JOIN venues v ON v.id = COALESCE(s.venue_id, c.current_venue_id) "              \
	            "JOIN orgs o ON o.code = v.org_code "                                            \
	            "LEFT JOIN supervision_alerts a ON a.open_key = 'step_due:' || " STEP_KEY " "

#define INQUIRY_SELECT                                                                             \
	"SELECT CAST(i.id AS TEXT), CASE WHEN i.status = 'open' THEN 1 ELSE 0 END, NULL, "         \
	"i.created_at, NULL, i.responder_id, i.venue_id, v.org_code, o.path, "                     \
	"'首问未办结：' || substr(i.question, 1, 40), NULL, a.id, a.level "                  \
	"FROM inquiries i JOIN venues v ON v.id = i.venue_id JOIN orgs o ON o.code = v.org_code "  \
	"LEFT JOIN supervision_alerts a ON a.open_key = 'inquiry_open:' || CAST(i.id AS TEXT) "

#define PETITION_SELECT(kind, due, open_states, what)                                              \
	"SELECT p.no, CASE WHEN p.status IN " open_states " THEN 1 ELSE 0 END, p." due             \
	", NULL, NULL, COALESCE(p.assignee_id, p.created_by), NULL, p.org_code, o.path, "          \
	"'" what "：' || p.subject || '（' || p.no || '）', NULL, a.id, a.level "               \
	"FROM petitions p JOIN orgs o ON o.code = p.org_code "                                     \
	"LEFT JOIN supervision_alerts a ON a.open_key = '" kind ":' || p.no "

#define RECTIFICATION_SELECT                                                                         \
	"SELECT CAST(r.id AS TEXT), CASE WHEN r.status = 'open' THEN 1 ELSE 0 END, r.due_date, "     \
	"NULL, NULL, r.responsible_id, r.venue_id, r.org_code, o.path, "                             \
	"'差评整改：' || c.item_name || '（' || g.case_no || '）', g.case_no, a.id, a.level " \
	"FROM rectifications r JOIN ratings g ON g.id = r.rating_id "                                \
	"JOIN cases c ON c.no = g.case_no JOIN orgs o ON o.code = r.org_code "                       \
	"LEFT JOIN supervision_alerts a ON a.open_key = 'rectification_due:' || "                    \
	"CAST(r.id AS TEXT) "

#define STALE(kind, join, done)                                                                    \
	"SELECT a.id FROM supervision_alerts a " join " WHERE a.kind = '" kind                     \
	"' AND a.closed_at IS NULL AND (" done ")"

static const struct sv_source sources[] = {
    {"case_due", "case", CASE_DUE_SELECT, "WHERE c.status IN " OPEN_CASE " AND c.due_date <= ?",
     "WHERE c.no = ? AND c.due_date IS NOT NULL",
     STALE("case_due", "JOIN cases c ON c.no = a.entity_id", "c.status NOT IN " OPEN_CASE), false},
    {"step_due", "case_step", STEP_DUE_SELECT,
     "WHERE s.finished_at IS NULL AND s.started_at IS NOT NULL AND s.due_date <= ?",
     "WHERE s.case_no = ? AND s.started_at IS NOT NULL AND s.due_date IS NOT NULL",
     STALE("step_due",
           "JOIN case_steps s ON s.case_no = a.case_no AND " STEP_KEY " = a.entity_id "
           "JOIN cases c ON c.no = s.case_no",
           "s.finished_at IS NOT NULL OR c.status NOT IN " LIVE_CASE),
     false},
    {"inquiry_open", "inquiry", INQUIRY_SELECT, "WHERE i.status = 'open'", NULL,
     STALE("inquiry_open", "JOIN inquiries i ON i.id = CAST(a.entity_id AS BIGINT)",
           "i.status <> 'open'"),
     true},
    {"petition_accept", "petition",
     PETITION_SELECT("petition_accept", "accept_due", "('registered')", "信访待决定受理"),
     "WHERE p.status = 'registered' AND p.accept_due <= ?", NULL,
     STALE("petition_accept", "JOIN petitions p ON p.no = a.entity_id", "p.status <> 'registered'"),
     false},
    {"petition_reply", "petition",
     PETITION_SELECT("petition_reply", "reply_due", "('accepted', 'transferred')", "信访待答复"),
     "WHERE p.status IN ('accepted', 'transferred') AND p.reply_due <= ?", NULL,
     STALE("petition_reply", "JOIN petitions p ON p.no = a.entity_id",
           "p.status NOT IN ('accepted', 'transferred')"),
     false},
    /* 差评 not rectified in time (the ratings branch's rectification tasks). */
    {"rectification_due", "rectification", RECTIFICATION_SELECT,
     "WHERE r.status = 'open' AND r.due_date <= ?", "WHERE g.case_no = ?",
     STALE("rectification_due", "JOIN rectifications r ON r.id = CAST(a.entity_id AS BIGINT)",
           "r.status <> 'open'"),
     false},
};

/* ---- one pass ---- */

/* What a pass decided for one alert, written after the read is over. */
struct sv_change {
	int64_t alert_id;    /* 0: a new alert */
	enum sv_level level; /* SV_NONE: close it, the matter is done */
	const char *kind, *entity;
	char entity_id[64];
	char case_no[32];
	char due[DATE_TEXT_SIZE];
	char org[32];
	char path[256];
	char *title;
	int64_t person, venue, breach;
};

struct sv_pass {
	struct db *db;
	const struct calendar *cal;
	struct sv_settings set;
	int64_t now;
	int today;
	struct sv_change *changes;
	size_t n, cap;
	struct sv_stats stats;
};

static struct sv_change *new_change(struct sv_pass *p)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->changes = realloc(p->changes, p->cap * sizeof *p->changes);
		if (!p->changes)
			abort();
	}
	struct sv_change *c = &p->changes[p->n++];
	memset(c, 0, sizeof *c);
	return c;
}

static void copy_col(struct db_stmt *st, int col, char *out, size_t size)
{
	const char *v = db_col_text(st, col);
	snprintf(out, size, "%s", v ? v : "");
}

/* The level a source row has today; SV_NONE when done or when the calendar cannot say. */
static enum sv_level row_level(struct sv_pass *p, const struct sv_source *src, struct db_stmt *st,
                               int *due)
{
	struct bm_error ignored = {0};
	enum sv_level level = SV_NONE;
	int pause = CASE_NO_DATE, effective;
	if (!db_col_int(st, COL_IS_OPEN))
		return SV_NONE;
	if (src->inquiry_limit) {
		if (calendar_add_working_days(p->cal, date_of_epoch(db_col_int(st, COL_START)),
		                              p->set.inquiry_days, due, &ignored) < 0)
			return SV_NONE;
	} else if (date_parse(db_col_text(st, COL_DUE), due) < 0)
		return SV_NONE;
	if (!db_col_is_null(st, COL_PAUSED))
		pause = date_of_epoch(db_col_int(st, COL_PAUSED));
	if (sv_effective_due(p->cal, *due, pause, p->today, &effective, &ignored) < 0 ||
	    sv_level_on(p->cal, effective, p->today, src->inquiry_limit ? 0 : p->set.warn_days,
	                p->set.red_days, &level, &ignored) < 0)
		return SV_NONE;
	*due = effective;
	return level;
}

/* Compares one source row with its open alert and records what must change. */
static void reconcile_row(struct sv_pass *p, const struct sv_source *src, struct db_stmt *st)
{
	int due = CASE_NO_DATE;
	enum sv_level want = row_level(p, src, st, &due), have = SV_NONE;
	int64_t alert = db_col_int(st, COL_ALERT);
	p->stats.examined++;
	if (alert)
		sv_level_parse(db_col_text(st, COL_LEVEL), &have);
	bool close = alert && !db_col_int(st, COL_IS_OPEN);
	if (!close && want <= have)
		return; /* nothing new: levels only go up while the matter is open */
	struct sv_change *c = new_change(p);
	c->alert_id = alert;
	c->level = close ? SV_NONE : want;
	c->kind = src->kind;
	c->entity = src->entity;
	copy_col(st, COL_ENTITY_ID, c->entity_id, sizeof c->entity_id);
	copy_col(st, COL_CASE, c->case_no, sizeof c->case_no);
	copy_col(st, COL_ORG, c->org, sizeof c->org);
	copy_col(st, COL_PATH, c->path, sizeof c->path);
	if (due != CASE_NO_DATE)
		date_format(due, c->due);
	const char *title = db_col_text(st, COL_TITLE);
	c->title = strdup(title ? title : "");
	c->person = db_col_int(st, COL_PERSON);
	c->venue = db_col_int(st, COL_VENUE);
}

/* Runs one source query (the SELECT part plus `where`, with `arg` bound when `where` has a
 * placeholder) and reconciles every row. */
static int scan_source(struct sv_pass *p, const struct sv_source *src, const char *where,
                       const char *arg, struct bm_error *err)
{
	char sql[4096];
	snprintf(sql, sizeof sql, "%s%s", src->select, where);
	struct db_stmt *st = strchr(where, '?') ? db_query(p->db, err, sql, "t", arg)
	                                        : db_query(p->db, err, sql, "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		reconcile_row(p, src, st);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Open alerts of a source whose matter is done: closed by the fix. */
static int scan_stale(struct sv_pass *p, const struct sv_source *src, struct bm_error *err)
{
	struct db_stmt *st = db_query(p->db, err, src->stale, "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct sv_change *c = new_change(p);
		c->alert_id = db_col_int(st, 0);
		c->level = SV_NONE;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

#define BREACH_SELECT                                                                              \
	"SELECT b.id, b.kind, b.detail, b.case_no, b.user_id, v.id, v.org_code, o.path, "          \
	"c.item_name FROM case_breaches b JOIN cases c ON c.no = b.case_no "                       \
	"JOIN venues v ON v.id = COALESCE(b.venue_id, c.current_venue_id) "                        \
	"JOIN orgs o ON o.code = v.org_code "                                                      \
	"WHERE NOT EXISTS (SELECT 1 FROM supervision_alerts a WHERE a.breach_id = b.id) "

/* Breaches the case store recorded that have no alert yet (all, or one case's). */
static int scan_breaches(struct sv_pass *p, const char *case_no, struct bm_error *err)
{
	struct db_stmt *st =
	    case_no ? db_query(p->db, err, BREACH_SELECT "AND b.case_no = ?", "t", case_no)
	            : db_query(p->db, err, BREACH_SELECT, "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct sv_change *c = new_change(p);
		const char *kind = db_col_text(st, 1);
		c->level = SV_BREACH;
		c->kind = strcmp(kind, "late_step") == 0 ? "late_step" : "notice_not_listed";
		c->entity = "case_breach";
		c->breach = db_col_int(st, 0);
		snprintf(c->entity_id, sizeof c->entity_id, "%lld", (long long)c->breach);
		copy_col(st, 3, c->case_no, sizeof c->case_no);
		c->person = db_col_int(st, 4);
		c->venue = db_col_int(st, 5);
		copy_col(st, 6, c->org, sizeof c->org);
		copy_col(st, 7, c->path, sizeof c->path);
		char title[512];
		snprintf(title, sizeof title, "%s（%s）：%s", db_col_text(st, 8), c->case_no,
		         db_col_text(st, 2));
		c->title = strdup(title);
		p->stats.examined++;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

#define GAP_WINDOW_SQL                                                                              \
	"SELECT COALESCE(w.a_user_id, w.b_user_id), v.org_code, o.path, "                           \
	"v.name || ' ' || CAST(w.number AS TEXT) || '号窗口（' || w.name || '）断档', a.id " \
	"FROM windows w JOIN venues v ON v.id = w.venue_id JOIN orgs o ON o.code = v.org_code "     \
	"LEFT JOIN supervision_alerts a ON a.open_key = 'window_gap:' || CAST(w.id AS TEXT) "       \
	"WHERE w.id = ?"

/* One live gap: an alert unless one is open. */
static int gap_alert(struct sv_pass *p, int64_t window_id, struct bm_error *err)
{
	struct db_stmt *st = db_query(p->db, err, GAP_WINDOW_SQL, "i", window_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW && db_col_is_null(st, 4)) {
		struct sv_change *c = new_change(p);
		c->level = SV_BREACH;
		c->kind = "window_gap";
		c->entity = "window";
		snprintf(c->entity_id, sizeof c->entity_id, "%lld", (long long)window_id);
		c->person = db_col_int(st, 0);
		c->venue = 0;
		copy_col(st, 1, c->org, sizeof c->org);
		copy_col(st, 2, c->path, sizeof c->path);
		const char *title = db_col_text(st, 3);
		c->title = strdup(title ? title : "窗口断档");
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Window gaps (duty.h): one alert per live gap; open gap alerts of windows no longer in a
 * gap are closed by the fix. */
static int scan_gaps(struct sv_pass *p, struct bm_error *err)
{
	json_t *gaps;
	if (duty_gaps(p->db, "/", p->now, &gaps, err) < 0)
		return -1;
	size_t i, n = json_array_size(gaps);
	int64_t *live = calloc(n + 1, sizeof *live);
	json_t *g;
	int rc = 0;
	json_array_foreach(gaps, i, g)
	{
		live[i] = json_integer_value(json_object_get(json_object_get(g, "window"), "id"));
		if (rc == 0)
			rc = gap_alert(p, live[i], err);
	}
	json_decref(gaps);
	struct db_stmt *st = rc < 0
	                         ? NULL
	                         : db_query(p->db, err,
	                                    "SELECT a.id, a.entity_id FROM supervision_alerts a "
	                                    "WHERE a.kind = 'window_gap' AND a.closed_at IS NULL",
	                                    "");
	while (st && (rc = db_step(st, err)) == DB_ROW) {
		int64_t window = strtoll(db_col_text(st, 1), NULL, 10);
		bool still = false;
		for (size_t k = 0; k < n && !still; k++)
			still = live[k] == window;
		if (!still) {
			struct sv_change *c = new_change(p);
			c->alert_id = db_col_int(st, 0);
			c->level = SV_NONE;
		}
	}
	if (st)
		db_reset(st);
	else if (rc == 0)
		rc = -1;
	free(live);
	return rc < 0 ? -1 : 0;
}

/* ---- writing the changes ---- */

static void bind_id_or_null(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

static void bind_text_or_null(struct db_stmt *st, int idx, const char *v)
{
	db_bind_text(st, idx, v && *v ? v : NULL);
}

static int insert_alert(struct sv_pass *p, const struct sv_change *c, struct bm_error *err)
{
	struct db_stmt *st = db_prepare(
	    p->db,
	    "INSERT INTO supervision_alerts (kind, level, entity, entity_id, case_no, breach_id, "
	    "title, due_date, responsible_id, venue_id, org_code, org_path, opened_at, yellow_at, "
	    "red_at, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    err);
	if (!st)
		return -1;
	char key[128];
	snprintf(key, sizeof key, "%s:%s", c->kind, c->entity_id);
	db_bind_text(st, 1, c->kind);
	db_bind_text(st, 2, sv_level_name(c->level));
	db_bind_text(st, 3, c->entity);
	db_bind_text(st, 4, c->entity_id);
	bind_text_or_null(st, 5, c->case_no);
	bind_id_or_null(st, 6, c->breach);
	db_bind_text(st, 7, c->title ? c->title : "");
	bind_text_or_null(st, 8, c->due);
	bind_id_or_null(st, 9, c->person);
	bind_id_or_null(st, 10, c->venue);
	db_bind_text(st, 11, c->org);
	db_bind_text(st, 12, c->path);
	db_bind_int(st, 13, p->now);
	bind_id_or_null(st, 14, c->level == SV_YELLOW || c->level == SV_RED ? p->now : 0);
	bind_id_or_null(st, 15, c->level == SV_RED ? p->now : 0);
	db_bind_text(st, 16, key);
	int rc = db_step(st, err);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc < 0 || stats_alert_raised(p->db, id, p->now, err) < 0)
		return -1;
	p->stats.opened++;
	return 0;
}

static int apply_change(struct sv_pass *p, const struct sv_change *c, struct bm_error *err)
{
	if (c->level == SV_NONE) {
		int64_t n = db_exec_params(p->db, err,
		                           "UPDATE supervision_alerts SET closed_at = ?, "
		                           "closed_by_fix = 1, open_key = NULL "
		                           "WHERE id = ? AND closed_at IS NULL",
		                           "ii", p->now, c->alert_id);
		if (n < 0)
			return -1;
		p->stats.closed += n;
		return 0;
	}
	if (!c->alert_id)
		return insert_alert(p, c, err);
#define ESCALATE                                                                                   \
	"UPDATE supervision_alerts SET level = ?, "                                                \
	"yellow_at = COALESCE(yellow_at, CAST(? AS BIGINT)), "                                     \
	"red_at = COALESCE(red_at, CAST(? AS BIGINT)), due_date = ? WHERE id = ?"
	const char *due = c->due[0] ? c->due : NULL, *level = sv_level_name(c->level);
	int64_t n = c->level == SV_RED ? db_exec_params(p->db, err, ESCALATE, "tiiti", level,
	                                                p->now, p->now, due, c->alert_id)
	                               : db_exec_params(p->db, err, ESCALATE, "tinti", level,
	                                                p->now, due, c->alert_id);
#undef ESCALATE
	if (n < 0 || stats_alert_raised(p->db, c->alert_id, p->now, err) < 0)
		return -1;
	p->stats.escalated++;
	return 0;
}

static int apply_changes(struct sv_pass *p, struct bm_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (rc == 0)
			rc = apply_change(p, &p->changes[i], err);
		free(p->changes[i].title);
	}
	p->n = 0;
	return rc;
}

/* ---- the passes ---- */

static int setting_days(struct db *db, const char *key, int fallback, int *out,
                        struct bm_error *err)
{
	char text[32];
	int found = settings_get(db, key, text, sizeof text, err);
	if (found < 0)
		return -1;
	char *end;
	long v = found ? strtol(text, &end, 10) : -1;
	*out = found && !*end && v >= 0 && v <= 60 ? (int)v : fallback;
	return 0;
}

int sv_settings_load(struct db *db, struct sv_settings *out, struct bm_error *err)
{
	return setting_days(db, "supervision_warn_days", SV_DEFAULT_WARN_DAYS, &out->warn_days,
	                    err) < 0 ||
	               setting_days(db, "supervision_red_days", SV_DEFAULT_RED_DAYS, &out->red_days,
	                            err) < 0 ||
	               setting_days(db, "supervision_inquiry_days", SV_DEFAULT_INQUIRY_DAYS,
	                            &out->inquiry_days, err) < 0
	           ? -1
	           : 0;
}

static void *pass_begin(struct sv_pass *p, struct db *db, int64_t now, struct bm_error *err)
{
	void *handle = NULL;
	memset(p, 0, sizeof *p);
	p->db = db;
	p->now = now;
	p->today = date_of_epoch(now);
	if (sv_settings_load(db, &p->set, err) < 0)
		return NULL;
	p->cal = workcal_acquire(db, &handle, err);
	return p->cal ? handle : NULL;
}

static void pass_end(struct sv_pass *p, void *handle)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->changes[i].title);
	free(p->changes);
	if (handle)
		workcal_release(handle);
}

static int full_pass(struct db *db, void *vctx, struct bm_error *err)
{
	struct sv_pass *p = vctx;
	p->db = db;
	p->n = 0;
	int horizon;
	char horizon_text[DATE_TEXT_SIZE];
	struct bm_error ignored = {0};
	if (sv_horizon(p->cal, p->today, p->set.warn_days, &horizon, &ignored) < 0)
		horizon = p->today; /* the calendar ends soon: overdue matters still count */
	date_format(horizon, horizon_text);
	for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
		/* A red card cannot rise further: only its closing matters (scan_stale). */
		char where[512];
		snprintf(where, sizeof where, "%s AND (a.id IS NULL OR a.level <> 'red')",
		         sources[i].scan_where);
		if (scan_source(p, &sources[i], where, horizon_text, err) < 0 ||
		    scan_stale(p, &sources[i], err) < 0 || apply_changes(p, err) < 0)
			return -1;
	}
	return scan_breaches(p, NULL, err) < 0 || scan_gaps(p, err) < 0 || apply_changes(p, err) < 0
	           ? -1
	           : 0;
}

int supervision_run(struct db *db, int64_t now, struct sv_stats *stats, struct bm_error *err)
{
	struct sv_pass p;
	void *handle = pass_begin(&p, db, now, err);
	int rc = handle ? db_transaction(db, full_pass, &p, err) : -1;
	if (stats)
		*stats = p.stats;
	pass_end(&p, handle);
	return rc;
}

int supervision_case_changed(struct db *db, const char *case_no, int64_t now, struct bm_error *err)
{
	struct sv_pass p;
	void *handle = pass_begin(&p, db, now, err);
	int rc = handle ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < sizeof sources / sizeof *sources; i++)
		if (sources[i].case_where)
			rc = scan_source(&p, &sources[i], sources[i].case_where, case_no, err);
	if (rc == 0)
		rc = scan_breaches(&p, case_no, err);
	if (rc == 0)
		rc = apply_changes(&p, err);
	pass_end(&p, handle);
	return rc;
}
