/*
** training.h — business training (业务培训, survey §三(三), issue 8): sessions a venue holds
** (ordinary training, or a 现场会: a meeting held at a pilot site to spread its practice),
** attendance per staff account recorded by the organiser, a yearly plan per venue and how far
** it is fulfilled, and coverage (staff not trained in a year).
**
** Hours are stored in tenths (hours_tenths) and shown with one decimal. "Staff" always means
** active accounts (not disabled) with the role window_staff, venue_manager or village_agent; a
** staff member belongs to the org of their account, and to that org's main venue.
**
** A session is held at a venue and organised by an org: the venue's own org or one of its
** ancestors (a town holding a 现场会 at a village room). Scope: readers (every role) see the
** sessions organised or held in their subtree, and those they are on the roll of; writers
** (venue manager, county supervisor, admin) change sessions whose organiser lies in their
** subtree, and plans of venues there. Attendees of a session must be staff of the organiser's
** subtree.
**
** Writing functions must run inside db_transaction() and append one audit entry each. JSON
** results are owned by the caller.
*/
#ifndef BM_TRAINING_H
#define BM_TRAINING_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* --- the figures the assessment reads (contract, docs/api.md) ---------------------------- */

struct training_summary {
	long sessions;          /* sessions held by venues of the subtree in the range */
	double hours;           /* sum of session hours x attendees who attended */
	long staff;             /* active staff accounts of the subtree (window_staff,
	                           venue_manager, village_agent) */
	long staff_trained;     /* of those, attended at least one session in the range */
	double hours_per_staff; /* hours / staff, 0 when staff == 0 */
};

/* The training figures of org_code's whole subtree for the days from_day..to_day (inclusive,
 * 'YYYY-MM-DD'). `hours` counts the hours received by the subtree's staff (session hours for
 * each of them who attended, wherever the session was held), so that hours_per_staff is the
 * training one staff member of the subtree received on average; `sessions` counts both kinds
 * (training and 现场会). No scope check: the caller decides who may ask.
 * Returns 0, or -1 with *err: 404 org_not_found, 400 invalid_day (not a date, or from > to). */
int training_org_summary(struct db *db, const char *org_code, const char *from_day,
                         const char *to_day, struct training_summary *out, struct bm_error *err);

/* --- pure rules ----------------------------------------------------------------------------- */

/* Session length from JSON: a number > 0 and <= 24 with at most one decimal (1, 1.5, 2.0; not
 * 1.25). Returns 0 with *tenths (15 for 1.5), or -1 with 400 invalid_hours naming `field`. */
int training_hours_from_json(json_t *value, const char *field, int64_t *tenths,
                             struct bm_error *err);

/* Planned hours from JSON: like training_hours_from_json() but 0 allowed and up to 1000. */
int training_plan_hours_from_json(json_t *value, const char *field, int64_t *tenths,
                                  struct bm_error *err);

/* How much of a plan is fulfilled, per mille, rounded half up and capped at 1000: held over
 * planned; -1 when nothing was planned (the rate is undefined, shown "—"). */
int training_fulfilment_permille(int64_t held, int64_t planned);

/* hours_tenths / 10 as a double with exactly one decimal's worth (e.g. 15 -> 1.5). */
double training_hours_of_tenths(int64_t tenths);

/* --- sessions ------------------------------------------------------------------------------ */

/* Body {venue_id, org_code (organiser, default the venue's org; must contain the venue: 400
 * venue_outside_org), kind: training|site_meeting, topic 1..100, day YYYY-MM-DD, hours,
 * trainer 1..50, audience 0..500}. Needs ACT_TRAINING_WRITE and the organiser in scope.
 * *out: the session (training_session_get's shape). */
int training_session_create(struct db *db, const struct principal *who, int64_t now, json_t *body,
                            json_t **out, struct bm_error *err);

/* Patch of kind, topic, day, hours, trainer, audience (all optional). Same rights; 404
 * session_not_found; 409 session_not_held when attendance is recorded and the new day is still
 * to come. */
int training_session_update(struct db *db, const struct principal *who, int64_t now, int64_t id,
                            json_t *patch, json_t **out, struct bm_error *err);

/* Deletes a session and its attendance (audited with the session as it was). */
int training_session_delete(struct db *db, const struct principal *who, int64_t now, int64_t id,
                            struct bm_error *err);

/* One session: id, venue_id, venue_name, org_code, org_name (the organiser), kind, kind_label,
 * topic, day, hours, trainer, audience, attended (count), absent (count), created_by,
 * created_at. 404 session_not_found also when the caller may not read it. */
int training_session_get(struct db *db, const struct principal *who, int64_t id, json_t **out,
                         struct bm_error *err);

struct training_filter {
	const char *org;  /* org code in scope, or NULL: the caller's subtree */
	int year;         /* 0: any year */
	const char *kind; /* training | site_meeting | NULL */
};

/* A page of sessions of the subtree, newest day first. Needs ACT_TRAINING_READ. */
int training_session_list(struct db *db, const struct principal *who,
                          const struct training_filter *f, int64_t limit, int64_t offset,
                          json_t **items, int64_t *total, struct bm_error *err);

/* --- attendance ---------------------------------------------------------------------------- */

/* The session's roll: every staff member of the organiser's subtree (plus anyone recorded who
 * has since left it), each {user_id, username, display_name, role, org_code, org_name,
 * status: attended|absent|unrecorded, absence_reason}. Same scope as training_session_get. */
int training_roll(struct db *db, const struct principal *who, int64_t session_id, json_t **out,
                  struct bm_error *err);

/* Body {records: [{user_id, attended: bool, absence_reason}] 1..500}: records (or re-records)
 * each; an absence needs a reason, attendance takes none. Needs ACT_TRAINING_WRITE and the
 * session in scope; 400 not_trainee when a user is not staff of the organiser's subtree, 400
 * reason_required for an absence without a reason, 409 session_not_held before the session's
 * day. One audit entry for the whole batch. *out: the roll afterwards. */
int training_attendance_record(struct db *db, const struct principal *who, int64_t now,
                               int64_t session_id, json_t *body, json_t **out,
                               struct bm_error *err);

/* The caller's own attendance records, newest first: session fields plus status and reason. */
int training_my_attendance(struct db *db, const struct principal *who, int year, json_t **items,
                           struct bm_error *err);

/* --- plans and coverage ------------------------------------------------------------------- */

/* Body {planned_sessions 0..100, planned_hours 0..1000 (one decimal), topics 0..1000}: sets
 * the venue's plan for the year (2000..2100). Needs ACT_TRAINING_WRITE and the venue in scope.
 * *out: the plan row as training_plan_list() shows it. */
int training_plan_put(struct db *db, const struct principal *who, int64_t now, int64_t venue_id,
                      int year, json_t *body, json_t **out, struct bm_error *err);

/* Plan versus held for the year: the county centre and every town hall of the subtree (org, or
 * the caller's subtree), and any other venue there with a plan or a session that year, by org
 * code. Held counts the sessions at the venue, and for a hall or centre also those its org
 * organised elsewhere: venue_id, venue_name, org_code,
 * org_name, planned (bool), planned_sessions, planned_hours, topics, held_sessions,
 * held_hours, sessions_permille and hours_permille (null when nothing planned). */
int training_plan_list(struct db *db, const struct principal *who, const char *org, int year,
                       json_t **items, struct bm_error *err);

/* Coverage for the year: {year, org_code, staff, trained, untrained, venues: [{org_code,
 * org_name, venue_id, venue_name, staff, trained, untrained: [{user_id, username, display_name,
 * role}]}]} with every org of the subtree that has staff, by org code; "trained" means
 * attended at least one session in the year. Needs ACT_TRAINING_READ. */
int training_coverage(struct db *db, const struct principal *who, const char *org, int year,
                      json_t **out, struct bm_error *err);

#endif
