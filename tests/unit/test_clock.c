/*
** test_clock.c — the server's "now" (core/clock.c): RFC 3339 parsing and formatting in China
** time, and the test clock that only a --test-clock server may move.
**
** Criterion runs each test in its own process, so enabling test mode in one test does not
** leak into another.
*/
#include "core/clock.h"

#include <criterion/criterion.h>
#include <time.h>

/* 2025-09-26T09:00:00+08:00 = 2025-09-26T01:00:00Z. */
#define NINE_AM_BEIJING INT64_C(1758848400)

static int64_t parsed(const char *text)
{
	int64_t t = -1;
	cr_assert_eq(clock_parse_rfc3339(text, &t), 0, "\"%s\" refused", text);
	return t;
}

Test(clock, beijing_offset_is_subtracted)
{
	cr_assert_eq(parsed("2025-09-26T09:00:00+08:00"), NINE_AM_BEIJING);
}

Test(clock, z_means_utc)
{
	cr_assert_eq(parsed("2025-09-26T01:00:00Z"), NINE_AM_BEIJING);
}

Test(clock, lower_case_t_and_z_are_accepted)
{
	cr_assert_eq(parsed("2025-09-26t01:00:00z"), NINE_AM_BEIJING);
}

Test(clock, negative_offset_is_added)
{
	cr_assert_eq(parsed("2025-09-25T21:00:00-04:00"), NINE_AM_BEIJING);
}

Test(clock, offset_with_minutes_is_applied)
{
	cr_assert_eq(parsed("2025-09-26T06:30:00+05:30"), NINE_AM_BEIJING);
}

Test(clock, epoch_parses_to_zero)
{
	cr_assert_eq(parsed("1970-01-01T08:00:00+08:00"), 0);
}

Test(clock, garbage_and_near_misses_are_refused)
{
	const char *bad[] = {
		"",
		"now",
		"2025-09-26",
		"2025-09-26T09:00:00",        /* no zone */
		"2025-09-26T09:00:00+0800",   /* offset without colon */
		"2025-09-26T09:00:00+08",     /* offset without minutes */
		"2025-09-26T09:00:00.5Z",     /* fractions are not accepted */
		"2025-09-26T09:00Z",          /* no seconds */
		"2025-09-26T24:00:00Z",       /* hour 24 */
		"2025-09-26T09:60:00Z",       /* minute 60 */
		"2025-09-26T09:00:60Z",       /* second 60 */
		"2025-02-30T09:00:00Z",       /* no such day */
		"2025-09-26X09:00:00Z",       /* wrong separator */
		"2025-09-26T09:00:00Z ",      /* trailing space */
		"2025-09-26T09:00:00+15:00",  /* offset beyond +14 */
		"2025-09-26T9:00:00+08:00",   /* one-digit hour */
		"2025-09-26T09:0a:00Z",
		"2025-09-26T09:00:00+08:0x",
		"2025-09-26T09:00:00+08:00:00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 12345;
		cr_assert_eq(clock_parse_rfc3339(bad[i], &t), -1, "\"%s\" accepted as %lld", bad[i],
			     (long long)t);
		cr_assert_eq(t, 12345, "\"%s\" wrote *out although refused", bad[i]);
	}
}

Test(clock, format_writes_china_time_with_its_offset)
{
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(NINE_AM_BEIJING, text);
	cr_assert_str_eq(text, "2025-09-26T09:00:00+08:00");
	clock_format_rfc3339(NINE_AM_BEIJING + 15 * 3600 - 1, text);
	cr_assert_str_eq(text, "2025-09-26T23:59:59+08:00");
	clock_format_rfc3339(NINE_AM_BEIJING + 15 * 3600, text);
	cr_assert_str_eq(text, "2025-09-27T00:00:00+08:00");
}

Test(clock, format_then_parse_round_trips)
{
	char text[CLOCK_TEXT_SIZE];
	int64_t times[] = {0, NINE_AM_BEIJING, NINE_AM_BEIJING + 12345, 4102444799};
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		clock_format_rfc3339(times[i], text);
		cr_assert_eq(parsed(text), times[i], "%s", text);
	}
}

Test(clock, test_mode_is_off_by_default)
{
	cr_assert_not(clock_test_mode());
}

Test(clock, clock_set_is_refused_unless_in_test_mode)
{
	int64_t before = clock_now();
	cr_assert_eq(clock_set(NINE_AM_BEIJING), -1);
	int64_t after = clock_now();
	cr_assert(after >= before && after - before < 5, "clock moved to %lld",
		  (long long)after);
	cr_assert(after - (int64_t)time(NULL) < 5 && (int64_t)time(NULL) - after < 5);
}

Test(clock, clock_set_moves_now_in_test_mode)
{
	clock_enable_test_mode();
	cr_assert(clock_test_mode());
	cr_assert_eq(clock_set(NINE_AM_BEIJING), 0);
	int64_t now = clock_now();
	cr_assert(now >= NINE_AM_BEIJING && now - NINE_AM_BEIJING < 5, "now is %lld",
		  (long long)now);
}
