/*
** window.h — a venue's item groups (事项分组) and service windows (窗口), each window one post
** (岗位) with an A holder and a B holder (AB岗, F4).
**
** A group is a named set of the venue's claimed items with a letter code and a ticket prefix
** (the queue takes numbers per group). A window serves one or more groups; it is
** 'comprehensive' (综合窗口) or 'specialised' (专业窗口). The A holder works the window; when A
** is away (domain/absence.h) the B holder stands in; window_on_duty() makes that choice.
**
** Rules kept here:
**   - group codes and prefixes, and window numbers, are unique per venue (409);
**   - a group covers only items the venue claimed (400 item_not_claimed);
**   - a window serves only groups of its own venue (400 invalid_field);
**   - holders are enabled window staff or managers of the venue's own org, A differs from B
**     (400 invalid_field naming a_user_id / b_user_id);
**   - a change of holders may not pair two people already booked away on a common day from
**     today on (409 ab_both_absent, domain/absence.h).
** Every change is audited (before/after as returned by the getters) and brings the duty
** history up to date (domain/duty.h) before and after it, inside the caller's transaction.
**
** JSON shapes (what the getters return; the caller owns every json_t * it receives):
**   group:  {id, venue_id, code, name, prefix, daily_cap, wait_alert, sort, active,
**            items:[{code, name}]}
**   window: {id, venue_id, number, name, kind, a_user, b_user, groups:[{id,code,name,prefix}],
**            active}   with a_user/b_user {id, username, display_name} or null.
** Input bodies (create: code, name, prefix / number, name, kind required; update: any subset):
**   group:  {code, name, prefix, daily_cap, wait_alert, sort, active, items:[item codes]}
**   window: {number, name, kind, a_user_id, b_user_id, groups:[group codes], active}
**           (a_user_id / b_user_id null: nobody holds that post).
*/
#ifndef BM_WINDOW_H
#define BM_WINDOW_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* --- groups ------------------------------------------------------------------------------- */

/* The venue's groups ordered by sort then code (inactive ones included). */
int venue_groups_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err);

/* One group. 404 group_not_found. */
int group_get(struct db *db, int64_t group_id, json_t **out, struct bm_error *err);

/* The venue a group belongs to. 404 group_not_found. */
int group_venue(struct db *db, int64_t group_id, int64_t *venue_id, struct bm_error *err);

/* Creates a group of venue_id from a validated-here body; *id receives it. Audited. */
int group_create(struct db *db, int64_t venue_id, json_t *body, const struct audit_actor *actor,
		 int64_t now, int64_t *id, struct bm_error *err);

/* Applies any subset of the group fields ("items" replaces the whole list). Audited when
 * something changed. 404 group_not_found. */
int group_update(struct db *db, int64_t group_id, json_t *patch, const struct audit_actor *actor,
		 int64_t now, struct bm_error *err);

/* --- windows ------------------------------------------------------------------------------ */

/* One window. 404 window_not_found. */
int window_get(struct db *db, int64_t window_id, json_t **out, struct bm_error *err);

/* The venue's windows ordered by number (inactive ones included). */
int venue_windows_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err);

/* The venue a window belongs to. 404 window_not_found. */
int window_venue(struct db *db, int64_t window_id, int64_t *venue_id, struct bm_error *err);

int window_create(struct db *db, int64_t venue_id, json_t *body, const struct audit_actor *actor,
		  int64_t now, int64_t *id, struct bm_error *err);

int window_update(struct db *db, int64_t window_id, json_t *patch,
		  const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* The people who may hold the venue's posts (enabled window staff and managers of its org),
 * by id: [{id, username, display_name, role, posts (active posts held anywhere)}]. */
int venue_staff_list(struct db *db, int64_t venue_id, json_t **out, struct bm_error *err);

/* --- who is on duty ----------------------------------------------------------------------- */

enum window_post {
	POST_NONE, /* nobody: the window is inactive, or both holders are absent or missing */
	POST_A,
	POST_B,
};

/* Who works the window on `date` ('YYYY-MM-DD'): the A holder unless absent that day (or
 * disabled, or missing), else the B holder on the same terms. Returns 1 with *user_id and
 * *post set, 0 when nobody (inactive window, or neither holder present; *post = POST_NONE),
 * -1 on error (404 window_not_found). */
int window_on_duty_post(struct db *db, int64_t window_id, const char *date, int64_t *user_id,
			enum window_post *post, struct bm_error *err);

/* The same without the post, for the queue: 1 found, 0 nobody, -1 on a database error or an
 * unknown window. */
int window_on_duty(struct db *db, int64_t window_id, const char *date, int64_t *user_id);

#endif
