/*
** rating.h — 好差评 as the system keeps it: ratings of a case's service, appeals against them
** and the published figures. The rules (levels, 追评 window, rates) are rating_rules.h; the
** rectification task every 差评 opens is rectification.h.
**
** A rating belongs to the case's origin venue (where the citizen was served), its org, the
** clerk who received the case, that clerk's window at the venue (unless the rating names one)
** and the item. Citizens rate without an account by proving they know the case (the receipt's
** track key, or the phone's last four digits, as for the progress page); staff enter paper
** forms for the cases of their subtree. One rating per case and channel, and one 追评 within
** the configured period of the first.
**
** Every function that writes runs inside the caller's db_transaction() and audits there.
** JSON results are owned by the caller.
*/
#ifndef BM_RATING_H
#define BM_RATING_H

#include "core/error.h"
#include "domain/audit.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;
struct calendar;

/* The periods in effect: settings rating_supplement_days (calendar days, default 15) and
 * rectify_working_days (default 5); a missing or out-of-range value (1..365) is the default. */
struct rating_settings {
	int supplement_days;
	int rectify_days;
};
int rating_settings_load(struct db *db, struct rating_settings *out, struct bm_error *err);
/* Stores both (1..365, else 400 "invalid_field" naming the field); audited. */
int rating_settings_store(struct db *db, const struct rating_settings *s,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* Records a rating from the body {no, key?, phone4?, channel, level, scores?{attitude,
 * efficiency, quality, integrity}, comment?, ticket_id?, window_id?, supplementary?}.
 * who is NULL for a citizen. Channel "paper" needs a staff caller with ACT_RATING_PAPER and
 * the case's venue in scope (no key); "onsite" and "online" need the key or phone4 (a wrong one
 * is 404 "case_not_found", like the progress page). 409 "rating_exists" for a second rating
 * of a case on a channel (or a second 追评), 409 "no_first_rating" / "supplement_closed" for
 * a 追评 without a first rating or after the period. A 差评 opens its rectification task
 * (cal may be NULL: see rectify_due_date()). Writes the new id into *id. */
int rating_submit(struct db *db, json_t *body, const struct principal *who,
		  const struct calendar *cal, int64_t now, int64_t *id, struct bm_error *err);

/* One rating as staff see it (the list's shape); NULL who: the citizen's short form
 * {id, case_no, channel, supplementary, level, level_label, created_at, rectification_due}. */
int rating_get_json(struct db *db, int64_t id, const struct principal *who, json_t **out,
		    struct bm_error *err);

struct rating_filter {
	int64_t venue_id;      /* 0: any */
	const char *org_code;  /* NULL: the caller's whole subtree; else that org and below */
	const char *level;     /* NULL or a level name */
	const char *case_no;   /* NULL or one case */
};
/* Ratings in the caller's scope, newest first. 400 "invalid_query" for an unknown level. */
int rating_list(struct db *db, const struct principal *who, const struct rating_filter *f,
		int64_t limit, int64_t offset, json_t **items, int64_t *total,
		struct bm_error *err);

/* The figures of a venue (venue_id > 0) or of an org's subtree (org_path, "/610929/…/"):
 * {counts:{level:n…}, labels, total, excluded, counted, satisfied, satisfaction_rate, bad,
 *  rectified_on_time, rectification_rate, open_rectifications, overdue_rectifications} with
 * rates as fractions (0.925) or null. today is the China date (date.h) for "overdue". */
int rating_figures(struct db *db, int64_t venue_id, const char *org_path, int today,
		   json_t **out, struct bm_error *err);

/* The figures staff ask for (ACT_RATING_READ): of venue venue_id (> 0; 404 "venue_not_found"
 * unless in scope), else of org org_code's subtree (in scope), else of the caller's. */
int rating_figures_for(struct db *db, const struct principal *who, int64_t venue_id,
		       const char *org_code, int today, json_t **out, struct bm_error *err);

/* ---- appeals (申诉) ---- */

/* Files an appeal {reason_kind: mistaken|malicious, reason} against rating rating_id of the
 * caller's scope (ACT_RATING_APPEAL). 409 "appeal_exists" when the rating has one already.
 * Writes the appeal's id into *id. */
int appeal_file(struct db *db, int64_t rating_id, json_t *body, const struct principal *who,
		int64_t now, int64_t *id, struct bm_error *err);

/* The county's decision {decision: upheld|rejected, reason} (ACT_APPEAL_DECIDE). Upholding
 * excludes the rating from every figure with the reason kept, and cancels its open
 * rectification task. 409 "appeal_decided" when already decided. */
int appeal_decide(struct db *db, int64_t appeal_id, json_t *body, const struct principal *who,
		  int64_t now, struct bm_error *err);

/* One appeal with its rating's summary. 404 "appeal_not_found" outside scope too. */
int appeal_get_json(struct db *db, int64_t id, const struct principal *who, json_t **out,
		    struct bm_error *err);

/* Appeals in scope, oldest pending first; status NULL or pending|upheld|rejected. */
int appeal_list(struct db *db, const struct principal *who, const char *status, int64_t limit,
		int64_t offset, json_t **items, int64_t *total, struct bm_error *err);

#endif
