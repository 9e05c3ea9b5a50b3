/*
** bench.c — `bianmin bench-supervision`: seeds cases for the supervision benchmark
** (bench/supervision.sh) and measures the engine against a plain count of the cases table.
**
**   bianmin bench-supervision [--db PATH] [--cases N]      (N = 0: measure what is there)
**
** On a database made by `bianmin demo --seed-only`, it inserts N cases (default 1,000,000)
** directly — one transaction, one prepared statement — at one town hall: 85 % delivered long
** ago, 15 % accepted with due dates from 45 days before "now" to 15 days after (so some are
** warned, some yellow, some red, most not yet due). "Now" is fixed at 2025-11-14 09:00 China
** time so that every date lies in the bundled calendar. Then it times, each the best of a few
** runs: SELECT count(*) FROM cases; the first full supervision pass (opens the alerts); a
** steady full pass (nothing changed); and the incremental pass after one case changed. It
** prints each time and its ratio to the count. Benchmark only: never run it on real data.
*/
#include "cli/cli.h"
#include "core/clock.h"
#include "core/date.h"
#include "domain/supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char bench_usage[] =
    "用法：bianmin bench-supervision [--db PATH] [--cases N]（N 为 0：不生成，只测量）\n"
    "  在演示数据库中直接生成 N 个办件（默认 1000000），测量电子监察全量与增量评估的耗时，\n"
    "  与 SELECT count(*) 全表扫描之比。仅用于性能测试，切勿在真实数据上运行。\n";

#define BENCH_NOW 1763082000 /* 2025-11-14T09:00:00+08:00 */

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct seed {
	int64_t cases;
	int64_t venue, user;
	char item[64];
	char item_name[128];
};

/* One town hall, a user there and an item to hang the cases on. */
static int pick_targets(struct db *db, struct seed *s, struct bm_error *err)
{
	struct db_stmt *st = db_query(
	    db, err,
	    "SELECT v.id, u.id, i.code FROM venues v JOIN users u ON u.org_code = v.org_code "
	    "CROSS JOIN items i WHERE v.level = 'town' ORDER BY v.id, u.id, i.code LIMIT 1",
	    "");
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		s->venue = db_col_int(st, 0);
		s->user = db_col_int(st, 1);
		snprintf(s->item, sizeof s->item, "%s", db_col_text(st, 2));
	}
	db_reset(st);
	if (rc == DB_DONE)
		return bm_error_set(err, 400, "not_demo",
		                    "数据库中没有镇级场所、用户或事项：请先运行 demo --seed-only");
	snprintf(s->item_name, sizeof s->item_name, "性能测试事项");
	return rc < 0 ? -1 : 0;
}

static int seed_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct seed *s = vctx;
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO cases (no, status, item_code, item_version, item_name, kind, "
	    "promised_days, "
	    "channel, applicant_name, applicant_id_number, applicant_phone, origin_venue_id, "
	    "current_venue_id, receiver_id, first_responder_id, holder_id, created_at, "
	    "accepted_at, due_date, completed_at, delivered_at, track_key, updated_at) VALUES "
	    "(?, ?, ?, 1, ?, 'promised', 5, 'window', '测试', '610929199001010011', "
	    "'13800000000', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'benchkey', ?)",
	    err);
	if (!st)
		return -1;
	int today = date_of_epoch(BENCH_NOW);
	for (int64_t i = 0; i < s->cases; i++) {
		char no[32], due[DATE_TEXT_SIZE];
		bool open = i % 100 < 15;
		int64_t created = BENCH_NOW - (open ? (i % 60) : 60 + i % 300) * 86400;
		snprintf(no, sizeof no, "B%09lld", (long long)i);
		date_format(open ? today - 45 + (int)(i % 60) : today - 60 - (int)(i % 300), due);
		db_bind_text(st, 1, no);
		db_bind_text(st, 2, open ? "accepted" : "delivered");
		db_bind_text(st, 3, s->item);
		db_bind_text(st, 4, s->item_name);
		db_bind_int(st, 5, s->venue);
		db_bind_int(st, 6, s->venue);
		db_bind_int(st, 7, s->user);
		db_bind_int(st, 8, s->user);
		db_bind_int(st, 9, s->user);
		db_bind_int(st, 10, created);
		db_bind_int(st, 11, created);
		db_bind_text(st, 12, due);
		if (open) {
			db_bind_null(st, 13);
			db_bind_null(st, 14);
		} else {
			db_bind_int(st, 13, created + 86400);
			db_bind_int(st, 14, created + 2 * 86400);
		}
		db_bind_int(st, 15, created);
		int rc = db_step(st, err);
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int count_cases(struct db *db, void *vctx, struct bm_error *err)
{
	int64_t *n = vctx;
	return db_query_int(db, err, n, "SELECT count(*) FROM cases", "") < 0 ? -1 : 0;
}

/* The incremental pass after one open case was completed (each run completes another). */
struct one_change {
	int64_t serial;
	double seconds;
};

static int one_change_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct one_change *c = vctx;
	char no[32];
	/* Open cases are those with i % 100 < 15: take i = 100 * serial + 7 (due soon or late). */
	snprintf(no, sizeof no, "B%09lld", (long long)(100 * c->serial + 7));
	if (db_exec_params(db, err, "UPDATE cases SET status = 'completed' WHERE no = ?", "t", no) <
	    0)
		return -1;
	double t0 = seconds_now();
	int rc = supervision_case_changed(db, no, BENCH_NOW, err);
	c->seconds = seconds_now() - t0;
	return rc;
}

static double best(double a, double b)
{
	return a < b ? a : b;
}

static int measure(struct db *db, struct bm_error *err)
{
	double t_count = 1e9, t_first, t_steady = 1e9, t_one = 1e9;
	int64_t n = 0;
	for (int r = 0; r < 3; r++) {
		double t0 = seconds_now();
		if (count_cases(db, &n, err) < 0)
			return -1;
		t_count = best(t_count, seconds_now() - t0);
	}
	struct sv_stats first, steady;
	double t0 = seconds_now();
	if (supervision_run(db, BENCH_NOW, &first, err) < 0)
		return -1;
	t_first = seconds_now() - t0;
	for (int r = 0; r < 3; r++) {
		t0 = seconds_now();
		if (supervision_run(db, BENCH_NOW, &steady, err) < 0)
			return -1;
		t_steady = best(t_steady, seconds_now() - t0);
	}
	for (int r = 0; r < 5; r++) {
		struct one_change c = {r + 1, 0};
		if (db_transaction(db, one_change_txn, &c, err) < 0)
			return -1;
		t_one = best(t_one, c.seconds);
	}
	printf("cases: %lld\n", (long long)n);
	printf("count(*) scan:            %9.3f ms\n", t_count * 1e3);
	printf("full pass, first:         %9.3f ms  ratio %8.2f  (examined %lld, opened %lld)\n",
	       t_first * 1e3, t_first / t_count, (long long)first.examined,
	       (long long)first.opened);
	printf("full pass, steady:        %9.3f ms  ratio %8.2f  (examined %lld)\n", t_steady * 1e3,
	       t_steady / t_count, (long long)steady.examined);
	printf("incremental, one change:  %9.3f ms  ratio %8.5f\n", t_one * 1e3, t_one / t_count);
	return 0;
}

int cmd_bench_supervision(int argc, char **argv)
{
	struct cli_common c = {0};
	struct seed s = {.cases = 1000000};
	int status = cli_bench_options(argc, argv, bench_usage, &c, &s.cases);
	if (status >= 0)
		return status;
	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&c, &db) != 0)
		return 1;
	clock_enable_test_mode();
	clock_set(BENCH_NOW);
	double t0 = seconds_now();
	int rc = pick_targets(db, &s, &err);
	if (rc == 0 && s.cases > 0)
		rc = db_transaction(db, seed_txn, &s, &err);
	if (rc == 0) {
		printf("seeded %lld cases in %.1f s\n", (long long)s.cases, seconds_now() - t0);
		rc = measure(db, &err);
	}
	db_close(db);
	return rc < 0 ? cli_fail(&err) : 0;
}
