/*
** guard.h — throttling guesses at a secret: a password, the last four digits of a phone, a
** tracking key.
**
** Each failed guess counts against one or more keys ("user:wang", "ip:10.0.0.7",
** "case:20261001-000042") in fixed windows: the first failure opens a window of `window`
** seconds, later ones within it add to its count, the first failure after it opens a new one.
** Counters live in the database (table login_failures, whatever the secret), so they hold across
** server processes and restarts.
**
** A failure is recorded in a transaction of its own: the request that failed rolls its own
** back, and a counter that rolled back with it would count nothing.
*/
#ifndef BM_GUARD_H
#define BM_GUARD_H

#include "core/error.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* Failures counted for key in its current window (0 when none or the window has passed). */
int guard_failures(struct db *db, const char *key, int64_t window, int64_t now, int64_t *count,
		   struct bm_error *err);

/* Counts one failure against each of the n keys, in one transaction of its own. */
int guard_record_failure(struct db *db, const char *const *keys, size_t n, int64_t window,
			 int64_t now, struct bm_error *err);

/* Forgets the failures of key (a successful login); runs in the caller's transaction. */
int guard_forget(struct db *db, const char *key, struct bm_error *err);

/* --- guessing a case's secret on the public pages ------------------------------------------
 * The progress page and the rating page accept a case number with the applicant phone's last
 * four digits (10,000 values) or the receipt's key. After CASE_GUESS_MAX_FAILURES wrong answers
 * for one case within CASE_GUESS_WINDOW, or CASE_GUESS_MAX_IP_FAILURES from one client address,
 * further attempts answer 429 too_many_attempts until the window has passed. Behind a reverse
 * proxy every citizen shares the proxy's address, which the address limit then throttles as one
 * (login has the same limit): the per-case limit is the one that protects a case. */
#define CASE_GUESS_MAX_FAILURES 10
#define CASE_GUESS_MAX_IP_FAILURES 100
#define CASE_GUESS_WINDOW (60 * 60)

/* Only lookups by phone digits are throttled and counted: a caller who gives the receipt's key
 * (key not NULL; 96 random bits) cannot be guessing, and keeps working while the digits of its
 * case are locked — so a stranger's wrong guesses cannot lock a citizen out of their own case. */

/* 0 when the caller at client_ip may try a guess at case no now; 429 too_many_attempts when not. */
int case_guess_allowed(struct db *db, const char *no, const char *key, const char *client_ip,
		       int64_t now, struct bm_error *err);

/* Call after a public lookup of case no failed with *err: when that failure is the lookup's
 * 404 case_not_found (a wrong number or phone), it is counted. Always returns -1 and leaves
 * *err as it was, unless recording itself fails (then *err says why). */
int case_guess_failed(struct db *db, const char *no, const char *key, const char *client_ip,
		      int64_t now, struct bm_error *err);

#endif
