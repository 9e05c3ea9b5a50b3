/*
** stats.c — the maintained counters of stats.h: the event hooks, the rebuild and its check, and
** the totals of a subtree over a range of days.
**
** Each kind of event is one "source": a grouped query over its base table giving, per org and
** local day number, the counts of the measures it feeds. The rebuild runs every source over all
** rows; a hook runs the same query restricted to the one row that just changed (its key clause)
** and adds the counts (times +1 or -1) with an UPSERT. One definition thus serves both, so the
** maintained counters equal a rebuild by construction, and the tests check that they do.
*/
#include "domain/stats.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/settings.h"
#include "domain/stats_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const measure_names[STATS_MEASURES] = {
    "received",          "completed",        "on_time",     "overdue",
    "ratings",           "satisfied",        "bad",         "bad_rectified_on_time",
    "warnings",          "yellow_cards",     "red_cards",   "petitions",
    "petitions_on_time", "petitions_closed", "window_gaps", "open_post_seconds",
    "staffed_seconds",   "a_post_seconds",
};

const char *stats_measure_name(enum stats_measure m)
{
	return m >= 0 && m < STATS_MEASURES ? measure_names[m] : NULL;
}

long *stats_totals_at(struct stats_totals *t, enum stats_measure m)
{
	long *fields[STATS_MEASURES] = {
	    &t->received,          &t->completed,        &t->on_time,     &t->overdue,
	    &t->ratings,           &t->satisfied,        &t->bad,         &t->bad_rectified_on_time,
	    &t->warnings,          &t->yellow_cards,     &t->red_cards,   &t->petitions,
	    &t->petitions_on_time, &t->petitions_closed, &t->window_gaps, &t->open_post_seconds,
	    &t->staffed_seconds,   &t->a_post_seconds,
	};
	return fields[m];
}

/* ---- sources ---- */

#define DAY_OF(t)      "(" t " + 28800) / 86400"
#define DAY_TEXT_OF(t) "(SELECT d.day FROM stats_days d WHERE d.n = " DAY_OF(t) ")"

/* How a hook names its row: a case number; an id; an id and the moment of the step. */
enum key_kind { KEY_CASE, KEY_ID, KEY_ID_NOW };

struct source {
	const char *select; /* SELECT org, day number, counts ... FROM ... WHERE ... */
	const char *key;    /* " AND ..." restricting it to one row (KEY_* placeholders) */
	enum key_kind key_kind;
	int n;
	enum stats_measure measures[3]; /* what the count columns feed, in order */
};

#define CASES_FROM     "FROM cases c JOIN venues v ON v.id = c.origin_venue_id "
#define ALERT_COUNT(t) "SELECT a.org_code, " DAY_OF(t) ", COUNT(*) FROM supervision_alerts a WHERE "
/* The seconds of the duty intervals meeting `cond` (a BIGINT on both engines). */
#define DUTY_SECONDS(cond)                                                                         \
	"CAST(SUM(CASE WHEN " cond " THEN d.ended_at - d.started_at ELSE 0 END) AS BIGINT)"

enum source_id {
	SRC_RECEIVED,
	SRC_COMPLETED,
	SRC_WARNINGS,
	SRC_YELLOW,
	SRC_RED,
	SRC_WINDOW_GAPS,
	SRC_RATINGS,
	SRC_RECTIFIED,
	SRC_PETITIONS,
	SRC_PETITIONS_CLOSED,
	SRC_DUTY,
	SRC_COUNT
};

static const struct source sources[SRC_COUNT] = {
    [SRC_RECEIVED] = {"SELECT v.org_code, " DAY_OF("c.created_at") ", COUNT(*) " CASES_FROM
                                                                   "WHERE 1 = 1",
                      " AND c.no = ?",
                      KEY_CASE,
                      1,
                      {STATS_RECEIVED}},
    [SRC_COMPLETED] =
        {"SELECT v.org_code, " DAY_OF(
             "c.completed_at") ", COUNT(*), "
                               "SUM(CASE WHEN c.due_date IS NULL OR c.due_date >= " DAY_TEXT_OF(
                                   "c.completed_at") " THEN 1 ELSE 0 END) " CASES_FROM
                                                     "WHERE c.completed_at IS NOT NULL",
         " AND c.no = ?",
         KEY_CASE,
         2,
         {STATS_COMPLETED, STATS_ON_TIME}},
    [SRC_WARNINGS] = {ALERT_COUNT(
                          "a.opened_at") "a.level <> 'breach' AND "
                                         "(a.yellow_at IS NULL OR a.yellow_at <> a.opened_at)",
                      " AND a.id = ? AND a.opened_at = ?",
                      KEY_ID_NOW,
                      1,
                      {STATS_WARNINGS}},
    [SRC_YELLOW] = {"SELECT a.org_code, " DAY_OF(
                        "a.yellow_at") ", COUNT(*), "
                                       "SUM(CASE WHEN a.kind = 'case_due' THEN 1 ELSE 0 END) "
                                       "FROM supervision_alerts a WHERE a.yellow_at IS NOT NULL",
                    " AND a.id = ? AND a.yellow_at = ?",
                    KEY_ID_NOW,
                    2,
                    {STATS_YELLOW_CARDS, STATS_OVERDUE}},
    [SRC_RED] = {ALERT_COUNT("a.red_at") "a.red_at IS NOT NULL",
                 " AND a.id = ? AND a.red_at = ?",
                 KEY_ID_NOW,
                 1,
                 {STATS_RED_CARDS}},
    [SRC_WINDOW_GAPS] = {ALERT_COUNT("a.opened_at") "a.kind = 'window_gap'",
                         " AND a.id = ? AND a.opened_at = ?",
                         KEY_ID_NOW,
                         1,
                         {STATS_WINDOW_GAPS}},
    [SRC_RATINGS] = {"SELECT r.org_code, " DAY_OF(
                         "r.created_at") ", COUNT(*), "
                                         "SUM(CASE WHEN r.bad = 0 THEN 1 ELSE 0 END), SUM(r.bad) "
                                         "FROM ratings r "
                                         "WHERE r.excluded = 0",
                     " AND r.id = ?",
                     KEY_ID,
                     3,
                     {STATS_RATINGS, STATS_SATISFIED, STATS_BAD}},
    [SRC_RECTIFIED] =
        {"SELECT r.org_code, " DAY_OF(
             "r.created_at") ", COUNT(*) "
                             "FROM rectifications t JOIN ratings r ON r.id = t.rating_id "
                             "WHERE r.excluded = 0 AND t.status = 'rectified' AND "
                             "t.rectified_on <= t.due_date",
         " AND r.id = ?",
         KEY_ID,
         1,
         {STATS_BAD_RECTIFIED_ON_TIME}},
    [SRC_PETITIONS] = {"SELECT p.org_code, " DAY_OF("p.created_at") ", COUNT(*) "
                                                                    "FROM petitions p WHERE 1 = 1",
                       " AND p.id = ?",
                       KEY_ID,
                       1,
                       {STATS_PETITIONS}},
    [SRC_PETITIONS_CLOSED] =
        {"SELECT p.org_code, " DAY_OF(
             "p.closed_at") ", COUNT(*), "
                            "SUM(CASE WHEN COALESCE(p.reply_due, p.accept_due) >= " DAY_TEXT_OF(
                                "p.closed_at") " THEN 1 ELSE 0 END) FROM petitions p "
                                               "WHERE p.closed_at IS NOT NULL",
         " AND p.id = ?",
         KEY_ID,
         2,
         {STATS_PETITIONS_CLOSED, STATS_PETITIONS_ON_TIME}},
    [SRC_DUTY] = {"SELECT v.org_code, " DAY_OF("d.started_at") ", " DUTY_SECONDS("1 = 1") ", "
                  DUTY_SECONDS("d.user_id IS NOT NULL") ", " DUTY_SECONDS("d.post = 'A'")
                  " FROM duty_log d JOIN windows w ON w.id = d.window_id "
                  "JOIN venues v ON v.id = w.venue_id WHERE d.ended_at IS NOT NULL",
                  " AND d.id = ?",
                  KEY_ID,
                  3,
                  {STATS_OPEN_POST_SECONDS, STATS_STAFFED_SECONDS, STATS_A_POST_SECONDS}},
};

/* ---- counters in memory ---- */

struct entry {
	char org[32];
	int day;
	long c[STATS_MEASURES];
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static struct entry *entries_add(struct entries *e, const char *org, int day)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 256;
		e->v = realloc(e->v, e->cap * sizeof *e->v);
		if (!e->v)
			abort();
	}
	struct entry *x = &e->v[e->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->org, sizeof x->org, "%s", org ? org : "");
	x->day = day;
	return x;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->org, y->org);
	return c ? c : (x->day > y->day) - (x->day < y->day);
}

/* Sorts by (org, day) and merges entries of the same key. */
static void entries_merge(struct entries *e)
{
	if (e->n < 2)
		return;
	qsort(e->v, e->n, sizeof *e->v, entry_cmp);
	size_t out = 0;
	for (size_t i = 1; i < e->n; i++) {
		if (entry_cmp(&e->v[out], &e->v[i]) == 0) {
			for (int m = 0; m < STATS_MEASURES; m++)
				e->v[out].c[m] += e->v[i].c[m];
		} else
			e->v[++out] = e->v[i];
	}
	e->n = out + 1;
}

/* Runs one source (all rows, or the key's) and appends its counts times `delta`. */
static int collect(struct db *db, const struct source *src, const char *case_no, int64_t id,
                   int64_t now, int delta, struct entries *out, struct bm_error *err)
{
	char sql[2048];
	snprintf(sql, sizeof sql, "%s%s GROUP BY 1, 2", src->select, case_no || id ? src->key : "");
	struct db_stmt *st = !case_no && !id             ? db_query(db, err, sql, "")
	                     : src->key_kind == KEY_CASE ? db_query(db, err, sql, "t", case_no)
	                     : src->key_kind == KEY_ID   ? db_query(db, err, sql, "i", id)
	                                                 : db_query(db, err, sql, "ii", id, now);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct entry *x = entries_add(out, db_col_text(st, 0), (int)db_col_int(st, 1));
		for (int i = 0; i < src->n; i++)
			x->c[src->measures[i]] = delta * (long)db_col_int(st, 2 + i);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* ---- writing ---- */

/* The UPSERT adding one entry's counts to its row (built once). */
static const char *upsert_sql(void)
{
	static char sql[2048];
	if (sql[0])
		return sql;
	char cols[600] = "", vals[400] = "", sets[1200] = "";
	for (int m = 0; m < STATS_MEASURES; m++) {
		const char *c = measure_names[m], *sep = m ? ", " : "";
		size_t n = strlen(cols), v = strlen(vals), s = strlen(sets);
		snprintf(cols + n, sizeof cols - n, "%s%s", sep, c);
		snprintf(vals + v, sizeof vals - v, "%sCAST(? AS BIGINT)", sep);
		snprintf(sets + s, sizeof sets - s, "%s%s = stats_daily.%s + excluded.%s", sep, c,
		         c, c);
	}
	snprintf(sql, sizeof sql,
	         "INSERT INTO stats_daily (org_code, day, %s) VALUES (?, ?, %s) "
	         "ON CONFLICT (org_code, day) DO UPDATE SET %s",
	         cols, vals, sets);
	return sql;
}

static int add_entry(struct db *db, const struct entry *x, struct bm_error *err)
{
	bool any = false;
	for (int m = 0; m < STATS_MEASURES && !any; m++)
		any = x->c[m] != 0;
	if (!any)
		return 0;
	struct db_stmt *st = db_prepare(db, upsert_sql(), err);
	if (!st)
		return -1;
	char day[DATE_TEXT_SIZE];
	date_format(x->day, day);
	db_bind_text(st, 1, x->org);
	db_bind_text(st, 2, day);
	for (int m = 0; m < STATS_MEASURES; m++)
		db_bind_int(st, 3 + m, x->c[m]);
	int rc = db_step(st, err);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int add_entries(struct db *db, struct entries *e, struct bm_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < e->n; i++)
		rc = add_entry(db, &e->v[i], err);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
	return rc;
}

/* Runs the given sources for one changed row and adds what they count. */
static int bump(struct db *db, const enum source_id *ids, size_t n, const char *case_no, int64_t id,
                int64_t now, int delta, struct bm_error *err)
{
	struct entries e = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = collect(db, &sources[ids[i]], case_no, id, now, delta, &e, err);
	if (rc < 0) {
		free(e.v);
		return -1;
	}
	return add_entries(db, &e, err);
}

#define BUMP(db, case_no, id, now, delta, err, ...)                                                \
	bump(db, (const enum source_id[]){__VA_ARGS__},                                            \
	     sizeof((const enum source_id[]){__VA_ARGS__}) / sizeof(enum source_id), case_no, id,  \
	     now, delta, err)

/* ---- hooks ---- */

int stats_case_received(struct db *db, const char *case_no, struct bm_error *err)
{
	return BUMP(db, case_no, 0, 0, 1, err, SRC_RECEIVED);
}

int stats_case_completed(struct db *db, const char *case_no, struct bm_error *err)
{
	return BUMP(db, case_no, 0, 0, 1, err, SRC_COMPLETED);
}

int stats_alert_raised(struct db *db, int64_t alert_id, int64_t now, struct bm_error *err)
{
	return BUMP(db, NULL, alert_id, now, 1, err, SRC_WARNINGS, SRC_YELLOW, SRC_RED,
	            SRC_WINDOW_GAPS);
}

int stats_rating_counted(struct db *db, int64_t rating_id, int delta, struct bm_error *err)
{
	return BUMP(db, NULL, rating_id, 0, delta, err, SRC_RATINGS, SRC_RECTIFIED);
}

int stats_rectified(struct db *db, int64_t rating_id, struct bm_error *err)
{
	return BUMP(db, NULL, rating_id, 0, 1, err, SRC_RECTIFIED);
}

int stats_petition_registered(struct db *db, int64_t petition_id, struct bm_error *err)
{
	return BUMP(db, NULL, petition_id, 0, 1, err, SRC_PETITIONS);
}

int stats_petition_closed(struct db *db, int64_t petition_id, struct bm_error *err)
{
	return BUMP(db, NULL, petition_id, 0, 1, err, SRC_PETITIONS_CLOSED);
}

int stats_duty_ended(struct db *db, int64_t duty_log_id, struct bm_error *err)
{
	return BUMP(db, NULL, duty_log_id, 0, 1, err, SRC_DUTY);
}

/* ---- rebuild and check ---- */

/* Every counter from the base tables, merged per (org, day). */
static int collect_all(struct db *db, struct entries *e, struct bm_error *err)
{
	for (int i = 0; i < SRC_COUNT; i++)
		if (collect(db, &sources[i], NULL, 0, 0, 1, e, err) < 0) {
			free(e->v);
			e->v = NULL;
			return -1;
		}
	entries_merge(e);
	return 0;
}

int stats_rebuild(struct db *db, long *rows, struct bm_error *err)
{
	struct entries e = {0};
	if (collect_all(db, &e, err) < 0)
		return -1;
	if (rows)
		*rows = (long)e.n;
	if (db_exec_params(db, err, "DELETE FROM stats_daily", "") < 0) {
		free(e.v);
		return -1;
	}
	return add_entries(db, &e, err);
}

struct pending_rebuild {
	long *rows;
	bool done;
};

static int rebuild_if_pending_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct pending_rebuild *p = vctx;
	char state[16] = "";
	int found = settings_get(db, "stats_rebuild", state, sizeof state, err);
	p->done = false;
	if (found < 0)
		return -1;
	if (found == 0 || strcmp(state, "pending") != 0)
		return 0;
	if (stats_rebuild(db, p->rows, err) < 0 ||
	    db_exec_params(db, err, "DELETE FROM settings WHERE key = 'stats_rebuild'", "") < 0)
		return -1;
	p->done = true;
	return 0;
}

int stats_rebuild_if_pending(struct db *db, long *rows, struct bm_error *err)
{
	struct pending_rebuild p = {rows, false};
	char state[16] = "";
	/* Every command opens the database through here: a plain read first, so that the usual
	 * answer (nothing pending) takes no write lock; the transaction reads it again. */
	int found = settings_get(db, "stats_rebuild", state, sizeof state, err);
	if (found <= 0)
		return found;
	if (db_transaction(db, rebuild_if_pending_txn, &p, err) < 0)
		return -1;
	return p.done ? 1 : 0;
}

/* The maintained rows, sorted like a merged collection. */
static int read_maintained(struct db *db, struct entries *e, struct bm_error *err)
{
	char sql[800] = "SELECT org_code, day";
	for (int m = 0; m < STATS_MEASURES; m++) {
		size_t n = strlen(sql);
		snprintf(sql + n, sizeof sql - n, ", %s", measure_names[m]);
	}
	strncat(sql, " FROM stats_daily ORDER BY org_code, day", sizeof sql - strlen(sql) - 1);
	struct db_stmt *st = db_query(db, err, sql, "");
	if (!st)
		return -1;
	int rc, day;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (date_parse(db_col_text(st, 1), &day) < 0)
			day = 0;
		struct entry *x = entries_add(e, db_col_text(st, 0), day);
		for (int m = 0; m < STATS_MEASURES; m++)
			x->c[m] = (long)db_col_int(st, 2 + m);
	}
	db_reset(st);
	entries_merge(e); /* ORDER BY text may differ from strcmp on odd codes */
	return rc < 0 ? -1 : 0;
}

static const long zeros[STATS_MEASURES];

/* Reports the counters of one key that differ (a or b may be NULL: all zero). */
static long compare_key(const struct entry *a, const struct entry *b,
                        void (*report)(const char *, void *), void *ctx)
{
	const struct entry *k = a ? a : b;
	const long *ca = a ? a->c : zeros, *cb = b ? b->c : zeros;
	long diff = 0;
	for (int m = 0; m < STATS_MEASURES; m++) {
		if (ca[m] == cb[m])
			continue;
		diff++;
		if (report) {
			char line[160], day[DATE_TEXT_SIZE];
			date_format(k->day, day);
			snprintf(line, sizeof line, "%s %s %s: maintained %ld, rebuilt %ld", k->org,
			         day, measure_names[m], ca[m], cb[m]);
			report(line, ctx);
		}
	}
	return diff;
}

int stats_check(struct db *db, long *mismatches, void (*report)(const char *line, void *ctx),
                void *ctx, struct bm_error *err)
{
	struct entries kept = {0}, built = {0};
	if (read_maintained(db, &kept, err) < 0 || collect_all(db, &built, err) < 0) {
		free(kept.v);
		return -1;
	}
	size_t i = 0, j = 0;
	*mismatches = 0;
	while (i < kept.n || j < built.n) {
		int c = i == kept.n ? 1 : j == built.n ? -1 : entry_cmp(&kept.v[i], &built.v[j]);
		*mismatches += compare_key(c <= 0 ? &kept.v[i] : NULL, c >= 0 ? &built.v[j] : NULL,
		                           report, ctx);
		i += c <= 0;
		j += c >= 0;
	}
	free(kept.v);
	free(built.v);
	return 0;
}

/* ---- totals ---- */

int stats_org_path(struct db *db, const char *org_code, char *path, size_t size,
                   struct bm_error *err)
{
	struct org org;
	int found = org_get(db, org_code ? org_code : "", &org, err);
	if (found < 0)
		return -1;
	if (!found) {
		bm_error_set(err, 404, "org_not_found", "组织机构不存在");
		return bm_error_field(err, "org");
	}
	snprintf(path, size, "%s", org.path);
	return 0;
}

static int parse_day(const char *text, const char *field, int *day, struct bm_error *err)
{
	if (text && date_parse(text, day) == 0)
		return 0;
	bm_error_set(err, 400, "invalid_date", "日期应为 YYYY-MM-DD 格式");
	return bm_error_field(err, field);
}

int stats_day_range(const char *from_day, const char *to_day, int *from, int *to,
                    struct bm_error *err)
{
	if (parse_day(from_day, "from", from, err) < 0 || parse_day(to_day, "to", to, err) < 0)
		return -1;
	if (*from > *to) {
		bm_error_set(err, 400, "invalid_range", "开始日期不能晚于结束日期");
		return bm_error_field(err, "to");
	}
	return 0;
}

int stats_scope(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                struct stats_scope *out, struct bm_error *err)
{
	char path[256];
	int from, to;
	if (stats_day_range(from_day, to_day, &from, &to, err) < 0 ||
	    stats_org_path(db, org_code, path, sizeof path, err) < 0)
		return -1;
	snprintf(out->like, sizeof out->like, "%s%%", path);
	date_format(from, out->from);
	date_format(to, out->to);
	out->from_epoch = (int64_t)from * 86400 - 28800;
	out->to_epoch = ((int64_t)to + 1) * 86400 - 28800;
	return 0;
}

int stats_totals_for(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                     struct stats_totals *out, struct bm_error *err)
{
	struct stats_scope sc;
	memset(out, 0, sizeof *out);
	if (stats_scope(db, org_code, from_day, to_day, &sc, err) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err, "SELECT " STATS_SUMS " " STATS_DAILY_IN_SCOPE, "ttt",
	                              sc.like, sc.from, sc.to);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		for (int m = 0; m < STATS_MEASURES; m++)
			*stats_totals_at(out, m) = (long)db_col_int(st, m); /* NULL (no rows): 0 */
	db_reset(st);
	return rc < 0 ? -1 : 0;
}
