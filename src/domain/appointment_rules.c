/*
** appointment_rules.c — slot generation, the booking window and the no-show block
** (domain/appointment_rules.h).
*/
#include "domain/appointment_rules.h"
#include "core/date.h"

const struct appointment_rules appointment_rules_default = {
	.slot_minutes = 30,
	.buffer_minutes = 0,
	.open_days = 7,
	.close_minutes = 60,
	.per_day = 1,
	.open_max = 3,
	.noshow_limit = 3,
	.noshow_days = 90,
};

int appointment_slots_on(const struct venue_hours *h, const struct calendar *cal, int date,
			 const struct appointment_rules *r, struct appointment_slot *out, int max)
{
	int weekday = hours_weekday_for(cal, date), n = 0;
	if (weekday == 0 || r->slot_minutes <= 0)
		return 0;
	for (int i = 0; i < h->n; i++) {
		const struct hours_range *range = &h->r[i];
		if (range->weekday != weekday)
			continue;
		for (int start = range->opens; start + r->slot_minutes <= range->closes && n < max;
		     start += r->slot_minutes + r->buffer_minutes) {
			out[n].start = start;
			out[n].end = start + r->slot_minutes;
			n++;
		}
	}
	return n;
}

enum appointment_window appointment_window_at(const struct appointment_rules *r,
					      int64_t slot_start, int64_t now)
{
	if (slot_start - now < (int64_t)r->close_minutes * 60 || slot_start <= now)
		return APPT_TOO_LATE;
	if (date_of_epoch(slot_start) - date_of_epoch(now) > r->open_days)
		return APPT_TOO_EARLY;
	return APPT_BOOKABLE;
}

bool appointment_noshow_blocked(const struct appointment_rules *r, int64_t missed)
{
	return r->noshow_limit > 0 && missed >= r->noshow_limit;
}
