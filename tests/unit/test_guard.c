/*
** test_guard.c — counting guesses at a secret (domain/guard.h): fixed windows per key, and the
** public case lookups' limits per case and per address.
*/
#include "db/db.h"
#include "domain/guard.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct t_db t;
static const int64_t T0 = 1790000000;

static void setup(void) { t_db_open(&t); }
static void teardown(void) { t_db_close(&t); }

TestSuite(guard, .init = setup, .fini = teardown);

static int64_t failures(const char *key, int64_t window, int64_t now)
{
	struct bm_error err = {0};
	int64_t n = -1;
	cr_assert_eq(guard_failures(t.db, key, window, now, &n, &err), 0, "%s", err.message);
	return n;
}

static void fail_once(const char *key, int64_t window, int64_t now)
{
	struct bm_error err = {0};
	const char *keys[] = {key};
	cr_assert_eq(guard_record_failure(t.db, keys, 1, window, now, &err), 0, "%s", err.message);
}

Test(guard, failures_add_up_within_the_window_and_start_again_after_it)
{
	cr_assert_eq(failures("k", 600, T0), 0);
	fail_once("k", 600, T0);
	fail_once("k", 600, T0 + 599);
	cr_assert_eq(failures("k", 600, T0 + 599), 2);
	cr_assert_eq(failures("k", 600, T0 + 600), 0, "the window opened by the first failure is over");
	fail_once("k", 600, T0 + 700);
	cr_assert_eq(failures("k", 600, T0 + 700), 1, "a failure after the window opens a new one");
	cr_assert_eq(failures("other", 600, T0 + 700), 0, "keys count apart");
	struct bm_error err = {0};
	cr_assert_eq(guard_forget(t.db, "k", &err), 0);
	cr_assert_eq(failures("k", 600, T0 + 700), 0);
}

static struct bm_error not_found(void)
{
	struct bm_error e = {0};
	bm_error_set(&e, 404, "case_not_found", "办件不存在");
	return e;
}

Test(guard, a_case_is_locked_after_its_wrong_guesses_and_others_are_not)
{
	struct bm_error err;
	for (int i = 0; i < CASE_GUESS_MAX_FAILURES; i++) {
		err = (struct bm_error){0};
		cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", NULL, "10.0.0.1", T0 + i, &err), 0);
		err = not_found();
		cr_assert_eq(case_guess_failed(t.db, "20261001-000001", NULL, "10.0.0.1", T0 + i, &err), -1);
		cr_assert_str_eq(err.code, "case_not_found", "the caller's error is kept");
	}
	err = (struct bm_error){0};
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", NULL, "10.0.0.2", T0 + 60, &err), -1,
		     "locked for every address");
	cr_assert_eq(err.http_status, 429);
	cr_assert_str_eq(err.code, "too_many_attempts");
	err = (struct bm_error){0};
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000002", NULL, "10.0.0.2", T0 + 60, &err), 0,
		     "another case is not");
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", NULL, "10.0.0.2",
					T0 + CASE_GUESS_WINDOW, &err), 0, "open again after the window");
	err = (struct bm_error){0};
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", "0123456789abcdef01234567", "10.0.0.2",
					T0 + 60, &err), 0, "the receipt's key is never throttled");
}

Test(guard, only_a_wrong_guess_counts_and_one_address_is_limited_across_cases)
{
	struct bm_error err = {0};
	bm_error_set(&err, 400, "invalid_field", "评价等级无效");
	case_guess_failed(t.db, "20261001-000001", NULL, "10.0.0.1", T0, &err);
	cr_assert_eq(failures("case:20261001-000001", CASE_GUESS_WINDOW, T0), 0,
		     "a bad rating body is no guess");
	char no[32];
	for (int i = 0; i < CASE_GUESS_MAX_IP_FAILURES; i++) {
		snprintf(no, sizeof no, "20261001-%06d", 100 + i);
		err = not_found();
		case_guess_failed(t.db, no, NULL, "10.0.0.9", T0, &err);
	}
	err = (struct bm_error){0};
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", NULL, "10.0.0.9", T0 + 1, &err), -1);
	cr_assert_eq(err.http_status, 429);
	err = (struct bm_error){0};
	cr_assert_eq(case_guess_allowed(t.db, "20261001-000001", NULL, "10.0.0.8", T0 + 1, &err), 0);
}
