/*
** case_store.h — cases (办件) as the system keeps them: intake, the moves of the state machine,
** materials handed in later, process steps, worklists, the public progress view, and the
** 容缺 expiry sweep.
**
** The rules are case_rules.h; this layer loads a case, asks the rules, writes the result and
** its timeline event and audit entry. Every function that writes must run inside
** db_transaction() (the API layer opens it; durability is the database's synchronous commit),
** and a failure leaves nothing written once the transaction rolls back.
**
** Bodies arrive as JSON objects straight from the client; each function validates its own
** (core/jcheck.h), so messages name the faulty field in error.field. JSON results are owned by
** the caller. Times in results are RFC 3339 (+08:00), dates "YYYY-MM-DD".
**
** Who may do what: reading needs ACT_CASE_READ and a venue the case passed through inside the
** caller's subtree (otherwise 404 "case_not_found": a foreign case does not exist for them);
** acting needs ACT_CASE_WRITE and the case at a venue of the caller's own org (403
** "out_of_scope"). Checked here, so that no entry point forgets.
*/
#ifndef BM_CASE_STORE_H
#define BM_CASE_STORE_H

#include "core/error.h"
#include "domain/auth.h"
#include "domain/case_rules.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#define CASE_NO_SIZE 24 /* "YYYYMMDD-NNNNNN" and NUL, with room */

/* Intake (POST /api/v1/cases): validates the body (docs/api.md), creates the case in "draft"
 * with the next number of the day and returns it in `no`. */
int case_intake(struct db *db, const struct principal *who, int64_t now, json_t *body,
		char no[CASE_NO_SIZE], struct bm_error *err);

/* One move of the state machine (notice, accept, reject, suspend, resume, forward, complete,
 * deliver, terminate) with its body (may be NULL for none). */
int case_act(struct db *db, const struct principal *who, int64_t now, const char *no,
	     enum case_action action, json_t *body, struct bm_error *err);

/* Materials handed in later: {"received":[names]}. When every 容缺 material is in, the
 * promise is kept (deferred.supplied_at). */
int case_receive_materials(struct db *db, const struct principal *who, int64_t now, const char *no,
			   json_t *body, struct bm_error *err);

/* Finishes the open process step ({"outcome"?}) and opens the next. A step finished after its
 * due date is a "late_step" breach. 409 "no_open_step" when none is open. */
int case_advance(struct db *db, const struct principal *who, int64_t now, const char *no,
		 json_t *body, struct bm_error *err);

/* The whole case with its timeline (docs/api.md "Case"), scoped. The ID number is shown in
 * full only to the orgs whose venues the case passed through; with audit_read such a read is
 * audited ("case.read"), so it writes and must run inside a transaction. Without, it is the
 * answer to a change the caller just made in the same transaction (already audited). */
int case_get_json(struct db *db, const struct principal *who, int64_t now, const char *no,
		  bool audit_read, json_t **out, struct bm_error *err);

/* Worklists. */
struct case_filter {
	const char
	    *view; /* NULL (all in scope), mine, venue, due_soon, overdue, waiting_materials */
	int64_t venue_id;   /* view=venue: this venue (in scope); 0: the caller's org's venues */
	const char *status; /* a state name, or NULL */
	const char *q;      /* case number, applicant name or item name contains; or NULL */
};
/* A page of summaries, most urgent first (due date, then newest). 400 "invalid_query" for an
 * unknown view or status. */
int case_list(struct db *db, const struct principal *who, int64_t now, const struct case_filter *f,
	      int64_t limit, int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

/* The public progress view (no personal data), for the number together with either the last
 * four digits of the applicant's phone or the track key. Anything that does not match is the
 * same 404 "case_not_found". */
int case_track(struct db *db, int64_t now, const char *no, const char *phone4, const char *key,
	       json_t **out, struct bm_error *err);

/* 0 when no/phone4/key prove the caller knows the case (as case_track() decides); otherwise
 * the same 404 "case_not_found" as a missing case. For the public rating. */
int case_check_track(struct db *db, const char *no, const char *phone4, const char *key,
		     struct bm_error *err);

/* The path and query of the public progress page of a case in the caller's read scope:
 * "/portal/track.html?no=NO&key=KEY" (the receipt's QR code). */
int case_track_path(struct db *db, const struct principal *who, const char *no, char *out,
		    size_t size, struct bm_error *err);

/* 容缺 expiry: terminates, as the system, every running case whose promised supply date has
 * passed with materials still outstanding (at most 200 a run; the next run takes the rest).
 * Runs in its own transaction (or the caller's). Returns how many, or -1. */
int case_sweep_deferred(struct db *db, int64_t now, struct bm_error *err);

#endif
