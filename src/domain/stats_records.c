/*
** stats_records.c — the records behind one figure (stats_records() of stats.h): for each
** measure, the rows of its base table that the counter counts, with the same conditions as the
** counter's source in stats.c, restricted to an org's subtree and a range of days.
**
** Every query selects the same columns (id, no, org_code, org_name, venue_name, item_name, at,
** due_date, title, level, seconds), so one row-to-JSON step serves all; "day" is the local date
** of `at`; "seconds" (the length of a duty interval) is given for duty records only.
*/
#include "domain/stats.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/stats_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DAY_TEXT_OF(t) "(SELECT d.day FROM stats_days d WHERE d.n = (" t " + 28800) / 86400)"

struct record_query {
	const char *measure;
	const char *kind;
	const char *select; /* the eleven columns */
	const char *from;   /* FROM ... with the org as `o` */
	const char *where;  /* the measure's condition */
	const char *at;     /* the time column the range applies to */
};

#define NO_SECONDS "CAST(NULL AS BIGINT) "
#define CASE_COLS(t)                                                                               \
	"SELECT 0, c.no, o.code, o.name, v.name, c.item_name, " t ", c.due_date, "                 \
	"CAST(NULL AS TEXT), CAST(NULL AS TEXT), " NO_SECONDS
#define CASES_FROM                                                                                 \
	"FROM cases c JOIN venues v ON v.id = c.origin_venue_id JOIN orgs o ON o.code = "          \
	"v.org_code "
#define DONE "c.completed_at IS NOT NULL"
#define RATING_COLS                                                                                \
	"SELECT r.id, r.case_no, o.code, o.name, v.name, c.item_name, r.created_at, t.due_date, "  \
	"CAST(NULL AS TEXT), r.level, " NO_SECONDS
#define RATINGS_FROM                                                                               \
	"FROM ratings r JOIN cases c ON c.no = r.case_no JOIN venues v ON v.id = r.venue_id "      \
	"JOIN orgs o ON o.code = r.org_code LEFT JOIN rectifications t ON t.rating_id = r.id "
#define ALERT_COLS(t)                                                                              \
	"SELECT a.id, a.case_no, o.code, o.name, v.name, CAST(NULL AS TEXT), " t ", a.due_date, "  \
	"a.title, a.level, " NO_SECONDS
#define ALERTS_FROM                                                                                \
	"FROM supervision_alerts a JOIN orgs o ON o.code = a.org_code "                            \
	"LEFT JOIN venues v ON v.id = a.venue_id "
#define PETITION_COLS(t)                                                                           \
	"SELECT p.id, p.no, o.code, o.name, CAST(NULL AS TEXT), CAST(NULL AS TEXT), " t ", "       \
	"COALESCE(p.reply_due, p.accept_due), p.subject, CAST(NULL AS TEXT), " NO_SECONDS
#define PETITIONS_FROM   "FROM petitions p JOIN orgs o ON o.code = p.org_code "
#define PETITION_ON_TIME "COALESCE(p.reply_due, p.accept_due) >= " DAY_TEXT_OF("p.closed_at")
/* A duty interval: the window as the item, the person on duty as the title, the post (A, B,
 * or "gap" when nobody was) as the level, and its length. */
#define DUTY_COLS                                                                                  \
	"SELECT d.id, CAST(NULL AS TEXT), o.code, o.name, v.name, "                                \
	"CAST(w.number AS TEXT) || '号窗口 ' || w.name, d.started_at, CAST(NULL AS TEXT), "        \
	"u.display_name, CASE WHEN d.post IS NULL THEN 'gap' ELSE d.post END, "                    \
	"d.ended_at - d.started_at "
#define DUTY_FROM                                                                                  \
	"FROM duty_log d JOIN windows w ON w.id = d.window_id JOIN venues v ON v.id = w.venue_id " \
	"JOIN orgs o ON o.code = v.org_code LEFT JOIN users u ON u.id = d.user_id "
#define DUTY_ENDED "d.ended_at IS NOT NULL"

static const struct record_query queries[] = {
    {"received", "case", CASE_COLS("c.created_at"), CASES_FROM, "1 = 1", "c.created_at"},
    {"completed", "case", CASE_COLS("c.completed_at"), CASES_FROM, DONE, "c.completed_at"},
    {"on_time", "case", CASE_COLS("c.completed_at"), CASES_FROM,
     DONE " AND (c.due_date IS NULL OR c.due_date >= " DAY_TEXT_OF("c.completed_at") ")",
     "c.completed_at"},
    {"late", "case", CASE_COLS("c.completed_at"), CASES_FROM,
     DONE " AND c.due_date < " DAY_TEXT_OF("c.completed_at"), "c.completed_at"},
    {"overdue", "case",
     "SELECT 0, c.no, o.code, o.name, v.name, c.item_name, a.yellow_at, c.due_date, a.title, "
     "a.level, " NO_SECONDS,
     "FROM supervision_alerts a JOIN cases c ON c.no = a.case_no "
     "JOIN orgs o ON o.code = a.org_code LEFT JOIN venues v ON v.id = a.venue_id ",
     "a.kind = 'case_due' AND a.yellow_at IS NOT NULL", "a.yellow_at"},
    {"ratings", "rating", RATING_COLS, RATINGS_FROM, "r.excluded = 0", "r.created_at"},
    {"satisfied", "rating", RATING_COLS, RATINGS_FROM, "r.excluded = 0 AND r.bad = 0",
     "r.created_at"},
    {"bad", "rating", RATING_COLS, RATINGS_FROM, "r.excluded = 0 AND r.bad = 1", "r.created_at"},
    {"bad_rectified_on_time", "rating", RATING_COLS, RATINGS_FROM,
     "r.excluded = 0 AND t.status = 'rectified' AND t.rectified_on <= t.due_date", "r.created_at"},
    {"warnings", "alert", ALERT_COLS("a.opened_at"), ALERTS_FROM,
     "a.level <> 'breach' AND (a.yellow_at IS NULL OR a.yellow_at <> a.opened_at)", "a.opened_at"},
    {"yellow_cards", "alert", ALERT_COLS("a.yellow_at"), ALERTS_FROM, "a.yellow_at IS NOT NULL",
     "a.yellow_at"},
    {"red_cards", "alert", ALERT_COLS("a.red_at"), ALERTS_FROM, "a.red_at IS NOT NULL", "a.red_at"},
    {"window_gaps", "alert", ALERT_COLS("a.opened_at"), ALERTS_FROM, "a.kind = 'window_gap'",
     "a.opened_at"},
    {"petitions", "petition", PETITION_COLS("p.created_at"), PETITIONS_FROM, "1 = 1",
     "p.created_at"},
    {"petitions_closed", "petition", PETITION_COLS("p.closed_at"), PETITIONS_FROM,
     "p.closed_at IS NOT NULL", "p.closed_at"},
    {"petitions_on_time", "petition", PETITION_COLS("p.closed_at"), PETITIONS_FROM,
     "p.closed_at IS NOT NULL AND " PETITION_ON_TIME, "p.closed_at"},
    {"open_post_seconds", "duty", DUTY_COLS, DUTY_FROM, DUTY_ENDED, "d.started_at"},
    {"staffed_seconds", "duty", DUTY_COLS, DUTY_FROM, DUTY_ENDED " AND d.user_id IS NOT NULL",
     "d.started_at"},
    {"a_post_seconds", "duty", DUTY_COLS, DUTY_FROM, DUTY_ENDED " AND d.post = 'A'",
     "d.started_at"},
    /* what a rate leaves out: nobody on duty (coverage), the A holder away (attendance) */
    {"gap_seconds", "duty", DUTY_COLS, DUTY_FROM, DUTY_ENDED " AND d.user_id IS NULL",
     "d.started_at"},
    {"not_a_post_seconds", "duty", DUTY_COLS, DUTY_FROM,
     DUTY_ENDED " AND (d.post IS NULL OR d.post <> 'A')", "d.started_at"},
};

static const struct record_query *find_query(const char *measure)
{
	for (size_t i = 0; measure && i < sizeof queries / sizeof *queries; i++)
		if (strcmp(queries[i].measure, measure) == 0)
			return &queries[i];
	return NULL;
}

/* A case number's digits as a number: 20250926-000001 -> 20250926000001. */
static json_int_t case_number_id(const char *no)
{
	json_int_t id = 0;
	for (const char *p = no ? no : ""; *p; p++)
		if (isdigit((unsigned char)*p))
			id = id * 10 + (*p - '0');
	return id;
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);
	return v ? json_string(v) : json_null();
}

static json_t *record_json(const struct record_query *q, struct db_stmt *st)
{
	bool is_case = strcmp(q->kind, "case") == 0;
	char day[DATE_TEXT_SIZE];
	date_format(date_of_epoch(db_col_int(st, 6)), day);
	json_t *r = json_object();
	json_object_set_new(r, "kind", json_string(q->kind));
	json_object_set_new(r, "id",
	                    json_integer(is_case ? case_number_id(db_col_text(st, 1))
	                                         : (json_int_t)db_col_int(st, 0)));
	const char *names[] = {"no", "org_code", "org_name", "venue_name", "item_name"};
	for (int i = 0; i < 5; i++)
		json_object_set_new(r, names[i], text_or_null(st, 1 + i));
	json_object_set_new(r, "day", json_string(day));
	json_object_set_new(r, "at", json_integer(db_col_int(st, 6)));
	json_object_set_new(r, "due_date", text_or_null(st, 7));
	json_object_set_new(r, "title", text_or_null(st, 8));
	json_object_set_new(r, "level", text_or_null(st, 9));
	if (strcmp(q->kind, "duty") == 0)
		json_object_set_new(r, "seconds", json_integer(db_col_int(st, 10)));
	return r;
}

int stats_records(struct db *db, const char *measure, const char *org_code, const char *from_day,
                  const char *to_day, long limit, long offset, json_t **out, long *total,
                  struct bm_error *err)
{
	const struct record_query *q = find_query(measure);
	struct stats_scope sc;
	*out = NULL;
	*total = 0;
	if (!q) {
		bm_error_set(err, 400, "unknown_measure", "未知的统计指标：%s",
		             measure ? measure : "");
		return bm_error_field(err, "measure");
	}
	if (stats_scope(db, org_code, from_day, to_day, &sc, err) < 0)
		return -1;
	char where[1024], sql[4096];
	snprintf(where, sizeof where, "WHERE %s AND o.path LIKE ? AND %s >= ? AND %s < ?", q->where,
	         q->at, q->at);
	int64_t n;
	snprintf(sql, sizeof sql, "SELECT COUNT(*) %s%s", q->from, where);
	if (db_query_int(db, err, &n, sql, "tii", sc.like, sc.from_epoch, sc.to_epoch) < 0)
		return -1;
	*total = (long)n;
	snprintf(sql, sizeof sql, "%s%s%s ORDER BY %s DESC, 2 DESC LIMIT ? OFFSET ?", q->select,
	         q->from, where, q->at);
	struct db_stmt *st = db_query(db, err, sql, "tiiii", sc.like, sc.from_epoch, sc.to_epoch,
	                              (int64_t)limit, (int64_t)offset);
	if (!st)
		return -1;
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(items, record_json(q, st));
	db_reset(st);
	if (rc < 0) {
		json_decref(items);
		return -1;
	}
	*out = items;
	return 0;
}
