/*
** stats_series.c — the dashboard's figures (stats_series() and stats_summary() of stats.h), read
** only from the maintained counters: the stats_daily rows of a subtree and a range of days are
** added up per org at the chosen level (the row's ancestor at that level; rows of a higher org,
** e.g. the county centre's under level=town, stay with that org as its own "本级" line) and per
** bucket (day, Monday-started week, month, or the whole range), then rendered with the rates.
*/
#include "domain/stats.h"

#include "core/date.h"
#include "db/db.h"
#include "domain/org.h"
#include "domain/rating_rules.h"
#include "domain/stats_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the result: an org at the level, or the scope's own org. */
struct line {
	char code[16];
	char name[96];
	bool self; /* the scope's own org ("本级") */
	bool used; /* has counters: self lines are shown only then */
};

struct grid {
	enum stats_bucket by;
	int from, to;    /* day numbers */
	int first_month; /* year * 12 + month - 1 of `from` */
	int buckets;
	struct line *lines;
	int n_lines;
	long *c; /* [line][bucket][measure] */
};

static int monday_of(int day)
{
	return day - (date_weekday(day) - 1);
}

static int month_index(int day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}

static int bucket_of(const struct grid *g, int day)
{
	switch (g->by) {
	case STATS_BY_DAY:
		return day - g->from;
	case STATS_BY_WEEK:
		return (monday_of(day) - monday_of(g->from)) / 7;
	case STATS_BY_MONTH:
		return month_index(day) - g->first_month;
	default:
		return 0;
	}
}

/* The name of bucket b: its first day (day, week), 'YYYY-MM' (month) or "from..to" (all). */
static void bucket_name(const struct grid *g, int b, char *out, size_t size)
{
	char day[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	switch (g->by) {
	case STATS_BY_DAY:
		date_format(g->from + b, day);
		break;
	case STATS_BY_WEEK:
		date_format(monday_of(g->from) + 7 * b, day);
		break;
	case STATS_BY_MONTH: {
		int m = g->first_month + b;
		snprintf(out, size, "%04d-%02d", m / 12, m % 12 + 1);
		return;
	}
	default:
		date_format(g->from, day);
		date_format(g->to, to);
		snprintf(out, size, "%s..%s", day, to);
		return;
	}
	snprintf(out, size, "%s", day);
}

/* The level below an org's, where its children are. */
static const char *child_level(const struct org *o)
{
	return strcmp(o->level, "county") == 0 ? "town" : "village";
}

/* The lines: the scope's own org, then the orgs of the level in the subtree by code. */
static int load_lines(struct db *db, const struct org *scope, const char *level, struct grid *g,
                      struct bm_error *err)
{
	char like[264];
	snprintf(like, sizeof like, "%s%%", scope->path);
	int64_t n;
	if (db_query_int(db, err, &n, "SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND level = ?",
	                 "tt", like, level) < 0)
		return -1;
	g->lines = calloc((size_t)n + 1, sizeof *g->lines);
	if (!g->lines)
		return bm_error_oom(err);
	snprintf(g->lines[0].code, sizeof g->lines[0].code, "%s", scope->code);
	snprintf(g->lines[0].name, sizeof g->lines[0].name, "%s（本级）", scope->name);
	g->lines[0].self = true;
	g->n_lines = 1;
	struct db_stmt *st = db_query(db, err,
	                              "SELECT code, name FROM orgs WHERE path LIKE ? AND level = ? "
	                              "AND code <> ? ORDER BY code",
	                              "ttt", like, level, scope->code);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && g->n_lines <= n) {
		struct line *l = &g->lines[g->n_lines++];
		snprintf(l->code, sizeof l->code, "%s", db_col_text(st, 0));
		snprintf(l->name, sizeof l->name, "%s", db_col_text(st, 1));
		l->used = true;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The line a stats row belongs to: the path's component number `depth` (town 2, village 3), if
 * it is among the lines; otherwise the scope's own line. */
static int line_of(const struct grid *g, const char *path, int depth)
{
	const char *p = path;
	for (int i = 1; i < depth && p; i++)
		p = strchr(p + 1, '/');
	if (p && p[1]) {
		size_t len = strcspn(p + 1, "/");
		for (int i = 1; i < g->n_lines; i++)
			if (strlen(g->lines[i].code) == len &&
			    strncmp(g->lines[i].code, p + 1, len) == 0)
				return i;
	}
	return 0;
}

static int fill(struct db *db, const struct stats_scope *sc, int depth, struct grid *g,
                struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(db, err, "SELECT o.path, s.day, " STATS_COLS " " STATS_DAILY_IN_SCOPE, "ttt",
	             sc->like, sc->from, sc->to);
	if (!st)
		return -1;
	int rc, day;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (date_parse(db_col_text(st, 1), &day) < 0)
			continue;
		int l = line_of(g, db_col_text(st, 0), depth), b = bucket_of(g, day);
		long *c = &g->c[((size_t)l * g->buckets + b) * STATS_MEASURES];
		for (int m = 0; m < STATS_MEASURES; m++)
			c[m] += (long)db_col_int(st, 2 + m);
		g->lines[l].used = true;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void grid_free(struct grid *g)
{
	free(g->lines);
	free(g->c);
}

/* Loads the counters of org's subtree over the range into g, per line and bucket. */
static int grid_load(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                     enum stats_bucket by, const char *level, struct org *scope, struct grid *g,
                     struct bm_error *err)
{
	struct stats_scope sc;
	memset(g, 0, sizeof *g);
	g->by = by;
	if (stats_scope(db, org_code, from_day, to_day, &sc, err) < 0 ||
	    org_get(db, org_code, scope, err) < 0)
		return -1;
	if (!level)
		level = child_level(scope);
	if (strcmp(level, "town") != 0 && strcmp(level, "village") != 0) {
		bm_error_set(err, 400, "invalid_query", "查询参数 level 应为 town 或 village");
		return bm_error_field(err, "level");
	}
	date_parse(sc.from, &g->from);
	date_parse(sc.to, &g->to);
	g->first_month = month_index(g->from);
	g->buckets = by == STATS_BY_ALL ? 1 : bucket_of(g, g->to) + 1;
	if (g->buckets > 800) {
		bm_error_set(err, 400, "range_too_long", "时间范围过长，请按月或按周查看");
		return bm_error_field(err, "to");
	}
	if (load_lines(db, scope, level, g, err) < 0)
		return -1;
	g->c = calloc((size_t)g->n_lines * g->buckets * STATS_MEASURES, sizeof *g->c);
	if (!g->c)
		return bm_error_oom(err);
	return fill(db, &sc, strcmp(level, "town") == 0 ? 2 : 3, g, err);
}

/* ---- rendering ---- */

static json_t *rate(long part, long whole)
{
	int permille = rating_rate_permille(part, whole);
	return permille < 0 ? json_null() : json_real(permille / 1000.0);
}

json_t *stats_figures_json(const long c[STATS_MEASURES])
{
	json_t *o = json_object();
	for (int m = 0; m < STATS_MEASURES; m++)
		json_object_set_new(o, stats_measure_name(m), json_integer(c[m]));
	json_object_set_new(o, "late", json_integer(c[STATS_COMPLETED] - c[STATS_ON_TIME]));
	json_object_set_new(o, "on_time_rate", rate(c[STATS_ON_TIME], c[STATS_COMPLETED]));
	json_object_set_new(o, "satisfaction_rate", rate(c[STATS_SATISFIED], c[STATS_RATINGS]));
	json_object_set_new(o, "rectification_rate",
	                    rate(c[STATS_BAD_RECTIFIED_ON_TIME], c[STATS_BAD]));
	json_object_set_new(o, "petition_on_time_rate",
	                    rate(c[STATS_PETITIONS_ON_TIME], c[STATS_PETITIONS_CLOSED]));
	json_object_set_new(o, "coverage_rate",
	                    rate(c[STATS_STAFFED_SECONDS], c[STATS_OPEN_POST_SECONDS]));
	json_object_set_new(o, "attendance_rate",
	                    rate(c[STATS_A_POST_SECONDS], c[STATS_OPEN_POST_SECONDS]));
	return o;
}

static json_t *line_json(const struct line *l)
{
	return json_pack("{s:s, s:s, s:b}", "org_code", l->code, "org_name", l->name, "self",
	                 l->self);
}

static json_t *head_json(const struct org *scope, const struct grid *g)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	date_format(g->from, from);
	date_format(g->to, to);
	return json_pack("{s:{s:s, s:s, s:s}, s:s, s:s}", "org", "code", scope->code, "name",
	                 scope->name, "level", scope->level, "from", from, "to", to);
}

static const char *const bucket_names[] = {"day", "week", "month", "all"};

int stats_series(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                 enum stats_bucket by, const char *level, json_t **out, struct bm_error *err)
{
	struct org scope;
	struct grid g;
	if (grid_load(db, org_code, from_day, to_day, by, level, &scope, &g, err) < 0) {
		grid_free(&g);
		return -1;
	}
	json_t *buckets = json_array(), *series = json_array();
	char name[32];
	for (int b = 0; b < g.buckets; b++) {
		bucket_name(&g, b, name, sizeof name);
		json_array_append_new(buckets, json_string(name));
	}
	for (int l = 0; l < g.n_lines; l++) {
		if (!g.lines[l].used)
			continue;
		json_t *s = line_json(&g.lines[l]), *values = json_array();
		for (int b = 0; b < g.buckets; b++)
			json_array_append_new(
			    values,
			    stats_figures_json(&g.c[((size_t)l * g.buckets + b) * STATS_MEASURES]));
		json_object_set_new(s, "values", values);
		json_array_append_new(series, s);
	}
	*out = head_json(&scope, &g);
	json_object_set_new(*out, "by", json_string(bucket_names[by]));
	json_object_set_new(*out, "level", json_string(level ? level : child_level(&scope)));
	json_object_set_new(*out, "buckets", buckets);
	json_object_set_new(*out, "series", series);
	grid_free(&g);
	return 0;
}

int stats_summary(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                  json_t **out, struct bm_error *err)
{
	struct org scope;
	struct grid g;
	if (grid_load(db, org_code, from_day, to_day, STATS_BY_ALL, NULL, &scope, &g, err) < 0) {
		grid_free(&g);
		return -1;
	}
	long total[STATS_MEASURES] = {0};
	json_t *items = json_array();
	for (int l = 0; l < g.n_lines; l++) {
		const long *c = &g.c[(size_t)l * STATS_MEASURES];
		for (int m = 0; m < STATS_MEASURES; m++)
			total[m] += c[m];
		if (!g.lines[l].used)
			continue;
		json_t *item = line_json(&g.lines[l]);
		json_t *figures = stats_figures_json(c);
		json_object_update(item, figures);
		json_decref(figures);
		json_array_append_new(items, item);
	}
	*out = head_json(&scope, &g);
	json_object_set_new(*out, "total", stats_figures_json(total));
	json_object_set_new(*out, "items", items);
	grid_free(&g);
	return 0;
}
