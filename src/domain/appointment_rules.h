/*
** appointment_rules.h — the pure rules of appointments (预约服务): which slots a venue offers on
** a day, whether a slot may still be booked, and the no-show block. No database, no clock:
** everything comes in as arguments, so the unit tests cover holidays, make-up working days,
** breaks and buffers directly.
**
** Slots: on a date the venue's applicable opening ranges (domain/hours.h: an announced holiday
** has none; a make-up working day keeps Monday's) are cut into slots of slot_minutes, each
** followed by buffer_minutes of gap; a slot must end by the range's close, so a lunch break
** is never booked over.
*/
#ifndef BM_APPOINTMENT_RULES_H
#define BM_APPOINTMENT_RULES_H

#include "domain/hours.h"

#include <stdbool.h>
#include <stdint.h>

struct calendar;

struct appointment_rules {
	int slot_minutes;   /* 5..240 */
	int buffer_minutes; /* 0..120 */
	int open_days;      /* booking opens this many days ahead (1..60) */
	int close_minutes;  /* and closes this many minutes before the slot starts (0..1440) */
	int per_day;        /* bookings (not cancelled) per phone per day */
	int open_max;       /* open bookings per phone */
	int noshow_limit;   /* missed appointments within noshow_days that block booking */
	int noshow_days;
};

/* The defaults of a venue without rules of its own: 30 min slots, no buffer, 7 days ahead,
 * closing 60 min before, 1 a day and 3 open per phone, 3 no-shows in 90 days block. */
extern const struct appointment_rules appointment_rules_default;

#define APPOINTMENT_MAX_SLOTS 288 /* a whole day of 5-minute slots */

struct appointment_slot {
	int start; /* minutes after midnight China time */
	int end;
};

/* The slots of `date` (a day number, core/date.h) in order. cal may be NULL. Returns their
 * number (0 on a closed day), at most `max`. */
int appointment_slots_on(const struct venue_hours *h, const struct calendar *cal, int date,
			 const struct appointment_rules *r, struct appointment_slot *out, int max);

enum appointment_window {
	APPT_BOOKABLE,
	APPT_TOO_LATE,  /* starts within close_minutes, or already started */
	APPT_TOO_EARLY, /* more than open_days days ahead (by China-time date) */
};

/* Whether a slot starting at epoch second slot_start may be booked at `now`. */
enum appointment_window appointment_window_at(const struct appointment_rules *r,
					      int64_t slot_start, int64_t now);

/* True when `missed` no-shows within the last noshow_days block a new booking. */
bool appointment_noshow_blocked(const struct appointment_rules *r, int64_t missed);

#endif
