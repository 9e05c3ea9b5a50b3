/*
** test_db.c — the storage interface on SQLite (db/db.c, db/sqlite.c) and the settings kept in
** it (domain/settings.c): the one transaction runner (commit, rollback, nesting, retrying a
** busy transaction), query helpers, error mapping and migrations.
**
** The tests write to a scratch table t(k TEXT PRIMARY KEY, v INTEGER) made in setup.
*/
#include "db/db.h"
#include "domain/settings.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static struct t_db t;

static void setup(void)
{
	t_db_open(&t);
	t_sql(t.db, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(db, .init = setup, .fini = teardown);
TestSuite(settings, .init = setup, .fini = teardown);

static int64_t rows(void)
{
	return t_int(t.db, "SELECT COUNT(*) FROM t");
}

static int insert(struct db *db, const char *k, int64_t v, struct bm_error *err)
{
	return db_exec_params(db, err, "INSERT INTO t (k, v) VALUES (?, ?)", "ti", k, v) < 0 ? -1 : 0;
}

static int insert_then_fail(struct db *db, void *ctx, struct bm_error *err)
{
	if (insert(db, "a", 1, err) < 0 || insert(db, "b", 2, err) < 0)
		return -1;
	return bm_error_set(err, 409, "test_refused", "the rule this change breaks");
}

static int insert_two(struct db *db, void *ctx, struct bm_error *err)
{
	if (insert(db, "a", 1, err) < 0 || insert(db, "b", 2, err) < 0)
		return -1;
	return 7;
}

/* --- the transaction runner --------------------------------------------------------------- */

Test(db, transaction_whose_fn_fails_is_rolled_back_leaving_no_rows)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, insert_then_fail, NULL, &err), -1);
	cr_assert_str_eq(err.code, "test_refused", "fn's error must reach the caller");
	cr_assert_eq(rows(), 0);
	cr_assert_not(db_in_transaction(t.db));
}

Test(db, transaction_whose_fn_succeeds_is_committed_and_returns_fns_result)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, insert_two, NULL, &err), 7, "%s", err.message);
	cr_assert_eq(rows(), 2);
	cr_assert_not(db_in_transaction(t.db));
}

static int outer_inner_then_fail(struct db *db, void *ctx, struct bm_error *err)
{
	bool *inside = ctx;
	if (db_transaction(db, insert_two, NULL, err) != 7)
		return -1;
	*inside = db_in_transaction(db);
	return bm_error_set(err, 409, "test_refused", "outer fails after inner succeeded");
}

Test(db, nested_transaction_runs_inside_the_outer_one_and_rolls_back_with_it)
{
	struct bm_error err = {0};
	bool inside = false;
	cr_assert_eq(db_transaction(t.db, outer_inner_then_fail, &inside, &err), -1);
	cr_assert(inside, "the nested call ended the outer transaction");
	cr_assert_eq(rows(), 0, "rows of the nested call survived the outer rollback");
}

static int check_in_transaction(struct db *db, void *ctx, struct bm_error *err)
{
	*(bool *)ctx = db_in_transaction(db);
	return 0;
}

Test(db, in_transaction_is_true_only_while_fn_runs)
{
	struct bm_error err = {0};
	bool inside = false;
	cr_assert_not(db_in_transaction(t.db));
	cr_assert_eq(db_transaction(t.db, check_in_transaction, &inside, &err), 0);
	cr_assert(inside);
	cr_assert_not(db_in_transaction(t.db));
}

struct flaky_ctx {
	int attempts;
	int busy_times; /* answer db_busy this many times, then succeed */
	const char *code;
};

static int flaky(struct db *db, void *vctx, struct bm_error *err)
{
	struct flaky_ctx *ctx = vctx;
	char k[16];
	snprintf(k, sizeof k, "try-%d", ++ctx->attempts);
	if (insert(db, k, ctx->attempts, err) < 0)
		return -1;
	if (ctx->attempts <= ctx->busy_times)
		return bm_error_set(err, 503, ctx->code, "simulated");
	return 0;
}

Test(db, transaction_failing_with_db_busy_is_run_again_from_the_start)
{
	struct bm_error err = {0};
	struct flaky_ctx ctx = {0, 2, "db_busy"};
	cr_assert_eq(db_transaction(t.db, flaky, &ctx, &err), 0, "%s", err.message);
	cr_assert_eq(ctx.attempts, 3);
	cr_assert_eq(rows(), 1, "rows of the failed attempts were kept");
	cr_assert_eq(t_int(t.db, "SELECT v FROM t"), 3);
}

Test(db, transaction_busy_every_time_gives_up_after_a_bounded_number_of_attempts)
{
	struct bm_error err = {0};
	struct flaky_ctx ctx = {0, 1000, "db_busy"};
	cr_assert_eq(db_transaction(t.db, flaky, &ctx, &err), -1);
	cr_assert_str_eq(err.code, "db_busy");
	cr_assert_eq(err.http_status, 503);
	cr_assert_gt(ctx.attempts, 1);
	cr_assert_leq(ctx.attempts, 20, "%d attempts", ctx.attempts);
	cr_assert_eq(rows(), 0);
}

Test(db, transaction_failing_for_another_reason_is_not_retried)
{
	struct bm_error err = {0};
	struct flaky_ctx ctx = {0, 1000, "conflict"};
	cr_assert_eq(db_transaction(t.db, flaky, &ctx, &err), -1);
	cr_assert_eq(ctx.attempts, 1);
}

struct holder {
	const char *path;
	int ready[2]; /* pipe: the holder writes one byte once it holds the write lock */
};

/* Another connection takes the write lock, holds it for 300 ms, inserts and commits. */
static void *hold_write_lock(void *vctx)
{
	struct holder *h = vctx;
	struct db_config cfg = {.backend = DB_SQLITE, .sqlite_path = h->path};
	struct db *other = NULL;
	struct bm_error err = {0};
	if (db_open(&cfg, &other, &err) < 0)
		return NULL;
	db_exec(other, "BEGIN IMMEDIATE; INSERT INTO t (k, v) VALUES ('other', 0)", &err);
	if (write(h->ready[1], "x", 1) != 1)
		abort();
	usleep(300 * 1000);
	db_exec(other, "COMMIT", &err);
	db_close(other);
	return NULL;
}

Test(db, writer_waits_for_another_connections_write_transaction_instead_of_failing)
{
	struct holder h = {.path = t.path};
	cr_assert_eq(pipe(h.ready), 0);
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, hold_write_lock, &h), 0);
	char c;
	cr_assert_eq(read(h.ready[0], &c, 1), 1);
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, insert_two, NULL, &err), 7, "%d %s %s", err.http_status,
		     err.code, err.message);
	pthread_join(th, NULL);
	close(h.ready[0]);
	close(h.ready[1]);
	cr_assert_eq(rows(), 3);
}

/* --- query helpers and errors ------------------------------------------------------------- */

Test(db, query_int_answers_0_when_there_is_no_row)
{
	struct bm_error err = {0};
	int64_t v = 42;
	cr_assert_eq(db_query_int(t.db, &err, &v, "SELECT v FROM t WHERE k = ?", "t", "none"), 0);
	cr_assert_eq(v, 42, "*out written although there was no row");
}

Test(db, query_int_answers_1_and_the_value_of_the_first_row)
{
	struct bm_error err = {0};
	int64_t v = 0;
	cr_assert_eq(db_transaction(t.db, insert_two, NULL, &err), 7);
	cr_assert_eq(db_query_int(t.db, &err, &v, "SELECT v FROM t WHERE k = ?", "t", "b"), 1);
	cr_assert_eq(v, 2);
}

Test(db, exec_params_answers_the_number_of_rows_changed)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, insert_two, NULL, &err), 7);
	cr_assert_eq(db_exec_params(t.db, &err, "UPDATE t SET v = v + 1 WHERE v >= ?", "i",
				    (int64_t)1),
		     2);
	cr_assert_eq(db_exec_params(t.db, &err, "DELETE FROM t WHERE k = ?", "t", "zzz"), 0);
}

Test(db, null_text_argument_binds_sql_null)
{
	struct bm_error err = {0};
	cr_assert_eq(db_exec_params(t.db, &err, "INSERT INTO t (k, v) VALUES (?, ?)", "tn", "a"), 1,
		     "%s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM t WHERE v IS NULL"), 1);
	struct db_stmt *st = db_query(t.db, &err, "SELECT v, CAST(? AS TEXT) FROM t", "t", NULL);
	cr_assert_not_null(st, "%s", err.message);
	cr_assert_eq(db_step(st, &err), DB_ROW);
	cr_assert(db_col_is_null(st, 0));
	cr_assert_null(db_col_text(st, 1));
	cr_assert_eq(db_col_int(st, 0), 0);
	db_reset(st);
}

Test(db, unique_violation_is_409_conflict)
{
	struct bm_error err = {0};
	cr_assert_eq(insert(t.db, "a", 1, &err), 0, "%s", err.message);
	cr_assert_eq(insert(t.db, "a", 2, &err), -1);
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.code, "conflict");
	cr_assert_eq(rows(), 1);
}

Test(db, unique_violation_inside_a_transaction_rolls_it_back_as_409)
{
	struct bm_error err = {0};
	cr_assert_eq(insert(t.db, "b", 1, &err), 0, "%s", err.message);
	cr_assert_eq(db_transaction(t.db, insert_two, NULL, &err), -1);
	cr_assert_str_eq(err.code, "conflict");
	cr_assert_eq(rows(), 1, "the first insert of the failed transaction was kept");
}

Test(db, check_and_not_null_failures_are_500_like_postgresql)
{
	struct bm_error err = {0};
	t_sql(t.db, "CREATE TABLE checked (v INTEGER NOT NULL CHECK (v > 0))");
	cr_assert_eq(db_exec_params(t.db, &err, "INSERT INTO checked (v) VALUES (NULL)", ""), -1);
	cr_assert_eq(err.http_status, 500, "a NOT NULL failure is a bug upstream, not a conflict");
	cr_assert_eq(db_exec_params(t.db, &err, "INSERT INTO checked (v) VALUES (0)", ""), -1);
	cr_assert_eq(err.http_status, 500, "a CHECK failure too");
}

Test(db, sql_error_is_500_internal_error)
{
	struct bm_error err = {0};
	cr_assert_null(db_query(t.db, &err, "SELECT v FROM no_such_table", ""));
	cr_assert_eq(err.http_status, 500);
	cr_assert_str_eq(err.code, "internal_error");
}

Test(db, statements_are_cached_by_their_sql_text)
{
	struct bm_error err = {0};
	struct db_stmt *a = db_prepare(t.db, "SELECT COUNT(*) FROM t", &err);
	struct db_stmt *b = db_prepare(t.db, "SELECT COUNT(*) FROM t", &err);
	cr_assert_not_null(a);
	cr_assert_eq(a, b);
}

Test(db, migrating_again_applies_nothing)
{
	struct bm_error err = {0};
	cr_assert_eq(db_migrate(t.db, &err), 0, "%s", err.message);
	cr_assert_gt(t_int(t.db, "SELECT COUNT(*) FROM schema_migrations"), 0);
}

Test(db, integrity_check_of_a_fresh_database_is_ok)
{
	struct bm_error err = {0};
	bool ok = false;
	cr_assert_eq(db_integrity_check(t.db, &ok, &err), 0, "%s", err.message);
	cr_assert(ok);
}

Test(db, opening_a_path_that_cannot_be_created_fails_with_db_open_failed)
{
	struct bm_error err = {0};
	struct db *db = NULL;
	struct db_config cfg = {.backend = DB_SQLITE,
				.sqlite_path = "/nonexistent-dir-for-bianmin-tests/x.db"};
	cr_assert_eq(db_open(&cfg, &db, &err), -1);
	cr_assert_str_eq(err.code, "db_open_failed");
}

/* --- settings ----------------------------------------------------------------------------- */

Test(settings, unset_key_answers_0)
{
	struct bm_error err = {0};
	char value[32] = "untouched";
	cr_assert_eq(settings_get(t.db, "no_such_key", value, sizeof value, &err), 0);
}

Test(settings, set_value_is_read_back_and_can_be_replaced)
{
	struct bm_error err = {0};
	char value[32];
	cr_assert_eq(settings_set(t.db, "system_kind", "production", &err), 0);
	cr_assert_eq(settings_get(t.db, "system_kind", value, sizeof value, &err), 1);
	cr_assert_str_eq(value, "production");
	cr_assert_eq(settings_set(t.db, "system_kind", "demo", &err), 0);
	cr_assert_eq(settings_get(t.db, "system_kind", value, sizeof value, &err), 1);
	cr_assert_str_eq(value, "demo");
}

Test(settings, only_system_kind_demo_makes_a_demo_system)
{
	struct bm_error err = {0};
	bool demo = true;
	cr_assert_eq(settings_is_demo(t.db, &demo, &err), 0);
	cr_assert_not(demo, "an unmarked system counted as demo");
	settings_set(t.db, "system_kind", "production", &err);
	cr_assert_eq(settings_is_demo(t.db, &demo, &err), 0);
	cr_assert_not(demo);
	settings_set(t.db, "system_kind", "demo", &err);
	cr_assert_eq(settings_is_demo(t.db, &demo, &err), 0);
	cr_assert(demo);
}
