/*
** test_date.c — unit tests for core/date.c: day numbers, "YYYY-MM-DD" text, weekdays and the
** China (UTC+8) date of an epoch second.
*/
#include "core/date.h"

#include <criterion/criterion.h>
#include <string.h>

static int date_of_text(const char *text)
{
	int date = 0;
	cr_assert_eq(date_parse(text, &date), 0, "date_parse(\"%s\") failed", text);
	return date;
}

Test(date, epoch_is_day_zero)
{
	cr_assert_eq(date_from_ymd(1970, 1, 1), 0);
	cr_assert_eq(date_of_text("1970-01-01"), 0);
}

Test(date, known_day_number)
{
	/* 2025-01-01T00:00:00Z is epoch second 1735689600 = 20089 * 86400. */
	cr_assert_eq(date_from_ymd(2025, 1, 1), 20089);
}

Test(date, parse_then_format_round_trip)
{
	const char *texts[] = {"1900-01-01", "1999-12-31", "2000-02-29", "2024-02-29",
			       "2025-04-30", "2026-12-31", "2999-12-31"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char out[DATE_TEXT_SIZE];
		date_format(date_of_text(texts[i]), out);
		cr_assert_str_eq(out, texts[i]);
	}
}

Test(date, format_then_parse_round_trip_over_every_parsable_day)
{
	int first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2999, 12, 31);
	for (int date = first; date <= last; date++) {
		char text[DATE_TEXT_SIZE];
		int parsed = -1;
		date_format(date, text);
		cr_assert_eq(date_parse(text, &parsed), 0, "cannot parse %s", text);
		cr_assert_eq(parsed, date, "%s parsed as %d, expected %d", text, parsed, date);
	}
}

Test(date, ymd_round_trip_before_the_epoch)
{
	int year, month, day;
	date_to_ymd(date_from_ymd(1969, 12, 31), &year, &month, &day);
	cr_assert_eq(date_from_ymd(1969, 12, 31), -1);
	cr_assert(year == 1969 && month == 12 && day == 31);
	date_to_ymd(date_from_ymd(1600, 2, 29), &year, &month, &day);
	cr_assert(year == 1600 && month == 2 && day == 29);
}

Test(date, rejects_day_that_does_not_exist)
{
	const char *texts[] = {"2025-02-29", "1900-02-29", "2100-02-29", "2025-04-31",
			       "2025-01-00", "2025-01-32"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		int date = 12345;
		cr_assert_eq(date_parse(texts[i], &date), -1, "accepted %s", texts[i]);
		cr_assert_eq(date, 12345, "changed *date on failure for %s", texts[i]);
	}
}

Test(date, rejects_month_out_of_range)
{
	int date;
	cr_assert_eq(date_parse("2025-13-01", &date), -1);
	cr_assert_eq(date_parse("2025-00-10", &date), -1);
}

Test(date, rejects_missing_zero_padding)
{
	int date;
	cr_assert_eq(date_parse("2025-1-1", &date), -1);
	cr_assert_eq(date_parse("2025-01-1", &date), -1);
	cr_assert_eq(date_parse("25-01-01", &date), -1);
}

Test(date, rejects_trailing_junk)
{
	int date;
	cr_assert_eq(date_parse("2025-01-01x", &date), -1);
	cr_assert_eq(date_parse("2025-01-01 ", &date), -1);
	cr_assert_eq(date_parse("2025-01-01T00:00", &date), -1);
}

Test(date, rejects_other_shapes)
{
	const char *texts[] = {"", " 2025-01-01", "2025/01/01", "+025-01-01", "2025-0a-01",
			       "20250101", "2025-01"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		int date;
		cr_assert_eq(date_parse(texts[i], &date), -1, "accepted \"%s\"", texts[i]);
	}
}

Test(date, rejects_years_outside_1900_to_2999)
{
	int date;
	cr_assert_eq(date_parse("1899-12-31", &date), -1);
	cr_assert_eq(date_parse("3000-01-01", &date), -1);
}

Test(date, weekday_of_known_dates)
{
	cr_assert_eq(date_weekday(0), 4); /* 1970-01-01 was a Thursday */
	cr_assert_eq(date_weekday(date_of_text("2000-01-01")), 6);
	cr_assert_eq(date_weekday(date_of_text("2024-02-29")), 4);
	cr_assert_eq(date_weekday(date_of_text("2025-04-27")), 7);
	cr_assert_eq(date_weekday(date_of_text("2025-04-28")), 1);
	cr_assert_eq(date_weekday(date_of_text("2025-04-30")), 3);
	cr_assert_eq(date_weekday(date_of_text("2025-10-11")), 6);
}

Test(date, weekday_before_the_epoch)
{
	cr_assert_eq(date_weekday(-1), 3);                            /* 1969-12-31, Wednesday */
	cr_assert_eq(date_weekday(date_of_text("1949-10-01")), 6);    /* a Saturday */
}

Test(date, year_of_date)
{
	cr_assert_eq(date_year(date_of_text("2025-12-31")), 2025);
	cr_assert_eq(date_year(date_of_text("2026-01-01")), 2026);
}

Test(date, epoch_date_changes_at_utc_1600)
{
	/* Midnight of 2025-01-01 in Beijing is 2024-12-31T16:00:00Z = 1735660800. */
	cr_assert_eq(date_of_epoch(1735660800), date_of_text("2025-01-01"));
	cr_assert_eq(date_of_epoch(1735660799), date_of_text("2024-12-31"));
}

Test(date, epoch_date_before_1970)
{
	cr_assert_eq(date_of_epoch(-1), 0);          /* 1970-01-01T07:59:59+08:00 */
	cr_assert_eq(date_of_epoch(-28800), 0);      /* 1970-01-01T00:00:00+08:00 */
	cr_assert_eq(date_of_epoch(-28801), -1);     /* 1969-12-31T23:59:59+08:00 */
}
