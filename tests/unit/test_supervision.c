/*
** test_supervision.c — unit tests for domain/supervision_rules.c: when warnings and yellow and
** red cards fall, across weekends, the 2025 National Day holiday with its make-up Saturday,
** and pauses (暂停计时), on the official calendar (data/cn-holidays.csv).
*/
#include "core/calendar.h"
#include "core/date.h"
#include "domain/case_rules.h"
#include "domain/supervision_rules.h"
#include "helpers.h"

#include <criterion/criterion.h>

static struct calendar *official;

static void official_setup(void)
{
	official = t_official_calendar();
}

static void official_teardown(void)
{
	calendar_free(official);
}

TestSuite(supervision_rules, .init = official_setup, .fini = official_teardown);

static int day(const char *text)
{
	int date = 0;
	cr_assert_eq(date_parse(text, &date), 0, "bad date in test: %s", text);
	return date;
}

/* The level on `today` of a matter due on `due`, warned 1 day ahead, red after 3. */
static enum sv_level level(const char *due, const char *today)
{
	struct bm_error err = {0};
	enum sv_level out = SV_BREACH;
	cr_assert_eq(sv_level_on(official, day(due), day(today), 1, 3, &out, &err), 0, "%s",
	             err.message);
	return out;
}

Test(supervision_rules, names_and_labels)
{
	cr_assert_str_eq(sv_level_name(SV_WARNING), "warning");
	cr_assert_str_eq(sv_level_label(SV_RED), "红牌");
	cr_assert_null(sv_level_name(SV_NONE));
	enum sv_level l = SV_NONE;
	cr_assert_eq(sv_level_parse("yellow", &l), 0);
	cr_assert_eq(l, SV_YELLOW);
	cr_assert_eq(sv_level_parse("purple", &l), -1);
	cr_assert_eq(l, SV_YELLOW, "untouched on failure");
}

Test(supervision_rules, warning_one_working_day_before_across_a_weekend)
{
	/* Due Monday 2025-11-10: Friday is one working day before, Thursday two. */
	cr_assert_eq(level("2025-11-10", "2025-11-06"), SV_NONE);
	cr_assert_eq(level("2025-11-10", "2025-11-07"), SV_WARNING);
	cr_assert_eq(level("2025-11-10", "2025-11-08"), SV_WARNING, "the weekend in between");
	cr_assert_eq(level("2025-11-10", "2025-11-10"), SV_WARNING, "the due day itself");
}

Test(supervision_rules, warning_across_the_national_day_holiday)
{
	/* Oct 1-8 2025 are off: from Tue 09-30 the next working day is Thu 10-09. */
	cr_assert_eq(level("2025-10-09", "2025-09-29"), SV_NONE);
	cr_assert_eq(level("2025-10-09", "2025-09-30"), SV_WARNING);
	cr_assert_eq(level("2025-10-09", "2025-10-03"), SV_WARNING);
}

Test(supervision_rules, yellow_the_day_after_the_due_date)
{
	cr_assert_eq(level("2025-11-07", "2025-11-07"), SV_WARNING);
	cr_assert_eq(level("2025-11-07", "2025-11-08"), SV_YELLOW, "a Saturday counts as overdue");
}

Test(supervision_rules, red_after_the_extra_working_days)
{
	/* Due Thu 11-06; grace Fri 11-07, Mon 11-10, Tue 11-11; red on Wed 11-12. */
	cr_assert_eq(level("2025-11-06", "2025-11-11"), SV_YELLOW);
	cr_assert_eq(level("2025-11-06", "2025-11-12"), SV_RED);
	/* Due Tue 09-30: the holiday does not count; the make-up Saturday 10-11 does. */
	cr_assert_eq(level("2025-09-30", "2025-10-08"), SV_YELLOW);
	cr_assert_eq(level("2025-09-30", "2025-10-11"), SV_YELLOW);
	cr_assert_eq(level("2025-09-30", "2025-10-12"), SV_YELLOW, "a Sunday adds nothing");
	cr_assert_eq(level("2025-09-30", "2025-10-13"), SV_RED);
}

Test(supervision_rules, a_pause_holds_the_clock)
{
	struct bm_error err = {0};
	int due = 0;
	/* Due Thu 11-06, suspended since Tue 11-04: on Fri 11-07 three working days were paused
	 * (11-05, 11-06, 11-07), so it is due Tue 11-11 and not even warned yet. */
	cr_assert_eq(sv_effective_due(official, day("2025-11-06"), day("2025-11-04"),
	                              day("2025-11-07"), &due, &err),
	             0);
	cr_assert_eq(due, day("2025-11-11"));
	cr_assert_eq(level("2025-11-11", "2025-11-07"), SV_NONE);
	/* Suspended and looked at the same day: nothing paused yet. */
	cr_assert_eq(sv_effective_due(official, day("2025-11-06"), day("2025-11-04"),
	                              day("2025-11-04"), &due, &err),
	             0);
	cr_assert_eq(due, day("2025-11-06"));
	/* No pause. */
	cr_assert_eq(sv_effective_due(official, day("2025-11-06"), CASE_NO_DATE, day("2025-11-20"),
	                              &due, &err),
	             0);
	cr_assert_eq(due, day("2025-11-06"));
	/* A pause over the holiday adds only working days: 09-29 to 10-09 pauses 09-30 and 10-09.
	 */
	cr_assert_eq(sv_effective_due(official, day("2025-10-10"), day("2025-09-29"),
	                              day("2025-10-09"), &due, &err),
	             0);
	cr_assert_eq(due, day("2025-10-13"),
	             "10-10 + 2 working days: the make-up 10-11, then 10-13");
}

Test(supervision_rules, the_horizon_reaches_the_last_warnable_due_date)
{
	struct bm_error err = {0};
	int h = 0;
	/* Friday with 1 warning day: Monday is warned; a due date on the weekend too. */
	cr_assert_eq(sv_horizon(official, day("2025-11-07"), 1, &h, &err), 0);
	cr_assert_eq(h, day("2025-11-10"));
	/* Before the holiday, the horizon jumps over it to the next working day. */
	cr_assert_eq(sv_horizon(official, day("2025-09-30"), 1, &h, &err), 0);
	cr_assert_eq(h, day("2025-10-09"));
}

Test(supervision_rules, outside_the_loaded_years_is_an_error_not_a_guess)
{
	struct bm_error err = {0};
	enum sv_level out = SV_NONE;
	cr_assert_eq(sv_level_on(official, day("2030-01-07"), day("2030-01-03"), 1, 3, &out, &err),
	             -1);
}
