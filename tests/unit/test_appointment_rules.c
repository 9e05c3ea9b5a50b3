/*
** test_appointment_rules.c — the pure appointment rules (domain/appointment_rules.c): slot
** generation across holidays, make-up working days, lunch breaks and buffers; the booking
** window; the no-show block.
*/
#include "core/calendar.h"
#include "core/date.h"
#include "domain/appointment_rules.h"
#include "core/clock.h"
#include "helpers.h"
#include <criterion/criterion.h>

static int day(const char *text)
{
	int d = 0;
	cr_assert_eq(date_parse(text, &d), 0);
	return d;
}

/* Monday to Friday 8:30-12:00 and 14:30-17:30 (a lunch break between). */
static struct venue_hours weekday_hours(void)
{
	struct venue_hours h = {0};
	for (int wd = 1; wd <= 5; wd++) {
		h.r[h.n++] = (struct hours_range){wd, 8 * 60 + 30, 12 * 60};
		h.r[h.n++] = (struct hours_range){wd, 14 * 60 + 30, 17 * 60 + 30};
	}
	return h;
}

/* 2025: National Day 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 make-up working days. */
static struct calendar *national_day(void)
{
	struct bm_error err = {0};
	struct calendar *cal = calendar_new();
	for (int d = day("2025-10-01"); d <= day("2025-10-08"); d++)
		cr_assert_eq(calendar_add_day(cal, d, CALENDAR_OFF, "国庆节", &err), 0);
	cr_assert_eq(calendar_add_day(cal, day("2025-09-28"), CALENDAR_WORK, "国庆调休", &err), 0);
	cr_assert_eq(calendar_add_day(cal, day("2025-10-11"), CALENDAR_WORK, "国庆调休", &err), 0);
	cr_assert_eq(calendar_build(cal, &err), 0);
	return cal;
}

static int slots(const struct calendar *cal, const char *date, struct appointment_rules r,
		 struct appointment_slot *out)
{
	struct venue_hours h = weekday_hours();
	return appointment_slots_on(&h, cal, day(date), &r, out, APPOINTMENT_MAX_SLOTS);
}

Test(appointment_slots, half_hours_of_a_weekday_skip_the_lunch_break)
{
	struct appointment_slot s[APPOINTMENT_MAX_SLOTS];
	int n = slots(NULL, "2025-09-30", appointment_rules_default, s); /* a Tuesday */
	cr_assert_eq(n, 13);
	cr_assert_eq(s[0].start, 8 * 60 + 30);
	cr_assert_eq(s[6].start, 11 * 60 + 30);
	cr_assert_eq(s[6].end, 12 * 60);
	cr_assert_eq(s[7].start, 14 * 60 + 30);
	cr_assert_eq(s[12].end, 17 * 60 + 30);
}

Test(appointment_slots, a_slot_that_would_run_into_the_break_is_not_offered)
{
	struct appointment_slot s[APPOINTMENT_MAX_SLOTS];
	struct appointment_rules r = appointment_rules_default;
	r.slot_minutes = 45; /* 8:30 9:15 10:00 10:45 (11:30 would end 12:15) */
	int n = slots(NULL, "2025-09-30", r, s);
	cr_assert_eq(s[3].start, 10 * 60 + 45);
	cr_assert_eq(s[4].start, 14 * 60 + 30);
	cr_assert_eq(n, 8); /* 14:30 15:15 16:00 16:45 */
}

Test(appointment_slots, buffers_sit_between_slots)
{
	struct appointment_slot s[APPOINTMENT_MAX_SLOTS];
	struct appointment_rules r = appointment_rules_default;
	r.slot_minutes = 20;
	r.buffer_minutes = 10;
	int n = slots(NULL, "2025-09-30", r, s);
	cr_assert_eq(s[0].end, 8 * 60 + 50);
	cr_assert_eq(s[1].start, 9 * 60);
	cr_assert_eq(s[6].start, 11 * 60 + 30); /* ends 11:50: still before noon */
	cr_assert_eq(s[7].start, 14 * 60 + 30);
	cr_assert_eq(n, 13);
}

Test(appointment_slots, holidays_and_weekends_have_none)
{
	struct appointment_slot s[APPOINTMENT_MAX_SLOTS];
	struct calendar *cal = national_day();
	cr_assert_eq(slots(cal, "2025-10-01", appointment_rules_default, s), 0); /* Wednesday, holiday */
	cr_assert_eq(slots(cal, "2025-10-06", appointment_rules_default, s), 0); /* Monday, holiday */
	cr_assert_eq(slots(cal, "2025-10-12", appointment_rules_default, s), 0); /* plain Sunday */
	cr_assert_eq(slots(cal, "2025-10-09", appointment_rules_default, s), 13); /* back to work */
	calendar_free(cal);
}

Test(appointment_slots, make_up_working_days_open_with_mondays_hours)
{
	struct appointment_slot s[APPOINTMENT_MAX_SLOTS];
	struct calendar *cal = national_day();
	cr_assert_eq(slots(cal, "2025-09-28", appointment_rules_default, s), 13); /* Sunday */
	cr_assert_eq(slots(cal, "2025-10-11", appointment_rules_default, s), 13); /* Saturday */
	cr_assert_eq(s[0].start, 8 * 60 + 30);
	calendar_free(cal);
}

Test(appointment_slots, never_more_than_asked)
{
	struct appointment_slot s[3];
	struct venue_hours h = weekday_hours();
	cr_assert_eq(appointment_slots_on(&h, NULL, day("2025-09-30"), &appointment_rules_default, s, 3),
		     3);
}

static int64_t at(const char *rfc3339)
{
	int64_t t;
	cr_assert_eq(clock_parse_rfc3339(rfc3339, &t), 0);
	return t;
}

Test(appointment_window, closes_before_the_slot_and_opens_days_ahead)
{
	const struct appointment_rules *r = &appointment_rules_default; /* 60 min, 7 days */
	int64_t now = at("2025-11-03T09:00:00+08:00");
	cr_assert_eq(appointment_window_at(r, at("2025-11-03T10:00:00+08:00"), now), APPT_BOOKABLE);
	cr_assert_eq(appointment_window_at(r, at("2025-11-03T09:59:00+08:00"), now), APPT_TOO_LATE);
	cr_assert_eq(appointment_window_at(r, at("2025-11-03T08:30:00+08:00"), now), APPT_TOO_LATE);
	cr_assert_eq(appointment_window_at(r, at("2025-11-10T17:00:00+08:00"), now), APPT_BOOKABLE);
	cr_assert_eq(appointment_window_at(r, at("2025-11-11T08:30:00+08:00"), now), APPT_TOO_EARLY);
}

Test(appointment_noshow, blocks_at_the_limit_and_never_when_zero)
{
	struct appointment_rules r = appointment_rules_default; /* 3 */
	cr_assert_not(appointment_noshow_blocked(&r, 2));
	cr_assert(appointment_noshow_blocked(&r, 3));
	r.noshow_limit = 0;
	cr_assert_not(appointment_noshow_blocked(&r, 10));
}
