/*
** absence.h — recorded absences of window staff (AB岗: leave, training, trips, sick days).
**
** The rule (requirements.md §3, AB岗): the A and the B holder of one post may not be away at
** the same time. Booking an absence that overlaps, by at least one day, an absence already
** booked for the other holder of any active post the person holds is refused with 409
** "ab_both_absent", the message naming the venue, the window and the colleague with their
** dates. A person's own absences may not overlap either (409 "absence_overlap").
** Dates are 'YYYY-MM-DD', both ends inclusive.
**
** JSON of an absence: {id, user:{id, username, display_name}, kind, kind_label, start_date,
** end_date, note, created_at (RFC 3339), created_by (username or null)}. The caller owns every
** json_t * it receives.
*/
#ifndef BM_ABSENCE_H
#define BM_ABSENCE_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

/* leave 休假, training 培训, trip 出差, sick 病假; NULL-terminated. */
extern const char *const absence_kinds[];
const char *absence_kind_label(const char *kind);

/* Books an absence from a body {user_id, kind, start_date, end_date, note?} (validated here).
 * 404 user_not_found; 400 invalid_field (end before start); 409 absence_overlap /
 * ab_both_absent. Audited; the duty history is brought up to date around the change. */
int absence_book(struct db *db, json_t *body, const struct audit_actor *actor, int64_t now,
		 int64_t *id, struct bm_error *err);

/* Cancels (deletes) an absence; the audit entry keeps it. 404 absence_not_found. */
int absence_cancel(struct db *db, int64_t id, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err);

int absence_get(struct db *db, int64_t id, json_t **out, struct bm_error *err);

/* The org path of a user (for scope checks). 404 user_not_found. */
int absence_user_org_path(struct db *db, int64_t user_id, char path[256], struct bm_error *err);

struct absence_filter {
	const char *scope_path; /* only people of orgs under this path */
	int64_t venue_id;       /* 0, or only people holding a post at this venue */
	int64_t user_id;        /* 0, or only this person */
	const char *from, *to;  /* NULL, or only absences overlapping [from, to] */
};

/* Absences matching the filter, latest start first. */
int absence_list(struct db *db, const struct absence_filter *f, int64_t limit, int64_t offset,
		 json_t **items, int64_t *total, struct bm_error *err);

/* 409 ab_both_absent when users a and b (to become A and B of one post) have absences on a
 * common day on or after `from_date`. */
int absence_check_pair(struct db *db, int64_t a, int64_t b, const char *from_date,
		       struct bm_error *err);

#endif
