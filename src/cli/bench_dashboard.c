/*
** bench_dashboard.c — `bianmin bench-dashboard`: the dashboard and the bulletin over many
** cases (bench/dashboard.sh), maintained aggregates against a plain grouped scan of the same
** rows in the same run.
**
**   bianmin bench-dashboard [--db PATH] [--cases N]      (N = 0: measure what is there)
**
** On a database made by `bianmin demo --seed-only` (SQLite), it inserts N cases (default
** 10,000,000: a province-year) directly, one transaction per 100,000 rows and only the columns
** the schema requires: spread over every town hall and village room and over the days of 2025,
** all completed (1 in 8 after its due date), then builds the counters with stats_rebuild(). Then
** it times, best of a few runs, the dashboard's monthly figures per town (received, completed,
** on time) for 2025 two ways:
**   (a) a plain grouped full scan of the cases (GROUP BY org, month), rolled up to towns;
**   (b) stats_series() (by month, level town), which reads only the maintained counters;
** checks that both give the same figures, and prints both times and their ratio. It also times
**   (c) the county's 督查通报 of 2025 (bulletin_build(): figures, the towns' assessment and
**       ranking, cards, rectification), whose received count must equal the scan's.
** Benchmark only: never run it on real data.
*/
#include "cli/cli.h"
#include "core/date.h"
#include "domain/assessment_rules.h"
#include "domain/bulletin.h"
#include "domain/stats.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char bench_usage[] =
    "用法：bianmin bench-dashboard [--db PATH] [--cases N]（N 为 0：不生成，只测量）\n"
    "  在演示数据库中直接生成 N 个办件（默认 10000000，分布于 2025 年各镇村场所），重建统计计数，\n"
    "  比较统计看板按月按镇汇总（读维护的计数）与全表分组扫描的耗时。仅用于性能测试。\n";

#define BATCH      100000
#define YEAR_START 20089 /* 2025-01-01 as a day number */
#define MONTHS     12
#define MAX_TOWNS  32

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct seed {
	int64_t cases, done;
	int64_t venues[512];
	int n_venues;
	int64_t user;
	char item[64];
};

static int pick_targets(struct db *db, struct seed *s, struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(db, err,
	             "SELECT v.id FROM venues v WHERE v.level IN ('town', 'village') "
	             "ORDER BY v.id",
	             "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && s->n_venues < 512)
		s->venues[s->n_venues++] = db_col_int(st, 0);
	db_reset(st);
	if (rc < 0)
		return -1;
	st = db_query(db, err,
	              "SELECT u.id, i.code FROM users u CROSS JOIN items i "
	              "ORDER BY u.id, i.code LIMIT 1",
	              "");
	if (!st)
		return -1;
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		s->user = db_col_int(st, 0);
		snprintf(s->item, sizeof s->item, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	if (rc == DB_DONE || s->n_venues == 0)
		return bm_error_set(err, 400, "not_demo",
		                    "数据库中没有场所、用户或事项：请先运行 demo --seed-only");
	return rc < 0 ? -1 : 0;
}

/* One batch of cases: case i at venue (i * 7919) mod venues, received on day i mod 365 of 2025
 * at 09:00 plus a few minutes, due 5 days later, completed 1..4 days later (1 in 8: 7 days). */
static int seed_batch(struct db *db, void *vctx, struct bm_error *err)
{
	struct seed *s = vctx;
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO cases (no, status, item_code, item_version, item_name, kind, "
	    "promised_days, "
	    "channel, applicant_name, applicant_id_number, applicant_phone, origin_venue_id, "
	    "current_venue_id, receiver_id, first_responder_id, created_at, due_date, "
	    "completed_at, "
	    "track_key, updated_at) VALUES (?, 'delivered', ?, 1, '性能测试事项', 'promised', 5, "
	    "'window', '测试', '610929199001010011', '13800000000', ?, ?, ?, ?, ?, ?, ?, 'k', ?)",
	    err);
	if (!st)
		return -1;
	int64_t end = s->done + BATCH < s->cases ? s->done + BATCH : s->cases;
	for (int64_t i = s->done; i < end; i++) {
		char no[32], due[DATE_TEXT_SIZE];
		int day = YEAR_START + (int)(i % 365);
		int64_t venue = s->venues[(i * 7919) % s->n_venues];
		int64_t created = (int64_t)day * 86400 - 28800 + 9 * 3600 + (i % 480) * 60;
		int64_t completed = created + (i % 8 == 0 ? 7 : 1 + i % 4) * 86400;
		snprintf(no, sizeof no, "D%010lld", (long long)i);
		date_format(day + 5, due);
		db_bind_text(st, 1, no);
		db_bind_text(st, 2, s->item);
		db_bind_int(st, 3, venue);
		db_bind_int(st, 4, venue);
		db_bind_int(st, 5, s->user);
		db_bind_int(st, 6, s->user);
		db_bind_int(st, 7, created);
		db_bind_text(st, 8, due);
		db_bind_int(st, 9, completed);
		db_bind_int(st, 10, completed);
		int rc = db_step(st, err);
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	s->done = end;
	return 0;
}

static int rebuild_txn(struct db *db, void *ctx, struct bm_error *err)
{
	return stats_rebuild(db, ctx, err);
}

/* The figures per town and month: received, completed, on time. */
struct figures {
	char towns[MAX_TOWNS][16];
	int n_towns;
	long v[MAX_TOWNS][MONTHS][3];
};

static int town_index(struct figures *f, const char *path)
{
	char code[16] = "";
	const char *p = path ? strchr(path + 1, '/') : NULL; /* '/county/town/...' */
	if (p && p[1])
		snprintf(code, sizeof code, "%.*s", (int)strcspn(p + 1, "/"), p + 1);
	for (int i = 0; i < f->n_towns; i++)
		if (strcmp(f->towns[i], code) == 0)
			return i;
	if (f->n_towns == MAX_TOWNS)
		return -1;
	snprintf(f->towns[f->n_towns], sizeof f->towns[0], "%s", code);
	return f->n_towns++;
}

/* (a): two grouped scans of the cases (received by month of registration; completed and on time
 * by month of completion), per org, rolled up to towns. */
static int plain_scan(struct db *db, struct figures *f, struct bm_error *err)
{
	static const char *const sql[2] = {
	    "SELECT o.path, strftime('%m', c.created_at + 28800, 'unixepoch'), COUNT(*), 0 "
	    "FROM cases c JOIN venues v ON v.id = c.origin_venue_id JOIN orgs o ON o.code = "
	    "v.org_code WHERE c.created_at >= 1735660800 AND c.created_at < 1767196800 "
	    "GROUP BY o.path, 2",
	    "SELECT o.path, strftime('%m', c.completed_at + 28800, 'unixepoch'), COUNT(*), "
	    "SUM(CASE WHEN c.due_date IS NULL OR c.due_date >= date(c.completed_at + 28800, "
	    "'unixepoch') THEN 1 ELSE 0 END) FROM cases c JOIN venues v ON v.id = "
	    "c.origin_venue_id "
	    "JOIN orgs o ON o.code = v.org_code WHERE c.completed_at >= 1735660800 AND "
	    "c.completed_at < 1767196800 GROUP BY o.path, 2",
	};
	memset(f, 0, sizeof *f);
	for (int q = 0; q < 2; q++) {
		struct db_stmt *st = db_query(db, err, sql[q], "");
		if (!st)
			return -1;
		int rc;
		while ((rc = db_step(st, err)) == DB_ROW) {
			int t = town_index(f, db_col_text(st, 0)), m = atoi(db_col_text(st, 1)) - 1;
			if (t < 0 || m < 0 || m >= MONTHS)
				continue;
			f->v[t][m][q == 0 ? 0 : 1] += (long)db_col_int(st, 2);
			f->v[t][m][2] += (long)db_col_int(st, 3);
		}
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* (b): the same figures from stats_series(). */
static int from_counters(struct db *db, struct figures *f, struct bm_error *err)
{
	json_t *out, *line;
	size_t i;
	memset(f, 0, sizeof *f);
	if (stats_series(db, "610929", "2025-01-01", "2025-12-31", STATS_BY_MONTH, "town", &out,
	                 err) < 0)
		return -1;
	json_array_foreach(json_object_get(out, "series"), i, line)
	{
		char path[64];
		const char *code = json_string_value(json_object_get(line, "org_code"));
		snprintf(path, sizeof path, "/610929/%s/",
		         json_is_true(json_object_get(line, "self")) ? "" : code);
		int t = town_index(f, path);
		for (int m = 0; t >= 0 && m < MONTHS; m++) {
			json_t *v = json_array_get(json_object_get(line, "values"), (size_t)m);
			f->v[t][m][0] += (long)json_integer_value(json_object_get(v, "received"));
			f->v[t][m][1] += (long)json_integer_value(json_object_get(v, "completed"));
			f->v[t][m][2] += (long)json_integer_value(json_object_get(v, "on_time"));
		}
	}
	json_decref(out);
	return 0;
}

/* Whether a and b hold the same figures (towns may come in another order). */
static bool same_figures(const struct figures *a, const struct figures *b, long *total)
{
	*total = 0;
	for (int i = 0; i < a->n_towns; i++) {
		int j = 0;
		while (j < b->n_towns && strcmp(a->towns[i], b->towns[j]) != 0)
			j++;
		bool empty = true;
		for (int m = 0; m < MONTHS; m++)
			empty = empty && !a->v[i][m][0] && !a->v[i][m][1];
		if (j == b->n_towns) {
			if (!empty)
				return false;
			continue;
		}
		for (int m = 0; m < MONTHS; m++) {
			*total += a->v[i][m][0];
			if (memcmp(a->v[i][m], b->v[j][m], sizeof a->v[i][m]) != 0)
				return false;
		}
	}
	return true;
}

/* (c): the county's bulletin of 2025, best of three; *received gets its received count. */
static int time_bulletin(struct db *db, double *best, long *received, struct bm_error *err)
{
	struct as_period year;
	if (as_period_parse("2025", &year) < 0)
		return bm_error_internal(err, "bench: the period 2025 does not parse");
	*best = 1e9;
	for (int r = 0; r < 3; r++) {
		json_t *out;
		double t0 = seconds_now();
		if (bulletin_build(db, &year, "610929", (int64_t)time(NULL), &out, err) < 0)
			return -1;
		double t = seconds_now() - t0;
		*best = t < *best ? t : *best;
		*received = (long)json_integer_value(
		    json_object_get(json_object_get(out, "figures"), "received"));
		json_decref(out);
	}
	return 0;
}

static int measure(struct db *db, struct bm_error *err)
{
	static struct figures a, b;
	double t_scan = 1e9, t_counters = 1e9, t_bulletin = 0;
	long in_bulletin = -1;
	for (int r = 0; r < 2; r++) {
		double t0 = seconds_now();
		if (plain_scan(db, &a, err) < 0)
			return -1;
		double t = seconds_now() - t0;
		t_scan = t < t_scan ? t : t_scan;
	}
	for (int r = 0; r < 5; r++) {
		double t0 = seconds_now();
		if (from_counters(db, &b, err) < 0)
			return -1;
		double t = seconds_now() - t0;
		t_counters = t < t_counters ? t : t_counters;
	}
	if (time_bulletin(db, &t_bulletin, &in_bulletin, err) < 0)
		return -1;
	long received;
	bool same = same_figures(&a, &b, &received) && in_bulletin == received;
	printf("cases received in 2025:          %ld (%d towns x %d months)\n", received, a.n_towns,
	       MONTHS);
	printf("(a) grouped full scan of cases:  %10.3f ms\n", t_scan * 1e3);
	printf("(b) maintained counters:         %10.3f ms\n", t_counters * 1e3);
	printf("ratio (a)/(b):                   %10.1f x faster  (target >= 10)\n",
	       t_scan / t_counters);
	printf("(c) county bulletin of 2025:     %10.3f ms (received %ld)\n", t_bulletin * 1e3,
	       in_bulletin);
	printf("ratio (a)/(c):                   %10.1f x faster  (target >= 10)\n",
	       t_scan / t_bulletin);
	printf("same figures:                    %s\n", same ? "yes" : "NO");
	return same ? 0 : bm_error_set(err, 500, "bench_mismatch", "两种方式的统计结果不一致");
}

int cmd_bench_dashboard(int argc, char **argv)
{
	struct cli_common c = {0};
	static struct seed s = {.cases = 10000000};
	int status = cli_bench_options(argc, argv, bench_usage, &c, &s.cases);
	if (status >= 0)
		return status;
	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&c, &db) != 0)
		return 1;
	double t0 = seconds_now();
	int rc = pick_targets(db, &s, &err);
	while (rc == 0 && s.done < s.cases)
		rc = db_transaction(db, seed_batch, &s, &err);
	long rows = 0;
	if (rc == 0 && s.cases > 0) {
		printf("seeded %lld cases at %d venues in %.1f s\n", (long long)s.cases, s.n_venues,
		       seconds_now() - t0);
		t0 = seconds_now();
		rc = db_transaction(db, rebuild_txn, &rows, &err);
		printf("stats rebuild: %ld (org, day) rows in %.1f s\n", rows, seconds_now() - t0);
	}
	if (rc == 0)
		rc = measure(db, &err);
	db_close(db);
	return rc < 0 ? cli_fail(&err) : 0;
}
