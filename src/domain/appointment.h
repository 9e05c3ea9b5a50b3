/*
** appointment.h — appointments (预约服务): capacity-based slots per venue and item group, booked,
** looked up and cancelled by citizens without an account (phone + the random code given at
** booking), checked in at the venue as a queue ticket with precedence in its slot
** (domain/queue.h), closed by the venue manager in an emergency.
**
** Slots come from the venue's opening hours and the working calendar
** (domain/appointment_rules.h); a slot's capacity is the number of active windows serving the
** group that someone can staff that day: the A holder, or else the B holder, without an absence
** recorded on the date (AB岗). A day with no staffed window offers no slots. The capacity check and the insert run in one write transaction (db.h: writers run one
** at a time on both engines), so concurrent bookings never exceed it. A booked appointment
** whose slot has ended unchecked is "missed" (computed at read); appointment_rules.noshow_limit
** misses within noshow_days block new bookings from that phone.
**
** Writes run inside the caller's db_transaction() and are audited; booking queues an
** appointment_reminder, closing queues appointment_changed for every booking it cancels
** (domain/notify.h). Every json_t ** out parameter receives a new reference the caller owns.
**
** Appointment JSON: {id, venue:{id,name}, group:{id,code,name}, service_date, slot_start,
** slot_end (RFC 3339), name, phone (masked), status (booked, cancelled, closed, checked_in,
** missed), ticket_id, created_at}.
*/
#ifndef BM_APPOINTMENT_H
#define BM_APPOINTMENT_H

#include "core/error.h"
#include "domain/appointment_rules.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;

#define APPOINTMENT_CODE_SIZE 9 /* 8 characters and the NUL */

/* The venue's rules (the defaults when it has none). 404 venue_not_found. */
int appointment_rules_load(struct db *db, int64_t venue_id, struct appointment_rules *out,
			   struct bm_error *err);

/* {slot_minutes, buffer_minutes, open_days, close_minutes, per_day, open_max, noshow_limit,
 * noshow_days} of the venue (new reference). */
json_t *appointment_rules_json(const struct appointment_rules *r);

/* Replaces the venue's rules with a full body of the fields above (validated here; ranges in
 * appointment_rules.h). Audited. 404 venue_not_found. */
int appointment_rules_put(struct db *db, int64_t venue_id, json_t *body,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* The bookable days of a group from today on: {venue_id, group_id, capacity (the active
 * windows serving it), days:[{date, slots:[{start, end, capacity (that day's), booked, left}]}]}
 * — slots already too late or closed by the venue, and days nobody staffs, left out. 404 venue_not_found / group_not_found (also for an inactive group). */
int appointment_slots(struct db *db, int64_t venue_id, int64_t group_id, int64_t now,
		      json_t **out, struct bm_error *err);

/* Books from {venue_id, group_id, slot_start, name, phone}. 400 invalid_field / invalid_phone;
 * 404 venue/group_not_found; 409 slot_not_offered (no such slot that day), slot_closed,
 * booking_too_late, booking_too_early, slot_full, daily_limit, open_limit, noshow_blocked.
 * *out is the appointment plus its "code" (shown once). */
int appointment_book(struct db *db, json_t *body, const struct audit_actor *actor, int64_t now,
		     json_t **out, struct bm_error *err);

/* The citizen's view: the appointment of this phone and code. 404 appointment_not_found for
 * any mismatch. */
int appointment_find(struct db *db, const char *phone, const char *code, int64_t now,
		     json_t **out, struct bm_error *err);

/* Cancels the citizen's booking (phone + code), freeing the slot. 404 appointment_not_found;
 * 409 appointment_not_open (cancelled, closed, checked in or missed). */
int appointment_cancel(struct db *db, const char *phone, const char *code,
		       const struct audit_actor *actor, int64_t now, json_t **out,
		       struct bm_error *err);

/* The venue of an appointment. 404 appointment_not_found. */
int appointment_venue(struct db *db, int64_t id, int64_t *venue_id, struct bm_error *err);

/* Checks in: a queue ticket with precedence in its slot. code NULL: the caller is staff of
 * the venue (checked by the caller); otherwise it must match (404 appointment_not_found).
 * 409 appointment_not_open, appointment_not_today, appointment_missed (the slot has ended).
 * *out is {appointment, ticket}. */
int appointment_check_in(struct db *db, int64_t id, const char *code,
			 const struct audit_actor *actor, int64_t now, json_t **out,
			 struct bm_error *err);

/* Staff: the day's appointments of a venue ('YYYY-MM-DD'), group_id 0 = every group, ordered by
 * slot then group, each with the group's windows: [{...appointment, windows:[numbers]}]. */
int appointments_of_day(struct db *db, int64_t venue_id, const char *date, int64_t group_id,
			int64_t now, json_t **out, struct bm_error *err);

/* Closes slots for an emergency from {group_id?, starts_at, ends_at, reason}: bookings
 * overlapping it become "closed" and each citizen gets an appointment_changed message.
 * *out is {id, closed (the number of bookings closed)}. */
int appointment_close_slots(struct db *db, int64_t venue_id, json_t *body,
			    const struct audit_actor *actor, int64_t now, json_t **out,
			    struct bm_error *err);

#endif
