/*
** guard.c — failure counters against guessing (see guard.h).
*/
#include "domain/guard.h"

#include "db/db.h"

#include <stdio.h>
#include <string.h>

int guard_failures(struct db *db, const char *key, int64_t window, int64_t now, int64_t *count,
		   struct bm_error *err)
{
	*count = 0;
	int found = db_query_int(db, err, count,
				 "SELECT failures FROM login_failures WHERE key = ? AND window_start > ?",
				 "ti", key, now - window);
	return found < 0 ? -1 : 0;
}

struct failure_ctx {
	const char *const *keys;
	size_t n;
	int64_t window, now;
};

static int record_failure_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct failure_ctx *ctx = vctx;
	int64_t open_since = ctx->now - ctx->window;
	for (size_t i = 0; i < ctx->n; i++)
		if (db_exec_params(db, err,
				   "INSERT INTO login_failures (key, failures, window_start) VALUES (?, 1, ?) "
				   "ON CONFLICT (key) DO UPDATE SET "
				   "failures = CASE WHEN login_failures.window_start > ? "
				   "THEN login_failures.failures + 1 ELSE 1 END, "
				   "window_start = CASE WHEN login_failures.window_start > ? "
				   "THEN login_failures.window_start ELSE excluded.window_start END",
				   "tiii", ctx->keys[i], ctx->now, open_since, open_since) < 0)
			return -1;
	return 0;
}

int guard_record_failure(struct db *db, const char *const *keys, size_t n, int64_t window,
			 int64_t now, struct bm_error *err)
{
	struct failure_ctx ctx = {keys, n, window, now};
	return db_transaction(db, record_failure_txn, &ctx, err);
}

int guard_forget(struct db *db, const char *key, struct bm_error *err)
{
	return db_exec_params(db, err, "DELETE FROM login_failures WHERE key = ?", "t", key) < 0 ? -1
												: 0;
}

/* --- guessing a case's secret ------------------------------------------------------------- */

struct case_guess_keys {
	char case_key[80], ip_key[80];
};

static void case_guess_keys(const char *no, const char *client_ip, struct case_guess_keys *k)
{
	snprintf(k->case_key, sizeof k->case_key, "case:%.64s", no ? no : "");
	snprintf(k->ip_key, sizeof k->ip_key, "track-ip:%.64s", client_ip ? client_ip : "");
}

int case_guess_allowed(struct db *db, const char *no, const char *key, const char *client_ip,
		       int64_t now, struct bm_error *err)
{
	struct case_guess_keys k;
	int64_t by_case, by_ip;
	if (key)
		return 0;
	case_guess_keys(no, client_ip, &k);
	if (guard_failures(db, k.case_key, CASE_GUESS_WINDOW, now, &by_case, err) < 0 ||
	    guard_failures(db, k.ip_key, CASE_GUESS_WINDOW, now, &by_ip, err) < 0)
		return -1;
	if (by_case >= CASE_GUESS_MAX_FAILURES || by_ip >= CASE_GUESS_MAX_IP_FAILURES)
		return bm_error_set(err, 429, "too_many_attempts",
				    "查询失败次数过多，请 %d 分钟后再试，或扫描受理回执上的二维码",
				    CASE_GUESS_WINDOW / 60);
	return 0;
}

int case_guess_failed(struct db *db, const char *no, const char *key, const char *client_ip,
		      int64_t now, struct bm_error *err)
{
	if (key || err->http_status != 404 || !err->code || strcmp(err->code, "case_not_found") != 0)
		return -1;
	struct case_guess_keys k;
	case_guess_keys(no, client_ip, &k);
	const char *keys[] = {k.case_key, k.ip_key};
	struct bm_error recording = {0};
	if (guard_record_failure(db, keys, 2, CASE_GUESS_WINDOW, now, &recording) < 0)
		*err = recording;
	return -1;
}
