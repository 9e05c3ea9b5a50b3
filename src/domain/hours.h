/*
** hours.h — a venue's opening hours (办公时间) as data: per weekday, one or more open ranges
** (a lunch break is the gap between two), in minutes after midnight China time, [opens,
** closes). The free-text `hours` of the venue profile stays what the public reads; this is what
** the system computes with (gap alerts now, appointments later).
**
** Which hours apply on a date (hours_weekday_for): an announced holiday (the working-day
** calendar's "off" days, weekends inside a holiday included) is closed; an announced make-up
** working day (调休上班) keeps Monday's hours; any other day its own weekday's hours.
**
** JSON: [{weekday (1 = Monday … 7 = Sunday), opens "08:30", closes "12:00"}], ordered.
*/
#ifndef BM_HOURS_H
#define BM_HOURS_H

#include "core/error.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct calendar;

#define HOURS_MAX_RANGES 28 /* 4 ranges a day is plenty */

struct hours_range {
	int weekday; /* 1..7 */
	int opens;   /* minutes after midnight, 0..1439 */
	int closes;  /* opens < closes <= 1440 */
};

struct venue_hours {
	int n;
	struct hours_range r[HOURS_MAX_RANGES]; /* ordered by weekday, then opens */
};

/* The stored hours of a venue (n = 0: none recorded, never open). */
int hours_load(struct db *db, int64_t venue_id, struct venue_hours *out, struct bm_error *err);

/* Replaces the venue's hours with `ranges` (the JSON above; validated here: times "H:MM" or
 * "HH:MM" up to "24:00", opens before closes, no overlap within a day, at most
 * HOURS_MAX_RANGES). 404 venue_not_found. Audited. */
int hours_put(struct db *db, int64_t venue_id, json_t *ranges, const struct audit_actor *actor,
	      int64_t now, struct bm_error *err);

/* The JSON of a set of hours (new reference). */
json_t *hours_to_json(const struct venue_hours *h);

/* Which weekday's hours apply on `date` (a day number, core/date.h): 1..7, or 0 when the
 * venue keeps closed (an announced holiday). cal may be NULL (no announced days). */
int hours_weekday_for(const struct calendar *cal, int date);

/* True when the venue is open at epoch second t. */
bool hours_open_at(const struct venue_hours *h, const struct calendar *cal, int64_t t);

/* The minutes after midnight at which the open state may change on `date`: 0 and every opens
 * and closes of the applicable ranges, ascending. Returns their number (at most
 * 1 + 2 * HOURS_MAX_RANGES). */
int hours_changes_on(const struct venue_hours *h, const struct calendar *cal, int date,
		     int minutes[1 + 2 * HOURS_MAX_RANGES]);

/* Loads the venue's hours and the shared working-day calendar, and answers whether the venue
 * is open at t. */
int venue_open_at(struct db *db, int64_t venue_id, int64_t t, bool *open, struct bm_error *err);

/* The epoch second of minute `minute` of `date` in China time. */
int64_t hours_epoch(int date, int minute);

#endif
